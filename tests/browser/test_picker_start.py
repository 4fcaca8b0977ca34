"""How the plan picker starts, in Chromium: from the archive on a first visit, from the
snapshot the browser kept on the next; on a slow link and on one that stops; only when a
visitor wants it (overview page, Save-Data); and what a broken file or browser shows."""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from static_host import Link
from kept import cached, wait_offline_ready
from support import picker_boot, serve

pytestmark = pytest.mark.browser

KEPT = "plan-picker-snapshot"  # picker-worker.js's Cache Storage for the snapshot it makes
DEEP_LINK = "/en/picker/?plan=business&priority=1&country=US"
RUNTIME = re.compile(r"^/assets/(pyodide/|picker/python\.)")  # what only a started picker fetches


def _answered(page, timeout: float = 20_000, plan: str = "Business"):
    title = page.locator("[data-pp-answer] .pp-answer__title")
    expect(title).to_contain_text(plan, timeout=timeout)
    return title


def _visit(context, url: str):
    """A new tab of `context` at url, once it has answered."""
    page = context.new_page()
    page.goto(url)
    _answered(page)
    return page


def _boot(page) -> dict:
    """How the worker started Python (picker.js's picker:ready mark): source and timings."""
    return page.evaluate("performance.getEntriesByName('picker:ready').map((mark) => mark.detail)")[0]


def _answer_text(page) -> str:
    """The answer's text without its deadline, which moves with the clock between two loads."""
    return page.evaluate("""() => {
      const copy = document.querySelector("[data-pp-answer]").cloneNode(true);
      copy.querySelectorAll("time").forEach((time) => time.remove());
      return copy.textContent;
    }""")


def _kept(page, until=bool) -> list[str]:
    """The URLs kept in the picker's Cache Storage, polled (the worker keeps its snapshot
    once the first answer is out) until `until` holds for them, for up to 10 s."""
    return cached(page, KEPT, until=until, tries=50)


def _with_boot_settings(built_site: Path, copy: Path, **settings) -> Path:
    """A copy of the site whose picker pages carry other boot settings (e.g. a shorter
    stall limit), as if built so. (Routing the pages instead would turn off the browser's
    HTTP cache, which a test of what a reload reuses needs.)"""
    shutil.copytree(built_site, copy)
    for page in copy.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        if 'id="picker-boot"' in html:
            for key, value in settings.items():
                html = re.sub(rf'"{key}":\d+', f'"{key}":{value}', html)
            page.write_text(html, encoding="utf-8")
    return copy


# ─── first and repeat visits ─────────────────────────────────────────────────

def test_a_first_visit_starts_from_the_archive_and_keeps_a_snapshot_for_the_next(browser, site_url):
    context = browser.new_context()
    page = _visit(context, f"{site_url}{DEEP_LINK}")
    assert _boot(page)["source"] == "archive"
    # Started by the head script once the page had painted, and marked for make bench.
    started, painted = page.evaluate("['picker:worker', 'first-paint'].map((name) => "
                                     "performance.getEntriesByName(name)[0]?.startTime ?? null)")
    assert started is not None and painted is not None and started >= painted
    key = page.evaluate("JSON.parse(document.getElementById('picker-boot').textContent).snapshotKey")
    kept = _kept(page)
    assert kept == [f"{site_url}/assets/picker/snapshot-{key}"], kept
    expected = _answer_text(page)
    page.close()

    again = _visit(context, f"{site_url}{DEEP_LINK}")
    assert _boot(again)["source"] == "snapshot"
    assert _answer_text(again) == expected
    context.close()


DAMAGE = """async ([name, damage]) => {
  const cache = await caches.open(name);
  const [key] = await cache.keys();
  const response = await cache.match(key);
  const kept = new Uint8Array(await response.arrayBuffer());
  let body = kept.slice();
  if (damage === "garbage") body = new TextEncoder().encode("<html>not a snapshot</html>");
  else if (damage === "truncated") body = kept.slice(0, kept.length / 2);
  else if (damage === "zeroed") body = new Uint8Array(kept.length);
  else if (damage === "one byte flipped") body[Math.floor(kept.length / 2)] ^= 0xff;
  else {  // "another snapshot": a well-formed one that cannot restore, under the kept checksum: only the sha256 tells
    const through = (bytes, stream) => new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer();
    const packed = new Uint8Array(await through(kept, new DecompressionStream("gzip"))).slice(0, 20);
    new DataView(packed.buffer).setUint32(8, 65536, true);
    new DataView(packed.buffer).setUint32(16, 0, true);
    body = new Uint8Array(await through(packed, new CompressionStream("gzip")));
  }
  await cache.put(key, new Response(body, { headers: response.headers }));
}"""


@pytest.mark.console(r"the kept snapshot is damaged", reason="the refusal this test provokes")
def test_a_damaged_kept_snapshot_is_dropped_and_python_starts_afresh_with_the_same_answer(browser, site_url):
    """Each kind of damage in turn, in one browser profile: the damaged copy is dropped, Python
    starts from the archive with the same answer, keeps a good copy again, and the next visit
    restores that copy (which the next kind of damage then spoils)."""
    context = browser.new_context()
    console = []  # the worker's too
    context.on("console", lambda message: console.append(message.text))
    first = _visit(context, f"{site_url}{DEEP_LINK}")
    [url] = _kept(first)
    expected = _answer_text(first)
    first.close()
    for damage in ["garbage", "truncated", "zeroed", "one byte flipped", "another snapshot"]:
        console.clear()
        page = context.new_page()
        page.goto(f"{site_url}/en/support-hours/")  # a page of the origin without the picker
        page.evaluate(DAMAGE, [KEPT, damage])
        page.close()
        again = _visit(context, f"{site_url}{DEEP_LINK}")
        assert _boot(again)["source"] == "archive", damage
        assert _answer_text(again) == expected, damage
        assert any("kept snapshot is damaged" in text for text in console), (damage, console)
        assert _kept(again) == [url], damage  # a good copy is kept again ...
        again.close()
        restored = _visit(context, f"{site_url}{DEEP_LINK}")
        assert _boot(restored)["source"] == "snapshot", damage  # ... which the next visit restores
        assert _answer_text(restored) == expected, damage
        restored.close()
    context.close()


# Damage behind a valid checksum: the kept snapshot unpacked, spoiled, packed and hashed again,
# as a bug in Pyodide's private snapshot API or a browser's storage could leave it.
SPOIL_BEHIND_CHECKSUM = """async ([name, damage]) => {
  const through = (bytes, stream) => new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer();
  const hex = async (bytes) => Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)),
                                          (byte) => byte.toString(16).padStart(2, "0")).join("");
  const cache = await caches.open(name);
  const [key] = await cache.keys();
  let packed = new Uint8Array(await through(await (await cache.match(key)).arrayBuffer(), new DecompressionStream("gzip")));
  const view = new DataView(packed.buffer);
  const [page, count] = [12, 16].map((at) => view.getUint32(at, true));
  const header = 20 + 4 * count;
  if (damage === "does not restore") {
    packed = packed.slice(0, 20);  // one empty wasm page of memory: no snapshot in it
    new DataView(packed.buffer).setUint32(8, 65536, true);
    new DataView(packed.buffer).setUint32(16, 0, true);
  } else if (damage === "restores, then fails") {
    // Python's names for the widget's warm_up (its attribute, its code) renamed: the memory
    // restores, then the first call finds no such function.
    const name = new TextEncoder().encode("warm_up");
    let renamed = 0;
    for (let at = packed.indexOf(name[0], header); at >= 0; at = packed.indexOf(name[0], at + 1)) {
      if (name.every((byte, i) => packed[at + i] === byte)) { packed[at + name.length - 1] = 0x71; renamed++; }
    }
    if (!renamed) throw new Error("warm_up is not in the snapshot");
  } else {  // "hangs": the middle of the heap zeroed (seen here to make the restore loop for ever)
    for (let i = Math.floor(count * 0.6); i < Math.floor(count * 0.8); i++) packed.fill(0, header + i * page, header + (i + 1) * page);
  }
  const body = await through(packed, new CompressionStream("gzip"));
  await cache.put(key, new Response(body, { headers: { "x-sha256": await hex(body) } }));
}"""
SAID = {"does not restore": "the kept snapshot did not restore", "restores, then fails": "the kept snapshot restored, then failed",
        "hangs": "Python from the kept snapshot hung or broke"}


@pytest.mark.parametrize("damage", SAID)
@pytest.mark.console(*SAID.values(), reason="the refusal this test provokes")
def test_a_snapshot_that_passes_its_checksum_but_fails_is_dropped_and_python_starts_afresh(browser, site_url, damage):
    """Its checksum holds, so only the restore (or its first use, or the page's time limit on
    a restore) can tell: dropped, Python from the archive with the same answer, a new
    snapshot kept, which the next visit restores."""
    context = browser.new_context()
    console = []  # the worker's too
    context.on("console", lambda message: console.append(message.text))
    first = _visit(context, f"{site_url}{DEEP_LINK}")
    [url] = _kept(first)
    expected = _answer_text(first)
    first.evaluate(SPOIL_BEHIND_CHECKSUM, [KEPT, damage])
    spoiled = first.evaluate("async ([name, url]) => (await (await caches.open(name)).match(url)).headers.get('x-sha256')",
                             [KEPT, url])
    first.close()
    again = _visit(context, f"{site_url}{DEEP_LINK}")
    assert _boot(again)["source"] == "archive"
    assert _answer_text(again) == expected
    expect(again.locator("[data-pp-notice]")).to_be_hidden()
    assert any(SAID[damage] in text for text in console), console
    fresh = "async ([name, url]) => (await (await caches.open(name)).match(url))?.headers.get('x-sha256')"
    for _ in range(50):  # a new snapshot in place of the spoiled one
        if again.evaluate(fresh, [KEPT, url]) not in (None, spoiled):
            break
        again.wait_for_timeout(200)
    assert again.evaluate(fresh, [KEPT, url]) not in (None, spoiled)
    again.close()
    restored = _visit(context, f"{site_url}{DEEP_LINK}")
    assert _boot(restored)["source"] == "snapshot"
    assert _answer_text(restored) == expected
    context.close()


def test_a_new_build_s_snapshot_replaces_an_earlier_build_s(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site_url}/en/support-hours/")  # any page of the origin, without the picker
    old = f"{site_url}/assets/picker/snapshot-0000000000000000"
    page.evaluate("async ([name, old]) => (await caches.open(name)).put(old, new Response('an earlier build'))",
                  [KEPT, old])
    page.goto(f"{site_url}{DEEP_LINK}")
    _answered(page)
    assert _boot(page)["source"] == "archive", "an earlier build's snapshot is never restored"
    kept = _kept(page, until=lambda kept: old not in kept)
    assert len(kept) == 1 and old not in kept, kept
    context.close()


# ─── real links ──────────────────────────────────────────────────────────────

def test_a_slow_link_shows_progress_and_answers_without_ever_giving_up(browser, built_site, tmp_path):
    """At 2.5 Mbit/s the first visit's 5 MB take ~17 s: far longer than the no-byte limit,
    here 4 s, which only a download that stops sending reaches (each byte that arrives starts
    it again). The page shows how far the download has got, in MB, and answers."""
    site = _with_boot_settings(built_site, tmp_path / "site", stallMs=4000)
    with serve(site, link=Link("slow", 2.5, 0.1)) as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{url}{DEEP_LINK}")
        answer = page.locator("[data-pp-answer]")
        expect(answer).to_contain_text(re.compile(r"Loading Python for the support finder: [1-9]\.\d of 5\.\d\xa0MB"),
                                       timeout=15_000)
        expect(answer).to_have_attribute("aria-busy", "true")
        _answered(page, timeout=60_000)
        expect(answer).not_to_have_attribute("aria-busy", "true")
        expect(page.locator("[data-pp-notice]")).to_be_hidden()
        context.close()


def test_a_link_that_stops_sending_shows_the_tables_and_a_reload_reuses_what_arrived(browser, built_site, tmp_path):
    site = _with_boot_settings(built_site, tmp_path / "site", stallMs=3000)
    with serve(site, stall=r"pyodide\.asm\.wasm$") as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{url}/picker/?plan=business&priority=1")
        notice = page.locator("[data-pp-notice]")
        expect(notice).to_contain_text("Загрузка подбора остановилась", timeout=15_000)
        expect(page.locator("[data-pp-answer]")).not_to_have_attribute("aria-busy", "true")
        notice.locator("a[href='#pp-tables']").click()
        expect(page.locator("#pp-tables table").first).to_be_visible()
        # The connection comes back; a reload fetches only what had not arrived.
        url.handler.stall = None
        served = len(url.served)
        page.reload()
        _answered(page, plan="Для бизнеса")
        fetched = [path for path in url.served[served:] if RUNTIME.search(path)]
        assert fetched == [next(path for path in fetched if path.endswith("pyodide.asm.wasm"))], fetched
        context.close()


# ─── only who wants it pays ──────────────────────────────────────────────────

@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_overview_fetches_no_runtime_until_the_visitor_reaches_for_the_picker(browser, built_site, lang):
    with serve(built_site) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(f"{url}{'/en' if lang == 'en' else ''}/")
        picker = page.locator("[data-picker]")
        expect(picker).to_have_attribute("data-state", "waiting")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("self.planPicker.worker") is None
        assert not [path for path in url.served if RUNTIME.search(path)]
        page.locator('label:has(input[name="plan"][value="pro"])').click()  # a pointer reaches the picker
        page.locator('label:has(input[name="priority"][value="2"])').click()
        _answered(page, plan={"ru": "Профессиональный", "en": "Pro"}[lang])
        assert [path for path in url.served if RUNTIME.search(path)]
        context.close()


def test_the_overview_starts_when_scrolled_to(browser, built_site):
    with serve(built_site) as url:
        context = browser.new_context(viewport={"width": 360, "height": 640})
        page = context.new_page()
        page.goto(f"{url}/en/")
        picker = page.locator("[data-picker]")
        expect(picker).to_have_attribute("data-state", "waiting")
        page.mouse.wheel(0, 1200)
        expect(picker).to_have_attribute("data-state", "ready", timeout=20_000)
        context.close()


def test_save_data_waits_for_the_button_that_says_what_it_downloads(browser, built_site):
    with serve(built_site) as url:
        context = browser.new_context()
        context.add_init_script("Object.defineProperty(Navigator.prototype, 'connection', "
                                "{get: () => ({ saveData: true })})")
        page = context.new_page()
        page.goto(f"{url}{DEEP_LINK}")
        expect(page.locator("[data-picker]")).to_have_attribute("data-state", "waiting")
        button = page.locator("[data-pp-answer] [data-pp-start]")
        expect(button).to_have_text(re.compile(r"^Start the support finder \(downloads about 5\.\d\xa0MB\)$"))
        assert not [path for path in url.served if RUNTIME.search(path)]
        button.focus()
        page.keyboard.press("Enter")
        _answered(page)
        context.close()


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_save_data_on_a_device_that_keeps_the_runtime_promises_no_download(browser, built_site, lang):
    # The runtime kept by an earlier visit (the service worker serves it): the button says so,
    # where "downloads about 5 MB" would make a visitor who saves data refuse a free start.
    prefix = "/en" if lang == "en" else ""
    with serve(built_site) as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{url}{prefix}/picker/?plan=business&priority=1")
        expect(page.locator("[data-picker]")).to_have_attribute("data-state", "answered", timeout=20_000)
        wait_offline_ready(page)
        downloads = len(picker_boot(page.content())["downloads"])
        assert len(cached(page, "plan-picker-runtime", until=lambda urls: len(urls) == downloads)) == downloads
        context.add_init_script("Object.defineProperty(Navigator.prototype, 'connection', "
                                "{get: () => ({ saveData: true })})")
        page.goto(f"{url}{prefix}/?plan=business&priority=1")
        expect(page.locator("[data-picker]")).to_have_attribute("data-state", "waiting")
        button = page.locator("[data-pp-answer] [data-pp-start]")
        expect(button).to_have_text({"ru": "Запустить подбор (он уже сохранён на этом устройстве)",
                                     "en": "Start the support finder (already stored on this device)"}[lang])
        expect(page.locator("[data-pp-answer]")).not_to_contain_text("МБ" if lang == "ru" else "MB")
        served = len(url.served)
        button.click()
        _answered(page, plan={"ru": "Для бизнеса", "en": "Business"}[lang])
        assert not [path for path in url.served[served:] if RUNTIME.search(path)]
        context.close()


# ─── what a broken file or browser shows ─────────────────────────────────────

@pytest.fixture
def tampered_site(built_site: Path, tmp_path: Path) -> Path:
    """The picker's archive with a fact changed (Australia's number, in the data file inside
    it): a well-formed gzip of a well-formed zip, which Python would read and answer from;
    only its sha256 is not what the build hashed."""
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    archive = next(copy.glob("assets/picker/python.*.zip.gz"))
    zipped = gzip.decompress(archive.read_bytes())
    assert zipped.count(b"+61 1800 768 027") == 1
    archive.write_bytes(gzip.compress(zipped.replace(b"+61 1800 768 027", b"+61 1800 000 000"), mtime=0))
    return copy


@pytest.mark.console(r"Python did not start: .*sha256",
                     reason="the refusal of the tampered archive")
def test_a_tampered_archive_is_refused_with_a_clear_message(browser, tampered_site):
    with serve(tampered_site) as url:
        context = browser.new_context()
        console = []  # the worker's too: the refusal names the checksum
        context.on("console", lambda message: console.append(message.text))
        page = context.new_page()
        page.goto(f"{url}/en/picker/?plan=pro&priority=1")
        notice = page.locator("[data-pp-notice]")
        expect(notice).to_contain_text("The support finder could not start in this browser", timeout=20_000)
        assert any("sha256" in text for text in console), console
        notice.locator("a").click()
        expect(page.locator("#pp-tables")).to_have_attribute("open", "")
        expect(page.locator("#pp-tables table").first).to_be_visible()
        context.close()


def test_python_that_never_finishes_starting_gives_up_after_the_start_limit(browser, built_site, tmp_path):
    """The no-word limit: the downloads are in, then the worker says nothing (here its
    WebAssembly never instantiates) for startMs: the page stops waiting and shows the tables."""
    site = _with_boot_settings(built_site, tmp_path / "site", startMs=3000)
    worker = site / picker_boot((site / "en/picker/index.html").read_text(encoding="utf-8"))["workerURL"].lstrip("/")
    worker.write_text("WebAssembly.instantiate = () => new Promise(() => {});\n" + worker.read_text(encoding="utf-8"),
                      encoding="utf-8")
    with serve(site) as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{url}/en/picker/?plan=pro&priority=1")
        expect(page.locator("[data-picker]")).to_have_attribute("data-state", "starting", timeout=20_000)
        notice = page.locator("[data-pp-notice]")
        expect(notice).to_contain_text("The support finder could not start in this browser", timeout=10_000)
        expect(page.locator("[data-pp-answer]")).not_to_have_attribute("aria-busy", "true")
        context.close()


def test_no_webassembly_points_to_the_tables(browser, site_url):
    context = browser.new_context()
    context.add_init_script("delete globalThis.WebAssembly")
    page = context.new_page()
    page.goto(f"{site_url}/picker/?plan=pro&priority=1")
    expect(page.locator("[data-pp-notice]")).to_contain_text("Не удалось запустить подбор")
    context.close()


# ─── the page holds still while Python starts ───────────────────────────────

BOOT_MESSAGES = ["choose", "loading", "progress", "starting"]  # render.py's data-pp-message, in boot order


@pytest.mark.parametrize("width", [320, 360, 768, 1024, 1280])
@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.console(r"Failed to load resource: net::ERR_FAILED", reason="picker.js, held back on purpose")
def test_the_answers_place_keeps_one_height_while_python_starts(browser, site_url, lang, width):
    """Each message the picker shows before its first answer fits the answer's place, so the
    box never resizes and what follows it (the tables, the footer) never moves under the
    reader's eyes or away from a keyboard's focus (a Tab to the footer once landed just before
    the progress message wrapped to two lines, and the link slid off screen). The worker is
    kept from starting (picker.js is not served: a started picker would replace or hide the
    answer's place), so each message is put in place here, with wide figures."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.route(re.compile(r"/assets/picker/picker\.[0-9a-f]+\.js$"), lambda route: route.abort())
    page.goto(f"{site_url}{'' if lang == 'ru' else '/en'}/picker/")
    heights = page.evaluate("""(keys) => {
      const answer = document.querySelector("[data-pp-answer]");
      return Object.fromEntries(keys.map((key) => {
        answer.innerHTML = document.querySelector(`[data-pp-message="${key}"]`).innerHTML;
        for (const figure of answer.querySelectorAll("[data-pp-loaded], [data-pp-total]")) figure.textContent = "88,8";
        return [key, answer.getBoundingClientRect().height];
      }));
    }""", BOOT_MESSAGES)
    context.close()
    assert min(heights.values()) > 0, f"the answer's place is hidden, so nothing was measured: {heights}"
    assert len(set(heights.values())) == 1, f"the answer's place resizes while Python starts ({lang}, {width} px): {heights}"
