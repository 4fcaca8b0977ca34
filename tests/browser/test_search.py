"""Search through the real search box: both languages, and Russian words in another case."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NAME = {"ru": "Поиск", "en": "Search"}
PREFIX = {"ru": "", "en": "/en"}


def search(page, site_url: str, lang: str, query: str):
    """Type `query` into the header's search box; returns the result items' locator."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site_url}{PREFIX[lang]}/")
    box = page.get_by_role("dialog", name=NAME[lang]).get_by_role("textbox", name=NAME[lang])
    box.click()
    # Material searches on keyup. Playwright types Cyrillic as inserted text without key events,
    # so the text is filled in and a real key (End) is pressed, as a keyboard would send.
    box.fill(query)
    box.press("End")
    results = page.locator(".md-search-result__list > li")
    expect(results.first).to_be_visible()
    return results


def result_paths(results, site_url: str) -> list[str]:
    """Each result's page path (first link of each item), without the ?h= highlight query."""
    hrefs = results.evaluate_all("items => items.map(li => li.querySelector('a').href)")
    return [re.sub(r"\?.*$", "", href.removeprefix(site_url)) for href in hrefs]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_search_dialog_and_box_have_accessible_names(page_watch, site_url, lang):
    page = page_watch["page"]
    page.goto(f"{site_url}{PREFIX[lang]}/support-hours/")
    dialog = page.get_by_role("dialog", name=NAME[lang])
    expect(dialog).to_have_count(1)
    expect(dialog.get_by_role("textbox", name=NAME[lang])).to_have_count(1)


# Russian queries in a case that appears nowhere on the page they must find:
# «приоритетов» is not on the priority page (it says «приоритет», «приоритета»…),
# «заказчиками» is not on the satisfaction page, «поддержкой» is on no page at all.
@pytest.mark.parametrize(("query", "first"), [
    ("приоритетов", "/priority-levels/"),
    ("заказчиками", "/satisfaction/"),
])
def test_russian_word_in_another_case_finds_its_page(page_watch, site_url, query, first):
    results = search(page_watch["page"], site_url, "ru", query)
    paths = result_paths(results, site_url)
    assert paths[0] == first, paths
    assert f"/en{first}" not in paths, paths  # not its English twin


def test_russian_instrumental_case_finds_the_support_pages(page_watch, site_url):
    paths = result_paths(search(page_watch["page"], site_url, "ru", "поддержкой"), site_url)
    assert {"/support-process/", "/support-hours/"} <= set(paths), paths
    assert not {"/en/support-process/", "/en/support-hours/"} & set(paths), paths


@pytest.mark.parametrize(("query", "first"), [
    ("priorities", "/en/priority-levels/"),
    ("hours", "/en/support-hours/"),
])
def test_english_query_finds_english_pages(page_watch, site_url, query, first):
    results = search(page_watch["page"], site_url, "en", query)
    paths = result_paths(results, site_url)
    assert paths[0] == first, paths
    # One index serves both languages, but a word finds the pages written in its language:
    # not the Russian twin of the page (only the export pages carry both languages' text).
    assert first.removeprefix("/en") not in paths, paths
    # The result count in the dialog's header is in the page's language.
    expect(page_watch["page"].locator(".md-search-result__meta")).to_contain_text(re.compile(r"matching document"))


def test_search_result_count_is_in_russian_on_russian_pages(page_watch, site_url):
    search(page_watch["page"], site_url, "ru", "приоритетов")
    expect(page_watch["page"].locator(".md-search-result__meta")).to_contain_text(re.compile(r"Найден"))
