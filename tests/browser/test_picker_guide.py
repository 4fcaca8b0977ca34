"""The priority guide in the picker: both languages, keyboard, focus, and an axe scan."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from support import axe_findings, screenshot

pytestmark = pytest.mark.browser

PREFIX = {"ru": "", "en": "/en"}
TEXT = {
    "ru": {"summary": "Не знаете, какой приоритет выбрать", "suggest": "подходит приоритет {n}",
           "none": "Ни одно определение", "call": "предоставляет необходимые ресурсы круглосуточно"},
    "en": {"summary": "Not sure which priority", "suggest": "Your answers point to priority {n}",
           "none": "None of the policy", "call": "Zoom provides the necessary resources around the clock"},
}
# (answers clicked by index, expected priority or None)
JOURNEYS = [((0, 0), 1), ((1, 0, 0), 2), ((1, 1, 0), 3), ((1, 1, 1, 0), 4), ((0, 2), None)]


def open_guide(page, url):
    page.goto(url)
    expect(page.locator("[data-picker]")).to_have_attribute("data-state", "ready", timeout=20_000)
    page.locator(".pp-guide summary").click()
    expect(page.locator(".pp-guide__question legend")).to_be_visible()


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize(("answers", "priority"), JOURNEYS, ids=lambda v: str(v))
def test_answers_lead_to_the_priority_and_update_answer_and_address(page_watch, site_url, lang, answers, priority):
    page = page_watch["page"]
    open_guide(page, f"{site_url}{PREFIX[lang]}/picker/?plan=business")
    for index in answers:
        page.locator(f".pp-guide__question [data-guide-answer='{index}']").click()
    result = page.locator(".pp-guide__result")
    if priority is None:
        expect(result).to_contain_text(TEXT[lang]["none"])
        assert page.locator('input[name="priority"]:checked').count() == 0
        # The address is rewritten from the whole form after a change: once a plan change shows
        # in it, a priority set by the guide would show too.
        page.locator('input[name="plan"][value="pro"]').check()
        expect(page).to_have_url(re.compile(r"\?plan=pro$"))
    else:
        expect(result).to_contain_text(TEXT[lang]["suggest"].format(n=priority))
        expect(result.locator("blockquote")).not_to_be_empty()
        expect(page.locator(f'input[name="priority"][value="{priority}"]')).to_be_checked()
        expect(page.locator("[data-picker]")).to_have_attribute("data-state", "answered")
        expect(page).to_have_url(re.compile(re.escape(f"?plan=business&priority={priority}") + "$"))
        call_first = page.locator(".pp-answer__call-first")
        if priority == 1:
            expect(call_first).to_contain_text(TEXT[lang]["call"])
            first_channel = page.locator(".pp-answer__channels > li").first
            expect(first_channel.locator('a[href^="tel:"]').first).to_be_visible()
        else:
            expect(call_first).to_have_count(0)
    assert page_watch["errors"] == []


def test_keyboard_alone_with_focus_following_the_questions(page_watch, site_url):
    page = page_watch["page"]
    page.goto(f"{site_url}/en/picker/?plan=pro")
    expect(page.locator("[data-picker]")).to_have_attribute("data-state", "ready", timeout=20_000)
    page.locator(".pp-guide summary").focus()
    page.keyboard.press("Enter")  # opens the guide
    expect(page.locator(".pp-guide__question legend")).to_be_focused()
    page.keyboard.press("Tab")  # first answer: "Yes"
    page.keyboard.press("Enter")
    legend = page.locator(".pp-guide__question legend")
    expect(legend).to_contain_text("Question 2")
    expect(legend).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # "Only a partial one"
    page.keyboard.press("Space")
    expect(page.locator(".pp-guide__result [data-guide-focus]")).to_be_focused()
    expect(page.locator('input[name="priority"][value="2"]')).to_be_checked()
    expect(page).to_have_url(re.compile(re.escape("?plan=pro&priority=2") + "$"))
    assert page.locator("[data-pp-guide-body]").get_attribute("aria-live") == "polite"
    page.locator("[data-guide-restart]").press("Enter")
    expect(page.locator(".pp-guide__question legend")).to_contain_text("Question 1")


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_axe_finds_no_violation_in_the_guide(browser, site_url, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    open_guide(page, f"{site_url}{PREFIX[lang]}/picker/?plan=api")
    question = axe_findings(page, context=".pp")
    assert question.violations_count == 0, question.generate_report()
    page.locator("[data-guide-answer='0']").click()
    page.locator("[data-guide-answer='0']").click()
    expect(page.locator(".pp-guide__result")).to_be_visible()
    result = axe_findings(page, context=".pp")
    assert result.violations_count == 0, result.generate_report()
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"guide-result-{lang}-{width}")
    context.close()


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_priority_page_has_the_static_guide(page_watch, site_url, lang):
    page = page_watch["page"]
    page.goto(f"{site_url}{PREFIX[lang]}/priority-levels/")
    guide = page.locator("ol.policy-guide")
    expect(guide.locator(":scope > li")).to_have_count(6)
    guide.locator('a[href="#p1"]').first.click()
    assert page.url.endswith("#p1")
    expect(page.locator("h2#p1")).to_be_in_viewport()
