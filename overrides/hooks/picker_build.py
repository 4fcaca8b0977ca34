"""Build the plan picker's runtime: one Python archive (the standard-library modules
the picker uses and the widget's package, compiled by Pyodide's own CPython) beside
Pyodide's runtime from npm, and the page glue, all under content-addressed names so
a host can cache them forever.

Plain functions with no MkDocs import; `picker_assets.py` is the thin hook.
"""

from __future__ import annotations

import ast
import gzip
import hashlib
import io
import json
import os
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from support_policy.browser import LINK_KEYS

ROOT = Path(__file__).resolve().parents[2]
WIDGET = ROOT / "widget"
PACKAGE_DIR = WIDGET / "src" / "support_policy"
GLUE_DIR = ROOT / "overrides" / "picker"
PYODIDE_NPM = ROOT / "node_modules" / "pyodide"
CACHE = ROOT / ".cache" / "picker"
# The files of the npm package that a browser needs to boot; the rest is for Node or types.
# The standard library is not among them: the browser gets the compiled modules the picker
# uses, in the picker's own archive (picker_archive).
PYODIDE_RUNTIME = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
COMPILE = Path(__file__).with_name("compile_pyodide.mjs")
STDLIB_USED = Path(__file__).with_name("stdlib_used.mjs")
EXERCISE = Path(__file__).with_name("exercise_picker.py")  # run by stdlib_used.mjs
ARCHIVE_FORMAT = b"archive-2"  # change when picker_archive writes its zip differently
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
PACKAGE = "support_policy"
# Modules only the site build uses: left out of the browser's download.
BUILD_ONLY = {"site.py", "changelog.py", "export.py", "feed.py", "versions.py", "markdown.py"}
# How long the page waits before it gives up: no byte for STALL_MS while downloading, or
# no word from the worker for START_MS while Python starts (a hang, not a slow phone).
STALL_MS = 20_000
START_MS = 60_000
# Restoring a kept snapshot takes well under a second here, a few on a slow phone; one that
# takes longer is damaged (a restore can hang), and the page starts Python without it.
RESTORE_MS = 10_000


class PickerBuildError(RuntimeError):
    """Something the picker needs is missing; the message says what to run."""


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ─── the build's cache ───────────────────────────────────────────────────────

def cached(kind: str, key: bytes, suffix: str, make: Callable[[Path], None], keep: int = 3) -> Path:
    """CACHE/<kind>-<hash of key><suffix>, made by `make(path)` when missing. `make` writes
    to a path of this process's own, renamed into place once complete, so that an
    interrupted build never leaves half a file and two builds at once never read one.
    Only the `keep` newest files of a kind stay (tests build with edited data files)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    target = CACHE / f"{kind}-{_digest(key)[:16]}{suffix}"
    if target.is_file():
        return target
    partial = CACHE / f".{target.name}.{os.getpid()}.partial"
    try:
        make(partial)
        if not partial.is_file():
            raise PickerBuildError(f"making {target.name} wrote nothing")
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    same_kind = [f for f in CACHE.glob(f"{kind}-{'?' * 16}{suffix}") if f != target]
    for stale in sorted(same_kind, key=lambda f: f.stat().st_mtime)[:max(0, len(same_kind) - keep + 1)]:
        stale.unlink(missing_ok=True)  # another build may have removed it already
    return target


def _zip_bytes(entries: dict[str, bytes], level: int = 9) -> bytes:
    """A zip of `entries` in name order, with fixed dates and modes: the same entries give
    the same bytes on the same build host (its zlib decides the deflated bytes). Level 0
    stores them, for a zip that is only read here."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(entries):
            entry = zipfile.ZipInfo(name, ZIP_EPOCH)
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, entries[name], zipfile.ZIP_DEFLATED if level else zipfile.ZIP_STORED,
                            compresslevel=level or None)
    return buffer.getvalue()


def _read_zip(path: Path | bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(path) if isinstance(path, bytes) else path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}


# ─── Pyodide, from npm ───────────────────────────────────────────────────────

def _pyodide_version() -> str:
    package = PYODIDE_NPM / "package.json"
    if not package.is_file():
        raise PickerBuildError(f"{package} is missing: run `npm ci` (or `make build`, which runs it)")
    return json.loads(package.read_text(encoding="utf-8"))["version"]


def lock_info() -> dict:
    """The `info` of Pyodide's own lock file. The worker passes Pyodide a lock file with this
    and no packages: the picker loads none, so no lock file is downloaded."""
    return json.loads((PYODIDE_NPM / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]


def _wire_size(path: Path) -> int:
    """About how many bytes a host that gzips `path` sends (level 6, as most do), for the
    picker's progress; cached, as gzipping the 9.6 MB wasm takes half a second."""
    if path.suffix not in {".wasm", ".mjs", ".js"}:
        return path.stat().st_size  # a zip: hosts send it as it is
    made = cached(f"wire-{path.name}", path.read_bytes(), ".txt",
                  lambda out: out.write_text(str(len(gzip.compress(path.read_bytes(), 6, mtime=0)))), keep=1)
    return int(made.read_text())


# ─── bytecode, compiled by Pyodide's own CPython ─────────────────────────────

def _run_in_pyodide(script: Path, args: list[str], output: Path, what: str) -> None:
    node = shutil.which("node")
    if node is None:
        raise PickerBuildError(f"Node.js is needed for {what}: install `nodejs`")
    try:
        result = subprocess.run([node, str(script), *args, str(output)], capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired as err:
        raise PickerBuildError(f"{what} in Pyodide did not finish in {err.timeout:.0f} s") from err
    if result.returncode != 0 or not output.is_file():
        # Pyodide prints its whole minified source with some errors: keep the end, where the cause is.
        raise PickerBuildError(f"{what} in Pyodide failed:\n{(result.stdout + result.stderr)[-4000:]}")


def compiled_stdlib() -> Path:
    """python_stdlib.zip as bytecode without docstrings (see compile_pyodide.mjs). Takes
    ~10 s, so it is cached by its inputs: a warm build reuses it."""
    source = PYODIDE_NPM / "python_stdlib.zip"
    key = source.read_bytes() + COMPILE.read_bytes() + _pyodide_version().encode()
    return cached("stdlib", key, ".zip", lambda out: _run_in_pyodide(
        COMPILE, ["stdlib", str(PYODIDE_NPM)], out, "compiling the standard library"), keep=1)


def package_sources() -> dict[str, bytes]:
    """{"support_policy/browser.py": source} of every module the browser runs."""
    return {f"{PACKAGE}/{path.name}": path.read_bytes()
            for path in sorted(PACKAGE_DIR.glob("*.py")) if path.name not in BUILD_ONLY}


def compiled_package(sources: dict[str, bytes]) -> dict[str, bytes]:
    """{"support_policy/browser.pyc": bytecode} for the package's sources, cached."""
    bundle = _zip_bytes(sources)
    key = bundle + COMPILE.read_bytes() + _pyodide_version().encode()

    def make(out: Path) -> None:
        source_zip = out.with_name(out.name + ".src.zip")
        source_zip.write_bytes(bundle)
        try:
            _run_in_pyodide(COMPILE, ["modules", str(PYODIDE_NPM), str(source_zip)], out, "compiling the widget")
        finally:
            source_zip.unlink(missing_ok=True)

    return _read_zip(cached("package", key, ".zip", make, keep=3))


def widget_imports(sources: dict[str, bytes]) -> list[str]:
    """Every absolute module name that the package's sources import, anywhere in them."""
    names = set()
    for source in sources.values():
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
    return sorted(name for name in names if name.split(".")[0] != PACKAGE)


def _entries_key(entries: dict[str, bytes]) -> bytes:
    return json.dumps({name: _digest(data) for name, data in sorted(entries.items())}).encode()


def modules_used(entries: dict[str, bytes], imports: list[str]) -> list[str]:
    """The entries (`asyncio/tasks.pyc`, ...) of every module imported when Pyodide starts
    from a zip of `entries`, the widget answers every kind of question and each of `imports`
    is imported (see stdlib_used.mjs). Cached by its inputs. Fails the build on any error,
    so, run on what the browser gets, it proves that nothing the picker needs was cut."""
    key = _entries_key(entries) + STDLIB_USED.read_bytes() + EXERCISE.read_bytes() + json.dumps(imports).encode()

    def make(out: Path) -> None:
        work = out.with_name(out.name + ".work")
        work.mkdir()
        try:
            (work / "archive.zip").write_bytes(_zip_bytes(entries, level=0))
            (work / "imports.json").write_text(json.dumps(imports), encoding="utf-8")
            _run_in_pyodide(STDLIB_USED, [str(PYODIDE_NPM), str(work / "archive.zip"), str(work / "imports.json")],
                            out, "finding the standard library the picker uses")
        finally:
            shutil.rmtree(work, ignore_errors=True)

    used = json.loads(cached("used", key, ".json", make, keep=6).read_text(encoding="utf-8"))
    if not any(name.startswith("encodings/") for name in used):  # which every CPython imports to start
        raise PickerBuildError(f"stdlib_used.mjs saw no standard library imported from the archive: {used}")
    return used


def picker_archive(policy_file: Path) -> Path:
    """The one zip the browser mounts as Python's standard library: of the compiled
    standard library only the modules the picker was seen to import (modules_used), and
    the widget's package with `policy_file` as its data file; nothing to install:
    `import support_policy` just works. Its entries are stored, and the whole zip gzipped
    as one stream (1.1 MB, where the npm package's zip of sources is 2.5 MB): one stream
    shares its dictionary across files (13 % smaller than deflating each entry), and
    Python then reads its modules without inflating each one. Hosts send a .gz as it is;
    the worker inflates it (and copes with a host that decodes it on the way)."""
    sources = package_sources()
    package = {**compiled_package(sources), f"{PACKAGE}/policy.toml": policy_file.read_bytes()}
    stdlib = _read_zip(compiled_stdlib())
    imports = widget_imports(sources)
    used = modules_used({**stdlib, **package}, imports)
    entries = {**{name: stdlib[name] for name in used if name in stdlib}, **package}
    modules_used(entries, imports)  # the cut archive runs the same exercise, or the build fails
    return cached("archive", _entries_key(entries) + ARCHIVE_FORMAT, ".zip.gz", lambda out: out.write_bytes(
        gzip.compress(_zip_bytes(entries, level=0), compresslevel=9, mtime=0)), keep=3)


# ─── the whole runtime ───────────────────────────────────────────────────────

# Run by every picker page at the top of its <head> (the CSP hook allows it by its sha256).
# It reads the boot settings from the JSON just before it. `planPicker.start()` starts the
# worker, once; `planPicker.started` resolves when it has been, and `planPicker.worker` is
# then the promise of it; what the worker says before picker.js runs waits in
# `planPicker.early`. Unless the page starts the picker on demand (and no deep link asks
# for an answer) or the browser asks to save data (`planPicker.auto` is then false, and
# picker.js decides when), it starts the worker as soon as the page has painted: Python
# boots while the rest of the page loads, but its downloads never hold up the first
# paint. The `picker:worker` mark says when the worker was started (read by `make bench`).
START_SCRIPT = (
    "(()=>{const c=JSON.parse(document.getElementById(\"picker-boot\").textContent),"
    "p=self.planPicker={config:c,early:[],worker:null,saveData:navigator.connection?.saveData===true};"
    "let s;p.started=new Promise((r)=>{s=r});"
    "p.start=()=>{p.worker??=new Promise((ok,no)=>{try{performance.mark(\"picker:worker\");"
    "const w=new Worker(c.workerURL,{type:\"module\"});w.onmessage=w.onerror=(e)=>p.early.push(e);"
    "w.postMessage({type:\"boot\",...c});ok(w)}catch(e){no(e)}});s();return p.worker};"
    "const q=new URLSearchParams(location.search);"
    "p.auto=!p.saveData&&(c.start===\"now\"||c.linkKeys.some((k)=>q.has(k)));"
    "if(!p.auto)return;"
    "const go=()=>setTimeout(p.start);"
    "try{new PerformanceObserver((l,o)=>{o.disconnect();go()}).observe({type:\"paint\"})}"
    "catch(e){requestAnimationFrame(go)}})()"
)
# The current build's boot settings, at a fixed address that hosts never let browsers keep
# stale (no hash in its name): a page opened before a deploy reads it when its own runtime
# has gone from the host, to tell a new deploy (reload, once) from a broken one (say so).
# offline.py reads the runtime's files and checksums from it too.
BOOT_FILE = "assets/picker/boot.json"
# Cache Storage, per origin: the picker's memory snapshot (picker-worker.js) and its runtime,
# kept by the service worker (offline_sw.js).
CACHES = {"snapshot": "plan-picker-snapshot", "runtime": "plan-picker-runtime"}


@dataclass(frozen=True)
class Runtime:
    """Every file the picker needs, by its path below the site root, and what the page
    tells the worker (`boot`: URLs, checksums, sizes and time limits)."""

    files: dict[str, bytes | Path]
    script_url: str
    boot: dict

    def head(self, lang: str, start: str) -> str:
        """The boot settings as JSON, read by the start script, picker.js, the tests and
        `make bench` alike, then the start script. `start` is "now" (the picker is what
        the page is for) or "on-demand" (it starts once scrolled to or touched)."""
        settings = json.dumps({**self.boot, "lang": lang, "start": start}, separators=(",", ":"))
        settings = settings.replace("<", "\\u003c")  # JSON that can never close its <script>
        return f'<script type="application/json" id="picker-boot">{settings}</script><script>{START_SCRIPT}</script>'

    def write(self, site_dir: Path) -> None:
        (site_dir / BOOT_FILE).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / BOOT_FILE).write_text(json.dumps(self.boot, indent=1), encoding="utf-8")
        for rel, content in self.files.items():
            dest = site_dir / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, Path):
                if not dest.exists() or dest.stat().st_size != content.stat().st_size:
                    shutil.copyfile(content, dest)
            else:
                dest.write_bytes(content)


def _hashed(name: str, data: bytes) -> str:
    stem, dot, ext = name.partition(".")
    return f"{stem}.{_digest(data)[:10]}{dot}{ext}"


def plan_runtime(policy_file: Path, base_path: str) -> Runtime:
    """Decide every file and URL. `base_path` is the site's path on its host ("/" or "/docs/")."""
    version = _pyodide_version()
    pyodide_rel = f"assets/pyodide/{version}/"  # npm versions are immutable: the version is the hash
    files: dict[str, bytes | Path] = {}
    downloads = []  # what the worker fetches on a first visit, for its progress
    for name in PYODIDE_RUNTIME:
        path = PYODIDE_NPM / name
        if not path.is_file():
            raise PickerBuildError(f"{path} is missing: run `npm ci`")
        files[pyodide_rel + name] = path
        downloads.append({"name": name, "url": base_path + pyodide_rel + name, "bytes": path.stat().st_size,
                          "wire": _wire_size(path), "sha256": [_digest(path.read_bytes())]})
    archive = picker_archive(policy_file)
    data = archive.read_bytes()
    archive_rel = f"assets/picker/{_hashed('python.zip.gz', data)}"
    files[archive_rel] = archive
    inflated = gzip.decompress(data)
    # As sent, or as inflated by a host that sends it with Content-Encoding: gzip.
    downloads.append({"name": "archive", "url": base_path + archive_rel, "bytes": len(data), "wire": len(data),
                      "sha256": [_digest(data), _digest(inflated)]})
    glue = {}
    for name in ("picker.js", "picker-worker.js"):
        source = (GLUE_DIR / name).read_bytes()
        glue[name] = f"assets/picker/{_hashed(name, source)}"
        files[glue[name]] = source
    boot = {
        "workerURL": base_path + glue["picker-worker.js"],
        "indexURL": base_path + pyodide_rel,
        "archiveURL": base_path + archive_rel,
        "archiveSha256": _digest(inflated),  # of the zip, however the host sent it
        "lockInfo": lock_info(),
        # Names the memory snapshot that the browser makes after its first answer and keeps
        # for the next visit: valid only with this very runtime and archive.
        "snapshotKey": _digest(version.encode() + inflated)[:16],
        # Every runtime file, with the checksums a kept copy must have (offline_sw.js).
        "downloads": downloads,
        "bootURL": base_path + BOOT_FILE,
        "caches": CACHES,
        "linkKeys": list(LINK_KEYS),
        "stallMs": STALL_MS,
        "startMs": START_MS,
        "restoreMs": RESTORE_MS,
    }
    return Runtime(files=files, script_url=base_path + glue["picker.js"], boot=boot)
