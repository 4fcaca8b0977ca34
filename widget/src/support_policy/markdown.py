"""Markdown for assistants: a copy of every page, and the llms.txt that lists them.

Assistants and support chatbots read Markdown more reliably than a themed page. A page's
copy is the page's own Markdown source with each policy marker replaced by the output of
the very renderer that fills it on the page (render.py's HTML, made Markdown here: tables
as Markdown tables), so a fact and a word have one source for the page and its copy. The
picker's marker gives the picker's tables (its fallback), not its form.

Independent of MkDocs, like site.py: overrides/hooks/share.py is the thin hook.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Callable, Mapping
from urllib.parse import urljoin, urlsplit

from .model import Lang
from .site import fill_markers

# The file a page's copy is, beside the page's own index.html (mkdocs-llmstxt's and
# Zensical's convention): /support-hours/ → /support-hours/index.md.
COPY_NAME = "index.md"
LLMS_NAME = "llms.txt"

# Words of llms.txt that are not the site's own (its name and description are).
TEXTS: dict[str, dict[Lang, str]] = {
    "copies": {
        "ru": "Ссылки ведут на копии страниц сайта в Markdown, на том же языке и с теми же таблицами; "
              "сама страница\u00a0— по тому же адресу без «index.md».",
        "en": "The links lead to Markdown copies of the site's pages, in the same language and with the same "
              "tables; each page itself is at the same address without “index.md”.",
    },
    "pages": {"ru": "Страницы", "en": "Pages"},
    "data": {"ru": "Данные", "en": "Data"},
    "policy_json": {
        "ru": "все факты политики одним файлом JSON, на обоих языках",
        "en": "every fact of the policy in one JSON file, in both languages",
    },
    "policy_schema": {"ru": "схема этого файла (JSON Schema 2020-12)", "en": "that file's schema (JSON Schema 2020-12)"},
    "languages": {"ru": "Другие языки", "en": "Other languages"},
}

# Elements that carry nothing a reader of the copy needs: the picker's controls, its
# messages (each also `hidden`), scripts. Their text is left out with them.
_DROPPED = {"script", "style", "form", "noscript", "button", "progress", "select", "input", "template"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr", "col"}
_BLOCK = {"div", "section", "article", "details", "summary", "p", "ul", "ol", "li", "table", "caption",
          "pre", "blockquote", "fieldset", "legend", "h1", "h2", "h3", "h4", "h5", "h6", "hr"}
# A line that Markdown would read as something else than text: a heading, a quote, a list item.
_LINE_START = re.compile(r"^(#|>|[-+*=]\s|\d+[.)]\s)")


# An element of a fragment: its tag, attributes, and children (elements and text) in order.
@dataclass
class _Element:
    tag: str
    attrs: dict[str, str]
    children: list[_Element | str] = field(default_factory=list)


class _Tree(HTMLParser):
    """The elements of an HTML fragment (the renderers' own, well formed) as a tree."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("root", {})
        self._open = [self.root]

    def handle_starttag(self, tag, attrs):
        element = _Element(tag, {name: value or "" for name, value in attrs})
        self._open[-1].children.append(element)
        if tag not in _VOID:
            self._open.append(element)

    def handle_startendtag(self, tag, attrs):
        self._open[-1].children.append(_Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        for depth in range(len(self._open) - 1, 0, -1):
            if self._open[depth].tag == tag:
                del self._open[depth:]
                return

    def handle_data(self, data):
        self._open[-1].children.append(data)


# ─── HTML → Markdown ─────────────────────────────────────────────────────────

# Whether an element and all it holds stay out of the copy.
def _skipped(element: _Element) -> bool:
    return element.tag in _DROPPED or "hidden" in element.attrs


def _escape(text: str) -> str:
    """Text as Markdown shows it as is: white space folded as HTML does (a no-break space
    stays), and the characters that would start emphasis, code, a link or HTML escaped."""
    text = re.sub(r"[ \t\r\n\f]+", " ", text)
    return re.sub(r"([\\`*_\[\]<])", r"\\\1", text)


def _guard(line: str) -> str:
    """A paragraph's first line that Markdown would read as a heading, quote or list item, escaped."""
    return "\\" + line if _LINE_START.match(line) else line


# The text of an element, as it is (a code block's, a code span's).
def _plain(element: _Element | str) -> str:
    if isinstance(element, str):
        return element
    return "".join(_plain(child) for child in element.children)


# A code span around `text`, with more backticks than any run inside it.
def _code_span(text: str) -> str:
    ticks = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{ticks}{padded}{ticks}"


def _inline(node: _Element | str) -> str:
    """Markdown of phrasing content: emphasis, code, links; other elements give their text."""
    if isinstance(node, str):
        return _escape(node)
    if _skipped(node):
        return ""
    if node.tag == "code":
        return _code_span(_plain(node))
    if node.tag == "br":
        return " "
    inner = "".join(_inline(child) for child in node.children)
    if not inner.strip():
        return inner
    if node.tag in {"strong", "b"}:
        return f"**{inner.strip()}**"
    if node.tag in {"em", "i"}:
        return f"*{inner.strip()}*"
    if node.tag in {"del", "s"}:
        return f"~~{inner.strip()}~~"
    if node.tag == "a" and node.attrs.get("href"):
        return f"[{inner.strip()}]({node.attrs['href']})"
    return inner


# Inline pieces joined into one line, without doubled or outer spaces (a no-break space stays).
def _line(parts: list[str]) -> str:
    return re.sub(r" {2,}", " ", "".join(parts)).strip(" ")


def _blocks(element: _Element) -> list[str]:
    """The Markdown blocks of an element's children: block elements each in turn, and each
    run of text and phrasing elements between them as one paragraph."""
    blocks: list[str] = []
    run: list[str] = []

    def flush() -> None:
        text = _line(run)
        if text:
            blocks.append(_guard(text))
        run.clear()

    for child in element.children:
        if isinstance(child, _Element) and child.tag in _BLOCK:
            flush()
            blocks.extend(_block(child))
        else:
            run.append(_inline(child))
    flush()
    return blocks


# The Markdown blocks of one block element.
def _block(element: _Element) -> list[str]:
    if _skipped(element):
        return []
    tag = element.tag
    if tag in {"p", "summary", "caption", "legend"}:
        text = _line([_inline(child) for child in element.children])
        if not text:
            return []
        # A caption or summary names what follows: bold, as a table's caption cannot be in Markdown.
        return [_guard(text) if tag == "p" else f"**{text}**"]
    if re.fullmatch(r"h[1-6]", tag):
        return [f"{'#' * int(tag[1])} {_line([_inline(child) for child in element.children])}"]
    if tag in {"ul", "ol"}:
        return [_list(element)]
    if tag == "table":
        return _table(element)
    if tag == "pre":
        return [_fence(element)]
    if tag == "blockquote":
        inner = "\n\n".join(_blocks(element))
        return ["\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))]
    if tag == "hr":
        return ["---"]
    return _blocks(element)


def _list(element: _Element) -> str:
    """A list, each item's further blocks (a nested list) indented under its first line."""
    ordered = element.tag == "ol"
    number = int(element.attrs.get("start") or 1)
    items = []
    for child in element.children:
        if not isinstance(child, _Element) or child.tag != "li" or _skipped(child):
            continue
        marker = f"{number}. " if ordered else "- "
        number += 1
        body = "\n\n".join(_blocks(child)) or ""
        lines = body.split("\n")
        indent = " " * len(marker)
        items.append(marker + lines[0] + "".join(f"\n{indent}{line}" if line else "\n" for line in lines[1:]))
    loose = any("\n" in item for item in items)
    return ("\n\n" if loose else "\n").join(items)


def _rows(element: _Element) -> list[tuple[bool, _Element]]:
    """(in the table's head, row) for each row of a table, not of a table inside it."""
    rows = []
    for child in element.children:
        if not isinstance(child, _Element):
            continue
        if child.tag == "tr":
            rows.append((False, child))
        elif child.tag in {"thead", "tbody", "tfoot"}:
            rows += [(child.tag == "thead", row) for row in child.children
                     if isinstance(row, _Element) and row.tag == "tr"]
    return rows


# A table cell's Markdown, on one line, its pipes escaped.
def _cell(element: _Element) -> str:
    return _line([_inline(child) for child in element.children]).replace("|", "\\|")


def _table(element: _Element) -> list[str]:
    """A Markdown table (its caption in bold above it): a cell spanning columns is written
    in each of them, which Markdown's tables cannot span."""
    caption = next((child for child in element.children if isinstance(child, _Element) and child.tag == "caption"), None)
    rows = []
    head_rows = 0
    for in_head, row in _rows(element):
        cells = []
        for cell in row.children:
            if isinstance(cell, _Element) and cell.tag in {"th", "td"}:
                cells += [_cell(cell)] * max(1, int(cell.attrs.get("colspan") or 1))
        rows.append(cells)
        head_rows += in_head
    if not rows:
        return []
    width = max(len(cells) for cells in rows)
    rows = [cells + [""] * (width - len(cells)) for cells in rows]
    # Markdown has one header row: the table's head (its last row), or else its first row.
    header = rows[max(head_rows, 1) - 1]
    body = rows[max(head_rows, 1):]
    lines = [f"| {' | '.join(header)} |", f"|{'|'.join([' --- '] * width)}|"]
    lines += [f"| {' | '.join(cells)} |" for cells in body]
    return ([f"**{_line([_inline(c) for c in caption.children])}**"] if caption else []) + ["\n".join(lines)]


# A <pre> as a fenced code block, in its <code>'s language, fenced longer than any fence inside.
def _fence(element: _Element) -> str:
    code = next((child for child in element.children if isinstance(child, _Element) and child.tag == "code"), element)
    language = next((name[len("language-"):] for name in code.attrs.get("class", "").split()
                     if name.startswith("language-")), "")
    text = _plain(code).strip("\n")
    fence = "`" * max(3, max((len(run) for run in re.findall(r"`{3,}", text)), default=0) + 1)
    return f"{fence}{language}\n{text}\n{fence}"


def html_to_markdown(fragment: str) -> str:
    """Markdown of an HTML fragment as the renderers write it: paragraphs, lists, tables,
    code blocks, quotes, emphasis and links. Controls, scripts and hidden elements are left out."""
    tree = _Tree()
    tree.feed(fragment)
    tree.close()
    return "\n\n".join(_blocks(tree.root))


def to_markdown(output: str) -> str:
    """A marker renderer's output as Markdown: each HTML block (a block that starts with a
    tag, as Markdown reads one) converted, its Markdown blocks kept."""
    blocks = [html_to_markdown(block) if block.lstrip().startswith("<") else block.strip("\n")
              for block in re.split(r"\n[ \t]*\n", output.strip("\n"))]
    return "\n\n".join(block for block in blocks if block.strip())


# ─── a page's copy ───────────────────────────────────────────────────────────

# attr_list's curly braces, which only Python-Markdown reads: after a heading or a link,
# or alone on a line. Each word is an #id, a .class or a key=value.
_ATTR_WORD = r"""(?:[#.][\w-]+|[\w-]+=(?:"[^"\n]*"|'[^'\n]*'|[^\s}]+))"""
_ATTR_LIST = rf"\{{:?\s*{_ATTR_WORD}(?:\s+{_ATTR_WORD})*\s*\}}"
_HEADING_ATTRS = re.compile(rf"^(#{{1,6}} .*?)\s*{_ATTR_LIST}[ \t]*$", re.M)
_LINE_ATTRS = re.compile(rf"^[ \t]*{_ATTR_LIST}[ \t]*\n?", re.M)
_LINK = re.compile(rf"(!?)\[((?:[^\[\]\\]|\\.)*)\]\(([^()\s]+)((?:\s+\"[^\"]*\")?)\)({_ATTR_LIST})?")
# A character reference, except &lt; and &gt;, which stay so that no text turns into a tag.
_ENTITY = re.compile(r"&(?!lt;|gt;)(#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_FENCE = re.compile(r"^(```+|~~~+)[^\n]*\n.*?^\1[ \t]*$", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.S)


def _outside(pattern: re.Pattern, text: str, change: Callable[[str], str]) -> str:
    """`text` with `change` applied to everything but what `pattern` matches."""
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces += [change(text[last:match.start()]), match.group(0)]
        last = match.end()
    return "".join(pieces + [change(text[last:])])


def _tidy(text: str, link: Callable[[str], str | None]) -> str:
    """The copy without attr lists, each link's target through `link` (None: the link's text
    alone), and characters for character references; code blocks as they are, and code
    spans too but for the links around them."""
    def relink(match: re.Match) -> str:
        bang, label, target, title = match.group(1), match.group(2), match.group(3), match.group(4)
        new = link(html.unescape(target))
        if new is None:
            return label
        return f"{bang}[{label}]({new}{title})"

    def prose(part: str) -> str:
        part = _HEADING_ATTRS.sub(r"\1", part)
        part = _LINE_ATTRS.sub("", part)
        part = _LINK.sub(relink, part)
        return _outside(_CODE_SPAN, part, lambda words: _ENTITY.sub(lambda m: html.unescape(m.group(0)), words))

    text = _outside(_FENCE, text, prose)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


def copy_url(site_url: str, page_url: str) -> str:
    """The absolute address of a page's copy, from the page's URL below the site
    ("" for the home page, "support-hours/", or "support-hours.html" without directory URLs)."""
    if page_url in {"", ".", "./"} or page_url.endswith("/"):
        path = ("" if page_url in {"", ".", "./"} else page_url) + COPY_NAME
    else:
        path = re.sub(r"\.html$", "", page_url) + ".md"
    return urljoin(site_url, path)


def copy_path(page_dest: str) -> str:
    """Where a page's copy is written below the site's folder, beside its HTML file."""
    return re.sub(r"\.html$", "", page_dest) + ".md"


def copy_link(href: str, *, site_url: str, page_url: str, copy_of: Callable[[str], str | None]) -> str | None:
    """Where a link of a page's copy leads: another page's copy (from the path of its Markdown
    source, which `copy_of` resolves, or None when no page has it; or from the page's own
    address, a folder of the site), any other address of the site made absolute, an outside
    address as it is; None for an anchor of the page, which the copy has not (its headings
    carry no ids)."""
    parts = urlsplit(href)
    if parts.scheme or href.startswith("//"):
        return href
    if not parts.path:
        return None
    if parts.path.endswith(".md"):
        target = copy_of(parts.path)
        if target is not None:
            return target
    address = urljoin(urljoin(site_url, page_url), href)
    # A folder of the site is a page (MkDocs' directory URLs): its copy is beside its index.html.
    if address.startswith(site_url) and urlsplit(address).path.endswith("/"):
        return urljoin(address, COPY_NAME)
    return address


def _html_blocks(text: str) -> str:
    """`text` with each HTML block (a block that starts with a tag) made Markdown, as written
    into a page by a hook that makes the page itself, not by a marker."""
    parts = re.split(r"(\n[ \t]*\n)", text)
    return "".join(html_to_markdown(part) if part.lstrip().startswith("<") else part for part in parts)


def page_copy(source: str, renderers: Mapping[str, Callable[[str | None], str]],
              link: Callable[[str], str | None], where: str = "page") -> str:
    """A page's Markdown copy from its Markdown source (without front matter): each marker
    replaced by its renderer's output as Markdown (to_markdown), any other HTML block made
    Markdown too (code blocks as they are), then tidied (_tidy)."""
    markdown_renderers = {name: (lambda argument, render=render: to_markdown(render(argument)))
                          for name, render in renderers.items()}
    return _tidy(_outside(_FENCE, fill_markers(source, markdown_renderers, where), _html_blocks), link)


# ─── llms.txt ────────────────────────────────────────────────────────────────

@dataclass(frozen=True)
class Entry:
    """A link of llms.txt: what it is, its absolute address, and a line about it."""

    title: str
    url: str
    about: str = ""


# Text on one line: line breaks and runs of spaces folded, a no-break space kept (the
# Russian typography's, before a dash or inside a date: `\s` would fold it too).
def _one_line(text: str) -> str:
    return re.sub(r"[ \t\r\n]+", " ", text).strip(" ")


# A link line of llms.txt: `- [title](url): about`.
def _entry(entry: Entry) -> str:
    title = re.sub(r"([\\\[\]])", r"\\\1", entry.title)
    about = _one_line(entry.about)
    return f"- [{title}]({entry.url})" + (f": {about}" if about else "")


def llms_txt(lang: Lang, site_name: str, summary: str, pages: list[Entry], data: list[Entry],
             languages: list[Entry]) -> str:
    """The llms.txt of one language (llmstxt.org's format): the site's name as the H1, what the
    policy covers as the one-line quote, a word on the links, then a section each of the pages'
    copies, the data files and the other languages' llms.txt."""
    parts = [f"# {site_name}", f"> {_one_line(summary)}", TEXTS["copies"][lang]]
    for key, entries in (("pages", pages), ("data", data), ("languages", languages)):
        if entries:
            parts.append(f"## {TEXTS[key][lang]}\n\n" + "\n".join(_entry(entry) for entry in entries))
    return "\n\n".join(parts) + "\n"


__all__ = ["COPY_NAME", "LLMS_NAME", "TEXTS", "Entry", "copy_link", "copy_path", "copy_url", "html_to_markdown",
           "llms_txt", "page_copy", "to_markdown"]
