import os from 'node:os';
import path from 'node:path';

export interface TestDbState {
  adminUrl: string;
  template: string;
  embeddedDir: string | null;
  pid: number;
}

/** Where globalSetup leaves the database it made for the workers; one per checkout. */
export const STATE_FILE = path.join(os.tmpdir(), `saoma-test-db-${Buffer.from(path.resolve(__dirname, '../..')).toString('hex').slice(-24)}.json`);
