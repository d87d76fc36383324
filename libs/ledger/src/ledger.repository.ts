import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AccountSpec, AccountType, Side } from './ledger.types';

export interface AccountRow {
  id: string;
  code: string;
  name: string;
  type: AccountType;
  currency: string;
  owner_type: string | null;
  owner_id: string | null;
  allow_negative: boolean;
  debits_posted: string;
  credits_posted: string;
}

export interface EntryRow {
  id: string;
  kind: string;
  reference: string;
  status: 'posted' | 'refused';
  refusal_code: string | null;
  content_hash: string;
  effective_at: Date;
  recorded_at: Date;
  metadata: Record<string, unknown>;
  reverses_entry_id: string | null;
}

export interface PostingRow {
  id: string;
  entry_id: string;
  account_id: string;
  side: Side;
  amount: string;
  currency: string;
}

export interface NewEntryRow {
  kind: string;
  reference: string;
  contentHash: string;
  effectiveAt: Date | null;
  metadata: Record<string, unknown>;
  reversesEntryId: string | null;
}

/** Per-account change of one entry, already summed by account. */
export interface AccountDelta {
  accountId: string;
  debit: bigint;
  credit: bigint;
}

export interface NewPostingRow {
  accountId: string;
  side: Side;
  amount: bigint;
  currency: string;
}

type Q = Pick<EntityManager, 'query'>;

const ACCOUNT_COLUMNS = 'id, code, name, type, currency, owner_type, owner_id, allow_negative, debits_posted, credits_posted';
const ENTRY_COLUMNS = 'id, kind, reference, status, refusal_code, content_hash, effective_at, recorded_at, metadata, reverses_entry_id';

/** All ledger SQL. Nothing else in Saoma writes these tables. */
@Injectable()
export class LedgerRepository {
  constructor(private readonly ds: DataSource) {}

  private q(em?: EntityManager): Q {
    return em ?? this.ds;
  }

  async ensureAccount(spec: AccountSpec, em?: EntityManager): Promise<AccountRow> {
    // DO UPDATE (a no-op) rather than DO NOTHING so that RETURNING gives the row in both cases.
    const rows: AccountRow[] = await this.q(em).query(
      `INSERT INTO ledger_accounts (code, name, type, currency, owner_type, owner_id, allow_negative)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code
       RETURNING ${ACCOUNT_COLUMNS}`,
      [spec.code, spec.name, spec.type, spec.currency, spec.ownerType ?? null, spec.ownerId ?? null, spec.allowNegative],
    );
    return rows[0];
  }

  async findAccount(id: string, em?: EntityManager): Promise<AccountRow | undefined> {
    const rows: AccountRow[] = await this.q(em).query(
      `SELECT ${ACCOUNT_COLUMNS}
       FROM ledger_accounts WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  async findAccountByCode(code: string, em?: EntityManager): Promise<AccountRow | undefined> {
    const rows: AccountRow[] = await this.q(em).query(
      `SELECT ${ACCOUNT_COLUMNS}
       FROM ledger_accounts WHERE code = $1`,
      [code],
    );
    return rows[0];
  }

  async findAccountsByOwner(ownerType: string, ownerId: string, em?: EntityManager): Promise<AccountRow[]> {
    return this.q(em).query(
      `SELECT ${ACCOUNT_COLUMNS}
       FROM ledger_accounts WHERE owner_type = $1 AND owner_id = $2 ORDER BY currency`,
      [ownerType, ownerId],
    );
  }

  /** Record that a reference was refused, so a retry replays the refusal. */
  async insertRefusal(e: NewEntryRow, code: string, em?: EntityManager): Promise<EntryRow | undefined> {
    const rows: EntryRow[] = await this.q(em).query(
      `INSERT INTO ledger_entries (kind, reference, status, refusal_code, content_hash, effective_at, metadata)
       VALUES ($1, $2, 'refused', $3, $4, coalesce($5, now()), $6)
       ON CONFLICT (reference) DO NOTHING
       RETURNING ${ENTRY_COLUMNS}`,
      [e.kind, e.reference, code, e.contentHash, e.effectiveAt, e.metadata],
    );
    return rows[0];
  }

  async findEntryByReference(reference: string, em?: EntityManager): Promise<EntryRow | undefined> {
    const rows: EntryRow[] = await this.q(em).query(
      `SELECT ${ENTRY_COLUMNS}
       FROM ledger_entries WHERE reference = $1`,
      [reference],
    );
    return rows[0];
  }

  async findEntry(id: string, em?: EntityManager): Promise<EntryRow | undefined> {
    const rows: EntryRow[] = await this.q(em).query(
      `SELECT ${ENTRY_COLUMNS}
       FROM ledger_entries WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  async findPostings(entryIds: string[], em?: EntityManager): Promise<PostingRow[]> {
    return this.q(em).query(
      `SELECT id, entry_id, account_id, side, amount, currency FROM ledger_postings WHERE entry_id = ANY($1::uuid[]) ORDER BY id`,
      [entryIds],
    );
  }

  /**
   * Claim the reference and, only when it was free, lock the entry's accounts,
   * in one round trip.
   *  - The reference: a concurrent transaction holding the same reference
   *    makes the insert wait for its outcome: it commits (no entry back; the
   *    caller reads its entry) or rolls back (we insert). The lock CTE reads
   *    the insert, so this is settled before any account is locked.
   *  - The locks: ascending id order, the same for every poster, so two
   *    entries can never deadlock. NO KEY UPDATE (not UPDATE) lets the
   *    foreign-key checks of concurrent postings on the same hot account go
   *    through without waiting for this lock.
   *  - The digest of the postings about to be written (see the migration
   *    LedgerDigest1764800000000): the database compares it with the
   *    postings at commit, so a wrong one fails the transaction.
   */
  async insertEntryAndLock(
    e: NewEntryRow,
    accountIds: string[],
    postings: NewPostingRow[],
    em: EntityManager,
  ): Promise<{ entry: EntryRow | undefined; accounts: AccountRow[] }> {
    const rows: Array<{ entry: (Omit<EntryRow, 'effective_at' | 'recorded_at'> & { effective_at: string; recorded_at: string }) | null; accounts: AccountRow[] | null }> =
      await em.query(
        `WITH e AS (
           INSERT INTO ledger_entries (kind, reference, status, content_hash, effective_at, metadata, reverses_entry_id, postings_digest)
           VALUES ($1, $2, 'posted', $3, coalesce($4, now()), $5, $6, ledger_postings_digest($1, $2, $8::uuid[], $9::bigint[]))
           ON CONFLICT (reference) DO NOTHING
           RETURNING id, kind, reference, status, refusal_code, content_hash, effective_at, recorded_at, metadata, reverses_entry_id),
         l AS (
           SELECT id, code, name, type, currency, owner_type, owner_id, allow_negative, debits_posted::text, credits_posted::text
             FROM ledger_accounts
            WHERE id = ANY($7::uuid[]) AND EXISTS (SELECT 1 FROM e)
            ORDER BY id
              FOR NO KEY UPDATE)
         SELECT (SELECT row_to_json(e) FROM e) AS entry, (SELECT json_agg(l) FROM l) AS accounts`,
        [
          e.kind,
          e.reference,
          e.contentHash,
          e.effectiveAt,
          e.metadata,
          e.reversesEntryId,
          accountIds,
          postings.map((p) => p.accountId),
          postings.map((p) => (p.side === 'D' ? p.amount : -p.amount).toString()),
        ],
      );
    const r = rows[0];
    return {
      entry: r.entry ? { ...r.entry, effective_at: new Date(r.entry.effective_at), recorded_at: new Date(r.entry.recorded_at) } : undefined,
      accounts: r.accounts ?? [],
    };
  }

  /**
   * Apply the balance counters and write the postings in one statement. The
   * rows are already locked by insertEntryAndLock; the CHECK constraint on
   * ledger_accounts still refuses a wallet below zero if the check in code were wrong.
   */
  async applyPostings(entryId: string, deltas: AccountDelta[], postings: NewPostingRow[], em: EntityManager): Promise<PostingRow[]> {
    return em.query(
      `WITH upd AS (
         UPDATE ledger_accounts a
            SET debits_posted = a.debits_posted + v.d, credits_posted = a.credits_posted + v.c, version = a.version + 1
           FROM (SELECT unnest($2::uuid[]) AS id, unnest($3::bigint[]) AS d, unnest($4::bigint[]) AS c) v
          WHERE a.id = v.id
          RETURNING a.id)
       INSERT INTO ledger_postings (entry_id, account_id, side, amount, currency)
       SELECT $1, p.account_id, p.side, p.amount, p.currency
         FROM unnest($5::uuid[], $6::char(1)[], $7::bigint[], $8::char(3)[]) WITH ORDINALITY AS p(account_id, side, amount, currency, n)
        ORDER BY p.n
       RETURNING id, entry_id, account_id, side, amount, currency`,
      [
        entryId,
        deltas.map((d) => d.accountId),
        deltas.map((d) => d.debit.toString()),
        deltas.map((d) => d.credit.toString()),
        postings.map((p) => p.accountId),
        postings.map((p) => p.side),
        postings.map((p) => p.amount.toString()),
        postings.map((p) => p.currency),
      ],
    );
  }

  async sumPostingsUntil(accountId: string, at: Date, em?: EntityManager): Promise<{ debits: string; credits: string }> {
    const rows = await this.q(em).query(
      `SELECT coalesce(sum(p.amount) FILTER (WHERE p.side = 'D'), 0)::text AS debits,
              coalesce(sum(p.amount) FILTER (WHERE p.side = 'C'), 0)::text AS credits
         FROM ledger_postings p JOIN ledger_entries e ON e.id = p.entry_id
        WHERE p.account_id = $1 AND e.effective_at <= $2`,
      [accountId, at],
    );
    return rows[0];
  }

  /** Debits and credits of the account's postings with id ≥ fromId (to walk back from the stored balance). */
  async sumPostingsFrom(accountId: string, fromId: string, em?: EntityManager): Promise<{ debits: string; credits: string }> {
    const rows = await this.q(em).query(
      `SELECT coalesce(sum(amount) FILTER (WHERE side = 'D'), 0)::text AS debits,
              coalesce(sum(amount) FILTER (WHERE side = 'C'), 0)::text AS credits
         FROM ledger_postings WHERE account_id = $1 AND id >= $2`,
      [accountId, fromId],
    );
    return rows[0];
  }

  async statementPage(
    accountId: string,
    beforeId: string | null,
    limit: number,
    em?: EntityManager,
  ): Promise<Array<PostingRow & { kind: string; reference: string; effective_at: Date; metadata: Record<string, unknown> }>> {
    return this.q(em).query(
      `SELECT p.id, p.entry_id, p.account_id, p.side, p.amount, p.currency, e.kind, e.reference, e.effective_at, e.metadata
         FROM ledger_postings p JOIN ledger_entries e ON e.id = p.entry_id
        WHERE p.account_id = $1 AND ($2::bigint IS NULL OR p.id < $2::bigint)
        ORDER BY p.id DESC
        LIMIT $3`,
      [accountId, beforeId, limit],
    );
  }

  /** Postings of several accounts (one owner's wallets), newest first. */
  async postingsOfAccountsPage(
    accountIds: string[],
    beforeId: string | null,
    limit: number,
  ): Promise<Array<PostingRow & { kind: string; reference: string; effective_at: Date; metadata: Record<string, unknown>; type: AccountType }>> {
    return this.ds.query(
      `SELECT p.id, p.entry_id, p.account_id, p.side, p.amount, p.currency, e.kind, e.reference, e.effective_at, e.metadata, a.type
         FROM ledger_postings p
         JOIN ledger_entries e ON e.id = p.entry_id
         JOIN ledger_accounts a ON a.id = p.account_id
        WHERE p.account_id = ANY($1::uuid[]) AND ($2::bigint IS NULL OR p.id < $2::bigint)
        ORDER BY p.id DESC
        LIMIT $3`,
      [accountIds, beforeId, limit],
    );
  }

  async accountsOfCurrency(currency: string, em?: EntityManager): Promise<AccountRow[]> {
    return this.q(em).query(
      `SELECT ${ACCOUNT_COLUMNS}
         FROM ledger_accounts WHERE currency = $1 ORDER BY type, code`,
      [currency],
    );
  }

  /**
   * Accounts whose stored counters differ from the sum of their postings.
   * Set-based: one pass over all postings, aggregated per account. Without a
   * caller's transaction it runs in one of its own with more work_mem, so
   * that the per-account aggregate of a large journal stays in memory
   * instead of spilling to disk.
   */
  async balanceMismatches(em?: EntityManager): Promise<
    Array<{ id: string; code: string; debits_posted: string; credits_posted: string; d: string; c: string }>
  > {
    if (!em) {
      return this.ds.transaction(async (tx) => {
        await tx.query(`SET LOCAL work_mem = '64MB'`);
        return this.balanceMismatches(tx);
      });
    }
    return em.query(
      `SELECT a.id, a.code, a.debits_posted, a.credits_posted, coalesce(s.d, 0)::text AS d, coalesce(s.c, 0)::text AS c
         FROM ledger_accounts a
         LEFT JOIN (SELECT account_id, sum(amount) FILTER (WHERE side = 'D') AS d, sum(amount) FILTER (WHERE side = 'C') AS c
                      FROM ledger_postings GROUP BY account_id) s ON s.account_id = a.id
        WHERE a.debits_posted <> coalesce(s.d, 0) OR a.credits_posted <> coalesce(s.c, 0)
        ORDER BY a.code`,
    );
  }
}
