import fs from 'node:fs';
import { Client } from 'pg';
import { stateFile, type TestDbState } from './test-db-state';

export default async function globalTeardown(): Promise<void> {
  if (process.env.SAOMA_TEST_NO_DB === '1' || !process.env.SAOMA_TEST_DB_STATE || !fs.existsSync(stateFile())) return;
  const file = stateFile();
  const state = JSON.parse(fs.readFileSync(file, 'utf8')) as TestDbState;
  try {
    if (!state.embeddedDir) {
      const admin = new Client({ connectionString: state.adminUrl });
      await admin.connect();
      // per-file databases are dropped by their files; sweep what a crash left
      const { rows } = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
        `saoma_t_${state.pid}_%`,
      ]);
      for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
      await admin.query(`DROP DATABASE IF EXISTS ${state.template} WITH (FORCE)`);
      await admin.end();
    }
  } finally {
    const stop = (globalThis as { __saomaStop?: () => Promise<void> }).__saomaStop;
    if (stop) await stop().catch(() => undefined);
    if (state.embeddedDir) fs.rmSync(state.embeddedDir, { recursive: true, force: true });
    fs.rmSync(file, { force: true });
  }
}
