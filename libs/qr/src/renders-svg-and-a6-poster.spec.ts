import { existsSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import jsQR from 'jsqr';
import { buildSaomaPayload, QrError, renderPosterPdf, renderQrSvg, SaomaPayloadInput } from '@saoma/qr';

const INPUT: SaomaPayloadInput = {
  dynamic: false,
  gui: 'io.saoma',
  url: 'https://pay.saoma.example/c/ABC123',
  mcc: '5812',
  currencyNumeric: '156',
  amount: '25.00',
  countryCode: 'CN',
  merchantName: 'Lao Wang Noodles',
  merchantCity: 'Beijing',
  reference: 'ABC123',
};
const PAYLOAD = buildSaomaPayload(INPUT);
const A6_MEDIA_BOX = '/MediaBox [0 0 297.64 419.53]';

/** pdfkit writes object dictionaries uncompressed; only content streams are deflated. */
function pageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type \/Page(?!s)/g) ?? []).length;
}

/**
 * Rasterises the filled rectangles of the page content (the QR modules) at
 * `scale` pixels per point, so a real reader can check the vector code.
 * pdfkit flips the page to a top-left origin, so `re` operands are top-down.
 */
function rasteriseRectangles(pdf: Buffer, scale: number): { data: Uint8ClampedArray; width: number; height: number } {
  const width = Math.ceil(297.64 * scale);
  const height = Math.ceil(419.53 * scale);
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  const raw = pdf.toString('latin1');
  for (const [, body] of raw.matchAll(/stream\n([\s\S]*?)\nendstream/g)) {
    const content = inflateSync(Buffer.from(body, 'latin1')).toString('latin1');
    for (const [, x, y, w, h] of content.matchAll(/(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re/g)) {
      const [x0, y0] = [Math.round(+x * scale), Math.round(+y * scale)];
      const [x1, y1] = [Math.round((+x + +w) * scale), Math.round((+y + +h) * scale)];
      for (let py = y0; py < y1; py++) {
        for (let px = x0; px < x1; px++) data.fill(0, (py * width + px) * 4, (py * width + px) * 4 + 3);
      }
    }
  }
  return { data, width, height };
}

describe('renderQrSvg', () => {
  it('returns an SVG document', async () => {
    const svg = await renderQrSvg(PAYLOAD);
    expect(svg).toContain('<svg');
    expect(svg).toContain('</svg>');
  });

  it('refuses empty text with QrError', async () => {
    await expect(renderQrSvg('')).rejects.toBeInstanceOf(QrError);
  });
});

describe('renderPosterPdf', () => {
  const poster = {
    payload: PAYLOAD,
    merchantName: 'Lao Wang Noodles',
    label: 'Table 4',
    amount: '25.00 CNY',
    reference: 'ABC123',
  };

  it('renders one A6 portrait page', async () => {
    const pdf = await renderPosterPdf(poster);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
    expect(pageCount(pdf)).toBe(1);
    expect(pdf.toString('latin1')).toContain(A6_MEDIA_BOX);
    expect(pdf.toString('latin1')).toContain('/Helvetica');
  });

  it('draws the QR code as vector modules that a reader decodes back to the payload', async () => {
    const chinese = buildSaomaPayload({ ...INPUT, merchantName: '老王牛肉面', merchantCity: '北京' });
    for (const payload of [PAYLOAD, chinese]) {
      const { data, width, height } = rasteriseRectangles(await renderPosterPdf({ ...poster, payload }), 3);
      expect(jsQR(data, width, height)?.data).toBe(payload);
    }
  });

  it('is byte-for-byte deterministic', async () => {
    expect((await renderPosterPdf(poster)).equals(await renderPosterPdf(poster))).toBe(true);
  });

  it('renders an open-amount poster', async () => {
    const pdf = await renderPosterPdf({ ...poster, amount: undefined });
    expect(pageCount(pdf)).toBe(1);
  });

  it('falls back to Helvetica with the Latin form when no CJK font is available', async () => {
    const pdf = await renderPosterPdf({ ...poster, merchantName: '老王牛肉面', label: '4号桌' }, { font: null });
    const text = pdf.toString('latin1');
    expect(pageCount(pdf)).toBe(1);
    expect(text).toContain(A6_MEDIA_BOX);
    expect(text).not.toContain('/FontFile2');
  });

  const anyTtf = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
  (existsSync(anyTtf) ? it : it.skip)('embeds the given font for non-Latin text', async () => {
    // DejaVu has no Han glyphs; this checks the embedding path, not the glyphs.
    const pdf = await renderPosterPdf({ ...poster, merchantName: '老王牛肉面' }, { font: { path: anyTtf } });
    expect(pageCount(pdf)).toBe(1);
    expect(pdf.toString('latin1')).toContain('/FontFile2');
  });

  it('falls back to Helvetica when the font cannot be loaded', async () => {
    const pdf = await renderPosterPdf(
      { ...poster, merchantName: '老王牛肉面' },
      { font: { path: '/nonexistent/font.ttf' } },
    );
    expect(pageCount(pdf)).toBe(1);
    expect(pdf.toString('latin1')).not.toContain('/FontFile2');
  });

  it('uses whatever CJK font the machine has for Chinese names', async () => {
    const pdf = await renderPosterPdf({ ...poster, merchantName: '老王牛肉面' });
    expect(pageCount(pdf)).toBe(1);
    expect(pdf.toString('latin1')).toContain(A6_MEDIA_BOX);
  });
});
