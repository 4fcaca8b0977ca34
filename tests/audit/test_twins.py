"""The stock Material twins that `make audit` measures our pages against are faithful:
each twin has its page's table of contents and as long a navigation, so a page is not
judged against a lighter page (tests/audit/lighthouse.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import lighthouse
import twin_toc

TOC_LINK = re.compile(r'<a href="(#[^"]+)" class="md-nav__link')
NAV_ITEM = re.compile(r'<li class="md-nav__item')
NAV = re.compile(r'<nav class="md-nav[ "]')


@pytest.fixture(scope="module")
def twins(built_site, tmp_path_factory) -> Path:
    return lighthouse.build_twins(built_site, tmp_path_factory.mktemp("twins"))


@pytest.mark.parametrize("path", lighthouse.targets())
def test_each_twin_has_its_page_s_table_of_contents_and_navigation(built_site, twins, path):
    ours = (built_site / path.split("?")[0].lstrip("/") / "index.html").read_text(encoding="utf-8")
    twin = (twins / lighthouse.twin_of(path) / "index.html").read_text(encoding="utf-8")
    assert TOC_LINK.findall(twin) == TOC_LINK.findall(ours)
    assert len(NAV_ITEM.findall(twin)) == len(NAV_ITEM.findall(ours))
    assert len(NAV.findall(twin)) == len(NAV.findall(ours))  # the same nesting


def test_toc_tokens_nest_headings_by_level_and_leave_out_permalinks():
    html = ('<h1 id="t">Title<a class="headerlink" href="#t">¶</a></h1><h2 id="a">A &amp; b</h2>'
            '<h3 id="a1">A.1</h3><h2 id="c">C</h2><h2>no id</h2>')
    assert twin_toc.toc_tokens(html) == [
        {"level": 1, "id": "t", "name": "Title", "children": [
            {"level": 2, "id": "a", "name": "A &amp; b", "children": [
                {"level": 3, "id": "a1", "name": "A.1", "children": []}]},
            {"level": 2, "id": "c", "name": "C", "children": []}]}]
