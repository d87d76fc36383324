import { crc16Hex, decodeEmvMpm } from '@saoma/qr';

/*
 * Published example codes, copied literally. Each CRC was re-computed before
 * use (see the first test), so every one of them is a genuinely valid code.
 */

// Banco Central do Brasil, "Manual de Padrões para Iniciação do Pix", static example.
const PIX_STATIC =
  '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D';
// Same manual, dynamic example (tag 25 carries the charge URL).
const PIX_DYNAMIC =
  '00020101021226700014br.gov.bcb.pix2548pix.example.com/8b3da2f39a4140d1a91abd93113bd4415204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***630464E4';
// Thai PromptPay (mobile number 0801234567), as widely quoted; it has no 52/59/60.
const PROMPTPAY = '00020101021129370016A000000677010111011300668012345675802TH530376463046197';
// Singapore PayNow (UEN), the Woodbridge Hospital Charity Fund code quoted in pyPayNowSg's tests.
const PAYNOW =
  '00020101021126400009SG.PAYNOW010120213200002150HWCF030115204000053037025802SG5923NATIONAL HEALTHCARE GRO6009Singapore6304DF3F';
// EMVCo QRCPS-MPM specification, example payload (two merchant accounts, tag 64 in Chinese, template 91).
const EMVCO_SPEC =
  '00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京540523.7253031565502016233030412340603***0708A60086670902ME91320016A0112233449988770708123456786304A13A';

describe('decodeEmvMpm on published codes', () => {
  it.each([PIX_STATIC, PIX_DYNAMIC, PROMPTPAY, PAYNOW, EMVCO_SPEC])('%s has a correct CRC', (code) => {
    expect(crc16Hex(code.slice(0, -4))).toBe(code.slice(-4));
  });

  it('decodes the Pix static example', () => {
    const code = decodeEmvMpm(PIX_STATIC);
    expect(code).toMatchObject({
      format: 'emv-mpm',
      pointOfInitiation: 'static',
      merchantCategoryCode: '0000',
      currency: 'BRL',
      currencyNumeric: '986',
      countryCode: 'BR',
      merchantName: 'Fulano de Tal',
      merchantCity: 'BRASILIA',
      additionalData: { referenceLabel: '***' },
      crc: '1D3D',
    });
    expect(code.amount).toBeUndefined();
    expect(code.merchantAccounts).toEqual([
      {
        id: '26',
        gui: 'br.gov.bcb.pix',
        fields: [
          { id: '00', value: 'br.gov.bcb.pix' },
          { id: '01', value: '123e4567-e12b-12d1-a456-426655440000' },
        ],
      },
    ]);
    expect(code.fields.map((f) => f.id)).toEqual(['00', '26', '52', '53', '58', '59', '60', '62', '63']);
  });

  it('decodes the Pix dynamic example', () => {
    const code = decodeEmvMpm(PIX_DYNAMIC);
    expect(code.pointOfInitiation).toBe('dynamic');
    expect(code.merchantAccounts[0].fields).toEqual([
      { id: '00', value: 'br.gov.bcb.pix' },
      { id: '25', value: 'pix.example.com/8b3da2f39a4140d1a91abd93113bd441' },
    ]);
  });

  it('decodes the PromptPay code, which has no merchant name or city', () => {
    const code = decodeEmvMpm(PROMPTPAY);
    expect(code).toMatchObject({ pointOfInitiation: 'static', currency: 'THB', countryCode: 'TH', crc: '6197' });
    expect(code.merchantName).toBeUndefined();
    expect(code.merchantAccounts).toEqual([
      {
        id: '29',
        gui: 'A000000677010111',
        fields: [
          { id: '00', value: 'A000000677010111' },
          { id: '01', value: '0066801234567' },
        ],
      },
    ]);
  });

  it('decodes the PayNow code', () => {
    const code = decodeEmvMpm(PAYNOW);
    expect(code).toMatchObject({
      currency: 'SGD',
      countryCode: 'SG',
      merchantName: 'NATIONAL HEALTHCARE GRO',
      merchantCity: 'Singapore',
    });
    expect(code.merchantAccounts[0].gui).toBe('SG.PAYNOW');
    expect(code.merchantAccounts[0].fields.find((f) => f.id === '02')?.value).toBe('200002150HWCF');
  });

  it('decodes the EMVCo specification example, counting Chinese lengths in characters', () => {
    const code = decodeEmvMpm(EMVCO_SPEC);
    expect(code).toMatchObject({
      pointOfInitiation: 'dynamic',
      merchantCategoryCode: '4111',
      currency: 'CNY',
      currencyNumeric: '156',
      amount: '23.72',
      countryCode: 'CN',
      merchantName: 'BEST TRANSPORT',
      merchantCity: 'BEIJING',
      alternateLanguage: { language: 'ZH', merchantName: '最佳运输', merchantCity: '北京' },
      crc: 'A13A',
    });
    expect(code.additionalData).toEqual({
      storeLabel: '1234',
      customerLabel: '***',
      terminalLabel: 'A6008667',
      additionalConsumerDataRequest: 'ME',
    });
    expect(code.merchantAccounts.map((a) => [a.id, a.gui])).toEqual([
      ['29', 'D15600000000'],
      ['31', 'D15600000001'],
    ]);
    expect(code.fields.find((f) => f.id === '91')).toEqual({
      id: '91',
      fields: [
        { id: '00', value: 'A011223344998877' },
        { id: '07', value: '12345678' },
      ],
    });
    expect(code.fields.find((f) => f.id === '55')).toEqual({ id: '55', value: '01' });
  });
});
