"""Updating the client table by message: "Acme оплатил сегодня", "Acme next report 15.01".

Conservative on purpose: the whole message must be a client name, a field phrase and
(for dates) a date, so a sentence that merely mentions a payment stays a captured note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.capture import ClientRef, Clients, client_index
from bot.dates import find_date
from bot.models import ClientField, ClientStatus


@dataclass(frozen=True, slots=True)
class FieldPhrase:
    pattern: re.Pattern[str]
    field: ClientField | None  # None: a status phrase
    status: ClientStatus | None = None
    date_default_today: bool = False
    needs_date: bool = False


def _phrase(text: str) -> re.Pattern[str]:
    return re.compile(rf"^(?:{text})(?=\s|$|[.,:!])", re.IGNORECASE)


# Ordered: the first phrase matching right after the client's name decides.
PHRASES: tuple[FieldPhrase, ...] = (
    FieldPhrase(
        _phrase(r"оплатил[аи]?|заплатил[аи]?|paid|has paid"),
        "last_payment_on",
        date_default_today=True,
    ),
    FieldPhrase(
        _phrase(r"next report|report date|следующий отч[её]т|дата отч[её]та|отч[её]т следующий"),
        "next_report_on",
        needs_date=True,
    ),
    FieldPhrase(
        _phrase(r"next payment|payment due|следующая оплата|следующий плат[её]ж|оплата следующая"),
        "next_payment_on",
        needs_date=True,
    ),
    FieldPhrase(_phrase(r"на паузе|пауза|paused|on pause|on hold"), None, status="paused"),
    FieldPhrase(_phrase(r"в архив|архив|archived|archive"), None, status="archived"),
    FieldPhrase(_phrase(r"снова в работе|resumed|active again|активен"), None, status="active"),
)
_EMAIL_WORDS = r"email|e-mail|почта"
_CHANNEL_WORDS = r"prefers|предпочитает|канал"
_EMAIL = re.compile(rf"^(?:{_EMAIL_WORDS})\s*:?\s*([^\s@]+@[^\s@]+\.[^\s@]+)$", re.IGNORECASE)
_CHANNEL = re.compile(
    rf"^(?:{_CHANNEL_WORDS})\s*:?\s*(telegram|телеграм|email|e-mail|почт[ау]|phone|телефон|звонки)$",
    re.IGNORECASE,
)
_CHANNELS = {
    "telegram": "telegram",
    "телеграм": "telegram",
    "email": "email",
    "e-mail": "email",
    "почта": "email",
    "почту": "email",
    "phone": "phone",
    "телефон": "phone",
    "звонки": "phone",
}


# Every plain message is tried here on its way to capture, and most name no field:
# one search for any phrase anywhere turns them away before the client names are
# tried (bench/bench_capture.py). The phrases are lower case, and a search of the
# lowered text is four times quicker than one that ignores case.
_ANY_PHRASE = re.compile(
    "|".join(
        [
            *(phrase.pattern.pattern.removeprefix("^") for phrase in PHRASES),
            _EMAIL_WORDS,
            _CHANNEL_WORDS,
        ]
    )
)


@dataclass(frozen=True, slots=True)
class FieldUpdate:
    client: ClientRef
    field: ClientField | None
    value: str | None  # ISO date, e-mail, channel
    status: ClientStatus | None = None


def _split_client(text: str, clients: Clients) -> tuple[ClientRef, str] | None:
    index = client_index(clients)
    words = text.split()
    for size in (3, 2, 1):
        if len(words) <= size:
            continue
        candidate = " ".join(words[:size]).rstrip(":,—-")
        ref = index.match(candidate, typos=False)
        if ref is not None:
            return ref, " ".join(words[size:]).lstrip(":,—- ")
    return None


def parse_field_update(
    text: str, clients: Clients, *, now: datetime, tz: ZoneInfo
) -> FieldUpdate | None:
    if not _ANY_PHRASE.search(" ".join(text.lower().split())):  # single spaces, as phrases
        return None
    found = _split_client(text.strip(), clients)
    if found is None:
        return None
    client, rest = found
    if match := _EMAIL.match(rest):
        return FieldUpdate(client, "email", match.group(1))
    if match := _CHANNEL.match(rest):
        return FieldUpdate(client, "preferred_channel", _CHANNELS[match.group(1).lower()])
    for phrase in PHRASES:
        match = phrase.pattern.match(rest)
        if not match:
            continue
        tail = rest[match.end() :].strip(" .,:!")
        if phrase.field is None:
            return FieldUpdate(client, None, None, phrase.status) if not tail else None
        day = date_of(tail, now=now, tz=tz)
        if day is None and tail:
            return None  # words we don't understand: keep the message as a note
        today = now.astimezone(tz).date()
        if day is None:
            if phrase.needs_date:
                return None
            day = today
        if phrase.field == "last_payment_on" and day > today:
            # "paid 20.11" said on 26.11 means this year's, not next year's.
            day = _year_before(day)
        return FieldUpdate(client, phrase.field, day.isoformat())
    return None


def date_of(text: str, *, now: datetime, tz: ZoneInfo) -> date | None:
    """The date in `text` if the text is nothing but a date (any past allowed for payments)."""
    if not text:
        return None
    lowered = text.lower()
    today = now.astimezone(tz).date()
    if lowered in ("сегодня", "today"):
        return today
    if lowered in ("вчера", "yesterday"):
        return date.fromordinal(today.toordinal() - 1)
    match = find_date(text, now=now, tz=tz, end_of_day=time(18, 0))
    if match.due is None or match.text_without.strip(" .,"):
        return None
    return match.due.astimezone(tz).date()


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)
