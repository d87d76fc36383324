import crypto from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { paymentCodeOf, totpAt } from '../../libs/payments/src/payment-codes/payment-code';
import { TEST_ADMIN_KEY, type TestApp } from './test-app';

/*
 * The one fixture kit of the API's end-to-end tests: principals, money, the
 * contract's journey in small steps, and a look into the database.
 */

export const ADMIN = TEST_ADMIN_KEY;

export const bearer = (credential: string): [string, string] => ['Authorization', `Bearer ${credential}`];

let phoneSeq = 0;
/** A fresh E.164 phone, unique within the run. */
export function freshPhone(): string {
  phoneSeq += 1;
  const n = (crypto.randomInt(0, 1_000_000) * 1000 + phoneSeq).toString().padStart(9, '0').slice(-9);
  return `+8613${n}`;
}

export const freshKey = (label = 'k'): string => `${label}-${crypto.randomUUID()}`;

export interface ConsumerFixture {
  id: string;
  name: string;
  phone: string;
  pin: string;
  token: string;
}

export async function registerConsumer(
  t: TestApp,
  over: Partial<{ name: string; phone: string; pin: string }> = {},
): Promise<ConsumerFixture> {
  const body = { name: over.name ?? 'Li Lei', phone: over.phone ?? freshPhone(), pin: over.pin ?? '246810' };
  const res = await request(t.http).post('/v1/consumers').send(body);
  if (res.status !== 201) throw new Error(`register consumer: ${res.status} ${res.text}`);
  return { id: res.body.consumer.id, name: body.name, phone: body.phone, pin: body.pin, token: res.body.token };
}

export interface MerchantFixture {
  id: string;
  apiKey: string;
  body: Record<string, unknown>;
}

export function merchantBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Noodle Bar',
    city: 'Shanghai',
    countryCode: 'CN',
    mcc: '5812',
    currency: 'CNY',
    feeRate: '0.006',
    ...over,
  };
}

export async function createMerchant(t: TestApp, over: Record<string, unknown> = {}): Promise<MerchantFixture> {
  const body = merchantBody(over);
  const res = await request(t.http)
    .post('/v1/merchants')
    .set(...bearer(ADMIN))
    .send(body);
  if (res.status !== 201) throw new Error(`create merchant: ${res.status} ${res.text}`);
  return { id: res.body.merchant.id, apiKey: res.body.apiKey, body };
}

export async function createOperator(
  t: TestApp,
  role: 'admin' | 'finance',
  name = `${role} desk`,
): Promise<{ id: string; apiKey: string }> {
  const res = await request(t.http)
    .post('/v1/operators')
    .set(...bearer(ADMIN))
    .send({ name, role });
  if (res.status !== 201) throw new Error(`create operator: ${res.status} ${res.text}`);
  return { id: res.body.operator.id, apiKey: res.body.apiKey };
}

export function topupBody(
  consumerId: string,
  amount = '100.00',
  currency = 'CNY',
  bankReference = freshKey('BANK'),
): Record<string, unknown> {
  return { consumerId, amount, currency, bankReference };
}

/** Credit a consumer's wallet through the API (as the admin unless told). */
export async function topUp(
  t: TestApp,
  consumerId: string,
  amount = '100.00',
  currency = 'CNY',
  operatorKey = ADMIN,
): Promise<request.Response> {
  const res = await request(t.http)
    .post('/v1/topups')
    .set(...bearer(operatorKey))
    .set('Idempotency-Key', freshKey('topup'))
    .send(topupBody(consumerId, amount, currency));
  if (res.status !== 201) throw new Error(`top-up: ${res.status} ${res.text}`);
  return res;
}

export async function walletsOf(t: TestApp, token: string): Promise<Record<string, string>> {
  const res = await request(t.http)
    .get('/v1/me/wallets')
    .set(...bearer(token));
  if (res.status !== 200) throw new Error(`wallets: ${res.status} ${res.text}`);
  return Object.fromEntries(
    (res.body.data as Array<{ currency: string; balance: string }>).map((w) => [w.currency, w.balance]),
  );
}

/** Run SQL on the test app's own database (read-only checks of what is stored). */
export async function sql<T = Record<string, unknown>>(t: TestApp, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: t.db.url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/** A pack of payment codes as the phone keeps it. */
export interface PhonePack {
  packId: string;
  key: Buffer;
  handles: string[];
}

/** The code the phone shows with handle `i` of its pack, its clock `skewSeconds` off. */
export async function phoneCode(p: PhonePack, i: number, skewSeconds = 0): Promise<string> {
  return paymentCodeOf({ handle: p.handles[i], totp: await totpAt(p.key, Date.now() / 1000 + skewSeconds) });
}

/** Small steps of the contract's journey, for e2e tests. Each asserts its own status. */
export function fixtures(t: TestApp) {
  const http = () => request(t.http);
  const fixtures = {
    admin: TEST_ADMIN_KEY,
    async merchant(
      body: Partial<{ name: string; feeRate: string; currency: string; city: string; webhookUrl: string }> = {},
    ) {
      const res = await http()
        .post('/v1/merchants')
        .set(...bearer(ADMIN))
        .send(merchantBody(body))
        .expect(201);
      return { ...res.body.merchant, apiKey: res.body.apiKey as string } as {
        id: string;
        name: string;
        currency: string;
        apiKey: string;
      };
    },
    async consumer(name = 'Li Lei') {
      const phone = freshPhone();
      const pin = '246810';
      const res = await http().post('/v1/consumers').send({ name, phone, pin }).expect(201);
      return { ...res.body.consumer, token: res.body.token as string, pin, phone } as {
        id: string;
        name: string;
        phone: string;
        token: string;
        pin: string;
      };
    },
    async topup(consumerId: string, amount: string, currency = 'CNY') {
      return (await topUp(t, consumerId, amount, currency)).body;
    },
    async code(merchantKey: string, body: { label?: string; amount?: string } = {}) {
      const res = await http()
        .post('/v1/merchant/qr-codes')
        .set('Authorization', `Bearer ${merchantKey}`)
        .send({ label: 'Counter 1', ...body })
        .expect(201);
      return res.body as { id: string; reference: string; payload: string; amount?: string; currency: string };
    },
    async order(
      merchantKey: string,
      amount: string,
      reference = `R-${crypto.randomUUID().slice(0, 8)}`,
      expiresInSeconds?: number,
    ) {
      const res = await http()
        .post('/v1/merchant/orders')
        .set('Authorization', `Bearer ${merchantKey}`)
        .send({ amount, reference, ...(expiresInSeconds ? { expiresInSeconds } : {}) })
        .expect(201);
      return res.body as {
        id: string;
        reference: string;
        payload: string;
        codeId: string;
        status: string;
        expiresAt: string;
      };
    },
    scan(consumerToken: string, payload: string) {
      return http().post('/v1/scan').set('Authorization', `Bearer ${consumerToken}`).send({ payload });
    },
    pay(
      consumerToken: string,
      body: { token: string; amount?: string; pin?: string },
      key: string = crypto.randomUUID(),
    ) {
      return http()
        .post('/v1/payments')
        .set('Authorization', `Bearer ${consumerToken}`)
        .set('Idempotency-Key', key)
        .send(body);
    },
    async scanAndPay(consumerToken: string, payload: string, amount?: string) {
      const s = await fixtures.scan(consumerToken, payload).expect(200);
      const res = await fixtures.pay(consumerToken, { token: s.body.token, ...(amount ? { amount } : {}) }).expect(201);
      return res.body;
    },
    refund(merchantKey: string, paymentId: string, amount: string, key: string = crypto.randomUUID()) {
      return http()
        .post(`/v1/merchant/payments/${paymentId}/refunds`)
        .set('Authorization', `Bearer ${merchantKey}`)
        .set('Idempotency-Key', key)
        .send({ amount });
    },
    async withdraw(consumerToken: string, amount: string, currency = 'CNY') {
      const res = await http()
        .post('/v1/me/withdrawals')
        .set('Authorization', `Bearer ${consumerToken}`)
        .set('Idempotency-Key', crypto.randomUUID())
        .send({ amount, currency })
        .expect(201);
      return res.body as { id: string; status: string; amount: string; currency: string };
    },
    async wallet(consumerToken: string, currency = 'CNY'): Promise<string> {
      const res = await http().get('/v1/me/wallets').set('Authorization', `Bearer ${consumerToken}`).expect(200);
      return (
        (res.body.data as Array<{ currency: string; balance: string }>).find((w) => w.currency === currency)?.balance ??
        '0.00'
      );
    },
    async merchantBalance(merchantKey: string): Promise<string> {
      const res = await http().get('/v1/merchant/balance').set('Authorization', `Bearer ${merchantKey}`).expect(200);
      return res.body.balance;
    },
    /** A pack of payment codes made by the session `token` (POST /v1/me/payment-codes). */
    async paymentPack(token: string, pin: string): Promise<PhonePack> {
      const res = await http()
        .post('/v1/me/payment-codes')
        .set('Authorization', `Bearer ${token}`)
        .send({ pin })
        .expect(201);
      return { packId: res.body.packId, key: Buffer.from(res.body.key, 'base64url'), handles: res.body.handles };
    },
    async promotion(body: Record<string, unknown>) {
      const res = await http()
        .post('/v1/promotions')
        .set('Authorization', `Bearer ${TEST_ADMIN_KEY}`)
        .send(body)
        .expect(201);
      return res.body;
    },
  };
  return fixtures;
}
