// fontkit (a dependency of pdfkit, pinned in package.json) ships no types: the little the poster uses.
declare module 'fontkit' {
  export interface Font {
    readonly postscriptName: string | null;
    readonly familyName: string;
    readonly numGlyphs: number;
    readonly unitsPerEm: number;
    hasGlyphForCodePoint(codePoint: number): boolean;
  }

  export interface FontCollection {
    readonly fonts: Font[];
    getFont(postscriptName: string): Font | null;
  }

  /** A font (or a collection, without `postscriptName`) from the bytes of a TTF, OTF, TTC, WOFF or WOFF2 file. */
  export function create(buffer: Buffer, postscriptName?: string): Font | FontCollection;
  export function openSync(path: string, postscriptName?: string): Font | FontCollection;
}
