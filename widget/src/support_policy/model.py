"""The support policy as typed, immutable objects.

Nothing here reads files or knows about MkDocs or the browser: `load.py` builds
these objects from the data file, `lookup.py` and `render.py` read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Lang = Literal["ru", "en"]
LANGS: tuple[Lang, ...] = ("ru", "en")
ChannelKind = Literal["web_form", "chat", "phone"]


@dataclass(frozen=True)
class Text:
    """One label in both languages."""

    ru: str
    en: str

    def __call__(self, lang: Lang) -> str:
        return self.ru if lang == "ru" else self.en


@dataclass(frozen=True)
class Channel:
    id: str
    kind: ChannelKind
    name: Text
    url: str | None = None


@dataclass(frozen=True)
class PhoneNumber:
    country: str
    country_name: Text
    number: str
    extension: str | None

    @property
    def tel_uri(self) -> str:
        """A `tel:` URI that dials the number, then the extension after a pause.

        The comma is the pause that phone dialers (iOS, Android, desktop
        softphones) understand; RFC 3966's `;ext=` is ignored by most of them.
        """
        digits = "+" + "".join(ch for ch in self.number if ch.isdigit())
        return f"tel:{digits},{self.extension}" if self.extension else f"tel:{digits}"


@dataclass(frozen=True)
class Plan:
    id: str
    name: Text
    channel_ids: tuple[str, ...]


@dataclass(frozen=True)
class Priority:
    id: int
    name: Text
    summary: Text
    definition: Text
    resourcing: Text
    examples: Text | None = None
    around_the_clock: bool = False


@dataclass(frozen=True)
class GuideAnswer:
    """One answer to a guide question: it leads to a question, or ends at a priority
    (`priority` None with `next` None means no definition fits)."""

    text: Text
    next: str | None = None
    priority: int | None = None


@dataclass(frozen=True)
class GuideQuestion:
    id: str
    question: Text
    answers: tuple[GuideAnswer, ...]


@dataclass(frozen=True)
class SupportHours:
    text: Text
    how: Text


@dataclass(frozen=True)
class Policy:
    support_hours: SupportHours
    channels: tuple[Channel, ...]
    phone_numbers: tuple[PhoneNumber, ...]
    plans: tuple[Plan, ...]
    priorities: tuple[Priority, ...]
    # (plan id, priority id) -> hours; a plan absent from the keys has no stated target.
    response_target_hours: dict[tuple[str, int], int]
    # The "which priority?" questions; the first is where the guide starts.
    priority_guide: tuple[GuideQuestion, ...] = ()

    def plan(self, plan_id: str) -> Plan:
        return next(plan for plan in self.plans if plan.id == plan_id)

    def priority(self, priority_id: int) -> Priority:
        return next(p for p in self.priorities if p.id == priority_id)

    def channel(self, channel_id: str) -> Channel:
        return next(c for c in self.channels if c.id == channel_id)

    def question(self, question_id: str) -> GuideQuestion:
        return next(q for q in self.priority_guide if q.id == question_id)

    def countries(self) -> tuple[PhoneNumber, ...]:
        """One phone entry per country, in the data file's order (for labels)."""
        seen: dict[str, PhoneNumber] = {}
        for phone in self.phone_numbers:
            seen.setdefault(phone.country, phone)
        return tuple(seen.values())
