"""The HTML and Markdown the build and the picker write, read back as elements and text: the
static tables, the priority sections and guide, the picker's form, its answer and its guide."""

from __future__ import annotations

import dataclasses
import json
import re
import time
from datetime import date, datetime, timedelta, timezone
from html import unescape
from pathlib import Path

import pytest

from html_tree import parse, rows
from support_policy import load_policy, lookup
from support_policy.changelog import Change, Changelog, Entry, load_changelog
from support_policy.export import policy_document
from support_policy.guide import walk
from support_policy.labels import label
from support_policy.model import GuideAnswer, GuideQuestion, PhoneNumber, Priority, Text
from support_policy.render import (
    _phone_html, answer_deadline, date_text, entry_anchors, iso_time, render_answer, render_changelog,
    render_channels, render_export_example, render_export_urls, render_guide, render_guide_step, render_picker,
    render_priorities, render_priority_guide, render_response_targets, render_support_hours,
)

POLICY = load_policy()
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=timezone.utc)
PICKER_JS = Path(__file__).resolve().parents[2] / "overrides" / "picker" / "picker.js"


# ─── phone numbers ───────────────────────────────────────────────────────────

def test_a_phone_number_links_its_tel_uri_and_never_breaks_inside_the_number():
    us = POLICY.phone_numbers[0]
    assert _phone_html(us, "en") == '<a href="tel:+18887999666,2">+1&nbsp;888&nbsp;799&nbsp;9666</a>, ext.&nbsp;2'
    assert _phone_html(us, "ru") == '<a href="tel:+18887999666,2">+1&nbsp;888&nbsp;799&nbsp;9666</a>, доб.&nbsp;2'


def test_a_phone_number_without_an_extension_has_no_extension_text():
    plain = dataclasses.replace(POLICY.phone_numbers[0], extension=None)
    assert _phone_html(plain, "en") == '<a href="tel:+18887999666">+1&nbsp;888&nbsp;799&nbsp;9666</a>'


# ─── the static tables ───────────────────────────────────────────────────────

@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_channels_table_says_which_plan_may_use_which_channel(lang):
    root = parse(render_channels(POLICY, lang))
    box = root.one("div", data_policy="channels")
    assert box.attrs["class"] == "policy-table"
    channels_table, phones_table = box.find_all("table")
    assert channels_table.one("caption").text == label("channels_caption", lang)
    yes, no = label("yes", lang), label("no", lang)
    expected = [[label("plan", lang), *(c.name(lang) for c in POLICY.channels)]]
    expected += [[plan.name(lang), *(yes if c.id in plan.channel_ids else no for c in POLICY.channels)]
                 for plan in POLICY.plans]
    assert rows(channels_table) == expected
    assert [th.attrs["scope"] for th in channels_table.one("thead").find_all("th")] == ["col"] * 4
    assert [th.attrs["scope"] for th in channels_table.one("tbody").find_all("th")] == ["row"] * 5


def test_the_channels_table_in_english_reads_as_the_policy():
    table = parse(render_channels(POLICY, "en")).find_all("table")[0]
    assert rows(table) == [
        ["Plan", "Web request form", "Web chat with our support team", "Phone call"],
        ["Free", "Yes", "No", "No"],
        ["Pro", "Yes", "Yes", "No"],
        ["Business", "Yes", "Yes", "Yes"],
        ["Education", "Yes", "Yes", "Yes"],
        ["API", "Yes", "Yes", "Yes"],
    ]


@pytest.mark.parametrize(("lang", "caption", "form"), [
    ("ru", "Телефоны поддержки (для планов с телефонным вызовом): Для бизнеса, Учебный, API", "Интернет-заявка: "),
    ("en", "Support phone numbers (for plans with phone support): Business, Education, API", "Web request form: "),
])
def test_the_phone_table_names_the_plans_with_phone_calls_and_lists_every_number(lang, caption, form):
    box = parse(render_channels(POLICY, lang)).one("div", data_policy="channels")
    phones_table = box.find_all("table")[1]
    assert phones_table.one("caption").text == caption
    assert rows(phones_table)[0] == [label("country", lang), label("number", lang)]
    body = phones_table.one("tbody").find_all("tr")
    assert [row.one("th").text for row in body] == [p.country_name(lang) for p in POLICY.phone_numbers]
    assert [row.one("a").attrs["href"] for row in body] == [p.tel_uri for p in POLICY.phone_numbers]
    assert body[0].one("td").text == f"+1\u00a0888\u00a0799\u00a09666, {label('ext_short', lang)}\u00a02"
    # The request form's address sits between the two tables, as a link.
    paragraph = box.one("p")
    url = "https://support.zoom.us/hc/en-us/requests/new"
    assert paragraph.text == form + url
    assert paragraph.one("a").attrs["href"] == url
    assert [e.tag for e in box.elements] == ["table", "p", "table"]


def test_every_web_form_with_an_address_is_given_and_no_other_channel():
    # load.py allows one address per web form and none on a chat; a hand-built policy may differ.
    second = dataclasses.replace(POLICY.channels[0], id="web_form_2", url="https://example.com/second")
    chat = dataclasses.replace(POLICY.channels[1], url="https://example.com/chat")
    no_address = dataclasses.replace(POLICY.channels[0], id="web_form_3", url=None)
    policy = dataclasses.replace(POLICY, channels=(POLICY.channels[0], second, chat, no_address, POLICY.channels[2]))
    box = parse(render_channels(policy, "en")).one("div", data_policy="channels")
    assert [e.tag for e in box.elements] == ["table", "p", "p", "table"]
    assert [p.one("a").attrs["href"] for p in box.find_all("p")] == [
        "https://support.zoom.us/hc/en-us/requests/new", "https://example.com/second"]


def test_a_plan_without_a_phone_channel_is_left_out_of_the_phone_tables_caption():
    policy = dataclasses.replace(POLICY, plans=POLICY.plans[:2])  # Free and Pro: no phone
    caption = parse(render_channels(policy, "en")).find_all("caption")[1].text
    assert caption == "Support phone numbers (for plans with phone support): "


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_targets_table_gives_hours_per_plan_and_priority(lang):
    root = parse(render_response_targets(POLICY, lang))
    box = root.one("div", data_policy="response-targets")
    assert box.attrs["class"] == "policy-table"
    table = box.one("table")
    assert table.one("caption").text == label("targets_caption", lang)
    table_rows = rows(table)
    assert table_rows[0] == [label("plan", lang)] + [
        f"{label('priority_n', lang, n=p.id)}\u00a0— {p.name(lang).lower()}" for p in POLICY.priorities]
    assert table_rows[1] == [POLICY.plans[0].name(lang), label("not_stated", lang)]
    assert table.one("tbody").find_all("td")[0].attrs["colspan"] == "4"


def test_the_targets_table_in_english():
    table_rows = rows(parse(render_response_targets(POLICY, "en")))
    assert table_rows[0] == ["Plan", "Priority\u00a01\u00a0— urgent", "Priority\u00a02\u00a0— high", "Priority\u00a03\u00a0— normal",
                             "Priority\u00a04\u00a0— low"]
    assert table_rows[1] == ["Free", "Not stated in the policy"]
    for plan_row in table_rows[2:]:
        assert plan_row[1:] == ["1\u00a0hour", "4\u00a0hours", "24\u00a0hours", "24\u00a0hours"], plan_row[0]
    assert [r[0] for r in table_rows[2:]] == ["Pro", "Business", "Education", "API"]
    assert "1\u00a0час" in rows(parse(render_response_targets(POLICY, "ru")))[2]


def test_a_target_missing_for_one_priority_says_not_stated_in_its_own_cell():
    # The data file cannot say this (load.py wants every priority or none), but a hand-built
    # policy can: the cell says so rather than leaving it blank or widening it.
    targets = {key: hours for key, hours in POLICY.response_target_hours.items() if key != ("pro", 3)}
    policy = dataclasses.replace(POLICY, response_target_hours=targets)
    pro = rows(parse(render_response_targets(policy, "en")))[2]
    assert pro == ["Pro", "1\u00a0hour", "4\u00a0hours", "Not stated in the policy", "24\u00a0hours"]


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("render", [render_channels, render_response_targets])
def test_on_a_phone_each_stacked_cell_is_named_by_its_column(render, lang):
    # site.css stacks a table[data-stack] into one block per plan where it does not fit and
    # shows each cell's data-label as its column's name.
    tables = parse(render(POLICY, lang)).find_all("table")
    assert [t.attrs for t in tables][:1] == [{"data-stack": None}]
    stacked = tables[0]
    columns = [th.text for th in stacked.one("thead").find_all("th")][1:]
    for row in stacked.one("tbody").find_all("tr"):
        cells = row.find_all("td")
        if len(cells) == 1 and "colspan" in cells[0].attrs:  # a plan with no stated target
            assert "data-label" not in cells[0].attrs
            continue
        assert [cell.attrs["data-label"] for cell in cells] == columns, row.one("th").text
    assert all(t.attrs == {} for t in tables[1:])  # the phone numbers: two columns fit


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_support_hours_box_holds_the_hours_then_how(lang):
    hours = POLICY.support_hours
    assert render_support_hours(POLICY, lang) == (
        '<div class="policy-hours" data-policy="support-hours">'
        f"<p><strong>{hours.text(lang)}</strong></p><p>{hours.how(lang)}</p></div>"
    )


# ─── the priority sections and the static guide (Markdown) ───────────────────

def small_priority(ident: int, examples: bool) -> Priority:
    def text(word: str) -> Text:
        return Text(ru=f"{word} {ident} <ru>", en=f"{word} {ident} <en>")
    return Priority(id=ident, name=Text(ru=f"Имя{ident}", en=f"Name{ident}"), summary=text("summary"),
                    definition=text("definition"), resourcing=text("resourcing"),
                    examples=text("examples") if examples else None)


def test_each_priority_is_a_section_with_an_anchor_its_definition_examples_and_resources():
    policy = dataclasses.replace(POLICY, priorities=(small_priority(1, True), small_priority(2, False)))
    assert render_priorities(policy, "en") == (
        "## Priority\u00a01\u00a0— name1 { #p1 }\n\n"
        "definition 1 &lt;en&gt;\n\n"
        "**Examples.** examples 1 &lt;en&gt;\n\n"
        "**Resources.** resourcing 1 &lt;en&gt;\n\n"
        "## Priority\u00a02\u00a0— name2 { #p2 }\n\n"
        "definition 2 &lt;en&gt;\n\n"
        "**Resources.** resourcing 2 &lt;en&gt;\n"
    )
    assert render_priorities(policy, "ru").startswith("## Приоритет\u00a01\u00a0— имя1 { #p1 }\n\ndefinition 1 &lt;ru&gt;\n\n"
                                                      "**Примеры.** examples 1 &lt;ru&gt;\n\n"
                                                      "**Ресурсы.** resourcing 1 &lt;ru&gt;\n\n")


def test_the_shipped_priorities_have_examples_only_where_the_policy_gives_them():
    markdown = render_priorities(POLICY, "en")
    assert re.findall(r"^## .*$", markdown, flags=re.MULTILINE) == [
        "## Priority\u00a01\u00a0— urgent { #p1 }", "## Priority\u00a02\u00a0— high { #p2 }",
        "## Priority\u00a03\u00a0— normal { #p3 }", "## Priority\u00a04\u00a0— low { #p4 }"]
    assert markdown.count("**Examples.**") == 1 and markdown.count("**Resources.**") == 4


@pytest.mark.parametrize(("lang", "heading", "to_question", "to_priority", "to_none"), [
    ("ru", "## Как выбрать приоритет { #guide }", "→ вопрос\u00a02", "→ приоритет\u00a01 (срочный)",
     "→ ни одно определение не подходит"),
    ("en", "## How to choose a priority { #guide }", "→ question\u00a02", "→ priority\u00a01 (urgent)",
     "→ no definition fits"),
])
def test_the_static_guide_numbers_the_questions_and_links_each_answer(lang, heading, to_question, to_priority, to_none):
    markdown = render_priority_guide(POLICY, lang)
    assert markdown.startswith(f"{heading}\n\n{label('guide_intro', lang)}\n\n")
    assert markdown.endswith("</ol>\n")
    guide = parse(markdown.split("\n\n", 2)[2]).one("ol")
    assert guide.attrs == {"class": "policy-guide", "data-policy": "priority-guide"}
    items = guide.elements
    assert [item.attrs["id"] for item in items] == [f"guide-{q.id}" for q in POLICY.priority_guide]
    assert [item.one("p").text for item in items] == [q.question(lang) for q in POLICY.priority_guide]
    first, second = items[0].one("ul").elements, items[1].one("ul").elements
    assert first[0].one("strong").text == POLICY.priority_guide[0].answers[0].text(lang)
    assert first[0].one("a").attrs["href"] == "#guide-down_workaround"
    assert first[0].one("a").text == to_question
    assert (second[0].one("a").attrs["href"], second[0].one("a").text) == ("#p1", to_priority)
    # No definition fits: said in words, with nothing to link to.
    assert second[2].find_all("a") == []
    assert second[2].text == f"{POLICY.priority_guide[1].answers[2].text(lang)} {to_none}"


# ─── the picker's form ───────────────────────────────────────────────────────

def script_hooks() -> tuple[set[str], set[str]]:
    """The picker's data-* hooks and the message keys that the page's script looks for (the
    guide's and the answer's own hooks are checked with them, below)."""
    script = PICKER_JS.read_text(encoding="utf-8")
    hooks = set(re.findall(r"\[(data-pp-[a-z-]+|data-picker)\]", script))
    keys = set(re.findall(r'(?:status|message)\("([a-z-]+)"\)|watch\([^,]+, "([a-z-]+)"\)', script))
    keys = {key for pair in keys for key in pair if key}
    return hooks, keys


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_picker_has_every_hook_and_message_the_page_script_uses(lang):
    root = parse(render_picker(POLICY, lang))
    hooks, keys = script_hooks()
    assert {"data-picker", "data-pp-answer", "data-pp-notice", "data-pp-guide", "data-pp-guide-body"} <= hooks
    assert {"loading", "progress", "starting", "save-data", "save-data-kept", "choose", "stalled", "failed"} <= keys
    for hook in hooks - {"data-pp-loaded", "data-pp-total", "data-pp-start", "data-pp-open-tables"}:
        assert len(root.find_all(**{hook.replace("-", "_"): None})) == 1, hook
    messages = {m.attrs["data-pp-message"]: m for m in root.one(data_pp_messages=None).elements}
    assert keys <= set(messages), keys - set(messages)
    assert PICKER_JS.read_text(encoding="utf-8").count("#pp-tables") >= 1
    assert root.one("details", id="pp-tables").attrs["class"] == "pp-tables"


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_picker_form_offers_every_plan_priority_and_country(lang):
    picker = parse(render_picker(POLICY, lang)).one("div", data_picker=None)
    assert picker.attrs == {"class": "pp", "data-picker": None, "data-lang": lang}
    form = picker.one("form")
    assert form.attrs == {"class": "pp-form", "action": "#", "novalidate": None}
    plan_group, priority_group = form.find_all("fieldset")
    assert plan_group.attrs["class"] == "pp-group pp-group--plan"
    assert priority_group.attrs["class"] == "pp-group pp-group--priority"
    assert plan_group.one("legend").text == label("picker_plan", lang)
    assert priority_group.one("legend").text == label("picker_priority", lang)
    plan_inputs = plan_group.find_all("input")
    assert [(i.attrs["type"], i.attrs["name"], i.attrs["value"]) for i in plan_inputs] == [
        ("radio", "plan", p.id) for p in POLICY.plans]
    assert [c.one(class_="pp-choice__label").text for c in plan_group.find_all("label")] == [
        p.name(lang) for p in POLICY.plans]
    # A plan has no hint; a priority's hint is its summary.
    assert plan_group.find_all(class_="pp-choice__hint") == []
    assert [c.text for c in plan_group.find_all("label")] == [p.name(lang) for p in POLICY.plans]
    assert [i.attrs["value"] for i in priority_group.find_all("input", name="priority")] == ["1", "2", "3", "4"]
    choices = priority_group.find_all("label", class_="pp-choice")
    assert [c.one(class_="pp-choice__label").text for c in choices] == [
        f"{label('priority_n', lang, n=p.id)}\u00a0— {p.name(lang).lower()}" for p in POLICY.priorities]
    assert [c.one(class_="pp-choice__hint").text for c in choices] == [p.summary(lang) for p in POLICY.priorities]

    field = form.one("div", class_="pp-field")
    assert field.one("label").attrs["for"] == "pp-country" and field.one("label").text == label("picker_country", lang)
    select = field.one("select")
    assert select.attrs == {"id": "pp-country", "name": "country"}
    options = [(o.attrs["value"], o.text) for o in select.find_all("option")]
    assert options == [("", label("picker_all_countries", lang))] + [
        (p.country, p.country_name(lang)) for p in POLICY.countries()]
    assert [value for value, _ in options] == ["", "US", "AU", "GB"]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_picker_guide_the_answer_area_and_the_tables(lang):
    picker = parse(render_picker(POLICY, lang)).one("div", data_picker=None)
    guide = picker.one("details", data_pp_guide=None)
    assert guide.attrs["class"] == "pp-guide"
    assert guide.one("summary").text == label("guide_summary", lang)
    assert guide.one("div", data_pp_guide_body=None).attrs == {
        "class": "pp-guide__body", "data-pp-guide-body": None, "aria-live": "polite"}
    side = picker.one("div", class_="pp-side")
    assert side.one("p", data_pp_notice=None).attrs == {
        "class": "pp-notice", "data-pp-notice": None, "role": "alert", "hidden": None}
    answer = side.one("div", data_pp_answer=None)
    assert answer.attrs == {"class": "pp-answer", "data-pp-answer": None, "role": "status", "aria-live": "polite",
                            "aria-atomic": "true"}
    assert answer.one("noscript").text == label("picker_noscript", lang)
    layout = picker.one("div", class_="pp-layout")
    assert [e.tag for e in layout.elements] == ["form", "div"]
    tables = picker.one("details", class_="pp-tables")
    assert tables.one("summary").text == label("picker_tables", lang)
    assert tables.one("div", data_policy="channels") and tables.one("div", data_policy="response-targets")
    assert [e.attrs.get("data-policy") for e in tables.elements[1:]] == ["channels", "response-targets"]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_picker_messages_say_each_state_in_the_pages_language(lang):
    messages = parse(render_picker(POLICY, lang)).one("div", data_pp_messages=None)
    assert messages.attrs == {"hidden": None, "data-pp-messages": None}
    by_key = {m.attrs["data-pp-message"]: m for m in messages.elements}
    assert all("data-search-exclude" in m.attrs for m in messages.elements)  # out of the search index
    assert list(by_key) == ["loading", "progress", "starting", "save-data", "save-data-kept", "choose", "failed", "stalled",
                            "missing"]
    for key, label_key in [("loading", "picker_loading"), ("starting", "picker_starting"), ("choose", "choose")]:
        assert [(e.tag, e.text) for e in by_key[key].elements] == [("p", label(label_key, lang))], key
    # Progress: the script fills the two spans with megabytes.
    progress = by_key["progress"]
    assert [e.tag for e in progress.elements] == ["p", "progress"]
    assert progress.one("progress").attrs == {"aria-hidden": "true"}
    spans = progress.one("p").find_all("span")
    assert [list(s.attrs) for s in spans] == [["data-pp-loaded"], ["data-pp-total"]]
    assert progress.one("p").text == label("picker_progress", lang, loaded="", total="")
    # Save-Data: a button to start by hand, with the download's size.
    save = by_key["save-data"]
    assert save.one("p").text == label("picker_save_data", lang)
    button = save.one("button")
    assert button.attrs == {"type": "button", "class": "md-button md-button--primary", "data-pp-start": None}
    assert button.one("span").attrs == {"data-pp-total": None}
    assert button.text == label("picker_start", lang, size="")
    # Save-Data on a device that keeps the runtime: the same button, with no download to announce.
    kept = by_key["save-data-kept"]
    assert kept.one("p").text == label("picker_save_data", lang)
    assert kept.one("button").attrs == button.attrs
    assert kept.one("button").text == label("picker_start_kept", lang)
    assert kept.one("button").find_all("span") == []
    # Failed, stalled or missing on the host: the sentence, then a link that opens the tables.
    for key, label_key in [("failed", "picker_failed"), ("stalled", "picker_stalled"), ("missing", "picker_missing")]:
        message = by_key[key]
        assert message.children[0] == label(label_key, lang) + " ", key
        link = message.one("a")
        assert link.attrs == {"href": "#pp-tables", "data-pp-open-tables": None}
        assert link.text == label("picker_to_tables", lang)


def test_the_picker_escapes_what_it_writes():
    # Not the data file's words (load.py accepts any text), but escaped all the same.
    plans = (dataclasses.replace(POLICY.plans[0], name=Text(ru="<b>", en="<b>&")),) + POLICY.plans[1:]
    html = render_picker(dataclasses.replace(POLICY, plans=plans), "en")
    assert "<b>" not in html and '<span class="pp-choice__label">&lt;b&gt;&amp;</span>' in html


# ─── the picker's answer ─────────────────────────────────────────────────────

def test_the_deadline_is_in_utc_whatever_the_machines_zone(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        deadline = answer_deadline(lookup(POLICY, "pro", 1), NOW)
        assert deadline.utcoffset() == timedelta(0) and iso_time(deadline) == "2026-12-02T10:00:00Z"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_the_deadline_is_now_plus_the_target_counted_around_the_clock_in_utc():
    answer = lookup(POLICY, "pro", 2)
    moscow = timezone(timedelta(hours=3))
    deadline = answer_deadline(answer, datetime(2026, 12, 31, 22, 30, tzinfo=moscow))
    assert deadline == datetime(2026, 12, 31, 23, 30, tzinfo=timezone.utc)
    assert deadline.utcoffset() == timedelta(0)
    assert iso_time(deadline) == "2026-12-31T23:30:00Z"
    assert answer_deadline(lookup(POLICY, "free", 2), NOW) is None


@pytest.mark.parametrize(("lang", "title", "target"), [
    ("ru", "План «Для бизнеса», приоритет\u00a02\u00a0— высокий", "Целевое время реакции: 4\u00a0часа"),
    ("en", "Business plan, priority\u00a02\u00a0— high", "Target response time: 4\u00a0hours"),
])
def test_the_answer_names_the_plan_and_priority_then_the_target_and_when(lang, title, target):
    root = parse(render_answer(lookup(POLICY, "business", 2), lang, NOW))
    paragraphs = root.find_all("p")
    assert [p.attrs["class"] for p in paragraphs] == [
        "pp-answer__title", "pp-answer__target", "pp-answer__when", "pp-answer__subtitle"]
    assert paragraphs[0].text == title
    assert paragraphs[1].text == target and paragraphs[1].one("strong").text == target.split(": ")[1]
    time = paragraphs[2].one("time")
    assert time.attrs == {"datetime": "2026-12-02T13:00:00Z", "data-local-time": None}
    assert time.text == "2026-12-02 13:00 UTC"
    assert paragraphs[2].text == label("expect_by", lang).format(when="2026-12-02 13:00 UTC")
    assert paragraphs[3].text == label("how_to_reach", lang)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_without_a_target_the_answer_says_the_policy_states_none(lang):
    root = parse(render_answer(lookup(POLICY, "free", 1), lang, NOW))
    target = root.one("p", class_="pp-answer__target")
    assert target.text == label("no_target", lang, plan=POLICY.plan("free").name(lang))
    assert root.find_all("time") == [] and root.find_all(class_="pp-answer__when") == []
    assert root.find_all(class_="pp-answer__call-first") == []  # no phone on Free
    channels = root.one("ul", class_="pp-answer__channels")
    link = channels.one("a")
    assert (link.attrs["href"], link.text) == ("https://support.zoom.us/hc/en-us/requests/new",
                                               POLICY.channel("web_form").name(lang))


def channel_items(html: str) -> list[str]:
    return [item.text for item in parse(html).one("ul", class_="pp-answer__channels").elements]


def test_the_channels_keep_the_data_files_order_below_priority_1():
    assert channel_items(render_answer(lookup(POLICY, "pro", 1), "en", NOW)) == [
        "Web request form", "Web chat with our support team"]
    items = channel_items(render_answer(lookup(POLICY, "business", 2, "AU"), "en", NOW))
    assert items == ["Web request form", "Web chat with our support team",
                     "Phone call:Australia: +61\u00a01800\u00a0768\u00a0027, ext.\u00a02"]


def test_priority_1_with_a_phone_states_the_resourcing_and_lists_the_phone_first():
    html = render_answer(lookup(POLICY, "api", 1, "US"), "en", NOW)
    root = parse(html)
    call_first = root.one("p", class_="pp-answer__call-first")
    assert call_first.text == "For priority\u00a01, Zoom provides the necessary resources around the clock."
    classes = [p.attrs["class"] for p in root.find_all("p")]
    assert classes.index("pp-answer__call-first") == classes.index("pp-answer__subtitle") - 1
    items = root.one("ul", class_="pp-answer__channels").elements
    assert items[0].children[0] == "Phone call:"
    numbers = items[0].one("ul").elements
    assert [n.text for n in numbers] == ["United States: +1\u00a0888\u00a0799\u00a09666, ext.\u00a02",
                                         "United States: +1\u00a0650\u00a0397\u00a06096, ext.\u00a02"]
    assert [n.one("a").attrs["href"] for n in numbers] == ["tel:+18887999666,2", "tel:+16503976096,2"]
    assert [i.text for i in items[1:]] == ["Web request form", "Web chat with our support team"]


def test_the_answers_phone_numbers_are_named_in_the_pages_language():
    items = channel_items(render_answer(lookup(POLICY, "business", 2, "GB"), "ru", NOW))
    assert items[2] == ("Телефонный вызов:Великобритания: +44\u00a0800\u00a0368\u00a07314, доб.\u00a02"
                        "Великобритания: +44\u00a020\u00a03890\u00a05445, доб.\u00a02")


def test_priority_1_on_a_plan_without_a_phone_says_nothing_about_the_clock():
    root = parse(render_answer(lookup(POLICY, "pro", 1), "en", NOW))
    assert root.find_all(class_="pp-answer__call-first") == []


def test_a_priority_not_resourced_around_the_clock_keeps_the_order_even_with_a_phone():
    priorities = tuple(dataclasses.replace(p, around_the_clock=False) for p in POLICY.priorities)
    policy = dataclasses.replace(POLICY, priorities=priorities)
    html = render_answer(lookup(policy, "business", 1), "en", NOW)
    assert "pp-answer__call-first" not in html
    assert channel_items(html)[0] == "Web request form"


def test_a_web_form_without_an_address_is_named_without_a_link():
    channels = (dataclasses.replace(POLICY.channels[0], url=None),) + POLICY.channels[1:]
    html = render_answer(lookup(dataclasses.replace(POLICY, channels=channels), "free", 1), "en", NOW)
    items = parse(html).one("ul", class_="pp-answer__channels").elements
    assert [(i.text, i.find_all("a")) for i in items] == [("Web request form", [])]


# ─── the picker's guide ──────────────────────────────────────────────────────

@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_guide_starts_with_the_first_question_and_its_answers(lang):
    html, priority = render_guide(POLICY, [], lang)
    assert priority is None
    root = parse(html)
    assert root.find_all(class_="pp-guide__answered") == [] and root.find_all("button", data_guide_restart=None) == []
    question = root.one("fieldset")
    assert question.attrs["class"] == "pp-guide__question"
    legend = question.one("legend")
    assert legend.attrs == {"tabindex": "-1", "data-guide-focus": None}
    first = POLICY.priority_guide[0]
    assert legend.one("span").attrs["class"] == "pp-guide__n"
    assert legend.text == f"{label('guide_question_n', lang, n=1)}. {first.question(lang)}"
    buttons = question.find_all("button")
    assert [b.attrs for b in buttons] == [
        {"type": "button", "class": "pp-guide__answer", "data-guide-answer": str(i)} for i in range(len(first.answers))]
    assert [[(s.attrs["class"], s.text) for s in b.elements] for b in buttons] == [
        [("pp-guide__text", a.text(lang)), ("pp-guide__leads", label("guide_next_question", lang))]
        for a in first.answers]


@pytest.mark.parametrize(("lang", "no", "yes"), [("ru", "Нет", "Да"), ("en", "No", "Yes")])
def test_the_guide_shows_the_answers_so_far_and_the_next_question_numbered(lang, no, yes):
    root = parse(render_guide(POLICY, [1, 0], lang)[0])
    assert root.one("p", class_="pp-guide__label").text == label("guide_your_answers", lang)
    answered = root.one("ol", class_="pp-guide__answered").elements
    assert [a.text for a in answered] == [
        f"{POLICY.priority_guide[0].question(lang)}\u00a0— {no}",
        f"{POLICY.question('significant').question(lang)}\u00a0— {yes}",
    ]
    assert [a.one("strong").text for a in answered] == [no, yes]
    third = POLICY.question("significant_workaround")
    assert root.one("legend").text == f"{label('guide_question_n', lang, n=3)}. {third.question(lang)}"
    assert [s.text for s in root.find_all(class_="pp-guide__text")] == [a.text(lang) for a in third.answers]
    restart = root.one("button", data_guide_restart=None)
    assert restart.attrs["class"] == "pp-guide__restart" and restart.text == label("guide_restart", lang)
    assert [e.tag for e in root.elements] == ["p", "ol", "fieldset", "button"]


@pytest.mark.parametrize(("lang", "suggest"), [
    ("ru", "По вашим ответам подходит приоритет\u00a01\u00a0— срочный"),
    ("en", "Your answers point to priority\u00a01\u00a0— urgent"),
])
def test_the_guides_result_suggests_a_priority_and_quotes_its_definition(lang, suggest):
    html, priority = render_guide(POLICY, [0, 0], lang)
    assert priority == 1
    result = parse(html).one("div", class_="pp-guide__result")
    first, definition, applied = result.find_all("p")
    assert first.attrs == {"tabindex": "-1", "data-guide-focus": None}
    assert first.one("strong").text == suggest
    assert definition.text == label("guide_definition", lang)
    assert result.one("blockquote").text == POLICY.priority(1).definition(lang)
    assert applied.text == label("guide_applied", lang)
    assert [e.tag for e in result.elements] == ["p", "p", "blockquote", "p"]


def test_the_guide_says_so_when_no_definition_fits():
    root = parse(render_guide(POLICY, [0, 2], "en")[0])
    result = root.one("p", class_="pp-guide__result")
    assert result.attrs == {"class": "pp-guide__result", "tabindex": "-1", "data-guide-focus": None}
    assert result.text == label("guide_none", "en")


def test_a_guide_step_with_nothing_answered_and_nothing_left_says_no_definition_fits():
    # Not reachable through walk() on the shipped data (a first question is always asked),
    # but render_guide_step takes any step: no restart button when nothing was answered.
    step = dataclasses.replace(walk(POLICY, []), question=None)
    root = parse(render_guide_step(POLICY, step, "en"))
    assert [e.attrs["class"] for e in root.elements] == ["pp-guide__result"]


def test_an_answer_without_a_priority_or_a_next_question_leads_nowhere_in_the_picker():
    question = GuideQuestion("only", Text(ru="Вопрос?", en="Question?"), (
        GuideAnswer(Text(ru="Да", en="Yes"), priority=4), GuideAnswer(Text(ru="Нет", en="No"))))
    policy = dataclasses.replace(POLICY, priority_guide=(question,))
    leads = [s.text for s in parse(render_guide(policy, [], "en")[0]).find_all(class_="pp-guide__leads")]
    assert leads == ["→ priority\u00a04 (low)", "→ no definition fits"]


# ─── the changelog page and the export page ──────────────────────────────────

@pytest.mark.parametrize(("day", "ru", "en"), [
    (date(2027, 1, 1), "1\u00a0января 2027\u00a0г.", "January 1, 2027"),
    (date(2026, 5, 9), "9\u00a0мая 2026\u00a0г.", "May 9, 2026"),
    (date(2026, 12, 31), "31\u00a0декабря 2026\u00a0г.", "December 31, 2026"),
])
def test_dates_are_written_as_on_the_pages(day, ru, en):
    assert (date_text(day, "ru"), date_text(day, "en")) == (ru, en)


def entry(day: date, summary: str = "Summary.", changes: tuple[Change, ...] = ()) -> Entry:
    return Entry(day, "sha256:" + "0" * 64, Text(ru=f"{summary} (ru)", en=summary), changes)


def test_entries_of_the_same_day_get_numbered_anchors():
    changelog = Changelog((entry(date(2026, 12, 2)), entry(date(2026, 12, 2)), entry(date(2026, 12, 2)),
                           entry(date(2026, 12, 1))))
    assert entry_anchors(changelog) == ["2026-12-02", "2026-12-02-2", "2026-12-02-3", "2026-12-01"]


def test_the_changelog_page_writes_a_section_and_a_table_per_entry():
    fact = Text(ru="Факт", en="Fact <a>")
    changelog = Changelog((
        entry(date(2026, 12, 2), "Two & three.", (Change(fact, None, Text("x", "new value")),
                                                  Change(fact, Text("y", "old value"), None),
                                                  Change(fact, Text("б", "before"), Text("п", "after")))),
        entry(date(2026, 12, 1), "Nothing changed."),
    ))
    markdown = render_changelog(changelog, "en")
    first, second = markdown.split("\n## ")
    assert first.startswith("## December 2, 2026 { #2026-12-02 }\n\nTwo &amp; three.\n\n<div")
    assert second == "December 1, 2026 { #2026-12-01 }\n\nNothing changed.\n"
    box = parse(first.split("\n\n", 2)[2]).one("div")
    assert box.attrs == {"class": "policy-table", "data-policy": "changelog"}
    table = box.one("table")
    assert table.one("caption").text == "Changes on December 2, 2026"
    assert rows(table) == [["What changed", "Before", "After"],
                           ["Fact <a>", "(new)", "new value"],
                           ["Fact <a>", "old value", "(removed)"],
                           ["Fact <a>", "before", "after"]]
    assert [th.attrs["scope"] for th in table.find_all("th")] == ["col"] * 3 + ["row"] * 3
    ru = render_changelog(changelog, "ru")
    assert rows(parse(ru.split("\n\n", 2)[2].split("\n## ")[0]))[1:] == [
        ["Факт", "(новое)", "x"], ["Факт", "y", "(удалено)"], ["Факт", "б", "п"]]
    assert "2 декабря" not in ru and "<caption>Изменения 2\u00a0декабря 2026\u00a0г.</caption>" in ru


def test_the_export_page_lists_each_files_address():
    urls = [("export_policy", "/policy.json", "https://example.com/policy.json"),
            ("export_schema", "/policy.schema.json", "https://example.com/policy.schema.json")]
    assert render_export_urls(urls, "ru") == (
        '<ul class="policy-export" data-policy="export-urls">'
        '<li>Политика: <a href="/policy.json"><code>https://example.com/policy.json</code></a></li>'
        '<li>Схема: <a href="/policy.schema.json"><code>https://example.com/policy.schema.json</code></a></li></ul>'
    )
    assert render_export_urls(urls[:1], "en").count("<li>The policy: <a ") == 1


def example_document(how_en: str) -> dict:
    return {
        "version": {"schema": "1.0", "policy": "2026-12-02", "fingerprint": "sha256:" + "0" * 64, "ключ": "б"},
        "support_hours": {"text": {"ru": "Р", "en": "E"}, "how": {"ru": "<&>", "en": how_en}},
        "channels": [{"id": "chat", "kind": "chat"}, {"id": "other", "kind": "phone"}],
        "phone_numbers": [],
        "plans": [{"id": "free", "response_target_hours": None}, {"id": "pro", "response_target_hours": {"1": 1}}],
        "priorities": [{"id": 1}],
    }


def example_text(document: dict) -> str:
    html = render_export_example(document)
    prefix, suffix = '<pre data-policy="export-example"><code class="language-json">', "</code></pre>"
    assert html.startswith(prefix) and html.endswith(suffix)
    code = html[len(prefix):-len(suffix)]
    assert '"' not in code and "<" not in code  # escaped for the page
    return unescape(code)


def test_the_export_example_is_the_start_of_the_file_keeping_short_values_on_one_line():
    # support_hours' value is 88 characters on one line: with the two of its indent, 90 fit.
    text = example_text(example_document("x" * 24))
    assert text == (
        "{\n"
        '  "version": {\n'
        '    "schema": "1.0",\n'
        '    "policy": "2026-12-02",\n'
        f'    "fingerprint": "sha256:{"0" * 64}",\n'
        '    "ключ": "б"\n'  # UTF-8 as in the file, not \\u escapes
        "  },\n"
        '  "support_hours": {"text": {"ru": "Р", "en": "E"}, "how": {"ru": "<&>", "en": "' + "x" * 24 + '"}},\n'
        '  "channels": [{"id": "chat", "kind": "chat"}],\n'
        '  "phone_numbers": [],\n'
        '  "plans": [{"id": "pro", "response_target_hours": {"1": 1}}]\n'
        "}"
    )
    assert len(json.dumps(json.loads(text)["support_hours"], ensure_ascii=False)) == 88


def test_a_value_longer_than_the_line_is_broken_and_a_plan_without_targets_is_shown_when_no_plan_has_any():
    document = example_document("x" * 25)  # 89 characters: no longer fits
    document["plans"] = document["plans"][:1]
    text = example_text(document)
    assert '  "support_hours": {\n    "text": {"ru": "Р", "en": "E"},\n' in text
    assert '  "plans": [{"id": "free", "response_target_hours": null}]\n' in text
    # Broken down to the value that is too long by itself, each level indented by two.
    document["phone_numbers"] = [{"country": "US", "tel": "t" * 100}]
    document["plans"] = [{"id": "pro", "channels": ["a" * 50, "b" * 50], "response_target_hours": {"1": 1}}]
    text = example_text(document)
    assert f'  "phone_numbers": [\n    {{\n      "country": "US",\n      "tel": "{"t" * 100}"\n    }}\n  ],\n' in text
    assert (f'      "channels": [\n        "{"a" * 50}",\n        "{"b" * 50}"\n      ],\n'
            '      "response_target_hours": {"1": 1}\n') in text


def test_the_export_example_of_the_shipped_policy_starts_the_real_file():
    document = policy_document(POLICY, load_changelog(), "sha256:" + "0" * 64)
    excerpt = json.loads(example_text(document))
    assert excerpt == {"version": document["version"], "support_hours": document["support_hours"],
                       "channels": document["channels"][:1], "phone_numbers": document["phone_numbers"][:1],
                       "plans": [document["plans"][1]]}  # Pro: the first plan with targets
