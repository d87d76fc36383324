import { Client } from 'pg';
import { openTestDataSource } from '../../../test/support/test-database';
import { inTransaction, isDatabaseUnavailable } from '../src';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a transaction whose connection is ended between two statements', () => {
  let t: Awaited<ReturnType<typeof openTestDataSource>>;
  let admin: Client;
  beforeAll(async () => {
    t = await openTestDataSource({ poolSize: 4 });
    await t.ds.query(`CREATE TABLE connection_loss_probe (id int PRIMARY KEY)`);
    admin = new Client({ connectionString: t.db.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await t?.close();
  });

  // pg_terminate_backend, as an operator or a restarting pooler does it; TypeORM hears of it at once
  const endOwnConnection = async (em: { query: (q: string) => Promise<Array<{ pid: number }>> }) => {
    const [{ pid }] = await em.query(`SELECT pg_backend_pid() AS pid`);
    await admin.query(`SELECT pg_terminate_backend($1)`, [pid]);
    await sleep(300);
  };

  it.each([
    ['the next statement', true],
    ['COMMIT', false],
  ])(
    'fails before %s with an error that says the database is unavailable (503, never 500), and commits nothing',
    async (_, statementAfter) => {
      const err = await inTransaction(t.ds, async (em) => {
        await em.query(`INSERT INTO connection_loss_probe VALUES (1)`);
        await endOwnConnection(em);
        if (statementAfter) await em.query(`INSERT INTO connection_loss_probe VALUES (2)`);
      }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).not.toBeNull();
      expect(isDatabaseUnavailable(err)).toBe(true);
      // the pool serves again, and nothing of the transaction was kept
      expect(await t.ds.query(`SELECT count(*)::int AS n FROM connection_loss_probe`)).toEqual([{ n: 0 }]);
    },
  );
});
