"""When the morning digest is due: pure date arithmetic in the user's zone."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# Further than this without a working day is a calendar gone wrong, not a holiday (Russia's
# New Year break with its weekends is about eleven days): then every day is one.
DAYS_OFF_IN_A_ROW = 31


def next_digest_at(
    after: datetime,
    *,
    tz: ZoneInfo,
    at: time,
    weekends: bool,
    last_sent_on: date | None = None,
    workday: Callable[[date], bool] | None = None,
) -> datetime:
    """The first digest moment strictly after `after`, skipping days off unless wanted
    and the day already served. Computed on local wall time, so DST days keep `at`.

    `workday`: the user's calendar (public holidays off, a Saturday worked instead of one
    on); without it, Saturday and Sunday are the days off.
    """
    day = after.astimezone(tz).date()
    is_workday = workday or (lambda candidate: candidate.weekday() < 5)
    for offset in range(DAYS_OFF_IN_A_ROW + 2):
        candidate_day = day + timedelta(days=offset)
        if not weekends and not is_workday(candidate_day):
            continue
        if candidate_day == last_sent_on:
            continue
        moment = datetime.combine(candidate_day, at, tzinfo=tz)
        if moment > after:
            return moment
    if not weekends:
        return next_digest_at(after, tz=tz, at=at, weekends=True, last_sent_on=last_sent_on)
    raise AssertionError("with every day a digest day, one of the next two is")


def local_day(moment: datetime, tz: ZoneInfo) -> date:
    return moment.astimezone(tz).date()


_CLOCK = re.compile(r"^([01]?\d|2[0-3])(?:[:.]([0-5]\d))?$")
_TWELVE_HOUR = re.compile(r"^(1[0-2]|0?[1-9])(?:[:.]([0-5]\d))?\s*([ap])\.?m\.?$", re.IGNORECASE)


def parse_clock(text: str) -> time | None:
    """A time of day as users type it in settings: `8:30`, `08.30`, `18:00`, an hour
    alone (`9`, `18`), or on the twelve-hour clock (`9am`, `6:30 pm`), as captures
    read them."""
    text = text.strip()
    if match := _CLOCK.match(text):
        return time(int(match[1]), int(match[2] or 0))
    if match := _TWELVE_HOUR.match(text):
        hour = int(match[1]) % 12 + (12 if match[3].lower() == "p" else 0)
        return time(hour, int(match[2] or 0))
    return None
