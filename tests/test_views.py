"""Views: the capture confirmation stays one readable message; client lines read as said."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.client_views import days_ago, timeline_text
from bot.i18n import translator
from bot.models import Client, Item
from bot.split import TELEGRAM_LIMIT, text_length
from bot.views import button_names, item_card
from storage.forwards import Conversation, LoggedForward

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


def test_a_time_that_has_passed_is_told_as_passed_not_as_not_understood() -> None:
    card = item_card(
        translator("en"),
        _item("SEO report today 10:00"),
        now=NOW,
        tz=ZoneInfo("Europe/Moscow"),
        problems=("today 10:00", "31.02"),
    )
    assert "Already passed: today 10:00. Set a new date with «Date»." in card
    assert "Didn't understand the date: 31.02." in card
    ru = item_card(
        translator("ru"),
        _item("сегодня в 10 созвон"),
        now=NOW,
        tz=ZoneInfo("Europe/Moscow"),
        problems=("сегодня в 10",),
    )
    assert "Уже прошло: сегодня в 10." in ru
    assert "Не понял" not in ru


def test_other_problems_get_no_day_first_hint() -> None:
    card = item_card(
        translator("ru"), _item("31.02"), now=NOW, tz=ZoneInfo("Europe/Moscow"), problems=("31.02",)
    )
    assert "Сначала число" not in card


def test_last_contact_counts_calendar_days_where_the_user_is() -> None:
    moscow = ZoneInfo("Europe/Moscow")
    en, ru = translator("en"), translator("ru")
    now = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)  # 09:00 in Moscow
    late_yesterday = datetime(2026, 11, 24, 20, 0, tzinfo=UTC)  # 23:00 in Moscow, 10 h ago
    assert days_ago(en, late_yesterday, now, moscow) == "yesterday"
    assert days_ago(ru, now, now, moscow) == "сегодня"
    # Before midnight UTC, after it in Moscow: the same day there.
    assert days_ago(en, datetime(2026, 11, 24, 21, 30, tzinfo=UTC), now, moscow) == "today"
    assert days_ago(ru, datetime(2026, 11, 21, 12, 0, tzinfo=UTC), now, moscow) == "4 дня назад"
    assert days_ago(en, None, now, moscow) == "never"


def test_a_timeline_page_of_conversations_with_the_longest_names_fits() -> None:
    t = translator("ru")

    def said(index: int) -> LoggedForward:
        # A first name as long as Telegram allows (64), of emoji that count two each.
        name = f"{index}" + "😀" * 63 + " Petrov"
        return LoggedForward(index, None, False, False, name, NOW, "hi", None, None)

    page = [
        Conversation(chat, 1, "Acme", NOW, NOW, 4, [said(chat * 10 + k) for k in range(4)])
        for chat in range(8)
    ]
    client = Client(1, 1, "😀" * 100, (), "active")
    text = timeline_text(t, client, page, page=0, pages=1, now=NOW, tz=ZoneInfo("Europe/Moscow"))
    assert text_length(text) <= TELEGRAM_LIMIT
    assert "0😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀…" in text  # each name cut, and marked


def test_button_names_alike_at_the_start_keep_what_tells_them_apart() -> None:
    holdings = "Alpha Marketing Group International Holdings"
    partners = "Alpha Marketing Group International Partners"
    assert button_names([holdings, partners, "Acme"], 24) == [
        "Alpha Marketing…Holdings",
        "Alpha Marketing…Partners",
        "Acme",
    ]
    # Only names that would look alike lose their middle; the rest are cut at the end.
    assert button_names([holdings, "Globex Corporation of the Americas"], 24) == [
        "Alpha Marketing Group I…",
        "Globex Corporation of t…",
    ]
    assert button_names([holdings, f"{holdings} Ltd"], 24) == [
        "Alpha Marketing…Holdings",
        "Alpha Marketing…Ltd",
    ]
    # A difference deep in one long word, and one past a long shared ending.
    long_word = "Supercalifragilisticexpialidocious"
    assert button_names([f"{long_word}1x", f"{long_word}2x"], 24) == [
        "Supercalifragi…docious1x",
        "Supercalifragi…docious2x",
    ]
    ends = (f"{end} Limited Liability Company" for end in ("Holdings", "Partners"))
    labels = button_names([f"Alpha Marketing Group International {end}" for end in ends], 24)
    assert labels == ["Alpha…Holdings Limit…", "Alpha…Partners Limit…"]


def test_button_names_are_always_apart_and_within_the_limit() -> None:
    names = [f"Alpha Marketing Group International {end}" for end in ("A", "B", "AB", "Ltd")]
    for limit in (12, 20, 24, 30):
        labels = button_names(names, limit)
        assert len({label.casefold() for label in labels}) == len(names)
        assert all(len(label) <= limit for label in labels)
