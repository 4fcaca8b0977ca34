"""Read the policy data file and check it, so a docs writer's typo fails the build
with the file, the key and the fix, instead of producing a wrong page."""

from __future__ import annotations

import os
import re
import tomllib

from .model import (
    LANGS, Channel, GuideAnswer, GuideQuestion, Plan, Policy, PhoneNumber, Priority, SupportHours, Text,
)

NOT_STATED = "not stated"
CHANNEL_KINDS = ("web_form", "chat", "phone")
# "+" and a country code, then groups of digits separated by single spaces.
PHONE_RE = re.compile(r"^\+[1-9]\d{0,2}( \d{1,5})+$")
ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")  # ISO 3166-1 alpha-2
EXTENSION_RE = re.compile(r"^\d{1,6}$")


class PolicyError(ValueError):
    """The data file is malformed: says where, what and how to fix it."""

    def __init__(self, file: str, key: str, problem: str, fix: str) -> None:
        self.file, self.key, self.problem, self.fix = file, key, problem, fix
        super().__init__(f"{file}: {key}: {problem}. Fix: {fix}")


def default_policy_path() -> str:
    """The data file shipped inside this package (and inside its wheel).

    A plain path beside this module: importlib.resources would cost the browser
    a noticeable import at start-up for the same answer."""
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "policy.toml")


def read_text(path: str, error: type[PolicyError] = PolicyError, unreadable_fix: str = "check the path") -> str:
    """A data file's text, or `error` naming the file and what to do."""
    try:
        with open(path, encoding="utf-8") as file:  # pragma: no mutate (equivalent under a UTF-8 locale, the only one tests can set; codec names ignore case)
            return file.read()
    except OSError as err:
        raise error(path, "(file)", f"cannot be read ({err.strerror})", unreadable_fix) from err
    except UnicodeDecodeError as err:
        raise error(path, "(file)", "is not UTF-8 text", "save the file as UTF-8") from err


def parse_toml(text: str, file: str, error: type[PolicyError] = PolicyError) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise error(file, "(syntax)", f"is not valid TOML ({err})", "correct the TOML syntax at that line") from err


def load_policy(path: str | os.PathLike[str] | None = None) -> Policy:
    path = os.fspath(path) if path is not None else default_policy_path()
    return parse_policy(read_text(path), path)


def parse_policy(text: str, file: str = "policy.toml") -> Policy:
    return _Checker(file).policy(parse_toml(text, file))


class _Checker:
    """Turns the parsed TOML into a Policy, one section at a time."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, key: str, problem: str, fix: str) -> PolicyError:
        return PolicyError(self.file, key, problem, fix)

    # ─── generic shapes ──────────────────────────────────────────────────────

    def keys(self, table: object, key: str, required: set[str], optional: set[str] = frozenset()) -> dict:
        if not isinstance(table, dict):
            raise self.fail(key, "must be a table", "write it as a TOML table of keys")
        allowed = required | optional
        for name in table:
            if name not in allowed:
                raise self.fail(
                    f"{key}.{name}", "unknown key",
                    f"remove it, or use one of: {', '.join(sorted(allowed))}",
                )
        for name in sorted(required):
            if name not in table:
                raise self.fail(f"{key}.{name}", "is missing", f"add `{name} = ...`")
        return table

    def text(self, value: object, key: str) -> Text:
        if isinstance(value, str):
            raise self.fail(key, "is a single string, not a label in both languages",
                            f'write it as {{ ru = "...", en = "..." }}')
        if not isinstance(value, dict):
            raise self.fail(key, "must be a label in both languages", 'write it as { ru = "...", en = "..." }')
        extra = sorted(set(value) - set(LANGS))
        if extra:
            raise self.fail(f"{key}.{extra[0]}", "unknown language", "keep only `ru` and `en`")
        for lang in LANGS:
            if not isinstance(value.get(lang), str) or not value[lang].strip():
                raise self.fail(f"{key}.{lang}", "missing translation",
                                f'add `{lang} = "..."` with the {"Russian" if lang == "ru" else "English"} text')
        table = value
        return Text(ru=table["ru"].strip(), en=table["en"].strip())

    def string(self, value: object, key: str, pattern: re.Pattern | None = None, example: str = "") -> str:  # pragma: no mutate (equivalent: every caller gives an example)
        if not isinstance(value, str) or (pattern and not pattern.match(value)):
            raise self.fail(key, f"is {value!r}, which is not allowed here", f"write it like {example}")
        return value

    def array_of_tables(self, data: dict, key: str) -> list[dict]:
        items = data[key]
        if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
            raise self.fail(key, "must be one or more [[" + key + "]] tables", f"add a `[[{key}]]` section")
        return items

    def unique(self, ids: list, key: str) -> None:
        seen = set()
        for i, ident in enumerate(ids):
            if ident in seen:
                raise self.fail(f"{key}[{i}].id", f"duplicate id {ident!r}", "give each entry its own id")
            seen.add(ident)

    # ─── sections ────────────────────────────────────────────────────────────

    def policy(self, data: dict, optional: frozenset[str] = frozenset()) -> Policy:
        """`optional`: sections an older data file may lack (versions.py reads old versions)."""
        required = {"support_hours", "channels", "phone_numbers", "plans", "priorities", "response_target_hours",
                    "priority_guide"}
        self.keys(data, "(top level)", required - optional, required & optional)
        channels = self.channels(data)
        phone_numbers = self.phone_numbers(data)
        plans = self.plans(data, channels)
        priorities = self.priorities(data)
        return Policy(
            support_hours=self.support_hours(data["support_hours"]),
            channels=channels,
            phone_numbers=phone_numbers,
            plans=plans,
            priorities=priorities,
            response_target_hours=self.response_targets(data["response_target_hours"], plans, priorities),
            priority_guide=self.priority_guide(data, priorities) if "priority_guide" in data else (),
        )

    def support_hours(self, value: object) -> SupportHours:
        table = self.keys(value, "support_hours", {"text", "how"})
        return SupportHours(self.text(table["text"], "support_hours.text"), self.text(table["how"], "support_hours.how"))

    def channels(self, data: dict) -> tuple[Channel, ...]:
        out = []
        for i, item in enumerate(self.array_of_tables(data, "channels")):
            key = f"channels[{i}]"
            self.keys(item, key, {"id", "kind", "name"}, {"url"})
            kind = item["kind"]
            if kind not in CHANNEL_KINDS:
                raise self.fail(f"{key}.kind", f"unknown channel kind {kind!r}", f"use one of: {', '.join(CHANNEL_KINDS)}")
            url = item.get("url")
            if kind == "web_form":
                url = self.string(url, f"{key}.url", re.compile(r"^https://\S+$"), '"https://example.com/requests/new"')
            elif url is not None:
                raise self.fail(f"{key}.url", f"a {kind} channel has no address", "remove the `url` line")
            out.append(Channel(
                id=self.string(item["id"], f"{key}.id", ID_RE, '"web_form" (lower-case letters, digits, _)'),
                kind=kind, name=self.text(item["name"], f"{key}.name"), url=url,
            ))
        self.unique([c.id for c in out], "channels")
        return tuple(out)

    def phone_numbers(self, data: dict) -> tuple[PhoneNumber, ...]:
        out = []
        for i, item in enumerate(self.array_of_tables(data, "phone_numbers")):
            key = f"phone_numbers[{i}]"
            self.keys(item, key, {"country", "country_name", "number"}, {"extension"})
            number = item["number"]
            if not isinstance(number, str) or not PHONE_RE.match(number) or not 8 <= sum(map(str.isdigit, number)) <= 15:
                raise self.fail(f"{key}.number", f"malformed phone number {number!r}",
                                'write "+", the country code and the digits in groups separated by spaces, e.g. "+1 888 799 9666"')
            extension = item.get("extension")
            if extension is not None:
                extension = self.string(extension, f"{key}.extension", EXTENSION_RE, '"2" (digits only, in quotes)')
            out.append(PhoneNumber(
                country=self.string(item["country"], f"{key}.country", COUNTRY_RE, '"US" (ISO 3166 two-letter code)'),
                country_name=self.text(item["country_name"], f"{key}.country_name"),
                number=number, extension=extension,
            ))
        numbers = [p.number for p in out]
        for i, number in enumerate(numbers):
            if number in numbers[:i]:
                raise self.fail(f"phone_numbers[{i}].number", f"duplicate number {number!r}", "list each number once")
        return tuple(out)

    def plans(self, data: dict, channels: tuple[Channel, ...]) -> tuple[Plan, ...]:
        known = [c.id for c in channels]
        out = []
        for i, item in enumerate(self.array_of_tables(data, "plans")):
            key = f"plans[{i}]"
            self.keys(item, key, {"id", "name", "channels"})
            ids = item["channels"]
            if not isinstance(ids, list) or not ids:
                raise self.fail(f"{key}.channels", "must list at least one channel", f'write e.g. channels = ["{known[0]}"]')
            for ident in ids:
                if ident not in known:
                    raise self.fail(f"{key}.channels", f"unknown channel {ident!r}", f"use one of: {', '.join(known)}")
            out.append(Plan(
                id=self.string(item["id"], f"{key}.id", ID_RE, '"business" (lower-case letters, digits, _)'),
                name=self.text(item["name"], f"{key}.name"), channel_ids=tuple(ids),
            ))
        self.unique([p.id for p in out], "plans")
        return tuple(out)

    def priorities(self, data: dict) -> tuple[Priority, ...]:
        out = []
        for i, item in enumerate(self.array_of_tables(data, "priorities")):
            key = f"priorities[{i}]"
            self.keys(item, key, {"id", "name", "summary", "definition", "resourcing"}, {"examples", "around_the_clock"})
            ident = item["id"]
            if not isinstance(ident, int) or isinstance(ident, bool) or ident < 1:
                raise self.fail(f"{key}.id", f"is {ident!r}, not a priority number", "write a whole number: 1 is the most urgent")
            around = item.get("around_the_clock", False)
            if not isinstance(around, bool):
                raise self.fail(f"{key}.around_the_clock", f"is {around!r}", "write true or false")
            out.append(Priority(
                id=ident,
                name=self.text(item["name"], f"{key}.name"),
                summary=self.text(item["summary"], f"{key}.summary"),
                definition=self.text(item["definition"], f"{key}.definition"),
                resourcing=self.text(item["resourcing"], f"{key}.resourcing"),
                examples=self.text(item["examples"], f"{key}.examples") if "examples" in item else None,
                around_the_clock=around,
            ))
        self.unique([p.id for p in out], "priorities")
        return tuple(sorted(out, key=lambda p: p.id))

    def response_targets(self, value: object, plans: tuple[Plan, ...], priorities: tuple[Priority, ...]) -> dict:
        key = "response_target_hours"
        plan_ids = [p.id for p in plans]
        priority_ids = [p.id for p in priorities]
        if not isinstance(value, dict):
            raise self.fail(key, "must be a table", "write one line per plan: `pro = { 1 = 1, 2 = 4, 3 = 24, 4 = 24 }`")
        for plan_id in value:
            if plan_id not in plan_ids:
                raise self.fail(f"{key}.{plan_id}", f"unknown plan {plan_id!r}",
                                f"use a plan id from [[plans]]: {', '.join(plan_ids)}")
        table = self.keys(value, key, set(plan_ids))  # every plan must be listed
        out: dict[tuple[str, int], int] = {}
        for plan_id, targets in table.items():
            if targets == NOT_STATED:
                continue
            if not isinstance(targets, dict):
                raise self.fail(f"{key}.{plan_id}", f"is {targets!r}",
                                f'write {{ 1 = 1, 2 = 4, ... }} (hours per priority) or "{NOT_STATED}"')
            for prio, hours in targets.items():
                if not prio.isdigit() or int(prio) not in priority_ids:
                    raise self.fail(f"{key}.{plan_id}.{prio}", f"target for unknown priority {prio!r}",
                                    f"use one of the priorities: {', '.join(map(str, priority_ids))}")
                if not isinstance(hours, int) or isinstance(hours, bool) or hours < 1:
                    raise self.fail(f"{key}.{plan_id}.{prio}", f"is {hours!r}, not a number of hours",
                                    "write a whole number of hours, e.g. 4")
                out[(plan_id, int(prio))] = hours
            for prio in priority_ids:
                if (plan_id, prio) not in out:
                    raise self.fail(f"{key}.{plan_id}", f"has no target for priority {prio}",
                                    f'add `{prio} = <hours>`, or write "{NOT_STATED}" for the whole plan')
        return out

    def priority_guide(self, data: dict, priorities: tuple[Priority, ...]) -> tuple[GuideQuestion, ...]:
        priority_ids = [p.id for p in priorities]
        items = self.array_of_tables(data, "priority_guide")
        ids = [item.get("id") for item in items]
        out = []
        for i, item in enumerate(items):
            key = f"priority_guide[{i}]"
            self.keys(item, key, {"id", "question", "answers"})
            answers = item["answers"]
            if not isinstance(answers, list) or len(answers) < 2:
                raise self.fail(f"{key}.answers", "needs at least two answers", "list each answer as { text = ..., next = ... }")
            parsed = []
            for j, answer in enumerate(answers):
                akey = f"{key}.answers[{j}]"
                self.keys(answer, akey, {"text"}, {"next", "priority"})
                if ("next" in answer) == ("priority" in answer):
                    raise self.fail(akey, "must have either `next` or `priority`",
                                    'write next = "<question id>", or priority = <number> or "none"')
                target = answer.get("next")
                if target is not None and target not in ids:
                    raise self.fail(f"{akey}.next", f"unknown question {target!r}", f"use one of: {', '.join(map(str, ids))}")
                priority = answer.get("priority")
                # bool is an int to Python (True == 1): `priority = true` is refused, not read as 1.
                if priority is not None and priority != "none" and (
                        isinstance(priority, bool) or priority not in priority_ids):
                    raise self.fail(f"{akey}.priority", f"unknown priority {priority!r}",
                                    f'use one of: {", ".join(map(str, priority_ids))}, or "none"')
                parsed.append(GuideAnswer(self.text(answer["text"], f"{akey}.text"), target,
                                          None if priority in (None, "none") else priority))
            out.append(GuideQuestion(self.string(item["id"], f"{key}.id", ID_RE, '"down" (lower-case letters, digits, _)'),
                                     self.text(item["question"], f"{key}.question"), tuple(parsed)))
        self.unique([q.id for q in out], "priority_guide")
        self._check_guide_paths(out)
        return tuple(out)

    def _check_guide_paths(self, questions: list[GuideQuestion]) -> None:
        """Every question is reachable from the first, and no path comes back to a question."""
        by_id = {q.id: q for q in questions}
        seen: set[str] = set()

        def walk(question_id: str, path: tuple[str, ...]) -> None:
            if question_id in path:
                raise self.fail(f"priority_guide ({question_id})", f"answers loop back: {' → '.join(path + (question_id,))}",
                                "make every answer lead forward, to a later question or a priority")
            seen.add(question_id)
            for answer in by_id[question_id].answers:
                if answer.next:
                    walk(answer.next, path + (question_id,))

        walk(questions[0].id, ())
        unreachable = [q.id for q in questions if q.id not in seen]
        if unreachable:
            raise self.fail(f"priority_guide ({unreachable[0]})", "no answer leads to this question",
                            "point an answer at it with next = \"...\", or remove it")
