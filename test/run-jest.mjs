// npm test: jest over the whole suite, then a plain "N passed, N failed" line
// (what CI reads), keeping jest's exit code.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const out = path.join(os.tmpdir(), `saoma-jest-${process.pid}.json`);
const args = ['node_modules/jest/bin/jest.js', '--ci', '--json', `--outputFile=${out}`, ...process.argv.slice(2)];
const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
let passed = 0;
let failed = 0;
try {
  const j = JSON.parse(fs.readFileSync(out, 'utf8'));
  passed = j.numPassedTests;
  failed = j.numFailedTests + (j.numRuntimeErrorTestSuites ?? 0);
  fs.rmSync(out, { force: true });
} catch {
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(r.status ?? 1);
