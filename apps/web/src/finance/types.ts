import type { Guard } from '../shared/session-guard';

/** What every screen of the console is given: the operator key and the guard of the session. */
export interface Ctx {
  key: string;
  guard: Guard;
}

/** A payout to a merchant's bank (or of a withdrawal), as the API gives it. */
export interface Payout {
  id: string;
  runId?: string;
  date?: string;
  merchantId?: string;
  withdrawalId?: string;
  amount: string;
  currency: string;
  status: string;
  endToEndReference?: string;
  createdAt?: string;
}
