import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import {
  buildSaomaPayload,
  formatPosterAmount,
  loadShippedPosterFont,
  loadSystemPosterFont,
  posterWording,
  renderPosterPdf,
  SaomaPayloadInput,
  SHIPPED_FONT_MODULE,
  woffToSfnt,
  type PosterLanguage,
} from '@saoma/qr';
import { pdfFonts, pdfInfo, pdfText, readQrCode } from '../../../test/support/pdf-inspection';

const A6 = { width: 297.64, height: 419.53 };
/** pdftotext gives the no-break spaces of amounts back as they are; compare words. */
const words = (text: string) => text.replace(/\s+/g, ' ');

function payloadOf(over: Partial<SaomaPayloadInput> = {}): string {
  return buildSaomaPayload({
    dynamic: false,
    gui: 'io.saoma',
    url: 'https://pay.saoma.example/c/ABC123XYZ0',
    mcc: '5812',
    currencyNumeric: '156',
    amount: '12.50',
    countryCode: 'CN',
    merchantName: '老王牛肉面',
    merchantCity: '北京',
    reference: 'ABC123XYZ0',
    ...over,
  });
}

async function poster(
  merchantName: string,
  language: PosterLanguage,
  amount?: { value: string; currency: string },
  payload = payloadOf({ merchantName }),
) {
  return renderPosterPdf({
    payload,
    merchantName,
    label: 'Counter 1',
    amount: amount && formatPosterAmount(amount.value, amount.currency, language),
    reference: 'ABC123XYZ0',
    language,
  });
}

describe('the shipped CJK font (ZCOOL XiaoWei, from @fontsource/zcool-xiaowei)', () => {
  it('is unpacked from its WOFF into a TrueType font with every glyph', () => {
    const woff = readFileSync(require.resolve(SHIPPED_FONT_MODULE));
    const ttf = woffToSfnt(woff);
    expect(ttf.readUInt32BE(0)).toBe(0x00010000); // TrueType outlines
    const fromTtf = fontkit.create(ttf) as fontkit.Font;
    const fromWoff = fontkit.create(woff) as fontkit.Font;
    expect(fromTtf.postscriptName).toBe('ZCOOLXiaoWei-Regular');
    expect(fromTtf.numGlyphs).toBe(fromWoff.numGlyphs);
    expect(fromTtf.numGlyphs).toBeGreaterThan(5000);
  });

  it('refuses what is not a WOFF 1.0 file', () => {
    expect(() => woffToSfnt(Buffer.from('not a font at all, not even close, no no no no no'))).toThrow(/WOFF/);
    expect(() => woffToSfnt(Buffer.alloc(10))).toThrow(/WOFF/);
  });

  it('is loaded once per process and draws the poster’s Chinese and common shop names', () => {
    const font = loadShippedPosterFont();
    expect(font).not.toBeNull();
    expect(loadShippedPosterFont()).toBe(font);
    for (const text of [
      '扫码付款',
      '编号：',
      '老王牛肉面',
      '北京烤鸭店',
      '上海小笼包',
      '兰州拉面馆',
      '沙县小吃',
      '便利店',
      '水果超市',
      '咖啡馆',
      '奶茶铺',
      '麻辣烫',
      '火锅',
      '烧烤',
      '面包房',
      '理发店',
      '花店',
      '药房',
      '书店',
      '4号桌 收银台 ¥ 12.50',
    ]) {
      expect([text, font!.canDraw(text)]).toEqual([text, true]);
    }
    expect(font!.canDraw('鼎泰豐')).toBe(false); // Traditional-only characters: not in the face
    expect(font!.canDraw('カフェ')).toBe(false);
  });
});

describe('the poster as a printer and a phone see it (poppler, zbar)', () => {
  it('a Chinese shop: its name and 扫码付款 in the shipped font, the amount, one A6 page, a code that reads back', async () => {
    const payload = payloadOf();
    const pdf = await poster('老王牛肉面', 'zh-Hans', { value: '12.50', currency: 'CNY' }, payload);
    expect(pdfInfo(pdf)).toEqual({ pages: 1, pageSize: A6 });
    const cjk = pdfFonts(pdf).filter((f) => f.name.endsWith('+ZCOOLXiaoWei-Regular'));
    expect(cjk).toEqual([
      { name: expect.any(String), type: 'CID TrueType', embedded: true, subset: true, unicode: true },
    ]);
    const text = words(pdfText(pdf));
    expect(text).toContain('老王牛肉面');
    expect(text).toContain('扫码付款');
    expect(text).toContain('¥ 12.50');
    expect(text).toContain('编号：ABC123XYZ0');
    expect(readQrCode(pdf)).toBe(payload);
  });

  it('a French shop: "Scannez pour payer" and "12,50 €" in Helvetica, no font embedded', async () => {
    const payload = payloadOf({
      merchantName: 'Boulangerie Émile',
      merchantCity: 'Lyon',
      countryCode: 'FR',
      currencyNumeric: '978',
    });
    const pdf = await poster(
      'Boulangerie Émile',
      posterWording('FR').language,
      { value: '12.50', currency: 'EUR' },
      payload,
    );
    expect(pdfInfo(pdf)).toEqual({ pages: 1, pageSize: A6 });
    expect(pdfFonts(pdf).filter((f) => f.embedded)).toEqual([]);
    const text = words(pdfText(pdf));
    expect(text).toContain('Boulangerie Émile');
    expect(text).toContain('Scannez pour payer');
    expect(text).toContain('12,50 €');
    expect(text).toContain('Réf. : ABC123XYZ0');
    expect(readQrCode(pdf)).toBe(payload);
  });

  it('elsewhere: "Scan to pay"; an open-amount code prints no amount', async () => {
    const payload = payloadOf({
      merchantName: 'Corner Shop',
      merchantCity: 'London',
      countryCode: 'GB',
      currencyNumeric: '826',
      amount: undefined,
    });
    const pdf = await poster('Corner Shop', posterWording('GB').language, undefined, payload);
    expect(pdfInfo(pdf)).toEqual({ pages: 1, pageSize: A6 });
    const text = words(pdfText(pdf));
    expect(text).toContain('Scan to pay');
    expect(text).not.toMatch(/£|\d\.\d\d/);
    expect(readQrCode(pdf)).toBe(payload);
  });

  it('a long Chinese name and a large amount still fit one page that reads back', async () => {
    const name = '老王家祖传正宗兰州牛肉拉面馆北京朝阳区建国门外大街旗舰店'.repeat(2);
    const payload = payloadOf({ merchantName: name.slice(0, 25), amount: '9999999999.99' });
    const pdf = await poster(name, 'zh-Hans', { value: '9999999999.99', currency: 'CNY' }, payload);
    expect(pdfInfo(pdf)).toEqual({ pages: 1, pageSize: A6 });
    expect(words(pdfText(pdf))).toContain('¥ 9,999,999,999.99');
    expect(readQrCode(pdf)).toBe(payload);
  });

  it('draws what the shipped font lacks with the system CJK font when there is one, else prints the Latin form', async () => {
    const pdf = await poster('鼎泰豐 Din Tai Fung', 'zh-Hans');
    expect(pdfInfo(pdf).pages).toBe(1);
    const text = words(pdfText(pdf));
    expect(text).toContain('扫码付款'); // still the shipped font
    if (loadSystemPosterFont()?.canDraw('鼎泰豐 Din Tai Fung')) expect(text).toContain('鼎泰豐 Din Tai Fung');
    else expect(text).toContain('Din Tai Fung');
  });

  it('with no font to embed, says "Scan to pay" rather than nothing', async () => {
    const pdf = await renderPosterPdf(
      {
        payload: payloadOf(),
        merchantName: '老王牛肉面',
        label: '4号桌',
        reference: 'ABC123XYZ0',
        language: 'zh-Hans',
      },
      { font: null },
    );
    expect(pdfFonts(pdf).filter((f) => f.embedded)).toEqual([]);
    const text = words(pdfText(pdf));
    expect(text).toContain('Scan to pay');
    expect(text).toContain('Ref: ABC123XYZ0');
  });

  it('is byte-for-byte deterministic with the embedded font', async () => {
    const a = await poster('老王牛肉面', 'zh-Hans', { value: '12.50', currency: 'CNY' });
    const b = await poster('老王牛肉面', 'zh-Hans', { value: '12.50', currency: 'CNY' });
    expect(a.equals(b)).toBe(true);
  });
});
