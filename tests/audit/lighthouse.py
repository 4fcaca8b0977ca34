"""`make audit`: Lighthouse on every page of both languages, served as a real host would.

Scores must be 100 in performance, accessibility, best practices and SEO. The
widget page is audited through a deep link, so the picker answers during the run.
Prints one row per page and, for anything under 100, the audits that cost points.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from browser.conftest import CHROMIUM_ARGS  # noqa: E402
from static_host import static_host  # noqa: E402
from support import PAGES, ROOT, build_site  # noqa: E402

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"


def targets() -> list[str]:
    paths = []
    for prefix in ("/", "/en/"):
        for page in PAGES:
            query = "?plan=business&priority=2" if page in ("", "picker/") else ""
            paths.append(f"{prefix}{page}{query}")
    return paths


def audit(url: str, preset: str, out: Path) -> dict:
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
               f"--chrome-flags={flags}", f"--only-categories={','.join(CATEGORIES)}"]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    if result.returncode != 0 or not out.is_file():
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def losses(report: dict) -> list[str]:
    """The weighted audits that scored under 1, as 'category: audit (value)'."""
    out = []
    for name in CATEGORIES:
        for ref in report["categories"][name]["auditRefs"]:
            result = report["audits"][ref["id"]]
            if ref["weight"] > 0 and result["score"] is not None and result["score"] < 1:
                out.append(f"{name}: {ref['id']} {result.get('displayValue', '')}".rstrip())
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--preset", choices=["mobile", "desktop", "both"], default="both")
    parser.add_argument("--only", help="audit only paths containing this text")
    args = parser.parse_args()
    presets = ["mobile", "desktop"] if args.preset == "both" else [args.preset]
    failed = 0
    with tempfile.TemporaryDirectory(prefix="audit-") as tmp:
        site = Path(tmp) / "site"
        result = build_site(site)
        if result.returncode != 0:
            sys.exit(f"build failed:\n{result.stderr}")
        with static_host(site) as base:
            print(f"{'page':<42}{'preset':<9}" + "".join(f"{c[:13]:>15}" for c in CATEGORIES))
            for path in targets():
                if args.only and args.only not in path:
                    continue
                for preset in presets:
                    report = audit(base + path, preset, Path(tmp) / "report.json")
                    scores = [report["categories"][c]["score"] for c in CATEGORIES]
                    shown = "".join(f"{'—' if s is None else round(s * 100):>15}" for s in scores)
                    print(f"{path:<42}{preset:<9}{shown}", flush=True)
                    if any(s is None or s < 1 for s in scores):
                        failed += 1
                        for loss in losses(report):
                            print(f"    {loss}")
    print(f"\n{'FAILED' if failed else 'PASSED'}: {failed} audit(s) under 100")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
