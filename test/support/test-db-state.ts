import os from 'node:os';
import path from 'node:path';

export interface TestDbState {
  adminUrl: string;
  template: string;
  embeddedDir: string | null;
  pid: number;
}

/**
 * Where globalSetup leaves the database it made for the workers: one file per
 * jest run (globalSetup names it in the environment the workers inherit), so
 * that two runs side by side never share or delete each other's state.
 */
export function stateFile(): string {
  const f = process.env.SAOMA_TEST_DB_STATE;
  if (!f)
    throw new Error('SAOMA_TEST_DB_STATE is unset: run the tests through jest (globalSetup provides the database)');
  return f;
}

export function newStateFile(): string {
  const f = path.join(os.tmpdir(), `saoma-test-db-${process.pid}-${Date.now().toString(36)}.json`);
  process.env.SAOMA_TEST_DB_STATE = f;
  return f;
}
