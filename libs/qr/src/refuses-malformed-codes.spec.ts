import { crc16Hex, decodeEmvMpm, QrError } from '@saoma/qr';

/** Appends a correct tag 63, so that a test reaches the check it is about. */
const withCrc = (body: string): string => body + '6304' + crc16Hex(body + '6304');

const PIX_STATIC =
  '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D';
const ACCOUNT = '26160004io.s0104abcd';

function refusal(payload: unknown): QrError {
  try {
    decodeEmvMpm(payload);
  } catch (error) {
    expect(error).toBeInstanceOf(QrError);
    expect((error as QrError).code).toBe('invalid_qr');
    return error as QrError;
  }
  throw new Error('expected decodeEmvMpm to refuse the payload');
}

describe('decodeEmvMpm refusals', () => {
  it('accepts the valid baseline used below', () => {
    expect(decodeEmvMpm(withCrc('000201' + ACCOUNT + '5303156' + '5802CN')).currency).toBe('CNY');
  });

  it.each<[string, unknown, string]>([
    ['a non-string', 42, 'payload is not a string'],
    ['an empty string', '', 'payload is empty'],
    ['a bad CRC', PIX_STATIC.slice(0, -4) + '1234', 'bad CRC: expected 1D3D, found 1234'],
    [
      'a length that runs past the end',
      '000201' + '5915Short',
      'length of tag 59 at offset 6 runs past the end (15 characters declared, 5 left)',
    ],
    [
      'a truncated code',
      PIX_STATIC.slice(0, 40),
      'length of tag 26 at offset 6 runs past the end (58 characters declared, 30 left)',
    ],
    ['a non-digit id', '0002015A02BR', "id '5A' at offset 6 is not two digits"],
    ['a non-digit length', '00020158X2BR', "length 'X2' of tag 58 at offset 6 is not two digits"],
    ['a dangling id', '00020158', 'id and length at offset 6 run past the end'],
    ['tag 00 not first', withCrc(ACCOUNT + '000201' + '5303156' + '5802CN'), 'tag 00 is not first'],
    [
      'tag 00 other than 01',
      withCrc('000202' + ACCOUNT + '5303156' + '5802CN'),
      "tag 00 (payload format indicator) is '02', expected '01'",
    ],
    ['tag 63 not last', withCrc('000201' + ACCOUNT + '5303156') + '5802CN', 'tag 63 is not last'],
    ['no tag 63', '000201' + ACCOUNT + '5303156' + '5802CN', 'missing tag 63'],
    [
      'tag 63 not hex',
      '000201' + ACCOUNT + '5303156' + '5802CN' + '6304WXYZ',
      "tag 63 is 'WXYZ', expected 4 hex digits",
    ],
    ['no merchant account', withCrc('000201' + '5303156' + '5802CN'), 'no merchant account information (tags 02-51)'],
    ['no tag 53', withCrc('000201' + ACCOUNT + '5802CN'), 'missing tag 53'],
    [
      'a non-numeric tag 53',
      withCrc('000201' + ACCOUNT + '5303CNY' + '5802CN'),
      "tag 53 is 'CNY', expected a 3-digit ISO 4217 numeric code",
    ],
    ['no tag 58', withCrc('000201' + ACCOUNT + '5303156'), 'missing tag 58'],
    ['a duplicate tag', withCrc('000201' + ACCOUNT + '5303156' + '5802CN' + '5802CN'), 'duplicate tag 58'],
    [
      'an unknown point of initiation',
      withCrc('000201' + '010213' + ACCOUNT + '5303156' + '5802CN'),
      "tag 01 (point of initiation) is '13', expected '11' or '12'",
    ],
    [
      'an empty value',
      withCrc('000201' + ACCOUNT + '5303156' + '5802CN' + '5900'),
      'tag 59 at offset 39 has length 00',
    ],
  ])('refuses %s', (_name, payload, detail) => {
    expect(refusal(payload).detail).toBe(detail);
  });

  it('puts the reason in the message too', () => {
    expect(refusal(PIX_STATIC.slice(0, -4) + '1234').message).toBe('invalid_qr: bad CRC: expected 1D3D, found 1234');
  });
});
