"""`make serve` as a writer uses it: the preview never freezes on a writer's slip.

One `mkdocs serve` of a copy of the project (its own git repository, its own package on
PYTHONPATH, so its data file and changelog are the ones read and watched) walks through
what a writer does: starts the preview after a fact was edited without a changelog entry,
edits another fact, pastes the entry the page suggests, breaks two markers, then types a
malformed value. At each step the page answers with the edited site and, where `make build`
would stop, a banner that says why (overrides/hooks/preview.py). Every wait polls against a
deadline. The rest are fast checks of the preview's parts, without a server.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from support import PAGES, ROOT

sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
import preview  # noqa: E402

from support_policy.changelog import data_fingerprint  # noqa: E402
from support_policy.load import PolicyError  # noqa: E402

START_S = 180  # the first build of the copy (the picker's archive for its data included)
REBUILD_S = 90  # an edit until the page shows it: a rebuild takes a few seconds, more on a busy machine
PROBLEM = re.compile(r'<div class="admonition (?:warning|failure)" data-preview-problem="([a-z]+)">(.*?)</div>',
                     re.DOTALL)


# ─── a copy of the project, served ───────────────────────────────────────────

def _copy_project(dest: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "build", "dist")
    for name in ("docs", "overrides", "widget"):
        shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    shutil.copy2(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    (dest / "node_modules").symlink_to(ROOT / "node_modules")  # Pyodide, for the picker's archive
    if (ROOT / ".cache" / "picker").is_dir():  # the compiled standard library: seconds, not a minute
        shutil.copytree(ROOT / ".cache" / "picker", dest / ".cache" / "picker")
    git = ["git", "-c", "user.name=Writer", "-c", "user.email=writer@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=dest, check=True)
    subprocess.run([*git, "add", "-A"], cwd=dest, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "The project as cloned"], cwd=dest, check=True)
    return dest


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    def __init__(self, project: Path):
        self.project = project
        self.data = project / "widget/src/support_policy/policy.toml"
        self.changelog = self.data.with_name("changelog.toml")
        self.log = project / "serve.log"
        self.url = f"http://127.0.0.1:{_free_port()}"
        env = {key: value for key, value in os.environ.items() if key != "POLICY_FILE"}
        # The copy's own package (and so its data file and changelog), ahead of the editable install.
        env.update(PYTHONPATH=str(project / "widget/src"), NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", self.url.removeprefix("http://"),
                 "--livereload"], cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)

    def terminal(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=60) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as err:
            return err.code, ""

    def wait_for(self, path: str, expected, what: str, deadline_s: float = REBUILD_S) -> str:
        """The page at `path` once `expected(html)` holds (polled until the deadline)."""
        end, last = time.monotonic() + deadline_s, "(no answer)"
        while time.monotonic() < end:
            assert self.process.poll() is None, f"the server stopped:\n{self.terminal()[-4000:]}"
            try:
                status, page = self.get(path)
            except OSError as err:  # not listening yet
                last = repr(err)
            else:
                if status == 200 and expected(page):
                    print(f"{what}: {deadline_s - (end - time.monotonic()):.1f} s")  # shown with -s
                    return page
                last = f"HTTP {status}: {problems(page)}"
            time.sleep(0.3)
        raise AssertionError(f"{path}: {what}, not within {deadline_s} s (last: {last})\n"
                             f"terminal:\n{self.terminal()[-4000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # as Ctrl+C: MkDocs shuts down its hooks
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def problems(page: str) -> dict[str, str]:
    """The preview's banners on a page: kind -> its text (tags dropped, entities decoded)."""
    return {kind: html.unescape(re.sub(r"<[^>]+>", " ", body)) for kind, body in PROBLEM.findall(page)}


def pasted_text(page: str) -> str:
    """The build's message in the changelog banner, as a writer copies it from the <pre>."""
    banner = page.split('data-preview-problem="changelog"', 1)[1]
    return html.unescape(re.search(r"<pre><code[^>]*>(.*?)</code></pre>", banner, re.DOTALL).group(1))


def entry_to_paste(message: str) -> str:
    """The entry in the message: from its `[[entries]]` line, as many lines as read as TOML."""
    lines = message[message.index("[[entries]]"):].splitlines()
    for end in range(len(lines), 0, -1):
        text = "\n".join(lines[:end])
        try:
            if tomllib.loads(text).get("entries"):
                return text.strip() + "\n"
        except tomllib.TOMLDecodeError:
            continue
    raise AssertionError(f"no entry to paste in:\n{message}")


def target_row(page: str, plan: str) -> str:
    """The text of a plan's row in the table of target response times."""
    row = page.split(f">{plan}</th>", 1)[1].split("</tr>", 1)[0]
    return re.sub(r"[ \t\n]+", " ", html.unescape(re.sub(r"<[^>]+>", " ", row)))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def served(tmp_path, built_site):  # built_site: the picker's cache is warm, and the copy gets it
    server = Served(_copy_project(tmp_path / "project"))
    yield server
    server.stop()


def test_the_preview_keeps_serving_the_edited_site_and_shows_each_slip_on_its_pages(served):
    # Restarted after editing a fact, without its entry: the preview starts (it used to abort).
    edit(served.data, "pro = { 1 = 1, 2 = 4, 3 = 24,", "pro = { 1 = 1, 2 = 5, 3 = 24,")
    page = served.wait_for("/response-time/", lambda p: "changelog" in problems(p),
                           "the changelog banner on the first build", START_S)
    assert "5\u00a0часов" in target_row(page, "Профессиональный")

    # A fact edited while the preview runs: the page shows the new value, and the entry to paste.
    edit(served.data, "pro = { 1 = 1, 2 = 5, 3 = 24,", "pro = { 1 = 1, 2 = 5, 3 = 12,")
    fingerprint = data_fingerprint(served.data)
    page = served.wait_for("/response-time/", lambda p: "12\u00a0часов" in target_row(p, "Профессиональный")
                           and fingerprint in problems(p).get("changelog", ""),
                           "the new value and the banner with its entry")
    banner = problems(page)["changelog"]
    assert "нет записи" in banner and "make build" in banner
    message = pasted_text(page)
    assert f'fingerprint = "{fingerprint}"' in message and str(served.data) in message
    english = served.wait_for("/en/response-time/", lambda p: "12\u00a0hours" in target_row(p, "Pro"),
                              "the new value in English")
    assert "has no entry" in problems(english)["changelog"] and pasted_text(english) == message
    for path in ("/", "/en/picker/", "/changelog/"):  # every page carries it
        assert "changelog" in problems(served.get(path)[1]), path
    terminal = served.terminal()
    assert message in terminal and "make serve: the preview goes on" in terminal
    assert "Aborted" not in terminal and "WARNING" not in terminal and "stuck" not in terminal

    # The entry pasted from the page, at the top of the changelog: the banner goes.
    text = served.changelog.read_text(encoding="utf-8")
    top = text.index("\n[[entries]]\n") + 1  # above the newest entry
    served.changelog.write_text(text[:top] + entry_to_paste(message) + "\n" + text[top:], encoding="utf-8")
    page = served.wait_for("/response-time/", lambda p: not problems(p), "the page without the banner")
    assert "12\u00a0часов" in target_row(page, "Профессиональный")
    assert not problems(served.get("/en/")[1])

    # Two broken markers: each page says what is wrong with it; the others are as built.
    edit(served.project / "docs/support-hours.md", "<!-- policy:support-hours -->", "<!-- policy:support-hourz -->")
    edit(served.project / "docs/picker.en.md", "<!-- policy:picker -->", "<!-- policy:picker sometimes -->")
    page = served.wait_for("/en/picker/", lambda p: "marker" in problems(p), "the marker banner in English")
    assert ("Plan picker: picker.en.md: <!-- policy:picker sometimes --> is not known. "
            "Fix: write <!-- policy:picker --> or <!-- policy:picker on-demand -->") in problems(page)["marker"]
    assert "does not know" in problems(page)["marker"]
    page = served.wait_for("/support-hours/", lambda p: "marker" in problems(p), "the marker banner in Russian")
    assert "support-hours.md: unknown marker <!-- policy:support-hourz -->. Fix: use one of" in problems(page)["marker"]
    assert "не знает" in problems(page)["marker"] and "<h1" in page
    for path in ("/en/support-hours/", "/picker/", "/"):
        assert not problems(served.get(path)[1]), path
    assert "unknown marker <!-- policy:support-hourz -->" in served.terminal()

    # The markers mended, and a malformed value: the site from the last data that loaded, and
    # on every page the error, with its file, key, problem and fix.
    edit(served.project / "docs/support-hours.md", "<!-- policy:support-hourz -->", "<!-- policy:support-hours -->")
    edit(served.project / "docs/picker.en.md", "<!-- policy:picker sometimes -->", "<!-- policy:picker -->")
    edit(served.data, 'number = "+44 800 368 7314"', 'number = "0800 368 7314"')
    page = served.wait_for("/", lambda p: "data" in problems(p) and "marker" not in problems(served.get("/support-hours/")[1]),
                           "the data banner, the marker banners gone")
    error = f"Policy data file is malformed: {served.data}: phone_numbers[3].number: malformed phone number '0800 368 7314'. Fix: write"
    parts = [f"{served.data}", "phone_numbers[3].number", "malformed phone number '0800 368 7314'", 'write "+", the country code']
    for lang in ("", "en/"):
        for path in PAGES:
            page = served.get(f"/{lang}{path}")[1]
            assert list(problems(page)) == ["data"], f"/{lang}{path}"
            banner = problems(page)["data"]
            assert all(part in banner for part in parts), banner
            assert ("Файл:" if not lang else "File:") in banner and ("Как исправить:" if not lang else "Fix:") in banner
            assert ("последний раз загрузился" if not lang else "as it last loaded") in banner
    page = served.get("/support-process/")[1]
    assert "tel:+448003687314" in page  # the number as it last loaded
    assert "12\u00a0часов" in target_row(served.get("/response-time/")[1], "Профессиональный")
    boot = served.get("/assets/picker/boot.json")[1]  # the picker: built from the same data
    archive = re.search(r'"archiveURL": "([^"]+)"', boot).group(1)
    assert served.get(archive)[0] == 200 and archive in served.get("/picker/")[1]
    assert error in served.terminal()

    # Mended: the site as `make build` makes it.
    edit(served.data, 'number = "0800 368 7314"', 'number = "+44 800 368 7314"')
    served.wait_for("/en/support-process/", lambda p: not problems(p), "the page without the data banner")
    assert "Aborted" not in served.terminal() and "Traceback" not in served.terminal()


# ─── the parts, without a server ─────────────────────────────────────────────

def test_a_published_page_never_carries_a_preview_banner(built_site: Path):
    for page in built_site.rglob("*.html"):
        assert "data-preview-problem" not in page.read_text(encoding="utf-8"), page


def test_without_data_that_loaded_in_this_preview_the_fallback_is_the_committed_file(tmp_path, monkeypatch):
    """Started on a malformed data file: the pages come from git HEAD's, named as such; the
    writer's POLICY_FILE is back, and the copy gone, when the preview stops."""
    folder = tmp_path / "data"
    folder.mkdir()
    source = ROOT / "widget/src/support_policy"
    for name in ("policy.toml", "changelog.toml"):
        shutil.copy2(source / name, folder / name)
    git = ["git", "-c", "user.name=W", "-c", "user.email=w@example.com", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=folder, check=True)
    subprocess.run([*git, "add", "-A"], cwd=folder, check=True)
    subprocess.run([*git, "commit", "-qm", "data"], cwd=folder, check=True)
    committed = (folder / "policy.toml").read_text(encoding="utf-8")
    (folder / "policy.toml").write_text(committed.replace('business = { 1 = 1,', 'business = { 1 = "one",'),
                                        encoding="utf-8")
    monkeypatch.setenv("POLICY_FILE", str(folder / "policy.toml"))
    monkeypatch.setitem(preview._state, "good", {})
    preview.start(True)
    try:
        preview.new_round()
        preview.choose_data()
        [problem] = preview.site_problems()
        assert problem.kind == "data" and problem.source == "head"
        assert problem.error.file == str(folder / "policy.toml") and problem.error.key.startswith("response_target_hours")
        used = Path(os.environ["POLICY_FILE"])
        assert used != folder / "policy.toml" and used.read_text(encoding="utf-8") == committed
        assert used.with_name("changelog.toml").read_bytes() == (folder / "changelog.toml").read_bytes()
        assert "git HEAD" in preview.render_problem(problem, "en") and "git HEAD" in preview.render_problem(problem, "ru")
    finally:
        preview.stop()
        preview.start(False)
    assert os.environ["POLICY_FILE"] == str(folder / "policy.toml") and not used.exists()


def test_without_any_data_that_loads_the_build_stops_as_before(tmp_path, monkeypatch):
    """Outside git, a data file that never loaded has nothing to fall back to: POLICY_FILE is left
    alone, and the hooks stop the build with the error, as `make build` does."""
    broken = tmp_path / "policy.toml"
    broken.write_text("plans = [", encoding="utf-8")
    monkeypatch.setenv("POLICY_FILE", str(broken))
    monkeypatch.setitem(preview._state, "good", {})
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    preview.start(True)
    try:
        preview.new_round()
        preview.choose_data()
        assert preview.site_problems() == [] and os.environ["POLICY_FILE"] == str(broken)
    finally:
        preview.stop()
        preview.start(False)


def test_a_banner_shows_the_build_s_text_escaped_in_the_page_s_language():
    error = PolicyError("<policy.toml>", "plans[0].name", "is <b>bold</b>", 'write "x" & go')
    problem = preview.Problem("data", f"Policy data file is malformed: {error}", error, "last")
    page = ('<html><body><div class="md-content"><article class="md-content__inner md-typeset">'
            "<h1>Title</h1></article></div></body></html>")
    for lang, title in (("ru", "В файле данных ошибка"), ("en", "The data file has an error")):
        out = preview.with_banner(page, [problem], lang)
        assert "<b>" not in out and "&lt;policy.toml&gt;" in out and "write &quot;x&quot; &amp; go" in out
        assert out.index(title) < out.index("<h1>") and f'lang="{lang}"' in out
    assert preview.with_banner(page, [], "en") == page
