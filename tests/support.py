"""What several test folders share: where the repo is, its pages, and a real site build."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from static_host import static_host as serve  # noqa: F401  (a real host's headers)

ROOT = Path(__file__).resolve().parents[1]
POLICY_FILE = ROOT / "widget/src/support_policy/policy.toml"
# Every page's path below a language root ("" is the overview).
PAGES = ["", "picker/", "support-process/", "support-hours/", "priority-levels/", "response-time/",
         "satisfaction/", "professional-services/", "changelog/", "export/"]
SCREENSHOTS = ROOT / "tests" / "output" / "screenshots"


def picker_start(html: str) -> tuple[str, dict] | None:
    """The worker's URL and its boot message, read from the inline script that
    Runtime.start_script (overrides/hooks/picker_build.py) puts at the top of a picker
    page's <head>; None when the page has no such script."""
    script = re.search(r"<script>(\(\(\)=>\{const p=self\.planPicker.*?)</script>", html)
    if not script:
        return None
    worker = re.search(r'new Worker\(("[^"]+")', script.group(1))
    boot = re.search(r"w\.postMessage\((\{.*?\})\);ok\(w\)", script.group(1))
    return json.loads(worker.group(1)), json.loads(boot.group(1))


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
