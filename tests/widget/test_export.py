"""The machine-readable policy: /policy.json is valid against /policy.schema.json
(JSON Schema 2020-12), carries the seed's facts and a version, and the schema is not vacuous."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from support_policy import load_policy
from support_policy.changelog import data_fingerprint, load_changelog
from support_policy.export import EXPORT_NAME, SCHEMA_NAME, SCHEMA_VERSION, build_export, schema
from support_policy.load import default_policy_path

ROOT = Path(__file__).resolve().parents[2]
SITE_URL = "https://support-policy.example.com/"


@pytest.fixture(scope="module")
def files() -> dict[str, dict]:
    texts = build_export(load_policy(), load_changelog(), default_policy_path(), SITE_URL)
    assert set(texts) == {EXPORT_NAME, SCHEMA_NAME}
    return {name: json.loads(text) for name, text in texts.items()}


def validator(schema_doc: dict) -> Draft202012Validator:
    return Draft202012Validator(schema_doc, format_checker=FormatChecker())


def test_the_schema_is_a_valid_draft_2020_12_schema(files):
    the_schema = files[SCHEMA_NAME]
    assert the_schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert the_schema["$id"] == SITE_URL + SCHEMA_NAME
    Draft202012Validator.check_schema(the_schema)


def test_the_export_is_valid_against_its_schema(files):
    errors = sorted(validator(files[SCHEMA_NAME]).iter_errors(files[EXPORT_NAME]), key=str)
    assert errors == [], "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)
    assert files[EXPORT_NAME]["$schema"] == SITE_URL + SCHEMA_NAME


def test_the_version_is_the_schema_version_the_newest_changelog_date_and_the_data_fingerprint(files):
    version = files[EXPORT_NAME]["version"]
    assert version == {"schema": SCHEMA_VERSION, "policy": load_changelog().version,
                       "fingerprint": data_fingerprint()}
    assert re.fullmatch(r"\d+\.\d+", version["schema"])
    assert version["policy"] == "2026-12-02"


def test_the_export_carries_the_seed_facts(files):
    doc = files[EXPORT_NAME]
    assert doc["languages"] == ["ru", "en"]
    # A no-break space (U+00A0) joins each number to its unit, in the data as on the pages.
    assert doc["support_hours"]["text"]["en"] == "24\u00a0hours a day, 7\u00a0days a week, including public holidays"
    assert "включая государственные праздники" in doc["support_hours"]["text"]["ru"]

    phones = {(p["country"], p["number"], p["extension"], p["tel"]) for p in doc["phone_numbers"]}
    assert phones == {
        ("US", "+1 888 799 9666", "2", "tel:+18887999666,2"),
        ("US", "+1 650 397 6096", "2", "tel:+16503976096,2"),
        ("AU", "+61 1800 768 027", "2", "tel:+611800768027,2"),
        ("GB", "+44 800 368 7314", "2", "tel:+448003687314,2"),
        ("GB", "+44 20 3890 5445", "2", "tel:+442038905445,2"),
    }
    web_form = next(c for c in doc["channels"] if c["kind"] == "web_form")
    assert web_form["url"] == "https://support.zoom.us/hc/en-us/requests/new"
    assert [c["kind"] for c in doc["channels"]] == ["web_form", "chat", "phone"]

    assert [(p["id"], p["name"]["en"]) for p in doc["priorities"]] == [
        (1, "Urgent"), (2, "High"), (3, "Normal"), (4, "Low")]
    assert [p["around_the_clock"] for p in doc["priorities"]] == [True, False, False, False]

    plans = {p["id"]: p for p in doc["plans"]}
    assert list(plans) == ["free", "pro", "business", "education", "api"]
    assert plans["free"]["response_target_hours"] is None
    for plan in ("pro", "business", "education", "api"):
        assert plans[plan]["response_target_hours"] == {"1": 1, "2": 4, "3": 24, "4": 24}, plan
    assert plans["free"]["channels"] == ["web_form"]
    assert plans["pro"]["channels"] == ["web_form", "chat"]
    assert plans["business"]["channels"] == ["web_form", "chat", "phone"]

    guide = doc["priority_guide"]
    assert guide[0]["id"] == "down"
    assert {"text": {"ru": "Нет", "en": "No"}, "priority": None} in guide[-1]["answers"]


BREAKS = {
    "a target as text": lambda d: d["plans"][1]["response_target_hours"].update({"1": "1 hour"}),
    "a web form without its address": lambda d: d["channels"][0].pop("url"),
    "a chat with an address": lambda d: d["channels"][1].update({"url": "https://example.com/"}),
    "a malformed phone number": lambda d: d["phone_numbers"][0].update({"number": "0800 368 7314"}),
    "a text in one language": lambda d: d["support_hours"]["text"].pop("en"),
    "an unknown field": lambda d: d.update({"extra": 1}),
    "a policy version that is not a date": lambda d: d["version"].update({"policy": "latest"}),
    "an answer leading nowhere": lambda d: d["priority_guide"][0]["answers"][0].pop("next"),
    "a missing section": lambda d: d.pop("priorities"),
}


@pytest.mark.parametrize("name", BREAKS)
def test_the_schema_rejects_a_broken_export(files, name):
    broken = copy.deepcopy(files[EXPORT_NAME])
    BREAKS[name](broken)
    with pytest.raises(ValidationError):
        validator(files[SCHEMA_NAME]).validate(broken)


def test_the_export_follows_the_data_file(tmp_path):
    source = Path(default_policy_path()).read_text(encoding="utf-8")
    copy_file = tmp_path / "policy.toml"
    copy_file.write_text(source.replace('"+61 1800 768 027"', '"+61 1800 123 456"'), encoding="utf-8")
    doc = json.loads(build_export(load_policy(copy_file), load_changelog(), copy_file)[EXPORT_NAME])
    assert "+61 1800 123 456" in {p["number"] for p in doc["phone_numbers"]}
    assert doc["version"]["fingerprint"] == data_fingerprint(copy_file) != data_fingerprint()
    assert "$schema" not in doc  # no site_url, no absolute address to name


@pytest.mark.parametrize("page", ["export.md", "export.en.md"])
def test_every_top_level_field_is_documented_on_the_export_page(page):
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| `([^`]+)` \|", text, flags=re.MULTILINE))
    assert rows == set(schema()["properties"]), f"docs/{page}: the fields table and the schema differ"
    for field in ("schema", "policy", "fingerprint"):
        assert f"`version.{field}`" in text, f"docs/{page} does not explain version.{field}"
