import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import * as fontkit from 'fontkit';
import { locateCjkFont } from './cjk-font.locator';

/** A font pdfkit can embed, and what it can draw. */
export interface PosterFont {
  /** What pdfkit's registerFont takes: a file path, or the bytes of a TTF/OTF. */
  src: string | Buffer;
  /** The face inside a .ttc collection. */
  family?: string;
  /** True when the font has a glyph for every character of `text` (spaces included). */
  canDraw(text: string): boolean;
}

/**
 * The CJK face shipped with the service: ZCOOL XiaoWei (SIL OFL 1.1), from the
 * npm package @fontsource/zcool-xiaowei. Its "chinese-simplified" file holds
 * all 5,961 characters of the face (GB 2312 level 1 and more, ASCII, ¥, €,
 * full-width punctuation); the numbered files are the same glyphs in
 * unicode-range slices for browsers.
 */
export const SHIPPED_FONT_MODULE = '@fontsource/zcool-xiaowei/files/zcool-xiaowei-chinese-simplified-400-normal.woff';

let shipped: PosterFont | null | undefined;
let system: PosterFont | null | undefined;

/**
 * The shipped CJK font as an in-memory TTF, unpacked from its WOFF once per
 * process (≈ 30 ms; the TTF is ≈ 5 MB). Null, never a throw, when the package
 * is missing or unreadable: posters then fall back to a system font.
 */
export function loadShippedPosterFont(): PosterFont | null {
  if (shipped === undefined) shipped = tryLoad(() => require.resolve(SHIPPED_FONT_MODULE));
  return shipped;
}

/** The system CJK font of cjk-font.locator (fontconfig), with its coverage; looked up once per process. */
export function loadSystemPosterFont(): PosterFont | null {
  if (system === undefined) {
    const file = locateCjkFont();
    system = null;
    if (file) {
      try {
        system = {
          src: file.path,
          family: file.family,
          canDraw: coverage(single(fontkit.openSync(file.path, file.family))),
        };
      } catch {
        system = null;
      }
    }
  }
  return system;
}

function tryLoad(resolve: () => string): PosterFont | null {
  try {
    const ttf = woffToSfnt(readFileSync(resolve()));
    return { src: ttf, canDraw: coverage(single(fontkit.create(ttf))) };
  } catch {
    return null;
  }
}

function single(font: fontkit.Font | fontkit.FontCollection): fontkit.Font {
  if ('fonts' in font) throw new Error('a font collection without a face name');
  return font;
}

function coverage(font: fontkit.Font): (text: string) => boolean {
  return (text) => Array.from(text).every((ch) => font.hasGlyphForCodePoint(ch.codePointAt(0)!));
}

const WOFF_HEADER = 44;
const WOFF_ENTRY = 20;
const SFNT_HEADER = 12;
const SFNT_ENTRY = 16;

/**
 * A WOFF 1.0 file (W3C, 2012) back to the TrueType/OpenType file it wraps:
 * the same tables, inflated where compressed, in the same order, each
 * 4-byte aligned, with the original checksums. pdfkit and poppler then read
 * it as any TTF. Throws on anything that is not a well-formed WOFF 1.0.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.length < WOFF_HEADER || woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF 1.0 file');
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const totalSfntSize = woff.readUInt32BE(16);
  if (numTables === 0 || WOFF_HEADER + numTables * WOFF_ENTRY > woff.length)
    throw new Error('bad WOFF table directory');

  const out = Buffer.alloc(Math.max(totalSfntSize, SFNT_HEADER + numTables * SFNT_ENTRY));
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 2 ** entrySelector * 16;
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(searchRange, 6);
  out.writeUInt16BE(entrySelector, 8);
  out.writeUInt16BE(numTables * 16 - searchRange, 10);

  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = WOFF_HEADER + i * WOFF_ENTRY;
    return {
      tag: woff.readUInt32BE(at),
      offset: woff.readUInt32BE(at + 4),
      compLength: woff.readUInt32BE(at + 8),
      origLength: woff.readUInt32BE(at + 12),
      checksum: woff.readUInt32BE(at + 16),
    };
  });
  let offset = SFNT_HEADER + numTables * SFNT_ENTRY;
  const chunks: Buffer[] = [];
  tables.forEach((t, i) => {
    if (t.offset + t.compLength > woff.length) throw new Error('WOFF table outside the file');
    const stored = woff.subarray(t.offset, t.offset + t.compLength);
    const data = t.compLength < t.origLength ? inflateSync(stored) : stored;
    if (data.length !== t.origLength) throw new Error('WOFF table of the wrong length');
    const record = SFNT_HEADER + i * SFNT_ENTRY;
    out.writeUInt32BE(t.tag, record);
    out.writeUInt32BE(t.checksum, record + 4);
    out.writeUInt32BE(offset, record + 8);
    out.writeUInt32BE(t.origLength, record + 12);
    chunks.push(data);
    offset += (t.origLength + 3) & ~3;
  });
  const sfnt = offset <= out.length ? out : Buffer.concat([out, Buffer.alloc(offset - out.length)]);
  let at = SFNT_HEADER + numTables * SFNT_ENTRY;
  for (const data of chunks) {
    data.copy(sfnt, at);
    at += (data.length + 3) & ~3;
  }
  return sfnt.subarray(0, offset);
}
