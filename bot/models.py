"""Typed records the storage layer returns and the domain works with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Literal
from zoneinfo import ZoneInfo

Language = Literal["en", "ru"]
ItemKind = Literal["note", "request", "deadline", "reminder"]
ItemStatus = Literal["open", "done", "deleted"]
ItemSource = Literal["typed", "forwarded", "voice", "file"]
ClientStatus = Literal["active", "paused", "archived"]

KINDS: tuple[ItemKind, ...] = ("note", "request", "deadline", "reminder")


def to_epoch(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return int(moment.timestamp())


def from_epoch(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


@dataclass(frozen=True, slots=True)
class PadOverride:
    """A stored padding override; None fields fall back to the next level."""

    days: int | None = None
    percent: int | None = None
    enabled: bool | None = None

    @property
    def empty(self) -> bool:
        return self.days is None and self.percent is None and self.enabled is None


@dataclass(frozen=True, slots=True)
class User:
    user_id: int
    language: Language
    timezone: str
    end_of_day: time
    active: bool
    holidays_country: str | None = None
    pad: PadOverride = PadOverride()

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


Channel = Literal["telegram", "email", "phone", "other"]
CHANNELS: tuple[Channel, ...] = ("telegram", "email", "phone", "other")
# Client fields a user may set by message or button; dates are calendar days.
ClientField = Literal[
    "preferred_channel", "email", "last_payment_on", "next_payment_on", "next_report_on", "notes"
]
DATE_FIELDS: tuple[ClientField, ...] = ("last_payment_on", "next_payment_on", "next_report_on")


@dataclass(frozen=True, slots=True)
class Client:
    id: int
    user_id: int
    name: str
    aliases: tuple[str, ...]
    status: ClientStatus
    pad: PadOverride = PadOverride()
    preferred_channel: Channel | None = None
    email: str | None = None
    last_payment_on: date | None = None
    next_payment_on: date | None = None
    next_report_on: date | None = None
    notes: str = ""
    last_contact_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Contact:
    id: int
    name: str
    note: str


@dataclass(frozen=True, slots=True)
class ClientSummary:
    """One row of /clients: the client and what is open with them."""

    client: Client
    open_items: int
    next_promise: datetime | None
    # The oldest client date already passed with its item still open: a broken promise.
    broken_promise: datetime | None


@dataclass(frozen=True, slots=True)
class Item:
    id: int
    user_id: int
    client_id: int | None
    client_name: str | None
    client_hint: str | None
    kind: ItemKind
    status: ItemStatus
    title: str
    text: str
    due_at: datetime | None
    has_time: bool
    source: ItemSource
    file_id: str | None
    file_type: str | None
    chat_id: int
    message_id: int
    reply_message_id: int | None
    created_at: datetime
    client_due_at: datetime | None = None
    client_due_manual: bool = False


def reminds_at(kind: ItemKind, due_at: datetime | None, snooze: datetime | None) -> datetime | None:
    """When an item is due as the user sees it: a reminder snoozed is due when it was
    snoozed to (its latest snooze); any other item keeps its own date."""
    return snooze if kind == "reminder" and snooze is not None else due_at


@dataclass(frozen=True, slots=True)
class CardItem:
    """An open item as a client's card shows it: with its latest snooze, if any (one in
    the past is over; a reminder's latest snooze is when it reminds)."""

    item: Item
    snoozed_until: datetime | None = None

    @property
    def due_at(self) -> datetime | None:
        return reminds_at(self.item.kind, self.item.due_at, self.snoozed_until)


@dataclass(frozen=True, slots=True)
class NewItem:
    """What capture hands to storage to create an item."""

    user_id: int
    kind: ItemKind
    title: str
    text: str
    chat_id: int
    message_id: int
    created_at: datetime
    client_id: int | None = None
    client_hint: str | None = None
    due_at: datetime | None = None
    has_time: bool = False
    source: ItemSource = "typed"
    file_id: str | None = None
    file_type: str | None = None
    client_due_at: datetime | None = None
    client_due_manual: bool = False
    origin_sender: str | None = None
    origin_date: datetime | None = None


ReminderKind = Literal["internal", "client", "reminder", "snooze", "recurring"]


@dataclass(frozen=True, slots=True)
class PlannedReminder:
    """A reminder an item is owed: what kind and when."""

    kind: ReminderKind
    due_at: datetime
