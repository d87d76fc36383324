import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/**
 * The three fronts as one multi-page build: dist/web/{app,merchant,finance}/index.html
 * and their hashed bundles in dist/web/assets. Served by the service itself
 * (apps/api/src/web/web-fronts.ts) at /app, /merchant and /finance.
 */
export default defineConfig({
  root: here('.'),
  base: '/',
  publicDir: here('public'),
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: here('../../dist/web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    rolldownOptions: {
      input: {
        app: here('app/index.html'),
        merchant: here('merchant/index.html'),
        finance: here('finance/index.html'),
      },
    },
  },
  server: {
    // `npx vite --config apps/web/vite.config.mts` while the service runs on 3000
    proxy: { '/v1': 'http://127.0.0.1:3000' },
  },
});
