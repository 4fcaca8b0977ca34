"""An Atom feed (RFC 4287) of the policy's changes, one per language, made from the same
changelog as the "What changed" page: each entry's date, summary and what changed from
what to what, linking to the entry on that page. Build time only."""

from __future__ import annotations

import datetime as dt
from html import escape
from xml.sax.saxutils import escape as xml_escape

from .changelog import Changelog
from .labels import label
from .model import Lang
from .render import date_text, entry_anchors

FEED_NAME = "feed.xml"  # at each language's root: /feed.xml (ru), /en/feed.xml


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _content(entry, lang: Lang) -> str:
    """The entry as HTML: its summary, then each changed fact, from what to what."""
    items = "".join(
        f"<li>{escape(change.fact(lang))}: "
        f"{escape(change.before(lang) if change.before else label('changelog_new', lang))} → "
        f"{escape(change.after(lang) if change.after else label('changelog_removed', lang))}</li>"
        for change in entry.changes
    )
    return f"<p>{escape(entry.summary(lang))}</p>" + (f"<ul>{items}</ul>" if items else "")


def render_feed(changelog: Changelog, lang: Lang, feed_url: str, page_url: str, site_name: str,
                version_url=None) -> str:
    """The Atom document. `feed_url` is its own absolute address, `page_url` the absolute
    address of the "What changed" page in `lang`; `version_url(anchor)`, the absolute address
    of the policy as of an entry (or None), becomes the entry's related link."""
    title = f"{site_name}: {label('feed_title', lang)}"
    entries = []
    for entry, anchor in zip(changelog.entries, entry_anchors(changelog)):
        link = f"{page_url}#{anchor}"
        version = version_url(anchor) if version_url else None
        related = f'<link rel="related" type="text/html" href="{xml_escape(version)}"/>' if version else ""
        entries.append(
            "<entry>"
            f"<id>{xml_escape(link)}</id>"
            f"<title>{xml_escape(date_text(entry.date, lang))}: {xml_escape(entry.summary(lang))}</title>"
            f"<updated>{_timestamp(entry.date)}</updated>"
            f'<link rel="alternate" type="text/html" href="{xml_escape(link)}"/>'
            f"{related}"
            f'<content type="html">{xml_escape(_content(entry, lang))}</content>'
            "</entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}">'
        f"<id>{xml_escape(feed_url)}</id>"
        f"<title>{xml_escape(title)}</title>"
        f"<updated>{_timestamp(changelog.newest.date)}</updated>"
        f"<author><name>{xml_escape(site_name)}</name></author>"
        f'<link rel="self" type="application/atom+xml" href="{xml_escape(feed_url)}"/>'
        f'<link rel="alternate" type="text/html" href="{xml_escape(page_url)}"/>'
        + "".join(entries) + "</feed>\n"
    )
