"""The plan picker's entry point in the browser (called by the Web Worker).

Takes the raw strings from the form or the address bar, never trusts them,
and returns JSON: {"ok": bool, "html": str}. The HTML is escaped by `render`.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from functools import cache
from html import escape

from .guide import BadPath
from .labels import label
from .load import load_policy
from .lookup import lookup
from .model import LANGS, Policy
from .render import render_answer, render_guide


@cache
def _policy() -> Policy:
    # Loaded on first use and kept: the wheel's data file never changes at run time.
    return load_policy()


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
    return _reply(True, render_answer(result, lang, now))


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


def _reply(ok: bool, html: str) -> str:
    return json.dumps({"ok": ok, "html": html})
