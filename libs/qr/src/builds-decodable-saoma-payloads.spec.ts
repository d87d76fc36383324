import { buildSaomaPayload, decodeEmvMpm, EmvField, extractSaomaCode, QrError, SaomaPayloadInput } from '@saoma/qr';

const PROMPTPAY = '00020101021129370016A000000677010111011300668012345675802TH530376463046197';
const PIX_STATIC =
  '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D';

const INPUT: SaomaPayloadInput = {
  dynamic: false,
  gui: 'io.saoma',
  url: 'https://pay.saoma.example/c/ABC123',
  mcc: '5812',
  currencyNumeric: '156',
  countryCode: 'CN',
  merchantName: 'Lao Wang Noodles',
  merchantCity: 'Beijing',
  reference: 'ABC123',
};

const field = (fields: EmvField[], id: string) => fields.find((f) => f.id === id);
const valueOf = (fields: EmvField[], id: string) => {
  const f = field(fields, id);
  return f && 'value' in f ? f.value : undefined;
};

describe('buildSaomaPayload', () => {
  it('builds a static code with the tags in order', () => {
    const code = decodeEmvMpm(buildSaomaPayload(INPUT));
    expect(code.fields.map((f) => f.id)).toEqual(['00', '01', '26', '52', '53', '58', '59', '60', '62', '63']);
    expect(code).toMatchObject({
      pointOfInitiation: 'static',
      merchantCategoryCode: '5812',
      currency: 'CNY',
      countryCode: 'CN',
      merchantName: 'Lao Wang Noodles',
      merchantCity: 'Beijing',
      additionalData: { referenceLabel: 'ABC123' },
    });
    expect(field(code.fields, '01')).toEqual({ id: '01', value: '11' });
    expect(field(code.fields, '26')).toEqual({
      id: '26',
      fields: [
        { id: '00', value: 'io.saoma' },
        { id: '01', value: 'https://pay.saoma.example/c/ABC123' },
      ],
    });
    expect(code.amount).toBeUndefined();
    expect(code.alternateLanguage).toBeUndefined();
  });

  it('puts a fixed amount in tag 54 and marks dynamic codes with 01 = 12', () => {
    const code = decodeEmvMpm(buildSaomaPayload({ ...INPUT, dynamic: true, amount: '25.00' }));
    expect(code.fields.map((f) => f.id)).toEqual(['00', '01', '26', '52', '53', '54', '58', '59', '60', '62', '63']);
    expect(code.pointOfInitiation).toBe('dynamic');
    expect(valueOf(code.fields, '01')).toBe('12');
    expect(code.amount).toBe('25.00');
  });

  it('keeps 59 within 25 and 60 within 15 Latin characters', () => {
    const code = decodeEmvMpm(
      buildSaomaPayload({
        ...INPUT,
        merchantName: 'Boulangerie Pâtisserie Élégante du Quartier',
        merchantCity: 'Saint-Rémy-de-Provence',
      }),
    );
    expect(code.merchantName).toBe('Boulangerie Patisserie El');
    expect(code.merchantCity).toBe('Saint-Remy-de-P');
    expect(code.merchantName!.length).toBeLessThanOrEqual(25);
    expect(code.merchantCity!.length).toBeLessThanOrEqual(15);
    expect(code.alternateLanguage).toBeUndefined(); // accents are Latin: nothing for tag 64
  });

  it('puts a Chinese name and city in tag 64 and a fallback in 59/60', () => {
    const payload = buildSaomaPayload({ ...INPUT, merchantName: '老王牛肉面', merchantCity: '北京' });
    const code = decodeEmvMpm(payload);
    expect(code.merchantName).toBe('MERCHANT');
    expect(code.merchantCity).toBe('CITY');
    expect(code.alternateLanguage).toEqual({ language: 'ZH', merchantName: '老王牛肉面', merchantCity: '北京' });
    expect(code.fields.map((f) => f.id)).toEqual(['00', '01', '26', '52', '53', '58', '59', '60', '62', '64', '63']);
    expect(payload).toContain('64210002ZH0105老王牛肉面0202北京');
  });

  it('keeps the Latin part of a mixed name in 59 and the whole name in 64', () => {
    const code = decodeEmvMpm(buildSaomaPayload({ ...INPUT, merchantName: '老王 Lao Wang 牛肉面' }));
    expect(code.merchantName).toBe('Lao Wang');
    expect(code.alternateLanguage).toEqual({ language: 'ZH', merchantName: '老王 Lao Wang 牛肉面' });
  });

  it('guesses Japanese and Korean before Han', () => {
    const ja = decodeEmvMpm(buildSaomaPayload({ ...INPUT, merchantName: 'すし田中', merchantCity: '東京' }));
    const ko = decodeEmvMpm(buildSaomaPayload({ ...INPUT, merchantName: '김밥천국' }));
    expect(ja.alternateLanguage?.language).toBe('JA');
    expect(ko.alternateLanguage).toEqual({ language: 'KO', merchantName: '김밥천국' });
  });

  it('uses nameAlt when the caller gives it, truncated to the EMV limits', () => {
    const code = decodeEmvMpm(
      buildSaomaPayload({
        ...INPUT,
        nameAlt: {
          language: 'ZH',
          name: '老王家的非常非常非常非常非常非常非常非常好吃的牛肉面馆',
          city: '北京市朝阳区三里屯街道工人体育场北路',
        },
      }),
    );
    expect(Array.from(code.alternateLanguage!.merchantName)).toHaveLength(25);
    expect(Array.from(code.alternateLanguage!.merchantCity!)).toHaveLength(15);
    expect(code.merchantName).toBe('Lao Wang Noodles');
  });

  it.each<[string, Partial<SaomaPayloadInput>, RegExp]>([
    ['a long reference', { reference: 'R'.repeat(26) }, /reference must be 1-25/],
    ['a non-ASCII reference', { reference: '北京1' }, /reference/],
    ['a 3-digit mcc', { mcc: '581' }, /mcc must be 4 digits/],
    ['an alphabetic currency', { currencyNumeric: 'CNY' }, /currencyNumeric/],
    ['a lowercase country', { countryCode: 'cn' }, /countryCode/],
    ['a zero amount', { amount: '0.00' }, /amount/],
    ['a formatted amount', { amount: '1,000.00' }, /amount/],
    ['a URL too long for tag 26', { url: 'https://pay.saoma.example/c/' + 'x'.repeat(60) }, /tag 26 is 104 characters/],
    ['a bad nameAlt language', { nameAlt: { language: 'zho', name: '老王' } }, /nameAlt.language/],
  ])('refuses %s', (_name, change, detail) => {
    let error: unknown;
    try {
      buildSaomaPayload({ ...INPUT, ...change });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(QrError);
    expect((error as QrError).detail).toMatch(detail);
  });
});

describe('extractSaomaCode', () => {
  it('reads url, reference, dynamic and amount back', () => {
    const payload = buildSaomaPayload({ ...INPUT, dynamic: true, amount: '25.00', merchantName: '老王牛肉面' });
    expect(extractSaomaCode(payload, 'io.saoma')).toEqual({
      url: 'https://pay.saoma.example/c/ABC123',
      reference: 'ABC123',
      dynamic: true,
      amount: '25.00',
    });
    expect(extractSaomaCode(buildSaomaPayload(INPUT), 'io.saoma')).toEqual({
      url: 'https://pay.saoma.example/c/ABC123',
      reference: 'ABC123',
      dynamic: false,
    });
  });

  it('matches the gui case-insensitively (it is a domain name)', () => {
    expect(extractSaomaCode(buildSaomaPayload(INPUT), 'IO.SAOMA')?.reference).toBe('ABC123');
  });

  it('returns null for valid codes of other schemes', () => {
    expect(extractSaomaCode(PROMPTPAY, 'io.saoma')).toBeNull();
    expect(extractSaomaCode(PIX_STATIC, 'io.saoma')).toBeNull();
    expect(extractSaomaCode(buildSaomaPayload(INPUT), 'io.other')).toBeNull();
  });

  it('throws QrError for invalid codes', () => {
    expect(() => extractSaomaCode('hello', 'io.saoma')).toThrow(QrError);
  });
});
