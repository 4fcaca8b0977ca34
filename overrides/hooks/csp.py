"""MkDocs hook: a Content-Security-Policy on every page, as a <meta> tag.

No 'unsafe-inline' and no 'unsafe-eval': Material's few inline scripts are
allowed by their sha256, computed here from each page's final HTML. Pyodide
needs 'wasm-unsafe-eval' (to compile WebAssembly) and a same-origin worker.

`make serve` gets no policy: its live-reload script is injected at serve time
with a fresh id every build, so it cannot be hashed. Builds and the tests do.
"""

from __future__ import annotations

import base64
import hashlib
import re

# Inline scripts that the browser would execute: no src, and a JavaScript type (or none).
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE
)
NON_JS_TYPE = re.compile(r'\btype="(?!text/javascript|module)[^"]*"', re.IGNORECASE)

BASE_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}

_serving = False


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


def policy_for(html: str) -> str:
    directives = {name: list(values) for name, values in BASE_POLICY.items()}
    directives["script-src"] += script_hashes(html)
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def head_top(html: str) -> int | None:
    """Where markup goes to come before anything else in <head>: right after
    `<meta charset>` when that comes first (it must stay in the first 1024 bytes).
    None when the page has no <head>."""
    head = re.search(r"<head[^>]*>\s*(<meta charset=[^>]*>)?", html, re.IGNORECASE)
    return None if head is None else head.end()


def with_csp(html: str) -> str:
    """The page with its policy at the top of <head> (head_top), before any script runs."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy_for(html)}">'
    top = head_top(html)
    if top is None:
        return html
    return html[:top] + meta + html[top:]


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
