"""One search index per language (overrides/hooks/search_languages.py), and each page reading its own."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest
from mkdocs.exceptions import PluginError

from support import PAGES, ROOT

sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
from search_languages import split_search_index  # noqa: E402

ROOTS = {"ru": "", "en": "en/"}  # language → its folder below the site, where its index is


def index(site: Path, lang: str) -> dict:
    return json.loads((site / ROOTS[lang] / "search" / "search_index.json").read_text(encoding="utf-8"))


def page_language(site: Path, url: str) -> str:
    """The lang of the built page at `url` (below the site; directory URLs serve index.html)."""
    html = (site / url.split("#")[0] / "index.html").read_text(encoding="utf-8")
    return re.search(r'<html lang="([^"]+)"', html)[1]


@pytest.mark.parametrize("lang", ROOTS)
def test_each_language_s_index_holds_its_own_pages_only(built_site: Path, lang: str):
    docs = index(built_site, lang)["docs"]
    locations = [doc["location"] for doc in docs]
    # Locations are relative to the language's root, as each page's search resolves them.
    assert not [loc for loc in locations if loc.startswith("en/")], locations
    wrong = [loc for loc in locations if page_language(built_site, ROOTS[lang] + loc) != lang]
    assert wrong == [], f"{lang} index holds pages in another language: {wrong}"
    assert sorted({loc.split("#")[0] for loc in locations}) == sorted(PAGES), "every page, once per language"


@pytest.mark.parametrize(("lang", "hidden"), [("ru", "Не удалось запустить подбор"), ("en", "could not start")])
def test_the_picker_s_hidden_messages_and_tables_are_not_searched(built_site: Path, lang: str, hidden: str):
    """render_picker marks them data-search-exclude: a search for "zoom" showed the picker page
    with its failure message and the tables' yes and no run together."""
    picker = [doc for doc in index(built_site, lang)["docs"] if doc["location"].startswith("picker/")]
    assert picker, "the picker page is searchable"
    text = " ".join(doc["text"] for doc in picker)
    assert hidden not in text and "requests/new" not in text, text[:300]


def test_both_indexes_keep_the_search_plugin_s_settings(built_site: Path):
    # lang [ru, en] in both: lunr's trimmer for Russian alone would drop Latin words (Zoom, plan names).
    ru, en = index(built_site, "ru")["config"], index(built_site, "en")["config"]
    assert ru == en and ru["lang"] == ["ru", "en"] and "а-яё" in ru["separator"]


@pytest.mark.parametrize("lang", ROOTS)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_searches_below_its_language_s_root(built_site: Path, lang: str, page: str):
    # Material loads search/search_index.json below __config's base, and links the results from there.
    html = (built_site / ROOTS[lang] / page / "index.html").read_text(encoding="utf-8")
    settings = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)[1])
    page_url = f"https://site.example/{ROOTS[lang]}{page}"
    assert urljoin(page_url, settings["base"] + "/") == f"https://site.example/{ROOTS[lang]}", settings["base"]


def test_the_split_gives_an_entry_to_the_longest_root_it_starts_with():
    combined = {"config": {"lang": ["ru", "en"]}, "docs": [
        {"location": "", "title": "Обзор"},
        {"location": "en/support-hours/#when", "title": "When"},
        {"location": "english-words/", "title": "Английские слова"},  # "en" without its slash is Russian
    ]}
    split = split_search_index(combined, ["", "en/"])
    assert split[""] == {"config": combined["config"], "docs": [combined["docs"][0], combined["docs"][2]]}
    assert split["en/"]["docs"] == [{"location": "support-hours/#when", "title": "When"}]


def test_an_entry_below_no_language_root_stops_the_build():
    with pytest.raises(PluginError, match="'fr/' is below no language root"):
        split_search_index({"config": {}, "docs": [{"location": "fr/"}]}, ["en/"])
