"""Client-facing deadlines padded from internal ones, in business days.

When the team says "report tomorrow", the client hears a later date:

    client_due = EOB(max(D + N business days, D + p × (D − T)))

where D is the internal due time, T the moment it was captured, N and p come
from a `PaddingPolicy`, and EOB snaps to the end of the business day on a
`BusinessCalendar`.

Time rules: business days and EOB are wall-clock rules in the user's zone; the
p × lead term is a real elapsed duration (UTC arithmetic), which keeps
client_due monotonic in D even across DST changes.
Local times that do not exist (spring forward) resolve forward; ambiguous ones
(fall back) take the first occurrence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Final, Literal
from zoneinfo import ZoneInfo

import holidays

__all__ = [
    "DEFAULT_CALENDAR",
    "DEFAULT_POLICY",
    "MAX_BUSINESS_DAYS",
    "MAX_PERCENT",
    "PAD_USAGE",
    "BusinessCalendar",
    "PadArgumentError",
    "PadChange",
    "PadCommand",
    "PaddingPolicy",
    "UnknownCountryError",
    "client_due",
    "internal_due_for_client_date",
    "parse_pad_argument",
    "parse_pad_change",
    "read_pad_command",
]

MAX_BUSINESS_DAYS = 30
MAX_PERCENT = 300
PAD_USAGE = (
    "Use /pad 2d, /pad 50%, /pad 2d 50%, /pad off, /pad on or /pad default "
    f"(0–{MAX_BUSINESS_DAYS} business days, 0–{MAX_PERCENT}%)."
)

# No calendar has anywhere near this many consecutive days off; the bound only
# turns a broken holiday table into an error instead of an endless loop.
_MAX_DAYS_OFF_IN_A_ROW = 366
_MINUTE = timedelta(minutes=1)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class UnknownCountryError(ValueError):
    """The country code is not one the `holidays` package knows."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(
            f"Unknown country code {code!r}: use an ISO 3166 code such as RU, US or DE."
        )


class PadArgumentError(ValueError):
    """A /pad argument that cannot become a policy; the message names the valid forms."""

    def __init__(self, reason: Literal["syntax", "negative", "too_large", "repeated"]) -> None:
        self.reason = reason
        detail = {
            "syntax": "Could not read the padding.",
            "negative": "Padding cannot be negative.",
            "too_large": "That padding is too large.",
            "repeated": "Give the days and the percent at most once each.",
        }[reason]
        super().__init__(f"{detail} {PAD_USAGE}")


@dataclass(frozen=True, slots=True)
class _Year:
    """One country's year: its days off, its weekend, and the weekend days worked instead."""

    days_off: frozenset[date]
    weekend: frozenset[int]  # weekday numbers, Monday 0 (Friday and Saturday in Israel)
    # A holiday moved onto a weekday makes a weekend day a working one (Russia's
    # Saturday 1 Nov 2025 for Monday 3 Nov): `holidays` lists those apart.
    working_weekend: frozenset[date]


@lru_cache(maxsize=256)
def _year(country: str, year: int) -> _Year:
    # Building a holiday table costs far more than a lookup, and padding runs
    # for every captured deadline and inside the backwards binary search.
    table = holidays.country_holidays(country, years=year)
    return _Year(
        frozenset(table.keys()), frozenset(table.weekend), frozenset(table.weekend_workdays)
    )


@lru_cache(maxsize=64)
def _normalise_country(code: str) -> str:
    normalised = code.strip().upper()
    try:
        holidays.country_holidays(normalised)
    except NotImplementedError as error:
        raise UnknownCountryError(code) from error
    return normalised


def _localise(naive: datetime, tz: ZoneInfo) -> datetime:
    # fold=0 makes zoneinfo use the pre-transition offset: an ambiguous time
    # becomes its first occurrence and a nonexistent one lands after the gap
    # once normalised through UTC (02:30 on a spring-forward night → 03:30).
    return naive.replace(tzinfo=tz, fold=0).astimezone(UTC).astimezone(tz)


def _zone_of(moment: datetime) -> ZoneInfo:
    if not isinstance(moment.tzinfo, ZoneInfo):
        raise ValueError(f"expected a datetime with a ZoneInfo zone, got {moment!r}")
    return moment.tzinfo


@dataclass(frozen=True, slots=True)
class BusinessCalendar:
    """Saturdays and Sundays off; with `country`, that country's weekend, public holidays
    and the weekend days it works instead of a moved holiday."""

    country: str | None = None
    end_of_business: time = time(18, 0)

    def __post_init__(self) -> None:
        if self.country is not None:
            # Validate eagerly so a bad /country setting fails where the user typed it.
            object.__setattr__(self, "country", _normalise_country(self.country))

    def is_business_day(self, day: date) -> bool:
        """True for a working day: not a weekend day (unless worked instead), not a holiday."""
        if self.country is None:
            return day.weekday() < 5
        year = _year(self.country, day.year)
        if day.weekday() in year.weekend:
            return day in year.working_weekend
        return day not in year.days_off

    def next_business_day(self, day: date) -> date:
        """The first business day strictly after `day`."""
        candidate = day
        for _ in range(_MAX_DAYS_OFF_IN_A_ROW):
            candidate += timedelta(days=1)
            if self.is_business_day(candidate):
                return candidate
        raise RuntimeError(f"no business day within a year after {day} for {self.country}")

    def eob(self, moment: datetime) -> datetime:
        """End of business on `moment`'s date if still ahead that business day, else the next."""
        tz = _zone_of(moment)
        day = moment.date()
        if self.is_business_day(day):
            same_day = _localise(datetime.combine(day, self.end_of_business), tz)
            if moment.astimezone(UTC) <= same_day.astimezone(UTC):
                return same_day
        next_day = self.next_business_day(day)
        return _localise(datetime.combine(next_day, self.end_of_business), tz)


@dataclass(frozen=True, slots=True)
class PaddingPolicy:
    """How much later than the internal deadline the client is promised."""

    min_business_days: int = 1
    percent: int = 25
    enabled: bool = True

    def __post_init__(self) -> None:
        if self.min_business_days < 0 or self.percent < 0:
            raise PadArgumentError("negative")
        if self.min_business_days > MAX_BUSINESS_DAYS or self.percent > MAX_PERCENT:
            raise PadArgumentError("too_large")


DEFAULT_POLICY = PaddingPolicy()
DEFAULT_CALENDAR = BusinessCalendar()


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"expected an aware datetime, got {moment!r}")
    # Aware datetimes sharing a tzinfo compare and subtract by wall clock in
    # Python; every instant comparison here goes through UTC to avoid that.
    return moment.astimezone(UTC)


def client_due(
    internal_due: datetime,
    captured_at: datetime,
    *,
    tz: ZoneInfo,
    policy: PaddingPolicy = DEFAULT_POLICY,
    calendar: BusinessCalendar = DEFAULT_CALENDAR,
) -> datetime:
    """The date to promise the client for an internal deadline, aware in `tz`."""
    due_utc = _utc(internal_due)
    local_due = due_utc.astimezone(tz)
    if not policy.enabled:
        return local_due
    # "D + N business days" counts from the business day D falls in (its own date
    # until EOB, else the next business day). On a business day before EOB that is
    # exactly "same local time N business days later, then EOB"; for a deadline at
    # the weekend or after hours it keeps the promise monotonic: a Saturday
    # deadline never gets an earlier client date than a Friday-evening one.
    day = calendar.eob(local_due).date()
    for _ in range(policy.min_business_days):
        day = calendar.next_business_day(day)
    by_days = _localise(datetime.combine(day, calendar.end_of_business), tz)
    lead = max(due_utc - _utc(captured_at), timedelta(0))
    by_percent = due_utc + lead * policy.percent // 100
    later = max(_utc(by_days), by_percent)
    return calendar.eob(later.astimezone(tz))


def _minute_index(moment: datetime) -> int:
    return (_utc(moment) - _EPOCH) // _MINUTE


def _from_minute_index(index: int, tz: ZoneInfo) -> datetime:
    return (_EPOCH + index * _MINUTE).astimezone(tz)


def internal_due_for_client_date(
    client_date: datetime,
    captured_at: datetime,
    *,
    tz: ZoneInfo,
    policy: PaddingPolicy = DEFAULT_POLICY,
    calendar: BusinessCalendar = DEFAULT_CALENDAR,
) -> datetime | None:
    """The latest whole-minute internal deadline after `captured_at` whose padding fits
    by `client_date`, or None when even the next minute pads past it."""
    client_utc = _utc(client_date)

    def fits(index: int) -> bool:
        padded = client_due(
            _from_minute_index(index, tz), captured_at, tz=tz, policy=policy, calendar=calendar
        )
        return _utc(padded) <= client_utc

    # client_due is non-decreasing in the internal due time and never earlier
    # than it, so the answer lies in (captured_at, client_date] and bisects.
    low = _minute_index(captured_at) + 1
    high = _minute_index(client_date)
    if high < low or not fits(low):
        return None
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return _from_minute_index(low, tz)


_OFF_WORDS = frozenset({"off", "disable", "выкл", "выключить", "нет"})
_ON_WORDS = frozenset({"on", "enable", "вкл", "включить"})
_DEFAULT_WORDS = frozenset({"default", "reset", "сброс", "по умолчанию"})
_PAD_PART = re.compile(
    r"(?P<number>[-−]?\d+)\s*"
    r"(?P<unit>%|bd|days?|d|рд|дн|день|дня|дней|д)(?![\w%])",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"[\s,;]+")


@dataclass(frozen=True, slots=True)
class PadChange:
    """What one /pad argument says: the values it names (None: not named), or `reset`."""

    days: int | None = None
    percent: int | None = None
    enabled: bool | None = None
    reset: bool = False  # "default": drop what was set, follow the next level

    def apply(self, current: PaddingPolicy) -> PaddingPolicy:
        if self.reset:
            return DEFAULT_POLICY
        return PaddingPolicy(
            min_business_days=current.min_business_days if self.days is None else self.days,
            percent=current.percent if self.percent is None else self.percent,
            enabled=current.enabled if self.enabled is None else self.enabled,
        )


def parse_pad_change(arg: str) -> PadChange:
    """Read a /pad argument ("2d", "50%", "2d 50%", "off", "on", "default").

    Giving any value also turns padding on. Raises PadArgumentError (a ValueError)
    whose message lists the valid forms.
    """
    text = " ".join(arg.split()).lower()
    if text in _OFF_WORDS:
        return PadChange(enabled=False)
    if text in _ON_WORDS:
        return PadChange(enabled=True)
    if text in _DEFAULT_WORDS:
        return PadChange(reset=True)
    days: int | None = None
    percent: int | None = None
    position = 0
    while position < len(text):
        separator = _SEPARATORS.match(text, position)
        if separator:
            position = separator.end()
            continue
        part = _PAD_PART.match(text, position)
        if part is None:
            raise PadArgumentError("syntax")
        position = part.end()
        number_text = part["number"]
        if number_text.startswith(("-", "−")):
            raise PadArgumentError("negative")
        number = int(number_text)
        if part["unit"] == "%":
            if percent is not None:
                raise PadArgumentError("repeated")
            percent = number
        else:
            if days is not None:
                raise PadArgumentError("repeated")
            days = number
    if days is None and percent is None:
        raise PadArgumentError("syntax")
    if (days or 0) > MAX_BUSINESS_DAYS or (percent or 0) > MAX_PERCENT:
        raise PadArgumentError("too_large")
    return PadChange(days=days, percent=percent, enabled=True)


def parse_pad_argument(arg: str, current: PaddingPolicy = DEFAULT_POLICY) -> PaddingPolicy:
    """`parse_pad_change` applied over `current`: values not mentioned are kept from it."""
    return parse_pad_change(arg).apply(current)


@dataclass(frozen=True, slots=True)
class PadCommand:
    """A /pad command read: whose padding (a client's name; None: the user's) and what
    to change (None: show it)."""

    client: str | None
    change: PadChange | None


def read_pad_command(args: str) -> PadCommand:
    """ "" or "2d": the user's; "Acme 50%", "Acme Corp off": a client's; "Acme": show its.

    The client's name is the words before the longest tail that reads as padding. A
    tail that is padding but not a valid one ("Acme 500%") raises its PadArgumentError;
    when no tail reads as padding, the whole text is taken for a name.
    """
    text = " ".join(args.split())
    if not text:
        return PadCommand(None, None)
    words = text.split(" ")
    # split 0 is the whole text, the user's own padding.
    for split in range(len(words)):
        try:
            change = parse_pad_change(" ".join(words[split:]))
        except PadArgumentError as error:
            if error.reason == "syntax":
                continue
            raise
        return PadCommand(" ".join(words[:split]) or None, change)
    return PadCommand(text, None)


# As `bot.zones.zone_example`: the country of a "/settings country …" hint is not theirs.
_COUNTRY_EXAMPLES: Final = {"ru": ("RU", "KZ"), "en": ("GB", "US")}


def country_example(current: str | None, language: str) -> str:
    """A country code for a "/settings country …" hint that is not `current`."""
    choices = _COUNTRY_EXAMPLES.get(language, _COUNTRY_EXAMPLES["en"])
    return next(code for code in choices if code != current)
