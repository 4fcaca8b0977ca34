"""What a reader sees when something goes wrong: a host that errs or says nothing, a deploy
under an open tab, a broken deploy, damaged or missing storage on the device, two tabs at
once. Each scenario asserts what the page shows: the answer, or the kept page, or the tables
with a message that says what happened; never a blank answer, never a host's error page.

A deploy is a second real build (`deployed_site`: one more comment in the data file, so the
picker's archive, its hash and the snapshot key change); the test host switches to it
(`Served.deploy`) or fails on purpose (`Served.fail`)."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kept import cached, wait_offline_ready
from support import picker_boot, serve

pytestmark = pytest.mark.browser

RUNTIME_CACHE = "plan-picker-runtime"
SNAPSHOT_CACHE = "plan-picker-snapshot"
DEEP_LINK = "/en/picker/?plan=business&priority=1&country=US"
PLAN = {"ru": "Для бизнеса", "en": "Business"}


def boot(site: Path) -> dict:
    """The picker's boot settings of a build (the same on every picker page but for lang and start)."""
    return picker_boot((site / "en" / "picker" / "index.html").read_text(encoding="utf-8"))


def runtime_path(site: Path, name: str) -> str:
    """The path on the host of one runtime file ("archive", "pyodide.asm.wasm", ...)."""
    return next(download["url"] for download in boot(site)["downloads"] if download["name"] == name)


def answered(page, plan: str = "Business", timeout: float = 30_000) -> None:
    expect(page.locator("[data-pp-answer] .pp-answer__title")).to_contain_text(plan, timeout=timeout)
    expect(page.locator("[data-picker]")).to_have_attribute("data-state", "answered")


def worker_settled(page) -> None:
    """Until the service worker has no other version installing or waiting: a deploy's worker
    has installed (kept its pages and runtime) and taken over."""
    script = """async () => { const r = await navigator.serviceWorker.getRegistration();
                              return !r.installing && !r.waiting && r.active?.state === "activated"; }"""
    for _ in range(150):
        if page.evaluate(script):
            return
        page.wait_for_timeout(100)
    raise AssertionError("the service worker did not settle within 15 s")


def kept_runtime(page, site: Path) -> list[str]:
    """Until the service worker has kept the whole runtime of `site`'s build."""
    wanted = {download["url"] for download in boot(site)["downloads"]}
    urls = cached(page, RUNTIME_CACHE, until=lambda urls: {re.sub(r"^https?://[^/]+", "", url) for url in urls} >= wanted)
    assert {re.sub(r"^https?://[^/]+", "", url) for url in urls} >= wanted, urls
    return urls


def picker_used(context, url: str, site: Path):
    """A tab of `context` where the picker has answered and the service worker, now in
    control, has kept the whole runtime of `site`'s build: a device that has used the picker."""
    page = context.new_page()
    page.goto(f"{url}{DEEP_LINK}")
    answered(page)
    wait_offline_ready(page)
    kept_runtime(page, site)
    return page


# ─── the host errs ───────────────────────────────────────────────────────────

@pytest.mark.parametrize("lang, how", [("ru", "503"), ("en", "503"), ("en", "hang")])
def test_a_host_that_errs_or_says_nothing_gets_the_kept_page(browser, built_site, lang, how):
    prefix, title = {"ru": ("", "Часы поддержки"), "en": ("/en", "Support hours")}[lang]
    with serve(built_site) as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{url}{prefix}/support-hours/")
        wait_offline_ready(page)
        url.fail(f"^{prefix}/support-hours/$", how)
        page.reload()
        expect(page.locator("article h1")).to_have_text(re.compile(title), timeout=15_000)
        expect(page.get_by_text("Error response")).to_have_count(0)
        url.heal()
        context.close()


@pytest.mark.console(r"status of 404", reason="the browser reports the 404 this test asks for")
def test_a_page_the_build_does_not_have_stays_a_404(browser, built_site):
    with serve(built_site) as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{url}/en/support-hours/")
        wait_offline_ready(page)
        response = page.goto(f"{url}/en/no-such-page/")
        assert response.status == 404
        expect(page.locator("article h1")).to_have_text("Страница не найдена")  # the site's own 404 page
        context.close()


# ─── deploys ─────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_tab_opened_before_a_deploy_answers_when_the_reader_reaches_for_the_picker(browser, built_site,
                                                                                     deployed_site, lang):
    """The overview is open and the picker untouched; a deploy removes the runtime it would load.
    Choosing a plan and a priority reloads the page once, on the new build, with the choice."""
    prefix = "/en" if lang == "en" else ""
    with serve(built_site) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(f"{url}{prefix}/")
        expect(page.locator("[data-picker]")).to_have_attribute("data-state", "waiting")
        url.deploy(deployed_site)
        # The page finds its runtime gone and the new build on the host: it reloads, once.
        with page.expect_navigation(timeout=15_000):
            page.locator('label:has(input[name="plan"][value="business"])').click()
        expect(page.locator("[data-picker]")).to_have_attribute("data-state", "ready", timeout=15_000)
        expect(page.locator('input[name="plan"][value="business"]')).to_be_checked()  # the choice kept
        page.locator('label:has(input[name="priority"][value="1"])').click()
        answered(page, PLAN[lang])
        assert page.evaluate("self.planPicker.config.snapshotKey") == boot(deployed_site)["snapshotKey"], \
            "the answer comes from the new build"
        expect(page.locator('input[name="plan"][value="business"]')).to_be_checked()
        expect(page.locator('input[name="priority"][value="1"]')).to_be_checked()
        expect(page.locator("[data-pp-notice]")).to_be_hidden()
        context.close()


def test_a_tab_with_the_picker_running_keeps_answering_after_a_deploy(browser, built_site, deployed_site):
    with serve(built_site) as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{url}{DEEP_LINK}")
        answered(page)
        url.deploy(deployed_site)
        page.locator('label:has(input[name="plan"][value="pro"])').click()
        answered(page, "Pro")
        context.close()


def test_after_a_deploy_one_online_visit_keeps_the_picker_answering_offline(browser, built_site, deployed_site):
    with serve(built_site) as url:
        context = browser.new_context()
        page = picker_used(context, url, built_site)
        url.deploy(deployed_site)
        page.goto(f"{url}/en/support-hours/")  # one online visit to any page: the new worker installs
        kept_runtime(page, deployed_site)
        worker_settled(page)
        context.new_cdp_session(page).send("Network.clearBrowserCache")  # only what the workers kept
        context.set_offline(True)
        page.goto(f"{url}{DEEP_LINK}")
        answered(page)
        context.close()


@pytest.mark.console(r"status of 404", reason="the missing archive this test provokes")
def test_a_host_that_keeps_sending_the_old_page_makes_it_reload_once_not_for_ever(browser, built_site,
                                                                                  deployed_site, tmp_path):
    """A stale cache in front of the host: the new build's boot settings, the old pages, and
    the old runtime gone. The page reloads once for the new build, finds itself old again,
    and says the picker could not start, beside the tables."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    shutil.copy(deployed_site / "assets/picker/boot.json", site / "assets/picker/boot.json")
    with serve(site) as url:
        url.fail(re.escape(runtime_path(built_site, "archive")), "404")
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{url}/en/picker/?plan=business&priority=1")
        expect(page.locator("[data-pp-notice]")).to_contain_text("could not start", timeout=15_000)
        page.wait_for_timeout(1000)
        visits = [path for path in url.served if path == "/en/picker/"]
        assert len(visits) == 2, url.served  # the visit and one reload
        context.close()


@pytest.mark.console(r"status of 404", reason="the missing archive this test provokes")
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_broken_deploy_says_so_at_once_beside_the_tables(browser, built_site, lang):
    """The current build's archive is missing on the host: no wait for a time-out."""
    prefix, said = {"ru": ("", "Файлы подбора сейчас недоступны на сайте"),
                    "en": ("/en", "The support finder's files are not available on the site right now")}[lang]
    with serve(built_site) as url:
        url.fail(re.escape(runtime_path(built_site, "archive")), "404")
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{url}{prefix}/picker/?plan=business&priority=1")
        notice = page.locator("[data-pp-notice]")
        expect(notice).to_contain_text(said, timeout=8_000)  # well before the 20 s stall limit
        expect(page.locator("[data-picker]")).to_have_attribute("data-state", "failed")
        expect(page.locator("[data-pp-answer]")).not_to_have_attribute("aria-busy", "true")
        notice.locator("a[href='#pp-tables']").click()
        expect(page.locator("#pp-tables table").first).to_be_visible()
        context.close()


# ─── what the device keeps ───────────────────────────────────────────────────

# Replaces one kept runtime file with something that is not the build's.
SPOIL = """async ([name, url, damage]) => {
  const cache = await caches.open(name);
  const kept = await cache.match(url);
  const body = { html: "<!doctype html><title>Sign in to the Wi-Fi</title>", empty: "",
                 other: new Uint8Array(DAMAGED_GZIP) }[damage];
  const type = damage === "html" ? "text/html" : kept.headers.get("content-type");
  await cache.put(url, new Response(body, { status: 200, headers: { "content-type": type } }));
}"""


KEPT_SHA256 = """async ([name, url]) => Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256",
  await (await (await caches.open(name)).match(url)).arrayBuffer())), (byte) => byte.toString(16).padStart(2, "0")).join("")"""


@pytest.mark.console(r"was not the build's file; fetching it again", reason="the service worker's refusal this test provokes")
def test_a_kept_runtime_file_that_is_not_the_build_s_is_dropped_and_fetched_again(browser, built_site):
    """Each damage in turn, in one browser profile that has used the picker: the kept file is
    refused, dropped and fetched again; the picker answers on this visit, and offline on the next."""
    other = list(gzip.compress(b"PK\x05\x06" + bytes(18), mtime=0))  # a valid gzip of an empty zip
    spoil = SPOIL.replace("DAMAGED_GZIP", json.dumps(other))
    with serve(built_site) as url:
        context = browser.new_context()
        picker_used(context, url, built_site).close()
        for damage, name in [("html", "archive"), ("empty", "archive"), ("other", "archive"),
                             ("html", "pyodide.asm.wasm"), ("empty", "pyodide.asm.mjs")]:
            target = runtime_path(built_site, name)
            page = context.new_page()
            page.goto(f"{url}/en/support-hours/")
            page.evaluate(spoil, [RUNTIME_CACHE, f"{url}{target}", damage])
            context.new_cdp_session(page).send("Network.clearBrowserCache")
            page.close()
            served = len(url.served)
            again = context.new_page()
            again.goto(f"{url}{DEEP_LINK}")
            answered(again)  # on this visit
            expect(again.locator("[data-pp-notice]")).to_be_hidden()
            assert target in url.served[served:], (damage, name, "not fetched again")
            good = hashlib.sha256((built_site / target.lstrip("/")).read_bytes()).hexdigest()
            assert again.evaluate(KEPT_SHA256, [RUNTIME_CACHE, f"{url}{target}"]) == good, (damage, name, "not kept")
            again.close()
            context.set_offline(True)  # and on the next visit, from what is kept
            last = context.new_page()
            last.goto(f"{url}{DEEP_LINK}")
            try:
                answered(last)
            # What the device held then: once, in a full run under load, the loader
            # (pyodide.mjs) was not served offline; alone, the test has always passed.
            except AssertionError as failure:
                kept = cached(last, RUNTIME_CACHE, tries=1)
                controlled = last.evaluate("navigator.serviceWorker.controller !== null")
                raise AssertionError(f"offline after {damage} {name}: no answer; the page is "
                                     f"{'' if controlled else 'not '}controlled; the runtime cache holds {kept}") from failure
            last.close()
            context.set_offline(False)
        context.close()


@pytest.mark.console(r"was not the build's file \(HTTP 200\); not kept", reason="the refusal this test provokes")
def test_a_captive_portal_s_page_is_never_kept_as_the_runtime(browser, built_site):
    """While the service worker keeps the runtime, the network answers the archive with a
    sign-in page and status 200: it is refused, not kept."""
    with serve(built_site) as url:
        archive = f"{url}{runtime_path(built_site, 'archive')}"
        context = browser.new_context()
        page = picker_used(context, url, built_site)
        page.evaluate("async ([name, url]) => (await caches.open(name)).delete(url)", [RUNTIME_CACHE, archive])
        context.new_cdp_session(page).send("Network.clearBrowserCache")
        url.fail(re.escape(runtime_path(built_site, "archive")), "portal")
        served = len(url.served)
        page.evaluate("navigator.serviceWorker.controller.postMessage({ type: 'keep-picker-runtime' })")
        for _ in range(100):  # until the worker has asked the network for it
            if runtime_path(built_site, "archive") in url.served[served:]:
                break
            page.wait_for_timeout(100)
        page.wait_for_timeout(500)
        assert archive not in cached(page, RUNTIME_CACHE), "the portal's page was kept"
        context.close()


def _broken_storage_site(built_site: Path, copy: Path, breakage: str) -> Path:
    """A copy of the site whose picker worker starts by breaking Cache Storage, as a browser
    without it ("none") or a full disk ("full": opening or storing rejects) would."""
    shutil.copytree(built_site, copy)
    worker = copy / boot(built_site)["workerURL"].lstrip("/")
    prelude = {
        "none": "delete self.caches; delete self.CacheStorage;\n",
        "full": ("const full = () => Promise.reject(new DOMException('The disk is full', 'QuotaExceededError'));\n"
                 "CacheStorage.prototype.open = full; Cache.prototype.put = full;\n"),
    }[breakage]
    worker.write_text(prelude + worker.read_text(encoding="utf-8"), encoding="utf-8")
    return copy


@pytest.mark.parametrize("breakage", ["none", "full"])
def test_no_cache_storage_or_a_full_disk_still_answers_without_alarm(browser, built_site, tmp_path, breakage):
    with serve(_broken_storage_site(built_site, tmp_path / "site", breakage)) as url:
        context = browser.new_context()
        for _ in range(2):  # the first visit, and the next, which finds nothing kept
            page = context.new_page()
            page.goto(f"{url}{DEEP_LINK}")
            answered(page)
            expect(page.locator("[data-pp-notice]")).to_be_hidden()
            page.close()
        context.close()


def test_two_tabs_on_a_first_visit_both_answer_and_keep_one_snapshot(browser, site_url):
    context = browser.new_context()
    first, second = context.new_page(), context.new_page()
    first.goto(f"{site_url}{DEEP_LINK}", wait_until="commit")
    second.goto(f"{site_url}/picker/?plan=business&priority=1", wait_until="commit")
    answered(first)
    answered(second, PLAN["ru"])
    key = first.evaluate("self.planPicker.config.snapshotKey")
    kept = cached(first, SNAPSHOT_CACHE, until=lambda urls: len(urls) >= 1)
    second.wait_for_timeout(1000)  # the later tab's snapshot lands on the same key
    kept = cached(first, SNAPSHOT_CACHE)
    assert kept == [f"{site_url}/assets/picker/snapshot-{key}"], kept
    context.close()
