"""The policy changelog: no fact changes without an entry, and changelog.toml is checked
like the data file (file, key, problem, fix)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support_policy import changelog as cl
from support_policy.changelog import ChangelogError, parse_changelog
from support_policy.load import PolicyError, default_policy_path
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
    base = cl.fingerprint(cl.tomllib.loads(text))
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", base)
    cosmetic = "# a new comment\n\n" + text.replace("\n\n", "\n\n\n").replace(
        'id = "free"\nname = { ru = "Бесплатный", en = "Free" }',
        'name = { en = "Free", ru = "Бесплатный" }   # reordered\nid = "free"',
    )
    assert cosmetic != text
    assert cl.fingerprint(cl.tomllib.loads(cosmetic)) == base
    changed = text.replace('"+44 20 3890 5445"', '"+44 20 3890 6000"')
    assert cl.fingerprint(cl.tomllib.loads(changed)) != base


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
    # What changed, found in git history, keyed like the data file's error messages.
    assert 'phone_numbers[2].number: "+61 1800 768 027" → "+61 1800 123 456"' in problem
    # How to check again without make.
    assert cl.CHECK_COMMAND in problem and cl.FINGERPRINT_COMMAND in problem
    assert "make" not in problem.replace("no `make` needed", "")

    # The suggested entry, pasted at the top as it is, is valid and makes the check pass.
    suggested = problem.split("e.g.:\n\n", 1)[1].split("\n\nWrite `fact`", 1)[0]
    body = changelog.read_text(encoding="utf-8")
    first = re.search(r"^\[\[entries\]\]$", body, flags=re.MULTILINE).start()  # not the commented example
    changelog.write_text(f"{body[:first]}{suggested}\n\n{body[first:]}", encoding="utf-8")
    assert cl.check(str(policy), str(changelog)) is None
    change = cl.load_changelog(changelog).newest.changes[0]
    assert (change.before.en, change.after.en) == ("+61 1800 768 027", "+61 1800 123 456")


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
    assert "response_target_hours.pro.2: 4 → 2" in bad.stderr


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
    assert ru.index("## 1 декабря 2026\u00a0г. { #2026-12-01 }") < ru.index("## 25 ноября 2026\u00a0г. { #2026-11-25 }")
    assert en.index("## December 1, 2026 { #2026-12-01 }") < en.index("## November 25, 2026 { #2026-11-25 }")
    assert "Новый номер." in ru and "A new number." in en
    for html, words in ((ru, ("Что изменилось", "Было", "Стало", "Телефон в Австралии", "(новое)")),
                        (en, ("What changed", "Before", "After", "Australian phone number", "(new)"))):
        assert html.count("<table>") == 1  # only the entry with changes has a table
        for word in words:
            assert word in html
        assert "+61 1800 123 456" in html
