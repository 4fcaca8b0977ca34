from __future__ import annotations

import pytest

from support_policy import UnknownChoice, load_policy, lookup

POLICY = load_policy()
PAID = ["pro", "business", "education", "api"]
SEED_HOURS = {1: 1, 2: 4, 3: 24, 4: 24}


@pytest.mark.parametrize("plan", PAID)
@pytest.mark.parametrize("priority", [1, 2, 3, 4])
def test_paid_plans_get_the_seed_targets(plan, priority):
    assert lookup(POLICY, plan, priority).target_hours == SEED_HOURS[priority]


@pytest.mark.parametrize("priority", [1, 2, 3, 4])
def test_free_has_no_stated_target_and_only_the_web_form(priority):
    answer = lookup(POLICY, "free", priority)
    assert answer.target_hours is None
    assert [c.kind for c in answer.channels] == ["web_form"]
    assert answer.phone_numbers == ()


def test_pro_has_web_form_and_chat_but_no_phone():
    answer = lookup(POLICY, "pro", 1)
    assert [c.kind for c in answer.channels] == ["web_form", "chat"]
    assert not answer.has_phone and answer.phone_numbers == ()


@pytest.mark.parametrize("plan", ["business", "education", "api"])
def test_phone_plans_get_every_number_or_one_country(plan):
    assert len(lookup(POLICY, plan, 2).phone_numbers) == 5
    uk = lookup(POLICY, plan, 2, country="GB").phone_numbers
    assert [p.number for p in uk] == ["+44 800 368 7314", "+44 20 3890 5445"]


def test_tel_uri_dials_the_extension_after_a_pause():
    us = lookup(POLICY, "business", 1, "US").phone_numbers[0]
    assert us.tel_uri == "tel:+18887999666,2"


@pytest.mark.parametrize("args", [("enterprise", 1), ("pro", 5), ("pro", 0)])
def test_unknown_choices_are_refused(args):
    with pytest.raises(UnknownChoice):
        lookup(POLICY, *args)


def test_unknown_country_is_refused():
    with pytest.raises(UnknownChoice):
        lookup(POLICY, "business", 1, "FR")


@pytest.mark.parametrize(("args", "message"), [
    (("enterprise", 1), "unknown plan 'enterprise'"),
    (("pro", 5), "unknown priority 5"),
    (("pro", "1"), "unknown priority '1'"),
    (("business", 1, "FR"), "unknown country 'FR'"),
])
def test_an_unknown_choice_says_which(args, message):
    with pytest.raises(UnknownChoice) as caught:
        lookup(POLICY, *args)
    assert str(caught.value) == message


def test_the_answer_carries_the_plan_and_the_priority_asked_for():
    answer = lookup(POLICY, "education", 3, "AU")
    assert (answer.plan.id, answer.priority.id, answer.target_hours) == ("education", 3, 24)
    assert answer.has_phone and [p.number for p in answer.phone_numbers] == ["+61 1800 768 027"]
    assert [c.id for c in answer.channels] == ["web_form", "chat", "phone"]
