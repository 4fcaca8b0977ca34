"""MkDocs hook: what a shared link and an assistant get of each page.

* Link previews: every page's Open Graph and Twitter card tags in its language
  (`share_tags`, which overrides/main.html's extrahead block writes), and its card image,
  drawn once and then taken from .cache/cards/ (previews.py).
* For assistants: a Markdown copy of every page beside its index.html (index.md), its
  markers filled by the same renderers as the page, and each language's llms.txt, which
  lists the copies and /policy.json (support_policy.markdown).

The work is done by plain functions in previews.py and support_policy.markdown; this hook
hands them MkDocs' pages. Neither the cards nor the copies are kept offline (offline.py).
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

import markers
import preview
from previews import PreviewError, card_alt, card_name, first_paragraph, publish_card, share_tags
from support_policy.export import EXPORT_NAME, SCHEMA_NAME
from support_policy.load import load_policy
from support_policy.markdown import LLMS_NAME, TEXTS, Entry, copy_link, copy_path, copy_url, llms_txt, page_copy
from support_policy.render import render_picker
from support_policy.site import MarkerError, PolicyError, policy_renderers

_state: dict = {}


# The i18n plugin (mkdocs-static-i18n), or None.
def _i18n(config):
    return config.plugins.get("i18n")


# A page's language, as the i18n plugin gives it.
def _lang(page, config) -> str:
    return getattr(page.file, "locale", None) or config.theme["language"]


def on_config(config):
    # Once per language: the i18n plugin builds each with a config of its own.
    if not urlsplit(config.site_url or "").netloc:
        raise PluginError("Link previews and llms.txt need an absolute site_url "
                          "(mkdocs.yml sets it; SITE_URL overrides it)")
    try:
        policy = load_policy(os.environ.get("POLICY_FILE") or None)
    except PolicyError as err:
        raise PluginError(f"Policy data file is malformed: {err}") from err
    _state.update(policy=policy, copies={}, entries={}, order=[], folder=_language_entries(config)[1])
    return config


# The nav's pages, in order: llms.txt lists them so.
def on_nav(nav, config, files):
    _state["order"] = [page.file.src_uri for page in nav.pages]
    return nav


# The page's copy, from its Markdown source before any marker is filled.
@event_priority(100)  # before policy_pages.py fills the page's markers with HTML
def on_page_markdown(markdown, page, config, files):
    lang, policy, site_url = _lang(page, config), _state["policy"], config.site_url
    renderers = {**policy_renderers(policy, lang, page.file.src_uri),
                 **{name: (lambda argument, render=render: render(lang, argument, page))
                    for name, render in markers.REGISTRY.items()}}
    # The picker's own renderer sets up the page's picker; its copy is the picker's tables,
    # which the converter keeps of the picker's markup (its form and messages are left out).
    renderers["picker"] = lambda argument: render_picker(policy, lang)

    # The copy of the page whose source a link names (relative to this page's source).
    def copy_of(path: str) -> str | None:
        source = posixpath.normpath(posixpath.join(posixpath.dirname(page.file.src_uri), path))
        target = files.get_file_from_path(source)
        return copy_url(site_url, target.url) if target is not None and target.is_documentation_page() else None

    # Where a link of the copy leads (support_policy.markdown.copy_link).
    def link(href: str) -> str | None:
        return copy_link(href, site_url=site_url, page_url=page.url, copy_of=copy_of)

    try:
        _state["copies"][page.file.dest_uri] = page_copy(markdown, renderers, link, page.file.src_uri)
    except MarkerError as err:
        if preview.serving():  # make serve: the page shows the slip itself (markers.fill); no copy until it is mended
            _state["copies"].pop(page.file.dest_uri, None)
            return markdown
        raise PluginError(str(err)) from err
    return markdown


# The page's preview tags and card, and its line in llms.txt.
@event_priority(-50)  # after languages.py, whose hreflang_links name the languages the page exists in
def on_page_context(context, page, config, nav):
    lang, site_name = _lang(page, config), config.site_name
    title = page.meta.get("title") or page.title
    description = page.meta.get("description") or first_paragraph(page.content or "") or config.site_description or ""
    # The card's name below its language's folder of cards: the page's URL without the language's folder.
    url = page.url[len(_state["folder"]):] if page.url.startswith(_state["folder"]) else page.url
    name = card_name(url, lang, title, site_name)
    others = [code for code, _ in context.get("hreflang_links") or [] if code not in {"x-default", lang}]
    try:
        publish_card(title, site_name, Path(config.site_dir), name)
        context["share_tags"] = share_tags(
            lang=lang, title=title, description=description, url=page.canonical_url, site_name=site_name,
            image_url=urljoin(config.site_url, name), image_alt=card_alt(title, site_name), alternates=others)
    except PreviewError as err:
        raise PluginError(f"Link preview of {page.file.src_uri}: {err}") from err
    _state["entries"][page.file.src_uri] = Entry(title, copy_url(config.site_url, page.url), description)
    return context


def _language_entries(config) -> tuple[str, str, list[Entry]]:
    """This build's language, its folder below the site ("" or "en/"), and the other languages' llms.txt."""
    i18n = _i18n(config)
    if i18n is None:
        return config.theme["language"], "", []
    current = i18n.current_language or i18n.default_language
    folder, others = "", []
    for language in i18n.config.languages:
        if not language.build:
            continue
        path = language.link.strip("/")
        path = f"{path}/" if path else ""
        if language.locale == current:
            folder = path
        else:
            others.append(Entry(language.name, urljoin(config.site_url, path + LLMS_NAME)))
    return current, folder, others


def on_post_build(config):
    # Each language's build writes its own copies and llms.txt (the i18n plugin builds the
    # others after this post_build, into the same site_dir).
    site = Path(config.site_dir)
    for dest, text in _state["copies"].items():
        path = site / copy_path(dest)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    lang, folder, languages = _language_entries(config)
    # The pages of the nav, in its order; a page outside it (an earlier version of the policy)
    # is reached from one inside it, and from its copy.
    pages = [_state["entries"][src] for src in _state["order"] if src in _state["entries"]]
    data = [Entry(EXPORT_NAME, urljoin(config.site_url, EXPORT_NAME), TEXTS["policy_json"][lang]),
            Entry(SCHEMA_NAME, urljoin(config.site_url, SCHEMA_NAME), TEXTS["policy_schema"][lang])]
    text = llms_txt(lang, config.site_name, config.site_description or "", pages, data, languages)
    (site / folder).mkdir(parents=True, exist_ok=True)
    (site / folder / LLMS_NAME).write_text(text, encoding="utf-8")
