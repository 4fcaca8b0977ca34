"""MkDocs hook: put the policy's generated parts into the pages.

A page asks for a generated part with a marker such as `<!-- policy:channels -->`.
This hook only finds markers and the page's language; the rendering is done by
`support_policy.site`, plain functions that do not depend on MkDocs.
"""

from __future__ import annotations

import os

from mkdocs.exceptions import PluginError

from support_policy.site import MarkerError, PolicyError, PolicyPages

_pages: PolicyPages | None = None


def on_config(config):
    # Loaded once per build; a malformed data file stops the build here, naming file, key and fix.
    # POLICY_FILE points the build at another copy of the data file (the tests use it).
    global _pages
    try:
        _pages = PolicyPages.from_file(os.environ.get("POLICY_FILE") or None)
    except PolicyError as err:
        raise PluginError(f"Policy data file is malformed: {err}") from err
    return config


def on_page_markdown(markdown, page, config, files):
    lang = getattr(page.file, "locale", None) or config.theme["language"]
    try:
        return _pages.fill_markers(markdown, lang, page.file.src_uri)
    except MarkerError as err:
        raise PluginError(str(err)) from err
