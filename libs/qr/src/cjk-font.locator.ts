import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A font file pdfkit can embed; `family` names the face inside a .ttc collection. */
export interface FontFile {
  path: string;
  family?: string;
}

let cached: FontFile | null | undefined;

/**
 * Finds a font that can draw Chinese, via fontconfig (`fc-list :lang=zh`),
 * preferring a regular-weight Simplified Chinese face. Looked up once per process; returns null
 * when fontconfig is missing or no such font is installed.
 */
export function locateCjkFont(): FontFile | null {
  if (cached === undefined) cached = lookUp();
  return cached;
}

function lookUp(): FontFile | null {
  let listing: string;
  try {
    listing = execFileSync('fc-list', ['-f', '%{file}|%{postscriptname}|%{style}\n', ':lang=zh'], {
      encoding: 'utf8',
      timeout: 5000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return null;
  }
  const faces = listing
    .split('\n')
    .map((line) => line.split('|'))
    .filter(([path]) => path && /\.(ttf|otf|ttc|otc)$/i.test(path) && existsSync(path))
    .map(([path, postscriptName = '', style = '']) => ({ path, postscriptName, style }))
    // Stable order across runs: fc-list order is not guaranteed.
    .sort((a, b) => a.path.localeCompare(b.path) || a.postscriptName.localeCompare(b.postscriptName));
  const regular = faces.filter((f) => /\b(Regular|Book|Normal)\b/i.test(f.style));
  // Among regional variants (Noto/Source Han ship JP, KR, SC, TC...) prefer Simplified Chinese.
  const face = regular.find((f) => /(sc|cn|gb)(-|$)/i.test(f.postscriptName)) ?? regular[0] ?? faces[0];
  if (!face) return null;
  // Collections need the face's PostScript name; plain files do not.
  return /\.(ttc|otc)$/i.test(face.path) && face.postscriptName
    ? { path: face.path, family: face.postscriptName }
    : { path: face.path };
}
