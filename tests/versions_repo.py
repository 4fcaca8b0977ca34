"""A fixture repository with four versions of the policy: the publication, then a target
changed, a phone number added, a wording changed; each changelog entry written as a writer
would, by pasting what the changelog guard printed (tests/widget/test_versions.py, and the
site built from it in tests/site/test_versions.py)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

from support_policy import changelog as cl
from support_policy.load import default_policy_path

POLICY = Path(default_policy_path())
PUBLICATION = """[[entries]]
date = 2026-11-25
fingerprint = "FINGERPRINT"
summary = { ru = "Политика опубликована.", en = "The policy is published." }
"""
# Each step: (date, what the writer does to policy.toml, the keys that change).
STEPS = {
    "target": (dt.date(2026, 12, 1), lambda t: t.replace("pro = { 1 = 1, 2 = 4,", "pro = { 1 = 1, 2 = 8,"),
               ["response_target_hours.pro.2"]),
    "phone": (dt.date(2026, 12, 3), lambda t: t.replace(
        '[[phone_numbers]]\ncountry = "AU"',
        '[[phone_numbers]]\ncountry = "DE"\ncountry_name = { ru = "Германия", en = "Germany" }\n'
        'number = "+49 800 000 1234"\nextension = "2"\n\n[[phone_numbers]]\ncountry = "AU"'),
              ["phone_numbers[number=+49 800 000 1234]"]),
    "wording": (dt.date(2026, 12, 4), lambda t: t.replace(
        "Компания Zoom предоставляет необходимые ресурсы круглосуточно для устранения данной ситуации.",
        "Компания Zoom круглосуточно предоставляет необходимые ресурсы для устранения данной ситуации."),
                ["priorities[id=1].resourcing"]),
}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args],
                          cwd=repo, check=True, capture_output=True, text=True).stdout


def suggested_entry(problem: str) -> str:
    return problem.split("e.g.:\n\n", 1)[1].split("\n\nWrite `fact`", 1)[0]


def paste_at_the_top(changelog: Path, text: str) -> None:
    body = changelog.read_text(encoding="utf-8")
    first = re.search(r"^\[\[entries\]\]$", body, flags=re.MULTILINE)
    at = first.start() if first else len(body)
    changelog.write_text(f"{body[:at]}{text}\n\n{body[at:]}", encoding="utf-8")


def publish(repo: Path, step: str) -> None:
    """As a writer: edit policy.toml, paste the entry the guard prints (dated), commit."""
    day, edit, _ = STEPS[step]
    policy = repo / "policy.toml"
    policy.write_text(edit(policy.read_text(encoding="utf-8")), encoding="utf-8")
    problem = cl.check(str(policy), str(repo / "changelog.toml"))
    assert problem and "has changed since the newest entry" in problem
    entry = re.sub(r"^date = .*$", f"date = {day.isoformat()}", suggested_entry(problem), count=1, flags=re.M)
    paste_at_the_top(repo / "changelog.toml", entry)
    assert cl.check(str(policy), str(repo / "changelog.toml")) is None
    git(repo, "commit", "-q", "-am", step)


def make_versions_repo(repo: Path) -> Path:
    """A git repository in `repo` with policy.toml and changelog.toml, published in four versions."""
    shutil.copy(POLICY, repo / "policy.toml")
    fingerprint = cl.data_fingerprint(repo / "policy.toml")
    (repo / "changelog.toml").write_text(PUBLICATION.replace("FINGERPRINT", fingerprint), encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "publication")
    for step in STEPS:
        publish(repo, step)
    return repo


