#!/usr/bin/env python3
"""Check that every Russian page docs/X.md and its English twin docs/X.en.md still match.

Each file is read as MkDocs reads it: front matter by PyYAML (mkdocs' `get_data`), Markdown by
Python-Markdown with MkDocs' built-in extensions and those of mkdocs.yml; the HTML it renders is
then walked, so the check counts what a reader sees. ERRORs (exit status 1): a page in one language
only; no `title` or `description`; different heading levels; a different number of tables, code
blocks, admonitions, horizontal rules, lists (a nested list belongs to its parent), list items or
links; different `<!-- policy:... -->` markers; a number and its unit ("24 часа", "13 MB") apart
by an ordinary space, not a no-break one; on a Russian page, the same for a dash and the word before
it ("политики — это"), «приоритет…» and its number ("приоритета 1") and a day and its month
("2 декабря"). WARNING: the Russian file was committed after the English.
Python-Markdown keeps no line numbers, so a line shown is where the element's words are found.

Usage: python overrides/checks/check_translations.py [--docs DIR] [--repo DIR]
"""

from __future__ import annotations

import argparse
import difflib
import re
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cache
from html.parser import HTMLParser
from itertools import product
from pathlib import Path
from types import SimpleNamespace

import markdown
from mkdocs.utils.meta import get_data
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

REPO = Path(__file__).resolve().parents[2]
HEADINGS, LISTS = ("h1", "h2", "h3", "h4", "h5", "h6"), ("ul", "ol")
COUNTED = {"table": "tables", "pre": "code blocks", "admonition": "admonitions", "hr": "horizontal rules",
           "list": "lists", "li": "list items", "a": "links"}
MARKER_RE = re.compile(r"\s*policy:([A-Za-z0-9_-]+(?:\s+[a-z-]+)?)\s*")
HR_RE = re.compile(r"(?m)^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
GAP = r"(?:[\W_]|&#?\w+;)+"  # what may stand between two words in the source: spaces, markup, entities
# Units of time and size; CONTRIBUTING lists the counted nouns joined the same way ("7 дней в неделю").
UNITS = ("час|часа|часов|ч|минута|минуты|минут|мин|секунда|секунды|секунд|сек|сутки|суток|день|дня|дней|"
         "неделя|недели|недель|месяц|месяца|месяцев|байт|байта|байтов|Б|КБ|кБ|МБ|ГБ|ТБ|Кбайт|Мбайт|Гбайт|"
         "hour|hours|h|minute|minutes|min|second|seconds|sec|ms|day|days|week|weeks|month|months|"
         "bytes|B|KB|kB|MB|GB|TB")
NUMBER_UNIT_RE = re.compile(rf"(?<![\w.,])(?:\d+(?:[.,]\d+)?[ \t\n]+(?:{UNITS})(?![\w-])|\d+[ \t\n]+г\.)")
UNIT_RULE = "a number and its unit must be joined by a no-break space, so that a line never ends between them"
MONTHS_RU = "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
# Russian typography: what an ordinary space (or a line break) must not part, and why. A dash is
# an em dash, or an en dash with a space after it (a range, "1–4", has none).
TYPOGRAPHY_RU = [
    (re.compile(r"[^\s—–]+[ \t\n]+(?:—|–(?=\s))"),
     "a dash must follow the word before it after a no-break space, so that no line starts with a dash"),
    (re.compile(r"(?<!\w)[Пп]риоритет\w*[ \t\n]+\d"),
     "«приоритет» and its number must be joined by a no-break space, so that a line never ends between them"),
    (re.compile(rf"(?<![\w.,])\d{{1,2}}[ \t\n]+(?:{MONTHS_RU})(?!\w)"),
     "a day and its month must be joined by a no-break space, so that a line never ends between them"),
]


@dataclass(eq=False)  # blocks are told apart by identity, as the reader meets them
class Block:
    kind: str  # "h1".."h6", "marker" or a key of COUNTED
    text: str = ""  # the words inside
    target: str = ""  # a link's address, a marker's name
    items: int = 0  # a list's items, nested ones included
    line: int | str = "?"
    level = property(lambda self: int(self.kind[1]))


@dataclass
class Page:
    path: Path
    source: str
    front_matter: dict
    body_start: int  # where the Markdown starts in `source`, after the front matter
    blocks: list[Block]
    text: str  # what the reader reads, code left out
    prose: str  # the same with inline code in backticks, as the typography rules read it
    headings = property(lambda self: [block for block in self.blocks if block.kind in HEADINGS])
    tables = property(lambda self: len(self.of("table")))
    lists = property(lambda self: len(self.of("list")))
    list_items = property(lambda self: len(self.of("li")))
    links = property(lambda self: len(self.of("a")))
    markers = property(lambda self: [block.target for block in self.of("marker")])

    def of(self, kind: str) -> list[Block]:
        """The page's blocks of one kind, in reading order."""
        return [block for block in self.blocks if block.kind == kind]


class Reader(HTMLParser):
    """Notes a rendered page's blocks in reading order, each with its words, and the text outside code."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[Block] = []
        self.text: list[str] = []
        self.prose: list[str] = []
        self.open: list[tuple[str, Block | None]] = []  # the open tags, each with the block it started

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href, classes = dict(attrs).get("href"), (dict(attrs).get("class") or "").split()
        lists = [block for open_tag, block in self.open if open_tag in LISTS]
        counted = (tag in HEADINGS + ("table", "pre", "hr")
                   or tag == "a" and href is not None
                   or tag == "li" and lists
                   or tag in LISTS and not lists  # a nested list belongs to its parent
                   or tag == "div" and "admonition" in classes)
        block = Block({"ul": "list", "ol": "list", "div": "admonition"}.get(tag, tag), target=href or "")
        if counted:
            self.blocks.append(block)
        if tag == "li" and lists:
            lists[0].items += 1  # the outermost list holds its nested lists' items too
        self.open.append((tag, block if counted else None))

    def handle_endtag(self, tag: str) -> None:
        if any(open_tag == tag for open_tag, _ in self.open):
            while self.open.pop()[0] != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not any(open_tag in ("pre", "code") for open_tag, _ in self.open):
            self.text.append(data)
            self.prose.append(data)
        elif not any(open_tag == "pre" for open_tag, _ in self.open):
            self.prose.append(f"`{data}`")  # a word for the dash after it: "`null` — ..."
        for _, block in self.open:
            if block:
                block.text += data

    def handle_comment(self, data: str) -> None:
        if marker := MARKER_RE.fullmatch(data):
            self.blocks.append(Block("marker", text="policy:" + marker[1], target=marker[1]))


@cache
def markdown_parser(config: Path = REPO / "mkdocs.yml") -> markdown.Markdown:
    """Python-Markdown as MkDocs sets it up: toc, tables and fenced_code, then mkdocs.yml's extensions."""
    extensions: dict[str, dict] = {"toc": {}, "tables": {}, "fenced_code": {}}
    site = SimpleNamespace(config_file_path=str(config))  # what an option tagged `!relative` resolves against
    with config.open(encoding="utf-8") as stream:
        settings = yaml_load(stream, get_yaml_loader(config=site))
    site.docs_dir = str(config.parent / settings.get("docs_dir", "docs"))
    for entry in settings.get("markdown_extensions") or []:
        for name, options in (entry if isinstance(entry, dict) else {entry: None}).items():
            extensions[name] = options or {}
    extensions["toc"] = {**extensions["toc"], "permalink": False}  # the ¶ after a heading is no word of it
    return markdown.Markdown(extensions=list(extensions), extension_configs=extensions)


def read_page(path: Path) -> Page:
    """One file as the site renders it, each block given the line where it starts."""
    source = path.read_text(encoding="utf-8")
    body, front_matter = get_data(source)
    reader = Reader()
    reader.feed(markdown_parser().reset().convert(body))
    for block in reader.blocks:
        block.text = " ".join(block.text.split())
    page = Page(path, source, front_matter, len(source) - len(body), reader.blocks, "".join(reader.text),
                "".join(reader.prose))
    locate(page)
    return page


def locate(page: Page) -> None:
    """Find each block's words in the source, on from the block before it and past the last of its kind."""
    start, last = page.body_start, {}
    for block in page.blocks:
        kind = "h" if block.kind in HEADINGS else block.kind  # two headings with one text are two lines
        after = max(start, last.get(kind, -1) + 1)
        found = find(page.source, block.text or block.target, after, block.kind != "a")
        if block.kind == "hr" and (rule := HR_RE.search(page.source, after)):
            found = rule.start()
        if found is not None:
            block.line, start, last[kind] = page.source.count("\n", 0, found) + 1, found, found


def find(source: str, text: str, start: int, block: bool = False) -> int | None:
    """Where a rendered text's first words stand in the Markdown source, whatever markup lies between them.
    A block's words are looked for first where a line starts (after its `#`, `-`, `|`...); case matters first."""
    words = re.findall(r"[^\W_]+", text)
    for flags, before in product((0, re.I), ([r"(?m)^[^\w\n]*"] if block else []) + [r"(?<![^\W_])"]):
        for first in (words[:4], words[:1]) if words else ():
            pattern = before + GAP.join(map(re.escape, first)) + r"(?![^\W_])"
            if match := re.compile(pattern, flags).search(source, start):
                return match.start()
    return None


def unjoined_units(text: str) -> list[str]:
    """Each "number unit" in a text that an ordinary space (or a line break) separates."""
    return [" ".join(match[0].split()) for match in NUMBER_UNIT_RE.finditer(text)]


def unjoined_russian(text: str) -> list[tuple[str, str]]:
    """Each dash, "приоритет N" and "day month" in a Russian text that an ordinary space (or a line
    break) parts from the word before it: (what was found, the rule), in reading order."""
    found = [(match.start(), " ".join(match[0].split()), rule) for pattern, rule in TYPOGRAPHY_RU
             for match in pattern.finditer(text)]
    return [(words, rule) for _, words, rule in sorted(found)]


# ─── checking a page and comparing a pair ────────────────────────────────────


@dataclass
class PageReport:
    name: str
    findings: list[tuple[str, str]] = field(default_factory=list)  # (ERROR or WARNING, message)
    errors = property(lambda self: sum(severity == "ERROR" for severity, _ in self.findings))
    warnings = property(lambda self: len(self.findings) - self.errors)

    def error(self, message: str) -> None:
        self.findings.append(("ERROR", message))


def check_page(page: Page, report: PageReport) -> None:
    """A `title` and a `description` in the front matter; no number parted from its unit by an ordinary
    space, nor, on a Russian page, a dash, a priority's number or a day's month."""
    missing = [key for key in ("title", "description") if not page.front_matter.get(key)]
    if not page.front_matter:
        report.error(f"{page.path.name} has no front matter PyYAML can read: start the file with\n"
                     "---\ntitle: ...\ndescription: ...\n---")
    elif missing:
        report.error(f"{page.path.name}: front matter has no {' and '.join(f'`{key}`' for key in missing)}: "
                     "add " + ", ".join(f"`{key}: ...`" for key in missing) + " between the --- lines")
    front_matter = [(value, 0, False) for value in page.front_matter.values() if isinstance(value, str)]
    for text, start, in_body in front_matter + [(page.text, page.body_start, True)]:
        report_unjoined(page, report, [(found, UNIT_RULE) for found in unjoined_units(text)], start, in_body)
    if not page.path.name.endswith(".en.md"):
        for text, start, in_body in front_matter + [(page.prose, page.body_start, True)]:
            report_unjoined(page, report, unjoined_russian(text), start, in_body)


def report_unjoined(page: Page, report: PageReport, found: list[tuple[str, str]], start: int, in_body: bool) -> None:
    """An ERROR for each (words, rule) found in a text that starts at `start` in the source: its line and its fix."""
    for words, rule in found:
        # As written (dashes and backticks are no words for `find`), else by its words.
        literal = re.compile(r"[ \t\n]+".join(map(re.escape, words.split()))).search(page.source, start)
        at = literal.start() if literal else find(page.source, words, start)
        line, start = ("?", start) if at is None else (page.source.count("\n", 0, at) + 1, at + 1)
        how = (f'write "{words.replace(" ", "&nbsp;")}" (or type the no-break space character U+00A0)' if in_body else
               "type the no-break space character U+00A0 between them (the front matter does not read &nbsp;)")
        report.error(f'{page.path.name}, line {line}: "{words}": {rule}. Fix: {how}')


def compare(ru: Page, en: Page, report: PageReport) -> None:
    """The same heading levels, number of each counted block and markers, or an ERROR showing where."""
    if [h.level for h in ru.headings] != [h.level for h in en.headings]:
        report.error("the headings differ: each heading needs a twin of the same level, in the same order "
                     "(✗ marks the rows that differ):\n" + outline(ru, en))
    for kind, what in COUNTED.items():
        if len(ru.of(kind)) != len(en.of(kind)):
            details = only_in(ru, en) + only_in(en, ru) if kind == "a" else [where(kind, page) for page in (ru, en)]
            report.error(f"a different number of {what}: {len(ru.of(kind))} in {ru.path.name}, "
                         f"{len(en.of(kind))} in {en.path.name}" + "".join(f"\n  {text}" for text in details))
    if ru.markers != en.markers:
        problem = (f"a different number of policy markers: {len(ru.markers)} in {ru.path.name}, "
                   f"{len(en.markers)} in {en.path.name}" if len(ru.markers) != len(en.markers)
                   else "the policy markers differ")
        for page in (ru, en):
            problem += f"\n  {page.path.name}: " + (", ".join(f"policy:{m}" for m in page.markers) or "none")
        report.error(problem)


def where(kind: str, page: Page) -> str:
    """The lines of a page's blocks of one kind; for lists, with the items of each."""
    if kind in ("list", "li"):
        lists = "; ".join(f"line {b.line}: {plural(b.items, 'item')}" for b in page.of("list"))
        return f"{page.path.name}: {lists or 'no lists'}"
    lines = ", ".join(str(b.line) for b in page.of(kind))
    return f"{page.path.name}: " + (f"{COUNTED[kind]} at line {lines}" if lines else f"no {COUNTED[kind]}")


def only_in(page: Page, other: Page) -> list[str]:
    """The links of a page whose address the other page lacks, with their lines."""
    remaining, extra = [link.target for link in other.of("a")], []
    for link in page.of("a"):
        if link.target in remaining:
            remaining.remove(link.target)
        else:
            extra.append(f"{link.target or '(empty)'} (line {link.line})")
    return [f"only in {page.path.name}: " + ", ".join(extra)] if extra else []


def outline(ru: Page, en: Page, width: int = 40) -> str:
    """The two heading outlines side by side, aligned; rows that differ are marked with ✗."""
    def cell(h: Block | None) -> str:
        if h is None:
            return "   —"
        text = f"{'#' * h.level} {h.text or '(empty)'}"
        return f"{h.line:>4}  " + (text if len(text) <= width - 6 else text[:width - 7] + "…")

    left, right, rows = ru.headings, en.headings, [f"  {'line  ' + ru.path.name:<{width}}  line  {en.path.name}"]
    matcher = difflib.SequenceMatcher(a=[h.level for h in left], b=[h.level for h in right], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(max(i2 - i1, j2 - j1)):
            a, b = (left[i1 + k] if i1 + k < i2 else None), (right[j1 + k] if j1 + k < j2 else None)
            rows.append(f"{' ' if tag == 'equal' else '✗'} {cell(a):<{width}}  {cell(b)}")
    return "\n".join(rows)


def last_commit(path: Path, repo: Path) -> tuple[int, str] | None:
    """(time, short hash) of the file's last commit; None outside git or for a file not committed yet."""
    try:
        done = subprocess.run(["git", "log", "-1", "--format=%ct %h", "--", str(path.resolve())],
                              cwd=repo, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    fields = done.stdout.split()
    return (int(fields[0]), fields[1]) if done.returncode == 0 and len(fields) == 2 else None


def check_stale(ru: Path, en: Path, repo: Path, report: PageReport) -> None:
    """A WARNING when the Russian file was committed after the English one: it may hold a newer change."""
    ru_commit, en_commit = last_commit(ru, repo), last_commit(en, repo)
    if ru_commit is None or en_commit is None or ru_commit[0] <= en_commit[0]:
        return
    width = max(len(ru.name), len(en.name)) + 1
    when = [f"{datetime.fromtimestamp(time, tz=timezone.utc):%Y-%m-%d %H:%M UTC}, commit {short}"
            for time, short in (ru_commit, en_commit)]
    shown = ru.resolve().relative_to(repo.resolve()).as_posix() if ru.resolve().is_relative_to(repo.resolve()) else ru
    report.findings.append(("WARNING", f"possibly stale: {ru.name} was committed after {en.name}\n"
                            f"  {ru.name + ':':<{width}} {when[0]}\n  {en.name + ':':<{width}} {when[1]}\n"
                            f"Check that the English page has the same change: git show {ru_commit[1]} -- {shown}\n"
                            f"The warning goes away once {en.name} is committed again."))


def check_docs(docs: Path, repo: Path) -> list[PageReport]:
    """One report per page: X.md (or X.ru.md) against X.en.md."""
    pairs: dict[str, dict[str, Path]] = {}
    for path in sorted(path for path in docs.rglob("*.md") if path.is_file()):
        rel = path.relative_to(docs).as_posix()
        pairs.setdefault(re.sub(r"(\.en|\.ru)?\.md$", "", rel), {})["en" if rel.endswith(".en.md") else "ru"] = path
    reports = []
    for name, files in sorted(pairs.items()):
        reports.append(report := PageReport(name))
        pages = {lang: read_page(files[lang]) for lang in ("ru", "en") if lang in files}
        if "ru" not in pages:
            report.error(f"{files['en'].name} has no Russian twin: add {name}.md (the Russian page is the source)")
        if "en" not in pages:
            report.error(f"{files['ru'].name} has no English twin: add {name}.en.md with the translation")
        for page in pages.values():
            check_page(page, report)
        if len(pages) == 2:
            compare(pages["ru"], pages["en"], report)
            check_stale(files["ru"], files["en"], repo, report)
    return reports


# ─── the report ──────────────────────────────────────────────────────────────


def format_report(reports: list[PageReport], docs: Path) -> str:
    """Each page with its findings, then one line that says PASSED or FAILED."""
    cwd = Path.cwd().resolve()
    shown = docs.resolve().relative_to(cwd).as_posix() if docs.resolve().is_relative_to(cwd) else docs
    out = [f"Translation check of {shown}/: each X.md (Russian) against X.en.md (English)", ""]
    width = max(len(report.name) for report in reports) + 2
    for report in reports:
        counts = [plural(n, word) for n, word in ((report.errors, "error"), (report.warnings, "warning")) if n]
        out.append(f"{report.name:<{width}}{', '.join(counts) or 'ok'}")
        for severity, message in report.findings:
            first, *rest = message.split("\n")
            out += [f"  {severity + ':':<9}{first}", *(f"           {text}" for text in rest)]
    errors, warnings = sum(r.errors for r in reports), sum(r.warnings for r in reports)
    summary = (f"{plural(len(reports), 'page')} checked: {sum(not r.findings for r in reports)} ok, "
               f"{plural(errors, 'error')}, {plural(warnings, 'warning')}")
    verdict = f"FAILED: {summary}. Fix the errors above, then run `make check-translations` again."
    return "\n".join(out + ["", verdict if errors else f"PASSED: {summary}."])


def plural(n: int, word: str) -> str:
    """`1 error`, `2 errors`."""
    return f"{n} {word}" + ("" if n == 1 else "s")


def main(argv: list[str] | None = None) -> int:
    """Exit status: 0 passed (warnings allowed), 1 an ERROR found, 2 no pages to check."""
    parser = argparse.ArgumentParser(description="Compare each Russian page docs/X.md with its twin docs/X.en.md.")
    parser.add_argument("--docs", type=Path, metavar="DIR", help="the pages folder (default: REPO/docs)")
    parser.add_argument("--repo", type=Path, metavar="DIR", help="the git work tree asked for commit dates "
                        "(default: the folder above --docs, or this script's project)")
    args = parser.parse_args(argv)
    repo = args.repo or (args.docs.parent if args.docs else REPO)
    docs = args.docs or repo / "docs"
    reports = check_docs(docs, repo) if docs.is_dir() else []
    if not reports:
        problem = "holds no .md pages" if docs.is_dir() else "is not a folder"
        print(f"error: {docs} {problem}. Fix: pass the pages folder with --docs DIR", file=sys.stderr)
        return 2
    print(format_report(reports, docs))
    return 1 if any(report.errors for report in reports) else 0


if __name__ == "__main__":
    sys.stdout.reconfigure(errors="backslashreplace")
    sys.exit(main(sys.argv[1:]))
