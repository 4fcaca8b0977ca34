"""The priority guide's decision table: every path, and every way the data can be wrong."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

import pytest

from support_policy import PolicyError, browser, load_policy, parse_policy
from support_policy.guide import BadPath, all_paths, walk
from support_policy.load import default_policy_path
from support_policy.render import render_guide, render_priority_guide

POLICY = load_policy()
SOURCE = Path(default_policy_path()).read_text(encoding="utf-8")

# Every complete path through the shipped guide (answer indexes) and where it must end,
# read off the policy's definitions: down or severely degraded with no workaround → P1,
# with a partial one → P2, with a full one → no definition fits; significant aspects
# affected with no or a partial workaround → P2; a general feature problem without a
# decline in performance → P3; an information/feature request → P4; nothing fits → None.
EXPECTED = {
    (0, 0): 1,
    (0, 1): 2,
    (0, 2): None,
    (1, 0, 0): 2,
    (1, 0, 1): 2,
    (1, 0, 2, 0): 3,
    (1, 0, 2, 1, 0): 4,
    (1, 0, 2, 1, 1): None,
    (1, 1, 0): 3,
    (1, 1, 1, 0): 4,
    (1, 1, 1, 1): None,
}


def test_the_table_has_exactly_the_expected_paths():
    assert sorted(all_paths(POLICY)) == sorted(EXPECTED)


@pytest.mark.parametrize("path", list(EXPECTED), ids=lambda p: "-".join(map(str, p)))
def test_each_path_ends_at_its_priority(path):
    step = walk(POLICY, path)
    assert step.finished
    assert (step.priority.id if step.priority else None) == EXPECTED[path]
    assert len(step.answered) == len(path)


@pytest.mark.parametrize("path", list(EXPECTED), ids=lambda p: "-".join(map(str, p)))
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_each_result_quotes_the_policy_definition(path, lang):
    html, priority = render_guide(POLICY, list(path), lang)
    assert priority == EXPECTED[path]
    if priority is not None:
        assert escape(POLICY.priority(priority).definition(lang)) in html
    else:
        assert escape("Ни одно определение" if lang == "ru" else "None of the policy's definitions") in html


def test_a_partial_path_asks_the_next_question():
    step = walk(POLICY, [1])
    assert not step.finished and step.question.id == "significant"
    html, priority = render_guide(POLICY, [1], "en")
    assert priority is None
    assert "Are significant aspects of the services adversely affected by insufficient network bandwidth" in html
    assert "→ next question" in html and "data-guide-focus" in html


@pytest.mark.parametrize("path", [[5], [0, 0, 0], [-1], [True], ["0"]])
def test_answers_that_do_not_fit_are_refused(path):
    with pytest.raises(BadPath):
        walk(POLICY, path)


@pytest.mark.parametrize("raw", ['[0, 9]', '"<script>"', "{}", "not json", "[" + "0," * 40 + "0]"])
def test_browser_entry_starts_over_on_a_bad_path(raw):
    reply = json.loads(browser.guide(raw, "en"))
    assert reply["priority"] is None
    assert "Question\u00a01." in reply["html"] and "<script>" not in reply["html"]


def test_answer_choices_say_where_they_lead():
    html, _ = render_guide(POLICY, [0], "ru")
    assert "→ приоритет\u00a01 (срочный)" in html and "→ приоритет\u00a02 (высокий)" in html
    assert "→ ни одно определение не подходит" in html  # a full workaround: no definition fits


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_static_guide_links_every_answer(lang):
    markdown = render_priority_guide(POLICY, lang)
    for question in POLICY.priority_guide:
        assert f'id="guide-{question.id}"' in markdown
        for answer in question.answers:
            if answer.next:
                assert f'href="#guide-{answer.next}"' in markdown
    for priority in (1, 2, 3, 4):
        assert f'href="#p{priority}"' in markdown


@pytest.mark.parametrize(
    ("old", "new", "key", "problem"),
    [
        ('next = "down_workaround"', 'next = "nowhere"', "priority_guide[0].answers[0].next", "unknown question 'nowhere'"),
        ("priority = 4 }", "priority = 7 }", "priority_guide[5].answers[0].priority", "unknown priority 7"),
        ('{ text = { ru = "Нет", en = "No" }, priority = 1 }', '{ text = { ru = "Нет", en = "No" } }',
         "priority_guide[1].answers[0]", "either `next` or `priority`"),
        ('{ text = { ru = "Да", en = "Yes" }, priority = 3 }', '{ text = { ru = "Да", en = "Yes" }, next = "down" }',
         "priority_guide (down)", "answers loop back"),
        ('{ text = { ru = "Нет", en = "No" }, next = "significant" }', '{ text = { ru = "Нет", en = "No" }, next = "feature" }',
         "priority_guide (significant)", "no answer leads to this question"),
        ('en = "Is there a workaround?"', 'fr = "Is there a workaround?"', "priority_guide[1].question.fr", "unknown language"),
    ],
)
def test_guide_mistakes_name_key_and_fix(old, new, key, problem):
    assert old in SOURCE
    with pytest.raises(PolicyError) as caught:
        parse_policy(SOURCE.replace(old, new, 1), "policy.toml")
    assert caught.value.key == key, str(caught.value)
    assert problem in caught.value.problem
    assert caught.value.fix


@pytest.mark.parametrize(("path", "message"), [
    ([2], "no answer 2 to question 'down'"),  # the first question has two answers: 0 and 1
    ([0, 3], "no answer 3 to question 'down_workaround'"),
    ([0, "1"], "no answer '1' to question 'down_workaround'"),
    ([0, 0, 0], "more answers than questions"),
    ([1, 0, 2, 1, 0, 0], "more answers than questions"),
])
def test_a_path_that_does_not_fit_says_why(path, message):
    with pytest.raises(BadPath) as caught:
        walk(POLICY, path)
    assert str(caught.value) == message


def test_the_last_answer_of_a_question_is_a_valid_choice():
    step = walk(POLICY, [1])
    last = len(step.question.answers) - 1
    assert walk(POLICY, [1, last]).answered[-1][1] is step.question.answers[last]
