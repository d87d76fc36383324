import crypto from 'node:crypto';
import { LedgerService, PlatformAccount, WalletAccount } from '@saoma/ledger';
import { Money } from '@saoma/money';
import request from 'supertest';
import { ChartReportsRepository } from '../../../libs/finance/src/reports/chart-reports.repository';
import { FinanceReportsError } from '../../../libs/finance/src/reports/finance-reports-error';
import { bearer, createOperator, fixtures, sql, topUp } from '../../../test/support/api-fixtures';
import { createTestDatabase } from '../../../test/support/test-database';
import { createTestApp, type TestApp } from '../../../test/support/test-app';

/**
 * The reports behind the charts (issue 17), through the real service and
 * PostgreSQL: the merchant's takings by hour and by day in its time zone, the
 * finance console's volume of a day by currency and the safeguarding position
 * day by day. Payments, refunds, top-ups and withdrawals are made through the
 * API, then placed at known instants by their created_at; the ledger history
 * of earlier days is posted with its effective time. Every figure is worked
 * out by hand below.
 */

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const PRIMARY = { replica: false, lagSeconds: 0 };
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
const dayInZone = (tz: string, t: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(t),
  );
const addDays = (date: string, n: number) => isoDay(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS);

/** Waits past a midnight of UTC or of Shanghai (16:00 UTC) when one is closer than two minutes: "today" stays one day. */
async function awayFromMidnights(marginMs = 120_000): Promise<void> {
  for (const offset of [0, 16 * HOUR_MS]) {
    const toMidnight = DAY_MS - ((Date.now() - offset + DAY_MS) % DAY_MS);
    if (toMidnight < marginMs) await new Promise((r) => setTimeout(r, toMidnight + 1000));
  }
}

interface Takings {
  payments: number;
  amount: string;
  fees: string;
  refunds: number;
  refunded: string;
}
const ZERO: Takings = { payments: 0, amount: '0.00', fees: '0.00', refunds: 0, refunded: '0.00' };

/** The 24 hours of a day: zeros except the given ones. */
const hoursWith = (filled: Record<number, Takings>) =>
  Array.from({ length: 24 }, (_, hour) => ({ hour, ...(filled[hour] ?? ZERO) }));

/** Every day from `from` to `to`: zeros except the given ones. */
function daysWith(from: string, to: string, filled: Record<string, Takings>) {
  const out: Array<{ date: string } & Takings> = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push({ date: d, ...(filled[d] ?? ZERO) });
  return out;
}

describe('chart reports', () => {
  let t: TestApp;
  let f: ReturnType<typeof fixtures>;
  let finance: string;
  const http = () => request(t.http);
  const get = (path: string, key: string) => http().get(path).set('Authorization', `Bearer ${key}`);

  let A: { id: string; apiKey: string };
  let B: { id: string; apiKey: string };
  /** The UTC day the payments are placed on: three days ago. */
  let D: string;
  let today: string;
  const pay: Record<string, { id: string }> = {};
  let refundId: string;

  const at = (day: string, hhmm: string) => `${day}T${hhmm}:00.000Z`;

  beforeAll(async () => {
    await awayFromMidnights();
    t = await createTestApp();
    f = fixtures(t);
    finance = (await createOperator(t, 'finance')).apiKey;
    today = isoDay(Date.now());
    D = addDays(today, -3);

    A = await f.merchant({ name: 'Lanzhou Noodles', feeRate: '0.006' });
    B = await f.merchant({ name: 'Tea House', feeRate: '0.01' });
    const k1 = await f.consumer('Li Lei');
    const k2 = await f.consumer('Han Meimei');
    const k3 = await f.consumer('Wang Fang');
    const top1 = (await topUp(t, k1.id, '1000.00')).body;
    const top2 = (await topUp(t, k2.id, '200.00')).body;
    const top3 = (await topUp(t, k1.id, '80.00', 'EUR')).body;
    await topUp(t, k3.id, '10.00'); // stays today
    const codeA = await f.code(A.apiKey);
    const codeB = await f.code(B.apiKey);

    // A, fee 0.6 %: p1 100.00 fee 0.60, p2 45.50 fee 0.27, p3 12.30 fee 0.07; B, fee 1 %: p4 20.00 fee 0.20
    pay.p1 = await f.scanAndPay(k1.token, codeA.payload, '100.00');
    pay.p2 = await f.scanAndPay(k1.token, codeA.payload, '45.50');
    pay.p3 = await f.scanAndPay(k2.token, codeA.payload, '12.30');
    pay.p4 = await f.scanAndPay(k1.token, codeB.payload, '20.00');
    // r1 30.00 of p1: fee back 0.18
    refundId = (await f.refund(A.apiKey, pay.p1.id, '30.00').expect(201)).body.id;
    const w = await f.withdraw(k2.token, '50.00');

    // placed on day D (UTC): 09:15, 09:40 and 23:30 for A (23:30 UTC is 07:30 of D+1 in Shanghai), B at 09:20, the refund at 14:05
    const place = (table: string, id: string, when: string) =>
      sql(t, `UPDATE ${table} SET created_at = $2 WHERE id = $1`, [id, when]);
    await place('payments', pay.p1.id, at(D, '09:15'));
    await place('payments', pay.p2.id, at(D, '09:40'));
    await place('payments', pay.p3.id, at(D, '23:30'));
    await place('payments', pay.p4.id, at(D, '09:20'));
    await place('refunds', refundId, at(D, '14:05'));
    await place('topups', top1.id, at(D, '08:00'));
    await place('topups', top2.id, at(D, '08:30'));
    await place('topups', top3.id, at(D, '08:45'));
    await place('withdrawals', w.id, at(D, '10:00'));
  }, 180_000);
  afterAll(() => t?.close());

  describe('merchant: takings by hour', () => {
    it('puts each payment and refund of the day in its UTC hour, with counts, gross amounts and fees; zeros elsewhere', async () => {
      const res = await get(`/v1/merchant/reports/hourly?date=${D}&tz=UTC`, A.apiKey).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({
        date: D,
        tz: 'UTC',
        currency: 'CNY',
        hours: hoursWith({
          9: { payments: 2, amount: '145.50', fees: '0.87', refunds: 0, refunded: '0.00' },
          14: { payments: 0, amount: '0.00', fees: '-0.18', refunds: 1, refunded: '30.00' },
          23: { payments: 1, amount: '12.30', fees: '0.07', refunds: 0, refunded: '0.00' },
        }),
        readFrom: PRIMARY,
      });
    });

    it('shifts the hours with the time zone: 23:30 UTC is hour 7 of the next day in Asia/Shanghai', async () => {
      const day = await get(`/v1/merchant/reports/hourly?date=${D}&tz=Asia/Shanghai`, A.apiKey).expect(200);
      expect(day.body).toEqual({
        date: D,
        tz: 'Asia/Shanghai',
        currency: 'CNY',
        hours: hoursWith({
          17: { payments: 2, amount: '145.50', fees: '0.87', refunds: 0, refunded: '0.00' },
          22: { payments: 0, amount: '0.00', fees: '-0.18', refunds: 1, refunded: '30.00' },
        }),
        readFrom: PRIMARY,
      });
      const next = await get(`/v1/merchant/reports/hourly?date=${addDays(D, 1)}&tz=Asia/Shanghai`, A.apiKey).expect(
        200,
      );
      expect(next.body.hours).toEqual(
        hoursWith({ 7: { payments: 1, amount: '12.30', fees: '0.07', refunds: 0, refunded: '0.00' } }),
      );
      // west of UTC: 09:15 UTC is 04:15 in New York (EST in winter, EDT in summer: 05:15)
      const ny = await get(`/v1/merchant/reports/hourly?date=${D}&tz=America/New_York`, A.apiKey).expect(200);
      const nyOffset = Number(
        new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: 'numeric', hourCycle: 'h23' }).format(
          new Date(at(D, '09:15')),
        ),
      );
      expect(ny.body.hours.filter((h: Takings) => h.payments > 0 || h.refunds > 0)).toEqual([
        { hour: nyOffset, payments: 2, amount: '145.50', fees: '0.87', refunds: 0, refunded: '0.00' },
        { hour: nyOffset + 5, payments: 0, amount: '0.00', fees: '-0.18', refunds: 1, refunded: '30.00' },
        { hour: nyOffset + 14, payments: 1, amount: '12.30', fees: '0.07', refunds: 0, refunded: '0.00' },
      ]);
    });

    it('shows a merchant only its own payments', async () => {
      const res = await get(`/v1/merchant/reports/hourly?date=${D}&tz=UTC`, B.apiKey).expect(200);
      expect(res.body.hours).toEqual(
        hoursWith({ 9: { payments: 1, amount: '20.00', fees: '0.20', refunds: 0, refunded: '0.00' } }),
      );
      // no query parameter names another merchant
      const sneaky = await get(`/v1/merchant/reports/hourly?date=${D}&merchantId=${A.id}`, B.apiKey).expect(400);
      expect(sneaky.body.code).toBe('validation_failed');
    });

    it('defaults to today in UTC; all 24 hours are there on a day the clocks change', async () => {
      const res = await get('/v1/merchant/reports/hourly', A.apiKey).expect(200);
      expect(res.body).toMatchObject({ date: today, tz: 'UTC', currency: 'CNY', hours: hoursWith({}) });
      const sh = await get('/v1/merchant/reports/hourly?tz=Asia/Shanghai', A.apiKey).expect(200);
      expect(sh.body.date).toBe(dayInZone('Asia/Shanghai', Date.now()));
      for (const date of ['2026-10-25', '2026-03-29']) {
        const dst = await get(`/v1/merchant/reports/hourly?date=${date}&tz=Europe/Paris`, A.apiKey).expect(200);
        expect(dst.body.hours.map((h: { hour: number }) => h.hour)).toEqual(Array.from({ length: 24 }, (_, i) => i));
      }
    });
  });

  describe('merchant: takings by day', () => {
    it('gives every UTC day of the period, oldest first, with the day’s payments and refunds', async () => {
      const res = await get('/v1/merchant/reports/daily?days=7&tz=UTC', A.apiKey).expect(200);
      const from = addDays(today, -6);
      expect(res.body).toEqual({
        tz: 'UTC',
        currency: 'CNY',
        from,
        to: today,
        days: daysWith(from, today, {
          [D]: { payments: 3, amount: '157.80', fees: '0.76', refunds: 1, refunded: '30.00' },
        }),
        readFrom: PRIMARY,
      });
    });

    it('shifts the days with the time zone', async () => {
      const res = await get('/v1/merchant/reports/daily?days=7&tz=Asia/Shanghai', A.apiKey).expect(200);
      const to = dayInZone('Asia/Shanghai', Date.now());
      const from = addDays(to, -6);
      expect(res.body).toEqual({
        tz: 'Asia/Shanghai',
        currency: 'CNY',
        from,
        to,
        days: daysWith(from, to, {
          [D]: { payments: 2, amount: '145.50', fees: '0.69', refunds: 1, refunded: '30.00' },
          [addDays(D, 1)]: { payments: 1, amount: '12.30', fees: '0.07', refunds: 0, refunded: '0.00' },
        }),
        readFrom: PRIMARY,
      });
    });

    it('defaults to 30 UTC days; a merchant sees only its own', async () => {
      const a = await get('/v1/merchant/reports/daily', A.apiKey).expect(200);
      expect(a.body.tz).toBe('UTC');
      expect(a.body.days).toHaveLength(30);
      expect(a.body.days[29].date).toBe(today);
      expect(a.body.days[0].date).toBe(addDays(today, -29));
      const b = await get('/v1/merchant/reports/daily?days=90', B.apiKey).expect(200);
      expect(b.body.days).toHaveLength(90);
      expect(b.body.days.filter((d: Takings) => d.payments > 0 || d.refunds > 0)).toEqual([
        { date: D, payments: 1, amount: '20.00', fees: '0.20', refunds: 0, refunded: '0.00' },
      ]);
    });
  });

  describe('refused queries', () => {
    const cases: Array<[string, string]> = [
      ['hourly', 'tz=Mars/Olympus_Mons'],
      ['hourly', 'tz=%2B08:00'],
      ['hourly', 'tz=CST'],
      ['hourly', 'tz=UTC%2B8'],
      ['hourly', 'tz=asia/shanghai'],
      ['hourly', `tz=${encodeURIComponent("Asia/Shanghai'; SELECT 1; --")}`],
      ['hourly', 'date=2026-02-30'],
      ['hourly', 'date=yesterday'],
      ['hourly', 'date=2026-1-5'],
      ['daily', 'days=0'],
      ['daily', 'days=91'],
      ['daily', 'days=abc'],
      ['daily', 'days=1.5'],
      ['daily', 'days=-3'],
      ['daily', 'days=0x1e'],
      ['daily', 'days=1e1'],
      ['daily', 'tz=Europe/Atlantis'],
    ];
    it.each(cases)('merchant %s?%s → 400 problem', async (route, query) => {
      const res = await get(`/v1/merchant/reports/${route}?${query}`, A.apiKey).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 400, code: 'validation_failed' });
    });

    it('a zone the database does not know is invalid_time_zone, never a 500', async () => {
      const repo = t.app.get(ChartReportsRepository);
      const err = await repo.merchantBuckets(A.id, 'Mars/Olympus_Mons', D, D, 'hour').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FinanceReportsError);
      expect(err).toMatchObject({ code: 'invalid_time_zone' });
    });

    const financeCases: Array<[string, string, number, string]> = [
      ['volume', 'date=2026-13-01', 400, 'validation_failed'],
      ['volume', 'date=26-11-26', 400, 'validation_failed'],
      ['safeguarding', 'currency=CNY&days=0', 400, 'validation_failed'],
      ['safeguarding', 'currency=CNY&days=91', 400, 'validation_failed'],
      ['safeguarding', 'currency=CNY&days=ten', 400, 'validation_failed'],
      ['safeguarding', 'days=7', 400, 'validation_failed'],
      ['safeguarding', 'currency=cny', 400, 'validation_failed'],
      ['safeguarding', 'currency=XYZ', 422, 'unsupported_currency'],
    ];
    it.each(financeCases)('finance %s?%s → %d %s', async (route, query, status, code) => {
      const res = await get(`/v1/finance/reports/${route}?${query}`, finance).expect(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status, code });
    });
  });

  describe('finance: volume of a day by currency', () => {
    it('counts and sums the day’s payments, refunds, top-ups and withdrawals per currency', async () => {
      const res = await get(`/v1/finance/reports/volume?date=${D}`, finance).expect(200);
      expect(res.body).toEqual({
        date: D,
        currencies: [
          {
            currency: 'CNY',
            payments: 4,
            paymentAmount: '177.80',
            refunds: 1,
            refundAmount: '30.00',
            topups: 2,
            topupAmount: '1200.00',
            withdrawals: 1,
            withdrawalAmount: '50.00',
          },
          {
            currency: 'EUR',
            payments: 0,
            paymentAmount: '0.00',
            refunds: 0,
            refundAmount: '0.00',
            topups: 1,
            topupAmount: '80.00',
            withdrawals: 0,
            withdrawalAmount: '0.00',
          },
        ],
        readFrom: PRIMARY,
      });
    });

    it('matches what the tables hold for the day, and defaults to today', async () => {
      const [expected] = await sql<{ n: string; s: string }>(
        t,
        `SELECT count(*)::text AS n, sum(amount)::text AS s FROM payments WHERE created_at >= ($1::date)::timestamp AT TIME ZONE 'UTC' AND created_at < ($1::date + 1)::timestamp AT TIME ZONE 'UTC' AND currency = 'CNY'`,
        [D],
      );
      const res = await get(`/v1/finance/reports/volume?date=${D}`, f.admin).expect(200);
      expect(res.body.currencies[0].payments).toBe(Number(expected.n));
      expect(Money.parse(res.body.currencies[0].paymentAmount, 'CNY').minor).toBe(BigInt(expected.s));

      const now = await get('/v1/finance/reports/volume', finance).expect(200);
      expect(now.body).toEqual({
        date: today,
        currencies: [
          {
            currency: 'CNY',
            payments: 0,
            paymentAmount: '0.00',
            refunds: 0,
            refundAmount: '0.00',
            topups: 1,
            topupAmount: '10.00',
            withdrawals: 0,
            withdrawalAmount: '0.00',
          },
        ],
        readFrom: PRIMARY,
      });
      const quiet = await get(`/v1/finance/reports/volume?date=${addDays(D, -1)}`, finance).expect(200);
      expect(quiet.body.currencies).toEqual([]);
    });
  });

  describe('finance: safeguarding position day by day', () => {
    let history: Promise<void> | undefined;
    /**
     * The ledger of earlier days (effective at noon UTC), on a wallet pair of
     * its own: day −5 a top-up of 500.00; day −4 a payment of 100.00 (fee
     * 1.00) and a transfer of 20.00 held for a phone; day −2 a payout of 50.00
     * and a platform-funded discount of 2.00.
     */
    const postHistory = () =>
      (history ??= (async () => {
        const ledger = t.app.get(LedgerService);
        const c = 'CNY';
        const consumer = await ledger.ensureAccount(WalletAccount.consumer(crypto.randomUUID(), c));
        const merchant = await ledger.ensureAccount(WalletAccount.merchant(crypto.randomUUID(), c));
        const bank = await ledger.ensureAccount(PlatformAccount.bank(c));
        const fee = await ledger.ensureAccount(PlatformAccount.feeRevenue(c));
        const marketing = await ledger.ensureAccount(PlatformAccount.marketingExpense(c));
        const transfers = await ledger.ensureAccount(PlatformAccount.transfersInTransit(c));
        const payouts = await ledger.ensureAccount(PlatformAccount.payoutsInTransit(c));
        const m = (v: string) => Money.parse(v, c);
        const post = (kind: string, day: number, hh: string, postings: Array<[string, 'D' | 'C', string]>) =>
          ledger.post({
            kind,
            reference: `${kind}:history-${crypto.randomUUID()}`,
            effectiveAt: new Date(at(addDays(today, day), hh)),
            postings: postings.map(([accountId, side, amount]) => ({ accountId, side, amount: m(amount) })),
          });
        await post('history_topup', -5, '12:00', [
          [bank.id, 'D', '500.00'],
          [consumer.id, 'C', '500.00'],
        ]);
        await post('history_payment', -4, '12:00', [
          [consumer.id, 'D', '100.00'],
          [merchant.id, 'C', '99.00'],
          [fee.id, 'C', '1.00'],
        ]);
        await post('history_transfer', -4, '13:00', [
          [consumer.id, 'D', '20.00'],
          [transfers.id, 'C', '20.00'],
        ]);
        await post('history_payout', -2, '12:00', [
          [merchant.id, 'D', '50.00'],
          [payouts.id, 'C', '50.00'],
        ]);
        await post('history_discount', -2, '13:00', [
          [marketing.id, 'D', '2.00'],
          [consumer.id, 'C', '2.00'],
        ]);
      })());

    it('gives each UTC day’s end-of-day position, oldest first; the difference is 0 every day', async () => {
      await postHistory();
      const res = await get('/v1/finance/reports/safeguarding?days=7&currency=CNY', finance).expect(200);
      const day = (n: number) => addDays(today, n);
      const zero = '0.00';
      const pos = (
        date: string,
        consumerFunds: string,
        merchantFunds: string,
        heldForPeople: string,
        inTransit: string,
        customerFunds: string,
        bankBalance: string,
        ownFunds: string,
      ) => ({
        date,
        customerFunds,
        consumerFunds,
        merchantFunds,
        heldForPeople,
        inTransit,
        bankBalance,
        ownFunds,
        difference: zero,
      });
      // today (the API's activity, all of it recorded today): top-ups 1000 + 200 + 10 in, withdrawal 50 out to
      // transit, payments 177.80 from consumers to merchants less fees 1.14, refund 30.00 back less fee 0.18 back
      //   consumers 382 + 1210 − 177.80 + 30.00 − 50 = 1394.20; merchants 49 + 176.66 − 29.82 = 195.84
      //   in transit 50 + 50 = 100; bank 500 + 1210 = 1710; own −1.00 + 0.96 = −0.04
      expect(res.body).toEqual({
        currency: 'CNY',
        from: day(-6),
        to: today,
        days: [
          pos(day(-6), zero, zero, zero, zero, zero, zero, zero),
          pos(day(-5), '500.00', zero, zero, zero, '500.00', '500.00', zero),
          pos(day(-4), '380.00', '99.00', '20.00', zero, '499.00', '500.00', '1.00'),
          pos(day(-3), '380.00', '99.00', '20.00', zero, '499.00', '500.00', '1.00'),
          pos(day(-2), '382.00', '49.00', '20.00', '50.00', '501.00', '500.00', '-1.00'),
          pos(day(-1), '382.00', '49.00', '20.00', '50.00', '501.00', '500.00', '-1.00'),
          pos(today, '1394.20', '195.84', '20.00', '100.00', '1710.04', '1710.00', '-0.04'),
        ],
        readFrom: PRIMARY,
      });
    });

    it('ends on the reconciliation’s customer funds and bank balance, in each currency', async () => {
      await postHistory();
      for (const currency of ['CNY', 'EUR']) {
        const res = await get(`/v1/finance/reports/safeguarding?currency=${currency}`, finance).expect(200);
        expect(res.body.days).toHaveLength(30);
        expect(res.body.from).toBe(addDays(today, -29));
        for (let i = 0; i < 30; i++) {
          expect(res.body.days[i].date).toBe(addDays(today, i - 29));
          expect(res.body.days[i].difference).toBe('0.00');
        }
        const recon = await get(`/v1/finance/reconciliation?date=${today}&currency=${currency}`, finance).expect(200);
        const r = recon.body.currencies.find((x: { currency: string }) => x.currency === currency);
        const m = (v: string) => Money.parse(v, currency, { allowZero: true, allowNegative: true });
        const last = res.body.days[29];
        expect(last.bankBalance).toBe(r.bankBalance);
        expect(m(last.consumerFunds).add(m(last.merchantFunds)).format()).toBe(r.customerFunds);
        expect(last.customerFunds).toBe(
          m(r.customerFunds).add(m(r.inTransit)).add(m(r.transfersInTransit)).add(m(r.envelopesInTransit)).format(),
        );
        expect(last.ownFunds).toBe(
          m(r.feeRevenue)
            .sub(m(r.marketingExpense))
            .add(m(r.otherCreditBalances))
            .sub(m(r.otherDebitBalances))
            .format(),
        );
        expect(last.difference).toBe(r.difference);
        if (currency === 'EUR') expect([last.customerFunds, last.bankBalance]).toEqual(['80.00', '80.00']);
      }
    });

    it('is the same whichever way it is computed: the window from postings against the running balance of every day', async () => {
      await postHistory();
      const res = await get('/v1/finance/reports/safeguarding?days=10&currency=CNY', finance).expect(200);
      // by brute force: every posting of an entry effective before each day's end
      for (const d of res.body.days as Array<{ date: string; customerFunds: string; bankBalance: string }>) {
        const [row] = await sql<{ customer: string; bank: string }>(
          t,
          `SELECT coalesce(sum(CASE WHEN lp.side = 'C' THEN lp.amount ELSE -lp.amount END)
                    FILTER (WHERE a.owner_type IN ('consumer', 'merchant')
                               OR a.code IN ('platform:transfers_in_transit:CNY', 'platform:envelopes_in_transit:CNY', 'platform:payouts_in_transit:CNY')), 0)::text AS customer,
                  coalesce(sum(CASE WHEN lp.side = 'D' THEN lp.amount ELSE -lp.amount END) FILTER (WHERE a.code = 'platform:bank:CNY'), 0)::text AS bank
             FROM ledger_postings lp JOIN ledger_entries e ON e.id = lp.entry_id JOIN ledger_accounts a ON a.id = lp.account_id
            WHERE lp.currency = 'CNY' AND e.effective_at < ($1::date + 1)::timestamp AT TIME ZONE 'UTC'`,
          [d.date],
        );
        expect({ date: d.date, customer: d.customerFunds, bank: d.bankBalance }).toEqual({
          date: d.date,
          customer: Money.of(BigInt(row.customer), 'CNY').format(),
          bank: Money.of(BigInt(row.bank), 'CNY').format(),
        });
      }
    });
  });

  describe('on a read database (READ_DATABASE_URL)', () => {
    let withReplica: TestApp;
    let replicaDb: Awaited<ReturnType<typeof createTestDatabase>>;
    beforeAll(async () => {
      replicaDb = await createTestDatabase();
      withReplica = await createTestApp({ READ_DATABASE_URL: replicaDb.url });
    });
    afterAll(async () => {
      await withReplica?.close().catch(() => undefined);
      await replicaDb?.drop();
    });

    it('reads every chart report from the read database and says so', async () => {
      const g = fixtures(withReplica);
      const m = await g.merchant({ name: 'Replica Tea' });
      const code = await g.code(m.apiKey);
      const c = await g.consumer('Lu Xun');
      await g.topup(c.id, '50.00');
      await g.scanAndPay(c.token, code.payload, '12.00');
      const replica = { replica: true, lagSeconds: 0 };
      const admin = bearer(g.admin);
      // the read database (a copy taken before any of it) knows none of it: the reports came from there
      const v = await request(withReplica.http)
        .get('/v1/finance/reports/volume')
        .set(...admin)
        .expect(200);
      expect(v.body).toEqual({ date: isoDay(Date.now()), currencies: [], readFrom: replica });
      const s = await request(withReplica.http)
        .get('/v1/finance/reports/safeguarding?days=2&currency=CNY')
        .set(...admin)
        .expect(200);
      expect(s.body.readFrom).toEqual(replica);
      expect(s.body.days.map((d: { bankBalance: string }) => d.bankBalance)).toEqual(['0.00', '0.00']);
      // the merchant is not on the read database yet
      const h = await request(withReplica.http)
        .get('/v1/merchant/reports/hourly')
        .set(...bearer(m.apiKey))
        .expect(404);
      expect(h.body.code).toBe('merchant_not_found');
      // the primary has it all
      const [row] = await sql<{ n: string }>(withReplica, `SELECT count(*)::text AS n FROM payments`);
      expect(row.n).toBe('1');
    });
  });
});
