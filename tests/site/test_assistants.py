"""For assistants: /llms.txt and /en/llms.txt, and a Markdown copy of every page beside it
(index.md), checked against the built pages: the same tables, the same text, the same facts
of the policy, in the page's language (overrides/hooks/share.py, support_policy.markdown).
The copies, llms.txt and the cards are served with their types and never kept offline."""

from __future__ import annotations

import re
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from htmltext import article_text
from support import PAGES, ROOT, serve
from support_policy import load_policy
from support_policy.labels import hours_text

LANGS = {"ru": "", "en": "en/"}  # language → path prefix below site_url
MKDOCS = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
SITE_URL = re.search(r'^site_url: !ENV \[SITE_URL, "([^"]+)"\]', MKDOCS, re.M).group(1)
SITE_NAMES = {"ru": re.search(r"^site_name: (.+)$", MKDOCS, re.M).group(1),
              "en": re.search(r"^ +site_name: (.+)$", MKDOCS, re.M).group(1)}
# As YAML reads them (the Russian one is quoted, for its "\u00a0" before the dash).
SUMMARIES = {lang: yaml.safe_load(re.search(pattern, MKDOCS, re.M).group(1))
             for lang, pattern in (("ru", r"^site_description: (.+)$"), ("en", r"^ +site_description: (.+)$"))}
POLICY = load_policy()
# Elements whose text a copy leaves out: the picker's controls and messages, scripts, the
# "last update" line, the heading links' ¶.
SKIPPED_TAGS = {"script", "style", "form", "noscript", "button", "select", "template", "aside"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "summary", "pre"}


# Text with white space, no-break spaces included, folded to single spaces.
def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


class _Article(HTMLParser):
    """A page's article as a reader of its copy should find it: the text of each block
    (paragraph, heading, list item, summary, code block), and each table as (caption, rows)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.tables: list[tuple[str, list[list[str]]]] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, leaves its text out)
        self._buffers: list[list[str]] = []
        self._table: tuple[list[str], list[list[str]]] | None = None
        self._colspan = 1
        self._in_article = False

    def _skipping(self) -> bool:
        return any(skip for _, skip in self._stack)

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "article":
            self._in_article = True
        if not self._in_article or tag in VOID:
            return
        skip = tag in SKIPPED_TAGS or "hidden" in attrs or "headerlink" in attrs.get("class", "")
        self._stack.append((tag, skip))
        if self._skipping():
            return
        if tag in BLOCKS or tag in {"caption", "th", "td"}:
            self._buffers.append([])
        if tag == "table":
            self._table = ([""], [])
        elif tag == "tr" and self._table:
            self._table[1].append([])
        if tag in {"th", "td"}:
            self._colspan = int(attrs.get("colspan") or 1)

    def handle_endtag(self, tag):
        if not self._in_article or tag in VOID:
            return
        if tag == "article":
            self._in_article = False
            return
        while self._stack:
            open_tag, _ = self._stack[-1]
            skipping = self._skipping()
            self._stack.pop()
            if not skipping:
                self._close(open_tag)
            if open_tag == tag:
                return

    def _close(self, tag: str) -> None:
        if tag in BLOCKS or tag in {"caption", "th", "td"}:
            text = fold("".join(self._buffers.pop()))
            if tag in BLOCKS and text:
                self.blocks.append(text)
            elif tag == "caption" and self._table:
                self._table[0][0] = text
            elif tag in {"th", "td"} and self._table:
                self._table[1][-1].extend([text] * self._colspan)
        elif tag == "table" and self._table:
            self.tables.append((self._table[0][0], self._table[1]))
            self._table = None

    def handle_data(self, data):
        if self._in_article and self._buffers and not self._skipping():
            self._buffers[-1].append(data)


# A built page's article, read (_Article).
def article(page: Path) -> _Article:
    parser = _Article()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def plain(markdown: str) -> str:
    """The text a reader of Markdown sees: without link targets, emphasis, code marks,
    heading, quote and list markers, and escapes."""
    text = re.sub(r"^(```+|~~~+).*$", "", markdown, flags=re.M)
    text = re.sub(r"!?\[((?:[^\[\]\\]|\\.)*)\]\([^()\s]*\)", r"\1", text)
    text = re.sub(r"^[ \t]*(#{1,6} |>[ \t]?|- |\d+\. )", "", text, flags=re.M)
    text = re.sub(r"(?<!\\)(\*\*|~~|`+)", "", text)
    return fold(re.sub(r"\\(.)", r"\1", text))


def markdown_tables(markdown: str) -> list[tuple[str, list[list[str]]]]:
    """Each Markdown table as (its caption: the bold line above it, or "", its rows' cells)."""
    tables = []
    blocks = re.split(r"\n[ \t]*\n", markdown)
    for number, block in enumerate(blocks):
        lines = block.strip().split("\n")
        if len(lines) < 2 or not all(line.startswith("|") for line in lines) \
                or not re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", lines[1]):
            continue
        previous = blocks[number - 1].strip() if number else ""
        caption = plain(previous) if re.fullmatch(r"\*\*.+\*\*", previous) else ""
        rows = [[plain(cell) for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
                for position, line in enumerate(lines) if position != 1]
        tables.append((caption, rows))
    return tables


def prose_lines(markdown: str) -> list[str]:
    """The plain text of each line of a copy that is not in a table or a code block."""
    without_code = re.sub(r"^(```+|~~~+)[^\n]*\n.*?^\1[ \t]*$", "", markdown, flags=re.M | re.S)
    return [plain(line) for line in without_code.split("\n") if line.strip() and not line.startswith("|")]


# The Markdown copy of a page of the built site.
def copy_of(site: Path, lang: str, page: str) -> str:
    return (site / LANGS[lang] / page / "index.md").read_text(encoding="utf-8")


# A page's title and description, from its source's front matter.
def front_matter(lang: str, page: str) -> dict[str, str]:
    name = page.rstrip("/") or "index"
    text = (ROOT / "docs" / (f"{name}.md" if lang == "ru" else f"{name}.{lang}.md")).read_text(encoding="utf-8")
    return dict(re.findall(r"^(title|description): (.+)$", text.split("\n---\n", 1)[0], re.M))


# ─── the copies ──────────────────────────────────────────────────────────────

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_a_markdown_copy_beside_it_without_html(built_site: Path, lang: str, page: str):
    copy = copy_of(built_site, lang, page)
    assert copy.startswith(f"# {front_matter(lang, page)['title']}\n\n")
    prose = re.sub(r"^```.*?^```$", "", copy, flags=re.M | re.S)
    assert not re.findall(r"(?<!\\)<[A-Za-z/!]", prose), "HTML in the copy"
    assert not re.findall(r"\{\s*[#.:][^}]*\}|&[a-z]+;", prose), "attr lists or character references in the copy"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_a_copy_has_the_page_s_tables_as_markdown_tables(built_site: Path, lang: str, page: str):
    tables = article(built_site / LANGS[lang] / page / "index.html").tables
    assert markdown_tables(copy_of(built_site, lang, page)) == tables
    if page in {"", "picker/", "support-process/", "response-time/", "changelog/", "export/"}:
        assert tables, "a page with tables shows none"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_a_copy_says_what_the_page_says_and_nothing_else(built_site: Path, lang: str, page: str):
    copy = copy_of(built_site, lang, page)
    page_text = article(built_site / LANGS[lang] / page / "index.html")
    copy_text = plain(copy)
    missing = [block for block in page_text.blocks if block not in copy_text]
    assert not missing, f"on the page, not in its copy: {missing}"
    shown = " ".join(page_text.blocks + [cell for _, rows in page_text.tables for row in rows for cell in row])
    captions = {caption for caption, _ in page_text.tables}
    extra = [line for line in prose_lines(copy) if line not in shown and line not in captions]
    assert not extra, f"in the copy, not on the page: {extra}"


# Which pages show which facts of the policy, in both languages.
FACTS_ON = {"": {"phones", "plans", "hours"}, "picker/": {"phones", "plans", "hours"},
            "support-process/": {"phones", "plans"}, "response-time/": {"plans", "hours"}}


# The policy's facts of these kinds in `lang`, folded: phone numbers, plan names, target hours.
def facts(lang: str, kinds: set[str]) -> list[str]:
    found = []
    if "phones" in kinds:
        found += [phone.number for phone in POLICY.phone_numbers]
    if "plans" in kinds:
        found += [plan.name(lang) for plan in POLICY.plans]
    if "hours" in kinds:
        found += sorted({hours_text(hours, lang) for hours in POLICY.response_target_hours.values() if hours})
    return [fold(fact) for fact in found]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", FACTS_ON)
def test_every_phone_number_target_and_plan_is_on_the_page_and_in_its_copy(built_site: Path, lang: str, page: str):
    expected = facts(lang, FACTS_ON[page])
    assert len(expected) >= len(POLICY.plans)
    page_text = fold(article_text(built_site / LANGS[lang] / page / "index.html"))
    copy_text = plain(copy_of(built_site, lang, page))
    assert [fact for fact in expected if fact not in page_text] == []
    assert [fact for fact in expected if fact not in copy_text] == []


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_a_copy_links_to_copies_and_absolute_addresses_that_exist(built_site: Path, lang: str, page: str):
    links = re.findall(r"\]\(([^()\s]+)\)", copy_of(built_site, lang, page))
    for target in links:
        assert re.match(r"(https?|tel|mailto):", target), f"not absolute: {target}"
        if target.startswith(SITE_URL):
            path = built_site / target[len(SITE_URL):]
            assert path.is_file(), f"{target}: no such file"
            assert not target.endswith("/"), f"{target}: a page, not its copy"


# ─── llms.txt ────────────────────────────────────────────────────────────────

# (title, URL, about) of each link line of an llms.txt.
def llms_links(text: str) -> list[tuple[str, str, str]]:
    return re.findall(r"^- \[(.+?)\]\((\S+?)\)(?:: (.+))?$", text, re.M)


@pytest.mark.parametrize("lang", LANGS)
def test_llms_txt_names_the_site_what_the_policy_covers_and_each_page_s_copy(built_site: Path, lang: str):
    text = (built_site / LANGS[lang] / "llms.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines[:4] == [f"# {SITE_NAMES[lang]}", "", f"> {SUMMARIES[lang]}", ""]
    assert [line for line in lines if line.startswith("# ")] == [lines[0]]
    assert [line for line in lines if line.startswith(">")] == [lines[2]]
    links = llms_links(text)
    pages = [(title, url, about) for title, url, about in links if url.endswith("index.md")]
    assert pages == [(front_matter(lang, page)["title"], f"{SITE_URL}{LANGS[lang]}{page}index.md",
                      front_matter(lang, page)["description"]) for page in PAGES]
    urls = [url for _, url, _ in links]
    assert f"{SITE_URL}policy.json" in urls and f"{SITE_URL}policy.schema.json" in urls
    other = "en" if lang == "ru" else "ru"
    assert f"{SITE_URL}{LANGS[other]}llms.txt" in urls
    for url in urls:
        assert (built_site / url[len(SITE_URL):]).is_file(), url


def test_llms_txt_and_the_copies_follow_site_url(site_below_a_path: tuple[Path, str]):
    site, site_url = site_below_a_path
    urls = [url for _, url, _ in llms_links((site / "en" / "llms.txt").read_text(encoding="utf-8"))]
    assert f"{site_url}en/support-hours/index.md" in urls and f"{site_url}policy.json" in urls
    assert all(url.startswith(site_url) for url in urls)
    export = copy_of(site, "en", "export/")
    assert f"]({site_url}policy.json)" in export and f"]({site_url}en/changelog/index.md)" in export


# ─── served, and not kept offline ────────────────────────────────────────────

def test_copies_llms_txt_and_cards_are_served_with_their_types(built_site: Path):
    card = next((built_site / "assets" / "cards" / "ru").glob("support-hours.*.png"))
    expected = {"/llms.txt": "text/plain; charset=utf-8", "/en/llms.txt": "text/plain; charset=utf-8",
                "/support-hours/index.md": "text/markdown; charset=utf-8",
                "/en/picker/index.md": "text/markdown; charset=utf-8",
                "/" + card.relative_to(built_site).as_posix(): "image/png"}
    with serve(built_site) as base:
        for path, content_type in expected.items():
            with urllib.request.urlopen(base + path) as response:
                assert response.headers["Content-Type"] == content_type, path
                assert response.read() == (built_site / path.lstrip("/")).read_bytes(), path


def test_the_service_worker_keeps_no_card_copy_or_llms_txt(built_site: Path):
    kept = set(re.findall(r'"url":"([^"]+)"', (built_site / "sw.js").read_text(encoding="utf-8")))
    assert {"index.html", "en/support-hours/index.html"} <= kept
    cards = {re.search(r'<meta property="og:image" content="([^"]+)"', page.read_text(encoding="utf-8")).group(1)
             for page in built_site.rglob("index.html")}
    for_others = {url[len(SITE_URL):] for url in cards} | {
        path.relative_to(built_site).as_posix() for pattern in ("**/index.md", "**/llms.txt") for path in built_site.glob(pattern)}
    assert {"llms.txt", "en/llms.txt", "index.md", "en/support-hours/index.md"} <= for_others
    assert len(cards) >= 2 * len(PAGES)
    assert kept & for_others == set()
