/*
 * Support for the browser journey: the built service on a fresh embedded
 * PostgreSQL, Debian's Chromium through playwright-core (never a downloaded
 * browser), a fake camera made from a PNG, screenshots at two widths, a
 * watch on each page's console and network, and the checks with their tally.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { type ServiceProcess, startServiceProcess } from '../support/service-process';
import { axeCheck } from './axe';

export const ROOT = path.resolve(__dirname, '../../..'); // dist/test/browser → the repository
export const OUT = path.join(ROOT, 'test-output');
export const SHOTS = path.join(OUT, 'screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 800 };

/* ------------------------------------------------------------------ the checks */

/** What the journey counts: checks passed and failed; once it cannot go on, why (the checks after it fail unrun). */
export const tally = { passed: 0, failed: 0, skipRest: null as string | null };

export async function check(name: string, fn: () => Promise<void>): Promise<void> {
  if (tally.skipRest) {
    tally.failed++;
    console.log(`  FAIL ${name}: not run (${tally.skipRest})`);
    return;
  }
  const t0 = Date.now();
  try {
    await fn();
    tally.passed++;
    console.log(`  ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    tally.failed++;
    console.log(`  FAIL ${name}: ${(e as Error).stack ?? e}`);
  }
}

/** A step outside any check threw: the journey stops there, one failure more. */
export function journeyStopped(e: unknown): void {
  tally.skipRest = (e as Error).message;
  tally.failed++;
  console.log(`  FAIL the journey could not go on: ${(e as Error).stack ?? e}`);
}

export function expect(cond: unknown, msg: string): asserts cond {
  if (!cond) throw new Error(msg);
}

export const text = async (page: Page, testid: string) =>
  ((await page.getByTestId(testid).first().textContent()) ?? '').trim();

/* ------------------------------------------------------------------ the service */

export type Service = ServiceProcess;

/** The built service on a fresh embedded PostgreSQL in a temp DATA_DIR, with the web fronts built. */
export async function startService(): Promise<Service> {
  if (!fs.existsSync(path.join(ROOT, 'dist/web/app/index.html')))
    throw new Error('dist/web is missing: run npm run build');
  return startServiceProcess({
    name: 'browser',
    adminKey: `browser-admin-${crypto.randomBytes(12).toString('hex')}`,
    embedded: true,
    stdout: 'inherit',
  });
}

/** A call of the public API from the test itself (setting up what no front does: creating the merchant). */
export async function call<T>(
  base: string,
  method: string,
  p: string,
  opts: { key?: string; body?: unknown; idem?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.idem) headers['idempotency-key'] = crypto.randomUUID();
  const res = await fetch(`${base}${p}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function download(base: string, p: string, key: string): Promise<Buffer> {
  const res = await fetch(`${base}${p}`, { headers: { authorization: `Bearer ${key}` } });
  if (!res.ok) throw new Error(`GET ${p} → ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

/* ------------------------------------------------------------------ the fake camera */

/**
 * A Y4M video (YUV4MPEG2, 4:2:0) that shows the PNG centred on white: what
 * Chromium's --use-file-for-fake-video-capture plays in a loop as the camera.
 */
export function y4mFromPng(
  png: Buffer,
  file: string,
  opts: { width?: number; height?: number; frames?: number; size?: number } = {},
): void {
  const W = opts.width ?? 640;
  const H = opts.height ?? 480;
  const frames = opts.frames ?? 3;
  const img = PNG.sync.read(png);
  const side = Math.min(opts.size ?? 420, W, H);
  const k = Math.max(img.width, img.height) / side;
  const ox = Math.floor((W - side) / 2);
  const oy = Math.floor((H - side) / 2);
  const lumaAt = (x: number, y: number): number => {
    const u = x - ox;
    const v = y - oy;
    if (u < 0 || v < 0 || u >= side || v >= side) return 255;
    const sx = Math.min(img.width - 1, Math.floor(u * k));
    const sy = Math.min(img.height - 1, Math.floor(v * k));
    const i = (sy * img.width + sx) * 4;
    const a = img.data[i + 3] / 255;
    const y0 = 0.299 * img.data[i] + 0.587 * img.data[i + 1] + 0.114 * img.data[i + 2];
    return Math.round(y0 * a + 255 * (1 - a));
  };
  const Y = Buffer.alloc(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) Y[y * W + x] = lumaAt(x, y);
  const chroma = Buffer.alloc((W / 2) * (H / 2), 128); // grey: no colour
  const header = Buffer.from(`YUV4MPEG2 W${W} H${H} F15:1 Ip A1:1 C420jpeg\n`);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), Y, chroma, chroma]);
  fs.writeFileSync(file, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}

/* ------------------------------------------------------------------ the browser */

export function chromiumArgs(fakeVideo?: string): string[] {
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-default-apps',
    '--disable-domain-reliability',
    '--disable-client-side-phishing-detection',
    '--metrics-recording-only',
    '--no-pings',
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
  ];
  if (fakeVideo) args.push(`--use-file-for-fake-video-capture=${fakeVideo}`);
  return args;
}

/** Debian's Chromium, headless; playwright-core gives each launch a fresh temporary profile (user data dir). */
export async function launch(fakeVideo?: string): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: chromiumArgs(fakeVideo),
    env: { ...process.env, HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'saoma-chromium-home-')) },
  });
}

/* ------------------------------------------------------------------ watching the pages */

export interface Incident {
  page: string;
  kind: 'console' | 'pageerror' | 'requestfailed' | 'http';
  text: string;
}

export class Watch {
  readonly incidents: Incident[] = [];
  private allowed: RegExp[] = [];

  attach(page: Page, name: string): Page {
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning')
        this.add({ page: name, kind: 'console', text: `${m.type()}: ${m.text()} ${m.location()?.url ?? ''}` });
    });
    page.on('pageerror', (e) => this.add({ page: name, kind: 'pageerror', text: e.message }));
    page.on('requestfailed', (r) => {
      const why = r.failure()?.errorText ?? '';
      if (why.includes('ERR_ABORTED') && r.url().startsWith('blob:')) return; // a revoked preview
      this.add({ page: name, kind: 'requestfailed', text: `${r.method()} ${r.url()} ${why}` });
    });
    page.on('response', (r) => {
      if (r.status() >= 400)
        this.add({
          page: name,
          kind: 'http',
          text: `${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`,
        });
    });
    return page;
  }

  private add(i: Incident): void {
    (i as Incident & { allowed?: boolean }).allowed = this.allowed.some((re) => re.test(i.text));
    this.incidents.push(i);
  }

  /** Runs a step in which these refusals are what the test wants (a 402 for insufficient funds, ...). */
  async expecting<T>(patterns: RegExp[], fn: () => Promise<T>): Promise<T> {
    this.allowed.push(...patterns);
    try {
      return await fn();
    } finally {
      this.allowed = this.allowed.filter((p) => !patterns.includes(p));
    }
  }

  unexpected(): Incident[] {
    return this.incidents.filter((i) => !(i as Incident & { allowed?: boolean }).allowed);
  }
}

/* ------------------------------------------------------------------ the network cut */

/** What a request cut by the network leaves in a page's console and network (a poll on its way, an update check). */
export const CUT_OFF = /ERR_INTERNET_DISCONNECTED/;

/**
 * Runs `fn` with the page's browser context offline (its service worker too, as
 * playwright-core cuts it), then online again whatever happened; what the cut
 * breaks on its way is expected there.
 */
export async function offline<T>(page: Page, watch: Watch, fn: () => Promise<T>): Promise<T> {
  return watch.expecting([CUT_OFF], async () => {
    await page.context().setOffline(true);
    try {
      return await fn();
    } finally {
      await page.context().setOffline(false);
    }
  });
}

/* ------------------------------------------------------------------ screenshots */

export const shots: string[] = [];

/** The screen at phone width then at desktop width, whole page, each checked by axe-core; the page goes back to the size it had. */
export async function shoot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  const before = page.viewportSize();
  for (const [label, size] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ] as const) {
    await page.setViewportSize(size);
    await page.waitForTimeout(150);
    // the whole page: a viewport as tall as the content, so that fixed bars stay at its bottom
    const height = await page.evaluate<number>(
      'Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)',
    );
    if (height > size.height) {
      await page.setViewportSize({ width: size.width, height: Math.min(height, 4000) });
      await page.waitForTimeout(100);
    }
    const file = path.join(SHOTS, `${name}-${label}.png`);
    await page.screenshot({ path: file, animations: 'disabled' });
    shots.push(file);
    // every screen shot is a screen checked: axe-core at this width
    await axeCheck(page, name, label);
  }
  if (before) await page.setViewportSize(before);
}

export async function newPage(
  browser: Browser,
  watch: Watch,
  name: string,
  size: { width: number; height: number },
  base: string,
  locale = 'en-GB',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: size,
    deviceScaleFactor: 1,
    locale,
    timezoneId: 'UTC',
    baseURL: base,
    serviceWorkers: 'allow',
  });
  await context.grantPermissions(['camera', 'clipboard-read', 'clipboard-write'], { origin: base });
  const page = watch.attach(await context.newPage(), name);
  page.setDefaultTimeout(15_000);
  return { context, page };
}

/** Every form control on the page has a label (its own <label>, aria-label or aria-labelledby). */
export async function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
    .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
    .map((el) => el.outerHTML.slice(0, 120))`);
}
