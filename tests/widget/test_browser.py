"""The picker's entry points (support_policy.browser) in CPython: every plan × priority ×
country × language, every way a deep link can be wrong, and the guide's hostile paths.
The browser tests (tests/browser/test_picker*.py, test_hostile.py) keep a few navigations
each to prove the wiring: the page sends the raw strings here and shows what comes back."""

from __future__ import annotations

import json
import random
from html import escape
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from urllib.parse import quote, urlencode

import pytest

from support_policy import browser, load_policy
from support_policy.labels import label

POLICY = load_policy()
PLANS = [p.id for p in POLICY.plans]
PRIORITIES = [str(p.id) for p in POLICY.priorities]
COUNTRIES = [p.country for p in POLICY.countries()]
LANGS = ["ru", "en"]
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=timezone.utc)
NOW_MS = NOW.timestamp() * 1000

# What the seed says, written out here rather than read from the data file, so that a data
# or rendering mistake cannot pass by agreeing with itself.
PHONE_PLANS = {"business", "education", "api"}
CHAT_PLANS = {"pro", "business", "education", "api"}
TARGET_TEXT = {"ru": {"1": "1\u00a0час", "2": "4\u00a0часа", "3": "24\u00a0часа", "4": "24\u00a0часа"},
               "en": {"1": "1\u00a0hour", "2": "4\u00a0hours", "3": "24\u00a0hours", "4": "24\u00a0hours"}}
TARGET_HOURS = {"1": 1, "2": 4, "3": 24, "4": 24}
NO_TARGET = {"ru": "политика не указывает целевое время", "en": "policy states no target response time"}
PHONES = {"US": 2, "AU": 1, "GB": 2}
REQUEST_FORM = "https://support.zoom.us/hc/en-us/requests/new"


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text, of an HTML fragment."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text = ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text += data

    def hrefs(self, prefix: str = "") -> list[str]:
        return [a["href"] for tag, a in self.tags if tag == "a" and (a.get("href") or "").startswith(prefix)]


# The only markup an answer, a notice or the guide may hold: the renderers' own.
SAFE_TAGS = {"p", "strong", "ul", "li", "a", "time", "span", "blockquote", "fieldset", "legend", "button", "div", "ol"}


def assert_safe(html: str, where: str) -> None:
    for tag, attrs in Tags(html).tags:
        assert tag in SAFE_TAGS, (where, tag)
        for name, value in attrs.items():
            assert not name.startswith("on"), (where, tag, name)
            assert not (value or "").lower().lstrip().startswith("javascript:"), (where, tag, value)
    assert "__xss" not in html, where


def reply(raw: str) -> dict:
    data = json.loads(raw)
    assert isinstance(data["ok"], bool) and isinstance(data["html"], str) and isinstance(data["times"], list)
    return data


# ─── every answer ────────────────────────────────────────────────────────────

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("country", ["", *COUNTRIES])
@pytest.mark.parametrize("priority", PRIORITIES)
@pytest.mark.parametrize("plan", PLANS)
def test_every_answer(plan, priority, country, lang):
    data = reply(browser.answer(plan, priority, country, lang, NOW_MS))
    assert data["ok"] is True
    html = Tags(data["html"])
    text = html.text
    assert_safe(data["html"], plan)
    title = POLICY.plan(plan).name(lang)
    assert title in text and label("priority_n", lang, n=int(priority)).lower() in text.lower()
    if plan == "free":
        assert NO_TARGET[lang] in text
        assert data["times"] == [] and "<time" not in data["html"]
    else:
        assert TARGET_TEXT[lang][priority] in text
        deadline = NOW + timedelta(hours=TARGET_HOURS[priority])
        assert data["times"] == [deadline.strftime("%Y-%m-%dT%H:%M:%SZ")]
        assert f'<time datetime="{data["times"][0]}" data-local-time>' in data["html"]
    assert html.hrefs("https://") == [REQUEST_FORM]
    assert (("чат" if lang == "ru" else "chat") in text.lower()) == (plan in CHAT_PLANS)
    phones = html.hrefs("tel:")
    expected_phones = (PHONES[country] if country else sum(PHONES.values())) if plan in PHONE_PLANS else 0
    assert len(phones) == expected_phones
    assert all(href.endswith(",2") for href in phones)  # the support extension, dialled
    # Priority 1 names the round-the-clock resources, where there is a phone to call.
    assert ('class="pp-answer__call-first"' in data["html"]) == (priority == "1" and plan in PHONE_PLANS)


@pytest.mark.parametrize("lang", LANGS)
def test_the_answer_is_the_same_through_a_link(lang):
    for plan in PLANS:
        for priority in PRIORITIES:
            for country in ["", *COUNTRIES]:
                query = urlencode({"plan": plan, "priority": priority} | ({"country": country} if country else {}))
                linked = reply(browser.link(f"?{query}", lang, NOW_MS))
                direct = reply(browser.answer(plan, priority, country, lang, NOW_MS))
                assert linked.pop("choice") == {"plan": plan, "priority": priority, "country": country}
                assert linked.pop("notice") == ""
                assert linked == direct


def test_a_missing_choice_asks_for_it_and_an_unknown_language_falls_back_to_english():
    for plan, priority in [("", ""), ("pro", ""), ("", "1")]:
        data = reply(browser.answer(plan, priority, "", "ru", NOW_MS))
        assert data == {"ok": False, "html": f"<p>{label('choose', 'ru')}</p>", "times": []}
    assert reply(browser.answer("", "", "", "fr", NOW_MS))["html"] == f"<p>{label('choose', 'en')}</p>"


def test_answer_refuses_what_the_form_never_sends():
    for plan, priority, country in [("enterprise", "1", ""), ("pro", "9", ""), ("pro", "1", "XX"), ("PRO", "1", "")]:
        data = reply(browser.answer(plan, priority, country, "en", NOW_MS))
        assert data == {"ok": False, "html": f"<p>{label('invalid_link', 'en')}</p>", "times": []}


# ─── deep links ──────────────────────────────────────────────────────────────

VALID = {"plan": PLANS, "priority": PRIORITIES, "country": COUNTRIES}
# Payloads set window.__xss if they ever run; none may reach the page as markup.
SCRIPTS = [
    "<script>window.__xss=1</script>", '"><img src=x onerror="window.__xss=1">', "javascript:window.__xss=1",
    "<svg onload=window.__xss=1>", "'-window.__xss=1-'", "${window.__xss=1}", "{{constructor.constructor('window.__xss=1')()}}",
    "</script><script>window.__xss=1</script>", '<a href="javascript:window.__xss=1">x</a>', "<iframe srcdoc='x'>",
]
ODD = [
    "", " ", "+", "pro ", " pro", "PRO", "Pro", "pro\u200b", "prо",  # the last has a Cyrillic "о"
    "１", "٢", "२", "３", "1.0", "01", "-1", "0", "5", "1e0", "0x1", "NaN", "undefined", "null", "true",
    "__proto__", "constructor", "toString", "business%00", "%", "%%", "%E0%A4%A", "\r\nX-Injected: 1",
    "😀", "\u202eorp", "free;priority=1", "free&priority=1", "US,GB", "us", "XX",
    "a" * 5000, "1" * 2000,
]


def generated_queries(count: int = 400) -> list[str]:
    """Deterministic mix of payloads, odd values, long values, repeats and omissions."""
    rng = random.Random(20261125)
    pool = SCRIPTS + ODD
    queries = []
    while len(queries) < count:
        parts = []
        for key in ("plan", "priority", "country"):
            roll = rng.random()
            if roll < 0.15:
                continue  # missing
            values = [rng.choice(pool) if rng.random() < 0.7 else rng.choice(VALID[key])]
            if rng.random() < 0.15:
                values.append(rng.choice(pool + VALID[key]))  # repeated parameter
            parts += [f"{key}={quote(value, safe='')}" for value in values]
        if rng.random() < 0.1:
            parts.append(f"{rng.choice(['lang', 'q', 'plan[]', '%3Cx%3E'])}={quote(rng.choice(SCRIPTS), safe='')}")
        rng.shuffle(parts)
        queries.append("&".join(parts))
    return list(dict.fromkeys(queries))


QUERIES = generated_queries()


def understood(query: str) -> bool:
    """The rule, stated independently of browser.link: each key at most once, each value known
    (an empty country is the form's "all countries")."""
    seen: dict[str, list[str]] = {}
    for part in query.split("&"):
        key, _, value = part.partition("=")
        if key in VALID:
            seen.setdefault(key, []).append(value)
    for key, values in seen.items():
        if len(values) > 1:
            return False
        allowed = VALID[key] + ([""] if key == "country" else [])
        if values[0] not in [quote(v, safe="") for v in allowed]:
            return False
    return True


@pytest.mark.parametrize("lang", LANGS)
def test_hostile_links_are_answered_never_raised_or_injected(lang):
    escape_label = escape(label("invalid_link", lang))
    good = [query for query in QUERIES if understood(query)]
    assert len(good) >= 10 and len(QUERIES) - len(good) >= 300  # both kinds, the bad in the hundreds
    for query in QUERIES:
        data = reply(browser.link(query, lang, NOW_MS))
        choice = data["choice"]
        assert set(choice) == {"plan", "priority", "country"}, query
        assert_safe(data["html"], query)
        assert_safe(data["notice"], query)
        if understood(query):
            assert data["notice"] == "", query
            assert all(value == "" or value in VALID[key] for key, value in choice.items()), query
            assert data["ok"] == bool(choice["plan"] and choice["priority"]), query
        else:
            assert data["notice"] == escape_label, query
            assert choice == {"plan": "", "priority": "", "country": ""}, query
            assert data["ok"] is False and data["html"] == f"<p>{escape(label('choose', lang))}</p>", query


@pytest.mark.parametrize(
    ("query", "choice"),
    [
        ("", {"plan": "", "priority": "", "country": ""}),
        ("?utm_source=mail&plan=pro", {"plan": "pro", "priority": "", "country": ""}),  # others are left alone
        ("country=AU", {"plan": "", "priority": "", "country": "AU"}),
        ("plan=api&priority=1&country=", {"plan": "api", "priority": "1", "country": ""}),
        ("priority=2&plan=education", {"plan": "education", "priority": "2", "country": ""}),
    ],
)
def test_partial_links_fill_what_they_name(query, choice):
    data = reply(browser.link(query, "en", NOW_MS))
    assert data["choice"] == choice and data["notice"] == ""
    assert data["ok"] == bool(choice["plan"] and choice["priority"])


@pytest.mark.parametrize(
    "query",
    ["plan=enterprise&priority=1", "plan=pro&priority=9", "plan=pro&plan=free&priority=1", "plan=pro&priority=%D9%A1",
     "plan=PRO&priority=1", "country=XX&plan=api&priority=1", "plan=&priority=1", "plan=pro&priority=1&country=US&country=GB"],
)
def test_invalid_links_empty_the_form_with_the_notice(query):
    for lang in LANGS:
        data = reply(browser.link(query, lang, NOW_MS))
        assert data["choice"] == {"plan": "", "priority": "", "country": ""}
        assert data["notice"] == escape(label("invalid_link", lang))
        assert data["ok"] is False


# ─── the guide ───────────────────────────────────────────────────────────────

@pytest.mark.parametrize(
    "path",
    ["", "[", "{}", '"0"', "null", "[true]", "[0.0]", "[-1]", "[99]", "[0, 0, 0, 0]", '["0"]', "[[0]]",
     json.dumps([1] * 33), json.dumps([0] * 100_000), "[0]" * 3, "1e999", '[0, "<script>"]'],
)
@pytest.mark.parametrize("lang", LANGS)
def test_a_path_that_does_not_fit_starts_the_guide_over(path, lang):
    data = json.loads(browser.guide(path, lang))
    start = json.loads(browser.guide("[]", lang))
    assert data == start
    assert data["priority"] is None
    assert_safe(data["html"], path)


def test_the_guide_ends_at_a_priority_and_the_language_falls_back_to_english():
    data = json.loads(browser.guide("[0, 0]", "xx"))
    assert data["ok"] is True and data["priority"] == 1
    assert "Your answers" in Tags(data["html"]).text


def test_each_entry_point_speaks_the_page_s_language_and_falls_back_to_english():
    for lang, other in [("ru", "en"), ("en", "ru")]:
        choose = f"<p>{escape(label('choose', lang))}</p>"
        assert reply(browser.answer("", "", "", lang, NOW_MS))["html"] == choose
        assert reply(browser.link("plan=nope", lang, NOW_MS))["notice"] == escape(label("invalid_link", lang))
        assert escape(label("invalid_link", other)) not in browser.link("plan=nope", lang, NOW_MS)
        assert json.loads(browser.guide("[]", lang))["html"] != json.loads(browser.guide("[]", other))["html"]
    for entry in (browser.link("plan=pro&priority=1", "xx", NOW_MS), browser.answer("pro", "1", "", "xx", NOW_MS)):
        assert reply(entry)["html"] == reply(browser.answer("pro", "1", "", "en", NOW_MS))["html"]
    assert json.loads(browser.guide("[]", "xx")) == json.loads(browser.guide("[]", "en"))


def test_the_deadline_is_in_utc_whatever_the_machine_s_zone(monkeypatch):
    """The worker's clock is the visitor's; Python's local zone must not shift the deadline."""
    import time
    expected = reply(browser.answer("pro", "2", "", "en", NOW_MS))["times"]
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        assert reply(browser.answer("pro", "2", "", "en", NOW_MS))["times"] == expected == ["2026-03-10T14:00:00Z"]
    finally:
        monkeypatch.undo()
        time.tzset()
