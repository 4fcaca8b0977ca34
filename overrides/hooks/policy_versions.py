"""MkDocs hook: every version of the policy, readable in both languages.

Each entry of changelog.toml is a version (history.py finds them in git). This hook adds

* `/versions/YYYY-MM-DD/` and `/en/versions/YYYY-MM-DD/`: the whole policy as it stood from
  that date until the next version, by the same render functions as today's pages, under a
  banner with its dates; what reads differently today is marked (support_policy.render's
  `render_version`). The pages are generated, not files in docs/: they carry `noindex`, are
  left out of the search index (Material's `search.exclude`), the sitemap and the offline
  manifest (offline.py), and are not in the navigation;
* `<!-- policy:versions -->`, the list of versions on docs/versions.md and its twin;
* `/policy/YYYY-MM-DD.json`: each version in the format of /policy.json.

A clone without the history builds the current policy alone and says so once (history.py).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

import history
import markers

from support_policy.changelog import read_toml
from support_policy.export import export_urls, policy_document, to_json, write_export
from support_policy.labels import label
from support_policy.load import load_policy
from support_policy.render import date_text, render_version, render_versions
from support_policy.versions import JSON_FOLDER, VERSIONS_FOLDER, shown_differences

_state: dict = {}


def _i18n(config):
    return config.plugins.get("i18n")


def _languages(config) -> list[str]:
    i18n = _i18n(config)
    return [lang.locale for lang in i18n.config.languages if lang.build] if i18n else [config.theme["language"]]


def _default(config) -> str:
    i18n = _i18n(config)
    return i18n.default_language if i18n else config.theme["language"]


def _prefix(config, lang: str) -> str:
    return "" if lang == _default(config) else f"{lang}/"


def on_config(config):
    versions = history.versions()
    policy_file = history.policy_file()
    _state.update(versions=versions, today=load_policy(policy_file), today_data=read_toml(policy_file),
                  base=urlsplit(config.site_url or "/").path or "/", default=_default(config))
    return config


def _versions_list(lang: str, argument, page) -> str:
    prefix = "" if lang == _state["default"] else f"{lang}/"
    return render_versions(_state["versions"].versions, lang,
                           lambda slug: f"{_state['base']}{prefix}{VERSIONS_FOLDER}/{slug}/")


markers.register("versions", _versions_list)


def _page_markdown(version, newer, lang: str, prefix: str) -> str:
    base = _state["base"]
    links = {
        "home": f"{base}{prefix}",
        "json": f"{base}{JSON_FOLDER}/{version.slug}.json",
        "changelog": f"{base}{prefix}changelog/#{version.slug}",
        "versions": f"{base}{prefix}{VERSIONS_FOLDER}/",
    }
    if newer is not None:
        links["next"] = f"{base}{prefix}{VERSIONS_FOLDER}/{newer.slug}/"
    day = date_text(version.date, lang)
    title, description = label("version_title", lang, date=day), label("version_description", lang, date=day)
    front = (f"---\ntitle: {_yaml(title)}\ndescription: {_yaml(description)}\nrobots: noindex\n"
             "search:\n  exclude: true\n---\n\n")
    differences = shown_differences(version, _state["today_data"])
    return front + render_version(version, _state["today"], differences, lang, links)


def _yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@event_priority(-200)  # after the i18n plugin's on_files (-100), which would drop generated files
def on_files(files, config):
    i18n = _i18n(config)
    lang = (i18n.current_language if i18n else None) or _default(config)
    versions = _state["versions"].versions
    for i, version in enumerate(versions):
        newer = versions[i - 1] if i else None
        twins = {}
        for other in _languages(config):
            src = f"{VERSIONS_FOLDER}/{version.slug}.md"
            twin = File.generated(config, src, content=_page_markdown(version, newer, other, _prefix(config, other))
                                  if other == lang else "")
            twin.dest_uri = f"{_prefix(config, other)}{VERSIONS_FOLDER}/{version.slug}/index.html"
            twin.locale = other
            twin.localization = None
            twin.locale_alternate_of = other
            twins[other] = twin
        for twin in twins.values():
            twin.alternates = twins
        files.append(twins[lang])
    return files


# Material's table of contents has a label for the toggle that its navigation renders for the
# page it is on; a page outside the navigation (these) has no such toggle, and a label for a
# control that does not exist is invalid HTML. The label keeps its text and loses its `for`.
_TOC_LABEL = '<label class="md-nav__title" for="__toc">'


def on_post_page(output, page, config):
    if page.file.src_uri.startswith(f"{VERSIONS_FOLDER}/") and 'id="__toc"' not in output:
        return output.replace(_TOC_LABEL, '<label class="md-nav__title">')
    return output


def on_post_build(config):
    # As policy_export.py: once, in the default language's build (the i18n plugin builds the
    # others into the same site_dir afterwards).
    i18n = _i18n(config)
    if i18n is not None and getattr(i18n, "current_language", None) not in (None, i18n.default_language):
        return
    folder = Path(config.site_dir) / JSON_FOLDER
    _, schema_url = export_urls(config.site_url)
    write_export(folder, {
        f"{version.slug}.json": to_json(policy_document(version.policy, version.changelog,
                                                        version.entry.fingerprint, schema_url))
        for version in _state["versions"].versions
    })
