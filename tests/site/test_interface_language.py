"""Every word of the interface is in the page's language: the theme's and our overrides' strings
(the colour-scheme toggle, the heading links, the footer, the language switcher), and the words
Material's scripts write at run time (its translations in each page's `__config`).

Read on every built page of both languages and on the 404 page: each element's `title`,
`aria-label`, `placeholder` and `alt`, and the text outside the article (the article's own text is
the policy's, checked by the content and wording tests). A string's language is the one its element
declares (`lang` on it or its nearest ancestor, so «English» in the language switcher is English);
on a Russian string no Latin word but the brand and code words below, on an English one no Cyrillic.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from support import PAGES

LANGS = {"ru": "", "en": "en/"}
ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
# Latin words a Russian string may hold: names and codes, which Russian writes in Latin letters too.
ALLOWED_LATIN = {
    "Zoom": "the company's name",
    "JSON": "a format's name (the nav's «Политика в формате JSON»)",
    "API": "a plan's name",
    "UTC": "the time zone of the last-update date's tooltip",
}
# Strings meant for both languages: (page, string) → why.
BILINGUAL = {
    ("/404.html", "404 · Страница не найдена · Page not found - Политика поддержки"):
        "one 404 page serves both languages (a static host has one): its <title> names it in both; "
        "its two sections each declare their own language",
}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
LATIN_WORD = re.compile(r"[A-Za-z]+")
CYRILLIC = re.compile(r"[А-Яа-яЁё]+")


@dataclass(frozen=True)
class Text:
    where: str  # "title", "aria-label", ..., "text", "__config"
    lang: str  # the language its element declares
    value: str


class _Interface(HTMLParser):
    """The strings of a page outside its article, each with the language its element declares."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[Text] = []
        self.config: str = ""
        self._open: list[tuple[str, str]] = []  # (tag, declared language)
        self._article = 0

    @property
    def _lang(self) -> str:
        return self._open[-1][1] if self._open else ""

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        lang = attrs.get("lang") or self._lang
        for name in ATTRIBUTES:
            if attrs.get(name, "").strip():
                self.texts.append(Text(name, lang, attrs[name]))
        if tag == "article":
            self._article += 1
        if tag not in VOID:
            self._open.append((tag, lang if tag != "script" or attrs.get("id") != "__config" else "__config"))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if not any(open_tag == tag for open_tag, _ in self._open):
            return
        while self._open.pop()[0] != tag:
            pass
        if tag == "article":
            self._article -= 1

    def handle_data(self, data):
        tag = self._open[-1][0] if self._open else ""
        if self._lang == "__config":
            self.config += data
        elif tag not in {"script", "style"} and not self._article and data.strip():
            self.texts.append(Text("text", self._lang, " ".join(data.split())))


def interface(page: Path) -> list[Text]:
    """The page's interface strings: attributes, text outside the article, Material's run-time translations."""
    parser = _Interface()
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    settings = json.loads(parser.config)
    page_lang = next(text.lang for text in parser.texts if text.lang)
    return parser.texts + [Text("__config", page_lang, value) for value in settings["translations"].values()]


def foreign(text: Text) -> list[str]:
    """The words of `text` in the other language: Latin words but the allowed ones on a Russian string,
    any Cyrillic on an English one."""
    if text.lang == "ru":
        return [word for word in LATIN_WORD.findall(text.value) if word not in ALLOWED_LATIN]
    if text.lang == "en":
        return CYRILLIC.findall(text.value)
    raise AssertionError(f"no language declared for {text}")


def built_pages(site: Path) -> list[tuple[str, Path]]:
    return [(f"/{prefix}{page}", site / prefix / page / "index.html") for prefix in LANGS.values() for page in PAGES]


def test_every_interface_string_is_in_its_element_s_language(built_site: Path):
    found = []
    for url, page in [*built_pages(built_site), ("/404.html", built_site / "404.html")]:
        texts = interface(page)
        assert len(texts) > 40, f"{url}: only {len(texts)} interface strings read: has the page's layout changed?"
        for text in texts:
            if (url, text.value) in BILINGUAL:
                continue
            if words := foreign(text):
                found.append(f"{url} {text.where} ({text.lang}): {text.value!r}: {', '.join(words)}")
    assert not found, "strings in the other language:\n" + "\n".join(found)
