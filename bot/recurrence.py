"""Recurring check-ins: recognising them in Russian and English, and stepping through them.

`find_recurrence` picks the first recurrence phrase in a message ("каждый понедельник",
"по будням", "every month on the 5th" …) and the time that belongs to it, and returns
the rest of the message as the check-in's text. A time next to the phrase wins over one
elsewhere in the message; a bare number counts as a time only after a preposition
("в 11", "at 3"), and one naming an impossible clock time ("в 25:00") makes the whole
message not a recurrence, so the caller treats it as ordinary text instead of scheduling
something the user did not mean.

"daily", "everyday", "ежедневно" and "ежедневный" also describe things ("the daily
report", "ежедневный отчёт к пятнице"), so they schedule only when used as a schedule:
never in a message that also names a one-off day ("by Friday", "завтра"), and when
placed before a noun ("daily standup", "ежедневный созвон") only with a time next to
the phrase or at most two words after it ("daily standup at 9:45"). "every day" and
"каждый день" always schedule.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal, get_args
from zoneinfo import ZoneInfo

from bot.dates import names_day
from bot.i18n import Html, format_clock, translator
from bot.models import Language

__all__ = ["DEFAULT_TIME", "Frequency", "Recurrence", "RecurrenceMatch", "find_recurrence"]

Frequency = Literal["daily", "weekdays", "weekly", "monthly"]
_FREQUENCIES: tuple[Frequency, ...] = get_args(Frequency)

DEFAULT_TIME = time(10, 0)
# Long enough to reach the next occurrence of any rule: a monthly one is at most
# two calendar months away.
_MAX_SCAN_DAYS = 64

# `recurrence.weekly.<key>` in the locales, Monday first as in `date.weekday()`.
_WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RULE = re.compile(r"(daily|weekdays|weekly|monthly);(\d{0,2});(\d{2}):(\d{2})")


def _localise(naive: datetime, tz: ZoneInfo) -> datetime:
    # fold=0: an ambiguous local time is its first occurrence, and a nonexistent one
    # (spring forward) lands just after the gap once normalised through UTC.
    return naive.replace(tzinfo=tz, fold=0).astimezone(UTC).astimezone(tz)


@dataclass(frozen=True, slots=True)
class Recurrence:
    """A repeating time: daily, on weekdays, weekly on one weekday or monthly on one day.

    A `day_of_month` beyond a month's length means that month's last day.
    """

    freq: Frequency
    weekday: int | None = None
    day_of_month: int | None = None
    at: time = DEFAULT_TIME

    def __post_init__(self) -> None:
        if self.freq not in _FREQUENCIES:
            raise ValueError(f"unknown frequency {self.freq!r}")
        if (self.freq == "weekly") != (self.weekday is not None):
            raise ValueError("a weekday is required for weekly rules and only for them")
        if (self.freq == "monthly") != (self.day_of_month is not None):
            raise ValueError("a day of month is required for monthly rules and only for them")
        if self.weekday is not None and not 0 <= self.weekday <= 6:
            raise ValueError(f"weekday must be 0–6, got {self.weekday}")
        if self.day_of_month is not None and not 1 <= self.day_of_month <= 31:
            raise ValueError(f"day of month must be 1–31, got {self.day_of_month}")
        if self.at.tzinfo is not None or self.at.second or self.at.microsecond:
            raise ValueError(f"time must be a naive whole minute, got {self.at!r}")

    def occurs_on(self, day: date) -> bool:
        """True if the rule fires on this calendar date."""
        if self.freq == "daily":
            return True
        if self.freq == "weekdays":
            return day.weekday() < 5
        if self.freq == "weekly":
            return day.weekday() == self.weekday
        assert self.day_of_month is not None
        last_day = calendar.monthrange(day.year, day.month)[1]
        return day.day == min(self.day_of_month, last_day)

    def next_after(self, after: datetime, tz: ZoneInfo) -> datetime:
        """The first occurrence strictly after `after`, aware in `tz`, on local wall-clock time."""
        if after.tzinfo is None or after.utcoffset() is None:
            raise ValueError(f"expected an aware datetime, got {after!r}")
        # Compare in UTC: aware datetimes sharing a tzinfo compare by wall clock.
        start = after.astimezone(UTC)
        day = start.astimezone(tz).date()
        for _ in range(_MAX_SCAN_DAYS):
            if self.occurs_on(day):
                candidate = _localise(datetime.combine(day, self.at), tz)
                if candidate.astimezone(UTC) > start:
                    return candidate
            day += timedelta(days=1)
        raise AssertionError(f"{self} has no occurrence within {_MAX_SCAN_DAYS} days")

    def in_new_zone(
        self, pending: datetime, *, old: ZoneInfo, new: ZoneInfo, now: datetime
    ) -> datetime:
        """The pending occurrence once the user moves from `old` to `new`: its own day at
        the rule's time in `new`, so one already sent today does not come again today.

        An occurrence already due stays owed as it is; one whose time has passed in the
        new zone gives way to the next after `now` (a rule typed in the wrong zone
        must not ring at once, late, for a time the user never meant).
        """
        start = now.astimezone(UTC)
        if pending.astimezone(UTC) <= start:
            return pending
        day = pending.astimezone(old).date()
        candidate = _localise(datetime.combine(day, self.at), new)
        if candidate.astimezone(UTC) > start:
            return candidate
        return self.next_after(now, new)

    def describe(self, language: Language) -> Html:
        """A short phrase from the locales: "every Monday at 11:00", "по будням в 10:00"."""
        t = translator(language)
        if self.freq == "weekly":
            assert self.weekday is not None
            when = t(f"recurrence.weekly.{_WEEKDAY_KEYS[self.weekday]}")
        elif self.freq == "monthly":
            assert self.day_of_month is not None
            ordinal = t("recurrence.ordinals").split()[self.day_of_month - 1]
            when = t("recurrence.monthly", ordinal=ordinal)
            if self.day_of_month > 28:
                when = Html(when + t("recurrence.monthly_last_day"))
        else:
            when = t(f"recurrence.{self.freq}")
        return t("recurrence.at", when=when, time=format_clock(t, self.at))

    def to_rule(self) -> str:
        """A compact storable form, e.g. "weekly;0;11:00" or "daily;;09:30"."""
        parameter = self.weekday if self.weekday is not None else self.day_of_month
        return f"{self.freq};{'' if parameter is None else parameter};{self.at:%H:%M}"

    @classmethod
    def from_rule(cls, rule: str) -> Recurrence:
        """Parse `to_rule` output; ValueError for anything else."""
        parsed = _RULE.fullmatch(rule)
        if parsed is None:
            raise ValueError(f"not a recurrence rule: {rule!r}")
        freq_text, parameter_text, hour, minute = parsed.groups()
        freq = next(f for f in _FREQUENCIES if f == freq_text)
        parameter = int(parameter_text) if parameter_text else None
        recurrence = cls(
            freq=freq,
            weekday=parameter if freq == "weekly" else None,
            day_of_month=parameter if freq == "monthly" else None,
            at=time(int(hour), int(minute)),
        )
        # Only the canonical spelling is accepted, so a stray field is never dropped.
        if recurrence.to_rule() != rule:
            raise ValueError(f"not a canonical recurrence rule: {rule!r}")
        return recurrence


@dataclass(frozen=True, slots=True)
class RecurrenceMatch:
    """A recurrence found in a message and the message with its words and time removed."""

    recurrence: Recurrence
    text_without: str


# --- recognising phrases -------------------------------------------------------------

_RU_DAY_EVERY = {
    "понедельник": 0,
    "вторник": 1,
    "среду": 2,
    "четверг": 3,
    "пятницу": 4,
    "субботу": 5,
    "воскресенье": 6,
}
_RU_DAY_PLURAL = {
    "понедельникам": 0,
    "вторникам": 1,
    "средам": 2,
    "четвергам": 3,
    "пятницам": 4,
    "субботам": 5,
    "воскресеньям": 6,
}
_EN_DAY = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tues": 1,
    "tue": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thurs": 3,
    "thur": 3,
    "thu": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
_WEEKDAY_BY_WORD = {**_RU_DAY_EVERY, **_RU_DAY_PLURAL, **_EN_DAY}


def _alternatives(words: dict[str, int]) -> str:
    # Longest first so "tues" is not read as "tue" + "s".
    return "|".join(sorted(words, key=len, reverse=True))


_RU_EVERY = rf"(?:{_alternatives(_RU_DAY_EVERY)})"
_RU_PLURAL = rf"(?:{_alternatives(_RU_DAY_PLURAL)})"
_EN_WEEKDAY = rf"(?:{_alternatives(_EN_DAY)})"
_RU_ORDINAL_TAIL = r"(?:-?(?:ое|ого|го|е))?"
_EN_ORDINAL_TAIL = r"(?:st|nd|rd|th)?"
_EVERY_MONTH_RU = r"(?:ежемесячно|каждый\s+месяц|раз\s+в\s+месяц)"
_EVERY_MONTH_EN = r"(?:monthly|(?:every|each)\s+month|once\s+a\s+month)"
_EVERY_WEEK_RU = r"(?:еженедельно|каждую\s+неделю|раз\s+в\s+неделю)"
_EVERY_WEEK_EN = r"(?:weekly|(?:every|each)\s+week|once\s+a\s+week)"


def _phrase(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE)


# Each pattern names the weekday word in `day…`, the day of month in `dom…`, or
# matches "the last day" via `last`; which of them matched decides the frequency.
_PHRASES: tuple[tuple[Frequency, re.Pattern[str]], ...] = (
    (
        "monthly",
        _phrase(
            rf"(?:каждое|каждого)\s+(?P<dom1>\d{{1,2}}){_RU_ORDINAL_TAIL}\s+числ[оа]"
            rf"|{_EVERY_MONTH_RU}\s+(?:в\s+)?(?P<dom2>\d{{1,2}})"
            rf"(?:-?(?:го|ого)|{_RU_ORDINAL_TAIL}\s+числа)"
            rf"|(?P<dom3>\d{{1,2}}){_RU_ORDINAL_TAIL}\s+(?:числа\s+)?каждого\s+месяца"
            rf"|{_EVERY_MONTH_EN}\s+on\s+(?:the\s+|day\s+)?(?P<dom4>\d{{1,2}}){_EN_ORDINAL_TAIL}"
            rf"|on\s+the\s+(?P<dom5>\d{{1,2}}){_EN_ORDINAL_TAIL}\s+(?:of\s+)?(?:every|each)\s+month"
            rf"|(?:every|each)\s+(?P<dom6>\d{{1,2}})(?:st|nd|rd|th)\s+of\s+the\s+month"
        ),
    ),
    (
        "monthly",
        _phrase(
            r"(?P<last>каждый\s+последний\s+день\s+месяца"
            r"|(?:в\s+)?последний\s+день\s+каждого\s+месяца"
            rf"|{_EVERY_MONTH_RU}\s+в\s+последний\s+день(?:\s+месяца)?"
            r"|(?:on\s+)?the\s+last\s+day\s+of\s+(?:every|each)\s+month"
            rf"|{_EVERY_MONTH_EN}\s+on\s+the\s+last\s+day)"
        ),
    ),
    (
        "weekly",
        _phrase(
            rf"(?:каждый|каждую|каждое)\s+(?P<day>{_RU_EVERY})"
            rf"|(?:{_EVERY_WEEK_RU}\s+)?по\s+(?P<day2>{_RU_PLURAL})"
            rf"|{_EVERY_WEEK_RU}\s+во?\s+(?P<day3>{_RU_EVERY})"
            rf"|(?:every|each)\s+(?P<day4>{_EN_WEEKDAY})s?"
            rf"|(?:{_EVERY_WEEK_EN}\s+)?on\s+(?P<day5>{_EN_WEEKDAY})s"
            rf"|{_EVERY_WEEK_EN}\s+on\s+(?P<day6>{_EN_WEEKDAY})"
        ),
    ),
    (
        "weekdays",
        _phrase(
            r"по\s+будням|по\s+будним\s+дням|в\s+будни|каждый\s+будний\s+день"
            r"|по\s+рабочим\s+дням|в\s+рабочие\s+дни|каждый\s+рабочий\s+день"
            r"|(?:every|each)\s+(?:weekday|workday|working\s+day|business\s+day)"
            r"|on\s+(?:weekdays|workdays|working\s+days|business\s+days)"
        ),
    ),
    (
        "daily",
        _phrase(
            r"каждый\s+день(?!\s+рождени)|(?:every|each)\s+day(?!\s+(?:off|of))"
            r"|(?P<loose_adverb>ежедневно)|(?P<loose_either>everyday|daily)"
            r"|(?P<loose_adjective>ежедневн(?:ый|ая|ое|ые|ую|ого|ой|ым|ых|ому|ом))"
        ),
    ),
)

# A clock time, with or without a preposition. Which of them count as times is decided
# in `_read_time`: a bare "11" is only a number, "в 11", "11am" and "11:00" are times.
_TIME = re.compile(
    r"(?<![\w.:])"
    r"(?:(?P<prep>в|во|к|около|at|by|around)\s+)?"
    r"(?:(?P<hour>\d{1,2})(?:(?P<sep>[:.])(?P<minute>\d{2}))?"
    r"(?:\s*(?P<ampm>[ap]\.?m\b\.?))?"
    r"(?:\s*(?:часов|часа|час|ч|o'clock)(?!\w))?"
    r"(?:\s+(?P<part>утра|дня|вечера|ночи))?"
    r"|(?P<noon>полдень|noon)|(?P<midnight>полночь|midnight))"
    r"(?!\w|[.:]\d)",
    re.IGNORECASE,
)
# "в 2 раза", "at 3 locations": a preposition and a number followed by a unit is a quantity.
_QUANTITY_AFTER = re.compile(
    r"\s*(?:%|раз|этаж|комнат|кабинет|экземпляр|минут|секунд|дн|день|недел|месяц|год|лет"
    r"|шт|человек|процент|руб|тыс|млн|слайд|страниц|пункт|строк"
    r"|times|minutes|seconds|days|weeks|months|years|people|percent|copies|rooms|pages)",
    re.IGNORECASE,
)
_BETWEEN_ADJACENT = re.compile(r"[\s,]*")
# "daily standup at 9:45": the time may follow the noun the word describes.
_AT_MOST_TWO_WORDS = re.compile(r"(?:[\s,]+[^\s,]+){0,2}[\s,]*")
_WORD_NEXT = re.compile(r"[ \t]+[^\W\d_]")


@dataclass(frozen=True, slots=True)
class _TimeToken:
    start: int
    end: int
    at: time | None  # None: looks like a time but names an impossible one


def _clock(match: re.Match[str]) -> time | None:
    if match["noon"]:
        return time(12, 0)
    if match["midnight"]:
        return time(0, 0)
    hour = int(match["hour"])
    minute = int(match["minute"] or 0)
    ampm = (match["ampm"] or "").replace(".", "").lower()
    part = (match["part"] or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    elif part in {"дня", "вечера"} and 1 <= hour <= 11:
        hour += 12
    elif part == "ночи" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _read_time(match: re.Match[str], text: str) -> _TimeToken | None:
    is_time = bool(
        match["noon"]
        or match["midnight"]
        or match["sep"] == ":"
        or match["ampm"]
        or match["part"]
        or (match["prep"] and match["sep"] == ".")
    )
    if not is_time and match["prep"]:
        is_time = _QUANTITY_AFTER.match(text, match.end()) is None
    if not is_time:
        return None
    return _TimeToken(match.start(), match.end(), _clock(match))


def _pick_time(text: str, phrase_start: int, phrase_end: int) -> _TimeToken | None:
    # Blank the phrase out (keeping offsets) so its numbers are never read as times.
    masked = text[:phrase_start] + " " * (phrase_end - phrase_start) + text[phrase_end:]
    tokens = [
        token
        for match in _TIME.finditer(masked)
        if (token := _read_time(match, masked)) is not None
    ]
    if not tokens:
        return None
    for token in tokens:
        if _BETWEEN_ADJACENT.fullmatch(text, phrase_end, token.start):
            return token
    for token in tokens:
        if _BETWEEN_ADJACENT.fullmatch(text, token.end, phrase_start):
            return token

    def distance(token: _TimeToken) -> int:
        return token.start - phrase_end if token.start >= phrase_end else phrase_start - token.end

    return min(tokens, key=distance)


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r"([,;])(?:\s*[,;])+", r"\1", text)
    return text.strip(" ,;:—–-")


def _recurrence_from(freq: Frequency, match: re.Match[str]) -> Recurrence | None:
    groups = {name: value for name, value in match.groupdict().items() if value}
    if freq == "weekly":
        word = next(value for name, value in groups.items() if name.startswith("day"))
        return Recurrence("weekly", weekday=_WEEKDAY_BY_WORD[word.lower()])
    if freq == "monthly":
        if "last" in groups:
            return Recurrence("monthly", day_of_month=31)
        number = int(next(value for name, value in groups.items() if name.startswith("dom")))
        return Recurrence("monthly", day_of_month=number) if 1 <= number <= 31 else None
    return Recurrence(freq)


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _used_as_schedule(match: re.Match[str], text: str, token: _TimeToken | None) -> bool:
    """Whether a loose "daily"/"ежедневно" schedules the message (see the module docstring)."""
    spans = [(match.start(), match.end())]
    if token is not None:
        spans.append((token.start, token.end))
    if names_day(_blank(text, spans)):
        return False  # "send the daily report by Friday": a one-off deadline
    if match["loose_adverb"]:
        return True
    adjacent = token is not None and (
        _BETWEEN_ADJACENT.fullmatch(text, match.end(), token.start) is not None
        or _BETWEEN_ADJACENT.fullmatch(text, token.end, match.start()) is not None
    )
    before_a_noun = bool(match["loose_adjective"]) or (
        _WORD_NEXT.match(text, match.end()) is not None and not adjacent
    )
    if not before_a_noun:
        return True  # "check mail daily", "daily at 10 standup", "daily: report"
    return adjacent or (
        token is not None
        and token.start >= match.end()
        and _AT_MOST_TWO_WORDS.fullmatch(text, match.end(), token.start) is not None
    )


# Every captured message is asked for a recurrence and about one in a hundred has one:
# each phrase above holds one of these words, and one search of the lowered text turns
# the rest away before the phrases are tried (bench/bench_capture.py).
_SCHEDULE_WORDS = re.compile(
    r"кажд|ежем|еженед|ежедн|раз\s+в\s|every|each|monthly|weekly|daily|once\s+a\s"
    r"|по\s+(?:понедельник|вторник|сред|четверг|пятниц|суббот|воскресень|будн|рабоч)"
    r"|в\s+(?:будни|рабочие)|on\s+(?:mon|tue|wed|thu|fri|sat|sun|week|work|business)"
)


def find_recurrence(text: str) -> RecurrenceMatch | None:
    """The first recurrence in `text` with its time (10:00 if none), or None.

    None also when the day of month or the time next to the phrase is impossible
    ("каждое 32 число", "каждый понедельник в 25:00"). A loose "daily" that is not
    used as a schedule is skipped for a later phrase ("daily report every Monday").
    """
    if not _SCHEDULE_WORDS.search(text.lower()):
        return None
    found = sorted(
        (
            (match.start(), -match.end(), freq, match)
            for freq, pattern in _PHRASES
            for match in pattern.finditer(text)
        ),
        key=lambda item: item[:2],
    )
    for _, _, freq, match in found:
        token = _pick_time(text, match.start(), match.end())
        loose = match.lastgroup is not None and match.lastgroup.startswith("loose_")
        if loose and not _used_as_schedule(match, text, token):
            continue
        if token is None and _a_habit(match, text):
            continue
        return _matched(freq, match, token, text)
    return None


# Asking for the nudge, which a plural weekday alone does not ("remind me on Fridays").
_ASKS_TO_REMIND = re.compile(r"напомин|напомн|remind", re.IGNORECASE)


def _a_habit(match: re.Match[str], text: str) -> bool:
    """A plural weekday with no "every", no time and no "remind" tells a habit, not a
    schedule: "they are closed on Fridays", "CEO is out on Mondays", "по пятницам у них
    планёрка". "every Friday", "on Fridays at 10", "напоминай по пятницам" schedule."""
    plural = match.groupdict().get("day2") or match.groupdict().get("day5")
    if not plural or re.search(rf"{_EVERY_WEEK_RU}|{_EVERY_WEEK_EN}", match[0], re.IGNORECASE):
        return False
    return _ASKS_TO_REMIND.search(text) is None


def _matched(
    freq: Frequency, match: re.Match[str], token: _TimeToken | None, text: str
) -> RecurrenceMatch | None:
    recurrence = _recurrence_from(freq, match)
    if recurrence is None:
        return None
    spans = [(match.start(), match.end())]
    if token is not None:
        if token.at is None:
            return None
        recurrence = Recurrence(
            recurrence.freq, recurrence.weekday, recurrence.day_of_month, token.at
        )
        spans.append((token.start, token.end))
    remaining = text
    for start, end in sorted(spans, reverse=True):
        remaining = remaining[:start] + " " + remaining[end:]
    return RecurrenceMatch(recurrence=recurrence, text_without=_tidy(remaining))
