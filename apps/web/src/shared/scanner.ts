import jsQR from 'jsqr';

/**
 * Reads the text of a code in a camera frame or a picture: the browser's
 * BarcodeDetector where it has one (QR codes, and the other formats asked for,
 * such as the Code 128 barcode of a phone's payment code), jsQR otherwise
 * (QR codes only).
 */

/** The BarcodeDetector formats a reader may ask for. */
export type CodeFormat = 'qr_code' | 'code_128';
/** What the wallet scans: the merchants' QR codes. */
const QR_ONLY: readonly CodeFormat[] = ['qr_code'];

interface Detector {
  detect(source: CanvasImageSource | ImageBitmap | ImageData): Promise<Array<{ rawValue: string }>>;
}
type DetectorCtor = { new (opts: { formats: string[] }): Detector; getSupportedFormats(): Promise<string[]> };

/** One native detector per set of formats, made on first use; null where the browser has none for them. */
const detectors = new Map<string, Promise<Detector | null>>();

function nativeDetector(formats: readonly CodeFormat[]): Promise<Detector | null> {
  const key = formats.join(',');
  let d = detectors.get(key);
  if (!d) {
    d = (async () => {
      const Ctor = (globalThis as unknown as { BarcodeDetector?: DetectorCtor }).BarcodeDetector;
      if (!Ctor) return null;
      try {
        const supported = await Ctor.getSupportedFormats();
        const usable = formats.filter((f) => supported.includes(f));
        return usable.length ? new Ctor({ formats: usable }) : null;
      } catch {
        return null;
      }
    })();
    detectors.set(key, d);
  }
  return d;
}

/** Which decoder this browser uses (shown on the scan screens, handy when support asks). */
export async function decoderName(formats: readonly CodeFormat[] = QR_ONLY): Promise<string> {
  return (await nativeDetector(formats)) ? 'BarcodeDetector' : 'jsQR';
}

const canvas = document.createElement('canvas');
const ctx = canvas.getContext('2d', { willReadFrequently: true });

/** Draws the source into the work canvas, at most `max` pixels on its long side. */
function pixels(source: CanvasImageSource, width: number, height: number, max: number): ImageData | null {
  if (!ctx || !width || !height) return null;
  const k = Math.min(1, max / Math.max(width, height));
  canvas.width = Math.round(width * k);
  canvas.height = Math.round(height * k);
  ctx.imageSmoothingEnabled = k < 1;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(source, 0, 0, canvas.width, canvas.height);
  return ctx.getImageData(0, 0, canvas.width, canvas.height);
}

async function decode(
  source: CanvasImageSource,
  width: number,
  height: number,
  thorough: boolean,
  formats: readonly CodeFormat[],
): Promise<string | null> {
  const native = await nativeDetector(formats);
  if (native) {
    try {
      const found = await native.detect(source as ImageBitmap);
      if (found.length) return found[0].rawValue;
    } catch {
      /* fall through to jsQR */
    }
  }
  if (!formats.includes('qr_code')) return null;
  for (const max of thorough ? [1024, 640, 1600] : [800]) {
    const img = pixels(source, width, height, max);
    if (!img) return null;
    const code = jsQR(img.data, img.width, img.height, { inversionAttempts: thorough ? 'attemptBoth' : 'dontInvert' });
    if (code?.data) return code.data;
  }
  return null;
}

/** One frame of the camera. */
export function decodeVideo(video: HTMLVideoElement, formats: readonly CodeFormat[] = QR_ONLY): Promise<string | null> {
  if (video.readyState < 2) return Promise.resolve(null);
  return decode(video, video.videoWidth, video.videoHeight, false, formats);
}

/** A picked photo or screenshot of a code. */
export async function decodeFile(file: Blob, formats: readonly CodeFormat[] = QR_ONLY): Promise<string | null> {
  const bitmap = await createImageBitmap(file);
  try {
    return await decode(bitmap, bitmap.width, bitmap.height, true, formats);
  } finally {
    bitmap.close();
  }
}
