"""Hostile addresses and broken runtime files: the picker stays calm and says so."""

from __future__ import annotations

import random
import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

VALID = {"plan": ["free", "pro", "business", "education", "api"], "priority": ["1", "2", "3", "4"],
         "country": ["US", "AU", "GB"]}
# Payloads set window.__xss if they ever run; none may.
SCRIPTS = [
    "<script>window.__xss=1</script>", '"><img src=x onerror="window.__xss=1">', "javascript:window.__xss=1",
    "<svg onload=window.__xss=1>", "'-window.__xss=1-'", "${window.__xss=1}", "{{constructor.constructor('window.__xss=1')()}}",
    "</script><script>window.__xss=1</script>", '<a href="javascript:window.__xss=1">x</a>', "<iframe srcdoc='x'>",
]
ODD = [
    "", " ", "+", "pro ", " pro", "PRO", "Pro", "pro\u200b", "prо",  # the last has a Cyrillic "о"
    "１", "٢", "२", "３", "1.0", "01", "-1", "0", "5", "1e0", "0x1", "NaN", "undefined", "null", "true",
    "__proto__", "constructor", "toString", "business%00", "%", "%%", "%E0%A4%A", "\r\nX-Injected: 1",
    "😀", "\u202eorp", "free;priority=1", "free&priority=1", "US,GB", "us", "XX",
    "a" * 5000, "1" * 2000,
]


def generated_queries(count: int = 240) -> list[str]:
    """Deterministic mix of payloads, odd values, long values, repeats and omissions."""
    rng = random.Random(20261125)
    pool = SCRIPTS + ODD
    queries = []
    while len(queries) < count:
        parts = []
        for key in ("plan", "priority", "country"):
            roll = rng.random()
            if roll < 0.15:
                continue  # missing
            values = [rng.choice(pool) if rng.random() < 0.7 else rng.choice(VALID[key])]
            if rng.random() < 0.15:
                values.append(rng.choice(pool + VALID[key]))  # repeated parameter
            parts += [f"{key}={quote(value, safe='')}" for value in values]
        if rng.random() < 0.1:
            parts.append(f"{rng.choice(['lang', 'q', 'plan[]', '%3Cx%3E'])}={quote(rng.choice(SCRIPTS), safe='')}")
        rng.shuffle(parts)
        queries.append("&".join(parts))
    return list(dict.fromkeys(queries))


QUERIES = generated_queries()


def test_at_least_two_hundred_distinct_queries():
    assert len(QUERIES) >= 200


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_generated_links_never_raise_or_inject(browser, site_url, lang):
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    prefix = "" if lang == "ru" else "/en"
    subset = QUERIES[::2] if lang == "ru" else QUERIES[1::2]
    for query in subset:
        page.goto(f"{site_url}{prefix}/picker/?{query}")
        picker = page.locator("[data-picker]")
        notice = page.locator("[data-pp-notice]")
        # Either the link was understood (a valid plan/priority), or the message shows and the form is empty.
        expect(picker.locator("form")).to_be_attached()
        if notice.is_visible():
            assert page.locator(".pp input:checked").count() == 0, query
        assert page.evaluate("window.__xss") is None, query
        assert page.locator(".pp script:not([src]), .pp img, .pp iframe, .pp svg[onload], [onerror]").count() == 0, query
        html = page.locator(".pp").inner_html()
        assert "__xss" not in html, query
    assert errors == [], errors[:5]
    context.close()


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
    # for a loaded machine.
    expect(notice).to_contain_text("The support finder could not start in this browser", timeout=20_000)
    assert hits, f"the {name} was never requested"
    # The rest of the page still works: the static tables open, navigation leads on.
    notice.locator("a").click()
    expect(page.locator("#pp-tables table").first).to_be_visible()
    page.locator(".md-nav__link", has_text="Support hours").first.click()
    expect(page).to_have_url(re.compile(r"/en/support-hours/$"))
    expect(page.locator("h1")).to_contain_text("Support hours")
    context.close()
