"""MkDocs hook: the site's Content-Security-Policy, for its pages and for its workers.

Every page carries its policy as a <meta>. No 'unsafe-inline' and no 'unsafe-eval':
Material's few inline scripts are allowed by their sha256, computed here from each page's
final HTML. No page compiles WebAssembly, so no page gets 'wasm-unsafe-eval'.

A page's <meta> does not govern the workers it starts (the picker's, Material's search
worker, the service worker /sw.js): each takes its policy from its own response's headers,
and without one it runs with none. So the build also writes `_headers` at the site's root,
the file Netlify and Cloudflare Pages read: a policy for each worker script, and for every
path what a <meta> cannot say (`frame-ancestors`). Only the picker's worker, which compiles
Pyodide's WebAssembly, gets 'wasm-unsafe-eval'. GitHub Pages sends no headers of our own:
there the workers run with no policy (README, "The plan picker at run time").

`make serve` gets no policy: its live-reload script is injected at serve time with a fresh
id every build, so it cannot be hashed. Builds and the tests do.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.plugins import event_priority

Policy = dict[str, list[str]]

# Inline scripts that the browser would execute: no src, and a JavaScript type (or none).
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE
)
NON_JS_TYPE = re.compile(r'\btype="(?!text/javascript|module)[^"]*"', re.IGNORECASE)

# What the site loads: its own files only, and images as data: URLs too (Material's icons).
BASE_POLICY: Policy = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
# What only a header can carry: a <meta> policy ignores it. No site may frame ours.
HEADER_ONLY: Policy = {"frame-ancestors": ["'none'"]}
# The directives that decide which scripts run (script-src, and default-src, which it falls
# back to). The browser enforces every policy it is given, a header's and a <meta>'s alike,
# so a policy without a page's hashes that named either would block Material's inline scripts.
SCRIPT_DIRECTIVES = ("default-src", "script-src")
# What a worker does: load scripts of the site and fetch from it. Nothing else is allowed.
WORKER_DIRECTIVES = ("script-src", "connect-src")
HEADERS_FILE = "_headers"


@dataclass(frozen=True)
class WorkerScript:
    """A worker's script, by its path below the site's root (one `*` for its content hash:
    Cloudflare Pages allows one per rule), what it does, and what its scripts may do beyond
    loading the site's scripts and fetching from it."""

    path: str
    does: str
    script_src: tuple[str, ...] = ()


WORKERS = (
    WorkerScript("assets/picker/picker-worker.*.js", "The picker's worker: imports Pyodide from /assets/pyodide/, "
                 "fetches its runtime and compiles its WebAssembly.", ("'wasm-unsafe-eval'",)),
    WorkerScript("sw.js", "The service worker (offline.py): imports Workbox from /assets/workbox/, keeps the pages."),
    WorkerScript("assets/javascripts/workers/search.*.min.js",
                 "Material's search worker: imports lunr from /assets/javascripts/lunr/."),
)

_serving = False


# ─── the policies ─────────────────────────────────────────────────────────────

def serialize(policy: Policy) -> str:
    return "; ".join(f"{name} {' '.join(values)}" for name, values in policy.items())


def script_hashes(html: str) -> list[str]:
    """CSP source expressions for each executable inline script, in page order."""
    hashes = []
    for match in INLINE_SCRIPT.finditer(html):
        if NON_JS_TYPE.search(match.group("attrs")):
            continue  # e.g. Material's JSON config: data, never executed
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        source = f"'sha256-{base64.b64encode(digest).decode()}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def page_policy(html: str) -> Policy:
    """A page's <meta> policy: the site's, with the page's own inline scripts by hash."""
    policy = {name: list(values) for name, values in BASE_POLICY.items()}
    policy["script-src"] += script_hashes(html)
    return policy


def every_path_policy() -> Policy:
    """The header policy of every path (`/*`): the site's, less what would need each page's
    hashes, plus what only a header can say. Hosts send it with a worker's own policy too,
    which is why it leaves scripts to the page's <meta> and to the worker's policy."""
    policy = {name: list(values) for name, values in BASE_POLICY.items() if name not in SCRIPT_DIRECTIVES}
    return {**policy, **HEADER_ONLY}


def worker_policy(worker: WorkerScript) -> Policy:
    """A worker's header policy: nothing by default; the site's scripts and fetches, and
    whatever else its scripts need (the picker's: compiling WebAssembly)."""
    policy: Policy = {"default-src": ["'none'"]}
    for name in WORKER_DIRECTIVES:
        policy[name] = list(BASE_POLICY[name])
    policy["script-src"] += worker.script_src
    return policy


def base_path(site_url: str | None) -> str:
    """The site's path on its host: "/", or "/repo/" for a project site on GitHub Pages (MkDocs
    ends site_url with a slash), as picker_assets.py derives it."""
    return urlsplit(site_url or "/").path or "/"


def headers_file(site_path: str) -> str:
    """The `_headers` file (Netlify's and Cloudflare Pages' format) for a site below `site_path`.
    Hosts send every matching rule, so a worker gets the `/*` policy and its own: both enforced."""
    rules = [("Every path: what a <meta> cannot say. Scripts are left to each page's <meta> (its hashes) "
              "and to each worker's own policy.", f"{site_path}*", every_path_policy())]
    rules += [(worker.does, f"{site_path}{worker.path}", worker_policy(worker)) for worker in WORKERS]
    lines = ["# Written by overrides/hooks/csp.py: the site's Content-Security-Policy for hosts that send",
             "# headers from this file (Netlify, Cloudflare Pages)."]
    for why, pattern, policy in rules:
        lines += ["", f"# {why}", pattern, f"  Content-Security-Policy: {serialize(policy)}"]
    return "\n".join(lines) + "\n"


# ─── the pages ────────────────────────────────────────────────────────────────

def head_top(html: str) -> int | None:
    """Where markup goes to come before anything else in <head>: right after
    `<meta charset>` when that comes first (it must stay in the first 1024 bytes).
    None when the page has no <head>."""
    head = re.search(r"<head[^>]*>\s*(<meta charset=[^>]*>)?", html, re.IGNORECASE)
    return None if head is None else head.end()


def with_csp(html: str) -> str:
    """The page with its policy at the top of <head> (head_top), before any script runs."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{serialize(page_policy(html))}">'
    top = head_top(html)
    if top is None:
        return html
    return html[:top] + meta + html[top:]


# ─── hooks ────────────────────────────────────────────────────────────────────

def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"


def on_post_page(output, page, config):
    return output if _serving else with_csp(output)


def on_post_template(output_content, template_name, config):
    # Static templates: the 404 page is HTML; sitemap.xml and the like are not.
    if _serving or not template_name.endswith(".html"):
        return output_content
    return with_csp(output_content)


@event_priority(-300)  # after the i18n plugin's post_build (-100), which builds the other languages
def on_post_build(config):
    # Once, when every language is built: the i18n plugin builds the others from inside the
    # default build's post_build, into the same site_dir, and its `building` is set meanwhile.
    if _serving or getattr(config.plugins.get("i18n"), "building", False):
        return
    (Path(config.site_dir) / HEADERS_FILE).write_text(headers_file(base_path(config.site_url)), encoding="utf-8")
