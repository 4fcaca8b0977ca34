"""Printing: Chromium prints pages to PDF, and the PDF's text (pdftotext, from poppler-utils)
holds the page's content and no site controls. The rules are overrides/assets/print.css."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from htmltext import article_text
from support import ROOT

pytestmark = pytest.mark.browser

PDFTOTEXT = shutil.which("pdftotext")


def needs_pdftotext(test):
    """The print tests read PDFs with pdftotext; without it they fail saying how to get it
    (make test installs it), rather than skip and prove nothing."""
    def check(*args, **kwargs):
        if PDFTOTEXT is None:
            pytest.fail("pdftotext is missing: `make test` installs it (apt-get install -y poppler-utils)")
        return test(*args, **kwargs)
    return functools.wraps(test)(check)


ANSWER_TIMEOUT = 20_000  # a cold Pyodide boot on a loaded 2-core machine
FORM_URL = "https://support.zoom.us/hc/en-us/requests/new"


def nav_titles(lang: str) -> list[str]:
    """The menu's page titles in a language, from mkdocs.yml."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    ru = [next(iter(item)) for item in config["nav"]]
    if lang == "ru":
        return ru
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    translations = next(l for l in i18n["languages"] if l["locale"] == "en")["nav_translations"]
    return [translations[title] for title in ru]


def print_text(context, url: str, tmp_path: Path, wait=None) -> str:
    """Open url, optionally wait, print it to an A4 PDF and return the PDF's text (layout kept)."""
    page = context.new_page()
    page.goto(url)
    if wait:
        wait(page)
    pdf = tmp_path / "page.pdf"
    page.pdf(path=str(pdf), format="A4")
    page.close()
    text = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"[ \t]+", " ", text)


def answered(page):
    expect(page.locator("[data-picker]")).to_have_attribute("data-state", "answered", timeout=ANSWER_TIMEOUT)


def picker_ready(page):
    expect(page.locator("[data-picker]")).to_have_attribute("data-state", re.compile("ready|answered"),
                                                            timeout=ANSWER_TIMEOUT)


@needs_pdftotext
@pytest.mark.parametrize("lang, prefix, heading, fact, search, updated", [
    ("ru", "", "Часы поддержки", "24 часа в сутки, 7 дней в неделю", "Поиск", "Последнее обновление:"),
    ("en", "/en", "Support hours", "24 hours a day, 7 days a week", "Search", "Last update:"),
])
def test_a_printed_page_is_its_content_without_the_sites_controls(browser, site_url, built_site, tmp_path,
                                                                  lang, prefix, heading, fact, search, updated):
    context = browser.new_context()
    text = print_text(context, f"{site_url}{prefix}/support-hours/", tmp_path)
    context.close()
    assert heading in text and fact in text
    assert updated in text  # the date's label in words, not only the clock icon
    # The menu's other pages, the search box and the language switch are not printed
    # (titles that the article itself mentions are left out of the check).
    article = article_text(built_site / prefix.lstrip("/") / "support-hours" / "index.html")
    absent = [t for t in nav_titles(lang) if t != heading and t not in article]
    assert len(absent) >= 6
    for title in absent:
        assert title not in text, f"the menu's {title!r} is in the printout"
    assert search not in text
    assert "English" not in text and "Русский" not in text


@needs_pdftotext
def test_external_links_print_their_address_but_phone_links_and_addresses_as_text_do_not(
        browser, site_url, tmp_path):
    context = browser.new_context()
    text = print_text(context, f"{site_url}/en/support-process/", tmp_path)
    context.close()
    # The request form's address is the link's own text: printed once, not twice.
    assert text.count(FORM_URL) == 1
    assert "+1 888 799 9666, ext. 2" in text
    assert "tel:" not in text


@needs_pdftotext
@pytest.mark.parametrize("lang, prefix, title, form_words, tables", [
    ("en", "/en", "Business plan, priority 1 — urgent",
     ["Your plan", "Request priority", "Not sure which priority to choose?", "Country (for phone numbers)"],
     "All plans and priorities in tables"),
    ("ru", "", "План «Для бизнеса», приоритет 1 — срочный",
     ["Ваш план", "Приоритет запроса", "Не знаете, какой приоритет выбрать?", "Страна (для телефонов)"],
     "Все планы и приоритеты в таблицах"),
])
def test_the_picker_prints_its_current_answer_without_the_form(browser, site_url, tmp_path,
                                                               lang, prefix, title, form_words, tables):
    context = browser.new_context()
    text = print_text(context, f"{site_url}{prefix}/picker/?plan=business&priority=1", tmp_path, answered)
    context.close()
    assert title in text
    assert "+44 20 3890 5445" in text
    # The answer's web form link is a name on screen; on paper its address follows it.
    assert f"({FORM_URL})" in re.sub(r"\s+", "", text)  # (pdftotext may wrap a long address)
    for words in form_words:
        assert words not in text, f"the form's {words!r} is in the printout"
    assert tables not in text  # with an answer, the all-plans tables are left out


@needs_pdftotext
def test_the_picker_without_an_answer_prints_the_tables_open(browser, site_url, tmp_path):
    context = browser.new_context()
    text = print_text(context, f"{site_url}/en/picker/", tmp_path, picker_ready)
    context.close()
    assert "All plans and priorities in tables" in text
    for caption in ("Ways to send a support request, by plan", "Support phone numbers",
                    "Target response time by plan and priority"):
        assert caption in text
    assert "Choose a plan and a priority to see the answer." not in text
    assert "Your plan" not in text


def test_a_dark_screen_still_prints_dark_text_on_white(browser, site_url):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(f"{site_url}/en/support-hours/")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"  # the screen is dark
    page.emulate_media(media="print")
    colours = page.evaluate("""() => {
        const rgb = (el) => getComputedStyle(el).color.match(/[\\d.]+/g).slice(0, 3).map(Number);
        return { text: rgb(document.querySelector(".md-content p")), heading: rgb(document.querySelector("h1")) };
    }""")
    context.close()
    for name, (r, g, b) in colours.items():
        assert max(r, g, b) < 100, f"{name} prints as rgb({r}, {g}, {b}), too light for paper"
