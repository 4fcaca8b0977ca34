"""Shared fixtures: a real build of the whole bilingual site, made once per test run."""

from __future__ import annotations

import fcntl
import json
import subprocess
from pathlib import Path

import pytest

from support import build_site


def _run_root(tmp_path_factory, worker_id: str) -> Path:
    """A folder the whole run shares: under pytest-xdist, the workers' common parent."""
    base = tmp_path_factory.getbasetemp()
    return base if worker_id == "master" else base.parent


@pytest.fixture(scope="session")
def site_build(tmp_path_factory, worker_id) -> subprocess.CompletedProcess:
    """The strict build of the site, made once per run: the first worker to get here builds,
    the others wait on the lock and read what it left (the site and the build's output)."""
    root = _run_root(tmp_path_factory, worker_id)
    record = root / "site-build.json"
    with open(root / "site-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not record.exists():
            result = build_site(root / "site")
            record.write_text(json.dumps({"returncode": result.returncode, "stdout": result.stdout,
                                          "stderr": result.stderr}), encoding="utf-8")
    done = json.loads(record.read_text(encoding="utf-8"))
    return subprocess.CompletedProcess(["mkdocs", "build"], done["returncode"], done["stdout"], done["stderr"])


@pytest.fixture(scope="session")
def built_site(site_build, tmp_path_factory, worker_id) -> Path:
    assert site_build.returncode == 0, site_build.stderr
    return _run_root(tmp_path_factory, worker_id) / "site"
