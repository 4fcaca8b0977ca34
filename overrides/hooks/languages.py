"""MkDocs hook: what the two languages share — hreflang links, one 404 page, no stray sitemap fetches.

mkdocs-static-i18n builds the site once per language into the same site_dir. This hook

* gives every page its absolute hreflang alternates (the page itself, its twin, x-default),
  rendered by `overrides/main.html` from `hreflang_links`;
* renders the bilingual `404.html` (overrides/404.html) in the default-language build only,
  so the later English build does not overwrite it, and points its language switcher at the
  language homes instead of whatever page the i18n plugin handled last;
* stops Material's "stay on page" integration from fetching `sitemap.xml` next to each
  hreflang link (see `_stop_sitemap_fetches`);
* names the installed Material for the generator tag of the site_meta block, which
  overrides/main.html copies from Material (whose own copy has its release written in).

tests/checks/test_theme_copies.py checks the copy and the bundle patch against the Material installed.
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority


def _i18n(config):
    plugin = config.plugins.get("i18n")
    if plugin is None:
        raise PluginError("overrides/hooks/languages.py needs the i18n plugin (mkdocs-static-i18n)")
    return plugin


def _languages(config) -> list:
    return [lang for lang in _i18n(config).config.languages if lang.build]


def on_config(config):
    i18n = _i18n(config)
    current = i18n.current_language or i18n.default_language
    if current == i18n.default_language:
        config.theme.static_templates.add("404.html")
    else:
        # One 404.html serves every language (a static host has one); keep the default build's.
        config.theme.static_templates.discard("404.html")
    return config


def on_env(env, config, files):
    # As Material's own info plugin reads it; a global, so the 404 page (a static template) has it too.
    env.globals["material_version"] = version("mkdocs-material")
    return env


def _page_url(site_url: str, url: str) -> str:
    return urljoin(site_url, "" if url in {"", ".", "./"} else url)


def on_page_context(context, page, config, nav):
    """`hreflang_links`: [(hreflang, absolute URL)] for each language the page exists in, then x-default."""
    site_url = config.site_url or ""
    if not urlsplit(site_url).netloc:
        raise PluginError("hreflang links need an absolute site_url (mkdocs.yml sets it; SITE_URL overrides it)")
    alternates = getattr(page.file, "alternates", None) or {}
    links = []
    for lang in _languages(config):
        twin = alternates.get(lang.locale)
        # Only a real translation counts: a fallback copy of the default page is not an alternate.
        if twin is not None and getattr(twin, "locale", lang.locale) == lang.locale:
            links.append((lang.locale, _page_url(site_url, twin.url)))
    default = _i18n(config).default_language
    by_lang = dict(links)
    if len(links) > 1 and default in by_lang:
        links.append(("x-default", by_lang[default]))
    context["hreflang_links"] = links if len(links) > 1 else []
    return context


def on_pre_template(template, template_name, config):
    if template_name == "404.html":
        # The 404 page has no twin: its switcher leads to each language's home.
        base = urlsplit(config.site_url or "/").path.rstrip("/")
        homes = [{"name": lang.name, "link": f"{base}{lang.link}", "lang": lang.locale}
                 for lang in _languages(config)]
        # The i18n plugin sets the attribute (which Jinja reads first) as well as the key.
        config.extra.alternate = homes
        config.extra["alternate"] = homes
    return template


# Material's bundle fetches `sitemap.xml` relative to *every* <link rel="alternate">, expecting
# them to point at language roots (/, /en/). Ours point at pages, so it asked for
# /support-hours/sitemap.xml and /en/support-hours/sitemap.xml (404 on every page load), and with
# absolute links it would ask site_url's host. Worse, the failed fetch still registered the link,
# so clicking the language switcher was rerouted to the URL without its trailing slash.
# The switcher's links already lead to the same page in the other language, so that integration
# has nothing to add: it is limited to alternates without hreflang and without a type (i.e.
# none on this site: the feeds of changes are alternates with type="application/atom+xml").
# Material has no setting for that integration: it runs on every page. After a Material upgrade,
# tests/checks/test_theme_copies.py says whether the snippet is still there, once.
_ALTERNATE_QUERY = 'M("link[rel=alternate]")'
_PATCHED_QUERY = 'M("link[rel=alternate]:not([hreflang]):not([type])")'


@event_priority(-200)  # after the i18n plugin's post_build, which builds the other languages
def on_post_build(config):
    _stop_sitemap_fetches(Path(config.site_dir))


def _stop_sitemap_fetches(site_dir: Path) -> None:
    bundles = sorted((site_dir / "assets" / "javascripts").glob("bundle.*.min.js"))
    if len(bundles) != 1:
        raise PluginError(f"expected one Material bundle in {site_dir}/assets/javascripts, found {len(bundles)}")
    bundle = bundles[0]
    code = bundle.read_text(encoding="utf-8")
    if _PATCHED_QUERY in code:
        return
    if code.count(_ALTERNATE_QUERY) != 1:
        raise PluginError(
            f"{bundle.name}: Material's alternate-link query {_ALTERNATE_QUERY} was not found exactly once. "
            "Fix: after a Material upgrade, check whether it still fetches sitemap.xml per "
            "<link rel=alternate> and update overrides/hooks/languages.py"
        )
    bundle.write_text(code.replace(_ALTERNATE_QUERY, _PATCHED_QUERY), encoding="utf-8")

