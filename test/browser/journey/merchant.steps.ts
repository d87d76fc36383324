/*
 * The merchant's steps: the portal's sign-in and codes, the till showing an
 * order, the portal after the sale (payments and a refund, the statement,
 * webhooks), and a sale cancelled at the till.
 */
import fs from 'node:fs';
import path from 'node:path';
import { check, expect, shoot, text, unlabelledControls } from '../support';
import type { Journey, WalletJourney } from './journey';

/** Sign in with the API key, a static code made and previewed, its PNG and poster. */
export async function merchantSetsUp(j: Journey): Promise<void> {
  const { merchant, merchantKey, tmp } = j;

  await check('merchant portal: sign in with the API key, by keyboard', async () => {
    await merchant.goto('/merchant/');
    await shoot(merchant, 'merchant-10-sign-in');
    await merchant.getByLabel('API key').focus();
    await merchant.keyboard.type(merchantKey);
    await merchant.keyboard.press('Enter');
    await merchant.getByRole('heading', { name: 'Till' }).waitFor();
    expect((await text(merchant, 'merchant-name')).includes('Lotus Tea House'), 'the merchant name is not shown');
    expect((await unlabelledControls(merchant)).length === 0, 'a control without a label');
  });

  await check('merchant portal: create a static code and preview it', async () => {
    await merchant.getByRole('link', { name: 'QR codes' }).click();
    await merchant.getByLabel('Label').fill('Counter 1');
    await merchant.getByRole('button', { name: 'Create code' }).click();
    await merchant.getByText('Code “Counter 1” created.').waitFor();
    const card = merchant.getByTestId('code').first();
    j.staticCodeId = (await card.getAttribute('data-code-id')) ?? '';
    expect(j.staticCodeId, 'no code id');
    await card.getByRole('img', { name: 'QR code “Counter 1”' }).waitFor();
    await merchant.waitForFunction(
      `[...document.querySelectorAll('[data-testid=code] img')].some((i) => i.complete && i.naturalWidth > 0)`,
      undefined,
      { timeout: 5000 },
    );
    expect((await unlabelledControls(merchant)).length === 0, 'a control without a label');
    await shoot(merchant, 'merchant-11-codes');
  });

  await check('merchant portal: PNG download and poster PDF work with the key', async () => {
    const card = merchant.getByTestId('code').first();
    const [dl] = await Promise.all([
      merchant.waitForEvent('download'),
      card.getByRole('button', { name: 'PNG' }).click(),
    ]);
    const file = path.join(tmp, 'dl.png');
    await dl.saveAs(file);
    expect(fs.readFileSync(file).subarray(1, 4).toString() === 'PNG', 'the download is not a PNG');
    const [popup] = await Promise.all([
      merchant.waitForEvent('popup'),
      card.getByRole('button', { name: 'Print poster' }).click(),
    ]);
    await popup.waitForURL(/^blob:/, { timeout: 10_000 });
    await popup.close();
  });
}

/** Till mode: an order shown full screen, whose code the consumer's camera will film. */
export async function tillShowsAnOrder(j: Journey): Promise<void> {
  const { merchant } = j;

  await check('till mode: an order for 1288.00 shows its code full screen with a count-down', async () => {
    await merchant.getByRole('link', { name: 'Till' }).click();
    await shoot(merchant, 'merchant-12-till-form');
    await merchant.getByLabel('Amount (CNY)').fill('1288.00');
    await merchant.getByLabel('Reference').fill(`SALE-${Date.now() % 1e8}`);
    await merchant.getByRole('button', { name: 'Show the code' }).click();
    const till = merchant.getByTestId('till');
    await till.waitFor();
    j.orderId = (await till.getAttribute('data-order-id')) ?? '';
    j.codeId = (await till.getAttribute('data-code-id')) ?? '';
    expect(j.orderId && j.codeId, 'no order or code id on the till');
    expect((await text(merchant, 'till-amount')) === '¥1,288.00', `till amount ${await text(merchant, 'till-amount')}`);
    await till.getByRole('img').waitFor();
    expect(/^1[45]:\d\d$/.test(await text(merchant, 'countdown')), `count-down ${await text(merchant, 'countdown')}`);
    merchant.on('framenavigated', (f) => {
      if (f === merchant.mainFrame()) j.tillNavigations++;
    });
    await shoot(merchant, 'merchant-13-till-code');
  });
}

/** The portal after the sale: payments with pseudonyms and a partial refund, the statement, webhooks. */
export async function merchantAfterTheSale(j: WalletJourney): Promise<void> {
  const { merchant, phone, tmp, hookUrl } = j;

  await check('merchant portal: payments with payer pseudonyms; a partial refund', async () => {
    await merchant.getByRole('button', { name: 'New sale' }).click();
    await merchant.getByRole('link', { name: 'Payments' }).click();
    const table = merchant.getByTestId('payments');
    await table.waitFor();
    const rows = table.locator('tbody tr');
    expect((await rows.count()) === 2, `${await rows.count()} payments`);
    const payers = (await table.getByTestId('payer').allTextContents()).map((s) => s.trim());
    expect(
      payers.every((p) => p && !p.includes('Mei') && !p.includes(phone)),
      `payers ${payers}`,
    );
    expect(payers[0] === payers[1], 'one consumer is one pseudonym at one merchant');
    await rows.first().getByRole('button', { name: 'Refund' }).click(); // the newest: the 25.50 static payment
    const form = merchant.locator('form.refund-form');
    await form.getByLabel('Refund amount (CNY)').fill('10.00');
    await form.getByLabel('Reason (optional)').fill('one cup short');
    await form.getByRole('button', { name: 'Refund' }).click();
    await merchant.getByText('Refunded ¥10.00').waitFor();
    await shoot(merchant, 'merchant-15-payments-refund');
    await merchant.getByText('partially refunded').waitFor();
  });

  await check('merchant portal: the daily statement and its CSV', async () => {
    await merchant.getByRole('link', { name: 'Statement' }).click();
    await merchant.getByTestId('statement').waitFor();
    const [dl] = await Promise.all([
      merchant.waitForEvent('download'),
      merchant.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    const file = path.join(tmp, 'statement.csv');
    await dl.saveAs(file);
    const csv = fs.readFileSync(file, 'utf8');
    expect(csv.split('\n').length >= 3 && /payment/.test(csv), `csv ${csv.slice(0, 200)}`);
    await shoot(merchant, 'merchant-16-statement');
  });

  await check('merchant portal: webhook URL and delivery log', async () => {
    await merchant.getByRole('link', { name: 'Webhooks' }).click();
    await merchant.getByLabel('Webhook URL').fill(hookUrl);
    await merchant.getByRole('button', { name: 'Save' }).click();
    await merchant.getByText('Webhook URL saved.').waitFor();
    await merchant.getByRole('heading', { name: 'Delivery log' }).waitFor();
    await merchant.getByTestId('deliveries').or(merchant.getByText('No events yet.')).first().waitFor();
    await shoot(merchant, 'merchant-17-webhooks');
  });
}

/** A sale cancelled at the till, whose signed event reaches the webhook URL. */
export async function tillCancels(j: WalletJourney): Promise<void> {
  const { merchant, hooks } = j;

  await check('till mode: a sale can be cancelled', async () => {
    await merchant.getByRole('link', { name: 'Till' }).click();
    await merchant.getByLabel('Amount (CNY)').fill('9.90');
    await merchant.getByLabel('Reference').fill(`VOID-${Date.now() % 1e8}`);
    await merchant.getByRole('button', { name: 'Show the code' }).click();
    await merchant.getByTestId('till').waitFor();
    await merchant.getByRole('button', { name: 'Cancel sale' }).click();
    await merchant.getByText(/^Order VOID-\d+ cancelled\.$/).waitFor();
    // its order.cancelled event reaches the webhook URL, signed, and the delivery log says so
    for (let i = 0; i < 60 && !hooks.some((h) => h.body.includes('order.cancelled')); i++)
      await merchant.waitForTimeout(250);
    const hook = hooks.find((h) => h.body.includes('order.cancelled'));
    expect(hook?.signed, `no signed order.cancelled at the webhook URL (${hooks.length} calls)`);
    await merchant.getByRole('link', { name: 'Webhooks' }).click();
    await merchant.getByTestId('deliveries').getByText('delivered').first().waitFor();
    await shoot(merchant, 'merchant-18-webhooks-delivered');
  });
}
