"""Builds of the real site: both languages, strict, tables from the data file."""

from __future__ import annotations

from pathlib import Path

from support import PAGES, POLICY_FILE, build_site



def test_both_languages_are_built_for_every_page(built_site: Path):
    for page in PAGES:
        assert (built_site / page / "index.html").is_file(), f"ru {page}"
        assert (built_site / "en" / page / "index.html").is_file(), f"en {page}"


def test_strict_build_prints_no_warning(tmp_path):
    result = build_site(tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr


def test_a_changed_fact_in_a_data_copy_changes_both_languages(tmp_path):
    data = POLICY_FILE.read_text(encoding="utf-8")
    edited = data.replace('number = "+61 1800 768 027"', 'number = "+61 1800 123 456"')
    edited = edited.replace("business = { 1 = 1, 2 = 4,", "business = { 1 = 2, 2 = 4,")
    assert edited.count("1800 123 456") == 1 and "business = { 1 = 2" in edited
    copy = tmp_path / "policy.toml"
    copy.write_text(edited, encoding="utf-8")
    site = tmp_path / "site"
    result = build_site(site, {"POLICY_FILE": str(copy)})
    assert result.returncode == 0, result.stderr
    for prefix in ("", "en/"):
        process = (site / prefix / "support-process/index.html").read_text(encoding="utf-8")
        assert "tel:+611800123456,2" in process and "tel:+611800768027" not in process
        targets = (site / prefix / "response-time/index.html").read_text(encoding="utf-8")
        business_row = targets.split(">Business<" if prefix else ">Для бизнеса<")[1].split("</tr>")[0]
        assert ("2 hours" if prefix else "2 часа") in business_row


def test_malformed_data_fails_the_build_naming_file_key_and_fix(tmp_path):
    copy = tmp_path / "policy.toml"
    data = POLICY_FILE.read_text(encoding="utf-8")
    copy.write_text(data.replace('number = "+44 800 368 7314"', 'number = "0800 368 7314"'), encoding="utf-8")
    site = tmp_path / "site"
    result = build_site(site, {"POLICY_FILE": str(copy)})
    assert result.returncode != 0
    assert f"{copy}: phone_numbers[3].number: malformed phone number '0800 368 7314'. Fix:" in result.stderr
    assert "Traceback" not in result.stderr
    assert not site.exists() or not any(site.rglob("*.html"))
