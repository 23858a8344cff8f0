// ziping's service worker: the app works offline after its first load.
//
// scripts/precache.mjs (Trunk's post_build hook) writes this file into dist/ with the build's
// id and the list of its files (hashed names kept), so every build is a new service worker
// and the browser sees the change.
//
// - install: precaches every file of the build (the app, the print and report module, the
//   icons, the manifest) into a cache named after the scope and the build;
// - activate: deletes this scope's caches of other builds;
// - fetch: the app shell and its files cache-first; config.json (the deployer's settings)
//   from the network, the cached copy when offline; nothing else is touched.
//
// A new build never takes over a page by itself: it waits until the page asks
// (`skipWaiting` message), which the page does only when the person agrees, after the draft
// has been saved (ziping-shell.js).
const BUILD = '__ZIPING_BUILD__';
const FILES = __ZIPING_FILES__;

const SCOPE = self.registration.scope;
const PREFIX = 'ziping:' + SCOPE + ':';
const CACHE = PREFIX + BUILD;
const INDEX = new URL('./', SCOPE).href;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES.map((f) => new URL(f, SCOPE).href))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'ziping:activate') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || !request.url.startsWith(SCOPE)) return;
  if (url.pathname.endsWith('/config.json')) {
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(url.href.split('?')[0], copy));
          }
          return response;
        })
        .catch(() => caches.match(url.href.split('?')[0], { cacheName: CACHE }).then((r) => r || Response.error())),
    );
    return;
  }
  // A page of the app (`./`, `./index.html`, `./?embed=1`) is the cached index.html.
  const key = request.mode === 'navigate' ? INDEX : url.href.split('#')[0];
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(key, { ignoreSearch: request.mode === 'navigate' }).then((hit) => hit || fetch(request)),
    ),
  );
});
