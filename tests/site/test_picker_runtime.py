"""The picker's runtime files as the build writes them: the memory snapshot and the
inline script that starts the worker."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import sys
from pathlib import Path

import pytest

from support import ROOT

sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
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
    script = re.search(r"<script>(\(\(\)=>\{const p=self\.planPicker.*?)</script>", html)
    assert script, "the inline script that starts the worker is missing"
    boot = re.search(r"w\.postMessage\((\{.*?\})\);ok\(w\)", script.group(1))
    return json.loads(boot.group(1))


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
