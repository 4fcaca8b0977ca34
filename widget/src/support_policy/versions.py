"""Every version of the policy, and what changed between two of them, fact by fact.

Each entry of `changelog.toml` is a version: the data file as it stood after that
change, named by the entry's fingerprint. Git history holds those files; this module
finds them (one `git log` and one `git cat-file` per build, with the fingerprint of each
file kept in a cache, since a git blob never changes), reads an older format with
today's loader (`OLD_FORMATS`), and compares two versions fact by fact (`fact_changes`):
the changelog guard, the version pages and a pull request's summary all read that list.

Plain functions, no MkDocs: overrides/hooks/policy_versions.py calls them.

    python -m support_policy.versions changes [BASE]

prints the policy changes between BASE (a git revision; default: the merge base with
main) and the working tree's data file, in both languages, as Markdown.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .changelog import Changelog, ChangelogError, Entry, fingerprint, read_toml
from .labels import hours_text, label
from .load import NOT_STATED, PolicyError, _Checker
from .model import LANGS, Policy, Text
from .render import entry_anchors

VERSIONS_FOLDER = "versions"  # /versions/ and /versions/YYYY-MM-DD/, below each language's root
JSON_FOLDER = "policy"  # /policy/YYYY-MM-DD.json at the site's root
FINGERPRINT_COMMAND = "POLICY_FILE=<the file> .venv/bin/python -m support_policy.changelog"


class VersionError(ChangelogError):
    """A changelog entry names a version that git history does not hold."""


# ─── older formats of the data file ──────────────────────────────────────────

# Sections today's loader requires that an older data file may lack, and why. Each older
# version is read with these optional, so it stays readable as the format grows.
OLD_FORMATS = {
    # Before commit b0a292c (2026-11-25) the data file had no priority guide: such a version
    # is shown without it (the guide is a help written for this site, not policy text).
    "priority_guide": "the data file had no priority guide before 2026-11-25",
}


def parse_version(data: dict, where: str) -> Policy:
    """A version's data as a Policy, today's format or an older one (OLD_FORMATS)."""
    return _Checker(where).policy(data, optional=frozenset(OLD_FORMATS))


# ─── git history ─────────────────────────────────────────────────────────────

@dataclass(frozen=True)
class Revision:
    """One commit's data file: the commit, its day, the file's blob and fingerprint."""

    commit: str
    day: str
    blob: str
    fingerprint: str | None  # None when that file was not valid TOML


class History:
    """The data file's versions in git: `revisions` newest first, `shallow` when the
    clone lacks history, `absent` (a reason) when there is no git at all."""

    def __init__(self, data_file: str | os.PathLike[str], cache_file: str | os.PathLike[str] | None = None) -> None:
        self.folder = os.path.dirname(os.path.abspath(data_file))
        self.name = os.path.basename(data_file)
        self.cache_file = Path(cache_file) if cache_file else None
        self.absent: str | None = None
        self.shallow = False
        self.revisions: list[Revision] = []
        self._read()

    def _git(self, *args: str, stdin: bytes | None = None) -> bytes | None:
        try:
            result = subprocess.run(["git", *args], cwd=self.folder, input=stdin, capture_output=True, timeout=60)
        except (OSError, subprocess.SubprocessError) as err:
            self.absent = f"git did not run ({err})"
            return None
        return result.stdout if result.returncode == 0 else None

    def _read(self) -> None:
        inside = self._git("rev-parse", "--is-inside-work-tree", "--is-shallow-repository")
        if inside is None:
            self.absent = self.absent or "the project is not a git clone"
            return
        self.shallow = inside.split()[-1] == b"true"
        log = self._git("log", "--format=%x00%H %cs", "--raw", "--no-abbrev", "--no-renames", "--", self.name)
        found: list[tuple[str, str, str]] = []
        for block in (log or b"").decode("utf-8", "replace").split("\0")[1:]:
            lines = block.strip().splitlines()
            commit, day = lines[0].split()
            blob = next((line.split()[3] for line in lines[1:] if line.startswith(":")), None)
            if blob and set(blob) != {"0"}:  # a deletion has an all-zero blob
                found.append((commit, day, blob))
        cache = self._load_cache()
        unknown = sorted({blob for _, _, blob in found if blob not in cache})
        for blob, text in self.blob_texts(unknown).items():
            try:
                cache[blob] = fingerprint(tomllib.loads(text))
            except tomllib.TOMLDecodeError:
                cache[blob] = None
        if unknown:
            self._save_cache(cache)
        self.revisions = [Revision(commit, day, blob, cache.get(blob)) for commit, day, blob in found]

    def blob_texts(self, blobs: list[str]) -> dict[str, str]:
        """{blob: text}, read by one `git cat-file --batch`."""
        if not blobs:
            return {}
        out = self._git("cat-file", "--batch", stdin="".join(b + "\n" for b in blobs).encode())
        texts, position = {}, 0
        for blob in blobs:
            header_end = out.index(b"\n", position)
            size = int(out[position:header_end].split()[2])
            texts[blob] = out[header_end + 1:header_end + 1 + size].decode("utf-8", "replace")
            position = header_end + 1 + size + 1
        return texts

    def data(self, wanted: str) -> dict | None:
        """The data file whose fingerprint is `wanted`, from the newest commit that had it."""
        blob = next((r.blob for r in self.revisions if r.fingerprint == wanted), None)
        return tomllib.loads(self.blob_texts([blob])[blob]) if blob else None

    def at(self, revision: str) -> dict | None:
        """The data file at a git revision (a branch, a commit), or None."""
        text = self._git("show", f"{revision}:./{self.name}")
        return tomllib.loads(text.decode("utf-8")) if text is not None else None

    def _load_cache(self) -> dict:
        try:
            return json.loads(self.cache_file.read_text(encoding="utf-8")) if self.cache_file else {}
        except (OSError, ValueError):
            return {}  # a missing or damaged cache is rebuilt

    def _save_cache(self, cache: dict) -> None:
        try:
            self.cache_file.parent.mkdir(parents=True, exist_ok=True)
            partial = self.cache_file.with_name(f".{self.cache_file.name}.{os.getpid()}")
            partial.write_text(json.dumps(cache, sort_keys=True), encoding="utf-8")
            partial.replace(self.cache_file)
        except (OSError, AttributeError):
            pass  # no cache file: the next build reads the blobs again


# ─── the versions ────────────────────────────────────────────────────────────

@dataclass(frozen=True)
class Version:
    entry: Entry
    slug: str  # "2026-11-25" (a second entry of the same day: "2026-11-25-2")
    data: dict
    policy: Policy
    until: dt.date | None  # the next version's date; None for the newest
    changelog: Changelog  # the changelog as it stood: this entry and the older ones

    @property
    def date(self) -> dt.date:
        return self.entry.date


@dataclass(frozen=True)
class Versions:
    versions: tuple[Version, ...]  # newest first; every entry, or none when history is missing
    notice: str | None  # said once when the history is missing


def find_versions(changelog: Changelog, changelog_file: str, current: dict | None = None,
                  cache_file: str | os.PathLike[str] | None = None, history: History | None = None) -> Versions:
    """Every entry's version. `current` is the data file in use, which may not be committed yet.
    Without git history, no versions and a notice; an entry that names no version in a full
    history stops with the entry's date and the fix."""
    data_file = os.path.join(os.path.dirname(os.path.abspath(changelog_file)), "policy.toml")
    history = history or History(data_file, cache_file)
    current_print = fingerprint(current) if current is not None else None
    missing_history = history.absent or ("this clone is shallow" if history.shallow else None)
    first = changelog.entries[-1]
    if not missing_history and first.fingerprint != current_print and history.data(first.fingerprint) is None:
        # A copy of the project with a history of its own (a fresh `git init`) starts later
        # than the policy: like a shallow clone. A wrong fingerprint in a history that holds
        # the first version is an error, below.
        missing_history = f"git history does not reach back to the first version (the entry dated {first.date})"
    versions = []
    slugs = entry_anchors(changelog)  # a version's slug is its entry's anchor on "What changed"
    for i, (entry, slug) in enumerate(zip(changelog.entries, slugs)):
        data = current if entry.fingerprint == current_print else None
        if data is None and missing_history:
            notice = (f"Policy versions: {missing_history}, so the site shows the current policy only, without "
                      "its earlier versions. Fix: build from a full clone (`git fetch --unshallow`).")
            return Versions((), notice)
        data = data if data is not None else history.data(entry.fingerprint)
        if data is None:
            raise VersionError(changelog_file, f"entries[{i}].fingerprint", (
                f"the entry dated {entry.date} names {entry.fingerprint}, which no version of "
                f"{os.path.relpath(data_file)} in git history has"), _unknown_fix(history))
        where = f"{os.path.relpath(data_file)} as of {entry.date} ({entry.fingerprint[:15]}…)"
        try:
            policy = parse_version(data, where)
        except PolicyError as err:
            raise VersionError(changelog_file, f"entries[{i}]", f"its version does not read: {err}",
                               "add a conversion of that format to OLD_FORMATS in support_policy/versions.py") from err
        until = changelog.entries[i - 1].date if i else None
        versions.append(Version(entry, slug, data, policy, until, Changelog(changelog.entries[i:])))
    return Versions(tuple(versions), None)


def _unknown_fix(history: History) -> str:
    known = "; ".join(f"{r.day} {r.commit[:9]} {r.fingerprint}" for r in history.revisions[:5] if r.fingerprint)
    return ("copy the fingerprint of the data file as it was published, printed by "
            f"`{FINGERPRINT_COMMAND}` (for a commit: `git show <commit>:./policy.toml > /tmp/p.toml` first)"
            + (f". The data file's latest commits: {known}" if known else ""))


def version_index(versions: Versions, site_url: str, prefixes: dict[str, str]) -> list[dict]:
    """`versions` of /policy.json: each version's date, fingerprint and addresses (`prefixes`:
    each language's folder below the site's root, "" or "en/")."""
    root = site_url if site_url.endswith("/") else site_url + "/"
    return [{"policy": v.date.isoformat(), "fingerprint": v.entry.fingerprint,
             "json": f"{root}{JSON_FOLDER}/{v.slug}.json",
             "pages": {lang: f"{root}{prefix}{VERSIONS_FOLDER}/{v.slug}/" for lang, prefix in prefixes.items()}}
            for v in versions.versions]


# Facts a version page does not show (help written for the site, not policy text): left out
# of its differences from today.
NOT_ON_VERSION_PAGES = ("priority_guide", ".summary")


def shown_differences(version: Version, today: dict) -> list[FactChange]:
    """What reads differently today, among the facts a version page shows."""
    return [c for c in fact_changes(version.data, today)
            if not c.key.startswith(NOT_ON_VERSION_PAGES[0]) and not c.key.endswith(NOT_ON_VERSION_PAGES[1])]


# ─── what changed, fact by fact ──────────────────────────────────────────────

@dataclass(frozen=True)
class FactChange:
    key: str  # where in the data file: "priorities[id=1].summary", "response_target_hours.pro.2"
    fact: Text
    before: Text | None  # None: a new fact
    after: Text | None  # None: a removed fact


# The field of each list of tables that tells its items apart across versions.
IDENTITY = {"channels": "id", "plans": "id", "priorities": "id", "phone_numbers": "number", "priority_guide": "id"}


def _raw_changes(old: object, new: object, key: str) -> list[tuple[str, object, object]]:
    """(key, before, after) for every value that differs; tables of a list matched by IDENTITY."""
    if isinstance(old, dict) and isinstance(new, dict) and not _is_text(old) and not _is_text(new):
        out = []
        for name in [*old, *(n for n in new if n not in old)]:
            out += _raw_changes(old.get(name), new.get(name), f"{key}.{name}" if key else name)
        return out
    if old is None and _is_tables(new) or new is None and _is_tables(old):  # a whole section added or removed
        old, new = old or [], new or []
    if isinstance(old, list) and isinstance(new, list) and all(isinstance(x, dict) for x in old + new) and old + new:
        field = IDENTITY.get(key)
        if field is None:  # no identity (a question's answers): by position
            return [change for i in range(max(len(old), len(new)))
                    for change in _raw_changes(old[i] if i < len(old) else None, new[i] if i < len(new) else None,
                                               f"{key}[{i}]")]
        before = {item.get(field): item for item in old}
        after = {item.get(field): item for item in new}
        out = []
        for ident in [*before, *(i for i in after if i not in before)]:
            out += _raw_changes(before.get(ident), after.get(ident), f"{key}[{field}={ident}]")
        return out
    return [] if old == new else [(key, old, new)]


def _is_text(value: dict) -> bool:
    return set(value) == set(LANGS)


def _is_tables(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(x, dict) for x in value)


def _normalised(data: dict) -> dict:
    """A guide answer's `next` or `priority` as one value, `leads` ("next:<id>", "priority:<n>"),
    so an answer that now leads elsewhere is one change, not a removal and an addition."""
    guide = data.get("priority_guide")
    if not _is_tables(guide):
        return data
    questions = []
    for question in guide:
        answers = []
        for answer in question.get("answers", []) if isinstance(question.get("answers"), list) else []:
            if isinstance(answer, dict):
                leads = {k: v for k, v in answer.items() if k not in ("next", "priority")}
                for field in ("next", "priority"):
                    if field in answer:
                        leads["leads"] = f"{field}:{answer[field]}"
                answer = leads
            answers.append(answer)
        questions.append({**question, "answers": answers} if "answers" in question else question)
    return {**data, "priority_guide": questions}


def fact_changes(old: dict, new: dict) -> list[FactChange]:
    """What changed from `old` to `new` (two parsed data files), fact by fact, named and valued
    in both languages from the data itself."""
    old, new = _normalised(old), _normalised(new)
    return [FactChange(key, _fact_name(key, old, new), _value_text(key, before, old), _value_text(key, after, new))
            for key, before, after in _raw_changes(old, new, "")]


def _item(data: dict, section: str, ident: str) -> dict | None:
    field = IDENTITY[section]
    return next((i for i in data.get(section, []) if str(i.get(field)) == ident), None)


def _name(data_list: tuple[dict, ...], section: str, ident: str, field: str = "name") -> Text:
    for data in data_list:
        item = _item(data, section, ident)
        if item and isinstance(item.get(field), dict):
            return Text(**item[field])
    return Text(ident, ident)


def _both(key: str, **values: object) -> Text:
    return Text(*(label(key, lang, **{k: (v(lang) if isinstance(v, Text) else v) for k, v in values.items()})
                  for lang in LANGS))


def _fact_name(key: str, old: dict, new: dict) -> Text:
    """The fact's name for a reader: "Краткое описание приоритета 1" / "Short description of priority 1"."""
    both = (new, old)
    parts = key.replace("]", "").replace("[", ".").split(".")
    section = parts[0]
    ident = parts[1].split("=", 1)[1] if len(parts) > 1 and "=" in parts[1] else None
    field = parts[2] if len(parts) > 2 else None
    if section == "support_hours" and field is None and len(parts) == 2:
        return _both(f"fact_support_hours_{parts[1]}") if parts[1] in ("text", "how") else Text(key, key)
    if section == "priorities" and ident:
        return _both(f"fact_priority_{field}" if field else "fact_priority", n=ident)
    if section == "plans" and ident:
        return _both(f"fact_plan_{field}" if field else "fact_plan", plan=_name(both, "plans", ident))
    if section == "channels" and ident:
        return _both(f"fact_channel_{field}" if field else "fact_channel", channel=_name(both, "channels", ident))
    if section == "phone_numbers" and ident:
        phone = _item(new, section, ident) or _item(old, section, ident) or {}
        country = Text(**phone["country_name"]) if isinstance(phone.get("country_name"), dict) else Text(ident, ident)
        return _both(f"fact_phone_{field}" if field else "fact_phone", number=ident, country=country)
    if section == "response_target_hours" and len(parts) >= 2:
        plan = _name(both, "plans", parts[1])
        if len(parts) == 3:
            return _both("fact_target", plan=plan, n=parts[2])
        return _both("fact_targets", plan=plan)
    if section == "priority_guide" and ident:
        numbers = {q.get("id"): n for n, q in enumerate((new.get("priority_guide") or old.get("priority_guide") or []), 1)}
        n = numbers.get(ident, ident)
        if field == "answers" and len(parts) >= 4:
            what = "fact_guide_answer_leads" if parts[-1] == "leads" else "fact_guide_answer"
            return _both(what, n=n, m=int(parts[3]) + 1)
        return _both("fact_guide_question", n=n)
    return Text(key, key)


def _value_text(key: str, value: object, data: dict) -> Text | None:
    """A value as a reader reads it, in both languages; None when absent."""
    if value is None:
        return None
    if isinstance(value, dict) and _is_text(value):
        return Text(**value)
    if key.startswith("response_target_hours"):
        if value == NOT_STATED:
            return _both("not_stated")
        if isinstance(value, int):
            return Text(*(hours_text(value, lang) for lang in LANGS))
        if isinstance(value, dict):
            parts = [_both("fact_target_short", n=prio, hours=_value_text(key + "." + prio, hours, data))
                     for prio, hours in value.items()]
            return Text(*("; ".join(p(lang) for p in parts) for lang in LANGS))
    if key.endswith(".channels") and isinstance(value, list):
        names = [_name((data,), "channels", ident) for ident in value]
        return Text(*(", ".join(n(lang) for n in names) for lang in LANGS))
    if key.startswith("priority_guide") and key.endswith(".leads") and isinstance(value, str):
        field, _, target = value.partition(":")
        if field == "next":
            numbers = {q.get("id"): n for n, q in enumerate(data.get("priority_guide", []), 1)}
            return _both("guide_to_question", n=numbers.get(target, target))
        return _both("guide_to_none") if target == "none" else _both("fact_guide_to_priority", n=target)
    if isinstance(value, bool):
        return _both("yes" if value else "no")
    if isinstance(value, dict) and key.startswith("phone_numbers"):
        country = Text(**value["country_name"]) if isinstance(value.get("country_name"), dict) else None
        ext = value.get("extension")
        return Text(*(f"{country(lang) + ': ' if country else ''}{value.get('number', '')}"
                      + (f", {label('ext_short', lang)} {ext}" if ext else "") for lang in LANGS))
    if isinstance(value, dict) and isinstance(value.get("name"), dict):
        return Text(**value["name"])
    if isinstance(value, dict) and isinstance(value.get("question"), dict):
        return Text(**value["question"])
    if isinstance(value, dict) and isinstance(value.get("text"), dict):
        return Text(**value["text"])
    if isinstance(value, (dict, list)):
        flat = json.dumps(value, ensure_ascii=False, sort_keys=True)
        return Text(flat, flat)
    return Text(str(value), str(value))


# ─── the changes as Markdown, for a reviewer ─────────────────────────────────

def changes_markdown(changes: list[FactChange], heading: str = "Policy changes") -> str:
    """The changes as a reviewer reads them: one table per language (fact, before, after)."""
    if not changes:
        return f"## {heading}\n\nNo fact of the policy changes.\n"

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = [f"## {heading}", "", f"{len(changes)} fact(s) change.", ""]
    for lang, title in (("ru", "По-русски"), ("en", "In English")):
        lines += [f"### {title}", "",
                  f"| {label('changelog_fact', lang)} | {label('changelog_from', lang)} | {label('changelog_to', lang)} |",
                  "|---|---|---|"]
        for change in changes:
            before = change.before(lang) if change.before else label("changelog_new", lang)
            after = change.after(lang) if change.after else label("changelog_removed", lang)
            lines.append(f"| {cell(change.fact(lang))} | {cell(before)} | {cell(after)} |")
        lines.append("")
    return "\n".join(lines)


def base_revision(history: History) -> str:
    """The revision a change is compared with: where this branch left main."""
    for main in ("origin/main", "main"):
        found = history._git("merge-base", "HEAD", main)
        if found:
            return found.decode().strip()
    return "HEAD"


def main(argv: list[str] | None = None) -> int:
    """`changes [BASE]`: the policy changes between BASE and the working tree, as Markdown."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] != "changes" or len(argv) > 2:
        print("usage: python -m support_policy.versions changes [BASE]", file=sys.stderr)
        return 2
    from .load import default_policy_path

    policy_file = os.environ.get("POLICY_FILE") or default_policy_path()
    history = History(policy_file)
    if history.absent:
        print(f"Policy changes: cannot compare ({history.absent}).", file=sys.stderr)
        return 2
    base = argv[1] if len(argv) == 2 else base_revision(history)
    old = history.at(base)
    if old is None:
        print(f"Policy changes: {base} has no {history.name} (fetch the history: `git fetch --unshallow`).",
              file=sys.stderr)
        return 2
    try:
        new = read_toml(policy_file)
    except PolicyError as err:
        print(err, file=sys.stderr)
        return 2
    print(changes_markdown(fact_changes(old, new), f"Policy changes since {base[:12]}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
