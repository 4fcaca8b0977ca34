"""MkDocs hook: the site offline after one visit.

After the last language is built, `write_worker` runs offline_workers.mjs (Workbox's build
module, from npm), which writes the site's service worker, /sw.js, with its precache
manifest: every page of both languages, their search indexes, and the styles, scripts and
icons the pages load. One worker at the root, not one per language below /en/: a service
worker controls the workers a page starts (the search's, the picker's) only when their
scripts lie in its scope, and those live in /assets/. Keeping the other language's pages
too costs about 65 KB gzipped on the wire.

The plan picker's runtime is left out of the manifest (megabytes, and only for those who use
the picker); the worker keeps it once the picker has run (offline_sw.js), checking each file
against the checksums of the picker's boot settings (picker_build.BOOT_FILE, which names the
runtime's files once for the page, the worker and this hook). Workbox's own
scripts are copied below assets/workbox/<version>/. docs/assets/offline.js registers the
worker. `mkdocs serve` writes none: a writer's browser would otherwise keep yesterday's pages.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from picker_build import BOOT_FILE

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
SCRIPT = Path(__file__).with_name("offline_workers.mjs")
# The Workbox modules the worker loads (workbox-sw loads the others by name from its folder).
WORKBOX_FILES = {"workbox-sw": "workbox-sw.js", "workbox-core": "workbox-core.prod.js",
                 "workbox-precaching": "workbox-precaching.prod.js", "workbox-routing": "workbox-routing.prod.js",
                 "workbox-strategies": "workbox-strategies.prod.js"}  # precaching's strategy
# What the worker keeps, below the site's root: the pages and what they load.
PRECACHE = [
    "**/index.html", "**/search/search_index.json",
    "assets/stylesheets/*.css", "assets/javascripts/bundle.*.min.js", "assets/javascripts/workers/search.*.min.js",
    "assets/javascripts/lunr/min/lunr.{stemmer.support,multi,ru}.min.js", "assets/*.{svg,js}", "assets/images/*",
    "assets/picker/picker*.js",
]
# The policy's earlier versions (policy_versions.py) are read online, on purpose; nor is
# what only other programs read: link-preview cards, pages' Markdown copies, llms.txt (share.py).
NEVER = ["**/*.map", "assets/pyodide/**", "assets/picker/python.*", "assets/picker/boot.json",
         "versions/*/index.html", "en/versions/*/index.html", "assets/cards/**", "**/*.md", "**/llms.txt"]
_state = {"command": None}


def workbox_version() -> str:
    package = NODE_MODULES / "workbox-sw" / "package.json"
    if not package.is_file():
        raise PluginError("Offline: node_modules/workbox-sw is missing. Fix: run `npm ci` (make does it)")
    return json.loads(package.read_text(encoding="utf-8"))["version"]


def write_worker(site_dir: Path, node: str = "node") -> dict:
    """The service worker and Workbox's scripts, in site_dir; returns what it keeps (count, size)."""
    workbox = f"assets/workbox/{workbox_version()}"
    (site_dir / workbox).mkdir(parents=True, exist_ok=True)
    for package, name in WORKBOX_FILES.items():
        shutil.copy2(NODE_MODULES / package / "build" / name, site_dir / workbox / name)
    boot_file = site_dir / BOOT_FILE
    if not boot_file.is_file():
        raise PluginError(f"Offline: {BOOT_FILE} is missing from the site: the picker's hook (picker_assets.py) "
                          "writes it. Fix: keep it in mkdocs.yml's hooks, before offline.py")
    boot = json.loads(boot_file.read_text(encoding="utf-8"))
    runtime = {"files": {download["url"]: download["sha256"] for download in boot["downloads"]},
               "cache": boot["caches"]["runtime"]}
    settings = {"workbox": workbox, "precache": PRECACHE, "ignore": NEVER, "runtime": runtime}
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as file:
        json.dump(settings, file)
        file.flush()
        try:
            result = subprocess.run([node, str(SCRIPT), str(site_dir), file.name],
                                    capture_output=True, text=True, timeout=120, cwd=ROOT)
        except (OSError, subprocess.TimeoutExpired) as err:
            raise PluginError(f"Offline: {SCRIPT.name} did not run: {err}") from err
    if result.returncode != 0:
        raise PluginError(f"Offline: {SCRIPT.name} failed:\n{result.stderr.strip()}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def on_startup(command, dirty):
    _state["command"] = command


@event_priority(-300)  # after search_languages.py has split the index (-200)
def on_post_build(config):
    i18n = config.plugins.get("i18n")
    if _state["command"] == "serve" or getattr(i18n, "building", False):
        return  # not while serving; and once, when every language is built (see search_languages.py)
    write_worker(Path(config.site_dir))
