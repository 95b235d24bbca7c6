"""The capture confirmation stays one readable message whatever was pasted."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.i18n import translator
from bot.models import Item
from bot.views import item_card

NOW = datetime(2026, 11, 25, 8, 30, tzinfo=UTC)


def _item(title: str, hint: str | None = None) -> Item:
    return Item(
        id=1,
        user_id=1,
        client_id=None,
        client_name=None,
        client_hint=hint,
        kind="note",
        status="open",
        title=title,
        text=title,
        due_at=None,
        has_time=False,
        source="typed",
        file_id=None,
        file_type=None,
        chat_id=1,
        message_id=1,
        reply_message_id=None,
        created_at=NOW,
    )


def test_many_impossible_dates_are_named_once_and_the_card_fits() -> None:
    pasted = " ".join(["31.02"] * 800)
    card = item_card(
        translator("en"),
        _item(pasted, hint="x" * 3000),
        now=NOW,
        tz=ZoneInfo("Europe/Moscow"),
        problems=("31.02",) * 800 + ("25:00",),
    )
    assert len(card) < 1000  # far under Telegram's 4096
    assert "Didn't understand the date: 31.02, 25:00." in card


def test_a_month_first_date_gets_a_day_first_hint() -> None:
    card = item_card(
        translator("en"),
        _item("deadline 12/15"),
        now=NOW,
        tz=ZoneInfo("Europe/Moscow"),
        problems=("31.02", "12/15"),
    )
    assert "Didn't understand the date: 31.02, 12/15." in card
    assert "Day first, then month: 15.12." in card


def test_other_problems_get_no_day_first_hint() -> None:
    card = item_card(
        translator("ru"), _item("31.02"), now=NOW, tz=ZoneInfo("Europe/Moscow"), problems=("31.02",)
    )
    assert "Сначала число" not in card
