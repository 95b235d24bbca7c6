"""Forwarded client chats become a conversation log per client."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from tests.conftest import ANNA, FakeClock, RunningBot
from tests.emulator import (
    BotMessage,
    TelegramEmulator,
    UserClient,
    origin_channel,
    origin_chat,
    origin_hidden,
    origin_user,
)

IVAN = origin_user(5551, "Ivan", "Petrov")


def at(hour: int, minute: int) -> int:
    """Unix time of 25 Nov 2026 at hour:minute in Moscow."""
    return int(datetime(2026, 11, 25, hour - 3, minute, tzinfo=UTC).timestamp())


async def test_a_burst_of_fifty_is_one_entry_and_one_reply(
    bot: RunningBot, anna: UserClient
) -> None:
    me = origin_user(ANNA, "Anna")
    for index in range(50):
        origin = me if index % 5 == 4 else IVAN
        await anna.forward(f"message {index}", origin, date=at(10, 2) + index * 40)
    summary = await anna.next_message()
    assert summary.text.startswith("💬 Logged 50 messages from Ivan Petrov: Ivan, you; 10:02–10:34")
    assert "Which client is Ivan Petrov?" in summary.text
    await anna.no_message(within=0.6)
    assert await bot.rows("SELECT count(*), count(DISTINCT conversation_id) FROM forwards") == [
        (50, 1)
    ]
    assert await bot.rows("SELECT count(*) FROM forwards WHERE is_self = 1") == [(10,)]
    first = await bot.rows("SELECT origin_date, sender_name FROM forwards ORDER BY id LIMIT 1")
    assert first == [(at(10, 2), "Ivan Petrov")]  # the original date, not the forwarding time


async def test_the_sender_is_asked_once_and_remembered(
    bot: RunningBot, anna: UserClient, emulator: TelegramEmulator
) -> None:
    await bot.app.users.ensure(ANNA, "en", bot.app.clock.now())
    await bot.app.clients.create(ANNA, "Acme", bot.app.clock.now())
    await anna.forward("can you move the banner?", IVAN, date=at(9, 0))
    summary = await anna.next_message()
    await anna.click(summary, "Acme")
    await emulator.wait_idle()
    assert anna.callback_answers[-1]["text"] == "Ivan Petrov → Acme. I'll remember."
    assert await bot.rows(
        "SELECT clients.name FROM conversations JOIN clients ON clients.id = client_id"
    ) == [("Acme",)]
    await anna.forward("and the footer too", IVAN, date=at(9, 5))
    second = await anna.next_message()
    assert second.text.startswith("💬 Logged 1 message from Acme: Ivan; 09:05")
    assert "Which client" not in second.text
    assert await bot.rows("SELECT last_contact_at FROM clients") == [(at(9, 5),)]


async def test_hidden_users_groups_and_channels(bot: RunningBot, anna: UserClient) -> None:
    await anna.forward("hello from a hidden account", origin_hidden("Maria S."), date=at(8, 0))
    await anna.forward("group announcement", origin_chat(-1001, "Acme team"), date=at(8, 1))
    await anna.forward(
        "channel post",
        origin_channel(-1002, "Acme News", 77, author_signature="Editor"),
        date=at(8, 2),
    )
    summary = await anna.next_message()
    assert "Logged 3 messages" in summary.text
    rows = await bot.rows("SELECT origin_key, display_name FROM origins ORDER BY id")
    assert rows == [
        ("hidden:maria s.", "Maria S."),
        ("chat:-1001", "Acme team"),
        ("channel:-1002", "Acme News"),  # the signature is the post's author, not the client
    ]
    assert await bot.rows("SELECT sender_name FROM forwards ORDER BY id") == [
        ("Maria S.",),
        ("Acme team",),
        ("Editor",),
    ]


async def test_an_album_keeps_every_photo(bot: RunningBot, anna: UserClient) -> None:
    await anna.forward_album(3, IVAN, caption="new mockups")
    summary = await anna.next_message()
    assert "Logged 3 messages" in summary.text
    rows = await bot.rows(
        "SELECT media_type, file_id IS NOT NULL, media_group_id IS NOT NULL, text"
        " FROM forwards ORDER BY id"
    )
    assert rows == [
        ("photo", 1, 1, "new mockups"),
        ("photo", 1, 1, ""),
        ("photo", 1, 1, ""),
    ]


async def test_a_restart_mid_burst_loses_nothing(
    start_bot: object, anna: UserClient, emulator: TelegramEmulator
) -> None:
    first: RunningBot = await start_bot()  # type: ignore[operator]
    for index in range(10):
        await anna.forward(f"part {index}", IVAN, date=at(11, index))
    await emulator.wait_idle()
    assert await first.stop() == 0  # before the burst went quiet
    assert await first_rows(first) == (10, 0)
    second: RunningBot = await start_bot()  # type: ignore[operator]
    summary = await anna.next_message()
    assert "Logged 10 messages" in summary.text
    assert await second.rows("SELECT count(*) FROM conversations") == [(1,)]


async def first_rows(bot: RunningBot) -> tuple[int, int]:
    with sqlite3.connect(bot.app.settings.database_path) as conn:
        stored = conn.execute("SELECT count(*) FROM forwards").fetchone()[0]
        grouped = conn.execute("SELECT count(*) FROM conversations").fetchone()[0]
    return stored, grouped


async def test_proposals_become_items_only_when_tapped(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    await anna.forward("could you move the banner to the top?", IVAN, date=at(10, 0))
    await anna.forward("and we need the report by Friday", IVAN, date=at(10, 1))
    await anna.forward("sure, we'll do it", origin_user(ANNA, "Anna"), date=at(10, 2))
    summary = await anna.next_message()
    assert [b for b in summary.buttons if b.startswith("➕ 🙋")] == [
        "➕ 🙋 could you move the banner t…"
    ]
    assert "➕ 📌 and we need the report — client's date 27.11 18:00" in summary.buttons
    assert await bot.rows("SELECT count(*) FROM items") == [(0,)]
    await anna.click(summary, "➕ 📌 and we need the report — client's date 27.11 18:00")
    created = await anna.next_message()
    assert "📌 Deadline" in created.text
    assert "client: Fri 27 Nov, 18:00 (set by hand)" in created.text
    rows = await bot.rows("SELECT kind, source, origin_sender, origin_date FROM items")
    assert rows == [("deadline", "forwarded", "Ivan Petrov", at(10, 1))]
    await anna.click(
        summary, "➕ 📌 and we need the report — client's date 27.11 18:00"
    )  # a second tap adds nothing
    await anna.next_message()
    assert await bot.rows("SELECT count(*) FROM items") == [(1,)]


async def test_a_forwarded_command_is_the_clients_words_not_an_order(
    bot: RunningBot, anna: UserClient
) -> None:
    # A client's "/today" (or "/start") forwarded to the bot is logged like any other
    # line: forwards are routed before commands.
    await anna.forward("/today", IVAN, date=at(11, 0))
    summary = await anna.next_message()
    assert summary.text.startswith("💬 Logged 1 message from Ivan Petrov: Ivan; 11:00")
    assert await bot.rows("SELECT text FROM forwards") == [("/today",)]
    await anna.no_message(within=0.6)


async def test_callback_answers_show_names_as_they_are(
    bot: RunningBot, anna: UserClient, emulator: TelegramEmulator
) -> None:
    # A callback answer is shown verbatim (no HTML): "AT&amp;T" there would be a bug.
    await bot.app.users.ensure(ANNA, "en", bot.app.clock.now())
    await bot.app.clients.create(ANNA, "AT&T", bot.app.clock.now())
    await anna.forward("can we sign on Monday?", IVAN, date=at(9, 0))
    summary = await anna.next_message()
    await anna.click(summary, "AT&T")
    await emulator.wait_idle()
    assert anna.callback_answers[-1]["text"] == "Ivan Petrov → AT&T. I'll remember."


async def test_a_double_tap_on_the_question_is_answered_once_each_and_quietly(
    bot: RunningBot, anna: UserClient, emulator: TelegramEmulator
) -> None:
    await bot.app.users.ensure(ANNA, "en", bot.app.clock.now())
    await bot.app.clients.create(ANNA, "Acme", bot.app.clock.now())
    await anna.forward("can we sign on Monday?", IVAN, date=at(9, 0))
    summary = await anna.next_message()
    data = summary.button("Acme")["callback_data"]
    # Both taps carry the summary as it was before the first one edited it.
    await anna.click_data(summary, data)
    await anna.click_data(summary, data)
    await emulator.wait_idle()
    assert [a.get("text") for a in anna.callback_answers] == [
        "Ivan Petrov → Acme. I'll remember."
    ] * 2
    assert [why for method, _, why in emulator.errors if "not modified" not in why] == []
    assert anna.last_message.text.startswith("💬 Logged 1 message from Acme")
    assert await bot.rows("SELECT count(*) FROM clients") == [(1,)]


async def test_the_answered_question_leaves_the_summary_and_no_stale_client_buttons(
    bot: RunningBot, olga: UserClient, emulator: TelegramEmulator
) -> None:
    for name in ("Ромашка", "Альфа Банк"):
        await olga.send(f"/client add {name}")
        await olga.next_message()
    await olga.forward("Можете прислать отчёт до пятницы?", IVAN, date=at(9, 0))
    summary = await olga.next_message()
    assert summary.text == (
        "💬 Ivan Petrov: записано 1 сообщение — Ivan; 09:00\nКакой это клиент — Ivan Petrov?"
    )
    await olga.click(summary, "Альфа Банк")
    answered = await olga.wait_edit(summary)
    assert answered.text == "💬 Альфа Банк: записано 1 сообщение — Ivan; 09:00"
    assert "Ромашка" not in answered.buttons  # no second, silently ignored, choice
    assert answered.buttons == [
        "➕ 📌 Можете прислать отчёт? — срок клиента 27.11 18:00"
    ]  # the proposal stays
    await olga.click(answered, "➕ 📌 Можете прислать отчёт? — срок клиента 27.11 18:00")
    card = await olga.next_message()
    assert "Альфа Банк" in card.text


PETR = origin_user(5553, "Petr", "Globexov")
MARIA = origin_user(5552, "Maria", "Sidorova")


async def clients(bot: RunningBot, *names: str) -> dict[str, int]:
    now = bot.app.clock.now()
    await bot.app.users.ensure(ANNA, "en", now)
    return {name: (await bot.app.clients.create(ANNA, name, now)).id for name in names}


async def remember(anna: UserClient, origin: dict[str, object], client: str) -> None:
    """Forward one line from `origin` and answer the question with `client`."""
    await anna.forward("hi", origin, date=at(8, 0))
    summary = await anna.next_message()
    await anna.click(summary, client)
    await anna.wait_edit(summary)


async def test_a_burst_from_two_clients_chats_is_filed_under_each(
    bot: RunningBot, anna: UserClient
) -> None:
    ids = await clients(bot, "Acme", "Globex")
    await remember(anna, IVAN, "Acme")
    await remember(anna, PETR, "Globex")
    # Acme's chat first (Ivan, Anna's reply), then Globex's: one burst.
    await anna.forward("please move the banner", IVAN, date=at(10, 0))
    await anna.forward("on it", origin_user(ANNA, "Anna"), date=at(10, 1))
    await anna.forward("send the invoice", PETR, date=at(9, 50))
    summary = await anna.next_message()
    assert summary.text == (
        "💬 Logged 2 messages from Acme: Ivan, you; 10:00–10:01\n"
        "💬 Logged 1 message from Globex: Petr; 09:50"
    )
    rows = await bot.rows(
        "SELECT cv.client_id, group_concat(f.text, '|') FROM forwards f"
        " JOIN conversations cv ON cv.id = f.conversation_id"
        " WHERE f.text != 'hi' GROUP BY cv.id ORDER BY cv.id"
    )
    assert rows == [
        (ids["Acme"], "please move the banner|on it"),
        (ids["Globex"], "send the invoice"),
    ]
    assert await bot.rows("SELECT name, last_contact_at FROM clients ORDER BY id") == [
        ("Acme", at(10, 1)),
        ("Globex", at(9, 50)),
    ]


async def test_a_proposal_tapped_before_the_sender_is_known_follows_them(
    bot: RunningBot, anna: UserClient
) -> None:
    ids = await clients(bot, "Acme")
    await anna.forward("we need the report by Friday", IVAN, date=at(10, 1))
    summary = await anna.next_message()
    await anna.click(summary, "➕ 📌 we need the report — client's date 27.11 18:00")
    card = await anna.next_message()
    assert "📥 Inbox" in card.text
    # The card of what a proposal made can be fixed like any other.
    assert card.buttons[0] == "Acme"
    assert card.buttons[-1] == "🗑 Delete"
    await anna.click(summary, "Acme")
    await anna.wait_edit(summary)
    assert await bot.rows("SELECT title, client_id FROM items") == [
        ("we need the report", ids["Acme"])
    ]
    await anna.click(card, "Kind")  # the card's buttons work
    kinds = await anna.wait_edit(card)
    assert "• 📌 Deadline" in kinds.buttons


async def test_a_forwarded_photo_with_a_caption_makes_an_item_with_the_photo(
    bot: RunningBot, anna: UserClient
) -> None:
    await clients(bot, "Acme")
    await remember(anna, IVAN, "Acme")
    await anna.forward_album(2, IVAN, caption="please fix these mockups by Friday", date=at(10, 0))
    summary = await anna.next_message()
    await anna.click(summary, "➕ 📌 please fix these mockups — client's date 27.11 18:00")
    card = await anna.next_message()
    assert "📌 Deadline" in card.text
    forwarded = await bot.rows(
        "SELECT file_id FROM forwards WHERE text = 'please fix these mockups by Friday'"
    )
    assert await bot.rows("SELECT file_id, file_type, source FROM items") == [
        (forwarded[0][0], "photo", "forwarded")
    ]


async def test_long_names_keep_the_answer_within_telegrams_limit(
    bot: RunningBot, anna: UserClient, emulator: TelegramEmulator
) -> None:
    # Telegram allows 64-character first and last names; a callback answer takes 200.
    await clients(bot, "Megacorporation" * 12)
    first, last = "Alexandra-Maria" * 4 + "Anna", "Konstantinopolskaya" * 3 + "-Smirn"
    await anna.forward("hello", origin_user(5580, first, last), date=at(9, 0))
    summary = await anna.next_message()
    await anna.click(summary, summary.buttons[0])
    answered = await anna.wait_edit(summary)
    answer = anna.callback_answers[-1]["text"]
    assert len(answer) <= 200
    assert answer.startswith("Alexandra-Maria")
    assert answer.endswith("…. I'll remember.")
    assert answered.text.startswith("💬 Logged 1 message from Megacorporation")
    assert [why for _, _, why in emulator.errors if "not modified" not in why] == []
    assert await bot.rows("SELECT count(*) FROM origins WHERE client_id IS NOT NULL") == [(1,)]


async def test_a_clients_date_already_past_is_offered_as_a_request(
    bot: RunningBot, anna: UserClient
) -> None:
    await clients(bot, "Acme")
    await remember(anna, IVAN, "Acme")
    two_weeks_ago = at(10, 0) - 14 * 86400  # "by Friday" then was 13 November
    await anna.forward("we need the report by Friday", IVAN, date=two_weeks_ago)
    summary = await anna.next_message()
    assert [b for b in summary.buttons if b.startswith("➕")] == ["➕ 🙋 we need the report"]
    await anna.click(summary, "➕ 🙋 we need the report")
    card = await anna.next_message()
    assert "🙋 Request" in card.text
    assert await bot.rows("SELECT kind, due_at, client_due_at FROM items") == [
        ("request", None, None)
    ]


async def test_the_next_unknown_sender_is_asked_about_with_the_clients_again(
    bot: RunningBot, anna: UserClient
) -> None:
    ids = await clients(bot, "Acme", "Globex")
    await anna.forward("can you send the mockups?", IVAN, date=at(10, 0))
    await anna.forward("and the invoice please", MARIA, date=at(10, 1))
    summary = await anna.next_message()
    assert summary.text.endswith("Which client is Ivan Petrov?")
    await anna.click(summary, "Acme")
    edited = await anna.wait_edit(summary)
    assert edited.text == (
        "💬 Logged 1 message from Maria Sidorova: Maria; 10:01\n"
        "💬 Logged 1 message from Acme: Ivan; 10:00\n"
        "Which client is Maria Sidorova?"
    )
    assert edited.buttons[:4] == ["Acme", "Globex", "➕ New: Maria Sidorova", "👥 Our team"]
    await anna.click(edited, "Acme")
    done = await anna.wait_edit(edited)
    assert "Which client" not in done.text
    assert await bot.rows("SELECT display_name, client_id FROM origins ORDER BY id") == [
        ("Ivan Petrov", ids["Acme"]),
        ("Maria Sidorova", ids["Acme"]),
    ]


async def test_a_signed_channel_post_is_the_channels_not_the_signers(
    bot: RunningBot, anna: UserClient
) -> None:
    await clients(bot, "Globex")
    await anna.forward(
        "We launch the new tariff on Monday",
        origin_channel(-1002, "Acme News", 1, author_signature="Olga K."),
        date=at(9, 0),
    )
    await anna.forward(
        "and the price list on Tuesday",
        origin_channel(-1002, "Acme News", 2, author_signature="Boris"),
        date=at(9, 1),
    )
    summary = await anna.next_message()
    assert summary.text == (
        "💬 Logged 2 messages from Acme News: Olga, Boris; 09:00–09:01\nWhich client is Acme News?"
    )
    await anna.click(summary, "➕ New: Acme News")
    await anna.wait_edit(summary)
    assert await bot.rows("SELECT name FROM clients ORDER BY id") == [("Globex",), ("Acme News",)]
    assert await bot.rows("SELECT display_name FROM origins") == [("Acme News",)]
    assert await bot.rows("SELECT sender_name FROM forwards ORDER BY id") == [
        ("Olga K.",),
        ("Boris",),
    ]


async def test_during_a_call_an_unknown_senders_chat_is_the_calls_client(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    ids = await clients(bot, "Globex")
    await remember(anna, PETR, "Globex")
    await anna.send("/call Acme")
    await anna.next_message()
    acme = (await bot.rows("SELECT id FROM clients WHERE name = 'Acme'"))[0][0]
    await anna.forward("can you move the banner?", IVAN, date=at(11, 0))
    await anna.forward("sure", origin_user(ANNA, "Anna"), date=at(11, 1))
    await anna.forward("and our invoice?", PETR, date=at(11, 2))
    summary = await anna.next_message()
    assert summary.text == (
        "💬 Logged 2 messages from Acme (📞 your call): Ivan, you; 11:00–11:01\n"
        "💬 Logged 1 message from Globex: Petr; 11:02\n"
        "Which client is Ivan Petrov?"
    )
    assert await bot.rows(
        "SELECT cv.client_id, count(*) FROM forwards f"
        " JOIN conversations cv ON cv.id = f.conversation_id"
        " WHERE f.text != 'hi' GROUP BY cv.id ORDER BY cv.id"
    ) == [(acme, 2), (ids["Globex"], 1)]
    # Still unknown: the proposal made from Ivan's words goes where his chat went.
    await anna.click(summary, "➕ 🙋 can you move the banner?")
    card = await anna.next_message()
    assert "Acme" in card.text
    assert await bot.rows("SELECT client_id FROM items") == [(acme,)]
    assert await bot.rows("SELECT last_activity_at FROM calls") == [(int(clock.now().timestamp()),)]


async def test_an_unanswered_question_is_asked_again(bot: RunningBot, anna: UserClient) -> None:
    await clients(bot, "Acme")
    await anna.forward("first", IVAN, date=at(9, 0))
    first = await anna.next_message()
    assert first.text.endswith("Which client is Ivan Petrov?")
    await anna.forward("second", IVAN, date=at(9, 30))
    second = await anna.next_message()
    assert second.text == (
        "💬 Logged 1 message from Ivan Petrov: Ivan; 09:30\nWhich client is Ivan Petrov?"
    )
    assert "Acme" in second.buttons
    await anna.click(second, "Acme")  # answered on the later summary: that one is redrawn
    answered = await anna.wait_edit(second)
    assert answered.text == "💬 Logged 1 message from Acme: Ivan; 09:30"
    assert await bot.rows("SELECT count(*) FROM conversations WHERE client_id IS NULL") == [(0,)]


async def test_only_ones_own_messages_are_logged_without_a_client(
    bot: RunningBot, anna: UserClient, olga: UserClient
) -> None:
    await anna.forward("as promised, the draft", origin_user(ANNA, "Anna"), date=at(9, 0))
    summary = await anna.next_message()
    assert summary.text == "💬 Logged 1 message, not filed under a client: you; 09:00"
    await olga.forward("как обещала, черновик", origin_user(1002, "Ольга"), date=at(9, 0))
    await olga.forward("и смета", origin_user(1002, "Ольга"), date=at(9, 1))
    russian = await olga.next_message()
    assert russian.text == "💬 Записано 2 сообщения без клиента — вы; 09:00–09:01"


async def test_a_stranger_after_a_known_sender_gets_a_conversation_of_their_own(
    bot: RunningBot, anna: UserClient
) -> None:
    ids = await clients(bot, "Acme", "Globex")
    await remember(anna, IVAN, "Acme")
    # Acme's chat (Ivan), then Globex's (Petr, never seen before): one burst.
    await anna.forward("please move the banner", IVAN, date=at(10, 0))
    await anna.forward("send the invoice", PETR, date=at(10, 5))
    summary = await anna.next_message()
    assert "Which client is Petr Globexov?" in summary.text
    await anna.click(summary, "Globex")
    await anna.wait_edit(summary)
    rows = await bot.rows(
        "SELECT f.text, cv.client_id FROM forwards f"
        " JOIN conversations cv ON cv.id = f.conversation_id WHERE f.text != 'hi' ORDER BY f.id"
    )
    assert rows == [("please move the banner", ids["Acme"]), ("send the invoice", ids["Globex"])]


async def test_a_stranger_filed_under_the_call_moves_with_the_answer(
    bot: RunningBot, anna: UserClient
) -> None:
    ids = await clients(bot, "Globex")
    await anna.send("/call Acme")
    await anna.next_message()
    await anna.forward("and our invoice?", PETR, date=at(11, 2))
    summary = await anna.next_message()
    assert "Which client is Petr Globexov?" in summary.text
    await anna.click(summary, "Globex")
    await anna.wait_edit(summary)
    assert await bot.rows(
        "SELECT cv.client_id FROM forwards f JOIN conversations cv ON cv.id = f.conversation_id"
    ) == [(ids["Globex"],)]


async def test_a_forward_leaves_a_run_out_call_for_the_next_message_to_tell(
    bot: RunningBot, anna: UserClient, clock: FakeClock
) -> None:
    await anna.send("/call Acme")
    await anna.next_message()
    clock.advance(hours=3)
    await anna.forward("as promised, the draft", origin_user(ANNA, "Anna"), date=at(14, 0))
    await anna.next_message()  # the forward's summary
    # The typed message after it finds the call run out, and says so.
    await anna.send("banner copy approved")
    reply = await anna.next_message()
    assert "ended by itself" in reply.text, reply.text


JOHN = origin_user(5570, "John", "Smith")
MARY = origin_user(5571, "Mary", "Jones")


async def test_an_answer_in_a_burst_of_strangers_files_only_that_senders_part(
    bot: RunningBot, anna: UserClient
) -> None:
    ids = await clients(bot, "Acme", "Globex")
    me = origin_user(ANNA, "Anna")
    await anna.forward("Please send the contract by Thursday", JOHN, date=at(10, 0))
    await anna.forward("will do", me, date=at(10, 1))
    await anna.forward("We need the invoice", MARY, date=at(10, 2))
    await anna.forward("sure", me, date=at(10, 3))
    summary = await anna.next_message()
    # Neither is known: the chat is filed under nobody yet, and says so.
    assert summary.text == (
        "💬 Logged 4 messages, not filed under a client: John, you, Mary; 10:00–10:03\n"
        "Which client is John Smith?"
    )
    await anna.click(summary, "Acme")
    edited = await anna.wait_edit(summary)
    assert anna.callback_answers[-1]["text"] == "John Smith → Acme. I'll remember."
    assert edited.text == (
        "💬 Logged 2 messages from Mary Jones: Mary, you; 10:02–10:03\n"
        "💬 Logged 2 messages from Acme: John, you; 10:00–10:01\n"
        "Which client is Mary Jones?"
    )
    assert await _files(bot) == [
        ("Please send the contract by Thursday", ids["Acme"]),
        ("will do", ids["Acme"]),
        ("We need the invoice", None),
        ("sure", None),
    ]
    assert await bot.rows(
        "SELECT client_id, message_count, first_at, last_at FROM conversations ORDER BY client_id"
    ) == [(None, 2, at(10, 2), at(10, 3)), (ids["Acme"], 2, at(10, 0), at(10, 1))]
    await anna.send("/find invoice")
    found = await anna.next_message()
    assert "Mary Jones: We need the invoice" in found.text
    assert "Acme" not in found.text
    await anna.send("/client Acme")
    card = await anna.next_message()
    await anna.click(card, "🕘 Timeline")
    timeline = await anna.wait_edit(card)
    assert "2 messages · John, you" in timeline.text, timeline.text
    assert "Mary" not in timeline.text
    await anna.click(edited, "Globex")
    done = await anna.wait_edit(edited)
    assert done.text == (
        "💬 Logged 2 messages from Globex: Mary, you; 10:02–10:03\n"
        "💬 Logged 2 messages from Acme: John, you; 10:00–10:01"
    )
    assert [files[1] for files in await _files(bot)] == [
        ids["Acme"],
        ids["Acme"],
        ids["Globex"],
        ids["Globex"],
    ]
    await anna.send("/find invoice")
    found = await anna.next_message()
    assert "💬 Globex · 25.11.2026\nMary Jones: We need the invoice" in found.text


SERGEY = origin_user(5560, "Sergey", "Acmov")  # new person in Acme's chat
MARIA_G = origin_user(5561, "Maria", "Globexova")  # new person in Globex's chat


async def _files(bot: RunningBot) -> list[tuple[str, int | None]]:
    return await bot.rows(
        "SELECT f.text, cv.client_id FROM forwards f JOIN conversations cv"
        " ON cv.id = f.conversation_id WHERE f.text != 'hi' ORDER BY f.id"
    )


async def test_strangers_go_with_the_chat_they_came_in_and_an_answer_splits_them_off(
    bot: RunningBot, anna: UserClient
) -> None:
    ids = await clients(bot, "Acme", "Globex")
    await remember(anna, IVAN, "Acme")
    await remember(anna, PETR, "Globex")
    # One burst: Acme's chat (Ivan + new Sergey), then Globex's chat (Petr + new Maria).
    await anna.forward("move the banner", IVAN, date=at(10, 0))
    await anna.forward("and the footer (Sergey, Acme)", SERGEY, date=at(10, 1))
    await anna.forward("send the invoice", PETR, date=at(10, 5))
    await anna.forward("invoice to me please (Maria, Globex)", MARIA_G, date=at(10, 6))
    summary = await anna.next_message()
    await anna.click(summary, "Acme")  # "Which client is Sergey Acmov?"
    summary = await anna.wait_edit(summary)
    await anna.click(summary, "Globex")  # "Which client is Maria Globexova?"
    await anna.wait_edit(summary)
    rows = await _files(bot)
    # Each stranger went with the chat they arrived in; the answers confirm it.
    assert rows == [
        ("move the banner", ids["Acme"]),
        ("and the footer (Sergey, Acme)", ids["Acme"]),
        ("send the invoice", ids["Globex"]),
        ("invoice to me please (Maria, Globex)", ids["Globex"]),
    ]


async def test_an_item_from_a_strangers_message_follows_the_answer(
    bot: RunningBot, anna: UserClient
) -> None:
    ids = await clients(bot, "Globex")
    await anna.send("/call Acme")
    await anna.next_message()
    await anna.forward("we need the report by Friday", PETR, date=at(10, 1))
    summary = await anna.next_message()
    await anna.click(summary, "➕ 📌 we need the report — client's date 27.11 18:00")
    await anna.next_message()
    await anna.click(summary, "Globex")
    await anna.wait_edit(summary)
    conv = await _files(bot)
    items = await bot.rows("SELECT title, client_id FROM items WHERE source = 'forwarded'")
    # Filed under the call's Acme until answered: the chat and the item made from it move.
    assert conv == [("we need the report by Friday", ids["Globex"])]
    assert items == [("we need the report", ids["Globex"])]


async def test_one_clients_chat_during_its_call_is_one_entry(
    bot: RunningBot, anna: UserClient
) -> None:
    ids = await clients(bot, "Acme")
    await remember(anna, IVAN, "Acme")
    await anna.send("/call Acme")
    await anna.next_message()
    await anna.forward("move the banner", IVAN, date=at(10, 0))
    await anna.forward("and the footer", SERGEY, date=at(10, 1))
    await anna.forward("ok", origin_user(ANNA, "Anna"), date=at(10, 2))
    await anna.next_message()
    n = await bot.rows("SELECT count(DISTINCT conversation_id) FROM forwards WHERE text != 'hi'")
    assert n == [(1,)]  # one entry per client and burst
    assert ids["Acme"] == (await bot.rows("SELECT client_id FROM conversations"))[0][0]


async def test_the_bots_own_message_forwarded_back_is_not_logged(
    bot: RunningBot, anna: UserClient, emulator: TelegramEmulator
) -> None:
    await anna.send("/today")
    digest = await anna.next_message()
    ours = {
        "type": "user",
        "sender_user": {
            "id": int(emulator.token.split(":")[0]),
            "is_bot": True,
            "first_name": "AM",
        },
    }
    await anna.forward("can you move the banner?", IVAN, date=at(9, 0))
    await anna.forward(digest.text, ours, date=at(9, 1))
    assert (await anna.next_message()).text == (
        "↩️ That's my own message, so I haven't logged it as a client chat."
    )
    summary = await anna.next_message()
    assert summary.text.startswith("💬 Logged 1 message from Ivan Petrov: Ivan; 09:00")
    assert await bot.rows("SELECT sender_name FROM forwards") == [("Ivan Petrov",)]


async def _open_conversation(anna: UserClient, emulator: TelegramEmulator) -> BotMessage:
    """Acme's card → 🕘 Timeline → the conversation's 💬 button: what it opens."""
    await anna.send("/client Acme")
    card = await anna.next_message()
    await anna.click(card, "🕘 Timeline")
    timeline = await anna.wait_edit(card)
    await anna.click(timeline, next(b for b in timeline.buttons if b.startswith("💬")))
    return await anna.next_message()


async def test_a_long_chat_opens_at_its_latest_page_and_pages_back_to_the_first_message(
    bot: RunningBot, anna: UserClient, emulator: TelegramEmulator
) -> None:
    await anna.send("/client add Acme")
    await anna.next_message()
    # 45 messages of 300 characters: 13,500, three messages' worth.
    for index in range(45):
        text = f"message {index:02} " + "blah " * 57
        await anna.forward(text.strip(), IVAN, date=at(10, 2) + index * 30)
    summary = await anna.next_message()
    await anna.click(summary, "Acme")
    await emulator.wait_idle()
    latest = await _open_conversation(anna, emulator)
    header, *lines = latest.text.splitlines()
    assert header == "💬 25.11 10:02 · 45 messages · Ivan — page 3/3"
    assert lines[-1].startswith("10:24 Ivan Petrov: message 44 blah blah")
    assert all(line.endswith("…") for line in lines)  # each message cut, and marked so
    assert latest.buttons == ["« Older"]
    seen = [line.split(": message ")[1][:2] for line in lines]

    await anna.click(latest, "« Older")
    middle = await anna.wait_edit(latest)
    assert middle.text.splitlines()[0].endswith("— page 2/3")
    assert middle.buttons == ["« Older", "Newer »"]
    await anna.click(middle, "« Older")
    oldest = await anna.wait_edit(middle)
    header, *lines = oldest.text.splitlines()
    assert header.endswith("— page 1/3")
    assert lines[0].startswith("10:02 Ivan Petrov: message 00 blah")
    assert oldest.buttons == ["Newer »"]
    seen = [line.split(": message ")[1][:2] for line in lines + middle.text.splitlines()[1:]] + seen
    assert seen == [f"{index:02}" for index in range(45)]  # each message once, in order

    await anna.click(oldest, "Newer »")
    assert (await anna.wait_edit(oldest)).text == middle.text
    await emulator.wait_idle()
    assert [a for a in anna.callback_answers if a.get("show_alert")] == []
    assert [why for _, _, why in emulator.errors] == []


async def test_one_very_long_forwarded_message_is_shown_cut(
    bot: RunningBot, anna: UserClient, emulator: TelegramEmulator
) -> None:
    await anna.send("/client add Acme")
    await anna.next_message()
    await anna.forward("brief: " + "x" * 3993, IVAN, date=at(10, 2))
    summary = await anna.next_message()
    await anna.click(summary, "Acme")
    await emulator.wait_idle()
    opened = await _open_conversation(anna, emulator)
    header, line = opened.text.splitlines()
    assert header == "💬 25.11 10:02 · 1 message · Ivan"
    assert line == "10:02 Ivan Petrov: brief: " + "x" * 192 + "…"
    assert opened.buttons == []


async def test_a_conversation_telegram_refuses_to_show_still_answers_the_tap(
    bot: RunningBot, anna: UserClient, emulator: TelegramEmulator
) -> None:
    await anna.send("/client add Acme")
    await anna.next_message()
    await anna.forward("hello", IVAN, date=at(10, 2))
    summary = await anna.next_message()
    await anna.click(summary, "Acme")
    await emulator.wait_idle()
    await anna.send("/client Acme")
    card = await anna.next_message()
    await anna.click(card, "🕘 Timeline")
    timeline = await anna.wait_edit(card)
    emulator.fail("sendMessage", error_code=400, description="Bad Request: message is too long")
    await anna.click(timeline, "💬 25.11 10:02")
    await emulator.wait_idle()
    assert anna.callback_answers[-1]["text"] == (
        "⚠️ Telegram would not show this. Nothing is lost: open the card again with /client."
    )
    assert anna.callback_answers[-1]["show_alert"] is True
    await anna.no_message()


async def test_clients_with_long_names_alike_are_told_apart_on_the_summarys_buttons(
    bot: RunningBot, anna: UserClient, emulator: TelegramEmulator
) -> None:
    holdings = "Alpha Marketing Group International Holdings"
    partners = "Alpha Marketing Group International Partners"
    await bot.app.users.ensure(ANNA, "en", bot.app.clock.now())
    for name in (holdings, partners):
        await bot.app.clients.create(ANNA, name, bot.app.clock.now())
    await anna.forward("can you move the banner?", IVAN, date=at(9, 0))
    summary = await anna.next_message()
    assert "Which client is Ivan Petrov?" in summary.text
    # Cut at the end, both would read "Alpha Marketing Group I…".
    assert {"Alpha Marketing…Holdings", "Alpha Marketing…Partners"} <= set(summary.buttons)
    await anna.click(summary, "Alpha Marketing…Partners")
    await emulator.wait_idle()
    assert anna.callback_answers[-1]["text"] == f"Ivan Petrov → {partners}. I'll remember."


async def test_dated_proposals_carry_their_titles_and_a_clients_own_promise_is_none_of_ours(
    bot: RunningBot, anna: UserClient
) -> None:
    ids = await clients(bot, "Acme")
    await remember(anna, IVAN, "Acme")
    await anna.forward("Please send the contract by Thursday", IVAN, date=at(10, 0))
    await anna.forward("We will pay the invoice next week", IVAN, date=at(10, 1))
    await anna.forward("мы оплатим счёт до пятницы", IVAN, date=at(10, 2))
    await anna.forward("and we'll need the report by Friday", IVAN, date=at(10, 3))
    summary = await anna.next_message()
    assert [b for b in summary.buttons if b.startswith("➕")] == [
        "➕ 📌 Please send the contract — client's date 26.11 18:00",
        "➕ 📌 and we'll need the report — client's date 27.11 18:00",
    ]
    assert all(len(b.encode()) <= 64 for b in summary.buttons)
    await anna.click(summary, "➕ 📌 and we'll need the report — client's date 27.11 18:00")
    card = await anna.next_message()
    assert "📌 Deadline" in card.text
    assert await bot.rows("SELECT kind, title, client_id, client_due_at FROM items") == [
        ("deadline", "and we'll need the report", ids["Acme"], at(18, 0) + 2 * 86400)
    ]
