"""The plan picker's entry point in the browser (called by the Web Worker).

Takes the raw strings from the form or the address bar, never trusts them,
and returns JSON: {"ok": bool, "html": str, "times": [ISO 8601 in UTC]}. The HTML is
escaped by `render`; each of `times` is the `datetime` of a <time> in it, which the
page shows in the visitor's own zone. `link` also says what the form shows ("choice")
and, for a link it cannot read, the notice to show ("notice"): the page itself never
judges a value. Link values match without regard to ASCII case (`PRO`, `gb`); the choice is
the policy's own spelling.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from functools import cache
from html import escape
from string import ascii_lowercase, ascii_uppercase
from urllib.parse import parse_qs

from .guide import BadPath
from .labels import label
from .load import default_policy_path, parse_policy
from .lookup import lookup
from .model import LANGS, Policy
from .render import answer_deadline, iso_time, render_answer, render_guide


@cache
def _policy() -> Policy:
    # Loaded on first use and kept: the data file never changes at run time. Read through
    # this module's loader: in the browser the package lives in a zip archive (zipimport),
    # which open() cannot read; in CPython the loader reads the file beside this one.
    path = default_policy_path()
    return parse_policy(__loader__.get_data(path).decode("utf-8"), path)


def warm_up() -> None:
    """Load and check the policy before the first question, while the page is idle."""
    _policy()


# The address's parameters, each at most once; any other parameter is left alone.
LINK_KEYS = ("plan", "priority", "country")

# A link's values match the policy's without regard to case, in ASCII letters only: a
# lookalike from another script (Cyrillic "о", the Kelvin sign "K") names nothing in the
# policy, so it must not fold into a value that does.
_FOLD = str.maketrans(ascii_uppercase, ascii_lowercase)


def answer(plan: str, priority: str, country: str, lang: str, now_ms: float) -> str:
    """The answer to the form's values, which are the policy's own spellings (see _known)."""
    lang = lang if lang in LANGS else "en"
    return json.dumps(_answer({"plan": plan, "priority": priority, "country": country}, lang, now_ms))


def link(query: str, lang: str, now_ms: float) -> str:
    """The answer to the address's query string (`location.search`, raw), with the form's
    choice. What the link names well is kept; a value given twice or not the policy's is left
    out of the form (country: all countries) and the notice names it, never repeating it.
    A link without plan or priority, or with one left out, asks for them."""
    lang = lang if lang in LANGS else "en"
    params = parse_qs(query.removeprefix("?"), keep_blank_values=True)
    read = {key: _read(key, params.get(key, [])) for key in LINK_KEYS}
    choice = {key: value or "" for key, value in read.items()}
    unread = [key for key, value in read.items() if value is None]
    return json.dumps(_answer(choice, lang, now_ms) | {"choice": choice, "notice": _notice(unread, lang)})


def _read(key: str, given: list[str]) -> str | None:
    """The policy's spelling of the link's value for `key`: "" when the link does not name it,
    None when it names it twice or names nothing the policy has."""
    if not given:
        return ""
    if len(given) > 1:
        return None
    return _allowed()[key].get(given[0].translate(_FOLD))


def _notice(unread: list[str], lang: str) -> str:
    """The sentence naming the link's parameters that were not used (by name, never by value,
    which could be anything), and, for the country, what the form shows instead."""
    if not unread:
        return ""
    names = [label(f"link_{key}", lang) for key in unread]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {label('link_and', lang)} {names[-1]}"
    sentences = [label("link_unrecognised", lang, names=listed)]
    if "country" in unread:
        sentences.append(label("link_all_countries", lang))
    return escape(" ".join(sentences))


@cache
def _allowed() -> dict[str, dict[str, str]]:
    """Each link key's values, by their ASCII-lowercase form: the policy's plans, priorities
    and countries ("" is no country, as the form's first option). Made once, like the policy
    it comes from."""
    policy = _policy()
    spellings = {
        "plan": [p.id for p in policy.plans],
        "priority": [str(p.id) for p in policy.priorities],
        "country": [p.country for p in policy.phone_numbers] + [""],
    }
    return {key: {value.translate(_FOLD): value for value in values} for key, values in spellings.items()}


def _known(values: dict[str, str]) -> bool:
    """Whether each value names a plan, a priority or a country of the policy, spelled as the
    policy spells it: the form sends nothing else, so any other spelling came from a tampered
    page and is refused (only links forgive case)."""
    return all(value in _allowed()[key].values() for key, value in values.items())


def _answer(values: dict[str, str], lang: str, now_ms: float) -> dict:
    plan, priority, country = (values[key] for key in LINK_KEYS)
    if not plan or not priority:
        return _reply(False, f"<p>{escape(label('choose', lang))}</p>")
    if not _known({"plan": plan, "priority": priority, "country": country}):
        return _reply(False, f"<p>{escape(label('invalid_link', lang))}</p>")
    # Without tz this is a naive local time, which render converts to the same UTC instant:
    # mutating it changes nothing (tested under another zone in test_browser.py).
    now = datetime.fromtimestamp(now_ms / 1000, tz=timezone.utc)  # pragma: no mutate
    result = lookup(_policy(), plan, int(priority), country or None)
    deadline = answer_deadline(result, now)
    return _reply(True, render_answer(result, lang, now), [] if deadline is None else [iso_time(deadline)])


def guide(path: str, lang: str) -> str:
    """The priority guide after the answers in `path` (a JSON list of answer indexes).
    A path that does not fit the questions starts the guide over."""
    lang = lang if lang in LANGS else "en"
    try:
        indexes = json.loads(path)
        if not isinstance(indexes, list):  # a path longer than the guide fails its walk
            raise BadPath(path)  # pragma: no mutate (never shown: caught below)
        html, priority = render_guide(_policy(), indexes, lang)
    except (ValueError, BadPath):
        html, priority = render_guide(_policy(), [], lang)
    return json.dumps({"ok": True, "html": html, "priority": priority})


def _reply(ok: bool, html: str, times: list[str] | None = None) -> dict:
    return {"ok": ok, "html": html, "times": times or []}
