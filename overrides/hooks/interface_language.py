"""MkDocs hook: the interface in the page's language, where Material's translations and the
i18n plugin's per-language options do not reach.

Material writes its own interface (search, the header, "К началу", the copy button) from its
translation of theme.language, which the i18n plugin sets per language build; the plugin also
overrides theme options per language, which gives the colour-scheme toggle its names
(mkdocs.yml: theme.palette in Russian, the `en` language's theme.palette in English). Left:

* the heading links' title, Python-Markdown's toc `permalink_title` ("Permanent link"): the
  i18n plugin refuses per-language `markdown_extensions` (forbidden_config_overrides in
  mkdocs_static_i18n/reconfigure.py), so this hook sets it for each language's build;
* the footer's "Made with Material for MkDocs", which Material writes in English whatever the
  language: overrides/partials/copyright.html reads `interface.made_with`;
* the "last update" date of a Russian page ("2 декабря 2026 г."), in which Babel parts the
  day from its month by an ordinary space: joined by a no-break one, as the site's own dates.
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError

INTERFACE = {
    "ru": {"permalink_title": "Постоянная ссылка", "made_with": "Сделано с помощью"},
    "en": {"permalink_title": "Permanent link", "made_with": "Made with"},
}
MONTHS_RU = "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
DAY_MONTH_RU = re.compile(rf"(?<!\d)(\d{{1,2}})[ \t\n]+({MONTHS_RU})(?!\w)")


def _language(config) -> str:
    i18n = config.plugins.get("i18n")
    if i18n is None:
        raise PluginError("overrides/hooks/interface_language.py needs the i18n plugin (mkdocs-static-i18n)")
    language = i18n.current_language or i18n.default_language
    if language not in INTERFACE:
        raise PluginError(f"overrides/hooks/interface_language.py has no interface strings for {language!r}: "
                          f"add them to INTERFACE")
    return language


def join_day_and_month(text: str) -> str:
    """`text` with each Russian "day month" ("2 декабря") joined by a no-break space."""
    return DAY_MONTH_RU.sub("\\1\u00a0\\2", text)


def on_config(config):
    # Runs again for each language's build; the page's Markdown is converted after it.
    config.mdx_configs.setdefault("toc", {})["permalink_title"] = INTERFACE[_language(config)]["permalink_title"]
    return config


def on_env(env, config, files):
    # A global, so the 404 page (a static template) has it too.
    env.globals["interface"] = INTERFACE[_language(config)]
    return env


def on_page_context(context, page, config, nav):
    # The git-revision-date plugin's HTML, set in on_page_markdown, which Material's
    # source-file partial prints as it is.
    if _language(config) == "ru":
        for key in ("git_revision_date_localized", "git_creation_date_localized"):
            if isinstance(page.meta.get(key), str):
                page.meta[key] = join_day_and_month(page.meta[key])
    return context
