import { Module } from '@nestjs/common';
import { IdempotencyModule } from '@saoma/idempotency';
import { IdentityModule } from '@saoma/identity';
import { LedgerModule } from '@saoma/ledger';
import { SigningModule } from '@saoma/signing';
import { CheckoutService } from './checkout.service';
import { CodesRepository } from './codes.repository';
import { CodesService } from './codes.service';
import { ConsumerExportRepository } from './consumer-export.repository';
import { ConsumerExportService } from './consumer-export.service';
import { MerchantPaymentsService } from './merchant-payments.service';
import { MoneyMovementsRepository } from './money-movements.repository';
import { OrdersService } from './orders.service';
import { PayerPseudonymService } from './payer-pseudonym.service';
import { PaymentsRepository } from './payments.repository';
import { PromotionsRepository } from './promotions.repository';
import { PromotionsService } from './promotions.service';
import { RefundsService } from './refunds.service';
import { ScanService } from './scan.service';
import { TopupsService } from './topups.service';
import { PaymentCodesRepository } from './payment-codes/payment-codes.repository';
import { PaymentCodesService } from './payment-codes/payment-codes.service';
import { ChargesRepository } from './charges/charges.repository';
import { AccountsRepository } from './accounts/accounts.repository';
import { AccountsService } from './accounts/accounts.service';
import { ChargesService } from './charges/charges.service';
import { TransfersRepository } from './transfers/transfers.repository';
import { TransfersService } from './transfers/transfers.service';
import { CounterpartiesRepository } from './statement/counterparties.repository';
import { CounterpartiesService } from './statement/counterparties.service';
import { RedEnvelopesRepository } from './red-envelopes/red-envelopes.repository';
import { RedEnvelopesService } from './red-envelopes/red-envelopes.service';
import { BillsRepository } from './bills/bills.repository';
import { BillsService } from './bills/bills.service';
import { WalletsService } from './wallets.service';
import { WebhookOutboxRepository } from './webhook-outbox.repository';
import { WebhookTestService } from './webhook-test.service';
import { WithdrawalsService } from './withdrawals.service';

@Module({
  imports: [LedgerModule, IdentityModule, IdempotencyModule, SigningModule],
  providers: [
    MoneyMovementsRepository,
    CodesRepository,
    PaymentsRepository,
    PromotionsRepository,
    WebhookOutboxRepository,
    PayerPseudonymService,
    WalletsService,
    TopupsService,
    WithdrawalsService,
    CodesService,
    OrdersService,
    PromotionsService,
    ScanService,
    CheckoutService,
    RefundsService,
    MerchantPaymentsService,
    ConsumerExportRepository,
    ConsumerExportService,
    PaymentCodesRepository,
    PaymentCodesService,
    ChargesRepository,
    ChargesService,
    AccountsRepository,
    AccountsService,
    TransfersRepository,
    TransfersService,
    CounterpartiesRepository,
    CounterpartiesService,
    RedEnvelopesRepository,
    RedEnvelopesService,
    BillsRepository,
    BillsService,
    WebhookTestService,
  ],
  exports: [
    WalletsService,
    TopupsService,
    WithdrawalsService,
    CodesService,
    OrdersService,
    PromotionsService,
    ScanService,
    CheckoutService,
    RefundsService,
    MerchantPaymentsService,
    PayerPseudonymService,
    ConsumerExportService,
    PaymentCodesService,
    ChargesService,
    AccountsService,
    TransfersService,
    RedEnvelopesService,
    BillsService,
    WebhookTestService,
  ],
})
export class PaymentsModule {}
