"""`make check-translations`: each Russian page against its English twin, on small sites built in tmp_path."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "overrides" / "checks" / "check_translations.py"

_spec = importlib.util.spec_from_file_location("check_translations", SCRIPT)
check = importlib.util.module_from_spec(_spec)
sys.modules["check_translations"] = check
_spec.loader.exec_module(check)

RU = """\
---
title: Процесс поддержки
description: Как направить запрос поддержки.
---

# Процесс поддержки

Вступление со [ссылкой](other.md).

## Способы обращения

- интернет-заявка;
- чат.

| план | каналы |
|---|---|
| Pro | чат |

<!-- policy:channels -->

```text
# не заголовок: внутри блока кода
- и не список
```

## Телефоны

Пишите на <https://support.example.com/>.
"""

EN = """\
---
title: Support process
description: How to send a support request.
---

# Support process

An introduction with a [link](other.md).

## Channels

- web request form;
- chat.

| plan | channels |
|---|---|
| Pro | chat |

<!-- policy:channels -->

```text
# not a heading: inside a code block
```

## Phone numbers

Write to <https://support.example.com/>.
"""


def site(tmp_path: Path, files: dict[str, str]) -> Path:
    docs = tmp_path / "docs"
    for name, text in files.items():
        path = docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return docs


def run(capsys, docs: Path) -> tuple[int, str]:
    code = check.main(["--docs", str(docs), "--repo", str(docs.parent)])
    return code, capsys.readouterr().out


def test_a_clean_pair_passes(tmp_path, capsys):
    docs = site(tmp_path, {"page.md": RU, "page.en.md": EN, "sub/other.md": RU, "sub/other.en.md": EN})
    code, out = run(capsys, docs)
    assert code == 0, out
    rows = [line.split() for line in out.splitlines()]
    assert ["page", "ok"] in rows and ["sub/other", "ok"] in rows
    assert out.strip().splitlines()[-1] == "PASSED: 2 pages checked: 2 ok, 0 errors, 0 warnings."


def test_what_is_counted(tmp_path):
    docs = site(tmp_path, {"page.md": RU})
    page = check.read_page(docs / "page.md")
    assert [(h.level, h.text) for h in page.headings] == [(1, "Процесс поддержки"), (2, "Способы обращения"), (2, "Телефоны")]
    assert (page.tables, page.lists, page.list_items, page.links, page.markers) == (1, 1, 2, 2, ["channels"])
    assert page.front_matter == {"title": "Процесс поддержки", "description": "Как направить запрос поддержки."}


@pytest.mark.parametrize("missing, present, says", [
    ("page.en.md", "page.md", "page.md has no English twin: add page.en.md"),
    ("page.md", "page.en.md", "page.en.md has no Russian twin: add page.md"),
])
def test_a_missing_twin_fails(tmp_path, capsys, missing, present, says):
    docs = site(tmp_path, {present: RU if present == "page.md" else EN, "ok.md": RU, "ok.en.md": EN})
    code, out = run(capsys, docs)
    assert code == 1
    assert says in out
    assert out.strip().splitlines()[-1].startswith("FAILED: 2 pages checked: 1 ok, 1 error")


def test_a_heading_mismatch_fails_showing_both_outlines(tmp_path, capsys):
    en = EN.replace("## Phone numbers", "### Phone numbers")
    docs = site(tmp_path, {"page.md": RU, "page.en.md": en})
    code, out = run(capsys, docs)
    assert code == 1
    assert "ERROR:   the headings differ" in out
    lines = out.splitlines()
    header = next(line for line in lines if "line  page.md" in line)
    assert "line  page.en.md" in header
    # Matching rows are unmarked, the differing row is marked and shows both sides with line numbers.
    assert any(line.strip().startswith("6  # Процесс поддержки") and "# Support process" in line for line in lines)
    bad = [line for line in lines if line.lstrip().startswith("✗")]
    assert len(bad) == 1
    assert "## Телефоны" in bad[0] and "### Phone numbers" in bad[0]


def test_an_extra_heading_is_shown_against_a_gap(tmp_path, capsys):
    en = EN.replace("## Phone numbers", "### Extra\n\ntext\n\n## Phone numbers")
    code, out = run(capsys, site(tmp_path, {"page.md": RU, "page.en.md": en}))
    assert code == 1
    bad = [line for line in out.splitlines() if line.lstrip().startswith("✗")]
    assert len(bad) == 1 and bad[0].split("✗")[1].split()[0] == "—" and "### Extra" in bad[0]


def test_headings_in_code_blocks_and_front_matter_are_ignored(tmp_path, capsys):
    en = EN.replace("```text\n", "```text\n## still code\n- still code\n[still](code.md)\n")
    code, out = run(capsys, site(tmp_path, {"page.md": RU, "page.en.md": en}))
    assert code == 0, out


@pytest.mark.parametrize("change, says", [
    (("- chat.\n", "- chat;\n- phone.\n"), "a different number of list items: 2 in page.md, 3 in page.en.md\n"
                                           "             page.md: line 12: 2 items\n"
                                           "             page.en.md: line 12: 3 items"),
    (("- chat.\n", "\nThen:\n\n- chat.\n"), "a different number of lists: 1 in page.md, 2 in page.en.md\n"
                                             "             page.md: line 12: 2 items\n"
                                             "             page.en.md: line 12: 1 item; line 16: 1 item"),
    (("An introduction with a [link](other.md).", "An introduction."),
     "a different number of links: 2 in page.md, 1 in page.en.md\n             only in page.md: other.md (line 8)"),
    (("| plan | channels |\n|---|---|\n| Pro | chat |\n", "Pro: chat.\n"),
     "a different number of tables: 1 in page.md, 0 in page.en.md\n"
     "             page.md: tables at line 15\n             page.en.md: no tables"),
    (("Write to <https://support.example.com/>.", "Write to us."),
     "only in page.md: https://support.example.com/ (line 28)"),
    (("<!-- policy:channels -->", "<!-- policy:channels -->\n\n<!-- policy:support-hours -->"),
     "a different number of policy markers: 1 in page.md, 2 in page.en.md"),
    (("<!-- policy:channels -->", "<!-- policy:support-hours -->"), "the policy markers differ"),
])
def test_a_count_mismatch_fails_naming_the_counts(tmp_path, capsys, change, says):
    en = EN.replace(*change)
    assert en != EN
    code, out = run(capsys, site(tmp_path, {"page.md": RU, "page.en.md": en}))
    assert code == 1
    assert says in out
    assert out.count("ERROR:") == 1, out


def test_a_missing_description_fails(tmp_path, capsys):
    en = EN.replace("description: How to send a support request.\n", "")
    code, out = run(capsys, site(tmp_path, {"page.md": RU, "page.en.md": en}))
    assert code == 1
    assert "page.en.md: front matter has no `description`: add `description: ...`" in out


def test_a_page_without_front_matter_fails(tmp_path, capsys):
    ru = RU.split("---\n", 2)[2]
    code, out = run(capsys, site(tmp_path, {"page.md": ru, "page.en.md": EN}))
    assert code == 1
    assert "page.md has no front matter" in out


# ─── a number and its unit, joined by a no-break space ──────────────────────


def test_a_number_and_its_unit_split_by_an_ordinary_space_fail_naming_file_line_and_fix(tmp_path, capsys):
    ru = RU.replace("Вступление со [ссылкой](other.md).", "Вступление со [ссылкой](other.md): ответ за 24 часа.")
    en = EN.replace("An introduction with a [link](other.md).", "An introduction with a [link](other.md), about 13 MB.")
    code, out = run(capsys, site(tmp_path, {"page.md": ru, "page.en.md": en}))
    assert code == 1
    assert ('ERROR:   page.md, line 8: "24 часа": a number and its unit must be joined by a no-break space, '
            'so that a line never ends between them. Fix: write "24&nbsp;часа" (or type the no-break space '
            "character U+00A0)") in out
    assert 'ERROR:   page.en.md, line 8: "13 MB": a number and its unit must be joined' in out
    assert 'Fix: write "13&nbsp;MB"' in out
    assert out.strip().splitlines()[-1].startswith("FAILED: 1 page checked: 0 ok, 2 errors")


def test_in_the_front_matter_the_fix_is_the_no_break_space_character(tmp_path, capsys):
    ru = RU.replace("description: Как направить запрос поддержки.", "description: Ответ за 4 часа.")
    code, out = run(capsys, site(tmp_path, {"page.md": ru, "page.en.md": EN}))
    assert code == 1
    assert 'page.md, line 3: "4 часа"' in out
    assert "Fix: type the no-break space character U+00A0 between them (the front matter does not read &nbsp;)" in out


@pytest.mark.parametrize("text", [
    "за 24&nbsp;часа", "за 24\u00a0часа", "около 11&nbsp;МБ", "in 24&nbsp;hours", "1.5\u00a0MB",
    "в коде: `24 часа`", "версия 2020-12", "код ISO 3166", "приоритет&nbsp;1 (срочный)", "от 1 до 4",
])
def test_joined_units_code_and_other_numbers_pass(tmp_path, capsys, text):
    ru = RU.replace("Вступление со [ссылкой](other.md).", f"Вступление со [ссылкой](other.md), {text}.")
    code, out = run(capsys, site(tmp_path, {"page.md": ru, "page.en.md": EN}))
    assert code == 0, out


@pytest.mark.parametrize(("text", "found"), [
    ("5 минут", "5 минут"), ("7 дней в неделю", "7 дней"), ("2026 г.", "2026 г."), ("1,5 ГБ", "1,5 ГБ"),
    ("24 hours a day", "24 hours"), ("30 min", "30 min"), ("2 KB", "2 KB"),
])
def test_units_of_time_and_size_are_caught(text, found):
    assert check.unjoined_units(f"Text with {text} here.") == [found]


def test_fenced_code_is_not_page_text(tmp_path, capsys):
    ru = RU.replace("# не заголовок: внутри блока кода\n", "# не заголовок: внутри блока кода\nза 24 часа\n")
    code, out = run(capsys, site(tmp_path, {"page.md": ru, "page.en.md": EN}))
    assert code == 0, out


def test_the_data_files_texts_and_the_labels_join_numbers_and_units_too():
    """The same rule for what the data file and labels.py put on the pages."""
    import tomllib

    from support_policy.labels import LABELS, hours_text
    from support_policy.load import default_policy_path

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    data = tomllib.loads(Path(default_policy_path()).read_text(encoding="utf-8"))
    texts = [*strings(data), *(text for entry in LABELS.values() for text in entry.values())]
    texts += [hours_text(hours, lang) for hours in (1, 4, 24) for lang in ("ru", "en")]
    found = [(text, check.unjoined_units(text)) for text in texts if check.unjoined_units(text)]
    assert not found, found


# ─── Russian typography: a dash, a priority's number, a day's month ──────────


@pytest.mark.parametrize(("text", "found", "rule"), [
    ("политики — это факты", "политики —", "a dash must follow the word before it after a no-break space"),
    ("`null` — нет", "`null` —", "a dash must follow the word before it after a no-break space"),
    ("часы, — и", "часы, —", "a dash must follow the word before it after a no-break space"),
    ("план – приоритет", "план –", "a dash must follow the word before it after a no-break space"),
    ("для приоритета 1 круглосуточно", "приоритета 1", "«приоритет» and its number must be joined"),
    ("Приоритет 2 высокий", "Приоритет 2", "«приоритет» and its number must be joined"),
    ("приоритетов 1–4", "приоритетов 1", "«приоритет» and its number must be joined"),
    ("с 25 ноября 2026", "25 ноября", "a day and its month must be joined"),
])
def test_russian_typography_parted_by_an_ordinary_space_fails_naming_file_line_and_fix(tmp_path, capsys, text, found, rule):
    ru = RU.replace("Вступление со [ссылкой](other.md).", f"Вступление со [ссылкой](other.md): {text}.")
    code, out = run(capsys, site(tmp_path, {"page.md": ru, "page.en.md": EN}))
    assert code == 1
    assert (f'ERROR:   page.md, line 8: "{found}": {rule}') in out, out
    assert f'Fix: write "{found.replace(" ", "&nbsp;")}" (or type the no-break space character U+00A0)' in out
    assert out.count("ERROR:") == 1, out


def test_a_line_break_before_a_dash_fails_too(tmp_path, capsys):
    ru = RU.replace("Вступление со [ссылкой](other.md).", "Вступление со [ссылкой](other.md), часы\n— круглосуточно.")
    code, out = run(capsys, site(tmp_path, {"page.md": ru, "page.en.md": EN}))
    assert code == 1 and 'page.md, line 8: "часы —": a dash must follow' in out, out


def test_in_the_russian_front_matter_a_dash_needs_the_no_break_space_character(tmp_path, capsys):
    ru = RU.replace("description: Как направить запрос поддержки.", "description: Запрос поддержки — как его направить.")
    code, out = run(capsys, site(tmp_path, {"page.md": ru, "page.en.md": EN}))
    assert code == 1
    assert 'page.md, line 3: "поддержки —": a dash must follow the word before it after a no-break space' in out
    assert "Fix: type the no-break space character U+00A0 between them (the front matter does not read &nbsp;)" in out


@pytest.mark.parametrize("text", [
    "политики&nbsp;— это факты", "политики\u00a0— это факты", "`null`&nbsp;— нет", "приоритет&nbsp;1",
    "приоритетов\u00a01–4", "от 1 до 4", "25&nbsp;ноября 2026&nbsp;г.", "в 2026 году", "уровни приоритета:",
])
def test_joined_russian_typography_passes(tmp_path, capsys, text):
    ru = RU.replace("Вступление со [ссылкой](other.md).", f"Вступление со [ссылкой](other.md): {text}.")
    code, out = run(capsys, site(tmp_path, {"page.md": ru, "page.en.md": EN}))
    assert code == 0, out


def test_code_blocks_and_english_pages_are_not_held_to_russian_typography(tmp_path, capsys):
    ru = RU.replace("# не заголовок: внутри блока кода\n", "# не заголовок: внутри блока кода\nприоритет 1 — 2 декабря\n")
    en = EN.replace("with a [link](other.md).", "with a [link](other.md) — priority 1, from 2 December.")
    code, out = run(capsys, site(tmp_path, {"page.md": ru, "page.en.md": en}))
    assert code == 0, out


@pytest.mark.parametrize(("text", "found"), [
    ("Изменения 5 декабря 2026", ["5 декабря"]), ("приоритет\u00a01 — срочный", ["1 —"]),
    ("Приоритета 4 и 5 мая", ["Приоритета 4", "5 мая"]), ("11\u00a0мая, 1–4, приоритет\u00a02\u00a0— высокий", []),
])
def test_the_russian_rules_find_what_an_ordinary_space_parts(text, found):
    assert [words for words, _ in check.unjoined_russian(text)] == found


def russian_generated_texts() -> list[tuple[str, str]]:
    """(where, text) for every Russian string the site generates: each label (its placeholders filled
    in), each Russian value of policy.toml and changelog.toml, and the Russian HTML of every renderer
    (render.py's own words between them), with its tags taken out."""
    import html
    import tomllib
    from datetime import date, datetime, timezone

    from support_policy import load_policy, lookup
    from support_policy.changelog import default_changelog_path, load_changelog
    from support_policy.guide import all_paths
    from support_policy.labels import LABELS
    from support_policy.load import default_policy_path
    from support_policy.render import date_text, render_answer, render_changelog, render_guide, render_picker
    from support_policy.site import RENDERERS

    class Sample(dict):
        def __missing__(self, key):
            return f"[{key}]"

    def russian(value, key=""):
        if isinstance(value, dict):
            for name, item in value.items():
                yield from ([(key, item)] if name == "ru" and isinstance(item, str) else russian(item, f"{key}.{name}"))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from russian(item, f"{key}[{index}]")

    sample = Sample(n=1, day=5, month="декабря", year=2026)
    texts = [(f"labels.py: {key}", entry["ru"].format_map(sample)) for key, entry in LABELS.items()]
    for path in (default_policy_path(), default_changelog_path()):
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        texts += [(f"{Path(path).name}: {key.lstrip('.')}", text) for key, text in russian(data)]
    policy, now = load_policy(), datetime(2026, 12, 5, 9, 0, tzinfo=timezone.utc)
    rendered = [(f"render.py: {name}", render(policy, "ru")) for name, render in RENDERERS.items()]
    rendered += [("render.py: render_picker", render_picker(policy, "ru")),
                 ("render.py: render_changelog", render_changelog(load_changelog(), "ru"))]
    rendered += [(f"render.py: render_answer({plan.id}, {priority.id})", render_answer(lookup(policy, plan.id, priority.id), "ru", now))
                 for plan in policy.plans for priority in policy.priorities]
    rendered += [(f"render.py: render_guide({list(path)})", render_guide(policy, list(path), "ru")[0])
                 for path in all_paths(policy)]
    rendered += [(f"render.py: date_text({month})", date_text(date(2026, month, 5), "ru")) for month in range(1, 13)]
    return texts + [(where, html.unescape(re.sub(r"<[^>]+>", "", text))) for where, text in rendered]


def test_the_generated_russian_strings_keep_the_typography_too():
    """The same Russian rules for what labels.py, policy.toml, changelog.toml and render.py put on the pages."""
    texts = russian_generated_texts()
    assert len(texts) > 150 and any(where.startswith("changelog.toml") for where, _ in texts)
    found = [(where, check.unjoined_russian(text)) for where, text in texts if check.unjoined_russian(text)]
    assert not found, "\n".join(f"{where}: {words}" for where, words in found)


# ─── the stale warning, in a throwaway git repository ────────────────────────


def git(repo: Path, *args: str, when: str | None = None) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "Writer", "GIT_AUTHOR_EMAIL": "writer@example.com",
           "GIT_COMMITTER_NAME": "Writer", "GIT_COMMITTER_EMAIL": "writer@example.com"}
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    site(tmp_path, {"page.md": RU, "page.en.md": EN})
    git(tmp_path, "init", "-q", "-b", "main")
    return tmp_path


def test_a_russian_page_committed_after_its_twin_is_possibly_stale(repo, capsys):
    git(repo, "add", "docs")
    git(repo, "commit", "-q", "-m", "both pages", when="2025-03-01T10:00:00+00:00")
    (repo / "docs/page.md").write_text(RU.replace("чат.", "интернет-чат."), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "ru: wording", when="2025-03-02T10:00:00+00:00")
    code, out = run(capsys, repo / "docs")
    assert code == 0, out
    assert "WARNING: possibly stale: page.md was committed after page.en.md\n" in out
    assert "page.md:    2025-03-02 10:00 UTC, commit " in out
    assert "page.en.md: 2025-03-01 10:00 UTC, commit " in out
    assert "-- docs/page.md" in out
    assert out.strip().splitlines()[-1] == "PASSED: 1 page checked: 0 ok, 0 errors, 1 warning."


def test_an_english_page_committed_last_is_not_stale(repo, capsys):
    git(repo, "add", "docs/page.md")
    git(repo, "commit", "-q", "-m", "ru", when="2025-03-01T10:00:00+00:00")
    git(repo, "add", "docs/page.en.md")
    git(repo, "commit", "-q", "-m", "en", when="2025-03-02T10:00:00+00:00")
    code, out = run(capsys, repo / "docs")
    assert code == 0 and "WARNING" not in out, out


def test_untracked_twin_and_no_repository_are_skipped_quietly(repo, tmp_path_factory, capsys):
    git(repo, "add", "docs/page.md")
    git(repo, "commit", "-q", "-m", "ru only", when="2025-03-02T10:00:00+00:00")
    code, out = run(capsys, repo / "docs")
    assert code == 0 and "WARNING" not in out, out

    elsewhere = tmp_path_factory.mktemp("not-a-repo")
    code, out = run(capsys, site(elsewhere, {"page.md": RU, "page.en.md": EN}))
    assert code == 0 and "WARNING" not in out, out


# ─── the real pages, and the command line ────────────────────────────────────


def test_the_real_docs_pass():
    result = subprocess.run([sys.executable, str(SCRIPT)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith("PASSED: ")
    pages = {p.name.removesuffix(".en.md") for p in (ROOT / "docs").glob("*.en.md")}
    for name in pages:
        assert name in result.stdout


def test_the_command_line_exits_1_on_errors_and_2_on_a_wrong_folder(tmp_path):
    docs = site(tmp_path, {"page.md": RU})
    bad = subprocess.run([sys.executable, str(SCRIPT), "--docs", str(docs)], capture_output=True, text=True)
    assert bad.returncode == 1 and "has no English twin" in bad.stdout
    wrong = subprocess.run([sys.executable, str(SCRIPT), "--docs", str(tmp_path / "nope")], capture_output=True, text=True)
    assert wrong.returncode == 2 and "is not a folder" in wrong.stderr


def test_make_test_runs_the_check_before_pytest():
    # What make would run (-n: print, do not run; -B: as if nothing were built yet).
    result = subprocess.run(["make", "-n", "-B", "test"], cwd=ROOT, capture_output=True, text=True, check=True)
    lines = result.stdout.splitlines()
    check = next(i for i, line in enumerate(lines) if "overrides/checks/check_translations.py" in line)
    pytest_run = next(i for i, line in enumerate(lines) if "-m pytest" in line)
    assert check < pytest_run
