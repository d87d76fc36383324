import { spawn } from 'node:child_process';
import path from 'node:path';

/** The repository: this file runs as dist/test/fault/deployment.js. */
export const REPO = path.resolve(__dirname, '../../..');
export const DEPLOY_SH = path.join(REPO, 'scripts/deploy/deploy.sh');

export interface DeployResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * `scripts/deploy/deploy.sh <args>`, asynchronously (the load goes on while
 * a fault is injected). With `echo`, its output also goes to this process's
 * stderr as it comes.
 */
export function deploy(args: string[], env: Record<string, string> = {}, echo = false): Promise<DeployResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('bash', [DEPLOY_SH, ...args], {
      cwd: REPO,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (echo) process.stderr.write(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (echo) process.stderr.write(d);
    });
    child.on('error', (err) =>
      resolve({ code: 127, stdout, stderr: `${stderr}${err.message}`, ms: Date.now() - started }),
    );
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr, ms: Date.now() - started }));
  });
}

/** `deploy.sh urls` as an object (HAPROXY_URL, PRIMARY_ADMIN_URL, ADMIN_API_KEY, ...). */
export async function deploymentUrls(): Promise<Record<string, string>> {
  const r = await deploy(['urls']);
  if (r.code !== 0) throw new Error(`deploy.sh urls: ${r.stderr}`);
  return Object.fromEntries(
    r.stdout
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}
