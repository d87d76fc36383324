/*
 * Between people and to the state (issue 14), both fronts driven, with
 * consumers of their own so that the other stories stay as they are: Zhou
 * sends money to Wu (it arrives at once, each sees the other's masked name)
 * and to a phone not yet on Saoma (it waits; the phone registers and its own
 * wallet shows it received); sending to oneself, a wrong PIN above the no-PIN
 * limit and too little money are refused with their messages; Zhou makes a
 * red envelope, Wu opens it by its code, and the envelope lists who opened
 * what; the merchant issues a bill, shows it to print (its code loads), Wu
 * scans its code then pays it by typing its reference, seeing the description
 * and the due date first, and the merchant's list shows it paid; the
 * statements show the typed lines.
 */
import crypto from 'node:crypto';
import type { Page } from 'playwright-core';
import { PHONE, call, check, expect, newPage, shoot, text, unlabelledControls } from '../support';
import type { WalletJourney } from './journey';

const PIN = '135790';
const freshPhone = () => `+86136${String(crypto.randomInt(0, 1e8)).padStart(8, '0')}`;

/** The bill's due date as the pay screen gives it to machines: the datetime of its <time> (the text is the reader's form). */
const dueOf = (p: Page) => p.getByTestId('bill-due').getAttribute('datetime');

/** A phone page of its own, signed in with this session (put in place before the first load, as after a sign-in). */
async function signedInPage(
  j: WalletJourney,
  name: string,
  session: { token: string; expiresAt: string },
): Promise<Page> {
  const browser = j.wallet.context().browser();
  if (!browser) throw new Error('the wallet page has no browser');
  const { page } = await newPage(browser, j.watch, `wallet-${name.toLowerCase()}`, PHONE, j.base);
  await page
    .context()
    .addInitScript(
      `localStorage.setItem('saoma.wallet.session', ${JSON.stringify(JSON.stringify({ token: session.token, expiresAt: session.expiresAt }))})`,
    );
  await page.goto('/app/');
  await page.getByRole('heading', { name: `Hello, ${name}` }).waitFor();
  return page;
}

/** A consumer registered through the API and topped up, signed in on a phone page of its own. */
async function consumerOnAPhone(
  j: WalletJourney,
  name: string,
  topUp: string | null,
): Promise<{ page: Page; id: string; phone: string }> {
  const phone = freshPhone();
  const reg = await call<{ consumer: { id: string }; token: string; expiresAt: string }>(
    j.base,
    'POST',
    '/v1/consumers',
    {
      body: { name, phone, pin: PIN },
    },
  );
  if (topUp)
    await call(j.base, 'POST', '/v1/topups', {
      key: j.adminKey,
      idem: true,
      body: { consumerId: reg.consumer.id, amount: topUp, currency: 'CNY', bankReference: `${j.topupRef}-${name}` },
    });
  return { page: await signedInPage(j, name, reg), id: reg.consumer.id, phone };
}

export async function betweenPeopleAndBills(j: WalletJourney): Promise<void> {
  const { merchant, merchantId } = j;
  let zhou: { page: Page; id: string; phone: string } | null = null;
  let wu: { page: Page; id: string; phone: string } | null = null;
  let zheng: Page | null = null;
  const newcomerPhone = freshPhone();
  let envelopeCode = '';

  await check('consumer wallet: Send money to a registered phone arrives at once, with the masked name', async () => {
    zhou = await consumerOnAPhone(j, 'Zhou', '300.00');
    wu = await consumerOnAPhone(j, 'Wu', null);
    const p = zhou.page;
    await p.getByRole('link', { name: 'Send money' }).click();
    await p.getByLabel('Their phone number').fill(wu.phone);
    await p.getByLabel('Amount (CNY)').fill('25.50');
    await p.getByLabel('Note (optional)').fill('noodles');
    expect((await unlabelledControls(p)).length === 0, 'a control without a label');
    await p.getByRole('button', { name: 'Send ¥25.50' }).click();
    const said = await p.getByTestId('transfer-result').textContent();
    expect(said?.includes('sent to W*'), `result ${said}`);
    await p.getByTestId('transfer-completed').first().getByText('To W* · noodles').waitFor();
    await shoot(p, 'wallet-30-transfer-sent');
    // Wu's statement: received, from Zhou masked
    await wu.page.getByRole('link', { name: 'Statement' }).click();
    await wu.page.getByTestId('statement').getByText('Received · Z***').waitFor();
  });

  await check(
    'consumer wallet: money to a phone not on Saoma waits, and arrives when the phone registers',
    async () => {
      expect(zhou, 'no sender');
      const p = zhou.page;
      await p.getByLabel('Their phone number').fill(newcomerPhone);
      await p.getByLabel('Amount (CNY)').fill('10.00');
      await p.getByRole('button', { name: 'Send ¥10.00' }).click();
      await p.getByTestId('transfer-result').getByText('waiting for this phone', { exact: false }).waitFor();
      await p.getByTestId('transfer-result').getByText('within 7 days', { exact: false }).waitFor();
      await p.getByTestId('transfer-pending').first().waitFor();
      // the phone registers (through the API, as any new user would through the app)
      const reg = await call<{ token: string; expiresAt: string }>(j.base, 'POST', '/v1/consumers', {
        body: { name: 'Zheng', phone: newcomerPhone, pin: PIN },
      });
      const wallets = await call<{ data: Array<{ balance: string }> }>(j.base, 'GET', '/v1/me/wallets', {
        key: reg.token,
      });
      expect(wallets.data[0]?.balance === '10.00', `newcomer balance ${JSON.stringify(wallets)}`);
      // back to the screen: the list is read again (a reload could cut a request of the page short)
      await p.getByRole('link', { name: 'Home' }).click();
      await p.getByRole('link', { name: 'Send money' }).click();
      await p.getByTestId('transfers').getByText('To Z****').first().waitFor();
      expect((await p.getByTestId('transfer-pending').count()) === 0, 'a transfer still shows pending');
      await shoot(p, 'wallet-31-transfers');
      // the newcomer's own wallet: the transfer shows as received, from the sender masked
      zheng = await signedInPage(j, 'Zheng', reg);
      await zheng.getByRole('link', { name: 'Send money' }).click();
      await zheng.getByTestId('transfers').getByTestId('transfer-completed').getByText('From Z***').waitFor();
      await zheng.getByRole('link', { name: 'Statement' }).click();
      await zheng.getByTestId('statement').getByText('Received · Z***').waitFor();
      await shoot(zheng, 'wallet-31b-transfer-received');
    },
  );

  await check(
    'consumer wallet: Send money refuses oneself, asks the PIN above the limit, a wrong PIN, not enough money',
    async () => {
      expect(zhou && wu, 'no consumers');
      const p = zhou.page;
      await j.watch.expecting([/422/, /401/, /402/], async () => {
        await p.getByLabel('Their phone number').fill(zhou!.phone);
        await p.getByLabel('Amount (CNY)').fill('1.00');
        await p.getByRole('button', { name: 'Send ¥1.00' }).click();
        await p.locator('[data-testid=error] [data-code=self_transfer]').waitFor();
        expect((await text(p, 'error')).includes('your own phone number'), `message ${await text(p, 'error')}`);
        // above the no-PIN limit the PIN is asked before sending
        await p.getByLabel('Their phone number').fill(wu!.phone);
        await p.getByLabel('Amount (CNY)').fill('1200.00');
        await p.getByLabel('PIN (6 digits)').fill('000000');
        await p.getByRole('button', { name: 'Send ¥1,200.00' }).click();
        await p.locator('[data-testid=error] [data-code=invalid_credentials]').waitFor();
        expect((await text(p, 'error')).includes('Wrong PIN'), `message ${await text(p, 'error')}`);
        await p.getByLabel('PIN (6 digits)').fill(PIN);
        await p.getByRole('button', { name: 'Send ¥1,200.00' }).click();
        await p.locator('[data-testid=error] [data-code=insufficient_funds]').waitFor();
        expect((await text(p, 'error')).includes('Nothing was sent'), `message ${await text(p, 'error')}`);
        await shoot(p, 'wallet-31c-transfer-refused');
      });
    },
  );

  await check(
    'consumer wallet: a red envelope made, its code shown; another consumer opens it by the code',
    async () => {
      expect(zhou && wu, 'no consumers');
      const p = zhou.page;
      await p.goto('/app/envelopes');
      await p.getByLabel('Total (CNY)').fill('8.88');
      await p.getByLabel('Shares').fill('3');
      await p.getByLabel('Split').selectOption('equal');
      await p.getByLabel('Message (optional)').fill('恭喜发财');
      expect((await unlabelledControls(p)).length === 0, 'a control without a label');
      await p.getByRole('button', { name: 'Make the envelope' }).click();
      envelopeCode = await text(p, 'envelope-code');
      expect(/^[2-9A-HJKMNP-Z]{12}$/.test(envelopeCode), `code ${envelopeCode}`);
      await shoot(p, 'wallet-32-envelope-made');

      await wu.page.goto('/app/envelopes');
      await wu.page.getByLabel('Envelope code').fill(envelopeCode.toLowerCase());
      await wu.page.getByRole('button', { name: 'Open it' }).click();
      const got = (await wu.page.getByTestId('claimed').textContent()) ?? '';
      expect(got.includes('¥2.96') && got.includes('from Z***'), `claimed ${got}`);
      // a second time: refused, nothing more
      await j.watch.expecting([/409/], async () => {
        await wu!.page.getByLabel('Envelope code').fill(envelopeCode);
        await wu!.page.getByRole('button', { name: 'Open it' }).click();
        await wu!.page.locator('[data-testid=error] [data-code=already_claimed]').waitFor();
      });
      await shoot(wu.page, 'wallet-33-envelope-opened');
    },
  );

  await check('consumer wallet: the sender sees who opened the envelope and for how much', async () => {
    expect(zhou, 'no sender');
    await zhou.page.waitForLoadState('networkidle');
    await zhou.page.reload();
    const claims = zhou.page.getByTestId('envelope-claims');
    await claims.getByText('W*').waitFor();
    await claims.getByText('¥2.96').waitFor();
    await zhou.page.getByRole('link', { name: 'Statement' }).click();
    await zhou.page.getByTestId('statement').getByText('Red envelope sent').waitFor();
    await zhou.page.getByTestId('statement').getByText('Sent · W*').waitFor();
    await wu!.page.getByRole('link', { name: 'Statement' }).click();
    await wu!.page.getByTestId('statement').getByText('Red envelope · Z***').waitFor();
  });

  const reference = `TAX-${crypto.randomBytes(3).toString('hex').toUpperCase()}`;
  const due = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
  await check('merchant portal: Bills issues a bill by reference and shows it to print, its code loaded', async () => {
    await merchant.goto('/merchant/bills');
    await merchant.getByLabel('Reference').fill(reference);
    await merchant.getByLabel('Amount (CNY)').fill('42.00');
    await merchant.getByLabel('Due date', { exact: true }).fill(due);
    await merchant.getByLabel('Description').fill('Property tax, 2nd instalment');
    expect((await unlabelledControls(merchant)).length === 0, 'a control without a label');
    await merchant.getByRole('button', { name: 'Issue the bill' }).click();
    await merchant.getByTestId('bill-issued').waitFor();
    const img = merchant.getByTestId('bill-qr');
    await img.waitFor();
    // the image has arrived and decoded: a picture, not a broken one
    await merchant.waitForFunction(
      `(() => { const el = document.querySelector('[data-testid=bill-qr]'); return !!el && el.complete && el.naturalWidth > 0; })()`,
    );
    await merchant.getByTestId('bills-open').getByText(reference).waitFor();
    await shoot(merchant, 'merchant-30-bill');
  });

  await check('consumer wallet: the bill’s code scanned shows its description and due date before paying', async () => {
    expect(wu, 'no payer');
    const p = wu.page;
    const issued = await call<{ payload: string }>(j.base, 'GET', `/v1/merchant/bills/${reference}`, {
      key: j.merchantKey,
    });
    await p.getByRole('link', { name: 'Home' }).click();
    await p.getByRole('link', { name: 'Pay a bill' }).click();
    await j.watch.expecting([/409/, /410/], async () => {
      await p.getByRole('link', { name: 'Scan the bill’s code' }).click();
      await p.getByTestId('error').waitFor({ timeout: 20_000 }); // the camera still sees the paid order
    });
    await p.getByText("Type or paste the code's text").click();
    await p.getByLabel('Code text').fill(issued.payload);
    await p.getByRole('button', { name: 'Continue' }).click();
    await p.getByTestId('bill').getByText('Property tax, 2nd instalment').waitFor();
    expect((await dueOf(p)) === due, `due ${await dueOf(p)}`);
    await p.getByRole('button', { name: 'Pay ¥42.00' }).waitFor();
    await shoot(p, 'wallet-34a-bill-scanned');
  });

  await check(
    'consumer wallet: Pay a bill by its reference shows the description and due date before paying',
    async () => {
      expect(wu, 'no payer');
      const p = wu.page;
      // Wu pays with what Zhou sent and the envelope brought: top up for the rest
      await call(j.base, 'POST', '/v1/topups', {
        key: j.adminKey,
        idem: true,
        body: { consumerId: wu.id, amount: '50.00', currency: 'CNY', bankReference: `${j.topupRef}-WU-BILL` },
      });
      await p.goto('/app/bill');
      await p.getByLabel('Issuer’s merchant ID').fill(merchantId);
      await p.getByLabel('Bill reference').fill(reference);
      await p.getByRole('button', { name: 'Find the bill' }).click();
      const bill = p.getByTestId('bill');
      await bill.getByText('Property tax, 2nd instalment').waitFor();
      expect((await dueOf(p)) === due, `due ${await dueOf(p)}`);
      await shoot(p, 'wallet-34-bill-before-paying');
      await p.getByRole('button', { name: 'Pay ¥42.00' }).click();
      await p.getByTestId('receipt').waitFor();
      await p.getByRole('link', { name: 'Statement' }).click();
      await p.getByTestId('statement').getByText(reference, { exact: false }).first().waitFor();
      const line = (await p.getByTestId('statement').locator('.tx-title').first().textContent()) ?? '';
      expect(line.startsWith('Bill · '), `statement line ${line}`);
    },
  );

  await check('merchant portal: the bill shows paid', async () => {
    await merchant.getByLabel('Show').selectOption('paid');
    await merchant.getByTestId('bills-paid').getByText(reference).waitFor();
    const mine = await call<{ status: string; paymentId?: string }>(j.base, 'GET', `/v1/merchant/bills/${reference}`, {
      key: j.merchantKey,
    });
    expect(mine.status === 'paid' && mine.paymentId, `bill ${JSON.stringify(mine)}`);
  });

  for (const page of [zhou, wu]) await (page as { page: Page } | null)?.page.context().close();
  await (zheng as Page | null)?.context().close();
}
