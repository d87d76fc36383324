import crypto from 'node:crypto';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import request from 'supertest';
import { OrdersService } from '@saoma/payments';
import { decodeEmvMpm } from '@saoma/qr';
import { bearer, fixtures, sql } from '../../../test/support/api-fixtures';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import { awayFromUtcMidnight } from '../../../test/support/utc-day';

describe('bills and taxes', () => {
  let t: TestApp;
  let f: ReturnType<typeof fixtures>;
  const today = () => new Date().toISOString().slice(0, 10);
  const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    await awayFromUtcMidnight(); // due dates and statements are UTC days: the file runs within one
    t = await createTestApp({ PERIODIC_JOBS: 'false' });
    f = fixtures(t);
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  const http = () => request(t.http);
  const putBill = (key: string, reference: string, body: Record<string, unknown>) =>
    http()
      .put(`/v1/merchant/bills/${reference}`)
      .set(...bearer(key))
      .send(body);
  const lookup = (token: string, merchantId: string, reference: string) =>
    http()
      .post('/v1/bills/lookup')
      .set(...bearer(token))
      .send({ merchantId, reference });
  const pay = (token: string, scanToken: string, extra: Record<string, unknown> = {}) =>
    http()
      .post('/v1/payments')
      .set(...bearer(token))
      .set('Idempotency-Key', crypto.randomUUID())
      .send({ token: scanToken, ...extra });
  const bill = (over: Record<string, unknown> = {}) => ({
    amount: '356.20',
    dueDate: inDays(30),
    description: 'Property tax 2026, 2nd instalment',
    ...over,
  });

  it('issues a bill by reference, idempotently, printed as a dynamic EMV code with the reference in 62-01', async () => {
    const office = await f.merchant({ name: 'Tax Office Suzhou' });
    const created = await putBill(office.apiKey, 'TAX-2026-0001', bill()).expect(201);
    expect(created.body).toEqual({
      reference: 'TAX-2026-0001',
      amount: '356.20',
      currency: 'CNY',
      dueDate: inDays(30),
      description: 'Property tax 2026, 2nd instalment',
      payableAfterDue: true,
      status: 'open',
      overdue: false,
      payload: expect.any(String),
      createdAt: expect.any(String),
    });
    const emv = decodeEmvMpm(created.body.payload);
    expect(emv).toMatchObject({
      pointOfInitiation: 'dynamic',
      amount: '356.20',
      additionalData: { billNumber: 'TAX-2026-0001' },
    });
    // the raw tags: 01 = 12 (dynamic), 54 the amount, 62-01 the bill reference
    expect(emv.fields).toEqual(
      expect.arrayContaining([
        { id: '01', value: '12' },
        { id: '54', value: '356.20' },
        { id: '62', fields: expect.arrayContaining([{ id: '01', value: 'TAX-2026-0001' }]) },
      ]),
    );

    // the same body again: 200, the same bill; another body: 409
    expect((await putBill(office.apiKey, 'TAX-2026-0001', bill()).expect(200)).body).toEqual(created.body);
    const other = await putBill(office.apiKey, 'TAX-2026-0001', bill({ amount: '356.21' })).expect(409);
    expect(other.body.code).toBe('duplicate_reference');
    for (const change of [{ dueDate: inDays(31) }, { description: 'Another tax' }, { payableAfterDue: false }])
      expect((await putBill(office.apiKey, 'TAX-2026-0001', bill(change)).expect(409)).body.code).toBe(
        'duplicate_reference',
      );
    // the same new bill sent twice at once: one issues it (201), the other answers it (200)
    const both = await Promise.all([1, 2].map(() => putBill(office.apiKey, 'TAX-2026-0002', bill())));
    expect(both.map((r) => r.status).sort()).toEqual([200, 201]);
    expect(both[0].body).toEqual(both[1].body);

    // the printed image decodes to the payload
    const png = await http()
      .get('/v1/merchant/bills/TAX-2026-0001/image.png')
      .set(...bearer(office.apiKey))
      .expect(200);
    expect(png.headers['content-type']).toMatch(/^image\/png/);
    const img = PNG.sync.read(png.body);
    expect(jsQR(new Uint8ClampedArray(img.data), img.width, img.height)?.data).toBe(created.body.payload);

    // another merchant sees nothing of it, and an order's reference is not a bill's
    const stranger = await f.merchant({ name: 'Water Co' });
    expect(
      (
        await http()
          .get('/v1/merchant/bills/TAX-2026-0001')
          .set(...bearer(stranger.apiKey))
          .expect(404)
      ).body.code,
    ).toBe('bill_not_found');
    await f.order(office.apiKey, '5.00', 'ORDER-1');
    expect((await putBill(office.apiKey, 'ORDER-1', bill()).expect(409)).body.code).toBe('duplicate_reference');
    // ... nor a bill's an order's, even with the bill's amount
    const asOrder = await http()
      .post('/v1/merchant/orders')
      .set(...bearer(office.apiKey))
      .send({ amount: '356.20', reference: 'TAX-2026-0001' })
      .expect(409);
    expect(asOrder.body.code).toBe('duplicate_reference');
    // and the database holds a bill to its own order's merchant and reference
    await f.order(office.apiKey, '6.00', 'ORDER-2');
    await expect(
      sql(
        t,
        `INSERT INTO bills (order_id, merchant_id, reference, due_date, description, payable_after_due)
         SELECT id, merchant_id, 'ORDER-2', current_date, 'x', true FROM orders WHERE reference = 'ORDER-1' AND merchant_id = $1`,
        [office.id],
      ),
    ).rejects.toThrow(/is not of merchant/);
    // bad input moves nothing
    await putBill(office.apiKey, 'BAD REF', bill()).expect(400);
    await putBill(office.apiKey, 'TAX-X', bill({ dueDate: '2026-02-30' })).expect(400);
    await putBill(office.apiKey, 'TAX-X', bill({ description: 'x'.repeat(141) })).expect(400);
    await http()
      .get('/v1/merchant/bills/TAX-X')
      .set(...bearer(office.apiKey))
      .expect(404);
  });

  it('is paid by typing its reference or by scanning it, once, for its amount, without promotions', async () => {
    const office = await f.merchant({
      name: 'Suzhou Water',
      feeRate: '0.001',
      webhookUrl: 'https://water.example/hook',
    });
    // a promotion running at this merchant never applies to its bills
    await f.promotion({
      merchantId: office.id,
      fundedBy: 'platform',
      amountOff: '5.00',
      startsAt: new Date(Date.now() - 60_000).toISOString(),
      endsAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    await putBill(
      office.apiKey,
      'WATER-11',
      bill({ amount: '88.00', dueDate: inDays(3), description: 'Water, November' }),
    ).expect(201);
    const c = await f.consumer('Han Meimei');
    await f.topup(c.id, '200.00');

    // typed from the paper bill: the description and the due date come before paying
    const found = await lookup(c.token, office.id, 'WATER-11').expect(200);
    expect(found.body).toMatchObject({
      merchant: { id: office.id, name: 'Suzhou Water' },
      amount: '88.00',
      orderReference: 'WATER-11',
      bill: { reference: 'WATER-11', amount: '88.00', dueDate: inDays(3), description: 'Water, November' },
    });
    expect(found.body.discount).toBeUndefined();
    // the promotion does run here: a plain order at this merchant would get it
    const plain = await f.order(office.apiKey, '20.00', 'SALE-1');
    expect(
      (
        await http()
          .post('/v1/scan')
          .set(...bearer(c.token))
          .send({ payload: plain.payload })
          .expect(200)
      ).body.discount,
    ).toBe('5.00');
    // scanned from the paper bill: the same answer, with the bill
    const { payload } = (
      await http()
        .get('/v1/merchant/bills/WATER-11')
        .set(...bearer(office.apiKey))
        .expect(200)
    ).body;
    const byScan = await http()
      .post('/v1/scan')
      .set(...bearer(c.token))
      .send({ payload })
      .expect(200);
    expect(byScan.body).toMatchObject({
      merchant: { id: office.id },
      orderId: found.body.orderId,
      amount: '88.00',
      bill: { reference: 'WATER-11', amount: '88.00', dueDate: inDays(3), description: 'Water, November' },
    });
    expect(byScan.body.discount).toBeUndefined();
    // a bill's order is not cancelled through the orders routes
    const cancel = await http()
      .post(`/v1/merchant/orders/${found.body.orderId}/cancel`)
      .set(...bearer(office.apiKey))
      .expect(409);
    expect(cancel.body.code).toBe('order_not_payable');
    expect((await lookup(c.token, office.id, 'WATER-99').expect(404)).body.code).toBe('bill_not_found');

    expect((await pay(c.token, found.body.token, { amount: '87.99' }).expect(422)).body.code).toBe('amount_mismatch');
    const paid = await pay(c.token, found.body.token).expect(201);
    expect(paid.body).toMatchObject({ amount: '88.00', discount: '0.00', charged: '88.00', billReference: 'WATER-11' });
    expect(await f.wallet(c.token)).toBe('112.00');
    const again = await http()
      .get(`/v1/payments/${paid.body.id}`)
      .set(...bearer(c.token))
      .expect(200);
    expect(again.body.billReference).toBe('WATER-11');
    const [entry] = await sql<{ metadata: Record<string, unknown> }>(
      t,
      `SELECT metadata FROM ledger_entries WHERE kind = 'payment' AND metadata ->> 'paymentId' = $1`,
      [paid.body.id],
    );
    expect(entry.metadata).toMatchObject({ billReference: 'WATER-11', lineType: 'bill' });

    // paid once: a second scan is refused, the bill says paid with its payment
    const scanned = await http()
      .post('/v1/scan')
      .set(...bearer(c.token))
      .send({
        payload: (
          await http()
            .get('/v1/merchant/bills/WATER-11')
            .set(...bearer(office.apiKey))
        ).body.payload,
      })
      .expect(409);
    expect(scanned.body.code).toBe('bill_already_paid');
    const after = await http()
      .get('/v1/merchant/bills/WATER-11')
      .set(...bearer(office.apiKey))
      .expect(200);
    expect(after.body).toMatchObject({ status: 'paid', paymentId: paid.body.id });
    expect(
      (
        await putBill(
          office.apiKey,
          'WATER-11',
          bill({ amount: '90.00', dueDate: inDays(3), description: 'Water, November' }),
        ).expect(409)
      ).body.code,
    ).toBe('bill_already_paid');

    // the consumer's statement, the merchant's payments and statement, and the webhook carry the reference
    const lines = (
      await http()
        .get('/v1/me/transactions')
        .set(...bearer(c.token))
        .expect(200)
    ).body.data;
    expect(lines[0]).toMatchObject({ type: 'bill', amount: '-88.00', billReference: 'WATER-11' });
    const mine = (
      await http()
        .get('/v1/merchant/payments')
        .set(...bearer(office.apiKey))
        .expect(200)
    ).body.data;
    expect(mine[0]).toMatchObject({ id: paid.body.id, billReference: 'WATER-11' });
    const st = (
      await http()
        .get(`/v1/merchant/statements/${today()}`)
        .set(...bearer(office.apiKey))
        .expect(200)
    ).body;
    expect(st.data.find((l: { paymentId?: string }) => l.paymentId === paid.body.id)).toMatchObject({
      billReference: 'WATER-11',
    });
    const [event] = await sql<{ payload: Record<string, unknown> }>(
      t,
      `SELECT payload FROM webhook_events WHERE merchant_id = $1 AND type = 'payment.succeeded'`,
      [office.id],
    );
    expect(event.payload).toMatchObject({
      type: 'payment.succeeded',
      data: { paymentId: paid.body.id, billReference: 'WATER-11', amount: '88.00' },
    });

    // open and paid lists
    await putBill(office.apiKey, 'WATER-12', bill({ amount: '12.00' })).expect(201);
    const open = (
      await http()
        .get('/v1/merchant/bills?status=open')
        .set(...bearer(office.apiKey))
        .expect(200)
    ).body.data;
    const paidList = (
      await http()
        .get('/v1/merchant/bills?status=paid')
        .set(...bearer(office.apiKey))
        .expect(200)
    ).body.data;
    expect(open.map((b: { reference: string }) => b.reference)).toEqual(['WATER-12']);
    expect(paidList.map((b: { reference: string }) => b.reference)).toEqual(['WATER-11']);
  });

  it('takes one payment when two people pay the same bill at once', async () => {
    const office = await f.merchant({ name: 'Power Co' });
    await putBill(office.apiKey, 'POWER-7', bill({ amount: '40.00' })).expect(201);
    const payers = [await f.consumer('Li Lei'), await f.consumer('Wang Fang')];
    for (const p of payers) await f.topup(p.id, '50.00');
    const scans = await Promise.all(payers.map((p) => lookup(p.token, office.id, 'POWER-7').expect(200)));
    const results = await Promise.all(payers.map((p, i) => pay(p.token, scans[i].body.token)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('bill_already_paid');
    const wallets = await Promise.all(payers.map((p) => f.wallet(p.token)));
    expect(wallets.sort()).toEqual(['10.00', '50.00']);
  });

  it('after its due date: refused when not payable after it, paid when it is', async () => {
    const office = await f.merchant({ name: 'Court Fines' });
    const c = await f.consumer('Zhang Wei');
    await f.topup(c.id, '100.00');
    await putBill(
      office.apiKey,
      'FINE-1',
      bill({ amount: '10.00', dueDate: inDays(1), payableAfterDue: false }),
    ).expect(201);
    const scan = await lookup(c.token, office.id, 'FINE-1').expect(200);
    // the due date passes (moved in the database, not waited for)
    await sql(
      t,
      `UPDATE orders SET expires_at = now() - interval '1 second' WHERE merchant_id = $1 AND reference = 'FINE-1'`,
      [office.id],
    );
    await sql(t, `UPDATE bills SET due_date = current_date - 1 WHERE merchant_id = $1 AND reference = 'FINE-1'`, [
      office.id,
    ]);
    expect((await pay(c.token, scan.body.token).expect(409)).body.code).toBe('bill_overdue');
    expect((await lookup(c.token, office.id, 'FINE-1').expect(409)).body.code).toBe('bill_overdue');
    expect(
      (
        await http()
          .get('/v1/merchant/bills/FINE-1')
          .set(...bearer(office.apiKey))
          .expect(200)
      ).body,
    ).toMatchObject({
      status: 'open',
      overdue: true,
    });
    // the order sweeper leaves an unpaid bill open
    await t.app.get(OrdersService).expireDue();
    expect(
      (await sql(t, `SELECT status FROM orders WHERE merchant_id = $1 AND reference = 'FINE-1'`, [office.id]))[0],
    ).toEqual({ status: 'open' });
    expect(await f.wallet(c.token)).toBe('100.00');

    // a bill may be issued with a past due date: not payable after it, it is overdue at once
    const stale = await putBill(
      office.apiKey,
      'FINE-3',
      bill({ amount: '10.00', dueDate: inDays(-1), payableAfterDue: false }),
    ).expect(201);
    expect(stale.body).toMatchObject({ status: 'open', overdue: true });
    expect((await lookup(c.token, office.id, 'FINE-3').expect(409)).body.code).toBe('bill_overdue');
    // due today, it is still payable (the due date is a UTC day, overdue from the next one)
    await putBill(office.apiKey, 'FINE-4', bill({ amount: '1.00', dueDate: today(), payableAfterDue: false })).expect(
      201,
    );
    await pay(c.token, (await lookup(c.token, office.id, 'FINE-4').expect(200)).body.token).expect(201);
    expect(await f.wallet(c.token)).toBe('99.00');

    // a bill issued already past due and payable after it is paid
    await putBill(office.apiKey, 'FINE-2', bill({ amount: '10.00', dueDate: inDays(-10) })).expect(201);
    const late = await lookup(c.token, office.id, 'FINE-2').expect(200);
    await pay(c.token, late.body.token).expect(201);
    expect(await f.wallet(c.token)).toBe('89.00');
  });

  it('keeps the books: settlements count bills as merchant payments, the reconciliation stays green', async () => {
    const office = await f.merchant({ name: 'Gas Co', feeRate: '0.01' });
    await putBill(office.apiKey, 'GAS-1', bill({ amount: '100.00' })).expect(201);
    const c = await f.consumer('Sun Li');
    await f.topup(c.id, '100.00');
    const s = await lookup(c.token, office.id, 'GAS-1').expect(200);
    await pay(c.token, s.body.token).expect(201);
    const settlements = (
      await http()
        .get(`/v1/finance/settlements?date=${today()}&currency=CNY`)
        .set(...bearer(f.admin))
        .expect(200)
    ).body;
    expect(JSON.stringify(settlements)).toContain(office.id);
    const rec = (
      await http()
        .get(`/v1/finance/reconciliation?date=${today()}&currency=CNY`)
        .set(...bearer(f.admin))
        .expect(200)
    ).body;
    expect(rec).toMatchObject({ ledgerBalanced: true, paymentsMatchLedger: true, difference: '0.00' });
    expect(await f.merchantBalance(office.apiKey)).toBe('99.00');
  });
});
