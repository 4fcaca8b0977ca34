"""A static host like the real ones: gzip for text, long cache for versioned files.

Python's http.server sends neither, which makes Pyodide look slower on repeat
visits and Lighthouse score lower than any real host would. Used by the browser
tests, `make bench` and the audits; loopback only.
"""

from __future__ import annotations

import contextlib
import gzip
import http.server
import mimetypes
import re
import sys
import threading
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
         ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml",
         ".wasm": "application/wasm", ".zip": "application/zip", ".whl": "application/zip",
         ".txt": "text/plain; charset=utf-8", ".gz": "application/gzip"}
COMPRESSIBLE = {".html", ".js", ".mjs", ".css", ".json", ".svg", ".xml", ".txt", ".wasm"}
# Names that change whenever their content does: a content hash, or an npm version folder.
IMMUTABLE = re.compile(r"(\.[0-9a-f]{8,}(\.[a-z0-9]+)+$|/assets/pyodide/[^/]+/|/assets/picker/[0-9a-f]{10}/"
                       r"|/assets/(javascripts|stylesheets)/.*\.[0-9a-f]{8}\.)")


@lru_cache(maxsize=256)
def _gzipped(path: Path, mtime: float) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


class StaticHost(http.server.BaseHTTPRequestHandler):
    root: Path
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self.do_GET(head=True)

    def do_GET(self, head: bool = False):
        rel = unquote(urlsplit(self.path).path)
        target = (self.root / rel.lstrip("/")).resolve()
        if self.root not in target.parents and target != self.root:
            return self._send(404, self.root / "404.html", head)
        if target.is_dir():
            if not rel.endswith("/"):
                self.send_response(301)
                self.send_header("Location", rel + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            target = target / "index.html"
        if not target.is_file():
            return self._send(404, self.root / "404.html", head)
        self._send(200, target, head)

    def _send(self, status: int, path: Path, head: bool):
        ext = path.suffix
        body = b""
        if path.is_file():
            body = path.read_bytes()
            if ext in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
                body = _gzipped(path, path.stat().st_mtime)
                encoded = True
            else:
                encoded = False
        else:
            encoded = False
        self.send_response(status)
        self.send_header("Content-Type", TYPES.get(ext) or mimetypes.guess_type(path.name)[0] or "application/octet-stream")
        if encoded:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        if status == 200 and IMMUTABLE.search("/" + path.relative_to(self.root).as_posix()):
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        else:
            self.send_header("Cache-Control", "no-cache")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)


class QuietServer(http.server.ThreadingHTTPServer):
    """A browser closing a connection it no longer needs (a cancelled download, a tab
    closed mid-request) is routine, not an error worth a traceback."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def static_host(directory: Path, port: int = 0):
    """Serve `directory` on 127.0.0.1; yields the base URL."""
    handler = type("Host", (StaticHost,), {"root": Path(directory).resolve()})
    server = QuietServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
