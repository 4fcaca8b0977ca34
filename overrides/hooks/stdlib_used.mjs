// Which packages of the standard library the plan picker needs, at build time, in
// Pyodide on Node.
//
//   node stdlib_used.mjs <pyodide dir> <stdlib.zip> <widget.whl> <out.json>
//
// Boots Pyodide with the whole (compiled) standard library, installs the widget's
// wheel through Pyodide's package loader (as the worker does when it cannot use
// the memory snapshot), asks the widget every kind of question (exercise_picker.py),
// imports every module any of its files names in an import statement (so that an
// import inside a function that the exercise did not reach is counted too) and
// formats a traceback. Writes the sorted top-level names (`asyncio`, `typing`, ...)
// of everything then imported from the standard library's zip: picker_build.py
// ships only those, whole, instead of the 4.5 MB zip.

import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

const [pyodideDir, stdlib, wheel, output] = process.argv.slice(2);
if (!output) {
  console.error("usage: stdlib_used.mjs <pyodide dir> <stdlib.zip> <widget.whl> <out.json>");
  process.exit(2);
}

const { loadPyodide } = await import(path.resolve(pyodideDir, "pyodide.mjs"));
const pyodide = await loadPyodide({ indexURL: path.resolve(pyodideDir) + "/", stdLibURL: path.resolve(stdlib) });
await pyodide.loadPackage(path.resolve(wheel), { messageCallback: () => {} });
pyodide.runPython(await readFile(new URL("exercise_picker.py", import.meta.url), "utf8"));
const used = pyodide.runPython(`
import ast, importlib, json, pathlib, sys, traceback
import support_policy

for source in pathlib.Path(support_policy.__file__).parent.glob("*.py"):
    for node in ast.walk(ast.parse(source.read_bytes())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module]
        else:
            continue
        for name in names:
            importlib.import_module(name)

try:
    raise ValueError("a traceback, as the worker would print one")
except ValueError:
    traceback.format_exc()

ZIP = "/lib/python%d%d.zip/" % sys.version_info[:2]
json.dumps(sorted({
    module.__file__[len(ZIP):].split("/")[0].removesuffix(".pyc").removesuffix(".py")
    for module in list(sys.modules.values())
    if (getattr(module, "__file__", None) or "").startswith(ZIP)
}))
`);
await writeFile(output, used);
