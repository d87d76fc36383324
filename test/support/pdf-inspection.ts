/*
 * A PDF as poppler (poppler-utils) and zbar (zbar-tools) see it: page count
 * and size, embedded fonts, extracted text, and the QR codes a reader finds
 * in the page rendered as a picture. The tools are required: a test that uses
 * these helpers fails, never skips, where they are missing (CI installs them
 * in .ci/run).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const TOOLS = {
  pdfinfo: 'poppler-utils',
  pdffonts: 'poppler-utils',
  pdftotext: 'poppler-utils',
  pdftoppm: 'poppler-utils',
  zbarimg: 'zbar-tools',
} as const;
type Tool = keyof typeof TOOLS;

function run(tool: Tool, args: string[]): Buffer {
  try {
    return execFileSync(tool, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 60_000,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${tool} is not installed: apt-get install -y ${TOOLS[tool]} (the PDF tests need it)`, {
        cause: err,
      });
    }
    throw err;
  }
}

/** Runs `fn` with the PDF written to a file in a fresh directory, removed afterwards. */
function withPdf<T>(pdf: Buffer, fn: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'saoma-pdf-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    writeFileSync(file, pdf);
    return fn(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface PdfInfo {
  pages: number;
  /** Of the first page, in points, e.g. { width: 297.64, height: 419.53 }. */
  pageSize: { width: number; height: number };
}

/** `pdfinfo`: page count and page size. */
export function pdfInfo(pdf: Buffer): PdfInfo {
  const out = withPdf(pdf, (file) => run('pdfinfo', [file]).toString('utf8'));
  const pages = /^Pages:\s+(\d+)$/m.exec(out);
  const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(out);
  if (!pages || !size) throw new Error(`unexpected pdfinfo output:\n${out}`);
  return { pages: Number(pages[1]), pageSize: { width: Number(size[1]), height: Number(size[2]) } };
}

export interface PdfFont {
  /** e.g. "BZZZZZ+ZCOOLXiaoWei-Regular" (subset tag and PostScript name). */
  name: string;
  type: string;
  embedded: boolean;
  subset: boolean;
  /** Has a ToUnicode map: text can be extracted and searched. */
  unicode: boolean;
}

/** `pdffonts`: the fonts the PDF uses. */
export function pdfFonts(pdf: Buffer): PdfFont[] {
  const out = withPdf(pdf, (file) => run('pdffonts', [file]).toString('utf8'));
  const lines = out.split('\n');
  const rule = lines.findIndex((l) => /^-+ /.test(l));
  if (rule < 0) throw new Error(`unexpected pdffonts output:\n${out}`);
  return lines
    .slice(rule + 1)
    .filter((l) => l.trim())
    .map((l) => {
      // name, type (may hold spaces), encoding, then emb sub uni "object ID" columns: read from the right
      const cols = l.trim().split(/\s+/);
      const [emb, sub, uni] = cols.slice(-5, -2);
      return {
        name: cols[0],
        type: cols.slice(1, -6).join(' '),
        embedded: emb === 'yes',
        subset: sub === 'yes',
        unicode: uni === 'yes',
      };
    });
}

/** `pdftotext`: the text of the PDF, UTF-8, in reading order. */
export function pdfText(pdf: Buffer): string {
  return withPdf(pdf, (file) => run('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8'));
}

/**
 * The QR code in the first page as a phone would see a print of it: the page
 * rendered by `pdftoppm -r <dpi> -png`, read by `zbarimg`; the code's bytes
 * taken as UTF-8 (tag 64 of a Saoma payload carries the name in its own
 * script). Null when no code is found.
 */
export function readQrCode(pdf: Buffer, dpi = 200): string | null {
  return withPdf(pdf, (file, dir) => {
    run('pdftoppm', ['-r', String(dpi), '-png', '-f', '1', '-l', '1', file, path.join(dir, 'page')]);
    const png = readdirSync(dir).find((f) => f.endsWith('.png'));
    if (!png) throw new Error('pdftoppm wrote no picture');
    try {
      // -Sbinary: the code's bytes as they are, no guess at a legacy encoding
      return run('zbarimg', ['--quiet', '--raw', '-Sbinary', path.join(dir, png)]).toString('utf8');
    } catch (err) {
      if ((err as { status?: number }).status === 4) return null; // zbarimg: no code found
      throw err;
    }
  });
}
