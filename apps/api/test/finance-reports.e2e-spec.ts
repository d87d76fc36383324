import crypto from 'node:crypto';
import { LedgerService, PlatformAccount, WalletAccount } from '@saoma/ledger';
import { Money } from '@saoma/money';
import { Client } from 'pg';
import request from 'supertest';
import { parseRfc4180 } from '../../../libs/finance/test/reports/rfc4180';
import { fixtures, createOperator, sql } from '../../../test/support/api-fixtures';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import { awayFromUtcMidnight } from '../../../test/support/utc-day';

/** Without READ_DATABASE_URL every report says it read the primary. */
const PRIMARY = { replica: false, lagSeconds: 0 };

/**
 * A scripted day through the real service and PostgreSQL, then its reports:
 * settlements (JSON and CSV), the merchant's statement, the journal export.
 * Every expected figure is worked out by hand below.
 */

const DAY_MS = 86_400_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
const FORMULA_NAME = '=HYPERLINK("http://evil.example","x")';

type Line = Record<string, string | undefined>;

describe('finance reports: a scripted day', () => {
  let t: TestApp;
  let f: ReturnType<typeof fixtures>;
  let finance: string;
  let today: string;
  let yesterday: string;
  const http = () => request(t.http);
  const get = (path: string, key: string, accept?: string) => {
    const r = http().get(path).set('Authorization', `Bearer ${key}`);
    return accept ? r.set('Accept', accept) : r;
  };

  // the day's cast and what happened
  let A: { id: string; apiKey: string; name: string };
  let B: { id: string; apiKey: string; name: string };
  let k1: { id: string; name: string; phone: string; token: string };
  let k2: { id: string; name: string; phone: string; token: string };
  let codeA: { id: string; payload: string };
  let orderA: { id: string; reference: string; payload: string; codeId: string };
  const pay: Record<string, { id: string }> = {};
  const ref: Record<string, { id: string }> = {};
  let payoutId: string;
  let returnId: string;

  beforeAll(async () => {
    await awayFromUtcMidnight();
    t = await createTestApp();
    f = fixtures(t);
    finance = (await createOperator(t, 'finance')).apiKey;
    today = isoDay(Date.now());
    yesterday = isoDay(Date.now() - DAY_MS);

    A = { ...(await f.merchant({ name: 'Lanzhou Noodles', feeRate: '0.006' })) };
    B = { ...(await f.merchant({ name: FORMULA_NAME, feeRate: '0.01' })) };
    const now = Date.now();
    // A: 10 % off, funded by the merchant; B: 2.00 off, funded by the platform
    await f.promotion({
      merchantId: A.id,
      fundedBy: 'merchant',
      percentOff: '10',
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
    });
    await f.promotion({
      merchantId: B.id,
      fundedBy: 'platform',
      amountOff: '2.00',
      startsAt: new Date(now - 60_000).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
    });

    // yesterday: a returned payout credited A's wallet 50.00 (as the payouts run will book it)
    const ledger = t.app.get(LedgerService);
    const walletA = await ledger.ensureAccount(WalletAccount.merchant(A.id, 'CNY'));
    const transit = await ledger.ensureAccount(PlatformAccount.payoutsInTransit('CNY'));
    returnId = crypto.randomUUID();
    await ledger.post({
      kind: 'payout_return',
      reference: `payout_return:${returnId}`,
      effectiveAt: new Date(Date.parse(`${yesterday}T12:00:00Z`)),
      metadata: { payoutId: returnId },
      postings: [
        { accountId: transit.id, side: 'D', amount: Money.parse('50.00', 'CNY') },
        { accountId: walletA.id, side: 'C', amount: Money.parse('50.00', 'CNY') },
      ],
    });

    k1 = await f.consumer('Li Lei');
    k2 = await f.consumer('Han Meimei');
    await f.topup(k1.id, '500.00');
    await f.topup(k2.id, '500.00');
    codeA = await f.code(A.apiKey, { label: 'Counter 1' });
    orderA = await f.order(A.apiKey, '45.50', 'T1-0042');
    const codeB = await f.code(B.apiKey, { label: 'Till' });

    // A, fee 0.6 %, 10 % merchant-funded discount:
    //  p1 100.00: discount 10.00, fee 0.60, merchant +89.40
    //  p2  45.50 (order T1-0042): discount 4.55, fee 0.273 → 0.27, merchant +40.68
    //  p3  12.30 (k2): discount 1.23, fee 0.0738 → 0.07, merchant +11.00
    pay.p1 = await f.scanAndPay(k1.token, codeA.payload, '100.00');
    pay.p2 = await f.scanAndPay(k1.token, orderA.payload);
    pay.p3 = await f.scanAndPay(k2.token, codeA.payload, '12.30');
    // B, fee 1 %, 2.00 off funded by the platform: p4 20.00, fee 0.20, merchant +19.80
    pay.p4 = await f.scanAndPay(k1.token, codeB.payload, '20.00');
    //  r1 30.00 of p1 (partial): fee back 0.18, to consumer 27.00, discount back 3.00, merchant −26.82
    //  r2 12.30 of p3 (full): fee back 0.07, to consumer 11.07, discount back 1.23, merchant −11.00
    ref.r1 = (await f.refund(A.apiKey, pay.p1.id, '30.00').expect(201)).body;
    ref.r2 = (await f.refund(A.apiKey, pay.p3.id, '12.30').expect(201)).body;

    // today: A is paid out 100.00 (merchant wallet debit, payouts in transit credit)
    payoutId = crypto.randomUUID();
    await ledger.post({
      kind: 'payout',
      reference: `payout:${payoutId}`,
      metadata: { payoutId },
      postings: [
        { accountId: walletA.id, side: 'D', amount: Money.parse('100.00', 'CNY') },
        { accountId: transit.id, side: 'C', amount: Money.parse('100.00', 'CNY') },
      ],
    });
  }, 180_000);
  afterAll(() => t?.close());

  describe('settlements', () => {
    const expected = () =>
      [
        // gross 100 + 45.50 + 12.30; discounts (10 + 4.55 + 1.23) − (3.00 + 1.23); refunds 30 + 12.30; fees (0.60 + 0.27 + 0.07) − (0.18 + 0.07)
        {
          merchantId: A.id,
          merchantName: 'Lanzhou Noodles',
          paymentCount: 3,
          gross: '157.80',
          discounts: '11.55',
          refunds: '42.30',
          fees: '0.69',
          net: '103.26',
        },
        // the platform funds B's discount: not the merchant's
        {
          merchantId: B.id,
          merchantName: FORMULA_NAME,
          paymentCount: 1,
          gross: '20.00',
          discounts: '0.00',
          refunds: '0.00',
          fees: '0.20',
          net: '19.80',
        },
      ].sort((x, y) => (x.merchantId < y.merchantId ? -1 : 1));

    it('gives each merchant its day, computed by hand, ordered by merchantId', async () => {
      const res = await get(`/v1/finance/settlements?date=${today}&currency=CNY`, finance).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({ date: today, currency: 'CNY', data: expected(), readFrom: PRIMARY });
    });

    it('net equals the change of the merchant balance from the day’s payment and refund entries', async () => {
      const res = await get(`/v1/finance/settlements?date=${today}&currency=CNY`, f.admin).expect(200);
      const moved = await sql<{ merchant_id: string; net: string }>(
        t,
        `SELECT a.owner_id AS merchant_id, sum(CASE lp.side WHEN 'C' THEN lp.amount ELSE -lp.amount END)::text AS net
           FROM ledger_postings lp JOIN ledger_entries e ON e.id = lp.entry_id JOIN ledger_accounts a ON a.id = lp.account_id
          WHERE a.owner_type = 'merchant' AND e.kind IN ('payment', 'refund') AND e.effective_at >= $1::date AND e.effective_at < $1::date + 1
          GROUP BY a.owner_id`,
        [today],
      );
      const byMerchant = Object.fromEntries(moved.map((m) => [m.merchant_id, Money.of(BigInt(m.net), 'CNY').format()]));
      for (const line of res.body.data) expect(line.net).toBe(byMerchant[line.merchantId]);
      expect(Object.keys(byMerchant).sort()).toEqual(res.body.data.map((l: { merchantId: string }) => l.merchantId));
      // and it adds up: net = gross − discounts − refunds − fees
      for (const l of res.body.data) {
        const m = (v: string) => Money.parse(v, 'CNY', { allowZero: true, allowNegative: true });
        expect(m(l.gross).sub(m(l.discounts)).sub(m(l.refunds)).sub(m(l.fees)).format()).toBe(l.net);
      }
    });

    it('as CSV: a header line, the same rows, CRLF, the formula in a name neutralised', async () => {
      const res = await get(`/v1/finance/settlements?date=${today}&currency=CNY`, finance, 'text/csv').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      expect(res.headers['content-disposition']).toContain(`settlements-${today}-CNY.csv`);
      const text = res.text;
      expect(text.endsWith('\r\n')).toBe(true);
      const [header, ...rows] = parseRfc4180(text);
      expect(header).toEqual([
        'date',
        'currency',
        'merchantId',
        'merchantName',
        'paymentCount',
        'gross',
        'discounts',
        'refunds',
        'fees',
        'net',
      ]);
      expect(rows).toEqual(
        expected().map((l) => [
          today,
          'CNY',
          l.merchantId,
          l.merchantName === FORMULA_NAME ? `'${FORMULA_NAME}` : l.merchantName,
          String(l.paymentCount),
          l.gross,
          l.discounts,
          l.refunds,
          l.fees,
          l.net,
        ]),
      );
      expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
      expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
    });

    it('a day without payments or refunds is empty; bad queries are refused', async () => {
      expect((await get(`/v1/finance/settlements?date=${yesterday}&currency=CNY`, finance).expect(200)).body).toEqual({
        date: yesterday,
        currency: 'CNY',
        data: [],
        readFrom: PRIMARY,
      });
      expect((await get(`/v1/finance/settlements?date=${today}&currency=EUR`, finance).expect(200)).body.data).toEqual(
        [],
      );
      const csv = await get(`/v1/finance/settlements?date=${yesterday}&currency=CNY`, finance, 'text/csv').expect(200);
      expect(parseRfc4180(csv.text)).toHaveLength(1);
      for (const q of [
        'date=2026-02-30&currency=CNY',
        'date=26-1-1&currency=CNY',
        `date=${today}`,
        'currency=CNY',
        `date=${today}&currency=cny`,
        `date=${today}&currency=CNY&x=1`,
      ]) {
        const r = await get(`/v1/finance/settlements?${q}`, finance).expect(400);
        expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(r.body.code).toBe('validation_failed');
      }
      expect((await get(`/v1/finance/settlements?date=${today}&currency=XYZ`, finance).expect(422)).body.code).toBe(
        'unsupported_currency',
      );
    });
  });

  describe('merchant statement', () => {
    it('lists every movement of the day with opening and closing balance, Σ net = closing − opening', async () => {
      const res = await get(`/v1/merchant/statements/${today}`, A.apiKey).expect(200);
      const s = res.body;
      expect(s).toMatchObject({ date: today, currency: 'CNY', openingBalance: '50.00', closingBalance: '53.26' });
      expect(await f.merchantBalance(A.apiKey)).toBe('53.26');
      const payers = Object.fromEntries(
        (
          (await get('/v1/merchant/payments', A.apiKey).expect(200)).body.data as Array<{ id: string; payer: string }>
        ).map((p) => [p.id, p.payer]),
      );
      expect(s.data.map((l: Line) => [l.type, l.amount, l.discount, l.fee, l.net])).toEqual([
        ['payment', '100.00', '10.00', '0.60', '89.40'],
        ['payment', '45.50', '4.55', '0.27', '40.68'],
        ['payment', '12.30', '1.23', '0.07', '11.00'],
        ['refund', '30.00', '3.00', '0.18', '-26.82'],
        ['refund', '12.30', '1.23', '0.07', '-11.00'],
        ['payout', '100.00', '0.00', '0.00', '-100.00'],
      ]);
      const [l1, l2, l3, r1, r2, po] = s.data as Line[];
      expect(l1).toMatchObject({ paymentId: pay.p1.id, codeId: codeA.id, payer: payers[pay.p1.id], balance: '139.40' });
      expect(l1.orderReference).toBeUndefined();
      expect(l2).toMatchObject({
        paymentId: pay.p2.id,
        codeId: orderA.codeId,
        orderReference: 'T1-0042',
        payer: payers[pay.p2.id],
      });
      expect(l3).toMatchObject({ paymentId: pay.p3.id, payer: payers[pay.p3.id] });
      expect(r1).toMatchObject({
        paymentId: pay.p1.id,
        refundId: ref.r1.id,
        codeId: codeA.id,
        payer: payers[pay.p1.id],
      });
      expect(r2).toMatchObject({ paymentId: pay.p3.id, refundId: ref.r2.id });
      expect(po).toMatchObject({ payoutId, balance: '53.26' });
      expect(po.payer).toBeUndefined();
      // pseudonyms: stable per consumer at this merchant, different between consumers
      expect(l1.payer).toMatch(/^payer_/);
      expect(l1.payer).toBe(l2.payer);
      expect(l3.payer).not.toBe(l1.payer);
      // time order, and Σ net = closing − opening
      const at = s.data.map((l: Line) => Date.parse(l.at!));
      expect([...at].sort((x, y) => x - y)).toEqual(at);
      expect(at.every((x: number) => isoDay(x) === today)).toBe(true);
      const m = (v: string) => Money.parse(v, 'CNY', { allowZero: true, allowNegative: true });
      const sum = s.data.reduce((acc: Money, l: Line) => acc.add(m(l.net!)), Money.zero('CNY'));
      expect(sum.format()).toBe(m(s.closingBalance).sub(m(s.openingBalance)).format());
      // a merchant never learns who paid
      for (const k of [k1, k2])
        for (const needle of [k.id, k.name, k.phone, k.phone.slice(1)]) expect(res.text).not.toContain(needle);
    });

    it('yesterday closes where today opens', async () => {
      const s = (await get(`/v1/merchant/statements/${yesterday}`, A.apiKey).expect(200)).body;
      expect(s).toMatchObject({ openingBalance: '0.00', closingBalance: '50.00' });
      expect(s.data).toHaveLength(1);
      expect(s.data[0]).toMatchObject({
        type: 'payout_return',
        payoutId: returnId,
        amount: '50.00',
        discount: '0.00',
        fee: '0.00',
        net: '50.00',
        balance: '50.00',
      });
    });

    it('as CSV: the same lines with the balance after each, no consumer identity', async () => {
      const res = await get(`/v1/merchant/statements/${today}`, A.apiKey, 'text/csv').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      const [header, ...rows] = parseRfc4180(res.text);
      expect(header).toEqual([
        'at',
        'type',
        'paymentId',
        'refundId',
        'payoutId',
        'codeId',
        'orderReference',
        'currency',
        'amount',
        'discount',
        'fee',
        'net',
        'balance',
        'payer',
      ]);
      const json = (await get(`/v1/merchant/statements/${today}`, A.apiKey).expect(200)).body.data as Line[];
      expect(rows).toEqual(
        json.map((l) => [
          l.at,
          l.type,
          l.paymentId ?? '',
          l.refundId ?? '',
          l.payoutId ?? '',
          l.codeId ?? '',
          l.orderReference ?? '',
          'CNY',
          l.amount,
          l.discount,
          l.fee,
          l.net,
          l.balance,
          l.payer ?? '',
        ]),
      );
      // negative amounts are numbers, left as they are
      expect(rows.map((r) => r[11])).toEqual(['89.40', '40.68', '11.00', '-26.82', '-11.00', '-100.00']);
      expect(rows.map((r) => r[12])).toEqual(['139.40', '180.08', '191.08', '164.26', '153.26', '53.26']);
      for (const k of [k1, k2]) for (const needle of [k.id, k.name, k.phone]) expect(res.text).not.toContain(needle);
    });

    it('each merchant sees only its own statement', async () => {
      const s = (await get(`/v1/merchant/statements/${today}`, B.apiKey).expect(200)).body;
      expect(s).toMatchObject({ openingBalance: '0.00', closingBalance: '19.80' });
      expect(s.data).toEqual([
        expect.objectContaining({
          type: 'payment',
          paymentId: pay.p4.id,
          amount: '20.00',
          discount: '0.00',
          fee: '0.20',
          net: '19.80',
        }),
      ]);
      for (const id of [pay.p1.id, pay.p2.id, pay.p3.id, ref.r1.id, payoutId])
        expect(JSON.stringify(s)).not.toContain(id);
    });

    it('a future day is empty at the current balance; a malformed day is 400 validation_failed', async () => {
      expect((await get('/v1/merchant/statements/2999-01-01', A.apiKey).expect(200)).body).toEqual({
        date: '2999-01-01',
        currency: 'CNY',
        openingBalance: '53.26',
        closingBalance: '53.26',
        data: [],
        readFrom: PRIMARY,
      });
      // a merchant that never had money: zero, empty
      const fresh = await f.merchant({ name: 'New Shop' });
      expect((await get(`/v1/merchant/statements/${today}`, fresh.apiKey).expect(200)).body).toEqual({
        date: today,
        currency: 'CNY',
        openingBalance: '0.00',
        closingBalance: '0.00',
        data: [],
        readFrom: PRIMARY,
      });
      for (const bad of ['2026-02-30', '20261126', 'today', '2026-11-26T00:00:00Z', '1969-12-31']) {
        const r = await get(`/v1/merchant/statements/${encodeURIComponent(bad)}`, A.apiKey).expect(400);
        expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(r.body.code).toBe('validation_failed');
      }
    });

    it('is in the OpenAPI document, as JSON and CSV', async () => {
      const doc = (await http().get('/docs-json').expect(200)).body;
      const op = doc.paths['/v1/merchant/statements/{date}'].get;
      expect(Object.keys(op.responses['200'].content).sort()).toEqual(['application/json', 'text/csv']);
      expect(doc.paths['/v1/finance/settlements'].get).toBeDefined();
      expect(doc.paths['/v1/finance/journal'].get).toBeDefined();
    });
  });

  describe('journal export', () => {
    async function postedToday(): Promise<{ entries: string[]; postings: number }> {
      const e = await sql<{ id: string }>(
        t,
        `SELECT id FROM ledger_entries WHERE status = 'posted' AND effective_at >= $1::date AND effective_at < $1::date + 1`,
        [today],
      );
      const p = await sql<{ n: string }>(
        t,
        `SELECT count(*) AS n FROM ledger_postings lp JOIN ledger_entries e ON e.id = lp.entry_id WHERE e.status = 'posted' AND e.effective_at >= $1::date AND e.effective_at < $1::date + 1`,
        [today],
      );
      return { entries: e.map((r) => r.id).sort(), postings: Number(p[0].n) };
    }

    it('JSON: every entry of the day with its postings, each entry balanced, streamed', async () => {
      const res = await get(`/v1/finance/journal?from=${today}&to=${today}`, finance).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['transfer-encoding']).toBe('chunked');
      expect(res.headers['content-length']).toBeUndefined();
      const body = res.body as {
        from: string;
        to: string;
        data: Array<{
          id: string;
          kind: string;
          reference: string;
          effectiveAt: string;
          postings: Array<{ accountCode: string; side: string; amount: string; currency: string }>;
        }>;
      };
      const want = await postedToday();
      expect(body.from).toBe(today);
      expect(body.data.map((e) => e.id).sort()).toEqual(want.entries);
      expect(body.data.reduce((n, e) => n + e.postings.length, 0)).toBe(want.postings);
      for (const e of body.data) {
        const d = e.postings
          .filter((p) => p.side === 'D')
          .reduce((a, p) => a.add(Money.parse(p.amount, p.currency)), Money.zero('CNY'));
        const c = e.postings
          .filter((p) => p.side === 'C')
          .reduce((a, p) => a.add(Money.parse(p.amount, p.currency)), Money.zero('CNY'));
        expect(d.format()).toBe(c.format());
      }
      const kinds = body.data.map((e) => e.kind);
      expect(kinds.filter((k) => k === 'payment')).toHaveLength(4);
      expect(kinds.filter((k) => k === 'refund')).toHaveLength(2);
      expect(kinds).toContain('payout');
      expect(kinds).not.toContain('payout_return'); // yesterday's
      const p1 = body.data.find((e) => e.reference === `payment:${pay.p1.id}`)!;
      expect(p1.postings.map((p) => `${p.accountCode} ${p.side} ${p.amount}`).sort()).toEqual(
        [`consumer:${k1.id}:CNY D 90.00`, `merchant:${A.id}:CNY C 89.40`, 'platform:fee_revenue:CNY C 0.60'].sort(),
      );
      const at = body.data.map((e) => Date.parse(e.effectiveAt));
      expect([...at].sort((x, y) => x - y)).toEqual(at);
    });

    it('CSV: one row per posting, every posting of the period, balanced per entry', async () => {
      const res = await get(`/v1/finance/journal?from=${yesterday}&to=${today}`, finance, 'text/csv').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
      const [header, ...rows] = parseRfc4180(res.text);
      expect(header).toEqual([
        'entryId',
        'kind',
        'reference',
        'effectiveAt',
        'recordedAt',
        'reversesEntryId',
        'postingId',
        'accountId',
        'accountCode',
        'side',
        'amount',
        'currency',
      ]);
      const want = await postedToday();
      const col = (name: string) => header.indexOf(name);
      const todayRows = rows.filter((r) => r[col('effectiveAt')].startsWith(today));
      expect(todayRows).toHaveLength(want.postings);
      expect([...new Set(todayRows.map((r) => r[col('entryId')]))].sort()).toEqual(want.entries);
      expect(rows.filter((r) => r[col('kind')] === 'payout_return')).toHaveLength(2);
      const sums = new Map<string, bigint>();
      for (const r of rows) {
        const v = Money.parse(r[col('amount')], r[col('currency')]).minor;
        sums.set(r[col('entryId')], (sums.get(r[col('entryId')]) ?? 0n) + (r[col('side')] === 'D' ? v : -v));
      }
      for (const [, s] of sums) expect(s).toBe(0n);
      // the posting ids are unique and are all of the period's postings
      expect(new Set(rows.map((r) => r[col('postingId')])).size).toBe(rows.length);
    });

    it('streams a period larger than one batch: every entry once, a well-formed document', async () => {
      // 4,500 entries on a day of their own (several batches of the export), most sharing their timestamp
      const c = new Client({ connectionString: t.db.url });
      await c.connect();
      try {
        await c.query('BEGIN');
        const acc = await c.query(
          `INSERT INTO ledger_accounts (code, name, type, currency, allow_negative)
           VALUES ('test:bulk_a:CNY', 'Bulk A', 'asset', 'CNY', true), ('test:bulk_b:CNY', 'Bulk B', 'liability', 'CNY', true) RETURNING id`,
        );
        const e = await c.query(
          `INSERT INTO ledger_entries (kind, reference, status, content_hash, effective_at)
           SELECT 'test_bulk', 'test_bulk:' || i, 'posted', 'h', timestamptz '2001-02-03 10:00:00+00' + (i % 7) * interval '1 second'
             FROM generate_series(1, 4500) i RETURNING id`,
        );
        await c.query(
          `INSERT INTO ledger_postings (entry_id, account_id, side, amount, currency)
           SELECT e, $2::uuid, 'D', 100, 'CNY' FROM unnest($1::uuid[]) e UNION ALL SELECT e, $3::uuid, 'C', 100, 'CNY' FROM unnest($1::uuid[]) e`,
          [e.rows.map((r) => r.id), acc.rows[0].id, acc.rows[1].id],
        );
        await c.query('COMMIT');
      } finally {
        await c.end();
      }
      const json = await get('/v1/finance/journal?from=2001-02-03&to=2001-02-03', finance).expect(200);
      const ids = (json.body.data as Array<{ id: string; postings: unknown[] }>).map((x) => x.id);
      expect(ids).toHaveLength(4500);
      expect(new Set(ids).size).toBe(4500);
      expect((json.body.data as Array<{ postings: unknown[] }>).every((x) => x.postings.length === 2)).toBe(true);
      const csv = await get('/v1/finance/journal?from=2001-02-03&to=2001-02-03', finance, 'text/csv').expect(200);
      const [, ...rows] = parseRfc4180(csv.text);
      expect(rows).toHaveLength(9000);
      expect(new Set(rows.map((r) => r[0])).size).toBe(4500);
    });

    it('an empty period is an empty document; bad periods are refused', async () => {
      expect((await get('/v1/finance/journal?from=2001-01-01&to=2001-01-31', finance).expect(200)).body).toEqual({
        from: '2001-01-01',
        to: '2001-01-31',
        readFrom: PRIMARY,
        data: [],
      });
      expect(
        parseRfc4180(
          (await get('/v1/finance/journal?from=2001-01-01&to=2001-01-31', finance, 'text/csv').expect(200)).text,
        ),
      ).toHaveLength(1);
      expect((await get(`/v1/finance/journal?from=${today}&to=${yesterday}`, finance).expect(422)).body.code).toBe(
        'invalid_report_period',
      );
      for (const q of [`from=${today}`, `to=${today}`, `from=2026-1-1&to=${today}`, `from=${today}&to=2026-02-30`]) {
        expect((await get(`/v1/finance/journal?${q}`, finance).expect(400)).body.code).toBe('validation_failed');
      }
    });
  });

  describe('authorization', () => {
    const financeRoutes = () => [
      `/v1/finance/settlements?date=${today}&currency=CNY`,
      `/v1/finance/journal?from=${today}&to=${today}`,
    ];

    it('consumers and merchants get 403 on the finance routes; no credential 401; finance and admin 200', async () => {
      for (const path of financeRoutes()) {
        for (const key of [k1.token, A.apiKey]) {
          for (const accept of ['application/json', 'text/csv']) {
            const r = await get(path, key, accept).expect(403);
            expect(r.body.code).toBe('forbidden');
          }
        }
        await http().get(path).expect(401);
        await get(path, finance).expect(200);
        await get(path, f.admin).expect(200);
      }
    });

    it('the statement is for merchants only', async () => {
      for (const key of [k1.token, finance, f.admin])
        expect((await get(`/v1/merchant/statements/${today}`, key).expect(403)).body.code).toBe('forbidden');
      await http().get(`/v1/merchant/statements/${today}`).expect(401);
    });
  });
});
