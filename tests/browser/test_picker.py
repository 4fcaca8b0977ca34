"""The plan picker in Chromium: deep links, clicks, keyboard, clock, and failures."""

from __future__ import annotations

import re
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest
from playwright.sync_api import expect

from support import screenshot, serve

pytestmark = pytest.mark.browser

PLANS = ["free", "pro", "business", "education", "api"]
PHONE_PLANS = {"business", "education", "api"}
CHAT_PLANS = {"pro", "business", "education", "api"}
# The seed's targets for every plan but Free, which has none.
SEED_TARGET = {"ru": {1: "1 час", 2: "4 часа", 3: "24 часа", 4: "24 часа"},
               "en": {1: "1 hour", 2: "4 hours", 3: "24 hours", 4: "24 hours"}}
NO_TARGET = {"ru": "политика не указывает целевое время", "en": "policy states no target response time"}
PREFIX = {"ru": "", "en": "/en"}
ANSWER_TIMEOUT = 20_000  # a cold Pyodide boot on a loaded 2-core machine


def picker(page):
    return page.locator("[data-picker]")


def wait_answered(page):
    expect(picker(page)).to_have_attribute("data-state", "answered", timeout=ANSWER_TIMEOUT)
    return page.locator("[data-pp-answer]")


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_plan_and_priority_by_deep_link(page_watch, site_url, lang):
    page = page_watch["page"]
    for plan in PLANS:
        for priority in (1, 2, 3, 4):
            page.goto(f"{site_url}{PREFIX[lang]}/picker/?plan={plan}&priority={priority}")
            answer = wait_answered(page)
            text = answer.inner_text()
            where = f"{lang} {plan} P{priority}"
            if plan == "free":
                assert NO_TARGET[lang] in text, where
                assert answer.locator("time").count() == 0, where
            else:
                target = answer.locator(".pp-answer__target strong")
                expect(target).to_have_text(SEED_TARGET[lang][priority])
                expect(answer.locator("time[datetime]")).to_have_count(1)
            assert answer.locator('a[href="https://support.zoom.us/hc/en-us/requests/new"]').count() == 1, where
            assert ("чат" in text.lower() or "chat" in text.lower()) == (plan in CHAT_PLANS), where
            assert (answer.locator('a[href^="tel:"]').count() == 5) == (plan in PHONE_PLANS), where
            assert page.locator(f'input[name="plan"][value="{plan}"]').is_checked()
            assert page.locator(f'input[name="priority"][value="{priority}"]').is_checked()
    assert page_watch["errors"] == []
    assert page_watch["foreign"] == []


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_clicks_update_answer_and_address(page_watch, site_url, lang):
    page = page_watch["page"]
    page.goto(f"{site_url}{PREFIX[lang]}/picker/")
    expect(picker(page)).to_have_attribute("data-state", "ready", timeout=ANSWER_TIMEOUT)
    page.locator('input[name="plan"][value="pro"]').check()
    page.locator('input[name="priority"][value="2"]').check()
    answer = wait_answered(page)
    expect(answer.locator(".pp-answer__target strong")).to_have_text(SEED_TARGET[lang][2])
    expect(page).to_have_url(re.compile(r"\?plan=pro&priority=2$"))  # the address follows after a moment
    assert answer.locator('a[href^="tel:"]').count() == 0
    page.locator('input[name="plan"][value="api"]').check()
    page.select_option("#pp-country", "AU")
    expect(answer.locator('a[href^="tel:"]')).to_have_count(1)
    expect(answer.locator('a[href="tel:+611800768027,2"]')).to_be_visible()
    expect(page).to_have_url(re.compile(re.escape("?plan=api&priority=2&country=AU") + "$"))
    screenshot(page, f"picker-clicks-{lang}-1280")
    assert page_watch["errors"] == []


def test_keyboard_alone_answers_and_is_announced(page_watch, site_url):
    page = page_watch["page"]
    page.goto(f"{site_url}/en/picker/")
    expect(picker(page)).to_have_attribute("data-state", "ready", timeout=ANSWER_TIMEOUT)
    page.locator('input[name="plan"]').first.focus()
    page.keyboard.press("ArrowRight")  # Free → Pro, checked by moving
    page.keyboard.press("ArrowRight")  # → Business
    page.keyboard.press("Tab")  # into the priority group
    page.keyboard.press("Space")  # checks Priority 1
    answer = wait_answered(page)
    expect(answer.locator(".pp-answer__title")).to_contain_text("Business plan, priority 1")
    expect(page).to_have_url(re.compile(re.escape("?plan=business&priority=1") + "$"))
    page.keyboard.press("ArrowDown")  # → Priority 2
    expect(answer.locator(".pp-answer__target strong")).to_have_text("4 hours")
    expect(page).to_have_url(re.compile(re.escape("?plan=business&priority=2") + "$"))
    assert answer.get_attribute("role") == "status"
    assert answer.get_attribute("aria-live") == "polite"


@pytest.mark.parametrize(
    ("lang", "zone", "now", "query", "expected"),
    [
        # 10:00 UTC + 4 h = 14:00 UTC = 23:00 in Tokyo.
        ("ru", "Asia/Tokyo", "2026-03-10T10:00:00Z", "plan=business&priority=2", ["10 марта 2026", "23:00"]),
        # 12:00 EST on 7 March + 24 h crosses the switch to summer time: 13:00 EDT on 8 March.
        ("en", "America/New_York", "2026-03-07T17:00:00Z", "plan=pro&priority=3", ["March 8, 2026", "01:00 PM", "EDT"]),
    ],
)
def test_registration_notice_time_is_in_the_visitors_zone(browser, site_url, lang, zone, now, query, expected):
    context = browser.new_context(timezone_id=zone, locale="en-US")
    page = context.new_page()
    page.clock.set_fixed_time(datetime.fromisoformat(now.replace("Z", "+00:00")))
    page.goto(f"{site_url}{PREFIX[lang]}/picker/?{query}")
    time = wait_answered(page).locator("time[datetime]")
    text = time.inner_text()
    for part in expected:
        assert part in text, f"{part!r} not in {text!r}"
    context.close()


@pytest.mark.parametrize(
    "query",
    ["plan=enterprise&priority=1", "plan=pro&priority=9", "plan=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&priority=1",
     "plan=pro&plan=free&priority=1", "plan=pro&priority=%D9%A1", "plan=PRO&priority=1", "country=XX&plan=api&priority=1"],
)
def test_invalid_link_shows_a_message_and_the_empty_picker(page_watch, site_url, query):
    page = page_watch["page"]
    page.goto(f"{site_url}/picker/?{query}")
    notice = page.locator("[data-pp-notice]")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Ссылка содержит неизвестный план или приоритет")
    expect(picker(page)).to_have_attribute("data-state", "ready", timeout=ANSWER_TIMEOUT)
    assert page.locator("input:checked").count() == 0
    assert page.locator(".pp img, .pp script:not([src])").count() == 0
    assert "onerror" not in page.locator(".pp").inner_html()
    assert page_watch["errors"] == []


def test_loading_state_is_shown_while_python_starts(page_watch, site_url):
    page = page_watch["page"]
    release = {"go": False}

    def slow_wasm(route):
        page.wait_for_timeout(1500)
        route.continue_()

    page.context.route(re.compile(r".*pyodide\.asm\.wasm$"), slow_wasm)
    page.goto(f"{site_url}/en/picker/?plan=pro&priority=1")
    answer = page.locator("[data-pp-answer]")
    expect(answer).to_contain_text("Starting the support finder in your browser")
    expect(answer).to_have_attribute("aria-busy", "true")
    wait_answered(page)
    expect(answer).not_to_have_attribute("aria-busy", "true")


@pytest.fixture
def tampered_site(built_site: Path, tmp_path: Path) -> Path:
    """A tampered wheel, and no memory snapshot, so that the worker has to install the wheel."""
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    next(copy.glob("assets/picker/snapshot.*")).unlink()
    wheel = next(copy.glob("assets/picker/*/support_policy-*.whl"))
    data = bytearray(wheel.read_bytes())
    data[len(data) // 2] ^= 0xFF
    wheel.write_bytes(bytes(data))
    return copy


def test_tampered_wheel_fails_with_a_clear_message(browser, tampered_site):
    with serve(tampered_site) as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{url}/en/picker/?plan=pro&priority=1")
        notice = page.locator("[data-pp-notice]")
        expect(notice).to_contain_text("The support finder could not start in this browser", timeout=12_000)
        expect(notice.locator("a[href='#pp-tables']")).to_be_visible()
        notice.locator("a").click()
        expect(page.locator("#pp-tables")).to_have_attribute("open", "")
        expect(page.locator("#pp-tables table").first).to_be_visible()
        context.close()


def _boot(page) -> dict:
    """How the worker started Python (picker.js's picker:ready mark): source, snapshotFrom, timings."""
    return page.evaluate("performance.getEntriesByName('picker:ready').map((mark) => mark.detail)")[0]


def test_python_starts_from_the_memory_snapshot(browser, site_url):
    """The fast path is really taken: the worker restores the build's snapshot, not the wheel."""
    context = browser.new_context()
    requested = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    page.goto(f"{site_url}/en/picker/?plan=business&priority=1")
    expect(page.locator("[data-pp-answer] .pp-answer__title")).to_contain_text("Business")
    assert _boot(page)["source"] == "snapshot"
    # Started by the head script once the page had painted, and marked for make bench.
    started, painted = page.evaluate("['picker:worker', 'first-paint'].map((name) => "
                                     "performance.getEntriesByName(name)[0]?.startTime ?? null)")
    assert started is not None and painted is not None and started >= painted
    assert any("/assets/picker/snapshot." in url for url in requested)
    assert not any(url.endswith(".whl") for url in requested), "the wheel is only for the fallback"
    context.close()


KEPT = "plan-picker-snapshot"  # picker-worker.js's Cache Storage for the inflated snapshot
SNAPSHOT_URL = re.compile(r"/assets/picker/snapshot\.[0-9a-f]+\.bin\.gz$")


def _kept(page, until=bool) -> dict[str, str]:
    """{URL: sha256} of the snapshots kept in the page's Cache Storage, polled for up to
    10 s until `until` holds for it (the worker writes its copy after the first answer)."""
    script = """async (name) => {
      if (!(await caches.has(name))) return {};
      const cache = await caches.open(name);
      const kept = {};
      for (const key of await cache.keys()) {
        const digest = await crypto.subtle.digest("SHA-256", await (await cache.match(key)).arrayBuffer());
        kept[key.url] = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
      }
      return kept;
    }"""
    for _ in range(50):
        kept = page.evaluate(script, KEPT)
        if until(kept):
            return kept
        page.wait_for_timeout(200)
    return kept


def _load(context, url: str) -> tuple[object, list[str]]:
    """A new tab of `context` at url, once answered; and the snapshot requests it made."""
    page = context.new_page()
    requested = []
    page.on("request", lambda request: SNAPSHOT_URL.search(request.url) and requested.append(request.url))
    page.goto(url)
    expect(page.locator("[data-pp-answer] .pp-answer__title")).to_contain_text("Business", timeout=15_000)
    return page, requested


def _answer_text(page) -> str:
    """The answer's text without its deadline, which moves with the clock between two loads."""
    return page.evaluate("""() => {
      const copy = document.querySelector("[data-pp-answer]").cloneNode(true);
      copy.querySelectorAll("time").forEach((time) => time.remove());
      return copy.textContent;
    }""")


def test_a_repeat_visit_restores_the_kept_snapshot_without_downloading_it(browser, site_url):
    context = browser.new_context()
    url = f"{site_url}/en/picker/?plan=business&priority=1"
    first, requested = _load(context, url)
    assert _boot(first)["snapshotFrom"] == "downloaded" and len(requested) == 1
    kept = _kept(first)
    assert list(kept) == requested, kept  # under the snapshot's own URL, which names the build
    first.close()
    again, requested = _load(context, url)
    boot = _boot(again)
    assert (boot["source"], boot["snapshotFrom"]) == ("snapshot", "kept")
    assert requested == [], "a kept snapshot is not downloaded again"
    context.close()


@pytest.mark.parametrize("damage", ["garbage", "truncated", "zeroed", "one byte flipped"])
def test_a_damaged_kept_snapshot_is_replaced_by_a_download_with_the_same_answer(browser, site_url, damage):
    context = browser.new_context()
    url = f"{site_url}/en/picker/?plan=business&priority=1&country=US"
    first, _ = _load(context, url)
    good = _kept(first)
    assert len(good) == 1
    expected = _answer_text(first)
    first.evaluate("""async ([name, damage]) => {
      const cache = await caches.open(name);
      const [key] = await cache.keys();
      const kept = new Uint8Array(await (await cache.match(key)).arrayBuffer());
      let body = kept.slice();
      if (damage === "garbage") body = new TextEncoder().encode("<html>not a snapshot</html>");
      else if (damage === "truncated") body = kept.slice(0, kept.length / 2);
      else if (damage === "zeroed") body = new Uint8Array(kept.length);
      else body[Math.floor(kept.length / 2)] ^= 0xff;  // still unpacks: only the build's hash tells
      await cache.put(key, new Response(body));
    }""", [KEPT, damage])
    assert _kept(first) != good
    first.close()
    again, requested = _load(context, url)
    boot = _boot(again)
    assert (boot["source"], boot["snapshotFrom"]) == ("snapshot", "downloaded")
    assert len(requested) == 1, "the damaged copy is dropped and the snapshot downloaded"
    assert _answer_text(again) == expected
    assert _kept(again, until=lambda kept: kept == good) == good, "and the good copy is kept again"
    context.close()


def test_a_new_build_s_snapshot_replaces_an_earlier_build_s(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site_url}/en/support-hours/")  # any page of the origin, without the picker
    old = f"{site_url}/assets/picker/snapshot.0000000000.bin.gz"
    page.evaluate("async ([name, old]) => (await caches.open(name)).put(old, new Response('an earlier build'))",
                  [KEPT, old])
    page.close()
    picker, requested = _load(context, f"{site_url}/en/picker/?plan=business&priority=1")
    assert _kept(picker, until=lambda kept: old not in kept).keys() == set(requested)
    context.close()


@pytest.mark.parametrize("damage", ["missing", "corrupted", "not gzip"])
def test_a_damaged_snapshot_falls_back_to_the_wheel_with_the_same_answer(browser, site_url, damage):
    """The snapshot is Pyodide's private API: whatever goes wrong with it, the picker
    starts the slow way and answers exactly as it does from the snapshot."""
    def answer_text(context):
        page = context.new_page()
        page.goto(f"{site_url}/en/picker/?plan=business&priority=1&country=US")
        title = page.locator("[data-pp-answer] .pp-answer__title")
        expect(title).to_be_visible(timeout=15_000)
        # The text without the deadline, which moves with the clock between the two loads.
        text = page.evaluate("""() => {
          const copy = document.querySelector("[data-pp-answer]").cloneNode(true);
          copy.querySelectorAll("time").forEach((time) => time.remove());
          return copy.textContent;
        }""")
        return page, text

    good = browser.new_context()
    _, expected = answer_text(good)
    good.close()

    def handler(route):
        if damage == "missing":
            route.fulfill(status=404, body="not found")
            return
        body = route.fetch().body()
        if damage == "corrupted":  # still gzip, but not the bytes the build hashed
            data = bytearray(body)
            data[len(data) // 2] ^= 0xFF
            body = bytes(data)
        else:
            body = b"<html>a host's error page</html>"
        route.fulfill(status=200, body=body, headers={"Content-Type": "application/gzip"})

    context = browser.new_context()
    context.route(re.compile(r"/assets/picker/snapshot\.[0-9a-f]+\.bin\.gz$"), handler)
    console = []  # the worker's too
    context.on("console", lambda message: console.append((message.type, message.text)))
    page, text = answer_text(context)
    assert "Business" in text and "+1" in text
    assert text == expected
    assert _boot(page)["source"] == "wheel"
    # The wheel installs without an error from Pyodide's loader (which would otherwise only be
    # logged: e.g. "Failed to load support-policy" when the slim standard library lacks a module).
    assert any("starting without the memory snapshot" in text for kind, text in console), console
    assert [text for kind, text in console if kind == "error"] == []
    context.close()


def test_no_webassembly_points_to_the_tables(browser, site_url):
    context = browser.new_context()
    context.add_init_script("delete globalThis.WebAssembly")
    page = context.new_page()
    page.goto(f"{site_url}/picker/?plan=pro&priority=1")
    expect(page.locator("[data-pp-notice]")).to_contain_text("Не удалось запустить подбор")
    context.close()


def test_boot_that_never_finishes_gives_up_after_ten_seconds(browser, site_url):
    context = browser.new_context()
    context.route(re.compile(r".*pyodide\.asm\.wasm$"), lambda route: None)  # never answered
    page = context.new_page()
    page.goto(f"{site_url}/en/picker/?plan=pro&priority=1")
    expect(page.locator("[data-pp-answer]")).to_contain_text("Starting the support finder")
    expect(page.locator("[data-pp-notice]")).to_contain_text("could not start", timeout=13_000)
    context.close()


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_overview_carries_the_picker(page_watch, site_url, lang):
    page = page_watch["page"]
    page.goto(f"{site_url}{PREFIX[lang]}/?plan=education&priority=4")
    answer = wait_answered(page)
    expect(answer.locator(".pp-answer__target strong")).to_have_text(SEED_TARGET[lang][4])
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"overview-picker-{lang}-{width}")
    assert page_watch["errors"] == []


def test_leaving_right_after_a_change_keeps_the_choice_for_the_back_button(page_watch, site_url):
    """The address follows the form a moment after a change; leaving sooner still records it."""
    page = page_watch["page"]
    page.goto(f"{site_url}/en/picker/?plan=business&priority=1")
    answer = wait_answered(page)
    page.locator('input[name="priority"][value="3"]').check()
    page.locator(".md-nav__link", has_text="Support hours").first.click()  # at once, before the delay
    expect(page).to_have_url(re.compile(r"/en/support-hours/$"))
    page.go_back()
    expect(page).to_have_url(re.compile(re.escape("/en/picker/?plan=business&priority=3") + "$"))
    expect(answer.locator(".pp-answer__title")).to_contain_text("Business plan, priority 3", timeout=ANSWER_TIMEOUT)
    assert page_watch["errors"] == []


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_answer_is_in_view_beside_the_questions_on_a_wide_screen(page_watch, site_url, lang):
    """At 1280 × 900 a deep link shows its answer without scrolling, right of the form, and
    keeps it in view below the header while the visitor scrolls down the form; at 360 px
    it follows the form."""
    page = page_watch["page"]
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site_url}{PREFIX[lang]}/picker/?plan=business&priority=1&country=US")
    answer = wait_answered(page)
    form, box = page.locator(".pp-form").bounding_box(), answer.bounding_box()
    assert box["x"] >= form["x"] + form["width"], (form, box)  # beside, not below
    assert box["y"] + box["height"] <= 900, box  # whole, above the fold
    screenshot(page, f"picker-wide-{lang}-1280")
    page.locator("[data-pp-guide] summary").click()  # a taller form, as when choosing a priority
    expect(page.locator(".pp-guide__answer").first).to_be_visible()
    page.evaluate("window.scrollTo(0, 400)")
    expect(page.locator(".pp-form")).not_to_be_in_viewport(ratio=1)  # the form's top has scrolled away
    header = page.locator(".md-header").bounding_box()
    box = answer.bounding_box()
    assert header["y"] + header["height"] <= box["y"] <= header["y"] + header["height"] + 40, (header, box)
    expect(answer).to_be_in_viewport(ratio=1)
    screenshot(page, f"picker-wide-scrolled-{lang}-1280", full_page=False)  # as the visitor sees it
    page.set_viewport_size({"width": 360, "height": 780})
    form, box = page.locator(".pp-form").bounding_box(), answer.bounding_box()
    assert box["y"] >= form["y"] + form["height"], (form, box)  # one column: the answer after the form
    screenshot(page, f"picker-narrow-{lang}-360")
    assert page_watch["errors"] == []
