"""MkDocs hook: the policy's changelog page and its machine-readable export.

* `<!-- policy:changelog -->` becomes the "What changed" entries from
  `changelog.toml` (beside the data file), in the page's language;
* `<!-- policy:export-urls -->` and `<!-- policy:export-example -->` become the
  export's addresses (from site_url) and an excerpt of it;
* after the build, `policy.json` and `policy.schema.json` are written once, at
  the site's root.

The data file is POLICY_FILE's when set, as in policy_pages.py. The work is
done by plain functions in `support_policy.export`, `.changelog` and `.render`.
"""

from __future__ import annotations

import json
import os
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from support_policy.changelog import ChangelogError, changelog_path, load_changelog
from support_policy.export import EXPORT_NAME, SCHEMA_NAME, build_export, export_urls, write_export
from support_policy.load import PolicyError, default_policy_path, load_policy
from support_policy.render import render_changelog, render_export_example, render_export_urls
from support_policy.site import MARKER_RE

_state: dict = {}


def on_config(config):
    policy_file = os.environ.get("POLICY_FILE") or default_policy_path()
    try:
        policy = load_policy(policy_file)
        changelog_file = changelog_path(policy_file)
        changelog = load_changelog(changelog_file)
        files = build_export(policy, changelog, policy_file, config.site_url)
    except ChangelogError as err:
        raise PluginError(f"Policy changelog is malformed: {err}") from err
    except PolicyError as err:
        raise PluginError(f"Policy data file is malformed: {err}") from err
    _state.update(changelog=changelog, files=files, document=json.loads(files[EXPORT_NAME]),
                  site_url=config.site_url)
    return config


# Before policy_pages.py, which stops at markers it does not know.
@event_priority(50)
def on_page_markdown(markdown, page, config, files):
    lang = getattr(page.file, "locale", None) or config.theme["language"]

    def render(name: str) -> str | None:
        if name == "changelog":
            return render_changelog(_state["changelog"], lang)
        if name == "export-example":
            return render_export_example(_state["document"])
        if name == "export-urls":
            policy_url, schema_url = export_urls(_state["site_url"])
            base = urlsplit(_state["site_url"] or "/").path or "/"
            return render_export_urls([("export_policy", base + EXPORT_NAME, policy_url or EXPORT_NAME),
                                       ("export_schema", base + SCHEMA_NAME, schema_url or SCHEMA_NAME)], lang)
        return None  # another hook's marker

    return MARKER_RE.sub(lambda match: render(match.group(1)) or match.group(0), markdown)


def on_post_build(config):
    # The i18n plugin builds each other language into the same site_dir, after this build's
    # post_build; write only in the default language's build.
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "current_language", None) not in (None, i18n.default_language):
        return
    write_export(config.site_dir, _state["files"])
