"""The plan picker in Chromium: deep links, clicks, keyboard, clock. How it starts, on
real and broken links, is in test_picker_start.py."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from playwright.sync_api import expect

from support import screenshot

pytestmark = pytest.mark.browser

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


# Every plan × priority × country × language is answered in CPython (tests/widget/test_browser.py);
# these links prove that the page shows the answer Python gives, with the form filled in.
DEEP_LINKS = [("free", 1), ("pro", 3), ("business", 1), ("api", 4)]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_deep_links_fill_the_form_and_show_the_answer(page_watch, site_url, lang):
    page = page_watch["page"]
    for plan, priority in DEEP_LINKS:
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
        # 10:00 UTC + 4 h = 14:00 UTC = 23:00 in Tokyo. The day and its month are joined by a no-break space.
        ("ru", "Asia/Tokyo", "2026-03-10T10:00:00Z", "plan=business&priority=2", ["10\u00a0марта 2026", "23:00"]),
        # 12:00 EST on 7 March + 24 h crosses the switch to summer time: 13:00 EDT on 8 March.
        ("en", "America/New_York", "2026-03-07T17:00:00Z", "plan=pro&priority=3", ["March\u00a08, 2026", "01:00 PM", "EDT"]),
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


# Python judges the link (browser.link; every kind of bad link: tests/widget/test_browser.py):
# the page shows what it says, keeps the known values, and no markup of the link's.
@pytest.mark.parametrize(
    "query, notice, checked, state",
    [("plan=enterprise&priority=1", "Не удалось распознать план в ссылке.", ["1"], "ready"),
     ("plan=pro&plan=free&priority=1", "Не удалось распознать план в ссылке.", ["1"], "ready"),
     ("country=XX&plan=API&priority=1", "Не удалось распознать страну в ссылке. Вместо этого выбраны все страны.",
      ["api", "1"], "answered")],
)
def test_an_invalid_link_names_what_is_wrong_and_keeps_what_is_known(page_watch, site_url, query, notice, checked,
                                                                      state):
    page = page_watch["page"]
    page.goto(f"{site_url}/picker/?{query}")
    expect(page.locator("[data-pp-notice]")).to_have_text(notice, timeout=ANSWER_TIMEOUT)
    expect(picker(page)).to_have_attribute("data-state", state)
    assert [box.get_attribute("value") for box in page.locator("input:checked").all()] == checked
    assert page.locator(".pp img, .pp script:not([src])").count() == 0
    assert "onerror" not in page.locator(".pp").inner_html()
    assert page_watch["errors"] == []


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
