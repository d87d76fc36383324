/*
 * The till scans the phone (付款码, consumer-presented mode), both fronts
 * driven: the wallet's Pay screen, opened online once, reloads with the network
 * cut (its service worker and the pack kept on the phone) and shows a code; the
 * merchant portal's "Scan the customer" takes it as a handheld scanner types it
 * and is paid at once; the same code again is refused; back online the phone
 * moves to its next handle; a charge above the no-PIN limit waits for the
 * customer, whose Pay screen shows it with the PIN, and the till turns PAID; a
 * till whose camera films the phone's QR code charges it, and the customer
 * declines.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import {
  DESKTOP,
  call,
  check,
  expect,
  launch,
  newPage,
  offline,
  shoot,
  text,
  unlabelledControls,
  y4mFromPng,
} from '../support';
import { picturesOf, readPack, shownCode, type StoredPack, until } from './consumer.steps';
import type { WalletJourney } from './journey';

/** Below the service's no-PIN limit (1000 CNY by default in the journey's service), and above it. */
const SMALL = { typed: '36.5', shown: '¥36.50' };
const LARGE = { typed: '1200.00', shown: '¥1,200.00' };
const DECLINED = { typed: '1050.00', shown: '¥1,050.00' };

/** Types the code into the till as a handheld scanner does: the digits, then Enter. */
async function scanInto(merchant: Page, amount: string, code: string): Promise<void> {
  await merchant.getByLabel('Amount (CNY)').fill(amount);
  await merchant.getByLabel('Payment code').focus();
  await merchant.keyboard.type(code, { delay: 5 });
  await merchant.keyboard.press('Enter');
}

/** The till's result once it shows `status`. */
async function resultIs(merchant: Page, status: string, timeout = 15_000): Promise<void> {
  await merchant
    .getByTestId('charge-result')
    .and(merchant.locator(`[data-status=${status}]`))
    .waitFor({ timeout });
}

/** The handle the wallet's Pay screen shows is `handle` (its pack moved there by itself). */
const showsHandle = (wallet: Page, handle: string) =>
  until(
    wallet,
    `document.querySelector('[data-testid=payment-code]')?.textContent.slice(2, 12) === ${JSON.stringify(handle)}`,
  );

/**
 * A second till, whose camera (a fake video of the QR code the phone shows)
 * films the customer's phone, signed in and on "Scan the customer".
 */
async function tillWithACamera(j: WalletJourney, qrPng: Buffer): Promise<Page> {
  const video = path.join(j.tmp, 'phone-code.y4m');
  y4mFromPng(qrPng, video);
  const browser = await launch(video);
  j.browsers.push(browser);
  const { page } = await newPage(browser, j.watch, 'till-camera', DESKTOP, j.base);
  await page.goto('/merchant/');
  await page.getByLabel('API key').fill(j.merchantKey);
  await page.keyboard.press('Enter');
  await page.getByRole('link', { name: 'Scan the customer' }).click();
  return page;
}

export async function tillScansThePhone(j: WalletJourney): Promise<void> {
  const { wallet, merchant, watch, base, adminKey, merchantKey, pin } = j;
  let pack: StoredPack | null = null;
  let first = '';
  let payer = '';
  let waitingId = '';

  await check('consumer wallet: Pay with my code, online once: a new pack on the phone', async () => {
    // enough money for a charge above the no-PIN limit (the operator's API, as the statement step does)
    await call(base, 'POST', '/v1/topups', {
      key: adminKey,
      idem: true,
      body: { consumerId: j.walletId, amount: '3000.00', currency: 'CNY', bankReference: `${j.topupRef}-PC` },
    });
    await wallet.getByRole('link', { name: 'Home' }).click();
    await wallet.getByRole('link', { name: 'Pay with my code' }).click();
    await wallet.getByLabel('PIN (6 digits)').fill(pin);
    await wallet.getByRole('button', { name: 'Show my payment code' }).click();
    await wallet.getByTestId('payment-code').waitFor();
    pack = await readPack(wallet);
    expect(pack && pack.next === 0 && pack.handlesLeft === 20, `the pack kept: ${JSON.stringify(pack)}`);
  });

  // the phone has no network from here until it gives the PIN; the till has one all along
  await offline(wallet, watch, async () => {
    await check(
      'consumer wallet: offline, /app/code reloads from the service worker and shows a code of the kept pack',
      async () => {
        expect(pack, 'no pack');
        const res = await wallet.reload();
        expect(res?.fromServiceWorker(), 'the page was not served by the service worker');
        await wallet.getByRole('heading', { name: 'Pay with your code' }).waitFor();
        await wallet.getByTestId('offline-note').waitFor();
        expect(!(await wallet.evaluate<boolean>('navigator.onLine')), 'the page is online');
        const shown = await shownCode(wallet, pack);
        expect(shown.handle === pack.handles[0], `handle ${shown.handle}, not the pack's first`);
        await picturesOf(wallet, shown.code);
        first = shown.code;
        await shoot(wallet, 'wallet-16-pay-code-offline');
      },
    );

    await check(
      'till mode: Scan the customer takes the code as a handheld scanner types it, below the no-PIN limit: PAID at once',
      async () => {
        await merchant.getByRole('link', { name: 'Scan the customer' }).click();
        await merchant.getByRole('heading', { name: 'Scan the customer' }).waitFor();
        expect((await unlabelledControls(merchant)).length === 0, 'a control without a label');
        await merchant.getByLabel('Reference (optional)').fill(`PC-${crypto.randomBytes(3).toString('hex')}`);
        await shoot(merchant, 'merchant-19-scan-customer');
        await scanInto(merchant, SMALL.typed, first);
        await resultIs(merchant, 'succeeded');
        expect(
          (await text(merchant, 'charge-amount')) === SMALL.shown,
          `amount ${await text(merchant, 'charge-amount')}`,
        );
        expect(
          (await text(merchant, 'charge-charged')) === `Customer paid ${SMALL.shown}`,
          `charged ${await text(merchant, 'charge-charged')}`,
        );
        payer = await text(merchant, 'charge-payer');
        expect(payer && !payer.includes('Mei') && !payer.includes(j.phone), `payer ${payer}`);
        await shoot(merchant, 'merchant-20-charge-paid');
      },
    );

    await check(
      'till mode: the same code again is refused as used; a misread and an unknown code are refused too',
      async () => {
        await merchant.getByRole('button', { name: 'New sale' }).click();
        // a misread is not sent at all
        await scanInto(merchant, '12.00', 'hello');
        await merchant.getByTestId('error').getByText('not a customer’s payment code').waitFor();
        await watch.expecting([/409/, /422/], async () => {
          await scanInto(merchant, '12.00', first);
          await merchant.locator('[data-testid=error] [data-code=payment_code_used]').waitFor();
          expect(
            (await text(merchant, 'error')).includes('already been used'),
            `message ${await text(merchant, 'error')}`,
          );
          await shoot(merchant, 'merchant-21-charge-code-used');
          await scanInto(merchant, '12.00', '280000000000000000');
          await merchant.locator('[data-testid=error] [data-code=invalid_payment_code]').waitFor();
        });
        expect((await merchant.getByLabel('Payment code').inputValue()) === '', 'the refused code stays in the field');
      },
    );
  });

  await check('consumer wallet: back online, the Pay screen moves to the next handle by itself', async () => {
    expect(pack, 'no pack');
    await showsHandle(wallet, pack.handles[1]);
    const kept = await readPack(wallet);
    expect(kept?.next === 1 && kept.handlesLeft === 19, `the pack kept: ${JSON.stringify(kept)}`);
    expect((await wallet.getByTestId('offline-note').count()) === 0, 'still says offline');
    await shownCode(wallet, pack);
  });

  await check('till mode: a charge above the no-PIN limit waits for the customer, with a count-down', async () => {
    expect(pack, 'no pack');
    const second = await shownCode(wallet, pack);
    await merchant.getByLabel('Reference (optional)').fill('');
    await scanInto(merchant, LARGE.typed, second.code);
    await resultIs(merchant, 'awaiting_consumer');
    waitingId = (await merchant.getByTestId('charge-result').getAttribute('data-charge-id')) ?? '';
    await merchant.getByText('Waiting for the customer').waitFor();
    expect((await text(merchant, 'charge-amount')) === LARGE.shown, `amount ${await text(merchant, 'charge-amount')}`);
    expect(
      /^[45]:\d\d$/.test(await text(merchant, 'charge-countdown')),
      `count-down ${await text(merchant, 'charge-countdown')}`,
    );
    await shoot(merchant, 'merchant-22-charge-waiting');
  });

  await check(
    'consumer wallet: the waiting charge shows the merchant, amount, time left and a PIN field; a wrong PIN is refused, the PIN confirms it',
    async () => {
      const card = wallet.getByTestId('awaiting-charge');
      await card.waitFor();
      expect((await card.getAttribute('data-charge-id')) === waitingId, 'not the till’s charge');
      expect(
        (await text(wallet, 'charge-merchant')) === 'Lotus Tea House',
        `merchant ${await text(wallet, 'charge-merchant')}`,
      );
      expect((await text(wallet, 'charge-amount')) === LARGE.shown, `amount ${await text(wallet, 'charge-amount')}`);
      expect(
        /^[45]:\d\d$/.test(await text(wallet, 'charge-time-left')),
        `time left ${await text(wallet, 'charge-time-left')}`,
      );
      await card.getByRole('button', { name: 'Decline' }).waitFor();
      expect((await unlabelledControls(wallet)).length === 0, 'a control without a label');
      await shoot(wallet, 'wallet-17-charge-pin');
      await watch.expecting([/401/], async () => {
        await card.getByLabel('PIN (6 digits)').fill('000000');
        await card.getByRole('button', { name: `Confirm ${LARGE.shown}` }).click();
        await card.getByTestId('error').getByText('Wrong PIN').waitFor();
      });
      await card.getByLabel('PIN (6 digits)').fill(pin);
      await card.getByRole('button', { name: `Confirm ${LARGE.shown}` }).click();
      await wallet.getByTestId('charge-paid').waitFor();
      expect(
        (await text(wallet, 'charge-paid')).includes(`Paid ${LARGE.shown} to Lotus Tea House`),
        `notice ${await text(wallet, 'charge-paid')}`,
      );
      expect((await card.count()) === 0, 'the charge still waits');
      await shoot(wallet, 'wallet-18-charge-paid');
    },
  );

  await check('till mode: the waiting charge turns PAID without a reload; one payer, one pseudonym', async () => {
    await resultIs(merchant, 'succeeded');
    expect((await text(merchant, 'charge-amount')) === LARGE.shown, `amount ${await text(merchant, 'charge-amount')}`);
    expect((await text(merchant, 'charge-payer')) === payer, 'another pseudonym for the same payer');
    const charge = await call<{ status: string; paymentId?: string }>(
      base,
      'GET',
      `/v1/merchant/charges/${waitingId}`,
      {
        key: merchantKey,
      },
    );
    expect(charge.status === 'succeeded' && charge.paymentId, `charge ${JSON.stringify(charge)}`);
    await shoot(merchant, 'merchant-23-charge-confirmed');
  });

  await check(
    'consumer wallet: the handle of the waiting charge is spent too: the next code is the third handle',
    async () => {
      expect(pack, 'no pack');
      await showsHandle(wallet, pack.handles[2]);
      expect((await readPack(wallet))?.next === 2, 'the pack did not move on');
    },
  );

  await check(
    'till mode: the till’s camera reads the QR code on the phone; the customer declines, the till says nothing was charged',
    async () => {
      expect(pack, 'no pack');
      const third = await shownCode(wallet, pack);
      await picturesOf(wallet, third.code);
      const qr = (await wallet.getByTestId('payment-code-qr').getAttribute('src')) ?? '';
      const till = await tillWithACamera(j, Buffer.from(qr.replace(/^data:image\/png;base64,/, ''), 'base64'));
      await till.getByLabel('Amount (CNY)').fill(DECLINED.typed);
      await till.getByRole('button', { name: 'Use the camera' }).click();
      await resultIs(till, 'awaiting_consumer', 20_000);
      const card = wallet.getByTestId('awaiting-charge');
      await card.waitFor();
      expect((await text(wallet, 'charge-amount')) === DECLINED.shown, `amount ${await text(wallet, 'charge-amount')}`);
      await card.getByRole('button', { name: 'Decline' }).click();
      await wallet.getByTestId('charge-declined').waitFor();
      await resultIs(till, 'declined');
      await till.getByText('The customer declined. Nothing was charged.').waitFor();
      await showsHandle(wallet, pack.handles[3]);
      await shoot(till, 'merchant-24-charge-declined');
      await till.getByRole('button', { name: 'New sale' }).click();
      await till.getByRole('heading', { name: 'Scan the customer' }).waitFor();
    },
  );
}
