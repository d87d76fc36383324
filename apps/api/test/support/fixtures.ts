import crypto from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { TEST_ADMIN_KEY, type TestApp } from '../../../../test/support/test-app';

/** Shared set-up for the API's end-to-end tests: principals, money, and a look into the database. */

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
