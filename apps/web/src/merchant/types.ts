import type {
  SchemaCodeDto,
  SchemaMerchantDto,
  SchemaMerchantPaymentDto,
  SchemaOrderDto,
  SchemaRefundDto,
} from '../shared/api/schema';
import type { Guard } from '../shared/session-guard';

// What the merchant portal reads from the API.

export type Merchant = SchemaMerchantDto;
export type Code = SchemaCodeDto;
export type Order = SchemaOrderDto;
export type Refund = SchemaRefundDto;
export type MPayment = SchemaMerchantPaymentDto;

/** What every screen of the portal is given: the key, the merchant, the guard of the session. */
export interface Ctx {
  key: string;
  merchant: Merchant;
  guard: Guard;
  setMerchant: (m: Merchant) => void;
}
