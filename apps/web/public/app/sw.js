/* Saoma wallet service worker: caches the app shell only (the page, its hashed
 * bundles, the manifest and icons) so that the wallet opens offline. It never
 * touches /v1: balances, payments and credentials always go to the network. */
const SHELL = 'saoma-shell-v1';
const PAGE = '/app/';
const STATIC = ['/app/manifest.webmanifest', '/app/icons/icon.svg', '/app/icons/icon-192.png', '/app/icons/icon-512.png'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      await cache.addAll([PAGE, ...STATIC]);
      // the page's own bundles, whatever their hashed names in this build
      const html = await (await cache.match(PAGE)).text();
      const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
      await cache.addAll(assets);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== SHELL) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.mode === 'navigate' && url.pathname.startsWith('/app')) {
    // the page: the network first (a new build shows at once), the cached shell offline
    event.respondWith(
      (async () => {
        try {
          const res = await fetch(req);
          if (res.ok) (await caches.open(SHELL)).put(PAGE, res.clone());
          return res;
        } catch {
          return (await caches.match(PAGE)) || Response.error();
        }
      })(),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/') || STATIC.includes(url.pathname)) {
    // hashed bundles never change under a name: cache first
    event.respondWith(
      (async () => {
        const hit = await caches.match(req);
        if (hit) return hit;
        const res = await fetch(req);
        if (res.ok) (await caches.open(SHELL)).put(req, res.clone());
        return res;
      })(),
    );
  }
  // everything else (the API) goes straight to the network
});
