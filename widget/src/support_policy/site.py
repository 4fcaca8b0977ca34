"""The site build's door into the package: fill a page's policy markers.

Independent of MkDocs, so the hook stays a few lines and a move to another
static-site generator only needs a new hook.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
import os
from typing import Callable

from .load import PolicyError, load_policy
from .model import LANGS, Lang, Policy
from .render import (
    render_channels, render_priorities, render_priority_guide, render_response_targets, render_support_hours,
)

MARKER_RE = re.compile(r"<!--\s*policy:([a-z-]+)\s*-->")

RENDERERS: dict[str, Callable[[Policy, Lang], str]] = {
    "channels": render_channels,
    "response-targets": render_response_targets,
    "priorities": render_priorities,
    "priority-guide": render_priority_guide,
    "support-hours": render_support_hours,
}


class MarkerError(ValueError):
    """A page names a generated part that does not exist."""


@dataclass(frozen=True)
class PolicyPages:
    policy: Policy
    # Markers that other build steps own (the plan picker) and that this step leaves alone.
    passthrough: frozenset[str] = frozenset({"picker"})

    @classmethod
    def from_file(cls, path: str | os.PathLike[str] | None = None) -> "PolicyPages":
        return cls(load_policy(path))

    def fill_markers(self, markdown: str, lang: str, page: str = "page") -> str:
        if lang not in LANGS:
            raise MarkerError(f"{page}: language {lang!r} is not one of {', '.join(LANGS)}")

        def replace(match: re.Match) -> str:
            name = match.group(1)
            if name in self.passthrough:
                return match.group(0)
            if name not in RENDERERS:
                known = ", ".join(f"<!-- policy:{n} -->" for n in [*RENDERERS, *self.passthrough])
                raise MarkerError(f"{page}: unknown marker <!-- policy:{name} -->. Fix: use one of {known}")
            return RENDERERS[name](self.policy, lang)

        return MARKER_RE.sub(replace, markdown)


__all__ = ["MarkerError", "PolicyError", "PolicyPages"]
