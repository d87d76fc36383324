import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** The three web fronts, each a single-page app served under its own path. */
export const WEB_FRONTS = ['app', 'merchant', 'finance'] as const;

/**
 * The Content-Security-Policy of the fronts: the service's own origin only, no
 * inline script or style (Vite emits external files); QR previews are blob: URLs
 * of images fetched with the principal's credential, the poster a blob: PDF.
 */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'self' blob:",
  "frame-src 'self' blob:",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Where `vite build` put the fronts: dist/web next to dist/apps (built service) or under the repo root (tests run from source). */
export function findWebDist(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [
    env.WEB_DIST_DIR,
    path.resolve(__dirname, '../../../../web'),
    path.resolve(__dirname, '../../../../dist/web'),
  ];
  for (const dir of candidates) if (dir && fs.existsSync(path.join(dir, 'app', 'index.html'))) return dir;
  return null;
}

/** Whether a path belongs to the fronts (their pages and their hashed assets), which get WEB_CSP. */
export function isWebPath(path: string): boolean {
  return (
    path === '/assets' ||
    path.startsWith('/assets/') ||
    WEB_FRONTS.some((f) => path === `/${f}` || path.startsWith(`/${f}/`))
  );
}

const YEAR_MS = 365 * 24 * 3600_000;

/**
 * Serves the built fronts at /app, /merchant and /finance (their hashed
 * bundles under /assets), with a fall-back to each front's index.html for the
 * routes of its single-page router. Plain Fastify routes beside the Nest
 * router, so these pages are no API routes: they carry no credential and are
 * not in the OpenAPI document. Their headers (WEB_CSP) come from the request
 * hook, by path (isWebPath).
 */
export async function serveWebFronts(fastify: FastifyInstance, dir: string | null = findWebDist()): Promise<void> {
  if (!dir) {
    for (const front of WEB_FRONTS) {
      fastify.get(`/${front}/*`, (_req, reply) =>
        reply.code(503).type('text/plain').send('The web fronts are not built: run `npm run build`.'),
      );
    }
    return;
  }
  // only reply.sendFile(): the routes below decide what is served
  await fastify.register(fastifyStatic, { root: dir, serve: false });
  fastify.get('/assets/*', (req, reply) =>
    reply.sendFile((req.params as { '*': string })['*'], path.join(dir, 'assets'), {
      immutable: true,
      maxAge: YEAR_MS,
      index: false,
    }),
  );
  for (const front of WEB_FRONTS) {
    const root = path.join(dir, front);
    fastify.get(`/${front}`, (_req, reply) => reply.redirect(`/${front}/`, 301));
    fastify.get(`/${front}/*`, (req, reply) => {
      const file = (req.params as { '*': string })['*'];
      // the page and the service worker are looked at again on every load; hashed assets are not here
      reply.header('cache-control', 'no-cache');
      // client-side routes (/app/statement, /merchant/till, ...): the page itself; a missing file stays a 404
      if (!path.extname(file)) return reply.sendFile('index.html', root, { cacheControl: false });
      if (file.endsWith('sw.js')) reply.header('service-worker-allowed', `/${front}/`);
      return reply.sendFile(file, root, { cacheControl: false, index: false });
    });
  }
}
