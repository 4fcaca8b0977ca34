"""Pages as a visitor sees them: no foreign requests, no console errors, language switch, 404, looks, contrast."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
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
    context.close()


# ─── Contrast: WCAG AA for every text on every page, light and dark (axe's color-contrast) ───

# Material's tab bar, as `navigation.tabs` would render it (the feature is off; its CSS is not).
TABS = """
const nav = document.createElement("nav");
nav.className = "md-tabs";
nav.innerHTML = '<div class="md-grid"><ul class="md-tabs__list">'
  + '<li class="md-tabs__item md-tabs__item--active"><a class="md-tabs__link" href="#">Active</a></li>'
  + '<li class="md-tabs__item"><a class="md-tabs__link" href="#">Inactive</a></li></ul></div>';
document.querySelector(".md-container").prepend(nav);
"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("page", PAGES)
def test_text_contrast_meets_wcag_aa(browser, site_url, page, prefix, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    p = context.new_page()
    p.goto(f"{site_url}{prefix}/{page}")
    p.wait_for_load_state("networkidle")
    p.evaluate(TABS)
    expect(p.locator(".md-tabs__link").last).to_be_visible()
    # The plan picker (.pp) is scanned by its own tests (tests/browser/test_guide.py).
    result = Axe().run(p, context={"exclude": [[".pp"]]},
                       options={"runOnly": {"type": "rule", "values": ["color-contrast"]}})
    assert result.violations_count == 0, result.generate_report()
    context.close()
