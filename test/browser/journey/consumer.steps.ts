/*
 * The consumer's steps: registering in the wallet and being topped up from the
 * finance console, paying the till's order with the camera and the PIN (the
 * till and the settlement see it), the refusals and a static code paid by
 * typing the amount, the statement, and codes the wallet refuses.
 */
import crypto from 'node:crypto';
import { call, check, expect, shoot, text, unlabelledControls } from '../support';
import type { WalletJourney } from './journey';

/** Registers through the wallet's own form; the finance console tops the wallet up. */
export async function consumerRegistersAndIsToppedUp(j: WalletJourney): Promise<void> {
  const { wallet, finance, adminKey, phone, pin } = j;

  await check('consumer wallet: register through its own form', async () => {
    await wallet.goto('/app/');
    await shoot(wallet, 'wallet-01-sign-in');
    await wallet.getByRole('button', { name: 'Create an account' }).click();
    await wallet.getByLabel('Your name').fill('Mei Lin');
    await wallet.getByLabel('Phone number').fill(phone);
    await wallet.getByLabel('PIN (6 digits)', { exact: true }).fill(pin);
    await wallet.getByLabel('PIN again').fill(pin);
    expect((await unlabelledControls(wallet)).length === 0, 'a control without a label');
    await shoot(wallet, 'wallet-02-register');
    await wallet.getByRole('button', { name: 'Create account' }).click();
    await wallet.getByRole('heading', { name: 'Hello, Mei Lin' }).waitFor();
    await shoot(wallet, 'wallet-03-home-empty');
    await wallet.getByRole('link', { name: 'Account' }).click();
    j.walletId = await text(wallet, 'wallet-id');
    expect(/^[0-9a-f-]{36}$/.test(j.walletId), `wallet id ${j.walletId}`);
    await shoot(wallet, 'wallet-04-account');
  });

  await check('consumer wallet: installable (manifest, service worker of the shell)', async () => {
    const scope = await wallet.evaluate<string>(
      `Promise.race([navigator.serviceWorker.ready.then((r) => r.scope), new Promise((r) => setTimeout(() => r('no service worker within 10 s'), 10000))])`,
    );
    expect(scope.endsWith('/app/'), `service worker scope ${scope}`);
    const manifest = await wallet.evaluate<string>(`document.querySelector('link[rel=manifest]').href`);
    expect(manifest.endsWith('/app/manifest.webmanifest'), 'no manifest link');
  });

  // the finance console tops the wallet up
  j.topupRef = `BANK-${crypto.randomBytes(5).toString('hex').toUpperCase()}`;
  await check('finance console: sign in with the operator key and top the consumer up', async () => {
    await finance.goto('/finance/');
    await shoot(finance, 'finance-20-sign-in');
    await finance.getByLabel('Operator API key').fill(adminKey);
    await finance.getByRole('button', { name: 'Sign in' }).click();
    await finance.getByRole('heading', { name: 'Trial balance' }).waitFor();
    await finance.getByRole('link', { name: 'Top-ups' }).click();
    await finance.getByLabel('Consumer wallet ID').fill(j.walletId);
    await finance.getByLabel('Amount', { exact: true }).fill('2000.00');
    await finance.getByLabel('Bank reference').fill(j.topupRef);
    await finance.getByRole('button', { name: 'Credit the wallet' }).click();
    await finance.getByTestId('topups-done').getByText('¥2,000.00').waitFor();
    expect((await unlabelledControls(finance)).length === 0, 'a control without a label');
    await shoot(finance, 'finance-21-topup');
  });

  await check('consumer wallet: the balance shows the top-up', async () => {
    await wallet.getByRole('link', { name: 'Home' }).click();
    await wallet.getByTestId('balance-CNY').waitFor();
    expect((await text(wallet, 'balance-CNY')).includes('¥2,000.00'), `balance ${await text(wallet, 'balance-CNY')}`);
    await shoot(wallet, 'wallet-05-home');
  });
}

/** The camera scans the till's code, the PIN pays it; the till and the day's settlement show the payment. */
export async function consumerPays(j: WalletJourney): Promise<void> {
  const { wallet, merchant, finance, base, merchantKey, pin } = j;

  await check(
    'consumer wallet: the camera scans the till code; the server’s merchant name, verified mark, amount and PIN field show',
    async () => {
      await wallet.getByRole('link', { name: 'Scan to pay' }).click();
      await wallet.getByTestId('merchant-name').waitFor({ timeout: 20_000 });
      expect(
        (await text(wallet, 'merchant-name')) === 'Lotus Tea House',
        `merchant ${await text(wallet, 'merchant-name')}`,
      );
      expect((await text(wallet, 'verified')).includes('Verified merchant'), 'no verified mark');
      expect((await text(wallet, 'amount')) === '¥1,288.00', `amount ${await text(wallet, 'amount')}`);
      await wallet.getByLabel('PIN (6 digits)').waitFor();
      await shoot(wallet, 'wallet-07-confirm-pin');
    },
  );

  await check('consumer wallet: pays with the PIN and shows the receipt', async () => {
    await wallet.getByLabel('PIN (6 digits)').fill(pin);
    await wallet.getByRole('button', { name: 'Pay ¥1,288.00' }).click();
    await wallet.getByTestId('receipt').waitFor();
    expect((await text(wallet, 'receipt-amount')) === '¥1,288.00', `receipt ${await text(wallet, 'receipt-amount')}`);
    expect(/^[0-9a-f-]{36}$/.test(await text(wallet, 'receipt-id')), 'no receipt id');
    await shoot(wallet, 'wallet-08-receipt');
  });

  await check('till mode: the till turns PAID without a reload', async () => {
    await merchant.getByTestId('till').and(merchant.locator('[data-status=paid]')).waitFor({ timeout: 10_000 });
    await merchant.getByText('PAID', { exact: true }).waitFor();
    expect(j.tillNavigations === 0, `the till page navigated ${j.tillNavigations} times`);
    await shoot(merchant, 'merchant-14-till-paid');
    const order = await call<{ status: string; paymentId?: string }>(base, 'GET', `/v1/merchant/orders/${j.orderId}`, {
      key: merchantKey,
    });
    expect(order.status === 'paid' && order.paymentId, `order ${JSON.stringify(order)}`);
  });

  await check('finance console: the day’s settlement shows the payment', async () => {
    await finance.getByRole('link', { name: 'Settlements' }).click();
    const row = finance.getByTestId('settlements').locator(`tr[data-merchant-id="${j.merchantId}"]`);
    await row.waitFor();
    const cells = (await row.locator('td').allTextContents()).map((s) => s.trim());
    expect(cells[1] === '1' && cells[2] === '¥1,288.00', `settlement row ${JSON.stringify(cells)}`);
    // fee 0.6 % of 1288.00 = 7.73; net 1280.27
    expect(cells[5] === '¥7.73' && cells[6] === '¥1,280.27', `fees/net ${JSON.stringify(cells)}`);
    await shoot(finance, 'finance-22-settlements');
  });
}

/** Refused payments with their messages, and a static code paid by typing the amount. */
export async function refusals(j: WalletJourney): Promise<void> {
  const { wallet, watch, pin, staticPng } = j;

  await check('consumer wallet: the paid till code, scanned again, is refused with its message', async () => {
    await wallet.getByRole('link', { name: 'Done' }).click();
    await watch.expecting([/409/, /status of 409/], async () => {
      await wallet.getByRole('link', { name: 'Scan to pay' }).click();
      const err = wallet.getByTestId('error');
      await err.waitFor({ timeout: 20_000 });
      expect((await err.textContent())?.includes('can no longer be paid'), `message ${await err.textContent()}`);
      expect(
        (await err.locator('[data-code]').getAttribute('data-code')) === 'order_not_payable',
        'not order_not_payable',
      );
    });
    await wallet.getByRole('button', { name: 'Scan again' }).waitFor();
    await shoot(wallet, 'wallet-09-scan-refused');
  });

  await check('consumer wallet: a static code picked as an image, paid by typing the amount (no PIN)', async () => {
    await wallet.getByLabel('Or choose a picture of a code').setInputFiles(staticPng);
    await wallet.getByLabel('Amount to pay (CNY)').waitFor();
    expect((await text(wallet, 'merchant-name')) === 'Lotus Tea House', 'merchant name');
    await wallet.getByLabel('Amount to pay (CNY)').fill('25.50');
    expect((await wallet.getByLabel('PIN (6 digits)').count()) === 0, 'a PIN is asked below the limit');
    await shoot(wallet, 'wallet-10-confirm-static');
    await wallet.getByRole('button', { name: 'Pay ¥25.50' }).click();
    await wallet.getByTestId('receipt').waitFor();
    expect((await text(wallet, 'receipt-amount')) === '¥25.50', `receipt ${await text(wallet, 'receipt-amount')}`);
  });

  await check('consumer wallet: a payment above the balance is refused: insufficient funds', async () => {
    await wallet.getByRole('link', { name: 'Done' }).click();
    await watch.expecting([/409/, /402/], async () => {
      await wallet.getByRole('link', { name: 'Scan to pay' }).click();
      await wallet.getByTestId('error').waitFor({ timeout: 20_000 }); // the camera still sees the paid order
      await wallet.getByLabel('Or choose a picture of a code').setInputFiles(staticPng);
      await wallet.getByLabel('Amount to pay (CNY)').fill('5000.00');
      await wallet.getByLabel('PIN (6 digits)').fill(pin);
      await wallet.getByRole('button', { name: 'Pay ¥5,000.00' }).click();
      const err = wallet.getByTestId('error');
      await err.waitFor();
      expect((await err.textContent())?.includes('Not enough money'), `message ${await err.textContent()}`);
      expect(
        (await err.locator('[data-code]').getAttribute('data-code')) === 'insufficient_funds',
        'not insufficient_funds',
      );
    });
    await shoot(wallet, 'wallet-11-insufficient-funds');
  });

  await check('consumer wallet: a wrong PIN is refused with its message', async () => {
    await watch.expecting([/401/], async () => {
      await wallet.getByLabel('Amount to pay (CNY)').fill('1500.00');
      await wallet.getByLabel('PIN (6 digits)').fill('000000');
      await wallet.getByRole('button', { name: 'Pay ¥1,500.00' }).click();
      await wallet.getByTestId('error').getByText('Wrong PIN').waitFor();
    });
    await wallet.getByRole('link', { name: 'Cancel' }).click();
  });
}

/** The statement lists the top-ups, payments and the refund, with infinite scroll. */
export async function consumerReadsTheStatement(j: WalletJourney): Promise<void> {
  const { wallet, base, adminKey } = j;

  await check(
    'consumer wallet: the statement lists the top-up, payments and the refund, with infinite scroll',
    async () => {
      // 22 more small top-ups (operator API), so that the statement needs a second page
      for (let i = 0; i < 22; i++) {
        await call(base, 'POST', '/v1/topups', {
          key: adminKey,
          idem: true,
          body: { consumerId: j.walletId, amount: '1.00', currency: 'CNY', bankReference: `${j.topupRef}-S${i}` },
        });
      }
      await wallet.getByRole('link', { name: 'Statement', exact: true }).click();
      const list = wallet.getByTestId('statement');
      await list.waitFor();
      const first = await list.locator('li').count();
      expect(first === 20, `${first} lines on the first page`);
      await list.locator('li').last().scrollIntoViewIfNeeded();
      await wallet.getByText('That is all.').waitFor();
      const all = await list.locator('li').count();
      expect(all === 26, `${all} statement lines after scrolling`); // 23 top-ups, 2 payments, 1 refund
      await list.getByText('Refund').first().waitFor();
      await list.getByText('Payment · Lotus Tea House').first().waitFor();
      await wallet.evaluate('window.scrollTo(0, 0)');
      await shoot(wallet, 'wallet-06-statement');
    },
  );
}

/** Text that is no payment code, and a code the merchant switched off, are refused. */
export async function codesTheWalletRefuses(j: WalletJourney): Promise<void> {
  const { wallet, merchant, watch, staticPng } = j;

  await check(
    'consumer wallet: text that is no payment code, and a disabled code, are refused with their messages',
    async () => {
      await wallet.getByRole('link', { name: 'Home' }).click();
      await watch.expecting([/409/, /422/, /410/], async () => {
        await wallet.getByRole('link', { name: 'Scan to pay' }).click();
        await wallet.getByTestId('error').waitFor({ timeout: 20_000 }); // the camera still sees the paid order
        await wallet.getByText("Type or paste the code's text").click();
        await wallet.getByLabel('Code text').fill('hello, this is no code');
        await wallet.getByRole('button', { name: 'Continue' }).click();
        await wallet.locator('[data-code=invalid_qr]').waitFor();
        expect((await text(wallet, 'error')).includes('not a payment code'), `message ${await text(wallet, 'error')}`);
        // the merchant switches the counter code off; the picture of it is then refused
        await merchant.getByRole('link', { name: 'QR codes' }).click();
        merchant.once('dialog', (d) => void d.accept());
        await merchant.getByTestId('code').first().getByRole('button', { name: 'Disable' }).click();
        await merchant.getByTestId('code').first().getByText('Disabled').waitFor();
        await wallet.getByLabel('Or choose a picture of a code').setInputFiles(staticPng);
        await wallet.locator('[data-code=code_disabled]').waitFor();
        expect(
          (await text(wallet, 'error')).includes('switched this code off'),
          `message ${await text(wallet, 'error')}`,
        );
      });
      await shoot(wallet, 'wallet-13-code-disabled');
    },
  );
}
