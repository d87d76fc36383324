import crypto from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../test/support/test-database';

interface Recorded {
  in_use: boolean;
  stored: boolean;
  response_status: number | null;
}

describe('idempotency_record: the key of a request that may still be aborting', () => {
  let ds: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ ds, close } = await openTestDataSource());
  });
  afterAll(() => close());

  const record = (principal: string, key: string, status: number, wait: boolean) =>
    ds.query(`SELECT in_use, stored, response_status FROM idempotency_record($1, $2, 'h', $3, '{}', $4)`, [
      principal,
      key,
      status,
      wait,
    ]) as Promise<Recorded[]>;

  /** Holds the key's lock in an open transaction, as a failed try does until it has aborted. */
  async function holdKey(principal: string, key: string) {
    const qr = ds.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    await qr.query(`SELECT pg_advisory_xact_lock(hashtextextended($1 || ' ' || $2, 0))`, [principal, key]);
    return {
      release: async () => {
        await qr.rollbackTransaction();
        await qr.release();
      },
    };
  }

  it('answers in use at once to a try that does not wait', async () => {
    const [principal, key] = [crypto.randomUUID(), crypto.randomUUID()];
    const held = await holdKey(principal, key);
    try {
      expect(await record(principal, key, 201, false)).toEqual([{ in_use: true, stored: null, response_status: null }]);
    } finally {
      await held.release();
    }
    expect(await record(principal, key, 201, false)).toEqual([{ in_use: false, stored: true, response_status: null }]);
  });

  it('lets the same request try again: a waiting try stores its response once the earlier try let go', async () => {
    const [principal, key] = [crypto.randomUUID(), crypto.randomUUID()];
    const held = await holdKey(principal, key);
    let settled = false;
    const waiting = record(principal, key, 201, true).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 150));
    expect(settled).toBe(false);
    await held.release();
    expect(await waiting).toEqual([{ in_use: false, stored: true, response_status: null }]);
    // and what it stored is what a later duplicate replays
    expect(await record(principal, key, 402, false)).toEqual([{ in_use: false, stored: false, response_status: 201 }]);
  });
});
