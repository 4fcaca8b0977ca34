"""The Atom feeds of policy changes, read by a real feed parser as a reader's app would."""

from __future__ import annotations

import html

from pathlib import Path

import feedparser
import pytest

from support import PAGES, ROOT
from support_policy.changelog import load_changelog
from support_policy.render import date_text, entry_anchors

CHANGELOG = load_changelog(ROOT / "widget/src/support_policy/changelog.toml")
SITE_URL = "https://support-policy.example.com/"


@pytest.mark.parametrize(("lang", "prefix"), [("ru", ""), ("en", "en/")])
def test_each_language_has_a_valid_feed_of_every_changelog_entry(built_site: Path, lang, prefix):
    feed = feedparser.parse((built_site / prefix / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception  # well-formed, as a feed reader needs it
    assert feed.version == "atom10"
    assert feed.feed.language == lang
    assert feed.feed.id == f"{SITE_URL}{prefix}feed.xml"
    assert feed.feed.link == f"{SITE_URL}{prefix}changelog/"
    assert len(feed.entries) == len(CHANGELOG.entries) >= 1
    for item, entry, anchor in zip(feed.entries, CHANGELOG.entries, entry_anchors(CHANGELOG)):
        assert item.link == f"{SITE_URL}{prefix}changelog/#{anchor}"
        assert item.updated_parsed[:3] == (entry.date.year, entry.date.month, entry.date.day)
        assert item.title == f"{date_text(entry.date, lang)}: {entry.summary(lang)}"
        for change in entry.changes:  # what changed, from what to what
            assert change.fact(lang) in item.summary
            for value in (change.before, change.after):
                if value:
                    assert value(lang) in html.unescape(item.summary)
        # The entry's anchor exists on the "What changed" page it links to.
        page = (built_site / prefix / "changelog" / "index.html").read_text(encoding="utf-8")
        assert f'id="{anchor}"' in page


@pytest.mark.parametrize(("lang", "prefix"), [("ru", ""), ("en", "en/")])
def test_every_page_names_its_language_s_feed_and_the_changelog_links_to_it(built_site: Path, lang, prefix):
    pages = [built_site / prefix / page / "index.html" for page in PAGES]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert '<link rel="alternate" type="application/atom+xml" title="' in html, page
        assert f'href="/{prefix}feed.xml"' in html, page
    changelog = (built_site / prefix / "changelog" / "index.html").read_text(encoding="utf-8")
    assert f'<a href="/{prefix}feed.xml" type="application/atom+xml">' in changelog
