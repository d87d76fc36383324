import type { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../../test/support/test-database';
import { FinanceReportsRepository } from '../../src/reports/finance-reports.repository';
import { JournalExportService } from '../../src/reports/journal-export.service';
import { MerchantStatementsService } from '../../src/reports/merchant-statements.service';
import { SettlementsService } from '../../src/reports/settlements.service';
import { utcPeriod } from '../../src/reports/report-dates';

const run = process.env.SAOMA_REPORTS_SCALE === '1' ? describe : describe.skip;
const N = Number(process.env.SCALE_PAYMENTS ?? 1_000_000);
const R = Number(process.env.SCALE_REFUNDS ?? 50_000);
const M = Number(process.env.SCALE_MERCHANTS ?? 10_000);

run('scale (temporary)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  jest.setTimeout(3_600_000);
  beforeAll(async () => {
    ({ ds, close } = await openTestDataSource({ poolSize: 4 }));
  });
  afterAll(() => close());

  const time = async <T>(label: string, f: () => Promise<T>): Promise<T> => {
    const t0 = process.hrtime.bigint();
    const r = await f();
    console.log(`${label}: ${Number(process.hrtime.bigint() - t0) / 1e6} ms`);
    return r;
  };

  it('seeds and times', async () => {
    await time('seed merchants/consumers/accounts', async () => {
      await ds.query(`INSERT INTO merchants (name, city, country_code, mcc, currency, fee_rate, api_key_prefix, api_key_hash)
                      SELECT 'M' || i, 'Shanghai', 'CN', '5812', 'CNY', 0.006, 'p' || i, 'x' FROM generate_series(1, ${M}) i`);
      await ds.query(`CREATE TABLE sm AS SELECT row_number() OVER (ORDER BY id) - 1 AS idx, id FROM merchants`);
      await ds.query(`INSERT INTO qr_codes (merchant_id, kind, reference, currency, payload) SELECT id, 'static', 'S' || idx, 'CNY', 'x' FROM sm`);
      await ds.query(`INSERT INTO consumers (name, phone, pin_hash) SELECT 'C' || i, '+86139' || lpad(i::text, 8, '0'), 'x' FROM generate_series(1, 50000) i`);
      await ds.query(`CREATE TABLE sc AS SELECT row_number() OVER (ORDER BY id) - 1 AS idx, id FROM consumers`);
      await ds.query(`INSERT INTO ledger_accounts (code, name, type, currency, owner_type, owner_id, allow_negative)
                      SELECT 'merchant:' || id || ':CNY', 'm', 'liability', 'CNY', 'merchant', id, true FROM sm
                      UNION ALL SELECT 'consumer:' || id || ':CNY', 'c', 'liability', 'CNY', 'consumer', id, true FROM sc
                      UNION ALL SELECT 'platform:fee_revenue:CNY', 'f', 'revenue', 'CNY', null, null, true`);
    });
    await time(`seed ${N} payments (+10% the day before)`, async () => {
      await ds.query(`
        CREATE TABLE sp AS
        SELECT gen_random_uuid() AS id, gen_random_uuid() AS entry_id, m.id AS merchant_id, c.id AS consumer_id, q.id AS code_id,
               a AS amount, round(a * 0.006)::bigint AS fee, ts AS created_at
          FROM (SELECT floor(power(random(), 3) * ${M})::int AS mi, floor(random() * 50000)::int AS ci,
                       (100 + floor(random() * 50000))::bigint AS a,
                       CASE WHEN i <= ${N} THEN timestamptz '2026-03-02' ELSE timestamptz '2026-03-01' END + random() * interval '86399 seconds' AS ts
                  FROM generate_series(1, ${Math.round(N * 1.1)}) i) g
          JOIN sm m ON m.idx = g.mi JOIN sc c ON c.idx = g.ci JOIN qr_codes q ON q.merchant_id = m.id`);
      await ds.query(`INSERT INTO payments (id, consumer_id, merchant_id, code_id, token_jti, payer, currency, amount, discount, charged, fee, receipt, created_at)
                      SELECT id, consumer_id, merchant_id, code_id, id::text, 'payer_x', 'CNY', amount, 0, amount, fee, 'r', created_at FROM sp`);
      await ds.transaction(async (em) => {
        await em.query(`INSERT INTO ledger_entries (id, kind, reference, status, content_hash, effective_at, recorded_at, metadata)
                        SELECT entry_id, 'payment', 'payment:' || id, 'posted', 'h', created_at, created_at,
                               jsonb_build_object('paymentId', id, 'merchantId', merchant_id) FROM sp`);
        await em.query(`
          INSERT INTO ledger_postings (entry_id, account_id, side, amount, currency)
          SELECT sp.entry_id, ca.id, 'D', sp.amount, 'CNY' FROM sp JOIN ledger_accounts ca ON ca.code = 'consumer:' || sp.consumer_id || ':CNY'
          UNION ALL SELECT sp.entry_id, ma.id, 'C', sp.amount - sp.fee, 'CNY' FROM sp JOIN ledger_accounts ma ON ma.code = 'merchant:' || sp.merchant_id || ':CNY'
          UNION ALL SELECT sp.entry_id, (SELECT id FROM ledger_accounts WHERE code = 'platform:fee_revenue:CNY'), 'C', sp.fee, 'CNY' FROM sp WHERE sp.fee > 0`);
      });
    });
    await time(`seed ${R} refunds`, async () => {
      await ds.query(`
        CREATE TABLE sr AS SELECT gen_random_uuid() AS refund_id, gen_random_uuid() AS refund_entry_id, sp.id AS payment_id, sp.merchant_id, sp.consumer_id,
                                  sp.amount, sp.fee, least(sp.created_at + interval '1 minute', timestamptz '2026-03-02 23:59:59.999+00') AS created_at
          FROM (SELECT * FROM sp WHERE created_at >= '2026-03-02 00:00+00' ORDER BY random() LIMIT ${R}) sp`);
      await ds.query(`INSERT INTO refunds (id, payment_id, merchant_id, currency, amount, to_consumer, discount_back, fee_back, created_at)
                      SELECT refund_id, payment_id, merchant_id, 'CNY', amount, amount, 0, fee, created_at FROM sr`);
      await ds.transaction(async (em) => {
        await em.query(`INSERT INTO ledger_entries (id, kind, reference, status, content_hash, effective_at, recorded_at, metadata)
                        SELECT refund_entry_id, 'refund', 'refund:' || refund_id, 'posted', 'h', created_at, created_at,
                               jsonb_build_object('refundId', refund_id, 'paymentId', payment_id, 'merchantId', merchant_id) FROM sr`);
        await em.query(`
          INSERT INTO ledger_postings (entry_id, account_id, side, amount, currency)
          SELECT sr.refund_entry_id, ma.id, 'D', sr.amount - sr.fee, 'CNY' FROM sr JOIN ledger_accounts ma ON ma.code = 'merchant:' || sr.merchant_id || ':CNY'
          UNION ALL SELECT sr.refund_entry_id, (SELECT id FROM ledger_accounts WHERE code = 'platform:fee_revenue:CNY'), 'D', sr.fee, 'CNY' FROM sr WHERE sr.fee > 0
          UNION ALL SELECT sr.refund_entry_id, ca.id, 'C', sr.amount, 'CNY' FROM sr JOIN ledger_accounts ca ON ca.code = 'consumer:' || sr.consumer_id || ':CNY'`);
      });
      await ds.query('ANALYZE');
    });

    const repo = new FinanceReportsRepository(ds);
    const settlements = new SettlementsService(repo);
    const statements = new MerchantStatementsService(ds, repo);
    const journal = new JournalExportService(ds, repo);
    const s = await time('settlements 2026-03-02', () => settlements.forDay('2026-03-02', 'CNY'));
    await time('settlements 2026-03-02 (again, warm)', () => settlements.forDay('2026-03-02', 'CNY'));
    console.log('settlement lines', s.lines.length, 'payments', s.lines.reduce((n, l) => n + l.paymentCount, 0));
    const [busiest] = await ds.query(`SELECT merchant_id, count(*) AS n FROM sp WHERE created_at >= '2026-03-02 00:00+00' GROUP BY 1 ORDER BY 2 DESC LIMIT 1`);
    console.log('busiest merchant payments that day', busiest.n);
    const st = await time('statement busiest', () => statements.forDay(busiest.merchant_id, '2026-03-02'));
    await time('statement busiest (again, warm)', () => statements.forDay(busiest.merchant_id, '2026-03-02'));
    console.log('statement lines', st.lines.length, st.openingBalance.format(), st.closingBalance.format());
    let n = 0;
    let bytes = 0;
    await time('journal 2026-03-01..02 (JSON render)', async () => {
      for await (const b of journal.batches(utcPeriod('2026-03-01', '2026-03-02'))) {
        n += b.length;
        for (const e of b) bytes += JSON.stringify(e).length;
      }
    });
    let m = 0;
    await time('journal 2026-03-01..02 (no render)', async () => {
      for await (const b of journal.batches(utcPeriod('2026-03-01', '2026-03-02'))) m += b.length;
    });
    console.log('journal entries', n, m, 'bytes', bytes, 'rss MB', Math.round(process.memoryUsage().rss / 1e6));
    const ex = async (label: string, q: string, params: unknown[]) => {
      const rows: Array<{ 'QUERY PLAN': string }> = await ds.query(`EXPLAIN (ANALYZE, BUFFERS) ${q}`, params);
      console.log(`EXPLAIN ANALYZE ${label}\n` + rows.map((r) => r['QUERY PLAN'].slice(0, 240)).join('\n'));
    };
    const day = { start: new Date('2026-03-02T00:00:00Z'), end: new Date('2026-03-03T00:00:00Z') };
    const [acc] = await ds.query(`SELECT id FROM ledger_accounts WHERE code = $1`, [`merchant:${busiest.merchant_id}:CNY`]);
    const ids = (await repo.journalEntries(day.start, day.end, null, 2000)).map((e) => e.id);
    await time('journal postings batch of 2000 entries', () => repo.journalPostings(ids));
    const spy = jest.spyOn(ds, 'query');
    await repo.settlements('CNY', day.start, day.end);
    await repo.statementPostings(acc.id, day.start, day.end);
    await repo.balanceBefore(acc.id, 'C', day.start);
    await repo.journalEntries(day.start, day.end, { at: '2026-03-02T12:00:00.000000Z', id: '00000000-0000-0000-0000-000000000000' }, 2000);
    await repo.journalPostings(ids);
    const calls = spy.mock.calls.slice(-5) as Array<[string, unknown[]]>;
    spy.mockRestore();
    for (const [i, [q, params]] of calls.entries()) await ex(['settlements', 'statement postings', 'opening balance', 'journal batch', 'journal postings'][i], q, params);
  });
});
