"""Accessibility: axe-core (WCAG 2.2 A and AA, and axe's best practices) on every page and every
state of the plan picker, in both languages, both colour schemes, at 360 px and 1280 px; and the
site by keyboard and clicks alone at 360 px and at 200 % zoom. Transitions are off (the
browser's reduced-motion setting, which Material honours), so nothing waits for an animation.

A failure quotes axe's own report (rule, impact, help, the offending elements and why).
Screenshots of the narrow and zoomed pages go to tests/output/screenshots/ (a11y-*.png).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect

from support_policy.changelog import load_changelog
from support_policy.render import entry_anchors
from support import PAGES, ROOT, SCREENSHOTS, axe_findings as findings, screenshot

pytestmark = pytest.mark.browser

PREFIX = {"ru": "", "en": "/en"}
SCHEMES = ["light", "dark"]
BOOT_TIMEOUT = 20_000  # a cold Pyodide boot on a loaded 2-core machine
WASM = re.compile(r".*/pyodide\.asm\.wasm$")
# Pages in the navigation that PAGES (tests/support.py) does not list yet: every page is scanned.
NAV_PAGES = [f"{name}/" for name in re.findall(r"^  - [^:\n]+: ([\w-]+)\.md$",
                                               (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
             if name != "index"]
# And every version of the policy (generated pages, not in the navigation).
VERSION_PAGES = [f"versions/{slug}/" for slug in entry_anchors(load_changelog())]
IN_NAV = PAGES + [page for page in NAV_PAGES if page not in PAGES]
ALL_PAGES = IN_NAV + VERSION_PAGES
# The picker's state at rest: the overview starts it only when the visitor reaches for it.
PICKER_PAGES = {"": "waiting", "picker/": "ready"}
TEXT = {
    "ru": {"loading": "Загружаем Python для подбора", "invalid": "Не удалось распознать план в ссылке",
           "failed": "Не удалось запустить подбор", "save-data": "Запустить подбор"},
    "en": {"loading": "Loading Python for the support finder", "invalid": "The link's plan could not be recognised",
           "failed": "could not start", "save-data": "Start the support finder"},
}


def new_page(browser, **context_args):
    """A page in the light scheme with transitions off (scan_in_each_scheme switches it)."""
    context = browser.new_context(color_scheme="light", **{"viewport": {"width": 1280, "height": 900},
                                                          "reduced_motion": "reduce", **context_args})
    return context, context.new_page()


def expect_scheme(page, scheme: str) -> None:
    # Material's automatic palette follows prefers-color-scheme, also when it changes.
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate" if scheme == "dark" else "default")


def wait_picker(p, state: str = "ready") -> None:
    """Wait for the picker to reach state (it gives up only when its downloads stall)."""
    expect(p.locator("[data-picker]")).to_have_attribute("data-state", state, timeout=BOOT_TIMEOUT)


def page_name(page: str) -> str:
    return page.strip("/") or "overview"


# ─── axe on every page ───────────────────────────────────────────────────────

# One context per language and width, going from page to page (transitions off: axe reads the
# settled page); each page is scanned in the light scheme, then, switched in place, the dark one.
# Every page of the navigation, the 404 page too.
WIDTHS = {360: {"width": 360, "height": 800}, 1280: {"width": 1280, "height": 900}}


def scan_in_each_scheme(p, where: str) -> list[str]:
    """axe's reports for the page in the light and the dark scheme (Material's automatic palette
    follows prefers-color-scheme as it changes), without reloading it."""
    found = []
    for scheme in SCHEMES:
        p.emulate_media(color_scheme=scheme)
        expect_scheme(p, scheme)
        result = findings(p)
        if result.violations_count:
            found.append(f"{where} ({scheme}): {result.generate_report()}")
    return found


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", PREFIX)
@pytest.mark.console(r"status of 404", reason="the missing page among the pages scanned")
def test_every_page_has_no_violation(browser, site_url, lang, width):
    context, p = new_page(browser, viewport=WIDTHS[width])
    found = []
    for page in [*ALL_PAGES, "no/such/page/"]:
        response = p.goto(f"{site_url}{PREFIX[lang]}/{page}")
        assert response.status == (404 if page.startswith("no/") else 200), page
        if page in PICKER_PAGES:  # the picker at rest (its other states: below)
            wait_picker(p, PICKER_PAGES[page])
        found += scan_in_each_scheme(p, f"{lang} /{page} at {width} px")
    context.close()
    assert not found, "\n\n".join(found)


# ─── axe on every state of the plan picker ───────────────────────────────────

@pytest.mark.parametrize("lang", PREFIX)
@pytest.mark.parametrize("state", ["loading", "answered", "invalid", "failed", "save-data"])
@pytest.mark.console(r"wasm instantiation failed", r"pyodide\.asm\.wasm: HTTP 500", r"status of 500",
                     reason="the host error that the failed state is made with")
def test_picker_state_has_no_wcag_violation(browser, site_url, state, lang):
    context, p = new_page(browser)
    held = []
    if state == "save-data":
        context.add_init_script("Object.defineProperty(Navigator.prototype, 'connection', "
                                "{get: () => ({ saveData: true })})")
    if state == "loading":
        context.route(WASM, lambda route: held.append(route))  # Python cannot start until the scan is done
    elif state == "failed":
        context.route(WASM, lambda route: route.fulfill(status=500, body="the host failed"))
    query = "plan=nope&priority=1" if state == "invalid" else "plan=business&priority=1"
    p.goto(f"{site_url}{PREFIX[lang]}/picker/?{query}")
    answer, notice = p.locator("[data-pp-answer]"), p.locator("[data-pp-notice]")
    if state == "loading":
        expect(answer).to_contain_text(TEXT[lang]["loading"])
        expect(answer).to_have_attribute("aria-busy", "true")
    elif state == "answered":
        wait_picker(p, "answered")
        expect(answer.locator(".pp-answer__target")).to_be_visible()
    elif state == "invalid":
        wait_picker(p)
        expect(notice).to_contain_text(TEXT[lang]["invalid"])
    elif state == "save-data":
        wait_picker(p, "waiting")
        expect(answer.locator("[data-pp-start]")).to_contain_text(TEXT[lang]["save-data"])
    else:
        expect(notice).to_contain_text(TEXT[lang]["failed"], timeout=BOOT_TIMEOUT)
        notice.locator("a").click()  # where the failure leads: the static tables, opened
        expect(p.locator("#pp-tables")).to_have_attribute("open", "")
    found = []
    for width in WIDTHS:
        p.set_viewport_size(WIDTHS[width])
        found += scan_in_each_scheme(p, f"{lang} picker, {state} state, {width} px")
    assert not found, "\n\n".join(found)
    if state == "loading":  # the scan really saw the loading state
        expect(answer).to_have_attribute("aria-busy", "true")
        assert held, "the wasm request was never made"
    context.close()


# ─── 360 px and 200 % zoom: reflow, navigation drawer, picker ────────────────

# 360: a small phone. zoom200: a 1280×900 window at 200 % browser zoom, which is a 640×450 CSS px
# viewport at twice the pixel density (what the browser does when zooming).
SCREENS = {
    "360": {"viewport": {"width": 360, "height": 800}, "device_scale_factor": 1, "reduced_motion": "reduce"},
    "zoom200": {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2, "reduced_motion": "reduce"},
}
PLAN_NAME = {"ru": "Для бизнеса", "en": "Business"}  # policy.toml


def assert_no_horizontal_scroll(p, where: str) -> None:
    sizes = p.evaluate("({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})")
    assert sizes["scroll"] <= sizes["inner"], f"{where}: the page scrolls sideways ({sizes['scroll']} > {sizes['inner']} px)"


def check_drawer(p, where: str, width: int) -> None:
    """The hamburger opens the navigation drawer; each page's entry in it lies on screen; the last one leads there."""
    hamburger = p.locator('label.md-header__button[for="__drawer"]')
    expect(hamburger).to_be_visible()
    hamburger.click()
    drawer = p.locator(".md-sidebar--primary")
    expect(drawer).to_be_in_viewport()
    items = drawer.locator(".md-nav--primary > .md-nav__list > .md-nav__item")
    expect(items).to_have_count(len(IN_NAV))
    for i in range(len(IN_NAV)):
        # A page's link; the current page shows a label instead, which opens its table of contents.
        entry = items.nth(i).locator(":scope > .md-nav__link").filter(visible=True)
        expect(entry).to_have_count(1)
        entry.scroll_into_view_if_needed()
        expect(entry).to_be_in_viewport()
        box = entry.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, f"{where}: drawer entry {i} off screen: {box}"
    last = items.last.locator(":scope > a.md-nav__link")
    target = urljoin(p.url, last.get_attribute("href"))
    last.click()
    expect(p).to_have_url(target)
    p.go_back()


def check_picker(p, where: str, width: int, lang: str) -> None:
    """The controls are on screen and, by clicks alone, give an answer."""
    picker = p.locator("[data-picker]")
    for control in [*p.locator(".pp-choice").all(), p.locator("#pp-country"), p.locator(".pp-guide summary")]:
        control.scroll_into_view_if_needed()
        expect(control).to_be_visible()
        box = control.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, f"{where}: control off screen: {box}"
    p.locator(".pp-choice", has=p.locator('input[name="plan"][value="business"]')).click()
    p.locator(".pp-choice", has=p.locator('input[name="priority"][value="1"]')).click()
    expect(p.locator('input[name="plan"][value="business"]')).to_be_checked()
    expect(p.locator('input[name="priority"][value="1"]')).to_be_checked()
    expect(picker).to_have_attribute("data-state", "answered", timeout=BOOT_TIMEOUT)
    answer = p.locator("[data-pp-answer]")
    expect(answer.locator(".pp-answer__title")).to_contain_text(PLAN_NAME[lang])
    # The answer may be taller than a small screen (five phone numbers, the target's caveats):
    # what the visitor reads first, the target, must come into view.
    answer.locator(".pp-answer__target").scroll_into_view_if_needed()
    expect(answer.locator(".pp-answer__target")).to_be_in_viewport()
    box = answer.bounding_box()
    assert box and box["x"] + box["width"] <= width + 0.5, f"{where}: the answer runs off screen: {box}"


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("lang", PREFIX)
def test_narrow_and_zoomed_screens_keep_navigation_and_picker_usable(browser, site_url, lang, screen):
    """The overview, the picker page, a plain page and the oldest version of the policy (its
    tables beside today's values), one after the other in one context."""
    context = browser.new_context(**SCREENS[screen])
    p = context.new_page()
    width = SCREENS[screen]["viewport"]["width"]
    for page in ["", "picker/", "support-process/", VERSION_PAGES[-1]]:
        where = f"{lang} /{page} at {screen}"
        p.goto(f"{site_url}{PREFIX[lang]}/{page}")
        p.wait_for_load_state("networkidle")
        assert_no_horizontal_scroll(p, where)
        check_drawer(p, where, width)
        p.wait_for_load_state("networkidle")
        assert_no_horizontal_scroll(p, where + " (back from the drawer)")
        if page in PICKER_PAGES:  # clicks alone start it, where it waits, and answer
            check_picker(p, where, width, lang)
            assert_no_horizontal_scroll(p, where + " (answered)")
            p.evaluate("window.scrollTo(0, 0)")
        screenshot(p, f"a11y-{page_name(page)}-{lang}-{screen}")
        # And the drawer, open, as a visitor sees it.
        p.locator('label.md-header__button[for="__drawer"]').click()
        expect(p.locator(".md-sidebar--primary")).to_be_in_viewport(ratio=1)
        p.screenshot(path=str(SCREENSHOTS / f"a11y-{page_name(page)}-{lang}-{screen}-drawer.png"))
    context.close()


# ─── the keyboard alone: every page at 360 px, three at 200 % zoom ───────────

FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const r = e.getBoundingClientRect();
  const text = (e.getAttribute("aria-label") || e.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40);
  return {what: `<${e.tagName.toLowerCase()} class="${e.className}"${e.getAttribute("href") ? ` href="${e.getAttribute("href")}"` : ""}> "${text}"`,
          x: Math.round(r.x), y: Math.round(r.y), w: Math.round(r.width), h: Math.round(r.height),
          on: r.right > 0 && r.left < innerWidth && r.bottom > 0 && r.top < innerHeight};
}"""
MAX_TABS = 150
KEYBOARD_PAGES = {"360": ALL_PAGES, "zoom200": ["", "picker/", "support-process/"]}


def keyboard_problems(p, url: str) -> list[str]:
    """WCAG 2.1.1 (keyboard) and 2.4.7 (focus visible) on a narrow screen, where the navigation is
    a drawer: Tab never moves focus off screen, reaches the hamburger, which opens the drawer
    (Enter or Space), and then leads into the drawer's links. Transitions are off (reduced
    motion), so each position read is the settled one."""
    p.goto(url)
    hamburger = p.locator('label.md-header__button[for="__drawer"]').bounding_box()
    off_screen, stops, opener = [], [], None
    for _ in range(MAX_TABS):
        p.keyboard.press("Tab")
        focused = p.evaluate(FOCUSED)
        if focused is None or (stops and focused["what"] == stops[0]):
            break  # back at the start
        stops.append(focused["what"])
        if not focused["on"]:
            off_screen.append(f'{focused["what"]} at x={focused["x"]}, y={focused["y"]} ({focused["w"]}×{focused["h"]})')
        centre = (focused["x"] + focused["w"] / 2, focused["y"] + focused["h"] / 2)
        if opener is None and focused["on"] and hamburger["x"] <= centre[0] <= hamburger["x"] + hamburger["width"] \
                and hamburger["y"] <= centre[1] <= hamburger["y"] + hamburger["height"]:
            opener = len(stops)  # focus is on the hamburger button
    problems = []
    if off_screen:
        problems.append(f"{len(off_screen)} Tab stop(s) off screen or collapsed to nothing (focus invisible):\n  " + "\n  ".join(off_screen))
    if opener is None:
        return problems + ["Tab never reaches the hamburger button, so the navigation drawer cannot be opened "
                           f"from the keyboard (Tab stops: {len(stops)})"]
    p.goto(url)
    for _ in range(opener):
        p.keyboard.press("Tab")
    drawer, opened = p.locator(".md-sidebar--primary"), False
    for key in ("Enter", "Space"):  # a button opens on Enter; a checkbox (Material's toggle) on Space
        p.keyboard.press(key)
        if opened := drawer.evaluate("e => e.getBoundingClientRect().left >= 0"):
            break
    if not opened:
        return problems + ["neither Enter nor Space on the focused hamburger button opens the drawer"]
    for _ in range(20):  # then Tab leads into the open drawer, each stop on screen
        p.keyboard.press("Tab")
        focused = p.evaluate(FOCUSED)
        if focused and not focused["on"]:
            return problems + [f"with the drawer open, Tab goes off screen: {focused['what']}"]
        if p.evaluate("document.activeElement.closest('.md-sidebar--primary a') !== null"):
            return problems
    return problems + ["with the drawer open, 20 Tabs never reach its links"]


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("lang", PREFIX)
def test_keyboard_alone_reaches_everything_on_narrow_screens(browser, site_url, lang, screen):
    context = browser.new_context(**SCREENS[screen])
    p = context.new_page()
    problems = []
    for page in KEYBOARD_PAGES[screen]:
        found = keyboard_problems(p, f"{site_url}{PREFIX[lang]}/{page}")
        problems += [f"{lang} /{page} at {screen}: {problem}" for problem in found]
    context.close()
    assert not problems, "\n".join(problems)
