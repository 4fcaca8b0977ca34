"""Real builds: /policy.json and its schema at the site's root, the "What changed" and
"Policy as JSON" pages in both languages, and a "last update" date on every page."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from htmltext import article_text
from support import PAGES, POLICY_FILE, ROOT, build_site
from support_policy.changelog import data_fingerprint, load_changelog

SITE_URL = "https://support-policy.example.com/"
NEW_PAGES = ["changelog/", "export/"]
# A Russian day and its month are joined by a no-break space (interface_language.py joins Babel's).
RU_DATE = re.compile(r"\b\d{1,2}\u00a0(января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)"
                     r" \d{4}\s*г\.")
EN_DATE = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|November|December)"
                     r" \d{1,2}, \d{4}\b")


def export_files(site: Path) -> tuple[dict, dict]:
    return (json.loads((site / "policy.json").read_text(encoding="utf-8")),
            json.loads((site / "policy.schema.json").read_text(encoding="utf-8")))


def test_the_build_publishes_the_export_and_its_schema_once_at_the_root(built_site: Path):
    document, schema = export_files(built_site)
    assert not (built_site / "en" / "policy.json").exists()
    assert not (built_site / "en" / "policy.schema.json").exists()
    Draft202012Validator.check_schema(schema)
    Draft202012Validator(schema, format_checker=FormatChecker()).validate(document)
    assert document["$schema"] == schema["$id"] == SITE_URL + "policy.schema.json"
    assert document["version"]["policy"] == load_changelog().version
    assert document["version"]["fingerprint"] == data_fingerprint(POLICY_FILE)
    assert "+44 20 3890 5445" in {p["number"] for p in document["phone_numbers"]}


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_export_page_names_both_addresses_and_shows_a_current_excerpt(built_site: Path, prefix: str):
    page = (built_site / prefix / "export" / "index.html").read_text(encoding="utf-8")
    for name in ("policy.json", "policy.schema.json"):
        assert f'<a href="/{name}"><code>{SITE_URL}{name}</code></a>' in page
    text = article_text(built_site / prefix / "export" / "index.html")
    assert f'"policy": "{load_changelog().version}"' in text
    assert '"url": "https://support.zoom.us/hc/en-us/requests/new"' in text


@pytest.mark.parametrize("prefix, date", [("", "25 ноября 2026 г."), ("en/", "November 25, 2026")])
def test_the_changelog_page_lists_the_publication_in_the_pages_language(built_site: Path, prefix: str, date: str):
    html = (built_site / prefix / "changelog" / "index.html").read_text(encoding="utf-8")
    assert 'id="2026-11-25"' in html
    text = article_text(built_site / prefix / "changelog" / "index.html")
    assert date in text
    assert ("опубликована на этом сайте" if not prefix else "published on this site") in text


@pytest.mark.parametrize("prefix, label, date", [("", "Последнее обновление", RU_DATE), ("en/", "Last update", EN_DATE)])
def test_every_page_says_when_it_was_last_updated_in_its_language(built_site: Path, prefix, label, date):
    for page in PAGES + NEW_PAGES:
        html = (built_site / prefix / page / "index.html").read_text(encoding="utf-8")
        fact = re.search(r'<aside class="md-source-file">(.*?)</aside>', html, flags=re.DOTALL)
        assert fact, f"{prefix}{page}: no last-update line"
        assert f'title="{label}"' in fact.group(1), f"{prefix}{page}"
        shown = re.search(r'git-revision-date-localized-plugin-date"[^>]*>([^<]+)<', fact.group(1))
        assert shown and date.fullmatch(shown.group(1).strip()), f"{prefix}{page}: {shown and shown.group(1)!r}"


def test_a_data_copy_with_its_own_changelog_drives_the_export_and_the_changelog_page(tmp_path):
    """POLICY_FILE is respected: the export and the changelog come from the copy's folder."""
    data = POLICY_FILE.read_text(encoding="utf-8").replace('"+61 1800 768 027"', '"+61 1800 123 456"')
    copy = tmp_path / "data" / "policy.toml"
    copy.parent.mkdir()
    copy.write_text(data, encoding="utf-8")
    (tmp_path / "data" / "changelog.toml").write_text(f'''
[[entries]]
date = 2026-12-01
fingerprint = "{data_fingerprint(copy)}"
summary = {{ ru = "Новый номер в Австралии.", en = "A new number in Australia." }}

[[entries.changes]]
fact = {{ ru = "Телефон в Австралии", en = "Australian phone number" }}
from = "+61 1800 768 027"
to = "+61 1800 123 456"

[[entries]]
date = 2026-11-25
fingerprint = "{data_fingerprint(POLICY_FILE)}"
summary = {{ ru = "Политика опубликована.", en = "The policy is published." }}
''', encoding="utf-8")
    site = tmp_path / "site"
    result = build_site(site, {"POLICY_FILE": str(copy)})
    assert result.returncode == 0, result.stderr

    document, _ = export_files(site)
    assert document["version"]["policy"] == "2026-12-01"
    assert document["version"]["fingerprint"] == data_fingerprint(copy)
    assert "+61 1800 123 456" in {p["number"] for p in document["phone_numbers"]}
    for prefix, words in (("", ("1 декабря 2026 г.", "Телефон в Австралии", "Было", "Стало")),
                          ("en/", ("December 1, 2026", "Australian phone number", "Before", "After"))):
        text = article_text(site / prefix / "changelog" / "index.html")
        for word in (*words, "+61 1800 768 027", "+61 1800 123 456"):
            assert word in text, f"{prefix}changelog: {word!r}"
        assert text.index(words[0]) < text.index("25")  # newest first
        assert '"policy": "2026-12-01"' in article_text(site / prefix / "export" / "index.html")


def test_a_malformed_changelog_fails_the_build_naming_file_key_and_fix(tmp_path):
    copy = tmp_path / "policy.toml"
    shutil.copy(POLICY_FILE, copy)
    changelog = tmp_path / "changelog.toml"
    changelog.write_text(f'[[entries]]\ndate = "2026-11-25"\nfingerprint = "{data_fingerprint(copy)}"\n'
                         'summary = { ru = "Опубликована.", en = "Published." }\n', encoding="utf-8")
    site = tmp_path / "site"
    result = build_site(site, {"POLICY_FILE": str(copy)})
    assert result.returncode != 0
    assert (f"Policy changelog is malformed: {changelog}: entries[0].date: is the text '2026-11-25', not a date. "
            "Fix: write the date without quotes") in result.stderr
    assert "Traceback" not in result.stderr


def test_a_build_outside_git_still_dates_every_page_without_a_warning(tmp_path):
    """A source tree without .git (a downloaded archive): the build date stands in."""
    tree = tmp_path / "tree"
    tree.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", tree)
    for folder in ("docs", "overrides"):
        shutil.copytree(ROOT / folder, tree / folder)
    shutil.copytree(ROOT / "widget" / "src", tree / "widget" / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copy(ROOT / "widget" / "pyproject.toml", tree / "widget")
    for shared in ("node_modules", ".cache"):  # the picker's Pyodide and its compiled cache
        if (ROOT / shared).exists():
            os.symlink(ROOT / shared, tree / shared)
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                            cwd=tree, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    for prefix, date in (("", RU_DATE), ("en/", EN_DATE)):
        html = (site / prefix / "support-hours" / "index.html").read_text(encoding="utf-8")
        shown = re.search(r'git-revision-date-localized-plugin-date"[^>]*>([^<]+)<', html)
        assert shown and date.fullmatch(shown.group(1).strip()), prefix
    assert (site / "policy.json").is_file()
