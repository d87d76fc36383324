import crypto from 'node:crypto';
import { Money } from '@saoma/money';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { camt053 } from '../../../libs/finance/test/treasury/camt053-builder';
import { fixtures } from '../../../test/support/api-fixtures';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import { reconcileCli } from '../src/reconcile.cli';

const HEADER = 'date,amount,currency,direction,reference,counterparty\n';
const cents = (s: string) => Money.parse(s, 'CNY', { allowZero: true, allowNegative: true }).minor;
const money = (minor: bigint) => Money.of(minor, 'CNY').format();
const dayOffset = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

interface PayoutJson {
  id: string;
  runId: string;
  date: string;
  merchantId?: string;
  withdrawalId?: string;
  amount: string;
  currency: string;
  status: string;
  endToEndReference: string;
}

function harness(getT: () => TestApp, getFin: () => string) {
  const http = () => request(getT().http);
  return {
    http,
    runPayouts: (date: string, key = getFin()) =>
      http().post('/v1/finance/payouts').set('Authorization', `Bearer ${key}`).send({ date }),
    listPayouts: (query: string, key = getFin()) =>
      http().get(`/v1/finance/payouts${query}`).set('Authorization', `Bearer ${key}`),
    payoutRun: (date: string, key = getFin()) =>
      http().get(`/v1/finance/payouts/runs/${date}`).set('Authorization', `Bearer ${key}`),
    postStatement: (body: string, type: string, query = '', key = getFin()) =>
      http()
        .post(`/v1/finance/bank-statements${query}`)
        .set('Authorization', `Bearer ${key}`)
        .set('Content-Type', type)
        .send(body),
    reconcile: (query: string, key = getFin()) =>
      http().get(`/v1/finance/reconciliation${query}`).set('Authorization', `Bearer ${key}`),
    withdraw: (token: string, amount: string) =>
      http()
        .post('/v1/me/withdrawals')
        .set('Authorization', `Bearer ${token}`)
        .set('Idempotency-Key', crypto.randomUUID())
        .send({ amount, currency: 'CNY' })
        .expect(201),
    count: async (sql: string, params: unknown[] = []) =>
      Number((await getT().app.get(DataSource).query(`SELECT count(*)::int AS n FROM (${sql}) x`, params))[0].n),
    query: (sql: string, params: unknown[] = []) => getT().app.get(DataSource).query(sql, params),
  };
}

async function financeKey(t: TestApp): Promise<string> {
  const res = await request(t.http)
    .post('/v1/operators')
    .set('Authorization', `Bearer ${fixtures(t).admin}`)
    .send({ name: 'Treasury desk', role: 'finance' })
    .expect(201);
  return res.body.apiKey;
}

describe('finance treasury over HTTP: payouts and bank statements', () => {
  let t: TestApp;
  let f: ReturnType<typeof fixtures>;
  let fin: string;
  const h = harness(
    () => t,
    () => fin,
  );

  let m1: Awaited<ReturnType<ReturnType<typeof fixtures>['merchant']>>;
  let m2: typeof m1;
  let m3: typeof m1;
  let k: Awaited<ReturnType<ReturnType<typeof fixtures>['consumer']>>;
  let codes: Record<string, string>;
  let run1: PayoutJson[];
  let withdrawal1: { id: string; endToEndReference: string };

  beforeAll(async () => {
    t = await createTestApp();
    f = fixtures(t);
    fin = await financeKey(t);
    m1 = await f.merchant({ name: 'Noodle Bar', feeRate: '0.006' });
    m2 = await f.merchant({ name: 'Tea House', feeRate: '0' });
    m3 = await f.merchant({ name: 'Quiet Shop' });
    k = await f.consumer();
    await f.topup(k.id, '1000.00');
    codes = { [m1.id]: (await f.code(m1.apiKey)).payload, [m2.id]: (await f.code(m2.apiKey)).payload };
  });
  afterAll(() => t.close());

  it('consumers and merchants get 403 on every treasury route, no credential 401', async () => {
    const routes: Array<(key?: string) => request.Test> = [
      (key) => h.runPayouts('2026-01-01', key),
      (key) => h.listPayouts('?status=pending', key),
      (key) => h.postStatement(HEADER, 'text/csv', '', key),
      (key) => h.reconcile('?date=2026-01-01', key),
      (key) => h.payoutRun('2026-01-01', key),
    ];
    for (const route of routes) {
      for (const key of [k.token, m1.apiKey]) {
        const res = await route(key);
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('forbidden');
      }
      const anonymous = await route('');
      expect(anonymous.status).toBe(401);
    }
    expect(await h.count(`SELECT 1 FROM payout_runs`)).toBe(0);
  });

  it('a payout run pays each positive merchant balance once and takes the pending withdrawals; the same day again pays nothing', async () => {
    const p1 = await f.scanAndPay(k.token, codes[m1.id], '100.00');
    await f.scanAndPay(k.token, codes[m2.id], '50.30');
    await f.refund(m1.apiKey, p1.id, '10.00').expect(201);
    const w = (await h.withdraw(k.token, '20.00')).body;
    withdrawal1 = w;
    const before = {
      m1: await f.merchantBalance(m1.apiKey),
      m2: await f.merchantBalance(m2.apiKey),
      m3: await f.merchantBalance(m3.apiKey),
    };
    expect(before).toEqual({ m1: '89.46', m2: '50.30', m3: '0.00' });

    const res = await h.runPayouts('2026-03-01').expect(201);
    run1 = res.body.data;
    expect(res.body.date).toBe('2026-03-01');
    expect(run1).toHaveLength(3);
    const of = (pred: (p: PayoutJson) => boolean) => run1.find(pred)!;
    expect(of((p) => p.merchantId === m1.id)).toMatchObject({ amount: '89.46', currency: 'CNY', status: 'pending' });
    expect(of((p) => p.merchantId === m2.id)).toMatchObject({ amount: '50.30', currency: 'CNY', status: 'pending' });
    expect(of((p) => p.withdrawalId === w.id)).toMatchObject({
      amount: '20.00',
      status: 'pending',
      endToEndReference: w.endToEndReference,
    });
    expect(run1.find((p) => p.merchantId === m3.id)).toBeUndefined();
    for (const p of run1) expect(p.endToEndReference.length).toBeLessThanOrEqual(35);
    expect(new Set(run1.map((p) => p.endToEndReference)).size).toBe(3);
    expect(await f.merchantBalance(m1.apiKey)).toBe('0.00');
    expect(await f.merchantBalance(m2.apiKey)).toBe('0.00');

    // once more, and after more money came in: 200, the same payouts, nothing paid again
    await f.scanAndPay(k.token, codes[m1.id], '5.00');
    const again = await h.runPayouts('2026-03-01').expect(200);
    expect(again.body.data.map((p: PayoutJson) => p.id).sort()).toEqual(run1.map((p) => p.id).sort());
    expect(await f.merchantBalance(m1.apiKey)).toBe('4.97');
    expect(
      await h.count(`SELECT 1 FROM ledger_entries WHERE kind = 'payout' AND reference LIKE 'payout:2026-03-01:%'`),
    ).toBe(2);

    const pending = (await h.listPayouts('?status=pending&limit=200').expect(200)).body;
    expect(pending.nextCursor).toBeNull();
    expect(pending.data.map((p: PayoutJson) => p.id).sort()).toEqual(run1.map((p) => p.id).sort());
    expect((await h.listPayouts('?status=paid').expect(200)).body).toEqual({ data: [], nextCursor: null });
    await h.listPayouts('?status=lost').expect(400);
    await h.runPayouts('2026-02-30').expect(400);

    // the run's progress: two merchant wallets to pay, two paid, the withdrawal joined
    const progress = (await h.payoutRun('2026-03-01').expect(200)).body;
    expect(progress).toMatchObject({
      runId: run1[0].runId,
      date: '2026-03-01',
      status: 'completed',
      merchantWallets: 2,
      merchantPayouts: 2,
      withdrawalPayouts: 1,
    });
    expect(Date.parse(progress.completedAt)).toBeGreaterThanOrEqual(Date.parse(progress.startedAt));
    const none = await h.payoutRun('2026-03-02').expect(404);
    expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(none.body.code).toBe('payout_run_not_found');
    expect((await h.payoutRun('2026-02-30').expect(400)).body.code).toBe('validation_failed');
  });

  it('a concurrent double POST for one day makes one run', async () => {
    const [a, b] = await Promise.all([h.runPayouts('2026-03-02'), h.runPayouts('2026-03-02')]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.data).toEqual(b.body.data);
    expect(a.body.data).toHaveLength(1);
    expect(a.body.data[0]).toMatchObject({ merchantId: m1.id, amount: '4.97' });
    expect(await h.count(`SELECT 1 FROM payout_runs WHERE run_date = '2026-03-02'`)).toBe(1);
    expect(
      await h.count(`SELECT 1 FROM ledger_entries WHERE kind = 'payout' AND reference LIKE 'payout:2026-03-02:%'`),
    ).toBe(1);
  });

  it('a CSV statement confirms payouts and a top-up, lists the rest with reasons; importing it again changes nothing', async () => {
    const topup = await f.topup(k.id, '200.00');
    const p1 = run1.find((p) => p.merchantId === m1.id)!;
    const p2 = run1.find((p) => p.merchantId === m2.id)!;
    const pw = run1.find((p) => p.withdrawalId)!;
    const csv =
      HEADER +
      `2026-03-02,89.46,CNY,debit,${p1.endToEndReference},Noodle Bar\n` +
      `2026-03-02,20.00,CNY,debit,${pw.endToEndReference},"Lei, Li"\n` +
      `2026-03-02,200.00,CNY,credit,${topup.bankReference},Li Lei\n` +
      `2026-03-02,15.00,CNY,credit,NO-SUCH-REF,Somebody\n` +
      `2026-03-02,50.00,CNY,debit,${p2.endToEndReference},Tea House\n` +
      `2026-03-02,3.00,CNY,debit,SAOMA-P-NOPE,\n`;
    const entriesBefore = await h.count(`SELECT 1 FROM ledger_entries`);
    const res = await h.postStatement(csv, 'text/csv').expect(201);
    expect(res.body).toMatchObject({ format: 'csv', lines: 6, matched: 3 });
    expect(res.body.unmatched).toEqual([
      {
        line: 5,
        date: '2026-03-02',
        amount: '15.00',
        currency: 'CNY',
        direction: 'credit',
        reference: 'NO-SUCH-REF',
        counterparty: 'Somebody',
        reason: 'no top-up with this bank reference',
      },
      {
        line: 6,
        date: '2026-03-02',
        amount: '50.00',
        currency: 'CNY',
        direction: 'debit',
        reference: p2.endToEndReference,
        counterparty: 'Tea House',
        reason: 'amount differs',
      },
      {
        line: 7,
        date: '2026-03-02',
        amount: '3.00',
        currency: 'CNY',
        direction: 'debit',
        reference: 'SAOMA-P-NOPE',
        reason: 'no payout with this end-to-end reference',
      },
    ]);
    expect(res.body.matchedLines.map((l: { line: number; kind: string }) => [l.line, l.kind])).toEqual([
      [2, 'payout_paid'],
      [3, 'payout_paid'],
      [4, 'topup'],
    ]);
    expect(await h.count(`SELECT 1 FROM ledger_entries`)).toBe(entriesBefore + 2);
    expect(
      await h.count(`SELECT 1 FROM ledger_entries WHERE kind = 'payout_settled' AND reference = $1`, [
        `payout-settled:${p1.id}`,
      ]),
    ).toBe(1);

    const paid = (await h.listPayouts('?status=paid').expect(200)).body.data.map((p: PayoutJson) => p.id).sort();
    expect(paid).toEqual([p1.id, pw.id].sort());
    expect((await h.query(`SELECT status FROM withdrawals WHERE id = $1`, [withdrawal1.id]))[0].status).toBe('paid');
    // payouts in transit keep what no line confirmed: p2 (50.30) and the second run's 4.97
    const tb = (
      await h.http().get('/v1/finance/trial-balance?currency=CNY').set('Authorization', `Bearer ${fin}`).expect(200)
    ).body;
    expect(tb.accounts.find((a: { code: string }) => a.code === 'platform:payouts_in_transit:CNY').balance).toBe(
      '55.27',
    );
    expect(tb.balanced).toBe(true);

    const again = await h.postStatement(csv, 'text/csv').expect(200);
    expect(again.body).toEqual(res.body);
    expect(await h.count(`SELECT 1 FROM ledger_entries`)).toBe(entriesBefore + 2);
    expect(await h.count(`SELECT 1 FROM bank_statements`)).toBe(1);
  });

  it('a return credit puts the money back on the merchant balance, whether the payout was paid or still pending', async () => {
    const p1 = run1.find((p) => p.merchantId === m1.id)!; // paid above
    const p2 = run1.find((p) => p.merchantId === m2.id)!; // still pending
    const before = cents(await f.merchantBalance(m1.apiKey));
    const res = await h
      .postStatement(
        HEADER +
          `2026-03-03,89.46,CNY,credit,${p1.endToEndReference},AC04 closed\n2026-03-03,50.30,CNY,credit,${p2.endToEndReference},rejected\n`,
        'text/csv',
        '?statementId=RETURNS-0303',
      )
      .expect(201);
    expect(res.body).toMatchObject({ statementId: 'RETURNS-0303', lines: 2, matched: 2, unmatched: [] });
    expect(res.body.matchedLines.map((l: { kind: string }) => l.kind)).toEqual(['payout_returned', 'payout_returned']);
    expect(cents(await f.merchantBalance(m1.apiKey)) - before).toBe(8946n);
    expect(await f.merchantBalance(m2.apiKey)).toBe('50.30');
    const returned = (await h.listPayouts('?status=returned').expect(200)).body.data;
    expect(returned.map((p: PayoutJson) => p.id).sort()).toEqual([p1.id, p2.id].sort());
    expect(returned[0].returnedAt).toEqual(expect.any(String));
  });

  it('a camt.053 statement: a top-up, a batch of payouts, a withdrawal, a reversal, a returned withdrawal and lines nobody knows', async () => {
    const c2 = await f.consumer('Han Meimei');
    await f.topup(c2.id, '300.00');
    await f.scanAndPay(c2.token, codes[m2.id], '30.00');
    const wPaid = (await h.withdraw(c2.token, '40.00')).body;
    const wBack = (await h.withdraw(c2.token, '25.00')).body;
    const run = (await h.runPayouts('2026-03-05').expect(201)).body.data as PayoutJson[];
    const q1 = run.find((p) => p.merchantId === m1.id)!;
    const q2 = run.find((p) => p.merchantId === m2.id)!;
    expect(q2.amount).toBe('80.30');
    expect(
      run
        .map((p) => p.withdrawalId)
        .filter(Boolean)
        .sort(),
    ).toEqual([wPaid.id, wBack.id].sort());
    const topup = await f.topup(c2.id, '66.60');

    const xml = camt053({
      statementId: 'CMBC-STMT-20260306-01',
      from: '2026-03-06',
      to: '2026-03-06',
      opening: { amount: '1000.00', direction: 'CRDT' },
      closing: { amount: '815.55', direction: 'CRDT' },
      entries: [
        {
          ntryRef: 'N1',
          amount: '66.60',
          direction: 'CRDT',
          bookingDate: '2026-03-06',
          acctSvcrRef: topup.bankReference,
          txs: [{ debtor: 'Han Meimei', ustrd: 'wallet top-up' }],
        },
        {
          ntryRef: 'N2',
          amount: Money.parse(q1.amount, 'CNY').add(Money.parse('80.30', 'CNY')).format(),
          direction: 'DBIT',
          bookingDate: '2026-03-06',
          acctSvcrRef: 'CMBC-BATCH-77',
          txs: [
            { endToEndId: q1.endToEndReference, amount: q1.amount, creditor: 'Noodle Bar' },
            { endToEndId: q2.endToEndReference, amount: q2.amount, creditor: 'Tea House' },
          ],
        },
        {
          ntryRef: 'N3',
          amount: '40.00',
          direction: 'DBIT',
          bookingDate: '2026-03-06',
          txs: [{ endToEndId: wPaid.endToEndReference, creditor: 'Han Meimei' }],
        },
        {
          ntryRef: 'N4',
          amount: '80.30',
          direction: 'CRDT',
          reversal: true,
          bookingDate: '2026-03-06',
          code: ['PMNT', 'ICDT', 'RRTN'],
          txs: [{ endToEndId: q2.endToEndReference, ustrd: 'AC04 account closed' }],
        },
        {
          ntryRef: 'N5',
          amount: '25.00',
          direction: 'CRDT',
          bookingDate: '2026-03-06',
          code: ['PMNT', 'ICDT', 'RRTN'],
          txs: [{ endToEndId: wBack.endToEndReference, ustrd: 'MD07 beneficiary deceased' }],
        },
        {
          ntryRef: 'N6',
          amount: '12.00',
          direction: 'CRDT',
          bookingDate: '2026-03-06',
          acctSvcrRef: 'CMBC-UNKNOWN-1',
          txs: [{ debtor: 'Stranger' }],
        },
        {
          ntryRef: 'N7',
          amount: '3.50',
          direction: 'DBIT',
          bookingDate: '2026-03-06',
          code: ['ACMT', 'MDOP', 'CHRG'],
          info: 'Account maintenance fee',
        },
      ],
    });
    const walletBefore = cents(await f.wallet(c2.token));
    const res = await h.postStatement(xml, 'application/xml').expect(201);
    expect(res.body).toMatchObject({
      statementId: 'CMBC-STMT-20260306-01',
      format: 'camt.053',
      account: 'DE89370400440532013000',
      lines: 8,
      matched: 6,
    });
    expect(res.body.balances).toEqual([
      { type: 'OPBD', amount: '1000.00', currency: 'CNY', date: '2026-03-06' },
      { type: 'CLBD', amount: '815.55', currency: 'CNY', date: '2026-03-06' },
    ]);
    expect(res.body.matchedLines.map((l: { kind: string; reference: string }) => [l.kind, l.reference])).toEqual([
      ['topup', topup.bankReference],
      ['payout_paid', q1.endToEndReference],
      ['payout_paid', q2.endToEndReference],
      ['payout_paid', wPaid.endToEndReference],
      ['payout_returned', q2.endToEndReference],
      ['payout_returned', wBack.endToEndReference],
    ]);
    expect(res.body.unmatched.map((u: { entryRef: string; reason: string }) => [u.entryRef, u.reason])).toEqual([
      ['N6', 'no top-up with this bank reference'],
      ['N7', 'no payout with this end-to-end reference'],
    ]);
    // the reversed payout is back on Tea House's balance; the returned withdrawal on the consumer's wallet
    expect(await f.merchantBalance(m2.apiKey)).toBe('80.30');
    expect(cents(await f.wallet(c2.token)) - walletBefore).toBe(2500n);
    const tx = (await h.http().get('/v1/me/transactions').set('Authorization', `Bearer ${c2.token}`).expect(200)).body
      .data;
    expect(tx[0]).toMatchObject({ type: 'withdrawal_returned', amount: '25.00' });
    const statuses = await h.query(`SELECT id, status FROM withdrawals WHERE id = ANY($1::uuid[])`, [
      [wPaid.id, wBack.id],
    ]);
    expect(Object.fromEntries(statuses.map((r: { id: string; status: string }) => [r.id, r.status]))).toEqual({
      [wPaid.id]: 'paid',
      [wBack.id]: 'returned',
    });

    const again = await h.postStatement(xml, 'text/xml').expect(200);
    expect(again.body).toEqual(res.body);
  });

  it('malformed CSV and XML: 422 invalid_statement with the line, nothing imported', async () => {
    const statements = await h.count(`SELECT 1 FROM bank_statements`);
    const lines = await h.count(`SELECT 1 FROM bank_statement_lines`);
    const entries = await h.count(`SELECT 1 FROM ledger_entries`);
    const pending = run1.find((p) => p.merchantId === m1.id)!;

    const csv = await h
      .postStatement(HEADER + `2026-03-07,1.00,CNY,credit,X,\n2026-03-07,1,00,CNY,credit,Y,\n`, 'text/csv')
      .expect(422);
    expect(csv.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(csv.body).toMatchObject({ status: 422, code: 'invalid_statement', line: 3 });
    expect(csv.body.detail).toMatch(/^line 3: /);
    const amount = await h
      .postStatement(
        HEADER +
          `2026-03-07,${pending.amount},CNY,debit,${pending.endToEndReference},\n2026-03-07,12.345,CNY,credit,Y,\n`,
        'text/csv',
      )
      .expect(422);
    expect(amount.body).toMatchObject({ code: 'invalid_statement', line: 3 });
    expect(amount.body.detail).toMatch(/^line 3: amount "12.345"/);

    const good = camt053({
      statementId: 'BROKEN-1',
      from: '2026-03-07',
      to: '2026-03-07',
      opening: { amount: '0.00', direction: 'CRDT' },
      closing: { amount: '0.00', direction: 'CRDT' },
      entries: [{ ntryRef: 'A', amount: '1.00', direction: 'CRDT', bookingDate: '2026-03-07', acctSvcrRef: 'R' }],
    });
    const broken = good.replace('<CdtDbtInd>CRDT</CdtDbtInd>\n        \n', '<CdtDbtInd>CRDT</CdtDbtIndX>\n        \n');
    expect(broken).not.toBe(good);
    const brokenLine = broken.split('\n').findIndex((l) => l.includes('</CdtDbtIndX>')) + 1;
    const xml = await h.postStatement(broken, 'application/xml').expect(422);
    expect(xml.body).toMatchObject({ code: 'invalid_statement', line: brokenLine });
    expect(xml.body.detail).toMatch(new RegExp(`^line ${brokenLine}: not well-formed XML`));
    const badAmount = await h
      .postStatement(good.replace('<Amt Ccy="CNY">1.00</Amt>', '<Amt Ccy="CNY">1,00</Amt>'), 'application/xml')
      .expect(422);
    expect(badAmount.body.code).toBe('invalid_statement');
    await h.postStatement('', 'text/csv').expect(422);
    await h
      .http()
      .post('/v1/finance/bank-statements')
      .set('Authorization', `Bearer ${fin}`)
      .send({ csv: 'x' })
      .expect(415);

    expect(await h.count(`SELECT 1 FROM bank_statements`)).toBe(statements);
    expect(await h.count(`SELECT 1 FROM bank_statement_lines`)).toBe(lines);
    expect(await h.count(`SELECT 1 FROM ledger_entries`)).toBe(entries);
  });
});

describe('finance treasury over HTTP: reconciliation of a day', () => {
  let t: TestApp;
  let f: ReturnType<typeof fixtures>;
  let fin: string;
  const h = harness(
    () => t,
    () => fin,
  );
  const today = dayOffset(0);
  const yesterday = dayOffset(-1);
  let m1: Awaited<ReturnType<ReturnType<typeof fixtures>['merchant']>>;
  let m1Code: string;
  let k1: Awaited<ReturnType<ReturnType<typeof fixtures>['consumer']>>;

  async function cli(
    args: string[],
  ): Promise<{ code: number; report: Record<string, unknown> | null; stderr: string }> {
    let out = '';
    let err = '';
    const code = await reconcileCli(
      args,
      { DATABASE_URL: t.db.url, LOG_LEVEL: 'silent' },
      { stdout: (s) => (out += s), stderr: (s) => (err += s) },
    );
    return { code, report: out ? JSON.parse(out) : null, stderr: err };
  }

  beforeAll(async () => {
    t = await createTestApp();
    f = fixtures(t);
    fin = await financeKey(t);
  });
  afterAll(() => t.close());

  it('a clean day: top-ups, payments with both kinds of discount, refunds, a withdrawal, a payout run and the bank statement all reconcile, difference 0', async () => {
    m1 = await f.merchant({ name: 'Noodle Bar', feeRate: '0.006' });
    const m2 = await f.merchant({ name: 'Tea House', feeRate: '0.01' });
    k1 = await f.consumer('Li Lei');
    const k2 = await f.consumer('Han Meimei');
    const now = Date.now();
    await f.promotion({
      merchantId: m1.id,
      fundedBy: 'merchant',
      percentOff: '10',
      startsAt: new Date(now - 3600_000).toISOString(),
      endsAt: new Date(now + 3600_000).toISOString(),
    });
    await f.promotion({
      merchantId: m2.id,
      fundedBy: 'platform',
      amountOff: '5.00',
      startsAt: new Date(now - 3600_000).toISOString(),
      endsAt: new Date(now + 3600_000).toISOString(),
    });
    const t1 = await f.topup(k1.id, '500.00');
    const t2 = await f.topup(k2.id, '300.00');
    m1Code = (await f.code(m1.apiKey)).payload;
    const c2 = (await f.code(m2.apiKey)).payload;
    const a = await f.scanAndPay(k1.token, m1Code, '120.00');
    const b = await f.scanAndPay(k2.token, c2, '80.00');
    await f.scanAndPay(k1.token, c2, '33.33');
    expect(a.discount).toBe('12.00');
    expect(b.discount).toBe('5.00');
    await f.refund(m1.apiKey, a.id, '50.00').expect(201);
    await f.refund(m2.apiKey, b.id, '80.00').expect(201);
    const w = (await h.withdraw(k1.token, '100.00')).body;

    const run = (await h.runPayouts(today).expect(201)).body.data as PayoutJson[];
    expect(run).toHaveLength(3);
    const csv =
      HEADER +
      `${today},500.00,CNY,credit,${t1.bankReference},Li Lei\n` +
      `${today},300.00,CNY,credit,${t2.bankReference},Han Meimei\n` +
      run
        .map((p) => `${today},${p.amount},CNY,debit,${p.endToEndReference},${p.merchantId ?? 'withdrawal'}`)
        .join('\n') +
      '\n';
    const st = await h.postStatement(csv, 'text/csv').expect(201);
    expect(st.body).toMatchObject({ lines: 5, matched: 5, unmatched: [] });
    expect(run.find((p) => p.withdrawalId === w.id)?.amount).toBe('100.00');

    const r = (await h.reconcile(`?date=${today}`).expect(200)).body;
    expect(r).toMatchObject({
      date: today,
      currency: 'CNY',
      reconciled: true,
      problems: [],
      ledgerBalanced: true,
      paymentsMatchLedger: true,
      mismatches: [],
      accountsMatchPostings: true,
      accountMismatches: [],
      bankMatched: 5,
      bankUnmatched: [],
      payoutsAwaitingBank: [],
      merchantFunds: '0.00',
      inTransit: '0.00',
      difference: '0.00',
      inTransitMatchesPayouts: true,
    });
    // by hand: the bank got 800.00 in and paid the three payouts out
    const paidOut = run.reduce((s, p) => s + cents(p.amount), 0n);
    expect(r.bankBalance).toBe(money(80000n - paidOut));
    const wallets = cents(await f.wallet(k1.token)) + cents(await f.wallet(k2.token));
    expect(r.customerFunds).toBe(money(wallets));
    expect(r.consumerFunds).toBe(money(wallets));
    expect(cents(r.bankBalance)).toBe(
      cents(r.customerFunds) + cents(r.inTransit) + cents(r.feeRevenue) - cents(r.marketingExpense),
    );
    // the platform funded 5.00 off each payment at Tea House and got the first back with the full refund
    expect(r.marketingExpense).toBe('5.00');
    expect(r.currencies).toHaveLength(1);
    expect(r.currencies[0]).toMatchObject({
      currency: 'CNY',
      ledgerBalanced: true,
      bankMatched: 5,
      bankUnmatched: 0,
      difference: '0.00',
    });

    const viaCli = await cli(['--date', today, '--currency', 'CNY']);
    expect(viaCli.code).toBe(0);
    expect(viaCli.report).toMatchObject({ date: today, reconciled: true, difference: '0.00' });
  });

  it('a missing bank line: the payout stays in transit and is overdue the next day', async () => {
    await f.scanAndPay(k1.token, m1Code, '10.00');
    const run = (await h.runPayouts(yesterday).expect(201)).body.data as PayoutJson[];
    expect(run).toHaveLength(1);
    const p = run[0];
    const r = (await h.reconcile(`?date=${today}`).expect(200)).body;
    expect(r.payoutsAwaitingBank).toEqual([
      {
        id: p.id,
        runDate: yesterday,
        merchantId: m1.id,
        amount: p.amount,
        currency: 'CNY',
        endToEndReference: p.endToEndReference,
        overdue: true,
      },
    ]);
    expect(r.inTransit).toBe(p.amount);
    expect(r.difference).toBe('0.00');
    expect(r.inTransitMatchesPayouts).toBe(true);
    expect(r.reconciled).toBe(false);
    expect(r.problems).toEqual([`1 payout(s) from runs before ${today} not yet confirmed by a bank statement`]);
    // on the day of its run it is simply in transit
    const dayOfRun = (await h.reconcile(`?date=${yesterday}`).expect(200)).body;
    expect(dayOfRun.payoutsAwaitingBank).toEqual([expect.objectContaining({ id: p.id, overdue: false })]);
    // the bank line arrives: it reconciles again
    await h.postStatement(HEADER + `${today},${p.amount},CNY,debit,${p.endToEndReference},\n`, 'text/csv').expect(201);
    expect((await h.reconcile(`?date=${today}`).expect(200)).body.reconciled).toBe(true);
  });

  it('a stored balance nudged with SQL: accountsMatchPostings false with that account, an unexplained difference', async () => {
    await f.scanAndPay(k1.token, m1Code, '1.00');
    const [acc] = await h.query(`SELECT id, code FROM ledger_accounts WHERE code = $1`, [`merchant:${m1.id}:CNY`]);
    const [before] = await h.query(
      `SELECT debits_posted::text AS d, credits_posted::text AS c FROM ledger_balances WHERE id = $1`,
      [acc.id],
    );
    await h.query(`UPDATE ledger_accounts SET credits_posted = credits_posted + 1 WHERE id = $1`, [acc.id]);
    try {
      const r = (await h.reconcile(`?date=${today}`).expect(200)).body;
      expect(r.accountsMatchPostings).toBe(false);
      expect(r.accountMismatches).toEqual([
        {
          accountId: acc.id,
          code: acc.code,
          storedDebits: before.d,
          storedCredits: String(BigInt(before.c) + 1n),
          postedDebits: before.d,
          postedCredits: before.c,
        },
      ]);
      expect(r.difference).toBe('-0.01');
      expect(r.paymentsMatchLedger).toBe(true);
      expect(r.reconciled).toBe(false);
      const viaCli = await cli([`--date=${today}`]);
      expect(viaCli.code).toBe(1);
      expect(viaCli.stderr).toContain(`account ${acc.code}`);
    } finally {
      await h.query(`UPDATE ledger_accounts SET credits_posted = credits_posted - 1 WHERE id = $1`, [acc.id]);
    }
    expect((await h.reconcile(`?date=${today}`).expect(200)).body.accountsMatchPostings).toBe(true);
  });

  it('a payment row changed behind the ledger: amounts_differ, with the expected and the actual postings', async () => {
    const p = await f.scanAndPay(k1.token, m1Code, '20.00');
    await h.query(`UPDATE payments SET fee = fee + 1 WHERE id = $1`, [p.id]);
    try {
      const r = (await h.reconcile(`?date=${today}`).expect(200)).body;
      expect(r.paymentsMatchLedger).toBe(false);
      expect(r.mismatches).toEqual([
        {
          problem: 'amounts_differ',
          type: 'payment',
          id: p.id,
          reference: `payment:${p.id}`,
          entryId: expect.any(String),
          entryKind: 'payment',
          currency: 'CNY',
          // the row now says fee 0.13 (merchant credit 20.00 − 0.13 − 2.00); the entry booked 0.12
          expected: { consumer: '18.00', merchant: '-17.87', fee: '-0.13', marketing: '0.00', postings: 3 },
          actual: {
            consumer: '18.00',
            merchant: '-17.88',
            fee: '-0.12',
            marketing: '0.00',
            other: '0.00',
            postings: 3,
            otherPostings: 0,
          },
        },
      ]);
    } finally {
      await h.query(`UPDATE payments SET fee = fee - 1 WHERE id = $1`, [p.id]);
    }
  });

  it('an entry written behind the service’s back (kind payment, no payment row) is listed as an orphan', async () => {
    const [bank] = await h.query(`SELECT id FROM ledger_accounts WHERE code = 'platform:bank:CNY'`);
    const [fee] = await h.query(`SELECT id FROM ledger_accounts WHERE code = 'platform:fee_revenue:CNY'`);
    const reference = `payment:${crypto.randomUUID()}`;
    await t.app.get(DataSource).transaction(async (em) => {
      const [e] = await em.query(
        `INSERT INTO ledger_entries (kind, reference, status, content_hash) VALUES ('payment', $1, 'posted', 'forged') RETURNING id`,
        [reference],
      );
      await em.query(
        `INSERT INTO ledger_postings (entry_id, account_id, side, amount, currency) VALUES ($1, $2, 'D', 700, 'CNY'), ($1, $3, 'C', 700, 'CNY')`,
        [e.id, bank.id, fee.id],
      );
    });
    const r = (await h.reconcile(`?date=${today}&currency=CNY`).expect(200)).body;
    expect(r.ledgerBalanced).toBe(true);
    expect(r.paymentsMatchLedger).toBe(false);
    expect(r.mismatches).toEqual([
      expect.objectContaining({
        problem: 'orphan_entry',
        type: 'payment',
        reference,
        currency: 'CNY',
        entryKind: 'payment',
      }),
    ]);
    expect(r.mismatchCount).toBe(1);
    // its postings never reached the stored balances either
    expect(r.accountsMatchPostings).toBe(false);
    expect(r.reconciled).toBe(false);
    const viaCli = await cli(['--date', today, '--compact']);
    expect(viaCli.code).toBe(1);
    expect(viaCli.report).toMatchObject({ paymentsMatchLedger: false });
  });

  it('an unbalanced entry forced past the commit-time check (SET CONSTRAINTS ALL IMMEDIATE, then one more posting) shows as ledgerBalanced false', async () => {
    const [bank] = await h.query(`SELECT id FROM ledger_accounts WHERE code = 'platform:bank:CNY'`);
    const [fee] = await h.query(`SELECT id FROM ledger_accounts WHERE code = 'platform:fee_revenue:CNY'`);
    await t.app.get(DataSource).transaction(async (em) => {
      await em.query('SET CONSTRAINTS ALL IMMEDIATE');
      const [e] = await em.query(
        `WITH e AS (INSERT INTO ledger_entries (kind, reference, status, content_hash) VALUES ('adjustment', $1, 'posted', 'forged') RETURNING id),
              p AS (INSERT INTO ledger_postings (entry_id, account_id, side, amount, currency) SELECT e.id, x.a::uuid, x.s, 300, 'CNY' FROM e, (VALUES ($2, 'D'), ($3, 'C')) x(a, s))
         SELECT id FROM e`,
        [`forged:${crypto.randomUUID()}`, bank.id, fee.id],
      );
      await em.query(
        `INSERT INTO ledger_postings (entry_id, account_id, side, amount, currency) VALUES ($1, $2, 'D', 1, 'CNY')`,
        [e.id, bank.id],
      );
    });
    const r = (await h.reconcile(`?date=${today}&currency=CNY`).expect(200)).body;
    expect(r.ledgerBalanced).toBe(false);
    expect(r.currencies[0]).toMatchObject({ ledgerBalanced: false });
    expect(cents(r.currencies[0].totalDebits) - cents(r.currencies[0].totalCredits)).toBe(1n);
    expect(r.reconciled).toBe(false);
  });

  it('refuses a bad date; the CLI says how to use it', async () => {
    await h.reconcile('?date=2026-02-30').expect(400);
    await h.reconcile('').expect(400);
    expect((await cli(['--date', 'tomorrow'])).code).toBe(2);
    expect((await cli(['--bogus'])).code).toBe(2);
  });
});
