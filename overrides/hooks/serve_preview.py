"""MkDocs hook: under `make serve`, a writer's slip is shown on the pages instead of
freezing the preview. The work is in preview.py; this file only says when.

* on_startup: whether this is `mkdocs serve`;
* on_config, first of every hook, once per build of both languages: which data file this
  build reads (POLICY_FILE: the writer's, or a copy of the last one that loaded);
* on_post_page: the page's problems, and the build's, as a banner on top of its content;
* on_post_build, after the last language's build: the problems in the terminal.
"""

from __future__ import annotations

from mkdocs.plugins import event_priority

import preview


def on_startup(command, dirty):
    preview.start(command == "serve")


def _i18n(config):
    return config.plugins.get("i18n")


@event_priority(100)  # before every hook that reads POLICY_FILE, and before i18n's on_config
def on_config(config):
    if not preview.serving():
        return config
    i18n = _i18n(config)
    # The i18n plugin builds each other language inside the default language's build, running
    # every on_config again: the data file is chosen once, when the default language's begins.
    if i18n is None or getattr(i18n, "current_language", None) in (None, i18n.default_language):
        preview.new_round()
        preview.choose_data()
    return config


def on_post_page(output, page, config):
    if not preview.serving():
        return output
    lang = getattr(page.file, "locale", None) or config.theme["language"]
    return preview.with_banner(output, [*preview.site_problems(), *page.meta.get(preview.PAGE_KEY, [])], lang)


def on_post_build(config):
    if not preview.serving():
        return
    i18n = _i18n(config)
    if i18n is not None:
        others = [lang for lang in i18n.build_languages if lang != i18n.default_language]
        last = others[-1] if others else i18n.default_language
        if getattr(i18n, "current_language", None) not in (None, last):
            return
    preview.report(preview.all_problems())


def on_shutdown():
    preview.stop()
