import type { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../../test/support/test-database';
import { FinanceReportsRepository } from '../../src/reports/finance-reports.repository';
import { type JournalEntry, JournalExportService } from '../../src/reports/journal-export.service';
import { utcPeriod } from '../../src/reports/report-dates';
import { ReadDatabase } from '@saoma/database';

/** The journal export's keyset walk on a real database: every entry once, in order, one snapshot. */
describe('journal export batches', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let svc: JournalExportService;
  let a: string;
  let b: string;

  async function post(
    effectiveAt: string,
    amountMinor: bigint,
    kind = 'test',
    status: 'posted' | 'refused' = 'posted',
  ): Promise<string> {
    return ds.transaction(async (em) => {
      const [e] = await em.query(
        `INSERT INTO ledger_entries (kind, reference, status, refusal_code, content_hash, effective_at)
         VALUES ($1, 'test:' || gen_random_uuid(), $2, $3, 'h', $4) RETURNING id`,
        [kind, status, status === 'refused' ? 'insufficient_funds' : null, effectiveAt],
      );
      if (status === 'posted') {
        await em.query(
          `INSERT INTO ledger_postings (entry_id, account_id, side, amount, currency) VALUES ($1, $2, 'D', $4, 'CNY'), ($1, $3, 'C', $4, 'CNY')`,
          [e.id, a, b, amountMinor.toString()],
        );
      }
      return e.id as string;
    });
  }

  async function all(from: string, to: string, batch: number): Promise<JournalEntry[][]> {
    const out: JournalEntry[][] = [];
    for await (const x of svc.batches(utcPeriod(from, to), batch)) out.push(x);
    return out;
  }

  beforeAll(async () => {
    ({ ds, close } = await openTestDataSource({ poolSize: 4 }));
    const read = new ReadDatabase(ds, false);
    svc = new JournalExportService(read, new FinanceReportsRepository(read));
    const rows: Array<{ id: string }> = await ds.query(
      `INSERT INTO ledger_accounts (code, name, type, currency, allow_negative) VALUES ('t:a:CNY', 'A', 'asset', 'CNY', true), ('t:b:CNY', 'B', 'liability', 'CNY', true) RETURNING id`,
    );
    [a, b] = rows.map((r) => r.id);
  });
  afterAll(() => close());

  it('walks (effective_at, id) with microsecond keys: every entry exactly once, in order, postings attached', async () => {
    const ids: string[] = [];
    // seven entries at the very same instant, others a microsecond apart, one at each edge of the period
    for (let i = 0; i < 7; i++) ids.push(await post('2026-03-02T10:00:00.000001Z', BigInt(100 + i)));
    ids.push(await post('2026-03-02T10:00:00.000002Z', 1n));
    ids.push(await post('2026-03-02T10:00:00.000003Z', 2n));
    ids.push(await post('2026-03-01T00:00:00.000000Z', 3n));
    ids.push(await post('2026-03-03T23:59:59.999999Z', 4n));
    const outside = [await post('2026-02-28T23:59:59.999999Z', 5n), await post('2026-03-04T00:00:00.000000Z', 6n)];
    const refused = await post('2026-03-02T12:00:00Z', 7n, 'test', 'refused');

    for (const size of [1, 2, 3, 5, 100]) {
      const batches = await all('2026-03-01', '2026-03-03', size);
      const flat = batches.flat();
      expect(batches.every((x) => x.length <= size)).toBe(true);
      expect(flat.map((e) => e.id).sort()).toEqual([...ids].sort());
      expect(new Set(flat.map((e) => e.id)).size).toBe(flat.length);
      for (const o of [...outside, refused]) expect(flat.map((e) => e.id)).not.toContain(o);
      for (let i = 1; i < flat.length; i++) {
        const [p, q] = [flat[i - 1], flat[i]];
        expect(p.effectiveAt.getTime() <= q.effectiveAt.getTime()).toBe(true);
      }
      for (const e of flat) {
        expect(e.postings).toHaveLength(2);
        expect(e.postings.map((p) => p.side).sort()).toEqual(['C', 'D']);
        expect(e.postings[0].amount.equals(e.postings[1].amount)).toBe(true);
        expect(e.postings.map((p) => p.accountCode).sort()).toEqual(['t:a:CNY', 't:b:CNY']);
      }
    }
  });

  it('reads one snapshot: entries posted while the export runs are not in it', async () => {
    const before = (await all('2026-05-01', '2026-05-01', 1000)).flat().length;
    for (let i = 0; i < 4; i++) await post(`2026-05-01T0${i}:00:00Z`, 10n);
    const seen: string[] = [];
    for await (const batch of svc.batches(utcPeriod('2026-05-01', '2026-05-01'), 1)) {
      seen.push(...batch.map((e) => e.id));
      if (seen.length === 1) await post('2026-05-01T09:00:00Z', 11n);
    }
    expect(seen).toHaveLength(before + 4);
    expect((await all('2026-05-01', '2026-05-01', 1000)).flat()).toHaveLength(before + 5);
  });

  it('gives its connection back when the reader stops early', async () => {
    for (let i = 0; i < 5; i++) await post(`2026-06-01T0${i}:00:00Z`, 10n);
    const open = async () =>
      Number(
        (
          await ds.query(
            `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
          )
        )[0].n,
      );
    for (let round = 0; round < 10; round++) {
      for await (const batch of svc.batches(utcPeriod('2026-06-01', '2026-06-01'), 1)) {
        expect(batch).toHaveLength(1);
        break;
      }
    }
    expect(await open()).toBe(0);
    // the pool (4 connections) still serves: 10 abandoned exports did not keep theirs
    await expect(Promise.all(Array.from({ length: 8 }, () => ds.query('SELECT 1')))).resolves.toHaveLength(8);
  });

  it('refuses a period that runs backwards before reading anything', () => {
    expect(() => svc.period('2026-06-02', '2026-06-01')).toThrow(
      expect.objectContaining({ code: 'invalid_report_period' }),
    );
  });
});
