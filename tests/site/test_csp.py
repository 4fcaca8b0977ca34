"""Every built page carries a strict Content-Security-Policy that still lets its own scripts run."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path


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
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["default-src"] == "'self'"
        assert directives["object-src"] == "'none'"
        assert "'wasm-unsafe-eval'" in directives["script-src"]
        for body in parsed.inline:
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in directives["script-src"], f"{page}: inline script not allowed"
        # No host but our own anywhere in the policy.
        assert not re.search(r"https?://", policy), page
