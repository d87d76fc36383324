/*
 * axe-core on a screen of the fronts, in the page as it is: the checks of
 * WCAG 2.x A/AA and best practices. Only what axe calls serious or critical
 * fails the journey (the bar); the rest is counted in the report.
 */
import type { Page } from 'playwright-core';

// axe's own source, evaluated in the page through the DevTools protocol: the page's CSP
// (script-src 'self') stays on, so the screens are checked as they are served
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AXE_SOURCE: string = require('axe-core').source;

export interface AxeFinding {
  screen: string;
  width: string;
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Serious and critical violations found so far, screen by screen; minor and moderate ones counted apart. */
export const axeFindings: AxeFinding[] = [];
export const axeRuns = { screens: 0, lesser: 0 };

interface AxeResult {
  violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }>;
}

/** Runs axe on the page and keeps its serious and critical violations under `screen`/`width`. */
export async function axeCheck(page: Page, screen: string, width: string): Promise<void> {
  const loaded = await page.evaluate<boolean>('typeof window.axe === "object"');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate<AxeResult>(
    `axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } })`,
  );
  axeRuns.screens++;
  for (const v of result.violations) {
    if (v.impact === 'serious' || v.impact === 'critical')
      axeFindings.push({
        screen,
        width,
        rule: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.slice(0, 5).map((n) => String(n.target)),
      });
    else axeRuns.lesser++;
  }
}
