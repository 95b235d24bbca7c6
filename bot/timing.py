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


_CLOCK = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


def parse_clock(text: str) -> time | None:
    """A time of day as users type it in settings: `8:30`, `08.30`, `18:00`."""
    match = _CLOCK.match(text.strip())
    return time(int(match.group(1)), int(match.group(2))) if match else None
