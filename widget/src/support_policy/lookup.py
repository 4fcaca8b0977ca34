"""Answer the plan picker's question: which channels, and how fast."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Channel, PhoneNumber, Plan, Policy, Priority


@dataclass(frozen=True)
class Answer:
    plan: Plan
    priority: Priority
    channels: tuple[Channel, ...]
    # The phone numbers this plan may call (none without a phone channel), filtered by country.
    phone_numbers: tuple[PhoneNumber, ...]
    # Hours until the registration notice, or None where the policy states no target.
    target_hours: int | None

    @property
    def has_phone(self) -> bool:
        return any(channel.kind == "phone" for channel in self.channels)


class UnknownChoice(LookupError):
    """A plan, priority or country the policy does not have."""


def lookup(policy: Policy, plan_id: str, priority_id: int, country: str | None = None) -> Answer:
    plans = {plan.id: plan for plan in policy.plans}
    priorities = {priority.id: priority for priority in policy.priorities}
    if plan_id not in plans:
        raise UnknownChoice(f"unknown plan {plan_id!r}")
    if priority_id not in priorities:
        raise UnknownChoice(f"unknown priority {priority_id!r}")
    if country is not None and country not in {phone.country for phone in policy.phone_numbers}:
        raise UnknownChoice(f"unknown country {country!r}")
    plan = plans[plan_id]
    channels = tuple(policy.channel(channel_id) for channel_id in plan.channel_ids)
    has_phone = any(channel.kind == "phone" for channel in channels)
    phones = tuple(
        phone for phone in policy.phone_numbers if has_phone and (country is None or phone.country == country)
    )
    return Answer(
        plan=plan,
        priority=priorities[priority_id],
        channels=channels,
        phone_numbers=phones,
        target_hours=policy.response_target_hours.get((plan_id, priority_id)),
    )
