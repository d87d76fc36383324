/*
 * Webhook signatures for every client library (issue 17, its webhook part):
 * the merchant portal's webhook screen makes a new secret and shows it once,
 * with the 24-hour overlap explained; then sends a test delivery, which
 * reaches the webhook URL signed under that secret (verified with the
 * `standardwebhooks` package, as the merchant's receiver would) and shows in
 * the delivery log.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { check, expect, shoot, text } from '../support';
import type { WalletJourney } from './journey';

export async function webhookSecret(j: WalletJourney): Promise<void> {
  const { merchant, receiver } = j;
  let secret = '';
  await check('merchant portal: Webhooks makes a new secret and shows it once', async () => {
    await merchant.goto('/merchant/webhooks');
    await merchant.getByRole('heading', { name: 'Webhook secret' }).waitFor();
    await merchant.getByText('keeps signing beside it for 24 hours', { exact: false }).waitFor();
    await merchant.getByRole('button', { name: 'Make a new secret' }).click();
    await merchant.getByTestId('webhook-secret').getByText('will not be shown again', { exact: false }).waitFor();
    const shown = await text(merchant, 'webhook-secret');
    expect(/whsec_[A-Za-z0-9+/]{43}=/.test(shown), `secret ${shown}`);
    secret = /whsec_[A-Za-z0-9+/]{43}=/.exec(shown)?.[0] ?? '';
    await shoot(merchant, 'merchant-31-webhook-secret');
    // gone once the screen is left
    await merchant.goto('/merchant/webhooks');
    await merchant.getByRole('heading', { name: 'Webhook secret' }).waitFor();
    expect((await merchant.getByTestId('webhook-secret').count()) === 0, 'the secret is shown again');
  });

  await check(
    'merchant portal: Send a test delivery reaches the webhook URL, verifiable with the new secret',
    async () => {
      // what the receiver gets, headers included (the rig keeps bodies only)
      const got: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
      const listen = (req: IncomingMessage) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString('utf8')));
        req.on('end', () => got.push({ headers: req.headers, body }));
      };
      receiver.on('request', listen);
      try {
        await merchant.getByRole('heading', { name: 'Test delivery' }).waitFor();
        await merchant.getByRole('button', { name: 'Send a test delivery' }).click();
        const result = merchant.getByRole('status').filter({ hasText: 'Test delivery sent' });
        await result.waitFor();
        const eventId = /\(event ([0-9a-f-]{36})\)/.exec((await result.textContent()) ?? '')?.[1];
        expect(eventId, `no event id in "${await result.textContent()}"`);
        for (let i = 0; i < 60 && !got.some((h) => h.headers['webhook-id'] === eventId); i++)
          await merchant.waitForTimeout(250);
        const hook = got.find((h) => h.headers['webhook-id'] === eventId);
        expect(hook, `the test delivery ${eventId} did not reach the webhook URL (${got.length} calls)`);
        const payload = new Webhook(secret).verify(hook.body, hook.headers as Record<string, string>) as {
          type: string;
          data: { test: boolean };
        };
        expect(payload.type === 'webhook.test' && payload.data.test === true, `payload ${hook.body}`);
        // the log, read again by the screen once it went out, says it was delivered
        const row = merchant.getByTestId('deliveries').locator('tr', { hasText: eventId });
        await row.getByText('delivered').waitFor({ timeout: 10_000 });
        expect((await row.textContent())?.includes('webhook.test'), 'the log row is not a webhook.test');
        await shoot(merchant, 'merchant-32-webhook-test');
      } finally {
        receiver.off('request', listen);
      }
    },
  );
}
