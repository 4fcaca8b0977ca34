"""The picker's runtime files as the build writes them: the memory snapshot and the
inline script that starts the worker."""

from __future__ import annotations

import ast
import gzip
import hashlib
import sys
import zipfile
from pathlib import Path

import pytest

from support import ROOT, picker_start

sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
import picker_build  # noqa: E402
from picker_build import SNAPSHOT_PAGE, pack_snapshot, unpack_snapshot  # noqa: E402


@pytest.mark.parametrize("raw", [
    b"",
    bytes(SNAPSHOT_PAGE * 3),  # all zero: no page kept
    b"\x01" + bytes(SNAPSHOT_PAGE * 2) + b"\x02",  # a page, a gap, a short last page
    bytes(range(256)) * 100 + bytes(SNAPSHOT_PAGE * 5) + b"tail",
])
def test_packing_drops_zero_pages_and_restores_every_byte(raw):
    packed = pack_snapshot(raw)
    assert unpack_snapshot(packed) == raw
    zero_pages = sum(1 for i in range(0, len(raw), SNAPSHOT_PAGE) if not any(raw[i:i + SNAPSHOT_PAGE]))
    assert len(packed) <= 20 + len(raw) + 4 * len(raw) // SNAPSHOT_PAGE + SNAPSHOT_PAGE - zero_pages * SNAPSHOT_PAGE


def test_unpacking_refuses_something_else():
    with pytest.raises(ValueError, match="not a packed snapshot"):
        unpack_snapshot(b"<html>an error page</html>")


def _start_script(html: str) -> dict:
    start = picker_start(html)
    assert start, "the inline script that starts the worker is missing"
    return start[1]


def test_the_built_snapshot_is_the_one_the_page_names(built_site: Path):
    html = (built_site / "en" / "picker" / "index.html").read_text(encoding="utf-8")
    boot = _start_script(html)
    snapshot = built_site / boot["snapshotURL"].lstrip("/")
    packed = snapshot.read_bytes()
    assert hashlib.sha256(packed).hexdigest() == boot["snapshotSha256"]
    memory = unpack_snapshot(gzip.decompress(packed))
    # A WebAssembly memory: whole 64 KiB pages, and tens of MB for CPython with the widget loaded.
    assert 16 << 20 < len(memory) < 128 << 20
    assert b"support_policy" in memory
    assert "Приоритет".encode("utf-16-le") in memory  # CPython keeps Cyrillic text as UCS-2


def test_the_worker_starts_at_the_top_of_head_on_picker_pages_only(built_site: Path):
    for lang, prefix in (("ru", ""), ("en", "en/")):
        html = (built_site / prefix / "picker" / "index.html").read_text(encoding="utf-8")
        head = html[html.index("<head>"):html.index("</head>")]
        start = head.index("new Worker(")
        assert start < head.index('rel="stylesheet"'), "the start script must not wait for the stylesheets"
        assert head.index('http-equiv="Content-Security-Policy"') < start, "the CSP must come first"
        boot = _start_script(html)
        assert boot["lang"] == lang
        for key in ("indexURL", "lockFileURL", "stdLibURL", "snapshotURL"):
            assert (built_site / boot[key].lstrip("/")).exists(), f"{key} names a file the build did not write"
    plain = (built_site / "en" / "support-hours" / "index.html").read_text(encoding="utf-8")
    assert "new Worker(" not in plain


def _zip(path: Path, names: list[str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            archive.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), f"bytes of {name}")
    return path


def test_the_slim_standard_library_keeps_whole_packages_and_nothing_else(tmp_path, monkeypatch):
    full = _zip(tmp_path / "stdlib-full.zip", [
        "asyncio/__init__.pyc", "asyncio/tasks.pyc", "typing.pyc", "pyodide/py.typed", "pyodide/ffi/__init__.pyc",
        "unittest/__init__.pyc", "typing_extra.pyc", "email/parser.pyc",
    ])
    built = []
    for cache in ("one", "two"):
        monkeypatch.setattr(picker_build, "CACHE", tmp_path / cache)
        built.append(picker_build.slim_stdlib(full, ["asyncio", "pyodide", "typing"]).read_bytes())
    assert built[0] == built[1], "the same packages must give the same bytes (and so the same URL)"
    with zipfile.ZipFile(next((tmp_path / "two").glob("stdlib-slim-*.zip"))) as slim:
        assert sorted(slim.namelist()) == ["asyncio/__init__.pyc", "asyncio/tasks.pyc", "pyodide/ffi/__init__.pyc",
                                           "pyodide/py.typed", "typing.pyc"]
        assert slim.read("asyncio/tasks.pyc") == b"bytes of asyncio/tasks.pyc"


def test_the_served_standard_library_holds_what_the_widget_imports(built_site: Path):
    """The browser's zip is cut to what the picker was seen to import at build time
    (stdlib_used.mjs). Every standard-library module the widget's code names must be
    in it, whole, or an import the build's exercise missed would fail in the browser."""
    boot = _start_script((built_site / "en" / "picker" / "index.html").read_text(encoding="utf-8"))
    with zipfile.ZipFile(built_site / boot["stdLibURL"].lstrip("/")) as archive:
        served = set(archive.namelist())
    full: dict[str, set[str]] = {}  # the whole compiled standard library, by top-level name
    with zipfile.ZipFile(picker_build.compiled_stdlib()) as archive:  # cached by the build above
        for name in archive.namelist():
            full.setdefault(picker_build._top_level(name), set()).add(name)
    served_tops = {picker_build._top_level(name) for name in served}
    named = set()
    with zipfile.ZipFile(next(built_site.glob("assets/picker/*/support_policy-*.whl"))) as wheel:
        for name in wheel.namelist():
            if name.endswith(".py"):
                for node in ast.walk(ast.parse(wheel.read(name))):
                    if isinstance(node, ast.Import):
                        named |= {alias.name.split(".")[0] for alias in node.names}
                    elif isinstance(node, ast.ImportFrom) and node.level == 0:
                        named.add(node.module.split(".")[0])
    assert {"json", "datetime", "html", "tomllib", "dataclasses"} <= named, "the scan of the widget found no imports"
    assert named & full.keys() <= served_tops
    # What CPython and Pyodide import to start, and what the worker's fallback uses to install the
    # wheel (the loader's get_dynlibs imports tarfile, also for a wheel without any).
    assert {"encodings", "site", "pyodide", "_pyodide", "zipfile", "tarfile", "traceback"} <= served_tops
    # Whole packages, and none that nothing of ours imports.
    for top in served_tops:
        assert full[top] <= served, f"{top} is in the served zip only in part"
    assert not {"unittest", "xml", "multiprocessing", "sqlite3"} & served_tops
    assert len(served) < sum(map(len, full.values())) / 1.5
