import type {
  SchemaAwaitingChargeDto,
  SchemaEnvelopeClaimDto,
  SchemaEnvelopeSummaryDto,
  SchemaRedEnvelopeDto,
  SchemaTransferDto,
  SchemaConsumerDto,
  SchemaPayDto,
  SchemaPaymentDto,
  SchemaScanResultDto,
  SchemaTransactionDto,
  SchemaWalletDto,
} from '../shared/api/schema';

// What the wallet front reads from the API: the service's own DTOs, from its OpenAPI document (npm run openapi).

export type Me = SchemaConsumerDto;
export type Wallet = SchemaWalletDto;
export type Tx = SchemaTransactionDto;
export type ScanResult = SchemaScanResultDto;
export type Payment = SchemaPaymentDto;
/** What the wallet sends to pay. */
export type PayRequest = SchemaPayDto;
/** A till's charge of this phone's code that waits for the PIN. */
export type AwaitingCharge = SchemaAwaitingChargeDto;
/** Money sent to a phone, seen from either end. */
export type Transfer = SchemaTransferDto;
/** A red envelope as its sender or a claimer sees it. */
export type RedEnvelope = SchemaRedEnvelopeDto;
export type EnvelopeClaim = SchemaEnvelopeClaimDto;
export type EnvelopeSummary = SchemaEnvelopeSummaryDto;
