import fs from 'node:fs';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

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
  const candidates = [env.WEB_DIST_DIR, path.resolve(__dirname, '../../../../web'), path.resolve(__dirname, '../../../../dist/web')];
  for (const dir of candidates) if (dir && fs.existsSync(path.join(dir, 'app', 'index.html'))) return dir;
  return null;
}

/**
 * Serves the built fronts at /app, /merchant and /finance (their hashed
 * bundles under /assets), with a fall-back to each front's index.html for the
 * routes of its single-page router. Plain Express middleware ahead of the Nest
 * router, so these pages are no API routes: they carry no credential and are
 * not in the OpenAPI document.
 */
export function serveWebFronts(app: NestExpressApplication, dir: string | null = findWebDist()): void {
  const strictCsp = (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Content-Security-Policy', WEB_CSP);
    res.setHeader('Permissions-Policy', 'camera=(self), microphone=(), geolocation=()');
    next();
  };
  if (!dir) {
    for (const front of WEB_FRONTS) {
      app.use(`/${front}`, (req: Request, res: Response, next: NextFunction) => {
        if (req.method !== 'GET' && req.method !== 'HEAD') return next();
        res.status(503).type('text/plain').send('The web fronts are not built: run `npm run build`.');
      });
    }
    return;
  }
  app.use('/assets', strictCsp);
  app.useStaticAssets(path.join(dir, 'assets'), {
    prefix: '/assets',
    immutable: true,
    maxAge: '365d',
    index: false,
    redirect: false,
  });
  for (const front of WEB_FRONTS) {
    const root = path.join(dir, front);
    const index = path.join(root, 'index.html');
    app.use(`/${front}`, strictCsp);
    app.useStaticAssets(root, {
      prefix: `/${front}`,
      index: 'index.html',
      redirect: true,
      setHeaders: (res: Response, file: string) => {
        // the page and the service worker are looked at again on every load; hashed assets are not here
        res.setHeader('Cache-Control', 'no-cache');
        if (file.endsWith('sw.js')) res.setHeader('Service-Worker-Allowed', `/${front}/`);
      },
    });
    // client-side routes (/app/statement, /merchant/till, ...): the page itself
    app.use(`/${front}`, (req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') return next();
      if (path.extname(req.path)) return next(); // a missing file stays a 404
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(index);
    });
  }
}
