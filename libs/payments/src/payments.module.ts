import { Module } from '@nestjs/common';
import { IdentityModule } from '@saoma/identity';
import { LedgerModule } from '@saoma/ledger';
import { MoneyMovementsRepository } from './money-movements.repository';
import { TopupsService } from './topups.service';
import { WalletsService } from './wallets.service';
import { WithdrawalsService } from './withdrawals.service';

@Module({
  imports: [LedgerModule, IdentityModule],
  providers: [MoneyMovementsRepository, WalletsService, TopupsService, WithdrawalsService],
  exports: [WalletsService, TopupsService, WithdrawalsService],
})
export class PaymentsModule {}
