"""No broken internal link or anchor in either language: a crawl of the built site, resolving like a browser.

The crawl starts at both language homes and follows every internal `<a href>` and every
`<link rel=alternate hreflang|canonical|prev|next>`; it resolves each URL against the page's
own address (directory URLs serve their index.html), and checks that a `#fragment` names an
element `id` (or an `<a name>`) in the target page. Stylesheets, icons, scripts and images must
exist too. External http(s) links, `tel:` and `mailto:` are not followed.

Each built page is addressed by its URL below site_url (mkdocs.yml's, or SITE_URL when set),
so the absolute hreflang and canonical links map onto the local files, and a root-absolute
link (`/assets/…`) only resolves when the site is mounted where it points.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from support import PAGES, ROOT

LANGS = {"ru": "", "en": "en/"}  # language → path prefix below site_url
START = ["", "en/"]  # the two homes, below site_url
SITE_URL = os.environ.get("SITE_URL") or re.search(
    r'^site_url: !ENV \[SITE_URL, "([^"]+)"\]', (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M
).group(1)
SITE_URL = SITE_URL if SITE_URL.endswith("/") else SITE_URL + "/"
# Served for any missing path, at any depth: its links are checked as if it were served from there.
NOT_FOUND_AT = "no/such/page/"
IGNORED_SCHEMES = {"tel", "mailto", "data"}
# <link rel> values naming another document of the site, followed like a link.
FOLLOWED_RELS = {"alternate", "canonical", "prev", "next"}
# <link rel> values naming a resource that must exist (not crawled).
RESOURCE_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon"}


@dataclass
class Parsed:
    ids: set[str] = field(default_factory=set)
    # (tag description, raw URL, follow as a page?)
    links: list[tuple[str, str, bool]] = field(default_factory=list)


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = Parsed()
        self._template = 0  # ids inside <template> are not in the document

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        if tag == "template":
            self._template += 1
        if not self._template:
            if attrs.get("id"):
                self.out.ids.add(attrs["id"])
            if tag == "a" and attrs.get("name"):
                self.out.ids.add(attrs["name"])
        if tag == "a" and "href" in attrs:
            self.out.links.append(("<a href>", attrs["href"], True))
        elif tag == "link" and "href" in attrs:
            rels = set(attrs.get("rel", "").lower().split())
            if rels & FOLLOWED_RELS:
                if "alternate" in rels and "hreflang" not in attrs and not rels & {"canonical", "prev", "next"}:
                    # an alternate without hreflang (a feed, say) is still a resource that must exist
                    self.out.links.append((f'<link rel="{attrs["rel"]}">', attrs["href"], False))
                else:
                    self.out.links.append((f'<link rel="{attrs["rel"]}">', attrs["href"], True))
            elif rels & RESOURCE_RELS:
                self.out.links.append((f'<link rel="{attrs["rel"]}">', attrs["href"], False))
        elif tag in {"script", "img", "source", "iframe", "audio", "video"} and attrs.get("src"):
            self.out.links.append((f"<{tag} src>", attrs["src"], False))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "template" and self._template:
            self._template -= 1


def parse(path: Path) -> Parsed:
    parser = _LinkParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.out


def local_file(site: Path, url: str) -> tuple[Path | None, str]:
    """The built file a same-site URL serves, or None and why not."""
    rel = unquote(urlsplit(url).path)[len(urlsplit(SITE_URL).path):]
    target = (site / rel).resolve()
    if site.resolve() not in target.parents and target != site.resolve():
        return None, "leaves the site"
    if rel.endswith("/") or rel == "":
        target = target / "index.html"
    elif target.is_dir():  # a host redirects /dir to /dir/
        target = target / "index.html"
    if not target.is_file():
        return None, f"no such file: {target.relative_to(site.resolve()).as_posix()}"
    return target, ""


@dataclass
class Crawl:
    pages: dict[Path, Parsed]
    broken: list[str]


def crawl(site: Path) -> Crawl:
    site = site.resolve()
    pages: dict[Path, Parsed] = {}
    broken: list[str] = []
    fragments: list[tuple[str, str, str, Path, str]] = []  # (page, tag, link, target file, fragment)

    def visit(page_url: str, path: Path, queue: list, record: bool = True) -> None:
        parsed = parse(path)
        if record:
            pages[path] = parsed
        shown = path.relative_to(site).as_posix()
        for tag, raw, follow in parsed.links:
            link = raw.strip()
            scheme = urlsplit(link).scheme.lower()
            if scheme in IGNORED_SCHEMES:
                continue
            if scheme and scheme not in {"http", "https"}:
                broken.append(f"{shown}: {tag} {raw!r}: unexpected URL scheme {scheme!r}")
                continue
            absolute = urljoin(page_url, link)
            parts = urlsplit(absolute)
            site_parts = urlsplit(SITE_URL)
            if (parts.scheme, parts.netloc) != (site_parts.scheme, site_parts.netloc):
                continue  # external
            if not parts.path.startswith(site_parts.path):
                broken.append(f"{shown}: {tag} {raw!r}: points outside the site ({absolute})")
                continue
            target, why = local_file(site, absolute)
            if target is None:
                broken.append(f"{shown}: {tag} {raw!r}: {why}")
                continue
            if parts.fragment:
                fragments.append((shown, tag, raw, target, unquote(parts.fragment)))
            if follow and target.suffix == ".html" and target not in pages and target not in {t for t, _ in queue}:
                queue.append((target, absolute.split("#")[0].split("?")[0]))

    queue: list[tuple[Path, str]] = []
    for start in START:
        queue.append((site / start / "index.html", SITE_URL + start))
    while queue:
        path, url = queue.pop(0)
        if path in pages:
            continue
        visit(url, path, queue)
    # The 404 page is reached by no link; check its own links as a host serves it, deep below the site.
    not_found = site / "404.html"
    if not_found.is_file():
        extra: list = []
        visit(SITE_URL + NOT_FOUND_AT, not_found, extra, record=False)
        for path, url in extra:  # a page only the 404 page links to is still crawled
            if path not in pages:
                visit(url, path, [])

    for shown, tag, raw, target, fragment in fragments:
        if target.suffix != ".html":
            continue
        ids = pages[target].ids if target in pages else parse(target).ids
        if fragment and fragment not in ids and fragment.lower() != "top":
            broken.append(f"{shown}: {tag} {raw!r}: no element with id {fragment!r} in "
                          f"{target.relative_to(site).as_posix()}")
    return Crawl(pages, broken)


@pytest.fixture(scope="module")
def site_crawl(built_site: Path) -> Crawl:
    return crawl(built_site)


def test_no_broken_internal_link_or_anchor(site_crawl: Crawl):
    broken = sorted(set(site_crawl.broken))
    assert not broken, f"{len(broken)} broken internal link(s) (page: link: why):\n" + "\n".join(broken)


def test_crawl_reaches_every_page_of_both_languages(site_crawl: Crawl, built_site: Path):
    site = built_site.resolve()
    reached = {p.relative_to(site).as_posix() for p in site_crawl.pages}
    assert len(reached) >= 16, f"the crawl reached only {len(reached)} pages: {sorted(reached)}"
    expected = {f"{prefix}{page}index.html" for prefix in LANGS.values() for page in PAGES}
    assert expected <= reached, f"pages the crawl never reached: {sorted(expected - reached)}"
    # No orphan: every built page but the 404 page is linked from somewhere.
    built = {p.relative_to(site).as_posix() for p in site.rglob("*.html")} - {"404.html"}
    assert built <= reached, f"built pages no link leads to: {sorted(built - reached)}"


def test_crawler_catches_broken_links_and_anchors(tmp_path: Path):
    # The checker itself: a missing page, a missing anchor, an outside link and a missing stylesheet.
    (tmp_path / "en").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="assets/missing.css"><a id="top-x" href="a/#here">ok</a>'
        '<a href="a/#gone">anchor</a><a href="b/">page</a><a href="en/">en</a>'
        '<a href="https://elsewhere.example/">external</a><a href="tel:+1">tel</a>'
        f'<link rel="alternate" hreflang="en" href="{SITE_URL}en/">', encoding="utf-8")
    (tmp_path / "a" / "index.html").write_text(
        '<h2 id="here">x</h2><a href="../#top-x">back</a><template><p id="gone"></p></template>'
        '<a href="../../../outside/">out</a>', encoding="utf-8")
    (tmp_path / "en" / "index.html").write_text('<a href="../a/">a</a>', encoding="utf-8")
    result = crawl(tmp_path)
    text = "\n".join(result.broken)
    assert "no such file: assets/missing.css" in text
    assert "no element with id 'gone' in a/index.html" in text
    assert "no such file: b/index.html" in text
    assert "../../../outside/" in text  # no such file, or outside a site mounted below a path
    assert len(result.broken) == 4, text
    assert {p.relative_to(tmp_path.resolve()).as_posix() for p in result.pages} == {
        "index.html", "a/index.html", "en/index.html"}


def test_russian_sections_have_readable_anchors(built_site: Path):
    """Python-Markdown's own slugify drops Cyrillic (#_1, #_2, renumbered when a heading is
    added); every Russian heading's anchor says what the section is."""
    for page in PAGES:
        html = (built_site / page / "index.html").read_text(encoding="utf-8")
        ids = re.findall(r'<h[2-6][^>]* id="([^"]+)"', html)
        assert not [i for i in ids if re.fullmatch(r"_\d*", i)], (page, ids)
    targets = (built_site / "response-time" / "index.html").read_text(encoding="utf-8")
    assert 'id="цели-по-планам-и-приоритетам"' in targets
