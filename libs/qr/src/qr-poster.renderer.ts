import PDFDocument from 'pdfkit';
import type { FontFile } from './cjk-font.locator';
import { latinForm } from './latin-form';
import { loadShippedPosterFont, loadSystemPosterFont, type PosterFont } from './poster-font.loader';
import { posterWording, type PosterLanguage } from './poster-wording';
import { QR_RENDER_OPTIONS, qrModules } from './qr-image.renderer';

export interface PosterInput {
  /** The text encoded in the QR code (an EMV payload). */
  payload: string;
  merchantName: string;
  /** A line under the code, e.g. the till or the product. */
  label: string;
  /** Fixed amount as printed, e.g. "¥ 25.00" (formatPosterAmount); omitted for open-amount codes. */
  amount?: string;
  /** Short id the merchant can read out when a scan fails. */
  reference: string;
  /** The language of the poster's own words ("scan to pay", "Ref:"); default English. */
  language?: PosterLanguage;
}

export interface PosterOptions {
  /**
   * Font for text Helvetica cannot draw. Default: the CJK font shipped with
   * the service (poster-font.loader), then a CJK font found through
   * fontconfig, each for the lines it can draw whole; a FontFile: that font
   * for all such text; null: never embed a font, print Latin forms in
   * Helvetica.
   */
  font?: FontFile | null;
}

// A6 portrait, in points; pdfkit's 'A6' is exactly this.
const PAGE = { width: 297.64, height: 419.53 };
const MARGIN = 20;
const TEXT_WIDTH = PAGE.width - 2 * MARGIN;
const QR_SIDE = 210;
const QR_TOP = 58;
// Helvetica (a PDF standard font) is drawn in WinAnsi: Latin-1 and the few extras pdfkit maps (€, quotes, dashes…).
const HELVETICA_SAFE = /^[\x20-\x7E\u00A0-\u00FF€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]*$/;

/**
 * One A6 page: merchant name, the QR code as vector squares (sharp at any
 * print size), "scan to pay" in the poster's language, label, fixed amount if
 * any, the reference and the Saoma name. Latin-1 lines are set in Helvetica,
 * others in an embedded font that has all their characters (subset by
 * pdfkit), else in their Latin form. Identical input gives identical bytes:
 * the creation date is pinned, so posters can be cached and compared.
 */
export async function renderPosterPdf(input: PosterInput, options: PosterOptions = {}): Promise<Buffer> {
  const modules = qrModules(input.payload);
  const wording = posterWording('', input.language ?? 'en');
  const english = posterWording('', 'en');
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

  const fonts = new PosterFonts(doc, options);
  doc.fillColor('#000000');
  fonts.line(input.merchantName, { bold: true, size: 16, y: 18, height: 38, fallback: 'Merchant' });

  drawQr(doc, modules, (PAGE.width - QR_SIDE) / 2, QR_TOP);

  let y = QR_TOP + QR_SIDE + 2;
  fonts.line(wording.scanToPay, { bold: true, size: 16, y, height: 22, fallback: english.scanToPay });
  y += 24;
  if (input.label) {
    fonts.line(input.label, { size: 11, y, height: 28 });
    y += 30;
  }
  if (input.amount !== undefined) {
    fonts.line(input.amount, { bold: true, size: 18, y, height: 24 });
    y += 26;
  }
  const reference = fonts.drawable(wording.referencePrefix) ? wording.referencePrefix : english.referencePrefix;
  fonts.line(`${reference}${input.reference}`, { size: 10, y, height: 14 });
  doc.fillColor('#555555');
  fonts.line('Saoma', { size: 10, y: PAGE.height - MARGIN - 12, height: 14 });

  doc.end();
  return done;
}

interface LineStyle {
  size: number;
  y: number;
  height: number;
  bold?: boolean;
  /** Printed when neither a font nor the Latin form can show the text. */
  fallback?: string;
}

/** Picks, per line, Helvetica or the first embedded font that draws it whole; registers fonts on first use. */
class PosterFonts {
  private readonly candidates: Array<{ name: string; font: PosterFont; usable?: boolean }>;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    options: PosterOptions,
  ) {
    const given = options.font;
    const fonts =
      given === null
        ? []
        : given !== undefined
          ? [{ src: given.path, family: given.family, canDraw: () => true }]
          : [loadShippedPosterFont(), loadSystemPosterFont()].filter((f): f is PosterFont => f !== null);
    this.candidates = fonts.map((font, i) => ({ name: `poster-${i}`, font }));
  }

  /** Can the text be drawn as is (by Helvetica or an embedded font)? */
  drawable(text: string): boolean {
    return HELVETICA_SAFE.test(text) || this.fontFor(text) !== undefined;
  }

  line(text: string, style: LineStyle): void {
    let font = style.bold ? 'Helvetica-Bold' : 'Helvetica';
    let shown = text;
    if (!HELVETICA_SAFE.test(text)) {
      const embedded = this.fontFor(text);
      // CJK fonts rarely come with a matching bold; one face keeps the page consistent.
      if (embedded) font = embedded;
      else shown = latinForm(text, 120) || (style.fallback ?? '');
    }
    if (!shown) return;
    this.doc.font(font).fontSize(style.size);
    this.doc.text(shown, MARGIN, style.y, { width: TEXT_WIDTH, height: style.height, align: 'center', ellipsis: true });
  }

  private fontFor(text: string): string | undefined {
    for (const c of this.candidates) {
      if (!c.font.canDraw(text)) continue;
      if (c.usable === undefined) c.usable = this.register(c.name, c.font);
      if (c.usable) return c.name;
    }
    return undefined;
  }

  /** Loads the font now, so an unreadable one is skipped here rather than failing mid-page. */
  private register(name: string, font: PosterFont): boolean {
    try {
      this.doc.registerFont(name, font.src, font.family);
      this.doc.font(name);
      return true;
    } catch {
      return false;
    }
  }
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
