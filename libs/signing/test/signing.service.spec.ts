import crypto from 'node:crypto';
import fc from 'fast-check';
import { SignJWT } from 'jose';
import type { DataSource } from 'typeorm';
import { openTestDataSource } from '../../../test/support/test-database';
import { SigningError, SigningKeyUnavailableError } from '../src/signing-error';
import { decryptPrivateKey, deriveKeyEncryptionKey } from '../src/signing-key.crypto';
import { SigningKeysRepository } from '../src/signing-keys.repository';
import { SigningService } from '../src/signing.service';
import type { JsonWebKeySet } from '../src/signing.types';
import { verifyStandardWebhookSignature } from '../src/webhook-signature';

const TYP = 'saoma-scan+jwt';
const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** Verify a compact JWS with node:crypto and a JWKS only (no jose). */
function verifyWithNodeCrypto(token: string, jwks: JsonWebKeySet): boolean {
  const [h, p, s] = token.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { kid: string; alg: string };
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  if (!jwk || header.alg !== 'EdDSA') return false;
  const key = crypto.createPublicKey({ key: jwk as unknown as crypto.JsonWebKey, format: 'jwk' });
  return crypto.verify(null, Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'));
}

async function expectInvalid(p: Promise<unknown>): Promise<SigningError> {
  const err = await p.then(
    () => {
      throw new Error('expected SigningError invalid_token, the token verified');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SigningError);
  expect((err as SigningError).code).toBe('invalid_token');
  return err as SigningError;
}

describe('SigningService', () => {
  let ds: DataSource;
  let close: () => Promise<void>;
  let masterKey: Buffer;
  let svc: SigningService;

  const make = (key = masterKey) => new SigningService(new SigningKeysRepository(ds), key);

  /** The active private key, read back from the database with the master key (as an attacker who had both could). */
  async function ourPrivateKey(kid: string): Promise<crypto.KeyObject> {
    const [row] = await ds.query(`SELECT private_key_enc FROM signing_keys WHERE kid = $1`, [kid]);
    return decryptPrivateKey(deriveKeyEncryptionKey(masterKey), kid, row.private_key_enc);
  }

  beforeAll(async () => {
    ({ ds, close } = await openTestDataSource());
    masterKey = crypto.randomBytes(32);
    svc = make();
    await svc.onModuleInit();
  });
  afterAll(() => close());

  describe('sign and verify', () => {
    it('round-trips claims, with header {alg: EdDSA, kid, typ} and iat/exp set', async () => {
      const jti = crypto.randomUUID();
      const token = await svc.sign({ jti, codeId: 'c1', amount: '12.30' }, { typ: TYP, expiresInSeconds: 600 });
      const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
      expect(header).toEqual({ alg: 'EdDSA', kid: svc.activeKid, typ: TYP });
      const claims = await svc.verify(token, { typ: TYP });
      expect(claims).toMatchObject({ jti, codeId: 'c1', amount: '12.30' });
      expect(claims.iat).toBeGreaterThanOrEqual(now() - 2);
      expect(claims.exp).toBe(claims.iat + 600);
    });

    it('takes the earlier of expiresInSeconds and expiresAt, rounded down', async () => {
      const at = new Date(Date.now() + 120_500);
      const token = await svc.sign({ jti: 'x' }, { typ: TYP, expiresInSeconds: 600, expiresAt: at });
      const claims = await svc.verify(token, { typ: TYP });
      expect(claims.exp).toBe(Math.floor(at.getTime() / 1000));
    });

    it('verifies a token without exp when requireExp is false (receipts)', async () => {
      const token = await svc.sign({ paymentId: 'p1' }, { typ: 'saoma-receipt+jwt' });
      const claims = await svc.verify(token, { typ: 'saoma-receipt+jwt', requireExp: false });
      expect(claims.paymentId).toBe('p1');
      expect(claims.exp).toBeUndefined();
    });

    it('refuses payloads that set iat or exp themselves', async () => {
      await expect(svc.sign({ exp: 1 }, { typ: TYP })).rejects.toThrow(TypeError);
      await expect(svc.sign({ iat: 1 }, { typ: TYP })).rejects.toThrow(TypeError);
    });
  });

  describe('JWKS', () => {
    it('publishes the kid and only public members', async () => {
      const jwks = await svc.jwks();
      expect(jwks.keys.map((k) => k.kid)).toContain(svc.activeKid);
      for (const k of jwks.keys) {
        expect(Object.keys(k).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
        expect(k).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
        expect(k).not.toHaveProperty('d');
        expect(JSON.stringify(k)).not.toMatch(/"d"/);
      }
    });

    it('verifies a token with plain node:crypto and the JWKS public key', async () => {
      const token = await svc.sign({ jti: 'n1' }, { typ: TYP, expiresInSeconds: 60 });
      expect(verifyWithNodeCrypto(token, await svc.jwks())).toBe(true);
      const [h, p, s] = token.split('.');
      const otherPayload = b64url({ jti: 'n2', iat: now() });
      expect(verifyWithNodeCrypto(`${h}.${otherPayload}.${s}`, await svc.jwks())).toBe(false);
      expect(p).not.toBe(otherPayload);
    });
  });

  describe('refuses every forged, altered or foreign token with invalid_token', () => {
    let good: string;
    beforeAll(async () => {
      good = await svc.sign({ jti: 'good', amount: '10.00' }, { typ: TYP, expiresInSeconds: 600 });
    });

    it('a payload with one character changed', async () => {
      const [h, p, s] = good.split('.');
      const i = Math.floor(p.length / 2);
      const altered = p.slice(0, i) + (p[i] === 'A' ? 'B' : 'A') + p.slice(i + 1);
      await expectInvalid(svc.verify(`${h}.${altered}.${s}`, { typ: TYP }));
      // and a payload re-encoded with another amount, old signature kept
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
      await expectInvalid(svc.verify(`${h}.${b64url({ ...claims, amount: '0.01' })}.${s}`, { typ: TYP }));
    });

    it('a signature with one character changed', async () => {
      const [h, p, s] = good.split('.');
      // the first character: all six of its bits are the signature's (the last one's are partly padding)
      const altered = (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
      await expectInvalid(svc.verify(`${h}.${p}.${altered}`, { typ: TYP }));
    });

    it('a token re-signed with a foreign Ed25519 key under our kid', async () => {
      const { privateKey } = crypto.generateKeyPairSync('ed25519');
      const forged = await new SignJWT({ jti: 'forged' })
        .setProtectedHeader({ alg: 'EdDSA', kid: svc.activeKid, typ: TYP })
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey);
      const e = await expectInvalid(svc.verify(forged, { typ: TYP }));
      expect(e.detail).toBe('signature verification failed');
    });

    it('alg: none', async () => {
      const [, p, s] = good.split('.');
      const h = b64url({ alg: 'none', kid: svc.activeKid, typ: TYP });
      await expectInvalid(svc.verify(`${h}.${p}.`, { typ: TYP }));
      await expectInvalid(svc.verify(`${h}.${p}.${s}`, { typ: TYP }));
      const hNone = b64url({ alg: 'none', typ: TYP });
      await expectInvalid(svc.verify(`${hNone}.${p}.`, { typ: TYP }));
    });

    it('HS256 signed with the public key bytes (algorithm confusion)', async () => {
      const jwk = (await svc.jwks()).keys.find((k) => k.kid === svc.activeKid)!;
      const pub = crypto.createPublicKey({ key: jwk as unknown as crypto.JsonWebKey, format: 'jwk' });
      const secrets = [
        Buffer.from(jwk.x, 'base64url'),
        Buffer.from(jwk.x),
        Buffer.from(JSON.stringify(jwk)),
        Buffer.from(pub.export({ format: 'pem', type: 'spki' }) as string),
        pub.export({ format: 'der', type: 'spki' }),
      ];
      for (const secret of secrets) {
        for (const alg of ['HS256', 'HS512']) {
          const forged = await new SignJWT({ jti: 'hs' })
            .setProtectedHeader({ alg, kid: svc.activeKid, typ: TYP })
            .setIssuedAt()
            .setExpirationTime('10m')
            .sign(new Uint8Array(secret));
          await expectInvalid(svc.verify(forged, { typ: TYP }));
        }
      }
    });

    it('an expired token', async () => {
      const token = await svc.sign({ jti: 'old' }, { typ: TYP, expiresAt: new Date(Date.now() - 5_000) });
      const e = await expectInvalid(svc.verify(token, { typ: TYP }));
      expect(e.detail).toBe('token expired');
    });

    it('a token of another type (typ)', async () => {
      const receipt = await svc.sign({ paymentId: 'p' }, { typ: 'saoma-receipt+jwt', expiresInSeconds: 60 });
      await expectInvalid(svc.verify(receipt, { typ: TYP }));
      await expectInvalid(svc.verify(good, { typ: 'saoma-receipt+jwt', requireExp: false }));
      // typ is compared exactly, not case-folded or prefix-stripped
      await expectInvalid(svc.verify(good, { typ: TYP.toUpperCase() }));
      await expectInvalid(svc.verify(good, { typ: `application/${TYP}` }));
    });

    it('a token without exp where exp is required', async () => {
      const token = await svc.sign({ jti: 'forever' }, { typ: TYP });
      const e = await expectInvalid(svc.verify(token, { typ: TYP }));
      expect(e.detail).toMatch(/exp/);
    });

    it('an unknown kid', async () => {
      const { privateKey } = crypto.generateKeyPairSync('ed25519');
      const token = await new SignJWT({ jti: 'u' })
        .setProtectedHeader({ alg: 'EdDSA', kid: crypto.randomBytes(32).toString('base64url'), typ: TYP })
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey);
      const e = await expectInvalid(svc.verify(token, { typ: TYP }));
      expect(e.detail).toBe('unknown kid');
      // no kid at all
      const [, p, s] = good.split('.');
      await expectInvalid(svc.verify(`${b64url({ alg: 'EdDSA', typ: TYP })}.${p}.${s}`, { typ: TYP }));
    });

    it('tokens signed with our own key but carrying headers or claims we never issue', async () => {
      const key = await ourPrivateKey(svc.activeKid);
      const kid = svc.activeKid;
      const forge = (header: Record<string, unknown>, build?: (j: SignJWT) => SignJWT) => {
        let j = new SignJWT({ jti: 'own' })
          .setProtectedHeader({ alg: 'EdDSA', ...header } as never)
          .setIssuedAt()
          .setExpirationTime('10m');
        if (build) j = build(j);
        return j.sign(key);
      };
      // sanity: the same construction with our header verifies
      await expect(svc.verify(await forge({ kid, typ: TYP }), { typ: TYP })).resolves.toMatchObject({ jti: 'own' });
      const jwk = (await svc.jwks()).keys[0];
      await expectInvalid(svc.verify(await forge({ kid, typ: TYP, jwk }), { typ: TYP }));
      await expectInvalid(
        svc.verify(await forge({ kid, typ: TYP, jku: 'https://evil.example/jwks.json' }), { typ: TYP }),
      );
      // crit (jose refuses to make one, so by hand)
      const rawSign = (header: unknown, claims: unknown) => {
        const input = `${b64url(header)}.${b64url(claims)}`;
        return `${input}.${crypto.sign(null, Buffer.from(input), key).toString('base64url')}`;
      };
      const claims = { jti: 'c', iat: now(), exp: now() + 600 };
      await expect(svc.verify(rawSign({ alg: 'EdDSA', kid, typ: TYP }, claims), { typ: TYP })).resolves.toMatchObject({
        jti: 'c',
      });
      await expectInvalid(
        svc.verify(rawSign({ alg: 'EdDSA', kid, typ: TYP, crit: ['exp'], exp: 1 }, claims), { typ: TYP }),
      );
      await expectInvalid(
        svc.verify(rawSign({ alg: 'EdDSA', kid, typ: TYP, crit: ['b64'], b64: false }, claims), { typ: TYP }),
      );
      await expectInvalid(svc.verify(rawSign({ alg: 'Ed25519', kid, typ: TYP }, claims), { typ: TYP }));
      await expectInvalid(svc.verify(rawSign({ alg: 'EdDSA', kid, typ: TYP, kid2: kid }, claims), { typ: TYP }));
      await expectInvalid(svc.verify(rawSign({ alg: 'EdDSA', kid: [kid], typ: TYP }, claims), { typ: TYP }));
      await expectInvalid(svc.verify(await forge({ kid, typ: TYP, x5u: 'https://evil.example' }), { typ: TYP }));
      // iat missing
      const noIat = await new SignJWT({ jti: 'n' })
        .setProtectedHeader({ alg: 'EdDSA', kid, typ: TYP })
        .setExpirationTime('10m')
        .sign(key);
      await expectInvalid(svc.verify(noIat, { typ: TYP }));
      // iat far in the future
      await expectInvalid(svc.verify(await forge({ kid, typ: TYP }, (j) => j.setIssuedAt(now() + 3600)), { typ: TYP }));
      // not yet valid
      await expectInvalid(
        svc.verify(await forge({ kid, typ: TYP }, (j) => j.setNotBefore(now() + 3600)), { typ: TYP }),
      );
      // exp not a number
      const [h, ,] = (await forge({ kid, typ: TYP })).split('.');
      const badExp = b64url({ jti: 'b', iat: now(), exp: 'tomorrow' });
      const sig = crypto.sign(null, Buffer.from(`${h}.${badExp}`), key).toString('base64url');
      await expectInvalid(svc.verify(`${h}.${badExp}.${sig}`, { typ: TYP }));
      // payload not a JSON object
      const arr = Buffer.from('[1,2]').toString('base64url');
      const sig2 = crypto.sign(null, Buffer.from(`${h}.${arr}`), key).toString('base64url');
      await expectInvalid(svc.verify(`${h}.${arr}.${sig2}`, { typ: TYP }));
    });

    it('garbage strings', async () => {
      const fixed = [
        '',
        '.',
        '..',
        '...',
        'a.b.c',
        'a.b',
        'a.b.c.d',
        good + '.',
        good + 'x',
        ' ' + good,
        good.replace(/\./g, ''),
        'x'.repeat(100_000),
        '\u0000.\u0000.\u0000',
        'eyJ.eyJ.eyJ',
      ];
      for (const g of fixed) await expectInvalid(svc.verify(g, { typ: TYP }));
      for (const g of [null, undefined, 42, {}, ['a']])
        await expectInvalid(svc.verify(g as unknown as string, { typ: TYP }));
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.string(),
            fc.string({ unit: 'binary' }),
            fc.tuple(fc.base64String(), fc.base64String(), fc.base64String()).map((t) => t.join('.')),
            fc
              .tuple(fc.json(), fc.json(), fc.uint8Array({ minLength: 64, maxLength: 64 }))
              .map(
                ([h, p, s]) =>
                  `${Buffer.from(h).toString('base64url')}.${Buffer.from(p).toString('base64url')}.${Buffer.from(s).toString('base64url')}`,
              ),
          ),
          async (g) => {
            await expectInvalid(svc.verify(g, { typ: TYP }));
          },
        ),
        { numRuns: 300 },
      );
    });
  });

  describe('at rest', () => {
    it('stores private keys only encrypted', async () => {
      const rows: { kid: string; private_key_enc: Buffer; public_jwk: unknown }[] = await ds.query(
        `SELECT kid, private_key_enc, public_jwk FROM signing_keys`,
      );
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        const der = (await ourPrivateKey(row.kid)).export({ format: 'der', type: 'pkcs8' });
        const seed = der.subarray(der.length - 32);
        const blob = row.private_key_enc;
        expect(Buffer.isBuffer(blob)).toBe(true);
        expect(blob.includes(der)).toBe(false);
        expect(blob.includes(seed)).toBe(false);
        expect(blob.includes(Buffer.from('302e020100300506032b657004220420', 'hex'))).toBe(false); // PKCS#8 Ed25519 prefix
        expect(blob.toString('latin1')).not.toMatch(/PRIVATE KEY/);
        expect(blob.toString('latin1')).not.toContain(seed.toString('base64'));
        expect(blob.toString('latin1')).not.toContain(seed.toString('base64url'));
        expect(JSON.stringify(row.public_jwk)).not.toMatch(/"d"/);
      }
      // the kid is bound to the ciphertext: a blob moved to another kid does not decrypt
      expect(() =>
        decryptPrivateKey(deriveKeyEncryptionKey(masterKey), 'another-kid-123', rows[0].private_key_enc),
      ).toThrow();
    });

    it('the database refuses a private member in the public column and a second active key', async () => {
      await expect(
        ds.query(
          `INSERT INTO signing_keys (kid, alg, public_jwk, private_key_enc, status) VALUES ('kid-private-1', 'EdDSA', $1, $2, 'retired')`,
          [JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: 'AAAA', d: 'BBBB' }), crypto.randomBytes(64)],
        ),
      ).rejects.toMatchObject({ driverError: { constraint: 'ck_signing_keys_public_jwk' } });
      await expect(
        ds.query(
          `INSERT INTO signing_keys (kid, alg, public_jwk, private_key_enc, status) VALUES ('kid-second-active', 'EdDSA', $1, $2, 'active')`,
          [JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: 'AAAA' }), crypto.randomBytes(64)],
        ),
      ).rejects.toMatchObject({ driverError: { constraint: 'uq_signing_keys_active' } });
    });
  });

  describe('webhooks', () => {
    it('signs msgId.timestamp.body as v1a,<base64>, verifiable with node:crypto and the JWKS', async () => {
      const msgId = 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W';
      const ts = now();
      const body = JSON.stringify({ type: 'payment.succeeded', data: { id: 'p1', amount: '12.30', payer: 'pz_x' } });
      const header = svc.standardWebhookSignature(msgId, ts, body);
      expect(header).toMatch(/^v1a,[A-Za-z0-9+/]+={0,2}$/);
      const sig = Buffer.from(header.slice(4), 'base64');
      expect(sig).toHaveLength(64);
      const jwks = await svc.jwks();
      const jwk = jwks.keys.find((k) => k.kid === svc.activeKid)!;
      const key = crypto.createPublicKey({ key: jwk as unknown as crypto.JsonWebKey, format: 'jwk' });
      expect(crypto.verify(null, Buffer.from(`${msgId}.${ts}.${body}`), key, sig)).toBe(true);
      expect(crypto.verify(null, Buffer.from(`${msgId}.${ts + 1}.${body}`), key, sig)).toBe(false);
      expect(verifyStandardWebhookSignature(header, msgId, ts, body, jwks)).toBe(true);
      expect(verifyStandardWebhookSignature(header, msgId, ts, body + ' ', jwks)).toBe(false);
      expect(verifyStandardWebhookSignature(`v1,${header.slice(4)}`, msgId, ts, body, jwks)).toBe(false);
    });

    it('signDetached gives the raw Ed25519 signature and the kid', async () => {
      const { kid, signature } = svc.signDetached(Buffer.from('hello'));
      expect(kid).toBe(svc.activeKid);
      const jwk = (await svc.jwks()).keys.find((k) => k.kid === kid)!;
      expect(
        crypto.verify(
          null,
          Buffer.from('hello'),
          crypto.createPublicKey({ key: jwk as unknown as crypto.JsonWebKey, format: 'jwk' }),
          signature,
        ),
      ).toBe(true);
    });
  });

  describe('rotation', () => {
    it('keeps old tokens verifying, signs new ones with the new kid, and publishes both', async () => {
      const oldKid = svc.activeKid;
      const before = await svc.sign({ jti: 'before' }, { typ: TYP, expiresInSeconds: 600 });
      const receiptBefore = await svc.sign({ paymentId: 'p-old' }, { typ: 'saoma-receipt+jwt' });
      const webhookBefore = svc.standardWebhookSignature('msg_1', 1700000000, '{}');
      const { kid: newKid, retired } = await svc.rotate();
      expect(retired).toEqual([oldKid]);
      expect(newKid).not.toBe(oldKid);
      expect(svc.activeKid).toBe(newKid);

      await expect(svc.verify(before, { typ: TYP })).resolves.toMatchObject({ jti: 'before' });
      await expect(svc.verify(receiptBefore, { typ: 'saoma-receipt+jwt', requireExp: false })).resolves.toMatchObject({
        paymentId: 'p-old',
      });
      const after = await svc.sign({ jti: 'after' }, { typ: TYP, expiresInSeconds: 600 });
      expect(JSON.parse(Buffer.from(after.split('.')[0], 'base64url').toString()).kid).toBe(newKid);
      await expect(svc.verify(after, { typ: TYP })).resolves.toMatchObject({ jti: 'after' });

      const jwks = await svc.jwks();
      const kids = jwks.keys.map((k) => k.kid);
      expect(kids).toEqual(expect.arrayContaining([oldKid, newKid]));
      expect(kids[0]).toBe(newKid);
      expect(verifyWithNodeCrypto(before, jwks)).toBe(true);
      expect(verifyWithNodeCrypto(after, jwks)).toBe(true);
      expect(verifyStandardWebhookSignature(webhookBefore, 'msg_1', 1700000000, '{}', jwks)).toBe(true);

      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM signing_keys WHERE status = 'active'`);
      expect(n).toBe(1);
    });

    it('a token signed by a key deleted from the database stops verifying after a reload', async () => {
      const oldKid = svc.activeKid;
      const token = await svc.sign({ jti: 'revoked' }, { typ: TYP, expiresInSeconds: 600 });
      await svc.rotate();
      await ds.query(`DELETE FROM signing_keys WHERE kid = $1`, [oldKid]);
      await svc.refresh();
      await expectInvalid(svc.verify(token, { typ: TYP }));
      expect((await svc.jwks()).keys.map((k) => k.kid)).not.toContain(oldKid);
    });
  });

  describe('restart', () => {
    it('a second instance over the same database and master key verifies the first one`s tokens and makes no key', async () => {
      const token = await svc.sign({ jti: 'r1' }, { typ: TYP, expiresInSeconds: 600 });
      const receipt = await svc.sign({ paymentId: 'r1' }, { typ: 'saoma-receipt+jwt' });
      const [{ n: before }] = await ds.query(`SELECT count(*)::int AS n FROM signing_keys`);
      const second = make(Buffer.from(masterKey));
      await second.onModuleInit();
      expect(second.activeKid).toBe(svc.activeKid);
      const [{ n: after }] = await ds.query(`SELECT count(*)::int AS n FROM signing_keys`);
      expect(after).toBe(before);
      await expect(second.verify(token, { typ: TYP })).resolves.toMatchObject({ jti: 'r1' });
      await expect(second.verify(receipt, { typ: 'saoma-receipt+jwt', requireExp: false })).resolves.toMatchObject({
        paymentId: 'r1',
      });
      // and the other way round
      const fromSecond = await second.sign({ jti: 'r2' }, { typ: TYP, expiresInSeconds: 600 });
      await expect(svc.verify(fromSecond, { typ: TYP })).resolves.toMatchObject({ jti: 'r2' });
      expect(await second.jwks()).toEqual(await svc.jwks());
    });

    it('another process`s rotation: its new tokens verify here and its new key is published here', async () => {
      const other = make();
      await other.onModuleInit();
      const { kid } = await other.rotate();
      const token = await other.sign({ jti: 'o1' }, { typ: TYP, expiresInSeconds: 600 });
      await expect(svc.verify(token, { typ: TYP })).resolves.toMatchObject({ jti: 'o1' });
      expect((await svc.jwks()).keys.map((k) => k.kid)).toContain(kid);
      // and once it reloads, this instance signs with the new key too
      await svc.refresh();
      expect(svc.activeKid).toBe(kid);
    });

    it('refuses to start with another master key', async () => {
      const wrong = make(crypto.randomBytes(32));
      await expect(wrong.onModuleInit()).rejects.toThrow(SigningKeyUnavailableError);
      await expect(wrong.onModuleInit()).rejects.toThrow(/cannot be decrypted with this master key/);
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM signing_keys WHERE status = 'active'`);
      expect(n).toBe(1);
    });

    it('refuses a master key that is not 32 bytes', () => {
      expect(() => make(crypto.randomBytes(16))).toThrow(TypeError);
    });
  });
});
