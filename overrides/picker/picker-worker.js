// Plan picker worker: boots Pyodide off the main thread and answers questions
// with support_policy.browser. Runs as a module worker from the site's origin,
// started by an inline script at the top of the page's <head>.
//
// Fast path: restore the memory snapshot made at build time (Python with the
// widget imported and the policy loaded). Downloaded, it is checked against the
// build's sha256 of the file; kept inflated in Cache Storage for the next visit, it is
// checked against the build's sha256 of the inflated bytes. Slow path,
// if anything about the snapshot fails: start Python and install the wheel
// (its sha256 is checked by Pyodide against the lock file).

let browser = null;
let afterAnswer = null;  // keeps a downloaded snapshot in Cache Storage, once
const timeFormats = {};  // per language
const timings = {};  // ms since the worker started, per boot step: in the page's picker:ready mark, for diagnosis
const step = (name) => { timings[name] = Math.round(performance.now()); };

// Starts Python; resolves to what to keep in Cache Storage for the next visit
// ([url, inflated snapshot]), or null when nothing is to be kept.
async function boot(urls) {
  // Absolute URLs: Pyodide resolves the wheel's path against the lock file's.
  const absolute = (url) => new URL(url, self.location.href).href;
  const indexURL = absolute(urls.indexURL);
  const options = { indexURL, lockFileURL: absolute(urls.lockFileURL), stdLibURL: absolute(urls.stdLibURL) };
  step("boot");
  // Every download starts now, together, and the runtime compiles while the snapshot
  // arrives (left alone, Pyodide would compile it only once the snapshot is in).
  const snapshot = fetchSnapshot(absolute(urls.snapshotURL), urls.snapshotSha256, urls.keptSha256);
  const memory = snapshot.then((fetched) => fetched.memory);
  memory.catch(() => {});  // a failure is handled below, when Pyodide awaits it
  let keep = null;
  compileEarly(`${indexURL}pyodide.asm.wasm`);
  import(`${indexURL}pyodide.asm.mjs`).catch(() => {});  // loadPyodide imports this same module
  const { loadPyodide } = await import(`${indexURL}pyodide.mjs`);
  step("imported");
  localTimes("", urls.lang);  // loads Intl's data while the snapshot downloads
  let pyodide;
  try {
    // Python as it was after importing the widget at build time (snapshot_pyodide.mjs).
    pyodide = await loadPyodide({ ...options, _loadSnapshot: memory });
    browser = pyodide.pyimport("support_policy.browser");
    timings.source = "snapshot";
    ({ keep } = await snapshot);
  } catch (error) {
    // A private Pyodide API: if the snapshot is missing, damaged or refused, start Python normally
    // (and forget a kept copy, so that the next visit downloads the snapshot afresh).
    console.warn("Plan picker: starting without the memory snapshot:", error);
    forgetSnapshot();
    // packages: the wheel downloads while the runtime boots, instead of after it.
    pyodide = await loadPyodide({ ...options, packages: ["support-policy"] });
    browser = pyodide.pyimport("support_policy.browser");
    timings.source = "wheel";
  }
  step("loaded");
  browser.warm_up();
  step("warm");
  return keep;
}

// Start compiling `url` now, and hand that module to Pyodide when it asks to
// instantiate the same URL (it calls WebAssembly.instantiateStreaming with its own
// fetch, whose body is then left unread). Any other call goes through untouched.
function compileEarly(url) {
  const compiled = WebAssembly.compileStreaming(fetch(url));
  compiled.catch(() => {});  // Pyodide's own attempt reports the failure
  const { instantiateStreaming } = WebAssembly;
  WebAssembly.instantiateStreaming = async (source, imports) => {
    const response = await source;
    if (response.url !== url) return instantiateStreaming(response, imports);
    response.body?.cancel();
    const module = await compiled.catch(() => null);
    if (!module) return instantiateStreaming(fetch(url), imports);
    step("compiled");
    return { module, instance: await WebAssembly.instantiate(module, imports) };
  };
}

// The snapshot: from this browser's Cache Storage when an earlier visit kept it there
// (inflated already, so a repeat visit neither reads the 5 MB download from the HTTP
// cache nor inflates it), refused unless the sha256 of those 12-13 MB is the build's;
// else downloaded, refused unless the sha256 of the file is the build's, and inflated.
// Resolves to { memory, keep }: keep is [url, inflated bytes] for boot() to keep, or null
// for a kept copy. A kept copy that fails is dropped and the download path taken.
// (Hashing the 5 MB as shipped costs well under half of hashing the inflated bytes.)
async function fetchSnapshot(url, sha256, keptSha256) {
  const kept = await keptSnapshot(url);
  if (kept) {
    try {
      const hex = await sha256Hex(kept);
      if (hex !== keptSha256) throw new Error(`sha256 ${hex}, expected ${keptSha256}`);
      const memory = unpackSnapshot(kept);
      timings.snapshotFrom = "kept";
      step("snapshot");
      return { memory, keep: null };
    } catch (error) {
      console.warn("Plan picker: the kept snapshot is damaged; downloading it again:", error);
      forgetSnapshot();
    }
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const packed = await response.arrayBuffer();
  step("snapshot-downloaded");
  const hex = await sha256Hex(packed);
  if (hex !== sha256) throw new Error(`${url}: sha256 ${hex}, expected ${sha256}`);
  step("snapshot-checked");
  const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream("gzip"));
  const inflated = await new Response(stream).arrayBuffer();
  const memory = unpackSnapshot(inflated);
  timings.snapshotFrom = "downloaded";
  step("snapshot");
  return { memory, keep: [url, inflated] };
}

async function sha256Hex(buffer) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", buffer));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

// A cache of the picker's own holds one inflated snapshot (12-13 MB), under the URL it
// came from, whose name carries the build's hash: a new build's snapshot replaces it.
// No Cache Storage (a page not served over https or from localhost), storage refused or
// full: every visit downloads, as the first one did.
const KEPT = "plan-picker-snapshot";

async function keptSnapshot(url) {
  try {
    const hit = await caches.match(url, { cacheName: KEPT });  // creates no cache
    return hit ? await hit.arrayBuffer() : null;
  } catch {
    return null;
  }
}

async function keepSnapshot(url, inflated) {
  try {
    const cache = await caches.open(KEPT);
    await cache.put(url, new Response(inflated));
    for (const old of await cache.keys()) {
      if (old.url !== url) await cache.delete(old);  // an earlier build's
    }
  } catch {
    // The next visit downloads it again.
  }
}

async function forgetSnapshot() {
  try {
    await caches.delete(KEPT);
  } catch {
    // Nothing kept, or no Cache Storage.
  }
}

// The build left out the snapshot's all-zero pages (pack_snapshot in picker_build.py):
// magic, u32 length, u32 page size, u32 count, count × u32 page index, count pages.
function unpackSnapshot(packed) {
  const view = new DataView(packed);
  const magic = new TextDecoder().decode(new Uint8Array(packed, 0, 8));
  if (magic !== "PPSNAP1\0") throw new Error("not a packed memory snapshot");
  const [length, pageSize, count] = [8, 12, 16].map((at) => view.getUint32(at, true));
  const memory = new Uint8Array(length);
  let offset = 20 + 4 * count;
  for (let i = 0; i < count; i++) {
    const start = view.getUint32(20 + 4 * i, true) * pageSize;
    memory.set(new Uint8Array(packed, offset, Math.min(pageSize, length - start)), start);
    offset += pageSize;
  }
  return memory;
}

// Each <time datetime="…" data-local-time> of an answer, in the visitor's time zone and
// language. Formatted here, not on the page: Intl's first use loads locale and time-zone
// data, a 40–60 ms stall that would otherwise land on the main thread with the answer.
function localTimes(html, lang) {
  const format = (timeFormats[lang] ??= new Intl.DateTimeFormat(lang, {
    year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short",
  }));
  const times = {};
  for (const [, iso] of html.matchAll(/<time datetime="([^"]+)" data-local-time>/g)) {
    times[iso] = format.format(new Date(iso));
  }
  return times;
}

self.addEventListener("message", async ({ data }) => {
  if (data.type === "boot") {
    let keep;
    try {
      keep = await boot(data);
      self.postMessage({ type: "ready", timings });
    } catch (error) {
      console.warn("Plan picker: Python did not start:", error);
      self.postMessage({ type: "failed" });
      return;
    }
    // Written after the first answer has gone out (or after a second without one), so that
    // copying 12 MB into storage does not compete with it.
    if (keep) {
      const write = () => { clearTimeout(timer); afterAnswer = null; keepSnapshot(...keep); };
      const timer = setTimeout(write, 1000);
      afterAnswer = write;
    }
    return;
  }
  try {
    if (data.type === "answer" && browser) {
      const { plan, priority, country, lang, now } = data;
      const reply = JSON.parse(browser.answer(plan, priority, country, lang, now));
      self.postMessage({ type: "answer", id: data.id, localTimes: localTimes(reply.html, lang), ...reply });
      afterAnswer?.();
    } else if (data.type === "guide" && browser) {
      const reply = JSON.parse(browser.guide(JSON.stringify(data.path), data.lang));
      self.postMessage({ type: "guide", id: data.id, ...reply });
    }
  } catch (error) {
    // Python broke (bad input is answered, not raised): the page shows its failure message,
    // and a kept snapshot, if Python came from one, is not trusted again.
    console.warn("Plan picker: Python failed:", error);
    forgetSnapshot();
    self.postMessage({ type: "failed" });
  }
});
