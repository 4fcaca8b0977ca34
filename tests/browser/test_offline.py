"""The site offline after one visit (overrides/hooks/offline.py, offline_sw.js): the pages
open with the network off, styled, and search works; the picker answers offline once it has
answered online; a new deploy shows on the next visit and its worker drops the old copies;
a page without the picker costs no Pyodide byte."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kept import cached, wait_offline_ready
from support import ROOT, screenshot, serve

pytestmark = pytest.mark.browser

PREFIX = {"ru": "", "en": "/en"}
# (page, its h1) per language; the first is the one visited online.
PAGES = {
    "ru": [("support-hours/", "Часы поддержки"), ("", "Обзор политики поддержки"), ("response-time/", "Целевое время реакции"),
           ("priority-levels/", "Уровни приоритета")],
    "en": [("support-hours/", "Support hours"), ("", "Support policy overview"), ("response-time/", "Target response time"),
           ("priority-levels/", "Priority levels")],
}
RUNTIME = re.compile(r"^/assets/(pyodide/|picker/python\.)")


@pytest.mark.parametrize("lang", PREFIX)
def test_after_one_visit_the_language_s_pages_open_offline(browser, site_url, lang):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    first, *others = PAGES[lang]
    page.goto(f"{site_url}{PREFIX[lang]}/{first[0]}")
    wait_offline_ready(page)
    context.new_cdp_session(page).send("Network.clearBrowserCache")  # only what the worker kept
    context.set_offline(True)
    page.reload()
    expect(page.locator("article h1")).to_contain_text(first[1])
    for path, title in others:  # by the navigation's links, as a reader would
        page.goto(f"{site_url}{PREFIX[lang]}/{path}")
        expect(page.locator("article h1")).to_contain_text(title)
        expect(page.locator(".md-header")).to_have_css("position", "sticky")  # styled: the CSS was kept too
    screenshot(page, f"offline-{lang}-360")
    # Search reads the kept index.
    page.set_viewport_size({"width": 1280, "height": 900})
    name = "Поиск" if lang == "ru" else "Search"
    box = page.get_by_role("dialog", name=name).get_by_role("textbox", name=name)
    box.click()
    box.fill("zoom")
    box.press("End")
    expect(page.locator(".md-search-result__list > li").first).to_be_visible()
    screenshot(page, f"offline-{lang}-search-1280", full_page=False)
    context.close()


def test_the_picker_answers_offline_once_it_has_answered(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site_url}/en/picker/?plan=business&priority=2")
    expect(page.locator("[data-picker]")).to_have_attribute("data-state", "answered", timeout=20_000)
    wait_offline_ready(page)
    # The picker keeps its snapshot; then the service worker keeps the runtime, once for both
    # languages (the wasm, the runtime's two scripts, the Python archive).
    runtime = cached(page, "plan-picker-runtime", until=lambda urls: len(urls) == 4)
    names = sorted(re.sub(r".*/", "", url) for url in runtime)
    assert names[:3] == ["pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide.mjs"] and names[3].startswith("python."), names
    # Offline, with the browser's HTTP cache emptied: what answers is what the workers kept.
    context.new_cdp_session(page).send("Network.clearBrowserCache")
    context.set_offline(True)
    page.goto(f"{site_url}/en/picker/?plan=api&priority=1&country=AU")
    expect(page.locator("[data-picker]")).to_have_attribute("data-state", "answered", timeout=20_000)
    expect(page.locator('[data-pp-answer] a[href="tel:+611800768027,2"]')).to_be_visible()
    screenshot(page, "offline-picker-en-1280")
    context.close()


def test_pages_without_the_picker_load_no_runtime_byte_for_offline_use(browser, built_site, tmp_path):
    with serve(built_site) as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{url}/support-hours/")
        wait_offline_ready(page)
        context.close()
        assert "/sw.js" in url.served and "/search/search_index.json" in url.served
        assert [path for path in url.served if RUNTIME.search(path)] == []


KEPT_PAGE = """async (path) => {
  const urls = [];
  for (const name of await caches.keys()) {
    for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
  }
  return urls.filter((url) => new URL(url).pathname === path);
}"""


def rewrite_worker(site: Path) -> None:
    """What a new build's offline.py does: the worker anew, its manifest from the files."""
    sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
    try:
        from offline import write_worker
    finally:
        sys.path.pop(0)
    write_worker(site)


def test_a_new_deploy_shows_on_the_next_visit_and_the_old_copy_goes(browser, built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    page_file = site / "en" / "support-hours" / "index.html"
    with serve(site) as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{url}/en/support-hours/")
        wait_offline_ready(page)
        [before] = page.evaluate(KEPT_PAGE, "/en/support-hours/index.html")  # with its revision
        # A deploy: the page changes, and the build writes the worker anew.
        html = page_file.read_text(encoding="utf-8")
        page_file.write_text(html.replace("<h1", '<p id="deployed">Deployed again</p><h1', 1), encoding="utf-8")
        rewrite_worker(site)
        page.goto(f"{url}/en/support-hours/")  # the next visit, online: the new page at once
        expect(page.locator("#deployed")).to_have_text("Deployed again")
        # Meanwhile the new worker installs, keeps the new revision and drops the old one.
        for _ in range(100):
            kept = page.evaluate(KEPT_PAGE, "/en/support-hours/index.html")
            if kept and before not in kept:
                break
            page.wait_for_timeout(100)
        assert len(kept) == 1 and kept != [before], kept
        context.set_offline(True)
        page.reload()
        expect(page.locator("#deployed")).to_have_text("Deployed again")
        caches = page.evaluate("caches.keys()")
        assert [name for name in caches if "precache" in name] == [f"workbox-precache-v2-{url}/"], caches
        context.close()
