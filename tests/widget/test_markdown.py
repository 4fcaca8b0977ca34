"""The Markdown copies for assistants and llms.txt (support_policy.markdown): the renderers'
HTML made Markdown, a page's copy from its source, the links of a copy, and llms.txt."""

from __future__ import annotations

import re

import pytest

from support_policy import load_policy
from support_policy.labels import hours_text, label
from support_policy.markdown import (
    TEXTS, Entry, copy_link, copy_path, copy_url, html_to_markdown, llms_txt, page_copy, to_markdown,
)
from support_policy.render import (
    render_changelog, render_channels, render_picker, render_priorities, render_priority_guide,
    render_response_targets,
)
from support_policy.changelog import load_changelog
from support_policy.site import MarkerError, policy_renderers

POLICY = load_policy()
SITE = "https://docs.example.org/policy/"
TABLE_ROW = re.compile(r"^\|.*\|$", re.M)


# The lines of Markdown tables in `markdown`.
def table_lines(markdown: str) -> list[str]:
    return TABLE_ROW.findall(markdown)


# ─── HTML → Markdown ─────────────────────────────────────────────────────────

def test_a_table_becomes_a_markdown_table_under_its_caption_in_bold():
    html = ('<div class="policy-table"><table><caption>Plans</caption><thead><tr><th scope="col">Plan</th>'
            '<th scope="col">P1</th><th scope="col">P2</th></tr></thead><tbody>'
            '<tr><th scope="row">Free</th><td colspan="2">Not stated</td></tr>'
            '<tr><th scope="row">Pro</th><td>1&nbsp;hour</td><td>4 <strong>hours</strong></td></tr></tbody></table></div>')
    assert html_to_markdown(html) == (
        "**Plans**\n\n"
        "| Plan | P1 | P2 |\n| --- | --- | --- |\n"
        "| Free | Not stated | Not stated |\n"
        "| Pro | 1\u00a0hour | 4 **hours** |"
    )


def test_a_cell_keeps_a_pipe_as_text_and_markdown_s_own_characters_are_escaped():
    html = "<table><tr><th>a|b</th><th>*x* [y] _z_ `c` &lt;t&gt;</th></tr><tr><td>1</td><td>2</td></tr></table>"
    assert table_lines(html_to_markdown(html)) == [
        r"| a\|b | \*x\* \[y\] \_z\_ \`c\` \<t> |", "| --- | --- |", "| 1 | 2 |"]


def test_a_paragraph_that_markdown_would_read_as_a_heading_quote_or_list_is_escaped():
    assert html_to_markdown("<p># one</p><p>&gt; two</p><p>- three</p><p>4. four</p><p>+1 650</p>") == (
        "\\# one\n\n\\> two\n\n\\- three\n\n\\4. four\n\n+1 650")


def test_lists_nest_under_their_item_and_links_keep_their_target():
    html = ('<ol class="policy-guide"><li id="guide-a"><p>Down?</p><ul><li><strong>Yes</strong> '
            '<a href="#guide-b">→ question 2</a></li><li><strong>No</strong> → none</li></ul></li>'
            '<li><p>Workaround?</p></li></ol>')
    assert html_to_markdown(html) == (
        "1. Down?\n\n   - **Yes** [→ question 2](#guide-b)\n   - **No** → none\n\n2. Workaround?")


def test_a_code_block_is_fenced_with_its_language_and_its_text_as_is():
    html = '<pre data-policy="export-example"><code class="language-json">{\n  &quot;a_b&quot;: [1, 2]\n}</code></pre>'
    assert html_to_markdown(html) == '```json\n{\n  "a_b": [1, 2]\n}\n```'


def test_controls_scripts_and_hidden_elements_are_left_out_with_their_text():
    html = ('<div><form><fieldset><legend>Your plan</legend><label><input type="radio">Pro</label></fieldset></form>'
            '<p hidden>Loading</p><div hidden><p>Starting</p></div><noscript><p>Needs JavaScript</p></noscript>'
            '<button>Start</button><script>alert(1)</script><p>Kept</p></div>')
    assert html_to_markdown(html) == "Kept"


def test_a_quote_and_a_summary():
    assert html_to_markdown("<details><summary>All tables</summary><blockquote><p>One</p><p>Two</p></blockquote>"
                            "</details>") == "**All tables**\n\n> One\n>\n> Two"


# ─── the renderers' output as Markdown ───────────────────────────────────────

@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_response_targets_as_markdown_hold_every_target_and_plan(lang):
    markdown = to_markdown(render_response_targets(POLICY, lang))
    lines = table_lines(markdown)
    assert markdown.startswith(f"**{label('targets_caption', lang)}**\n\n")
    assert len(lines) == 2 + len(POLICY.plans)
    for plan in POLICY.plans:
        row = next(line for line in lines if line.startswith(f"| {plan.name(lang)} |"))
        for priority in POLICY.priorities:
            hours = POLICY.response_target_hours.get((plan.id, priority.id))
            assert (hours_text(hours, lang) if hours else label("not_stated", lang)) in row
    assert "<" not in markdown


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_channels_as_markdown_hold_every_phone_number_and_the_request_form(lang):
    markdown = to_markdown(render_channels(POLICY, lang))
    for phone in POLICY.phone_numbers:
        assert f"[{phone.number.replace(' ', chr(0xa0))}]({phone.tel_uri})" in markdown
    form = next(channel for channel in POLICY.channels if channel.kind == "web_form")
    assert f"({form.url})" in markdown
    assert "<" not in markdown


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_picker_as_markdown_is_its_tables_without_its_form_or_messages(lang):
    markdown = to_markdown(render_picker(POLICY, lang))
    tables = to_markdown(render_channels(POLICY, lang)) + "\n\n" + to_markdown(render_response_targets(POLICY, lang))
    assert markdown == f"**{label('picker_tables', lang)}**\n\n{tables}"
    for words in (label("picker_plan", lang), label("picker_loading", lang), label("picker_noscript", lang)):
        assert words not in markdown


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_markdown_output_of_a_renderer_is_kept_and_its_html_blocks_converted(lang):
    markdown = to_markdown(render_priorities(POLICY, lang) + "\n" + render_priority_guide(POLICY, lang))
    assert f"## {label('priority_n', lang, n=1)}\u00a0— {POLICY.priorities[0].name(lang).lower()} {{ #p1 }}" in markdown
    assert "<ol" not in markdown and "\n1. " in markdown
    changelog = to_markdown(render_changelog(load_changelog(), lang))
    assert "<table" not in changelog and f"| {label('changelog_fact', lang)} |" in changelog


# ─── a page's copy ───────────────────────────────────────────────────────────

# A copy of an English page at en/response-time/ whose link to priority-levels.md has a copy.
def _copy(source: str) -> str:
    copies = {"priority-levels.md": f"{SITE}en/priority-levels/index.md"}
    return page_copy(source, policy_renderers(POLICY, "en"),
                     lambda href: copy_link(href, site_url=SITE, page_url="en/response-time/", copy_of=copies.get))


def test_a_copy_fills_each_marker_with_its_renderer_s_markdown():
    copy = _copy("# Target response time\n\nIntro.\n\n<!-- policy:response-targets -->\n")
    assert copy == "# Target response time\n\nIntro.\n\n" + to_markdown(render_response_targets(POLICY, "en")) + "\n"


def test_a_copy_with_an_unknown_marker_fails_naming_it():
    with pytest.raises(MarkerError, match="policy:nothing"):
        _copy("<!-- policy:nothing -->")


def test_a_copy_drops_attr_lists_and_anchors_of_the_page_and_points_links_at_copies():
    copy = _copy("## Targets { #targets }\n\nSee [the levels](priority-levels.md#p1), [below](#targets), "
                 "[the feed](/policy/en/feed.xml){ type=\"application/atom+xml\" }, [Zoom](https://zoom.us/) "
                 "and [a file](data.csv).\n\n{: .note }\nText.\n")
    assert copy == ("## Targets\n\nSee [the levels](https://docs.example.org/policy/en/priority-levels/index.md), below, "
                    "[the feed](https://docs.example.org/policy/en/feed.xml), [Zoom](https://zoom.us/) "
                    "and [a file](https://docs.example.org/policy/en/response-time/data.csv).\n\nText.\n")


def test_a_copy_makes_markdown_of_html_that_a_hook_wrote_into_the_page_and_links_folders_to_copies():
    # As the pages of the policy's earlier versions are written: HTML blocks in the page's source.
    copy = _copy('# Version\n\n<div class="admonition" role="note"><p>Earlier: see <a href="/policy/en/versions/">'
                 'all versions</a> and <a href="../">the page above</a>.</p></div>\n\n'
                 '<table><tr><th>Plan</th></tr><tr><td>Pro</td></tr></table>\n')
    assert copy == ("# Version\n\nEarlier: see [all versions](https://docs.example.org/policy/en/versions/index.md) "
                    "and [the page above](https://docs.example.org/policy/en/index.md).\n\n"
                    "| Plan |\n| --- |\n| Pro |\n")


def test_a_copy_writes_characters_for_references_but_keeps_code_and_angle_brackets():
    copy = _copy("About 5&nbsp;MB &amp; more &lt;b&gt;.\n\n`&nbsp;` stays.\n\n```html\n&nbsp;<b>{ #x }</b>\n\n<i>y</i>\n```\n")
    assert copy == "About 5\u00a0MB & more &lt;b&gt;.\n\n`&nbsp;` stays.\n\n```html\n&nbsp;<b>{ #x }</b>\n\n<i>y</i>\n```\n"


def test_copy_addresses_sit_beside_the_pages():
    assert copy_url(SITE, "") == f"{SITE}index.md"
    assert copy_url(SITE, "en/support-hours/") == f"{SITE}en/support-hours/index.md"
    assert copy_url(SITE, "support-hours.html") == f"{SITE}support-hours.md"
    assert copy_path("index.html") == "index.md"
    assert copy_path("en/support-hours/index.html") == "en/support-hours/index.md"


def test_a_link_of_a_copy_to_a_source_no_page_has_keeps_its_place_on_the_site():
    assert copy_link("../README.md", site_url=SITE, page_url="en/x/", copy_of=lambda path: None) == \
        "https://docs.example.org/policy/en/README.md"
    assert copy_link("tel:+1650", site_url=SITE, page_url="", copy_of=lambda path: None) == "tel:+1650"


# ─── llms.txt ────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("lang", ["ru", "en"])
def test_llms_txt_has_the_site_a_one_line_summary_and_sections_of_links(lang):
    text = llms_txt(lang, "Support [policy]", "What the\npolicy covers.",
                    [Entry("Support hours", f"{SITE}support-hours/index.md", "When.")],
                    [Entry("policy.json", f"{SITE}policy.json", "Facts.")],
                    [Entry("English", f"{SITE}en/llms.txt")])
    assert text == (f"# Support [policy]\n\n> What the policy covers.\n\n{TEXTS['copies'][lang]}\n\n"
                    f"## {TEXTS['pages'][lang]}\n\n- [Support hours]({SITE}support-hours/index.md): When.\n\n"
                    f"## {TEXTS['data'][lang]}\n\n- [policy.json]({SITE}policy.json): Facts.\n\n"
                    f"## {TEXTS['languages'][lang]}\n\n- [English]({SITE}en/llms.txt)\n")


def test_llms_txt_escapes_brackets_in_a_title_and_leaves_out_an_empty_section():
    text = llms_txt("en", "S", "One line.", [Entry("A [b]", "u")], [], [])
    assert "- [A \\[b\\]](u)\n" in text and TEXTS["data"]["en"] not in text and text.endswith("(u)\n")


def test_llms_txt_s_own_russian_words_keep_a_dash_off_the_start_of_a_line():
    # Russian typography: a no-break space before a dash, never an ordinary one.
    assert [text for text in (TEXTS[key]["ru"] for key in TEXTS) if re.search(r" [—–]", text)] == []


def test_llms_txt_folds_lines_and_spaces_but_keeps_a_no_break_space():
    # The Russian site_description's no-break space before «—» (and a page's, inside a date)
    # is typography the translation check holds; folding the summary onto one line keeps it.
    text = llms_txt("ru", "S", "Политика\u00a0— каналы,\n   часы", [Entry("Версия", "u", "от 2\u00a0декабря\n2026")], [], [])
    assert "> Политика\u00a0— каналы, часы\n" in text and "- [Версия](u): от 2\u00a0декабря 2026\n" in text
