import crypto from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../libs/database/src';
import { Signing1764300000000 } from '../../../migrations/1764300000000-signing.migration';
import { openTestDataSource } from '../../../test/support/test-database';
import { SigningKeysRepository } from '../src/signing-keys.repository';
import { SigningService } from '../src/signing.service';

const TYP = 'saoma-scan+jwt';

describe('signing keys under concurrency', () => {
  let ds: DataSource;
  let ds2: DataSource;
  let close: () => Promise<void>;
  const masterKey = crypto.randomBytes(32);

  beforeAll(async () => {
    let db;
    ({ ds, db, close } = await openTestDataSource());
    // a second pool on the same database: a second process
    ds2 = new DataSource(dataSourceOptions({ url: db.url, poolSize: 10 }));
    await ds2.initialize();
  });
  afterAll(async () => {
    await ds2.destroy();
    await close();
  });

  const count = async (where = 'true') =>
    (await ds.query(`SELECT count(*)::int AS n FROM signing_keys WHERE ${where}`))[0].n as number;

  it('instances starting together on an empty table end with exactly one active key, shared by all', async () => {
    await ds.query(`DELETE FROM signing_keys`);
    const services = Array.from(
      { length: 6 },
      (_, i) => new SigningService(new SigningKeysRepository(i % 2 ? ds2 : ds), masterKey),
    );
    await Promise.all(services.map((s) => s.onModuleInit()));
    expect(await count(`status = 'active'`)).toBe(1);
    expect(await count()).toBe(1);
    const kids = new Set(services.map((s) => s.activeKid));
    expect(kids.size).toBe(1);
    // each verifies the others' tokens
    const tokens = await Promise.all(
      services.map((s, i) => s.sign({ jti: `t${i}` }, { typ: TYP, expiresInSeconds: 60 })),
    );
    for (const s of services)
      for (const t of tokens) await expect(s.verify(t, { typ: TYP })).resolves.toHaveProperty('jti');
  });

  it('repeated races on an empty table never leave two active keys', async () => {
    for (let round = 0; round < 5; round++) {
      await ds.query(`DELETE FROM signing_keys`);
      const a = new SigningService(new SigningKeysRepository(ds), masterKey);
      const b = new SigningService(new SigningKeysRepository(ds2), masterKey);
      await Promise.all([a.onModuleInit(), b.onModuleInit()]);
      expect(a.activeKid).toBe(b.activeKid);
      expect(await count(`status = 'active'`)).toBe(1);
    }
  });

  it('concurrent rotations each retire their predecessor: one active key, every key still verifies', async () => {
    await ds.query(`DELETE FROM signing_keys`);
    const a = new SigningService(new SigningKeysRepository(ds), masterKey);
    const b = new SigningService(new SigningKeysRepository(ds2), masterKey);
    await a.onModuleInit();
    await b.onModuleInit();
    const first = await a.sign({ jti: 'first' }, { typ: TYP, expiresInSeconds: 60 });
    const results = await Promise.all([a.rotate(), b.rotate(), a.rotate(), b.rotate()]);
    expect(await count(`status = 'active'`)).toBe(1);
    expect(await count()).toBe(5);
    expect(results.flatMap((r) => r.retired).sort()).toEqual(
      (await ds.query(`SELECT kid FROM signing_keys WHERE status = 'retired'`))
        .map((r: { kid: string }) => r.kid)
        .sort(),
    );
    await a.refresh();
    await b.refresh();
    expect(a.activeKid).toBe(b.activeKid);
    await expect(b.verify(first, { typ: TYP })).resolves.toMatchObject({ jti: 'first' });
    expect((await a.jwks()).keys).toHaveLength(5);
  });

  it('the migration is reversible', async () => {
    const qr = ds.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      const m = new Signing1764300000000();
      await m.down(qr);
      expect((await qr.query(`SELECT to_regclass('signing_keys') AS t`))[0].t).toBeNull();
      await m.up(qr);
      expect((await qr.query(`SELECT to_regclass('signing_keys') AS t`))[0].t).toBe('signing_keys');
      const idx = await qr.query(
        `SELECT indexname FROM pg_indexes WHERE tablename = 'signing_keys' ORDER BY indexname`,
      );
      expect(idx.map((r: { indexname: string }) => r.indexname)).toEqual(['pk_signing_keys', 'uq_signing_keys_active']);
      await qr.rollbackTransaction();
    } finally {
      await qr.release();
    }
  });
});
