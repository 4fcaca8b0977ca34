// Which modules of the standard library the plan picker needs, at build time, in
// Pyodide on Node.
//
//   node stdlib_used.mjs <pyodide dir> <archive.zip> <imports.json> <out.json>
//
// Boots Pyodide as the worker does: <archive.zip> mounted as Python's standard
// library (the compiled standard library with the widget's package beside it) and a
// lock file with no packages. Then asks the widget every kind of question
// (exercise_picker.py), imports every module named in <imports.json> (each module
// that any of the widget's files names in an import statement, so that an import
// inside a function the exercise did not reach is counted too) and formats a
// traceback raised in a file, as an error in the widget would be. Writes the sorted
// paths in the archive (`asyncio/tasks.pyc`, ...) of every module then imported from
// it: picker_build.py ships only those. Run again on the cut archive, the same steps
// prove that nothing they need was cut (any error fails the script).

import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

const [pyodideDir, archive, imports, output] = process.argv.slice(2);
if (!output) {
  console.error("usage: stdlib_used.mjs <pyodide dir> <archive.zip> <imports.json> <out.json>");
  process.exit(2);
}

const { loadPyodide } = await import(path.resolve(pyodideDir, "pyodide.mjs"));
const { info } = JSON.parse(await readFile(path.resolve(pyodideDir, "pyodide-lock.json"), "utf8"));
const pyodide = await loadPyodide({
  indexURL: path.resolve(pyodideDir) + "/",
  stdLibURL: path.resolve(archive),
  lockFileContents: { info, packages: {} },
});
pyodide.runPython(await readFile(new URL("exercise_picker.py", import.meta.url), "utf8"));
pyodide.globals.set("IMPORTS", await readFile(imports, "utf8"));
const used = pyodide.runPython(`
import importlib, json, pathlib, sys, traceback

for name in json.loads(IMPORTS):
    importlib.import_module(name)

# An error raised in a module file: linecache reads its source and traceback marks the line.
pathlib.Path("/tmp/picker_failing.py").write_text("def fail():\\n    raise ValueError('as the worker would print it')\\n")
sys.path.insert(0, "/tmp")
try:
    importlib.import_module("picker_failing").fail()
except ValueError:
    traceback.format_exc()

ZIP = "/lib/python%d%d.zip/" % sys.version_info[:2]
json.dumps(sorted({
    module.__file__[len(ZIP):]
    for module in list(sys.modules.values())
    if (getattr(module, "__file__", None) or "").startswith(ZIP)
}))
`);
await writeFile(output, used);
