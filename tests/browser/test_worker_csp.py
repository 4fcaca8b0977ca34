"""The workers' own Content-Security-Policy: the build's `_headers` (overrides/hooks/csp.py), sent
as Netlify and Cloudflare Pages send it (tests/static_host.py). A page's <meta> does not reach the
workers it starts: the picker answers under its worker's header policy, and with no header at
all (GitHub Pages), and the worker's header is what decides whether it may compile Pyodide's
WebAssembly."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from support import serve

pytestmark = pytest.mark.browser

DEEP_LINK = "/en/picker/?plan=business&priority=1"
ANSWER_TIMEOUT = 30_000  # a cold Pyodide boot on a loaded 2-core machine
PICKER_WORKER = re.compile(r"/assets/picker/picker-worker\.[0-9a-f]+\.js$")
WASM = " 'wasm-unsafe-eval'"


def test_the_picker_answers_with_the_header_policies_in_force(page_watch, site_url):
    page = page_watch["page"]
    with page.expect_response(PICKER_WORKER) as worker_script:
        page.goto(site_url + DEEP_LINK)
    expect(page.locator("[data-picker]")).to_have_attribute("data-state", "answered", timeout=ANSWER_TIMEOUT)
    # The host did send the worker its own policy, beside the one of every path.
    policies = worker_script.value.header_values("content-security-policy")
    assert any("'wasm-unsafe-eval'" in policy for policy in policies), policies
    assert page_watch["errors"] == []  # CSP violations too: the browser fixture fails the test on any


def copy_of(site: Path, dest: Path, headers: str | None) -> Path:
    """A copy of the built site (files linked, not copied) with another `_headers`, or none;
    the build's own file stays as it is (this one is written anew, never through the link)."""
    shutil.copytree(site, dest, copy_function=os.link)
    (dest / "_headers").unlink()
    if headers is not None:
        (dest / "_headers").write_text(headers, encoding="utf-8")
    return dest


def test_on_a_host_that_sends_no_headers_the_picker_still_answers(browser, built_site, tmp_path):
    # GitHub Pages: the worker runs with no policy; the page's <meta>, which does not grant
    # 'wasm-unsafe-eval', does not reach it.
    context = browser.new_context()
    page = context.new_page()
    with serve(copy_of(built_site, tmp_path / "site", headers=None)) as url:
        page.goto(url + DEEP_LINK)
        expect(page.locator("[data-picker]")).to_have_attribute("data-state", "answered", timeout=ANSWER_TIMEOUT)
    context.close()


@pytest.mark.console(r"Python did not start", r"wasm instantiation failed", r"^CompileError",
                     reason="the refusal to compile WebAssembly that this test provokes")
def test_the_worker_s_header_policy_is_what_governs_it(browser, built_site, tmp_path):
    # Pages and their <meta> are the build's own; only the worker's header loses
    # 'wasm-unsafe-eval'. Were that header not applied (a rule that misses the worker's
    # script, a host that ignores it), the picker would answer, as it does with no `_headers`.
    headers = (built_site / "_headers").read_text(encoding="utf-8")
    assert headers.count(WASM) == 1, "only the picker's worker may compile WebAssembly"
    site = copy_of(built_site, tmp_path / "site", headers=headers.replace(WASM, ""))
    context = browser.new_context()
    page = context.new_page()
    said: list[str] = []  # the worker's console reaches the page's
    page.on("console", lambda message: said.append(message.text))
    with serve(site) as url:
        page.goto(url + DEEP_LINK)
        expect(page.locator("[data-pp-notice]")).to_be_visible(timeout=ANSWER_TIMEOUT)
        expect(page.locator("[data-picker]")).to_have_attribute("data-state", "failed")
    context.close()
    # Failed for that reason: the worker's policy refused to compile the WebAssembly.
    refused = [text for text in said if "WebAssembly" in text and "Content Security" in text]
    assert refused and all("\"script-src 'self'\"" in text for text in refused), said


@pytest.mark.console(r"^CSP violation: script-src", r"^Executing inline script violates",
                     reason="the injected script that the page's policy refuses")
def test_a_page_s_policy_refuses_an_inline_script_the_build_did_not_hash(browser, built_site, tmp_path):
    """What the <meta> policy is for: markup that reached a page some other way (a bad link
    parameter, a compromised file) cannot run script. Removing the policy makes this fail."""
    site = copy_of(built_site, tmp_path / "site", headers=None)
    page_file = site / "en" / "support-hours" / "index.html"
    html = page_file.read_text(encoding="utf-8")
    page_file.unlink()  # a file of its own, not the build's through the link
    page_file.write_text(html.replace("</article>", "<script>document.documentElement.dataset.injected = 'ran'"
                                                    "</script></article>", 1), encoding="utf-8")
    with serve(site) as url:
        context = browser.new_context()
        page = context.new_page()
        violations = []
        page.on("console", lambda message: message.text.startswith("CSP violation") and violations.append(message.text))
        page.goto(f"{url}/en/support-hours/")
        expect(page.locator("article h1")).to_be_visible()
        expect(page.locator("html")).not_to_have_attribute("data-injected", "ran")
        page.wait_for_timeout(200)
        assert any("script-src" in text for text in violations), violations
        context.close()
