// Make the plan picker's memory snapshot, at build time, in Pyodide on Node.
//
//   node snapshot_pyodide.mjs <pyodide dir> <stdlib.zip> <widget.whl> <out.bin>
//
// Boots Pyodide with the compiled standard library the site serves, installs the
// widget's wheel, imports support_policy.browser and asks it every kind of
// question once, so that every module the picker will ever import, the parsed
// policy and its caches are in memory. Then writes that memory out. The browser
// restores it (loadPyodide({_loadSnapshot})) instead of starting Python and
// importing everything again.
//
// A snapshot is only valid with byte-for-byte the same pyodide.asm.wasm and
// standard-library zip; picker_build.py keys its cache on both. `_makeSnapshot`
// and `makeMemorySnapshot` are Pyodide's private API: the worker verifies the
// snapshot's sha256 and falls back to a normal start if restoring fails.

import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

const [pyodideDir, stdlib, wheel, output] = process.argv.slice(2);
if (!output) {
  console.error("usage: snapshot_pyodide.mjs <pyodide dir> <stdlib.zip> <widget.whl> <out.bin>");
  process.exit(2);
}

const { loadPyodide } = await import(path.resolve(pyodideDir, "pyodide.mjs"));
const pyodide = await loadPyodide({
  indexURL: path.resolve(pyodideDir) + "/",
  stdLibURL: path.resolve(stdlib),
  _makeSnapshot: true,
});
pyodide.unpackArchive(new Uint8Array(await readFile(wheel)), "wheel");
pyodide.runPython(`
import json
from support_policy import browser

browser.warm_up()
for lang in ("ru", "en"):
    for plan in ("", "free", "business", "not-a-plan"):
        for priority in ("", "1", "4"):
            browser.answer(plan, priority, "", lang, 0)
    browser.answer("business", "1", "US", lang, 0)
    browser.guide("[]", lang)
    browser.guide("[0, 0, 0, 0]", lang)
    browser.guide("not json", lang)

# Everything alive now lives as long as the page: keep the collector from walking it on every answer.
import gc
gc.collect()
gc.freeze()
`);
await writeFile(output, pyodide.makeMemorySnapshot());
