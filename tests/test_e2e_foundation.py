"""The bot as a user meets it: /start, /help, access control, the command menu."""

from __future__ import annotations

import time

from bot.app import MENU_COMMANDS
from tests.conftest import ANNA, MALLORY, RunningBot
from tests.emulator import TelegramEmulator, UserClient


async def test_start_is_answered_within_a_second(bot: RunningBot, anna: UserClient) -> None:
    started = time.monotonic()
    await anna.send("/start")
    reply = await anna.next_message(timeout=1.0)
    assert time.monotonic() - started < 1.0
    assert "account manager" in reply.text
    assert "Europe/Moscow" in reply.text
    assert await bot.rows("SELECT user_id, language FROM users") == [(ANNA, "en")]


async def test_start_speaks_russian_to_russian_users(bot: RunningBot, olga: UserClient) -> None:
    await olga.send("/start")
    reply = await olga.next_message()
    assert "аккаунт-менеджера" in reply.text
    assert await bot.rows("SELECT language FROM users") == [("ru",)]


async def test_help_lists_every_menu_command(bot: RunningBot, anna: UserClient) -> None:
    await anna.send("/help")
    reply = await anna.next_message()
    for command in MENU_COMMANDS:
        assert f"/{command}" in reply.text


async def test_stranger_gets_their_id_and_leaves_no_trace(
    bot: RunningBot, mallory: UserClient, emulator: TelegramEmulator
) -> None:
    await mallory.send("/start")
    reply = await mallory.next_message()
    assert str(MALLORY) in reply.text
    assert "ALLOWED_USER_IDS" in reply.text
    await mallory.send("Acme wants a discount #acme")
    await emulator.wait_idle()
    await mallory.no_message(within=0.3)  # told once is enough
    for table in ("users", "items", "clients"):
        assert await bot.rows(f"SELECT count(*) FROM {table}") == [(0,)]


async def test_a_strangers_button_press_is_told_in_plain_text(
    bot: RunningBot, mallory: UserClient, emulator: TelegramEmulator
) -> None:
    await mallory.send("/start")
    reply = await mallory.next_message()
    await mallory.click_data(reply, "it:del:1:0")  # a button from before, or forged
    await emulator.wait_idle()
    alert = mallory.callback_answers[-1]["text"]
    # An alert shows its text verbatim: no "<code>" there.
    assert alert.startswith("🔒 This bot is private")
    assert f"Your Telegram id is {MALLORY}." in alert
    assert "<" not in alert


async def test_empty_allow_list_closes_the_bot_to_everyone(
    start_bot: object, anna: UserClient, emulator: TelegramEmulator
) -> None:
    running: RunningBot = await start_bot(allowed_user_ids=frozenset())  # type: ignore[operator]
    await anna.send("/start")
    reply = await anna.next_message()
    assert str(ANNA) in reply.text
    assert "closed" in reply.text
    assert await running.rows("SELECT count(*) FROM users") == [(0,)]


async def test_command_menu_in_both_languages(
    bot: RunningBot, emulator: TelegramEmulator, anna: UserClient
) -> None:
    await anna.send("/help")
    await anna.next_message()
    calls = emulator.calls_of("setMyCommands")
    languages = sorted(str(call.get("language_code", "")) for call in calls)
    assert languages == ["", "ru"]
    russian = next(call for call in calls if call.get("language_code") == "ru")
    descriptions = {c["command"]: c["description"] for c in russian["commands"]}
    assert descriptions["tz"] == "Часовой пояс"


async def test_graceful_stop_returns_zero(bot: RunningBot, anna: UserClient) -> None:
    await anna.send("/start")
    await anna.next_message()
    assert await bot.stop() == 0


async def test_an_unknown_command_is_not_filed_as_a_note(bot: RunningBot, anna: UserClient) -> None:
    await anna.send("/frobnicate now")
    reply = await anna.next_message()
    assert reply.text == "I don't know /frobnicate. /help lists every command."
    assert await bot.rows("SELECT count(*) FROM items") == [(0,)]


async def test_a_stranger_is_told_once_not_on_every_message(
    bot: RunningBot, mallory: UserClient
) -> None:
    for text in ("hi", "hello?", "let me in"):
        await mallory.send(text)
    assert str(MALLORY) in (await mallory.next_message()).text
    await mallory.no_message(within=0.5)


async def test_settings_shows_the_settings_only(bot: RunningBot, olga: UserClient) -> None:
    await olga.send("/settings")
    reply = await olga.next_message()
    assert reply.text.startswith("Настройки\nЧасовой пояс: Europe/Moscow")
    assert "/clients" not in reply.text
    assert "/export" not in reply.text


async def test_in_a_group_nothing_is_kept_or_shown(
    bot: RunningBot, anna: UserClient, emulator: TelegramEmulator
) -> None:
    # Her agenda and her clients' notes are for her eyes: in a group a command is told
    # to come to the private chat (once), and plain text is neither kept nor answered.
    await anna.send("Acme: send the contract with the 30% discount today 17:00")
    assert "Acme" in (await anna.next_message()).text
    group = emulator.group(anna, title="Acme & us")
    await group.send("/today@am_test_bot")
    told = await group.next_message()
    assert told.text.startswith("🔒 I keep your notes and clients")
    assert "discount" not in told.text
    await group.send("Acme: the CFO is leaving, keep quiet")
    await group.send("/clients")
    await emulator.wait_idle()
    await group.no_message(within=0.3)
    assert await bot.rows("SELECT count(*) FROM items") == [(1,)]
    assert await bot.rows("SELECT count(*) FROM items WHERE title LIKE '%CFO%'") == [(0,)]
    await anna.no_message(within=0.1)


async def test_the_russian_examples_of_start_and_help_do_what_they_say(
    bot: RunningBot, olga: UserClient
) -> None:
    # The examples a Russian user copies first name Russian clients, and each works.
    await olga.send("/start")
    start = (await olga.next_message()).text
    await olga.send("/help")
    shown = start + (await olga.next_message()).text
    assert "Acme" not in shown
    assert "Globex" not in shown
    for name in ("Ромашка", "Вектор"):
        await olga.send(f"/client add {name}")
        await olga.next_message()
    captures = [
        ("Ромашка просит перенести баннер", "request", "Ромашка"),
        ("отчёт по SEO к среде #ромашка", "deadline", "Ромашка"),
        ("напомни завтра в 10 позвонить в Вектор", "reminder", "Вектор"),
    ]
    for text, _, _ in captures:
        assert text in shown
        await olga.send(text)
        await olga.next_message()
    assert await bot.rows(
        "SELECT items.kind, clients.name FROM items JOIN clients ON clients.id = items.client_id"
        " ORDER BY items.id"
    ) == [(kind, client) for _, kind, client in captures]
    await olga.send("каждый понедельник в 11 созвон с Ромашкой")
    await olga.next_message()
    assert await bot.rows(
        "SELECT clients.name FROM recurring JOIN clients ON clients.id = recurring.client_id"
    ) == [("Ромашка",)]
    for update in ("Ромашка оплатила сегодня", "Ромашка следующий отчёт 15.01"):
        assert update in shown
        await olga.send(update)
        await olga.next_message()
    assert await bot.rows(
        "SELECT last_payment_on IS NOT NULL, next_report_on FROM clients WHERE name = 'Ромашка'"
    ) == [(1, "2027-01-15")]
    await olga.send("Ромашка на паузе")
    await olga.next_message()
    assert await bot.rows("SELECT status FROM clients WHERE name = 'Ромашка'") == [("paused",)]
    await olga.send("/call Ромашка")
    assert "Ромашка" in (await olga.next_message()).text
    await olga.send("/pad Ромашка 50%")
    assert "Ромашка" in (await olga.next_message()).text


async def test_lang_with_a_language_chooses_it_and_without_one_switches(
    bot: RunningBot, anna: UserClient
) -> None:
    for typed, answer in (
        ("/lang en", "Language: English."),  # already English: stays so
        ("/lang English", "Language: English."),
        ("/lang", "Язык: русский."),
        ("/lang русский", "Язык: русский."),
        (
            "/lang klingon",
            "/lang переключает русский / английский; /lang ru или /lang en выбирает.",
        ),
        ("/lang EN", "Language: English."),
    ):
        await anna.send(typed)
        assert (await anna.next_message()).text == answer
    assert await bot.rows("SELECT language FROM users") == [("en",)]


async def test_hints_suggest_a_zone_and_a_country_other_than_the_users_own(
    bot: RunningBot, anna: UserClient, olga: UserClient
) -> None:
    await anna.send("/start")
    assert "change it with /tz Europe/London." in (await anna.next_message()).text
    await anna.send("/tz London")
    await anna.next_message()
    await anna.send("/settings")
    shown = (await anna.next_message()).text
    assert "Time zone: Europe/London — /tz America/New_York" in shown
    assert "— /settings country GB (off for weekends only)" in shown
    await olga.send("/start")
    assert "сменить: /tz Asia/Yekaterinburg." in (await olga.next_message()).text
