import fc from 'fast-check';
import { generate } from 'otplib';
import { HANDLES_PER_PACK, parsePaymentCode, paymentCodeOf, totpAt, totpMatches } from './payment-code';
import { newHandles, newPaymentCodeKey } from './payment-code-draws';
import { openPaymentCodeKey, paymentCodeKek, sealPaymentCodeKey } from './payment-code-key.crypto';

describe('the payment code: "28" + a single-use handle + the TOTP of the pack key', () => {
  it('computes RFC 6238’s published HMAC-SHA-256 test vectors (Appendix B, 8 digits, 30 s) with the same library', async () => {
    const seed = new Uint8Array(Buffer.from('12345678901234567890123456789012', 'ascii'));
    const vectors: Array<[number, string]> = [
      [59, '46119246'],
      [1111111109, '68084774'],
      [1111111111, '67062674'],
      [1234567890, '91819424'],
      [2000000000, '90698825'],
      [20000000000, '77737706'],
    ];
    for (const [t, code] of vectors) {
      expect(await generate({ secret: seed, algorithm: 'sha256', digits: 8, period: 30, epoch: t })).toBe(code);
    }
  });

  it('accepts the TOTP of the period shown, the one before and the one after; refuses two away', async () => {
    const key = newPaymentCodeKey();
    const shown = 1_765_000_030;
    const totp = await totpAt(key, shown);
    for (const skew of [-60, 0, 60]) expect(await totpMatches(key, totp, shown + skew)).toBe(true);
    for (const skew of [-120, 120, 3600]) expect(await totpMatches(key, totp, shown + skew)).toBe(false);
    expect(await totpMatches(newPaymentCodeKey(), totp, shown)).toBe(false);
    expect(await totpMatches(key, 'abcdef', shown)).toBe(false);
  });

  it('reads back what it writes, typed with spaces or dashes; anything else is not a code', () => {
    expect(parsePaymentCode(paymentCodeOf({ handle: '0012345678', totp: '004321' }))).toEqual({
      handle: '0012345678',
      totp: '004321',
    });
    expect(parsePaymentCode('28 0012 3456 78-004321')).toEqual({ handle: '0012345678', totp: '004321' });
    for (const bad of ['', '2800123456780043', '290012345678004321', '28001234567800432x', '2800123456780043210']) {
      expect(parsePaymentCode(bad)).toBeNull();
    }
  });

  it('round-trips any handle and TOTP (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{10}$/), fc.stringMatching(/^\d{6}$/), (handle, totp) => {
        const code = paymentCodeOf({ handle, totp });
        expect(code).toMatch(/^28\d{16}$/);
        expect(parsePaymentCode(code)).toEqual({ handle, totp });
      }),
    );
  });

  it('gives a pack distinct random handles: two codes of one consumer share no handle (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), (packs) => {
        const handles = Array.from({ length: packs }, () => newHandles()).flat();
        expect(handles).toHaveLength(packs * HANDLES_PER_PACK);
        expect(new Set(handles).size).toBe(handles.length);
        expect(handles.every((h) => /^\d{10}$/.test(h))).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('keeps the key at rest encrypted, bound to its pack', () => {
    const kek = paymentCodeKek(Buffer.alloc(32, 7));
    const key = newPaymentCodeKey();
    const blob = sealPaymentCodeKey(kek, 'pack-1', key);
    expect(blob.includes(key)).toBe(false);
    expect(openPaymentCodeKey(kek, 'pack-1', blob).equals(key)).toBe(true);
    expect(() => openPaymentCodeKey(kek, 'pack-2', blob)).toThrow();
    expect(() => openPaymentCodeKey(paymentCodeKek(Buffer.alloc(32, 8)), 'pack-1', blob)).toThrow();
  });
});
