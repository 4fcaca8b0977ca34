// The site's service worker (Workbox), at its root: every page of both languages and what the
// pages need to render (styles, scripts, icons, the search indexes), kept after the first
// visit, so that they open with the network off. Written by offline_workers.mjs, Workbox
// putting its precache manifest in place of the marker below; registered by docs/assets/offline.js.
//
// Pages come from the network first, so that a new deploy shows at once; from the kept copy
// when the network fails (or sends nothing for PAGE_TIMEOUT_MS). Everything else that is kept
// comes from the cache: its names carry a content hash, or its revision is in the manifest.
//
// The plan picker's runtime (megabytes) is kept only once the picker has run on this device:
// the page asks for it ("keep-picker-runtime") when the picker has stored its snapshot. It is
// kept once, in RUNTIME_CACHE, for both languages, and an update drops the files the new
// build no longer names.

importScripts("WORKBOX_PREFIX/workbox-sw.js");
workbox.setConfig({ modulePathPrefix: "WORKBOX_PREFIX/", debug: false });
// Each module is loaded now: a service worker may import scripts only while it starts.
const { core, precaching, routing } = workbox;

const PAGE_TIMEOUT_MS = 5000;
const RUNTIME_CACHE = "plan-picker-runtime";
const PICKER_RUNTIME = new Set(PICKER_RUNTIME_URLS.map((url) => new URL(url, self.location).href));

// A new deploy's worker takes over at once; its install has kept the new revisions, and its
// activation drops what the new manifest no longer lists.
self.skipWaiting();
core.clientsClaim();
precaching.cleanupOutdatedCaches();
precaching.precache(self.__WB_MANIFEST);

// The kept copy of a page: /picker/?plan=pro is /picker/index.html.
const keptPage = (url) =>
  precaching.matchPrecache(new URL(url.pathname.endsWith("/") ? `${url.pathname}index.html` : url.pathname, url).href);

routing.registerRoute(
  ({ request }) => request.mode === "navigate",
  async ({ request, url }) => {
    const network = fetch(request);
    const late = new Promise((resolve) => setTimeout(resolve, PAGE_TIMEOUT_MS));
    try {
      const first = await Promise.race([network, late]);
      if (first) return first;
      return (await keptPage(url)) ?? (await network);  // the network is slow: the kept copy, if any
    } catch (error) {
      const kept = await keptPage(url);
      if (kept) return kept;
      throw error;
    }
  },
);
precaching.addRoute();
// The picker's runtime: from its cache once kept; until then from the network (not kept).
routing.registerRoute(
  ({ url }) => PICKER_RUNTIME.has(url.href),
  async ({ request }) => (await caches.match(request, { cacheName: RUNTIME_CACHE, ignoreVary: true })) ?? fetch(request),
);

self.addEventListener("message", (event) => {
  if (event.data?.type === "keep-picker-runtime") event.waitUntil(keepPickerRuntime());
});

// Fetched through the browser's HTTP cache, where the picker's own downloads left them.
async function keepPickerRuntime() {
  const cache = await caches.open(RUNTIME_CACHE);
  for (const url of PICKER_RUNTIME) {
    if (!(await cache.match(url))) await cache.add(url);
  }
}

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(RUNTIME_CACHE);
    for (const request of await cache.keys()) {
      if (!PICKER_RUNTIME.has(request.url)) await cache.delete(request);
    }
  })());
});
