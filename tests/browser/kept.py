"""What a browser profile keeps, read from a page of the site's origin: Cache Storage's
URLs, and the moment the service worker controls the page. Shared by the offline, start-up
and fault tests."""

from __future__ import annotations

# The URLs in one Cache Storage cache of the page's origin ([] when there is no such cache).
CACHED = """async (name) => (await caches.has(name)) ? (await (await caches.open(name)).keys()).map((r) => r.url) : []"""


def cached(page, name: str, until=bool, tries: int = 100) -> list[str]:
    """The URLs in one Cache Storage cache, polled every 200 ms until `until` holds for them,
    at most `tries` times; what it holds then, whether or not `until` held."""
    for _ in range(tries):
        urls = page.evaluate(CACHED, name)
        if until(urls):
            return urls
        page.wait_for_timeout(200)
    return urls


def wait_offline_ready(page) -> None:
    """Until the service worker is active and controls the page (its install has kept every
    file of its manifest)."""
    for _ in range(150):
        if page.evaluate("navigator.serviceWorker.controller !== null"):
            return
        page.wait_for_timeout(100)
    raise AssertionError("the service worker did not take control of the page within 15 s")
