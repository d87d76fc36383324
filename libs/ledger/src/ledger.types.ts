import type { Money } from '@saoma/money';

export type AccountType = 'asset' | 'liability' | 'equity' | 'revenue' | 'expense';
export type Side = 'D' | 'C';

/** Accounts whose normal balance is on the debit side. */
export const DEBIT_NORMAL: ReadonlySet<AccountType> = new Set<AccountType>(['asset', 'expense']);

export interface AccountSpec {
  /** Stable unique code, e.g. `platform:bank:CNY`, `consumer:<id>:CNY`. */
  code: string;
  name: string;
  type: AccountType;
  currency: string;
  ownerType?: string;
  ownerId?: string;
  /** Wallets may not go below zero; platform clearing accounts may. */
  allowNegative: boolean;
}

export interface Account {
  id: string;
  code: string;
  name: string;
  type: AccountType;
  currency: string;
  ownerType: string | null;
  ownerId: string | null;
  allowNegative: boolean;
}

export interface PostingInput {
  accountId: string;
  side: Side;
  amount: Money;
}

export interface EntryInput {
  kind: string;
  /** Caller-chosen, unique per entry: the idempotency handle. */
  reference: string;
  postings: PostingInput[];
  metadata?: Record<string, unknown>;
  effectiveAt?: Date;
  reversesEntryId?: string;
}

export interface Posting {
  id: string;
  accountId: string;
  side: Side;
  amount: Money;
}

export interface Entry {
  id: string;
  kind: string;
  reference: string;
  effectiveAt: Date;
  recordedAt: Date;
  metadata: Record<string, unknown>;
  reversesEntryId: string | null;
  postings: Posting[];
}

export interface PostResult {
  entry: Entry;
  /** True when the reference was already posted with the same content. */
  replayed: boolean;
}

export interface Balance {
  accountId: string;
  currency: string;
  /** On the account's normal side. */
  posted: Money;
  /** Posted less holds; no holds yet, so the same. */
  available: Money;
  debits: Money;
  credits: Money;
}

export interface StatementLine {
  postingId: string;
  entryId: string;
  kind: string;
  reference: string;
  effectiveAt: Date;
  side: Side;
  amount: Money;
  /** Signed change of the account's normal-side balance. */
  change: Money;
  /** Normal-side balance right after this line. */
  balanceAfter: Money;
  metadata: Record<string, unknown>;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export interface TrialBalanceLine {
  id: string;
  code: string;
  name: string;
  type: AccountType;
  debits: Money;
  credits: Money;
  balance: Money;
}

export interface TrialBalance {
  currency: string;
  accounts: TrialBalanceLine[];
  totalDebits: Money;
  totalCredits: Money;
  balanced: boolean;
}

export interface BalanceMismatch {
  accountId: string;
  code: string;
  storedDebits: string;
  storedCredits: string;
  postedDebits: string;
  postedCredits: string;
}
