"""The policy's versions from git history, and the changelog guard that each entry records its
change completely, fact by fact: a fixture repository with four versions (the publication,
then a target changed, a phone number added, a wording changed), each entry written by
pasting what the guard printed."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from support_policy import changelog as cl
from support_policy import versions as vs
from support_policy.load import default_policy_path
from support_policy.render import date_text, render_version, render_version_differences
from versions_repo import STEPS, git, make_versions_repo

POLICY = Path(default_policy_path())


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    return make_versions_repo(tmp_path_factory.mktemp("versions"))


def versions_of(repo: Path, cache: Path | None = None) -> vs.Versions:
    changelog = repo / "changelog.toml"
    return vs.find_versions(cl.load_changelog(changelog), str(changelog), cl.read_toml(repo / "policy.toml"), cache)


# ─── every version, from git ─────────────────────────────────────────────────

def test_each_entry_is_a_version_with_its_own_facts_and_dates(repo):
    found = versions_of(repo)
    assert found.notice is None
    assert [(v.slug, v.until) for v in found.versions] == [
        ("2026-12-04", None), ("2026-12-03", dt.date(2026, 12, 4)), ("2026-12-01", dt.date(2026, 12, 3)),
        ("2026-11-25", dt.date(2026, 12, 1))]
    by_slug = {v.slug: v.policy for v in found.versions}
    assert by_slug["2026-11-25"].response_target_hours[("pro", 2)] == 4
    assert by_slug["2026-12-01"].response_target_hours[("pro", 2)] == 8
    assert "+49 800 000 1234" not in [p.number for p in by_slug["2026-12-01"].phone_numbers]
    assert "+49 800 000 1234" in [p.number for p in by_slug["2026-12-03"].phone_numbers]
    assert by_slug["2026-12-03"].priority(1).resourcing.ru.startswith("Компания Zoom предоставляет необходимые")
    assert by_slug["2026-12-04"].priority(1).resourcing.ru.startswith("Компания Zoom круглосуточно")
    # Each version's changelog is the changelog as it stood: its entry and the older ones.
    assert [e.date.isoformat() for e in found.versions[2].changelog.entries] == ["2026-12-01", "2026-11-25"]


def test_the_history_cache_is_used_and_a_damaged_one_is_rebuilt(repo, tmp_path):
    cache = tmp_path / "history.json"
    first = versions_of(repo, cache)
    assert len(json.loads(cache.read_text(encoding="utf-8"))) == 4  # one fingerprint per blob
    cache.write_text("{not json", encoding="utf-8")
    again = versions_of(repo, cache)
    assert [v.data for v in again.versions] == [v.data for v in first.versions]
    assert "{not json" not in cache.read_text(encoding="utf-8")


def test_a_shallow_clone_builds_the_current_policy_alone_and_says_so(repo, tmp_path):
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True)
    found = versions_of(clone)
    assert found.versions == ()
    assert "this clone is shallow" in found.notice and "git fetch --unshallow" in found.notice
    # The guard still checks the newest entry against the data file, and passes.
    assert cl.check(str(clone / "policy.toml"), str(clone / "changelog.toml")) is None


def test_a_history_that_starts_after_the_first_version_is_like_a_shallow_one(repo, tmp_path):
    # A copy of the project committed afresh: its history starts with today's data file.
    shutil.copy(repo / "policy.toml", tmp_path / "policy.toml")
    shutil.copy(repo / "changelog.toml", tmp_path / "changelog.toml")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "a copy")
    found = versions_of(tmp_path)
    assert found.versions == ()
    assert "git history does not reach back to the first version (the entry dated 2026-11-25)" in found.notice


def test_outside_git_the_versions_are_left_out_with_the_reason(repo, tmp_path):
    shutil.copy(repo / "policy.toml", tmp_path / "policy.toml")
    shutil.copy(repo / "changelog.toml", tmp_path / "changelog.toml")
    found = versions_of(tmp_path)
    assert found.versions == () and "not a git clone" in found.notice


def test_an_unknown_fingerprint_stops_with_the_entry_s_date_and_the_fix(repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", f"file://{repo}", str(clone)], check=True)
    changelog = clone / "changelog.toml"
    text = changelog.read_text(encoding="utf-8")
    wrong = "sha256:" + "0" * 64
    older = cl.load_changelog(changelog).entries[2].fingerprint  # the entry dated 2026-12-01
    changelog.write_text(text.replace(older, wrong), encoding="utf-8")
    with pytest.raises(vs.VersionError) as caught:
        versions_of(clone)
    message = str(caught.value)
    assert f"{changelog}: entries[2].fingerprint: the entry dated 2026-12-01 names {wrong}" in message
    assert "Fix: copy the fingerprint of the data file as it was published" in message
    assert older in message  # the data file's own versions are listed, with their fingerprints


def test_an_older_data_file_without_the_guide_is_read_as_a_version_without_it():
    # policy.toml before the guide existed (commit b0a292c): no `priority_guide` at all.
    text = POLICY.read_text(encoding="utf-8")
    old = tomllib.loads(text)
    del old["priority_guide"]
    with pytest.raises(cl.PolicyError, match=r"\(top level\)\.priority_guide: is missing"):
        cl._Checker("old.toml").policy(old)  # today's loader refuses it
    policy = vs.parse_version(old, "old.toml")
    assert policy.priority_guide == ()
    assert policy.response_target_hours == vs.parse_version(tomllib.loads(text), "now.toml").response_target_hours
    # A section that was never optional still fails, naming the version.
    del old["plans"]
    with pytest.raises(cl.PolicyError, match=r"old\.toml: \(top level\)\.plans: is missing"):
        vs.parse_version(old, "old.toml")


# ─── what changed, fact by fact ──────────────────────────────────────────────

def test_each_kind_of_change_is_one_named_fact_with_both_values(repo):
    data = {v.slug: v.data for v in versions_of(repo).versions}
    target, = vs.fact_changes(data["2026-11-25"], data["2026-12-01"])
    assert (target.key, target.fact.en, target.before.en, target.after.ru) == (
        "response_target_hours.pro.2", "Target response time: Pro plan, priority\u00a02", "4\u00a0hours",
        "8\u00a0часов")
    phone, = vs.fact_changes(data["2026-12-01"], data["2026-12-03"])
    assert (phone.fact.ru, phone.before, phone.after.en) == (
        "Телефон поддержки (Германия)", None, "Germany: +49 800 000 1234, ext. 2")
    wording, = vs.fact_changes(data["2026-12-03"], data["2026-12-04"])
    assert wording.fact.ru == "Ресурсы для приоритета\u00a01"
    assert wording.before.ru.startswith("Компания Zoom предоставляет") and wording.after.en == wording.before.en


def test_a_guide_answer_that_now_leads_elsewhere_is_one_change():
    data = tomllib.loads(POLICY.read_text(encoding="utf-8"))
    changed = tomllib.loads(POLICY.read_text(encoding="utf-8"))
    answer = changed["priority_guide"][1]["answers"][2]
    answer.pop("next", None), answer.pop("priority", None)
    answer["priority"] = 3
    change, = vs.fact_changes(data, changed)
    assert change.key == "priority_guide[id=down_workaround].answers[2].leads"
    assert change.after.en == "→ priority\u00a03"


@pytest.mark.parametrize("step", STEPS)
def test_the_guard_refuses_an_entry_that_leaves_out_a_changed_fact_and_its_block_pasted_passes(repo, tmp_path, step):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", f"file://{repo}", str(clone)], check=True)
    changelog = clone / "changelog.toml"
    day, _, keys = STEPS[step]
    text = changelog.read_text(encoding="utf-8")
    # The entry of that day, without its block for the changed fact.
    entry_at = text.index(f"date = {day.isoformat()}")
    block_at = text.index("[[entries.changes]]", entry_at)
    block_end = text.find("\n[[entries", block_at + 1)
    block = text[block_at:block_end if block_end != -1 else len(text)].strip()
    changelog.write_text(text.replace(block, ""), encoding="utf-8")

    problem = cl.check(str(clone / "policy.toml"), str(changelog))

    assert problem is not None
    index = [e.date for e in cl.load_changelog(changelog).entries].index(day)
    assert f"entries[{index}] (the entry dated {day}): 1 of the 1 facts that changed" in problem
    printed = problem.split("same change in other words):\n", 1)[1].strip()
    assert printed == block, "the block to paste is the one taken out"
    assert f'keys = ["{keys[0]}"]' in printed and "\nfrom = " in printed or "\nto = " in printed
    # Pasted back below its entry, the record is complete again.
    changelog.write_text(text, encoding="utf-8")
    assert cl.check(str(clone / "policy.toml"), str(changelog)) is None


def test_a_key_that_did_not_change_is_refused_with_the_keys_that_did(repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", f"file://{repo}", str(clone)], check=True)
    changelog = clone / "changelog.toml"
    changelog.write_text(changelog.read_text(encoding="utf-8").replace(
        'keys = ["response_target_hours.pro.2"]', 'keys = ["response_target_hours.pro.2", "plans[id=pro].name"]'),
        encoding="utf-8")
    problem = cl.check(str(clone / "policy.toml"), str(changelog))
    assert "keys that did not change since the version of 2026-11-25: plans[id=pro].name." in problem
    assert "Fix: correct or remove them; the changed keys are: response_target_hours.pro.2" in problem


# ─── the version page and a reviewer's list ──────────────────────────────────

def test_a_version_page_marks_what_reads_differently_today_in_each_language(repo):
    found = versions_of(repo)
    today, oldest = found.versions[0], found.versions[-1]
    links = {"home": "/", "next": "/versions/2026-12-01/", "json": "/policy/2026-11-25.json",
             "changelog": "/changelog/#2026-11-25", "versions": "/versions/"}
    for lang, marked, wording_marked in (("ru", "4\u00a0часа", True), ("en", "4\u00a0hours", False)):
        differences = vs.shown_differences(oldest, today.data)
        page = render_version(oldest, today.policy, differences, lang, links)
        assert f'<mark class="policy-differs">{marked}</mark>' in page
        assert "+49 800 000 1234" not in page.split('data-policy="version-differences"')[0]
        table = render_version_differences(differences, lang)
        # The wording change was Russian only: the English page has nothing to mark for it.
        assert ("Ресурсы для приоритета" in table) == wording_marked
        assert ("Resources for priority" in table) is False
        assert ("Germany" in table or "Германия" in table)  # today's new number: absent in this version
    banner = render_version(oldest, today.policy, [], "en", links)
    assert f"from {date_text(oldest.date, 'en')} until {date_text(dt.date(2026, 12, 1), 'en')}, when" in banner
    current = render_version(today, today.policy, vs.shown_differences(today, today.data), "ru", links)
    since = date_text(dt.date(2026, 12, 4), "ru")
    assert f"Это действующая версия политики: она действует с {since}," in current
    assert "policy-differs" not in current and "Отличий от действующей политики нет." in current


def test_the_command_line_prints_a_pull_request_s_changes_in_both_languages(repo):
    env = {"POLICY_FILE": str(repo / "policy.toml"), "PATH": "/usr/bin:/bin"}
    first = git(repo, "rev-list", "--max-parents=0", "HEAD").strip()
    done = subprocess.run([sys.executable, "-m", "support_policy.versions", "changes", first],
                          env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith(f"## Policy changes since {first[:12]}\n\n3 fact(s) change.")
    assert "| Целевое время реакции: план «Профессиональный», приоритет\u00a02 | 4\u00a0часа | 8\u00a0часов |" in out
    assert "| Support phone number (Germany) | (new) | Germany: +49 800 000 1234, ext. 2 |" in out
    head = subprocess.run([sys.executable, "-m", "support_policy.versions", "changes", "HEAD"],
                          env=env, capture_output=True, text=True)
    assert "No fact of the policy changes." in head.stdout
