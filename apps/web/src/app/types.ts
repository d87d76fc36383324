// What the wallet front reads from the API.

export interface Me {
  id: string;
  name: string;
  phone: string;
}
export interface Wallet {
  currency: string;
  balance: string;
}
export interface Tx {
  id: string;
  type: 'topup' | 'payment' | 'refund' | 'withdrawal';
  amount: string;
  currency: string;
  merchant?: string | { id: string; name: string };
  paymentId?: string;
  createdAt: string;
}
export interface ScanResult {
  token: string;
  merchant: { id: string; name: string; city?: string };
  codeId: string;
  orderId?: string;
  orderReference?: string;
  amount?: string;
  currency: string;
  expiresAt: string;
  discount?: string;
  noPinLimit?: string;
}
export interface Payment {
  id: string;
  status: string;
  amount: string;
  discount: string;
  charged: string;
  currency: string;
  merchant: { id: string; name: string };
  codeId: string;
  orderId?: string;
  createdAt: string;
  receipt: string;
}
