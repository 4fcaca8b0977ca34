"""The policy's changelog: dated entries saying which fact changed, from what, to what.

`changelog.toml` lives beside the data file. Each entry records the fingerprint
of the data file as it was after the change: the sha256 of the parsed TOML as
canonical JSON, so comments, blank lines, spacing and key order do not count,
but every value does. A test compares the newest entry's fingerprint with the
current data file's, so a fact cannot change without an entry.

    python -m support_policy.changelog

prints the data file's fingerprint and checks the changelog (no `make` needed).
Errors name the file, the key and the fix, like the data file's (`load.py`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass

from .load import PolicyError, _Checker, default_policy_path, parse_toml, read_text
from .model import Text

FINGERPRINT_RE = re.compile(r"^sha256:[0-9a-f]{64}$")
FINGERPRINT_COMMAND = ".venv/bin/python -m support_policy.changelog"
CHECK_COMMAND = ".venv/bin/python -m pytest tests/widget/test_changelog.py"


class ChangelogError(PolicyError):
    """changelog.toml is malformed: says where, what and how to fix it."""


@dataclass(frozen=True)
class Change:
    """One fact that changed. `before` is None for a new fact, `after` None for a removed one."""

    fact: Text
    before: Text | None
    after: Text | None
    # The data file's keys this change covers ("priorities[id=1].summary"); the guard checks
    # that an entry's changes name every key that changed (versions.fact_changes).
    keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    date: dt.date
    fingerprint: str
    summary: Text
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class Changelog:
    # Newest first, as in the file.
    entries: tuple[Entry, ...]

    @property
    def newest(self) -> Entry:
        return self.entries[0]

    @property
    def version(self) -> str:
        """The policy's version: the newest entry's date, e.g. "2026-11-25"."""
        return self.newest.date.isoformat()


# ─── where the file is ───────────────────────────────────────────────────────

def default_changelog_path() -> str:
    return os.path.join(os.path.dirname(default_policy_path()), "changelog.toml")


def changelog_path(policy_file: str | os.PathLike[str] | None = None) -> str:
    """The changelog beside the data file in use; a copy of the data file without a
    changelog beside it (POLICY_FILE=/tmp/copy.toml) uses the package's."""
    if policy_file is not None:
        beside = os.path.join(os.path.dirname(os.path.abspath(os.fspath(policy_file))), "changelog.toml")
        if os.path.isfile(beside):
            return beside
    return default_changelog_path()


# ─── the data file's fingerprint ─────────────────────────────────────────────

def _json_value(value: object) -> object:
    # TOML dates and times have no JSON type: their ISO text stands in.
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    raise TypeError(f"unexpected TOML value {value!r}")


def canonical_json(data: dict) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_json_value)  # pragma: no mutate (equivalent: ensure_ascii=None is as false as False)


def fingerprint(data: dict) -> str:
    """"sha256:<hex>" of the parsed data file as canonical JSON."""
    return "sha256:" + hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()  # pragma: no mutate (equivalent: codec names ignore case)


def read_toml(path: str | os.PathLike[str], error: type[PolicyError] = PolicyError) -> dict:
    path = os.fspath(path)
    return parse_toml(read_text(path, error), path, error)


def data_fingerprint(policy_file: str | os.PathLike[str] | None = None) -> str:
    return fingerprint(read_toml(policy_file if policy_file is not None else default_policy_path()))


# ─── reading and checking changelog.toml ─────────────────────────────────────

def load_changelog(path: str | os.PathLike[str] | None = None) -> Changelog:
    path = os.fspath(path) if path is not None else default_changelog_path()
    fix = "check the path; the changelog is changelog.toml beside policy.toml"
    return parse_changelog(read_text(path, ChangelogError, fix), path)


def parse_changelog(text: str, file: str = "changelog.toml") -> Changelog:
    return _ChangelogChecker(file).changelog(parse_toml(text, file, ChangelogError))


class _ChangelogChecker(_Checker):
    """The data file's checker, with its messages, for the changelog's shapes."""

    def fail(self, key: str, problem: str, fix: str) -> ChangelogError:
        return ChangelogError(self.file, key, problem, fix)

    def changelog(self, data: dict) -> Changelog:
        if "entries" not in data:
            raise self.fail("entries", "is missing", "add an [[entries]] block: date, fingerprint and summary")
        self.keys(data, "(top level)", {"entries"})
        items = self.array_of_tables(data, "entries")
        entries = tuple(self.entry(item, f"entries[{i}]") for i, item in enumerate(items))
        for i in range(1, len(entries)):
            if entries[i].date > entries[i - 1].date:
                raise self.fail(
                    f"entries[{i}].date", f"{entries[i].date} is later than the entry above it ({entries[i - 1].date})",
                    "keep the newest entry first: move this [[entries]] block above the older ones",
                )
        return Changelog(entries)

    def entry(self, item: dict, key: str) -> Entry:
        self.keys(item, key, {"date", "fingerprint", "summary"}, {"changes"})
        return Entry(
            date=self.date(item["date"], f"{key}.date"),
            fingerprint=self.fingerprint(item["fingerprint"], f"{key}.fingerprint"),
            summary=self.text(item["summary"], f"{key}.summary"),
            changes=self.changes(item.get("changes", []), f"{key}.changes"),
        )

    def date(self, value: object, key: str) -> dt.date:
        if isinstance(value, str):
            raise self.fail(key, f"is the text {value!r}, not a date",
                            "write the date without quotes, e.g. date = 2026-11-25")
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise self.fail(key, f"is {value!r}, not a day", "write only the day, e.g. date = 2026-11-25")
        return value

    def fingerprint(self, value: object, key: str) -> str:
        if not isinstance(value, str) or not FINGERPRINT_RE.match(value):
            raise self.fail(key, f"is {value!r}, not a data fingerprint",
                            f'write "sha256:" and 64 hex digits, as printed by `{FINGERPRINT_COMMAND}`')
        return value

    def changes(self, value: object, key: str) -> tuple[Change, ...]:
        if not isinstance(value, list) or not all(isinstance(c, dict) for c in value):
            raise self.fail(key, "must be a list of changes",
                            "write each change as a [[entries.changes]] block below its [[entries]] block")
        out = []
        for i, change in enumerate(value):
            ckey = f"{key}[{i}]"
            self.keys(change, ckey, {"fact"}, {"from", "to", "keys"})
            if "from" not in change and "to" not in change:
                raise self.fail(ckey, "says neither what the fact was nor what it is now",
                                "add `from = { ... }` (the old value), `to = { ... }` (the new one), or both")
            out.append(Change(
                fact=self.text(change["fact"], f"{ckey}.fact"),
                before=self.value(change["from"], f"{ckey}.from") if "from" in change else None,
                after=self.value(change["to"], f"{ckey}.to") if "to" in change else None,
                keys=self.key_list(change.get("keys", []), f"{ckey}.keys"),
            ))
        return tuple(out)

    def key_list(self, value: object, key: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(k, str) and k for k in value):
            raise self.fail(key, f"is {value!r}, not a list of the data file's keys",
                            'write keys = ["priorities[id=1].summary"], as the changelog check prints them')
        return tuple(value)

    def value(self, value: object, key: str) -> Text:
        """A fact's value: one string when it reads the same in both languages (a phone
        number, a number of hours), else a label in both languages."""
        if isinstance(value, str) and value.strip():
            return Text(ru=value.strip(), en=value.strip())
        return self.text(value, key)


# ─── the check: is every change of the data file recorded, fact by fact? ────

def _toml_text(text: Text) -> str:
    """A value for a [[entries.changes]] block: one string when both languages read the same."""
    if text.ru == text.en:
        return json.dumps(text.ru, ensure_ascii=False)  # a TOML basic string  # pragma: no mutate (equivalent: ensure_ascii=None is as false as False)
    return f"{{ ru = {json.dumps(text.ru, ensure_ascii=False)}, en = {json.dumps(text.en, ensure_ascii=False)} }}"  # pragma: no mutate (equivalent: ensure_ascii=None is as false as False)


def change_blocks(changes) -> list[str]:
    """One [[entries.changes]] block per changed fact (versions.FactChange), ready to paste:
    its key, its name, and its old and new values in both languages."""
    if not changes:  # no history to tell what changed: one block of placeholders, valid as it is
        return ["", "[[entries.changes]]", 'fact = { ru = "Какой факт изменился", en = "Which fact changed" }',
                'from = { ru = "Было", en = "Before" }', 'to = { ru = "Стало", en = "After" }']
    lines = []
    for change in changes:
        lines += ["", "[[entries.changes]]", f"keys = [{json.dumps(change.key, ensure_ascii=False)}]",  # pragma: no mutate (equivalent: ensure_ascii=None is as false as False)
                  f"fact = {_toml_text(change.fact)}"]
        if change.before is not None:
            lines.append(f"from = {_toml_text(change.before)}")
        if change.after is not None:
            lines.append(f"to = {_toml_text(change.after)}")
    return lines


def missing_entry_message(policy_file: str, changelog_file: str, changelog: Changelog, current: str,
                          today: dt.date | None = None, history=None) -> str:
    """What to add to the changelog when the data file changed without an entry."""
    from .versions import History, fact_changes

    newest = changelog.newest
    today = today or dt.date.today()
    history = history or History(os.path.join(os.path.dirname(os.path.abspath(changelog_file)), "policy.toml"))
    old = history.data(newest.fingerprint)
    changes = fact_changes(old, read_toml(policy_file)) if old is not None else []
    lines = [
        f"{policy_file} has changed since the newest entry of {changelog_file} ({newest.date}),",
        "and the changelog has no entry for the change.",
        "",
        f"Fix: add an entry at the top of {changelog_file}, above the entry dated {newest.date}, e.g.:",
        "",
        "[[entries]]",
        f"date = {max(today, newest.date).isoformat()}  # the day the change is published",
        f'fingerprint = "{current}"  # the data file as it is now: copy it exactly',
        'summary = { ru = "Одна фраза о том, что изменилось.", en = "One sentence on what changed." }',
        *change_blocks(changes),
        "",
        "Write `fact` (and any value that is not the same in both languages) as { ru = ..., en = ... }.",
        "Keep one [[entries.changes]] block per changed fact with its `keys`: the check needs every changed",
        "key named. Leave out `from` for a new fact and `to` for a removed one.",
    ]
    if old is None:
        lines += ["", "(Git history does not hold the data file of the newest entry, so the changed facts",
                  "could not be listed: fill in the block, and its `keys`, by hand.)"]
    lines += [
        "",
        "Then check again, from the project folder (no `make` needed):",
        f"  {CHECK_COMMAND}",
        f"The data file's current fingerprint is printed by: {FINGERPRINT_COMMAND}",
    ]
    return "\n".join(lines)


def incomplete_entries_message(changelog_file: str, changelog: Changelog, current: dict, history) -> str | None:
    """None when each entry's changes name every fact that changed since the version before it
    (where git history holds both), else the blocks to add or the keys to correct."""
    from .versions import fact_changes

    current_print = fingerprint(current)
    data = [current if e.fingerprint == current_print else history.data(e.fingerprint) for e in changelog.entries]
    problems = []
    for i, entry in enumerate(changelog.entries[:-1]):
        new, old = data[i], data[i + 1]
        if new is None or old is None:
            continue  # a shallow clone: find_versions says so once
        changes = fact_changes(old, new)
        changed = {c.key for c in changes}
        named = {key for change in entry.changes for key in change.keys}
        missing = [c for c in changes if c.key not in named]
        unknown = sorted(named - changed)
        if not missing and not unknown:
            continue
        where = f"entries[{i}] (the entry dated {entry.date})"
        if missing:
            problems += [f"{changelog_file}: {where}: {len(missing)} of the {len(changes)} facts that changed "
                         f"since the version of {changelog.entries[i + 1].date} are not in its changes.",
                         "Fix: add these blocks below that entry (or add their keys to a block that tells the",
                         "same change in other words):", *change_blocks(missing), ""]
        if unknown:
            problems += [f"{changelog_file}: {where}: keys that did not change since the version of "
                         f"{changelog.entries[i + 1].date}: {', '.join(unknown)}.",
                         f"Fix: correct or remove them; the changed keys are: {', '.join(sorted(changed)) or '(none)'}", ""]
    return "\n".join(problems).rstrip() or None


def check(policy_file: str | None = None, changelog_file: str | None = None, history=None) -> str | None:
    """None when the changelog records the data file completely, else what to do: a missing
    entry for the data file as it is, or an entry whose changes leave a changed fact out."""
    from .versions import History

    policy_file = policy_file or default_policy_path()
    changelog_file = changelog_file or changelog_path(policy_file)
    changelog = load_changelog(changelog_file)
    current = data_fingerprint(policy_file)
    history = history or History(os.path.join(os.path.dirname(os.path.abspath(changelog_file)), "policy.toml"))
    if changelog.newest.fingerprint != current:
        return missing_entry_message(policy_file, changelog_file, changelog, current, history=history)
    return incomplete_entries_message(changelog_file, changelog, read_toml(policy_file), history)


def main(argv: list[str] | None = None) -> int:
    """Print the data file's fingerprint (POLICY_FILE or the package's), then check the changelog."""
    policy_file = os.environ.get("POLICY_FILE") or default_policy_path()
    try:
        print(f"{data_fingerprint(policy_file)}  {policy_file}")
        problem = check(policy_file)
    except PolicyError as err:
        print(err, file=sys.stderr)
        return 2
    if problem:
        print("\n" + problem, file=sys.stderr)
        return 1
    print(f"ok: the newest entry of {changelog_path(policy_file)} matches this data file")
    return 0


if __name__ == "__main__":
    sys.exit(main())
