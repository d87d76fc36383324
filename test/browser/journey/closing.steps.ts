/*
 * The journey's last checks: every screen shot at both widths, and nothing
 * in the pages' consoles or networks beyond the refusals the test asked for.
 */
import fs from 'node:fs';
import { axeFindings, axeRuns } from '../axe';
import { check, expect, shots } from '../support';
import type { Rig } from './journey';

export async function screenshotsAndConsole(j: Rig): Promise<void> {
  const { watch } = j;

  await check('screenshots of every screen at phone and desktop width', async () => {
    expect(shots.length >= 40, `${shots.length} screenshots`);
    for (const f of shots) expect(fs.statSync(f).size > 2000, `${f} is empty`);
    const phones = shots.filter((f) => f.endsWith('-phone.png')).length;
    expect(phones * 2 === shots.length, 'phone and desktop shots do not pair');
  });

  await check('axe-core finds no serious or critical violation on any screen, at either width', async () => {
    expect(axeRuns.screens === shots.length, `axe ran on ${axeRuns.screens} of ${shots.length} screens`);
    const lines = axeFindings.map(
      (f) => `${f.screen} (${f.width}) ${f.impact} ${f.rule}: ${f.help} — ${f.targets.join(' | ')}`,
    );
    expect(axeFindings.length === 0, `\n    ${lines.join('\n    ')}`);
  });

  await check('no console error, page error or failed request beyond the refusals the test asked for', async () => {
    const bad = watch.unexpected();
    expect(bad.length === 0, `\n    ${bad.map((i) => `[${i.page}] ${i.kind}: ${i.text}`).join('\n    ')}`);
  });
}
