import type {
  SchemaBillDto,
  SchemaChargeDto,
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
/** A charge of the code on a customer's phone: succeeded, or awaiting the customer's PIN until it ends. */
export type Charge = SchemaChargeDto;
/** A bill issued by reference: open or paid. */
export type Bill = SchemaBillDto;

/** What every screen of the portal is given: the key, the merchant, the guard of the session. */
export interface Ctx {
  key: string;
  merchant: Merchant;
  guard: Guard;
  setMerchant: (m: Merchant) => void;
}
