"""The build's door into the package: each policy marker on a page is replaced by its
renderer's output, and an unknown marker or language fails naming the page and the fix."""

from __future__ import annotations

import pytest

from support_policy import load_policy
from support_policy.render import render_channels, render_priorities, render_support_hours
from support_policy.site import MARKER_RE, RENDERERS, MarkerError, fill_markers, policy_renderers

POLICY = load_policy()


def test_each_marker_is_replaced_by_its_renderer_called_with_its_argument():
    calls = []

    def render(argument):
        calls.append(argument)
        return f"[{argument}]"

    page = "Intro\n<!-- policy:picker on-demand -->\nmiddle <!--policy:picker-->\n<!--  policy:other  -->"
    out = fill_markers(page, {"picker": render, "other": lambda argument: "OTHER"})
    assert out == "Intro\n[on-demand]\nmiddle [None]\nOTHER"
    assert calls == ["on-demand", None]


def test_a_page_without_markers_is_left_as_it_is():
    assert fill_markers("<!-- a comment -->\n<!-- policy: -->", {}) == "<!-- a comment -->\n<!-- policy: -->"


def test_an_unknown_marker_names_the_page_and_every_known_marker():
    with pytest.raises(MarkerError) as caught:
        fill_markers("x <!-- policy:chanels --> y", {"priorities": str, "channels": str}, "support-hours.md")
    assert str(caught.value) == ("support-hours.md: unknown marker <!-- policy:chanels -->. "
                                 "Fix: use one of <!-- policy:channels -->, <!-- policy:priorities -->")
    with pytest.raises(MarkerError, match=r"^page: unknown marker"):
        fill_markers("<!-- policy:nope -->", {})


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_packages_markers_render_the_policy_in_the_pages_language(lang):
    renderers = policy_renderers(POLICY, lang)
    assert set(renderers) == {"channels", "response-targets", "priorities", "priority-guide", "support-hours"}
    assert renderers["channels"](None) == render_channels(POLICY, lang)
    assert renderers["priorities"]("ignored") == render_priorities(POLICY, lang)
    page = fill_markers("# Hours\n\n<!-- policy:support-hours -->\n", renderers, "support-hours.md")
    assert page == f"# Hours\n\n{render_support_hours(POLICY, lang)}\n"
    assert {name: render(POLICY, lang) for name, render in RENDERERS.items()} == {
        name: render(None) for name, render in renderers.items()}


def test_a_page_in_another_language_is_refused():
    with pytest.raises(MarkerError) as caught:
        policy_renderers(POLICY, "de", "index.de.md")
    assert str(caught.value) == "index.de.md: language 'de' is not one of ru, en"
    with pytest.raises(MarkerError, match=r"^page: language"):
        policy_renderers(POLICY, "fr")


def test_the_marker_pattern_takes_a_name_and_one_optional_argument():
    assert MARKER_RE.fullmatch("<!-- policy:picker on-demand -->").groups() == ("picker", "on-demand")
    assert MARKER_RE.fullmatch("<!--policy:support-hours-->").groups() == ("support-hours", None)
    assert MARKER_RE.fullmatch("<!-- policy:Picker -->") is None
