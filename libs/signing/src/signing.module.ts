import { Module } from '@nestjs/common';
import { SigningKeysRepository } from './signing-keys.repository';
import { SigningService } from './signing.service';

/** Needs MASTER_KEY (and optionally JsonLogger, SIGNING_OPTIONS) and a TypeORM DataSource from the application. */
@Module({
  providers: [SigningKeysRepository, SigningService],
  exports: [SigningService],
})
export class SigningModule {}
