"""Build the plan picker's runtime: the widget wheel, its Pyodide lock file, and
the page glue, all under content-addressed names so a host can cache them forever.

Plain functions with no MkDocs import; `picker_assets.py` is the thin hook.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WIDGET = ROOT / "widget"
PACKAGE_DIR = WIDGET / "src" / "support_policy"
GLUE_DIR = ROOT / "overrides" / "picker"
PYODIDE_NPM = ROOT / "node_modules" / "pyodide"
CACHE = ROOT / ".cache" / "picker"
# The files of the npm package that a browser needs to boot; the rest is for Node or types.
# The standard library is not among them: the browser gets a compiled copy of the part
# the picker uses (compiled_stdlib, slim_stdlib).
PYODIDE_RUNTIME = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
COMPILE = Path(__file__).with_name("compile_pyodide.mjs")
SNAPSHOT = Path(__file__).with_name("snapshot_pyodide.mjs")
STDLIB_USED = Path(__file__).with_name("stdlib_used.mjs")
EXERCISE = Path(__file__).with_name("exercise_picker.py")  # run by both scripts above
SLIM_FORMAT = b"slim-1"  # change when slim_stdlib writes its zip differently
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
# Modules only the site build uses: left out of the browser's download.
BUILD_ONLY = {"site.py", "changelog.py", "export.py"}


class PickerBuildError(RuntimeError):
    """Something the picker needs is missing; the message says what to run."""


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ─── the wheel ───────────────────────────────────────────────────────────────

def _project_meta() -> tuple[str, str, str]:
    project = tomllib.loads((WIDGET / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project["name"], project["version"], project.get("requires-python", "")


def build_wheel(policy_file: Path) -> tuple[str, bytes]:
    """A py3-none-any wheel of support_policy with `policy_file` as its data file,
    and bytecode for Pyodide's CPython beside each module.

    Written directly (it is a zip with three metadata files) so that the bytes,
    and so the sha256 in the lock file, are the same for the same sources.
    """
    name, version, requires_python = _project_meta()
    dist = name.replace("-", "_")
    sources = {
        f"support_policy/{path.name}": path.read_bytes()
        for path in sorted(PACKAGE_DIR.glob("*.py")) if path.name not in BUILD_ONLY
    }
    # Sources for tracebacks, bytecode so the browser does not compile them on every visit.
    files: dict[str, bytes] = {**sources, **compiled_modules(sources)}
    files["support_policy/policy.toml"] = policy_file.read_bytes()
    info = f"{dist}-{version}.dist-info"
    files[f"{info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nRequires-Python: {requires_python}\n"
    ).encode()
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: picker_build\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    files[f"{info}/top_level.txt"] = b"support_policy\n"
    record = "".join(
        f"{path},sha256={base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()},{len(data)}\n"
        for path, data in files.items()
    ) + f"{info}/RECORD,,\n"
    files[f"{info}/RECORD"] = record.encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files.items():
            entry = zipfile.ZipInfo(path, ZIP_EPOCH)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, data)
    return f"{dist}-{version}-py3-none-any.whl", buffer.getvalue()


# ─── the lock file ───────────────────────────────────────────────────────────

def _pyodide_version() -> str:
    package = PYODIDE_NPM / "package.json"
    if not package.is_file():
        raise PickerBuildError(f"{package} is missing: run `npm ci` (or `make build`, which runs it)")
    return json.loads(package.read_text(encoding="utf-8"))["version"]


def build_lock(wheel_name: str, wheel: bytes, wheel_url: str) -> bytes:
    """pyodide-lock.json with the wheel added by `pyodide lockfile add-wheels`
    (which records its sha256, checked by Pyodide on install), trimmed to the
    packages this site hosts. Cached by its inputs."""
    source = (PYODIDE_NPM / "pyodide-lock.json").read_bytes()
    key = _digest(source + wheel + wheel_url.encode())[:16]
    cached = CACHE / f"lock-{key}.json"
    if cached.is_file():
        return cached.read_bytes()
    work = CACHE / f"work-{key}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    (work / wheel_name).write_bytes(wheel)
    (work / "input.json").write_bytes(source)
    cli = Path(sys.executable).with_name("pyodide")
    result = subprocess.run(
        [str(cli), "lockfile", "add-wheels", "--input", "input.json", "--output", "output.json",
         "--wheel-url", wheel_url, wheel_name],
        cwd=work, capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise PickerBuildError(f"`pyodide lockfile add-wheels` failed:\n{result.stdout}{result.stderr}")
    lock = json.loads((work / "output.json").read_text(encoding="utf-8"))
    ours = lock["packages"]["support-policy"]
    if ours["depends"]:
        raise PickerBuildError(f"the widget must use the standard library only; it depends on {ours['depends']}")
    # Only our wheel is hosted: entries for files that do not exist here would only mislead.
    lock["packages"] = {"support-policy": ours}
    data = json.dumps(lock, indent=None, separators=(",", ":"), sort_keys=True).encode()
    cached.write_bytes(data)
    shutil.rmtree(work, ignore_errors=True)
    return data


# ─── bytecode, compiled by Pyodide's own CPython ─────────────────────────────

def _run_in_pyodide(script: Path, args: list[str], output: Path, what: str) -> None:
    node = shutil.which("node")
    if node is None:
        raise PickerBuildError(f"Node.js is needed for {what}: install `nodejs`")
    partial = output.with_suffix(".partial")
    result = subprocess.run([node, str(script), *args, str(partial)], capture_output=True, text=True)
    if result.returncode != 0 or not partial.is_file():
        # Pyodide prints its whole minified source with some errors: keep the end, where the cause is.
        raise PickerBuildError(f"{what} in Pyodide failed:\n{(result.stdout + result.stderr)[-4000:]}")
    partial.replace(output)  # atomic: an interrupted build never leaves a half-written cache


def _compile_in_pyodide(mode: str, inputs: list[Path], output: Path) -> None:
    _run_in_pyodide(COMPILE, [mode, str(PYODIDE_NPM), *map(str, inputs)], output, f"compiling Python ({mode})")


def compiled_stdlib() -> Path:
    """python_stdlib.zip as bytecode (see compile_pyodide.mjs). Takes ~10 s, so
    it is cached by its inputs: a warm build reuses it."""
    source = PYODIDE_NPM / "python_stdlib.zip"
    key = _digest(source.read_bytes() + COMPILE.read_bytes() + _pyodide_version().encode())[:16]
    cached = CACHE / f"stdlib-{key}.zip"
    if not cached.is_file():
        CACHE.mkdir(parents=True, exist_ok=True)
        for stale in CACHE.glob(f"stdlib-{'?' * 16}.zip"):  # 4.5 MB each; only one Pyodide is in use
            stale.unlink()
        _compile_in_pyodide("stdlib", [], cached)
    return cached


def stdlib_packages(stdlib: Path, wheel_name: str, wheel: bytes) -> list[str]:
    """The top-level names (`asyncio`, `typing`) of the standard library the picker imports
    (see stdlib_used.mjs), learnt by running it in Pyodide on Node. Cached by its inputs."""
    key = _digest(stdlib.name.encode() + wheel + STDLIB_USED.read_bytes() + EXERCISE.read_bytes())[:16]
    cached = CACHE / f"stdlib-used-{key}.json"
    if not cached.is_file():
        CACHE.mkdir(parents=True, exist_ok=True)
        # A few bytes each; tests build with edited data files, hence several wheels.
        for stale in sorted(CACHE.glob("stdlib-used-*.json"), key=lambda f: f.stat().st_mtime)[:-5]:
            stale.unlink()
        # The wheel under its own name: Pyodide's loader reads the package's name from it.
        work = CACHE / f"stdlib-used-{key}-{os.getpid()}"
        work.mkdir()
        try:
            (work / wheel_name).write_bytes(wheel)
            _run_in_pyodide(STDLIB_USED, [str(PYODIDE_NPM), str(stdlib), str(work / wheel_name)], cached,
                            "finding the standard library the picker uses")
        finally:
            shutil.rmtree(work, ignore_errors=True)
    packages = sorted({_top_level(path) for path in json.loads(cached.read_text(encoding="utf-8"))})
    if "encodings" not in packages:  # which every CPython imports to start
        cached.unlink()
        raise PickerBuildError(f"stdlib_used.mjs saw no standard library imported from {stdlib.name}: {packages}")
    return packages


def _top_level(entry: str) -> str:
    """`asyncio` for asyncio/tasks.pyc, `typing` for typing.pyc."""
    return entry.split("/")[0].removesuffix(".pyc").removesuffix(".py")


def slim_stdlib(stdlib: Path, packages: list[str]) -> Path:
    """The compiled standard library with only `packages`, each whole (a package's
    submodules and data files, as a module may import a sibling lazily): ~2.3 MB
    instead of 4.5 for every first visit. Each entry keeps its name, date and
    attributes and is deflated at a fixed level, so the same packages give the same
    bytes on the same build host (its zlib decides the deflated bytes): the file's
    hashed URL, and a visitor's cached copy, then outlive an edit of the policy."""
    key = _digest(stdlib.name.encode() + json.dumps(sorted(packages)).encode() + SLIM_FORMAT)[:16]
    cached = CACHE / f"stdlib-slim-{key}.zip"
    if not cached.is_file():
        CACHE.mkdir(parents=True, exist_ok=True)
        # 2.3 MB each; tests build with edited data files, but they import the same packages.
        for stale in sorted(CACHE.glob("stdlib-slim-*.zip"), key=lambda f: f.stat().st_mtime)[:-2]:
            stale.unlink()
        wanted = set(packages)
        partial = cached.with_suffix(f".{os.getpid()}.partial")  # two builds at once write apart
        with zipfile.ZipFile(stdlib) as source, zipfile.ZipFile(partial, "w") as slim:
            for info in source.infolist():
                if _top_level(info.filename) in wanted:
                    entry = zipfile.ZipInfo(info.filename, info.date_time)
                    entry.create_system, entry.external_attr = info.create_system, info.external_attr
                    slim.writestr(entry, source.read(info), zipfile.ZIP_DEFLATED, compresslevel=6)
        partial.replace(cached)
    return cached


def compiled_modules(sources: dict[str, bytes]) -> dict[str, bytes]:
    """{"pkg/__pycache__/mod.cpython-314.pyc": bytecode} for {"pkg/mod.py": source}, cached."""
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w") as archive:
        for name, data in sorted(sources.items()):
            archive.writestr(zipfile.ZipInfo(name, ZIP_EPOCH), data)
    key = _digest(bundle.getvalue() + COMPILE.read_bytes() + _pyodide_version().encode())[:16]
    cached = CACHE / f"modules-{key}.zip"
    if not cached.is_file():
        CACHE.mkdir(parents=True, exist_ok=True)
        source_zip = CACHE / f"modules-{key}.src.zip"
        source_zip.write_bytes(bundle.getvalue())
        _compile_in_pyodide("modules", [source_zip], cached)
        source_zip.unlink()
    with zipfile.ZipFile(cached) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# ─── the memory snapshot ─────────────────────────────────────────────────────

SNAPSHOT_MAGIC = b"PPSNAP1\0"
SNAPSHOT_PAGE = 4096


def pack_snapshot(raw: bytes) -> bytes:
    """Drop the all-zero pages of a memory snapshot (about 60 % of it), so the
    browser inflates and copies 12 MB instead of 30. Layout, little-endian:
    magic, u32 length, u32 page size, u32 count, count × u32 page index, then
    count full pages (the last one zero-padded). unpackSnapshot in
    picker-worker.js reverses it; unpack_snapshot below is its twin for tests."""
    zero = bytes(SNAPSHOT_PAGE)
    indexes, pages = [], []
    for index, start in enumerate(range(0, len(raw), SNAPSHOT_PAGE)):
        page = raw[start:start + SNAPSHOT_PAGE].ljust(SNAPSHOT_PAGE, b"\0")
        if page != zero:
            indexes.append(index)
            pages.append(page)
    header = SNAPSHOT_MAGIC + struct.pack("<III", len(raw), SNAPSHOT_PAGE, len(indexes))
    return header + struct.pack(f"<{len(indexes)}I", *indexes) + b"".join(pages)


def unpack_snapshot(packed: bytes) -> bytes:
    if packed[:8] != SNAPSHOT_MAGIC:
        raise ValueError("not a packed snapshot")
    length, page_size, count = struct.unpack_from("<III", packed, 8)
    indexes = struct.unpack_from(f"<{count}I", packed, 20)
    memory = bytearray(length)
    offset = 20 + 4 * count
    for index in indexes:
        start = index * page_size
        end = min(start + page_size, length)
        memory[start:end] = packed[offset:offset + end - start]
        offset += page_size
    return bytes(memory)


def memory_snapshot(stdlib: Path, wheel_name: str, wheel: bytes) -> tuple[Path, str, str]:
    """Pyodide's memory after importing the widget and answering once (see
    snapshot_pyodide.mjs), without its zero pages (pack_snapshot) and gzipped:
    ~30 MB raw, ~5 MB as shipped. Compressed here
    rather than left to the host, because hosts compress text types only; the
    worker inflates it with DecompressionStream. Made in ~5 s and cached by
    everything it depends on, so a warm build reuses it.

    Returns the gzipped file, its sha256 and the sha256 of what it inflates to: the
    worker checks the first on a download and the second on the inflated copy it
    keeps in the browser's Cache Storage for the next visit."""
    # The runtime is fixed by the npm version; the standard library goes in by its bytes, as
    # the snapshot holds zipimport's offsets into that very file.
    key = _digest(_digest(stdlib.read_bytes()).encode() + wheel + SNAPSHOT.read_bytes()
                  + EXERCISE.read_bytes() + _pyodide_version().encode())[:16]
    cached = CACHE / f"snapshot-{key}.bin.gz"
    digest_file = CACHE / f"snapshot-{key}.sha256"
    inflated_digest_file = CACHE / f"snapshot-{key}.inflated.sha256"
    if not (cached.is_file() and digest_file.is_file()):
        CACHE.mkdir(parents=True, exist_ok=True)
        # ~5 MB each: keep the three most recent (tests build with edited data files too).
        for stale in sorted(CACHE.glob("snapshot-*.bin.gz"), key=lambda f: f.stat().st_mtime)[:-3]:
            stale.unlink()
            stale.with_name(stale.name.replace(".bin.gz", ".sha256")).unlink(missing_ok=True)
            stale.with_name(stale.name.replace(".bin.gz", ".inflated.sha256")).unlink(missing_ok=True)
        wheel_file = CACHE / f"snapshot-{key}-{wheel_name}"
        raw = CACHE / f"snapshot-{key}.bin"
        wheel_file.write_bytes(wheel)
        try:
            _run_in_pyodide(SNAPSHOT, [str(PYODIDE_NPM), str(stdlib), str(wheel_file)], raw,
                            "making the memory snapshot")
            data = raw.read_bytes()
            partial = cached.with_suffix(".partial")
            partial.write_bytes(gzip.compress(pack_snapshot(data), compresslevel=9, mtime=0))
            partial.replace(cached)
            digest_file.write_text(_digest(cached.read_bytes()))
        finally:
            wheel_file.unlink(missing_ok=True)
            raw.unlink(missing_ok=True)
    if not inflated_digest_file.is_file():  # also for a snapshot cached before this digest existed
        inflated_digest_file.write_text(_digest(gzip.decompress(cached.read_bytes())))
    return cached, digest_file.read_text(), inflated_digest_file.read_text()


# ─── the whole runtime ───────────────────────────────────────────────────────

@dataclass(frozen=True)
class Runtime:
    """Every file the picker needs, by its path below the site root, and the URLs the page uses."""

    files: dict[str, bytes | Path]
    script_url: str
    worker_url: str
    index_url: str
    lock_url: str
    stdlib_url: str
    snapshot_url: str
    snapshot_sha256: str
    kept_sha256: str  # of the inflated snapshot, which the worker keeps in Cache Storage

    def start_script(self, lang: str) -> str:
        """An inline script for the top of <head> that starts the worker as soon as the
        page has painted (a `paint` performance entry), so Python boots while the rest
        of the page loads but its 13 MB of downloads never hold up the first paint.
        `self.planPicker.worker` is a promise of the worker, for picker.js, which also
        takes over the events queued in `self.planPicker.early`. The `picker:worker` mark
        says when the worker was started (read by `make bench`). The CSP hook allows
        the script by its sha256."""
        boot = {"type": "boot", "lang": lang, "indexURL": self.index_url, "lockFileURL": self.lock_url,
                "stdLibURL": self.stdlib_url, "snapshotURL": self.snapshot_url, "snapshotSha256": self.snapshot_sha256,
                "keptSha256": self.kept_sha256}

        def literal(value) -> str:
            return json.dumps(value, separators=(",", ":")).replace("<", "\\u003c")

        return ("<script>(()=>{const p=self.planPicker={early:[]};p.worker=new Promise((ok,no)=>{"
                "const go=()=>setTimeout(()=>{try{performance.mark(\"picker:worker\");"
                f'const w=new Worker({literal(self.worker_url)},{{type:"module"}});'
                f"w.onmessage=w.onerror=(e)=>p.early.push(e);w.postMessage({literal(boot)});ok(w)"
                "}catch(e){no(e)}});"
                "try{new PerformanceObserver((l,o)=>{o.disconnect();go()}).observe({type:\"paint\"})}"
                "catch(e){requestAnimationFrame(go)}})})()</script>")

    def write(self, site_dir: Path) -> None:
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
    for name in PYODIDE_RUNTIME:
        path = PYODIDE_NPM / name
        if not path.is_file():
            raise PickerBuildError(f"{path} is missing: run `npm ci`")
        files[pyodide_rel + name] = path
    wheel_name, wheel = build_wheel(policy_file)
    full_stdlib = compiled_stdlib()
    stdlib = slim_stdlib(full_stdlib, stdlib_packages(full_stdlib, wheel_name, wheel))
    stdlib_rel = pyodide_rel + _hashed("python_stdlib.zip", stdlib.read_bytes())
    files[stdlib_rel] = stdlib
    wheel_rel = f"assets/picker/{_digest(wheel)[:10]}/"
    files[wheel_rel + wheel_name] = wheel
    lock = build_lock(wheel_name, wheel, base_path + wheel_rel)
    lock_rel = f"assets/picker/{_hashed('pyodide-lock.json', lock)}"
    files[lock_rel] = lock
    snapshot, snapshot_sha256, kept_sha256 = memory_snapshot(stdlib, wheel_name, wheel)
    snapshot_rel = f"assets/picker/snapshot.{snapshot_sha256[:10]}.bin.gz"
    files[snapshot_rel] = snapshot
    glue = {}
    for name in ("picker.js", "picker-worker.js"):
        data = (GLUE_DIR / name).read_bytes()
        glue[name] = f"assets/picker/{_hashed(name, data)}"
        files[glue[name]] = data
    return Runtime(
        files=files,
        script_url=base_path + glue["picker.js"],
        worker_url=base_path + glue["picker-worker.js"],
        index_url=base_path + pyodide_rel,
        lock_url=base_path + lock_rel,
        stdlib_url=base_path + stdlib_rel,
        snapshot_url=base_path + snapshot_rel,
        snapshot_sha256=snapshot_sha256,
        kept_sha256=kept_sha256,
    )
