"""Shared fixtures: a real build of the whole bilingual site, made once per test run, and a
second one, a deploy: the same site from a copy of the data file with one more comment (the
facts the same, the picker's archive and so its hash and snapshot key new)."""

from __future__ import annotations

import fcntl
import json
import subprocess
from pathlib import Path

import pytest

from support import POLICY_FILE, build_site
from versions_repo import make_versions_repo


def _run_root(tmp_path_factory, worker_id: str) -> Path:
    """A folder the whole run shares: under pytest-xdist, the workers' common parent."""
    base = tmp_path_factory.getbasetemp()
    return base if worker_id == "master" else base.parent


def _shared_build(root: Path, name: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """root/name, built once per run: the first worker to get here builds, the others wait on
    the lock and read what it left (the site and the build's output)."""
    record = root / f"{name}-build.json"
    with open(root / f"{name}-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not record.exists():
            result = build_site(root / name, env)
            record.write_text(json.dumps({"returncode": result.returncode, "stdout": result.stdout,
                                          "stderr": result.stderr}), encoding="utf-8")
    done = json.loads(record.read_text(encoding="utf-8"))
    return subprocess.CompletedProcess(["mkdocs", "build"], done["returncode"], done["stdout"], done["stderr"])


@pytest.fixture(scope="session")
def site_build(tmp_path_factory, worker_id) -> subprocess.CompletedProcess:
    """The strict build of the site, made once per run."""
    return _shared_build(_run_root(tmp_path_factory, worker_id), "site")


@pytest.fixture(scope="session")
def deployed_site(tmp_path_factory, worker_id, built_site) -> Path:
    """The next deploy: a build from a copy of the data file with one more comment."""
    root = _run_root(tmp_path_factory, worker_id)
    data = root / "deployed-policy.toml"
    if not data.exists():
        data.write_text(POLICY_FILE.read_text(encoding="utf-8") + "\n# Deployed again.\n", encoding="utf-8")
    result = _shared_build(root, "deployed", {"POLICY_FILE": str(data)})
    assert result.returncode == 0, result.stderr
    return root / "deployed"


@pytest.fixture(scope="session")
def versions_site(tmp_path_factory, worker_id) -> tuple[Path, Path]:
    """The site built from the fixture repository of four policy versions (tests/versions_repo.py):
    (the repository, the site)."""
    root = _run_root(tmp_path_factory, worker_id)
    repo = root / "versions-repo"
    with open(root / "versions-repo.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (repo / ".git").exists():
            repo.mkdir(exist_ok=True)
            make_versions_repo(repo)
    result = _shared_build(root, "versions", {"POLICY_FILE": str(repo / "policy.toml")})
    assert result.returncode == 0, result.stderr
    return repo, root / "versions"


# The address of a site that a host serves below a path (a GitHub Pages project site, a host
# behind a path prefix).
BELOW_A_PATH = "https://docs.example.org/policy/"


@pytest.fixture(scope="session")
def site_below_a_path(tmp_path_factory, worker_id) -> tuple[Path, str]:
    """The site built for BELOW_A_PATH, once per run, and that site_url."""
    root = _run_root(tmp_path_factory, worker_id)
    result = _shared_build(root, "below-a-path", {"SITE_URL": BELOW_A_PATH})
    assert result.returncode == 0, result.stderr
    return root / "below-a-path", BELOW_A_PATH


@pytest.fixture(scope="session")
def built_site(site_build, tmp_path_factory, worker_id) -> Path:
    assert site_build.returncode == 0, site_build.stderr
    return _run_root(tmp_path_factory, worker_id) / "site"
