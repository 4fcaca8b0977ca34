"""What a page says about itself in its <head>: language, description, hreflang alternates; and the 404 page."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from htmltext import head
from support import PAGES, ROOT

LANGS = {"ru": "", "en": "en/"}  # language → path prefix below site_url
# The site_url the build used: SITE_URL if set, else mkdocs.yml's default.
SITE_URL = os.environ.get("SITE_URL") or re.search(
    r'^site_url: !ENV \[SITE_URL, "([^"]+)"\]', (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M
).group(1)


def source(lang: str, page: str) -> Path:
    name = page.rstrip("/") or "index"
    return ROOT / "docs" / (f"{name}.md" if lang == "ru" else f"{name}.{lang}.md")


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    assert match, f"{path.name}: no front matter"
    return yaml.safe_load(match.group(1))


def alternates(page_head) -> dict[str, str]:
    found = {}
    for link in page_head.links:
        if link.get("rel") == "alternate" and "hreflang" in link:
            assert link["hreflang"] not in found, f"hreflang {link['hreflang']} twice"
            found[link["hreflang"]] = link["href"]
    return found


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_html_lang_is_the_pages_language(built_site: Path, lang: str, page: str):
    assert head(built_site / LANGS[lang] / page / "index.html").lang == lang


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_meta_description_is_the_pages_own(built_site: Path, lang: str, page: str):
    expected = front_matter(source(lang, page))["description"]
    assert expected and len(expected) > 40
    assert head(built_site / LANGS[lang] / page / "index.html").meta.get("description") == [expected]


def test_every_page_has_a_different_description(built_site: Path):
    descriptions = [head(built_site / prefix / page / "index.html").meta["description"][0]
                    for prefix in LANGS.values() for page in PAGES]
    assert len(set(descriptions)) == len(PAGES) * len(LANGS)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_hreflang_alternates_are_absolute_and_name_the_same_page(built_site: Path, lang: str, page: str):
    found = alternates(head(built_site / LANGS[lang] / page / "index.html"))
    assert found == {
        "ru": f"{SITE_URL}{page}",
        "en": f"{SITE_URL}en/{page}",
        "x-default": f"{SITE_URL}{page}",
    }


def test_hreflang_alternates_follow_site_url(site_below_a_path: tuple[Path, str]):
    # Built for a site mounted below a path: every alternate, and the 404 page's links, follow it.
    site, site_url = site_below_a_path
    assert site_url == "https://docs.example.org/policy/"
    assert alternates(head(site / "en/support-hours/index.html")) == {
        "ru": "https://docs.example.org/policy/support-hours/",
        "en": "https://docs.example.org/policy/en/support-hours/",
        "x-default": "https://docs.example.org/policy/support-hours/",
    }
    parts = not_found_parts(site / "404.html")
    assert parts["ru"]["links"] == ["/policy/"] and parts["en"]["links"] == ["/policy/en/"]


class _NotFound(HTMLParser):
    """The 404 page's parts with a lang attribute inside the article: their text and links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: dict[str, dict] = {}
        self.switcher: list[str] = []
        self.stylesheets: list[str] = []
        self._stack: list[str | None] = []
        self._in_article = False

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "article":
            self._in_article = True
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.stylesheets.append(attrs["href"])
        if tag == "a" and "md-select__link" in attrs.get("class", ""):
            self.switcher.append(attrs["href"])
        if tag in {"link", "meta", "br", "img", "input"}:
            return
        lang = attrs.get("lang") if self._in_article else None
        self._stack.append(lang)
        if lang:
            self.parts[lang] = {"text": "", "links": []}
        current = self._current()
        if current and tag == "a":
            self.parts[current]["links"].append(attrs["href"])

    def handle_endtag(self, tag):
        if tag in {"link", "meta", "br", "img", "input"}:
            return
        if tag == "article":
            self._in_article = False
        if self._stack:
            self._stack.pop()

    def handle_data(self, data):
        current = self._current()
        if current:
            self.parts[current]["text"] += data

    def _current(self) -> str | None:
        return next((lang for lang in reversed(self._stack) if lang), None)


def not_found_parts(path: Path) -> dict[str, dict]:
    parser = _NotFound()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.parts


def test_one_404_page_speaks_both_languages(built_site: Path):
    page = built_site / "404.html"
    assert not (built_site / "en" / "404.html").exists()
    assert head(page).lang == "ru"  # the site's default language; the English part says lang="en"
    parts = not_found_parts(page)
    assert set(parts) == {"ru", "en"}
    assert "Страница не найдена" in parts["ru"]["text"]
    assert "Page not found" in parts["en"]["text"]
    # Each part leads to its language's home, by an absolute path (a host serves this page at any depth).
    assert parts["ru"]["links"] == ["/"]
    assert parts["en"]["links"] == ["/en/"]


def test_404_page_is_served_at_any_depth(built_site: Path):
    parser = _NotFound()
    parser.feed((built_site / "404.html").read_text(encoding="utf-8"))
    assert parser.stylesheets and all(href.startswith("/") for href in parser.stylesheets)
    # Its language switcher leads to the language homes, not to some page's twin.
    assert parser.switcher == ["/", "/en/"]
    assert alternates(head(built_site / "404.html")) == {}
