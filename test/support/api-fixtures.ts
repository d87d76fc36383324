import crypto from 'node:crypto';
import request from 'supertest';
import { TEST_ADMIN_KEY, type TestApp } from './test-app';

/** Small steps of the contract's journey, for e2e tests. Each asserts its own status. */
export function fixtures(t: TestApp) {
  const http = () => request(t.http);
  let phoneSeq = 0;
  const fixtures = {
    admin: TEST_ADMIN_KEY,
    async merchant(
      body: Partial<{ name: string; feeRate: string; currency: string; city: string; webhookUrl: string }> = {},
    ) {
      const res = await http()
        .post('/v1/merchants')
        .set('Authorization', `Bearer ${TEST_ADMIN_KEY}`)
        .send({
          name: 'Noodle Bar',
          city: 'Shanghai',
          countryCode: 'CN',
          mcc: '5812',
          currency: 'CNY',
          feeRate: '0.006',
          ...body,
        })
        .expect(201);
      return { ...res.body.merchant, apiKey: res.body.apiKey as string } as {
        id: string;
        name: string;
        currency: string;
        apiKey: string;
      };
    },
    async consumer(name = 'Li Lei') {
      const phone = `+86139${String(process.pid % 10000).padStart(4, '0')}${String(++phoneSeq).padStart(4, '0')}`;
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
      const res = await http()
        .post('/v1/topups')
        .set('Authorization', `Bearer ${TEST_ADMIN_KEY}`)
        .set('Idempotency-Key', crypto.randomUUID())
        .send({ consumerId, amount, currency, bankReference: `BANK-${crypto.randomUUID().slice(0, 8)}` })
        .expect(201);
      return res.body;
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
