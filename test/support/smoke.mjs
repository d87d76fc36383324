// Smoke test of the built service on a given Node binary:
//   node test/support/smoke.mjs [path/to/node]
// starts dist/apps/api/src/main.js on a fresh embedded PostgreSQL, checks a few
// routes, stops it with SIGTERM, and prints "N passed, N failed".
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const nodeBin = process.argv[2] || process.execPath;
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'saoma-smoke-'));
fs.chmodSync(dataDir, 0o755);
const port = await new Promise((resolve) => {
  const s = net.createServer();
  s.listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const admin = `smoke-admin-${crypto.randomBytes(8).toString('hex')}`;
const env = { ...process.env, PORT: String(port), DATA_DIR: dataDir, ADMIN_API_KEY: admin, LOG_LEVEL: 'warn' };
delete env.DATABASE_URL;
const child = spawn(nodeBin, [path.join(root, 'dist/apps/api/src/main.js')], {
  env,
  stdio: ['ignore', 'inherit', 'inherit'],
});
const base = `http://127.0.0.1:${port}`;
let passed = 0;
let failed = 0;
const check = async (name, fn) => {
  try {
    await fn();
    passed++;
    console.log(`  ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`  FAIL ${name}: ${e.message}`);
  }
};
const expect = (cond, msg) => {
  if (!cond) throw new Error(msg);
};

try {
  const version = await new Promise((r) => {
    const v = spawn(nodeBin, ['--version']);
    let out = '';
    v.stdout.on('data', (d) => (out += d));
    v.on('exit', () => r(out.trim()));
  });
  console.log(`smoke on node ${version}`);
  let up = false;
  for (let i = 0; i < 240 && !up; i++) {
    try {
      up = (await fetch(`${base}/health`)).status === 200;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  await check('the service starts and /health answers 200', () => expect(up, 'no 200 from /health within 60 s'));
  await check('a consumer registers and reads its profile', async () => {
    const r = await fetch(`${base}/v1/consumers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Smoke', phone: '+8613800009999', pin: '112233' }),
    });
    expect(r.status === 201, `POST /v1/consumers → ${r.status}`);
    const { token } = await r.json();
    const me = await fetch(`${base}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status === 200, `GET /v1/me → ${me.status}`);
  });
  await check('the JWKS and the OpenAPI document are served', async () => {
    const j = await fetch(`${base}/.well-known/jwks.json`);
    expect(j.status === 200 && (await j.json()).keys.length > 0, 'no JWKS keys');
    const d = await fetch(`${base}/docs-json`);
    expect(d.status === 200, `GET /docs-json → ${d.status}`);
  });
  await check('SIGTERM stops the service cleanly', async () => {
    const code = await new Promise((r) => {
      child.once('exit', (c) => r(c));
      child.kill('SIGTERM');
    });
    expect(code === 0, `exit code ${code}`);
  });
} finally {
  if (child.exitCode === null) child.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
