import crypto from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { inTransaction } from '@saoma/database';
import { Money, currencyOf } from '@saoma/money';
import { DataSource, type EntityManager } from 'typeorm';
import { LedgerError } from './ledger-error';
import { type AccountDelta, type AccountRow, type EntryRow, LedgerRepository, type NewEntryRow, type PostingRow } from './ledger.repository';
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

  constructor(
    private readonly ds: DataSource,
    private readonly repo: LedgerRepository,
  ) {}

  /** The account with this code, created on first use. */
  async ensureAccount(spec: AccountSpec, em?: EntityManager): Promise<Account> {
    const cached = this.idsByCode.get(spec.code);
    if (cached) return cached;
    currencyOf(spec.currency);
    const account = toAccount(await this.repo.ensureAccount(spec, em));
    if (account.type !== spec.type || account.currency !== spec.currency || account.allowNegative !== spec.allowNegative) {
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

  async accountsOfOwner(ownerType: string, ownerId: string, em?: EntityManager): Promise<Array<Account & { balance: Money }>> {
    const rows = await this.repo.findAccountsByOwner(ownerType, ownerId, em);
    return rows.map((r) => ({ ...toAccount(r), balance: Money.of(normalBalance(r.type, BigInt(r.debits_posted), BigInt(r.credits_posted)), r.currency) }));
  }

  /**
   * Post one balanced entry. With `em` it joins the caller's transaction (the
   * caller decides commit, rollback and retries, and records refusals its own
   * way); without, it runs in its own transaction, retried on serialization
   * failures, and a refusal for insufficient funds is recorded under the
   * reference so that a retry replays it.
   */
  async post(input: EntryInput, em?: EntityManager): Promise<PostResult> {
    const prepared = this.prepare(input);
    if (em) return this.postWithin(prepared, em);
    try {
      return await inTransaction(this.ds, (tx) => this.postWithin(prepared, tx));
    } catch (err) {
      if (!(err instanceof LedgerError) || err.code !== 'insufficient_funds') throw err;
      const row = await this.repo.insertRefusal(prepared.row, err.code);
      if (row) throw err;
      // Someone else settled this reference meanwhile: answer as they did.
      return this.replay(prepared, await this.repo.findEntryByReference(prepared.row.reference));
    }
  }

  /** Post the mirror image of an entry (debits become credits) under a new reference. */
  async reverse(entryId: string, reference: string, metadata: Record<string, unknown> = {}, em?: EntityManager): Promise<PostResult> {
    const row = await this.repo.findEntry(entryId, em);
    if (!row || row.status !== 'posted') throw new LedgerError('invalid_entry', `no posted entry ${entryId}`);
    const postings = await this.repo.findPostings([entryId], em);
    return this.post(
      {
        kind: row.kind,
        reference,
        reversesEntryId: entryId,
        metadata: { ...metadata, reverses: row.reference },
        postings: postings.map((p) => ({ accountId: p.account_id, side: p.side === 'D' ? 'C' : 'D', amount: Money.of(BigInt(p.amount), p.currency) })),
      },
      em,
    );
  }

  private prepare(input: EntryInput): { input: EntryInput; row: NewEntryRow; deltas: AccountDelta[] } {
    if (!/^[a-z_]{1,40}$/.test(input.kind)) throw new LedgerError('invalid_entry', `kind ${JSON.stringify(input.kind)} is not a snake_case word`);
    if (!input.reference || input.reference.length > 200) throw new LedgerError('invalid_entry', 'reference must be 1 to 200 characters');
    if (input.postings.length < 2 || input.postings.length > MAX_POSTINGS) {
      throw new LedgerError('invalid_entry', `an entry has 2 to ${MAX_POSTINGS} postings, not ${input.postings.length}`);
    }
    const sums = new Map<string, bigint>();
    const byAccount = new Map<string, AccountDelta>();
    for (const p of input.postings) {
      if (!(p.amount instanceof Money) || !p.amount.isPositive()) throw new LedgerError('invalid_entry', 'every posting amount must be positive');
      if (p.side !== 'D' && p.side !== 'C') throw new LedgerError('invalid_entry', `side ${String(p.side)}`);
      const signed = p.side === 'D' ? p.amount.minor : -p.amount.minor;
      sums.set(p.amount.currency, (sums.get(p.amount.currency) ?? 0n) + signed);
      const d = byAccount.get(p.accountId) ?? { accountId: p.accountId, debit: 0n, credit: 0n };
      if (p.side === 'D') d.debit += p.amount.minor;
      else d.credit += p.amount.minor;
      byAccount.set(p.accountId, d);
    }
    for (const [currency, sum] of sums) {
      if (sum !== 0n) throw new LedgerError('unbalanced_entry', `${currency} debits and credits differ by ${Money.of(sum < 0n ? -sum : sum, currency).format()}`);
    }
    const canonical = JSON.stringify({
      kind: input.kind,
      reverses: input.reversesEntryId ?? null,
      postings: input.postings.map((p) => [p.accountId, p.side, p.amount.currency, p.amount.minor.toString()]).sort(),
    });
    return {
      input,
      row: {
        kind: input.kind,
        reference: input.reference,
        contentHash: crypto.createHash('sha256').update(canonical).digest('hex'),
        effectiveAt: input.effectiveAt ?? null,
        metadata: input.metadata ?? {},
        reversesEntryId: input.reversesEntryId ?? null,
      },
      // sorted by id: the same order as the row locks
      deltas: [...byAccount.values()].sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0)),
    };
  }

  private async postWithin(prepared: ReturnType<LedgerService['prepare']>, em: EntityManager): Promise<PostResult> {
    const { input, row, deltas } = prepared;
    const newPostings = input.postings.map((p) => ({ accountId: p.accountId, side: p.side, amount: p.amount.minor, currency: p.amount.currency }));
    let entry: EntryRow | undefined;
    let locked: AccountRow[];
    try {
      ({ entry, accounts: locked } = await this.repo.insertEntryAndLock(
        row,
        deltas.map((d) => d.accountId),
        newPostings,
        em,
      ));
    } catch (err) {
      const e = err as { code?: string; constraint?: string; driverError?: { constraint?: string } };
      if ((e.driverError?.constraint ?? e.constraint) === 'uq_ledger_entries_reverses') throw new LedgerError('already_reversed', `entry ${row.reversesEntryId} is already reversed`);
      if ((e.driverError?.constraint ?? e.constraint) === 'fk_ledger_entries_reverses') throw new LedgerError('invalid_entry', `no entry ${row.reversesEntryId}`);
      throw err;
    }
    if (!entry) return this.replay(prepared, await this.repo.findEntryByReference(row.reference, em), em);
    const byId = new Map(locked.map((a) => [a.id, a]));
    for (const d of deltas) {
      const a = byId.get(d.accountId);
      if (!a) throw new LedgerError('account_not_found', `no account ${d.accountId}`);
      const after = normalBalance(a.type, BigInt(a.debits_posted) + d.debit, BigInt(a.credits_posted) + d.credit);
      if (!a.allow_negative && after < 0n) {
        throw new LedgerError('insufficient_funds', `account ${a.code} would go below zero`, { accountId: a.id });
      }
    }
    for (const p of input.postings) {
      const a = byId.get(p.accountId)!;
      if (a.currency !== p.amount.currency) throw new LedgerError('invalid_entry', `posting in ${p.amount.currency} on ${a.currency} account ${a.code}`);
    }
    const postings = await this.repo.applyPostings(entry.id, deltas, newPostings, em);
    return { entry: this.toEntry(entry, postings), replayed: false };
  }

  private async replay(prepared: ReturnType<LedgerService['prepare']>, existing: EntryRow | undefined, em?: EntityManager): Promise<PostResult> {
    if (!existing) throw new LedgerError('reference_conflict', `reference ${prepared.row.reference} is taken`);
    if (existing.content_hash !== prepared.row.contentHash) {
      throw new LedgerError('reference_conflict', `reference ${prepared.row.reference} was used for a different entry`);
    }
    if (existing.status === 'refused') {
      throw new LedgerError('insufficient_funds', `reference ${prepared.row.reference} was refused: ${existing.refusal_code}`);
    }
    // on the caller's connection: a second pool connection here can starve the pool, and would not see an entry of this transaction
    const postings = await this.repo.findPostings([existing.id], em);
    return { entry: this.toEntry(existing, postings), replayed: true };
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
      postings: postings.map((p) => ({ id: String(p.id), accountId: p.account_id, side: p.side, amount: Money.of(BigInt(p.amount), p.currency) })),
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
    return { accountId, currency: a.currency, posted, available: posted, debits: Money.of(d, a.currency), credits: Money.of(c, a.currency) };
  }

  /** Normal-side balance from the postings of entries effective at or before `at`. */
  async balanceAt(accountId: string, at: Date, em?: EntityManager): Promise<Money> {
    const a = await this.repo.findAccount(accountId, em);
    if (!a) throw new LedgerError('account_not_found', `no account ${accountId}`);
    const s = await this.repo.sumPostingsUntil(accountId, at, em);
    return Money.of(normalBalance(a.type, BigInt(s.debits), BigInt(s.credits)), a.currency);
  }

  /** Newest first, with the balance right after each line; cursor = the last posting id seen. */
  async statement(accountId: string, opts: { limit?: number; cursor?: string | null } = {}, em?: EntityManager): Promise<Page<StatementLine>> {
    const limit = Math.min(Math.max(opts.limit ?? 50, 1), 500);
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
    const limit = Math.min(Math.max(opts.limit ?? 50, 1), 500);
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
    return { currency, accounts, totalDebits: Money.of(td, currency), totalCredits: Money.of(tc, currency), balanced: td === tc };
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
