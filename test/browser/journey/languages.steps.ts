/*
 * Languages (issue 17): each front in English, French and Simplified Chinese.
 * A browser whose first language is French or Chinese gets its front in that
 * language without asking; the switch in the header changes it (and the
 * choice is kept for the other fronts of the origin); then every screen a
 * path reaches is walked in French and in Chinese: no key asked for that the
 * texts lack, no English word on the page outside data marked translate="no",
 * money and dates in the language's own format.
 */
import type { Page } from 'playwright-core';
import { ENGLISH_ONLY, TEXTS, keyPaths, wordsOf } from '../languages';
import { DESKTOP, call, check, expect, launch, newPage, shoot } from '../support';
import type { WalletJourney } from './journey';

const SCREENS = {
  app: ['', 'scan', 'code', 'send', 'envelopes', 'bill', 'statement', 'account'],
  merchant: ['till', 'charge', 'codes', 'bills', 'payments', 'statement', 'webhooks', 'reports'],
  finance: ['balance', 'settlements', 'payouts', 'bank', 'reconciliation', 'topups', 'consumers', 'charts'],
} as const;

type Front = keyof typeof SCREENS;
type Lang = 'fr' | 'zh-Hans';

/** The visible texts of the page and its labels, leaving out data (translate="no") and the language switch's own names. */
const PAGE_TEXTS = `(() => {
  const skip = (el) => !el || el.closest('[translate="no"], script, style, noscript, .language-switch');
  const out = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (skip(el) || !el.checkVisibility()) continue;
    const s = n.textContent.trim();
    if (s) out.push(s);
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], img[alt], [data-label]')) {
    if (skip(el)) continue;
    for (const a of ['aria-label', 'title', 'placeholder', 'alt', 'data-label']) {
      const v = el.getAttribute(a);
      if (v) out.push(v);
    }
  }
  return out;
})()`;

/**
 * Waits until `expression` is true in the page. Polled with evaluate (the DevTools protocol):
 * waitForFunction's string form is an eval, which the fronts' CSP forbids.
 */
async function until(page: Page, expression: string, what: string, timeout = 10_000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await page.evaluate<boolean>(expression))) {
    if (Date.now() > end) throw new Error(`waited ${timeout} ms for ${what}`);
    await page.waitForTimeout(100);
  }
}

/** The screen once it has loaded: its heading there and no spinner left. */
async function settled(page: Page): Promise<void> {
  await until(page, `!!document.querySelector('main h1') && !document.querySelector('.spinner')`, 'the screen');
  await page.waitForTimeout(200);
}

/** What on the page is English: texts holding a word only English uses. */
async function englishOn(page: Page): Promise<string[]> {
  const texts = await page.evaluate<string[]>(PAGE_TEXTS);
  return texts.filter((t) => wordsOf(t).some((w) => ENGLISH_ONLY.has(w)));
}

async function missingKeys(page: Page): Promise<string[]> {
  return page.evaluate<string[]>('window.__i18nMissing ?? []');
}

async function switchTo(page: Page, lang: string): Promise<void> {
  await page.getByTestId('language').selectOption(lang);
  await until(page, `document.documentElement.lang === ${JSON.stringify(lang)}`, `the page in ${lang}`);
}

/**
 * The wallet's screens a path reaches only with an id: a payment's receipt and a red envelope
 * (made now) of the consumer signed in on `wallet`, through the API with its session.
 */
async function walletScreensWithIds(wallet: Page, base: string): Promise<string[]> {
  const token = await wallet.evaluate<string>(
    `(JSON.parse(localStorage.getItem('saoma.wallet.session') ?? 'null') ?? {}).token ?? ''`,
  );
  const lines = await call<{ data: Array<{ type: string; paymentId?: string }> }>(base, 'GET', '/v1/me/transactions', {
    key: token,
  });
  const envelope = await call<{ id: string }>(base, 'POST', '/v1/red-envelopes', {
    key: token,
    idem: true,
    body: { total: '6.00', currency: 'CNY', count: 3, split: 'equal', message: '新年快乐' },
  });
  const payment = lines.data.find((l) => l.type === 'payment' && l.paymentId);
  expect(payment, 'the wallet has no payment to show a receipt of');
  return [`receipt/${payment.paymentId}`, `envelopes/${envelope.id}`];
}

/** The wallet's pay screen in the language it is in: a static code's text typed on Scan, then what is wrong on Pay. */
async function payScreen(wallet: Page, base: string, payload: string): Promise<string[]> {
  await wallet.goto(`${base}/app/scan`);
  await settled(wallet);
  await wallet.locator('details summary').click();
  await wallet.locator('textarea').fill(payload);
  await wallet.locator('details button[type=submit]').click();
  await wallet.locator('input[name=amount]').waitFor();
  await settled(wallet);
  const problems = (await englishOn(wallet)).map((t) => `app/pay: English "${t.slice(0, 80)}"`);
  for (const k of await missingKeys(wallet)) problems.push(`app/pay: no text for ${k}`);
  return problems;
}

/** Every screen of `front` in `lang` (and `more` of its paths), through the header's switch; what is wrong, screen by screen. */
async function walk(page: Page, base: string, front: Front, lang: Lang, more: string[] = []): Promise<string[]> {
  const problems: string[] = [];
  for (const screen of [...SCREENS[front], ...more]) {
    await page.goto(`${base}/${front}/${screen}`);
    await settled(page);
    if ((await page.evaluate<string>('document.documentElement.lang')) !== lang) await switchTo(page, lang);
    await settled(page);
    for (const t of await englishOn(page)) problems.push(`${front}/${screen}: English "${t.slice(0, 80)}"`);
    for (const k of await missingKeys(page)) problems.push(`${front}/${screen}: no text for ${k}`);
    if (lang === 'zh-Hans') {
      const han = await page.evaluate<boolean>(`/\\p{Script=Han}/u.test(document.querySelector('main').innerText)`);
      if (!han) problems.push(`${front}/${screen}: no Chinese on the page`);
    }
  }
  return problems;
}

export async function languages(j: WalletJourney): Promise<void> {
  const { base, merchant, finance, wallet } = j;

  await check('the three languages have the same texts: every key of English is in French and in Chinese', async () => {
    for (const ns of Object.keys(TEXTS.en) as Array<keyof typeof TEXTS.en>) {
      const en = keyPaths(TEXTS.en[ns]).sort().join();
      expect(keyPaths(TEXTS.fr[ns]).sort().join() === en, `fr:${ns} keys differ from English`);
      expect(keyPaths(TEXTS['zh-Hans'][ns]).sort().join() === en, `zh-Hans:${ns} keys differ from English`);
    }
  });

  await check("a browser whose first language is Chinese, then French, gets each front's sign-in in it", async () => {
    for (const [locale, lang] of [
      ['zh-CN', 'zh-Hans'],
      ['fr-FR', 'fr'],
    ] as const) {
      const browser = await launch();
      j.browsers.push(browser);
      const { context, page } = await newPage(browser, j.watch, `sign-in-${lang}`, DESKTOP, base, locale);
      for (const front of ['app', 'merchant', 'finance'] as const) {
        await page.goto(`${base}/${front}/`);
        await settled(page);
        expect((await page.evaluate<string>('document.documentElement.lang')) === lang, `${front} not in ${lang}`);
        const english = await englishOn(page);
        expect(english.length === 0, `${front} sign-in in ${lang} shows English: ${english.join(' | ')}`);
        expect((await missingKeys(page)).length === 0, `${front} sign-in in ${lang} asks for missing keys`);
        await shoot(page, `${front}-sign-in-${lang}`);
      }
      await context.close();
    }
  });

  let walletMore: string[] = [];
  let payload = '';
  await check("the wallet's receipt, red envelope and pay screens join the walk", async () => {
    walletMore = await walletScreensWithIds(wallet, base);
    payload = (
      await call<{ payload: string }>(base, 'POST', '/v1/merchant/qr-codes', {
        key: j.merchantKey,
        body: { label: 'Languages' },
      })
    ).payload;
  });

  for (const lang of ['fr', 'zh-Hans'] as const) {
    await check(`every screen of the three fronts in ${lang}: no English, no missing text`, async () => {
      // the wallet's fake camera still films the till's paid code: the Scan screen's scan of it is refused (409)
      const walletProblems = await j.watch.expecting([/409/, /status of 409/], async () => [
        ...(await walk(wallet, base, 'app', lang, walletMore)),
        ...(await payScreen(wallet, base, payload)),
      ]);
      const problems = [
        ...walletProblems,
        ...(await walk(merchant, base, 'merchant', lang)),
        ...(await walk(finance, base, 'finance', lang)),
      ];
      expect(problems.length === 0, `\n    ${problems.join('\n    ')}`);
      await shoot(wallet, `wallet-40-pay-${lang}`); // the wallet is still on the pay screen of the walk
      await merchant.goto(`${base}/merchant/payments`);
      await settled(merchant);
      await shoot(merchant, `merchant-40-payments-${lang}`);
      await finance.goto(`${base}/finance/balance`);
      await settled(finance);
      await shoot(finance, `finance-40-trial-balance-${lang}`);
    });
  }

  await check('money and dates follow the language: 1 234,50 in French, back to English with the switch', async () => {
    await merchant.goto(`${base}/merchant/payments`);
    await settled(merchant);
    await switchTo(merchant, 'fr');
    const fr = await merchant.locator('main').innerText();
    expect(/\d,\d\d\s?(¥|€)/.test(fr), `no French amount on the payments screen: ${fr.slice(0, 300)}`);
    const frenchDay = /\d{1,2} (janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc)\.? \d{4}/;
    expect(frenchDay.test(fr), `no French date on the payments screen: ${fr.slice(0, 300)}`);
    // the choice is kept for the origin: another front opened in the same browser comes in French too
    const other = await merchant.context().newPage();
    try {
      await other.goto(`${base}/finance/`);
      await settled(other);
      const lang = await other.evaluate<string>('document.documentElement.lang');
      expect(lang === 'fr', `the finance console opened in ${lang}`);
    } finally {
      await other.close();
    }
    await switchTo(merchant, 'en');
    const en = await merchant.locator('main').innerText();
    expect(/¥\d[\d,]*\.\d\d/.test(en), 'no English amount after switching back');
    // the wallet and the console, each in a browser of its own, back in English for what follows
    for (const p of [wallet, finance]) await switchTo(p, 'en');
  });
}
