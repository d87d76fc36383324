import crypto from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { servedRoutes } from '../src/configure-app';
import { isWebPath } from '../src/web/web-fronts';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import {
  ADMIN,
  type ConsumerFixture,
  type MerchantFixture,
  createMerchant,
  createOperator,
  fixtures,
  freshPhone,
  phoneCode,
  registerConsumer,
  topUp,
} from '../../../test/support/api-fixtures';

/*
 * ============================================================================
 *  AUTHORIZATION TABLE: every route the app serves × every kind of principal.
 * ============================================================================
 *
 * Adding a route? Add ONE row here, keyed "METHOD /path" exactly as the
 * OpenAPI document (/docs-json) spells it ({id} for path parameters). The
 * test "has a rule for every route the app serves" fails and names every
 * route without a row.
 *
 *   expect: who may call it (shared/API.md):
 *     anyone            public route: 2xx for everybody (send a valid body)
 *     only(...)         no credential 401; the listed principals 2xx; everybody else 403
 *     ownedBy(owner)    an object of consumer A or merchant A: the owner 2xx,
 *                       the other principal of the same kind 404, other kinds 403, none 401
 *   path:  fills path parameters, usually with a fresh object of A (see World)
 *   body:  a valid body, so that an allowed caller gets the real 2xx
 *   query: query string; headers: extra headers (e.g. Content-Type: text/csv with a string body)
 *
 * POST/PUT/PATCH/DELETE always carry a fresh Idempotency-Key.
 */

const PRINCIPALS = ['none', 'consumerA', 'consumerB', 'merchantA', 'merchantB', 'finance', 'admin'] as const;
type Who = (typeof PRINCIPALS)[number];
type Outcome = '2xx' | 401 | 403 | 404;
type Expectation = Record<Who, Outcome>;

const anyone: Expectation = {
  none: '2xx',
  consumerA: '2xx',
  consumerB: '2xx',
  merchantA: '2xx',
  merchantB: '2xx',
  finance: '2xx',
  admin: '2xx',
};

function only(...allowed: Exclude<Who, 'none'>[]): Expectation {
  const e = { none: 401 } as Expectation;
  for (const w of PRINCIPALS) if (w !== 'none') e[w] = allowed.includes(w) ? '2xx' : 403;
  return e;
}

function ownedBy(owner: 'consumerA' | 'merchantA'): Expectation {
  const e = only(owner);
  e[owner === 'consumerA' ? 'consumerB' : 'merchantB'] = 404;
  return e;
}

const consumers = only('consumerA', 'consumerB');
const merchants = only('merchantA', 'merchantB');
const operators = only('finance', 'admin');
const adminOnly = only('admin');

interface Rule {
  expect: Expectation;
  path?: (w: World, who: Who) => string | Promise<string>;
  body?: (w: World, who: Who) => unknown;
  query?: Record<string, string>;
  /** extra request headers, e.g. Content-Type: text/csv for an upload (body then a string) */
  headers?: Record<string, string>;
  /** another credential of the same kind, for a route that ends it (sign-out, closure) */
  credential?: (w: World, who: Who) => Promise<string | null>;
}

const AUTHZ_TABLE: Record<string, Rule> = {
  // service
  'GET /health': { expect: anyone },
  'GET /health/ready': { expect: anyone },
  'GET /.well-known/jwks.json': { expect: anyone },
  'GET /docs': { expect: anyone },
  'GET /docs-json': { expect: anyone },

  // identity
  'POST /v1/operators': { expect: adminOnly, body: () => ({ name: 'Desk', role: 'finance' }) },
  'POST /v1/consumers': { expect: anyone, body: () => ({ name: 'New', phone: freshPhone(), pin: '123456' }) },
  'POST /v1/consumers/sessions': {
    expect: anyone,
    body: (w) => ({ phone: w.signInConsumer.phone, pin: w.signInConsumer.pin }),
  },
  'GET /v1/me': { expect: consumers },
  'GET /v1/me/wallets': { expect: consumers },
  'GET /v1/me/transactions': { expect: consumers },
  'POST /v1/merchants': {
    expect: adminOnly,
    body: () => ({ name: 'Shop', city: 'Suzhou', countryCode: 'CN', mcc: '5411', currency: 'CNY', feeRate: '0.01' }),
  },
  'GET /v1/merchant': { expect: merchants },
  'PATCH /v1/merchant': { expect: merchants, body: () => ({ webhookUrl: 'https://till.example/hook' }) },
  'GET /v1/merchant/balance': { expect: merchants },
  'POST /v1/merchant/webhook-secret': { expect: merchants },
  // 2xx: merchants A and B have a webhook URL by now (PATCH /v1/merchant above); without one it is 409 webhook_url_missing
  'POST /v1/merchant/webhook-test': { expect: merchants },

  // money in and out
  'POST /v1/topups': {
    expect: operators,
    body: (w) => ({
      consumerId: w.consumerA.id,
      amount: '1.00',
      currency: 'CNY',
      bankReference: `BANK-${crypto.randomUUID()}`,
    }),
  },
  'POST /v1/me/withdrawals': { expect: consumers, body: () => ({ amount: '0.01', currency: 'CNY' }) },

  // merchant codes and orders
  'POST /v1/merchant/qr-codes': { expect: merchants, body: () => ({ label: 'Till 2' }) },
  'GET /v1/merchant/qr-codes': { expect: merchants },
  'GET /v1/merchant/qr-codes/{id}': {
    expect: ownedBy('merchantA'),
    path: async (w) => `/v1/merchant/qr-codes/${(await w.codeOfA()).id}`,
  },
  'GET /v1/merchant/qr-codes/{id}/image.png': {
    expect: ownedBy('merchantA'),
    path: async (w) => `/v1/merchant/qr-codes/${(await w.codeOfA()).id}/image.png`,
  },
  'GET /v1/merchant/qr-codes/{id}/image.svg': {
    expect: ownedBy('merchantA'),
    path: async (w) => `/v1/merchant/qr-codes/${(await w.codeOfA()).id}/image.svg`,
  },
  'GET /v1/merchant/qr-codes/{id}/poster.pdf': {
    expect: ownedBy('merchantA'),
    path: async (w) => `/v1/merchant/qr-codes/${(await w.codeOfA()).id}/poster.pdf`,
  },
  'POST /v1/merchant/qr-codes/{id}/disable': {
    expect: ownedBy('merchantA'),
    path: async (w) => `/v1/merchant/qr-codes/${(await w.codeOfA()).id}/disable`,
  },
  'POST /v1/merchant/orders': {
    expect: merchants,
    body: () => ({ amount: '9.90', reference: `R-${crypto.randomBytes(6).toString('hex')}` }),
  },
  'GET /v1/merchant/orders/{id}': {
    expect: ownedBy('merchantA'),
    path: async (w) => `/v1/merchant/orders/${(await w.orderOfA()).id}`,
  },
  'POST /v1/merchant/orders/{id}/cancel': {
    expect: ownedBy('merchantA'),
    path: async (w) => `/v1/merchant/orders/${(await w.orderOfA()).id}/cancel`,
  },
  'GET /v1/merchant/payments': { expect: merchants },
  'GET /v1/merchant/payments/{id}': {
    expect: ownedBy('merchantA'),
    path: async (w) => `/v1/merchant/payments/${await w.paymentOfA()}`,
  },
  'POST /v1/merchant/payments/{id}/refunds': {
    expect: ownedBy('merchantA'),
    path: async (w) => `/v1/merchant/payments/${await w.paymentOfA()}/refunds`,
    body: () => ({ amount: '0.01' }),
  },
  'GET /v1/merchant/webhook-deliveries': { expect: merchants },
  'GET /v1/merchant/statements/{date}': { expect: merchants, path: () => '/v1/merchant/statements/2026-01-01' },
  'GET /v1/merchant/reports/hourly': { expect: merchants, query: { date: '2026-01-01', tz: 'Asia/Shanghai' } },
  'GET /v1/merchant/reports/daily': { expect: merchants, query: { days: '7', tz: 'Asia/Shanghai' } },
  'POST /v1/qr/decode': { expect: anyone, body: (w) => ({ payload: w.fixedCodeOfA.payload }) },

  // scan and pay
  'POST /v1/scan': { expect: consumers, body: (w) => ({ payload: w.fixedCodeOfA.payload }) },
  'POST /v1/payments': { expect: consumers, body: (w, who) => w.payBodyFor(who) },
  'GET /v1/payments/{id}': { expect: ownedBy('consumerA'), path: async (w) => `/v1/payments/${await w.paymentOfA()}` },

  // pay with the phone's code: a consumer's packs
  'POST /v1/me/payment-codes': {
    expect: consumers,
    body: (w, who) => ({ pin: (who === 'consumerB' ? w.consumerB : w.consumerA).pin }),
  },
  'GET /v1/me/payment-codes': { expect: consumers },
  'DELETE /v1/me/payment-codes/{packId}': {
    expect: ownedBy('consumerA'),
    path: async (w) => `/v1/me/payment-codes/${await w.packOfA()}`,
  },

  // sessions and accounts (a route that ends its session runs on a fresh one of the same kind)
  'GET /v1/me/sessions': { expect: consumers },
  'DELETE /v1/me/sessions/current': { expect: consumers, credential: (w, who) => w.freshSession(who) },
  'DELETE /v1/me/sessions/{id}': {
    expect: ownedBy('consumerA'),
    path: async (w) => `/v1/me/sessions/${await w.sessionOfA()}`,
  },
  // the caller's own session stays (every other one ends): the usual credential
  'POST /v1/me/pin': {
    expect: consumers,
    body: (w, who) => {
      const pin = (who === 'consumerB' ? w.consumerB : w.consumerA).pin;
      return { currentPin: pin, newPin: pin };
    },
  },
  'POST /v1/me/closure': {
    expect: consumers,
    credential: (w, who) => w.freshConsumer(who),
    body: () => ({ pin: '246810' }),
  },
  'POST /v1/finance/consumers/{id}/freeze': {
    expect: operators,
    path: async (w) => `/v1/finance/consumers/${await w.bystander()}/freeze`,
    body: () => ({ reason: 'authorization test', purpose: 'authorization test: ticket 43' }),
  },
  'POST /v1/finance/consumers/{id}/unfreeze': {
    expect: operators,
    path: async (w) => `/v1/finance/consumers/${await w.bystander()}/unfreeze`,
    body: () => ({ purpose: 'authorization test: ticket 43' }),
  },

  // pay with the phone's code: the till charges it, the consumer confirms what waits
  'POST /v1/merchant/charges': { expect: merchants, body: (w) => w.chargeBody('0.01') },
  'GET /v1/merchant/charges/{id}': {
    expect: ownedBy('merchantA'),
    path: async (w) => `/v1/merchant/charges/${await w.chargeOfA('0.01')}`,
  },
  'GET /v1/me/charges': { expect: consumers },
  'POST /v1/me/charges/{id}/confirm': {
    expect: ownedBy('consumerA'),
    path: async (w) => `/v1/me/charges/${await w.chargeOfA('1500.00')}/confirm`,
    body: (w) => ({ pin: w.consumerA.pin }),
  },
  'POST /v1/me/charges/{id}/decline': {
    expect: ownedBy('consumerA'),
    path: async (w) => `/v1/me/charges/${await w.chargeOfA('1500.00')}/decline`,
  },

  // between people
  'POST /v1/transfers': {
    expect: consumers,
    body: () => ({ toPhone: freshPhone(), amount: '0.01', currency: 'CNY' }),
  },
  'GET /v1/transfers': { expect: consumers },
  'GET /v1/transfers/{id}': {
    expect: ownedBy('consumerA'),
    path: async (w) => `/v1/transfers/${await w.transferOfA()}`,
  },
  // bills and taxes
  'PUT /v1/merchant/bills/{reference}': {
    expect: merchants,
    path: () => `/v1/merchant/bills/B-${crypto.randomBytes(6).toString('hex')}`,
    body: () => ({ amount: '12.00', dueDate: '2030-01-31', description: 'Water, January' }),
  },
  'GET /v1/merchant/bills': { expect: merchants },
  'GET /v1/merchant/bills/{reference}': {
    expect: ownedBy('merchantA'),
    path: async (w) => `/v1/merchant/bills/${await w.billOfA()}`,
  },
  'GET /v1/merchant/bills/{reference}/image.png': {
    expect: ownedBy('merchantA'),
    path: async (w) => `/v1/merchant/bills/${await w.billOfA()}/image.png`,
  },
  'POST /v1/bills/lookup': {
    expect: consumers,
    body: async (w) => ({ merchantId: w.merchantA.id, reference: await w.billOfA() }),
  },
  'POST /v1/red-envelopes': {
    expect: consumers,
    body: () => ({ total: '0.02', currency: 'CNY', count: 2, split: 'random' }),
  },
  'POST /v1/red-envelopes/claims': { expect: consumers, body: async (w) => ({ code: (await w.envelopeOfA()).code }) },
  'GET /v1/red-envelopes': { expect: consumers },
  'GET /v1/red-envelopes/{id}': {
    expect: ownedBy('consumerA'),
    path: async (w) => `/v1/red-envelopes/${(await w.envelopeOfA()).id}`,
  },

  // promotions (for a merchant of their own, so that no discount reaches merchant A's payments)
  'POST /v1/promotions': {
    expect: adminOnly,
    body: (w) => ({
      merchantId: w.promoMerchant.id,
      fundedBy: 'platform',
      percentOff: '10',
      startsAt: '2026-01-01T00:00:00Z',
      endsAt: '2027-01-01T00:00:00Z',
    }),
  },

  // privacy
  'GET /v1/finance/consumers/{id}': {
    expect: operators,
    path: (w) => `/v1/finance/consumers/${w.consumerA.id}`,
    query: { purpose: 'authorization test: support ticket 42' },
  },
  'GET /v1/me/access-log': { expect: consumers },
  'GET /v1/me/export': { expect: consumers },

  // finance
  'GET /v1/finance/trial-balance': { expect: operators, query: { currency: 'CNY' } },
  'GET /v1/finance/settlements': { expect: operators, query: { date: '2026-01-01', currency: 'CNY' } },
  'GET /v1/finance/journal': { expect: operators, query: { from: '2026-01-01', to: '2026-01-01' } },
  'GET /v1/finance/reports/volume': { expect: operators, query: { date: '2026-01-01' } },
  'GET /v1/finance/reports/safeguarding': { expect: operators, query: { days: '7', currency: 'CNY' } },
  'POST /v1/finance/payouts': { expect: operators, body: () => ({ date: '2026-01-01' }) },
  'GET /v1/finance/payouts': { expect: operators, query: { status: 'pending' } },
  'GET /v1/finance/payouts/runs/{date}': {
    expect: operators,
    path: async (w) => `/v1/finance/payouts/runs/${await w.payoutRunDay()}`,
  },
  'POST /v1/finance/bank-statements': {
    expect: operators,
    headers: { 'Content-Type': 'text/csv' },
    body: () =>
      `date,amount,currency,direction,reference,counterparty\n2026-01-01,1.00,CNY,credit,AUTHZ-${crypto.randomUUID().slice(0, 8)},\n`,
  },
  'GET /v1/finance/reconciliation': { expect: operators, query: { date: '2026-01-01' } },
};

/** Routes the app serves outside the OpenAPI document (the document itself and its UI). */
const SERVED_OUTSIDE_THE_DOCUMENT = ['GET /docs', 'GET /docs-json'];

/* ============================================================================ */

interface World {
  consumerA: ConsumerFixture;
  consumerB: ConsumerFixture;
  signInConsumer: ConsumerFixture;
  merchantA: MerchantFixture;
  merchantB: MerchantFixture;
  promoMerchant: MerchantFixture;
  finance: { id: string; apiKey: string };
  /** A fixed-amount static code of merchant A, made once. */
  fixedCodeOfA: { id: string; payload: string };
  credential(who: Who): string | null;
  /** A fresh static code of merchant A. */
  codeOfA(): Promise<{ id: string; payload: string }>;
  /** A fresh open order of merchant A. */
  orderOfA(): Promise<{ id: string; payload: string }>;
  /** A fresh payment of consumer A at merchant A; its id. */
  paymentOfA(): Promise<string>;
  /** A fresh pack of payment codes of consumer A; its id. */
  packOfA(): Promise<string>;
  /** For a consumer, a new session of the same consumer; anyone else, their usual credential. */
  freshSession(who: Who): Promise<string | null>;
  /** For a consumer, a new consumer with an empty wallet (PIN 246810); anyone else, their usual credential. */
  freshConsumer(who: Who): Promise<string | null>;
  /** A session id of consumer A other than its main one. */
  sessionOfA(): Promise<string>;
  /** A consumer no other rule uses (to freeze); its id. */
  bystander(): Promise<string>;
  /** A body for POST /v1/merchant/charges: a fresh code of consumer A's phone. */
  chargeBody(amount: string): Promise<{ code: string; amount: string }>;
  /** A charge of merchant A to consumer A (above the no-PIN limit it waits for consumer A); its id. */
  chargeOfA(amount: string): Promise<string>;
  /** A body for POST /v1/payments: the caller's own scan when a consumer, else consumer A's. */
  payBodyFor(who: Who): Promise<{ token: string }>;
  /** A day whose payout run has been made (by finance). */
  payoutRunDay(): Promise<string>;
  /** A fresh transfer of consumer A to a phone not registered; its id. */
  transferOfA(): Promise<string>;
  /** A fresh open bill of merchant A; its reference. */
  billOfA(): Promise<string>;
  /** A fresh red envelope of consumer A (one share). */
  envelopeOfA(): Promise<{ id: string; code: string }>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function expectOk(res: request.Response, what: string): void {
  if (res.status < 200 || res.status >= 300) throw new Error(`${what}: ${res.status} ${res.text}`);
}

describe('authorization: every route × every principal', () => {
  let t: TestApp;
  let w: World;

  beforeAll(async () => {
    t = await createTestApp();
    const http = () => request(t.http);
    const [consumerA, consumerB, signInConsumer] = [
      await registerConsumer(t, { name: 'A' }),
      await registerConsumer(t, { name: 'B' }),
      await registerConsumer(t),
    ];
    await topUp(t, consumerA.id, '100000.00');
    await topUp(t, consumerB.id, '100000.00');
    const merchantA = await createMerchant(t, { name: 'Merchant A' });
    const merchantB = await createMerchant(t, { name: 'Merchant B' });
    const promoMerchant = await createMerchant(t, { name: 'Promo' });
    const finance = await createOperator(t, 'finance');

    const credentials: Record<Who, string | null> = {
      none: null,
      consumerA: consumerA.token,
      consumerB: consumerB.token,
      merchantA: merchantA.apiKey,
      merchantB: merchantB.apiKey,
      finance: finance.apiKey,
      admin: ADMIN,
    };
    const codeOfA = async (amount?: string) => {
      const res = await http()
        .post('/v1/merchant/qr-codes')
        .set('Authorization', `Bearer ${merchantA.apiKey}`)
        .send({ label: 'Counter', ...(amount ? { amount } : {}) });
      expectOk(res, 'create code of merchant A');
      return res.body as { id: string; payload: string };
    };
    const scan = async (token: string, payload: string) => {
      const res = await http().post('/v1/scan').set('Authorization', `Bearer ${token}`).send({ payload });
      expectOk(res, 'scan');
      return res.body as { token: string };
    };
    const fixedCodeOfA = await codeOfA('1.00');

    w = {
      consumerA,
      consumerB,
      signInConsumer,
      merchantA,
      merchantB,
      promoMerchant,
      finance,
      fixedCodeOfA,
      credential: (who) => credentials[who],
      codeOfA: () => codeOfA(),
      async orderOfA() {
        const res = await http()
          .post('/v1/merchant/orders')
          .set('Authorization', `Bearer ${merchantA.apiKey}`)
          .send({ amount: '3.00', reference: `A-${crypto.randomBytes(6).toString('hex')}` });
        expectOk(res, 'create order of merchant A');
        return res.body as { id: string; payload: string };
      },
      async paymentOfA() {
        const s = await scan(consumerA.token, fixedCodeOfA.payload);
        const res = await http()
          .post('/v1/payments')
          .set('Authorization', `Bearer ${consumerA.token}`)
          .set('Idempotency-Key', crypto.randomUUID())
          .send({ token: s.token });
        expectOk(res, 'pay as consumer A');
        return res.body.id as string;
      },
      async packOfA() {
        const res = await http()
          .post('/v1/me/payment-codes')
          .set('Authorization', `Bearer ${consumerA.token}`)
          .send({ pin: consumerA.pin });
        expectOk(res, 'pack of consumer A');
        return res.body.packId as string;
      },
      async freshSession(who) {
        if (who !== 'consumerA' && who !== 'consumerB') return credentials[who];
        const c = who === 'consumerA' ? consumerA : consumerB;
        const res = await http().post('/v1/consumers/sessions').send({ phone: c.phone, pin: c.pin });
        expectOk(res, 'sign in');
        return res.body.token as string;
      },
      async freshConsumer(who) {
        if (who !== 'consumerA' && who !== 'consumerB') return credentials[who];
        return (await registerConsumer(t, { pin: '246810' })).token;
      },
      async transferOfA() {
        const res = await http()
          .post('/v1/transfers')
          .set('Authorization', `Bearer ${consumerA.token}`)
          .set('Idempotency-Key', crypto.randomUUID())
          .send({ toPhone: freshPhone(), amount: '0.01', currency: 'CNY' });
        expectOk(res, 'transfer of consumer A');
        return res.body.id as string;
      },
      async billOfA() {
        const reference = `B-${crypto.randomBytes(6).toString('hex')}`;
        const res = await http()
          .put(`/v1/merchant/bills/${reference}`)
          .set('Authorization', `Bearer ${merchantA.apiKey}`)
          .send({ amount: '3.00', dueDate: '2030-01-31', description: 'Tax' });
        expectOk(res, 'bill of merchant A');
        return reference;
      },
      async envelopeOfA() {
        const res = await http()
          .post('/v1/red-envelopes')
          .set('Authorization', `Bearer ${consumerA.token}`)
          .set('Idempotency-Key', crypto.randomUUID())
          .send({ total: '0.01', currency: 'CNY', count: 1, split: 'equal' });
        expectOk(res, 'red envelope of consumer A');
        return res.body as { id: string; code: string };
      },
      async sessionOfA() {
        const token = await w.freshSession('consumerA');
        const res = await http().get('/v1/me/sessions').set('Authorization', `Bearer ${token}`);
        expectOk(res, 'sessions of consumer A');
        return (res.body.data as Array<{ id: string; current: boolean }>).find((s) => s.current)!.id;
      },
      async bystander() {
        return (await registerConsumer(t)).id;
      },
      async chargeBody(amount) {
        const pack = await fixtures(t).paymentPack(consumerA.token, consumerA.pin);
        return { code: await phoneCode(pack, 0), amount };
      },
      async chargeOfA(amount) {
        const res = await http()
          .post('/v1/merchant/charges')
          .set('Authorization', `Bearer ${merchantA.apiKey}`)
          .set('Idempotency-Key', crypto.randomUUID())
          .send(await w.chargeBody(amount));
        expectOk(res, 'charge of merchant A');
        return res.body.id as string;
      },
      async payBodyFor(who) {
        const payer = who === 'consumerB' ? consumerB : consumerA;
        return { token: (await scan(payer.token, fixedCodeOfA.payload)).token };
      },
      async payoutRunDay() {
        const date = '2026-01-03';
        const res = await http()
          .post('/v1/finance/payouts')
          .set('Authorization', `Bearer ${finance.apiKey}`)
          .set('Idempotency-Key', crypto.randomUUID())
          .send({ date });
        expectOk(res, 'payout run');
        return date;
      },
    };
  });
  afterAll(() => t.close());

  it('has a rule for every route the app serves, and no rule for a route it does not serve', async () => {
    const doc = (await request(t.http).get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const served = new Set(SERVED_OUTSIDE_THE_DOCUMENT);
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const m of METHODS) if (item[m]) served.add(`${m.toUpperCase()} ${path}`);
    }
    const ruled = new Set(Object.keys(AUTHZ_TABLE));
    const routesWithoutARule = [...served].filter((r) => !ruled.has(r)).sort();
    const rulesWithoutARoute = [...ruled].filter((r) => !served.has(r)).sort();
    // on failure: add a row to AUTHZ_TABLE at the top of apps/api/test/authorization.e2e-spec.ts for each route listed
    expect({ routesWithoutARule, rulesWithoutARoute }).toEqual({ routesWithoutARule: [], rulesWithoutARoute: [] });
  });

  it('documents every route that the HTTP router serves (no controller hidden from the OpenAPI document)', async () => {
    const doc = (await request(t.http).get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = new Set<string>(SERVED_OUTSIDE_THE_DOCUMENT);
    for (const [path, item] of Object.entries(doc.paths))
      for (const m of METHODS) if (item[m]) documented.add(`${m.toUpperCase()} ${path}`);

    const routed = new Set<string>();
    for (const route of servedRoutes(t.app as NestFastifyApplication)) {
      const [method, path] = route.split(' ');
      if (path.startsWith('/docs') || isWebPath(path.replace(/\*$/, ''))) continue; // the OpenAPI UI, the web fronts and their assets
      routed.add(`${method} ${path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
    }
    expect([...routed]).toEqual(
      expect.arrayContaining(['GET /health', 'POST /v1/topups', 'GET /v1/me', 'PATCH /v1/merchant']),
    );
    const undocumented = [...routed].filter((r) => !documented.has(r)).sort();
    expect({ undocumented }).toEqual({ undocumented: [] });
  });

  for (const [route, rule] of Object.entries(AUTHZ_TABLE)) {
    const [method, template] = route.split(' ');
    describe(route, () => {
      it.each(PRINCIPALS.map((who) => [who, rule.expect[who]] as const))('as %s → %s', async (who, expected) => {
        const path = rule.path ? await rule.path(w, who) : template;
        if (path.includes('{')) throw new Error(`${route}: the rule needs a path() that fills in ${template}`);
        let req = request(t.http)[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](path);
        if (rule.query) req = req.query(rule.query);
        const credential = rule.credential ? await rule.credential(w, who) : w.credential(who);
        if (credential) req = req.set('Authorization', `Bearer ${credential}`);
        if (method !== 'GET') req = req.set('Idempotency-Key', crypto.randomUUID());
        for (const [name, value] of Object.entries(rule.headers ?? {})) req = req.set(name, value);
        const body = rule.body ? await rule.body(w, who) : undefined;
        const res = await (body !== undefined
          ? req.send(body as string | object)
          : method === 'GET'
            ? req
            : req.send({}));

        const ok = expected === '2xx' ? res.status >= 200 && res.status < 300 : res.status === expected;
        const got = ok ? expected : `${res.status} ${String(res.text ?? '').slice(0, 300)}`;
        expect({ route, who, got }).toEqual({ route, who, got: expected });
        if (expected === 401) expect(res.body.code).toBe('unauthorized');
        if (expected === 403) expect(res.body.code).toBe('forbidden');
      });
    });
  }
});
