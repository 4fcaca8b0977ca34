#!/usr/bin/env python3
"""Check that every Russian page and its English twin still match in structure.

Each page is two files under docs/: `X.md` (Russian, the source) and `X.en.md`
(English). For every pair this prints what differs, grouped by page, then a
one-line summary. Exit status: 1 if any ERROR was found, 0 otherwise (warnings
alone do not fail).

ERRORs
  * a page exists in one language only;
  * `title` or `description` is missing from a file's front matter;
  * the headings differ: the sequence of heading levels (ATX `#` headings,
    not those inside fenced code) must be the same;
  * a different number of tables, lists, list items, links, or
    `<!-- policy:... -->` markers (for markers, also a different order of names);
  * in either file, a number and its unit separated by an ordinary space
    ("24 часа", "13 MB"): they must be joined by a no-break space, `&nbsp;` in
    the page text or the character U+00A0 (the only way in the front matter).
    Fenced code, code spans and the policy markers are not page text.

  What is counted (front matter and fenced code blocks are skipped):
    tables      a header row followed by a `|---|` delimiter row;
    lists       top-level list blocks (a nested list belongs to its parent);
    list items  every `-`, `*`, `+` or `1.` item, nested ones included;
    links       inline `[text](url)` and reference `[text][ref]` links, and
                autolinks `<https://...>`; images `![alt](src)` are not links.

WARNING (does not fail)
  * possibly stale: git's last commit of the Russian file is newer than the
    English file's, so the English page may lack a recent change. Skipped when
    the folder is not a git repository or a file is not committed yet.

Usage: python overrides/checks/check_translations.py [--docs DIR] [--repo DIR]
Standard library only, so it runs with any Python 3.10+.
"""

from __future__ import annotations

import argparse
import difflib
import re
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

RU, EN = "ru", "en"
EN_SUFFIX = ".en.md"
RU_SUFFIXES = (".ru.md", ".md")  # `X.ru.md` is also Russian for the i18n plugin

FRONT_MATTER_KEYS = ("title", "description")

# ─── reading one Markdown file ───────────────────────────────────────────────

FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
HEADING_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
THEMATIC_BREAK_RE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
LIST_ITEM_RE = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
TABLE_DELIMITER_RE = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
BLOCKQUOTE_RE = re.compile(r"^ {0,3}>[ ]?")
CODE_SPAN_RE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
# [text](url "title") and [text][ref] / [text][], not preceded by "!" (an image).
# The text may hold one level of brackets, e.g. an image inside a link.
_LINK_TEXT = r"\[(?:[^\[\]\\]|\\.|\[[^\[\]]*\])*\]"
INLINE_LINK_RE = re.compile(r"(?<![!\\])" + _LINK_TEXT + r"\(\s*<?((?:[^()\s<>]|\([^()\s]*\))*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
REFERENCE_LINK_RE = re.compile(r"(?<![!\\\]])(" + _LINK_TEXT + r")\[([^\[\]]*)\]")
AUTOLINK_RE = re.compile(r"<((?:[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+))>")
MARKER_RE = re.compile(r"<!--\s*policy:([A-Za-z0-9_-]+(?:\s+[a-z-]+)?)\s*-->")
HTML_COMMENT_RE = re.compile(r"<!--.*?-->")

# A number, then ordinary spaces (not a no-break space), then a unit of time or size:
# "24 часа", "5 минут", "13 МБ", "2026 г.", "24 hours", "1.5 MB". Counted nouns beyond these
# ("7 дней в неделю") are joined the same way; the writer's guide (CONTRIBUTING) lists them.
UNITS_RU = ("час|часа|часов|ч|минута|минуты|минут|мин|секунда|секунды|секунд|сек|сутки|суток|"
            "день|дня|дней|неделя|недели|недель|месяц|месяца|месяцев|"
            "байт|байта|байтов|Б|КБ|кБ|МБ|ГБ|ТБ|Кбайт|Мбайт|Гбайт")
UNITS_EN = ("hour|hours|h|minute|minutes|min|second|seconds|sec|ms|day|days|week|weeks|month|months|"
            "bytes|B|KB|kB|MB|GB|TB")
NUMBER_UNIT_RE = re.compile(
    r"(?<![\w.,])(\d+(?:[.,]\d+)?)[ \t]+(" + UNITS_RU + "|" + UNITS_EN + r")(?![\w\-])"
    r"|(?<![\w.,])(\d+)[ \t]+(г\.)"
)


@dataclass
class Heading:
    level: int
    text: str
    line: int


@dataclass
class PageFile:
    """What the check compares in one file."""

    path: Path
    front_matter: dict[str, str] = field(default_factory=dict)
    has_front_matter: bool = False
    headings: list[Heading] = field(default_factory=list)
    table_lines: list[int] = field(default_factory=list)  # line of each table's header row
    list_blocks: list[list[int]] = field(default_factory=list)  # [first line, number of items] per list
    link_targets: list[tuple[str, int]] = field(default_factory=list)  # (address or [ref], line)
    markers: list[str] = field(default_factory=list)

    @property
    def tables(self) -> int:
        return len(self.table_lines)

    @property
    def lists(self) -> int:
        return len(self.list_blocks)

    @property
    def list_items(self) -> int:
        return sum(items for _, items in self.list_blocks)

    @property
    def links(self) -> int:
        return len(self.link_targets)


def split_front_matter(text: str) -> tuple[list[str] | None, list[str], int]:
    """(front matter lines or None, body lines, line number of the body's first line)."""
    lines = text.splitlines()
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                return lines[1:i], lines[i + 1:], i + 2
    return None, lines, 1


def parse_front_matter(lines: list[str]) -> dict[str, str]:
    """Top-level `key: value` pairs. A folded/literal value (`key: >`) is read from its indented lines."""
    result: dict[str, str] = {}
    key = None
    for line in lines:
        match = re.match(r"^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(.*))?$", line)
        if match:
            key, value = match.group(1), (match.group(2) or "").strip()
            if value in (">", "|", ">-", "|-", ">+", "|+"):
                value = ""
            result[key] = value.strip("\"'").strip()
        elif key and line[:1] in (" ", "\t") and line.strip():
            result[key] = (result[key] + " " + line.strip()).strip()
    return result


def read_page(path: Path) -> PageFile:
    text = path.read_text(encoding="utf-8")
    front, body, first_line = split_front_matter(text)
    page = PageFile(path=path, has_front_matter=front is not None,
                    front_matter=parse_front_matter(front) if front is not None else {})

    fence: tuple[str, int] | None = None  # (fence character, length) while inside a code block
    in_list = False
    after_blank = False
    previous = ""  # the previous line (blockquote marks removed), for table detection
    for offset, raw in enumerate(body):
        number = first_line + offset
        if fence is not None:
            match = FENCE_RE.match(raw)
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= fence[1] and not match.group(2).strip():
                fence = None
            continue
        match = FENCE_RE.match(raw)
        if match and not (match.group(1)[0] == "`" and "`" in match.group(2)):
            fence = (match.group(1)[0], len(match.group(1)))
            in_list = in_list and raw[:1] in (" ", "\t")
            previous = ""
            continue

        line = raw
        while BLOCKQUOTE_RE.match(line):
            line = BLOCKQUOTE_RE.sub("", line, count=1)

        if not line.strip():
            after_blank = True
            previous = ""
            continue

        heading = HEADING_RE.match(line)
        is_item = bool(LIST_ITEM_RE.match(line)) and not THEMATIC_BREAK_RE.match(line)
        if heading:
            page.headings.append(Heading(len(heading.group(1)), clean_heading(heading.group(2) or ""), number))
            in_list = False
        elif is_item:
            if not in_list:
                page.list_blocks.append([number, 0])
                in_list = True
            page.list_blocks[-1][1] += 1
        elif in_list and after_blank and line[:1] not in (" ", "\t"):
            in_list = False  # an unindented paragraph after a blank line ends the list

        if TABLE_DELIMITER_RE.match(line) and "|" in line and "|" in previous and "-" in line:
            page.table_lines.append(number - 1)

        scan = CODE_SPAN_RE.sub("", line)
        page.markers += MARKER_RE.findall(scan)
        scan = MARKER_RE.sub("", scan)
        for match in INLINE_LINK_RE.finditer(scan):
            page.link_targets.append((match.group(1) or "(empty)", number))
        for match in REFERENCE_LINK_RE.finditer(scan):
            page.link_targets.append((f"[{match.group(2) or match.group(1)[1:-1]}]", number))
        for match in AUTOLINK_RE.finditer(scan):
            page.link_targets.append((match.group(1), number))
        after_blank = False
        previous = line
    return page


def clean_heading(text: str) -> str:
    text = re.sub(r"[ \t]+#+$", "", text)  # closing hashes
    text = re.sub(r"[ \t]*\{[^{}]*\}$", "", text)  # attr_list, e.g. {#anchor}
    return text.strip() or "(empty)"


# ─── comparing a pair ────────────────────────────────────────────────────────


@dataclass
class Finding:
    severity: str  # "ERROR" or "WARNING"
    message: str


@dataclass
class PageReport:
    name: str
    ru: Path | None
    en: Path | None
    findings: list[Finding] = field(default_factory=list)

    def add(self, severity: str, message: str) -> None:
        self.findings.append(Finding(severity, message))

    @property
    def errors(self) -> int:
        return sum(f.severity == "ERROR" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "WARNING" for f in self.findings)


def find_pairs(docs: Path) -> dict[str, dict[str, Path]]:
    """{page name: {"ru": path, "en": path}}; a page may lack either language."""
    pairs: dict[str, dict[str, Path]] = {}
    for path in sorted(docs.rglob("*.md")):
        if not path.is_file():
            continue
        rel = path.relative_to(docs).as_posix()
        if rel.endswith(EN_SUFFIX):
            name, lang = rel[: -len(EN_SUFFIX)], EN
        else:
            suffix = next(s for s in RU_SUFFIXES if rel.endswith(s))
            name, lang = rel[: -len(suffix)], RU
        pairs.setdefault(name, {})[lang] = path
    return dict(sorted(pairs.items()))


def unjoined_units(text: str) -> list[str]:
    """Each "number unit" in a line of page text that an ordinary space separates, as written."""
    text = HTML_COMMENT_RE.sub("", CODE_SPAN_RE.sub("", text))
    return [match.group(0) for match in NUMBER_UNIT_RE.finditer(text)]


def check_units(path: Path, report: PageReport) -> None:
    """A number and its unit must not be split across lines: each pair separated by an ordinary
    space is an ERROR naming the file, the line and the fix."""
    front, body, first_line = split_front_matter(path.read_text(encoding="utf-8"))
    lines = [(number, line, True) for number, line in enumerate(front or [], start=2)]
    fence: tuple[str, int] | None = None
    for offset, line in enumerate(body):
        match = FENCE_RE.match(line)
        if fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= fence[1] and not match.group(2).strip():
                fence = None
            continue
        if match and not (match.group(1)[0] == "`" and "`" in match.group(2)):
            fence = (match.group(1)[0], len(match.group(1)))
            continue
        lines.append((first_line + offset, line, False))
    for number, line, in_front_matter in lines:
        for found in unjoined_units(line):
            joined = re.sub(r"[ \t]+", "\u00a0" if in_front_matter else "&nbsp;", found)
            how = ("type the no-break space character U+00A0 between them (the front matter does not read &nbsp;)"
                   if in_front_matter else f'write "{joined}" (or type the no-break space character U+00A0)')
            report.add("ERROR", f'{path.name}, line {number}: "{found}": a number and its unit must be joined by a '
                                f"no-break space, so that a line never ends between them. Fix: {how}")


def check_front_matter(page: PageFile, lang: str, report: PageReport) -> None:
    missing = [key for key in FRONT_MATTER_KEYS if not page.front_matter.get(key)]
    if not missing:
        return
    where = page.path.name
    if not page.has_front_matter:
        report.add("ERROR", f"{where} has no front matter: start the file with\n"
                            f"---\ntitle: ...\ndescription: ...\n---")
    else:
        keys = " and ".join(f"`{key}`" for key in missing)
        report.add("ERROR", f"{where}: front matter has no {keys}: add "
                            + ", ".join(f"`{key}: ...`" for key in missing) + " between the --- lines")


def outline_table(ru: PageFile, en: PageFile, width: int = 40) -> str:
    """The two heading outlines side by side, aligned; rows that differ are marked with ✗."""
    def cell(h: Heading | None) -> str:
        if h is None:
            return "   —"
        text = f"{'#' * h.level} {h.text}"
        if len(text) > width - 6:
            text = text[: width - 7] + "…"
        return f"{h.line:>4}  {text}"

    matcher = difflib.SequenceMatcher(a=[h.level for h in ru.headings], b=[h.level for h in en.headings], autojunk=False)
    rows: list[tuple[bool, Heading | None, Heading | None]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [(True, ru.headings[i], en.headings[j]) for i, j in zip(range(i1, i2), range(j1, j2))]
            continue
        left, right = ru.headings[i1:i2], en.headings[j1:j2]
        for k in range(max(len(left), len(right))):
            rows.append((False, left[k] if k < len(left) else None, right[k] if k < len(right) else None))
    lines = [f"  {'line  ' + ru.path.name:<{width}}  {'line  ' + en.path.name}"]
    for same, left, right in rows:
        lines.append(f"{' ' if same else '✗'} {cell(left):<{width}}  {cell(right)}")
    return "\n".join(lines)


def compare(ru: PageFile, en: PageFile, report: PageReport) -> None:
    ru_levels = [h.level for h in ru.headings]
    en_levels = [h.level for h in en.headings]
    if ru_levels != en_levels:
        report.add("ERROR", "the headings differ: each heading needs a twin of the same level, "
                            "in the same order (✗ marks the rows that differ):\n" + outline_table(ru, en))

    counts = [
        ("tables", ru.tables, en.tables, where_tables),
        ("lists", ru.lists, en.lists, where_lists),
        ("list items", ru.list_items, en.list_items, where_lists),
        ("links", ru.links, en.links, where_links),
    ]
    for what, a, b, where in counts:
        if a != b:
            details = where(ru, en)
            report.add("ERROR", f"a different number of {what}: {a} in {ru.path.name}, {b} in {en.path.name}"
                       + "".join(f"\n  {line}" for line in details))

    if ru.markers != en.markers:
        def names(markers: list[str]) -> str:
            return ", ".join(f"policy:{m}" for m in markers) or "none"
        if len(ru.markers) != len(en.markers):
            problem = f"a different number of policy markers: {len(ru.markers)} in {ru.path.name}, {len(en.markers)} in {en.path.name}"
        else:
            problem = "the policy markers differ"
        report.add("ERROR", f"{problem}\n  {ru.path.name}: {names(ru.markers)}\n  {en.path.name}: {names(en.markers)}")


def where_tables(ru: PageFile, en: PageFile) -> list[str]:
    def lines(page: PageFile) -> str:
        return "tables at line " + ", ".join(map(str, page.table_lines)) if page.table_lines else "no tables"
    return [f"{ru.path.name}: {lines(ru)}", f"{en.path.name}: {lines(en)}"]


def where_lists(ru: PageFile, en: PageFile) -> list[str]:
    def lists(page: PageFile) -> str:
        return "; ".join(f"line {line}: {plural(items, 'item')}" for line, items in page.list_blocks) or "no lists"
    return [f"{ru.path.name}: {lists(ru)}", f"{en.path.name}: {lists(en)}"]


def where_links(ru: PageFile, en: PageFile) -> list[str]:
    """The links one file has and the other lacks (same address), with their line numbers."""
    out = []
    for page, other in ((ru, en), (en, ru)):
        remaining = [target for target, _ in other.link_targets]
        extra = []
        for target, line in page.link_targets:
            if target in remaining:
                remaining.remove(target)
            else:
                extra.append(f"{target} (line {line})")
        if extra:
            out.append(f"only in {page.path.name}: " + ", ".join(extra))
    return out


def last_commit(path: Path, repo: Path) -> tuple[int, str] | None:
    """(commit time, short hash) of the file's last commit, or None outside git / when untracked."""
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%ct %h", "--", str(path.resolve())],
            cwd=repo, capture_output=True, text=True, timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    fields = result.stdout.split()
    if result.returncode != 0 or len(fields) != 2 or not fields[0].isdigit():
        return None
    return int(fields[0]), fields[1]


def check_stale(ru: Path, en: Path, repo: Path, report: PageReport) -> None:
    ru_commit, en_commit = last_commit(ru, repo), last_commit(en, repo)
    if ru_commit is None or en_commit is None or ru_commit[0] <= en_commit[0]:
        return

    def when(commit: tuple[int, str]) -> str:
        stamp = datetime.fromtimestamp(commit[0], tz=timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        return f"{stamp}, commit {commit[1]}"

    width = max(len(ru.name), len(en.name)) + 1
    report.add("WARNING", f"possibly stale: {ru.name} was committed after {en.name}\n"
                          f"  {ru.name + ':':<{width}} {when(ru_commit)}\n"
                          f"  {en.name + ':':<{width}} {when(en_commit)}\n"
                          f"Check that the English page has the same change: git show {ru_commit[1]} -- {git_path(ru, repo)}\n"
                          f"The warning goes away once {en.name} is committed again.")


def git_path(path: Path, repo: Path) -> str:
    try:
        return path.resolve().relative_to(repo.resolve()).as_posix()
    except ValueError:
        return str(path)


def check_docs(docs: Path, repo: Path) -> list[PageReport]:
    reports = []
    for name, files in find_pairs(docs).items():
        ru, en = files.get(RU), files.get(EN)
        report = PageReport(name, ru, en)
        reports.append(report)
        if ru is None:
            report.add("ERROR", f"{en.name} has no Russian twin: add {name}.md (the Russian page is the source)")
        if en is None:
            report.add("ERROR", f"{ru.name} has no English twin: add {name}.en.md with the translation")
        pages = {}
        for lang, path in ((RU, ru), (EN, en)):
            if path is not None:
                pages[lang] = read_page(path)
                check_front_matter(pages[lang], lang, report)
        if ru is not None and en is not None:
            compare(pages[RU], pages[EN], report)
        for path in (ru, en):
            if path is not None:
                check_units(path, report)
        if ru is not None and en is not None:
            check_stale(ru, en, repo, report)
    return reports


# ─── the report ──────────────────────────────────────────────────────────────


def format_report(reports: list[PageReport], docs: Path) -> str:
    out = [f"Translation check of {display(docs)}: each X.md (Russian) against X.en.md (English)", ""]
    width = max((len(r.name) for r in reports), default=0) + 2
    for report in reports:
        if not report.findings:
            out.append(f"{report.name:<{width}}ok")
            continue
        parts = []
        if report.errors:
            parts.append(plural(report.errors, "error"))
        if report.warnings:
            parts.append(plural(report.warnings, "warning"))
        out.append(f"{report.name:<{width}}{', '.join(parts)}")
        for finding in report.findings:
            first, *rest = finding.message.split("\n")
            out.append(f"  {finding.severity + ':':<9}{first}")
            out += [f"           {line}" for line in rest]
    out.append("")
    out.append(summary(reports))
    return "\n".join(out)


def summary(reports: list[PageReport]) -> str:
    errors = sum(r.errors for r in reports)
    warnings = sum(r.warnings for r in reports)
    ok = sum(not r.findings for r in reports)
    text = f"{plural(len(reports), 'page')} checked: {ok} ok, {plural(errors, 'error')}, {plural(warnings, 'warning')}"
    if errors:
        return f"FAILED: {text}. Fix the errors above, then run `make check-translations` again."
    return f"PASSED: {text}."


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix() + "/"
    except ValueError:
        return str(path) + "/"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Compare each Russian page docs/X.md with its English twin docs/X.en.md.")
    parser.add_argument("--docs", type=Path, default=None, metavar="DIR",
                        help="the pages folder (default: REPO/docs)")
    parser.add_argument("--repo", type=Path, default=None, metavar="DIR",
                        help="the git work tree asked for commit dates (default: the folder above --docs, "
                             "or this script's project)")
    args = parser.parse_args(argv)
    repo = args.repo or (args.docs.parent if args.docs else REPO)
    docs = args.docs or repo / "docs"
    if not docs.is_dir():
        print(f"error: {docs} is not a folder. Fix: pass the pages folder with --docs DIR", file=sys.stderr)
        return 2
    reports = check_docs(docs, repo)
    if not reports:
        print(f"error: no .md pages in {docs}. Fix: pass the pages folder with --docs DIR", file=sys.stderr)
        return 2
    print(format_report(reports, docs))
    return 1 if any(r.errors for r in reports) else 0


if __name__ == "__main__":
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")
    sys.exit(main(sys.argv[1:]))
