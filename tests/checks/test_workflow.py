"""The GitHub Actions workflow: it parses, runs only documented make targets, and deploys with the official Pages actions."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
DOCUMENTED_TARGETS = {"test", "build"}  # what the README tells people to run (besides serve)


@pytest.fixture(scope="module")
def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict), "the workflow must be a YAML mapping"
    return data


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads a bare `on` key as True.
    on = workflow.get("on", workflow.get(True))
    assert isinstance(on, dict), "`on:` must list the events"
    return on


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


def test_the_workflow_parses_and_has_both_triggers(workflow):
    on = triggers(workflow)
    assert "pull_request" in on
    assert "push" in on
    assert on["push"]["branches"] == ["main"]
    assert workflow["jobs"], "the workflow has no jobs"


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
    assert {target for _, call in calls for target in call} == {"test", "build"}


def test_pull_requests_are_tested_then_built_and_the_site_uploaded(workflow):
    job = next(j for j in workflow["jobs"].values() if "pull_request" in str(j.get("if", "")))
    uses = [s.get("uses", "") for s in job["steps"]]
    runs = [s.get("run", "") for s in job["steps"]]
    assert any(u.startswith("actions/checkout@") for u in uses)
    python = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python@"))
    assert str(python["with"]["python-version"]) == "3.13"
    node = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-node@"))
    assert str(node["with"]["node-version"]) == "20"
    assert runs.index("make test") < runs.index("make build")
    # Chromium is there before `make test`, which would otherwise run apt-get without sudo.
    chromium = next(i for i, r in enumerate(runs) if "/usr/bin/chromium" in r)
    assert chromium < runs.index("make test")
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"].rstrip("/") == "site"
    assert uses.index(upload["uses"]) > runs.index("make build")


def test_main_is_built_and_deployed_with_the_official_pages_actions(workflow):
    jobs = workflow["jobs"]
    deploy = next(j for j in jobs.values() if any(s.get("uses", "").startswith("actions/deploy-pages@")
                                                  for s in j.get("steps", [])))
    assert deploy["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"]["group"]
    build = jobs[deploy["needs"] if isinstance(deploy["needs"], str) else deploy["needs"][0]]
    assert "push" in build["if"]
    uses = [s.get("uses", "") for s in build["steps"]]
    assert any(u.startswith("actions/configure-pages@") for u in uses)
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    # The deploy build gets its address from configure-pages (mkdocs.yml reads !ENV SITE_URL).
    configure = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/configure-pages@"))
    make_build = next(s for s in build["steps"] if "make build" in s.get("run", ""))
    text = yaml.safe_dump(make_build)
    assert f"steps.{configure['id']}.outputs.base_url" in text and "SITE_URL" in text
    assert "!ENV [SITE_URL" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


def test_actions_are_pinned_to_a_major_version(workflow):
    for job, step in steps(workflow):
        if "uses" in step:
            assert re.fullmatch(r"actions/[a-z-]+@v\d+", step["uses"]), f"job {job}: pin {step['uses']} to @vN"


def test_workflow_level_concurrency_and_least_privilege(workflow):
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["concurrency"]["group"]
