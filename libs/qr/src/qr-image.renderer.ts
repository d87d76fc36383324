import * as QRCode from 'qrcode';
import { invalidQr } from './qr-error';

/**
 * Level M (~15% recovery) is the usual trade-off for payment codes: it survives
 * a scuffed sticker without growing the symbol as much as Q/H. A 4-module quiet
 * zone is what the QR standard requires for reliable scanning.
 */
export const QR_RENDER_OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;

const DEFAULT_SCALE = 8;

/** PNG of `text`, `scale` pixels per module (default 8). */
export async function renderQrPng(text: string, options: { scale?: number } = {}): Promise<Buffer> {
  const scale = options.scale ?? DEFAULT_SCALE;
  if (!Number.isInteger(scale) || scale < 1 || scale > 64) {
    throw invalidQr(`scale must be an integer from 1 to 64, got ${scale}`);
  }
  return wrap(() => QRCode.toBuffer(text, { ...QR_RENDER_OPTIONS, type: 'png', scale }));
}

/** SVG document of `text` (scalable; size it with CSS). */
export async function renderQrSvg(text: string): Promise<string> {
  return wrap(() => QRCode.toString(text, { ...QR_RENDER_OPTIONS, type: 'svg' }));
}

/** The module matrix, for drawing the code as vectors (e.g. on a poster). */
export function qrModules(text: string): { size: number; isDark(row: number, col: number): boolean } {
  try {
    const { modules } = QRCode.create(text, { errorCorrectionLevel: QR_RENDER_OPTIONS.errorCorrectionLevel });
    return { size: modules.size, isDark: (row, col) => Boolean(modules.get(row, col)) };
  } catch (error) {
    throw renderFailure(error);
  }
}

async function wrap<T>(render: () => Promise<T>): Promise<T> {
  try {
    return await render();
  } catch (error) {
    throw renderFailure(error);
  }
}

// qrcode throws plain Errors (empty text, too much data); keep our error contract.
function renderFailure(error: unknown): Error {
  return invalidQr(`cannot render QR code: ${error instanceof Error ? error.message : String(error)}`);
}
