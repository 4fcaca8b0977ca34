"""The policy changelog: no fact changes without an entry, and changelog.toml is checked
like the data file (file, key, problem, fix)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from support_policy import changelog as cl
from support_policy.changelog import ChangelogError, parse_changelog
from support_policy.load import PolicyError, default_policy_path
from support_policy.model import Text
from support_policy.render import render_changelog

POLICY = Path(default_policy_path())
CHANGELOG = Path(cl.default_changelog_path())
FP = "sha256:" + "a" * 64


def test_the_newest_entry_matches_the_data_file():
    """The guard: change policy.toml, and this fails until changelog.toml has an entry for it.
    The message says exactly what to add (with the new fingerprint) and how to re-check."""
    problem = cl.check(str(POLICY), str(CHANGELOG))
    assert problem is None, "\n" + problem


def test_the_shipped_changelog_starts_with_the_publication_on_this_site():
    changelog = cl.load_changelog()
    first = changelog.entries[-1]
    assert first.date == dt.date(2026, 11, 25)
    assert "опубликована" in first.summary.ru and "published" in first.summary.en
    assert first.changes == ()  # the publication changed no fact
    assert changelog.version == changelog.newest.date.isoformat()


def test_the_fingerprint_ignores_comments_spacing_and_key_order_but_not_values():
    text = POLICY.read_text(encoding="utf-8")
    base = cl.fingerprint(tomllib.loads(text))
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", base)
    cosmetic = "# a new comment\n\n" + text.replace("\n\n", "\n\n\n").replace(
        'id = "free"\nname = { ru = "Бесплатный", en = "Free" }',
        'name = { en = "Free", ru = "Бесплатный" }   # reordered\nid = "free"',
    )
    assert cosmetic != text
    assert cl.fingerprint(tomllib.loads(cosmetic)) == base
    changed = text.replace('"+44 20 3890 5445"', '"+44 20 3890 6000"')
    assert cl.fingerprint(tomllib.loads(changed)) != base


# ─── the failure message, end to end in a scratch git repository ─────────────

def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args],
                   cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    shutil.copy(POLICY, tmp_path / "policy.toml")
    shutil.copy(CHANGELOG, tmp_path / "changelog.toml")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "seed")
    return tmp_path


def test_a_changed_fact_fails_with_the_entry_to_add_and_what_changed(repo):
    policy, changelog = repo / "policy.toml", repo / "changelog.toml"
    assert cl.check(str(policy), str(changelog)) is None
    policy.write_text(policy.read_text(encoding="utf-8").replace('"+61 1800 768 027"', '"+61 1800 123 456"'),
                      encoding="utf-8")
    new = cl.data_fingerprint(policy)
    newest = cl.load_changelog(changelog).newest.date  # the shipped changelog's newest entry

    problem = cl.check(str(policy), str(changelog))

    assert problem is not None
    assert f"{policy} has changed since the newest entry of {changelog} ({newest})" in problem
    assert f"Fix: add an entry at the top of {changelog}, above the entry dated {newest}" in problem
    assert f'fingerprint = "{new}"' in problem
    assert '[[entries.changes]]' in problem
    # What changed, found in git history: a number is told apart by itself, so a new number is
    # one removed and one added, each with its key.
    assert 'keys = ["phone_numbers[number=+61 1800 768 027]"]' in problem
    assert 'keys = ["phone_numbers[number=+61 1800 123 456]"]' in problem
    # How to check again without make.
    assert cl.CHECK_COMMAND in problem and cl.FINGERPRINT_COMMAND in problem
    assert "make" not in problem.replace("no `make` needed", "")

    # The suggested entry, pasted at the top as it is, is valid and makes the check pass.
    suggested = problem.split("e.g.:\n\n", 1)[1].split("\n\nWrite `fact`", 1)[0]
    body = changelog.read_text(encoding="utf-8")
    first = re.search(r"^\[\[entries\]\]$", body, flags=re.MULTILINE).start()  # not the commented example
    changelog.write_text(f"{body[:first]}{suggested}\n\n{body[first:]}", encoding="utf-8")
    assert cl.check(str(policy), str(changelog)) is None
    removed, added = cl.load_changelog(changelog).newest.changes
    assert (removed.before.en, removed.after) == ("Australia: +61 1800 768 027, ext. 2", None)
    assert (added.before, added.after.ru) == (None, "Австралия: +61 1800 123 456, доб. 2")


def test_the_command_line_prints_the_fingerprint_and_fails_on_a_missing_entry(repo):
    policy = repo / "policy.toml"
    env = {"POLICY_FILE": str(policy), "PATH": "/usr/bin:/bin"}
    ok = subprocess.run([sys.executable, "-m", "support_policy.changelog"], env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith(cl.data_fingerprint(policy))
    policy.write_text(policy.read_text(encoding="utf-8").replace("pro = { 1 = 1, 2 = 4,", "pro = { 1 = 1, 2 = 2,"),
                      encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "support_policy.changelog"], env=env, capture_output=True, text=True)
    assert bad.returncode == 1
    assert f'fingerprint = "{cl.data_fingerprint(policy)}"' in bad.stderr
    assert 'keys = ["response_target_hours.pro.2"]' in bad.stderr


def test_outside_git_the_message_still_says_what_to_add(tmp_path):
    policy = tmp_path / "policy.toml"
    policy.write_text(POLICY.read_text(encoding="utf-8").replace('"+44 800 368 7314"', '"+44 800 368 0000"'),
                      encoding="utf-8")
    problem = cl.check(str(policy), str(CHANGELOG))
    assert f'fingerprint = "{cl.data_fingerprint(policy)}"' in problem
    assert "from git history" not in problem


def test_the_changelog_beside_a_data_copy_is_used_else_the_packages(tmp_path):
    copy = tmp_path / "policy.toml"
    assert cl.changelog_path(copy) == str(CHANGELOG)
    (tmp_path / "changelog.toml").write_text("", encoding="utf-8")
    assert cl.changelog_path(copy) == str(tmp_path / "changelog.toml")
    assert cl.changelog_path(None) == str(CHANGELOG)


# ─── a malformed changelog.toml ──────────────────────────────────────────────

ENTRY = f'''[[entries]]
date = 2026-12-01
fingerprint = "{FP}"
summary = {{ ru = "Новый номер.", en = "A new number." }}

[[entries.changes]]
fact = {{ ru = "Телефон в Австралии", en = "Australian phone number" }}
from = "+61 1800 768 027"
to = "+61 1800 123 456"
'''
OLDER = f'''
[[entries]]
date = 2026-11-25
fingerprint = "sha256:{"b" * 64}"
summary = {{ ru = "Опубликована.", en = "Published." }}
'''


def test_a_valid_changelog_parses_newest_first():
    changelog = parse_changelog(ENTRY + OLDER)
    assert [e.date for e in changelog.entries] == [dt.date(2026, 12, 1), dt.date(2026, 11, 25)]
    change = changelog.newest.changes[0]
    assert (change.fact.en, change.before.ru, change.after.en) == ("Australian phone number", "+61 1800 768 027",
                                                                 "+61 1800 123 456")
    assert changelog.version == "2026-12-01"


# (edited changelog, key named, words of the problem, words of the fix)
CASES = {
    "date in quotes": (ENTRY.replace("date = 2026-12-01", 'date = "2026-12-01"') + OLDER,
                       "entries[0].date", "not a date", "without quotes"),
    "date with a time": (ENTRY.replace("date = 2026-12-01", "date = 2026-12-01T10:00:00") + OLDER,
                         "entries[0].date", "not a day", "only the day"),
    "bad fingerprint": (ENTRY.replace(FP, "abc") + OLDER,
                        "entries[0].fingerprint", "not a data fingerprint", cl.FINGERPRINT_COMMAND),
    "missing fingerprint": (ENTRY.replace(f'fingerprint = "{FP}"\n', "") + OLDER,
                            "entries[0].fingerprint", "is missing", "add `fingerprint = ...`"),
    "summary in one language": (ENTRY.replace('summary = { ru = "Новый номер.", en = "A new number." }',
                                              'summary = { ru = "Новый номер." }') + OLDER,
                                "entries[0].summary.en", "missing translation", "English text"),
    "summary as one string": (ENTRY.replace('summary = { ru = "Новый номер.", en = "A new number." }',
                                            'summary = "A new number."') + OLDER,
                              "entries[0].summary", "single string", '{ ru = "...", en = "..." }'),
    "unknown key": (ENTRY.replace("date = 2026-12-01", "date = 2026-12-01\nauthor = \"me\"") + OLDER,
                    "entries[0].author", "unknown key", "remove it"),
    "change without from or to": (ENTRY.replace('from = "+61 1800 768 027"\nto = "+61 1800 123 456"\n', "") + OLDER,
                                  "entries[0].changes[0]", "neither what the fact was nor what it is now",
                                  "add `from = { ... }`"),
    "fact in one language": (ENTRY.replace('fact = { ru = "Телефон в Австралии", en = "Australian phone number" }',
                                           'fact = "Australian phone number"') + OLDER,
                             "entries[0].changes[0].fact", "single string", '{ ru = "...", en = "..." }'),
    "oldest first": (OLDER + "\n" + ENTRY, "entries[1].date", "is later than the entry above it",
                     "keep the newest entry first"),
    "no entries": ("# nothing yet\n", "entries", "is missing", "add an [[entries]] block"),
    "syntax": (ENTRY.replace('to = "+61 1800 123 456"', 'to = "+61 1800 123 456'), "(syntax)",
               "is not valid TOML", "correct the TOML syntax at that line"),
}


@pytest.mark.parametrize("name", CASES)
def test_each_mistake_names_the_file_the_key_and_the_fix(name):
    text, key, problem, fix = CASES[name]
    with pytest.raises(ChangelogError) as caught:
        parse_changelog(text, "changelog.toml")
    err = caught.value
    assert isinstance(err, PolicyError)  # caught wherever data file errors are
    assert err.file == "changelog.toml" and err.key == key, str(err)
    assert problem in err.problem and fix in err.fix, str(err)
    assert str(err).startswith(f"changelog.toml: {key}: ") and ". Fix: " in str(err)


def test_an_unreadable_changelog_names_the_file(tmp_path):
    with pytest.raises(ChangelogError, match=r"changelog\.toml: \(file\): cannot be read"):
        cl.load_changelog(tmp_path / "changelog.toml")


# ─── the page ────────────────────────────────────────────────────────────────

def test_the_page_lists_entries_newest_first_with_a_table_of_changes_in_each_language():
    changelog = parse_changelog(ENTRY.replace('from = "+61 1800 768 027"\n', "") + OLDER)
    ru, en = render_changelog(changelog, "ru"), render_changelog(changelog, "en")
    assert ru.index("## 1\u00a0декабря 2026\u00a0г. { #2026-12-01 }") < ru.index("## 25\u00a0ноября 2026\u00a0г. { #2026-11-25 }")
    assert en.index("## December 1, 2026 { #2026-12-01 }") < en.index("## November 25, 2026 { #2026-11-25 }")
    assert "Новый номер." in ru and "A new number." in en
    for html, words in ((ru, ("Что изменилось", "Было", "Стало", "Телефон в Австралии", "(новое)")),
                        (en, ("What changed", "Before", "After", "Australian phone number", "(new)"))):
        assert html.count("<table>") == 1  # only the entry with changes has a table
        for word in words:
            assert word in html
        assert "+61 1800 123 456" in html


# ─── each changelog message, word for word ───────────────────────────────────

THIRD = f'''
[[entries]]
date = 2026-11-30
fingerprint = "sha256:{"c" * 64}"
summary = {{ ru = "Третья.", en = "Third." }}
'''
FIX_FINGERPRINT = f'write "sha256:" and 64 hex digits, as printed by `{cl.FINGERPRINT_COMMAND}`'

EXACT = {
    "date in quotes": (CASES["date in quotes"][0],
                       "entries[0].date: is the text '2026-12-01', not a date. "
                       "Fix: write the date without quotes, e.g. date = 2026-11-25"),
    "date with a time": (CASES["date with a time"][0],
                         "entries[0].date: is datetime.datetime(2026, 12, 1, 10, 0), not a day. "
                         "Fix: write only the day, e.g. date = 2026-11-25"),
    "date as a number": (ENTRY.replace("date = 2026-12-01", "date = 20261201") + OLDER,
                         "entries[0].date: is 20261201, not a day. Fix: write only the day, e.g. date = 2026-11-25"),
    "bad fingerprint": (CASES["bad fingerprint"][0],
                        f"entries[0].fingerprint: is 'abc', not a data fingerprint. Fix: {FIX_FINGERPRINT}"),
    "fingerprint as a number": (ENTRY.replace(f'fingerprint = "{FP}"', "fingerprint = 5") + OLDER,
                                f"entries[0].fingerprint: is 5, not a data fingerprint. Fix: {FIX_FINGERPRINT}"),
    "no entries": (CASES["no entries"][0],
                   "entries: is missing. Fix: add an [[entries]] block: date, fingerprint and summary"),
    "a top-level key too many": ("title = 'x'\n" + ENTRY + OLDER,
                                 "(top level).title: unknown key. Fix: remove it, or use one of: entries"),
    "entries as text": ('entries = "none"\n',
                        "entries: must be one or more [[entries]] tables. Fix: add a `[[entries]]` section"),
    "changes as text": (ENTRY.split("\n\n[[entries.changes]]")[0] + '\nchanges = "a new number"\n' + OLDER,
                        "entries[0].changes: must be a list of changes. "
                        "Fix: write each change as a [[entries.changes]] block below its [[entries]] block"),
    "changes as a list of text": (ENTRY.split("\n\n[[entries.changes]]")[0] + '\nchanges = ["a new number"]\n' + OLDER,
                                  "entries[0].changes: must be a list of changes. "
                                  "Fix: write each change as a [[entries.changes]] block below its [[entries]] block"),
    "a change key too many": (ENTRY.replace('to = "+61 1800 123 456"', 'to = "+61 1800 123 456"\nwhy = "x"') + OLDER,
                              "entries[0].changes[0].why: unknown key. Fix: remove it, or use one of: fact, from, keys, to"),
    "a change without from or to": (CASES["change without from or to"][0],
                                    "entries[0].changes[0]: says neither what the fact was nor what it is now. "
                                    "Fix: add `from = { ... }` (the old value), `to = { ... }` (the new one), or both"),
    "an empty from": (ENTRY.replace('from = "+61 1800 768 027"', 'from = " "') + OLDER,
                      "entries[0].changes[0].from: is a single string, not a label in both languages. "
                      'Fix: write it as { ru = "...", en = "..." }'),
    "a to in one language": (ENTRY.replace('to = "+61 1800 123 456"', 'to = { en = "new" }') + OLDER,
                             'entries[0].changes[0].to.ru: missing translation. Fix: add `ru = "..."` with the Russian text'),
}


@pytest.mark.parametrize("name", EXACT)
def test_each_changelog_message_reads_exactly(name):
    text, expected = EXACT[name]
    with pytest.raises(ChangelogError) as caught:
        parse_changelog(text, "docs/changelog.toml")
    assert str(caught.value) == f"docs/changelog.toml: {expected}"


def test_an_entry_older_than_the_one_above_it_names_both_dates():
    with pytest.raises(ChangelogError) as caught:
        parse_changelog(ENTRY + OLDER + THIRD)
    assert str(caught.value) == (
        "changelog.toml: entries[2].date: 2026-11-30 is later than the entry above it (2026-11-25). "
        "Fix: keep the newest entry first: move this [[entries]] block above the older ones")


def test_a_change_may_give_only_the_old_value_or_a_value_in_both_languages():
    only_from = parse_changelog(ENTRY.replace('to = "+61 1800 123 456"\n', "") + OLDER).newest.changes[0]
    assert (only_from.before, only_from.after) == (Text("+61 1800 768 027", "+61 1800 768 027"), None)
    both = parse_changelog(ENTRY.replace('to = "+61 1800 123 456"', 'to = { ru = "  новое ", en = " new " }') + OLDER)
    assert both.newest.changes[0].after == Text(ru="новое", en="new")
    assert both.newest.summary == Text(ru="Новый номер.", en="A new number.")
    assert both.newest.fingerprint == FP and both.entries[1].changes == ()


def test_an_unreadable_changelog_says_where_the_changelog_belongs(tmp_path):
    path = tmp_path / "changelog.toml"
    with pytest.raises(ChangelogError) as caught:
        cl.load_changelog(path)
    assert str(caught.value) == (f"{path}: (file): cannot be read (No such file or directory). "
                                 "Fix: check the path; the changelog is changelog.toml beside policy.toml")


def test_a_changelog_file_is_named_in_its_messages(tmp_path):
    path = tmp_path / "changelog.toml"
    path.write_text(ENTRY.replace(FP, "abc") + OLDER, encoding="utf-8")
    with pytest.raises(ChangelogError, match=rf"^{re.escape(str(path))}: entries\[0\]\.fingerprint: "):
        cl.load_changelog(str(path))


def test_reading_the_data_file_fails_with_the_error_asked_for(tmp_path):
    missing, broken = tmp_path / "missing.toml", tmp_path / "broken.toml"
    broken.write_text('id = "x\n', encoding="utf-8")
    with pytest.raises(ChangelogError, match=rf"^{re.escape(str(missing))}: \(file\): cannot be read"):
        cl.read_toml(missing, ChangelogError)
    with pytest.raises(ChangelogError, match=rf"^{re.escape(str(broken))}: \(syntax\): is not valid TOML"):
        cl.read_toml(broken, ChangelogError)
    with pytest.raises(PolicyError) as caught:
        cl.read_toml(broken)
    assert type(caught.value) is PolicyError


# ─── the fingerprint ─────────────────────────────────────────────────────────

def test_the_fingerprint_is_the_sha256_of_canonical_json_with_dates_as_text():
    data = {"b": [1, {"d": dt.date(2026, 12, 2)}], "a": "б", "t": dt.time(9, 30)}
    assert cl.canonical_json(data) == '{"a":"б","b":[1,{"d":"2026-12-02"}],"t":"09:30:00"}'
    expected = hashlib.sha256('{"a":"б","b":[1,{"d":"2026-12-02"}],"t":"09:30:00"}'.encode("utf-8")).hexdigest()
    assert cl.fingerprint(data) == f"sha256:{expected}"
    with pytest.raises(TypeError, match=r"^unexpected TOML value \{1\}$"):
        cl.canonical_json({"a": {1}})


# ─── the failure message ─────────────────────────────────────────────────────

def suggested_entry(problem: str) -> str:
    return problem.split("e.g.:\n\n", 1)[1].split("\n\nWrite `fact`", 1)[0]


def paste_at_the_top(changelog: Path, entry_text: str) -> None:
    body = changelog.read_text(encoding="utf-8")
    first = re.search(r"^\[\[entries\]\]$", body, flags=re.MULTILINE).start()
    changelog.write_text(f"{body[:first]}{entry_text}\n\n{body[first:]}", encoding="utf-8")


def test_outside_git_the_suggested_entry_has_placeholders_and_is_valid_as_it_is(tmp_path):
    policy, changelog = tmp_path / "policy.toml", tmp_path / "changelog.toml"
    shutil.copy(CHANGELOG, changelog)
    policy.write_text(POLICY.read_text(encoding="utf-8").replace('"+44 800 368 7314"', '"+44 800 368 0000"'),
                      encoding="utf-8")
    newest = cl.load_changelog(changelog).newest.date
    problem = cl.missing_entry_message(str(policy), str(changelog), cl.load_changelog(changelog),
                                       cl.data_fingerprint(policy), today=dt.date(2026, 1, 1))
    assert suggested_entry(problem) == "\n".join([
        "[[entries]]",
        f"date = {newest.isoformat()}  # the day the change is published",  # never before the newest entry
        f'fingerprint = "{cl.data_fingerprint(policy)}"  # the data file as it is now: copy it exactly',
        'summary = { ru = "Одна фраза о том, что изменилось.", en = "One sentence on what changed." }',
        "",
        "[[entries.changes]]",
        'fact = { ru = "Какой факт изменился", en = "Which fact changed" }',
        'from = { ru = "Было", en = "Before" }',
        'to = { ru = "Стало", en = "After" }',
    ])
    paste_at_the_top(changelog, suggested_entry(problem))
    assert cl.check(str(policy)) is None  # the changelog beside the copy is the one checked


def test_the_message_says_what_to_do_and_how_to_check_again(tmp_path):
    policy = tmp_path / "policy.toml"
    policy.write_text(POLICY.read_text(encoding="utf-8").replace('"+44 800 368 7314"', '"+44 800 368 0000"'),
                      encoding="utf-8")
    changelog = cl.load_changelog()
    newest = changelog.newest.date
    problem = cl.missing_entry_message(str(policy), "docs/changelog.toml", changelog, "sha256:new",
                                       today=dt.date(2030, 5, 6))
    lines = problem.split("\n")
    assert lines[:6] == [
        f"{policy} has changed since the newest entry of docs/changelog.toml ({newest}),",
        "and the changelog has no entry for the change.",
        "",
        f"Fix: add an entry at the top of docs/changelog.toml, above the entry dated {newest}, e.g.:",
        "",
        "[[entries]]",
    ]
    assert lines[6] == "date = 2030-05-06  # the day the change is published"
    assert lines[-11:] == [
        "",
        "Write `fact` (and any value that is not the same in both languages) as { ru = ..., en = ... }.",
        "Keep one [[entries.changes]] block per changed fact with its `keys`: the check needs every changed",
        "key named. Leave out `from` for a new fact and `to` for a removed one.",
        "",
        "(Git history does not hold the data file of the newest entry, so the changed facts",
        "could not be listed: fill in the block, and its `keys`, by hand.)",
        "",
        "Then check again, from the project folder (no `make` needed):",
        f"  {cl.CHECK_COMMAND}",
        f"The data file's current fingerprint is printed by: {cl.FINGERPRINT_COMMAND}",
    ]


def commit(repo: Path, text: str, message: str) -> None:
    (repo / "policy.toml").write_text(text, encoding="utf-8")
    git(repo, "commit", "-q", "-am", message)


def test_each_changed_fact_gets_a_block_with_its_key_name_and_values_in_both_languages(repo):
    policy = repo / "policy.toml"
    text = policy.read_text(encoding="utf-8")
    text = text.replace("pro = { 1 = 1, 2 = 4,", "pro = { 1 = 1, 2 = 2,")  # a number
    text = text.replace('country_name = { ru = "Австралия", en = "Australia" }\nnumber = "+61 1800 768 027"\nextension = "2"',
                        'country_name = { ru = "Австралия", en = "Australia" }\nnumber = "+61 1800 768 027"')  # removed
    text = text.replace('{ ru = "Бесплатный", en = "Free" }', '{ ru = "Базовый", en = "Free" }')  # Cyrillic
    policy.write_text(text, encoding="utf-8")
    problem = cl.check(str(policy), str(repo / "changelog.toml"))
    blocks = suggested_entry(problem).split("\n\n")[1:]
    assert blocks == [
        '[[entries.changes]]\n'
        'keys = ["phone_numbers[number=+61 1800 768 027].extension"]\n'
        'fact = { ru = "Добавочный номер телефона +61 1800 768 027", en = "Extension of +61 1800 768 027" }\n'
        'from = "2"',
        '[[entries.changes]]\n'
        'keys = ["plans[id=free].name"]\n'
        'fact = { ru = "Название плана «Базовый»", en = "Name of the Free plan" }\n'
        'from = { ru = "Бесплатный", en = "Free" }\n'
        'to = { ru = "Базовый", en = "Free" }',
        "[[entries.changes]]\n"
        'keys = ["response_target_hours.pro.2"]\n'
        'fact = { ru = "Целевое время реакции: план «Профессиональный», приоритет\u00a02", '
        'en = "Target response time: Pro plan, priority\u00a02" }\n'
        'from = { ru = "4\u00a0часа", en = "4\u00a0hours" }\n'
        'to = { ru = "2\u00a0часа", en = "2\u00a0hours" }',
    ]


def test_every_changed_fact_gets_its_block_however_many(repo):
    policy = repo / "policy.toml"
    text, count = re.subn(r'en = "([^"]*)"', r'en = "\1!"', policy.read_text(encoding="utf-8"))
    assert count > 41
    policy.write_text(text, encoding="utf-8")
    problem = cl.check(str(policy), str(repo / "changelog.toml"))
    # One block per changed label (a country's name is written once per number).
    assert suggested_entry(problem).count("[[entries.changes]]") == count
    paste_at_the_top(repo / "changelog.toml", suggested_entry(problem))
    assert cl.check(str(policy), str(repo / "changelog.toml")) is None


# ─── the command line ────────────────────────────────────────────────────────

def test_main_prints_the_fingerprint_and_says_ok(monkeypatch, capsys):
    monkeypatch.delenv("POLICY_FILE", raising=False)
    assert cl.main() == 0
    out = capsys.readouterr().out
    assert out == (f"{cl.data_fingerprint()}  {POLICY}\n"
                   f"ok: the newest entry of {CHANGELOG} matches this data file\n")


def test_main_names_the_changelog_beside_a_copy_of_the_data_file(monkeypatch, capsys, tmp_path):
    shutil.copy(POLICY, tmp_path / "policy.toml")
    shutil.copy(CHANGELOG, tmp_path / "changelog.toml")
    monkeypatch.setenv("POLICY_FILE", str(tmp_path / "policy.toml"))
    assert cl.main() == 0
    assert capsys.readouterr().out.endswith(
        f"ok: the newest entry of {tmp_path / 'changelog.toml'} matches this data file\n")


def test_main_fails_with_what_to_add_when_the_data_changed(monkeypatch, capsys, tmp_path):
    policy = tmp_path / "policy.toml"
    policy.write_text(POLICY.read_text(encoding="utf-8").replace("2 = 4,", "2 = 3,", 1), encoding="utf-8")
    monkeypatch.setenv("POLICY_FILE", str(policy))
    assert cl.main() == 1
    captured = capsys.readouterr()
    assert captured.out == f"{cl.data_fingerprint(policy)}  {policy}\n"
    assert captured.err == "\n" + cl.check(str(policy)) + "\n"


def test_main_fails_with_the_data_files_own_message_when_it_is_malformed(monkeypatch, capsys, tmp_path):
    policy = tmp_path / "policy.toml"
    policy.write_text('id = "broken\n', encoding="utf-8")
    monkeypatch.setenv("POLICY_FILE", str(policy))
    assert cl.main() == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"{policy}: (syntax): is not valid TOML") and captured.err.endswith("\n")
