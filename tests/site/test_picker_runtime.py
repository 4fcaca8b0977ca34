"""The picker's runtime as the build writes it: the boot settings and the start script at
the top of a picker page's <head>, the one Python archive, and the build's cache."""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import sys
import zipfile
from pathlib import Path

import pytest

from support import ROOT, picker_boot

sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
import picker_build  # noqa: E402


def _boot(built_site: Path, page: str = "en/picker") -> dict:
    boot = picker_boot((built_site / page / "index.html").read_text(encoding="utf-8"))
    assert boot, f"{page} has no picker-boot settings"
    return boot


def _archive(built_site: Path) -> zipfile.ZipFile:
    boot = _boot(built_site)
    return zipfile.ZipFile(io.BytesIO(gzip.decompress((built_site / boot["archiveURL"].lstrip("/")).read_bytes())))


def test_the_worker_starts_at_the_top_of_head_on_picker_pages_only(built_site: Path):
    for lang, prefix in (("ru", ""), ("en", "en/")):
        html = (built_site / prefix / "picker" / "index.html").read_text(encoding="utf-8")
        head = html[html.index("<head>"):html.index("</head>")]
        settings, start = head.index('id="picker-boot"'), head.index("new Worker(")
        assert settings < start < head.index('rel="stylesheet"'), "the start must not wait for the stylesheets"
        assert head.index('http-equiv="Content-Security-Policy"') < settings, "the CSP must come first"
        boot = _boot(built_site, f"{prefix}picker")
        assert (boot["lang"], boot["start"]) == (lang, "now")
        assert _boot(built_site, prefix.rstrip("/") or ".")["start"] == "on-demand"  # the overview
        for key in ("workerURL", "archiveURL"):
            assert (built_site / boot[key].lstrip("/")).is_file(), f"{key} names a file the build did not write"
        for download in boot["downloads"]:
            path = built_site / download["url"].lstrip("/")
            assert path.stat().st_size == download["bytes"], download
            assert 0 < download["wire"] <= download["bytes"], download
        assert boot["stallMs"] >= 10_000 and boot["startMs"] >= boot["stallMs"]
    plain = (built_site / "en" / "support-hours" / "index.html").read_text(encoding="utf-8")
    assert "picker-boot" not in plain and "new Worker(" not in plain


def test_the_archive_is_the_one_the_page_names(built_site: Path):
    boot = _boot(built_site)
    packed = (built_site / boot["archiveURL"].lstrip("/")).read_bytes()
    assert hashlib.sha256(gzip.decompress(packed)).hexdigest() == boot["archiveSha256"]
    assert boot["archiveURL"].split(".")[-3] == hashlib.sha256(packed).hexdigest()[:10], "named by its content"
    # The first visit's whole download, as a host sends it: about 5 MB (the wasm alone is 3.5).
    assert sum(download["wire"] for download in boot["downloads"]) < 5.2e6


def test_the_archive_holds_the_widget_and_the_data_file_the_pages_were_built_from(built_site: Path):
    with _archive(built_site) as archive:
        names = set(archive.namelist())
        assert archive.read("support_policy/policy.toml") == (ROOT / "widget/src/support_policy/policy.toml").read_bytes()
        # Stored, not deflated: Python reads its modules without inflating each one.
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_STORED}
        browser = archive.read("support_policy/browser.pyc")
        assert b"entry point" in browser, "the widget keeps its docstrings (dataclasses read them)"
        assert b"JSON (JavaScript Object Notation)" not in archive.read("json/__init__.pyc"), \
            "the standard library is compiled without docstrings"
    sources = {name.removesuffix(".py") for name in picker_build.package_sources()}
    assert {f"{name}.pyc" for name in sources} <= names
    assert not {"support_policy/site.pyc", "support_policy/export.pyc", "support_policy/changelog.pyc"} & names
    assert not any(name.endswith(".py") for name in names), "bytecode only"


# Frozen into CPython itself (its Python/frozen.c): imported without any file.
FROZEN = {"abc", "codecs", "io", "_collections_abc", "_sitebuiltins", "genericpath", "ntpath", "posixpath",
          "os", "site", "stat", "importlib", "zipimport"}


def test_the_archive_holds_every_module_the_widget_imports_and_little_else(built_site: Path):
    """The standard library is cut to the modules the picker was seen to import at build time
    (stdlib_used.mjs): every one the widget's code names must be in it, or an import the
    build's exercise missed would fail in the browser."""
    with _archive(built_site) as archive:
        names = set(archive.namelist())
    imports = picker_build.widget_imports(picker_build.package_sources())
    assert {"json", "datetime", "html", "tomllib", "dataclasses"} <= set(imports), imports
    for module in imports:
        path = module.replace(".", "/")
        frozen = module.split(".")[0] in FROZEN
        assert frozen or f"{path}.pyc" in names or f"{path}/__init__.pyc" in names, module
    # What CPython and Pyodide import to start, and what a traceback needs.
    assert {"encodings/__init__.pyc", "encodings/utf_8.pyc", "_pyodide/__init__.pyc", "pyodide/__init__.pyc",
            "traceback.pyc", "linecache.pyc"} <= names
    # Modules, not whole packages: the codecs nothing decodes, and packages nothing imports, stay out.
    assert "encodings/cp1252.pyc" not in names
    assert not any(name.startswith(("unittest/", "xml/", "multiprocessing/", "sqlite3/")) for name in names)
    with zipfile.ZipFile(picker_build.compiled_stdlib()) as full:  # cached by the build above
        assert len(names) < len(full.namelist()) / 3


def test_widget_imports_are_read_from_every_import_statement():
    sources = {"support_policy/a.py": b"import json, os.path\nfrom . import b\n"
                                      b"def f():\n    from html import escape\n    from .c import d\n",
               "support_policy/b.py": b"from support_policy import a\nimport tomllib as t\n"}
    assert picker_build.widget_imports(sources) == ["html", "json", "os.path", "tomllib"]


# ─── the build's cache ───────────────────────────────────────────────────────

def test_the_cache_makes_each_file_once_and_keeps_the_newest_few(tmp_path, monkeypatch):
    monkeypatch.setattr(picker_build, "CACHE", tmp_path)
    made = []

    def make(content: bytes):
        def write(out: Path) -> None:
            assert out.parent == tmp_path and str(os.getpid()) in out.name, out  # a name of this process's own
            made.append(content)
            out.write_bytes(content)
        return write

    first = picker_build.cached("thing", b"key 1", ".bin", make(b"#1"), keep=2)
    assert picker_build.cached("thing", b"key 1", ".bin", make(b"again"), keep=2) == first
    assert made == [b"#1"] and first.read_bytes() == b"#1"
    os.utime(first, (1, 1))  # the oldest
    second = picker_build.cached("thing", b"key 2", ".bin", make(b"#2"), keep=2)
    os.utime(second, (2, 2))
    picker_build.cached("thing", b"key 3", ".bin", make(b"#3"), keep=2)
    assert sorted(f.read_bytes() for f in tmp_path.glob("thing-*.bin")) == [b"#2", b"#3"]
    assert not list(tmp_path.glob(".*partial")), "no partial file is left behind"


def test_a_failed_make_leaves_nothing_in_the_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(picker_build, "CACHE", tmp_path)

    def half_written(out: Path) -> None:
        out.write_bytes(b"half")
        raise picker_build.PickerBuildError("Node.js stopped")

    with pytest.raises(picker_build.PickerBuildError, match="Node.js stopped"):
        picker_build.cached("thing", b"key", ".bin", half_written)
    assert list(tmp_path.iterdir()) == []


# ─── the markers ─────────────────────────────────────────────────────────────

def test_an_unknown_marker_names_the_page_and_every_known_marker():
    from support_policy.site import MarkerError, fill_markers

    renderers = {"channels": lambda argument: "C", "picker": lambda argument: f"P({argument})"}
    assert fill_markers("<!-- policy:picker on-demand -->\n<!-- policy:channels -->", renderers, "x.md") == "P(on-demand)\nC"
    with pytest.raises(MarkerError) as caught:
        fill_markers("<!-- policy:chanels -->", renderers, "docs/x.md")
    assert str(caught.value) == ("docs/x.md: unknown marker <!-- policy:chanels -->. "
                                 "Fix: use one of <!-- policy:channels -->, <!-- policy:picker -->")


def test_every_marker_of_the_site_is_registered_in_one_place(built_site: Path):
    """The one walk (markers.py) knows all nine markers; none is left in a built page."""
    import markers
    import picker_assets  # noqa: F401  (each hook registers its markers when MkDocs loads it)
    import policy_export  # noqa: F401
    from support_policy.site import RENDERERS

    assert {*markers.REGISTRY, *RENDERERS} == {"channels", "response-targets", "priorities", "priority-guide",
                                                "support-hours", "picker", "changelog", "export-urls", "export-example"}
    for page in built_site.rglob("*.html"):
        assert "<!-- policy:" not in page.read_text(encoding="utf-8"), page
