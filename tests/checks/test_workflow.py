"""The GitHub Actions workflow: what zizmor cannot know of it. It runs only documented make
targets, checks the hash lock and tests every event before building, publishes only a tested
commit with the address Pages gives it, pins each action by commit, and limits each job's time.
zizmor itself reads the workflow and the Dependabot configuration."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
DEPENDABOT = ROOT / ".github" / "dependabot.yml"
DOCUMENTED_TARGETS = {"lock", "test", "build"}  # what the README tells people to run (besides serve)


@pytest.fixture(scope="module")
def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict), "the workflow must be a YAML mapping"
    return data


def steps(workflow: dict):
    for job_id, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def make_targets(command: str) -> list[list[str]]:
    """The targets of each `make` call in a shell command (variable assignments and options skipped)."""
    calls = []
    for line in command.splitlines():
        for part in re.split(r"&&|\|\||;|\|", line):
            words = shlex.split(part, comments=True)
            while words and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", words[0]):
                words.pop(0)  # FOO=bar make build
            if words and words[0] == "make":
                calls.append([w for w in words[1:] if not w.startswith("-") and "=" not in w])
    return calls


def makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([A-Za-z0-9][A-Za-z0-9_.-]*)\s*:(?!=)", text, flags=re.MULTILINE))


def test_make_calls_use_only_existing_documented_targets(workflow):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    existing = makefile_targets()
    calls = [(job, call) for job, step in steps(workflow) for call in make_targets(step.get("run", ""))]
    assert calls, "no step runs make"
    for job, call in calls:
        assert call, f"job {job}: a bare `make` runs the default goal (help), name a target"
        for target in call:
            assert target in existing, f"job {job}: `make {target}` is not a Makefile target"
            assert target in DOCUMENTED_TARGETS and f"make {target}" in readme, \
                f"job {job}: `make {target}` is not one of the commands the README documents"
    assert {target for _, call in calls for target in call} == {"lock", "test", "build"}


def test_every_event_is_tested_then_built_and_the_site_uploaded(workflow):
    job = workflow["jobs"]["test"]
    assert "if" not in job, "pull requests and pushes to main alike are tested"
    uses = [s.get("uses", "") for s in job["steps"]]
    runs = [s.get("run", "") for s in job["steps"]]
    assert any(u.startswith("actions/checkout@") for u in uses)
    # The Python CI sets up is the one .python-version picks for the Makefile's venv.
    python = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python@"))
    assert str(python["with"]["python-version"]) == (ROOT / ".python-version").read_text(encoding="utf-8").strip()
    assert runs.index("make test") < runs.index("make build")
    # Chromium is there before `make test`, which would otherwise run apt-get without sudo.
    chromium = next(i for i, r in enumerate(runs) if "/usr/bin/chromium" in r)
    assert chromium < runs.index("make test")
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"].rstrip("/") == "site"
    assert uses.index(upload["uses"]) > runs.index("make build")


def test_the_hash_lock_is_checked_before_the_tests(workflow):
    """Dependabot bumps a pin and its hashes without resolving again: the test job first runs
    `make lock` and fails, naming the fix, when that changes the committed lock. The pip cache
    is keyed on a file that exists (the lock)."""
    runs = [s.get("run", "") for s in workflow["jobs"]["test"]["steps"]]
    check = next(i for i, r in enumerate(runs) if "make lock" in r)
    assert check < runs.index("make test")
    assert "git diff --exit-code -- requirements-lock.txt" in runs[check] and "Fix: run make lock" in runs[check]
    for _, step in steps(workflow):
        if step.get("uses", "").startswith("actions/setup-python@"):
            assert (ROOT / step["with"]["cache-dependency-path"]).is_file(), step["with"]


def test_main_is_built_and_deployed_with_the_official_pages_actions(workflow):
    jobs = workflow["jobs"]
    deploy = next(j for j in jobs.values() if any(s.get("uses", "").startswith("actions/deploy-pages@")
                                                  for s in j.get("steps", [])))
    build = jobs[deploy["needs"] if isinstance(deploy["needs"], str) else deploy["needs"][0]]
    assert "push" in build["if"]
    assert build["needs"] == "test", "only a commit whose tests passed in the same run is published"
    uses = [s.get("uses", "") for s in build["steps"]]
    assert any(u.startswith("actions/configure-pages@") for u in uses)
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    # The deploy build gets its address from configure-pages (mkdocs.yml reads !ENV SITE_URL).
    configure = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/configure-pages@"))
    make_build = next(s for s in build["steps"] if "make build" in s.get("run", ""))
    text = yaml.safe_dump(make_build)
    assert f"steps.{configure['id']}.outputs.base_url" in text and "SITE_URL" in text
    assert "!ENV [SITE_URL" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def test_actions_are_pinned_by_commit_with_their_version_beside():
    """A tag can be moved; a commit cannot. The version in the comment says which release the
    commit is (each action's public repository, with its tags, gives the commit)."""
    lines = [line for line in WORKFLOW.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert lines
    for line in lines:
        assert re.search(r"uses: actions/[a-z-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), line


def test_dependabot_proposes_weekly_grouped_updates_with_pyodide_alone():
    """pip, npm and the actions, weekly, in groups; Pyodide in a pull request of its own, since
    a new runtime moves the snapshot key and the bytes (make bench before merging: README)."""
    config = yaml.safe_load(DEPENDABOT.read_text(encoding="utf-8"))
    updates = {update["package-ecosystem"]: update for update in config["updates"]}
    assert set(updates) == {"pip", "npm", "github-actions"}
    for name, update in updates.items():
        assert update["schedule"]["interval"] == "weekly" and update["groups"], name
    pyodide = [group for group in updates["npm"]["groups"].values() if "pyodide" in group["patterns"]]
    assert [group["patterns"] for group in pyodide] == [["pyodide"]]


def test_every_job_has_a_time_limit(workflow):
    """zizmor does not ask for one; a hung job would otherwise hold a runner for six hours."""
    for job_id, job in workflow["jobs"].items():
        assert 0 < job["timeout-minutes"] <= 60, job_id


def test_zizmor_finds_nothing_of_medium_or_high_severity():
    """zizmor, the ecosystem's static analyser for GitHub Actions, offline: it holds what this
    file does not restate (least permissions, no persisted checkout token, template injection,
    cache poisoning, …; in the Dependabot file, a cooldown on every ecosystem)."""
    zizmor = Path(sys.executable).with_name("zizmor")
    result = subprocess.run([str(zizmor), "--offline", "--min-severity", "medium", str(WORKFLOW), str(DEPENDABOT)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


#END
