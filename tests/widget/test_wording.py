"""The site's own sentences say no more than the policy: a target is a target, no channel is
ranked, the classification condition is the source's, and the priority guide reads as help."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from support_policy import load_policy, lookup
from support_policy.guide import all_paths, walk
from support_policy.labels import LABELS, label
from support_policy.render import render_answer, render_guide, render_priority_guide

POLICY = load_policy()
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=timezone.utc)

# Words that promised more than the policy does, in any text the site writes itself.
PROMISES = {
    "ru": ["не позднее", "придёт", "быстрее", "каждый запрос", "открывает запрос", "например"],
    "en": ["expect the", "registration notice", "fastest", "every request", "opens a", "for example", "badly",
           "set-up"],
}


def site_texts(lang: str) -> list[str]:
    texts = [entry[lang] for entry in LABELS.values()]
    texts += [q.question(lang) for q in POLICY.priority_guide]
    texts += [a.text(lang) for q in POLICY.priority_guide for a in q.answers]
    texts += [p.summary(lang) for p in POLICY.priorities]
    return texts


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_no_label_guide_text_or_summary_promises_more_than_the_policy(lang):
    found = [(word, text) for text in site_texts(lang) for word in PROMISES[lang] if word in text.lower()]
    assert not found, found


@pytest.mark.parametrize(("lang", "words"), [
    ("ru", ["целевой срок", "отсчитано от текущего момента круглосуточно", "цель, а не гарантию",
            "рабочие часы компании Zoom"]),
    ("en", ["the target time for the notice that it is registered", "counted around the clock from now",
            "a target, not a guarantee", "Zoom's business hours"]),
])
def test_the_answer_words_the_clock_time_as_a_target_counted_around_the_clock(lang, words):
    html = render_answer(lookup(POLICY, "business", 2), lang, NOW)
    text = html.replace("\u00a0", " ").replace("&#x27;", "'")
    for word in words:
        assert word in text, word
    assert '<time datetime="2026-12-02T13:00:00Z" data-local-time>' in html


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_priority_1_on_a_phone_plan_states_the_resourcing_and_lists_the_phone_first(lang):
    html = render_answer(lookup(POLICY, "business", 1), lang, NOW)
    sentence = label("call_first", lang, n=1)
    assert sentence in html.replace("&#x27;", "'")
    # The sentence is the policy's resourcing of priority 1, not advice.
    core = "необходимые ресурсы круглосуточно" if lang == "ru" else "necessary resources around the clock"
    assert core in POLICY.priority(1).resourcing(lang) and core in sentence
    channels = html.split('class="pp-answer__channels">', 1)[1]
    assert channels.index("tel:") < channels.index("https://support.zoom.us/")


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_guide_is_labelled_as_help_not_policy_text(lang):
    not_policy = "не входит в текст политики" if lang == "ru" else "not part of the policy"
    assert not_policy in render_priority_guide(POLICY, lang)  # the static guide's introduction
    for path in all_paths(POLICY):
        html, priority = render_guide(POLICY, list(path), lang)
        if priority is not None:
            assert not_policy in html, path  # beside the definition it quotes


def test_the_first_guide_question_keeps_every_condition_of_priority_1():
    question = POLICY.priority_guide[0]
    assert "существенно снижена" in question.question("ru") and "severely degraded" in question.question("en")
    assert "существенно снижена" in POLICY.priority(1).summary("ru")
    assert "severely degraded" in POLICY.priority(1).summary("en")


def test_a_full_workaround_for_services_that_are_down_ends_at_no_definition_rather_than_more_questions():
    step = walk(POLICY, [0, 2])
    assert step.finished and step.priority is None
