"""Deadline rules that need no database: padding overrides, dates after a change of zone."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.deadlines import changed_override, dates_in_new_zone, tomorrow_morning
from bot.models import Item, PadOverride, PlannedReminder
from bot.padding import BusinessCalendar, PadChange

MOSCOW = ZoneInfo("Europe/Moscow")
NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)  # 12:30 in Moscow


def deadline(due: datetime, client_due: datetime) -> Item:
    return Item(
        id=1,
        user_id=1,
        client_id=None,
        client_name=None,
        client_hint=None,
        kind="deadline",
        status="open",
        title="banner mockups",
        text="banner mockups",
        due_at=due,
        has_time=True,
        source="typed",
        file_id=None,
        file_type=None,
        chat_id=1,
        message_id=1,
        reply_message_id=None,
        created_at=datetime(2026, 11, 25, 8, 30, tzinfo=UTC),
        client_due_at=client_due,
    )


def moscow(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=MOSCOW)


def test_dates_ahead_keep_their_wall_clock_time() -> None:
    item = deadline(moscow(26, 12), moscow(27, 18))
    due, client_due = dates_in_new_zone(item, old=MOSCOW, new=NEW_YORK, now=NOW, sent=())
    assert due == datetime(2026, 11, 26, 12, tzinfo=NEW_YORK)
    assert client_due == datetime(2026, 11, 27, 18, tzinfo=NEW_YORK)


def test_a_team_date_past_stays_and_the_promise_ahead_moves() -> None:
    item = deadline(moscow(25, 12), moscow(26, 18))
    sent = {PlannedReminder("internal", moscow(25, 12))}
    due, client_due = dates_in_new_zone(item, old=MOSCOW, new=NEW_YORK, now=NOW, sent=sent)
    assert due == moscow(25, 12)
    assert client_due == datetime(2026, 11, 26, 18, tzinfo=NEW_YORK)


def test_a_promise_already_reminded_of_stays_with_its_team_date() -> None:
    item = deadline(moscow(25, 13), moscow(25, 14))
    # The heads-up two hours before the promise went out at 12:00.
    sent = {PlannedReminder("client", moscow(25, 12))}
    assert dates_in_new_zone(item, old=MOSCOW, new=NEW_YORK, now=NOW, sent=sent) == (
        moscow(25, 13),
        moscow(25, 14),
    )


def test_a_heads_up_sent_for_an_earlier_promise_does_not_hold_the_new_one() -> None:
    item = deadline(moscow(26, 12), moscow(27, 18))
    sent = {PlannedReminder("client", moscow(25, 12))}
    due, _ = dates_in_new_zone(item, old=MOSCOW, new=NEW_YORK, now=NOW, sent=sent)
    assert due == datetime(2026, 11, 26, 12, tzinfo=NEW_YORK)


def test_a_change_sets_only_what_it_names() -> None:
    current = PadOverride(enabled=False)
    changed = changed_override(current, PadChange(percent=50, enabled=True))
    assert changed == PadOverride(days=None, percent=50, enabled=True)
    assert changed_override(changed, PadChange(enabled=False)) == PadOverride(None, 50, False)


def test_default_clears_the_override() -> None:
    assert changed_override(PadOverride(3, 50, True), PadChange(reset=True)).empty


def test_tomorrow_morning_skips_to_the_next_working_day_when_asked() -> None:
    moscow = ZoneInfo("Europe/Moscow")
    friday = datetime(2026, 11, 27, 9, tzinfo=moscow)
    assert tomorrow_morning(friday, moscow) == datetime(2026, 11, 28, 10, tzinfo=moscow)
    workday = BusinessCalendar().is_business_day
    assert tomorrow_morning(friday, moscow, workday) == datetime(2026, 11, 30, 10, tzinfo=moscow)
    # Russia's New Year holidays: from 31 December straight to Monday 11 January.
    russia = BusinessCalendar(country="RU").is_business_day
    eve = datetime(2026, 12, 31, 9, tzinfo=moscow)
    assert tomorrow_morning(eve, moscow, russia).date() == date(2027, 1, 11)


def test_tomorrow_morning_with_no_working_day_at_all_is_tomorrow() -> None:
    utc = ZoneInfo("UTC")
    now = datetime(2026, 11, 27, 9, tzinfo=UTC)
    assert tomorrow_morning(now, utc, lambda day: False) == datetime(2026, 11, 28, 10, tzinfo=utc)
