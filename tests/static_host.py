"""A static host like the real ones: gzip for text, long cache for versioned files,
and, when asked, behind a shaped link like a customer's.

Python's http.server sends neither, which makes Pyodide look slower on repeat
visits and Lighthouse score lower than any real host would. Used by the browser
tests, `make bench` and the audits; loopback only.

A `Link` makes the host answer as over a real connection: each response waits one
round trip before its first byte, and all responses share one downlink of a fixed
rate (the page, the runtime and the archive compete, as they do on a phone). A host
may also stop sending the files that match `stall` halfway, for ever, as a dead
connection does. The host counts every byte it sends (`bytes_sent`).

Like Netlify and Cloudflare Pages, the host sends the headers that the site's `_headers`
file names for a path (the Content-Security-Policy of the workers among them).

Faults, for the tests: `Served.deploy(directory)` switches the host to another build, as a
deploy does under an open tab; `Served.fail(pattern, how)` makes every path that matches
answer with an HTTP status ("503", "404"), not at all ("hang"), or with a captive portal's
sign-in page and status 200 ("portal").
"""

from __future__ import annotations

import contextlib
import gzip
import http.server
import mimetypes
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript", ".mjs": "text/javascript",
         ".css": "text/css", ".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml",
         ".wasm": "application/wasm", ".zip": "application/zip", ".whl": "application/zip",
         ".txt": "text/plain; charset=utf-8", ".gz": "application/gzip", ".md": "text/markdown; charset=utf-8",
         ".png": "image/png"}
COMPRESSIBLE = {".html", ".js", ".mjs", ".css", ".json", ".svg", ".xml", ".txt", ".wasm", ".md"}
# Names that change whenever their content does: a content hash, or an npm version folder.
IMMUTABLE = re.compile(r"(\.[0-9a-f]{8,}(\.[a-z0-9]+)+$|/assets/(pyodide|workbox)/[^/]+/|/assets/picker/[0-9a-f]{10}/"
                       r"|/assets/(javascripts|stylesheets)/.*\.[0-9a-f]{8}\.)")


@dataclass
class Link:
    """A downlink of `mbit_s` shared by every response, each of which first waits `rtt_s`."""

    name: str
    mbit_s: float
    rtt_s: float
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _free_at: float = 0.0

    CHUNK = 16 * 1024

    def send(self, wfile, data: bytes) -> None:
        """Write `data` at this link's pace: chunk by chunk, each taking its turn on the
        shared downlink (first come, first served), so parallel responses share it."""
        rate = self.mbit_s * 1e6 / 8
        for start in range(0, len(data), self.CHUNK):
            chunk = data[start:start + self.CHUNK]
            with self._lock:
                now = time.monotonic()
                self._free_at = max(now, self._free_at) + len(chunk) / rate
                done = self._free_at
            time.sleep(max(0.0, done - time.monotonic()))
            wfile.write(chunk)


def headers_rules(text: str) -> list[tuple[re.Pattern, list[tuple[str, str]]]]:
    """The rules of a `_headers` file (Netlify's format): a path pattern at the start of a
    line (`*` matches anything, `/` included), then its headers indented, `Name: value`."""
    rules: list[tuple[re.Pattern, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            pattern = "".join(".*" if part == "*" else re.escape(part) for part in re.split(r"(\*)", line.strip()))
            rules.append((re.compile(f"^{pattern}$"), []))
        elif rules:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


@lru_cache(maxsize=8)
def _site_rules(path: Path, mtime: float) -> list[tuple[re.Pattern, list[tuple[str, str]]]]:
    return headers_rules(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=256)
def _gzipped(path: Path, mtime: float) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


class StaticHost(http.server.BaseHTTPRequestHandler):
    root: Path
    link: Link | None = None
    stall: re.Pattern | None = None
    faults: list[tuple[re.Pattern, str]]  # (path pattern, "503" | "404" | "hang" | "portal"), first match wins
    stop: threading.Event
    counter: list[int]  # [bytes sent], shared by the server's handlers
    served: list[str]  # the path of every response, in order
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self.do_GET(head=True)

    def do_GET(self, head: bool = False):
        rel = unquote(urlsplit(self.path).path)
        for pattern, how in self.faults:
            if pattern.search(rel):
                return self._send_fault(how, head)
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
        self.served.append(urlsplit(self.path).path)
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
        self._site_headers()
        self.send_header("Content-Length", str(len(body)))
        if self.link:
            self.stop.wait(self.link.rtt_s)  # the request's way there and the answer's way back
        self.end_headers()
        if head:
            return
        if self.stall and self.stall.search(self.path):
            self._write(body[:len(body) // 2])
            self.wfile.flush()
            self.stop.wait()  # a connection that went dead: nothing more, until the host stops
            return
        self._write(body)

    def _send_fault(self, how: str, head: bool) -> None:
        """A host's failure: a bare error page with its status, or nothing at all."""
        self.served.append(urlsplit(self.path).path)
        if how == "hang":
            self.stop.wait()  # no answer, until the host stops
            return
        if how == "portal":
            body = b"<!doctype html><title>Sign in to the Wi-Fi</title><form><input name=room></form>"
        else:
            body = f"<!doctype html><title>Error response</title><h1>Error {how}</h1>".encode()
        self.send_response(200 if how == "portal" else int(how))
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self._write(body)

    def _site_headers(self) -> None:
        """What the site's `_headers` file says for this path, as Netlify would send it."""
        rules_file = self.root / "_headers"
        if not rules_file.is_file():
            return
        rel = unquote(urlsplit(self.path).path)
        for pattern, headers in _site_rules(rules_file, rules_file.stat().st_mtime):
            if pattern.match(rel):
                for name, value in headers:
                    self.send_header(name, value)

    def end_headers(self):
        self.counter[0] += sum(map(len, getattr(self, "_headers_buffer", [])))
        super().end_headers()

    def _write(self, data: bytes) -> None:
        self.counter[0] += len(data)
        if self.link:
            self.link.send(self.wfile, data)
        else:
            self.wfile.write(data)


class QuietServer(http.server.ThreadingHTTPServer):
    """A browser closing a connection it no longer needs (a cancelled download, a tab
    closed mid-request) is routine, not an error worth a traceback."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class Served(str):
    """The base URL of a running host (a str), the bytes it has sent so far, the path of
    every response, and its handler class (whose `stall` a test may change meanwhile)."""

    counter: list[int]
    served: list[str]
    handler: type[StaticHost]

    @property
    def bytes_sent(self) -> int:
        return self.counter[0]

    def deploy(self, directory: Path) -> None:
        """From now on, serve another build: a deploy."""
        self.handler.root = Path(directory).resolve()

    def fail(self, pattern: str, how: str) -> None:
        """Every path matching `pattern` answers `how`: "503", "404", "hang" (nothing) or
        "portal" (a sign-in page, status 200)."""
        if how not in {"503", "404", "hang", "portal"}:
            raise ValueError(f"unknown fault {how!r}")
        self.handler.faults.append((re.compile(pattern), how))

    def heal(self) -> None:
        """No more faults."""
        self.handler.faults.clear()


@contextlib.contextmanager
def static_host(directory: Path, port: int = 0, link: Link | None = None, stall: str | None = None):
    """Serve `directory` on 127.0.0.1, behind `link` if given, stopping halfway through
    every file whose path matches the regular expression `stall`; yields the base URL."""
    stop, counter, served = threading.Event(), [0], []
    handler = type("Host", (StaticHost,), {"root": Path(directory).resolve(), "link": link, "stop": stop,
                                           "stall": re.compile(stall) if stall else None, "counter": counter,
                                           "served": served, "faults": []})
    server = QuietServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = Served(f"http://127.0.0.1:{server.server_address[1]}")
    base.counter, base.served, base.handler = counter, served, handler
    try:
        yield base
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
