// Which packages of the standard library the plan picker needs, at build time, in
// Pyodide on Node.
//
//   node stdlib_used.mjs <pyodide dir> <stdlib.zip> <widget.whl> <out.json>
//
// Boots Pyodide with the whole (compiled) standard library, installs the widget's
// wheel through Pyodide's package loader (as the worker does when it cannot use
// the memory snapshot; any error of the loader fails this script), asks the widget
// every kind of question (exercise_picker.py), imports every module any of its files
// names in an import statement (so that an import inside a function that the
// exercise did not reach is counted too) and formats a traceback raised in a file,
// as an error in the widget would be. Writes the sorted paths in the standard
// library's zip (`asyncio/tasks.pyc`, ...) of every module then imported from it, by
// Pyodide's start-up, its loader, the widget and this script: picker_build.py ships
// only their packages, whole, instead of the 4.5 MB zip.

import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

const [pyodideDir, stdlib, wheel, output] = process.argv.slice(2);
if (!output) {
  console.error("usage: stdlib_used.mjs <pyodide dir> <stdlib.zip> <widget.whl> <out.json>");
  process.exit(2);
}

const { loadPyodide } = await import(path.resolve(pyodideDir, "pyodide.mjs"));
const pyodide = await loadPyodide({ indexURL: path.resolve(pyodideDir) + "/", stdLibURL: path.resolve(stdlib) });
const errors = [];
await pyodide.loadPackage(path.resolve(wheel), { messageCallback: () => {}, errorCallback: (e) => errors.push(e) });
if (errors.length || !Object.keys(pyodide.loadedPackages).some((name) => /^support[-_]policy$/.test(name))) {
  console.error(`installing ${wheel} failed:`, errors.join("\n") || "it is not among the loaded packages");
  process.exit(1);
}
pyodide.runPython(await readFile(new URL("exercise_picker.py", import.meta.url), "utf8"));
const used = pyodide.runPython(`
import ast, importlib, json, pathlib, sys, traceback
import support_policy

for source in pathlib.Path(support_policy.__file__).parent.rglob("*.py"):
    for node in ast.walk(ast.parse(source.read_bytes())):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module]
        else:
            continue
        for name in names:
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
