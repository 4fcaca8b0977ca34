// Compile Pyodide's standard library to bytecode, inside Pyodide itself.
//
// python_stdlib.zip ships only .py sources, so every visitor's CPython compiles
// the modules it imports at start-up. Bytecode must come from the very same
// CPython (3.14 inside Pyodide), not the build host's, so we run py_compile in
// Pyodide on Node and write a zip of .pyc files plus the package data files.
//
// usage: node compile_stdlib.mjs <pyodide dir> <output zip>

import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

const [pyodideDir, output] = process.argv.slice(2);
if (!pyodideDir || !output) {
  console.error("usage: node compile_stdlib.mjs <pyodide dir> <output zip>");
  process.exit(2);
}

const { loadPyodide } = await import(path.resolve(pyodideDir, "pyodide.mjs"));
const pyodide = await loadPyodide({ indexURL: path.resolve(pyodideDir) + "/" });
const source = await readFile(path.resolve(pyodideDir, "python_stdlib.zip"));
pyodide.FS.writeFile("/tmp/stdlib-source.zip", source);

pyodide.runPython(`
import py_compile, zipfile, os, sys

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
mount = "/lib/python%d%d.zip/" % sys.version_info[:2]
failed = []
with zipfile.ZipFile("/tmp/stdlib-source.zip") as src, \\
     zipfile.ZipFile("/tmp/stdlib-pyc.zip", "w", zipfile.ZIP_DEFLATED) as out:
    for info in sorted(src.infolist(), key=lambda i: i.filename):
        if info.is_dir():
            continue
        data = src.read(info)
        name = info.filename
        if name.endswith(".py"):
            path = "/tmp/stdlib-src/" + name
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
            try:
                # dfile: tracebacks name the module where it really lives; UNCHECKED_HASH:
                # the zip has no source to compare with, and timestamps would be meaningless.
                py_compile.compile(path, cfile=path + "c", dfile=mount + name, doraise=True,
                                   invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
            except py_compile.PyCompileError:
                failed.append(name)  # e.g. test fixtures with deliberate syntax errors: keep the source
                entry = zipfile.ZipInfo(name, ZIP_EPOCH)
                out.writestr(entry, data, zipfile.ZIP_DEFLATED)
                continue
            with open(path + "c", "rb") as f:
                entry = zipfile.ZipInfo(name + "c", ZIP_EPOCH)
                out.writestr(entry, f.read(), zipfile.ZIP_DEFLATED)
        else:
            entry = zipfile.ZipInfo(name, ZIP_EPOCH)
            out.writestr(entry, data, zipfile.ZIP_DEFLATED)
print("compiled stdlib; kept as source:", len(failed))
`);

await writeFile(output, pyodide.FS.readFile("/tmp/stdlib-pyc.zip"));
