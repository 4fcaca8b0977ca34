"""Pages as a visitor sees them: no foreign requests, no console errors, language switch, 404, looks.
Contrast is one of the rules of the axe scan of every page (test_a11y.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from support import PAGES, screenshot

pytestmark = pytest.mark.browser

PREFIX = {"ru": "", "en": "/en"}
SWITCHER = {"ru": "Выберите язык", "en": "Select language"}


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_loads_clean(page_watch, site_url, prefix, page):
    p = page_watch["page"]
    requested = []
    p.on("request", lambda request: requested.append(request.url))
    response = p.goto(f"{site_url}{prefix}/{page}")
    assert response.status == 200
    p.wait_for_load_state("networkidle")
    assert page_watch["foreign"] == []
    assert page_watch["errors"] == []
    # Material looked for a sitemap next to each hreflang link (/en/support-hours/sitemap.xml …).
    assert [url for url in requested if url.endswith("sitemap.xml")] == []


def test_language_switcher_opens_the_same_page_in_the_other_language(page_watch, site_url):
    p = page_watch["page"]
    redirects = []
    p.on("response", lambda response: 300 <= response.status < 400 and redirects.append(response.url))
    p.goto(f"{site_url}/support-hours/")
    for lang, other, name, title in [("ru", "en", "English", "Support hours"), ("en", "ru", "Русский", "Часы поддержки")]:
        p.get_by_role("button", name=SWITCHER[lang]).click()  # opens the language list
        p.get_by_role("link", name=name, exact=True).click()
        expect(p).to_have_url(f"{site_url}{PREFIX[other]}/support-hours/")
        expect(p.locator("html")).to_have_attribute("lang", other)
        expect(p.locator("article h1")).to_contain_text(title)
    # Straight there: before, Material rerouted the click to the URL without its trailing slash.
    assert redirects == []
    assert page_watch["errors"] == []


@pytest.mark.parametrize(("path", "home", "link"), [
    ("/no-such-page/", "/", "Перейти на главную страницу"),
    ("/en/no/such/page/", "/en/", "Go to the home page in English"),
])
@pytest.mark.console(r"status of 404", reason="the browser reports the 404 this test asks for")
def test_missing_page_shows_both_languages_and_leads_home(page_watch, site_url, path, home, link):
    p = page_watch["page"]
    failed = []
    p.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    response = p.goto(f"{site_url}{path}")
    assert response.status == 404
    p.wait_for_load_state("networkidle")
    ru, en = p.locator('article [lang="ru"]'), p.locator('article [lang="en"]')
    expect(ru.get_by_role("heading")).to_have_text("Страница не найдена")
    expect(en.get_by_role("heading")).to_have_text("Page not found")
    # Its styles and scripts load from any depth: the only failed request is the page itself.
    assert failed == [f"{site_url}{path}"]
    expect(p.locator(".md-header")).to_have_css("position", "sticky")
    screenshot(p, f"404-from-{home.strip('/') or 'ru'}")
    p.get_by_role("link", name=link).click()
    expect(p).to_have_url(f"{site_url}{home}")
    expect(p.locator("html")).to_have_attribute("lang", "en" if home == "/en/" else "ru")
    # The one console error is the browser reporting the 404 status of the missing page.
    assert len(page_watch["errors"]) == 1 and "404" in page_watch["errors"][0], page_watch["errors"]
    assert page_watch["foreign"] == []


# ─── Looks: screenshots (tests/output/screenshots/) and what must hold on them ───

LOOKED_AT = ["", "support-process/", "priority-levels/", "response-time/"]


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("page", LOOKED_AT)
def test_page_fits_the_screen(browser, site_url, page, lang, width):
    scheme = "dark" if (page, lang) == ("response-time/", "ru") else "light"
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    p = context.new_page()
    p.goto(f"{site_url}{PREFIX[lang]}/{page}")
    p.wait_for_load_state("networkidle")
    screenshot(p, f"page-{(page.strip('/') or 'overview')}-{lang}-{width}-{scheme}")
    if scheme == "dark":  # and its light twin, to compare
        p.emulate_media(color_scheme="light")
        screenshot(p, f"page-{(page.strip('/') or 'overview')}-{lang}-{width}-light")
    # Nothing makes the page itself scroll sideways; a wide table scrolls inside its own box.
    assert p.evaluate("document.documentElement.scrollWidth") <= width
    # Every table caption is readable without scrolling: it wraps within the screen.
    captions = p.locator(".policy-table caption").evaluate_all(
        "els => els.filter(e => e.checkVisibility()).map(e => e.getBoundingClientRect().right)")
    for right in captions:
        assert right <= width, f"caption runs off the screen ({right:.0f} > {width})"
    if page in {"support-process/", "response-time/"}:
        assert captions, "no visible table caption"
    # The plan tables read whole: no cell hides behind a sideways scroll (on a phone each plan
    # is a block of lines), and every cell lies within the screen.
    tables = p.locator(".policy-table table[data-stack]")
    for i in range(tables.count()):
        table = tables.nth(i)
        wrap = table.evaluate("t => { const w = t.closest('.md-typeset__scrollwrap');"
                              " return {scroll: w.scrollWidth, client: w.clientWidth}; }")
        assert wrap["scroll"] <= wrap["client"], f"table {i} scrolls sideways: {wrap}"
        rights = table.locator("td").evaluate_all("cells => cells.map(c => c.getBoundingClientRect().right)")
        assert rights and max(rights) <= width, f"table {i}: a cell ends at {max(rights):.0f} px of {width}"
    context.close()
