"""The data file loads into the model, and each kind of mistake gets its own message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support_policy import PolicyError, load_policy, parse_policy
from support_policy.load import default_policy_path
from support_policy.model import PhoneNumber, Text

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


# ─── each message, word for word ─────────────────────────────────────────────
# What the docs writer reads: the file, the key, the problem and the fix, exactly.

def without(header: str) -> str:
    """The shipped file without its [header] table or [[header]] tables."""
    text, count = re.subn(rf"^\[\[?{re.escape(header)}\]\]?\n(?:.+\n)+", "", SOURCE, flags=re.MULTILINE)
    assert count, f"no [{header}] in the data file"
    return text


def replaced(header: str, line: str) -> str:
    """The shipped file with [header] (or every [[header]]) replaced by one top-level line."""
    return f"{line}\n" + without(header)


P1 = 'id = 1\nname = { ru = "Срочный", en = "Urgent" }'
AU = 'number = "+61 1800 768 027"'
LAST_ANSWERS = '  { text = { ru = "Да", en = "Yes" }, priority = 4 },\n  { text = { ru = "Нет", en = "No" }, priority = "none" },\n'
TOP_KEYS = "channels, phone_numbers, plans, priorities, priority_guide, response_target_hours, support_hours"
MALFORMED = ('Fix: write "+", the country code and the digits in groups separated by spaces, '
             'e.g. "+1 888 799 9666"')

MESSAGES = {
    "missing section": (without("support_hours"), "(top level).support_hours: is missing. Fix: add `support_hours = ...`"),
    "section not a table": (replaced("support_hours", 'support_hours = "always"'),
                            "support_hours: must be a table. Fix: write it as a TOML table of keys"),
    "support hours in one language": (
        re.sub(r'(text = \{ ru = "24[^"]*"), en = "[^"]*" \}', r"\1 }", SOURCE, count=1),
        'support_hours.text.en: missing translation. Fix: add `en = "..."` with the English text'),
    "how in one language": (
        re.sub(r'how = \{ ru = "[^"]*", (en = "[^"]*") \}', r"how = { \1 }", SOURCE, count=1),
        'support_hours.how.ru: missing translation. Fix: add `ru = "..."` with the Russian text'),
    "channels as text": (replaced("channels", 'channels = "web_form"'),
                         "channels: must be one or more [[channels]] tables. Fix: add a `[[channels]]` section"),
    "no channels": (replaced("channels", "channels = []"),
                    "channels: must be one or more [[channels]] tables. Fix: add a `[[channels]]` section"),
    "channels not tables": (replaced("channels", 'channels = ["web_form"]'),
                            "channels: must be one or more [[channels]] tables. Fix: add a `[[channels]]` section"),
    "unknown channel key": (broken('id = "chat"\nkind = "chat"', 'id = "chat"\nkind = "chat"\ncolour = "red"'),
                            "channels[1].colour: unknown key. Fix: remove it, or use one of: id, kind, name, url"),
    "chat with an address": (broken('id = "chat"\nkind = "chat"', 'id = "chat"\nkind = "chat"\nurl = "https://example.com/"'),
                             "channels[1].url: a chat channel has no address. Fix: remove the `url` line"),
    "web form without https": (broken('url = "https://support.zoom.us/hc/en-us/requests/new"', 'url = "http://x"'),
                               "channels[0].url: is 'http://x', which is not allowed here. "
                               'Fix: write it like "https://example.com/requests/new"'),
    "channel id in capitals": (broken('id = "chat"\nkind = "chat"', 'id = "Chat"\nkind = "chat"'),
                               "channels[1].id: is 'Chat', which is not allowed here. "
                               'Fix: write it like "web_form" (lower-case letters, digits, _)'),
    "channel name as a number": (broken('name = { ru = "Телефонный вызов", en = "Phone call" }', "name = 5"),
                                 'channels[2].name: must be a label in both languages. Fix: write it as { ru = "...", en = "..." }'),
    "channel name in English only": (broken('name = { ru = "Телефонный вызов", en = "Phone call" }',
                                            'name = { en = "Phone call" }'),
                                     'channels[2].name.ru: missing translation. Fix: add `ru = "..."` with the Russian text'),
    "duplicate channel id": (broken('id = "chat"\nkind = "chat"', 'id = "web_form"\nkind = "chat"'),
                             "channels[1].id: duplicate id 'web_form'. Fix: give each entry its own id"),
    "unknown channel kind": (broken('kind = "chat"', 'kind = "fax"'),
                             "channels[1].kind: unknown channel kind 'fax'. Fix: use one of: web_form, chat, phone"),
    "unknown phone key": (broken(AU, AU + '\nfax = "1"'),
                          "phone_numbers[2].fax: unknown key. Fix: remove it, or use one of: "
                          "country, country_name, extension, number"),
    "seven digits": (broken(AU, 'number = "+61 1800 7"'),
                     f"phone_numbers[2].number: malformed phone number '+61 1800 7'. {MALFORMED}"),
    "sixteen digits": (broken(AU, 'number = "+61 1800 768 027 1234"'),
                       f"phone_numbers[2].number: malformed phone number '+61 1800 768 027 1234'. {MALFORMED}"),
    "number without quotes": (broken(AU, "number = 611800768027"),
                              f"phone_numbers[2].number: malformed phone number 611800768027. {MALFORMED}"),
    "extension with letters": (broken(AU + '\nextension = "2"', AU + '\nextension = "x2"'),
                               "phone_numbers[2].extension: is 'x2', which is not allowed here. "
                               'Fix: write it like "2" (digits only, in quotes)'),
    "country in lower case": (broken('country = "AU"', 'country = "au"'),
                              "phone_numbers[2].country: is 'au', which is not allowed here. "
                              'Fix: write it like "US" (ISO 3166 two-letter code)'),
    "country name as one string": (broken('country_name = { ru = "Австралия", en = "Australia" }',
                                          'country_name = "Australia"'),
                                   "phone_numbers[2].country_name: is a single string, not a label in both "
                                   'languages. Fix: write it as { ru = "...", en = "..." }'),
    "duplicate number": (broken('number = "+1 650 397 6096"', 'number = "+1 888 799 9666"'),
                         "phone_numbers[1].number: duplicate number '+1 888 799 9666'. Fix: list each number once"),
    "plan without channels": (broken('channels = ["web_form", "chat"]', "channels = []"),
                              'plans[1].channels: must list at least one channel. Fix: write e.g. channels = ["web_form"]'),
    "plan channels as text": (broken('channels = ["web_form", "chat"]', 'channels = "web_form"'),
                              'plans[1].channels: must list at least one channel. Fix: write e.g. channels = ["web_form"]'),
    "unknown plan key": (broken('id = "pro"', 'id = "pro"\ntier = 2'),
                         "plans[1].tier: unknown key. Fix: remove it, or use one of: channels, id, name"),
    "plan id in capitals": (broken('id = "pro"', 'id = "Pro"'),
                            "plans[1].id: is 'Pro', which is not allowed here. "
                            'Fix: write it like "business" (lower-case letters, digits, _)'),
    "plan name in a third language": (broken('en = "Pro" }', 'en = "Pro", de = "Pro" }'),
                                      "plans[1].name.de: unknown language. Fix: keep only `ru` and `en`"),
    "plan name in Russian only": (broken('name = { ru = "Профессиональный", en = "Pro" }', 'name = { ru = "Про" }'),
                                  'plans[1].name.en: missing translation. Fix: add `en = "..."` with the English text'),
    "unknown priority key": (broken(P1, P1 + '\ncolour = "red"'),
                             "priorities[0].colour: unknown key. Fix: remove it, or use one of: around_the_clock, "
                             "definition, examples, id, name, resourcing, summary"),
    "priority 0": (broken(P1, P1.replace("id = 1", "id = 0")),
                   "priorities[0].id: is 0, not a priority number. Fix: write a whole number: 1 is the most urgent"),
    "priority true": (broken(P1, P1.replace("id = 1", "id = true")),
                      "priorities[0].id: is True, not a priority number. Fix: write a whole number: 1 is the most urgent"),
    "priority as text": (broken(P1, P1.replace("id = 1", 'id = "1"')),
                         "priorities[0].id: is '1', not a priority number. Fix: write a whole number: 1 is the most urgent"),
    "around the clock as text": (broken("around_the_clock = true", 'around_the_clock = "yes"'),
                                 "priorities[0].around_the_clock: is 'yes'. Fix: write true or false"),
    **{f"priority {field} in Russian only": (
        re.sub(rf'^{field} = \{{ (ru = "[^"]*"), en = "[^"]*" \}}', rf"{field} = {{ \1 }}", SOURCE, count=1,
               flags=re.MULTILINE),
        f'priorities[0].{field}.en: missing translation. Fix: add `en = "..."` with the English text')
       for field in ("summary", "definition", "examples", "resourcing")},
    "targets as text": (replaced("response_target_hours", 'response_target_hours = "fast"'),
                        "response_target_hours: must be a table. "
                        "Fix: write one line per plan: `pro = { 1 = 1, 2 = 4, 3 = 24, 4 = 24 }`"),
    "a plan's targets as other text": (broken('free = "not stated"', 'free = "none"'),
                                       "response_target_hours.free: is 'none'. "
                                       'Fix: write { 1 = 1, 2 = 4, ... } (hours per priority) or "not stated"'),
    "targets of an unknown plan": (broken("api = { 1 = 1", "enterprise = { 1 = 1 }\napi = { 1 = 1"),
                                   "response_target_hours.enterprise: unknown plan 'enterprise'. "
                                   "Fix: use a plan id from [[plans]]: free, pro, business, education, api"),
    "a target for priority one": (broken("pro = { 1 = 1,", "pro = { one = 1,"),
                                  "response_target_hours.pro.one: target for unknown priority 'one'. "
                                  "Fix: use one of the priorities: 1, 2, 3, 4"),
    "a target of true hours": (broken("pro = { 1 = 1,", "pro = { 1 = true,"),
                               "response_target_hours.pro.1: is True, not a number of hours. "
                               "Fix: write a whole number of hours, e.g. 4"),
    "a target of 0 hours": (broken("pro = { 1 = 1,", "pro = { 1 = 0,"),
                            "response_target_hours.pro.1: is 0, not a number of hours. "
                            "Fix: write a whole number of hours, e.g. 4"),
    "a missing target": (broken("pro = { 1 = 1, 2 = 4,", "pro = { 1 = 1,"),
                         "response_target_hours.pro: has no target for priority 2. "
                         'Fix: add `2 = <hours>`, or write "not stated" for the whole plan'),
    "unknown question key": (broken('id = "down"\n', 'id = "down"\nhint = "x"\n'),
                             "priority_guide[0].hint: unknown key. Fix: remove it, or use one of: answers, id, question"),
    "one answer": (broken(LAST_ANSWERS, LAST_ANSWERS.split("\n")[0] + "\n"),
                   "priority_guide[5].answers: needs at least two answers. "
                   "Fix: list each answer as { text = ..., next = ... }"),
    "answers as text": (broken("answers = [\n" + LAST_ANSWERS + "]", 'answers = "yes or no"'),
                        "priority_guide[5].answers: needs at least two answers. "
                        "Fix: list each answer as { text = ..., next = ... }"),
    "unknown answer key": (broken('priority = 4 }', 'priority = 4, why = "x" }'),
                           "priority_guide[5].answers[0].why: unknown key. Fix: remove it, or use one of: next, priority, text"),
    "both next and priority": (broken('priority = 4 }', 'priority = 4, next = "down" }'),
                               "priority_guide[5].answers[0]: must have either `next` or `priority`. "
                               'Fix: write next = "<question id>", or priority = <number> or "none"'),
    "answer text as one string": (broken('{ text = { ru = "Да", en = "Yes" }, priority = 4 }', '{ text = "Yes", priority = 4 }'),
                                  "priority_guide[5].answers[0].text: is a single string, not a label in both "
                                  'languages. Fix: write it as { ru = "...", en = "..." }'),
    "unknown next question": (broken('next = "down_workaround"', 'next = "nowhere"'),
                              "priority_guide[0].answers[0].next: unknown question 'nowhere'. Fix: use one of: down, "
                              "down_workaround, significant, significant_workaround, feature, request"),
    "unknown priority": (broken("priority = 4 }", "priority = 7 }"),
                         "priority_guide[5].answers[0].priority: unknown priority 7. "
                         'Fix: use one of: 1, 2, 3, 4, or "none"'),
    "question id in capitals": (broken('id = "request"', 'id = "Request"', 1).replace('next = "request"', 'next = "Request"'),
                                "priority_guide[5].id: is 'Request', which is not allowed here. "
                                'Fix: write it like "down" (lower-case letters, digits, _)'),
    "duplicate question id": (broken('id = "request"', 'id = "feature"').replace('next = "request"', 'priority = 4'),
                              "priority_guide[5].id: duplicate id 'feature'. Fix: give each entry its own id"),
    "question in English only": (broken('question = { ru = "Есть ли обходное решение?", en = "Is there a workaround?" }',
                                        'question = { en = "Is there a workaround?" }'),
                                 'priority_guide[1].question.ru: missing translation. Fix: add `ru = "..."` with the Russian text'),
    "a loop": (broken('{ text = { ru = "Нет", en = "No" }, next = "request" }', '{ text = { ru = "Нет", en = "No" }, next = "significant" }'),
               "priority_guide (significant): answers loop back: down → significant → significant_workaround → feature → "
               "significant. Fix: make every answer lead forward, to a later question or a priority"),
    "an unreachable question": (broken('{ text = { ru = "Нет", en = "No" }, next = "request" }',
                                       '{ text = { ru = "Нет", en = "No" }, priority = "none" }'),
                                "priority_guide (request): no answer leads to this question. "
                                'Fix: point an answer at it with next = "...", or remove it'),
    "toml syntax": (broken('id = "pro"', 'id = "pro'), None),
}


@pytest.mark.parametrize("case", MESSAGES)
def test_each_message_reads_exactly(case):
    text, expected = MESSAGES[case]
    with pytest.raises(PolicyError) as caught:
        parse_policy(text, "docs/policy.toml")
    message = str(caught.value)
    if expected is None:  # the parser's own words, then ours
        assert re.fullmatch(r"docs/policy\.toml: \(syntax\): is not valid TOML \(.+ \(at line \d+, column \d+\)\)\. "
                            r"Fix: correct the TOML syntax at that line", message), message
        return
    assert message == f"docs/policy.toml: {expected}"
    key, rest = expected.split(": ", 1)
    assert (caught.value.file, caught.value.key) == ("docs/policy.toml", key)
    assert f"{caught.value.problem}. Fix: {caught.value.fix}" == rest


def test_numbers_of_eight_and_of_fifteen_digits_are_accepted():
    for number in ("+61 1800 76", "+61 1800 768 027 123"):
        policy = parse_policy(broken(AU, f'number = "{number}"'))
        assert policy.phone_numbers[2].number == number


def test_the_file_name_defaults_to_policy_toml():
    with pytest.raises(PolicyError, match=r"^policy\.toml: channels\[1\]\.kind: "):
        parse_policy(broken('kind = "chat"', 'kind = "fax"'))


def test_a_file_that_is_not_utf_8_says_so(tmp_path):
    path = tmp_path / "policy.toml"
    # Saved by an editor set to Windows-1251: one name in that encoding, the rest in UTF-8.
    path.write_bytes(SOURCE.encode("utf-8").replace("Срочный".encode("utf-8"), "Срочный".encode("cp1251")))
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert str(caught.value) == f"{path}: (file): is not UTF-8 text. Fix: save the file as UTF-8"


def test_a_missing_file_says_it_cannot_be_read(tmp_path):
    path = tmp_path / "nope.toml"
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert str(caught.value) == f"{path}: (file): cannot be read (No such file or directory). Fix: check the path"


def test_a_copy_of_the_data_file_loads_with_its_own_name_in_messages(tmp_path):
    path = tmp_path / "copy.toml"
    path.write_text(broken('kind = "chat"', 'kind = "fax"'), encoding="utf-8")
    with pytest.raises(PolicyError, match=rf"^{re.escape(str(path))}: channels\[1\]\.kind: "):
        load_policy(str(path))


def test_the_model_keeps_every_value_of_the_data_file():
    policy = load_policy()
    web_form, chat, phone = policy.channels
    assert (web_form.id, web_form.kind, web_form.url) == ("web_form", "web_form", "https://support.zoom.us/hc/en-us/requests/new")
    assert (chat.kind, chat.url, phone.kind, phone.url) == ("chat", None, "phone", None)
    assert chat.name == Text(ru="Интернет-чат с нашей группой поддержки", en="Web chat with our support team")
    assert policy.phone_numbers[2] == PhoneNumber("AU", Text(ru="Австралия", en="Australia"), "+61 1800 768 027", "2")
    assert policy.plans[1].channel_ids == ("web_form", "chat")
    urgent, high = policy.priorities[:2]
    assert urgent.around_the_clock is True and high.around_the_clock is False
    assert urgent.examples.en.startswith("Examples include") and high.examples is None
    assert urgent.summary.en.startswith("The services are down") and urgent.definition.en.endswith("No workaround exists.")
    assert high.resourcing.en.startswith("Zoom provides resources during Zoom's business hours")
    assert policy.support_hours.how.en.startswith("Representatives and technical specialists")
    workaround = policy.question("down_workaround")
    assert [(a.next, a.priority) for a in workaround.answers] == [(None, 1), (None, 2), (None, None)]
    assert [(a.next, a.priority) for a in policy.priority_guide[0].answers] == [("down_workaround", None),
                                                                               ("significant", None)]
    assert policy.priority_guide[0].answers[1].text == Text(ru="Нет", en="No")


def test_a_priority_listed_out_of_order_is_sorted_and_around_the_clock_defaults_to_false():
    first = SOURCE.index("[[priorities]]")
    second = SOURCE.index("[[priorities]]", first + 1)
    swapped = SOURCE[:first] + SOURCE[second:].replace("# ─── Target", SOURCE[first:second] + "# ─── Target", 1)
    assert swapped != SOURCE
    policy = parse_policy(swapped)
    assert [p.id for p in policy.priorities] == [1, 2, 3, 4]
    assert parse_policy(broken("around_the_clock = true\n", "")).priorities[0].around_the_clock is False
