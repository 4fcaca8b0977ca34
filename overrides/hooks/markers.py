"""The pages' policy markers: one registry of who renders each, one walk over a page.

Not a hook itself. Each hook that owns markers registers a renderer for each in its
on_config (policy_pages.py the package's own, policy_export.py the changelog and export
ones, picker_assets.py the picker); policy_pages.py then walks every page once and
replaces each marker (support_policy.site.fill_markers). No hook depends on running
before another, and an unknown marker's message lists every registered one.
"""

from __future__ import annotations

from typing import Any, Callable

from mkdocs.exceptions import PluginError

from support_policy.site import MARKER_RE, MarkerError, fill_markers

# name -> renderer(lang, argument or None, page) -> Markdown or HTML for the page
Renderer = Callable[[str, "str | None", Any], str]
REGISTRY: dict[str, Renderer] = {}


def register(name: str, renderer: Renderer) -> None:
    REGISTRY[name] = renderer


def fill(markdown: str, lang: str, page: Any, extra: dict[str, Callable[[str | None], str]],
         on_error: Callable[[str], None] | None = None) -> str:
    """`markdown` with every marker replaced: `extra` (the package's renderers for this page's
    language) and the registered ones. A marker that fails (unknown, or a renderer refusing its
    argument) raises; with `on_error` (`make serve`'s preview), it is reported there with the same
    message and left out, and the other markers are filled."""
    renderers = {**extra, **{name: (lambda argument, render=render: render(lang, argument, page))
                             for name, render in REGISTRY.items()}}
    if on_error is None:
        return fill_markers(markdown, renderers, page.file.src_uri)

    def one(match) -> str:
        try:
            return fill_markers(match.group(0), renderers, page.file.src_uri)
        except (MarkerError, PluginError) as err:
            on_error(str(err))
            return ""

    return MARKER_RE.sub(one, markdown)
