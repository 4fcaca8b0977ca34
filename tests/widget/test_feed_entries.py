"""The Atom feed of the policy's changes: a well-formed document per language whose entries
are the changelog's, each linking to its anchor on the "What changed" page."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from support_policy.changelog import Change, Changelog, Entry, load_changelog
from support_policy.feed import FEED_NAME, render_feed
from support_policy.model import Text

ATOM = "{http://www.w3.org/2005/Atom}"
FEED_URL = "https://example.com/en/feed.xml"
PAGE_URL = "https://example.com/en/changelog/"

CHANGELOG = Changelog((
    Entry(dt.date(2026, 12, 2), "sha256:" + "1" * 64, Text(ru="Номер & чат.", en="A number & <chat>."), (
        Change(Text(ru="Телефон", en="Phone"), Text(ru="+61 1", en="+61 1"), Text(ru="+61 2", en="+61 2")),
        Change(Text(ru="Чат", en="Chat"), None, Text(ru="есть", en="yes")),
        Change(Text(ru="Факс", en="Fax"), Text(ru="был", en="was"), None),
    )),
    Entry(dt.date(2026, 12, 2), "sha256:" + "2" * 64, Text(ru="Второе.", en="Second.")),
    Entry(dt.date(2026, 11, 25), "sha256:" + "3" * 64, Text(ru="Опубликована.", en="Published.")),
))


def feed(lang: str = "en", site_name: str = "Support & policy") -> ET.Element:
    text = render_feed(CHANGELOG, lang, FEED_URL, PAGE_URL, site_name)
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" ')
    assert text.endswith("</feed>\n")
    root = ET.fromstring(text)
    # Text only in the leaves: none between the feed's or an entry's elements.
    for element in [root, *root.findall(f"{ATOM}entry")]:
        assert not (element.text or "").strip() and not any((child.tail or "").strip() for child in element)
    return root


def test_the_feed_names_itself_its_page_and_its_author():
    root = feed()
    assert root.tag == f"{ATOM}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert root.findtext(f"{ATOM}id") == FEED_URL
    assert root.findtext(f"{ATOM}title") == "Support & policy: what changed"
    assert root.findtext(f"{ATOM}updated") == "2026-12-02T00:00:00Z"  # the newest entry's day
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "Support & policy"
    links = [(link.get("rel"), link.get("type"), link.get("href")) for link in root.findall(f"{ATOM}link")]
    assert links == [("self", "application/atom+xml", FEED_URL), ("alternate", "text/html", PAGE_URL)]
    assert [child.tag.removeprefix(ATOM) for child in root][:6] == ["id", "title", "updated", "author", "link", "link"]


def test_each_entry_links_to_its_anchor_and_says_what_changed():
    entries = feed().findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [
        f"{PAGE_URL}#2026-12-02", f"{PAGE_URL}#2026-12-02-2", f"{PAGE_URL}#2026-11-25"]
    assert [e.find(f"{ATOM}link").get("href") for e in entries] == [e.findtext(f"{ATOM}id") for e in entries]
    assert [(e.find(f"{ATOM}link").get("rel"), e.find(f"{ATOM}link").get("type")) for e in entries] == [
        ("alternate", "text/html")] * 3
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "December 2, 2026: A number & <chat>.", "December 2, 2026: Second.", "November 25, 2026: Published."]
    assert [e.findtext(f"{ATOM}updated") for e in entries] == [
        "2026-12-02T00:00:00Z", "2026-12-02T00:00:00Z", "2026-11-25T00:00:00Z"]
    content = entries[0].find(f"{ATOM}content")
    assert content.get("type") == "html"
    assert content.text == ("<p>A number &amp; &lt;chat&gt;.</p><ul><li>Phone: +61 1 → +61 2</li>"
                            "<li>Chat: (new) → yes</li><li>Fax: was → (removed)</li></ul>")
    assert entries[2].find(f"{ATOM}content").text == "<p>Published.</p>"  # no list without changes


def test_the_russian_feed_is_in_russian():
    root = feed("ru", "Поддержка")
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ru"
    assert root.findtext(f"{ATOM}title") == "Поддержка: что изменилось"
    first = root.find(f"{ATOM}entry")
    assert first.findtext(f"{ATOM}title") == "2\u00a0декабря 2026\u00a0г.: Номер & чат."
    assert first.find(f"{ATOM}content").text == (
        "<p>Номер &amp; чат.</p><ul><li>Телефон: +61 1 → +61 2</li>"
        "<li>Чат: (новое) → есть</li><li>Факс: был → (удалено)</li></ul>")


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_shipped_changelog_makes_a_feed_with_one_entry_per_change(lang):
    changelog = load_changelog()
    root = ET.fromstring(render_feed(changelog, lang, FEED_URL, PAGE_URL, "Site"))
    assert len(root.findall(f"{ATOM}entry")) == len(changelog.entries)
    assert FEED_NAME == "feed.xml"
