"""Link previews: every page's Open Graph and Twitter card tags, in its language, and its card
image, which exists with the size its tags state (overrides/hooks/share.py, previews.py)."""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from support import PAGES, ROOT

sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
import previews  # noqa: E402
from previews import PreviewError, card_key, cached_card, draw_card, missing_glyphs, share_tags, wrap  # noqa: E402

LANGS = {"ru": "", "en": "en/"}  # language → path prefix below site_url
LOCALES = {"ru": "ru_RU", "en": "en_US"}
SITE_NAMES = {"ru": "Политика поддержки", "en": "Support policy"}
SITE_URL = re.search(r'^site_url: !ENV \[SITE_URL, "([^"]+)"\]',
                     (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)


class _Tags(HTMLParser):
    """The <meta property="og:…"> and <meta name="twitter:…"> of a page's <head>, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, str]] = []
        self._in_head = False

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "head":
            self._in_head = True
        elif self._in_head and tag == "meta":
            name = attrs.get("property") or attrs.get("name") or ""
            if name.startswith(("og:", "twitter:")):
                self.tags.append((name, attrs.get("content", "")))

    def handle_endtag(self, tag):
        if tag == "head":
            self._in_head = False


def tags(page: Path) -> dict[str, str]:
    """A page's preview tags by name; fails on a tag given twice."""
    parser = _Tags()
    parser.feed(page.read_text(encoding="utf-8"))
    names = [name for name, _ in parser.tags]
    assert len(names) == len(set(names)), f"{page}: a tag twice in {names}"
    return dict(parser.tags)


# A page's title and description, from its source's front matter.
def front_matter(lang: str, page: str) -> dict[str, str]:
    name = page.rstrip("/") or "index"
    text = (ROOT / "docs" / (f"{name}.md" if lang == "ru" else f"{name}.{lang}.md")).read_text(encoding="utf-8")
    return dict(re.findall(r"^(title|description): (.+)$", text.split("\n---\n", 1)[0], re.M))


# The built file a card's URL names.
def card_file(site: Path, site_url: str, url: str) -> Path:
    assert url.startswith(site_url), url
    return site / url[len(site_url):]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_its_preview_tags_in_its_language(built_site: Path, lang: str, page: str):
    found = tags(built_site / LANGS[lang] / page / "index.html")
    meta = front_matter(lang, page)
    other = "en" if lang == "ru" else "ru"
    image = found["og:image"]
    assert re.fullmatch(rf"{re.escape(SITE_URL)}assets/cards/{lang}/[a-z0-9-]+\.[0-9a-f]{{12}}\.png", image), image
    alt = f"{meta['title']}\u00a0— {SITE_NAMES[lang]}"
    assert found == {
        "og:type": "website", "og:site_name": SITE_NAMES[lang],
        "og:title": meta["title"], "og:description": meta["description"],
        "og:url": f"{SITE_URL}{LANGS[lang]}{page}", "og:locale": LOCALES[lang], "og:locale:alternate": LOCALES[other],
        "og:image": image, "og:image:type": "image/png", "og:image:width": "1200", "og:image:height": "630",
        "og:image:alt": alt,
        "twitter:card": "summary_large_image", "twitter:title": meta["title"],
        "twitter:description": meta["description"], "twitter:image": image, "twitter:image:alt": alt,
    }


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_each_card_exists_with_the_size_its_tags_state(built_site: Path, lang: str, page: str):
    found = tags(built_site / LANGS[lang] / page / "index.html")
    with Image.open(card_file(built_site, SITE_URL, found["og:image"])) as card:
        assert card.format == "PNG"
        assert card.size == (int(found["og:image:width"]), int(found["og:image:height"]))


def test_every_page_has_a_card_of_its_own(built_site: Path):
    images = {tags(built_site / prefix / page / "index.html")["og:image"] for prefix in LANGS.values() for page in PAGES}
    assert len(images) == len(PAGES) * len(LANGS)
    # Every card published is some page's (pages outside the nav have theirs too).
    every_page = {tags(page)["og:image"] for page in built_site.rglob("index.html")}
    cards = {SITE_URL + path.relative_to(built_site).as_posix() for path in (built_site / "assets" / "cards").rglob("*")
             if path.is_file()}
    assert images <= every_page and cards == every_page


def test_preview_tags_and_cards_follow_site_url(site_below_a_path: tuple[Path, str]):
    site, site_url = site_below_a_path
    found = tags(site / "en" / "support-hours" / "index.html")
    assert found["og:url"] == f"{site_url}en/support-hours/"
    assert found["og:image"] == found["twitter:image"]
    assert card_file(site, site_url, found["og:image"]).is_file()


# ─── the card ────────────────────────────────────────────────────────────────

def test_the_card_font_draws_every_letter_of_both_alphabets_and_the_titles():
    titles = " ".join(front_matter(lang, page)["title"] for lang in LANGS for page in PAGES)
    letters = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя«»—–№ABCXYZabcxyz0123456789"
    assert missing_glyphs(titles + letters) == []
    assert missing_glyphs("Поддержка 支持") == ["支", "持"]


def test_a_title_the_font_cannot_draw_stops_the_build_saying_why():
    with pytest.raises(PreviewError, match="no glyph for '支持'"):
        draw_card("Поддержка 支持", "Политика поддержки")


def test_a_long_title_wraps_at_spaces_and_keeps_a_number_with_its_word():
    font = previews._font(previews.FONT_BOLD, 60)
    lines = wrap("Целевое время реакции по планам и приоритетам, приоритет\u00a01", font, 600)
    assert len(lines) > 1 and all(font.getlength(line) <= 600 for line in lines)
    assert " ".join(lines) == "Целевое время реакции по планам и приоритетам, приоритет\u00a01"
    assert lines[-1].endswith("приоритет\u00a01")


def test_a_card_is_drawn_once_and_then_taken_from_the_cache(tmp_path: Path, monkeypatch):
    stale = tmp_path / "0123456789abcdef"  # the cards of an earlier renderer
    stale.mkdir()
    (stale / "old.png").write_bytes(b"")
    first = cached_card("Часы поддержки", "Политика поддержки", cache=tmp_path)
    with Image.open(first) as card:
        assert card.size == (1200, 630)
    monkeypatch.setattr(previews, "draw_card", lambda *args: pytest.fail("drawn again"))
    assert cached_card("Часы поддержки", "Политика поддержки", cache=tmp_path) == first
    assert [path.relative_to(tmp_path) for path in tmp_path.rglob("*")] == [first.parent.relative_to(tmp_path),
                                                                          first.relative_to(tmp_path)]


def test_the_cache_key_changes_with_the_title_the_site_name_and_the_renderer(monkeypatch):
    key = card_key("Support hours", "Support policy")
    assert card_key("Support hours", "Support policy") == key
    assert len({key, card_key("Support hours!", "Support policy"), card_key("Support hours", "Support")}) == 3
    drawn_by = previews.renderer_digest()
    monkeypatch.setattr(previews.PIL, "__version__", "0.0.0")
    previews.renderer_digest.cache_clear()
    try:
        assert previews.renderer_digest() != drawn_by and card_key("Support hours", "Support policy") != key
    finally:
        monkeypatch.undo()
        previews.renderer_digest.cache_clear()
    assert card_key("Support hours", "Support policy") == key


def test_share_tags_refuse_a_language_without_an_open_graph_locale():
    with pytest.raises(PreviewError, match="LOCALES"):
        share_tags(lang="de", title="t", description="d", url="u", site_name="s", image_url="i", image_alt="a",
                   alternates=[])
