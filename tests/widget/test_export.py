"""The machine-readable policy: /policy.json is valid against /policy.schema.json
(JSON Schema 2020-12), carries the seed's facts and a version, and the schema is not vacuous."""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from support_policy import load_policy
from support_policy.changelog import data_fingerprint, load_changelog
from support_policy.export import (
    EXPORT_NAME, SCHEMA_NAME, SCHEMA_VERSION, build_export, export_urls, policy_document, schema, to_json, write_export,
)
from support_policy.load import default_policy_path

ROOT = Path(__file__).resolve().parents[2]
SITE_URL = "https://support-policy.example.com/"
POLICY = load_policy()
FINGERPRINT = "sha256:" + "0" * 64


# Built for each test, not once per module: mutmut (make mutation) credits a call to the test
# that made it, and a module-wide build would be credited to the first test alone.
@pytest.fixture
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
    assert version["policy"] == "2026-12-05"


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


# ─── the document, field by field ────────────────────────────────────────────

def test_the_document_starts_with_its_schema_and_version_then_the_facts_in_order(files):
    doc = files[EXPORT_NAME]
    assert list(doc) == ["$schema", "version", "languages", "support_hours", "channels", "phone_numbers", "plans",
                         "priorities", "priority_guide"]
    assert doc["support_hours"] == {
        "text": {"ru": POLICY.support_hours.text.ru, "en": POLICY.support_hours.text.en},
        "how": {"ru": POLICY.support_hours.how.ru, "en": POLICY.support_hours.how.en},
    }


def test_channels_phone_numbers_and_plans_as_exported(files):
    doc = files[EXPORT_NAME]
    assert doc["channels"] == [
        {"id": "web_form", "kind": "web_form", "name": {"ru": "Интернет-заявка", "en": "Web request form"},
         "url": "https://support.zoom.us/hc/en-us/requests/new"},
        {"id": "chat", "kind": "chat",
         "name": {"ru": "Интернет-чат с нашей группой поддержки", "en": "Web chat with our support team"}},
        {"id": "phone", "kind": "phone", "name": {"ru": "Телефонный вызов", "en": "Phone call"}},
    ]
    assert doc["phone_numbers"][2] == {"country": "AU", "country_name": {"ru": "Австралия", "en": "Australia"},
                                       "number": "+61 1800 768 027", "extension": "2", "tel": "tel:+611800768027,2"}
    assert doc["plans"][:2] == [
        {"id": "free", "name": {"ru": "Бесплатный", "en": "Free"}, "channels": ["web_form"],
         "response_target_hours": None},
        {"id": "pro", "name": {"ru": "Профессиональный", "en": "Pro"}, "channels": ["web_form", "chat"],
         "response_target_hours": {"1": 1, "2": 4, "3": 24, "4": 24}},
    ]


def test_priorities_and_the_guide_as_exported(files):
    doc = files[EXPORT_NAME]
    urgent, high = POLICY.priorities[:2]

    def text(t):
        return {"ru": t.ru, "en": t.en}

    assert doc["priorities"][0] == {
        "id": 1, "name": {"ru": "Срочный", "en": "Urgent"}, "summary": text(urgent.summary),
        "definition": text(urgent.definition), "examples": text(urgent.examples), "resourcing": text(urgent.resourcing),
        "around_the_clock": True,
    }
    assert doc["priorities"][1]["examples"] is None and doc["priorities"][1]["around_the_clock"] is False
    assert doc["priority_guide"][0] == {
        "id": "down", "question": text(POLICY.priority_guide[0].question),
        "answers": [{"text": {"ru": "Да", "en": "Yes"}, "next": "down_workaround"},
                    {"text": {"ru": "Нет", "en": "No"}, "next": "significant"}],
    }
    assert doc["priority_guide"][1]["answers"][0] == {"text": {"ru": "Нет", "en": "No"}, "priority": 1}


def test_a_phone_number_without_an_extension_exports_null_and_a_plain_tel_uri():
    phones = (dataclasses.replace(POLICY.phone_numbers[0], extension=None),) + POLICY.phone_numbers[1:]
    policy = dataclasses.replace(POLICY, phone_numbers=phones)
    doc = policy_document(policy, load_changelog(), FINGERPRINT)
    assert doc["phone_numbers"][0]["extension"] is None and doc["phone_numbers"][0]["tel"] == "tel:+18887999666"
    assert "$schema" not in doc and doc["version"]["fingerprint"] == FINGERPRINT
    assert_valid(doc)


# ─── files and addresses ─────────────────────────────────────────────────────

@pytest.mark.parametrize(("site_url", "expected"), [
    ("https://example.com/docs/", ("https://example.com/docs/policy.json", "https://example.com/docs/policy.schema.json")),
    ("https://example.com/docs", ("https://example.com/docs/policy.json", "https://example.com/docs/policy.schema.json")),
    ("", (None, None)),
    (None, (None, None)),
])
def test_the_addresses_are_at_the_sites_root(site_url, expected):
    assert export_urls(site_url) == expected


def test_the_json_is_indented_utf_8_text_ending_with_a_new_line():
    assert to_json({"a": ["б", 1]}) == '{\n  "a": [\n    "б",\n    1\n  ]\n}\n'


def test_build_export_names_the_schema_in_both_files_when_the_site_has_an_address():
    texts = build_export(POLICY, load_changelog(), default_policy_path(), "https://example.com")
    doc, the_schema = json.loads(texts[EXPORT_NAME]), json.loads(texts[SCHEMA_NAME])
    assert doc["$schema"] == the_schema["$id"] == "https://example.com/policy.schema.json"
    assert texts[EXPORT_NAME] == to_json(doc) and "Срочный" in texts[EXPORT_NAME]


def test_write_export_writes_each_file_as_utf_8_and_says_where(tmp_path):
    site = tmp_path / "site" / "new"
    written = write_export(site, {"policy.json": '{"ru": "Срочный"}\n', "nested/x.json": "{}\n",
                                  "policy.schema.json": "{}\n"})  # a second file in a folder that exists
    assert written == [site / "policy.json", site / "nested" / "x.json", site / "policy.schema.json"]
    assert (site / "policy.json").read_bytes() == '{"ru": "Срочный"}\n'.encode("utf-8")
    assert (site / "nested" / "x.json").read_text(encoding="utf-8") == "{}\n"


# ─── the schema: each constraint refuses what it should, accepts the rest ────

def shipped() -> dict:
    return policy_document(POLICY, load_changelog(), FINGERPRINT, SITE_URL + SCHEMA_NAME)


def assert_valid(doc: dict) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator(schema(SITE_URL + SCHEMA_NAME)).iter_errors(doc)]
    assert errors == []


def text_of(doc: dict) -> dict:
    return doc["support_hours"]["text"]


# (edit of a valid document, the keyword that must refuse it, where)
REFUSED = {
    "$schema not a string": (lambda d: d.update({"$schema": 5}), "type", ["$schema"]),
    "a schema version without MINOR": (lambda d: d["version"].update({"schema": "1"}), "pattern", ["version", "schema"]),
    "a policy date that is not a day": (lambda d: d["version"].update({"policy": "2026-13-45"}), "format",
                                        ["version", "policy"]),
    "a policy date with a time": (lambda d: d["version"].update({"policy": "2026-12-02T10:00"}), "pattern",
                                  ["version", "policy"]),
    "a short fingerprint": (lambda d: d["version"].update({"fingerprint": "sha256:abc"}), "pattern",
                            ["version", "fingerprint"]),
    "a schema version as a number": (lambda d: d["version"].update({"schema": 1.0}), "type", ["version", "schema"]),
    "a policy date as a number": (lambda d: d["version"].update({"policy": 20261202}), "type", ["version", "policy"]),
    "a fingerprint as a number": (lambda d: d["version"].update({"fingerprint": 0}), "type",
                                  ["version", "fingerprint"]),
    "languages as text": (lambda d: d.update({"languages": "ru en"}), "type", ["languages"]),
    "a version field too many": (lambda d: d["version"].update({"build": 1}), "additionalProperties", ["version"]),
    "a version field missing": (lambda d: d["version"].pop("policy"), "required", ["version"]),
    "an unknown language": (lambda d: d.update({"languages": ["ru", "de"]}), "enum", ["languages", 1]),
    "one language": (lambda d: d.update({"languages": ["ru"]}), "minItems", ["languages"]),
    "a language twice": (lambda d: d.update({"languages": ["ru", "ru"]}), "uniqueItems", ["languages"]),
    "an empty text": (lambda d: text_of(d).update({"en": ""}), "minLength", ["support_hours", "text", "en"]),
    "a text not a string": (lambda d: text_of(d).update({"en": 5}), "type", ["support_hours", "text", "en"]),
    "a text in a third language": (lambda d: text_of(d).update({"de": "x"}), "additionalProperties",
                                   ["support_hours", "text"]),
    "support hours without how": (lambda d: d["support_hours"].pop("how"), "required", ["support_hours"]),
    "no channels": (lambda d: d.update({"channels": []}), "minItems", ["channels"]),
    "channels not a list": (lambda d: d.update({"channels": {}}), "type", ["channels"]),
    "a channel id in capitals": (lambda d: d["channels"][1].update({"id": "Chat"}), "pattern", ["channels", 1, "id"]),
    "an unknown channel kind": (lambda d: d["channels"][1].update({"kind": "fax"}), "enum", ["channels", 1, "kind"]),
    "a plain http form": (lambda d: d["channels"][0].update({"url": "http://example.com/"}), "pattern",
                          ["channels", 0, "url"]),
    "a form address not a string": (lambda d: d["channels"][0].update({"url": 5}), "type", ["channels", 0, "url"]),
    "a channel without a name": (lambda d: d["channels"][1].pop("name"), "required", ["channels", 1]),
    "a channel field too many": (lambda d: d["channels"][1].update({"extra": 1}), "additionalProperties",
                                 ["channels", 1]),
    "no phone numbers": (lambda d: d.update({"phone_numbers": []}), "minItems", ["phone_numbers"]),
    "a country name for a code": (lambda d: d["phone_numbers"][0].update({"country": "USA"}), "pattern",
                                  ["phone_numbers", 0, "country"]),
    "a number without +": (lambda d: d["phone_numbers"][0].update({"number": "1 888 799 9666"}), "pattern",
                           ["phone_numbers", 0, "number"]),
    "an extension with letters": (lambda d: d["phone_numbers"][0].update({"extension": "x2"}), "pattern",
                                  ["phone_numbers", 0, "extension"]),
    "an extension as a number": (lambda d: d["phone_numbers"][0].update({"extension": 2}), "type",
                                 ["phone_numbers", 0, "extension"]),
    "phone numbers as an object": (lambda d: d.update({"phone_numbers": {}}), "type", ["phone_numbers"]),
    "a country code as a number": (lambda d: d["phone_numbers"][0].update({"country": 1}), "type",
                                   ["phone_numbers", 0, "country"]),
    "a number as a number": (lambda d: d["phone_numbers"][0].update({"number": 18887999666}), "type",
                             ["phone_numbers", 0, "number"]),
    "a tel URI as a number": (lambda d: d["phone_numbers"][0].update({"tel": 1}), "type", ["phone_numbers", 0, "tel"]),
    "a tel URI with spaces": (lambda d: d["phone_numbers"][0].update({"tel": "tel:+1 888"}), "pattern",
                              ["phone_numbers", 0, "tel"]),
    "a phone number without its extension field": (lambda d: d["phone_numbers"][0].pop("extension"), "required",
                                                   ["phone_numbers", 0]),
    "plans as an object": (lambda d: d.update({"plans": {}}), "type", ["plans"]),
    "a plan's channels as text": (lambda d: d["plans"][0].update({"channels": "web_form"}), "type",
                                  ["plans", 0, "channels"]),
    "no plans": (lambda d: d.update({"plans": []}), "minItems", ["plans"]),
    "a plan id in capitals": (lambda d: d["plans"][0].update({"id": "Free"}), "pattern", ["plans", 0, "id"]),
    "a plan with no channel": (lambda d: d["plans"][0].update({"channels": []}), "minItems", ["plans", 0, "channels"]),
    "a plan's channel twice": (lambda d: d["plans"][0].update({"channels": ["web_form", "web_form"]}), "uniqueItems",
                               ["plans", 0, "channels"]),
    "a plan's channel in capitals": (lambda d: d["plans"][0].update({"channels": ["Web"]}), "pattern",
                                     ["plans", 0, "channels", 0]),
    "targets as a list": (lambda d: d["plans"][1].update({"response_target_hours": [1]}), "type",
                          ["plans", 1, "response_target_hours"]),
    "a target for priority 0": (lambda d: d["plans"][1]["response_target_hours"].update({"0": 1}),
                                "additionalProperties", ["plans", 1, "response_target_hours"]),
    "a target of 0 hours": (lambda d: d["plans"][1]["response_target_hours"].update({"1": 0}), "minimum",
                            ["plans", 1, "response_target_hours", "1"]),
    "a target of 1.5 hours": (lambda d: d["plans"][1]["response_target_hours"].update({"1": 1.5}), "type",
                              ["plans", 1, "response_target_hours", "1"]),
    "a plan without targets field": (lambda d: d["plans"][0].pop("response_target_hours"), "required", ["plans", 0]),
    "priorities as an object": (lambda d: d.update({"priorities": {}}), "type", ["priorities"]),
    "no priorities": (lambda d: d.update({"priorities": []}), "minItems", ["priorities"]),
    "priority 0": (lambda d: d["priorities"][0].update({"id": 0}), "minimum", ["priorities", 0, "id"]),
    "a priority id as text": (lambda d: d["priorities"][0].update({"id": "1"}), "type", ["priorities", 0, "id"]),
    "examples as one string": (lambda d: d["priorities"][0].update({"examples": "e.g."}), "oneOf",
                               ["priorities", 0, "examples"]),
    "around the clock as text": (lambda d: d["priorities"][0].update({"around_the_clock": "yes"}), "type",
                                 ["priorities", 0, "around_the_clock"]),
    "a priority without resourcing": (lambda d: d["priorities"][0].pop("resourcing"), "required", ["priorities", 0]),
    "the guide not a list": (lambda d: d.update({"priority_guide": {}}), "type", ["priority_guide"]),
    "a question id in capitals": (lambda d: d["priority_guide"][0].update({"id": "Down"}), "pattern",
                                  ["priority_guide", 0, "id"]),
    "a question with one answer": (lambda d: d["priority_guide"][0]["answers"].pop(), "minItems",
                                   ["priority_guide", 0, "answers"]),
    "answers not a list": (lambda d: d["priority_guide"][0].update({"answers": {}}), "type",
                           ["priority_guide", 0, "answers"]),
    "an answer not an object": (lambda d: d["priority_guide"][0]["answers"].append("Maybe"), "type",
                                ["priority_guide", 0, "answers", 2]),
    "an answer without text": (lambda d: d["priority_guide"][0]["answers"][0].pop("text"), "required",
                               ["priority_guide", 0, "answers", 0]),
    "an answer with both next and priority": (lambda d: d["priority_guide"][0]["answers"][0].update({"priority": 1}),
                                              "oneOf", ["priority_guide", 0, "answers", 0]),
    "an answer to an id in capitals": (lambda d: d["priority_guide"][0]["answers"][0].update({"next": "Next"}),
                                       "pattern", ["priority_guide", 0, "answers", 0, "next"]),
    "an answer to priority 0": (lambda d: d["priority_guide"][1]["answers"][0].update({"priority": 0}), "oneOf",
                                ["priority_guide", 1, "answers", 0, "priority"]),
    "an answer field too many": (lambda d: d["priority_guide"][0]["answers"][0].update({"why": "x"}),
                                 "additionalProperties", ["priority_guide", 0, "answers", 0]),
    "a question field too many": (lambda d: d["priority_guide"][0].update({"why": "x"}), "additionalProperties",
                                  ["priority_guide", 0]),
    "a top-level field too many": (lambda d: d.update({"extra": 1}), "additionalProperties", []),
    "no guide": (lambda d: d.pop("priority_guide"), "required", []),
}


@pytest.mark.parametrize("name", REFUSED)
def test_each_constraint_of_the_schema_refuses_what_it_should(name):
    edit, keyword, where = REFUSED[name]
    doc = shipped()
    edit(doc)
    errors = list(validator(schema(SITE_URL + SCHEMA_NAME)).iter_errors(doc))
    assert (keyword, where) in [(e.validator, list(e.absolute_path)) for e in errors], [
        (e.validator, list(e.absolute_path), e.message) for e in errors]


# Edits the schema must accept: the smallest lists it allows, and every null it allows.
ACCEPTED = {
    "one of each": lambda d: d.update({"channels": d["channels"][:1], "phone_numbers": d["phone_numbers"][:1],
                                       "plans": d["plans"][:1], "priorities": d["priorities"][:1]}),
    "no $schema": lambda d: d.pop("$schema"),
    "a number without an extension": lambda d: d["phone_numbers"][0].update({"extension": None, "tel": "tel:+18887999666"}),
    "a six-digit extension": lambda d: d["phone_numbers"][0].update({"extension": "123456", "tel": "tel:+1888,123456"}),
    "a one-letter text": lambda d: d["support_hours"]["text"].update({"en": "x"}),
    "a priority without examples": lambda d: d["priorities"][0].update({"examples": None}),
    "a plan without targets": lambda d: d["plans"][1].update({"response_target_hours": None}),
    "a target for priority 10": lambda d: d["plans"][1]["response_target_hours"].update({"10": 48}),
    "an answer where no definition fits": lambda d: d["priority_guide"][1]["answers"][0].update({"priority": None}),
    "a guide with no questions": lambda d: d.update({"priority_guide": []}),
}


@pytest.mark.parametrize("name", ACCEPTED)
def test_the_schema_accepts_what_the_policy_allows(name):
    doc = shipped()
    ACCEPTED[name](doc)
    assert_valid(doc)


def test_the_schema_says_what_it_is_and_which_version():
    the_schema = schema()
    assert "$id" not in the_schema  # no site_url, no absolute address to name
    assert list(the_schema)[:4] == ["$schema", "title", "description", "$defs"]
    assert the_schema["type"] == "object" and the_schema["additionalProperties"] is False
    assert the_schema["description"].endswith(f"Schema version {SCHEMA_VERSION}.")
    # Formats that jsonschema checks only with optional packages, so stated here.
    assert the_schema["properties"]["$schema"]["format"] == "uri"
    assert the_schema["properties"]["channels"]["items"]["properties"]["url"]["format"] == "uri"
    assert the_schema["properties"]["version"]["properties"]["policy"]["format"] == "date"
