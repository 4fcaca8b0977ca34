"""The plan picker's entry point in the browser (called by the Web Worker).

Takes the raw strings from the form or the address bar, never trusts them,
and returns JSON: {"ok": bool, "html": str}. The HTML is escaped by `render`.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from functools import cache
from html import escape

from .labels import label
from .load import load_policy
from .lookup import lookup
from .model import LANGS, Policy
from .render import render_answer


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


def _reply(ok: bool, html: str) -> str:
    return json.dumps({"ok": ok, "html": html})
