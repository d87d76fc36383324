import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { buildSaomaPayload, QrError, renderQrPng, SaomaPayloadInput } from '@saoma/qr';

const INPUT: SaomaPayloadInput = {
  dynamic: true,
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

function scan(png: Buffer) {
  const image = PNG.sync.read(png);
  const found = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
  if (!found) throw new Error('jsQR found no QR code');
  return found;
}

describe('renderQrPng', () => {
  it('renders a Latin Saoma payload that a reader decodes back exactly', async () => {
    const payload = buildSaomaPayload(INPUT);
    const found = scan(await renderQrPng(payload));
    expect(found.data).toBe(payload);
    expect(Buffer.from(found.binaryData).toString('utf8')).toBe(payload);
  });

  it('round-trips a payload with Chinese in tag 64 as UTF-8 bytes', async () => {
    const payload = buildSaomaPayload({ ...INPUT, merchantName: '老王牛肉面', merchantCity: '北京' });
    expect(payload).toContain('老王牛肉面');
    const found = scan(await renderQrPng(payload, { scale: 4 }));
    // The symbol carries the UTF-8 bytes the CRC was computed over.
    expect(Buffer.from(found.binaryData).toString('utf8')).toBe(payload);
    // jsQR also decodes byte-mode UTF-8 itself.
    expect(found.data).toBe(payload);
  });

  it('draws a 4-module quiet zone at the requested scale', async () => {
    const png = await renderQrPng('io.saoma', { scale: 3 });
    const image = PNG.sync.read(png);
    const { version } = scan(png);
    expect(image.width).toBe((17 + 4 * version + 8) * 3);
    // The whole quiet zone band (12 px) is white.
    for (let x = 0; x < image.width; x++) {
      for (let y = 0; y < 12; y++) expect(image.data[(y * image.width + x) * 4]).toBe(255);
    }
  });

  it('refuses a bad scale and text too long for any QR code, with QrError', async () => {
    await expect(renderQrPng('x', { scale: 0 })).rejects.toBeInstanceOf(QrError);
    await expect(renderQrPng('x'.repeat(5000))).rejects.toBeInstanceOf(QrError);
  });
});
