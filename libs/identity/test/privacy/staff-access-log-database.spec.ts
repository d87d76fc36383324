import type { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../../test/support/test-database';
import { IdentityRepository } from '../../src/identity.repository';

/* The log cannot be edited or erased, whoever connects: the database refuses it. */

async function failure(
  p: Promise<unknown>,
): Promise<Error & { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } }> {
  return p.then(
    () => {
      throw new Error('expected the database to refuse');
    },
    (e: Error) => e,
  );
}
const sqlState = (e: { code?: string; driverError?: { code?: string } }) => e.driverError?.code ?? e.code;
const constraintOf = (e: { constraint?: string; driverError?: { constraint?: string } }) =>
  e.driverError?.constraint ?? e.constraint;

describe('staff_access_log in the database', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let consumerId: string;
  let operatorId: string;
  let rowId: string;

  beforeAll(async () => {
    ({ ds, close } = await openTestDataSource({ poolSize: 3 }));
    const repo = new IdentityRepository(ds);
    consumerId = (await repo.insertConsumer('Wang Fang', '+8613600000001', 'hash'))!.id;
    operatorId = (
      await repo.insertOperator({ name: 'Desk', role: 'finance', prefix: 'p-db', hash: 'h', createdBy: null })
    ).id;
    [{ id: rowId }] = await ds.query(
      `INSERT INTO staff_access_log (consumer_id, operator_id, operator_role, purpose) VALUES ($1, $2, 'finance', 'audit') RETURNING id`,
      [consumerId, operatorId],
    );
  });
  afterAll(() => close());

  it('refuses UPDATE, DELETE and TRUNCATE (SQLSTATE SA050), even when no row matches', async () => {
    for (const sql of [
      `UPDATE staff_access_log SET purpose = 'nothing to see' WHERE id = '${rowId}'`,
      `UPDATE staff_access_log SET at = at - interval '1 year'`,
      `DELETE FROM staff_access_log WHERE id = '${rowId}'`,
      `DELETE FROM staff_access_log WHERE false`,
      `TRUNCATE staff_access_log`,
      `TRUNCATE consumers, operators, staff_access_log CASCADE`,
    ]) {
      const e = await failure(ds.query(sql));
      expect({ sql, state: sqlState(e) }).toEqual({ sql, state: 'SA050' });
    }
    const rows = await ds.query(`SELECT purpose FROM staff_access_log WHERE id = $1`, [rowId]);
    expect(rows).toEqual([{ purpose: 'audit' }]);
  });

  it('keeps the consumer and the operator it names (foreign keys)', async () => {
    expect(constraintOf(await failure(ds.query(`DELETE FROM consumers WHERE id = $1`, [consumerId])))).toBe(
      'fk_staff_access_log_consumer',
    );
    const insert = (c: string, o: string, role = 'finance', purpose = 'x') =>
      ds.query(
        `INSERT INTO staff_access_log (consumer_id, operator_id, operator_role, purpose) VALUES ($1, $2, $3, $4)`,
        [c, o, role, purpose],
      );
    expect(constraintOf(await failure(insert('00000000-0000-4000-8000-000000000000', operatorId)))).toBe(
      'fk_staff_access_log_consumer',
    );
    expect(constraintOf(await failure(insert(consumerId, '00000000-0000-4000-8000-000000000000')))).toBe(
      'fk_staff_access_log_operator',
    );
  });

  it('checks the role and the purpose (1 to 500 characters, not only spaces)', async () => {
    const insert = (role: string, purpose: string) =>
      ds.query(
        `INSERT INTO staff_access_log (consumer_id, operator_id, operator_role, purpose) VALUES ($1, $2, $3, $4)`,
        [consumerId, operatorId, role, purpose],
      );
    expect(constraintOf(await failure(insert('consumer', 'x')))).toBe('ck_staff_access_log_operator_role');
    expect(constraintOf(await failure(insert('finance', '')))).toBe('ck_staff_access_log_purpose');
    expect(constraintOf(await failure(insert('finance', '   ')))).toBe('ck_staff_access_log_purpose');
    expect(constraintOf(await failure(insert('finance', 'x'.repeat(501))))).toBe('ck_staff_access_log_purpose');
    await insert('admin', 'y'.repeat(500));
  });
});
