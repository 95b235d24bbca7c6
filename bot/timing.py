"""When the morning digest is due: pure date arithmetic in the user's zone."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def next_digest_at(
    after: datetime,
    *,
    tz: ZoneInfo,
    at: time,
    weekends: bool,
    last_sent_on: date | None = None,
) -> datetime:
    """The first digest moment strictly after `after`, skipping weekends unless wanted
    and the day already served. Computed on local wall time, so DST days keep `at`."""
    day = after.astimezone(tz).date()
    for offset in range(9):
        candidate_day = day + timedelta(days=offset)
        if not weekends and candidate_day.weekday() >= 5:
            continue
        if candidate_day == last_sent_on:
            continue
        moment = datetime.combine(candidate_day, at, tzinfo=tz)
        if moment > after:
            return moment
    raise AssertionError("a digest day always exists within 9 days")


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
