/*
 * Charts (issue 17, "Pictures where people would rather look than read"): the
 * merchant portal's Reports (today by hour, the last 30 days by day) and the
 * finance console's Charts (the day's volume by currency, the safeguarding
 * position). By now the journey has made payments and a refund: the canvases
 * are drawn, and the figures tables say what the report routes say.
 */
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, call, check, expect, shoot, text } from '../support';
import type { Journey } from './journey';

interface Takings {
  payments: number;
  amount: string;
  refunds: number;
  refunded: string;
}

/** "¥1,234.50" → "1234.50", "−¥2.00" → "-2.00": a formatted amount (en-GB) as the service's decimal string. */
const digits = (s: string): string => s.replace(/\u2212/g, '-').replace(/[^\d.-]/g, '');

/** The exact sum of decimal strings with two decimals ("157.80" + "30.00" → "187.80"), in cents. */
function sumCents(amounts: string[]): string {
  const cents = amounts.reduce((s, a) => {
    const [i, f = ''] = a.split('.');
    return s + BigInt(i + f.padEnd(2, '0').slice(0, 2));
  }, 0n);
  const t = cents.toString().padStart(3, '0');
  return `${t.slice(0, -2)}.${t.slice(-2)}`;
}

/** The canvas of a figure, as an expression run in the page (the test has no DOM types of its own). */
const canvasOf = (testid: string): string => `document.querySelector('[data-testid="${testid}"] canvas')`;

/** The figure's canvas has a size and something drawn on it (a pixel that is not transparent). */
async function canvasDrawn(page: Page, testid: string): Promise<void> {
  await page.getByTestId(testid).locator('canvas').first().waitFor();
  const drawn = await page.evaluate<string>(`(() => {
    const c = ${canvasOf(testid)};
    if (!c.width || !c.height || !c.clientWidth || !c.clientHeight) return 'no size';
    const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) return 'drawn';
    return 'blank';
  })()`);
  expect(drawn === 'drawn', `${testid}: canvas ${drawn}`);
}

/** The rows of a figures table (its body), each as the texts of its data cells. */
async function tableRows(page: Page, testid: string): Promise<string[][]> {
  return page.evaluate<string[][]>(`[...document.querySelectorAll('[data-testid="${testid}"] tbody tr')]
    .map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent.trim()))`);
}

/** The total row of a figures table: the texts of its data cells. */
async function tableTotals(page: Page, testid: string): Promise<string[]> {
  return page.evaluate<string[]>(`[...document.querySelectorAll('[data-testid="${testid}"] tfoot td')]
    .map((td) => td.textContent.trim())`);
}

/** The canvas follows its container: at phone width it fits the screen, at desk width it is wider. */
async function resizes(page: Page, testid: string): Promise<void> {
  const width = () => page.evaluate<number>(`${canvasOf(testid)}.getBoundingClientRect().width`);
  const before = page.viewportSize();
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(200);
  const narrow = await width();
  await page.setViewportSize(DESKTOP);
  await page.waitForTimeout(200);
  const wide = await width();
  if (before) await page.setViewportSize(before);
  expect(narrow > 150 && narrow <= PHONE.width - 24, `${testid}: ${narrow}px wide on a phone`);
  expect(wide > narrow, `${testid}: ${wide}px wide on a desk, ${narrow}px on a phone`);
}

export async function charts(j: Journey): Promise<void> {
  const { merchant, finance, base, merchantKey, adminKey } = j;

  await check(
    'merchant portal: Reports charts today by hour and the last 30 days, figures as the API says',
    async () => {
      await merchant.goto('/merchant/reports');
      await merchant.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
      await merchant.getByTestId('chart-today-amount').waitFor();
      await merchant.getByTestId('chart-days-count').waitFor();
      for (const id of ['chart-today-amount', 'chart-today-count', 'chart-days-amount', 'chart-days-count'])
        await canvasDrawn(merchant, id);
      // each canvas is one image to assistive technology, named by a summary; the figures are a table
      const summary = await merchant.getByTestId('chart-today-count').getByRole('img').getAttribute('aria-label');
      expect(summary?.startsWith('Bar chart: Payments and refunds, by hour.'), `summary: ${summary}`);
      await merchant.getByTestId('chart-today-count').getByText('Show the figures').waitFor();

      // what the service says for today in the browser's time zone (the page sends it)
      const tz = await text(merchant, 'reports-tz');
      const api = await call<{ currency: string; hours: Array<Takings & { hour: number }> }>(
        base,
        'GET',
        `/v1/merchant/reports/hourly?tz=${encodeURIComponent(tz)}`,
        { key: merchantKey },
      );
      const payments = api.hours.reduce((s, h) => s + h.payments, 0);
      const refunds = api.hours.reduce((s, h) => s + h.refunds, 0);
      const amount = sumCents(api.hours.map((h) => h.amount));
      const refunded = sumCents(api.hours.map((h) => h.refunded));
      expect(payments > 0 && refunds > 0, `the API says ${payments} payments and ${refunds} refunds today`);

      // the totals line
      expect((await text(merchant, 'today-payments')) === String(payments), 'today-payments differs from the API');
      expect(digits(await text(merchant, 'today-amount')) === amount, `today-amount is not ${amount}`);
      expect(digits(await text(merchant, 'today-refunded')) === refunded, `today-refunded is not ${refunded}`);

      // the figures tables: one row per hour, the same counts and amounts, and the totals
      const counts = await tableRows(merchant, 'chart-today-count-table');
      expect(counts.length === 24, `${counts.length} hours in the table`);
      api.hours.forEach((h, i) => {
        expect(counts[i][0] === String(h.payments), `hour ${h.hour}: ${counts[i][0]} payments, the API ${h.payments}`);
        expect(counts[i][1] === String(h.refunds), `hour ${h.hour}: ${counts[i][1]} refunds, the API ${h.refunds}`);
      });
      const amounts = await tableRows(merchant, 'chart-today-amount-table');
      api.hours.forEach((h, i) => {
        expect(digits(amounts[i][0]) === h.amount, `hour ${h.hour}: ${amounts[i][0]}, the API ${h.amount}`);
        expect(
          digits(amounts[i][1]) === h.refunded,
          `hour ${h.hour}: ${amounts[i][1]} refunded, the API ${h.refunded}`,
        );
      });
      const countTotals = await tableTotals(merchant, 'chart-today-count-table');
      expect(countTotals[0] === String(payments), `total payments ${countTotals[0]}, the API ${payments}`);
      const amountTotals = await tableTotals(merchant, 'chart-today-amount-table');
      expect(digits(amountTotals[0]) === amount, `total amount ${amountTotals[0]}, the API ${amount}`);
      expect(amountTotals[0].startsWith('¥'), `the amount is not in yuan: ${amountTotals[0]}`);

      // the last 30 days: today, the last row, holds the same payments
      const days = await tableRows(merchant, 'chart-days-count-table');
      expect(days.length === 30, `${days.length} days in the table`);
      expect(days[29][0] === String(payments), `today's row of the 30 days: ${days[29][0]} payments`);

      await resizes(merchant, 'chart-today-amount');
      await shoot(merchant, 'merchant-32-reports');
    },
  );

  await check('finance console: Charts shows the day’s volume and the safeguarding position', async () => {
    await finance.goto('/finance/charts');
    await finance.getByRole('heading', { name: 'Charts', level: 1 }).waitFor();
    await finance.getByTestId('chart-volume-count').waitFor();
    await finance.getByTestId('chart-safeguarding').waitFor();
    for (const id of ['chart-volume-count', 'chart-volume-amount-CNY', 'chart-safeguarding'])
      await canvasDrawn(finance, id);

    const volume = await call<{
      currencies: Array<{ currency: string; payments: number; paymentAmount: string; refunds: number }>;
    }>(base, 'GET', '/v1/finance/reports/volume', { key: adminKey });
    const cny = volume.currencies.find((c) => c.currency === 'CNY');
    expect(cny && cny.payments > 0, 'the API has no CNY payments today');
    const counts = await tableRows(finance, 'chart-volume-count-table');
    const row = volume.currencies.indexOf(cny);
    expect(counts[row][0] === String(cny.payments), `CNY payments ${counts[row][0]}, the API ${cny.payments}`);
    expect(counts[row][1] === String(cny.refunds), `CNY refunds ${counts[row][1]}, the API ${cny.refunds}`);
    const amounts = await tableRows(finance, 'chart-volume-amount-CNY-table');
    expect(digits(amounts[0][0]) === cny.paymentAmount, `CNY payments ${amounts[0][0]}, the API ${cny.paymentAmount}`);

    // the safeguarding position: the last day's difference as the API says, and said in words
    const position = await call<{ days: Array<{ difference: string }> }>(
      base,
      'GET',
      '/v1/finance/reports/safeguarding?currency=CNY',
      { key: adminKey },
    );
    const last = position.days[position.days.length - 1];
    expect(digits(await text(finance, 'safeguarding-difference')) === last.difference, 'the difference differs');
    const status = await text(finance, 'safeguarding-status');
    const allZero = position.days.every((d) => /^-?0(\.0+)?$/.test(d.difference));
    expect(allZero === status.includes('all is well'), `status "${status}" for differences that are all 0: ${allZero}`);
    const rows = await tableRows(finance, 'chart-safeguarding-table');
    expect(rows.length === position.days.length, `${rows.length} days in the safeguarding table`);

    await resizes(finance, 'chart-safeguarding');
    await shoot(finance, 'finance-28-charts');
  });
}
