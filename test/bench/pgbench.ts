import { spawnSync } from 'node:child_process';
import { Client } from 'pg';

/**
 * pgbench's TPC-B-like transaction (3 updates, 1 insert, 1 select: a bank
 * transfer) on the given PostgreSQL server, in a database of its own that is
 * dropped afterwards. Prepared statements, as the service uses them. null
 * when pgbench is not installed.
 */
export async function pgbenchTps(
  serverUrl: string,
  opts: { clients: number; seconds: number; scale: number },
): Promise<number | null> {
  if (spawnSync('pgbench', ['--version']).status !== 0) return null;
  const name = `saoma_pgbench_${process.pid}`;
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  const db = new URL(serverUrl);
  db.pathname = `/${name}`;
  const sql = async (text: string) => {
    const c = new Client({ connectionString: admin.toString() });
    await c.connect();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
  };
  await sql(`CREATE DATABASE ${name}`);
  try {
    const init = spawnSync('pgbench', ['-i', '-q', '-s', String(opts.scale), db.toString()], { encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`pgbench -i failed: ${init.stderr}`);
    const run = spawnSync(
      'pgbench',
      ['-n', '-M', 'prepared', '-c', String(opts.clients), '-j', '2', '-T', String(opts.seconds), db.toString()],
      { encoding: 'utf8' },
    );
    const m = /tps = ([\d.]+)/.exec(run.stdout);
    if (run.status !== 0 || !m) throw new Error(`pgbench failed: ${run.stderr}`);
    return Number(m[1]);
  } finally {
    await sql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}
