"""Search through the real search box: each language searches its own pages, and Russian words in another case."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NAME = {"ru": "Поиск", "en": "Search"}
PREFIX = {"ru": "", "en": "/en"}
NO_RESULT_EN = "No matching documents"


def type_query(page, lang: str, query: str) -> None:
    """Type `query` into the search box of the page open in `lang`."""
    box = page.get_by_role("dialog", name=NAME[lang]).get_by_role("textbox", name=NAME[lang])
    box.click()
    # Material searches on keyup. Playwright types Cyrillic as inserted text without key events,
    # so the text is filled in and a real key (End) is pressed, as a keyboard would send.
    box.fill(query)
    box.press("End")


def search(page, site_url: str, lang: str, query: str, path: str = ""):
    """Type `query` into the search box of a page (the language's home unless said); returns the result items' locator."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site_url}{PREFIX[lang]}/{path}")
    type_query(page, lang, query)
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
    assert first.removeprefix("/en") not in paths, paths  # not its Russian twin
    # The result count in the dialog's header is in the page's language.
    expect(page_watch["page"].locator(".md-search-result__meta")).to_contain_text(re.compile(r"matching document"))


def test_search_result_count_is_in_russian_on_russian_pages(page_watch, site_url):
    search(page_watch["page"], site_url, "ru", "приоритетов")
    expect(page_watch["page"].locator(".md-search-result__meta")).to_contain_text(re.compile(r"Найден"))


# --- each language searches its own pages ------------------------------------------------
# One index of both languages used to serve every page: "zoom" on a Russian page listed English
# pages first, "phone" on an English page the Russian /export/ page (its field names are English).


def linked_paths(page, site_url: str) -> list[str]:
    """The page path of every link in the results (each page and its sections), without ?h= and #."""
    hrefs = page.locator(".md-search-result__list a").evaluate_all("links => links.map(a => a.href)")
    return [re.sub(r"[?#].*$", "", href.removeprefix(site_url)) for href in hrefs]


def shown_count(page) -> int:
    """The number of matching pages the dialog's header reports ("Найдено совпадений: 8", "8 matching documents")."""
    meta = page.locator(".md-search-result__meta")
    expect(meta).to_contain_text(re.compile(r"\d"))
    return int(re.search(r"\d+", meta.inner_text())[0])


@pytest.mark.parametrize(("lang", "query", "path"), [
    ("ru", "zoom", ""),
    ("ru", "phone", "support-hours/"),  # found on the Russian /export/ page only
    ("ru", "телефон", "support-process/"),
    ("en", "zoom", ""),
    ("en", "phone", "support-hours/"),
])
def test_results_are_pages_of_the_page_s_language(page_watch, site_url, lang, query, path):
    page = page_watch["page"]
    results = search(page, site_url, lang, query, path)
    paths = linked_paths(page, site_url)
    in_language = [p.startswith("/en/") == (lang == "en") for p in paths]
    assert paths and all(in_language), paths
    # Every matching page is on screen (Material shows ten at first), so none of the other language hides below.
    assert results.count() == shown_count(page) < 10, paths
    assert page_watch["errors"] == []


def test_a_russian_word_finds_nothing_on_an_english_page(page_watch, site_url):
    page = page_watch["page"]
    page.goto(f"{site_url}/en/support-process/")
    type_query(page, "en", "телефон")
    expect(page.locator(".md-search-result__meta")).to_have_text(NO_RESULT_EN)
    expect(page.locator(".md-search-result__list > li")).to_have_count(0)


def test_an_english_result_leads_to_its_english_section(page_watch, site_url):
    # The English index's locations are relative to /en/: a result opens /en/…, not /en/en/….
    page = page_watch["page"]
    results = search(page, site_url, "en", "phone", "support-hours/")
    results.first.locator("a").first.click()
    expect(page).to_have_url(re.compile(re.escape(f"{site_url}/en/") + r"(?!en/)"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page_watch["errors"] == []


def test_after_the_language_switcher_search_is_in_the_new_language(page_watch, site_url):
    page = page_watch["page"]
    page.goto(f"{site_url}/support-hours/")
    for lang, other, name in [("ru", "en", "English"), ("en", "ru", "Русский")]:
        page.get_by_role("button", name={"ru": "Выберите язык", "en": "Select language"}[lang]).click()
        page.get_by_role("link", name=name, exact=True).click()
        expect(page.locator("html")).to_have_attribute("lang", other)
        type_query(page, other, "zoom")
        expect(page.locator(".md-search-result__list > li").first).to_be_visible()
        paths = linked_paths(page, site_url)
        assert paths and all(p.startswith("/en/") == (other == "en") for p in paths), (other, paths)
        page.keyboard.press("Escape")  # closes the search, so the switcher is in reach again
    assert page_watch["errors"] == []
