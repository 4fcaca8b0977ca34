"""Every built page carries a strict Content-Security-Policy that still lets its own scripts run;
the build's `_headers` gives each worker its own policy, and every path what a <meta> cannot say."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

from static_host import headers_rules


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.csp: list[str] = []
        self.first_in_head: str | None = None
        self.inline: list[str] = []
        self._in_head = False
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        # The charset may come first (it must be in the first 1024 bytes); nothing else may.
        if self._in_head and self.first_in_head is None and not (tag == "meta" and "charset" in attrs):
            self.first_in_head = f"{tag} {attrs.get('http-equiv', '')}".strip()
        if tag == "head":
            self._in_head = True
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "content-security-policy":
            self.csp.append(attrs["content"])
        if tag == "script" and "src" not in attrs and attrs.get("type", "text/javascript") in {"text/javascript", "module"}:
            self._script = {"body": ""}

    def handle_data(self, data):
        if self._script is not None:
            self._script["body"] += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.inline.append(self._script["body"])
            self._script = None


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_has_one_strict_policy_first_in_head(built_site: Path):
    found = pages(built_site)
    assert len(found) >= 17  # 8 pages × 2 languages + the 404 page
    for page in found:
        parsed = _Scripts()
        parsed.feed(page.read_text(encoding="utf-8"))
        assert len(parsed.csp) == 1, page
        policy = parsed.csp[0]
        assert parsed.first_in_head == "meta Content-Security-Policy", page
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy, page
        directives = directives_of(policy)
        assert directives["default-src"] == "'self'"
        assert directives["object-src"] == "'none'"
        # No page compiles WebAssembly: only the picker's worker may (its header policy, below).
        assert "'wasm-unsafe-eval'" not in policy, page
        for body in parsed.inline:
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in directives["script-src"], f"{page}: inline script not allowed"
        # No host but our own anywhere in the policy.
        assert not re.search(r"https?://", policy), page


def directives_of(policy: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def header_policies(rules, path: str) -> list[dict[str, str]]:
    """Every Content-Security-Policy that a host reading `_headers` sends for `path`, parsed."""
    return [directives_of(value) for pattern, headers in rules if pattern.match(path)
            for name, value in headers if name.lower() == "content-security-policy"]


def meta_policy(page: Path) -> dict[str, str]:
    parsed = _Scripts()
    parsed.feed(page.read_text(encoding="utf-8"))
    return directives_of(parsed.csp[0])


def only(paths: list[Path], site: Path) -> str:
    assert len(paths) == 1, paths
    return "/" + paths[0].relative_to(site).as_posix()


# A worker's own policy: its scripts and fetches from the site, nothing else.
WORKER_POLICY = {"default-src": "'none'", "script-src": "'self'", "connect-src": "'self'"}


def worker_scripts(site: Path) -> dict[str, dict[str, str]]:
    """The path of each worker script in the built site, and the policy it is meant to have."""
    return {
        only(list(site.glob("assets/picker/picker-worker.*.js")), site):
            {**WORKER_POLICY, "script-src": "'self' 'wasm-unsafe-eval'"},  # compiles Pyodide's WebAssembly
        only([site / "sw.js"], site): WORKER_POLICY,
        only(list(site.glob("assets/javascripts/workers/search.*.min.js")), site): WORKER_POLICY,
    }


# Page URLs, and the file each one is.
PAGE_URLS = {"/": "index.html", "/picker/": "picker/index.html", "/en/": "en/index.html",
             "/en/picker/": "en/picker/index.html", "/en/response-time/": "en/response-time/index.html",
             "/404.html": "404.html"}


def test_headers_give_each_worker_its_own_policy_and_every_page_what_a_meta_cannot_say(built_site: Path):
    text = (built_site / "_headers").read_text(encoding="utf-8")
    rules = headers_rules(text)
    for url, file in PAGE_URLS.items():
        # One policy, beside the page's <meta>: both are enforced, so it names neither script-src
        # nor default-src (which would block the inline scripts that the <meta> allows by hash).
        [header] = header_policies(rules, url)
        assert header.pop("frame-ancestors") == "'none'", url  # what only a header can say
        assert not {"script-src", "default-src"} & header.keys(), url
        meta = meta_policy(built_site / file)
        assert header == {name: meta[name] for name in header}, f"{url}: the header says what the <meta> says"
    every_path = header_policies(rules, "/")[0]
    for url, intended in worker_scripts(built_site).items():
        # The worker's own policy, and the one of every path, which leaves its scripts alone.
        policies = header_policies(rules, url)
        assert len(policies) == 2 and intended in policies and every_path in policies, (url, policies)
    assert text.count("'wasm-unsafe-eval'") == 1, "only the picker's worker compiles WebAssembly"
    assert not re.search(r"https?://", text)  # no host but our own
    # Cloudflare Pages: at most 100 rules, each line at most 2,000 characters.
    assert len(rules) <= 100 and max(map(len, text.splitlines())) <= 2000


def test_a_site_below_a_path_has_its_header_rules_below_it(site_below_a_path: tuple[Path, str]):
    # GitHub Pages serves a project site below /<repo>/; so do hosts behind a path prefix.
    site, site_url = site_below_a_path
    assert site_url.endswith("/policy/")
    rules = headers_rules((site / "_headers").read_text(encoding="utf-8"))
    for path, intended in worker_scripts(site).items():
        assert intended in header_policies(rules, "/policy" + path), path
        assert header_policies(rules, path) == [], f"{path}: a rule outside the site's path"
    assert len(header_policies(rules, "/policy/en/picker/")) == 1
    assert header_policies(rules, "/en/picker/") == []
