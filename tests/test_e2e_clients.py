"""The client table: card, list, updates by message with undo, timeline."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.conftest import ANNA, OLGA, FakeClock, RunningBot
from tests.emulator import BotMessage, TelegramEmulator, UserClient, origin_user


async def test_add_client_and_see_the_card(bot: RunningBot, anna: UserClient) -> None:
    await anna.send("/client add Acme Corp")
    card = await anna.next_message()
    assert card.text.startswith("👤 Acme Corp · active")
    assert "Nothing open." in card.text
    assert {"✏️ Edit", "🕘 Timeline", "⏸ Pause", "🗄 Archive"} <= set(card.buttons)
    await anna.send("SEO report by Friday #acme-corp")
    await anna.next_message()
    await anna.send("/client acme corp")
    card = await anna.next_message()
    assert "Open (1):" in card.text
    assert "📌 SEO report — team Fri 27 Nov, 18:00 → client Mon 30 Nov, 18:00" in card.text
    await anna.send("remind me tomorrow 10am to call Acme Corp's CFO #acme-corp")
    await anna.next_message()
    await anna.send("/client acme corp")
    card = await anna.next_message()
    # A reminder has no team date.
    assert "⏰ call Acme Corp's CFO — reminder tomorrow, 10:00" in card.text


async def test_fields_by_message_with_undo(bot: RunningBot, anna: UserClient) -> None:
    await anna.send("/client add Acme")
    await anna.next_message()
    await anna.send("Acme paid today")
    paid = await anna.next_message()
    assert paid.text == "Acme: last payment → 25 Nov 2026"
    await anna.send("Acme next report 15.01")
    report = await anna.next_message()
    assert report.text == "Acme: next report → 15 Jan 2027"
    await anna.send("Acme оплатил 20.11")
    assert "last payment → 20 Nov 2026" in (await anna.next_message()).text
    assert await bot.rows("SELECT last_payment_on, next_report_on FROM clients") == [
        ("2026-11-20", "2027-01-15")
    ]
    await anna.click(report, "↩️ Undo")
    undone = await anna.wait_edit(report)
    assert undone.text.startswith("Undone: Acme, next report")
    assert await bot.rows("SELECT next_report_on FROM clients") == [(None,)]
    await anna.send("Acme on pause")
    assert (await anna.next_message()).text == "Acme: now on pause."
    # A sentence that merely mentions a payment stays a note (a request here), and the
    # day it was paid is no deadline.
    await anna.send("Acme paid today but wants a discount")
    kept = await anna.next_message()
    assert kept.text == "🙋 Request · Acme: Acme paid today but wants a discount"
    assert await bot.rows("SELECT count(*) FROM items") == [(1,)]


async def test_russian_field_update_and_undo_keep_the_name_as_it_is(
    bot: RunningBot, olga: UserClient
) -> None:
    await olga.send("/client add Альфа Банк")
    await olga.next_message()
    await olga.send("Альфа Банк оплатил сегодня")
    paid = await olga.next_message()
    assert paid.text == "Альфа Банк: последняя оплата → 25 ноя 2026"
    await olga.click(paid, "↩️ Вернуть")
    undone = await olga.wait_edit(paid)
    assert undone.text == "Отменено. Альфа Банк: последняя оплата — как было."


async def test_edit_fields_and_status_with_buttons(bot: RunningBot, olga: UserClient) -> None:
    await olga.send("/client add Ромашка")
    card = await olga.next_message()
    await olga.click(card, "✏️ Изменить")
    menu = await olga.wait_edit(card)
    await olga.click(menu, "следующая оплата")
    question = await olga.next_message()
    assert question.text == "Ромашка: когда следующая оплата? (например, 1.12)"
    await olga.send("1 декабря")
    updated = await olga.next_message()
    assert "следующая: 1 дек 2026" in updated.text
    await olga.click(updated, "✏️ Изменить")
    menu = await olga.wait_edit(updated)
    await olga.click(menu, "адрес почты")  # not the channel "почта" beside it
    assert (await olga.next_message()).text == "Ромашка: адрес почты?"
    await olga.send("not an address")
    assert "не похоже на адрес" in (await olga.next_message()).text
    await olga.click(menu, "телефон")
    phone = await olga.wait_edit(menu)
    assert "Канал: телефон" in phone.text
    await olga.click(phone, "⏸ Пауза")
    paused = await olga.wait_edit(phone)
    assert paused.text.startswith("👤 Ромашка · на паузе")
    assert await bot.rows("SELECT status, preferred_channel, next_payment_on FROM clients") == [
        ("paused", "phone", "2026-12-01")
    ]


async def test_questions_about_a_name_ending_in_s_read_well(
    bot: RunningBot, anna: UserClient
) -> None:
    await anna.send("/client add Initech Systems")
    card = await anna.next_message()
    await anna.click(card, "✏️ Edit")
    menu = await anna.wait_edit(card)
    await anna.click(menu, "next payment")
    question = await anna.next_message()
    assert question.text == "When is the next payment from Initech Systems due? (e.g. 1.12)"
    await anna.send("1 December")
    updated = await anna.next_message()
    await anna.click(updated, "✏️ Edit")
    menu = await anna.wait_edit(updated)
    await anna.click(menu, "e-mail address")
    assert (await anna.next_message()).text == "E-mail for Initech Systems?"


async def test_clients_list_by_status(bot: RunningBot, anna: UserClient) -> None:
    for name in ("Acme", "Globex", "Initech"):
        await anna.send(f"/client add {name}")
        await anna.next_message()
    await anna.send("Globex on pause")
    await anna.next_message()
    await anna.send("banner by Friday #acme")
    await anna.next_message()
    await anna.send("/clients")
    listing = (await anna.next_message()).text
    assert "active (2)" in listing
    assert "Acme — open: 1 · next promise Mon 30 Nov, 18:00 · contact never" in listing
    assert "on pause (1)" in listing
    assert listing.index("active (2)") < listing.index("on pause (1)")


async def test_a_broken_promise_is_listed_before_the_next_one(
    bot: RunningBot, anna: UserClient, olga: UserClient, clock: FakeClock
) -> None:
    for user, add, first, second in (
        (anna, "/client add Acme", "banner by Friday #acme", "report by 10 December #acme"),
        (olga, "/client add Ромашка", "баннер к пятнице #ромашка", "отчёт к 10 декабря #ромашка"),
    ):
        for text in (add, first, second):
            await user.send(text)
            await user.next_message()
    # Wednesday 2 December: the banner, promised for Monday 30 November, is still open.
    clock.advance(days=7)
    await anna.send("/clients")
    listing = (await anna.next_message()).text
    assert "Acme — open: 2 · ⚠️ promised 30.11, overdue · contact never" in listing
    await olga.send("/clients")
    listing = (await olga.next_message()).text
    assert "Ромашка — открыто: 2 · ⚠️ обещано 30.11, просрочено · контакт никогда" in listing
    # Once it is closed, the next promise is shown again.
    async with bot.app.db.transaction() as conn:
        await conn.execute("UPDATE items SET status = 'done' WHERE title LIKE 'banner%'")
    await anna.send("/clients")
    listing = (await anna.next_message()).text
    assert "Acme — open: 1 · next promise Mon 14 Dec, 18:00 · contact never" in listing


async def test_timeline_with_a_conversation(
    bot: RunningBot, anna: UserClient, emulator: TelegramEmulator
) -> None:
    await anna.send("/client add Acme")
    await anna.next_message()
    ivan = origin_user(5551, "Ivan", "Petrov")
    await anna.forward("hello, any news on the banner?", ivan)
    summary = await anna.next_message()
    await anna.click(summary, "Acme")
    await emulator.wait_idle()
    for number in range(9):
        await anna.send(f"note {number} #acme")
        await anna.next_message()
    await anna.send("/client Acme")
    card = await anna.next_message()
    await anna.click(card, "🕘 Timeline")
    page1 = await anna.wait_edit(card)
    assert "page 1/2" in page1.text
    assert "note 8" in page1.text  # newest first
    await anna.click(page1, "»")
    page2 = await anna.wait_edit(page1)
    assert "💬" in page2.text
    button = next(b for b in page2.buttons if b.startswith("💬"))
    await anna.click(page2, button)
    opened = await anna.next_message()
    assert "Ivan Petrov: hello, any news on the banner?" in opened.text


async def test_another_users_clients_stay_invisible(
    bot: RunningBot, anna: UserClient, olga: UserClient
) -> None:
    await anna.send("/client add Acme")
    await anna.next_message()
    await olga.send("/client Acme")
    assert "Клиента «Acme» нет" in (await olga.next_message()).text
    await olga.send("/clients")
    assert (await olga.next_message()).text.startswith("Клиентов пока нет.")
    await olga.send("/start")
    await olga.next_message()
    (client_id,) = (await bot.rows("SELECT id FROM clients WHERE user_id = ?", ANNA))[0]
    for data in (
        f"cl:status:{client_id}:archived",
        f"cl:tl:{client_id}:0",
        f"cl:edit:{client_id}:",
    ):
        await olga.click_data(olga.last_message, data)
    assert await bot.rows("SELECT status FROM clients WHERE user_id = ?", ANNA) == [("active",)]
    assert await bot.rows("SELECT count(*) FROM clients WHERE user_id = ?", OLGA) == [(0,)]


async def test_a_forged_page_that_is_no_number_is_no_longer_available(
    bot: RunningBot, anna: UserClient, emulator: TelegramEmulator
) -> None:
    await anna.send("/client add Acme")
    card = await anna.next_message()
    (client_id,) = (await bot.rows("SELECT id FROM clients"))[0]
    # "²" passes str.isdigit, and int() refuses it; 19 nines is past what SQLite stores.
    for arg in ("²", "9" * 19):
        for action in ("tl", "undo", "conv"):
            await anna.click_data(card, f"cl:{action}:{client_id}:{arg}")
            await emulator.wait_idle()
            assert anna.callback_answers[-1] == {
                "callback_query_id": anna.callback_answers[-1]["callback_query_id"],
                "text": "This is no longer available.",
                "show_alert": True,
            }, (action, arg)


async def test_an_old_field_question_does_not_eat_the_next_note(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    await anna.send("/client add Acme")
    card = await anna.next_message()
    await anna.click(card, "✏️ Edit")
    menu = await anna.wait_edit(card)
    await anna.click(menu, "notes")
    await anna.next_message()
    clock.advance(minutes=11)  # the question was left unanswered
    await anna.send("call the printer about the banner")
    assert "📝 Note" in (await anna.next_message()).text
    assert await bot.rows("SELECT notes FROM clients") == [("",)]


async def test_last_contact_counts_calendar_days(
    bot: RunningBot, olga: UserClient, clock: FakeClock
) -> None:
    await olga.send("/client add Ромашка")
    await olga.next_message()
    await olga.forward("Добрый день!", origin_user(5551, "Иван"))
    await olga.click(await olga.next_message(), "Ромашка")
    await olga.send("/client Ромашка")
    assert "Последний контакт: сегодня" in (await olga.next_message()).text
    clock.advance(hours=13)  # 00:30 the next day: under a day, but yesterday
    await olga.send("/clients")
    assert "Ромашка — открыто: 0 · контакт вчера" in (await olga.next_message()).text


def _moscow(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour - 3, minute, tzinfo=UTC)


async def _wake(bot: RunningBot, clock: FakeClock, moment: datetime) -> None:
    clock.set(moment)
    await bot.app.digests.rearm()
    await bot.app.reminders.rearm()


def _open_lines(card: str) -> list[str]:
    lines = card.splitlines()
    return lines[
        next(i for i, line in enumerate(lines) if line.startswith(("Open (", "Открыто ("))) + 1 :
    ]


async def test_the_card_shows_a_snoozed_reminder_at_its_new_time(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    for text in (
        "/digest off",
        "/client add Acme",
        "remind me at 15:00 to call Acme #acme",
        "SEO report today 18:00 #acme",
    ):
        await anna.send(text)
        await anna.next_message()
    await _wake(bot, clock, _moscow(25, 15))
    reminder = await anna.next_message()
    await anna.click(reminder, "🌅 Tomorrow 10:00")
    await anna.wait_edit(reminder)
    await anna.send("/client acme")
    lines = _open_lines((await anna.next_message()).text)
    # Listed by when it reminds now, after the deadline it used to come before.
    assert lines[0].startswith("📌 SEO report — team today, 18:00")
    assert lines[1] == "⏰ call Acme — reminder tomorrow, 10:00"


async def test_the_card_marks_an_item_snoozed_from_the_digest_until_the_snooze_is_over(
    bot: RunningBot, anna: UserClient, olga: UserClient, clock: FakeClock
) -> None:
    for user, texts in (
        (anna, ("/digest off", "/client add Acme", "banner mockups today 12:00 #acme")),
        (olga, ("/digest off", "/client add Ромашка", "баннер сегодня в 12:00 #ромашка")),
    ):
        for text in texts:
            await user.send(text)
            await user.next_message()
    await _wake(bot, clock, _moscow(25, 12))
    await anna.next_message()  # the team deadline's reminder
    await olga.next_message()
    await _wake(bot, clock, _moscow(25, 13))
    for user in (anna, olga):
        await user.send("/today")
        agenda = await user.next_message()
        await user.click(agenda, "💤1")
        await user.wait_edit(agenda)
    await anna.send("/client acme")
    line = _open_lines((await anna.next_message()).text)[0]
    assert (
        line
        == "📌 banner mockups — team today, 12:00 → client tomorrow, 18:00 · 💤 tomorrow, 10:00"
    )
    await olga.send("/client ромашка")
    line = _open_lines((await olga.next_message()).text)[0]
    assert line == "📌 баннер — команде сегодня, 12:00 → клиенту завтра, 18:00 · 💤 завтра, 10:00"
    # The snooze has gone off: nothing is waiting any more.
    await _wake(bot, clock, _moscow(26, 10))
    await anna.next_message()  # the snoozed reminder
    await anna.send("/client acme")
    line = _open_lines((await anna.next_message()).text)[0]
    assert line == "📌 banner mockups — team Wed 25 Nov, 12:00 → client today, 18:00"


async def test_the_timeline_shows_a_snoozed_reminder_at_its_new_time(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    for text in (
        "/digest off",
        "/client add Acme",
        "remind me at 15:00 to call Acme #acme",
        "banner mockups today 12:00 #acme",
    ):
        await anna.send(text)
        await anna.next_message()
    await _wake(bot, clock, _moscow(25, 12))
    await anna.next_message()  # the team deadline's reminder
    await _wake(bot, clock, _moscow(25, 13))
    await anna.send("/today")
    agenda = await anna.next_message()
    await anna.click(agenda, "💤1")  # the overdue deadline, till tomorrow 10:00
    await anna.wait_edit(agenda)
    await _wake(bot, clock, _moscow(25, 15))
    reminder = await anna.next_message()
    await anna.click(reminder, "🌅 Tomorrow 10:00")
    await anna.wait_edit(reminder)
    await anna.send("/client acme")
    card = await anna.next_message()
    await anna.click(card, "🕘 Timeline")
    timeline = await anna.wait_edit(card)
    # As on the card: the reminder at the time it was snoozed to, the deadline marked.
    assert timeline.text.splitlines() == [
        "🕘 Acme — page 1/1",
        "25.11 📌 banner mockups — team today, 12:00 → client tomorrow, 18:00 · 💤 tomorrow, 10:00",
        "25.11 ⏰ call Acme — reminder tomorrow, 10:00",
    ]
    assert timeline.buttons == ["« Back"]


async def _say(user: UserClient, text: str) -> BotMessage:
    await user.send(text)
    return await user.next_message()


async def _ask(user: UserClient, name: str, field: str) -> BotMessage:
    card = await _say(user, f"/client {name}")
    await user.click(card, next(b for b in card.buttons if b.startswith("✏️")))
    menu = await user.wait_edit(card)
    await user.click(menu, field)
    return await user.next_message()


async def test_undo_of_an_older_change_keeps_the_newer_value(
    bot: RunningBot, anna: UserClient, emulator: TelegramEmulator
) -> None:
    await _say(anna, "/client add Acme")
    wrong = await _say(anna, "Acme paid 20.11")
    right = await _say(anna, "Acme paid today")
    await anna.click(wrong, "↩️ Undo")
    await emulator.wait_idle()
    assert anna.callback_answers[-1]["text"] == (
        "Acme: the last payment was changed again since — undo the later change first."
    )
    assert await bot.rows("SELECT last_payment_on FROM clients") == [("2026-11-25",)]
    # Undone in order, each puts back what it replaced.
    await anna.click(right, "↩️ Undo")
    assert (await anna.wait_edit(right)).text.startswith("Undone: Acme, last payment")
    assert await bot.rows("SELECT last_payment_on FROM clients") == [("2026-11-20",)]
    await anna.click(wrong, "↩️ Undo")
    await anna.wait_edit(wrong)
    assert await bot.rows("SELECT last_payment_on FROM clients") == [(None,)]


async def test_a_status_change_by_message_can_be_undone(
    bot: RunningBot, anna: UserClient, olga: UserClient
) -> None:
    await _say(anna, "/client add Acme")
    paused = await _say(anna, "Acme is paused")
    assert paused.text == "Acme: now on pause."
    await anna.click(paused, "↩️ Undo")
    assert (await anna.wait_edit(paused)).text == "Undone: Acme, status is back as it was."
    assert await bot.rows("SELECT status FROM clients") == [("active",)]
    await _say(olga, "/client add Ромашка")
    for text, status in (
        ("Ромашка в архиве", "archived"),
        ("Ромашка снята с паузы", "active"),
        ("Ромашка на паузе", "paused"),
        ("Ромашка активна", "active"),
    ):
        reply = await _say(olga, text)
        assert reply.buttons == ["↩️ Вернуть"], reply.text
        assert await bot.rows("SELECT status FROM clients WHERE user_id = ?", OLGA) == [(status,)]
    assert await bot.rows("SELECT count(*) FROM items") == [(0,)]


async def test_a_command_leaves_an_edit_question_unanswered(
    bot: RunningBot, anna: UserClient
) -> None:
    await _say(anna, "/client add Globex")
    await _say(anna, "/client add Acme")
    await bot.db.write("UPDATE clients SET notes = 'VIP, pays late' WHERE name = 'Acme'")
    await _ask(anna, "acme", "notes")
    await _say(anna, "/clients")
    reply = await _say(anna, "call Globex tomorrow about the contract")
    assert reply.text.startswith("📌 Deadline · Globex")
    assert await bot.rows("SELECT notes FROM clients WHERE name = 'Acme'") == [("VIP, pays late",)]
    assert await bot.rows("SELECT count(*) FROM items") == [(1,)]


async def test_notes_answered_can_be_undone(bot: RunningBot, anna: UserClient) -> None:
    await _say(anna, "/client add Acme")
    await bot.db.write("UPDATE clients SET notes = 'VIP, pays late'")
    await _ask(anna, "acme", "notes")
    card = await _say(anna, "prefers calls after 3pm")
    assert "📝 prefers calls after 3pm" in card.text
    await anna.click(card, "↩️ Undo")
    await anna.wait_edit(card)
    assert await bot.rows("SELECT notes FROM clients") == [("VIP, pays late",)]


async def test_what_is_clearly_no_answer_is_not_swallowed(
    bot: RunningBot, anna: UserClient
) -> None:
    await _say(anna, "/client add Globex")
    await _say(anna, "/client add Acme")
    await _ask(anna, "acme", "next payment")
    paid = await _say(anna, "Globex paid today")
    assert paid.text == "Globex: last payment → 25 Nov 2026"
    # The question is gone with it: the next message is a message of its own.
    assert (await _say(anna, "5.12")).text.startswith("📌 Deadline")
    await _ask(anna, "acme", "next report")
    reply = await _say(anna, "call Globex tomorrow about the contract")
    assert reply.text.startswith("📌 Deadline · Globex")
    assert await bot.rows(
        "SELECT name, last_payment_on, next_payment_on, next_report_on FROM clients ORDER BY name"
    ) == [("Acme", None, None, None), ("Globex", "2026-11-25", None, None)]


async def test_a_wrong_answer_keeps_the_question_open(
    bot: RunningBot, anna: UserClient, olga: UserClient
) -> None:
    await _say(anna, "/client add Acme")
    await _ask(anna, "acme", "next payment")
    bad = await _say(anna, "next Friday-ish")
    assert bad.text == (
        "⚠️ I couldn't read a date in «next Friday-ish». Send just the day, e.g. 5.12 or"
        " Friday.\nSend it again, or a command to leave the question."
    )
    card = await _say(anna, "5.12")
    assert "next payment: 5 Dec 2026" in card.text
    await _ask(anna, "acme", "e-mail address")
    assert "doesn't look like an e-mail" in (await _say(anna, "ceo@acme")).text
    await _say(anna, "ceo@acme.com")
    await _ask(anna, "acme", "last payment")
    assert "hasn't come yet" in (await _say(anna, "tomorrow")).text
    await _say(anna, "on Monday")
    assert await bot.rows("SELECT next_payment_on, email, last_payment_on FROM clients") == [
        ("2026-12-05", "ceo@acme.com", "2026-11-23")
    ]
    assert await bot.rows("SELECT count(*) FROM items") == [(0,)]
    await _say(olga, "/client add Ромашка")
    await _ask(olga, "ромашка", "следующий отчёт")
    bad = await _say(olga, "когда-нибудь")
    assert bad.text.startswith("⚠️ Не понял дату в «когда-нибудь».")


async def test_past_dates_in_payments(bot: RunningBot, anna: UserClient, olga: UserClient) -> None:
    await _say(anna, "/client add Acme")
    previous = None
    for text, shown in (
        ("Acme paid on Monday", "23 Nov 2026"),
        ("Acme paid on 23rd", "23 Nov 2026"),
        ("Acme paid 20.11.2025", "20 Nov 2025"),
        ("Acme paid 2026-11-20", "20 Nov 2026"),
        ("Acme paid last Friday", "20 Nov 2026"),
        # Yesterday by its weekday or its date.
        ("Acme paid on Tuesday", "24 Nov 2026"),
        ("Acme paid 24.11", "24 Nov 2026"),
        ("Acme paid 2 days ago", "23 Nov 2026"),
    ):
        reply = (await _say(anna, text)).text
        if shown == previous:
            assert reply == f"Acme: last payment is already {shown}, nothing changed."
        else:
            assert reply == f"Acme: last payment → {shown}"
        previous = shown
    refused = await _say(anna, "Acme paid tomorrow")
    assert refused.text == (
        "⚠️ «tomorrow» hasn't come yet: the last payment is a day that has.\nAcme: nothing changed."
    )
    assert await bot.rows("SELECT last_payment_on FROM clients WHERE user_id = ?", ANNA) == [
        ("2026-11-23",)
    ]
    await _say(olga, "/client add Ромашка")
    for text, shown in (
        ("Ромашка оплатила в понедельник", "23 ноя 2026"),
        ("Ромашка оплатила в воскресенье", "22 ноя 2026"),
        ("Ромашка оплатила позавчера", "23 ноя 2026"),
        ("Ромашка оплатила в прошлую пятницу", "20 ноя 2026"),
    ):
        assert (await _say(olga, text)).text == f"Ромашка: последняя оплата → {shown}"
    assert await bot.rows("SELECT count(*) FROM items") == [(0,)]


async def test_an_update_that_cannot_be_made_says_why(bot: RunningBot, anna: UserClient) -> None:
    await _say(anna, "/client add Acme")
    for text, problem in (
        ("Acme email: not-an-email", "⚠️ «not-an-email» doesn't look like an e-mail address."),
        ("Acme next report", "⚠️ The next report needs a date, e.g. 15.12."),
        ("Acme next report 15.13", "⚠️ I couldn't read a date in «15.13»."),
        (
            "Acme next payment yesterday",
            "⚠️ «yesterday» has passed: the next payment is a day ahead.",
        ),
    ):
        reply = await _say(anna, text)
        assert reply.text.startswith(problem), reply.text
        assert reply.text.endswith("Acme: nothing changed.")
    assert await bot.rows("SELECT email, next_report_on FROM clients") == [(None, None)]


async def test_aliases_and_contacts(bot: RunningBot, anna: UserClient) -> None:
    await _say(anna, "/client add Globex")
    await _say(anna, "/client add Acme")
    await _ask(anna, "acme", "+ alias")
    refused = await _say(anna, "globex")
    assert refused.text.startswith(
        "⚠️ «globex» is already Globex: a name or alias can belong to one client only."
    )
    await _say(anna, "Acme Corporation")
    await _ask(anna, "acme", "+ alias")
    assert (await _say(anna, "acme corporation")).text.startswith(
        "⚠️ Acme already goes by «acme corporation»."
    )
    await _say(anna, "/clients")  # leaves the question
    assert (await _say(anna, "Globex paid today")).text.startswith("Globex: last payment")
    for answer in ("Jean-Luc Picard", "Anna-Maria Smith - CFO"):
        await _ask(anna, "acme", "+ contact")
        await _say(anna, answer)
    assert await bot.rows("SELECT aliases FROM clients WHERE name = 'Acme'") == [
        ("Acme Corporation",)
    ]
    assert await bot.rows("SELECT name, note FROM client_contacts ORDER BY id") == [
        ("Jean-Luc Picard", ""),
        ("Anna-Maria Smith", "CFO"),
    ]


async def test_a_capture_typed_while_a_contact_is_asked_for_is_captured(
    bot: RunningBot, anna: UserClient
) -> None:
    # ✏️ Edit → contact, then the call goes on: what she types next is a capture.
    await _say(anna, "/client add Acme")
    await _say(anna, "/client add Globex")
    for field in ("+ contact", "notes"):
        await _ask(anna, "acme", field)
        reply = await _say(anna, "SEO report by Friday #globex")
        assert reply.text.startswith("📌 Deadline · Globex: SEO report")
        await _ask(anna, "acme", field)
        reply = await _say(anna, "remind me tomorrow 10am to call Maria")
        assert reply.text.startswith("⏰ Reminder")
    assert await bot.rows("SELECT count(*) FROM client_contacts") == [(0,)]
    assert await bot.rows("SELECT notes FROM clients WHERE name = 'Acme'") == [("",)]
    assert await bot.rows("SELECT kind FROM items ORDER BY id") == [
        ("deadline",),
        ("reminder",),
        ("deadline",),
        ("reminder",),
    ]
    # A contact as people write one is still a contact.
    await _ask(anna, "acme", "+ contact")
    await _say(anna, "Maria Lopez - head of marketing, +44 20 7946 0958")
    assert await bot.rows("SELECT name, note FROM client_contacts") == [
        ("Maria Lopez", "head of marketing, +44 20 7946 0958")
    ]


async def test_rename_a_client(bot: RunningBot, anna: UserClient) -> None:
    await _say(anna, "/client add Globex")
    await _say(anna, "/client add Acme Crop")
    card = await _say(anna, "/client rename Acme Crop Acme Corp")
    assert card.text.startswith("👤 Acme Corp · active")
    taken = await _say(anna, "/client rename Acme Corp globex")
    assert taken.text.startswith("⚠️ «globex» is already Globex")
    usage = await _say(anna, "/client rename Acme Corp")
    assert usage.text.startswith("Rename a client: /client rename")
    await _ask(anna, "acme corp", "✏️ name")
    card = await _say(anna, "Acme Inc")
    assert card.text.startswith("👤 Acme Inc · active")
    assert (await _say(anna, "Acme Inc paid today")).text.startswith("Acme Inc: last payment")
    # A sentence with a date sent while the name question waits is a message of its own.
    await _ask(anna, "acme inc", "✏️ name")
    moved_on = await _say(anna, "call Globex tomorrow about the new contract terms")
    assert moved_on.text.startswith("📌 Deadline · Globex: call Globex")
    assert await bot.rows("SELECT name FROM clients ORDER BY id") == [("Globex",), ("Acme Inc",)]


async def test_add_takes_a_tag_or_a_heading_as_the_name(bot: RunningBot, anna: UserClient) -> None:
    await _say(anna, "/client add Acme")
    for command in ("/client add #acme", "/client add Acme:"):
        assert (await _say(anna, command)).text.startswith("👤 Acme · active")
    assert (await _say(anna, "/client add #acme-corp")).text.startswith("👤 acme corp")
    assert (await _say(anna, "/client add")).text == "Which client? /client add Acme"
    assert await bot.rows("SELECT name FROM clients ORDER BY id") == [("Acme",), ("acme corp",)]


async def test_clients_list_order_and_length(
    bot: RunningBot, anna: UserClient, emulator: TelegramEmulator
) -> None:
    for text in ("/client add Acme", "/client add Globex", "/client add Initech"):
        await _say(anna, text)
    await _say(anna, "Globex on pause")
    await _say(anna, "Acme archived")
    listing = (await _say(anna, "/clients")).text
    assert listing.index("active (1)") < listing.index("on pause (1)")
    assert listing.index("on pause (1)") < listing.index("archived (1)")
    async with bot.app.db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO clients (user_id, name, name_key, created_at, last_used_at)"
            " VALUES (?, ?, ?, 0, 0)",
            [(ANNA, f"Client number {n:03d}", f"client number {n:03d}") for n in range(200)],
        )
    await anna.send("/clients")
    # Over Telegram's 4096 characters: in three messages, not one rejected.
    parts = [(await anna.next_message()).text for _ in range(3)]
    await anna.no_message()
    assert emulator.errors == []
    assert all(len(part) <= 4096 for part in parts)
    assert parts[0].startswith("active (201)")
    assert "\n".join(parts).count("Client number") == 200
    assert parts[2].endswith("archived (1)\nAcme — open: 0 · contact never")


async def test_a_name_in_quotes_or_with_its_legal_form_is_the_same_client(
    bot: RunningBot, anna: UserClient
) -> None:
    assert (await _say(anna, "/client add «Вектор»")).text.startswith("👤 «Вектор» · active")
    await _say(anna, '/client add ООО "Ромашка"')
    call = await _say(anna, "/call Вектор")
    assert call.text.startswith("📞 Call with «Вектор»:")
    await _say(anna, "/end")
    saved = await _say(anna, "Ромашка: прислать счёт до пятницы")
    assert 'ООО "Ромашка"' in saved.text
    saved = await _say(anna, "«Вектор»: обновить макеты")
    assert "«Вектор»" in saved.text
    assert await bot.rows(
        "SELECT clients.name, items.title FROM items JOIN clients ON clients.id = client_id"
        " ORDER BY items.id"
    ) == [('ООО "Ромашка"', "прислать счёт"), ("«Вектор»", "обновить макеты")]
    assert await bot.rows("SELECT count(*) FROM clients") == [(2,)]


async def test_a_name_of_two_words_is_found_by_its_first_while_no_other_starts_so(
    bot: RunningBot, olga: UserClient
) -> None:
    await _say(olga, "/client add Альфа Банк")
    saved = await _say(olga, "Альфа: прислать договор")
    assert saved.text.startswith("📝 Заметка · Альфа Банк: прислать договор")
    assert (await _say(olga, "/client Альфа")).text.startswith("👤 Альфа Банк · в работе")
    paid = await _say(olga, "Альфа оплатила сегодня")
    assert paid.text == "Альфа Банк: последняя оплата → 25 ноя 2026"
    call = await _say(olga, "/call Альфа")
    assert call.text.startswith("📞 Созвон с клиентом Альфа Банк:")
    await _say(olga, "/end")
    assert await bot.rows("SELECT name, last_payment_on FROM clients") == [
        ("Альфа Банк", "2026-11-25")
    ]
    assert await bot.rows(
        "SELECT clients.name, items.title FROM items JOIN clients ON clients.id = client_id"
    ) == [("Альфа Банк", "прислать договор")]
    # Two names start so: "Альфа" is neither, and nothing is filed or changed.
    await _say(olga, "/client add Альфа Медиа")
    assert (await _say(olga, "/client Альфа")).text.startswith("Клиента «Альфа» нет.")
    asked = await _say(olga, "Альфа: обновить макеты")
    assert "Новый клиент «Альфа»?" in asked.text
    kept = await _say(olga, "Альфа оплатила вчера")
    assert kept.text == "📝 Заметка · 📥 Входящие: Альфа оплатила вчера"
    assert await bot.rows("SELECT name, last_payment_on FROM clients ORDER BY id") == [
        ("Альфа Банк", "2026-11-25"),
        ("Альфа Медиа", None),
    ]
    # A client called just that always wins.
    await _say(olga, "/client add Альфа")
    assert (await _say(olga, "/client Альфа")).text.startswith("👤 Альфа · в работе")
    assert (await _say(olga, "Альфа Банк оплатил вчера")).text.startswith("Альфа Банк:")


async def test_a_verb_client_has_not_before_a_known_client_says_what_it_can_do(
    bot: RunningBot, anna: UserClient, olga: UserClient
) -> None:
    await _say(anna, "/client add Acme")
    answer = await _say(anna, "/client delete Acme")
    assert answer.text.startswith(
        "⚠️ /client has no «delete»: it knows add and rename. A client is never deleted:"
        " 🗄 Archive below puts Acme away, with its items and history.\n\n👤 Acme · active"
    )
    await anna.click(answer, "🗄 Archive")
    archived = await anna.wait_edit(answer)
    assert archived.text.startswith("👤 Acme · archived")
    assert await bot.rows("SELECT name, status FROM clients") == [("Acme", "archived")]
    again = await _say(anna, "/client remove acme")
    assert "Acme is in the archive already" in again.text
    # A verb of the kind with no client after it is told the same, not offered a client.
    nobody = await _say(anna, "/client delete Initech")
    assert nobody.text.startswith("⚠️ /client has no «delete»")
    assert "/client add" not in nobody.text
    # Any other word before a name is not taken for a verb when nothing follows it.
    assert (await _say(anna, "/client Acme Corp")).text == (
        "No client «Acme Corp». Create it: /client add Acme Corp"
    )
    await _say(olga, "/client add Альфа Банк")
    answer = await _say(olga, "/client удалить Альфа")
    assert answer.text.startswith("⚠️ У /client нет «удалить»")
    assert "🗄 В архив ниже уберёт в архив клиента Альфа Банк" in answer.text
    assert "👤 Альфа Банк · в работе" in answer.text
    assert await bot.rows("SELECT name FROM clients ORDER BY id") == [("Acme",), ("Альфа Банк",)]


async def test_an_answer_or_a_field_change_delivered_again_is_not_taken_twice(
    bot: RunningBot, anna: UserClient, emulator: TelegramEmulator
) -> None:
    # Telegram sends a message again when the bot stopped before confirming it.
    await _say(anna, "/client add Acme")
    await _ask(anna, "acme", "notes")
    answer = await anna.send("prefers morning calls")
    await anna.next_message()
    emulator.push_update("message", dict(answer))
    paid = await anna.send("Acme paid today")
    confirmed = await anna.next_message()
    emulator.push_update("message", dict(paid))
    await emulator.wait_idle()
    await anna.no_message(within=0.5)
    assert await bot.rows("SELECT count(*) FROM items") == [(0,)]
    assert await bot.rows("SELECT field, old_value FROM client_changes ORDER BY id") == [
        ("notes", ""),
        ("last_payment_on", None),
    ]
    await anna.click(confirmed, "↩️ Undo")
    await emulator.wait_idle()
    assert await bot.rows("SELECT notes, last_payment_on FROM clients") == [
        ("prefers morning calls", None)
    ]


async def test_a_clients_dated_request_sent_while_a_note_is_asked_for_is_captured(
    bot: RunningBot, anna: UserClient
) -> None:
    await _say(anna, "/client add Acme")
    await _say(anna, "/client add Globex")
    await _ask(anna, "globex", "notes")
    captured = await _say(anna, "Acme wants the banner resized by tomorrow")
    assert captured.text.startswith("📌 Deadline · Acme: Acme wants the banner resized")
    await _ask(anna, "globex", "+ contact")
    captured = await _say(anna, "Globex wants a price list by Friday")
    assert captured.text.startswith("📌 Deadline · Globex: Globex wants a price list")
    await _ask(anna, "globex", "notes")
    card = await _say(anna, "Globex prefers morning calls")
    assert "📝 Globex prefers morning calls" in card.text
    assert await bot.rows("SELECT name, notes FROM clients ORDER BY id") == [
        ("Acme", ""),
        ("Globex", "Globex prefers morning calls"),
    ]
    assert await bot.rows("SELECT count(*) FROM client_contacts") == [(0,)]
    assert await bot.rows("SELECT count(*) FROM items WHERE kind = 'deadline'") == [(2,)]


async def test_a_change_said_again_is_told_as_already_so_with_nothing_to_undo(
    bot: RunningBot, anna: UserClient
) -> None:
    await _say(anna, "/client add Acme")
    assert (await _say(anna, "Acme on pause")).text == "Acme: now on pause."
    again = await _say(anna, "Acme on pause")
    assert again.text == "Acme: already on pause, nothing changed."
    assert again.buttons == []
    await _say(anna, "Acme paid today")
    again = await _say(anna, "Acme paid today")
    assert again.text == "Acme: last payment is already 25 Nov 2026, nothing changed."
    assert await bot.rows("SELECT field FROM client_changes ORDER BY id") == [
        ("status",),
        ("last_payment_on",),
    ]
