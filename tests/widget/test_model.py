"""The model's own lookups: by id, one phone entry per country, and the tel: URI."""

from __future__ import annotations

import dataclasses

import pytest

from support_policy import load_policy
from support_policy.model import Text

POLICY = load_policy()


def test_a_text_is_russian_or_else_english():
    text = Text(ru="Да", en="Yes")
    assert (text("ru"), text("en")) == ("Да", "Yes")


def test_lookups_by_id_find_the_one_asked_for():
    assert POLICY.plan("business").name.en == "Business"
    assert POLICY.plan("free").channel_ids == ("web_form",)
    assert POLICY.priority(3).name.en == "Normal"
    assert POLICY.channel("chat").kind == "chat"
    assert POLICY.question("feature").answers[0].priority == 3
    with pytest.raises(StopIteration):
        POLICY.plan("enterprise")


def test_countries_are_listed_once_in_the_data_files_order_with_their_first_number():
    countries = POLICY.countries()
    assert [(p.country, p.number) for p in countries] == [
        ("US", "+1 888 799 9666"), ("AU", "+61 1800 768 027"), ("GB", "+44 800 368 7314")]


def test_the_tel_uri_dials_every_digit_then_pauses_for_the_extension():
    gb = POLICY.phone_numbers[4]
    assert gb.tel_uri == "tel:+442038905445,2"
    assert dataclasses.replace(gb, extension=None).tel_uri == "tel:+442038905445"
    assert dataclasses.replace(gb, extension="").tel_uri == "tel:+442038905445"
