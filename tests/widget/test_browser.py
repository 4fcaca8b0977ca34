"""The picker's entry points (support_policy.browser) in CPython: every plan × priority ×
country × language (through a link too, in any ASCII case), every way a deep link can be
wrong and what its notice then names, and the guide's hostile paths.
The browser tests (tests/browser/test_picker*.py, test_hostile.py) keep a few navigations
each to prove the wiring: the page sends the raw strings here and shows what comes back."""

from __future__ import annotations

import json
import random
from collections import Counter
from html import escape, unescape
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
def test_the_answer_is_the_same_through_a_link_in_any_case(lang):
    spellings = [str, str.upper, str.lower, str.title]  # "pro", "PRO", "gb", "Gb", ...
    for plan in PLANS:
        for priority in PRIORITIES:
            for country in ["", *COUNTRIES]:
                direct = reply(browser.answer(plan, priority, country, lang, NOW_MS))
                for spell in spellings:
                    values = {"plan": spell(plan), "priority": priority} | ({"country": spell(country)} if country else {})
                    linked = reply(browser.link(f"?{urlencode(values)}", lang, NOW_MS))
                    # The form shows the policy's own spelling, whatever the link's.
                    assert linked.pop("choice") == {"plan": plan, "priority": priority, "country": country}
                    assert linked.pop("notice") == ""
                    assert linked == direct


def test_a_missing_choice_asks_for_it_and_an_unknown_language_falls_back_to_english():
    for plan, priority in [("", ""), ("pro", ""), ("", "1")]:
        data = reply(browser.answer(plan, priority, "", "ru", NOW_MS))
        assert data == {"ok": False, "html": f"<p>{label('choose', 'ru')}</p>", "times": []}
    assert reply(browser.answer("", "", "", "fr", NOW_MS))["html"] == f"<p>{label('choose', 'en')}</p>"


def test_answer_refuses_what_the_form_never_sends():
    """The form sends the policy's spellings only; answer() stays strict (links forgive case)."""
    for plan, priority, country in [("enterprise", "1", ""), ("pro", "9", ""), ("pro", "1", "XX"), ("PRO", "1", ""),
                                    ("pro", "1", "gb")]:
        data = reply(browser.answer(plan, priority, country, "en", NOW_MS))
        assert data == {"ok": False, "html": f"<p>{label('invalid_link', 'en')}</p>", "times": []}


# ─── deep links ──────────────────────────────────────────────────────────────

VALID = {"plan": PLANS, "priority": PRIORITIES, "country": COUNTRIES}
# The notice for each set of parameters a link names wrongly, written out (both languages),
# so that a wording or joining mistake cannot pass by agreeing with labels.py.
NOTICE = {
    "ru": {
        ("plan",): "Не удалось распознать план в ссылке.",
        ("priority",): "Не удалось распознать приоритет в ссылке.",
        ("country",): "Не удалось распознать страну в ссылке. Вместо этого выбраны все страны.",
        ("plan", "priority"): "Не удалось распознать план и приоритет в ссылке.",
        ("plan", "country"): "Не удалось распознать план и страну в ссылке. Вместо этого выбраны все страны.",
        ("priority", "country"): "Не удалось распознать приоритет и страну в ссылке. Вместо этого выбраны все страны.",
        ("plan", "priority", "country"):
            "Не удалось распознать план, приоритет и страну в ссылке. Вместо этого выбраны все страны.",
    },
    "en": {
        ("plan",): "The link's plan could not be recognised.",
        ("priority",): "The link's priority could not be recognised.",
        ("country",): "The link's country could not be recognised. All countries are selected instead.",
        ("plan", "priority"): "The link's plan and priority could not be recognised.",
        ("plan", "country"): "The link's plan and country could not be recognised. All countries are selected instead.",
        ("priority", "country"):
            "The link's priority and country could not be recognised. All countries are selected instead.",
        ("plan", "priority", "country"):
            "The link's plan, priority and country could not be recognised. All countries are selected instead.",
    },
}


def notice(bad: tuple[str, ...], lang: str) -> str:
    """The notice as the page receives it: escaped ("" when the link names nothing wrongly)."""
    return escape(NOTICE[lang][bad]) if bad else ""


def choose(lang: str) -> str:
    return f"<p>{escape(label('choose', lang))}</p>"


# Payloads set window.__xss if they ever run; none may reach the page as markup.
SCRIPTS = [
    "<script>window.__xss=1</script>", '"><img src=x onerror="window.__xss=1">', "javascript:window.__xss=1",
    "<svg onload=window.__xss=1>", "'-window.__xss=1-'", "${window.__xss=1}", "{{constructor.constructor('window.__xss=1')()}}",
    "</script><script>window.__xss=1</script>", '<a href="javascript:window.__xss=1">x</a>', "<iframe srcdoc='x'>",
]
ODD = [
    "", " ", "+", "pro ", " pro", "PRO", "Pro", "BUSINESS", "pro\u200b", "prо",  # the last has a Cyrillic "о"
    "ＰＲＯ", "buſineſs", "ᴜs", "Gb", "uS",  # fullwidth; long s (casefold makes it "s"); small capital U
    "１", "٢", "२", "３", "1.0", "01", "-1", "0", "5", "1e0", "0x1", "NaN", "undefined", "null", "true",
    "__proto__", "constructor", "toString", "business%00", "%", "%%", "%E0%A4%A", "\r\nX-Injected: 1",
    "😀", "\u202eorp", "free;priority=1", "free&priority=1", "US,GB", "us", "XX",
    "a" * 5000, "1" * 2000,
]


def generated_links(count: int = 400) -> list[tuple[str, list[tuple[str, str]]]]:
    """Deterministic mix of payloads, odd values, long values, repeats and omissions: each
    query with the (key, value) pairs it was made of, before percent-encoding."""
    rng = random.Random(20261125)
    pool = SCRIPTS + ODD
    links: dict[str, list[tuple[str, str]]] = {}
    while len(links) < count:
        pairs = []
        for key in ("plan", "priority", "country"):
            roll = rng.random()
            if roll < 0.15:
                continue  # missing
            values = [rng.choice(pool) if rng.random() < 0.7 else rng.choice(VALID[key])]
            if rng.random() < 0.15:
                values.append(rng.choice(pool + VALID[key]))  # repeated parameter
            pairs += [(key, value) for value in values]
        if rng.random() < 0.1:
            pairs.append((rng.choice(["lang", "q", "plan[]", "<x>"]), rng.choice(SCRIPTS)))
        rng.shuffle(pairs)
        links.setdefault("&".join(f"{quote(key, safe='')}={quote(value, safe='')}" for key, value in pairs), pairs)
    return list(links.items())


LINKS = generated_links()


def same_but_for_ascii_case(value: str, spelling: str) -> bool:
    return len(value) == len(spelling) and all(
        a == b or (a.isascii() and b.isascii() and a.lower() == b.lower()) for a, b in zip(value, spelling))


def expected(pairs: list[tuple[str, str]]) -> tuple[dict[str, str], tuple[str, ...]]:
    """The rule, stated independently of browser.link: a key given once with a value that is
    the policy's up to ASCII case is kept in the policy's spelling (an empty country is the
    form's "all countries"); a key given twice or with any other value is left out of the
    form and named; a key not given is left empty and not named."""
    choice, bad = {}, []
    for key in ("plan", "priority", "country"):
        values = [value for name, value in pairs if name == key]
        allowed = VALID[key] + ([""] if key == "country" else [])
        found = [spelling for spelling in allowed if len(values) == 1 and same_but_for_ascii_case(values[0], spelling)]
        choice[key] = found[0] if found else ""
        if values and not found:
            bad.append(key)
    return choice, tuple(bad)


@pytest.mark.parametrize("lang", LANGS)
def test_hostile_links_are_answered_never_raised_or_injected(lang):
    kinds = Counter(expected(pairs)[1] for _, pairs in LINKS)
    # Every kind of link, each many times: understood, and each set of names the notice can list.
    assert set(kinds) == {(), *NOTICE[lang]} and min(kinds.values()) >= 10, kinds
    folded = 0
    for query, pairs in LINKS:
        data = reply(browser.link(query, lang, NOW_MS))
        choice, bad = expected(pairs)
        assert_safe(data["html"], query)
        assert_safe(data["notice"], query)
        assert data.pop("choice") == choice, query
        assert data.pop("notice") == notice(bad, lang), query
        if choice["plan"] and choice["priority"]:
            assert data == reply(browser.answer(*choice.values(), lang, NOW_MS)), query
        else:
            assert data == {"ok": False, "html": choose(lang), "times": []}, query
        folded += any(choice[key] and value != choice[key] for key, value in pairs if key in choice)
    assert folded >= 10  # links whose case was forgiven for a value they kept


@pytest.mark.parametrize(
    ("query", "choice"),
    [
        ("", {"plan": "", "priority": "", "country": ""}),
        ("?utm_source=mail&plan=pro", {"plan": "pro", "priority": "", "country": ""}),  # others are left alone
        ("country=AU", {"plan": "", "priority": "", "country": "AU"}),
        ("country=au", {"plan": "", "priority": "", "country": "AU"}),
        ("plan=api&priority=1&country=", {"plan": "api", "priority": "1", "country": ""}),
        ("priority=2&plan=education", {"plan": "education", "priority": "2", "country": ""}),
        ("priority=2&plan=EDUCATION", {"plan": "education", "priority": "2", "country": ""}),
    ],
)
def test_partial_links_fill_what_they_name(query, choice):
    data = reply(browser.link(query, "en", NOW_MS))
    assert data["choice"] == choice and data["notice"] == ""
    assert data["ok"] == bool(choice["plan"] and choice["priority"])


def form(plan: str = "", priority: str = "", country: str = "") -> dict[str, str]:
    return {"plan": plan, "priority": priority, "country": country}


# (query, what the form shows, the parameters the notice names, values it must never repeat)
FORGIVEN = [
    # any ASCII case, answered in the policy's spelling
    ("plan=PRO&priority=2&country=gb", form("pro", "2", "GB"), (), []),
    ("plan=Business&priority=1&country=Us", form("business", "1", "US"), (), []),
    ("PLAN=pro&priority=1", form(priority="1"), (), []),  # only values forgive case: "PLAN" is another parameter
    # an unknown or repeated country: the answer for every country
    ("plan=pro&priority=2&country=zz", form("pro", "2"), ("country",), ["zz"]),
    ("plan=PRO&priority=2&country=ZZ", form("pro", "2"), ("country",), ["zz"]),
    ("plan=business&priority=1&country=US&country=GB", form("business", "1"), ("country",), []),
    ("plan=api&priority=3&country=GB&country=GB", form("api", "3"), ("country",), []),
    ("plan=api&priority=3&country=%EF%BC%A7%EF%BC%A2", form("api", "3"), ("country",), ["ＧＢ"]),  # fullwidth
    # one unknown or repeated plan or priority: the known ones stay
    ("plan=enterprise&priority=1", form("", "1"), ("plan",), ["enterprise"]),
    ("plan=enterprise&priority=1&country=gb", form("", "1", "GB"), ("plan",), ["enterprise"]),
    ("plan=pro&plan=free&priority=1", form("", "1"), ("plan",), []),
    ("plan=&priority=4", form("", "4"), ("plan",), []),
    ("plan=pr%D0%BE&priority=1", form("", "1"), ("plan",), ["prо"]),  # a Cyrillic "о"
    ("plan=bu%C5%BFine%C5%BFs&priority=1", form("", "1"), ("plan",), ["buſineſs"]),  # long s folds to "s" in casefold
    ("plan=pro&priority=9", form("pro"), ("priority",), ["9"]),
    ("plan=Pro&priority=%D9%A1&country=AU", form("pro", "", "AU"), ("priority",), ["١"]),  # an Arabic-Indic one
    ("plan=pro&priority=1&priority=1", form("pro"), ("priority",), []),
    ("priority=0", form(), ("priority",), ["0"]),
    # both, and the country too
    ("plan=enterprise&priority=9&country=GB", form(country="GB"), ("plan", "priority"), ["enterprise", "9"]),
    ("plan=enterprise&country=XX&priority=2", form(priority="2"), ("plan", "country"), ["enterprise", "xx"]),
    ("plan=free&priority=7&country=xx", form("free"), ("priority", "country"), ["7", "xx"]),
    ("plan=zzplan&priority=7&country=zz&country=zz", form(), ("plan", "priority", "country"), ["zzplan", "7", "zz"]),
    ("country=zz", form(), ("country",), ["zz"]),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("query", "choice", "bad", "unsaid"), FORGIVEN)
def test_a_link_keeps_what_it_names_well_and_the_notice_names_the_rest(query, choice, bad, unsaid, lang):
    data = reply(browser.link(query, lang, NOW_MS))
    said = data.pop("notice")
    assert said == notice(bad, lang)
    assert data.pop("choice") == choice
    if choice["plan"] and choice["priority"]:  # answered for what the form shows (every country if none)
        assert data == reply(browser.answer(*choice.values(), lang, NOW_MS))
        assert data["ok"] is True
    else:  # the answer's place asks for what is missing
        assert data == {"ok": False, "html": choose(lang), "times": []}
    for value in unsaid:
        assert value.lower() not in unescape(said).lower()


@pytest.mark.parametrize("lang", LANGS)
def test_the_notice_names_parameters_never_their_values(lang):
    marker = "Zq7marker"
    for query in [f"plan={marker}&priority=1", f"plan=pro&priority={marker}", f"plan=pro&priority=1&country={marker}",
                  f"plan=pro&priority=1&country=US&country={marker}"]:
        data = browser.link(query, lang, NOW_MS)
        assert marker.lower() not in data.lower(), query
        assert reply(data)["notice"], query


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
        assert reply(browser.link("plan=nope", lang, NOW_MS))["notice"] == notice(("plan",), lang)
        whole = json.dumps(reply(browser.link("plan=nope", lang, NOW_MS)), ensure_ascii=False)
        assert NOTICE[other][("plan",)] not in unescape(whole)
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
