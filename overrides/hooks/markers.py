"""The pages' policy markers: one registry of who renders each, one walk over a page.

Not a hook itself. Each hook that owns markers registers a renderer for each in its
on_config (policy_pages.py the package's own, policy_export.py the changelog and export
ones, picker_assets.py the picker); policy_pages.py then walks every page once and
replaces each marker (support_policy.site.fill_markers). No hook depends on running
before another, and an unknown marker's message lists every registered one.
"""

from __future__ import annotations

from typing import Any, Callable

from support_policy.site import fill_markers

# name -> renderer(lang, argument or None, page) -> Markdown or HTML for the page
Renderer = Callable[[str, "str | None", Any], str]
REGISTRY: dict[str, Renderer] = {}


def register(name: str, renderer: Renderer) -> None:
    REGISTRY[name] = renderer


def fill(markdown: str, lang: str, page: Any, extra: dict[str, Callable[[str | None], str]]) -> str:
    """`markdown` with every marker replaced: `extra` (the package's renderers for this page's
    language) and the registered ones."""
    renderers = {**extra, **{name: (lambda argument, render=render: render(lang, argument, page))
                             for name, render in REGISTRY.items()}}
    return fill_markers(markdown, renderers, page.file.src_uri)
