// Compile Python to bytecode inside Pyodide itself, at build time.
//
// Bytecode must come from the very CPython that will run it (3.14 inside
// Pyodide), not from the build host's Python, so we run py_compile in Pyodide
// on Node. Two jobs:
//
//   node compile_pyodide.mjs stdlib  <pyodide dir> <out.zip>
//     python_stdlib.zip ships only .py sources, so every visitor's CPython would
//     compile each module it imports. Writes a zip of .pyc files (plus the data
//     files), compiled at optimisation level 2: without docstrings and asserts,
//     which nothing the picker runs reads, and ~20 % fewer bytes to download.
//
//   node compile_pyodide.mjs modules <pyodide dir> <in.zip> <out.zip>
//     For each .py in in.zip (the widget's package), writes <name>.pyc into
//     out.zip, at level 0 (dataclasses read their classes' docstrings).
//
// Both kinds go into the one archive the browser mounts as Python's standard
// library (picker_build.py), where zipimport finds foo.pyc where foo.py would be.
// Every .pyc is UNCHECKED_HASH: it is never compared with a source or a
// timestamp, which is right for files that only change with a new build.

import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

const [mode, pyodideDir, ...files] = process.argv.slice(2);
if (!["stdlib", "modules"].includes(mode) || !pyodideDir || files.length !== (mode === "stdlib" ? 1 : 2)) {
  console.error("usage: compile_pyodide.mjs stdlib <pyodide dir> <out.zip>\n" +
                "       compile_pyodide.mjs modules <pyodide dir> <in.zip> <out.zip>");
  process.exit(2);
}

const { loadPyodide } = await import(path.resolve(pyodideDir, "pyodide.mjs"));
const pyodide = await loadPyodide({ indexURL: path.resolve(pyodideDir) + "/" });
const input = mode === "stdlib" ? path.resolve(pyodideDir, "python_stdlib.zip") : files[0];
const output = files.at(-1);
pyodide.FS.writeFile("/tmp/in.zip", await readFile(input));

pyodide.globals.set("MODE", mode);
pyodide.runPython(`
import os, py_compile, sys, zipfile

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
STDLIB_MOUNT = "/lib/python%d%d.zip/" % sys.version_info[:2]


def compiled(name, data):
    src = "/tmp/src/" + name
    os.makedirs(os.path.dirname(src), exist_ok=True)
    with open(src, "wb") as f:
        f.write(data)
    # dfile: tracebacks name the module where it will really live.
    cfile = py_compile.compile(src, cfile=src + "c", dfile=STDLIB_MOUNT + name, doraise=True,
                               optimize=2 if MODE == "stdlib" else 0,
                               invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    with open(cfile, "rb") as f:
        return f.read()


def add(out, name, data):
    out.writestr(zipfile.ZipInfo(name, ZIP_EPOCH), data, zipfile.ZIP_DEFLATED)


kept = 0
with zipfile.ZipFile("/tmp/in.zip") as src, zipfile.ZipFile("/tmp/out.zip", "w") as out:
    for info in sorted(src.infolist(), key=lambda i: i.filename):
        name, data = info.filename, src.read(info) if not info.is_dir() else b""
        if info.is_dir():
            continue
        if not name.endswith(".py"):
            if MODE == "stdlib":
                add(out, name, data)
            continue
        try:
            pyc = compiled(name, data)
        except py_compile.PyCompileError:
            kept += 1  # e.g. a test fixture with a deliberate syntax error: ship its source
            add(out, name, data)
            continue
        add(out, name + "c", pyc)  # zipimport finds foo.pyc where foo.py would be
print(f"compiled {MODE} with Python {sys.version.split()[0]}; left as source: {kept}")
`);

await writeFile(output, pyodide.FS.readFile("/tmp/out.zip"));
