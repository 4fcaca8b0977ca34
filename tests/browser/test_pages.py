"""Pages as a visitor sees them: no foreign requests, no console errors, language switch."""

from __future__ import annotations

import pytest

from support import PAGES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("page", PAGES)
def test_page_loads_clean(page_watch, site_url, prefix, page):
    p = page_watch["page"]
    response = p.goto(f"{site_url}{prefix}/{page}")
    assert response.status == 200
    p.wait_for_load_state("networkidle")
    assert page_watch["foreign"] == []
    assert page_watch["errors"] == []
