"""Times of day as users type them in settings."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.padding import BusinessCalendar
from bot.timing import next_digest_at, parse_clock


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("8:30", time(8, 30)),
        ("08.30", time(8, 30)),
        ("9", time(9, 0)),
        ("18", time(18, 0)),
        ("9am", time(9, 0)),
        ("6:30 pm", time(18, 30)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("25:00", None),
        ("13pm", None),
        ("noon", None),
    ],
)
def test_settings_read_times_as_captures_do(typed: str, read: time | None) -> None:
    assert parse_clock(typed) == read


MOSCOW = ZoneInfo("Europe/Moscow")


def test_the_digest_skips_a_countrys_days_off() -> None:
    russia = BusinessCalendar(country="RU").is_business_day
    after_last_one = datetime(2026, 12, 30, 10, tzinfo=MOSCOW)
    # 31 December and the New Year break, its weekend included, are days off.
    assert next_digest_at(
        after_last_one, tz=MOSCOW, at=time(9), weekends=False, workday=russia
    ) == datetime(2027, 1, 11, 9, tzinfo=MOSCOW)
    # Asked for on days off too: the next morning, whatever it is.
    assert next_digest_at(
        after_last_one, tz=MOSCOW, at=time(9), weekends=True, workday=russia
    ) == datetime(2026, 12, 31, 9, tzinfo=MOSCOW)
    # Without a country, Saturday and Sunday.
    friday = datetime(2026, 11, 27, 10, tzinfo=MOSCOW)
    assert next_digest_at(friday, tz=MOSCOW, at=time(9), weekends=False) == datetime(
        2026, 11, 30, 9, tzinfo=MOSCOW
    )


def test_a_calendar_without_working_days_falls_back_to_every_day() -> None:
    never = next_digest_at(
        datetime(2026, 11, 27, 10, tzinfo=MOSCOW),
        tz=MOSCOW,
        at=time(9),
        weekends=False,
        workday=lambda day: day < date(2000, 1, 1),
    )
    assert never == datetime(2026, 11, 28, 9, tzinfo=MOSCOW)
