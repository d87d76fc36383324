import type { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../../test/support/test-database';
import { IdentityError } from '../../src/identity-error';
import { IdentityRepository } from '../../src/identity.repository';
import type { Principal } from '../../src/principal';
import { AccessLogRepository } from '../../src/privacy/access-log.repository';
import { PrivacyError } from '../../src/privacy/privacy-error';
import { PrivacyService } from '../../src/privacy/privacy.service';

async function failure(p: Promise<unknown>): Promise<Error & { code?: string }> {
  return p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: Error) => e,
  );
}

describe('PrivacyService (real PostgreSQL)', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let identity: IdentityRepository;
  let svc: PrivacyService;
  let finance: Principal;
  let admin: Principal;
  let seq = 0;

  const newConsumer = async (name = 'Han Meimei') => {
    const row = await identity.insertConsumer(name, `+8613700${String(++seq).padStart(6, '0')}`, 'not-a-real-hash');
    if (!row) throw new Error('phone taken');
    return row;
  };
  const logRows = async (consumerId: string) =>
    (await ds.query(
      `SELECT operator_id, operator_role, purpose, at FROM staff_access_log WHERE consumer_id = $1 ORDER BY at, id`,
      [consumerId],
    )) as Array<{
      operator_id: string;
      operator_role: string;
      purpose: string;
      at: Date;
    }>;

  beforeAll(async () => {
    ({ ds, close } = await openTestDataSource({ poolSize: 5 }));
    identity = new IdentityRepository(ds);
    svc = new PrivacyService(ds, identity, new AccessLogRepository(ds));
    const f = await identity.insertOperator({
      name: 'Finance desk',
      role: 'finance',
      prefix: 'p-fin',
      hash: 'h1',
      createdBy: null,
    });
    const a = await identity.insertOperator({
      name: 'Admin',
      role: 'admin',
      prefix: 'p-adm',
      hash: 'h2',
      createdBy: null,
    });
    finance = { role: 'finance', id: f.id };
    admin = { role: 'admin', id: a.id };
  });
  afterAll(() => close());

  it('returns the identity (never the PIN hash) and logs operator, role, trimmed purpose and time', async () => {
    const c = await newConsumer();
    const before = Date.now();
    const read = await svc.readConsumerForStaff(finance, c.id, '  KYC review #12  ');
    expect(read).toEqual({ id: c.id, name: 'Han Meimei', phone: c.phone, createdAt: expect.any(Date) });
    expect(JSON.stringify(read)).not.toContain('not-a-real-hash');
    const rows = await logRows(c.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ operator_id: finance.id, operator_role: 'finance', purpose: 'KYC review #12' });
    expect(new Date(rows[0].at).getTime()).toBeGreaterThanOrEqual(before - 5000);
    await svc.readConsumerForStaff(admin, c.id, 'fraud check');
    expect((await logRows(c.id)).map((r) => r.operator_role)).toEqual(['finance', 'admin']);
  });

  it('refuses a missing or blank purpose, and a purpose above 500 characters, logging nothing', async () => {
    const c = await newConsumer();
    for (const p of [undefined, '', '   ']) {
      const e = await failure(svc.readConsumerForStaff(finance, c.id, p));
      expect(e).toBeInstanceOf(PrivacyError);
      expect(e.code).toBe('purpose_required');
    }
    expect((await failure(svc.readConsumerForStaff(finance, c.id, 'x'.repeat(501)))).code).toBe('purpose_too_long');
    expect(await logRows(c.id)).toEqual([]);
    await svc.readConsumerForStaff(finance, c.id, 'x'.repeat(500));
    expect((await logRows(c.id))[0].purpose).toHaveLength(500);
  });

  it('an unknown consumer is consumer_not_found and leaves no row', async () => {
    const [{ n: before }] = await ds.query(`SELECT count(*)::int AS n FROM staff_access_log`);
    const e = await failure(svc.readConsumerForStaff(finance, '00000000-0000-4000-8000-000000000000', 'look-up'));
    expect(e).toBeInstanceOf(IdentityError);
    expect(e.code).toBe('consumer_not_found');
    const [{ n: after }] = await ds.query(`SELECT count(*)::int AS n FROM staff_access_log`);
    expect(after).toBe(before);
  });

  it('only operators read through the audited path', async () => {
    const c = await newConsumer();
    for (const who of [
      { role: 'consumer', id: c.id },
      { role: 'merchant', id: c.id },
    ] as Principal[]) {
      expect((await failure(svc.readConsumerForStaff(who, c.id, 'curious'))).code).toBe('operator_required');
    }
    expect(await logRows(c.id)).toEqual([]);
  });

  it('returns nothing when the log row cannot be written', async () => {
    const c = await newConsumer();
    const broken = new PrivacyService(ds, identity, {
      insert: async () => {
        throw new Error('disk full');
      },
    } as unknown as AccessLogRepository);
    await expect(broken.readConsumerForStaff(finance, c.id, 'support call')).rejects.toThrow('disk full');
    // and an operator the database does not know (foreign key) is refused the same way
    const ghost: Principal = { role: 'admin', id: '00000000-0000-4000-8000-000000000001' };
    expect((await failure(svc.readConsumerForStaff(ghost, c.id, 'support call'))).code).toBe('23503');
    expect(await logRows(c.id)).toEqual([]);
  });

  it("lists one consumer's log newest first, page by page, and nobody else's", async () => {
    const c = await newConsumer();
    const other = await newConsumer();
    for (let i = 1; i <= 5; i++) await svc.readConsumerForStaff(i % 2 ? finance : admin, c.id, `reason ${i}`);
    await svc.readConsumerForStaff(finance, other.id, 'about the other one');

    const all = await svc.accessLog(c.id, { limit: 50, cursor: null });
    expect(all.nextCursor).toBeNull();
    expect(all.data.map((e) => e.purpose)).toEqual(['reason 5', 'reason 4', 'reason 3', 'reason 2', 'reason 1']);
    expect(all.data[0].operator).toEqual({ id: finance.id, role: 'finance' });
    expect(all.data[1].operator).toEqual({ id: admin.id, role: 'admin' });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<PrivacyService['accessLog']>> = await svc.accessLog(c.id, { limit: 2, cursor });
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((e) => e.purpose));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.data.map((e) => e.purpose));

    expect((await svc.accessLog(other.id, { limit: 50, cursor: null })).data.map((e) => e.purpose)).toEqual([
      'about the other one',
    ]);
    const fresh = await newConsumer();
    expect(await svc.accessLog(fresh.id, { limit: 50, cursor: null })).toEqual({ data: [], nextCursor: null });
  });

  it('refuses a cursor it did not make', async () => {
    const c = await newConsumer();
    for (const cursor of [
      'nope',
      Buffer.from('2026-01-01T00:00:00.000000Z|not-a-uuid').toString('base64url'),
      Buffer.from("x' OR 1=1 --|y").toString('base64url'),
    ]) {
      expect((await failure(svc.accessLog(c.id, { limit: 10, cursor }))).code).toBe('invalid_cursor');
    }
  });

  it('exports the profile and the whole log', async () => {
    const c = await newConsumer('Export Me');
    await svc.readConsumerForStaff(admin, c.id, 'chargeback');
    const ex = await svc.exportConsumer(c.id);
    expect(ex.consumer).toEqual({ id: c.id, name: 'Export Me', phone: c.phone, createdAt: expect.any(Date) });
    expect(ex.accessLog).toEqual([
      { operator: { id: admin.id, role: 'admin' }, purpose: 'chargeback', at: expect.any(Date) },
    ]);
    expect(JSON.stringify(ex)).not.toContain('not-a-real-hash');
    expect((await failure(svc.exportConsumer('00000000-0000-4000-8000-000000000000'))).code).toBe('consumer_not_found');
  });
});
