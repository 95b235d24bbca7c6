"""Updating the client table by message: "Acme оплатил сегодня", "Acme next report 15.01".

Conservative on purpose: the whole message must be a client name, a field phrase and
(for dates) a date, so a sentence that merely mentions a payment stays a captured note.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from bot.capture import (
    ClientIndex,
    ClientRef,
    Clients,
    client_index,
    misspelt_client,
    parse_capture,
)
from bot.dates import find_date
from bot.models import DATE_FIELDS, ClientField, ClientStatus

# What is wrong with a value: unreadable ("15.13"), a past field given a day still ahead
# ("paid tomorrow"), a field ahead given a day gone by ("next report 20.11.2025"),
# a date field with no date at all, an e-mail that is not one.
Problem = Literal["unreadable", "not_yet", "passed", "no_date", "bad_email"]
PAST_FIELDS: frozenset[ClientField] = frozenset({"last_payment_on"})


@dataclass(frozen=True, slots=True)
class FieldPhrase:
    pattern: re.Pattern[str]
    field: ClientField | None  # None: a status phrase
    status: ClientStatus | None = None
    date_default_today: bool = False
    needs_date: bool = False


def _phrase(text: str) -> re.Pattern[str]:
    return re.compile(rf"^(?:{text})(?=\s|$|[.,:!])", re.IGNORECASE)


# "Acme is paused", "Acme is now active": the verb adds nothing.
_IS = r"(?:is\s+(?:now\s+)?|now\s+|теперь\s+)?"

# Ordered: the first phrase matching right after the client's name decides. Within a
# phrase the longer spelling comes first ("в архиве" before "в архив", "active again"
# before "active"): a shorter one would match and leave the rest as words not understood.
PHRASES: tuple[FieldPhrase, ...] = (
    FieldPhrase(
        _phrase(r"оплатил[аио]?|заплатил[аио]?|paid|has paid"),
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
    FieldPhrase(
        _phrase(
            rf"{_IS}(?:снят[аоы]? с паузы|unpaused|снова в работе|resumed|active again"
            r"|активн(?:а|ы|о|ен)|active)"
        ),
        None,
        status="active",
    ),
    FieldPhrase(
        _phrase(rf"{_IS}(?:на паузе|пауза|приостановлен[аоы]?|paused|on pause|on hold)"),
        None,
        status="paused",
    ),
    FieldPhrase(
        _phrase(rf"{_IS}(?:в архиве|в архив|архив|archived|archive)"), None, status="archived"
    ),
)
_EMAIL_WORDS = r"email|e-mail|почта"
_CHANNEL_WORDS = r"prefers|предпочитает|канал"
_EMAIL_VALUE = re.compile(r"^[^\s@]+@[^\s@]+\.[^\s@]+$")
_EMAIL = re.compile(rf"^(?:{_EMAIL_WORDS})\s*:?\s*(\S+)$", re.IGNORECASE)
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
# A tail that can only have been meant as a date ("15.13", "32/01"): a field update
# whose date is wrong, not a sentence to keep as a note.
_DATE_LIKE = re.compile(r"^\d{1,4}(?:[./-]\d{1,4}){1,2}$")


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
    problem: Problem | None = None  # set: the update is meant but cannot be made


def _split_client(
    text: str, clients: Clients, *, now: datetime, tz: ZoneInfo
) -> tuple[ClientRef, str] | None:
    index = client_index(clients)
    words = text.split()
    sizes = [size for size in (3, 2, 1) if len(words) > size]
    candidates = [(size, " ".join(words[:size]).rstrip(":,—-")) for size in sizes]
    for size, candidate in candidates:
        # A longer name said whole comes first: "Альфа" alone is «Альфа Банк» only when
        # no client is called "Альфа" and no other name starts so.
        ref = index.match(candidate, typos=False, first_word=size == 1)
        if ref is not None:
            return ref, " ".join(words[size:]).lstrip(":,—- ")
    # Then a typo, as at the start of a capture: "Рамашка оплатила сегодня".
    for size, candidate in candidates:
        ref = misspelt_client(candidate, index, now=now, tz=tz)
        if ref is not None:
            return ref, " ".join(words[size:]).lstrip(":,—- ")
    return None


def parse_field_update(
    text: str, clients: Clients, *, now: datetime, tz: ZoneInfo
) -> FieldUpdate | None:
    if not _ANY_PHRASE.search(" ".join(text.lower().split())):  # single spaces, as phrases
        return None
    found = _split_client(text.strip(), clients, now=now, tz=tz)
    if found is None:
        return None
    client, rest = found
    if match := _EMAIL.match(rest):
        value = match.group(1)
        if _EMAIL_VALUE.match(value):
            return FieldUpdate(client, "email", value)
        return FieldUpdate(client, "email", value, problem="bad_email")
    if match := _CHANNEL.match(rest):
        return FieldUpdate(client, "preferred_channel", _CHANNELS[match.group(1).lower()])
    for phrase in PHRASES:
        match = phrase.pattern.match(rest)
        if not match:
            continue
        tail = rest[match.end() :].strip(" .,:!")
        if phrase.field is None:
            return FieldUpdate(client, None, None, phrase.status) if not tail else None
        if not tail:
            if phrase.needs_date:
                return FieldUpdate(client, phrase.field, None, problem="no_date")
            return FieldUpdate(client, phrase.field, now.astimezone(tz).date().isoformat())
        day = read_day(phrase.field, tail, now=now, tz=tz)
        if isinstance(day, date):
            return FieldUpdate(client, phrase.field, day.isoformat())
        if day == "unreadable" and not _DATE_LIKE.match(tail):
            return None  # words we don't understand: keep the message as a note
        return FieldUpdate(client, phrase.field, tail, problem=day)
    return None


def date_of(text: str, *, now: datetime, tz: ZoneInfo) -> date | None:
    """The date in `text` if the text is nothing but a date, on or after today."""
    if not text:
        return None
    lowered = text.lower()
    today = now.astimezone(tz).date()
    if lowered in ("сегодня", "today"):
        return today
    if lowered in ("вчера", "yesterday"):
        return today - timedelta(days=1)
    match = find_date(text, now=now, tz=tz, end_of_day=time(18, 0))
    if match.due is None or match.text_without.strip(" .,"):
        return None
    return match.due.astimezone(tz).date()


_DAYS_BACK = {
    "today": 0,
    "сегодня": 0,
    "yesterday": 1,
    "вчера": 1,
    "позавчера": 2,
    "the day before yesterday": 2,
}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "один": 1, "два": 2, "три": 3}
_AGO = re.compile(
    r"^(?P<count>\d+|an?|one|two|three)\s+(?P<unit>days?|weeks?)\s+ago$"
    r"|^(?P<ru_count>\d+|один|два|три)?\s*(?P<ru_unit>день|дн[яей]|недел[юиь])\s+назад$"
)
_LAST = re.compile(r"^(?:on\s+)?last\s+(?P<day>\w+)$|^(?:в|во)?\s*прошл\w+\s+(?P<ru_day>\w+)$")
_HAS_YEAR = re.compile(r"\b(?:19|20)\d\d\b|\b\d{1,2}[./]\d{1,2}[./]\d\d\b")
# A moment before any date a client table holds: from it, a date with its year reads as
# written, whether it is past or ahead.
_LONG_AGO = datetime(1990, 1, 1, tzinfo=UTC)


def read_day(field: ClientField, text: str, *, now: datetime, tz: ZoneInfo) -> date | Problem:
    """The day `text` names for a date field: for a past one (the last payment), the
    nearest such day that has come ("Monday" is the one just gone); for the others, the
    nearest one ahead."""
    lowered = " ".join(text.lower().split()).strip(" .,!")
    today = now.astimezone(tz).date()
    if _HAS_YEAR.search(lowered):
        exact = _whole_date(lowered, now=_LONG_AGO, tz=tz)
        if exact is None:
            return "unreadable"
        if field in PAST_FIELDS and exact > today:
            return "not_yet"
        if field not in PAST_FIELDS and exact < today:
            return "passed"
        return exact
    if field not in PAST_FIELDS:
        ahead = date_of(lowered, now=now, tz=tz)
        if ahead is None:
            return "unreadable"
        # "next payment yesterday" is a slip: a next date is one still to come.
        return "passed" if ahead < today else ahead
    if lowered in _DAYS_BACK:
        return today - timedelta(days=_DAYS_BACK[lowered])
    if match := _AGO.match(lowered):
        count = match["count"] or match["ru_count"] or "1"
        unit = match["unit"] or match["ru_unit"]
        days = int(count) if count.isdigit() else _NUMBERS[count]
        days *= 7 if unit.startswith(("week", "недел")) else 1
        if days > _DAYS_AGO_LIMIT:
            return "unreadable"  # "1000000 days ago" is before any calendar we keep
        return today - timedelta(days=days)
    if match := _LAST.match(lowered):
        weekday = match["day"] or f"в {match['ru_day']}"  # "среду" alone is a noun too
        day = _past(weekday, now=now, tz=tz)
        if not isinstance(day, date):
            return "unreadable"
        # "last Wednesday" said on a Wednesday is a week ago, not today.
        return day - timedelta(days=7) if day == today else day
    return _past(lowered, now=now, tz=tz)


# Further back than this "N days ago" is a slip, not a payment date.
_DAYS_AGO_LIMIT = 3660


def _whole_date(text: str, *, now: datetime, tz: ZoneInfo) -> date | None:
    match = find_date(text, now=now, tz=tz)
    if match.due is None or match.text_without.strip(" .,"):
        return None
    return match.due.astimezone(tz).date()


def _past(text: str, *, now: datetime, tz: ZoneInfo) -> date | Problem:
    """The latest day on or before today that `text` names."""
    today = now.astimezone(tz).date()
    ahead = _whole_date(text, now=now, tz=tz)
    if ahead is None:
        return "unreadable"
    if ahead <= today:
        return ahead
    # A day counted from today ("tomorrow", "in 2 days") moves a day back with today; a
    # weekday, a day of the month or a date does not (read from yesterday, "Tuesday"
    # said on Wednesday is yesterday itself). Only the first has no past reading.
    if _whole_date(text, now=now - timedelta(days=1), tz=tz) == ahead - timedelta(days=1):
        return "not_yet"
    # The reading from a week, a month or a year back is the one just gone: a weekday
    # from a week back, a day of the month from a month back, a date from a year back.
    for days in (7, 31, 366):
        earlier = _whole_date(text, now=now - timedelta(days=days), tz=tz)
        if earlier is not None and today - timedelta(days=days) < earlier <= today:
            return earlier
    return "not_yet"


@dataclass(frozen=True, slots=True)
class Answer:
    """How a message reads as the answer to a question about one field."""

    value: str | None  # what to store
    problem: Problem | None = None  # an answer, but a wrong one: ask again
    # Not an answer at all: a message of its own (the question is dropped).
    elsewhere: bool = False


# An answer that cannot be read is taken as a wrong answer (and the question asked
# again) only while it is short: a longer text is a message the user moved on to.
ANSWER_WORDS = 3
# A name or an alias is a few words; a longer text is a message.
NAME_WORDS = 5
# A contact or a note is free text, so any message could be one; these are not. A
# #tag files a capture under a client, and a reminder phrase asks for a nudge: the user
# moved on (minutes later, mid-call) and the message is one of its own, not a contact.
_CAPTURE = re.compile(
    r"(?:^|\s)#\w|^\s*(?:(?:напомни(?:те|ть)?|remind\s+me)(?!\w)|reminder\s*:)", re.IGNORECASE
)


def read_answer(
    field: str,
    text: str,
    *,
    now: datetime,
    tz: ZoneInfo,
    clients: Clients = (),
    asked: int | None = None,
) -> Answer:
    """`text` as the answer to the question about field `field` of client `asked`."""
    text = text.strip()
    if field in DATE_FIELDS:
        day = read_day(field, text, now=now, tz=tz)
        if isinstance(day, date):
            return Answer(day.isoformat())
        return _wrong(text, day)
    if field == "email":
        if _EMAIL_VALUE.match(text):
            return Answer(text)
        return _wrong(text, "bad_email")
    if field in ("contact", "notes") and (
        _CAPTURE.search(text) or _capture_for_a_client(text, now, tz, clients, asked)
    ):
        return Answer(None, elsewhere=True)
    if field in ("name", "alias") and len(text.split()) > NAME_WORDS:
        # "call Globex tomorrow about the new contract terms" is no client's name: the
        # user moved on, and the message is one of its own. A date word alone proves
        # nothing: "Радио Пятница", "Monday.com" are names.
        return Answer(None, elsewhere=True)
    return Answer(text)


def _capture_for_a_client(
    text: str, now: datetime, tz: ZoneInfo, clients: Clients, asked: int | None
) -> bool:
    """A message led by a client's name is one of its own where it is another client's
    ("Acme wants the banner resized by tomorrow" asked for Globex's notes) or has a date
    ("Globex wants a price list by Friday" asked for a contact of Globex)."""
    if not clients:
        return False
    parsed = parse_capture(text, now=now, tz=tz, clients=clients)
    return parsed.client is not None and (parsed.client.id != asked or parsed.due is not None)


def _wrong(text: str, problem: Problem) -> Answer:
    if len(text.split()) > ANSWER_WORDS:
        return Answer(None, elsewhere=True)
    return Answer(None, problem)


# -- names -------------------------------------------------------------------------------

_NAME_EDGES = " \t#:,;.!?—–-"


def clean_name(text: str) -> str:
    """A client's name as typed after /client add: "#acme", "Acme:" are "acme", "Acme";
    a tag's dashes and underscores are spaces ("#acme-corp")."""
    name = " ".join(text.split())
    if name.startswith("#") and " " not in name:
        name = name.replace("_", " ").replace("-", " ")
    return " ".join(name.strip(_NAME_EDGES).split())


def name_clash(name: str, clients: Iterable[ClientRef]) -> ClientRef | None:
    """The client that already answers to `name` (as its name or an alias), if any."""
    return ClientIndex(clients).match(name, typos=False)


def split_rename(text: str, clients: Clients) -> tuple[ClientRef, str] | None:
    """ "Acme Crop Acme Corp": the client the first words name exactly, and the new name
    in the rest; the longest name that leaves a new one wins."""
    index = client_index(clients)
    words = text.split()
    for size in range(len(words) - 1, 0, -1):
        # The old name as written in full: "Acme Corp" is not "Acme" renamed to "Corp".
        ref = index.match(clean_name(" ".join(words[:size])), typos=False, legal_forms=False)
        if ref is not None:
            return ref, " ".join(words[size:])
    return None


def split_contact(text: str) -> tuple[str, str]:
    """ "Jean-Luc Picard — CTO": the name and the rest. Only a dash with spaces around it
    separates them, so a hyphenated name stays whole."""
    parts = re.split(r"\s+[—–-]+\s+", text.strip(), maxsplit=1)
    return parts[0].strip(), (parts[1].strip() if len(parts) > 1 else "")
