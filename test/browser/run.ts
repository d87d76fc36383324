/*
 * npm run test:browser — the three fronts in a real browser (Debian's Chromium
 * driven by playwright-core) against the built service on a fresh embedded
 * PostgreSQL. The journey of issue 6:
 *
 *   the merchant portal (API-key sign-in) makes a static code and, in till
 *   mode, an order shown full screen; the consumer wallet, registered through
 *   its own UI and topped up from the finance console, scans the till's code
 *   with a fake camera (a Y4M video made from the code's PNG), sees the
 *   merchant's name from the server with a "verified merchant" mark, pays with
 *   the PIN and gets a receipt; the till turns PAID without a reload; the
 *   finance console's settlement of the day shows the payment. Also: a static
 *   code picked as an image and paid by typing the amount, refused payments
 *   with their messages, refunds, statements, reconciliation, look-up.
 *
 * Screenshots of every screen at 390×844 and 1280×800 go to
 * test-output/screenshots/. Ends with "N passed, N failed".
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  DESKTOP,
  OUT,
  PHONE,
  type Service,
  Watch,
  call,
  download,
  launch,
  newPage,
  shoot,
  shots,
  startService,
  unlabelledControls,
  y4mFromPng,
} from './support';

let passed = 0;
let failed = 0;
let skipRest: string | null = null;

async function check(name: string, fn: () => Promise<void>): Promise<void> {
  if (skipRest) {
    failed++;
    console.log(`  FAIL ${name}: not run (${skipRest})`);
    return;
  }
  const t0 = Date.now();
  try {
    await fn();
    passed++;
    console.log(`  ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    console.log(`  FAIL ${name}: ${(e as Error).stack ?? e}`);
  }
}
function expect(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(msg);
}
const text = async (page: Page, testid: string) =>
  ((await page.getByTestId(testid).first().textContent()) ?? '').trim();

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'saoma-browser-files-'));
  fs.rmSync(path.join(OUT, 'screenshots'), { recursive: true, force: true });
  const watch = new Watch();
  let svc: Service | null = null;
  // a hung browser must not hang CI: after 8 minutes the run fails and stops
  const watchdog = setTimeout(() => {
    console.log('  FAIL the journey did not finish within 8 minutes');
    svc?.kill();
    console.log(`${passed} passed, ${failed + 1} failed`);
    process.exit(1);
  }, 8 * 60_000);
  watchdog.unref();
  const browsers: Browser[] = [];
  // the merchant's webhook endpoint: a local receiver, so that no event leaves the machine
  const hooks: Array<{ body: string; signed: boolean }> = [];
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      hooks.push({ body, signed: Boolean(req.headers['webhook-signature'] && req.headers['webhook-id']) });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  const hookUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/saoma-hook`;
  try {
    svc = await startService();
    const { base, adminKey } = svc;
    console.log(`browser journey against ${base}`);

    // what no front does: the admin creates the merchant (API), which gets its key once
    const shop = await call<{ merchant: { id: string; name: string }; apiKey: string }>(base, 'POST', '/v1/merchants', {
      key: adminKey,
      body: {
        name: 'Lotus Tea House',
        city: 'Suzhou',
        countryCode: 'CN',
        mcc: '5814',
        currency: 'CNY',
        feeRate: '0.006',
      },
    });
    const merchantKey = shop.apiKey;
    const phone = `+86139${String(crypto.randomInt(0, 1e8)).padStart(8, '0')}`;
    const pin = '246810';

    await check('the fronts are served with a CSP of their own origin only, with SPA fall-back', async () => {
      for (const p of [
        '/app/',
        '/merchant/',
        '/finance/',
        '/app/statement',
        '/merchant/till',
        '/finance/settlements',
      ]) {
        const r = await fetch(`${base}${p}`);
        expect(r.status === 200, `${p} → ${r.status}`);
        expect((r.headers.get('content-type') ?? '').includes('text/html'), `${p} is not HTML`);
        const csp = r.headers.get('content-security-policy') ?? '';
        expect(
          /script-src 'self'(;|$)/.test(csp) && /default-src 'self'/.test(csp) && !csp.includes('unsafe-inline'),
          `${p} CSP: ${csp}`,
        );
      }
      const missing = await fetch(`${base}/app/nothing-here.js`);
      expect(missing.status === 404, `a missing file → ${missing.status}`);
      const manifest = await fetch(`${base}/app/manifest.webmanifest`);
      expect(
        manifest.status === 200 && ((await manifest.json()) as { start_url?: string }).start_url === '/app/',
        'no manifest',
      );
      const api = await fetch(`${base}/v1/me`);
      expect(api.status === 401, `the API is unchanged: GET /v1/me → ${api.status}`);
    });

    const desk = await launch();
    browsers.push(desk);
    const { page: merchant } = await newPage(desk, watch, 'merchant', DESKTOP, base);
    const { page: finance } = await newPage(desk, watch, 'finance', DESKTOP, base);

    /* ---------------------------------------------------------------- merchant: sign in, codes, till */
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

    let staticCodeId = '';
    await check('merchant portal: create a static code and preview it', async () => {
      await merchant.getByRole('link', { name: 'QR codes' }).click();
      await merchant.getByLabel('Label').fill('Counter 1');
      await merchant.getByRole('button', { name: 'Create code' }).click();
      await merchant.getByText('Code “Counter 1” created.').waitFor();
      const card = merchant.getByTestId('code').first();
      staticCodeId = (await card.getAttribute('data-code-id')) ?? '';
      expect(staticCodeId, 'no code id');
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

    let orderId = '';
    let codeId = '';
    let tillNavigations = 0;
    await check('till mode: an order for 1288.00 shows its code full screen with a count-down', async () => {
      await merchant.getByRole('link', { name: 'Till' }).click();
      await shoot(merchant, 'merchant-12-till-form');
      await merchant.getByLabel('Amount (CNY)').fill('1288.00');
      await merchant.getByLabel('Reference').fill(`SALE-${Date.now() % 1e8}`);
      await merchant.getByRole('button', { name: 'Show the code' }).click();
      const till = merchant.getByTestId('till');
      await till.waitFor();
      orderId = (await till.getAttribute('data-order-id')) ?? '';
      codeId = (await till.getAttribute('data-code-id')) ?? '';
      expect(orderId && codeId, 'no order or code id on the till');
      expect(
        (await text(merchant, 'till-amount')) === '¥1,288.00',
        `till amount ${await text(merchant, 'till-amount')}`,
      );
      await till.getByRole('img').waitFor();
      expect(/^1[45]:\d\d$/.test(await text(merchant, 'countdown')), `count-down ${await text(merchant, 'countdown')}`);
      merchant.on('framenavigated', (f) => {
        if (f === merchant.mainFrame()) tillNavigations++;
      });
      await shoot(merchant, 'merchant-13-till-code');
    });

    // the camera: a video of that order's code, as the till shows it
    const camera = path.join(tmp, 'till-code.y4m');
    y4mFromPng(await download(base, `/v1/merchant/qr-codes/${codeId}/image.png`, merchantKey), camera);
    const staticPng = path.join(tmp, 'counter-1.png');
    fs.writeFileSync(staticPng, await download(base, `/v1/merchant/qr-codes/${staticCodeId}/image.png`, merchantKey));

    /* ---------------------------------------------------------------- consumer: register */
    const phoneBrowser = await launch(camera);
    browsers.push(phoneBrowser);
    const { page: wallet } = await newPage(phoneBrowser, watch, 'wallet', PHONE, base);

    let walletId = '';
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
      walletId = await text(wallet, 'wallet-id');
      expect(/^[0-9a-f-]{36}$/.test(walletId), `wallet id ${walletId}`);
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

    /* ---------------------------------------------------------------- finance: sign in, top up */
    const topupRef = `BANK-${crypto.randomBytes(5).toString('hex').toUpperCase()}`;
    await check('finance console: sign in with the operator key and top the consumer up', async () => {
      await finance.goto('/finance/');
      await shoot(finance, 'finance-20-sign-in');
      await finance.getByLabel('Operator API key').fill(adminKey);
      await finance.getByRole('button', { name: 'Sign in' }).click();
      await finance.getByRole('heading', { name: 'Trial balance' }).waitFor();
      await finance.getByRole('link', { name: 'Top-ups' }).click();
      await finance.getByLabel('Consumer wallet ID').fill(walletId);
      await finance.getByLabel('Amount', { exact: true }).fill('2000.00');
      await finance.getByLabel('Bank reference').fill(topupRef);
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

    /* ---------------------------------------------------------------- the camera scan and the PIN */
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
      expect(tillNavigations === 0, `the till page navigated ${tillNavigations} times`);
      await shoot(merchant, 'merchant-14-till-paid');
      const order = await call<{ status: string; paymentId?: string }>(base, 'GET', `/v1/merchant/orders/${orderId}`, {
        key: merchantKey,
      });
      expect(order.status === 'paid' && order.paymentId, `order ${JSON.stringify(order)}`);
    });

    await check('finance console: the day’s settlement shows the payment', async () => {
      await finance.getByRole('link', { name: 'Settlements' }).click();
      const row = finance.getByTestId('settlements').locator(`tr[data-merchant-id="${shop.merchant.id}"]`);
      await row.waitFor();
      const cells = (await row.locator('td').allTextContents()).map((s) => s.trim());
      expect(cells[1] === '1' && cells[2] === '¥1,288.00', `settlement row ${JSON.stringify(cells)}`);
      // fee 0.6 % of 1288.00 = 7.73; net 1280.27
      expect(cells[5] === '¥7.73' && cells[6] === '¥1,280.27', `fees/net ${JSON.stringify(cells)}`);
      await shoot(finance, 'finance-22-settlements');
    });

    /* ---------------------------------------------------------------- refusals and the static code */
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

    /* ---------------------------------------------------------------- merchant: payments, refund, statement, webhooks */
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

    /* ---------------------------------------------------------------- consumer statement */
    await check(
      'consumer wallet: the statement lists the top-up, payments and the refund, with infinite scroll',
      async () => {
        // 22 more small top-ups (operator API), so that the statement needs a second page
        for (let i = 0; i < 22; i++) {
          await call(base, 'POST', '/v1/topups', {
            key: adminKey,
            idem: true,
            body: { consumerId: walletId, amount: '1.00', currency: 'CNY', bankReference: `${topupRef}-S${i}` },
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

    /* ---------------------------------------------------------------- finance: the rest */
    await check('finance console: trial balance is balanced', async () => {
      await finance.getByRole('link', { name: 'Trial balance' }).click();
      await finance.getByTestId('trial-balance').waitFor();
      await finance.getByText('✓ debits = credits').waitFor();
      await shoot(finance, 'finance-23-trial-balance');
    });

    await check('finance console: a bank statement upload shows matched and unmatched lines', async () => {
      await finance.getByRole('link', { name: 'Bank statements' }).click();
      const today = new Date().toISOString().slice(0, 10);
      const csv = path.join(tmp, 'bank.csv');
      fs.writeFileSync(
        csv,
        `date,amount,currency,direction,reference,counterparty\n${today},2000.00,CNY,credit,${topupRef},Mei Lin\n${today},99.00,CNY,credit,UNKNOWN-REF-1,Someone\n`,
      );
      await finance.getByLabel('Statement file').setInputFiles(csv);
      await finance.getByRole('button', { name: 'Upload and match' }).click();
      const result = finance.getByTestId('statement-result');
      await result.waitFor();
      await result.getByText('1 matched').waitFor();
      await result.getByText('1 unmatched').waitFor();
      await shoot(finance, 'finance-24-bank-statement');
    });

    await check('finance console: run the payouts of the day', async () => {
      await finance.getByRole('link', { name: 'Payouts' }).click();
      finance.once('dialog', (d) => void d.accept());
      await finance.getByRole('button', { name: 'Run payouts' }).click();
      await finance.getByTestId('payout-run').waitFor();
      await shoot(finance, 'finance-25-payouts');
    });

    await check('finance console: the reconciliation report of the day', async () => {
      await finance.getByRole('link', { name: 'Reconciliation' }).click();
      const rep = finance.getByTestId('reconciliation');
      await rep.waitFor();
      await rep.getByText('Ledger balanced').waitFor();
      // the unknown bank line of the upload is listed, highlighted
      await finance.getByText(/Unmatched bank lines/).waitFor();
      expect((await finance.locator('tr.bad').count()) >= 1, 'no highlighted line');
      await shoot(finance, 'finance-26-reconciliation');
    });

    await check('finance console: a purpose-logged look-up, which the consumer then sees', async () => {
      await finance.getByRole('link', { name: 'Consumer look-up' }).click();
      await finance.getByLabel('Consumer wallet ID').fill(walletId);
      await finance.getByLabel('Purpose').fill('support ticket 4711: disputed refund');
      await finance.getByRole('button', { name: 'Look up' }).click();
      await finance.getByTestId('consumer').getByText('Mei Lin').waitFor();
      await shoot(finance, 'finance-27-consumer-lookup');
      await wallet.getByRole('link', { name: 'Account' }).click();
      await wallet.getByText('support ticket 4711: disputed refund', { exact: false }).waitFor();
      await shoot(wallet, 'wallet-12-access-log');
    });

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
          expect(
            (await text(wallet, 'error')).includes('not a payment code'),
            `message ${await text(wallet, 'error')}`,
          );
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

    await check('screenshots of every screen at phone and desktop width', async () => {
      expect(shots.length >= 40, `${shots.length} screenshots`);
      for (const f of shots) expect(fs.statSync(f).size > 2000, `${f} is empty`);
      const phones = shots.filter((f) => f.endsWith('-phone.png')).length;
      expect(phones * 2 === shots.length, 'phone and desktop shots do not pair');
    });

    await check('no console error, page error or failed request beyond the refusals the test asked for', async () => {
      const bad = watch.unexpected();
      expect(bad.length === 0, `\n    ${bad.map((i) => `[${i.page}] ${i.kind}: ${i.text}`).join('\n    ')}`);
    });
  } catch (e) {
    skipRest = (e as Error).message;
    failed++;
    console.log(`  FAIL the journey could not go on: ${(e as Error).stack ?? e}`);
  } finally {
    for (const b of browsers) await b.close().catch(() => undefined);
    receiver.close();
    if (svc) {
      const code = await svc.stop();
      if (code !== 0) console.log(`  (the service exited with ${code})`);
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(
    `(${watch.incidents.length - watch.unexpected().length} console/network entries were the refusals the test asked for)`,
  );
  console.log(`screenshots: ${path.relative(process.cwd(), path.join(OUT, 'screenshots'))}/ (${shots.length} files)`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

void main();
