"""MkDocs hook of the stock Material twins (tests/audit/lighthouse.py): gives each twin
the table of contents that its page has.

A twin's Markdown is its page's built article, raw HTML, which Python-Markdown's toc
extension does not read, so without this the twin would have no table of contents,
in the sidebar or in the navigation, and be lighter than its page for that alone
(the Russian /priority-levels/: 280 elements against 201). This runs at build time
only; the twin's pages stay stock Material in the browser.
"""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

from mkdocs.structure.toc import get_toc

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


class _Headings(HTMLParser):
    """Every heading with an id, as MkDocs' toc tokens (level, id, name), in order; the
    name without the heading's permalink."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[dict] = []
        self._open: dict | None = None
        self._in_permalink = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag in HEADINGS and attributes.get("id"):
            self._open = {"level": int(tag[1]), "id": attributes["id"], "name": "", "children": []}
        elif self._open is not None and tag == "a" and "headerlink" in (attributes.get("class") or "").split():
            self._in_permalink = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._in_permalink = False
        elif self._open is not None and tag == f"h{self._open['level']}":
            self._open["name"] = escape(" ".join(self._open["name"].split()), quote=False)  # toc titles are HTML
            self.found.append(self._open)
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None and not self._in_permalink:
            self._open["name"] += data


def toc_tokens(html: str) -> list[dict]:
    """The headings of an article nested by level, as the toc extension would give them."""
    parser = _Headings()
    parser.feed(html)
    roots: list[dict] = []
    stack: list[dict] = []
    for heading in parser.found:
        while stack and stack[-1]["level"] >= heading["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else roots).append(heading)
        stack.append(heading)
    return roots


def on_page_content(html, page, **kwargs):
    page.toc = get_toc(toc_tokens(html))
    return html
