"""An account manager's working week, in Russian and in English, as they see it in Telegram.

Each step checks what a user would read: the right client, both dates of a deadline, a
question that goes away once answered, a reminder at its time and a digest every working
morning, across a restart and a weekend — and no English, raw HTML or ids in Russian replies.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from tests.conftest import FakeClock, RunningBot
from tests.emulator import BotMessage, TelegramEmulator, UserClient, origin_user

IVAN = origin_user(5551, "Иван", "Петров")


def msk(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    """Moscow wall-clock time in late 2026 (UTC+3)."""
    return datetime(2026, month, day, hour - 3, minute, tzinfo=UTC)


def london(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    """London wall-clock time in late 2026 (UTC+0 in winter)."""
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


async def wake(bot: RunningBot, clock: FakeClock, moment: datetime) -> None:
    clock.set(moment)
    await bot.app.digests.rearm()
    await bot.app.reminders.rearm()


# Words of the bot's own (not the user's text) that must never reach a Russian user.
ENGLISH_LEAKS = re.compile(
    r"\b(Inbox|Note|Request|Deadline|Reminder|team|client|Done|Today|None|null|item_id)\b"
)


def russian(message: BotMessage) -> str:
    """The text, checked to be clean for a Russian user: no English words of ours, no HTML."""
    text = message.text
    assert not ENGLISH_LEAKS.search(text), f"English in a Russian reply: {text!r}"
    assert not re.search(r"<|&lt;|&amp;", text), f"raw HTML in a reply: {text!r}"
    for label in message.buttons:
        assert not ENGLISH_LEAKS.search(label), f"English button {label!r}"
    return text


async def test_a_russian_week(
    start_bot: Callable[..., Any],
    olga: UserClient,
    clock: FakeClock,
    emulator: TelegramEmulator,
) -> None:
    clock.set(msk(23, 9, 5))  # Monday morning
    bot: RunningBot = await start_bot()

    async def say(text: str) -> str:
        await olga.send(text)
        return russian(await olga.next_message())

    assert await say("/tz Europe/Moscow") == "Часовой пояс: Europe/Moscow (сейчас сегодня, 09:05)."
    assert (await say("/client add Ромашка")).startswith("👤 Ромашка · в работе")
    assert await say("/clients") == "в работе (1)\nРомашка — открыто: 0 · контакт никогда"

    # A tag and a leading name; a Friday deadline is promised for Monday.
    assert await say("#ромашка хотят новый баннер к пятнице") == (
        "📌 Дедлайн · Ромашка: хотят новый баннер\n"
        "команде: пт 27 ноя, 18:00\nклиенту: пн 30 ноя, 18:00"
    )
    await olga.send("Альфа: первый созвон прошёл хорошо")
    new = await olga.next_message()
    assert "Новый клиент «Альфа»?" in russian(new)
    await olga.click(new, "➕ Альфа")
    assert russian(await olga.wait_edit(new)) == "📝 Заметка · Альфа: первый созвон прошёл хорошо"

    # During a call everything goes to the client.
    assert await say("/call Ромашка") == (
        "📞 Созвон с клиентом Ромашка: всё, что напишете, попадёт в его карточку"
        " до /end (или 2 часов тишины)."
    )
    assert await say("клиент просит добавить тёмную тему") == (
        "🙋 Запрос · Ромашка: клиент просит добавить тёмную тему"
    )
    assert await say("напомни завтра в 10 позвонить Ивану") == (
        "⏰ Напоминание · Ромашка: позвонить Ивану\nнапомню: завтра, 10:00"
    )
    assert await say("/end") == "Созвон с клиентом Ромашка закончен."

    # A note without a date or client: given a date, then a client, with the buttons.
    await olga.send("подготовить КП")
    note = await olga.next_message()
    assert russian(note).startswith("📝 Заметка · 📥 Входящие: подготовить КП")
    await olga.click(note, "Дата")
    assert "Пришлите новую дату" in russian(await olga.next_message())
    dated = await say("в среду в 15")
    assert dated.startswith("📌 Дедлайн · 📥 Входящие: подготовить КП\nкоманде: ср 25 ноя, 15:00")
    confirmation = olga.last_message
    await olga.click(confirmation, "Клиент")
    menu = await olga.wait_edit(confirmation)
    await olga.click(menu, "Ромашка")
    assert russian(await olga.wait_edit(menu)).startswith(
        "📌 Дедлайн · Ромашка: подготовить КП\nкоманде: ср 25 ноя, 15:00"
    )

    # Deleted by mistake, brought back.
    await olga.send("прислать акты за ноябрь #ромашка")
    acts = await olga.next_message()
    await olga.click(acts, "🗑 Удалить")
    deleted = await olga.wait_edit(acts)
    assert russian(deleted) == "🗑 Удалено: прислать акты за ноябрь"
    await olga.click(deleted, "↩️ Вернуть")
    assert russian(await olga.wait_edit(deleted)).startswith("📝 Заметка · Ромашка: прислать акты")

    # A message corrected after sending: the item follows, and a call at a time is a
    # reminder then, promised to nobody.
    sent = await olga.send("Ромашка: созвон перенесли")
    moved = await olga.next_message()
    await olga.edit(sent, "Ромашка: созвон перенесли на завтра 11:00")
    assert "напомню: завтра, 11:00" in russian(await olga.wait_edit(moved))

    # The client's own words, forwarded; the sender is asked about once.
    await olga.forward(
        "Добрый день! Пришлите отчёт до пятницы?", IVAN, date=int(msk(23, 8).timestamp())
    )
    summary = await olga.next_message()
    assert "Какой это клиент — Иван Петров?" in russian(summary)
    await olga.click(summary, "Ромашка")
    answered = await olga.wait_edit(summary)
    assert russian(answered) == "💬 Ромашка: записано 1 сообщение — Иван; 08:00"
    assert "Альфа" not in answered.buttons

    # The table, updated by message.
    assert await say("Ромашка оплатила сегодня") == "Ромашка: последняя оплата → 23 ноя 2026"
    card = await say("/client Ромашка")
    assert "Оплата: 23 ноя 2026" in card
    assert "Последний контакт: сегодня" in card
    assert "📌 хотят новый баннер — команде пт 27 ноя, 18:00 → клиенту пн 30 ноя, 18:00" in card
    found = await say("/find баннер")
    assert "хотят новый баннер" in found
    assert "Пришлите отчёт" in await say("?отчёт")
    settings = await say("/settings")
    assert settings.startswith("Настройки\nЧасовой пояс: Europe/Moscow")
    assert "Конец рабочего дня: 18:00" in settings

    # Tuesday: the digest, then the reminder, snoozed and done.
    await wake(bot, clock, msk(24, 9))
    digest = russian(await olga.next_message())
    assert digest.startswith("☀️ Сегодня, вт 24 ноя")
    assert "10:00 · Ромашка · позвонить Ивану" in digest
    assert "завтра, 15:00 · Ромашка · подготовить КП" not in digest  # a team date, not a promise
    await wake(bot, clock, msk(24, 10))
    reminder = await olga.next_message()
    assert russian(reminder) == "⏰ Ромашка: позвонить Ивану"
    await olga.click(reminder, "💤 Через час")
    await olga.wait_edit(reminder)
    await emulator.wait_idle()
    assert olga.callback_answers[-1]["text"] == "💤 Напомню сегодня, 11:00."
    await wake(bot, clock, msk(24, 11))
    again = [await olga.next_message(), await olga.next_message()]  # the snooze; the moved call
    texts = sorted(russian(m) for m in again)
    assert texts[0] == "⏰ Ромашка: позвонить Ивану"
    assert texts[1].startswith("⏰ Ромашка: созвон перенесли")
    snoozed = next(m for m in again if m.text == "⏰ Ромашка: позвонить Ивану")
    await olga.click(snoozed, "✅ Готово")
    assert russian(await olga.wait_edit(snoozed)) == "✅ Готово: позвонить Ивану"

    # The app restarts overnight; Wednesday's digest comes once, at nine.
    assert await bot.stop() == 0
    clock.set(msk(25, 8))
    bot = await start_bot()
    await wake(bot, clock, msk(25, 9))
    wednesday = russian(await olga.next_message())
    assert wednesday.startswith("☀️ Сегодня, ср 25 ноя")
    assert "🚨 Просрочено" in wednesday
    assert "созвон перенесли" in wednesday
    await wake(bot, clock, msk(25, 15))
    team = russian(await olga.next_message())
    assert team == (
        "⏰ Срок команды наступил · Ромашка: подготовить КП\nобещано клиенту Ромашка: завтра, 18:00"
    )

    # Friday evening the banner is due to the team; the weekend is quiet; Monday it is due.
    for moment in (msk(25, 18), msk(26, 9), msk(26, 16), msk(26, 18), msk(27, 9)):
        await wake(bot, clock, moment)
        while True:  # the week's other reminders and digests, read as they come
            try:
                russian(await olga.next_message(timeout=1.5))
            except AssertionError as error:
                if "no new bot message" in str(error):
                    break
                raise
    await wake(bot, clock, msk(27, 18))
    friday = russian(await olga.next_message())
    assert friday == (
        "⏰ Срок команды наступил · Ромашка: хотят новый баннер\n"
        "обещано клиенту Ромашка: пн 30 ноя, 18:00"
    )
    await wake(bot, clock, msk(28, 9))
    await wake(bot, clock, msk(29, 9))
    await olga.no_message(within=0.6)  # no digest at the weekend
    await wake(bot, clock, msk(30, 9))
    monday = russian(await olga.next_message())
    assert monday.startswith("☀️ Сегодня, пн 30 ноя")
    assert "хотят новый баннер" in monday

    # The export: two files.
    await olga.send("/export")
    files = [await olga.next_message(), await olga.next_message()]
    assert sorted(m.document[0] for m in files if m.document) == [
        "аккаунт-менеджер-2026-11-30-записи.csv",
        "аккаунт-менеджер-2026-11-30.xlsx",
    ]
    assert russian(files[0]).startswith("📤 Записей: 7, клиентов: 2.")


async def test_an_english_week(
    start_bot: Callable[..., Any],
    anna: UserClient,
    clock: FakeClock,
    emulator: TelegramEmulator,
) -> None:
    clock.set(london(23, 6, 5))  # Monday, before the digest
    bot: RunningBot = await start_bot()

    async def say(text: str) -> str:
        await anna.send(text)
        return (await anna.next_message()).text

    assert await say("/tz Europe/London") == "Time zone set to Europe/London (now today, 06:05)."
    assert "/settings" in await say("/help")
    assert (await say("/client add Acme")).startswith("👤 Acme · active")

    # The date the client gave: the team's is worked out backwards.
    await anna.send("banner by Friday #acme")
    banner = await anna.next_message()
    assert banner.text.endswith("team: Fri 27 Nov, 18:00\nclient: Mon 30 Nov, 18:00")
    await anna.click(banner, "🤝 That's the client's date")
    assert (await anna.wait_edit(banner)).text.endswith(
        "team: Thu 26 Nov, 18:00\nclient: Fri 27 Nov, 18:00 (set by hand)"
    )

    assert (await say("/call Globex")).startswith("📞 New client Globex created.")
    assert await say("they need the contract signed by Wednesday EOD") == (
        "📌 Deadline · Globex: they need the contract signed\n"
        "team: Wed 25 Nov, 18:00\nclient: Thu 26 Nov, 18:00"
    )
    assert await say("remind me in 2 hours to send the recap") == (
        "⏰ Reminder · Globex: send the recap\nI'll remind you: today, 08:05"
    )
    assert await say("/end") == "Call with Globex ended."
    assert await say("Acme paid today") == "Acme: last payment → 23 Nov 2026"
    assert await say("Globex next report 01.12") == "Globex: next report → 1 Dec 2026"
    table = await say("/clients")
    assert "Globex — open: 2 · next promise Thu 26 Nov, 18:00" in table

    # The recap reminder, snoozed from the reminder, then done.
    await wake(bot, clock, london(23, 8, 5))
    recap = await anna.next_message()
    assert recap.text == "⏰ Globex: send the recap"
    await anna.click(recap, "💤 1 hour")
    await anna.wait_edit(recap)
    await emulator.wait_idle()
    assert anna.callback_answers[-1]["text"] == "💤 I'll remind you today, 09:05."
    await wake(bot, clock, london(23, 9, 5))
    monday = await anna.next_message()  # the digest, due at 09:00
    assert monday.text.startswith("☀️ Today, Mon 23 Nov")
    assert "send the recap" in monday.text
    later = await anna.next_message()
    assert later.text == "⏰ Globex: send the recap"
    await anna.click(later, "✅ Done")
    assert (await anna.wait_edit(later)).text == "✅ Done: send the recap"

    # Wednesday's digest puts tomorrow's promise first; a line is closed from it.
    for moment in (london(24, 9), london(25, 9)):
        await wake(bot, clock, moment)
        digest = await anna.next_message()
    assert digest.text.startswith("☀️ Today, Wed 25 Nov")
    assert "1. tomorrow, 18:00 · Globex · they need the contract signed (team: today, 18:00)" in (
        digest.text
    )
    assert "Globex: report due Tue 1 Dec" in digest.text
    await anna.click(digest, "✅1")
    assert "✅1" not in (await anna.wait_edit(digest)).buttons
    await anna.send("/today")
    assert "they need the contract signed" not in (await anna.next_message()).text
