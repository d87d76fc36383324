import crypto from 'node:crypto';
import fc from 'fast-check';
import { compactVerify, importJWK } from 'jose';
import { checkClaims, decodeCompact, JwsError, signCompact } from './compact-jws';

const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
const sign = (input: Buffer) => crypto.sign(null, input, privateKey);
const verify = (token: string) => {
  const d = decodeCompact(token, 8192);
  return crypto.verify(null, d.signingInput, publicKey, d.signature) ? d : null;
};
const reason = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    if (err instanceof JwsError) return err.reason;
    throw err;
  }
  throw new Error('expected a JwsError');
};

describe('compact JWS', () => {
  it('round-trips any JSON claims through sign and decode, with a signature that verifies', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (claims) => {
        const token = signCompact({ alg: 'EdDSA', kid: 'k1' }, claims, sign);
        const d = verify(token);
        expect(d).not.toBeNull();
        expect(d!.claims).toEqual(JSON.parse(JSON.stringify(claims)));
        expect(d!.header).toEqual({ alg: 'EdDSA', kid: 'k1' });
      }),
    );
  });

  it('makes tokens that jose verifies (interoperable EdDSA)', async () => {
    const token = signCompact({ alg: 'EdDSA' }, { sub: 'x', exp: 2_000_000_000 }, sign);
    const key = await importJWK({ ...publicKey.export({ format: 'jwk' }), alg: 'EdDSA' }, 'EdDSA');
    const { payload } = await compactVerify(token, key, { algorithms: ['EdDSA'] });
    expect(JSON.parse(Buffer.from(payload).toString())).toEqual({ sub: 'x', exp: 2_000_000_000 });
  });

  it('fails the signature check when any byte of the claims changes', () => {
    const token = signCompact({ alg: 'EdDSA' }, { amount: '10.00' }, sign);
    const [h, , s] = token.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ amount: '0.01' })).toString('base64url')}.${s}`;
    expect(verify(forged)).toBeNull();
  });

  it('refuses what is not three base64url parts of JSON objects, or too long', () => {
    const ok = signCompact({ alg: 'EdDSA' }, { a: 1 }, sign);
    expect(reason(() => decodeCompact('', 100))).toBe('malformed token');
    expect(reason(() => decodeCompact('a.b', 100))).toBe('malformed token');
    expect(reason(() => decodeCompact(`${ok}.x`, 8192))).toBe('malformed token');
    expect(reason(() => decodeCompact(ok.replace('.', '.+'), 8192))).toBe('malformed token');
    expect(reason(() => decodeCompact(`${Buffer.from('[1]').toString('base64url')}.e30.AA`, 8192))).toBe(
      'malformed token',
    );
    expect(reason(() => decodeCompact(ok, ok.length - 1))).toBe('malformed token');
  });

  it('checks time claims and required claims as jose does', () => {
    const now = 1_000_000;
    expect(() => checkClaims({ sub: 's', exp: now + 1, nbf: now }, ['sub'], now)).not.toThrow();
    expect(reason(() => checkClaims({ exp: now }, [], now))).toBe('token expired');
    expect(reason(() => checkClaims({ nbf: now + 1 }, [], now))).toBe('claim "nbf" check failed');
    expect(reason(() => checkClaims({ exp: String(now + 10) }, [], now))).toBe('claim "exp" check failed');
    expect(reason(() => checkClaims({}, ['jti'], now))).toBe('claim "jti" check failed');
  });

  it('refuses to sign a non-finite time claim', () => {
    expect(() => signCompact({ alg: 'EdDSA' }, { exp: Infinity }, sign)).toThrow(TypeError);
  });
});
