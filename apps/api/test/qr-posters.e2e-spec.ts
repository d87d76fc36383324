import request from 'supertest';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import { createMerchant, fixtures } from '../../../test/support/api-fixtures';
import { pdfFonts, pdfInfo, pdfText, readQrCode } from '../../../test/support/pdf-inspection';

const A6 = { width: 297.64, height: 419.53 };
/** pdftotext gives the amounts' no-break spaces back as they are; compare words. */
const words = (text: string) => text.replace(/\s+/g, ' ');

/** The poster of a shop's static code: GET /v1/merchant/qr-codes/{id}/poster.pdf, seen by poppler and zbar. */
describe('shop posters (GET /v1/merchant/qr-codes/{id}/poster.pdf)', () => {
  let t: TestApp;
  let f: ReturnType<typeof fixtures>;
  beforeAll(async () => {
    t = await createTestApp();
    f = fixtures(t);
  });
  afterAll(() => t.close());

  const posterRequest = (apiKey: string, id: string, query = '') =>
    request(t.http).get(`/v1/merchant/qr-codes/${id}/poster.pdf${query}`).set('Authorization', `Bearer ${apiKey}`);
  const poster = async (apiKey: string, id: string, query = '') => {
    const res = await posterRequest(apiKey, id, query)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/pdf/);
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    return { pdf, text: words(pdfText(pdf)) };
  };

  it('a Chinese shop: its name and 扫码付款 in the font shipped with the service, ¥ 12.50, one A6 page, the code’s payload', async () => {
    const m = await createMerchant(t, { name: '老王牛肉面', city: '北京', currency: 'CNY' });
    const code = await f.code(m.apiKey, { label: '4号桌', amount: '12.50' });
    const { pdf, text } = await poster(m.apiKey, code.id);
    expect(pdfInfo(pdf)).toEqual({ pages: 1, pageSize: A6 });
    expect(pdfFonts(pdf)).toContainEqual({
      name: expect.stringMatching(/^[A-Z]{6}\+ZCOOLXiaoWei-Regular$/),
      type: 'CID TrueType',
      embedded: true,
      subset: true,
      unicode: true,
    });
    for (const expected of ['老王牛肉面', '扫码付款', '4号桌', '¥ 12.50', `编号：${code.reference}`]) {
      expect(text).toContain(expected);
    }
    expect(readQrCode(pdf)).toBe(code.payload);
  });

  it('a French shop: "Scannez pour payer" and 12,50 €', async () => {
    const m = await createMerchant(t, {
      name: 'Boulangerie Émile',
      city: 'Lyon',
      currency: 'EUR',
      countryCode: 'FR',
    });
    const code = await f.code(m.apiKey, { label: 'Caisse 1', amount: '12.50' });
    const { pdf, text } = await poster(m.apiKey, code.id);
    expect(pdfInfo(pdf)).toEqual({ pages: 1, pageSize: A6 });
    for (const expected of [
      'Boulangerie Émile',
      'Scannez pour payer',
      'Caisse 1',
      '12,50 €',
      `Réf. : ${code.reference}`,
    ]) {
      expect(text).toContain(expected);
    }
    expect(readQrCode(pdf)).toBe(code.payload);
  });

  it('elsewhere "Scan to pay"; an open-amount code prints no amount', async () => {
    const m = await createMerchant(t, { name: 'Corner Shop', city: 'London', currency: 'GBP', countryCode: 'GB' });
    const code = await f.code(m.apiKey, { label: 'Till 1' });
    const { pdf, text } = await poster(m.apiKey, code.id);
    expect(pdfInfo(pdf)).toEqual({ pages: 1, pageSize: A6 });
    expect(text).toContain('Scan to pay');
    expect(text).toContain(`Ref: ${code.reference}`);
    expect(text).not.toMatch(/£|\d\.\d\d/);
    expect(readQrCode(pdf)).toBe(code.payload);
  });

  it('?lang= overrides the country’s language: en, fr or zh-Hans', async () => {
    const cn = await createMerchant(t, { name: '老王牛肉面', city: '北京', currency: 'CNY' });
    const cnCode = await f.code(cn.apiKey, { label: 'Counter 1', amount: '1234.50' });
    const en = await poster(cn.apiKey, cnCode.id, '?lang=en');
    expect(en.text).toContain('Scan to pay');
    expect(en.text).toContain('¥ 1,234.50');
    expect(en.text).toContain('老王牛肉面'); // the name stays in its own script
    const fr = await poster(cn.apiKey, cnCode.id, '?lang=fr');
    expect(fr.text).toContain('Scannez pour payer');
    expect(fr.text).toContain('1 234,50 ¥');
    expect(readQrCode(fr.pdf)).toBe(cnCode.payload);

    const fr2 = await createMerchant(t, {
      name: 'Café du Port',
      city: 'Marseille',
      currency: 'EUR',
      countryCode: 'FR',
    });
    const frCode = await f.code(fr2.apiKey, { label: 'Comptoir', amount: '3.20' });
    const zh = await poster(fr2.apiKey, frCode.id, '?lang=zh-Hans');
    expect(zh.text).toContain('扫码付款');
    expect(zh.text).toContain('€ 3.20');
    expect(pdfInfo(zh.pdf)).toEqual({ pages: 1, pageSize: A6 });
  });

  it('refuses any other lang, or an unknown parameter, with 400 validation_failed (problem+json)', async () => {
    const m = await createMerchant(t);
    const code = await f.code(m.apiKey);
    for (const query of [
      '?lang=de',
      '?lang=zh',
      '?lang=ZH-HANS',
      '?lang=EN',
      '?lang=',
      '?lang=en&lang=fr',
      '?size=A4',
    ]) {
      const res = await posterRequest(m.apiKey, code.id, query);
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(JSON.parse(res.text).code).toBe('validation_failed');
    }
  });
});
