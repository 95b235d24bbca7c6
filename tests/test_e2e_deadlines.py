"""Padded deadlines and reminders that are never lost, through the emulator."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.conftest import ANNA, OLGA, FakeClock, RunningBot
from tests.emulator import TelegramEmulator, UserClient


def moscow(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    """A Moscow wall-clock time in late 2026 (UTC+3 all year)."""
    return datetime(2026, month, day, hour - 3, minute, tzinfo=UTC)


async def advance_to(bot: RunningBot, clock: FakeClock, moment: datetime) -> None:
    clock.set(moment)
    await bot.app.reminders.rearm()


async def _acme(bot: RunningBot, user_id: int = ANNA) -> None:
    await bot.app.users.ensure(user_id, "ru" if user_id == OLGA else "en", bot.app.clock.now())
    await bot.app.clients.create(user_id, "Acme", bot.app.clock.now())


async def test_deadline_shows_the_date_to_promise(bot: RunningBot, anna: UserClient) -> None:
    await _acme(bot)
    await anna.send("SEO report by Friday #acme")
    reply = await anna.next_message()
    # Captured Wed 11:30, due Fri 18:00: one business day after Friday is Monday.
    assert "team: Fri 27 Nov, 18:00" in reply.text
    assert "client: Mon 30 Nov, 18:00" in reply.text
    assert await bot.rows("SELECT client_due_at FROM items") == [(int(moscow(30, 18).timestamp()),)]
    kinds = await bot.rows(
        "SELECT kind, due_at FROM reminders WHERE status = 'pending' ORDER BY due_at"
    )
    assert kinds == [
        ("internal", int(moscow(27, 18).timestamp())),
        ("client", int(moscow(30, 16).timestamp())),
    ]


async def test_reminder_arrives_at_its_time(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    await anna.send("remind me tomorrow 10am to call Globex")
    await anna.next_message()
    await advance_to(bot, clock, moscow(26, 9, 59))
    await anna.no_message(within=0.3)
    await advance_to(bot, clock, moscow(26, 10, 0))
    reminder = await anna.next_message()
    assert "call Globex" in reminder.text
    assert "Late" not in reminder.text
    assert {"✅ Done", "💤 1 hour", "🌅 Tomorrow 10:00"} <= set(reminder.buttons)
    assert await bot.rows("SELECT status, late FROM reminders") == [("sent", 0)]


async def test_a_meeting_at_a_time_is_a_reminder_then_with_no_promise(
    bot: RunningBot, olga: UserClient, clock: FakeClock
) -> None:
    await _acme(bot, OLGA)
    await olga.send("созвон с Acme завтра в 15")
    reply = await olga.next_message()
    # A meeting is not promised later to the client: no padded date, a nudge at its time.
    assert "⏰" in reply.text
    assert "созвон с Acme" in reply.text
    assert "\nнапомню: завтра, 15:00" in reply.text
    assert "клиенту:" not in reply.text
    assert await bot.rows("SELECT kind, client_due_at FROM items") == [("reminder", None)]
    assert await bot.rows("SELECT kind, due_at FROM reminders WHERE status = 'pending'") == [
        ("reminder", int(moscow(26, 15).timestamp()))
    ]
    await advance_to(bot, clock, moscow(26, 14, 59))
    await olga.no_message(within=0.3)
    await advance_to(bot, clock, moscow(26, 15))
    reminder = await olga.next_message()
    assert "созвон с Acme" in reminder.text
    assert await bot.rows("SELECT status FROM reminders") == [("sent",)]


async def test_an_english_call_at_a_time_is_a_reminder_but_one_by_it_a_deadline(
    bot: RunningBot, anna: UserClient
) -> None:
    await _acme(bot)
    await anna.send("call with Acme tomorrow 3pm")
    call = await anna.next_message()
    assert "⏰ Reminder" in call.text
    assert "\nI'll remind you: tomorrow, 15:00" in call.text
    assert "client:" not in call.text
    # The deck is due by the call: that stays a deadline with a date to promise.
    await anna.send("Acme: завтра к 15 встреча")
    deadline = await anna.next_message()
    assert "📌" in deadline.text
    assert "client:" in deadline.text


async def test_team_deadline_then_heads_up_before_the_promise(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    await _acme(bot)
    await anna.send("SEO report by Friday #acme")
    await anna.next_message()
    await advance_to(bot, clock, moscow(27, 18))
    team = await anna.next_message()
    assert "Team deadline reached · Acme: SEO report" in team.text
    assert "promised to Acme: Mon 30 Nov, 18:00" in team.text
    assert "📅 Move" in team.buttons
    await advance_to(bot, clock, moscow(30, 16))
    heads_up = await anna.next_message()
    assert "Promised to Acme: today, 18:00 · SEO report" in heads_up.text


async def test_heads_up_without_a_client_names_the_promise(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    await anna.send("landing page copy by Friday")
    await anna.next_message()
    await advance_to(bot, clock, moscow(27, 18))
    await anna.next_message()  # the team deadline
    await advance_to(bot, clock, moscow(30, 16))
    heads_up = await anna.next_message()
    assert heads_up.text == "🔔 Promised to the client: today, 18:00 · landing page copy"


async def test_done_cancels_what_is_left(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    await anna.send("landing page copy by Friday")
    await anna.next_message()
    await advance_to(bot, clock, moscow(27, 18))
    team = await anna.next_message()
    await anna.click(team, "✅ Done")
    done = await anna.wait_edit(team)
    assert done.text.startswith("✅ Done: landing page copy")
    await advance_to(bot, clock, moscow(30, 16, 30))
    await anna.no_message(within=0.5)
    assert await bot.rows("SELECT status FROM items") == [("done",)]
    assert await bot.rows("SELECT count(*) FROM reminders WHERE status = 'pending'") == [(0,)]


async def test_done_on_a_reminder_can_be_undone(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    await anna.send("landing page copy by Friday")
    await anna.next_message()
    await advance_to(bot, clock, moscow(27, 18))
    team = await anna.next_message()
    await anna.click(team, "✅ Done")
    done = await anna.wait_edit(team)
    assert done.text == "✅ Done: landing page copy"
    assert done.buttons == ["↩️ Undo"]
    assert await bot.rows("SELECT count(*) FROM reminders WHERE status = 'pending'") == [(0,)]
    # A slip of the finger: the reminder comes back as it was, its buttons with it.
    await anna.click(done, "↩️ Undo")
    restored = await anna.wait_edit(done)
    assert restored.text == (
        "⏰ Team deadline reached · 📥 Inbox: landing page copy\n"
        "promised to the client: Mon 30 Nov, 18:00"
    )
    assert {"✅ Done", "💤 1 hour", "📅 Move"} <= set(restored.buttons)
    assert await bot.rows("SELECT status, closed_at FROM items") == [("open", None)]
    # The team deadline was delivered and is not sent again; the heads-up is armed again.
    assert await bot.rows("SELECT kind, status, due_at FROM reminders ORDER BY id") == [
        ("internal", "sent", int(moscow(27, 18).timestamp())),
        ("client", "cancelled", int(moscow(30, 16).timestamp())),
        ("client", "pending", int(moscow(30, 16).timestamp())),
    ]
    await advance_to(bot, clock, moscow(30, 16))
    heads_up = await anna.next_message()
    assert heads_up.text == "🔔 Promised to the client: today, 18:00 · landing page copy"


async def test_a_new_date_opens_a_done_item_again(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    await anna.send("/digest off")  # this story is about the reminders alone
    await anna.next_message()
    await anna.send("landing page copy by Friday")
    card = await anna.next_message()
    await advance_to(bot, clock, moscow(27, 18))
    team = await anna.next_message()
    await anna.click(team, "✅ Done")
    await anna.wait_edit(team)
    # Not done after all: the user gives it a new date from the original confirmation.
    await anna.click(card, "Date")
    await anna.next_message()
    await anna.send("Monday 12:00")
    moved = await anna.next_message()
    assert "team: Mon 30 Nov, 12:00" in moved.text
    assert moved.text.endswith("\n↩️ Open again: it was marked done.")
    assert await bot.rows("SELECT status, closed_at FROM items") == [("open", None)]
    assert await bot.rows(
        "SELECT kind, due_at FROM reminders WHERE status = 'pending' ORDER BY due_at"
    ) == [
        ("internal", int(moscow(30, 12).timestamp())),
        ("client", int(moscow(1, 16, month=12).timestamp())),
    ]
    await anna.send("/week")
    assert "landing page copy" in (await anna.next_message()).text
    await advance_to(bot, clock, moscow(30, 12))
    reminder = await anna.next_message()
    assert "Team deadline reached · 📥 Inbox: landing page copy" in reminder.text


async def test_moving_an_open_item_does_not_say_it_was_done(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    await anna.send("landing page copy by Friday")
    card = await anna.next_message()
    await anna.click(card, "Date")
    await anna.next_message()
    await anna.send("Monday 12:00")
    moved = await anna.next_message()
    assert "team: Mon 30 Nov, 12:00" in moved.text
    assert "Open again" not in moved.text


async def test_snooze_an_hour(
    bot: RunningBot, anna: UserClient, clock: FakeClock, emulator: TelegramEmulator
) -> None:
    await anna.send("remind me at 15:00 to send the invoice")
    await anna.next_message()
    await advance_to(bot, clock, moscow(25, 15))
    first = await anna.next_message()
    await anna.click(first, "💤 1 hour")
    snoozed = await anna.wait_edit(first)
    # The message keeps the snooze once the toast is gone.
    assert snoozed.text == "⏰ 📥 Inbox: send the invoice\n💤 Snoozed till today, 16:00"
    assert snoozed.buttons == []
    await emulator.wait_idle()
    assert anna.callback_answers[-1]["text"] == "💤 I'll remind you today, 16:00."
    await advance_to(bot, clock, moscow(25, 16))
    again = await anna.next_message()
    assert "send the invoice" in again.text


async def test_a_snoozed_heads_up_still_names_the_promise(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    await _acme(bot)
    await anna.send("/digest off")  # this story is about the reminders alone
    await anna.next_message()
    await anna.send("SEO report by Friday #acme")
    await anna.next_message()
    await advance_to(bot, clock, moscow(27, 18))
    team = await anna.next_message()
    await anna.click(team, "💤 1 hour")
    await anna.wait_edit(team)
    await advance_to(bot, clock, moscow(27, 19))
    # A snoozed team deadline says again that the team's date was reached.
    again = await anna.next_message()
    assert again.text == (
        "⏰ Team deadline reached · Acme: SEO report\npromised to Acme: Mon 30 Nov, 18:00"
    )
    await advance_to(bot, clock, moscow(30, 16))
    heads_up = await anna.next_message()
    assert heads_up.text == "🔔 Promised to Acme: today, 18:00 · SEO report"
    await anna.click(heads_up, "💤 1 hour")
    await anna.wait_edit(heads_up)
    await advance_to(bot, clock, moscow(30, 17))
    snoozed = await anna.next_message()
    assert snoozed.text == "🔔 Promised to Acme: today, 18:00 · SEO report"
    assert "📅 Move" in snoozed.buttons
    assert await bot.rows(
        "SELECT status, due_at FROM reminders WHERE kind = 'snooze' ORDER BY id"
    ) == [("sent", int(moscow(27, 19).timestamp())), ("sent", int(moscow(30, 17).timestamp()))]


async def test_a_new_date_voids_the_snooze_of_the_old_one(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    await anna.send("remind me at 15:00 to send the invoice")
    card = await anna.next_message()
    await advance_to(bot, clock, moscow(25, 15))
    first = await anna.next_message()
    await anna.click(first, "💤 1 hour")
    await anna.wait_edit(first)
    await advance_to(bot, clock, moscow(25, 15, 30))
    await anna.send("/today")
    assert "1. ⏰ 16:00 · send the invoice" in (await anna.next_message()).text
    # The snooze put off 15:00; a new date is not put off by it.
    await anna.click(card, "Date")
    await anna.next_message()
    await anna.send("Friday 11:00")
    moved = await anna.next_message()
    assert "Fri 27 Nov, 11:00" in moved.text
    await advance_to(bot, clock, moscow(25, 16, 1))
    await anna.no_message(within=0.3)
    assert await bot.rows("SELECT status FROM reminders WHERE kind = 'snooze'") == [("cancelled",)]
    await anna.send("/week")
    week = (await anna.next_message()).text
    assert "1. ⏰ Fri 27 Nov, 11:00 · send the invoice" in week
    assert "16:00" not in week


async def test_snooze_till_tomorrow_in_russian(
    bot: RunningBot, olga: UserClient, clock: FakeClock, emulator: TelegramEmulator
) -> None:
    await olga.send("напомни в 15:00 отправить счёт <AT&T>")
    await olga.next_message()
    await advance_to(bot, clock, moscow(25, 15))
    first = await olga.next_message()
    await olga.click(first, "🌅 Завтра в 10:00")
    snoozed = await olga.wait_edit(first)
    assert snoozed.text == (
        "⏰ 📥 Входящие: отправить счёт <AT&T>\n💤 Отложено, напомню завтра, 10:00"
    )
    assert snoozed.buttons == []
    assert emulator.errors == []  # the title went back escaped


async def test_reminder_due_during_downtime_arrives_once_marked_late(
    start_bot: object, anna: UserClient, clock: FakeClock
) -> None:
    first: RunningBot = await start_bot()  # type: ignore[operator]
    await anna.send("/digest off")  # this story is about the reminder alone
    await anna.next_message()
    await anna.send("remind me tomorrow 10am to call Globex")
    await anna.next_message()
    assert await first.stop() == 0
    clock.set(moscow(26, 13))  # the bot was down from Wednesday to Thursday 13:00
    second: RunningBot = await start_bot()  # type: ignore[operator]
    late = await anna.next_message()
    assert "⌛ Late — was due today, 10:00, the bot was offline." in late.text
    assert "call Globex" in late.text
    assert await second.stop() == 0
    third: RunningBot = await start_bot()  # type: ignore[operator]
    await third.app.reminders.rearm()
    await anna.no_message(within=0.5)
    assert await third.rows("SELECT status, late FROM reminders") == [("sent", 1)]


async def test_rate_limits_and_server_errors_still_deliver_exactly_once(
    bot: RunningBot, anna: UserClient, clock: FakeClock, emulator: TelegramEmulator
) -> None:
    await anna.send("remind me at 15:00 to send the invoice")
    await anna.next_message()
    emulator.fail("sendMessage", error_code=429, retry_after=1, times=2)
    emulator.fail("sendMessage", error_code=502, times=2)
    await advance_to(bot, clock, moscow(25, 15))
    reminder = await anna.next_message(timeout=15)
    assert "send the invoice" in reminder.text
    await anna.no_message(within=0.5)
    assert await bot.rows("SELECT status FROM reminders") == [("sent",)]


async def test_blocked_user_stops_receiving_until_they_return(
    bot: RunningBot, anna: UserClient, clock: FakeClock, emulator: TelegramEmulator
) -> None:
    await anna.send("remind me at 15:00 to send the invoice")
    await anna.next_message()
    emulator.block_user(ANNA)
    await advance_to(bot, clock, moscow(25, 15))
    await emulator.wait_for(lambda: bool(emulator.errors), within=5)
    await bot.app.reminders.rearm()
    assert await bot.rows("SELECT active FROM users") == [(0,)]
    assert await bot.rows("SELECT status FROM reminders") == [("pending",)]
    assert [e[2] for e in emulator.errors] == ["Forbidden: bot was blocked by the user"]
    emulator.unblock_user(ANNA)
    await anna.send("/start")
    replies = [await anna.next_message(), await anna.next_message(timeout=5)]
    assert any("send the invoice" in r.text for r in replies)
    assert await bot.rows("SELECT active FROM users") == [(1,)]


async def test_late_after_telegram_errors_is_not_blamed_on_the_bot_being_offline(
    bot: RunningBot, anna: UserClient, clock: FakeClock, emulator: TelegramEmulator
) -> None:
    await anna.send("/digest off")  # this story is about the reminder alone
    await anna.next_message()
    await anna.send("remind me at 15:00 to send the invoice")
    await anna.next_message()
    emulator.fail("sendMessage", error_code=502, times=6)  # every try of the first round
    await advance_to(bot, clock, moscow(25, 15))
    await emulator.wait_for(lambda: len(emulator.errors) >= 6, 30)
    await bot.app.reminders.rearm()
    assert await bot.rows("SELECT status, attempts FROM reminders") == [("pending", 1)]
    await advance_to(bot, clock, moscow(25, 15, 2))
    late = await anna.next_message(timeout=10)
    assert late.text == (
        "⌛ Late — was due today, 15:00: Telegram did not accept it then.\n"
        "⏰ 📥 Inbox: send the invoice"
    )
    assert await bot.rows("SELECT status, late FROM reminders") == [("sent", 1)]


async def test_late_after_the_user_blocked_the_bot_blames_no_one(
    bot: RunningBot, olga: UserClient, clock: FakeClock, emulator: TelegramEmulator
) -> None:
    await olga.send("/digest off")  # this story is about the reminder alone
    await olga.next_message()
    await olga.send("напомни в 15:00 отправить счёт")
    await olga.next_message()
    emulator.block_user(OLGA)
    await advance_to(bot, clock, moscow(25, 15))
    await emulator.wait_for(lambda: bool(emulator.errors), within=5)
    emulator.unblock_user(OLGA)
    # Two days later she writes again: the bot was up all along, so it says only "late".
    await advance_to(bot, clock, moscow(27, 9))
    await olga.send("/start")
    replies = [(await olga.next_message()).text, (await olga.next_message(timeout=5)).text]
    assert "⌛ С опозданием — срок был ср 25 ноя, 15:00.\n⏰ 📥 Входящие: отправить счёт" in replies
    assert await bot.rows("SELECT status, late FROM reminders") == [("sent", 1)]


async def test_recurring_check_in(bot: RunningBot, anna: UserClient, clock: FakeClock) -> None:
    await _acme(bot)
    await anna.send("every Monday 11am check-in with Acme")
    saved = await anna.next_message()
    assert "🔁" in saved.text
    assert "Mon 30 Nov, 11:00" in saved.text
    await advance_to(bot, clock, moscow(30, 11))
    occurrence = await anna.next_message()
    assert "check-in" in occurrence.text
    assert occurrence.buttons == ["💤 1 hour", "🌅 Tomorrow 10:00", "✖️ Stop"]
    assert await bot.rows(
        "SELECT status, due_at FROM reminders WHERE kind = 'recurring' ORDER BY id"
    ) == [
        ("sent", int(moscow(30, 11).timestamp())),
        ("pending", int(moscow(7, 11, month=12).timestamp())),
    ]
    await anna.send("/recurring")
    listing = await anna.next_message()
    assert "1. every Monday at 11:00" in listing.text
    await anna.click(listing, "✖️ 1")
    stopped = await anna.next_message()
    assert stopped.text.startswith("Stopped:")
    assert await bot.rows("SELECT count(*) FROM reminders WHERE status = 'pending'") == [(0,)]
    # A slip of the finger: undone from the same message, from the next Monday on.
    await anna.click(stopped, "↩️ Undo")
    restored = await anna.wait_edit(stopped)
    assert "🔁 every Monday at 11:00" in restored.text
    assert "Mon 7 Dec, 11:00" in restored.text
    assert await bot.rows(
        "SELECT due_at FROM reminders WHERE status = 'pending' AND kind = 'recurring'"
    ) == [(int(moscow(7, 11, month=12).timestamp()),)]


async def test_a_check_in_is_snoozed_and_stopped_from_its_reminder(
    bot: RunningBot, olga: UserClient, clock: FakeClock, emulator: TelegramEmulator
) -> None:
    await olga.send("/digest off")  # this story is about the check-in alone
    await olga.next_message()
    await olga.send("/client add Ромашка")
    await olga.next_message()
    await olga.send("каждый понедельник в 11 созвон с Ромашкой")
    assert "пн 30 ноя, 11:00" in (await olga.next_message()).text
    await advance_to(bot, clock, moscow(30, 11))
    occurrence = await olga.next_message()
    assert occurrence.text == "🔁 Ромашка: созвон с Ромашкой (каждый понедельник в 11:00)"
    assert occurrence.buttons == ["💤 Через час", "🌅 Завтра в 10:00", "✖️ Остановить"]
    await olga.click(occurrence, "💤 Через час")
    snoozed = await olga.wait_edit(occurrence)
    assert snoozed.text.endswith("\n💤 Отложено, напомню сегодня, 12:00")
    assert snoozed.buttons == []
    await emulator.wait_idle()
    assert olga.callback_answers[-1]["text"] == "💤 Напомню сегодня, 12:00."
    next_monday = int(moscow(7, 11, month=12).timestamp())
    assert await bot.rows(
        "SELECT kind, status, due_at FROM reminders WHERE status = 'pending' ORDER BY due_at"
    ) == [
        ("snooze", "pending", int(moscow(30, 12).timestamp())),
        ("recurring", "pending", next_monday),
    ]
    await advance_to(bot, clock, moscow(30, 12))
    again = await olga.next_message()
    assert again.text == occurrence.text
    assert again.buttons == occurrence.buttons
    # Sent once: the rule's own next occurrence was already armed, and no second one is.
    assert await bot.rows(
        "SELECT kind, due_at FROM reminders WHERE status = 'pending' ORDER BY due_at"
    ) == [("recurring", next_monday)]
    await olga.click(again, "✖️ Остановить")
    stopped = await olga.next_message()
    assert stopped.text == "Остановлено: созвон с Ромашкой"
    assert stopped.buttons == ["↩️ Вернуть"]
    assert await bot.rows("SELECT count(*) FROM reminders WHERE status = 'pending'") == [(0,)]
    assert await bot.rows("SELECT active FROM recurring") == [(0,)]
    await advance_to(bot, clock, moscow(7, 11, month=12))
    await olga.no_message(within=2)


async def test_pad_overrides_per_user_and_client(bot: RunningBot, anna: UserClient) -> None:
    await _acme(bot)
    await anna.send("/pad Acme off")
    assert "New deadlines for Acme get padding: off" in (await anna.next_message()).text
    await anna.send("report by Friday #acme")
    reply = await anna.next_message()
    assert "client: Fri 27 Nov, 18:00" in reply.text
    await anna.send("/pad 2d")
    assert "at least 2 business days and" in (await anna.next_message()).text
    await anna.send("banner by Friday")
    assert "client: Tue 1 Dec, 18:00" in (await anna.next_message()).text
    await anna.send("/pad -5d")
    assert "can't be negative" in (await anna.next_message()).text
    await anna.send("/pad 2d 1")
    assert "didn't understand «2d 1»" in (await anna.next_message()).text


async def test_pad_replies_say_what_is_wrong_and_show_a_clients_padding(
    bot: RunningBot, anna: UserClient, olga: UserClient
) -> None:
    await _acme(bot)
    await anna.send("/pad Acme")
    shown = (await anna.next_message()).text
    assert shown.startswith("Acme follows your padding: at least 1 business day and 25%")
    await anna.send("/pad Acme off")
    await anna.next_message()
    await anna.send("/pad Acme")
    assert (await anna.next_message()).text.startswith(
        "Padding for Acme: off (the client gets the team's date)."
    )
    await anna.send("/pad 500%")
    assert (await anna.next_message()).text == (
        "⚠️ That's more padding than I keep: at most 30 business days and 300%."
    )
    await olga.send("/pad Ромашка 50%")
    assert (await olga.next_message()).text.startswith("⚠️ Нет клиента «Ромашка».")
    assert await bot.rows("SELECT pad_percent FROM users WHERE user_id = ?", OLGA) == [(None,)]


async def test_a_clients_pad_keeps_only_what_was_set_for_it(
    bot: RunningBot, anna: UserClient
) -> None:
    await _acme(bot)
    await anna.send("/pad 3d")
    await anna.next_message()
    await anna.send("/pad Acme 50%")
    assert "at least 3 business days and 50%" in (await anna.next_message()).text
    await anna.send("/pad 1d")
    await anna.next_message()
    # Acme's own is the 50%; its days follow the user's, now one.
    await anna.send("report by Friday #acme")
    assert "client: Mon 30 Nov, 18:00" in (await anna.next_message()).text
    assert await bot.rows("SELECT pad_days, pad_percent, pad_enabled FROM clients") == [
        (None, 50, 1)
    ]


async def test_pad_client_default_follows_the_users_padding(
    bot: RunningBot, anna: UserClient
) -> None:
    await _acme(bot)
    await anna.send("/pad Acme off")
    await anna.next_message()
    await anna.send("/pad 2d")
    await anna.next_message()
    await anna.send("/pad Acme default")
    reset = (await anna.next_message()).text
    assert reset.startswith("New deadlines for Acme follow your padding: at least 2 business")
    await anna.send("report by Friday #acme")
    assert "client: Tue 1 Dec, 18:00" in (await anna.next_message()).text


async def test_pad_says_business_days_in_words(bot: RunningBot, olga: UserClient) -> None:
    await olga.send("/pad")
    assert "Запас: не меньше 1 рабочего дня и 25% от срока" in (await olga.next_message()).text
    await olga.send("/pad 3d")
    assert "не меньше 3 рабочих дней" in (await olga.next_message()).text


async def test_move_re_pads(bot: RunningBot, anna: UserClient, clock: FakeClock) -> None:
    await anna.send("landing page copy by Friday")
    await anna.next_message()
    await advance_to(bot, clock, moscow(27, 18))
    team = await anna.next_message()
    await anna.click(team, "📅 Move")
    assert "Send the new date" in (await anna.next_message()).text
    await anna.send("Tuesday")
    moved = await anna.next_message()
    assert "team: Tue 1 Dec, 18:00" in moved.text
    assert "client: Wed 2 Dec, 18:00" in moved.text


async def test_a_move_answer_that_is_no_date_is_asked_again_not_filed(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    await anna.send("/digest off")  # this story is about the reminder alone
    await anna.next_message()
    await anna.send("landing page copy today 15:00")
    await anna.next_message()
    await advance_to(bot, clock, moscow(25, 15))
    team = await anna.next_message()
    await anna.click(team, "📅 Move")
    assert "Send the new date" in (await anna.next_message()).text
    for answer in ("31.02", "yesterday"):
        await anna.send(answer)
        assert (await anna.next_message()).text == (
            f"⚠️ «{answer}» is not a date I can use — send another date for «landing page copy»,"
            " e.g. Friday 15:00 or 5.12."
        )
    assert await bot.rows("SELECT title, status, due_at FROM items") == [
        ("landing page copy", "open", int(moscow(25, 15).timestamp()))
    ]
    # The question still stands: a date now moves the deadline.
    await anna.send("Friday 11:00")
    moved = await anna.next_message()
    assert "team: Fri 27 Nov, 11:00" in moved.text
    assert await bot.rows("SELECT count(*) FROM items") == [(1,)]
    assert await bot.rows("SELECT due_at FROM items") == [(int(moscow(27, 11).timestamp()),)]
    # Answered: the next short message is a note of its own again.
    await anna.send("31.02")
    assert (await anna.next_message()).text.startswith("📝 Note · 📥 Inbox: 31.02")
    assert await bot.rows("SELECT count(*) FROM items") == [(2,)]


async def test_a_longer_message_while_a_date_is_asked_is_kept_as_usual(
    bot: RunningBot, olga: UserClient
) -> None:
    await olga.send("макеты для лендинга")
    card = await olga.next_message()
    await olga.click(card, "Дата")
    await olga.next_message()
    await olga.send("вчера")
    assert (await olga.next_message()).text == (
        "⚠️ «вчера» не подходит как дата. Пришлите другую дату для «макеты для"
        " лендинга», например пятница 15:00 или 5.12."
    )
    # The user moved on: a message of its own is captured, and the question is dropped.
    await olga.send("Ромашка просит перенести баннер на главной")
    assert (await olga.next_message()).text.startswith("🙋 Запрос · 📥 Входящие: Ромашка просит")
    await olga.send("к пятнице")
    assert (await olga.next_message()).text.startswith("📌 Дедлайн · 📥 Входящие: к пятнице")
    assert await bot.rows("SELECT title, due_at FROM items ORDER BY id") == [
        ("макеты для лендинга", None),
        ("Ромашка просит перенести баннер на главной", None),
        ("к пятнице", int(moscow(27, 18).timestamp())),
    ]


async def test_clients_date_works_backwards(bot: RunningBot, olga: UserClient) -> None:
    await _acme(bot, OLGA)
    await olga.send("Acme: нужно к пятнице обновить прайс")
    reply = await olga.next_message()
    await olga.click(reply, "🤝 Это дата клиента")
    changed = await olga.wait_edit(reply)
    assert "клиенту: пт 27 ноя, 18:00 (вручную)" in changed.text
    assert "команде: завтра, 18:00" in changed.text


async def test_changing_time_zone_keeps_wall_clock_times(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    await anna.send("/tz UTC")
    await anna.next_message()
    await anna.send("remind me tomorrow 10am to call Globex")
    await anna.next_message()
    await anna.send("/tz Europe/Moscow")
    assert "Europe/Moscow" in (await anna.next_message()).text
    assert await bot.rows("SELECT due_at FROM reminders WHERE status = 'pending'") == [
        (int(moscow(26, 10).timestamp()),)
    ]


async def test_a_new_time_zone_does_not_remind_again_and_keeps_the_snooze(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    await anna.send("/digest off")
    await anna.next_message()
    await anna.send("remind me at 12:00 to call Globex")
    await anna.next_message()
    await advance_to(bot, clock, moscow(25, 12))
    first = await anna.next_message()
    await anna.click(first, "🌅 Tomorrow 10:00")
    await anna.wait_edit(first)
    # At 12:05 the user lands in London (09:05 there) and sets the zone.
    await advance_to(bot, clock, moscow(25, 12, 5))
    await anna.send("/tz Europe/London")
    await anna.next_message()
    # Reminded once already: 12:00 in London brings nothing new, the snooze still stands.
    await advance_to(bot, clock, moscow(25, 15, 1))
    await anna.no_message(within=2)
    assert await bot.rows("SELECT kind, status, due_at FROM reminders ORDER BY id") == [
        ("reminder", "sent", int(moscow(25, 12).timestamp())),
        ("snooze", "pending", int(moscow(26, 10).timestamp())),
    ]


async def test_a_new_time_zone_keeps_the_snooze_of_a_date_still_ahead(
    bot: RunningBot, anna: UserClient
) -> None:
    await anna.send("/digest off")
    await anna.next_message()
    await anna.send("banner mockups today 16:00")
    await anna.next_message()
    await anna.send("/today")
    agenda = await anna.next_message()
    await anna.click(agenda, "💤1")
    await anna.wait_edit(agenda)
    await anna.send("/tz Europe/London")
    await anna.next_message()
    # 16:00 moves to London's 16:00; what the user put off till tomorrow stays put off,
    # the team deadline's reminder held back by the snooze still.
    assert await bot.rows(
        "SELECT kind, status, due_at FROM reminders WHERE kind != 'client' ORDER BY id"
    ) == [
        ("internal", "cancelled", int(moscow(25, 19).timestamp())),
        ("snooze", "pending", int(moscow(26, 10).timestamp())),
    ]


async def test_a_new_time_zone_after_the_team_deadline_moves_only_the_promise(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    await anna.send("/digest off")
    await anna.next_message()
    await anna.send("banner mockups today 12:00")
    await anna.next_message()
    await advance_to(bot, clock, moscow(25, 12))
    assert "Team deadline reached" in (await anna.next_message()).text
    await advance_to(bot, clock, moscow(25, 12, 30))
    await anna.send("/tz America/New_York")
    await anna.next_message()
    await advance_to(bot, clock, moscow(25, 20, 1))  # 12:01 in New York
    await anna.no_message(within=2)
    # The promise, still ahead, keeps its 18:00 tomorrow: the heads-up is at 16:00 there.
    heads_up = datetime(2026, 11, 26, 21, tzinfo=UTC)
    assert await bot.rows("SELECT kind, status, due_at FROM reminders ORDER BY id") == [
        ("internal", "sent", int(moscow(25, 12).timestamp())),
        ("client", "pending", int(heads_up.timestamp())),
    ]


async def test_a_new_time_zone_does_not_repeat_todays_check_in(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    await anna.send("/digest off")
    await anna.next_message()
    await anna.send("every day at 12:00 standup with the design team")
    await anna.next_message()
    await advance_to(bot, clock, moscow(25, 12))
    assert "standup" in (await anna.next_message()).text
    await advance_to(bot, clock, moscow(25, 12, 30))
    await anna.send("/tz Europe/London")
    await anna.next_message()
    await advance_to(bot, clock, moscow(25, 15, 1))  # 12:01 in London, the same day
    await anna.no_message(within=2)
    # Tomorrow's comes at 12:00 London time.
    assert await bot.rows(
        "SELECT due_at FROM reminders WHERE status = 'pending' AND kind = 'recurring'"
    ) == [(int(moscow(26, 15).timestamp()),)]


async def test_time_zones_as_users_type_and_read_them(bot: RunningBot, anna: UserClient) -> None:
    await anna.send("/tz GMT+3")
    assert (await anna.next_message()).text == "Time zone set to UTC+3 (now today, 11:30)."
    await anna.send("/settings")
    assert "Time zone: UTC+3 — " in (await anna.next_message()).text
    # EST is a fixed UTC-5 in tzdata: New York's clocks are an hour ahead of it in summer.
    await anna.send("/tz EST")
    assert "Use a city zone such as /tz America/New_York." in (await anna.next_message()).text
    assert await bot.rows("SELECT timezone FROM users WHERE user_id = ?", ANNA) == [("Etc/GMT-3",)]
    await anna.send("/tz -3:30")
    assert (await anna.next_message()).text == (
        "Time zone set to America/St_Johns: no zone keeps UTC-3:30 all year, and this one"
        " is on UTC-2:30 part of the year (now today, 05:00)."
    )
    await anna.send("/tz London")
    assert (await anna.next_message()).text == "Time zone set to Europe/London (now today, 08:30)."


async def test_settings_show_what_is_set_and_change_it(
    bot: RunningBot, anna: UserClient, olga: UserClient
) -> None:
    await anna.send("/settings")
    shown = (await anna.next_message()).text
    assert "Time zone: Europe/Moscow" in shown
    assert "End of business day: 18:00" in shown
    assert "Holidays: weekends only" in shown
    assert "Morning digest: 09:00" in shown
    assert "Language: English" in shown
    # The settings screen is not /help again.
    assert "/clients" not in shown
    assert "/export" not in shown

    await anna.send("/settings eod 19:30")
    assert (await anna.next_message()).text == "End of business day: 19:30."
    await anna.send("/settings country ru")
    assert "RU" in (await anna.next_message()).text
    await anna.send("/digest off")
    await anna.next_message()
    await anna.send("/settings")
    shown = (await anna.next_message()).text
    assert "End of business day: 19:30" in shown
    assert "Holidays: RU" in shown
    assert "Morning digest: off" in shown
    assert await bot.rows(
        "SELECT end_of_day, holidays_country FROM users WHERE user_id = ?", ANNA
    ) == [("19:30", "RU")]

    # A deadline captured now ends at the new end of the day.
    await anna.send("SEO report tomorrow")
    assert "tomorrow, 19:30" in (await anna.next_message()).text
    # "After the holidays" is read in her country's calendar: Russia's New Year
    # holidays run to Sunday 10 January.
    await anna.send("audit after the holidays")
    assert "team: Mon 11 Jan 2027, 19:30" in (await anna.next_message()).text

    await olga.send("/settings")
    shown = (await olga.next_message()).text
    assert "Утренняя сводка: в 09:00" in shown
    assert "Язык: русский" in shown


async def test_an_inbox_deadline_promises_to_the_client_not_to_the_inbox(
    bot: RunningBot, olga: UserClient, clock: FakeClock
) -> None:
    await olga.send("макеты к пятнице")  # no client: the Inbox
    assert "клиенту: пн 30 ноя, 18:00" in (await olga.next_message()).text
    await advance_to(bot, clock, moscow(27, 18))
    team = await olga.next_message()
    assert team.text.endswith("\nобещано клиенту: пн 30 ноя, 18:00")
    await advance_to(bot, clock, moscow(30, 16))
    heads_up = await olga.next_message()
    assert heads_up.text == "🔔 Срок клиенту сегодня, 18:00: макеты"


async def test_russian_reminders_and_padding_keep_the_client_name_as_it_is(
    bot: RunningBot, olga: UserClient, clock: FakeClock
) -> None:
    await bot.app.users.ensure(OLGA, "ru", bot.app.clock.now())
    await bot.app.clients.create(OLGA, "Альфа Банк", bot.app.clock.now())
    await bot.app.clients.create(OLGA, "Ромашка", bot.app.clock.now())
    await olga.send("/pad Ромашка off")
    assert (await olga.next_message()).text == (
        "Запас для новых дедлайнов клиента Ромашка: выключен (клиенту — дата команды)."
    )
    await olga.send("отчёт по SEO к пятнице #альфа-банк")
    await olga.next_message()
    await advance_to(bot, clock, moscow(27, 18))
    team = await olga.next_message()
    assert team.text == (
        "⏰ Срок команды наступил · Альфа Банк: отчёт по SEO\n"
        "обещано клиенту Альфа Банк: пн 30 ноя, 18:00"
    )
    await advance_to(bot, clock, moscow(30, 16))
    heads_up = await olga.next_message()
    assert heads_up.text == "🔔 Срок клиенту сегодня, 18:00 · Альфа Банк: отчёт по SEO"


async def test_after_move_a_command_or_a_plain_note_is_not_taken_as_the_answer(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    await anna.send("/digest off")
    await anna.next_message()
    await anna.send("landing page copy today 15:00")
    await anna.next_message()
    await advance_to(bot, clock, moscow(25, 15))
    team = await anna.next_message()
    await anna.click(team, "📅 Move")
    await anna.next_message()
    # A date that cannot be used is asked again, not filed...
    await anna.send("yesterday")
    assert (await anna.next_message()).text.startswith("⚠️ «yesterday» is not a date I can use")
    # ...a short note that tries no date is a note: the user moved on.
    await anna.send("Globex invoice paid")
    assert (await anna.next_message()).text.startswith("📝 Note")
    await anna.click(team, "📅 Move")
    await anna.next_message()
    # A command is the user moving on too: the question is gone.
    await anna.send("/today")
    await anna.next_message()
    await anna.send("yesterday")
    assert (await anna.next_message()).text.startswith("📝 Note")
    # Changing one's mind is said in a word, and nothing is filed.
    await anna.click(team, "📅 Move")
    await anna.next_message()
    await anna.send("cancel")
    assert (await anna.next_message()).text == "OK, «landing page copy» keeps its date."
    await anna.send("cancel")
    assert (await anna.next_message()).text.startswith("📝 Note")  # no question any more
    assert await bot.rows("SELECT title FROM items ORDER BY id") == [
        ("landing page copy",),
        ("Globex invoice paid",),
        ("yesterday",),
        ("cancel",),
    ]


async def test_a_wrong_date_asks_again_and_the_right_one_moves_the_item(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    await anna.send("/digest off")
    await anna.next_message()
    await anna.send("landing page copy today 15:00")
    await anna.next_message()
    await advance_to(bot, clock, moscow(25, 15))
    team = await anna.next_message()
    await anna.click(team, "📅 Move")
    await anna.next_message()
    # A wrong date asks again, for fifteen minutes more: the right one may come later.
    clock.set(moscow(25, 15, 14))
    await anna.send("31.02")
    assert (await anna.next_message()).text.startswith("⚠️ «31.02» is not a date I can use")
    # So does a day this year that has passed, which would read as next year's.
    await anna.send("20.11")
    assert (await anna.next_message()).text.startswith("⚠️ «20.11» is not a date I can use")
    clock.set(moscow(25, 15, 16))
    await anna.send("Friday 12:00")
    moved = (await anna.next_message()).text
    assert moved.startswith("📌 Deadline · 📥 Inbox: landing page copy"), moved
    assert "Fri 27 Nov, 12:00" in moved
    assert await bot.rows("SELECT count(*), min(title), max(due_at) FROM items") == [
        (1, "landing page copy", int(moscow(27, 12).timestamp()))
    ]
    # What does not try to be a date never keeps it going: after its time, a note.
    await anna.click(team, "📅 Move")
    await anna.next_message()
    clock.set(moscow(25, 15, 40))
    await anna.send("ok thanks")
    assert (await anna.next_message()).text.startswith("📝 Note")
