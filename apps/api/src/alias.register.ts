// Compiled output keeps `@saoma/<lib>` imports as written; resolve them to
// dist/libs/<lib>/src at run time (jest maps them with moduleNameMapper).
// eslint-disable-next-line @typescript-eslint/no-require-imports
import Module = require('node:module');
import path from 'node:path';

const LIBS = path.resolve(__dirname, '../../../libs');
const mod = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const original = mod._resolveFilename;
mod._resolveFilename = function (request: string, ...rest: unknown[]): string {
  const m = /^@saoma\/([a-z-]+)$/.exec(request);
  return original.call(this, m ? path.join(LIBS, m[1], 'src') : request, ...rest);
};
