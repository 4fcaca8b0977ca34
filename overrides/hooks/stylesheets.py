"""MkDocs hook: every stylesheet of a page is served as one file.

Each stylesheet in <head> is a request that blocks the first paint. Material links
two of its own (main, and palette when the palette is configured) and ours would add
three (site.css, picker.css, print.css); on a phone each is a round trip, and on an
HTTP/1.1 host a connection of its own (Lighthouse at mobile settings: first paint
1.59 s with Material's palette stylesheet beside main, 1.26 s with main alone).
So the build joins Material's main and palette stylesheets, then ours in the order
`extra_css` lists them, into `assets/stylesheets/site.<hash>.css`: one request, same
cascade, and a content-hashed name that a host may cache for good. The
`styles` block of overrides/main.html no longer links Material's two files.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from mkdocs.exceptions import PluginError

BUNDLE_DIR = "assets/stylesheets"
CHARSET = '@charset "UTF-8";'
_state: dict = {}


def bundle_stylesheets(sources: list[tuple[str, str]]) -> tuple[str, str]:
    """(name, css) of the joined stylesheets; `sources` is [(path, css), ...] in order."""
    # An @charset counts only as a file's very first bytes: one for the whole bundle.
    parts = [CHARSET]
    for path, text in sources:
        parts.append(f"/* {path} */\n{text.removeprefix(CHARSET).strip()}\n\n")
    css = "".join(parts)
    digest = hashlib.sha256(css.encode("utf-8")).hexdigest()[:8]
    return f"{BUNDLE_DIR}/site.{digest}.css", css


def _find(path: str, config) -> Path:
    for folder in (config.docs_dir, *config.theme.dirs):  # as MkDocs looks: docs/, then overrides/
        candidate = Path(folder) / path
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"extra_css lists {path}, which is neither in docs/ nor in overrides/")


def theme_stylesheets(config) -> list[Path]:
    """Material's own stylesheets, in the order its base.html links them."""
    names = ["main", "palette"] if config.theme.get("palette") else ["main"]
    found = []
    for name in names:
        pattern = f"{BUNDLE_DIR}/{name}.*.min.css"
        matches = [path for folder in config.theme.dirs for path in sorted(Path(folder).glob(pattern))]
        if len(matches) != 1:
            raise PluginError(
                f"overrides/hooks/stylesheets.py expects one {pattern} among the theme's folders, found "
                f"{len(matches)}{': ' if matches else ''}{', '.join(str(path) for path in matches)}. A copy in "
                "overrides/ would shadow Material's: remove it. If Material renamed its stylesheets, "
                "update theme_stylesheets() to the new names.")
        found.append(matches[0])
    return found


def on_config(config):
    sources = [str(path) for path in config.extra_css]
    if _state.get("bundle") in sources:
        return config  # joined already: on_config ran before for this config
    theme = theme_stylesheets(config)
    texts = [(f"material/{path.name}", path.read_text(encoding="utf-8")) for path in theme]
    texts += [(path, _find(path, config).read_text(encoding="utf-8")) for path in sources]
    name, css = bundle_stylesheets(texts)
    theme_files = {f"{BUNDLE_DIR}/{path.name}{suffix}" for path in theme for suffix in ("", ".map")}
    _state.update(sources=set(sources) | theme_files, bundle=name, css=css)
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
