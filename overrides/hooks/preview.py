"""What `make serve` does with a writer's slip where `make build` stops: it keeps serving.

Not a hook itself (serve_preview.py wires it into MkDocs' events; policy_pages.py and
policy_export.py report to it, like markers.py). Under `mkdocs serve` only:

* a fact changed without a changelog entry (policy_export.py's guard): the edited site,
  with the build's message and the entry to paste on every page and in the terminal;
* a marker the build does not know, or a picker marker with an unknown argument
  (markers.py): the page without it, with the build's message on that page;
* a data file (or its changelog) that does not load: the site built from the last data
  that loaded in this process, or else from the file as committed at git HEAD, with the
  error (file, key, problem and fix) on every page. The hooks read the data file from
  POLICY_FILE, so pointing POLICY_FILE at a copy of that data is the one switch: every
  hook, the picker's archive included, builds from it unchanged.

Each notice is a banner at the top of the page's content, in the page's language, and a
framed block in the terminal written straight to stderr, not through MkDocs' logger:
under `strict: true` a warning there would abort the rebuild and freeze the preview.
`make build` and `make check` never get here: they stop with the same messages.
"""

from __future__ import annotations

import atexit
import html
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from support_policy.changelog import changelog_path, parse_changelog
from support_policy.labels import label
from support_policy.load import PolicyError, default_policy_path, parse_policy, read_text

ARTICLE = '<article class="md-content__inner md-typeset">'
PAGE_KEY = "preview_problems"  # in page.meta: this page's problems


@dataclass(frozen=True)
class Problem:
    kind: str  # "changelog", "marker" or "data"
    message: str  # as `make build` prints it
    error: PolicyError | None = None  # a data error's file, key, problem and fix
    source: str = ""  # a data error's fallback: "last" (this process) or "head" (git HEAD)


_state: dict = {
    "serving": False,
    "original": None,  # the writer's POLICY_FILE when serve started (None: the package's data file)
    "good": {},  # "policy"/"changelog" -> the text that last loaded
    "folder": None,  # where the fallback copies are written
    "round": [],  # this build's problems for every page (both languages)
    "pages": [],  # this build's problems of single pages (for the terminal)
    "printed": False,  # whether the previous build had problems to print
}


# ─── state ───────────────────────────────────────────────────────────────────

def start(serving: bool) -> None:
    _state.update(serving=serving, original=os.environ.get("POLICY_FILE") or None)


def serving() -> bool:
    return _state["serving"]


def new_round() -> None:
    """A new build of every language begins: forget the last one's problems."""
    _state["round"], _state["pages"] = [], []


def site_problems() -> list[Problem]:
    return list(_state["round"])


def all_problems() -> list[Problem]:
    """This build's problems, every page's and single pages', each once."""
    return [*_state["round"], *_state["pages"]]


def _add(problem: Problem) -> None:
    if problem not in _state["round"]:
        _state["round"].append(problem)


def missing_entry(message: str) -> None:
    """The changelog guard's message. Left out while the data file does not load: the guard
    then looked at the fallback copy, not at the writer's file."""
    if not any(p.kind == "data" for p in _state["round"]):
        _add(Problem("changelog", message))


def page_problem(page) -> Callable[[str], None]:
    """A reporter of one page's problems (markers.fill's on_error)."""
    def report(message: str) -> None:
        problems = page.meta.setdefault(PAGE_KEY, [])
        problem = Problem("marker", message)
        if problem not in problems:
            problems.append(problem)
        if problem not in _state["pages"]:
            _state["pages"].append(problem)
    return report


# ─── a data file that does not load ──────────────────────────────────────────

def _git_head(path: str) -> str | None:
    """The file as committed at HEAD, or None (outside git, not committed, git missing)."""
    folder, name = os.path.split(os.path.abspath(path))
    try:
        result = subprocess.run(["git", "show", f"HEAD:./{name}"], cwd=folder, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    try:
        return result.stdout.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _loads(name: str, text: str, path: str) -> None:
    (parse_policy if name == "policy" else parse_changelog)(text, path)


def choose_data() -> None:
    """Point POLICY_FILE at the data this build uses: the writer's files when they load, else a
    copy of the last that loaded (or of git HEAD's) beside the changelog, and note the error.
    Without any earlier data that loads, the writer's files stay, and the build stops as before."""
    policy_file = _state["original"] or default_policy_path()
    files = {"policy": policy_file, "changelog": changelog_path(policy_file)}
    texts, errors = {}, {}
    for name, path in files.items():
        try:
            texts[name] = read_text(path)
            _loads(name, texts[name], path)
        except PolicyError as err:
            errors[name] = err
        else:
            _state["good"][name] = texts[name]
    _use(_state["original"])
    if not errors:
        return
    sources = {}
    for name in errors:
        earlier, sources[name] = _state["good"].get(name), "last"
        if earlier is None:
            earlier, sources[name] = _git_head(files[name]), "head"
            try:
                if earlier is None:
                    return
                _loads(name, earlier, files[name])
            except PolicyError:
                return
        texts[name] = earlier
    folder = _state["folder"]
    if folder is None:
        folder = _state["folder"] = tempfile.mkdtemp(prefix="policy-preview-")
        atexit.register(stop)  # on_shutdown runs on Ctrl+C; this covers an interpreter that exits otherwise
    for name, text in texts.items():
        Path(folder, f"{name}.toml").write_text(text, encoding="utf-8")
    _use(os.path.join(folder, "policy.toml"))
    _state["round"] = [p for p in _state["round"] if p.kind != "changelog"]
    for name, error in errors.items():  # in the build's own words (policy_pages.py, policy_export.py)
        kind = "Policy data file" if name == "policy" else "Policy changelog"
        _add(Problem("data", f"{kind} is malformed: {error}", error, sources[name]))


def _use(policy_file: str | None) -> None:
    if policy_file is None:
        os.environ.pop("POLICY_FILE", None)
    else:
        os.environ["POLICY_FILE"] = policy_file


def stop() -> None:
    """The server stops: the writer's POLICY_FILE back, the fallback copies gone."""
    _use(_state["original"])
    folder, _state["folder"] = _state["folder"], None
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


# ─── on the page ─────────────────────────────────────────────────────────────

def _pre(text: str) -> str:
    # Wrapped, so that a narrow window shows the whole entry (a copy keeps the lines as they are).
    # An inline style: only `make serve` writes it, and its pages carry no Content-Security-Policy.
    return f'<pre><code style="white-space:pre-wrap;overflow-wrap:anywhere">{html.escape(text)}</code></pre>'


def render_problem(problem: Problem, lang: str) -> str:
    """One problem as an admonition: the frame in the page's language, the build's text as is."""
    if problem.kind == "changelog":
        title, body = label("preview_changelog_title", lang), (
            f"<p>{label('preview_changelog_text', lang)}</p>{_pre(problem.message)}")
    elif problem.kind == "marker":
        title, body = label("preview_marker_title", lang), (
            f"<p>{label('preview_marker_text', lang)}</p>{_pre(problem.message)}")
    else:
        error = problem.error
        rows = [("preview_file", f"<code>{html.escape(error.file)}</code>"),
                ("preview_key", f"<code>{html.escape(error.key)}</code>"),
                ("preview_problem", html.escape(error.problem)), ("preview_fix", html.escape(error.fix))]
        details = "<br>".join(f"<strong>{label(key, lang)}:</strong> {value}" for key, value in rows)
        title, body = label("preview_data_title", lang), (
            f"<p>{label('preview_data_' + problem.source, lang)}</p><p>{details}</p>")
    kind = "failure" if problem.kind == "data" else "warning"
    return (f'<div class="admonition {kind}" data-preview-problem="{problem.kind}">'
            f'<p class="admonition-title">{html.escape(title)}</p>{body}'
            f'<p><small>{label("preview_only", lang)}</small></p></div>')


def with_banner(output: str, problems: list[Problem], lang: str) -> str:
    """The page's HTML with its problems at the top of its content."""
    if not problems:
        return output
    banner = "".join(render_problem(problem, lang) for problem in problems)
    banner = f'<div class="preview-problems" lang="{lang}">{banner}</div>'
    at = output.find(ARTICLE)
    if at < 0:  # a page without Material's article (404.html): right after <body>
        body = output.find("<body")
        at = output.find(">", body) + 1 if body >= 0 else 0
    else:
        at += len(ARTICLE)
    return output[:at] + banner + output[at:]


# ─── in the terminal ─────────────────────────────────────────────────────────

def terminal_text(problems: list[Problem]) -> str:
    """The problems as a framed block for the terminal."""
    rule = "━" * 78
    lines = [rule, "make serve: the preview goes on, but make build and make check stop here until",
             "this is fixed (the preview's pages show it at their top, too):", rule]
    for problem in problems:
        lines += [problem.message, rule]
    return "\n".join(lines)


def report(problems: list[Problem]) -> None:
    """The build's problems to stderr (not through MkDocs' logger: see the module's doc);
    after a build with problems, one line when the next has none."""
    import click

    if problems:
        text = terminal_text(problems)
        click.echo(click.style(text, fg="yellow", bold=True), err=True)
    elif _state["printed"]:
        click.echo(click.style("make serve: no more problems; the preview is what make build makes.",
                               fg="green", bold=True), err=True)
    _state["printed"] = bool(problems)
    sys.stderr.flush()
