"""Small readers of built HTML pages, on the standard library's parser."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path


class _Outline(HTMLParser):
    """Collects the article's headings (level, id) and its visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[int, str]] = []
        self.text: list[str] = []
        self.links: list[str] = []
        self._in_article = 0
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self._in_article += 1
        if not self._in_article:
            return
        if tag in {"script", "style"}:
            self._skip += 1
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append((int(tag[1]), attrs.get("id") or ""))
        if tag == "a" and attrs.get("href") and "headerlink" not in (attrs.get("class") or ""):
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "article":
            self._in_article -= 1
        if self._in_article and tag in {"script", "style"}:
            self._skip -= 1

    def handle_data(self, data):
        if self._in_article and not self._skip:
            self.text.append(data)


def outline(page: Path) -> _Outline:
    parser = _Outline()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def article_text(page: Path) -> str:
    """The article's visible text with white space (and no-break spaces) folded."""
    return re.sub(r"\s+", " ", " ".join(outline(page).text).replace("\xa0", " "))


class _Head(HTMLParser):
    """Collects <html lang>, the <meta name=…> tags and the <link> tags of the <head>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict[str, str]] = []
        self._in_head = False

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "head":
            self._in_head = True
        elif self._in_head and tag == "meta" and "name" in attrs:
            self.meta.setdefault(attrs["name"], []).append(attrs.get("content", ""))
        elif self._in_head and tag == "link":
            self.links.append(attrs)

    def handle_endtag(self, tag):
        if tag == "head":
            self._in_head = False


def head(page: Path) -> _Head:
    parser = _Head()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser
