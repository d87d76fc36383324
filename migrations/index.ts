import { Ledger1764100000000 } from './1764100000000-ledger.migration';
import { Identity1764200000000 } from './1764200000000-identity.migration';
import { Signing1764300000000 } from './1764300000000-signing.migration';
import { Payments1764400000000 } from './1764400000000-payments.migration';
import { Treasury1764500000000 } from './1764500000000-treasury.migration';
import { Privacy1764600000000 } from './1764600000000-privacy.migration';
import { FinanceReports1764700000000 } from './1764700000000-finance-reports.migration';
import { LedgerDigest1764800000000 } from './1764800000000-ledger-digest.migration';
import { PayoutRunProgress1764900000000 } from './1764900000000-payout-run-progress.migration';
import { LedgerFold1765000000000 } from './1765000000000-ledger-fold.migration';
import { IdempotencyInTransaction1765050000000 } from './1765050000000-idempotency-in-transaction.migration';
import { PaymentInOneCall1765100000000 } from './1765100000000-payment-in-one-call.migration';
import { PostingsByAccountCovering1765200000000 } from './1765200000000-postings-by-account-covering.migration';
import { PaymentCodes1765300000000 } from './1765300000000-payment-codes.migration';
import { SharedRateLimits1765400000000 } from './1765400000000-shared-rate-limits.migration';
import { Charges1765500000000 } from './1765500000000-charges.migration';
import { Accounts1765600000000 } from './1765600000000-accounts.migration';
import { Transfers1765710000000 } from './1765710000000-transfers.migration';
import { RedEnvelopes1765720000000 } from './1765720000000-red-envelopes.migration';
import { Bills1765730000000 } from './1765730000000-bills.migration';
import { WebhookSecrets1765740000000 } from './1765740000000-webhook-secrets.migration';
import { ChartReports1765760000000 } from './1765760000000-chart-reports.migration';
import { WebhookTestEvent1765770000000 } from './1765770000000-webhook-test-event.migration';

/** Every migration, in order. Listed (not globbed) so that the same list runs under jest (.ts) and from dist/. */
export const MIGRATIONS = [
  Ledger1764100000000,
  Identity1764200000000,
  Signing1764300000000,
  Payments1764400000000,
  Treasury1764500000000,
  Privacy1764600000000,
  FinanceReports1764700000000,
  LedgerDigest1764800000000,
  PayoutRunProgress1764900000000,
  LedgerFold1765000000000,
  IdempotencyInTransaction1765050000000,
  PaymentInOneCall1765100000000,
  PostingsByAccountCovering1765200000000,
  PaymentCodes1765300000000,
  SharedRateLimits1765400000000,
  Charges1765500000000,
  Accounts1765600000000,
  Transfers1765710000000,
  RedEnvelopes1765720000000,
  Bills1765730000000,
  WebhookSecrets1765740000000,
  ChartReports1765760000000,
  WebhookTestEvent1765770000000,
];
