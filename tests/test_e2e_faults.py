"""Telegram misbehaving under long polling: the bot recovers, loses nothing, repeats nothing."""

from __future__ import annotations

from tests.conftest import RunningBot
from tests.emulator import TelegramEmulator, UserClient


async def test_polling_survives_5xx_resets_stalls_and_429(
    bot: RunningBot, anna: UserClient, emulator: TelegramEmulator
) -> None:
    await anna.send("/start")
    await anna.next_message()
    emulator.fail("getUpdates", error_code=502, times=3)
    emulator.reset_connection("getUpdates", times=2)
    emulator.stall("getUpdates", 3.0)  # longer than the 1 s polling timeout
    emulator.fail("getUpdates", error_code=429, retry_after=1, times=2)
    texts = [f"note number {n}" for n in range(12)]
    for text in texts:
        await anna.send(text)
    replies = [await anna.next_message(timeout=30) for _ in texts]
    assert sorted(r.text for r in replies) == sorted(f"📝 Note · 📥 Inbox: {t}" for t in texts)
    await anna.no_message(within=1.0)  # no duplicate confirmation
    await emulator.wait_idle(timeout=10)
    assert await bot.rows("SELECT count(*), count(DISTINCT message_id) FROM items") == [(12, 12)]
    assert emulator.pending_updates() == []


async def test_sending_survives_5xx_and_429_without_duplicates(
    bot: RunningBot, anna: UserClient, emulator: TelegramEmulator
) -> None:
    emulator.fail("sendMessage", error_code=500, times=2)
    emulator.fail("sendMessage", error_code=429, retry_after=1, times=1)
    await anna.send("call the printer")
    await anna.next_message(timeout=15)
    await anna.no_message(within=1.0)
    assert await bot.rows("SELECT count(*) FROM items") == [(1,)]


async def test_a_slow_reply_in_one_chat_holds_up_no_other(
    bot: RunningBot, anna: UserClient, olga: UserClient, emulator: TelegramEmulator
) -> None:
    await anna.send("SEO report by Friday")
    await anna.next_message()
    emulator.stall("sendDocument", 4.0)
    await anna.send("/export")
    # Anna's export is now waiting on Telegram, and its update is not confirmed yet.
    assert await emulator.wait_for(
        lambda: emulator.encodings["sendDocument", "multipart/form-data"] == 1, 5
    )
    await olga.send("позвонить в Globex")
    reply = await olga.next_message(timeout=2.0)  # not after Anna's four seconds
    assert "позвонить в Globex" in reply.text
    # The export is not confirmed to Telegram while it runs: a crash now would redo it.
    pending = [update.get("message", {}).get("text") for update in emulator.pending_updates()]
    assert "/export" in pending
    workbook = await anna.next_message(timeout=10)
    assert workbook.document is not None
    await anna.next_message()  # the CSV
    await emulator.wait_idle(timeout=10)
    assert emulator.pending_updates() == []
    assert await bot.rows("SELECT user_id, count(*) FROM items GROUP BY user_id") == [
        (1001, 1),
        (1002, 1),
    ]
