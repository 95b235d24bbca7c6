"""Times of day as users type them in settings."""

from __future__ import annotations

from datetime import time

import pytest

from bot.timing import parse_clock


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
