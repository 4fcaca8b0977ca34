"""Builds that several site tests share, beside tests/conftest.py's."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import build_site



@pytest.fixture(scope="session")
def site_below_a_path(tmp_path_factory) -> tuple[Path, str]:
    """The site built for a host that serves it below a path, and that site_url."""
    site_url = "https://docs.example.org/policy/"
    site = tmp_path_factory.mktemp("below-a-path") / "site"
    result = build_site(site, {"SITE_URL": site_url})
    assert result.returncode == 0, result.stderr
    return site, site_url
