/*
 * The browser journey's shared state, its set-up and its teardown: the temp
 * dir, the watchdog, the merchant's webhook receiver, the service and its
 * merchant, the browsers and their pages; at the end, all of it undone and the
 * tally reported.
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
  check,
  download,
  expect,
  launch,
  newPage,
  shots,
  startService,
  tally,
  y4mFromPng,
} from '../support';

/** What the set-up leaves to the teardown, whatever happens after it. */
export interface Rig {
  tmp: string;
  watch: Watch;
  /** null until started; the watchdog kills it, the teardown stops it */
  svc: Service | null;
  browsers: Browser[];
  /** the merchant's webhook endpoint: a local receiver, so that no event leaves the machine */
  receiver: http.Server;
  hooks: Array<{ body: string; signed: boolean }>;
  hookUrl: string;
}

/**
 * What the steps of the story share. One object, the rig's, growing as the
 * story goes (a page listener counts on it); the ids are set by the checks
 * that make them, and stay '' when those fail.
 */
export interface Journey extends Rig {
  svc: Service;
  base: string;
  adminKey: string;
  merchantId: string;
  merchantKey: string;
  phone: string;
  pin: string;
  merchant: Page;
  finance: Page;
  staticCodeId: string;
  orderId: string;
  codeId: string;
  tillNavigations: number;
  walletId: string;
  topupRef: string;
}

/** The journey once the consumer holds the phone: the wallet, and a picture of the static code. */
export interface WalletJourney extends Journey {
  wallet: Page;
  staticPng: string;
}

/** The temp dir, the watchdog and the webhook receiver: what is there before the service. */
export async function prepare(): Promise<Rig> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'saoma-browser-files-'));
  fs.rmSync(path.join(OUT, 'screenshots'), { recursive: true, force: true });
  const watch = new Watch();
  const hooks: Rig['hooks'] = [];
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      hooks.push({ body, signed: Boolean(req.headers['webhook-signature'] && req.headers['webhook-id']) });
      res.statusCode = 204;
      res.end();
    });
  });
  const rig: Rig = { tmp, watch, svc: null, browsers: [], receiver, hooks, hookUrl: '' };
  // a hung browser must not hang CI: after 12 minutes the run fails and stops
  const watchdog = setTimeout(() => {
    console.log('  FAIL the journey did not finish within 12 minutes');
    rig.svc?.kill();
    console.log(`${tally.passed} passed, ${tally.failed + 1} failed`);
    process.exit(1);
  }, 12 * 60_000);
  watchdog.unref();
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  rig.hookUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/saoma-hook`;
  return rig;
}

/** The service and its merchant, the fronts as served, and the desk browser with the merchant's and finance's pages. */
export async function startJourney(rig: Rig): Promise<Journey> {
  const svc = (rig.svc = await startService());
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

  await frontsAreServed(base);

  const desk = await launch();
  rig.browsers.push(desk);
  const { page: merchant } = await newPage(desk, rig.watch, 'merchant', DESKTOP, base);
  const { page: finance } = await newPage(desk, rig.watch, 'finance', DESKTOP, base);
  const ids = { staticCodeId: '', orderId: '', codeId: '', tillNavigations: 0, walletId: '', topupRef: '' };
  return Object.assign(rig, {
    svc,
    base,
    adminKey,
    merchantId: shop.merchant.id,
    merchantKey,
    phone,
    pin,
    merchant,
    finance,
    ...ids,
  });
}

async function frontsAreServed(base: string): Promise<void> {
  await check('the fronts are served with a CSP of their own origin only, with SPA fall-back', async () => {
    for (const p of ['/app/', '/merchant/', '/finance/', '/app/statement', '/merchant/till', '/finance/settlements']) {
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
}

/** The consumer's phone: a browser whose camera films the till's code, and the static code's picture to pick. */
export async function consumerTakesThePhone(j: Journey): Promise<WalletJourney> {
  // the camera: a video of that order's code, as the till shows it
  const camera = path.join(j.tmp, 'till-code.y4m');
  y4mFromPng(await download(j.base, `/v1/merchant/qr-codes/${j.codeId}/image.png`, j.merchantKey), camera);
  const staticPng = path.join(j.tmp, 'counter-1.png');
  fs.writeFileSync(
    staticPng,
    await download(j.base, `/v1/merchant/qr-codes/${j.staticCodeId}/image.png`, j.merchantKey),
  );

  const phoneBrowser = await launch(camera);
  j.browsers.push(phoneBrowser);
  const { page: wallet } = await newPage(phoneBrowser, j.watch, 'wallet', PHONE, j.base);
  return Object.assign(j, { wallet, staticPng });
}

/** Browsers closed, receiver closed, service stopped, temp files removed: whatever happened before. */
export async function tearDown(rig: Rig): Promise<void> {
  for (const b of rig.browsers) await b.close().catch(() => undefined);
  rig.receiver.close();
  if (rig.svc) {
    const code = await rig.svc.stop();
    if (code !== 0) console.log(`  (the service exited with ${code})`);
  }
  fs.rmSync(rig.tmp, { recursive: true, force: true });
}

/** The last lines, "N passed, N failed" the very last, and the exit code. */
export function reportAndExit(rig: Rig): never {
  const { watch } = rig;

  console.log(
    `(${watch.incidents.length - watch.unexpected().length} console/network entries were the refusals the test asked for)`,
  );
  console.log(`screenshots: ${path.relative(process.cwd(), path.join(OUT, 'screenshots'))}/ (${shots.length} files)`);
  console.log(`${tally.passed} passed, ${tally.failed} failed`);
  process.exit(tally.failed ? 1 : 0);
}
