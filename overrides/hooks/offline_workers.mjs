// Writes the site's service worker, sw.js at the site's root, with Workbox's build module:
//   node offline_workers.mjs <site_dir> <settings.json>
// settings.json: {"workbox": "assets/workbox/7.4.1", "precache": [globs], "ignore": [globs],
//                 "runtime": {"files": {url: [sha256, ...]}, "cache": name}}, the picker's
// runtime files as the boot settings name them; every other path relative to the site's root. Called by offline.py; prints {"count": files kept, "size": their bytes}.
import { readFile, writeFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { injectManifest } from "workbox-build";

const [siteDir, settingsFile] = process.argv.slice(2);
const settings = JSON.parse(await readFile(settingsFile, "utf8"));
const template = await readFile(new URL("./offline_sw.js", import.meta.url), "utf8");
const work = await mkdtemp(path.join(tmpdir(), "offline-worker-"));

try {
  const source = path.join(work, "sw.js");
  await writeFile(source, template.replaceAll("WORKBOX_PREFIX", settings.workbox)
    .replace("PICKER_RUNTIME_SETTINGS", JSON.stringify(settings.runtime)));
  const { count, size, warnings } = await injectManifest({
    swSrc: source,
    swDest: path.join(siteDir, "sw.js"),
    globDirectory: siteDir,
    globPatterns: settings.precache,
    globIgnores: settings.ignore,
    // Names with a content hash need no revision of their own.
    dontCacheBustURLsMatching: /\.[0-9a-f]{8,}\./,
    maximumFileSizeToCacheInBytes: 1024 * 1024,
  });
  if (warnings.length) throw new Error(warnings.join("; "));
  console.log(JSON.stringify({ count, size }));
} finally {
  await rm(work, { recursive: true, force: true });
}
