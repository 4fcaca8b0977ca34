"""Each page exists in both languages with the same heading structure."""

from __future__ import annotations

from pathlib import Path

import pytest

from htmltext import outline
from support import ROOT

SOURCES = sorted(p for p in (ROOT / "docs").rglob("*.md") if not p.name.endswith(".en.md"))


def test_every_russian_page_has_an_english_twin_and_back():
    ru = {p.relative_to(ROOT / "docs").as_posix()[: -len(".md")] for p in SOURCES}
    en = {p.relative_to(ROOT / "docs").as_posix()[: -len(".en.md")] for p in (ROOT / "docs").rglob("*.en.md")}
    assert ru == en
    assert len(ru) >= 7


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_heading_levels_and_anchors_match(built_site: Path, source: Path):
    rel = source.relative_to(ROOT / "docs").with_suffix("")
    page = Path() if rel.name == "index" else rel
    ru = outline(built_site / page / "index.html")
    en = outline(built_site / "en" / page / "index.html")
    assert [level for level, _ in ru.headings] == [level for level, _ in en.headings]
    assert len(ru.headings) >= 1
    assert len(ru.links) == len(en.links)
