"""MkDocs hook: put the policy's generated parts into the pages.

A page asks for a generated part with a marker such as `<!-- policy:channels -->`.
This hook is the one walk over each page's markers (markers.py): the package's own
(`support_policy.site`, plain functions that do not depend on MkDocs) and those the
other hooks registered.
"""

from __future__ import annotations

import os

from mkdocs.exceptions import PluginError

import markers
import preview
from support_policy.site import MarkerError, PolicyError, policy_renderers
from support_policy.load import load_policy

_state: dict = {}


def on_config(config):
    # Loaded once per build; a malformed data file stops the build here, naming file, key and fix.
    # POLICY_FILE points the build at another copy of the data file (the tests use it).
    try:
        _state["policy"] = load_policy(os.environ.get("POLICY_FILE") or None)
    except PolicyError as err:
        raise PluginError(f"Policy data file is malformed: {err}") from err
    return config


def on_page_markdown(markdown, page, config, files):
    lang = getattr(page.file, "locale", None) or config.theme["language"]
    # Under `make serve`, a broken marker is shown on its page (preview.py) and the build goes on.
    on_error = preview.page_problem(page) if preview.serving() else None
    try:
        return markers.fill(markdown, lang, page, policy_renderers(_state["policy"], lang, page.file.src_uri),
                            on_error)
    except MarkerError as err:
        raise PluginError(str(err)) from err
