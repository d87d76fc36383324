import { Injectable } from '@nestjs/common';
import { Money } from '@saoma/money';
import { ReadDatabase, type ReadFrom } from '@saoma/database';
import { FinanceReportsRepository, type JournalKey } from './finance-reports.repository';
import { type UtcPeriod, utcPeriod } from './report-dates';

export interface JournalPosting {
  id: string;
  accountId: string;
  accountCode: string;
  side: 'D' | 'C';
  amount: Money;
}

export interface JournalEntry {
  id: string;
  kind: string;
  reference: string;
  effectiveAt: Date;
  recordedAt: Date;
  reversesEntryId: string | null;
  postings: JournalPosting[];
}

/** Entries per round trip: with their postings, a few thousand rows at a time. */
export const JOURNAL_BATCH_SIZE = 2000;
/** Account codes kept during one export; past this many the cache starts again (bounded memory). */
const MAX_CACHED_CODES = 100_000;

/**
 * The journal of a period (whole UTC days, by effective time), posted entries
 * only, in (effective_at, id) order, as an async sequence of batches: a month
 * of a busy service is never held in memory, only one batch at a time.
 *
 * Keyset pagination on (effective_at, id), every batch inside one REPEATABLE
 * READ, READ ONLY transaction: the export is one consistent snapshot, whatever
 * is posted while it runs. The transaction holds one pooled connection until
 * the sequence ends or its consumer stops (`for await` … `break`/throw calls
 * `return()`, which releases it).
 */
@Injectable()
export class JournalExportService {
  constructor(
    private readonly read: ReadDatabase,
    private readonly repo: FinanceReportsRepository,
  ) {}

  /** The replica's delay as the export begins. */
  readFrom(): Promise<ReadFrom> {
    return this.read.readFrom();
  }

  /** Checks the period (throws before anything is read). */
  period(from: string, to: string): UtcPeriod {
    return utcPeriod(from, to);
  }

  async *batches(period: UtcPeriod, batchSize = JOURNAL_BATCH_SIZE): AsyncGenerator<JournalEntry[], void, undefined> {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a positive integer');
    const qr = this.read.source.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction('REPEATABLE READ');
      await qr.query('SET TRANSACTION READ ONLY');
      let after: JournalKey | null = null;
      const codes = new Map<string, string>();
      for (;;) {
        const entries = await this.repo.journalEntries(period.start, period.end, after, batchSize, qr.manager);
        if (!entries.length) break;
        const postings = await this.repo.journalPostings(
          entries.map((e) => e.id),
          qr.manager,
        );
        const accounts = [...new Set(postings.map((p) => p.account_id))];
        if (codes.size + accounts.length > MAX_CACHED_CODES) codes.clear();
        const unknown = accounts.filter((id) => !codes.has(id));
        for (const a of await this.repo.accountCodes(unknown, qr.manager)) codes.set(a.id, a.code);
        const byEntry = new Map<string, JournalPosting[]>();
        for (const p of postings) {
          const list = byEntry.get(p.entry_id) ?? [];
          list.push({
            id: p.id,
            accountId: p.account_id,
            accountCode: codes.get(p.account_id)!,
            side: p.side,
            amount: Money.ofMinor(p.amount, p.currency),
          });
          byEntry.set(p.entry_id, list);
        }
        yield entries.map((e) => ({
          id: e.id,
          kind: e.kind,
          reference: e.reference,
          effectiveAt: new Date(e.effective_at),
          recordedAt: new Date(e.recorded_at),
          reversesEntryId: e.reverses_entry_id,
          postings: byEntry.get(e.id) ?? [],
        }));
        if (entries.length < batchSize) break;
        const last = entries[entries.length - 1];
        after = { at: last.cursor_at, id: last.id };
      }
      await qr.commitTransaction();
    } finally {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      await qr.release();
    }
  }
}
