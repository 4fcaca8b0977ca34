// The site's service worker (Workbox), at its root: every page of both languages and what the
// pages need to render (styles, scripts, icons, the search indexes), kept after the first
// visit, so that they open with the network off. Written by offline_workers.mjs, Workbox
// putting its precache manifest in place of the marker below; registered by docs/assets/offline.js.
//
// Pages come from the network first, so that a new deploy shows at once; from the kept copy
// when the network fails, sends nothing for PAGE_TIMEOUT_MS, or the host answers with an
// error of its own (5xx): a host's error page never replaces a good kept copy. A 404 stays
// a 404. Everything else that is kept comes from the cache: its names carry a content hash,
// or its revision is in the manifest.
//
// The plan picker's runtime (megabytes) is kept only once the picker has run on this device:
// the page asks for it ("keep-picker-runtime") when the picker has stored its snapshot. It is
// kept once, in its own cache, for both languages. Caches are never the truth: each runtime
// file is checked against the build's sha256 before it is kept and before a kept copy is
// served; a copy that fails (a captive portal's page, a truncated write) is dropped and
// fetched again. A new deploy keeps its own runtime at once where the previous one was kept,
// so the picker still answers offline after one online visit to any page.

importScripts("WORKBOX_PREFIX/workbox-sw.js");
workbox.setConfig({ modulePathPrefix: "WORKBOX_PREFIX/", debug: false });
// Each module is loaded now: a service worker may import scripts only while it starts.
const { core, precaching, routing } = workbox;

const PAGE_TIMEOUT_MS = 5000;
// {files: {url: [accepted sha256, ...]}, cache: name}: from the picker's boot settings.
const RUNTIME = PICKER_RUNTIME_SETTINGS;
const RUNTIME_CACHE = RUNTIME.cache;
const RUNTIME_SHA256 = new Map(Object.entries(RUNTIME.files).map(([url, sums]) => [new URL(url, self.location).href, sums]));

// A new deploy's worker takes over at once; its install has kept the new revisions, and its
// activation drops what the new manifest no longer lists.
self.skipWaiting();
core.clientsClaim();
precaching.cleanupOutdatedCaches();
precaching.precache(self.__WB_MANIFEST);

// ─── pages ───────────────────────────────────────────────────────────────────

// The kept copy of a page: /picker/?plan=pro is /picker/index.html.
const keptPage = (url) =>
  precaching.matchPrecache(new URL(url.pathname.endsWith("/") ? `${url.pathname}index.html` : url.pathname, url).href);

// Network first; the kept copy when the network fails, is late, or the host errs.
async function page({ request, url }) {
  const network = fetch(request);
  const late = new Promise((resolve) => setTimeout(resolve, PAGE_TIMEOUT_MS));
  let answer;
  try {
    answer = await Promise.race([network, late]);
  } catch (error) {
    const kept = await keptPage(url);
    if (kept) return kept;
    throw error;
  }
  if (answer && answer.status < 500) return answer;
  return (await keptPage(url)) ?? answer ?? (await network);
}

routing.registerRoute(({ request }) => request.mode === "navigate", page);
precaching.addRoute();

// ─── the picker's runtime ────────────────────────────────────────────────────

async function sha256Hex(buffer) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", buffer));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

// Whether `response` is the build's file for `url`: a success, with one of its checksums.
async function isTheBuilds(url, response) {
  if (!response?.ok) return false;
  return RUNTIME_SHA256.get(url).includes(await sha256Hex(await response.clone().arrayBuffer()));
}

// From the kept copy once it is kept, checked each time it is served (anything of the origin
// can write to Cache Storage, so a copy checked once proves nothing later; hashing the 12 MB
// takes tens of milliseconds, beside the worker's own start); until then, or when the copy
// fails its check (then dropped, and the network's answer kept in its place), from the network.
async function runtimeFile({ request }) {
  const cache = await caches.open(RUNTIME_CACHE);
  const kept = await cache.match(request.url, { ignoreVary: true });
  if (kept && (await isTheBuilds(request.url, kept))) return kept;
  if (!kept) return fetch(request);
  console.warn(`Offline reading: the kept ${request.url} was not the build's file; fetching it again`);
  await cache.delete(request.url);
  const fresh = await fetch(request.url, { cache: "reload" });
  if (await isTheBuilds(request.url, fresh)) await cache.put(request.url, fresh.clone());
  return fresh;
}

routing.registerRoute(({ url }) => RUNTIME_SHA256.has(url.href), runtimeFile);

// Keeps every runtime file not kept yet, fetched through the browser's HTTP cache (where the
// picker's own downloads left them); refuses any that is not the build's. Storage refused or
// full: nothing is kept, and the picker downloads its runtime as on a first visit.
async function keepPickerRuntime() {
  try {
    const cache = await caches.open(RUNTIME_CACHE);
    for (const url of RUNTIME_SHA256.keys()) {
      if (await cache.match(url)) continue;
      const response = await fetch(url);
      if (await isTheBuilds(url, response)) await cache.put(url, response);
      else console.warn(`Offline reading: ${url} was not the build's file (HTTP ${response.status}); not kept`);
    }
  } catch (error) {
    console.warn("Offline reading: the picker's runtime was not kept:", error);
  }
}

self.addEventListener("message", (event) => {
  if (event.data?.type === "keep-picker-runtime") event.waitUntil(keepPickerRuntime());
});

// A deploy: where the previous build's runtime was kept (the picker has run on this device),
// keep this build's now, so that the picker answers offline after this one online visit.
self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    if (await caches.has(RUNTIME_CACHE) && (await (await caches.open(RUNTIME_CACHE)).keys()).length) {
      await keepPickerRuntime();
    }
  })());
});

// Drops the runtime files that this build no longer names.
self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    if (!(await caches.has(RUNTIME_CACHE))) return;
    const cache = await caches.open(RUNTIME_CACHE);
    for (const request of await cache.keys()) {
      if (!RUNTIME_SHA256.has(request.url)) await cache.delete(request);
    }
  })());
});
