"""The site build's door into the package: the renderers of the pages' policy markers,
and the walk that replaces each marker on a page.

Independent of MkDocs, so the hooks stay a few lines and a move to another
static-site generator only needs new hooks.
"""

from __future__ import annotations

import re
from typing import Callable, Mapping

from .load import PolicyError
from .model import LANGS, Lang, Policy
from .render import (
    render_channels, render_priorities, render_priority_guide, render_response_targets, render_support_hours,
)

# `<!-- policy:NAME -->`, or `<!-- policy:NAME ARGUMENT -->` (e.g. `<!-- policy:picker on-demand -->`).
MARKER_RE = re.compile(r"<!--\s*policy:([a-z-]+)(?:\s+([a-z-]+))?\s*-->")

# The markers that need nothing but the policy and the page's language.
RENDERERS: dict[str, Callable[[Policy, Lang], str]] = {
    "channels": render_channels,
    "response-targets": render_response_targets,
    "priorities": render_priorities,
    "priority-guide": render_priority_guide,
    "support-hours": render_support_hours,
}


class MarkerError(ValueError):
    """A page names a generated part that does not exist, or in a language that does not."""


def fill_markers(markdown: str, renderers: Mapping[str, Callable[[str | None], str]], where: str = "page") -> str:
    """`markdown` with each marker replaced by its renderer's output (called with the marker's
    argument, or None). An unknown marker fails, naming the page and every known marker."""
    def replace(match: re.Match) -> str:
        name, argument = match.group(1), match.group(2)
        if name not in renderers:
            known = ", ".join(f"<!-- policy:{n} -->" for n in sorted(renderers))
            raise MarkerError(f"{where}: unknown marker <!-- policy:{name} -->. Fix: use one of {known}")
        return renderers[name](argument)

    return MARKER_RE.sub(replace, markdown)


def policy_renderers(policy: Policy, lang: str, where: str = "page") -> dict[str, Callable[[str | None], str]]:
    """The package's own markers, for a page in `lang`."""
    if lang not in LANGS:
        raise MarkerError(f"{where}: language {lang!r} is not one of {', '.join(LANGS)}")
    return {name: (lambda argument, render=render: render(policy, lang)) for name, render in RENDERERS.items()}


__all__ = ["MARKER_RE", "MarkerError", "PolicyError", "fill_markers", "policy_renderers"]
