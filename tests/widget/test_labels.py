"""The site's own words: a label in the page's language, with its values filled in, and a
number of hours with the right Russian plural and a no-break space before the unit."""

from __future__ import annotations

from string import Formatter

import pytest

from support_policy.labels import LABELS, hours_text, label


def test_a_label_is_in_the_asked_language_with_its_values_filled_in():
    assert label("plan", "ru") == "План" and label("plan", "en") == "Plan"
    assert label("priority_n", "en", n=3) == "Priority\u00a03"
    # Without values the text is returned as written, braces and all.
    assert label("expect_by", "en") == LABELS["expect_by"]["en"] and "{when}" in label("expect_by", "en")
    assert label("link_unrecognised", "ru", names="план") == "Не удалось распознать план в ссылке."


def test_every_label_is_written_in_both_languages_with_the_same_blanks():
    """A label missing a language or a {value} in one of them fails only on the page that uses
    it; here it fails for every label at once."""
    def blanks(text: str) -> set[str]:
        return {name for _, name, _, _ in Formatter().parse(text) if name is not None}

    for key, texts in LABELS.items():
        assert set(texts) == {"ru", "en"} and all(text.strip() for text in texts.values()), key
        assert blanks(texts["ru"]) == blanks(texts["en"]), key


@pytest.mark.parametrize(("hours", "ru"), [
    (1, "1\u00a0час"), (21, "21\u00a0час"), (101, "101\u00a0час"),
    (2, "2\u00a0часа"), (3, "3\u00a0часа"), (4, "4\u00a0часа"), (22, "22\u00a0часа"), (24, "24\u00a0часа"),
    (104, "104\u00a0часа"),
    (5, "5\u00a0часов"), (10, "10\u00a0часов"), (11, "11\u00a0часов"), (12, "12\u00a0часов"), (13, "13\u00a0часов"),
    (14, "14\u00a0часов"), (15, "15\u00a0часов"), (20, "20\u00a0часов"), (25, "25\u00a0часов"),
    (111, "111\u00a0часов"), (112, "112\u00a0часов"), (114, "114\u00a0часов"), (48, "48\u00a0часов"), (34, "34\u00a0часа"),
])
def test_russian_hours_take_the_plural_their_last_digits_ask_for(hours, ru):
    assert hours_text(hours, "ru") == ru


@pytest.mark.parametrize(("hours", "en"), [(1, "1\u00a0hour"), (2, "2\u00a0hours"), (0, "0\u00a0hours"),
                                          (21, "21\u00a0hours"), (24, "24\u00a0hours")])
def test_english_hours_are_singular_only_for_one(hours, en):
    assert hours_text(hours, "en") == en
