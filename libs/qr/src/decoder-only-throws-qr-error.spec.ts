import fc from 'fast-check';
import { buildSaomaPayload, crc16Hex, decodeEmvMpm, QrError } from '@saoma/qr';

const VALID = [
  '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D',
  '00020101021129370016A000000677010111011300668012345675802TH530376463046197',
  '00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A',
  buildSaomaPayload({
    dynamic: true,
    gui: 'io.saoma',
    url: 'https://pay.saoma.example/c/ABC123',
    mcc: '5812',
    currencyNumeric: '156',
    amount: '25.00',
    countryCode: 'CN',
    merchantName: '老王牛肉面',
    merchantCity: '北京',
    reference: 'ABC123',
  }),
];

/** Passes when decoding succeeds or fails with a QrError; anything else fails the property. */
function decodesOrRefuses(input: unknown): void {
  try {
    decodeEmvMpm(input);
  } catch (error) {
    if (!(error instanceof QrError) || error.code !== 'invalid_qr' || !error.detail) throw error;
  }
}

// Digits-heavy text gets past the TLV layer far more often than random text.
const tlvish = fc.string({ unit: fc.constantFrom(...'0123456789000001112345566AZ*.北'), maxLength: 80 });

describe('decodeEmvMpm under fuzzing', () => {
  const runs = { numRuns: 2000 };

  it('throws only QrError on arbitrary values', () => {
    fc.assert(fc.property(fc.anything(), decodesOrRefuses), runs);
  });

  it('throws only QrError on arbitrary strings, lone surrogates included', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), decodesOrRefuses), runs);
  });

  it('throws only QrError on TLV-like strings, with and without a correct CRC', () => {
    fc.assert(
      fc.property(tlvish, fc.boolean(), (body, crc) =>
        decodesOrRefuses(crc ? body + '6304' + crc16Hex(body + '6304') : body),
      ),
      runs,
    );
  });

  it('throws only QrError on single-character mutations of valid codes', () => {
    const mutation = fc.constantFrom(...VALID).chain((code) => {
      const chars = Array.from(code);
      return fc.record({
        chars: fc.constant(chars),
        at: fc.nat({ max: chars.length - 1 }),
        replacement: fc.oneof(
          fc.constantFrom('0', '9', '6', '3', ' ', '', '北', 'A'),
          fc.string({ minLength: 1, maxLength: 1 }),
        ),
      });
    });
    fc.assert(
      fc.property(mutation, ({ chars, at, replacement }) => {
        const mutated = [...chars.slice(0, at), replacement, ...chars.slice(at + 1)].join('');
        decodesOrRefuses(mutated);
      }),
      runs,
    );
  });

  it('refuses every proper truncation of a valid code', () => {
    for (const code of VALID) {
      const chars = Array.from(code);
      for (let length = 0; length < chars.length; length++) {
        expect(() => decodeEmvMpm(chars.slice(0, length).join(''))).toThrow(QrError);
      }
    }
  });

  it('detects every single-character substitution in the CRC-covered part', () => {
    // CRC-16 catches all single-symbol errors of up to 16 bits in the byte stream.
    const code = VALID[0];
    for (let at = 0; at < code.length; at++) {
      const replacement = code[at] === 'x' ? 'y' : 'x';
      expect(() => decodeEmvMpm(code.slice(0, at) + replacement + code.slice(at + 1))).toThrow(QrError);
    }
  });
});
