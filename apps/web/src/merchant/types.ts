import type { Guard } from '../shared/session-guard';

// What the merchant portal reads from the API.

export interface Merchant {
  id: string;
  name: string;
  city: string;
  currency: string;
  feeRate: string;
  webhookUrl?: string | null;
}
export interface Code {
  id: string;
  reference: string;
  label: string;
  amount?: string;
  currency: string;
  status?: string;
  payload: string;
  createdAt: string;
}
export interface Order {
  id: string;
  reference: string;
  amount: string;
  currency: string;
  status: 'open' | 'paid' | 'expired' | 'cancelled';
  payload: string;
  codeId: string;
  expiresAt: string;
  paymentId?: string;
}
export interface Refund {
  id: string;
  amount: string;
  toConsumer: string;
  createdAt: string;
  reason?: string;
}
export interface MPayment {
  id: string;
  status: string;
  payer: string;
  amount: string;
  discount: string;
  fee: string;
  net: string;
  refunded: string;
  currency: string;
  codeId: string;
  orderId?: string;
  orderReference?: string;
  createdAt: string;
  refunds: Refund[];
}

/** What every screen of the portal is given: the key, the merchant, the guard of the session. */
export interface Ctx {
  key: string;
  merchant: Merchant;
  guard: Guard;
  setMerchant: (m: Merchant) => void;
}
