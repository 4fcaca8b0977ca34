"""Hostile addresses and broken runtime files: the picker stays calm and says so."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# The whole set of hostile links (hundreds, generated) is answered by browser.link in CPython:
# tests/widget/test_browser.py. Here a few of them prove the page's side: it hands the raw
# address to Python and shows what comes back, as text, never as markup.
# Each link with the choices Python keeps from it (what it names well, in the policy's
# spelling) and whether that is an answer.
LINKS = [
    # Understood (a stray parameter is left alone); its answer lets the worker keep a snapshot,
    # so the links after it start Python quickly.
    ("plan=pro&priority=1&q=%3C%2Fscript%3E%3Cscript%3Ewindow.__xss%3D1%3C%2Fscript%3E", ["pro", "1"], True),
    ("plan=%3Cscript%3Ewindow.__xss%3D1%3C%2Fscript%3E&priority=1", ["1"], False),
    ("plan=business&priority=%22%3E%3Cimg%20src%3Dx%20onerror%3D%22window.__xss%3D1%22%3E", ["business"], False),
    ("plan=javascript%3Awindow.__xss%3D1&priority=2", ["2"], False),
    # A country that is not the policy's is left out: the answer is for every country.
    ("country=%3Csvg%20onload%3Dwindow.__xss%3D1%3E&plan=PRO&priority=1", ["pro", "1"], True),
    ("plan=pro&plan=%3Ciframe%20srcdoc%3D%27x%27%3E&priority=1", ["1"], False),
]
# The notice names what the link got wrong (tests/widget/test_browser.py has every wording).
NAMED = {"ru": "Не удалось распознать", "en": "could not be recognised"}


def wait_kept(page) -> None:
    """Until the worker has stored its snapshot (picker.js marks picker:kept), up to 10 s."""
    for _ in range(50):
        if page.evaluate("performance.getEntriesByName('picker:kept').length"):
            return
        page.wait_for_timeout(200)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_hostile_links_show_the_message_never_markup(page_watch, site_url, lang):
    page = page_watch["page"]
    prefix = "" if lang == "ru" else "/en"
    for query, kept, answered in LINKS:
        page.goto(f"{site_url}{prefix}/picker/?{query}")
        picker = page.locator("[data-picker]")
        expect(picker).to_have_attribute("data-state", "answered" if answered else "ready", timeout=20_000)
        notice = page.locator("[data-pp-notice]")
        if "q=" in query:
            expect(notice).to_be_hidden()
            wait_kept(page)
        else:
            expect(notice).to_contain_text(NAMED[lang])
        assert page.locator(".pp input:checked").evaluate_all("inputs => inputs.map(i => i.value)") == kept, query
        assert page.evaluate("window.__xss") is None, query
        assert page.locator(".pp script:not([src]), .pp img, .pp iframe, .pp svg[onload], [onerror]").count() == 0, query
        assert "__xss" not in page.locator(".pp").inner_html(), query
    assert page_watch["errors"] == []
    assert page_watch["foreign"] == []


# ─── broken runtime files ────────────────────────────────────────────────────

def _truncate(body: bytes) -> bytes:
    return body[: len(body) // 3]


def _corrupt(body: bytes) -> bytes:
    data = bytearray(body)
    for i in range(64, len(data), max(1, len(data) // 50)):
        data[i] ^= 0x5A
    return bytes(data)


FILES = {
    "runtime wasm": r"/assets/pyodide/[^/]+/pyodide\.asm\.wasm$",
    "runtime module": r"/assets/pyodide/[^/]+/pyodide\.asm\.mjs$",
    "loader": r"/assets/pyodide/[^/]+/pyodide\.mjs$",
    "Python archive": r"/assets/picker/python\.[0-9a-f]+\.zip\.gz$",
}


@pytest.mark.parametrize("damage", ["missing", "truncated", "corrupted"])
@pytest.mark.parametrize("name", FILES)
@pytest.mark.console(r"Python did not start", r"wasm instantiation failed", r"^CompileError", r"status of 404",
                     reason="what the worker and Pyodide say of the damaged or missing file this test serves")
def test_broken_runtime_file_gives_the_message_and_the_page_keeps_working(browser, site_url, name, damage):
    context = browser.new_context()
    pattern = re.compile(FILES[name])
    hits = []

    def handler(route):
        hits.append(route.request.url)
        if damage == "missing":
            route.fulfill(status=404, body="not found")
            return
        response = route.fetch()
        body = _truncate(response.body()) if damage == "truncated" else _corrupt(response.body())
        route.fulfill(response=response, body=body)

    context.route(pattern, handler)
    page = context.new_page()
    page.goto(f"{site_url}/en/picker/?plan=business&priority=1")
    notice = page.locator("[data-pp-notice]")
    # A broken file fails at once (the picker does not wait for a time-out): the limit is
    # for a loaded machine. A file missing on a host that has this very build is a broken
    # deploy, and the notice says so; a damaged one, that the picker could not start.
    said = ("The support finder's files are not available on the site right now" if damage == "missing"
            else "The support finder could not start in this browser")
    expect(notice).to_contain_text(said, timeout=20_000)
    assert hits, f"the {name} was never requested"
    # The rest of the page still works: the static tables open, navigation leads on.
    notice.locator("a").click()
    expect(page.locator("#pp-tables table").first).to_be_visible()
    page.locator(".md-nav__link", has_text="Support hours").first.click()
    expect(page).to_have_url(re.compile(r"/en/support-hours/$"))
    expect(page.locator("h1")).to_contain_text("Support hours")
    context.close()
