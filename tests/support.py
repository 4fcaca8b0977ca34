"""What several test folders share: where the repo is, its pages, and a real site build."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from axe_playwright_python.base import AxeResults
from axe_playwright_python.sync_playwright import Axe

from static_host import static_host as serve  # noqa: F401  (a real host's headers)

ROOT = Path(__file__).resolve().parents[1]
POLICY_FILE = ROOT / "widget/src/support_policy/policy.toml"
# Every page's path below a language root ("" is the overview).
PAGES = ["", "picker/", "support-process/", "support-hours/", "priority-levels/", "response-time/",
         "satisfaction/", "professional-services/", "changelog/", "versions/", "export/"]
SCREENSHOTS = ROOT / "tests" / "output" / "screenshots"


def picker_boot(html: str) -> dict | None:
    """The picker's boot settings, from the <script type="application/json" id="picker-boot">
    that Runtime.head (overrides/hooks/picker_build.py) puts in a picker page's <head>, as
    the page's own start script reads them; None when the page has no picker."""
    settings = re.search(r'<script type="application/json" id="picker-boot">(.*?)</script>', html, re.DOTALL)
    return json.loads(settings.group(1)) if settings else None


def build_site(dest: Path, env_extra: dict[str, str] | None = None,
               project: Path = ROOT) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of `project` (this repo unless said) into dest; returns the finished process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env_extra or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest)],
        cwd=project, env=env, capture_output=True, text=True, timeout=300,
    )


def screenshot(page, name: str, full_page: bool = True) -> Path:
    """tests/output/screenshots/<name>.png: the whole page, or only what the window shows."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


# ─── axe ─────────────────────────────────────────────────────────────────────

# WCAG 2.2 A and AA, and axe's best practices (the rules that do not fit: ALLOWED, with why).
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"],
}
# Findings that are right for axe and wrong for this site: (rule id, element) → why.
ALLOWED = {
    ("region", "#__drawer"): "Material's drawer toggle must come before its header (its CSS opens the drawer "
                             "with a sibling selector); site.css lets it take focus over the hamburger, so it "
                             "is a control outside a landmark by design. Its label is the hamburger's.",
}


def axe_findings(page, context=None) -> AxeResults:
    """axe's violations on the page (or context), without the ALLOWED ones."""
    result = Axe().run(page, context=context, options=AXE_OPTIONS)
    kept = []
    for violation in result.response["violations"]:
        nodes = [node for node in violation["nodes"]
                 if (violation["id"], " ".join(map(str, node["target"]))) not in ALLOWED]
        if nodes:
            kept.append({**violation, "nodes": nodes})
    return AxeResults({**result.response, "violations": kept})
