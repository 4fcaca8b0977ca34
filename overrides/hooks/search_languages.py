"""MkDocs hook: search finds the pages of the page's own language only.

mkdocs-static-i18n gives Material's search plugin the entries of every language, so the
build wrote one index, /search/search_index.json, and every page searched it all: "zoom" on a
Russian page listed English pages first, "phone" on an English page the Russian /export/ page.

Material loads its index from `search/search_index.json` below `base` in the page's
`__config`, the root it also resolves the results' links against; the i18n plugin gives every
page the site's root. This hook makes each language a site of its own for search, the way
Material's multilingual sites are laid out (one build per language, each below its own root):

* after the last language is built, the index of every language is split into one per language
  root: /search/search_index.json keeps the Russian pages, /en/search/search_index.json the
  English ones, their locations relative to /en/ (`split_search_index`);
* a page of another language than the default gets its language's root as `base`
  (`with_search_base`), so it loads /en/search/search_index.json and its results link below /en/.

Both indexes keep the search plugin's settings (`lang: [ru, en]` and the separator), so Latin
words on Russian pages (Zoom, the plan names) are indexed as before.

On this site Material reads `base` for nothing else: the version menu (mike) is not used, and
neither is navigation.instant (whose sitemap it would look for at /en/sitemap.xml, which the build
does not write; without it an English page would load pages the ordinary way). The language
switcher loads the other page in full, so its search reads that page's own `base`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from jinja2.utils import htmlsafe_json_dumps
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

INDEX = "search/search_index.json"
# Material's page settings, rendered by its base.html (block config) with Jinja's tojson.
CONFIG_SCRIPT = re.compile(r'(?<=<script id="__config" type="application/json">)(?P<settings>.*?)(?=</script>)', re.DOTALL)


def _i18n(config):
    plugin = config.plugins.get("i18n")
    if plugin is None:
        raise PluginError("overrides/hooks/search_languages.py needs the i18n plugin (mkdocs-static-i18n)")
    return plugin


def language_roots(config) -> dict[str, str]:
    """Each built language's folder below the site, as the i18n plugin writes it: {"ru": "", "en": "en/"}."""
    i18n = _i18n(config)
    return {lang.locale: "" if lang.locale == i18n.default_language else f"{lang.locale}/"
            for lang in i18n.config.languages if lang.build}


# --- the indexes ----------------------------------------------------------------------------


def split_search_index(index: dict, roots: list[str]) -> dict[str, dict]:
    """One index per language root, from Material's index of every language: {root: index}.

    An entry belongs to the longest root its location starts with ("" takes the rest), and its
    location becomes relative to that root. The settings (`config`) are kept as they are.
    """
    longest_first = sorted(roots, key=len, reverse=True)
    docs: dict[str, list[dict]] = {root: [] for root in roots}
    for entry in index["docs"]:
        root = next((root for root in longest_first if entry["location"].startswith(root)), None)
        if root is None:
            raise PluginError(f"search entry {entry['location']!r} is below no language root ({', '.join(roots)})")
        docs[root].append({**entry, "location": entry["location"].removeprefix(root)})
    return {root: {**index, "docs": entries} for root, entries in docs.items()}


def write_search_indexes(site_dir: Path, roots: list[str]) -> None:
    """Replace the site's index of every language by one index per language root."""
    combined = site_dir / INDEX
    if not combined.is_file():
        raise PluginError(f"{combined} is missing: overrides/hooks/search_languages.py splits the search "
                          "plugin's index, so mkdocs.yml's plugins must list search")
    index = json.loads(combined.read_text(encoding="utf-8"))
    for root, part in split_search_index(index, roots).items():
        path = site_dir / root / INDEX
        path.parent.mkdir(parents=True, exist_ok=True)
        # As compact as the search plugin writes it; Cyrillic as UTF-8, not as \u escapes (the Russian
        # index: 34 KB instead of 84).
        path.write_text(json.dumps(part, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


# --- the pages ------------------------------------------------------------------------------


def with_search_base(html: str, base: str) -> str:
    """The page with `base` (relative to the page, like MkDocs' base_url: "..") as the root in Material's `__config`."""
    match = CONFIG_SCRIPT.search(html)
    if match is None:
        raise PluginError('no <script id="__config"> in the page: did a Material upgrade rename it?')
    settings = json.loads(match["settings"])
    settings["base"] = base
    # str(): Markup would escape the HTML it is joined to.
    return html[:match.start()] + str(htmlsafe_json_dumps(settings, sort_keys=True)) + html[match.end():]


# --- hooks ----------------------------------------------------------------------------------


def on_post_page(output, page, config):
    i18n = _i18n(config)
    language = i18n.current_language or i18n.default_language
    root = language_roots(config)[language]
    if not root:
        return output  # the default language's root is the site's
    return with_search_base(output, get_relative_url(root.rstrip("/"), page.url))


@event_priority(-200)  # after the i18n plugin's post_build, which writes the index of every language
def on_post_build(config):
    # The i18n plugin builds the other languages from inside the default build's post_build; their
    # own post_build sees an index that is not whole yet. (Were it split there too, the default
    # build's split, which comes last, would still be the one left.)
    if getattr(_i18n(config), "building", False):
        return
    write_search_indexes(Path(config.site_dir), list(language_roots(config).values()))
