/*
 * The consumer's steps: registering in the wallet and being topped up from the
 * finance console, the phone's own payment code (付款码, made offline), paying
 * the till's order with the camera and the PIN (the till and the settlement
 * see it), the refusals and a static code paid by typing the amount, the
 * statement, and codes the wallet refuses.
 */
import { toSVG } from 'bwip-js';
import jsQR from 'jsqr';
import crypto from 'node:crypto';
import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { call, check, expect, offline, shoot, text, unlabelledControls } from '../support';
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

/** The pack of payment codes the wallet keeps in localStorage (as apps/web/src/app/payment-pack.ts writes it). */
export interface StoredPack {
  packId: string;
  key: string;
  period: number;
  digits: number;
  handles: string[];
  next: number;
  /** the service's count of unused handles, as the phone last accounted for it */
  handlesLeft?: number;
  expiresAt: string;
}

export const readPack = async (wallet: Page): Promise<StoredPack | null> =>
  JSON.parse(
    (await wallet.evaluate<string | null>(`localStorage.getItem('saoma.wallet.payment-codes')`)) ?? 'null',
  ) as StoredPack | null;

/** The TOTPs of the pack's key for the period of now, the one before and the one after (as the service accepts). */
async function totpsAround(pack: StoredPack): Promise<string[]> {
  const now = Math.floor(Date.now() / 1000);
  const secret = new Uint8Array(Buffer.from(pack.key, 'base64url'));
  return Promise.all(
    [-1, 0, 1].map((k) =>
      generate({ secret, algorithm: 'sha256', digits: 6, period: 60, epoch: now + k * pack.period }),
    ),
  );
}

/**
 * Waits until `expression` is true in the page. Not page.waitForFunction: its
 * polling evaluates the text with eval(), which the wallet's CSP forbids.
 */
export async function until(page: Page, expression: string, timeout = 15_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await page.evaluate<boolean>(`Boolean(${expression})`))) {
    if (Date.now() > end) throw new Error(`not within ${timeout} ms: ${expression}`);
    await page.waitForTimeout(200);
  }
}

/** The code the page shows, checked: 18 digits, "28", a handle of the pack, a TOTP of its key for now. */
export async function shownCode(
  wallet: Page,
  pack: StoredPack,
): Promise<{ code: string; handle: string; totp: string }> {
  const code = await text(wallet, 'payment-code');
  expect(/^28\d{16}$/.test(code), `the code shown: ${code}`);
  const handle = code.slice(2, 12);
  const totp = code.slice(12);
  expect(pack.handles.includes(handle), `handle ${handle} is not one of the pack's`);
  const valid = await totpsAround(pack);
  expect(valid.includes(totp), `TOTP ${totp} is none of ${valid.join(', ')}`);
  return { code, handle, totp };
}

/** The QR code the page shows, decoded, and the Code 128 barcode compared with bwip-js's own for the code. */
export async function picturesOf(wallet: Page, code: string): Promise<void> {
  await until(
    wallet,
    `(() => { const d = document.querySelector('[data-testid=payment-code]'); const q = document.querySelector('[data-testid=payment-code-qr]');
      return d && q && q.complete && q.naturalWidth > 0 && q.dataset.code === d.textContent; })()`,
  );
  const qrSrc = (await wallet.getByTestId('payment-code-qr').getAttribute('src')) ?? '';
  expect(qrSrc.startsWith('data:image/png;base64,'), `QR image ${qrSrc.slice(0, 40)}`);
  const png = PNG.sync.read(Buffer.from(qrSrc.slice('data:image/png;base64,'.length), 'base64'));
  const read = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  expect(read?.data === code, `the QR code reads ${read?.data}, the page shows ${code}`);
  const barSrc = (await wallet.getByTestId('payment-code-barcode').getAttribute('src')) ?? '';
  const svg = decodeURIComponent(barSrc.replace(/^data:image\/svg\+xml;charset=utf-8,/, ''));
  const expected = toSVG({
    bcid: 'code128',
    text: code,
    scale: 2,
    height: 14,
    includetext: false,
    paddingwidth: 10,
    backgroundcolor: 'FFFFFF',
  });
  expect(svg.startsWith('<svg') && svg === expected, 'the barcode is not the Code 128 of the code shown');
}

/**
 * The phone's own code: Pay, the PIN gets a pack of codes kept on the phone;
 * the code shown (QR, Code 128, digits) is "28", a handle of the pack and the
 * TOTP of its key; with the network cut, "Next code" and the period's end
 * still make valid codes; the pack is then forgotten.
 */
export async function consumerShowsThePaymentCode(j: WalletJourney): Promise<void> {
  const { wallet, base, pin } = j;
  let pack: StoredPack | null = null;
  let first = { code: '', handle: '', totp: '' };

  await check('consumer wallet: Pay asks for the PIN and keeps a pack of codes on the phone', async () => {
    await wallet.getByRole('link', { name: 'Pay with my code' }).click();
    await wallet.getByRole('heading', { name: 'Pay with your code' }).waitFor();
    expect((await unlabelledControls(wallet)).length === 0, 'a control without a label');
    await shoot(wallet, 'wallet-14-pay-code-pin');
    await wallet.getByLabel('PIN (6 digits)').fill(pin);
    await wallet.getByRole('button', { name: 'Show my payment code' }).click();
    await wallet.getByTestId('payment-code').waitFor();
    pack = await readPack(wallet);
    expect(pack && pack.handles.length === 20 && pack.next === 0, `the pack kept: ${JSON.stringify(pack)}`);
    expect(Buffer.from(pack.key, 'base64url').length === 32, 'the key is not 32 bytes');
    const token = await wallet.evaluate<string>(`JSON.parse(localStorage.getItem('saoma.wallet.session')).token`);
    const live = await call<{ data: Array<{ packId: string; deviceName?: string; handlesLeft: number }> }>(
      base,
      'GET',
      '/v1/me/payment-codes',
      { key: token },
    );
    const mine = live.data.find((p) => p.packId === pack?.packId);
    expect(mine && mine.deviceName && mine.handlesLeft === 20, `the service's packs: ${JSON.stringify(live)}`);
  });

  await check(
    'consumer wallet: the code is "28", a handle of the pack and the TOTP of its key; its QR code and barcode carry it',
    async () => {
      expect(pack, 'no pack');
      first = await shownCode(wallet, pack);
      expect(first.handle === pack.handles[0], 'not the first handle');
      await picturesOf(wallet, first.code);
      const left = Number(await text(wallet, 'payment-code-countdown'));
      expect(Number.isInteger(left) && left >= 1 && left <= 60, `countdown ${left}`);
      const grouped = (await wallet.locator('[data-testid=payment-code] span').allTextContents()).join(' ');
      expect(grouped.split(' ').length === 5 && grouped.replace(/ /g, '') === first.code, `grouped ${grouped}`);
      await shoot(wallet, 'wallet-15-pay-code');
    },
  );

  await check(
    'consumer wallet: offline, "Next code" shows the next handle and the code renews at the period’s end',
    async () => {
      expect(pack, 'no pack');
      const kept = pack;
      // the Pay screen looks at the service every few seconds while online: a look on its way is cut
      await offline(wallet, j.watch, async () => {
        await wallet.getByRole('button', { name: 'Next code' }).click();
        await until(
          wallet,
          `document.querySelector('[data-testid=payment-code]')?.textContent.slice(2, 12) === ${JSON.stringify(kept.handles[1])}`,
        );
        const next = await shownCode(wallet, kept);
        expect(next.handle !== first.handle, 'the same handle');
        expect((await readPack(wallet))?.next === 1, 'the next handle is not kept');
        await picturesOf(wallet, next.code);
        // the period ends: the same handle, a new TOTP, with no network still
        await until(
          wallet,
          `document.querySelector('[data-testid=payment-code]')?.textContent !== ${JSON.stringify(next.code)}`,
          65_000,
        );
        const renewed = await shownCode(wallet, kept);
        expect(renewed.handle === next.handle && renewed.totp !== next.totp, `renewed ${renewed.code}`);
        await picturesOf(wallet, renewed.code);
      });
    },
  );

  await check(
    'consumer wallet: “Forget this phone’s codes” deletes the pack on the service and on the phone',
    async () => {
      await wallet.getByRole('button', { name: /Forget this phone/ }).click();
      await wallet.getByRole('button', { name: 'Show my payment code' }).waitFor();
      expect((await readPack(wallet)) === null, 'the pack is still on the phone');
      const token = await wallet.evaluate<string>(`JSON.parse(localStorage.getItem('saoma.wallet.session')).token`);
      const live = await call<{ data: Array<{ packId: string }> }>(base, 'GET', '/v1/me/payment-codes', { key: token });
      expect(!live.data.some((p) => p.packId === pack?.packId), 'the service still lists the pack');
      await wallet.getByRole('link', { name: 'Back' }).click();
      await wallet.getByRole('link', { name: 'Scan to pay' }).waitFor();
    },
  );
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
