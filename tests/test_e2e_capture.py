"""Capture during a call, as the account manager experiences it through Telegram."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from tests.conftest import ANNA, OLGA, FakeClock, RunningBot
from tests.emulator import BotMessage, TelegramEmulator, UserClient


async def _item(bot: RunningBot, column: str = "*") -> tuple[object, ...]:
    rows = await bot.rows(f"SELECT {column} FROM items ORDER BY id DESC LIMIT 1")
    return rows[0]


async def _say(user: UserClient, text: str) -> BotMessage:
    await user.send(text)
    return await user.next_message()


async def _add_client(bot: RunningBot, user_id: int, name: str) -> int:
    now = bot.app.clock.now()
    await bot.app.users.ensure(user_id, "ru" if user_id == OLGA else "en", now)
    client = await bot.app.clients.create(user_id, name, now)
    return client.id


async def test_note_request_deadline_reminder(bot: RunningBot, anna: UserClient) -> None:
    await _add_client(bot, ANNA, "Acme")
    await anna.send("Acme: the CEO prefers short emails")
    note = await anna.next_message()
    assert note.text.startswith("📝 Note · Acme: the CEO prefers short emails")

    await anna.send("Acme wants a dark theme for the dashboard")
    request = await anna.next_message()
    assert "🙋 Request · Acme" in request.text

    await anna.send("SEO report by Friday #acme")
    deadline = await anna.next_message()
    assert "📌 Deadline · Acme: SEO report" in deadline.text
    assert "team: Fri 27 Nov, 18:00" in deadline.text

    await anna.send("remind me tomorrow 10am to call Globex")
    reminder = await anna.next_message()
    assert "⏰ Reminder" in reminder.text
    assert "\nI'll remind you: tomorrow, 10:00" in reminder.text

    rows = await bot.rows("SELECT kind, due_at FROM items WHERE user_id = ? ORDER BY id", ANNA)
    assert [kind for kind, _ in rows] == ["note", "request", "deadline", "reminder"]
    # Friday 27 Nov 18:00 in Moscow is 15:00 UTC.
    assert rows[2][1] == int(datetime(2026, 11, 27, 15, 0, tzinfo=UTC).timestamp())


async def test_russian_deadline_with_tag(bot: RunningBot, olga: UserClient) -> None:
    await _add_client(bot, OLGA, "Acme")
    await olga.send("отчёт по SEO к пятнице #acme")
    reply = await olga.next_message()
    assert "📌 Дедлайн · Acme: отчёт по SEO" in reply.text
    assert "команде: пт 27 ноя, 18:00" in reply.text
    await olga.send("созвон в среду #acme")  # said on a Wednesday morning: today
    assert "команде: сегодня, 18:00" in (await olga.next_message()).text
    await olga.send("напомни завтра в 10 позвонить Ивану")
    # Not "в завтра": the date is said as it is, after a label, like the team's date.
    assert "\nнапомню: завтра, 10:00" in (await olga.next_message()).text


async def test_forced_kinds_and_empty_command(bot: RunningBot, anna: UserClient) -> None:
    await anna.send("/note call Globex tomorrow")
    assert "📝 Note" in (await anna.next_message()).text
    await anna.send("/req new logo")
    assert "🙋 Request" in (await anna.next_message()).text
    await anna.send("/dl")
    reply = await anna.next_message()
    assert "Add the text after the command" in reply.text
    assert await bot.rows("SELECT kind FROM items ORDER BY id") == [("note",), ("request",)]
    # A deadline without a date would never be reminded of: the reply says so.
    await anna.send("/dl mockups")
    reply = await anna.next_message()
    assert "📌 Deadline" in reply.text
    assert "No date yet: set it with «Date»." in reply.text
    await anna.click(reply, "Date")
    await anna.next_message()
    await anna.send("Friday")
    dated = await anna.next_message()
    assert "team: Fri 27 Nov, 18:00" in dated.text
    assert "No date yet" not in dated.text


async def test_client_name_with_one_letter_typo(bot: RunningBot, anna: UserClient) -> None:
    await _add_client(bot, ANNA, "Globex")
    await anna.send("Glbex: send the invoice")
    assert "· Globex:" in (await anna.next_message()).text


async def test_a_typo_in_a_leading_name_is_forgiven_where_it_is_safe(
    bot: RunningBot, anna: UserClient, olga: UserClient
) -> None:
    await _add_client(bot, OLGA, "Ромашка")
    reply = await _say(olga, "Рамашка прислать макеты завтра")
    assert reply.text.startswith("📌 Дедлайн · Ромашка: Рамашка прислать макеты")
    paid = await _say(olga, "Рамашка оплатила сегодня")
    assert paid.text == "Ромашка: последняя оплата → 25 ноя 2026"
    # In lowercase the word is as likely a word as a name.
    assert "📥 Входящие" in (await _say(olga, "рамашка прислать макеты")).text
    await _add_client(bot, ANNA, "Globex")
    assert (await _say(anna, "Glboex wants a dark theme")).text.startswith("🙋 Request · Globex")
    # "Globe" is a word of its own, not «Globex» with its last letter lost.
    assert "📥 Inbox" in (await _say(anna, "Globe icon is broken on the landing")).text
    # A misspelt name is a guess, as a mention is: during a call the call's client wins,
    # and a name written right still names its client.
    await _add_client(bot, OLGA, "Globex")
    await _say(olga, "/call Globex")
    assert "· Globex: Рамашка прислать счёт" in (await _say(olga, "Рамашка прислать счёт")).text
    assert "· Ромашка: Ромашка прислать счёт" in (await _say(olga, "Ромашка прислать счёт")).text
    assert await bot.rows(
        "SELECT items.title, clients.name FROM items LEFT JOIN clients"
        " ON clients.id = items.client_id ORDER BY items.id"
    ) == [
        ("Рамашка прислать макеты", "Ромашка"),
        ("рамашка прислать макеты", None),
        ("Glboex wants a dark theme", "Globex"),
        ("Globe icon is broken on the landing", None),
        ("Рамашка прислать счёт", "Globex"),
        ("Ромашка прислать счёт", "Ромашка"),
    ]
    assert await bot.rows(
        "SELECT name, last_payment_on FROM clients WHERE user_id = ? ORDER BY id", OLGA
    ) == [("Ромашка", "2026-11-25"), ("Globex", None)]


async def test_inbox_offers_recent_clients(bot: RunningBot, anna: UserClient) -> None:
    await _add_client(bot, ANNA, "Acme")
    await _add_client(bot, ANNA, "Globex")
    await anna.send("prepare the quarterly summary")
    reply = await anna.next_message()
    assert "📥 Inbox" in reply.text
    assert {"Acme", "Globex"} <= set(reply.buttons)
    await anna.click(reply, "Globex")
    edited = await anna.wait_edit(reply)
    assert "· Globex:" in edited.text
    assert await bot.rows(
        "SELECT clients.name FROM items JOIN clients ON clients.id = items.client_id"
    ) == [("Globex",)]


async def test_unknown_tag_asks_to_create_the_client(bot: RunningBot, anna: UserClient) -> None:
    await anna.send("kickoff notes #initech")
    reply = await anna.next_message()
    assert "New client «initech»?" in reply.text
    await anna.click(reply, "➕ initech")
    edited = await anna.wait_edit(reply)
    assert "· initech:" in edited.text
    assert await bot.rows("SELECT name FROM clients WHERE user_id = ?", ANNA) == [("initech",)]
    # A tag hundreds of letters long makes a client with a name of a hundred at most.
    await anna.send("kickoff #" + "x" * 300)
    reply = await anna.next_message()
    await anna.click(reply, next(b for b in reply.buttons if b.startswith("➕")))
    await anna.wait_edit(reply)
    assert await bot.rows("SELECT length(name) FROM clients WHERE name LIKE 'xx%'") == [(100,)]


async def test_call_mode_files_everything_under_the_client(
    bot: RunningBot, anna: UserClient
) -> None:
    await _add_client(bot, ANNA, "Acme")
    await anna.send("/call acme")
    assert "Call with Acme" in (await anna.next_message()).text
    await anna.send("they want the report weekly")
    assert "· Acme:" in (await anna.next_message()).text
    await anna.send("/end")
    assert "ended" in (await anna.next_message()).text
    await anna.send("unrelated thought")
    assert "Inbox" in (await anna.next_message()).text
    # The call was a contact with the client.
    await anna.send("/client Acme")
    assert "Last contact: today" in (await anna.next_message()).text
    assert await bot.rows("SELECT last_contact_at FROM clients") == [
        (int(bot.app.clock.now().timestamp()),)
    ]


async def test_a_client_named_in_the_text_files_the_item(bot: RunningBot, olga: UserClient) -> None:
    await _add_client(bot, OLGA, "Ромашка")
    await _add_client(bot, OLGA, "Globex")
    await olga.send("написать Ромашке про макеты завтра")
    assert "📌 Дедлайн · Ромашка: написать Ромашке про макеты" in (await olga.next_message()).text
    await olga.send("каждый понедельник в 11 созвон с Globex")
    assert "· Globex: созвон с Globex" in (await olga.next_message()).text
    # Two clients named: which one is the user's to say.
    await olga.send("сравнить Globex и Ромашку")
    reply = await olga.next_message()
    assert "📥 Входящие" in reply.text
    assert {"Ромашка", "Globex"} <= set(reply.buttons)
    # A call names the client more surely than a word in the text.
    await olga.send("/call Globex")
    await olga.next_message()
    await olga.send("сделать как у Ромашки")
    assert "· Globex: сделать как у Ромашки" in (await olga.next_message()).text
    rows = await bot.rows(
        "SELECT items.title, clients.name FROM items LEFT JOIN clients"
        " ON clients.id = items.client_id WHERE items.user_id = ? ORDER BY items.id",
        OLGA,
    )
    assert rows == [
        ("написать Ромашке про макеты", "Ромашка"),
        ("сравнить Globex и Ромашку", None),
        ("сделать как у Ромашки", "Globex"),
    ]
    assert await bot.rows(
        "SELECT clients.name FROM recurring JOIN clients ON clients.id = client_id"
    ) == [("Globex",)]


async def test_call_ends_after_two_idle_hours(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    await anna.send("/call Acme")
    assert "New client Acme created" in (await anna.next_message()).text
    clock.advance(hours=1, minutes=59)
    await anna.send("still on the call")
    assert "· Acme:" in (await anna.next_message()).text
    clock.advance(hours=2, minutes=1)
    await anna.send("much later")
    reply = (await anna.next_message()).text
    assert "Inbox" in reply
    assert "📞 The call with Acme ended by itself after 2 hours without messages." in reply
    # Told once: the next message is plainly in the Inbox, and /end says there is no call.
    await anna.send("and another")
    assert "The call with" not in (await anna.next_message()).text
    await anna.send("/end")
    assert (await anna.next_message()).text == "No call in progress."
    # /end after a call ran out with no message since says it had ended by itself.
    await anna.send("/call Acme")
    await anna.next_message()
    clock.advance(hours=3)
    await anna.send("/end")
    assert (await anna.next_message()).text == (
        "The call with Acme had already ended by itself: 2 hours without messages."
    )


async def test_during_a_call_every_message_keeps_it_and_a_heading_is_no_client(
    bot: RunningBot, anna: UserClient, olga: UserClient, clock: FakeClock
) -> None:
    await _add_client(bot, ANNA, "Globex")
    await anna.send("/call Acme")
    await anna.next_message()
    # Messages naming another client are activity on the call too.
    for _ in range(3):
        clock.advance(hours=1)
        await anna.send("Globex asks for a discount")
        assert "· Globex:" in (await anna.next_message()).text
    clock.advance(minutes=30)
    await anna.send("they also want a new banner")
    assert "· Acme: they also want a new banner" in (await anna.next_message()).text
    # An unknown "Name:" during the call is a heading of the call's client, kept in the
    # title; an unknown #tag still asks to create that client.
    await anna.send("Budget: 50k approved for Q1")
    reply = (await anna.next_message()).text
    assert "· Acme: Budget: 50k approved for Q1" in reply
    assert "New client" not in reply
    await anna.send("kickoff notes #newco")
    assert "New client «newco»?" in (await anna.next_message()).text
    await olga.send("/call Ромашка")
    await olga.next_message()
    await olga.send("Бюджет: согласовали 500 тысяч")
    assert "· Ромашка: Бюджет: согласовали 500 тысяч" in (await olga.next_message()).text


async def test_change_kind_with_buttons(bot: RunningBot, anna: UserClient) -> None:
    await anna.send("logo in three colours")
    reply = await anna.next_message()
    await anna.click(reply, "Kind")
    menu = await anna.wait_edit(reply)
    assert "🙋 Request" in menu.buttons
    await anna.click(menu, "🙋 Request")
    changed = await anna.wait_edit(menu)
    assert changed.text.startswith("🙋 Request")
    assert await _item(bot, "kind") == ("request",)


async def test_change_date_by_answering_the_question(bot: RunningBot, anna: UserClient) -> None:
    await anna.send("banner for the main page")
    reply = await anna.next_message()
    await anna.click(reply, "Date")
    question = await anna.next_message()
    assert "Send the new date" in question.text
    await anna.send("Friday 15:00")
    updated = await anna.next_message()
    assert "📌 Deadline" in updated.text
    assert "Fri 27 Nov, 15:00" in updated.text
    assert await bot.rows("SELECT count(*) FROM items") == [(1,)]  # the answer is not an item


async def test_delete_and_undo(bot: RunningBot, anna: UserClient) -> None:
    await anna.send("draft contract")
    reply = await anna.next_message()
    await anna.click(reply, "🗑 Delete")
    deleted = await anna.wait_edit(reply)
    assert deleted.text.startswith("🗑 Deleted")
    assert await _item(bot, "status") == ("deleted",)
    await anna.click(deleted, "↩️ Undo")
    restored = await anna.wait_edit(deleted)
    assert restored.text.startswith("📝 Note")
    assert await _item(bot, "status") == ("open",)


async def test_forged_button_for_someone_elses_item(
    bot: RunningBot, anna: UserClient, olga: UserClient, emulator: TelegramEmulator
) -> None:
    await anna.send("secret pricing for Acme")
    annas = await anna.next_message()
    (item_id,) = await _item(bot, "id")
    await olga.send("заметка")
    olgas = await olga.next_message()
    for data in (f"it:del:{item_id}:0", f"it:setkind:{item_id}:2", "it:del:999999:0", "garbage"):
        await olga.click_data(olgas, data)
    await emulator.wait_idle()
    answers = [a.get("text", "") for a in olga.callback_answers]
    assert answers == ["Это уже недоступно."] * 4
    assert await bot.rows("SELECT status, kind FROM items WHERE id = ?", item_id) == [
        ("open", "note")
    ]
    assert annas.text == anna.last_message.text


async def test_editing_the_message_updates_the_item(bot: RunningBot, anna: UserClient) -> None:
    sent = await anna.send("call the designer")
    reply = await anna.next_message()
    await anna.edit(sent, "call the designer tomorrow 11:00")
    edited = await anna.wait_edit(reply)
    assert "⏰ Reminder" in edited.text  # a call at a time: a nudge then, not a deadline
    assert "tomorrow, 11:00" in edited.text
    assert await _item(bot, "title, text") == (
        "call the designer",
        "call the designer tomorrow 11:00",
    )


async def test_editing_a_done_reminder_to_a_new_time_opens_it_again(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    await anna.send("/digest off")
    await anna.next_message()
    sent = await anna.send("remind me at 15:00 to call Acme")
    reply = await anna.next_message()
    await anna.send("/today")
    today = await anna.next_message()
    await anna.click(today, "✅1")  # ticked off by mistake
    await anna.wait_edit(today)
    reply = await anna.wait_edit(reply)  # the confirmation says so too
    assert reply.text.endswith("✅ Done. A new date with «Date» opens it again.")
    # Her words alone changed: still done.
    await anna.edit(sent, "remind me at 15:00 to call Acme's CFO")
    reply = await anna.wait_edit(reply)
    assert await _item(bot, "status") == ("done",)
    # A new time: work to do again, and the reminder the reply promises comes.
    await anna.edit(sent, "remind me at 16:00 to call Acme's CFO")
    edited = await anna.wait_edit(reply)
    assert "today, 16:00" in edited.text
    assert await _item(bot, "status") == ("open",)
    clock.set(datetime(2026, 11, 25, 13, tzinfo=UTC))  # 16:00 in Moscow
    await bot.app.reminders.rearm()
    assert "call Acme's CFO" in (await anna.next_message()).text


async def test_an_edit_that_names_a_client_files_an_inbox_item(
    bot: RunningBot, anna: UserClient
) -> None:
    await _add_client(bot, ANNA, "Globex")
    sent = await anna.send("call the designer")
    reply = await anna.next_message()
    assert "📥 Inbox" in reply.text
    await anna.edit(sent, "call the Globex designer")
    edited = await anna.wait_edit(reply)
    assert "· Globex: call the Globex designer" in edited.text
    assert await bot.rows(
        "SELECT clients.name FROM items JOIN clients ON clients.id = client_id"
    ) == [("Globex",)]


async def test_an_edit_after_a_restart_still_updates_the_confirmation(
    start_bot: Callable[..., Any], anna: UserClient
) -> None:
    # The confirmation's id is written behind the reply: stopping must not lose it.
    first = await start_bot()
    sent = await anna.send("call the designer")
    reply = await anna.next_message()
    assert await first.stop() == 0
    second = await start_bot()
    assert await _item(second, "reply_message_id") == (reply.message_id,)
    await anna.edit(sent, "call the designer tomorrow 11:00")
    edited = await anna.wait_edit(reply)
    assert "tomorrow, 11:00" in edited.text


async def test_photo_with_caption_and_voice(bot: RunningBot, anna: UserClient) -> None:
    await _add_client(bot, ANNA, "Acme")
    await anna.send_photo(caption="Acme: new mockup for the banner")
    reply = await anna.next_message()
    assert "· Acme: new mockup for the banner" in reply.text
    await anna.send_voice(duration=42)
    voice = await anna.next_message()
    assert "Voice note, 42 s" in voice.text
    rows = await bot.rows("SELECT source, file_type, file_id IS NOT NULL FROM items ORDER BY id")
    assert rows == [("file", "photo", 1), ("voice", "voice", 1)]


async def test_editing_a_caption_updates_the_item(bot: RunningBot, anna: UserClient) -> None:
    await _add_client(bot, ANNA, "Acme")
    sent = await anna.send_photo(caption="Acme: new mockup for the banner")
    reply = await anna.next_message()
    (first_file,) = (await bot.rows("SELECT file_id FROM items"))[0]
    await anna.edit_caption(sent, "Acme: new mockup for the banner, approve by Friday")
    edited = await anna.wait_edit(reply)
    assert "📌 Deadline" in edited.text
    assert "· Acme: new mockup for the banner, approve" in edited.text
    assert await bot.rows("SELECT kind, file_id, due_at IS NOT NULL FROM items") == [
        ("deadline", first_file, 1)
    ]
    # The caption removed and the photo replaced: the item keeps its client, takes the
    # new file, and is titled as a captionless photo is; nothing is sent anew.
    await anna.edit_caption(sent, None, new_photo=True)
    bare = await anna.wait_edit(edited)
    assert "· Acme: Photo" in bare.text
    await anna.no_message()
    rows = await bot.rows("SELECT kind, title, file_type, file_id != ? FROM items", first_file)
    assert rows == [("note", "Photo", "photo", 1)]
    assert len(await bot.rows("SELECT id FROM items")) == 1


async def test_replacing_the_photo_keeps_what_the_buttons_set(
    bot: RunningBot, anna: UserClient
) -> None:
    await _add_client(bot, ANNA, "Acme")
    sent = await anna.send_photo(caption="Acme: banner mockup by tomorrow")
    reply = await anna.next_message()
    await anna.click(reply, "Kind")
    menu = await anna.wait_edit(reply)
    await anna.click(menu, "🙋 Request")
    changed = await anna.wait_edit(menu)
    assert changed.text.startswith("🙋 Request")
    (before,) = await bot.rows("SELECT kind, title, due_at, client_due_at, file_id FROM items")
    # The same caption on a new photo: only the file changes, not the kind set by hand.
    await anna.edit_caption(sent, "Acme: banner mockup by tomorrow", new_photo=True)
    await anna.send("call the designer")  # the chat's updates run in order: the edit is done
    await anna.next_message()
    (after,) = await bot.rows(
        "SELECT kind, title, due_at, client_due_at, file_id FROM items WHERE id = 1"
    )
    assert after[:4] == before[:4] == ("request", "banner mockup", before[2], before[3])
    assert after[4] != before[4]
    (card,) = [shown for shown in anna.messages if shown.message_id == reply.message_id]
    assert card.text == changed.text


async def test_a_kind_command_in_a_caption_keeps_the_file(
    bot: RunningBot, anna: UserClient
) -> None:
    await anna.send_photo(caption="/dl banner mockup Friday")
    reply = await anna.next_message()
    assert reply.text.startswith("📌 Deadline")
    assert await bot.rows("SELECT kind, title, file_type FROM items") == [
        ("deadline", "banner mockup", "photo")
    ]
    # A caption edited into a kind command: it sets the kind, and is no part of the title.
    photo = await anna.send_photo(caption="banner draft")
    draft = await anna.next_message()
    await anna.edit_caption(photo, "/req banner draft")
    edited = await anna.wait_edit(draft)
    assert edited.text.startswith("🙋 Request")
    assert await bot.rows("SELECT kind, title FROM items WHERE id = 2") == [
        ("request", "banner draft")
    ]


async def test_names_with_ampersands_read_right_on_buttons_and_titles(
    bot: RunningBot, anna: UserClient
) -> None:
    # Telegram shows button labels verbatim: "AT&amp;T" there would be escaping gone wrong.
    await anna.send("AT&T: draft of the new contract")
    reply = await anna.next_message()
    assert "New client «AT&T»?" in reply.text
    await anna.click(reply, "➕ AT&T")
    assert "· AT&T:" in (await anna.wait_edit(reply)).text
    await anna.send_document("Q&A.pdf", b"%PDF-1.4", mime_type="application/pdf")
    document = await anna.next_message()
    assert "File Q&A.pdf" in document.text
    assert await _item(bot, "title") == ("File Q&A.pdf",)


async def test_a_caption_command_runs_and_an_unknown_one_keeps_the_file(
    bot: RunningBot, anna: UserClient
) -> None:
    await anna.send_photo(caption="/today")
    agenda = await anna.next_message()  # as aiogram's Command reads captions: /today ran
    assert agenda.text.splitlines()[-1] == "Nothing urgent today ✨"
    assert await bot.rows("SELECT count(*) FROM items") == [(0,)]
    await anna.send_photo(caption="/frobnicate the banner")
    kept = await anna.next_message()
    assert "/frobnicate the banner" in kept.text
    assert await bot.rows("SELECT file_type FROM items") == [("photo",)]


async def test_unsupported_content_is_not_kept(
    bot: RunningBot, anna: UserClient, emulator: TelegramEmulator
) -> None:
    await anna.send_sticker()
    assert "isn't kept" in (await anna.next_message()).text
    await anna.send_location()
    assert "isn't kept" in (await anna.next_message()).text
    assert await bot.rows("SELECT count(*) FROM items") == [(0,)]


async def test_long_text_is_stored_whole(bot: RunningBot, anna: UserClient) -> None:
    text = ("Акме хочет " + "очень длинное описание задачи " * 200)[:4096]
    await anna.send(text)
    reply = await anna.next_message()
    assert len(reply.text) < 1000  # the confirmation stays short
    assert await _item(bot, "text") == (text,)


async def test_html_in_user_text_comes_back_escaped(bot: RunningBot, anna: UserClient) -> None:
    await anna.send("<b>bold</b> & <script>alert(1)</script>")
    reply = await anna.next_message()
    assert "<b>bold</b> & <script>alert(1)</script>" in reply.text


async def test_impossible_date_is_reported(bot: RunningBot, anna: UserClient) -> None:
    await anna.send("report on 31.02")
    reply = await anna.next_message()
    assert "Didn't understand the date: 31.02" in reply.text
    assert await bot.rows("SELECT count(*) FROM items") == [(1,)]
    # A time earlier today was understood: it is over, and the card says so; nothing of
    # the message is lost.
    await anna.send("SEO report today 10:00")
    reply = await anna.next_message()
    assert "Already passed: today 10:00. Set a new date with «Date»." in reply.text
    assert "Didn't understand" not in reply.text
    assert await bot.rows("SELECT title FROM items ORDER BY id DESC LIMIT 1") == [
        ("SEO report today 10:00",)
    ]


async def test_redelivered_update_is_stored_once(
    bot: RunningBot, anna: UserClient, emulator: TelegramEmulator
) -> None:
    message = await anna.send("once only")
    await anna.next_message()
    emulator.push_update("message", dict(message))  # Telegram sends the same message again
    await emulator.wait_idle()
    await anna.no_message(within=0.5)  # its confirmation is already in the chat
    assert await bot.rows("SELECT count(*) FROM items") == [(1,)]
    assert len(anna.messages) == 1


async def test_a_new_dated_message_is_not_taken_for_the_date_answer(
    bot: RunningBot, anna: UserClient
) -> None:
    await anna.send("banner for the main page")
    reply = await anna.next_message()
    await anna.click(reply, "Date")
    await anna.next_message()
    await anna.send("Globex wants the new pricing page by Friday")
    captured = await anna.next_message()
    assert "Globex wants the new pricing page" in captured.text
    assert await bot.rows("SELECT title, due_at IS NULL FROM items ORDER BY id") == [
        ("banner for the main page", 1),
        ("Globex wants the new pricing page", 0),
    ]


async def test_editing_a_forced_kind_message_keeps_its_kind(
    bot: RunningBot, anna: UserClient
) -> None:
    sent = await anna.send("/note call the designer")
    reply = await anna.next_message()
    await anna.edit(sent, "/note call the designer tomorrow 11:00")
    edited = await anna.wait_edit(reply)
    assert edited.text.startswith("📝 Note · 📥 Inbox: call the designer")
    assert await _item(bot, "kind, title") == ("note", "call the designer")


async def test_a_reminders_time_reads_right_for_today_and_tomorrow(
    bot: RunningBot, anna: UserClient, olga: UserClient
) -> None:
    await olga.send("напомни завтра в 10 позвонить Ивану")
    assert (await olga.next_message()).text.endswith("\nнапомню: завтра, 10:00")
    await anna.send("remind me at 17:00 to call Initech")
    assert (await anna.next_message()).text.endswith("\nI'll remind you: today, 17:00")


# --- a recurring check-in's confirmation ---------------------------------------------------


async def _recurring(bot: RunningBot, column: str) -> tuple[object, ...]:
    rows = await bot.rows(f"SELECT {column} FROM recurring ORDER BY id DESC LIMIT 1")
    return rows[0]


async def test_a_recurring_check_in_is_filed_under_another_client_from_its_confirmation(
    bot: RunningBot, anna: UserClient
) -> None:
    await _add_client(bot, ANNA, "Acme")
    globex = await _add_client(bot, ANNA, "Globex")
    await anna.send("every Monday 11am check-in with Acme")
    reply = await anna.next_message()
    assert "· Acme: check-in with Acme" in reply.text
    assert reply.buttons == ["Client", "🗑 Delete"]
    # It was Globex's check-in: the same choice of recent clients an item offers.
    await anna.click(reply, "Client")
    menu = await anna.wait_edit(reply)
    assert {"• Acme", "Globex", "📥 Inbox", "« Back"} <= set(menu.buttons)
    await anna.click(menu, "Globex")
    fixed = await anna.wait_edit(menu)
    assert "🔁 every Monday at 11:00 · Globex: check-in with Acme" in fixed.text
    assert fixed.buttons == ["Client", "🗑 Delete"]
    assert await _recurring(bot, "client_id, active") == (globex, 1)
    # To the Inbox, whose card offers the recent clients at once, as an item's does.
    await anna.click(fixed, "Client")
    menu = await anna.wait_edit(fixed)
    await anna.click(menu, "📥 Inbox")
    inbox = await anna.wait_edit(menu)
    assert "· 📥 Inbox: check-in with Acme" in inbox.text
    assert {"Acme", "Globex", "Client", "🗑 Delete"} <= set(inbox.buttons)
    await anna.click(inbox, "Acme")
    assert "· Acme: check-in with Acme" in (await anna.wait_edit(inbox)).text
    await anna.send("/recurring")
    assert "1. every Monday at 11:00 · Acme: check-in with Acme" in (await anna.next_message()).text


async def test_a_recurring_check_in_is_deleted_and_restored_from_its_confirmation(
    bot: RunningBot, olga: UserClient, clock: FakeClock
) -> None:
    await _add_client(bot, OLGA, "Ромашка")
    await olga.send("каждый понедельник в 11 созвон с Ромашкой")
    reply = await olga.next_message()
    assert "· Ромашка: созвон с Ромашкой" in reply.text
    await olga.click(reply, "🗑 Удалить")
    deleted = await olga.wait_edit(reply)
    assert deleted.text == "🗑 Удалено: созвон с Ромашкой"
    assert deleted.buttons == ["↩️ Вернуть"]
    assert await _recurring(bot, "active") == (0,)
    assert await bot.rows("SELECT count(*) FROM reminders WHERE status = 'pending'") == [(0,)]
    await olga.send("/recurring")
    assert "Регулярных нет" in (await olga.next_message()).text
    # Restored after Monday's occurrence has passed: it runs again from the next one.
    clock.advance(days=6)  # Tuesday 1 December
    await olga.click(deleted, "↩️ Вернуть")
    restored = await olga.wait_edit(deleted)
    assert "🔁 каждый понедельник в 11:00 · Ромашка: созвон с Ромашкой" in restored.text
    assert "пн 7 дек, 11:00" in restored.text
    assert restored.buttons == ["Клиент", "🗑 Удалить"]
    assert olga.callback_answers[-1].get("text") == "Восстановлено."
    assert await _recurring(bot, "active") == (1,)
    monday = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)  # 11:00 in Moscow
    assert await bot.rows(
        "SELECT due_at FROM reminders WHERE status = 'pending' AND kind = 'recurring'"
    ) == [(int(monday.timestamp()),)]


async def test_recurring_buttons_for_another_users_or_a_stopped_rule_are_unavailable(
    bot: RunningBot, anna: UserClient, olga: UserClient, emulator: TelegramEmulator
) -> None:
    acme = await _add_client(bot, ANNA, "Acme")
    await anna.send("every Monday 11am check-in with Acme")
    annas = await anna.next_message()
    (rule,) = await _recurring(bot, "id")
    await olga.send("каждый вторник в 10 созвон")
    olgas = await olga.next_message()
    (own,) = await _recurring(bot, "id")
    before = await bot.rows("SELECT * FROM recurring ORDER BY id")
    pending = await bot.rows("SELECT * FROM reminders ORDER BY id")
    for data in (
        f"rr:del:{rule}:0",
        f"rr:client:{rule}:0",
        f"rr:setclient:{rule}:0",
        f"rr:undo:{rule}:0",
        f"rr:setclient:{own}:{acme}",  # her own rule, Anna's client
        "rr:del:999999:0",
    ):
        await olga.click_data(olgas, data)
    await emulator.wait_idle()
    assert [a.get("text", "") for a in olga.callback_answers] == ["Это уже недоступно."] * 6
    assert await bot.rows("SELECT * FROM recurring ORDER BY id") == before
    assert await bot.rows("SELECT * FROM reminders ORDER BY id") == pending
    assert annas.text == anna.last_message.text
    # Stopped in /recurring: the confirmation's buttons are stale.
    await anna.send("/recurring")
    await anna.click(await anna.next_message(), "✖️ 1")
    await anna.next_message()
    await anna.click(annas, "Client")
    await anna.click(annas, "🗑 Delete")
    await emulator.wait_idle()
    assert [a.get("text", "") for a in anna.callback_answers[-2:]] == [
        "This is no longer available."
    ] * 2
    assert await bot.rows("SELECT active FROM recurring WHERE id = ?", rule) == [(0,)]


# --- editing the message behind a recurring check-in ---------------------------------------


def _at(moment: datetime) -> int:
    return int(moment.timestamp())


async def _pending_recurring(bot: RunningBot) -> list[tuple[object, ...]]:
    return await bot.rows(
        "SELECT recurring_id, due_at FROM reminders WHERE status = 'pending'"
        " AND kind = 'recurring' ORDER BY id"
    )


async def test_editing_a_recurring_message_updates_the_rule_and_its_confirmation(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    await _add_client(bot, ANNA, "Acme")
    globex = await _add_client(bot, ANNA, "Globex")
    sent = await anna.send("every Monday 11am check-in with Acme")
    reply = await anna.next_message()
    (rule,) = await _recurring(bot, "id")
    assert await _recurring(bot, "reply_message_id") == (reply.message_id,)
    await anna.edit(sent, "every Tuesday 3pm check-in with Globex")
    edited = await anna.wait_edit(reply)
    assert "🔁 every Tuesday at 15:00 · Globex: check-in with Globex" in edited.text
    assert "Tue 1 Dec, 15:00" in edited.text
    assert edited.buttons == ["Client", "🗑 Delete"]
    assert await bot.rows("SELECT id, client_id, title, active FROM recurring") == [
        (rule, globex, "check-in with Globex", 1)
    ]
    # Re-armed: only the new occurrence is owed (15:00 in Moscow is 12:00 UTC).
    tuesday = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    assert await _pending_recurring(bot) == [(rule, _at(tuesday))]
    assert await bot.rows("SELECT count(*) FROM items") == [(0,)]
    await anna.send("/recurring")
    listing = await anna.next_message()
    assert "1. every Tuesday at 15:00 · Globex: check-in with Globex" in listing.text
    # Monday 11:00 passes quietly; Tuesday 15:00 brings the check-in.
    clock.set(datetime(2026, 11, 30, 8, 0, tzinfo=UTC))
    await bot.app.reminders.rearm()
    await anna.no_message(within=0.5)
    clock.set(tuesday)
    await bot.app.reminders.rearm()
    assert "check-in with Globex" in (await anna.next_message()).text


async def test_a_client_chosen_with_a_button_survives_an_edit_of_the_time(
    bot: RunningBot, anna: UserClient
) -> None:
    await _add_client(bot, ANNA, "Acme")
    globex = await _add_client(bot, ANNA, "Globex")
    sent = await anna.send("every Monday 11am check-in with Acme")
    reply = await anna.next_message()
    await anna.click(reply, "Client")
    menu = await anna.wait_edit(reply)
    await anna.click(menu, "Globex")
    filed = await anna.wait_edit(menu)
    assert "· Globex: check-in with Acme" in filed.text
    await anna.edit(sent, "every Monday 12pm check-in with Acme")
    edited = await anna.wait_edit(filed)
    assert "🔁 every Monday at 12:00 · Globex: check-in with Acme" in edited.text
    assert await _recurring(bot, "client_id") == (globex,)


async def test_a_recurring_message_edited_into_a_plain_one_becomes_an_item_and_back(
    bot: RunningBot, olga: UserClient
) -> None:
    await _add_client(bot, OLGA, "Ромашка")
    sent = await olga.send("каждый понедельник в 11 созвон с Ромашкой")
    reply = await olga.next_message()
    (rule,) = await _recurring(bot, "id")
    await olga.edit(sent, "каждую среду в 12 созвон с Ромашкой")
    moved = await olga.wait_edit(reply)
    assert "🔁 каждую среду в 12:00 · Ромашка: созвон с Ромашкой" in moved.text
    # No longer a schedule: the rule stops, the text is an item on the same confirmation.
    await olga.edit(sent, "созвон с Ромашкой завтра в 12")
    item = await olga.wait_edit(moved)
    assert "· Ромашка: созвон с Ромашкой" in item.text
    assert "завтра, 12:00" in item.text
    assert "Тип" in item.buttons
    assert await _recurring(bot, "active") == (0,)
    assert await _pending_recurring(bot) == []
    await bot.app.items.flush()  # the confirmation's id is written behind
    assert await _item(bot, "status, title, reply_message_id") == (
        "open",
        "созвон с Ромашкой",
        reply.message_id,
    )
    # And a schedule again: the same rule runs, the item is gone.
    await olga.edit(sent, "каждую пятницу в 16 созвон с Ромашкой")
    again = await olga.wait_edit(item)
    assert "🔁 каждую пятницу в 16:00 · Ромашка: созвон с Ромашкой" in again.text
    assert await _recurring(bot, "id, active") == (rule, 1)
    friday = datetime(2026, 11, 27, 13, 0, tzinfo=UTC)  # 16:00 in Moscow
    assert await _pending_recurring(bot) == [(rule, _at(friday))]
    assert await _item(bot, "status") == ("deleted",)
    assert await bot.rows("SELECT count(*) FROM recurring") == [(1,)]
    assert len(olga.messages) == 1  # every change on the one confirmation


async def test_an_item_edited_into_a_recurring_phrase_becomes_a_recurring_check_in(
    bot: RunningBot, anna: UserClient, emulator: TelegramEmulator
) -> None:
    sent = await anna.send("call the designer")
    reply = await anna.next_message()
    await anna.edit(sent, "every Friday call the designer")
    edited = await anna.wait_edit(reply)
    assert "🔁 every Friday at 10:00 · 📥 Inbox: call the designer" in edited.text
    assert {"Client", "🗑 Delete"} <= set(edited.buttons)
    assert await _item(bot, "status") == ("deleted",)
    assert await bot.rows("SELECT title, active, reply_message_id FROM recurring") == [
        ("call the designer", 1, reply.message_id)
    ]
    (rule,) = await _recurring(bot, "id")
    friday = datetime(2026, 11, 27, 7, 0, tzinfo=UTC)  # 10:00 in Moscow
    assert await _pending_recurring(bot) == [(rule, _at(friday))]
    # Its buttons are the rule's now.
    await anna.click(edited, "🗑 Delete")
    deleted = await anna.wait_edit(edited)
    assert deleted.text == "🗑 Deleted: call the designer"
    assert await _recurring(bot, "active") == (0,)
    # Deleted stays deleted, as an item does: later edits bring back neither.
    for text in ("every Monday call the designer", "call the designer tomorrow"):
        await anna.edit(sent, text)
        await emulator.wait_idle()
    assert anna.last_message.text == deleted.text
    assert await _recurring(bot, "active, rule") == (0, "weekly;4;10:00")
    assert await _item(bot, "status") == ("deleted",)
    assert await _pending_recurring(bot) == []


async def test_a_russian_item_edited_into_a_schedule_keeps_its_client(
    bot: RunningBot, olga: UserClient
) -> None:
    romashka = await _add_client(bot, OLGA, "Ромашка")
    sent = await olga.send("Ромашка: отчёт по рекламе")
    reply = await olga.next_message()
    await olga.edit(sent, "Ромашка: каждый понедельник в 10 отчёт по рекламе")
    edited = await olga.wait_edit(reply)
    assert "🔁 каждый понедельник в 10:00 · Ромашка: отчёт по рекламе" in edited.text
    assert await _recurring(bot, "client_id, title") == (romashka, "отчёт по рекламе")
    assert await _item(bot, "status") == ("deleted",)


async def test_a_recurring_message_delivered_again_is_confirmed_once(
    bot: RunningBot, anna: UserClient, emulator: TelegramEmulator
) -> None:
    message = await anna.send("every Monday 11am check-in with Acme")
    await anna.next_message()
    emulator.push_update("message", dict(message))
    await emulator.wait_idle()
    await anna.no_message(within=0.5)
    assert len(anna.messages) == 1
    assert await bot.rows("SELECT count(*) FROM recurring") == [(1,)]
    assert len(await _pending_recurring(bot)) == 1


async def test_a_deleted_recurring_message_delivered_again_stays_deleted(
    bot: RunningBot, anna: UserClient, emulator: TelegramEmulator
) -> None:
    message = await anna.send("every Monday 11am check-in with Acme")
    reply = await anna.next_message()
    await anna.click(reply, "🗑 Delete")
    await anna.wait_edit(reply)
    emulator.push_update("message", dict(message))  # after a restart, Telegram again
    await emulator.wait_idle()
    await anna.no_message(within=0.5)
    assert await bot.rows("SELECT count(*) FROM items") == [(0,)]
    assert await bot.rows("SELECT count(*) FROM reminders WHERE status = 'pending'") == [(0,)]


async def test_an_item_turned_into_a_rule_drops_its_date_question(
    bot: RunningBot, anna: UserClient
) -> None:
    message = await anna.send("banner for the main page")
    card = await anna.next_message()
    await anna.click(card, "Date")
    await anna.next_message()  # "Send the new date"
    await anna.edit(message, "every Friday banner for the main page")
    await anna.wait_edit(card)
    await anna.send("Friday")
    answer = await anna.next_message()
    # A message of its own, not the answer for the deleted item.
    assert answer.text.startswith("📌 Deadline · 📥 Inbox: Friday\nteam: Fri 27 Nov, 18:00")
    assert await bot.rows("SELECT title, kind, status FROM items ORDER BY id") == [
        ("banner for the main page", "note", "deleted"),
        ("Friday", "deadline", "open"),
    ]


async def test_an_edit_after_its_confirmation_was_deleted_gets_a_new_one(
    bot: RunningBot, anna: UserClient, emulator: TelegramEmulator
) -> None:
    message = await anna.send("every Monday 11am check-in with Acme")
    reply = await anna.next_message()
    anna.delete_for_both(reply)
    await anna.edit(message, "check-in with Acme tomorrow")
    fresh = await anna.next_message()
    assert fresh.text.startswith(
        "📌 Deadline · 📥 Inbox: check-in with Acme\nteam: tomorrow, 18:00"
    )
    await emulator.wait_idle()
    assert [why for _, _, why in emulator.errors] == ["Bad Request: message to edit not found"]
    # The new confirmation is the one a later edit updates.
    await anna.edit(message, "check-in with Acme on Friday")
    again = await anna.wait_edit(fresh)
    assert "team: Fri 27 Nov, 18:00" in again.text


async def test_a_done_item_edited_into_a_schedule_stays_done(
    bot: RunningBot, anna: UserClient
) -> None:
    sent = await anna.send("call the designer")
    reply = await anna.next_message()
    async with bot.app.db.transaction() as conn:
        await conn.execute("UPDATE items SET status = 'done'")
    await anna.edit(sent, "every Friday call the designer")
    edited = await anna.wait_edit(reply)
    assert "🔁" not in edited.text
    assert await bot.rows("SELECT count(*) FROM recurring") == [(0,)]
    await anna.edit(sent, "call the designer")
    await anna.wait_edit(edited)
    assert await _item(bot, "status, title") == ("done", "call the designer")


async def test_a_rule_edited_into_an_item_ignores_the_current_call(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    await _add_client(bot, ANNA, "Globex")
    sent = await anna.send("every Monday 11am check-in with the designer")
    reply = await anna.next_message()
    await anna.send("/call Globex")
    await anna.next_message()
    started = await bot.rows("SELECT last_activity_at FROM calls")
    clock.advance(minutes=30)
    await anna.edit(sent, "check-in with the designer tomorrow")
    item = await anna.wait_edit(reply)
    assert "· 📥 Inbox: check-in with the designer" in item.text
    assert await _item(bot, "client_id") == (None,)
    assert await bot.rows("SELECT last_activity_at FROM calls") == started


async def test_an_edited_item_follows_a_newly_named_client(
    bot: RunningBot, anna: UserClient
) -> None:
    await _add_client(bot, ANNA, "Acme")
    globex = await _add_client(bot, ANNA, "Globex")
    sent = await anna.send("send the invoice to Acme")
    reply = await anna.next_message()
    await anna.edit(sent, "send the invoice to Globex")
    moved = await anna.wait_edit(reply)
    assert "· Globex: send the invoice to Globex" in moved.text
    assert await _item(bot, "client_id") == (globex,)


async def test_a_tag_with_an_ampersand_is_the_whole_name(bot: RunningBot, anna: UserClient) -> None:
    await anna.send("budget review #r&d")
    reply = await anna.next_message()
    assert "New client «r&d»?" in reply.text
    await anna.send("/client add AT&T")
    await anna.next_message()
    await anna.send("#at&t deck for Friday")
    assert "· AT&T: deck" in (await anna.next_message()).text
    assert await bot.rows("SELECT title FROM items ORDER BY id") == [
        ("budget review",),
        ("deck",),
    ]


async def test_a_date_that_passed_last_week_is_told_not_moved_a_year(
    bot: RunningBot, anna: UserClient
) -> None:
    await anna.send("send the SEO report 20.11")  # said on 25 November
    reply = await anna.next_message()
    assert "⚠️ Already passed: 20.11. Set a new date with «Date»." in reply.text
    assert await bot.rows("SELECT title, due_at FROM items") == [
        ("send the SEO report 20.11", None)
    ]
    await anna.click(reply, "Date")
    await anna.next_message()
    await anna.send("tomorrow")
    assert "tomorrow" in (await anna.next_message()).text
    assert await bot.rows("SELECT due_at IS NOT NULL FROM items") == [(1,)]


async def test_clients_with_long_names_alike_are_told_apart_on_an_items_buttons(
    bot: RunningBot, anna: UserClient
) -> None:
    holdings = "Alpha Marketing Group International Holdings"
    partners = "Alpha Marketing Group International Partners"
    await _add_client(bot, ANNA, holdings)
    partners_id = await _add_client(bot, ANNA, partners)
    await anna.send("call the designer")
    reply = await anna.next_message()
    assert "📥 Inbox: call the designer" in reply.text
    # Cut at the end, both would read "Alpha Marketing Group Interna…".
    assert {"Alpha Marketing Group…Holdings", "Alpha Marketing Group…Partners"} <= set(
        reply.buttons
    )
    await anna.click(reply, "Alpha Marketing Group…Partners")
    filed = await anna.wait_edit(reply)
    assert f"{partners}: call the designer" in filed.text
    assert await _item(bot, "client_id") == (partners_id,)
    await anna.click(filed, "Client")
    menu = await anna.wait_edit(filed)
    assert {"• Alpha Marketing Group…Partners", "Alpha Marketing Group…Holdings"} <= set(
        menu.buttons
    )


async def test_a_date_answer_delivered_again_after_a_restart_is_no_new_note(
    start_bot: object, anna: UserClient, emulator: TelegramEmulator
) -> None:
    first: RunningBot = await start_bot()  # type: ignore[operator]
    await anna.send("banner for the main page")
    card = await anna.next_message()
    await anna.click(card, "Date")
    await anna.next_message()
    answer = await anna.send("tomorrow")
    await anna.next_message()
    assert await first.stop() == 0
    second: RunningBot = await start_bot()  # type: ignore[operator]
    emulator.push_update("message", dict(answer))  # not confirmed before the stop
    await emulator.wait_idle()
    await anna.no_message(within=0.5)
    assert await second.rows("SELECT title, due_at IS NOT NULL FROM items") == [
        ("banner for the main page", 1)
    ]


async def test_a_message_of_a_client_and_a_date_only_names_the_client_once(
    bot: RunningBot, anna: UserClient
) -> None:
    await anna.send("/client add Acme")
    await anna.next_message()
    await anna.send("Acme: by Dec 4")
    assert (await anna.next_message()).text.startswith("📌 Deadline · Acme: by Dec 4\n")
    assert await bot.rows("SELECT title FROM items") == [("by Dec 4",)]


async def test_a_clients_weekly_habit_is_a_note_not_a_weekly_reminder(
    bot: RunningBot, anna: UserClient
) -> None:
    await anna.send("/client add Acme")
    await anna.next_message()
    await anna.send("Acme: they are closed on Fridays")
    assert (await anna.next_message()).text.startswith("📝 Note · Acme: they are closed on Fridays")
    await anna.send("remind me on Fridays to send Acme the report")
    assert (await anna.next_message()).text.startswith("🔁 every Friday at 10:00")
    assert await bot.rows("SELECT count(*) FROM recurring") == [(1,)]


async def test_a_new_date_shows_on_the_card_its_date_button_was_on(
    bot: RunningBot, anna: UserClient
) -> None:
    await anna.send("SEO report by Friday")
    card = await anna.next_message()
    assert "team: Fri 27 Nov, 18:00" in card.text
    await anna.click(card, "Date")
    await anna.next_message()
    await anna.send("Thursday 2pm")
    answer = await anna.next_message()
    assert "team: tomorrow, 14:00" in answer.text
    edited = await anna.wait_edit(card)
    assert "team: tomorrow, 14:00" in edited.text
    assert edited.buttons == answer.buttons


async def test_a_deadline_turned_into_a_note_keeps_its_day_but_promises_no_reminder(
    bot: RunningBot, anna: UserClient
) -> None:
    await anna.send("SEO report by Friday")
    card = await anna.next_message()
    await anna.click(card, "Kind")
    menu = await anna.wait_edit(card)
    await anna.click(menu, "📝 Note")
    note = await anna.wait_edit(menu)
    assert note.text.startswith("📝 Note · 📥 Inbox: SEO report\n📅 Fri 27 Nov, 18:00 · a note")
    assert "team:" not in note.text
    assert await bot.rows("SELECT count(*) FROM reminders WHERE status = 'pending'") == [(0,)]


async def test_asap_as_the_new_date_is_by_the_end_of_today(
    bot: RunningBot, anna: UserClient
) -> None:
    await anna.send("banner for the main page")
    card = await anna.next_message()
    await anna.click(card, "Date")
    await anna.next_message()
    await anna.send("asap")
    assert "team: today, 18:00" in (await anna.next_message()).text
    assert await bot.rows("SELECT kind, title FROM items") == [
        ("deadline", "banner for the main page")
    ]


async def test_done_on_a_reminder_shows_on_the_confirmation_and_its_undo_too(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    await anna.send("/digest off")
    await anna.next_message()
    await anna.send("remind me at 15:00 to call Acme")
    card = await anna.next_message()
    clock.set(datetime(2026, 11, 25, 12, tzinfo=UTC))  # 15:00 in Moscow
    await bot.app.reminders.rearm()
    reminder = await anna.next_message()
    await anna.click(reminder, "✅ Done")
    card = await anna.wait_edit(card)
    assert card.text.endswith("✅ Done. A new date with «Date» opens it again.")
    undo = await anna.wait_edit(reminder)
    await anna.click(undo, "↩️ Undo")
    card = await anna.wait_edit(card)
    assert "✅ Done" not in card.text
    assert await _item(bot, "status") == ("open",)
