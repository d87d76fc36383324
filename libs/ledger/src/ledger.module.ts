import { Module } from '@nestjs/common';
import { LedgerFolder } from './ledger-folder';
import { LedgerRepository } from './ledger.repository';
import { LedgerService } from './ledger.service';

@Module({
  providers: [LedgerRepository, LedgerService, LedgerFolder],
  exports: [LedgerService, LedgerFolder],
})
export class LedgerModule {}
