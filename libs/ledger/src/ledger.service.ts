import { pageLimit } from '@saoma/common';
import crypto from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { constraintOf, detailOf, sqlState, withRetry } from '@saoma/database';
import { Money, currencyOf } from '@saoma/money';
import type { EntityManager } from 'typeorm';
import { LedgerError } from './ledger-error';
import {
  type AccountRow,
  type EntryRow,
  LedgerRepository,
  type PostCall,
  type PostOutcome,
  type PostingRow,
} from './ledger.repository';
import {
  type Account,
  type AccountSpec,
  type Balance,
  type BalanceMismatch,
  DEBIT_NORMAL,
  type Entry,
  type EntryInput,
  type Page,
  type PostResult,
  type StatementLine,
  type TrialBalance,
} from './ledger.types';

const MAX_POSTINGS = 50;

/**
 * Whether a database error says a floored balance would go below zero:
 * ledger_post()'s own check (SA100), or, when a fold raced with that check,
 * the CHECK on the stored counters. Either way nothing of the entry stays.
 */
export function isInsufficientFunds(err: unknown): boolean {
  const state = sqlState(err);
  if (state === 'SA100') return true;
  return state === '23514' && constraintOf(err) === 'ck_ledger_accounts_not_negative';
}

function toAccount(r: AccountRow): Account {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    type: r.type,
    currency: r.currency,
    ownerType: r.owner_type,
    ownerId: r.owner_id,
    allowNegative: r.allow_negative,
  };
}

const withBalance = (r: AccountRow): Account & { balance: Money } => ({
  ...toAccount(r),
  balance: Money.of(normalBalance(r.type, BigInt(r.debits_posted), BigInt(r.credits_posted)), r.currency),
});

/** Balance on the account's normal side, in minor units. */
export function normalBalance(type: Account['type'], debits: bigint, credits: bigint): bigint {
  return DEBIT_NORMAL.has(type) ? debits - credits : credits - debits;
}

/**
 * The double-entry ledger. It knows accounts and entries, never what a
 * payment is. Every write goes through post(): one transaction, accounts
 * locked in id order, balances changed by single conditional statements,
 * idempotent on the entry's reference.
 */
@Injectable()
export class LedgerService {
  /** Account ids by code: account identity never changes, so this cache never goes stale. */
  private readonly idsByCode = new Map<string, Account>();

  constructor(private readonly repo: LedgerRepository) {}

  /** The account with this code, created on first use. */
  async ensureAccount(spec: AccountSpec, em?: EntityManager): Promise<Account> {
    const cached = this.idsByCode.get(spec.code);
    if (cached) return cached;
    currencyOf(spec.currency);
    const account = toAccount(await this.repo.ensureAccount(spec, em));
    if (
      account.type !== spec.type ||
      account.currency !== spec.currency ||
      account.allowNegative !== spec.allowNegative
    ) {
      throw new LedgerError('invalid_entry', `account ${spec.code} exists with another type, currency or sign rule`);
    }
    // Only cache outside a transaction: a rolled-back creation must not be remembered.
    if (!em) this.idsByCode.set(spec.code, account);
    return account;
  }

  async findAccountByCode(code: string): Promise<Account | undefined> {
    const cached = this.idsByCode.get(code);
    if (cached) return cached;
    const r = await this.repo.findAccountByCode(code);
    if (!r) return undefined;
    const account = toAccount(r);
    this.idsByCode.set(code, account);
    return account;
  }

  async accountsOfOwner(
    ownerType: string,
    ownerId: string,
    em?: EntityManager,
  ): Promise<Array<Account & { balance: Money }>> {
    return (await this.repo.findAccountsByOwner(ownerType, ownerId, em)).map(withBalance);
  }

  /**
   * Lock accounts whose balance a change reads before it posts, in `em`'s
   * transaction, in ascending id order (the order every poster uses), and
   * give each one's balance as it is under the lock.
   */
  async lockAccounts(ids: string[], em: EntityManager): Promise<Array<Account & { balance: Money }>> {
    return (await this.repo.lockAccounts([...new Set(ids)], em)).map(withBalance);
  }

  /**
   * Post one balanced entry in one call to the database (ledger_post). With
   * `em` it joins the caller's transaction (the caller decides commit,
   * rollback and retries, and records refusals its own way); without, it is
   * one statement of its own, and a refusal for insufficient funds is
   * recorded under the reference so that a retry replays it.
   */
  async post(input: EntryInput, em?: EntityManager): Promise<PostResult> {
    const call = this.prepare(input);
    const outcome = await (em ? this.postCall(call, em) : withRetry(() => this.postCall(call)));
    switch (outcome.status) {
      case 'posted':
        return { entry: this.postedEntry(input, call, outcome), replayed: false };
      case 'exists':
        return this.replay(call, await this.repo.findEntryByReference(call.reference, em), em);
      case 'insufficient_funds': {
        const refusal = new LedgerError('insufficient_funds', `account ${outcome.short_account} would go below zero`, {
          accountId: outcome.short_account,
        });
        if (em || (await this.repo.insertRefusal(call, refusal.code))) throw refusal;
        // someone else settled this reference meanwhile: answer as they did
        return this.replay(call, await this.repo.findEntryByReference(call.reference));
      }
      case 'account_not_found':
        throw new LedgerError('account_not_found', `no account ${outcome.short_account}`);
      case 'currency_mismatch':
        throw new LedgerError('invalid_entry', `a posting on account ${outcome.short_account} is not in its currency`);
    }
  }

  /** Post the mirror image of an entry (debits become credits) under a new reference. */
  async reverse(
    entryId: string,
    reference: string,
    metadata: Record<string, unknown> = {},
    em?: EntityManager,
  ): Promise<PostResult> {
    const row = await this.repo.findEntry(entryId, em);
    if (!row || row.status !== 'posted') throw new LedgerError('invalid_entry', `no posted entry ${entryId}`);
    const postings = await this.repo.findPostings([entryId], em);
    return this.post(
      {
        kind: row.kind,
        reference,
        reversesEntryId: entryId,
        metadata: { ...metadata, reverses: row.reference },
        postings: postings.map((p) => ({
          accountId: p.account_id,
          side: p.side === 'D' ? 'C' : 'D',
          amount: Money.ofMinor(p.amount, p.currency),
        })),
      },
      em,
    );
  }

  /**
   * The checked arguments of ledger_post() for this entry, for a caller that
   * posts it inside a statement of its own (a payment's one call).
   */
  prepare(input: EntryInput): PostCall {
    if (!/^[a-z_]{1,40}$/.test(input.kind))
      throw new LedgerError('invalid_entry', `kind ${JSON.stringify(input.kind)} is not a snake_case word`);
    if (!input.reference || input.reference.length > 200)
      throw new LedgerError('invalid_entry', 'reference must be 1 to 200 characters');
    if (input.postings.length < 2 || input.postings.length > MAX_POSTINGS) {
      throw new LedgerError(
        'invalid_entry',
        `an entry has 2 to ${MAX_POSTINGS} postings, not ${input.postings.length}`,
      );
    }
    const sums = new Map<string, bigint>();
    for (const p of input.postings) {
      if (!(p.amount instanceof Money) || !p.amount.isPositive())
        throw new LedgerError('invalid_entry', 'every posting amount must be positive');
      if (p.side !== 'D' && p.side !== 'C') throw new LedgerError('invalid_entry', `side ${String(p.side)}`);
      sums.set(
        p.amount.currency,
        (sums.get(p.amount.currency) ?? 0n) + (p.side === 'D' ? p.amount.minor : -p.amount.minor),
      );
    }
    for (const [currency, sum] of sums) {
      if (sum !== 0n)
        throw new LedgerError(
          'unbalanced_entry',
          `${currency} debits and credits differ by ${Money.of(sum < 0n ? -sum : sum, currency).format()}`,
        );
    }
    const canonical = JSON.stringify({
      kind: input.kind,
      reverses: input.reversesEntryId ?? null,
      postings: input.postings.map((p) => [p.accountId, p.side, p.amount.currency, p.amount.minor.toString()]).sort(),
    });
    return {
      kind: input.kind,
      reference: input.reference,
      contentHash: crypto.createHash('sha256').update(canonical).digest('hex'),
      effectiveAt: input.effectiveAt ?? null,
      metadata: input.metadata ?? {},
      reversesEntryId: input.reversesEntryId ?? null,
      accountIds: input.postings.map((p) => p.accountId),
      sides: input.postings.map((p) => p.side),
      amounts: input.postings.map((p) => p.amount.minor.toString()),
      currencies: input.postings.map((p) => p.amount.currency),
    };
  }

  private async postCall(
    call: PostCall,
    em?: EntityManager,
  ): Promise<PostOutcome | { status: 'insufficient_funds'; short_account: string }> {
    try {
      return await this.repo.post(call, em);
    } catch (err) {
      if (isInsufficientFunds(err))
        return { status: 'insufficient_funds', short_account: sqlState(err) === 'SA100' ? (detailOf(err) ?? '') : '' };
      const constraint = constraintOf(err);
      if (constraint === 'uq_ledger_entries_reverses')
        throw new LedgerError('already_reversed', `entry ${call.reversesEntryId} is already reversed`);
      if (constraint === 'fk_ledger_entries_reverses')
        throw new LedgerError('invalid_entry', `no entry ${call.reversesEntryId}`);
      throw err;
    }
  }

  private postedEntry(input: EntryInput, call: PostCall, o: PostOutcome): Entry {
    const ids = o.posting_ids ?? [];
    return {
      id: o.entry_id!,
      kind: call.kind,
      reference: call.reference,
      effectiveAt: new Date(o.effective_at!),
      recordedAt: new Date(o.recorded_at!),
      metadata: call.metadata,
      reversesEntryId: call.reversesEntryId,
      postings: input.postings.map((p, i) => ({ id: ids[i], accountId: p.accountId, side: p.side, amount: p.amount })),
    };
  }

  private async replay(call: PostCall, existing: EntryRow | undefined, em?: EntityManager): Promise<PostResult> {
    if (!existing) throw new LedgerError('reference_conflict', `reference ${call.reference} is taken`);
    if (existing.content_hash !== call.contentHash) {
      throw new LedgerError('reference_conflict', `reference ${call.reference} was used for a different entry`);
    }
    if (existing.status === 'refused') {
      throw new LedgerError('insufficient_funds', `reference ${call.reference} was refused: ${existing.refusal_code}`);
    }
    // on the caller's connection: a second pool connection here can starve the pool, and would not see an entry of this transaction
    const postings = await this.repo.findPostings([existing.id], em);
    return { entry: this.toEntry(existing, postings), replayed: true };
  }

  /** Fold appended deltas into stored counters (see ledger_fold); the number of accounts folded. */
  fold(limit = 1000): Promise<number> {
    return this.repo.fold(limit);
  }

  private toEntry(r: EntryRow, postings: PostingRow[]): Entry {
    return {
      id: r.id,
      kind: r.kind,
      reference: r.reference,
      effectiveAt: new Date(r.effective_at),
      recordedAt: new Date(r.recorded_at),
      metadata: r.metadata ?? {},
      reversesEntryId: r.reverses_entry_id,
      postings: postings.map((p) => ({
        id: String(p.id),
        accountId: p.account_id,
        side: p.side,
        amount: Money.ofMinor(p.amount, p.currency),
      })),
    };
  }

  async getEntry(id: string, em?: EntityManager): Promise<Entry | undefined> {
    const r = await this.repo.findEntry(id, em);
    if (!r || r.status !== 'posted') return undefined;
    return this.toEntry(r, await this.repo.findPostings([id], em));
  }

  async getEntryByReference(reference: string, em?: EntityManager): Promise<Entry | undefined> {
    const r = await this.repo.findEntryByReference(reference, em);
    if (!r || r.status !== 'posted') return undefined;
    return this.toEntry(r, await this.repo.findPostings([r.id], em));
  }

  async balance(accountId: string, em?: EntityManager): Promise<Balance> {
    const a = await this.repo.findAccount(accountId, em);
    if (!a) throw new LedgerError('account_not_found', `no account ${accountId}`);
    const d = BigInt(a.debits_posted);
    const c = BigInt(a.credits_posted);
    const posted = Money.of(normalBalance(a.type, d, c), a.currency);
    return {
      accountId,
      currency: a.currency,
      posted,
      available: posted,
      debits: Money.of(d, a.currency),
      credits: Money.of(c, a.currency),
    };
  }

  /** Normal-side balance from the postings of entries effective at or before `at`. */
  async balanceAt(accountId: string, at: Date, em?: EntityManager): Promise<Money> {
    const a = await this.repo.findAccount(accountId, em);
    if (!a) throw new LedgerError('account_not_found', `no account ${accountId}`);
    const s = await this.repo.sumPostingsUntil(accountId, at, em);
    return Money.of(normalBalance(a.type, BigInt(s.debits), BigInt(s.credits)), a.currency);
  }

  /** Newest first, with the balance right after each line; cursor = the last posting id seen. */
  async statement(
    accountId: string,
    opts: { limit?: number; cursor?: string | null } = {},
    em?: EntityManager,
  ): Promise<Page<StatementLine>> {
    const limit = pageLimit(opts.limit);
    const cursor = opts.cursor && /^[0-9]{1,19}$/.test(opts.cursor) ? opts.cursor : null;
    const a = await this.repo.findAccount(accountId, em);
    if (!a) throw new LedgerError('account_not_found', `no account ${accountId}`);
    const rows = await this.repo.statementPage(accountId, cursor, limit + 1, em);
    const page = rows.slice(0, limit);
    let d = BigInt(a.debits_posted);
    let c = BigInt(a.credits_posted);
    if (cursor) {
      const later = await this.repo.sumPostingsFrom(accountId, cursor, em);
      d -= BigInt(later.debits);
      c -= BigInt(later.credits);
    }
    let after = normalBalance(a.type, d, c);
    const data: StatementLine[] = page.map((p) => {
      const amount = BigInt(p.amount);
      const change = normalBalance(a.type, p.side === 'D' ? amount : 0n, p.side === 'C' ? amount : 0n);
      const line: StatementLine = {
        postingId: String(p.id),
        entryId: p.entry_id,
        kind: p.kind,
        reference: p.reference,
        effectiveAt: new Date(p.effective_at),
        side: p.side,
        amount: Money.of(amount, a.currency),
        change: Money.of(change, a.currency),
        balanceAfter: Money.of(after, a.currency),
        metadata: p.metadata ?? {},
      };
      after -= change;
      return line;
    });
    return { data, nextCursor: rows.length > limit ? String(page[page.length - 1].id) : null };
  }

  /** Lines of several accounts of one owner, newest first, without running balances. */
  async statementOfAccounts(
    accountIds: string[],
    opts: { limit?: number; cursor?: string | null } = {},
  ): Promise<Page<Omit<StatementLine, 'balanceAfter'> & { currency: string }>> {
    if (!accountIds.length) return { data: [], nextCursor: null };
    const limit = pageLimit(opts.limit);
    const cursor = opts.cursor && /^[0-9]{1,19}$/.test(opts.cursor) ? opts.cursor : null;
    const rows = await this.repo.postingsOfAccountsPage(accountIds, cursor, limit + 1);
    const page = rows.slice(0, limit);
    return {
      data: page.map((p) => {
        const amount = BigInt(p.amount);
        const change = normalBalance(p.type, p.side === 'D' ? amount : 0n, p.side === 'C' ? amount : 0n);
        return {
          postingId: String(p.id),
          entryId: p.entry_id,
          kind: p.kind,
          reference: p.reference,
          effectiveAt: new Date(p.effective_at),
          side: p.side,
          amount: Money.of(amount, p.currency),
          change: Money.of(change, p.currency),
          currency: p.currency,
          metadata: p.metadata ?? {},
        };
      }),
      nextCursor: rows.length > limit ? String(page[page.length - 1].id) : null,
    };
  }

  async trialBalance(currency: string, em?: EntityManager): Promise<TrialBalance> {
    currencyOf(currency);
    const rows = await this.repo.accountsOfCurrency(currency, em);
    let td = 0n;
    let tc = 0n;
    const accounts = rows.map((r) => {
      const d = BigInt(r.debits_posted);
      const c = BigInt(r.credits_posted);
      td += d;
      tc += c;
      return {
        id: r.id,
        code: r.code,
        name: r.name,
        type: r.type,
        debits: Money.of(d, currency),
        credits: Money.of(c, currency),
        balance: Money.of(normalBalance(r.type, d, c), currency),
      };
    });
    return {
      currency,
      accounts,
      totalDebits: Money.of(td, currency),
      totalCredits: Money.of(tc, currency),
      balanced: td === tc,
    };
  }

  /** Accounts whose stored balance differs from the sum of their postings (empty when all agree). */
  async verifyBalances(em?: EntityManager): Promise<BalanceMismatch[]> {
    const rows = await this.repo.balanceMismatches(em);
    return rows.map((r) => ({
      accountId: r.id,
      code: r.code,
      storedDebits: String(r.debits_posted),
      storedCredits: String(r.credits_posted),
      postedDebits: r.d,
      postedCredits: r.c,
    }));
  }
}
