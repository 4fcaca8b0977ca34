"""The data file loads into the model, and each kind of mistake gets its own message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support_policy import PolicyError, load_policy, parse_policy
from support_policy.load import default_policy_path

SOURCE = Path(default_policy_path()).read_text(encoding="utf-8")


def test_shipped_file_loads_with_the_seed_facts():
    policy = load_policy()
    assert [p.id for p in policy.plans] == ["free", "pro", "business", "education", "api"]
    assert [p.id for p in policy.priorities] == [1, 2, 3, 4]
    assert [p.name.en for p in policy.priorities] == ["Urgent", "High", "Normal", "Low"]
    assert policy.response_target_hours[("business", 1)] == 1
    assert not any(plan == "free" for plan, _ in policy.response_target_hours)
    assert {p.number for p in policy.phone_numbers} == {
        "+1 888 799 9666", "+1 650 397 6096", "+61 1800 768 027", "+44 800 368 7314", "+44 20 3890 5445",
    }
    assert all(p.extension == "2" for p in policy.phone_numbers)


def broken(old: str, new: str, count: int = 1) -> str:
    """The shipped file with one edit; fails loudly if the edit does not apply."""
    assert SOURCE.count(old) >= count, f"fixture edit not found: {old!r}"
    return SOURCE.replace(old, new, count)


# (edited text, key named in the message, words of the problem, words of the fix)
CASES = {
    "unknown plan": (
        broken("api = { 1 = 1", "api = { 1 = 1, 2 = 4, 3 = 24, 4 = 24 }\nenterprise = { 1 = 1"),
        "response_target_hours.enterprise", "unknown plan 'enterprise'", "use a plan id from [[plans]]",
    ),
    "missing translation": (
        broken('name = { ru = "Бесплатный", en = "Free" }', 'name = { ru = "Бесплатный" }'),
        "plans[0].name.en", "missing translation", 'add `en = "..."`',
    ),
    "empty translation": (
        broken('en = "Urgent"', 'en = "  "'),
        "priorities[0].name.en", "missing translation", "English text",
    ),
    "duplicate plan id": (
        broken('id = "pro"', 'id = "free"'),
        "plans[1].id", "duplicate id 'free'", "give each entry its own id",
    ),
    "duplicate priority id": (
        broken("id = 2\n", "id = 1\n"),
        "priorities[1].id", "duplicate id 1", "give each entry its own id",
    ),
    "target for unknown priority": (
        broken("pro = { 1 = 1, 2 = 4, 3 = 24, 4 = 24 }", "pro = { 1 = 1, 2 = 4, 3 = 24, 4 = 24, 5 = 48 }"),
        "response_target_hours.pro.5", "target for unknown priority '5'", "use one of the priorities: 1, 2, 3, 4",
    ),
    "missing target": (
        broken("pro = { 1 = 1, 2 = 4, 3 = 24, 4 = 24 }", "pro = { 1 = 1, 2 = 4, 3 = 24 }"),
        "response_target_hours.pro", "has no target for priority 4", "add `4 = <hours>`",
    ),
    "plan missing from targets": (
        broken('free = "not stated"\n', ""),
        "response_target_hours.free", "is missing", "add `free = ...`",
    ),
    "target not a number": (
        broken("pro = { 1 = 1,", 'pro = { 1 = "one",'),
        "response_target_hours.pro.1", "not a number of hours", "whole number of hours",
    ),
    "malformed phone number": (
        broken('number = "+1 888 799 9666"', 'number = "1-888-799-9666"'),
        "phone_numbers[0].number", "malformed phone number '1-888-799-9666'", 'e.g. "+1 888 799 9666"',
    ),
    "too short phone number": (
        broken('number = "+1 888 799 9666"', 'number = "+1 888"'),
        "phone_numbers[0].number", "malformed phone number", "country code",
    ),
    "bad extension": (
        broken('extension = "2"', "extension = 2"),
        "phone_numbers[0].extension", "is 2, which is not allowed", "digits only, in quotes",
    ),
    "duplicate phone number": (
        broken('number = "+1 650 397 6096"', 'number = "+1 888 799 9666"'),
        "phone_numbers[1].number", "duplicate number", "list each number once",
    ),
    "unknown key": (
        broken('channels = ["web_form"]', 'chanels = ["web_form"]'),
        "plans[0].chanels", "unknown key", "use one of: channels, id, name",
    ),
    "unknown top-level key": (
        SOURCE + '\n[holidays]\nru = "x"\n',
        "(top level).holidays", "unknown key", "remove it",
    ),
    "unknown channel on a plan": (
        broken('channels = ["web_form"]', 'channels = ["web_form", "fax"]'),
        "plans[0].channels", "unknown channel 'fax'", "use one of: web_form, chat, phone",
    ),
    "unknown channel kind": (
        broken('kind = "chat"', 'kind = "pigeon"'),
        "channels[1].kind", "unknown channel kind 'pigeon'", "use one of: web_form, chat, phone",
    ),
    "web form without https url": (
        broken('url = "https://support.zoom.us/hc/en-us/requests/new"', 'url = "support.zoom.us"'),
        "channels[0].url", "not allowed here", '"https://',
    ),
    "label as a plain string": (
        broken('name = { ru = "Профессиональный", en = "Pro" }', 'name = "Pro"'),
        "plans[1].name", "single string", '{ ru = "...", en = "..." }',
    ),
    "unknown language": (
        broken('en = "Pro" }', 'en = "Pro", de = "Pro" }'),
        "plans[1].name.de", "unknown language", "keep only `ru` and `en`",
    ),
    "bad country code": (
        broken('country = "AU"', 'country = "Australia"'),
        "phone_numbers[2].country", "not allowed here", "two-letter code",
    ),
    "guide priority as a boolean": (  # true == 1 to Python: refused, not read as priority 1
        broken('{ text = { ru = "Нет", en = "No" }, priority = 1 }', '{ text = { ru = "Нет", en = "No" }, priority = true }'),
        "priority_guide[1].answers[0].priority", "unknown priority True", "or \"none\"",
    ),
    "toml syntax": (
        broken('id = "pro"', 'id = "pro'),
        "(syntax)", "is not valid TOML", "correct the TOML syntax",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_each_mistake_names_file_key_and_fix(case):
    text, key, problem, fix = CASES[case]
    with pytest.raises(PolicyError) as caught:
        parse_policy(text, "docs-data/policy.toml")
    err = caught.value
    message = str(err)
    assert message.startswith(f"docs-data/policy.toml: {key}: "), message
    assert problem in err.problem, message
    assert fix in err.fix, message
    assert re.search(r"\. Fix: .+", message)


def test_unreadable_file_is_reported_with_its_path(tmp_path):
    with pytest.raises(PolicyError, match=re.escape(str(tmp_path / "nope.toml"))):
        load_policy(tmp_path / "nope.toml")
