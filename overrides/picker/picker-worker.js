// Plan picker worker: boots Pyodide off the main thread and answers questions
// with support_policy.browser. Runs as a module worker from the site's origin,
// started by the inline script at the top of the page's <head>, which passes the
// boot settings (the page's <script id="picker-boot">, written by picker_build.py).
//
// First visit: download Pyodide's runtime and the picker's one Python archive (the
// standard-library modules it uses and the widget, compiled), reporting progress;
// start Python; answer. Once the first answer is out, make a memory snapshot of Python
// (the widget imported, the policy loaded) and keep it in Cache Storage.
// Repeat visit: restore that snapshot instead of starting Python and importing anything.
// Anything wrong with a kept snapshot (it is Pyodide's private API) means a normal start: a
// snapshot that fails its checksum, its restore or its first use is dropped, and Python starts
// from the archive (in this worker, or, once an answer failed, in a new one the page starts).
//
// What the page hears: progress, starting, ready, answer, guide, kept; or failed, with
// `reason` "gone" (a runtime file is no longer on the host: a deploy, or a broken one) or
// "broken", and `retry` when a new worker without the kept snapshot may well succeed.

let browser = null;
let pyodide = null;
let snapshotDue = null;  // what to do once the first answer is out: make and keep the snapshot
let fromSnapshot = false;  // Python was restored from a kept snapshot (not trusted after a failure)
let cacheNames = {};  // the boot settings' Cache Storage names
const timeFormats = {};  // per language
const timings = {};  // ms since the worker started, per boot step: in the page's picker:ready mark, for diagnosis
const step = (name) => { timings[name] = Math.round(performance.now()); };

// ─── downloads, with progress ─────────────────────────────────────────────────

// Each download's share of the progress: the bytes received (as the network delivers
// them, decoded) over its decoded size (the build's `bytes`), weighed by what the host
// sends for it (the build's `wire`), so that the page can say "2.1 of 4.8 MB" in the
// bytes that really cross the network. Reported at most every 200 ms.
function progressReporter(downloads, lang) {
  // The figures, "2.1", in the page's language; formatted here, as Intl's first use stalls
  // the thread that makes it (see localTimes).
  const megabytes = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const received = new Map(downloads.map(({ url }) => [url, 0]));
  const total = downloads.reduce((sum, { wire }) => sum + wire, 0);
  let last = 0;
  const report = (force = true) => {
    const now = performance.now();
    if (!force && now - last < 200) return;
    last = now;
    const loaded = downloads.reduce((sum, { url, bytes, wire }) => sum + Math.min(1, received.get(url) / bytes) * wire, 0);
    self.postMessage({ type: "progress", loaded: Math.round(loaded), total,
                       loadedText: megabytes.format(loaded / 1e6), totalText: megabytes.format(total / 1e6) });
  };
  return {
    report,
    // `response` goes on unread by us; a clone is counted (the original keeps its URL, which
    // the browser's compiled-code cache for WebAssembly needs).
    count(url, response) {
      const reader = response.clone().body?.getReader();
      const pump = async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return report();
          received.set(url, received.get(url) + value.byteLength);
          report(false);
        }
      };
      if (reader) pump().catch(() => {});  // the original's own reading reports a failure
    },
    done(url) {
      received.set(url, Infinity);
      report();
    },
  };
}

// A download that failed: the boot ends, whatever else it was doing.
class DownloadError extends Error {}
// A runtime file the host no longer has (404, 410): the page may be older than the deploy.
class GoneError extends Error {}

// The network's own fetch: serveToPyodide later answers some URLs itself.
const hostFetch = self.fetch.bind(self);

// Whether the boot failed because the host no longer has a runtime file (a deploy, or a
// broken one). A module script's failure says nothing of its status: ask the host.
async function wasGone(error, urls) {
  if (error instanceof GoneError || error.cause instanceof GoneError) return true;
  const statuses = await Promise.all(urls.map((url) =>
    hostFetch(url, { method: "HEAD", cache: "no-store" }).then((response) => response.status, () => 0)));
  return statuses.some((status) => status === 404 || status === 410);
}

async function fetchOk(url) {
  const response = await fetch(url);
  if (response.status === 404 || response.status === 410) throw new GoneError(`${url}: HTTP ${response.status}`);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

// The picker's archive, a gzipped zip (picker_archive in picker_build.py), inflated here;
// refused unless the zip's sha256 is the build's. A host that decoded it on the way (sent
// it with Content-Encoding: gzip) has left nothing to inflate.
async function fetchArchive(url, sha256, progress) {
  const response = await fetchOk(url);
  progress.count(url, response);
  let data = await response.arrayBuffer();
  const head = new Uint8Array(data, 0, 2);
  if (head[0] === 0x1f && head[1] === 0x8b) {
    try {
      data = await gunzip(data);
    } catch (error) {
      throw new Error(`${url}: cannot be inflated (${error}): damaged on the way?`);
    }
  }
  const hex = await sha256Hex(data);
  if (hex !== sha256) throw new Error(`${url}: sha256 ${hex}, expected ${sha256}`);
  step("archive");
  return data;
}

async function sha256Hex(buffer) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", buffer));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

// ─── starting Python ──────────────────────────────────────────────────────────

// Starts Python, from the kept snapshot when there is a good one.
async function boot(config) {
  const absolute = (url) => new URL(url, self.location.href).href;
  const indexURL = absolute(config.indexURL);
  const file = (name) => absolute(config.downloads.find((download) => download.name === name).url);
  const archiveURL = file("archive");
  const wasmURL = file("pyodide.asm.wasm");
  const progress = progressReporter(config.downloads.map((download) => ({ ...download, url: absolute(download.url) })),
                                    config.lang);
  step("boot");
  progress.report();  // a first word: the page knows the worker is alive

  // Every download starts now, together; the runtime compiles while the rest arrives.
  // A second attempt (the page's, after a kept snapshot broke or hung) drops the snapshot.
  const kept = config.attempt > 1 ? forgetSnapshot().then(() => null) : keptSnapshot(config.snapshotKey);
  const archive = fetchArchive(archiveURL, config.archiveSha256, progress);
  const compiled = fetchOk(wasmURL).then((response) => {
    progress.count(wasmURL, response);
    return WebAssembly.compileStreaming(response);
  });
  const runtimeScripts = ["pyodide.asm.mjs", "pyodide.mjs"].map((name) =>
    import(file(name)).then((module) => { progress.done(file(name)); return module; }));
  // Any download failing ends the boot at once (Pyodide itself would wait for ever on a
  // wasm that failed to compile); wasGone then tells a missing file from a damaged one.
  const failed = new Promise((_, reject) => {
    for (const download of [archive, compiled, ...runtimeScripts]) {
      download.catch((error) => reject(new DownloadError(String(error), { cause: error })));
    }
  });
  failed.catch(() => {});
  serveToPyodide(archiveURL, archive, wasmURL, compiled);
  const { loadPyodide } = await Promise.race([runtimeScripts[1], failed]);
  step("imported");
  localTimes([], config.lang);  // loads Intl's data while the rest downloads
  const options = {
    indexURL, stdLibURL: archiveURL, lockFileContents: { info: config.lockInfo, packages: {} },
  };

  // Once every download is in, Python starts: the page then allows it startMs from the
  // archive, or restoreMs from a kept snapshot (a damaged one can hang in its restore).
  const starting = (from) => Promise.all([archive, compiled]).then(() => {
    step("downloaded");
    self.postMessage({ type: "starting", from });
  }, () => {});
  const memory = await kept;
  // Python reads its standard library from the archive first thing: only once it is in and
  // checked (it arrives before the larger wasm, which Python needs before it anyway).
  await Promise.race([archive, failed]);
  if (memory) {
    starting("snapshot");
    let restored = false;
    try {
      pyodide = await Promise.race([loadPyodide({ ...options, _loadSnapshot: memory }), failed]);
      restored = true;
      // A snapshot that restores and then fails is no better than one that does not restore.
      browser = pyodide.pyimport("support_policy.browser");
      browser.warm_up();
      timings.source = "snapshot";
      fromSnapshot = true;
    } catch (error) {
      if (error instanceof DownloadError) throw error;
      console.warn(`Plan picker: the kept snapshot ${restored ? "restored, then failed" : "did not restore"}; `
                   + "starting Python afresh:", error);
      await forgetSnapshot();
      pyodide = browser = null;
    }
  }
  if (!browser) {
    starting("archive");
    // _makeSnapshot: so that a snapshot can be made once the first answer is out.
    pyodide = await Promise.race([loadPyodide({ ...options, _makeSnapshot: true }), failed]);
    browser = pyodide.pyimport("support_policy.browser");
    timings.source = "archive";
    snapshotDue = () => makeSnapshot(config.snapshotKey);
    step("loaded");
    browser.warm_up();
  }
  step("warm");
}

// Pyodide fetches the standard library and the wasm itself; it gets ours instead: the
// archive as downloaded and checked above, and the module compiled while it arrived.
function serveToPyodide(archiveURL, archive, wasmURL, compiled) {
  const { fetch: networkFetch } = self;
  self.fetch = async (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url === archiveURL) return new Response(await archive);
    if (url === wasmURL) return new Response(null, { headers: { "Content-Type": "application/wasm" } });
    return networkFetch(input, init);
  };
  const { instantiateStreaming } = WebAssembly;
  WebAssembly.instantiateStreaming = async (source, imports) => {
    const response = await source;
    if (response.url !== "" && response.url !== wasmURL) return instantiateStreaming(response, imports);
    const module = await compiled;
    step("compiled");
    return { module, instance: await WebAssembly.instantiate(module, imports) };
  };
}

// ─── the memory snapshot, made here and kept for the next visit ──────────────

// A cache of the picker's own holds one snapshot, packed (its all-zero pages left out:
// 12 MB instead of 30) and gzipped (about 4 MB kept on the device), under a name that
// carries the build's snapshot key: a new build's snapshot replaces it. No Cache Storage (a
// page not served over https or from localhost), storage refused or full: every visit
// starts Python afresh, as the first one did.
const keptRequest = (key) => new Request(new URL(`snapshot-${key}`, self.location.href));

// Resolves to the memory to restore, or null. A kept copy whose sha256 does not match the
// one written beside it is dropped.
async function keptSnapshot(key) {
  try {
    if (!self.caches) return null;  // no Cache Storage here: nothing was kept
    const hit = await caches.match(keptRequest(key), { cacheName: cacheNames.snapshot });  // creates no cache
    if (!hit) return null;
    const stored = await hit.arrayBuffer();
    const hex = await sha256Hex(stored);
    const expected = hit.headers.get("x-sha256");
    if (hex !== expected) throw new Error(`sha256 ${hex}, expected ${expected}`);
    const memory = unpackSnapshot(await gunzip(stored));
    step("snapshot");
    return memory;
  } catch (error) {
    console.warn("Plan picker: the kept snapshot is damaged; starting Python afresh:", error);
    forgetSnapshot();
    return null;
  }
}

async function makeSnapshot(key) {
  try {
    // Everything alive now lives as long as the page: keep the collector from walking it.
    pyodide.runPython("import gc; gc.collect(); gc.freeze()");
    const packed = await gzip(packSnapshot(pyodide.makeMemorySnapshot()));
    const cache = await caches.open(cacheNames.snapshot);
    const request = keptRequest(key);
    await cache.put(request, new Response(packed, { headers: { "x-sha256": await sha256Hex(packed) } }));
    for (const old of await cache.keys()) {
      if (old.url !== request.url) await cache.delete(old);  // an earlier build's
    }
    self.postMessage({ type: "kept" });
  } catch (error) {
    console.warn("Plan picker: no snapshot kept for the next visit:", error);
  }
}

async function forgetSnapshot() {
  try {
    await caches.delete(cacheNames.snapshot);
  } catch {
    // Nothing kept, or no Cache Storage.
  }
}

// gzip through the browser's own streams: level 6's ratio at a fraction of a JavaScript deflate's time.
const gzip = (bytes) => new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer();
const gunzip = (bytes) => new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();

// Layout, little-endian: magic, u32 length, u32 page size, u32 count, count × u32 page
// index, then count full pages (the last one zero-padded).
const MAGIC = "PPSNAP2\0";  // 2: stored gzipped
const PAGE = 4096;

function packSnapshot(raw) {
  const pages = [];
  const words = new Uint32Array(raw.buffer, raw.byteOffset, raw.byteLength >> 2);
  for (let index = 0; index * PAGE < raw.length; index++) {
    const end = Math.min(raw.length, (index + 1) * PAGE);
    let zero = true;
    for (let word = (index * PAGE) >> 2; word < end >> 2; word++) {
      if (words[word] !== 0) { zero = false; break; }
    }
    for (let byte = end & ~3; zero && byte < end; byte++) zero = raw[byte] === 0;
    if (!zero) pages.push(index);
  }
  const header = 20 + 4 * pages.length;
  const packed = new Uint8Array(header + pages.length * PAGE);
  new TextEncoder().encodeInto(MAGIC, packed);
  const view = new DataView(packed.buffer);
  [raw.length, PAGE, pages.length].forEach((value, i) => view.setUint32(8 + 4 * i, value, true));
  pages.forEach((index, i) => {
    view.setUint32(20 + 4 * i, index, true);
    packed.set(raw.subarray(index * PAGE, Math.min(raw.length, (index + 1) * PAGE)), header + i * PAGE);
  });
  return packed;
}

function unpackSnapshot(packed) {
  const view = new DataView(packed);
  const magic = new TextDecoder().decode(new Uint8Array(packed, 0, 8));
  if (magic !== MAGIC) throw new Error("not a packed memory snapshot");
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

// ─── answers ──────────────────────────────────────────────────────────────────

// The answer's times (UTC, ISO 8601, from Python's reply), in the visitor's time zone and
// language. Formatted here, not on the page: Intl's first use loads locale and time-zone
// data, a 40–60 ms stall that would otherwise land on the main thread with the answer.
function localTimes(times, lang) {
  const format = (timeFormats[lang] ??= new Intl.DateTimeFormat(lang, {
    year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short",
  }));
  return Object.fromEntries(times.map((iso) => [iso, joinDayAndMonth(format.formatToParts(new Date(iso)))]));
}

// A day and its month, in whichever order the language writes them, joined by a no-break space
// (as the site's own dates: «5 декабря 2026 г.»), so that a line never ends between them.
function joinDayAndMonth(parts) {
  const around = (i) => [parts[i - 1]?.type, parts[i + 1]?.type].sort().join();
  return parts.map(({ type, value }, i) => (type === "literal" && value === " " && around(i) === "day,month" ? "\u00a0" : value))
    .join("");
}

self.addEventListener("message", async ({ data }) => {
  if (data.type === "boot") {
    cacheNames = data.caches;
    try {
      await boot(data);
      self.postMessage({ type: "ready", timings });
    } catch (error) {
      const gone = await wasGone(error, data.downloads.map(({ url }) => new URL(url, self.location.href).href));
      if (!gone) console.warn("Plan picker: Python did not start:", error);  // a deploy is no fault of ours
      self.postMessage({ type: "failed", reason: gone ? "gone" : "broken", retry: false });
    }
    return;
  }
  try {
    if ((data.type === "answer" || data.type === "link") && browser) {
      const { plan, priority, country, query, lang, now } = data;
      const reply = JSON.parse(
        data.type === "link" ? browser.link(query, lang, now) : browser.answer(plan, priority, country, lang, now)
      );
      self.postMessage({ type: "answer", id: data.id, localTimes: localTimes(reply.times, lang), ...reply });
      if (reply.ok && snapshotDue) {
        // Once the answer has gone out, when the worker is idle: never before the first answer.
        const make = snapshotDue;
        snapshotDue = null;
        setTimeout(make, 500);
      }
    } else if (data.type === "guide" && browser) {
      const reply = JSON.parse(browser.guide(JSON.stringify(data.path), data.lang));
      self.postMessage({ type: "guide", id: data.id, ...reply });
    }
  } catch (error) {
    // Python broke (bad input is answered, not raised). A kept snapshot, if Python came from
    // one, is not trusted again, and the page starts a new worker from the archive; otherwise
    // the page shows its failure message.
    console.warn("Plan picker: Python failed:", error);
    if (fromSnapshot) await forgetSnapshot();
    self.postMessage({ type: "failed", reason: "broken", retry: fromSnapshot });
  }
});
