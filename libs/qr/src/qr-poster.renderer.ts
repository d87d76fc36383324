import PDFDocument from 'pdfkit';
import { FontFile, locateCjkFont } from './cjk-font.locator';
import { latinForm } from './latin-form';
import { QR_RENDER_OPTIONS, qrModules } from './qr-image.renderer';

export interface PosterInput {
  /** The text encoded in the QR code (an EMV payload). */
  payload: string;
  merchantName: string;
  /** A line under the code, e.g. the till or the product. */
  label: string;
  /** Fixed amount with currency, e.g. "25.00 CNY"; omitted for open-amount codes. */
  amount?: string;
  /** Short id the merchant can read out when a scan fails. */
  reference: string;
}

export interface PosterOptions {
  /**
   * Font for text Helvetica cannot draw. Default: a CJK font found through
   * fontconfig; null: never embed a font, print Latin forms in Helvetica.
   */
  font?: FontFile | null;
}

// A6 portrait, in points; pdfkit's 'A6' is exactly this.
const PAGE = { width: 297.64, height: 419.53 };
const MARGIN = 20;
const TEXT_WIDTH = PAGE.width - 2 * MARGIN;
const QR_SIDE = 210;
const QR_TOP = 62;
// Helvetica (a PDF standard font) is drawn in WinAnsi; Latin-1 is a safe subset of it.
const HELVETICA_SAFE = /^[\x20-\x7E\u00A0-\u00FF]*$/;

/**
 * One A6 page: merchant name, the QR code as vector squares (sharp at any
 * print size), label, fixed amount if any, "Ref: <reference>" and
 * "Scan with Saoma". Identical input gives identical bytes: the creation date
 * is pinned, so posters can be cached and compared.
 */
export async function renderPosterPdf(input: PosterInput, options: PosterOptions = {}): Promise<Buffer> {
  const modules = qrModules(input.payload);
  const doc = new PDFDocument({
    size: [PAGE.width, PAGE.height],
    margin: 0,
    info: { Title: input.merchantName, Creator: 'Saoma', Producer: 'Saoma', CreationDate: new Date(0) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const lines = [input.merchantName, input.label, input.amount ?? '', input.reference];
  const fonts = chooseFonts(doc, lines, options);
  const show = (text: string, fallback = ''): string =>
    fonts.unicode || HELVETICA_SAFE.test(text) ? text : latinForm(text, 120) || fallback;

  doc.fillColor('#000000');
  doc.font(fonts.bold).fontSize(16);
  centred(doc, show(input.merchantName, 'Merchant'), 22, 40);

  drawQr(doc, modules, (PAGE.width - QR_SIDE) / 2, QR_TOP);

  let y = QR_TOP + QR_SIDE + 8;
  doc.font(fonts.regular).fontSize(12);
  centred(doc, show(input.label), y, 30);
  y += 32;
  if (input.amount !== undefined) {
    doc.font(fonts.bold).fontSize(18);
    centred(doc, show(input.amount), y, 24);
    y += 28;
  }
  doc.font(fonts.regular).fontSize(11);
  centred(doc, `Ref: ${show(input.reference)}`, y, 16);
  doc.fontSize(10).fillColor('#555555');
  centred(doc, 'Scan with Saoma', PAGE.height - MARGIN - 12, 14);

  doc.end();
  return done;
}

interface PosterFonts {
  regular: string;
  bold: string;
  /** True when the embedded font can take the text as is. */
  unicode: boolean;
}

/** Helvetica when it can draw everything (no font embedded); else a CJK font if one is found. */
function chooseFonts(doc: PDFKit.PDFDocument, lines: string[], options: PosterOptions): PosterFonts {
  const helvetica = { regular: 'Helvetica', bold: 'Helvetica-Bold', unicode: false };
  if (lines.every((line) => HELVETICA_SAFE.test(line))) return helvetica;
  const font = options.font === undefined ? locateCjkFont() : options.font;
  if (!font) return helvetica;
  try {
    doc.registerFont('poster', font.path, font.family);
    doc.font('poster'); // loads now, so an unreadable font falls back here rather than failing mid-page
  } catch {
    return helvetica;
  }
  // CJK fonts rarely come with a matching bold; one face keeps the page consistent.
  return { regular: 'poster', bold: 'poster', unicode: true };
}

function centred(doc: PDFKit.PDFDocument, text: string, y: number, height: number): void {
  if (text) doc.text(text, MARGIN, y, { width: TEXT_WIDTH, height, align: 'center', ellipsis: true });
}

/** Dark modules as filled rectangles, one per horizontal run, inside the quiet zone. */
function drawQr(doc: PDFKit.PDFDocument, qr: ReturnType<typeof qrModules>, left: number, top: number): void {
  const quiet = QR_RENDER_OPTIONS.margin;
  const cell = QR_SIDE / (qr.size + 2 * quiet);
  for (let row = 0; row < qr.size; row++) {
    let col = 0;
    while (col < qr.size) {
      if (!qr.isDark(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < qr.size && qr.isDark(row, col)) col++;
      doc.rect(left + (quiet + start) * cell, top + (quiet + row) * cell, (col - start) * cell, cell);
    }
  }
  // One fill for all rectangles: fewer operators and no seams between runs.
  doc.fill('#000000');
}
