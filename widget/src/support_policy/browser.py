"""The plan picker's entry point in the browser (called by the Web Worker).

Takes the raw strings from the form or the address bar, never trusts them,
and returns JSON: {"ok": bool, "html": str, "times": [ISO 8601 in UTC]}. The HTML is
escaped by `render`; each of `times` is the `datetime` of a <time> in it, which the
page shows in the visitor's own zone.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from functools import cache
from html import escape

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


def answer(plan: str, priority: str, country: str, lang: str, now_ms: float) -> str:
    lang = lang if lang in LANGS else "en"
    policy = _policy()
    plans = {p.id for p in policy.plans}
    priorities = {str(p.id): p.id for p in policy.priorities}
    countries = {p.country for p in policy.phone_numbers}
    if not plan or not priority:
        return _reply(False, f"<p>{escape(label('choose', lang))}</p>")
    if plan not in plans or priority not in priorities or (country and country not in countries):
        return _reply(False, f"<p>{escape(label('invalid_link', lang))}</p>")
    now = datetime.fromtimestamp(now_ms / 1000, tz=timezone.utc)
    result = lookup(policy, plan, priorities[priority], country or None)
    deadline = answer_deadline(result, now)
    return _reply(True, render_answer(result, lang, now), [] if deadline is None else [iso_time(deadline)])


def guide(path: str, lang: str) -> str:
    """The priority guide after the answers in `path` (a JSON list of answer indexes).
    A path that does not fit the questions starts the guide over."""
    lang = lang if lang in LANGS else "en"
    try:
        indexes = json.loads(path)
        if not isinstance(indexes, list) or len(indexes) > 32:
            raise BadPath("not a list of answers")
        html, priority = render_guide(_policy(), indexes, lang)
    except (ValueError, BadPath):
        html, priority = render_guide(_policy(), [], lang)
    return json.dumps({"ok": True, "html": html, "priority": priority})


def _reply(ok: bool, html: str, times: list[str] | None = None) -> str:
    return json.dumps({"ok": ok, "html": html, "times": times or []})
