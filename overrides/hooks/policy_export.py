"""MkDocs hook: the policy's changelog page and its machine-readable export.

* `<!-- policy:changelog -->` becomes the "What changed" entries from
  `changelog.toml` (beside the data file), in the page's language;
* `<!-- policy:export-urls -->` and `<!-- policy:export-example -->` become the
  export's addresses (from site_url) and an excerpt of it;
* after the build, `policy.json` and `policy.schema.json` are written once, at
  the site's root, and an Atom feed of the changes per language (`/feed.xml`,
  `/en/feed.xml`), which every page names in its <head> and the changelog page
  links to.

The data file is POLICY_FILE's when set, as in policy_pages.py. The work is
done by plain functions in `support_policy.export`, `.changelog` and `.render`.

The changelog guard: when the package's own data file has changed since the
changelog's newest entry, or an entry leaves out a fact that changed since the
version before it, `make build` stops with the blocks to paste, and `make serve`
shows the same text on the pages and in the terminal (preview.py: a writer
previewing a change has not written its entry yet). A copy named by POLICY_FILE is
guarded when it has a changelog.toml of its own beside it (the tests' edited copies
without one are not). Each entry links to its version (policy_versions.py).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

import history
import markers

from support_policy.changelog import ChangelogError, changelog_path, check, load_changelog
from support_policy.feed import FEED_NAME, render_feed
from support_policy.export import EXPORT_NAME, SCHEMA_NAME, build_export, export_urls, write_export
from support_policy.load import PolicyError, load_policy
from support_policy.labels import label
from support_policy.render import render_changelog, render_export_example, render_export_urls
from support_policy.versions import version_index

_state: dict = {"serving": False}


def on_startup(command, dirty):
    _state["serving"] = command == "serve"


def on_config(config):
    policy_file = history.policy_file()
    i18n = config.plugins.get("i18n")
    _state["default_lang"] = i18n.default_language if i18n is not None else config.theme["language"]
    languages = [lang.locale for lang in i18n.config.languages if lang.build] if i18n is not None else [
        _state["default_lang"]]
    try:
        policy = load_policy(policy_file)
        changelog_file = changelog_path(policy_file)
        changelog = load_changelog(changelog_file)
        found = history.versions()
        files = build_export(policy, changelog, policy_file, config.site_url, version_index(
            found, config.site_url or "/", {lang: _prefix(lang) for lang in languages}))
    except ChangelogError as err:
        raise PluginError(f"Policy changelog is malformed: {err}") from err
    except PolicyError as err:
        raise PluginError(f"Policy data file is malformed: {err}") from err
    # Guarded: a data file with its changelog beside it (the package's, or a copy with its own).
    if os.path.dirname(os.path.abspath(changelog_file)) == os.path.dirname(os.path.abspath(policy_file)):
        problem = check(policy_file, changelog_file, history=history.git_history())  # the git log versions() read
        if problem and _state["serving"]:
            # Not a warning: strict mode would abort the rebuild. On every page and in the terminal.
            import preview  # overrides/hooks/preview.py, loaded by serve_preview.py
            preview.missing_entry(problem)
        elif problem:
            raise PluginError(f"The policy's facts changed without a changelog entry.\n{problem}")
    _state.update(changelog=changelog, files=files, document=json.loads(files[EXPORT_NAME]),
                  site_url=config.site_url, slugs={v.slug for v in found.versions})
    return config


def _export_urls(lang: str) -> str:
    policy_url, schema_url = export_urls(_state["site_url"])
    base = urlsplit(_state["site_url"] or "/").path or "/"
    return render_export_urls([("export_policy", base + EXPORT_NAME, policy_url or EXPORT_NAME),
                               ("export_schema", base + SCHEMA_NAME, schema_url or SCHEMA_NAME)], lang)


def _base_path() -> str:
    return urlsplit(_state["site_url"] or "/").path or "/"


def _prefix(lang: str) -> str:
    """A language's folder below the site root: "" for the default language, "en/"."""
    return "" if lang == _state["default_lang"] else f"{lang}/"


def _changelog(lang: str) -> str:
    feed = f"{_base_path()}{_prefix(lang)}{FEED_NAME}"
    # Links to the version pages (policy_versions.py), by their generated source names.
    return (f'[{label("feed_link", lang)}]({feed}){{ type="application/atom+xml" }} · '
            f'[{label("versions_link", lang)}](versions.md)\n\n'
            + render_changelog(_state["changelog"], lang,
                               lambda anchor: f"versions/{anchor}.md" if anchor in _state["slugs"] else None))


markers.register("changelog", lambda lang, argument, page: _changelog(lang))
markers.register("export-example", lambda lang, argument, page: render_export_example(_state["document"]))
markers.register("export-urls", lambda lang, argument, page: _export_urls(lang))


def on_page_context(context, page, config, nav):
    lang = getattr(page.file, "locale", None) or config.theme["language"]
    context["policy_feed"] = {"href": f"{_base_path()}{_prefix(lang)}{FEED_NAME}",
                              "title": f"{config.site_name}: {label('feed_title', lang)}"}
    return context


def on_post_build(config):
    # The i18n plugin builds each other language into the same site_dir, after this build's
    # post_build; write only in the default language's build, for every language.
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "current_language", None) not in (None, i18n.default_language):
        return
    write_export(config.site_dir, _state["files"])
    languages = i18n.config.languages if i18n is not None else []
    names = {language.locale: language.site_name or config.site_name for language in languages}
    root = config.site_url or "/"
    for lang in names or {config.theme["language"]: config.site_name}:
        folder = Path(config.site_dir) / _prefix(lang)
        folder.mkdir(parents=True, exist_ok=True)
        feed = render_feed(_state["changelog"], lang, feed_url=f"{root}{_prefix(lang)}{FEED_NAME}",
                           page_url=f"{root}{_prefix(lang)}changelog/", site_name=names.get(lang, config.site_name),
                           version_url=lambda anchor, lang=lang: (f"{root}{_prefix(lang)}versions/{anchor}/"
                                                                  if anchor in _state["slugs"] else None))
        (folder / FEED_NAME).write_text(feed, encoding="utf-8")
