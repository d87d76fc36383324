import jsQR from 'jsqr';

/** Reads the text of a QR code: the browser's BarcodeDetector where it has one, jsQR otherwise. */

interface Detector {
  detect(source: CanvasImageSource | ImageBitmap | ImageData): Promise<Array<{ rawValue: string }>>;
}
type DetectorCtor = { new (opts: { formats: string[] }): Detector; getSupportedFormats(): Promise<string[]> };

let detector: Promise<Detector | null> | null = null;

function nativeDetector(): Promise<Detector | null> {
  detector ??= (async () => {
    const Ctor = (globalThis as unknown as { BarcodeDetector?: DetectorCtor }).BarcodeDetector;
    if (!Ctor) return null;
    try {
      const formats = await Ctor.getSupportedFormats();
      return formats.includes('qr_code') ? new Ctor({ formats: ['qr_code'] }) : null;
    } catch {
      return null;
    }
  })();
  return detector;
}

/** Which decoder this browser uses (shown on the scan screen, handy when support asks). */
export async function decoderName(): Promise<string> {
  return (await nativeDetector()) ? 'BarcodeDetector' : 'jsQR';
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
): Promise<string | null> {
  const native = await nativeDetector();
  if (native) {
    try {
      const found = await native.detect(source as ImageBitmap);
      if (found.length) return found[0].rawValue;
    } catch {
      /* fall through to jsQR */
    }
  }
  for (const max of thorough ? [1024, 640, 1600] : [800]) {
    const img = pixels(source, width, height, max);
    if (!img) return null;
    const code = jsQR(img.data, img.width, img.height, { inversionAttempts: thorough ? 'attemptBoth' : 'dontInvert' });
    if (code?.data) return code.data;
  }
  return null;
}

/** One frame of the camera. */
export function decodeVideo(video: HTMLVideoElement): Promise<string | null> {
  if (video.readyState < 2) return Promise.resolve(null);
  return decode(video, video.videoWidth, video.videoHeight, false);
}

/** A picked photo or screenshot of a code. */
export async function decodeFile(file: Blob): Promise<string | null> {
  const bitmap = await createImageBitmap(file);
  try {
    return await decode(bitmap, bitmap.width, bitmap.height, true);
  } finally {
    bitmap.close();
  }
}
