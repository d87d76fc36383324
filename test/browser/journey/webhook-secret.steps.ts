/*
 * Webhook signatures for every client library (issue 17, its webhook part):
 * the merchant portal's webhook screen makes a new secret and shows it once,
 * with the 24-hour overlap explained.
 */
import { check, expect, shoot, text } from '../support';
import type { WalletJourney } from './journey';

export async function webhookSecret(j: WalletJourney): Promise<void> {
  const { merchant } = j;
  await check('merchant portal: Webhooks makes a new secret and shows it once', async () => {
    await merchant.goto('/merchant/webhooks');
    await merchant.getByRole('heading', { name: 'Webhook secret' }).waitFor();
    await merchant.getByText('keeps signing beside it for 24 hours', { exact: false }).waitFor();
    await merchant.getByRole('button', { name: 'Make a new secret' }).click();
    await merchant.getByTestId('webhook-secret').getByText('will not be shown again', { exact: false }).waitFor();
    const shown = await text(merchant, 'webhook-secret');
    expect(/whsec_[A-Za-z0-9+/]{43}=/.test(shown), `secret ${shown}`);
    await shoot(merchant, 'merchant-31-webhook-secret');
    // gone once the screen is left
    await merchant.goto('/merchant/webhooks');
    await merchant.getByRole('heading', { name: 'Webhook secret' }).waitFor();
    expect((await merchant.getByTestId('webhook-secret').count()) === 0, 'the secret is shown again');
  });
}
