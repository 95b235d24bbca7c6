"""The morning digest and the agenda on demand, as the account manager receives them."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from bot.models import NewItem
from tests.conftest import ANNA, OLGA, FakeClock, RunningBot
from tests.emulator import TelegramEmulator, UserClient, origin_user
from tests.emulator.html import utf16_len


def moscow(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour - 3, minute, tzinfo=UTC)


async def wake(bot: RunningBot, clock: FakeClock, moment: datetime) -> None:
    clock.set(moment)
    await bot.app.digests.rearm()
    await bot.app.reminders.rearm()


async def test_digest_arrives_at_the_chosen_local_time(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    # Typed as captures read times; at 11:30 today's has passed, and the reply says so.
    await anna.send("/digest 9am")
    assert (await anna.next_message()).text == "Morning digest at 09:00. Next: tomorrow, 09:00."
    await anna.send("/digest 08:30")
    assert (await anna.next_message()).text == "Morning digest at 08:30. Next: tomorrow, 08:30."
    await anna.send("SEO report tomorrow 15:00")
    await anna.next_message()
    await wake(bot, clock, moscow(26, 8, 29))
    await anna.no_message(within=0.4)
    await wake(bot, clock, moscow(26, 8, 30))
    digest = await anna.next_message()
    assert digest.text.startswith("☀️ Today, Thu 26 Nov")
    assert "SEO report" in digest.text
    await wake(bot, clock, moscow(26, 12, 0))
    await anna.no_message(within=0.4)  # one per day


async def test_each_section_when_it_applies(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    app = bot.app
    await app.users.ensure(ANNA, "en", clock.now())
    acme = await app.clients.create(ANNA, "Acme", clock.now())
    # Added three weeks ago and never contacted: quiet. A client added today is not.
    await app.clients.create(ANNA, "Globex", clock.now() - timedelta(days=21))
    await app.clients.create(ANNA, "Initech", clock.now())
    await anna.send("banner mockups today 15:00 #acme")  # team deadline today
    await anna.send("Acme wants a dark theme")  # an open request
    await anna.send("remind me at 17:00 to call Initech")  # a reminder today
    for _ in range(3):
        await anna.next_message()
    async with app.db.transaction() as conn:
        await conn.execute(
            "UPDATE clients SET next_report_on = ?, last_contact_at = ? WHERE id = ?",
            ("2026-11-27", int(clock.now().timestamp()), acme.id),
        )
    await anna.send("/today")
    today = await anna.next_message()
    text = today.text
    # Due to the team today and promised to the client tomorrow: listed once, as a promise.
    assert "🤝 Promised to clients, today and tomorrow" in text
    assert "tomorrow, 18:00 · Acme · banner mockups (team: today, 15:00)" in text
    assert "⏰ Reminders and check-ins today" in text
    assert "call Initech" in text
    assert "🙋 Open requests" in text
    assert "Acme: 1 open request" in text
    assert "Globex — no contact logged yet" in text
    assert "Initech —" not in text
    assert "Acme: report due" in text
    assert "✅1" in today.buttons
    # Two days later the promise to the client is broken: red flag first.
    clock.advance(days=2)
    await anna.send("/today")
    later = (await anna.next_message()).text
    assert later.split("\n\n")[1].startswith("🚨 Overdue\n1. 🔴 Client promise missed · Acme")


async def test_a_recurring_check_in_today_is_in_the_schedule_and_one_of_another_user_is_not(
    bot: RunningBot, anna: UserClient, olga: UserClient, clock: FakeClock
) -> None:
    await anna.send("every day at 16:00 standup with the design team")
    await olga.send("every day at 15:00 Olga's own sync")
    await anna.next_message()
    await olga.next_message()
    await anna.send("/today")
    text = (await anna.next_message()).text
    assert "⏰ Reminders and check-ins today" in text
    lines = [line for line in text.splitlines() if "standup with the design team" in line]
    assert len(lines) == 1
    assert "16:00" in lines[0]
    assert "Olga's own sync" not in text


async def test_a_check_in_snoozed_till_tomorrow_waits_in_tomorrows_schedule(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    await anna.send("/digest off")  # the agenda is asked for below
    await anna.next_message()
    await anna.send("every Wednesday at 12:00 weekly sync with the design team")
    await anna.next_message()
    await wake(bot, clock, moscow(25, 12))
    occurrence = await anna.next_message()
    await anna.click(occurrence, "🌅 Tomorrow 10:00")
    await anna.wait_edit(occurrence)
    clock.set(moscow(26, 8))
    await anna.send("/today")
    text = (await anna.next_message()).text
    assert "⏰ Reminders and check-ins today\n💤 10:00 · weekly sync with the design team" in text
    # Next week's own occurrence is not today's business.
    assert "🔁" not in text


async def test_an_empty_day_is_one_short_line(bot: RunningBot, olga: UserClient) -> None:
    await olga.send("/today")
    reply = await olga.next_message()
    assert reply.text.splitlines()[-1] == "Сегодня ничего срочного ✨"
    assert len(reply.text.splitlines()) <= 3


async def test_digest_off_and_weekends(
    bot: RunningBot, anna: UserClient, olga: UserClient, clock: FakeClock
) -> None:
    await anna.send("/digest off")
    await anna.next_message()
    await olga.send("/start")
    await olga.next_message()
    await wake(bot, clock, moscow(26, 9))
    assert "Сегодня" in (await olga.next_message()).text
    await anna.no_message(within=0.4)
    await wake(bot, clock, moscow(28, 9))  # Saturday: no digest by default
    await olga.no_message(within=0.4)
    await olga.send("/digest weekends on")
    await olga.next_message()
    await bot.app.digests.start()  # settle the new schedule before the clock jumps
    await wake(bot, clock, moscow(29, 9))
    assert "вс 29 ноя" in (await olga.next_message()).text


async def test_a_429_storm_delays_but_delivers_each_digest_once(
    bot: RunningBot, emulator: TelegramEmulator, clock: FakeClock
) -> None:
    users = [emulator.user(uid, f"U{uid}") for uid in (ANNA, OLGA)]
    for user in users:
        await user.send("/start")
        await user.next_message()
    emulator.fail("sendMessage", error_code=429, retry_after=1, times=4)
    await wake(bot, clock, moscow(26, 9))
    for user in users:
        digest = await user.next_message(timeout=20)
        assert "Today, Thu 26 Nov" in digest.text
        await user.no_message(within=0.5)
    assert await bot.rows("SELECT last_digest_on FROM users ORDER BY user_id") == [
        ("2026-11-26",),
        ("2026-11-26",),
    ]


async def test_exactly_one_digest_across_a_restart(
    start_bot: object, anna: UserClient, clock: FakeClock
) -> None:
    first: RunningBot = await start_bot()  # type: ignore[operator]
    await anna.send("/start")
    await anna.next_message()
    await wake(first, clock, moscow(26, 9))
    await anna.next_message()
    assert await first.stop() == 0
    clock.set(moscow(26, 15))
    second: RunningBot = await start_bot()  # type: ignore[operator]
    await second.app.digests.rearm()
    await anna.no_message(within=0.5)
    assert await second.stop() == 0
    clock.set(moscow(27, 11))  # down through Friday's 09:00: sent late, same day
    third: RunningBot = await start_bot()  # type: ignore[operator]
    assert "Fri 27 Nov" in (await anna.next_message()).text
    assert await third.rows("SELECT last_digest_on FROM users") == [("2026-11-27",)]


async def test_down_over_the_weekend_monday_still_gets_its_digest(
    start_bot: object, anna: UserClient, clock: FakeClock
) -> None:
    first: RunningBot = await start_bot()  # type: ignore[operator]
    await anna.send("/start")
    await anna.next_message()
    assert await first.stop() == 0
    clock.set(moscow(30, 10))  # down from Wednesday to Monday 10:00
    second: RunningBot = await start_bot()  # type: ignore[operator]
    # Thursday's and Friday's digests are stale; Monday's went by an hour ago.
    assert "Mon 30 Nov" in (await anna.next_message()).text
    await anna.no_message(within=0.5)
    assert await second.rows("SELECT last_digest_on, next_digest_at FROM users") == [
        ("2026-11-30", int((moscow(30, 9) + timedelta(days=1)).timestamp()))
    ]


async def test_back_before_the_digest_time_the_day_s_digest_waits_for_it(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    await anna.send("/start")
    await anna.next_message()
    clock.set(moscow(30, 7))  # the bot was down since Wednesday; back before 09:00
    await bot.app.digests.run_due()
    await anna.no_message(within=0.5)
    assert await bot.rows("SELECT next_digest_at FROM users") == [(int(moscow(30, 9).timestamp()),)]
    await wake(bot, clock, moscow(30, 9))
    assert "Mon 30 Nov" in (await anna.next_message()).text


async def test_a_long_agenda_is_split_cleanly(
    bot: RunningBot, anna: UserClient, clock: FakeClock, emulator: TelegramEmulator
) -> None:
    app = bot.app
    now = clock.now()
    await app.users.ensure(ANNA, "en", now)
    long_words = "<b>mockups</b> & " + "quite long words " * 6
    for number in range(12):
        client = await app.clients.create(
            ANNA, f"Client <{number}> & Partners International Holdings Group", now
        )
        async with app.db.transaction() as conn:
            await conn.execute(
                "UPDATE clients SET next_report_on = ? WHERE id = ?", ("2026-11-27", client.id)
            )
        for offset, kind, due in (
            (0, "deadline", now - timedelta(days=1)),
            (100, "deadline", now + timedelta(days=2)),
            (200, "reminder", now + timedelta(days=3)),
            (300, "request", None),
        ):
            await app.items.add(
                NewItem(
                    user_id=ANNA,
                    kind=kind,  # type: ignore[arg-type]
                    title=f"{long_words}{number}",
                    text="x",
                    chat_id=ANNA,
                    message_id=10_000 + offset + number,
                    created_at=now - timedelta(days=5),
                    client_id=client.id,
                    due_at=due,
                    client_due_at=due + timedelta(days=1) if kind == "deadline" and due else None,
                )
            )
    await anna.send("/week")
    parts = [await anna.next_message()]
    while True:
        try:
            parts.append(await anna.next_message(timeout=1))
        except AssertionError:
            break
    assert len(parts) >= 2
    for part in parts:
        assert utf16_len(part.text) <= 4096
        assert part.html is not None
        assert part.html.count("<b>") == part.html.count("</b>")
    assert emulator.errors == []  # every part passed Telegram's HTML check
    joined = "\n".join(p.text for p in parts)
    assert "<b>mockups</b> & quite long" in joined
    assert "Client <3> & Partners" in joined
    assert parts[-1].buttons  # the keyboard rides on the last part
    assert not any(p.buttons for p in parts[:-1])


async def test_close_a_line_from_the_digest(
    bot: RunningBot, anna: UserClient, emulator: TelegramEmulator
) -> None:
    await anna.send("SEO report today 16:00")
    await anna.send("banner for AT&T <draft> today 17:00")
    await anna.next_message()
    await anna.next_message()
    await anna.send("/today")
    agenda = await anna.next_message()
    await anna.click(agenda, "✅1")
    edited = await anna.wait_edit(agenda)
    assert edited.buttons == ["↩️1", "✅2", "💤2"]  # the way back, in its place
    # The line stays, struck through, and says what became of it.
    assert edited.text.splitlines()[3] == (
        "1. tomorrow, 18:00 · SEO report (team: today, 16:00) — ✅ done"
    )
    assert edited.html is not None
    assert "<s>tomorrow, 18:00 · SEO report (team: today, 16:00)</s> — ✅ done" in edited.html
    await anna.click(edited, "✅2")
    both = await anna.wait_edit(edited)
    assert both.buttons == ["↩️1", "↩️2"]
    assert both.text.splitlines()[3:5] == [
        "1. tomorrow, 18:00 · SEO report (team: today, 16:00) — ✅ done",
        "2. tomorrow, 18:00 · banner for AT&T <draft> (team: today, 17:00) — ✅ done",
    ]
    assert both.html is not None
    assert "<s>tomorrow, 18:00 · SEO report (team: today, 16:00)</s>" in both.html
    assert "AT&amp;T &lt;draft&gt;" in both.html
    assert emulator.errors == []
    assert await bot.rows("SELECT status FROM items") == [("done",), ("done",)]


async def test_two_quick_taps_on_the_digest_keep_both_marks(
    bot: RunningBot, anna: UserClient, emulator: TelegramEmulator
) -> None:
    await anna.send("SEO report today 16:00")
    await anna.send("banner today 17:00")
    await anna.next_message()
    await anna.next_message()
    await anna.send("/today")
    agenda = await anna.next_message()
    # The second tap comes before the first edit lands: both carry the digest as it was.
    await anna.click(agenda, "✅1")
    await anna.click(agenda, "💤2")
    first = await anna.wait_edit(agenda)
    both = first if first.buttons == ["↩️1"] else await anna.wait_edit(first)
    assert both.buttons == ["↩️1"]
    assert both.text.splitlines()[3:5] == [
        "1. tomorrow, 18:00 · SEO report (team: today, 16:00) — ✅ done",
        "2. tomorrow, 18:00 · banner (team: today, 17:00) — 💤 snoozed till tomorrow, 10:00",
    ]
    assert emulator.errors == []


async def test_snooze_a_line_from_the_digest_in_russian(bot: RunningBot, olga: UserClient) -> None:
    await olga.send("отчёт по SEO сегодня в 16:00")
    await olga.send("баннер сегодня в 17:00")
    await olga.next_message()
    await olga.next_message()
    await olga.send("/today")
    agenda = await olga.next_message()
    await olga.click(agenda, "💤1")
    snoozed = await olga.wait_edit(agenda)
    assert snoozed.buttons == ["✅2", "💤2"]
    assert snoozed.text.splitlines()[3:5] == [
        "1. завтра, 18:00 · отчёт по SEO (команде: сегодня, 16:00)"
        " — 💤 отложено, напомню завтра, 10:00",
        "2. завтра, 18:00 · баннер (команде: сегодня, 17:00)",
    ]
    await olga.click(snoozed, "✅2")
    done = await olga.wait_edit(snoozed)
    assert done.buttons == ["↩️2"]
    assert done.text.splitlines()[3:5] == [
        "1. завтра, 18:00 · отчёт по SEO (команде: сегодня, 16:00)"
        " — 💤 отложено, напомню завтра, 10:00",
        "2. завтра, 18:00 · баннер (команде: сегодня, 17:00) — ✅ готово",
    ]


async def test_changing_the_time_zone_moves_the_next_digest(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    await anna.send("/tz America/New_York")
    await anna.next_message()
    await bot.app.digests.start()
    # It is 03:30 in New York: today's digest at 09:00 there, 14:00 UTC (not 09:00 Moscow).
    assert await bot.rows("SELECT next_digest_at FROM users") == [
        (int(datetime(2026, 11, 25, 14, 0, tzinfo=UTC).timestamp()),)
    ]


async def test_a_snoozed_reminder_is_listed_at_its_new_time_not_as_missed(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    await anna.send("/digest off")
    await anna.next_message()
    await anna.send("remind me tomorrow at 9 to chase the Globex invoice")
    await anna.next_message()
    await wake(bot, clock, moscow(26, 9))
    reminder = await anna.next_message()
    await anna.click(reminder, "🌅 Tomorrow 10:00")
    await anna.wait_edit(reminder)
    await wake(bot, clock, moscow(26, 12))
    await anna.send("/today")
    today = (await anna.next_message()).text
    assert "Missed reminder" not in today
    assert "chase the Globex invoice" not in today  # due tomorrow now
    await wake(bot, clock, moscow(27, 8))
    await anna.send("/today")
    friday = (await anna.next_message()).text
    assert "⏰ 10:00 · chase the Globex invoice" in friday
    assert "Missed reminder" not in friday


async def test_an_overdue_deadline_snoozed_from_the_digest_waits_for_its_new_time(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    for text in ("/digest off", "/client add Acme", "banner mockups today 12:00 #acme"):
        await anna.send(text)
        await anna.next_message()
    await wake(bot, clock, moscow(25, 12))
    await anna.next_message()  # the team deadline's reminder
    await wake(bot, clock, moscow(25, 13))
    await anna.send("/today")
    agenda = await anna.next_message()
    assert "1. 🟠 Team deadline passed · Acme · banner mockups" in agenda.text
    await anna.click(agenda, "💤1")
    await anna.wait_edit(agenda)
    # Snoozed till tomorrow 10:00: not overdue today, and listed when it comes again.
    await anna.send("/today")
    today = (await anna.next_message()).text
    assert "banner mockups" not in today
    await anna.send("/week")
    week = (await anna.next_message()).text
    assert "Team deadline passed" not in week
    assert "💤 tomorrow, 10:00 · Acme · banner mockups (team: today, 12:00)" in week
    await wake(bot, clock, moscow(26, 8))
    await anna.send("/today")
    thursday = (await anna.next_message()).text
    assert "⏰ Reminders and check-ins today\n1. 💤 10:00 · Acme · banner mockups" in thursday
    assert "Team deadline passed" not in thursday
    # The snooze has come and gone: the deadline is overdue again.
    await wake(bot, clock, moscow(26, 10))
    await anna.next_message()  # the snoozed reminder
    await anna.send("/today")
    later = (await anna.next_message()).text
    assert "1. 🟠 Team deadline passed · Acme · banner mockups" in later


async def test_a_request_snoozed_then_given_a_date_is_due_then(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    for text in ("/digest off", "/client add Acme"):
        await anna.send(text)
        await anna.next_message()
    await anna.send("Acme wants a dark theme")
    card = await anna.next_message()
    await anna.send("/today")
    agenda = await anna.next_message()
    assert "1. Acme: 1 open request, new today — «Acme wants a dark theme»" in agenda.text
    await anna.click(agenda, "💤1")
    await anna.wait_edit(agenda)
    await anna.click(card, "Date")
    await anna.next_message()
    await anna.send("today 17:00")
    assert "team: today, 17:00" in (await anna.next_message()).text
    # The snooze put off an undated request; the date is the news now.
    assert await bot.rows("SELECT status FROM reminders WHERE kind = 'snooze'") == [("cancelled",)]
    await anna.send("/today")
    today = (await anna.next_message()).text
    assert "1. tomorrow, 18:00 · Acme · Acme wants a dark theme (team: today, 17:00)" in today
    assert "💤" not in today


async def test_yesterday_in_numbers_counts_the_client_messages_logged(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    await anna.send("SEO report tomorrow 15:00")
    await anna.next_message()
    for n in range(3):  # a burst of three of Ivan's messages: one summary
        await anna.forward(
            f"message {n}", origin_user(7, "Ivan"), date=int(moscow(25, 10, n).timestamp())
        )
    await anna.next_message()
    await wake(bot, clock, moscow(26, 9, 0))
    digest = await anna.next_message()
    assert digest.text.endswith("📊 Yesterday: captured 1 · forwards 3 · closed 0")


async def test_a_moment_computed_before_a_digest_time_change_is_not_written(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    # A moment is computed from the row as it was read; her /digest 08:30 lands in
    # between. The stale 09:00 moment must not be written over hers.
    app, repo = bot.app, bot.app.digests.repo
    await app.users.ensure(ANNA, "en", clock.now())
    await app.digests.start()
    stale = await repo.user(ANNA)  # read at 09:00, her default
    assert stale is not None
    await repo.set_preferences(ANNA, digest_time=time(8, 30))
    await repo.schedule(ANNA, app.digests.next_for(stale, clock.now()), read=stale)
    # The 09:00 moment was refused.
    assert await bot.rows("SELECT digest_time, next_digest_at FROM users") == [("08:30", None)]
    await app.digests.start()  # the scheduler computes again, from her row as it is now
    assert await bot.rows("SELECT digest_time, next_digest_at FROM users") == [
        ("08:30", int(moscow(26, 8, 30).timestamp()))
    ]


async def test_a_digest_served_while_its_time_changed_keeps_the_new_time(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    app, repo = bot.app, bot.app.digests.repo
    await app.users.ensure(ANNA, "en", clock.now())
    await app.digests.start()
    [stale] = await repo.due(moscow(26, 9))  # tomorrow's 09:00 digest, being sent
    await repo.set_preferences(ANNA, digest_time=time(8, 30))
    await repo.schedule(ANNA, moscow(27, 9), moscow(26, 9).date(), read=stale)
    # The day is served; the moment is left for the scheduler to compute at 08:30.
    assert await bot.rows("SELECT last_digest_on, next_digest_at FROM users") == [
        ("2026-11-26", None)
    ]


async def test_no_digest_on_a_public_holiday_unless_days_off_are_asked_for(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    # Thanksgiving, Thursday 26 November, is a day off in her country's calendar.
    await anna.send("/settings country US")
    await anna.next_message()
    await anna.send("/digest 9am")
    assert (await anna.next_message()).text.endswith("Next: Fri 27 Nov, 09:00.")
    await wake(bot, clock, moscow(26, 9))
    await anna.no_message(within=0.4)
    await wake(bot, clock, moscow(27, 9))
    assert (await anna.next_message()).text.startswith("☀️ Today, Fri 27 Nov")
    await anna.send("/digest weekends on")  # every day, days off too
    await anna.next_message()
    await bot.app.digests.start()  # the new schedule, before the clock jumps to Saturday
    await wake(bot, clock, moscow(28, 9))
    assert (await anna.next_message()).text.startswith("☀️ Today, Sat 28 Nov")


async def test_before_days_off_the_agenda_shows_promises_through_the_next_working_day(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    await anna.send("/digest off")
    await anna.next_message()
    await anna.send("/client add Acme")
    await anna.next_message()
    clock.set(moscow(26, 10))
    await anna.send("Acme: banner by tomorrow noon")
    assert "client: Mon 30 Nov, 18:00" in (await anna.next_message()).text
    # Friday: Monday's promise is on the last screen she reads before the weekend.
    clock.set(moscow(27, 9))
    await anna.send("/today")
    friday = (await anna.next_message()).text
    assert "🤝 Promised to clients, today through Mon 30 Nov\n" in friday
    assert "Mon 30 Nov, 18:00 · Acme · banner (team: today, 12:00)" in friday
    # On a Tuesday the window is today and tomorrow, as always.
    clock.set(moscow(24, 9))
    await anna.send("/today")
    assert "Promised to clients" not in (await anna.next_message()).text


async def test_a_country_set_later_moves_a_digest_due_on_its_holiday(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    await anna.send("/today")  # her first message: tomorrow's 09:00 digest is planned
    await anna.next_message()
    await anna.send("/settings country US")  # tomorrow is Thanksgiving
    await anna.next_message()
    await bot.app.digests.start()  # let the new plan land before the clock jumps
    await wake(bot, clock, moscow(26, 9))
    await anna.no_message(within=0.4)
    await wake(bot, clock, moscow(27, 9))
    assert (await anna.next_message()).text.startswith("☀️ Today, Fri 27 Nov")


async def test_a_client_payment_gone_by_is_in_the_digest_until_it_is_marked_paid(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    await anna.send("/client add Globex")
    await anna.next_message()
    await anna.send("Globex next payment Thursday")
    await anna.next_message()
    await wake(bot, clock, moscow(27, 9))  # Friday: Thursday's payment was not marked
    digest = await anna.next_message()
    assert "🔴 Globex: payment was due Thu 26 Nov, not marked paid" in digest.text
    await anna.send("Globex paid today")
    await anna.next_message()
    await wake(bot, clock, moscow(30, 9))
    assert "Globex: payment" not in (await anna.next_message()).text


async def test_a_line_closed_from_the_week_is_undone_with_its_reminders(
    bot: RunningBot, anna: UserClient, clock: FakeClock, emulator: TelegramEmulator
) -> None:
    for text in ("/digest off", "/client add Acme", "Acme: banner by tomorrow"):
        await anna.send(text)
        await anna.next_message()
    armed = await bot.rows("SELECT kind, status, due_at FROM reminders ORDER BY id")
    assert [(kind, status) for kind, status, _ in armed] == [
        ("internal", "pending"),
        ("client", "pending"),
    ]
    await anna.send("/week")
    week = await anna.next_message()
    assert week.buttons == ["✅1", "💤1"]
    line = next(text for text in week.text.splitlines() if text.startswith("1. "))
    await anna.click(week, "✅1")
    closed = await anna.wait_edit(week)
    assert f"{line} — ✅ done" in closed.text.splitlines()
    # The tapped button is the way back; snoozing a closed line means nothing.
    assert closed.buttons == ["↩️1"]
    assert await bot.rows("SELECT status FROM items") == [("done",)]
    assert await bot.rows("SELECT status FROM reminders ORDER BY id") == [
        ("cancelled",),
        ("cancelled",),
    ]
    await anna.click(closed, "↩️1")
    reopened = await anna.wait_edit(closed)
    assert reopened.text == week.text
    assert reopened.html == week.html
    assert reopened.buttons == ["✅1", "💤1"]
    assert anna.callback_answers[-1].get("text") == "Restored."
    assert await bot.rows("SELECT status FROM items") == [("open",)]
    # Re-armed for the same moments, pending as before the tap.
    rows = await bot.rows("SELECT kind, status, due_at FROM reminders WHERE status = 'pending'")
    assert sorted(rows) == sorted(armed)
    # And the team deadline's reminder comes when it is due.
    await wake(bot, clock, datetime.fromtimestamp(armed[0][2], UTC))
    assert "Team deadline reached · Acme: banner" in (await anna.next_message()).text
    assert emulator.errors == []


async def test_undo_keeps_the_other_lines_as_they_were(bot: RunningBot, anna: UserClient) -> None:
    for text in ("/digest off", "SEO report today 16:00", "banner today 17:00"):
        await anna.send(text)
        await anna.next_message()
    await anna.send("/today")
    agenda = await anna.next_message()
    await anna.click(agenda, "✅1")
    first = await anna.wait_edit(agenda)
    await anna.click(first, "💤2")
    second = await anna.wait_edit(first)
    assert second.buttons == ["↩️1"]
    await anna.click(second, "↩️1")
    undone = await anna.wait_edit(second)
    assert undone.buttons == ["✅1", "💤1"]
    assert undone.text.splitlines()[3:5] == [
        "1. tomorrow, 18:00 · SEO report (team: today, 16:00)",
        "2. tomorrow, 18:00 · banner (team: today, 17:00) — 💤 snoozed till tomorrow, 10:00",
    ]
    # Tapped twice (the edit not yet seen): the second finds it open already.
    [(first_id,)] = await bot.rows("SELECT id FROM items WHERE title = 'SEO report'")
    await anna.click_data(second, f"dg:undo:{first_id}")
    await anna.no_message(within=0.3)
    assert anna.callback_answers[-1].get("show_alert") is True
    assert await bot.rows("SELECT status FROM items ORDER BY id") == [("open",), ("open",)]


async def test_a_line_snoozed_from_the_digest_holds_back_todays_reminder(
    bot: RunningBot, anna: UserClient, clock: FakeClock, emulator: TelegramEmulator
) -> None:
    clock.set(moscow(26, 8))
    for text in ("/digest 09:00", "/client add Acme", "Acme: banner by today 6pm"):
        await anna.send(text)
        await anna.next_message()
    await wake(bot, clock, moscow(26, 9))
    digest = await anna.next_message()
    assert "banner" in digest.text
    await anna.click(digest, "💤1")
    snoozed = await anna.wait_edit(digest)
    assert any(
        line.startswith("1. ") and line.endswith(" — 💤 snoozed till tomorrow, 10:00")
        for line in snoozed.text.splitlines()
    )
    assert await bot.rows("SELECT kind, status, due_at FROM reminders ORDER BY id") == [
        ("internal", "cancelled", int(moscow(26, 18).timestamp())),  # held by the snooze
        ("client", "pending", int(moscow(27, 16).timestamp())),
        ("snooze", "pending", int(moscow(27, 10).timestamp())),
    ]
    # A change to the item that keeps its date does not arm the held reminder again.
    held = await bot.rows("SELECT kind, status, due_at FROM reminders ORDER BY id")
    user = await bot.app.users.get(ANNA)
    assert user is not None
    [(item_id, client_id)] = await bot.rows("SELECT id, client_id FROM items")
    await bot.app.notebook.set_client(user, item_id, client_id)
    assert await bot.rows("SELECT kind, status, due_at FROM reminders ORDER BY id") == held
    await wake(bot, clock, moscow(26, 18))
    await anna.no_message(within=0.5)
    await wake(bot, clock, moscow(27, 9))
    await anna.next_message()  # Friday's digest
    await wake(bot, clock, moscow(27, 10))
    came = await anna.next_message()
    # At the snooze moment, once, saying what the held reminder would have said.
    assert came.text.startswith("⏰ Team deadline reached · Acme: banner")
    await anna.no_message(within=0.5)
    assert await bot.rows("SELECT kind, status FROM reminders ORDER BY id") == [
        ("internal", "cancelled"),
        ("client", "pending"),
        ("snooze", "sent"),
    ]
    assert emulator.errors == []


async def test_a_snooze_from_fridays_digest_waits_for_monday(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    clock.set(moscow(27, 8))  # Friday
    for text in ("/digest 09:00", "SEO report today 16:00"):
        await anna.send(text)
        await anna.next_message()
    await wake(bot, clock, moscow(27, 9))
    digest = await anna.next_message()
    await anna.click(digest, "💤1")
    snoozed = await anna.wait_edit(digest)
    assert "— 💤 snoozed till Mon 30 Nov, 10:00" in snoozed.text
    assert await bot.rows("SELECT due_at FROM reminders WHERE kind = 'snooze'") == [
        (int(moscow(30, 10).timestamp()),)
    ]


async def test_a_snooze_from_fridays_agenda_keeps_saturday_when_digests_come_on_weekends(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    clock.set(moscow(27, 8))  # Friday
    for text in ("/digest weekends on", "SEO report today 16:00", "/today"):
        await anna.send(text)
    await anna.next_message()
    await anna.next_message()
    agenda = await anna.next_message()
    await anna.click(agenda, "💤1")
    snoozed = await anna.wait_edit(agenda)
    assert "— 💤 snoozed till tomorrow, 10:00" in snoozed.text
    assert await bot.rows("SELECT due_at FROM reminders WHERE kind = 'snooze'") == [
        (int(moscow(28, 10).timestamp()),)
    ]
