"""Deadline rules: which padding applies, what a deadline promises, which reminders it owes."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.models import Client, Item, PadOverride, PlannedReminder, User
from bot.padding import (
    BusinessCalendar,
    PadChange,
    PaddingPolicy,
    client_due,
    internal_due_for_client_date,
)

# The heads-up before the date promised to the client.
CLIENT_HEADS_UP = timedelta(hours=2)


def apply_override(policy: PaddingPolicy, override: PadOverride) -> PaddingPolicy:
    return PaddingPolicy(
        min_business_days=policy.min_business_days if override.days is None else override.days,
        percent=policy.percent if override.percent is None else override.percent,
        enabled=policy.enabled if override.enabled is None else override.enabled,
    )


def changed_override(current: PadOverride, change: PadChange) -> PadOverride:
    """A level's stored override after a /pad: what the change names is set, the rest
    stays as it was; "default" clears it, so the level follows the next one again (a
    client, the user's padding; the user, the defaults). Storing only what was named
    keeps "/pad Acme 50%" from freezing the user's days into Acme."""
    if change.reset:
        return PadOverride()
    return PadOverride(
        days=current.days if change.days is None else change.days,
        percent=current.percent if change.percent is None else change.percent,
        enabled=current.enabled if change.enabled is None else change.enabled,
    )


def padding_policy(user: User, client: Client | None) -> PaddingPolicy:
    """Defaults, then the user's /pad, then the client's /pad Acme …: the most specific wins."""
    policy = apply_override(PaddingPolicy(), user.pad)
    if client is not None:
        policy = apply_override(policy, client.pad)
    return policy


def business_calendar(user: User, default_country: str | None) -> BusinessCalendar:
    return BusinessCalendar(
        country=user.holidays_country or default_country, end_of_business=user.end_of_day
    )


def promise(
    due: datetime,
    captured_at: datetime,
    *,
    user: User,
    client: Client | None,
    default_country: str | None,
) -> datetime:
    """The date to promise the client for a team deadline `due` set at `captured_at`."""
    return client_due(
        due,
        captured_at,
        tz=user.tz,
        policy=padding_policy(user, client),
        calendar=business_calendar(user, default_country),
    )


def internal_for_client_date(
    client_date: datetime,
    now: datetime,
    *,
    user: User,
    client: Client | None,
    default_country: str | None,
) -> datetime | None:
    """The latest team deadline whose padding still meets the client's date (None: too soon)."""
    return internal_due_for_client_date(
        client_date,
        now,
        tz=user.tz,
        policy=padding_policy(user, client),
        calendar=business_calendar(user, default_country),
    )


def plan_reminders(item: Item) -> list[PlannedReminder]:
    """The reminders an open item is owed: at its time, and a heads-up before the promise."""
    if item.status != "open" or item.due_at is None:
        return []
    if item.kind == "reminder":
        return [PlannedReminder("reminder", item.due_at)]
    if item.kind != "deadline":
        return []
    plan = [PlannedReminder("internal", item.due_at)]
    if item.client_due_at is not None:
        heads_up = item.client_due_at - CLIENT_HEADS_UP
        if heads_up > item.created_at and heads_up != item.due_at:
            plan.append(PlannedReminder("client", heads_up))
    return plan


def same_wall_time(moment: datetime, old: ZoneInfo, new: ZoneInfo) -> datetime:
    return moment.astimezone(old).replace(tzinfo=new)


def dates_in_new_zone(
    item: Item,
    *,
    old: ZoneInfo,
    new: ZoneInfo,
    now: datetime,
    sent: Collection[PlannedReminder],
) -> tuple[datetime | None, datetime | None]:
    """An open item's (team date, client date) once the user moves from `old` to `new`.

    A moment still ahead keeps its wall-clock time: it was meant in the user's own zone
    (often typed before /tz was right). One already past stays where it is: it was
    reminded of, or is owed as late, at that moment, and moving it would remind again.
    A promise the user was already reminded of (`sent`: the item's reminders sent) stays
    too, with the team's date before it, so neither comes again nor ends up after it.
    """
    if any(plan.kind == "client" and plan in sent for plan in plan_reminders(item)):
        return item.due_at, item.client_due_at

    def moved(moment: datetime | None) -> datetime | None:
        if moment is None or moment.astimezone(UTC) <= now.astimezone(UTC):
            return moment
        return same_wall_time(moment, old, new)

    return moved(item.due_at), moved(item.client_due_at)


# "🌅 Tomorrow": the start of the next working morning, where the user is.
SNOOZE_MORNING = time(10, 0)


def tomorrow_morning(
    now: datetime, tz: ZoneInfo, workday: Callable[[date], bool] | None = None
) -> datetime:
    """10:00 tomorrow where the user is; with `workday`, of the next day it calls working."""
    day = now.astimezone(tz).date() + timedelta(days=1)
    if workday is not None:
        # A year of days off is no calendar: tomorrow it is, rather than never.
        for _ in range(366):
            if workday(day):
                break
            day += timedelta(days=1)
        else:
            day = now.astimezone(tz).date() + timedelta(days=1)
    return datetime.combine(day, SNOOZE_MORNING, tzinfo=tz)


def snooze_until(choice: str, now: datetime, tz: ZoneInfo) -> datetime:
    """When a reminder snoozed with "💤 1 hour" ("hour") or "🌅 Tomorrow" comes back."""
    return now + timedelta(hours=1) if choice == "hour" else tomorrow_morning(now, tz)
