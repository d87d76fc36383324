/*
 * The pay and PIN screens with the keyboard alone, as a screen reader's user
 * meets them (issue 17): a new consumer on a phone page scans a static code by
 * typing its text, types an amount above the no-PIN limit, is asked for the
 * PIN, types a wrong one (the refusal is announced), then the right one, and
 * pays; every step is Tab, typing and Enter, every control found by the name a
 * screen reader would say, and focus lands on each new screen's heading.
 */
import crypto from 'node:crypto';
import type { Page } from 'playwright-core';
import { PHONE, call, check, expect, newPage, shoot } from '../support';
import type { WalletJourney } from './journey';

const PIN = '135790';

/** The focused element as a screen reader names it: its role-ish tag and its accessible name. */
const FOCUSED = `(() => {
  const el = document.activeElement;
  if (!el) return '';
  const byLabel = el.labels && el.labels.length ? el.labels[0].textContent : '';
  const name = el.getAttribute('aria-label') || byLabel || el.textContent || '';
  return el.tagName.toLowerCase() + ':' + name.replace(/\\s+/g, ' ').trim();
})()`;

/** Presses Tab until the focused element is a `tag` whose name starts with `name`; fails after 40 presses. */
async function tabTo(page: Page, tag: string, name: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate<string>(FOCUSED);
    if (f.startsWith(`${tag}:${name}`)) return;
  }
  throw new Error(`Tab never reached ${tag} "${name}"`);
}

async function focusedHeading(page: Page): Promise<string> {
  return page.evaluate<string>(`document.activeElement?.tagName === 'H1' ? document.activeElement.textContent : ''`);
}

export async function keyboardPays(j: WalletJourney): Promise<void> {
  const { base, adminKey, merchantKey, watch } = j;
  let page: Page | null = null;
  let payload = '';

  await check('consumer wallet: a new consumer, signed in by keyboard alone', async () => {
    const phone = `+86137${String(crypto.randomInt(0, 1e8)).padStart(8, '0')}`;
    const reg = await call<{ consumer: { id: string } }>(base, 'POST', '/v1/consumers', {
      body: { name: 'Keyboard Kim', phone, pin: PIN },
    });
    await call(base, 'POST', '/v1/topups', {
      key: adminKey,
      idem: true,
      body: { consumerId: reg.consumer.id, amount: '3000.00', currency: 'CNY', bankReference: `${j.topupRef}-kbd` },
    });
    const code = await call<{ payload: string }>(base, 'POST', '/v1/merchant/qr-codes', {
      key: merchantKey,
      body: { label: 'Counter by keyboard' },
    });
    payload = code.payload;
    const browser = j.wallet.context().browser();
    if (!browser) throw new Error('the wallet page has no browser');
    page = (await newPage(browser, watch, 'wallet-keyboard', PHONE, base)).page;
    await page.goto('/app/');
    await tabTo(page, 'input', 'Phone number');
    await page.keyboard.type(phone);
    await tabTo(page, 'input', 'PIN');
    await page.keyboard.type(PIN);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Hello, Keyboard Kim' }).waitFor();
  });

  await check('consumer wallet: Scan, then the code typed, by Tab and Enter; focus on each new heading', async () => {
    const p = page!;
    await tabTo(p, 'a', 'Scan');
    await p.keyboard.press('Enter');
    await p.getByRole('heading', { name: 'Scan a code' }).waitFor();
    expect((await focusedHeading(p)) === 'Scan a code', 'focus is not on the Scan heading');
    await tabTo(p, 'summary', "Type or paste the code's text");
    await p.keyboard.press('Enter');
    await tabTo(p, 'textarea', 'Code text');
    await p.keyboard.insertText(payload);
    await tabTo(p, 'button', 'Continue');
    await p.keyboard.press('Enter');
    await p.getByRole('textbox', { name: 'Amount to pay (CNY)' }).waitFor();
    expect((await focusedHeading(p)) === 'Confirm the payment', 'focus is not on the pay heading');
  });

  await check(
    'consumer wallet: the amount above the limit asks for the PIN; a wrong PIN is announced; the right one pays',
    async () => {
      const p = page!;
      await tabTo(p, 'input', 'Amount to pay (CNY)');
      await p.keyboard.type('1200.00');
      // the PIN field comes with its reason, read with it (aria-describedby)
      await tabTo(p, 'input', 'PIN (6 digits)');
      const hint = await p.evaluate<string>(
        `document.getElementById(document.activeElement.getAttribute('aria-describedby') ?? '')?.textContent ?? ''`,
      );
      expect(/need your PIN/.test(hint), `the PIN field's description: "${hint}"`);
      await watch.expecting([/401/, /status of 401/], async () => {
        await p.keyboard.type('000000');
        await p.keyboard.press('Enter');
        const alert = p.getByRole('alert');
        await alert.waitFor();
        expect(/PIN/.test((await alert.textContent()) ?? ''), 'the refusal is not in an alert');
      });
      await shoot(p, 'wallet-41-keyboard-wrong-pin');
      await p.getByRole('textbox', { name: 'PIN (6 digits)' }).waitFor(); // emptied, still there
      await tabTo(p, 'input', 'PIN (6 digits)');
      await p.keyboard.type(PIN);
      await tabTo(p, 'button', 'Pay ¥1,200.00');
      await p.keyboard.press('Enter');
      await p.getByTestId('receipt').waitFor();
      const heading = await focusedHeading(p);
      expect(heading.length > 0, 'focus is not on the receipt heading');
      await shoot(p, 'wallet-42-keyboard-paid');
    },
  );
}
