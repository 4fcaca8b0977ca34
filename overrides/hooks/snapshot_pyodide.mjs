// Make the plan picker's memory snapshot, at build time, in Pyodide on Node.
//
//   node snapshot_pyodide.mjs <pyodide dir> <stdlib.zip> <widget.whl> <out.bin>
//
// Boots Pyodide with the compiled standard library the site serves, installs the
// widget's wheel, imports support_policy.browser and asks it every kind of
// question once (exercise_picker.py), so that every module the picker will ever
// import, the parsed policy and its caches are in memory. Then writes that memory
// out. The browser restores it (loadPyodide({_loadSnapshot})) instead of starting
// Python and importing everything again.
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
pyodide.runPython(await readFile(new URL("exercise_picker.py", import.meta.url), "utf8"));
pyodide.runPython(`
# Everything alive now lives as long as the page: keep the collector from walking it on every answer.
import gc
gc.collect()
gc.freeze()
`);
await writeFile(output, pyodide.makeMemorySnapshot());
