"""Shared fixtures: a real build of the whole bilingual site, made once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import build_site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("site")
    result = build_site(dest)
    assert result.returncode == 0, result.stderr
    return dest
