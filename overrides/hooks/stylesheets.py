"""MkDocs hook: the site's own stylesheets (`extra_css`) are served as one file.

Each stylesheet in <head> is a request that blocks the first paint; three small
ones (site.css, picker.css, print.css: 15 kB together) cost more in round trips
than in bytes. They stay separate files in the repository, and the build joins
them, in the order `extra_css` lists them, into `assets/stylesheets/site.<hash>.css`:
one request, and a content-hashed name that a host may cache for good.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

BUNDLE_DIR = "assets/stylesheets"
_state: dict = {}


def bundle_stylesheets(sources: list[tuple[str, str]]) -> tuple[str, str]:
    """(name, css) of the joined stylesheets; `sources` is [(path, css), ...] in order."""
    css = "".join(f"/* {path} */\n{text.rstrip()}\n\n" for path, text in sources)
    digest = hashlib.sha256(css.encode("utf-8")).hexdigest()[:8]
    return f"{BUNDLE_DIR}/site.{digest}.css", css


def _find(path: str, config) -> Path:
    for folder in (config.docs_dir, *config.theme.dirs):  # as MkDocs looks: docs/, then overrides/
        candidate = Path(folder) / path
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"extra_css lists {path}, which is neither in docs/ nor in overrides/")


def on_config(config):
    sources = [str(path) for path in config.extra_css]
    if not sources or _state.get("bundle") in sources:
        return config
    texts = [(path, _find(path, config).read_text(encoding="utf-8")) for path in sources]
    name, css = bundle_stylesheets(texts)
    _state.update(sources=set(sources), bundle=name, css=css)
    config.extra_css = [name]
    return config


def on_files(files, config):
    for file in list(files):
        if file.src_uri in _state.get("sources", ()):
            files.remove(file)  # published inside the bundle only
    return files


def on_post_build(config):
    # Written here rather than added to `files`: the i18n plugin expects every file to have a source.
    if "bundle" in _state:
        dest = Path(config.site_dir) / _state["bundle"]
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(_state["css"], encoding="utf-8")
