"""Link previews: a page's Open Graph and Twitter card tags, and its card image.

Plain functions with no MkDocs import; `share.py` is the thin hook.

Messengers and ticket systems show a pasted link as a card: its title, description and
image come from the page's <head>. The image is one per page, 1200×630 (the size both
Open Graph and Twitter's large card ask for), with the page's title in its language and
the site's name, drawn with Pillow in PT Sans, ParaType's typeface made for Cyrillic and
Latin alike (SIL OFL), which the `fontpkg-pt-sans` wheel ships: the build downloads no
font, and a reader's browser requests nothing (the card is only named in <head>).

Drawing 20 cards takes about a second, so each is kept in .cache/cards/ under a hash of
all that makes it: the title, the site's name, the font files, Pillow's version and this
file (the renderer: an edit here draws every card anew, so no card is ever stale). A build
draws only the cards whose title or name changed.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import fontpkg_pt_sans
import PIL
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "cards"
WIDTH, HEIGHT = 1200, 630
# Below the site's root; not among the service worker's files (offline.py keeps no card).
CARDS_DIR = "assets/cards"
FONT_BOLD = fontpkg_pt_sans.ROOT / "files" / "PT_Sans-Web-Bold.ttf"
FONT_REGULAR = fontpkg_pt_sans.ROOT / "files" / "PT_Sans-Web-Regular.ttf"
# Open Graph names a locale language_TERRITORY.
LOCALES = {"ru": "ru_RU", "en": "en_US"}
# The site's indigo (mkdocs.yml's primary), a lighter indigo for the site's name, and a
# lifebuoy's orange for the logo's bands and the card's lower edge.
BACKGROUND, TEXT, MUTED, ACCENT = "#3f51b5", "#ffffff", "#c5cae9", "#ff7043"
MARGIN = 80
TITLE_SIZES = (76, 68, 60, 54, 48)  # the largest that fits the title in TITLE_LINES lines
TITLE_LINES = 4


class PreviewError(ValueError):
    """A card cannot be made as asked; the message says what to change."""


# ─── the card ────────────────────────────────────────────────────────────────

@lru_cache(maxsize=1)
def renderer_digest() -> str:
    """The sha256 of what draws the cards: the font files, this file and Pillow's version."""
    digest = hashlib.sha256(PIL.__version__.encode())
    for path in (FONT_BOLD, FONT_REGULAR, Path(__file__)):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def card_key(title: str, site_name: str) -> str:
    """The hash a card is kept and published under: everything that changes its pixels."""
    return hashlib.sha256(b"\0".join([renderer_digest().encode(), title.encode(), site_name.encode()])).hexdigest()


# The font file at a size, opened once per build.
@lru_cache(maxsize=16)
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


def missing_glyphs(text: str, path: Path = FONT_BOLD) -> list[str]:
    """The characters of `text` that the font has no glyph for (each drawn as the font's
    empty box, .notdef): a title in another script would show boxes instead of letters."""
    font = ImageFont.truetype(str(path), 40, layout_engine=ImageFont.Layout.BASIC)

    def drawn(character: str) -> tuple:
        mask = font.getmask(character)
        return mask.size, bytes(mask)

    notdef = drawn("\U0010fffd")  # a private-use character no typeface draws
    return [character for character in dict.fromkeys(text)
            if not character.isspace() and drawn(character) == notdef]


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """`text` in lines no wider than `width` where it can be: broken at ordinary spaces only
    (a no-break space keeps a number with its word); a word wider than a line stands alone."""
    lines: list[str] = []
    for word in text.split(" "):
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(candidate) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def _title_layout(title: str) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest of TITLE_SIZES at which the title fits in TITLE_LINES lines; the smallest otherwise."""
    for size in TITLE_SIZES:
        font = _font(FONT_BOLD, size)
        lines = wrap(title, font, WIDTH - 2 * MARGIN)
        if len(lines) <= TITLE_LINES and all(font.getlength(line) <= WIDTH - 2 * MARGIN for line in lines):
            return font, lines
    return font, lines


def _lifebuoy(draw: ImageDraw.ImageDraw, x: int, y: int, radius: int) -> None:
    """The site's logo (Material's lifebuoy icon) in a few shapes: a ring with four bands."""
    box = (x - radius, y - radius, x + radius, y + radius)
    draw.ellipse(box, fill=TEXT)
    for start in (20, 110, 200, 290):
        draw.pieslice(box, start, start + 50, fill=ACCENT)
    hole = radius * 11 // 20
    draw.ellipse((x - hole, y - hole, x + hole, y + hole), fill=BACKGROUND)


def draw_card(title: str, site_name: str) -> Image.Image:
    """The card: the site's logo and name at the top, the page's title below, large, left-aligned."""
    missing = missing_glyphs(title + site_name)
    if missing:
        raise PreviewError(f"the card's font (PT Sans) has no glyph for {''.join(missing)!r} in {title!r}. "
                           "Fix: write the title in Cyrillic or Latin letters, or choose a font that has them "
                           "(overrides/hooks/previews.py, FONT_BOLD)")
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    _lifebuoy(draw, MARGIN + 28, MARGIN + 28, 28)
    name_font = _font(FONT_REGULAR, 40)
    draw.text((MARGIN + 76, MARGIN + 28), site_name, font=name_font, fill=MUTED, anchor="lm")
    font, lines = _title_layout(title)
    line_height = round(font.size * 1.18)
    top = HEIGHT - MARGIN - line_height * len(lines)
    for number, line in enumerate(lines):
        draw.text((MARGIN, top + number * line_height), line, font=font, fill=TEXT)
    draw.rectangle((0, HEIGHT - 16, WIDTH, HEIGHT), fill=ACCENT)
    return image


def cached_card(title: str, site_name: str, cache: Path = CACHE) -> Path:
    """The card's PNG in `cache`, drawn only when it is not there yet. The cards of one
    renderer share a folder; the first card of a new renderer removes the others' folders,
    so the cache holds one set of cards. Written to a file of this process's own and
    renamed into place, so that two builds at once never read half a card."""
    folder = cache / renderer_digest()[:16]
    target = folder / f"{card_key(title, site_name)}.png"
    if target.is_file():
        return target
    if not folder.is_dir():
        for stale in cache.glob("*/") if cache.is_dir() else []:
            shutil.rmtree(stale, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{target.name}.{os.getpid()}.partial"
    try:
        # zlib's default level: optimize=True saves 5 % of 24 KB at ten times the time.
        draw_card(title, site_name).save(partial, format="PNG")
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def card_name(page_url: str, lang: str, title: str, site_name: str) -> str:
    """The card's path below the site's root: per language and page, with the card's hash
    in the name (a new title is a new address, which link previews cache by)."""
    slug = re.sub(r"[^a-z0-9]+", "-", page_url.lower()).strip("-") or "index"
    return f"{CARDS_DIR}/{lang}/{slug}.{card_key(title, site_name)[:12]}.png"


def card_alt(title: str, site_name: str) -> str:
    """What the card shows, for those who cannot see it (a no-break space keeps the dash off a line's start)."""
    return f"{title}\u00a0— {site_name}"


def publish_card(title: str, site_name: str, site_dir: Path, name: str) -> Path:
    """The cached card copied to site_dir/name."""
    target = site_dir / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached_card(title, site_name), target)
    return target


# ─── the tags ────────────────────────────────────────────────────────────────

# Collects the text of the first <p> that has any.
class _FirstParagraph(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []
        self.done = False

    def handle_starttag(self, tag, attrs):
        if tag == "p" and not self.done:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "p" and self.depth:
            self.depth -= 1
            self.done = self.done or (self.depth == 0 and bool("".join(self.parts).strip()))

    def handle_data(self, data):
        if self.depth and not self.done:
            self.parts.append(data)


def first_paragraph(content: str) -> str:
    """The text of a page's first paragraph that has any, white space folded ("" when none):
    the description of a page whose front matter gives none."""
    parser = _FirstParagraph()
    parser.feed(content)
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def share_tags(*, lang: str, title: str, description: str, url: str, site_name: str, image_url: str,
               image_alt: str, alternates: list[str]) -> list[tuple[str, str, str]]:
    """(attribute, name, content) of each <meta> of a page's link preview: Open Graph's by
    `property`, Twitter's by `name`. `alternates`: the other languages the page exists in."""
    if lang not in LOCALES or any(other not in LOCALES for other in alternates):
        raise PreviewError(f"no Open Graph locale for {lang!r} or {alternates!r}. "
                           "Fix: add it to LOCALES in overrides/hooks/previews.py")
    tags = [("property", "og:type", "website"), ("property", "og:site_name", site_name),
            ("property", "og:title", title), ("property", "og:description", description),
            ("property", "og:url", url), ("property", "og:locale", LOCALES[lang])]
    tags += [("property", "og:locale:alternate", LOCALES[other]) for other in alternates]
    tags += [("property", "og:image", image_url), ("property", "og:image:type", "image/png"),
             ("property", "og:image:width", str(WIDTH)), ("property", "og:image:height", str(HEIGHT)),
             ("property", "og:image:alt", image_alt),
             ("name", "twitter:card", "summary_large_image"), ("name", "twitter:title", title),
             ("name", "twitter:description", description), ("name", "twitter:image", image_url),
             ("name", "twitter:image:alt", image_alt)]
    return tags
