"""Every version of the policy on the built site: the pages in both languages, their JSON,
and the links to them; kept out of search, the sitemap and the offline manifest. Built twice:
this repository (two versions) and the fixture repository of four (tests/versions_repo.py)."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from html import escape
from pathlib import Path

import feedparser
import pytest
from jsonschema import Draft202012Validator, FormatChecker

from support import build_site
from support_policy.changelog import load_changelog
from support_policy.labels import label
from support_policy.render import date_text, entry_anchors

LANGS = {"ru": "", "en": "en/"}
SLUGS = entry_anchors(load_changelog())


def page(site: Path, lang: str, slug: str) -> str:
    return (site / LANGS[lang] / "versions" / slug / "index.html").read_text(encoding="utf-8")


# ─── this repository's versions ─────────────────────────────────────────────

@pytest.mark.parametrize("lang", LANGS)
def test_every_entry_has_its_version_page_with_noindex(built_site: Path, lang: str):
    assert len(SLUGS) >= 2
    for slug in SLUGS:
        html = page(built_site, lang, slug)
        assert f'<html lang="{lang}"' in html
        assert '<meta name="robots" content="noindex">' in html
        assert 'data-policy="version-banner"' in html


@pytest.mark.parametrize("lang", LANGS)
def test_version_pages_are_in_no_search_index_sitemap_or_offline_manifest(built_site: Path, lang: str):
    index = json.loads((built_site / LANGS[lang] / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert "versions/" in locations  # the list of versions is searchable
    assert not [loc for loc in locations if loc.startswith("versions/") and loc != "versions/"], locations
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"{LANGS[lang]}versions/</loc>" in sitemap
    assert not re.search(r"versions/\d{4}-\d\d-\d\d", sitemap)
    worker = (built_site / "sw.js").read_text(encoding="utf-8")
    assert f'"{LANGS[lang]}versions/index.html"' in worker
    assert not re.search(r"versions/\d{4}-\d\d-\d\d", worker)


def test_each_version_s_json_is_valid_against_the_schema_and_listed_in_policy_json(built_site: Path):
    schema = json.loads((built_site / "policy.schema.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    current = json.loads((built_site / "policy.json").read_text(encoding="utf-8"))
    validator.validate(current)
    listed = current["versions"]
    assert [v["policy"] for v in listed] == [e.date.isoformat() for e in load_changelog().entries]
    site_url = schema["$id"].rsplit("/", 1)[0] + "/"
    for version, slug in zip(listed, SLUGS):
        assert version["json"] == f"{site_url}policy/{slug}.json"
        assert version["pages"] == {lang: f"{site_url}{prefix}versions/{slug}/" for lang, prefix in LANGS.items()}
        document = json.loads((built_site / "policy" / f"{slug}.json").read_text(encoding="utf-8"))
        validator.validate(document)
        assert document["version"]["policy"] == version["policy"]
        assert document["version"]["fingerprint"] == version["fingerprint"]
        assert "versions" not in document
    assert current["version"]["fingerprint"] == listed[0]["fingerprint"]


@pytest.mark.parametrize("lang", LANGS)
def test_what_changed_and_the_feed_link_every_entry_to_its_version(built_site: Path, lang: str):
    changelog = (built_site / LANGS[lang] / "changelog" / "index.html").read_text(encoding="utf-8")
    assert 'href="../versions/"' in changelog
    for slug in SLUGS:
        assert f'href="../versions/{slug}/"' in changelog
    feed = feedparser.parse((built_site / LANGS[lang] / "feed.xml").read_text(encoding="utf-8"))
    for entry, slug in zip(feed.entries, SLUGS):
        related = [link.href for link in entry.links if link.rel == "related"]
        assert len(related) == 1 and related[0].endswith(f"/{LANGS[lang]}versions/{slug}/")
    listing = (built_site / LANGS[lang] / "versions" / "index.html").read_text(encoding="utf-8")
    for slug in SLUGS:
        assert f'versions/{slug}/"' in listing


# ─── the fixture repository's four versions ──────────────────────────────────

FACTS = {  # what a version page says, by version: (the target of Pro at priority 2, the German number)
    "2026-11-25": ("4", False), "2026-12-01": ("8", False), "2026-12-03": ("8", True), "2026-12-04": ("8", True),
}
HOURS = {"ru": {"4": "4\u00a0часа", "8": "8\u00a0часов"}, "en": {"4": "4\u00a0hours", "8": "8\u00a0hours"}}


def target_cell(html: str, lang: str) -> str:
    row = re.search(r'<tr><th scope="row">(?:Профессиональный|Pro)</th>(.*?)</tr>',
                    html.split('data-policy="response-targets"')[1], re.S)[1]
    return re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)[1]


@pytest.mark.parametrize("lang", LANGS)
def test_each_version_page_shows_that_version_s_facts_and_marks_what_differs_today(versions_site, lang: str):
    _, site = versions_site
    for slug, (hours, german) in FACTS.items():
        html = page(site, lang, slug)
        cell = target_cell(html, lang)
        assert cell.startswith(f'<mark class="policy-differs">{HOURS[lang][hours]}</mark>' if hours != "8"
                               else HOURS[lang][hours]), (slug, cell)
        phones = html.split('data-policy="channels"')[1].split("</div>")[0]
        assert ("+49&nbsp;800&nbsp;000&nbsp;1234" in phones) is german, slug
        differences = html.split('id="differences"')[1].split("<h2")[0]
        assert ("Германия" in differences or "Germany" in differences) is (not german), slug
    # The wording change (Russian only) is marked on the Russian page of the oldest versions.
    oldest = page(site, lang, "2026-12-03")
    assert ("Ресурсы для приоритета" in oldest.split('id="differences"')[1].split("<h2")[0]) is (lang == "ru")


@pytest.mark.parametrize("lang", LANGS)
def test_each_banner_gives_the_dates_it_covered_and_links_the_next_version(versions_site, lang: str):
    _, site = versions_site
    slugs = list(FACTS)
    for i, slug in enumerate(slugs):
        banner = banner_text(page(site, lang, slug).split('data-policy="version-banner"')[1].split("</div>")[0])
        since = date_text(dt.date.fromisoformat(slug), lang)
        assert since in banner
        if i + 1 < len(slugs):
            until = date_text(dt.date.fromisoformat(slugs[i + 1]), lang)
            assert until in banner
            assert f'href="/{LANGS[lang]}versions/{slugs[i + 1]}/"' in page(site, lang, slug)
        else:
            assert ("действующая" if lang == "ru" else "current version") in banner


def banner_text(html: str) -> str:
    return re.sub(r"[ \t\n]+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&nbsp;", "\u00a0")


# ─── without the history, and with a wrong fingerprint ───────────────────────

def clone(repo: Path, into: Path, *args: str) -> Path:
    subprocess.run(["git", "clone", "-q", *args, f"file://{repo}", str(into)], check=True, capture_output=True)
    return into


def test_a_shallow_clone_builds_the_current_policy_alone_with_one_notice(versions_site, tmp_path: Path):
    repo, _ = versions_site
    shallow = clone(repo, tmp_path / "shallow", "--depth", "1")
    result = build_site(tmp_path / "site", {"POLICY_FILE": str(shallow / "policy.toml")})
    assert result.returncode == 0, result.stderr
    assert (result.stdout + result.stderr).count("Policy versions: this clone is shallow") == 1
    assert not list((tmp_path / "site" / "versions").glob("2026-*"))
    assert not (tmp_path / "site" / "policy").exists()
    for lang, prefix in LANGS.items():
        listing = (tmp_path / "site" / prefix / "versions" / "index.html").read_text(encoding="utf-8")
        assert escape(label("versions_none", lang)) in listing
        changelog = (tmp_path / "site" / prefix / "changelog" / "index.html").read_text(encoding="utf-8")
        assert 'data-policy="version-link"' not in changelog
    assert json.loads((tmp_path / "site" / "policy.json").read_text(encoding="utf-8"))["versions"] == []


def test_an_unknown_fingerprint_stops_the_build_with_the_entry_s_date_and_the_fix(versions_site, tmp_path: Path):
    repo, _ = versions_site
    full = clone(repo, tmp_path / "full")
    changelog = full / "changelog.toml"
    older = load_changelog(changelog).entries[2]
    wrong = "sha256:" + "0" * 64
    changelog.write_text(changelog.read_text(encoding="utf-8").replace(older.fingerprint, wrong), encoding="utf-8")
    result = build_site(tmp_path / "site", {"POLICY_FILE": str(full / "policy.toml")})
    assert result.returncode != 0
    assert (f"Policy versions: {changelog}: entries[2].fingerprint: the entry dated {older.date} names {wrong}"
            in result.stderr), result.stderr[-2000:]
    assert "Fix: copy the fingerprint of the data file as it was published" in result.stderr


def test_each_version_s_json_holds_that_version_s_facts(versions_site):
    _, site = versions_site
    for slug, (hours, german) in FACTS.items():
        document = json.loads((site / "policy" / f"{slug}.json").read_text(encoding="utf-8"))
        pro = next(plan for plan in document["plans"] if plan["id"] == "pro")
        assert pro["response_target_hours"]["2"] == int(hours), slug
        assert ("+49 800 000 1234" in [p["number"] for p in document["phone_numbers"]]) is german, slug
        assert document["version"]["policy"] == slug
