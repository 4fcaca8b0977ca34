"""Builds of the real site: both languages, strict, tables from the data file."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from types import SimpleNamespace

import material
import pytest
from mkdocs.exceptions import PluginError

from support import PAGES, POLICY_FILE, ROOT, build_site

sys.path.insert(0, str(ROOT / "overrides" / "hooks"))
from stylesheets import theme_stylesheets  # noqa: E402

MATERIAL_CSS = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"


def test_both_languages_are_built_for_every_page(built_site: Path):
    for page in PAGES:
        assert (built_site / page / "index.html").is_file(), f"ru {page}"
        assert (built_site / "en" / page / "index.html").is_file(), f"en {page}"


def test_strict_build_prints_no_warning(site_build):
    assert site_build.returncode == 0, site_build.stderr
    assert "WARNING" not in site_build.stderr, site_build.stderr


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
        assert ("2\u00a0hours" if prefix else "2\u00a0часа") in business_row  # number and unit kept together


def test_a_changed_fact_without_a_changelog_entry_stops_the_build_with_the_entry_to_add(tmp_path):
    """The changelog guard, for a data file with its changelog beside it (as the package's is)."""
    copy = tmp_path / "data" / "policy.toml"
    copy.parent.mkdir()
    copy.write_text(POLICY_FILE.read_text(encoding="utf-8").replace('"+61 1800 768 027"', '"+61 1800 123 456"'),
                    encoding="utf-8")
    (copy.parent / "changelog.toml").write_bytes((POLICY_FILE.parent / "changelog.toml").read_bytes())
    site = tmp_path / "site"
    result = build_site(site, {"POLICY_FILE": str(copy)})
    assert result.returncode != 0
    assert "The policy's facts changed without a changelog entry." in result.stderr
    assert "[[entries.changes]]" in result.stderr and "fingerprint = " in result.stderr
    assert "Traceback" not in result.stderr
    assert not site.exists() or not any(site.rglob("*.html"))


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


def test_every_page_waits_for_one_stylesheet_that_holds_material_s_and_ours(built_site: Path):
    names = set()
    for page in sorted(built_site.rglob("*.html")):  # every page of both languages, and the 404 page
        links = re.findall(r"<link[^>]*rel=\"stylesheet\"[^>]*>", page.read_text(encoding="utf-8"))
        assert len(links) == 1, f"{page.relative_to(built_site)}: {links}"
        names.add(re.search(r'href="([^"]*)"', links[0]).group(1).rsplit("/", 1)[-1])
    assert len(names) == 1 and re.fullmatch(r"site\.[0-9a-f]{8}\.css", name := names.pop()), names
    published = sorted(path.name for path in (built_site / "assets" / "stylesheets").iterdir())
    assert published == [name], "Material's own stylesheets are published inside the bundle only"
    css = (built_site / "assets" / "stylesheets" / name).read_text(encoding="utf-8")
    assert css.startswith('@charset "UTF-8";') and css.count("@charset") == 1
    # Material's two, then ours in extra_css's order: the cascade of the separate links it replaces.
    parts = [next(MATERIAL_CSS.glob(f"{stem}.*.min.css")).read_text(encoding="utf-8") for stem in ("main", "palette")]
    parts += [(ROOT / path).read_text(encoding="utf-8") for path in
              ("docs/assets/site.css", "overrides/assets/picker.css", "overrides/assets/print.css")]
    positions = [css.find(part.removeprefix('@charset "UTF-8";').strip()) for part in parts]
    assert -1 not in positions and positions == sorted(positions), positions


@pytest.mark.parametrize("files, found", [
    ([], 0),
    (["main.1234abcd.min.css", "main.5678ef90.min.css"], 2),
])
def test_a_renamed_material_stylesheet_fails_the_build_saying_what_to_update(tmp_path, files, found):
    folder = tmp_path / "assets" / "stylesheets"
    folder.mkdir(parents=True)
    for name in files:
        (folder / name).write_text("a{}", encoding="utf-8")
    config = SimpleNamespace(theme=SimpleNamespace(dirs=[str(tmp_path)], get=lambda key: None))
    with pytest.raises(PluginError, match=f"expects one assets/stylesheets/main.\\*.min.css among the theme's folders, found {found}"):
        theme_stylesheets(config)
