"""Browser fixtures: the built site on a local HTTP server, and Debian's Chromium via Playwright."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from support import screenshot, serve  # noqa: F401  (re-exported for tests)

import pytest
from playwright.sync_api import sync_playwright

# Playwright cannot download its own browser here; Debian's Chromium stands in.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-quic", "--no-first-run",
]


@pytest.fixture(scope="session")
def site_url(built_site: Path):
    with serve(built_site) as url:
        yield url

# Records Content-Security-Policy violations from the first moment of each document.
CSP_PROBE = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample || ""}`.trim());
});
"""


def _chromium_path() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or None


@pytest.fixture(scope="session")
def browser():
    path = _chromium_path()
    if path is None:
        pytest.fail("Chromium is missing: `make test` installs it (apt-get install -y chromium)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_watch(browser, site_url):
    """A fresh page that records console errors, page errors, CSP violations and every request's host."""
    context = browser.new_context()
    context.add_init_script(CSP_PROBE)
    page = context.new_page()
    watch = {"errors": [], "foreign": [], "page": page, "context": context,
             "csp": lambda: page.evaluate("window.__cspViolations || []")}
    local = urlsplit(site_url).netloc
    page.on("console", lambda msg: msg.type == "error" and watch["errors"].append(msg.text))
    page.on("pageerror", lambda exc: watch["errors"].append(str(exc)))

    def on_request(request):
        parts = urlsplit(request.url)
        if parts.scheme in {"http", "https", "ws", "wss"} and parts.netloc != local:
            watch["foreign"].append(request.url)

    page.on("request", on_request)
    yield watch
    context.close()
