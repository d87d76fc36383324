import request from 'supertest';
import { DataSource } from 'typeorm';
import { ReconciliationRepository } from '../../../libs/finance/src/treasury/reconciliation.repository';
import { parseRfc4180 } from '../../../libs/finance/test/reports/rfc4180';
import { fixtures, createOperator } from '../../../test/support/api-fixtures';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import { awayFromUtcMidnight } from '../../../test/support/utc-day';

/**
 * The golden day: one UTC day scripted through the public API only, and the
 * three files finance lives by (settlement CSV, the merchant's statement,
 * the reconciliation report) compared line by line with figures worked out
 * by hand in the comments below. Nothing here is computed by the code under test.
 *
 *   Lanzhou Noodles (A): fee 0.6 %, 10 % off funded by the merchant
 *   Tea House (B):       fee 1 %,   5.00 off funded by the platform
 *
 *   top-ups    k1 500.00, k2 300.00                          bank +800.00
 *   p1 k1→A 120.00 (static code)  discount 12.00 charged 108.00  fee 0.72  A +107.28
 *   p2 k2→A  45.50 (order T1-0042) discount 4.55 charged  40.95  fee 0.273→0.27  A +40.68
 *   p3 k1→B  80.00                discount 5.00 charged  75.00  fee 0.80  B +79.20
 *   p4 k2→B  33.33                discount 5.00 charged  28.33  fee 0.3333→0.33  B +33.00
 *   r1 A refunds 50.00 of p1 (partial): fee back 0.72×50/120 = 0.30, discount back 5.00,
 *      k1 +45.00, A −44.70
 *   r2 B refunds all 80.00 of p3: fee back 0.80, the platform's 5.00 back to marketing,
 *      k1 +75.00, B −79.20
 *   withdrawal k1 100.00
 *   wallets    k1 500 − 108 − 75 + 45 + 75 − 100 = 337.00; k2 300 − 40.95 − 28.33 = 230.72
 *   merchants  A 107.28 + 40.68 − 44.70 = 103.26;       B 79.20 + 33.00 − 79.20 = 33.00
 *   payout run A 103.26, B 33.00, the withdrawal 100.00; the bank statement confirms all three
 *   bank       800.00 − 236.26 = 563.74
 *   fees       0.72 + 0.27 + 0.80 + 0.33 − 0.30 − 0.80 = 1.02
 *   marketing  5.00 + 5.00 − 5.00 = 5.00
 *   check      customer funds 567.72 + in transit 0 + fees 1.02 − marketing 5.00 = 563.74 = bank
 */

const DAY_MS = 86_400_000;

describe('the golden day', () => {
  let t: TestApp;
  let f: ReturnType<typeof fixtures>;
  let fin: string;
  let day: string;
  const http = () => request(t.http);
  const get = (path: string, key: string, accept = 'application/json') =>
    http().get(path).set('Authorization', `Bearer ${key}`).set('Accept', accept);

  let A: { id: string; apiKey: string };
  let B: { id: string; apiKey: string };
  let k1: { id: string; token: string; phone: string; name: string };
  let k2: { id: string; token: string; phone: string; name: string };
  let codeA: { id: string; payload: string };
  let orderA: { codeId: string; payload: string };
  const p: Record<string, { id: string; charged: string; discount: string }> = {};
  const r: Record<string, { id: string }> = {};
  let withdrawal: { id: string };
  let run: Array<{
    id: string;
    merchantId?: string;
    withdrawalId?: string;
    amount: string;
    endToEndReference: string;
    status: string;
  }>;
  let statement: { lines: number; matched: number; unmatched: unknown[] };
  const bankRefs: string[] = [];

  beforeAll(async () => {
    await awayFromUtcMidnight();
    t = await createTestApp();
    f = fixtures(t);
    fin = (await createOperator(t, 'finance')).apiKey;
    day = new Date().toISOString().slice(0, 10);
    const now = Date.now();
    const window = { startsAt: new Date(now - 60_000).toISOString(), endsAt: new Date(now + 3_600_000).toISOString() };

    A = await f.merchant({ name: 'Lanzhou Noodles', feeRate: '0.006' });
    B = await f.merchant({ name: 'Tea House', feeRate: '0.01' });
    await f.promotion({ merchantId: A.id, fundedBy: 'merchant', percentOff: '10', ...window });
    await f.promotion({ merchantId: B.id, fundedBy: 'platform', amountOff: '5.00', ...window });
    k1 = await f.consumer('Li Lei');
    k2 = await f.consumer('Han Meimei');
    bankRefs.push((await f.topup(k1.id, '500.00')).bankReference, (await f.topup(k2.id, '300.00')).bankReference);

    codeA = await f.code(A.apiKey, { label: 'Counter 1' });
    orderA = await f.order(A.apiKey, '45.50', 'T1-0042');
    const codeB = await f.code(B.apiKey, { label: 'Till' });
    p.p1 = await f.scanAndPay(k1.token, codeA.payload, '120.00');
    p.p2 = await f.scanAndPay(k2.token, orderA.payload);
    p.p3 = await f.scanAndPay(k1.token, codeB.payload, '80.00');
    p.p4 = await f.scanAndPay(k2.token, codeB.payload, '33.33');
    r.r1 = (await f.refund(A.apiKey, p.p1.id, '50.00').expect(201)).body;
    r.r2 = (await f.refund(B.apiKey, p.p3.id, '80.00').expect(201)).body;
    withdrawal = await f.withdraw(k1.token, '100.00');

    run = (
      await http().post('/v1/finance/payouts').set('Authorization', `Bearer ${fin}`).send({ date: day }).expect(201)
    ).body.data;
    const e2e = (pred: (x: (typeof run)[number]) => boolean) => run.find(pred)!.endToEndReference;
    const csv = [
      'date,amount,currency,direction,reference,counterparty',
      `${day},500.00,CNY,credit,${bankRefs[0]},Li Lei`,
      `${day},300.00,CNY,credit,${bankRefs[1]},Han Meimei`,
      `${day},103.26,CNY,debit,${e2e((x) => x.merchantId === A.id)},Lanzhou Noodles`,
      `${day},33.00,CNY,debit,${e2e((x) => x.merchantId === B.id)},Tea House`,
      `${day},100.00,CNY,debit,${e2e((x) => x.withdrawalId === withdrawal.id)},Li Lei`,
      '',
    ].join('\n');
    statement = (
      await http()
        .post('/v1/finance/bank-statements')
        .set('Authorization', `Bearer ${fin}`)
        .set('Content-Type', 'text/csv')
        .send(csv)
        .expect(201)
    ).body;
  }, 180_000);
  afterAll(() => t?.close());

  it('moves the money the script says: charges, wallets, payout run and bank statement', async () => {
    expect([p.p1, p.p2, p.p3, p.p4].map((x) => [x.charged, x.discount])).toEqual([
      ['108.00', '12.00'],
      ['40.95', '4.55'],
      ['75.00', '5.00'],
      ['28.33', '5.00'],
    ]);
    expect(await f.wallet(k1.token)).toBe('337.00');
    expect(await f.wallet(k2.token)).toBe('230.72');
    expect(await f.merchantBalance(A.apiKey)).toBe('0.00');
    expect(await f.merchantBalance(B.apiKey)).toBe('0.00');
    expect(run.map((x) => [x.merchantId ?? `withdrawal:${x.withdrawalId}`, x.amount, x.status]).sort()).toEqual(
      [
        [A.id, '103.26', 'pending'],
        [B.id, '33.00', 'pending'],
        [`withdrawal:${withdrawal.id}`, '100.00', 'pending'],
      ].sort(),
    );
    expect(statement).toMatchObject({ lines: 5, matched: 5, unmatched: [] });
    const paid = (await get('/v1/finance/payouts?status=paid', fin).expect(200)).body.data as Array<{ id: string }>;
    expect(paid.map((x) => x.id).sort()).toEqual(run.map((x) => x.id).sort());
  });

  it('settlement CSV, line by line', async () => {
    const res = await get(`/v1/finance/settlements?date=${day}&currency=CNY`, fin, 'text/csv').expect(200);
    const rows = [
      // A: gross 120 + 45.50; discounts 12 + 4.55 − 5.00; refunds 50; fees 0.72 + 0.27 − 0.30; net 165.50 − 11.55 − 50 − 0.69
      [day, 'CNY', A.id, 'Lanzhou Noodles', '2', '165.50', '11.55', '50.00', '0.69', '103.26'],
      // B: the platform funds the discount; fees 0.80 + 0.33 − 0.80; net 113.33 − 80 − 0.33
      [day, 'CNY', B.id, 'Tea House', '2', '113.33', '0.00', '80.00', '0.33', '33.00'],
    ].sort((x, y) => (x[2] < y[2] ? -1 : 1));
    const expected =
      [
        'date,currency,merchantId,merchantName,paymentCount,gross,discounts,refunds,fees,net',
        ...rows.map((x) => x.join(',')),
      ].join('\r\n') + '\r\n';
    expect(res.text.split('\r\n')).toEqual(expected.split('\r\n'));
  });

  it('merchant statement of Lanzhou Noodles, line by line, JSON and CSV', async () => {
    const json = (await get(`/v1/merchant/statements/${day}`, A.apiKey).expect(200)).body;
    expect(json).toMatchObject({ date: day, currency: 'CNY', openingBalance: '0.00', closingBalance: '0.00' });
    const payer = (await get('/v1/merchant/payments', A.apiKey).expect(200)).body.data as Array<{
      id: string;
      payer: string;
    }>;
    const payerOf = (id: string) => payer.find((x) => x.id === id)!.payer;
    const payoutA = run.find((x) => x.merchantId === A.id)!;
    // type, paymentId, refundId, payoutId, codeId, orderReference, currency, amount, discount, fee, net, balance, payer
    const expected = [
      [
        'payment',
        p.p1.id,
        '',
        '',
        codeA.id,
        '',
        'CNY',
        '120.00',
        '12.00',
        '0.72',
        '107.28',
        '107.28',
        payerOf(p.p1.id),
      ],
      [
        'payment',
        p.p2.id,
        '',
        '',
        orderA.codeId,
        'T1-0042',
        'CNY',
        '45.50',
        '4.55',
        '0.27',
        '40.68',
        '147.96',
        payerOf(p.p2.id),
      ],
      [
        'refund',
        p.p1.id,
        r.r1.id,
        '',
        codeA.id,
        '',
        'CNY',
        '50.00',
        '5.00',
        '0.30',
        '-44.70',
        '103.26',
        payerOf(p.p1.id),
      ],
      ['payout', '', '', payoutA.id, '', '', 'CNY', '103.26', '0.00', '0.00', '-103.26', '0.00', ''],
    ];
    const csv = await get(`/v1/merchant/statements/${day}`, A.apiKey, 'text/csv').expect(200);
    const [header, ...rows] = parseRfc4180(csv.text);
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
    expect(rows.map((row) => row.slice(1))).toEqual(expected);
    expect(rows.map((row) => row[0].slice(0, 10))).toEqual([day, day, day, day]);
    expect(json.data.map((l: { at: string }) => l.at)).toEqual(rows.map((row) => row[0]));
    // two payers, two pseudonyms, neither a name nor a phone
    expect(payerOf(p.p1.id)).not.toBe(payerOf(p.p2.id));
    for (const k of [k1, k2]) for (const needle of [k.id, k.name, k.phone]) expect(csv.text).not.toContain(needle);
  });

  it('merchant statement of Tea House: the full refund takes back the net, the platform keeps its discount', async () => {
    const csv = await get(`/v1/merchant/statements/${day}`, B.apiKey, 'text/csv').expect(200);
    const rows = parseRfc4180(csv.text)
      .slice(1)
      .map((row) => [row[1], row[8], row[9], row[10], row[11], row[12]]);
    expect(rows).toEqual([
      ['payment', '80.00', '0.00', '0.80', '79.20', '79.20'],
      ['payment', '33.33', '0.00', '0.33', '33.00', '112.20'],
      ['refund', '80.00', '0.00', '0.80', '-79.20', '33.00'],
      ['payout', '33.00', '0.00', '0.00', '-33.00', '0.00'],
    ]);
  });

  it('reconciliation report, figure by figure', async () => {
    const rep = (await get(`/v1/finance/reconciliation?date=${day}&currency=CNY`, fin).expect(200)).body;
    const { asOf, currencies, ...top } = rep;
    expect(Date.parse(asOf)).toBeGreaterThan(0);
    expect(top).toEqual({
      date: day,
      currency: 'CNY',
      reconciled: true,
      problems: [],
      ledgerBalanced: true,
      paymentsMatchLedger: true,
      mismatches: [],
      mismatchCount: 0,
      accountsMatchPostings: true,
      accountMismatches: [],
      bankMatched: 5,
      bankUnmatched: [],
      bankUnmatchedCount: 0,
      payoutsAwaitingBank: [],
      payoutsAwaitingBankCount: 0,
      customerFunds: '567.72',
      consumerFunds: '567.72',
      merchantFunds: '0.00',
      bankBalance: '563.74',
      inTransit: '0.00',
      feeRevenue: '1.02',
      marketingExpense: '5.00',
      expectedBankBalance: '563.74',
      difference: '0.00',
      inTransitMatchesPayouts: true,
      // no transfers or envelopes that day: nothing held for people, nothing to disagree
      peopleMatchLedger: true,
      peopleMismatches: [],
      peopleMismatchCount: 0,
      heldForPeopleMatchesPending: true,
    });
    expect(currencies).toHaveLength(1);
    const c = currencies[0];
    expect(c).toMatchObject({
      currency: 'CNY',
      ledgerBalanced: true,
      customerFunds: '567.72',
      bankBalance: '563.74',
      inTransit: '0.00',
      feeRevenue: '1.02',
      marketingExpense: '5.00',
      otherDebitBalances: '0.00',
      otherCreditBalances: '0.00',
      expectedBankBalance: '563.74',
      difference: '0.00',
      pendingPayouts: '0.00',
      pendingWithdrawals: '0.00',
      inTransitMatchesPayouts: true,
      bankMatched: 5,
      bankUnmatched: 0,
    });
    // the fast path said so: the day's rows and entries have equal fingerprints (refunds and both kinds of discount included)
    const start = new Date(`${day}T00:00:00Z`);
    const f = await t.app.get(ReconciliationRepository).ledgerFingerprints(start, new Date(start.getTime() + DAY_MS));
    expect(f.entries).toEqual(f.rows);
    // four payments and two refunds, each entry with the digest the ledger wrote (the entries' side read no postings)
    expect(f.rows.n).toBe('6');
    const [{ undigested }] = await t.app
      .get(DataSource)
      .query(
        `SELECT count(*) FILTER (WHERE postings_digest IS NULL)::int AS undigested FROM ledger_entries WHERE effective_at >= $1 AND effective_at < $2`,
        [start, new Date(start.getTime() + DAY_MS)],
      );
    expect(undigested).toBe(0);
    // the same postings as the trial balance below: 1659.80 on each side
    expect(c).toMatchObject({ totalDebits: '1659.80', totalCredits: '1659.80' });
  });

  it('trial balance of the day’s end: every account, debits, credits and balance on its normal side', async () => {
    const tb = (await get('/v1/finance/trial-balance?currency=CNY', fin).expect(200)).body;
    const rows = (
      tb.accounts as Array<{ code: string; type: string; debits: string; credits: string; balance: string }>
    )
      .map((a) => [a.code, a.type, a.debits, a.credits, a.balance])
      .sort((x, y) => (x[0] < y[0] ? -1 : 1));
    expect(rows).toEqual(
      [
        // in 500 + 300; out to the three payouts 103.26 + 33.00 + 100.00
        ['platform:bank:CNY', 'asset', '800.00', '236.26', '563.74'],
        // 5.00 off p3 and p4, the first given back with the full refund of p3
        ['platform:marketing_expense:CNY', 'expense', '10.00', '5.00', '5.00'],
        // charged 108.00 + 75.00, withdrew 100.00; topped up 500.00, refunded 45.00 + 75.00
        [`consumer:${k1.id}:CNY`, 'liability', '283.00', '620.00', '337.00'],
        // charged 40.95 + 28.33; topped up 300.00
        [`consumer:${k2.id}:CNY`, 'liability', '69.28', '300.00', '230.72'],
        // A: credited 107.28 + 40.68, refund 44.70 and payout 103.26 taken
        [`merchant:${A.id}:CNY`, 'liability', '147.96', '147.96', '0.00'],
        // B: credited 79.20 + 33.00, refund 79.20 and payout 33.00 taken
        [`merchant:${B.id}:CNY`, 'liability', '112.20', '112.20', '0.00'],
        // the three payouts sent and confirmed by the statement
        ['platform:payouts_in_transit:CNY', 'liability', '236.26', '236.26', '0.00'],
        // fees 0.72 + 0.27 + 0.80 + 0.33; given back 0.30 + 0.80
        ['platform:fee_revenue:CNY', 'revenue', '1.10', '2.12', '1.02'],
      ].sort((x, y) => (x[0] < y[0] ? -1 : 1)),
    );
    expect(tb).toMatchObject({ currency: 'CNY', totalDebits: '1659.80', totalCredits: '1659.80', balanced: true });
  });
});
