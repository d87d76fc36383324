/*
 * Accounts a person controls (issue 15), both fronts driven, with a consumer
 * of its own (Chen Jing), so that Mei Lin's story stays as it is: finance
 * freezes the wallet from the console with a purpose, the wallet refuses to
 * take money out with the frozen explanation while it still receives money,
 * and its access log shows the purpose; finance unfreezes it. A second
 * device signs in, the Account screen lists both and signs the other out,
 * whose next request lands on the sign-in page. The PIN is changed; closing
 * with money left is refused; the wallet pays what is left, and the account
 * is closed from the Account screen; the finance look-up then shows it closed,
 * with no name or phone.
 */
import crypto from 'node:crypto';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, call, check, expect, newPage, shoot, text, unlabelledControls } from '../support';
import { readPack } from './consumer.steps';
import type { WalletJourney } from './journey';

const NAME = 'Chen Jing';
const REASON = 'Court order 2026/1187';
const FREEZE_PURPOSE = 'ticket 5120: freeze ordered by the court';
const UNFREEZE_PURPOSE = 'ticket 5120: the court lifted the order';

/** The session token the wallet keeps in this page's localStorage ('' without one). */
const tokenOf = async (page: Page): Promise<string> =>
  page.evaluate<string>(`(JSON.parse(localStorage.getItem('saoma.wallet.session') ?? 'null') ?? {}).token ?? ''`);

/** A sign-in through the API: its status, and the token when it is 201. */
async function signIn(base: string, phone: string, pin: string): Promise<{ status: number; token?: string }> {
  const res = await fetch(`${base}/v1/consumers/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ phone, pin }),
  });
  const body = (await res.json().catch(() => ({}))) as { token?: string };
  return { status: res.status, token: body.token };
}

/** The finance console's look-up of `id`, with `purpose`; the consumer card once it shows `standing`. */
async function lookUp(finance: Page, id: string, purpose: string, standing: string): Promise<void> {
  await finance.getByRole('link', { name: 'Consumer look-up' }).click();
  await finance.getByLabel('Consumer wallet ID').fill(id);
  await finance.getByLabel('Purpose', { exact: true }).fill(purpose);
  await finance.getByRole('button', { name: 'Look up' }).click();
  await finance.locator(`[data-testid=consumer][data-standing=${standing}]`).waitFor();
}

export async function accountsAPersonControls(j: WalletJourney): Promise<void> {
  const { finance, watch, base, adminKey, merchantKey } = j;
  const phone = `+86137${String(crypto.randomInt(0, 1e8)).padStart(8, '0')}`;
  const pin = '135790';
  const newPin = '975310';
  let consumerId = '';

  // Chen Jing's phone: a browser context of its own on the phone's browser (the one with the camera)
  const phoneBrowser = j.wallet.context().browser();
  if (!phoneBrowser) throw new Error('the wallet page has no browser');
  const { page: phoneA } = await newPage(phoneBrowser, watch, 'wallet-chen', PHONE, base);

  await check(
    'consumer wallet: a second consumer registers; the Account screen lists one device, this one',
    async () => {
      await phoneA.goto('/app/');
      await phoneA.getByRole('button', { name: 'Create an account' }).click();
      await phoneA.getByLabel('Your name').fill(NAME);
      await phoneA.getByLabel('Phone number').fill(phone);
      await phoneA.getByLabel('PIN (6 digits)', { exact: true }).fill(pin);
      await phoneA.getByLabel('PIN again').fill(pin);
      await phoneA.getByRole('button', { name: 'Create account' }).click();
      await phoneA.getByRole('heading', { name: `Hello, ${NAME}` }).waitFor();
      await phoneA.getByRole('link', { name: 'Account' }).click();
      consumerId = await text(phoneA, 'wallet-id');
      expect(/^[0-9a-f-]{36}$/.test(consumerId), `wallet id ${consumerId}`);
      const sessions = phoneA.getByTestId('session');
      await sessions.first().waitFor();
      expect((await sessions.count()) === 1, `${await sessions.count()} sessions`);
      expect((await sessions.first().getAttribute('data-current')) === 'true', 'the session is not this device');
      await sessions.first().getByText('This device', { exact: true }).waitFor();
      expect((await unlabelledControls(phoneA)).length === 0, 'a control without a label');
      await shoot(phoneA, 'wallet-19-account-devices');
    },
  );

  await check(
    'finance console: the look-up shows the consumer active; Freeze with a reason and a purpose; it then shows frozen',
    async () => {
      expect(consumerId, 'no consumer');
      await lookUp(finance, consumerId, 'ticket 5120: court order received', 'active');
      await finance.getByTestId('consumer').getByText(NAME).waitFor();
      await finance.getByRole('button', { name: 'Freeze', exact: true }).click();
      await finance.getByLabel('Freeze reason').fill(REASON);
      await finance.getByLabel('Freeze purpose').fill(FREEZE_PURPOSE);
      expect((await unlabelledControls(finance)).length === 0, 'a control without a label');
      await shoot(finance, 'finance-28-freeze');
      await finance.getByRole('button', { name: 'Freeze the wallet' }).click();
      await finance.locator('[data-testid=consumer][data-standing=frozen]').waitFor();
      expect((await text(finance, 'frozen-reason')) === REASON, `reason ${await text(finance, 'frozen-reason')}`);
      expect((await text(finance, 'frozen-at')).length > 0, 'no frozen-at');
      await finance.getByTestId('standing-changed').getByText('The wallet is frozen').waitFor();
      await finance.getByRole('button', { name: 'Unfreeze', exact: true }).waitFor();
      await shoot(finance, 'finance-29-consumer-frozen');
    },
  );

  await check(
    'consumer wallet: frozen, it still receives money and reads; Pay with my code is refused with the frozen explanation',
    async () => {
      // money in still arrives: a bank top-up (the operator's API, as the statement step does)
      await call(base, 'POST', '/v1/topups', {
        key: adminKey,
        idem: true,
        body: { consumerId, amount: '1.00', currency: 'CNY', bankReference: `${j.topupRef}-CJ` },
      });
      await phoneA.getByRole('link', { name: 'Home' }).click();
      await phoneA.getByTestId('balance-CNY').getByText('¥1.00').first().waitFor();
      await watch.expecting([/423/], async () => {
        await phoneA.getByRole('link', { name: 'Pay with my code' }).click();
        await phoneA.getByLabel('PIN (6 digits)').fill(pin);
        await phoneA.getByRole('button', { name: 'Show my payment code' }).click();
        const err = phoneA.locator('[data-testid=error] [data-code=account_frozen]');
        await err.waitFor();
        const said = (await err.textContent()) ?? '';
        expect(
          said.includes('Your wallet is frozen') && said.includes('receive money') && said.includes('support'),
          `message ${said}`,
        );
      });
      // and the whole wallet says so, above every screen
      await phoneA.getByTestId('frozen').getByText('Your wallet is frozen').waitFor();
      expect((await readPack(phoneA)) === null, 'a pack of codes was kept');
      await shoot(phoneA, 'wallet-20-frozen');
    },
  );

  await check(
    'consumer wallet: the access log shows the purpose of the freeze; the Account screen says frozen',
    async () => {
      await phoneA.getByRole('link', { name: 'Back' }).click();
      await phoneA.getByRole('link', { name: 'Account' }).click();
      await phoneA.getByTestId('access-log').getByText(FREEZE_PURPOSE, { exact: false }).first().waitFor();
      await phoneA.getByTestId('frozen').waitFor();
      await shoot(phoneA, 'wallet-21-access-log-frozen');
    },
  );

  await check(
    'finance console: Unfreeze with a purpose; the look-up shows it active; the wallet gets its codes again',
    async () => {
      await finance.getByRole('button', { name: 'Unfreeze', exact: true }).click();
      await finance.getByLabel('Unfreeze purpose').fill(UNFREEZE_PURPOSE);
      await finance.getByRole('button', { name: 'Unfreeze the wallet' }).click();
      await finance.locator('[data-testid=consumer][data-standing=active]').waitFor();
      expect((await finance.getByTestId('frozen-at').count()) === 0, 'still shows frozen-at');
      await finance.getByRole('button', { name: 'Freeze', exact: true }).waitFor();
      // the consumer sees the unfreeze in the access log, and takes money out again
      await phoneA.getByRole('link', { name: 'Home' }).click();
      await phoneA.getByRole('link', { name: 'Account' }).click();
      await phoneA.getByTestId('access-log').getByText(UNFREEZE_PURPOSE, { exact: false }).first().waitFor();
      await phoneA.getByRole('link', { name: 'Home' }).click();
      await phoneA.getByRole('link', { name: 'Pay with my code' }).click();
      await phoneA.getByLabel('PIN (6 digits)').fill(pin);
      await phoneA.getByRole('button', { name: 'Show my payment code' }).click();
      await phoneA.getByTestId('payment-code').waitFor();
      expect((await phoneA.getByTestId('frozen').count()) === 0, 'the wallet still says frozen');
      expect((await readPack(phoneA)) !== null, 'no pack kept');
      await phoneA.getByRole('link', { name: 'Back' }).click();
    },
  );

  await check(
    'a second device signs in; the Account screen lists two; the first signs the other out, whose next request lands on sign-in',
    async () => {
      const desk = finance.context().browser();
      if (!desk) throw new Error('the finance page has no browser');
      const { context, page: laptop } = await newPage(desk, watch, 'wallet-chen-laptop', DESKTOP, base);
      try {
        await laptop.goto('/app/');
        await laptop.getByLabel('Phone number').fill(phone);
        await laptop.getByLabel('PIN (6 digits)', { exact: true }).fill(pin);
        await laptop.getByRole('button', { name: 'Sign in' }).click();
        await laptop.getByRole('heading', { name: `Hello, ${NAME}` }).waitFor();

        await phoneA.getByRole('link', { name: 'Account' }).click();
        const sessions = phoneA.getByTestId('session');
        await sessions.nth(1).waitFor();
        expect((await sessions.count()) === 2, `${await sessions.count()} sessions`);
        expect((await sessions.first().getAttribute('data-current')) === 'true', 'this device is not listed first');
        await shoot(phoneA, 'wallet-22-two-devices');
        await phoneA
          .locator('[data-testid=session][data-current=false]')
          .getByRole('button', { name: 'Sign out this device' })
          .click();
        await phoneA.getByTestId('session-ended').waitFor();
        await phoneA.locator('[data-testid=session][data-current=false]').waitFor({ state: 'detached' });
        expect((await sessions.count()) === 1, `${await sessions.count()} sessions after signing the other out`);

        // the revocation reaches every process of the service within a second
        await laptop.waitForTimeout(1100);
        await watch.expecting([/401/], async () => {
          await laptop.getByRole('link', { name: 'Statement', exact: true }).click();
          await laptop.getByRole('heading', { name: 'Sign in to your wallet' }).waitFor();
        });
        expect(
          (await text(laptop, 'notice')).includes('Your session has ended'),
          `notice ${await text(laptop, 'notice')}`,
        );
        expect((await tokenOf(laptop)) === '', 'the laptop still keeps the session');
        await shoot(laptop, 'wallet-23-signed-out-elsewhere');
      } finally {
        await context.close();
      }
    },
  );

  await check(
    'consumer wallet: Change PIN refuses a wrong current PIN, then changes it; the codes on the phone are gone; only the new PIN signs in',
    async () => {
      expect((await unlabelledControls(phoneA)).length === 0, 'a control without a label');
      await watch.expecting([/401/], async () => {
        await phoneA.getByLabel('Current PIN').fill('000000');
        await phoneA.getByLabel('New PIN (6 digits)').fill(newPin);
        await phoneA.getByLabel('New PIN again').fill(newPin);
        await phoneA.getByRole('button', { name: 'Change PIN' }).click();
        const err = phoneA.locator('[data-testid=error] [data-code=invalid_credentials]');
        await err.waitFor();
        expect((await err.textContent())?.includes('current PIN is wrong'), `message ${await err.textContent()}`);
      });
      await phoneA.getByLabel('Current PIN').fill(pin);
      await phoneA.getByRole('button', { name: 'Change PIN' }).click();
      await phoneA.getByTestId('pin-changed').waitFor();
      expect((await readPack(phoneA)) === null, 'the phone still keeps its payment codes');
      await shoot(phoneA, 'wallet-24-pin-changed');
      const old = await signIn(base, phone, pin);
      expect(old.status === 401, `the old PIN signs in: ${old.status}`);
      const fresh = await signIn(base, phone, newPin);
      expect(fresh.status === 201 && fresh.token, `the new PIN does not sign in: ${fresh.status}`);
      // that session ends at once (so the Account screen lists this phone alone)
      await call(base, 'DELETE', '/v1/me/sessions/current', { key: fresh.token });
    },
  );

  await check('consumer wallet: closing with money left is refused: withdraw first, the balance shown', async () => {
    const closure = phoneA.getByTestId('closure');
    await closure.getByTestId('closure-balances').getByText('¥1.00').first().waitFor();
    await closure.getByTestId('closure-withdraw-first').waitFor();
    await phoneA.getByLabel('PIN to close the account').fill(newPin);
    await phoneA.getByLabel('I want to close my account', { exact: false }).check();
    await watch.expecting([/409/], async () => {
      await phoneA.getByRole('button', { name: 'Close my account' }).click();
      const err = closure.locator('[data-testid=error] [data-code=balance_not_zero]');
      await err.waitFor();
      expect((await err.textContent())?.includes('withdraw'), `message ${await err.textContent()}`);
    });
    await shoot(phoneA, 'wallet-25-close-refused');
  });

  await check('consumer wallet: pays the ¥1.00 left at the till (the code typed in): the wallet is empty', async () => {
    const order = await call<{ payload: string }>(base, 'POST', '/v1/merchant/orders', {
      key: merchantKey,
      body: { amount: '1.00', reference: `CJ-${crypto.randomBytes(3).toString('hex')}` },
    });
    await phoneA.getByRole('link', { name: 'Home' }).click();
    await watch.expecting([/409/], async () => {
      await phoneA.getByRole('link', { name: 'Scan to pay' }).click();
      await phoneA.getByTestId('error').waitFor({ timeout: 20_000 }); // the camera still sees the paid order
    });
    await phoneA.getByText("Type or paste the code's text").click();
    await phoneA.getByLabel('Code text').fill(order.payload);
    await phoneA.getByRole('button', { name: 'Continue' }).click();
    await phoneA.getByRole('button', { name: 'Pay ¥1.00' }).click();
    await phoneA.getByTestId('receipt').waitFor();
    await phoneA.getByRole('link', { name: 'Done' }).click();
    await phoneA.getByTestId('balance-CNY').getByText('¥0.00').first().waitFor();
  });

  let token = '';
  await check(
    'consumer wallet: closes the account from the Account screen; back at the start page, which says it is closed',
    async () => {
      await phoneA.getByRole('link', { name: 'Account' }).click();
      const closure = phoneA.getByTestId('closure');
      await closure.getByTestId('closure-balances').getByText('¥0.00').first().waitFor();
      expect((await closure.getByTestId('closure-withdraw-first').count()) === 0, 'still asks to withdraw');
      await phoneA.getByLabel('PIN to close the account').fill(newPin);
      await phoneA.getByLabel('I want to close my account', { exact: false }).check();
      await shoot(phoneA, 'wallet-26-close');
      token = await tokenOf(phoneA);
      await phoneA.getByRole('button', { name: 'Close my account' }).click();
      await phoneA.getByRole('heading', { name: 'Sign in to your wallet' }).waitFor();
      expect(
        (await text(phoneA, 'notice')).includes('Your account is closed'),
        `notice ${await text(phoneA, 'notice')}`,
      );
      expect((await tokenOf(phoneA)) === '', 'the phone still keeps the session');
      await shoot(phoneA, 'wallet-27-closed');
      const res = await fetch(`${base}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status === 401, `the closed account's token → ${res.status}`);
      const again = await signIn(base, phone, newPin);
      expect(again.status === 401, `the closed account signs in: ${again.status}`);
    },
  );

  await check('finance console: the look-up then shows the account closed, with no name or phone', async () => {
    await lookUp(finance, consumerId, 'ticket 5120: closure confirmed', 'closed');
    const card = finance.getByTestId('consumer');
    await card.getByTestId('closed-at').waitFor();
    const shown = (await card.textContent()) ?? '';
    expect(!shown.includes(NAME) && !shown.includes(phone), `the closed account still shows: ${shown}`);
    expect(shown.includes(consumerId), 'no wallet id');
    expect(
      (await card.getByRole('button', { name: 'Freeze', exact: true }).count()) === 0,
      'a closed account to freeze',
    );
    await shoot(finance, 'finance-30-consumer-closed');
  });
}
