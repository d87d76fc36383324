import fc from 'fast-check';
import { decodeEmvMpm, EmvField, EmvPrimitiveField, encodeEmvMpm, QrError } from '@saoma/qr';

// Printable ASCII, BMP Han, and astral Han (two UTF-16 units, one EMV character).
const char = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
  { weight: 2, arbitrary: fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCodePoint(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0x20000, max: 0x2a6df }).map((c) => String.fromCodePoint(c)) },
);
const value = (maxLength: number) => fc.string({ unit: char, minLength: 1, maxLength });
const twoDigits = (min: number, max: number) => fc.integer({ min, max }).map((n) => String(n).padStart(2, '0'));

// Sub-fields total at most 3 * (4 + 25) = 87 characters, within the 99 limit.
const subFields: fc.Arbitrary<EmvPrimitiveField[]> = fc.array(fc.record({ id: twoDigits(0, 99), value: value(25) }), {
  minLength: 1,
  maxLength: 3,
});

const TEMPLATE_IDS = [...range(26, 51), '62', '64', ...range(80, 99)];
const PRIMITIVE_IDS = [...range(2, 25), '52', '54', '55', '56', '57', '59', '60', '61', ...range(65, 79)];

/** A field for `id`: templates get sub-fields, the rest a plain value. */
function fieldFor(id: string): fc.Arbitrary<EmvField> {
  return TEMPLATE_IDS.includes(id)
    ? subFields.map((fields) => ({ id, fields }))
    : value(99).map((v) => ({ id, value: v }));
}

/** Field lists the decoder must accept: 00 first, a merchant account, 53 and 58, ids unique. */
const fieldLists: fc.Arbitrary<EmvField[]> = fc
  .record({
    initiation: fc.option(fc.constantFrom('11', '12'), { nil: undefined }),
    account: fc.constantFrom(...range(2, 51)),
    others: fc.uniqueArray(fc.constantFrom(...TEMPLATE_IDS, ...PRIMITIVE_IDS), { maxLength: 6 }),
    currency: fc.stringMatching(/^\d{3}$/),
    country: fc.stringMatching(/^[A-Z]{2}$/),
  })
  .chain(({ initiation, account, others, currency, country }) =>
    fc
      .tuple(...[account, ...others.filter((id) => id !== account)].map(fieldFor))
      .chain((rest) =>
        fc.shuffledSubarray([...rest, { id: '53', value: currency }, { id: '58', value: country }], {
          minLength: rest.length + 2,
        }),
      )
      .map((shuffled) => [
        { id: '00', value: '01' },
        ...(initiation ? [{ id: '01', value: initiation }] : []),
        ...shuffled,
      ]),
  );

function range(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => String(from + i).padStart(2, '0'));
}

describe('encodeEmvMpm / decodeEmvMpm', () => {
  it('decode(encode(fields)) gives the fields back, plus tag 63', () => {
    fc.assert(
      fc.property(fieldLists, (fields) => {
        const decoded = decodeEmvMpm(encodeEmvMpm(fields));
        expect(decoded.fields.slice(0, -1)).toEqual(fields);
        expect(decoded.fields[decoded.fields.length - 1]).toEqual({ id: '63', value: decoded.crc });
      }),
      { numRuns: 500 },
    );
  });

  it('counts lengths in characters, not UTF-16 units or bytes', () => {
    const payload = encodeEmvMpm([
      { id: '00', value: '01' },
      { id: '26', fields: [{ id: '00', value: 'io.saoma' }] },
      { id: '53', value: '156' },
      { id: '58', value: 'CN' },
      {
        id: '64',
        fields: [
          { id: '00', value: 'ZH' },
          { id: '01', value: '𠀀北京' },
        ],
      },
    ]);
    expect(payload).toContain('64130002ZH0103𠀀北京');
  });

  const base: EmvField[] = [
    { id: '00', value: '01' },
    { id: '26', fields: [{ id: '00', value: 'io.saoma' }] },
    { id: '53', value: '156' },
    { id: '58', value: 'CN' },
  ];

  it.each<[string, EmvField[], string]>([
    [
      'a value over 99 characters',
      [...base, { id: '59', value: 'x'.repeat(100) }],
      'value of tag 59 is 100 characters, more than 99',
    ],
    ['an empty value', [...base, { id: '59', value: '' }], 'value of tag 59 is empty'],
    [
      'a caller-supplied tag 63',
      [...base, { id: '63', value: 'ABCD' }],
      'tag 63 is computed by the encoder; leave it out',
    ],
    ['a bad id', [...base, { id: '5', value: 'x' }], "id '5' is not two digits"],
    [
      'sub-fields under a primitive id',
      [...base, { id: '59', fields: [{ id: '00', value: 'x' }] }],
      'tag 59 is not a template id',
    ],
    ['a lone surrogate', [...base, { id: '59', value: 'a\ud800b' }], 'value of tag 59 contains a lone surrogate'],
    ['a code its own decoder would refuse', base.slice(0, 3), 'missing tag 58'],
  ])('refuses %s', (_name, fields, detail) => {
    expect(() => encodeEmvMpm(fields)).toThrow(QrError);
    try {
      encodeEmvMpm(fields);
    } catch (error) {
      expect((error as QrError).detail).toBe(detail);
    }
  });
});
