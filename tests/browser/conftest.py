"""Browser fixtures: the built site on a local HTTP server, and Debian's Chromium via Playwright."""

from __future__ import annotations

import os
import re
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

# Reports every Content-Security-Policy violation of a document, from its first moment, as a
# console error, which the console watch below then fails the test on.
CSP_PROBE = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI} ${event.sample || ""}`.trim());
});
"""

# Console warnings and errors that a test may meet in any context, with why. Everything else
# that a page, a worker or the service worker says at level warning or error fails the test;
# a test that provokes more marks it: @pytest.mark.console(pattern, ..., reason="...").
EXPECTED_EVERYWHERE: dict[str, str] = {
    r"^The resource .* was preloaded using link preload but not used":
        "Chromium's hint about Material's font preload when a test closes the page at once",
}


def _expected(request) -> list[re.Pattern]:
    patterns = list(EXPECTED_EVERYWHERE)
    for marker in request.node.iter_markers("console"):
        assert marker.kwargs.get("reason"), f"{request.node.nodeid}: say why the console messages are expected"
        patterns += marker.args
    return [re.compile(pattern) for pattern in patterns]


def _chromium_path() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or None


@pytest.fixture(scope="session")
def chromium():
    path = _chromium_path()
    if path is None:
        pytest.fail("Chromium is missing: `make test` installs it (apt-get install -y chromium)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser(chromium, request):
    """Chromium, whose every new context reports CSP violations and is watched: the test fails
    on any console warning or error of its pages and workers, or uncaught error, that it does
    not expect (`_expected`)."""
    said: list[str] = []
    new_context = chromium.new_context

    def watched_context(**options):
        context = new_context(**options)
        context.add_init_script(CSP_PROBE)
        context.on("console", lambda message: message.type in {"warning", "error"}
                   and said.append(f"{message.type}: {message.text}"))
        context.on("weberror", lambda error: said.append(f"uncaught: {error.error}"))
        return context

    chromium.new_context = watched_context
    try:
        yield chromium
    finally:
        del chromium.new_context  # the class's method again
    expected = _expected(request)
    unexpected = [text for text in said if not any(pattern.search(text.split(": ", 1)[1]) for pattern in expected)]
    assert not unexpected, "unexpected console messages (mark the test with @pytest.mark.console if they are right):\n" + \
        "\n".join(unexpected)


@pytest.fixture
def page_watch(browser, site_url):
    """A fresh page that records console errors, page errors, CSP violations and every request's host."""
    context = browser.new_context()
    page = context.new_page()
    watch = {"errors": [], "foreign": [], "page": page, "context": context}
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
