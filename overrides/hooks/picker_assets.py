"""MkDocs hook: the plan picker.

Replaces `<!-- policy:picker -->` with the picker's form (rendered by the
package, in the page's language) and writes the runtime once, at the site's
root, so both languages load the very same files. The work is in
`picker_build.py` and `support_policy.render`.

`<!-- policy:picker -->` starts Python as soon as the page has painted (the picker
is what the page is for); `<!-- policy:picker on-demand -->` only once the visitor
scrolls to the picker or touches it, or a deep link asks for an answer.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

import markers
from csp import head_top
from picker_build import PickerBuildError, plan_runtime
from support_policy.load import default_policy_path, load_policy
from support_policy.render import render_picker

STARTS = {None: "now", "on-demand": "on-demand"}  # the marker's argument -> when the worker starts
_state: dict = {}


def on_config(config):
    policy_file = Path(os.environ.get("POLICY_FILE") or default_policy_path())
    base_path = urlsplit(config.site_url or "/").path or "/"
    try:
        runtime = plan_runtime(policy_file, base_path)
    except PickerBuildError as err:
        raise PluginError(f"Plan picker: {err}") from err
    _state.update(runtime=runtime, policy=load_policy(policy_file))
    return config


def on_files(files, config):
    # The glue is published under hashed names by on_post_build, not copied as-is; the
    # build's own scripts (hooks/, checks/) live in the theme folder but are not the site's.
    for file in list(files):
        if file.src_uri.startswith(("picker/", "hooks/", "checks/")):
            files.remove(file)
    return files


def render(lang: str, argument: str | None, page) -> str:
    if argument not in STARTS:
        raise PluginError(f"Plan picker: {page.file.src_uri}: <!-- policy:picker {argument} --> is not known. "
                          "Fix: write <!-- policy:picker --> or <!-- policy:picker on-demand -->")
    if "picker_start" in page.meta:
        raise PluginError(f"Plan picker: {page.file.src_uri} has two picker markers; a page holds one")
    page.meta["picker_start"] = STARTS[argument]
    # async: wire the form as soon as the file arrives (the form above is already parsed),
    # without waiting for Material's bundle; the worker itself is started from <head>.
    script = f'<script type="module" async src="{_state["runtime"].script_url}"></script>'
    return f"{render_picker(_state['policy'], lang)}\n{script}"


markers.register("picker", render)


def on_post_page(output, page, config):
    if "picker_start" not in page.meta:
        return output
    lang = getattr(page.file, "locale", None) or config.theme["language"]
    # First in <head>; the CSP hook, which runs after this one, puts the policy before it.
    top = head_top(output)
    if top is None:
        raise PluginError(f"Plan picker: {page.file.src_uri} has no <head> to start the worker from")
    return output[:top] + _state["runtime"].head(lang, page.meta["picker_start"]) + output[top:]


def on_post_build(config):
    # Once: the i18n plugin runs each other language's build, with its own post_build,
    # into the same site_dir. Only the default language's build writes the runtime.
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "current_language", None) not in (None, i18n.default_language):
        return
    _state["runtime"].write(Path(config.site_dir))
