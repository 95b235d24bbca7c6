"""/forget deletes everything of the user, and only theirs, after a confirmation."""

from __future__ import annotations

from tests.conftest import ANNA, OLGA, RunningBot
from tests.emulator import UserClient, origin_user

USER_TABLES = (
    "users",
    "clients",
    "items",
    "reminders",
    "recurring",
    "forwards",
    "conversations",
    "origins",
    "client_contacts",
    "client_changes",
    "calls",
    "prompts",
    "search_queries",
)


async def _count(bot: RunningBot, user_id: int) -> dict[str, int]:
    counts = {}
    for table in USER_TABLES:
        rows = await bot.rows(f"SELECT count(*) FROM {table} WHERE user_id = ?", user_id)
        counts[table] = rows[0][0]
    return counts


async def test_forget_everything_after_confirmation(
    bot: RunningBot, anna: UserClient, olga: UserClient
) -> None:
    for text in (
        "/client add Acme",
        "Acme paid today",
        "SEO report by Friday #acme",
        "every Monday 11am check-in with Acme",
        "/call Acme",
        "/find SEO",
    ):
        await anna.send(text)
        await anna.next_message()
    await anna.forward("hello", origin_user(7, "Ivan"))
    await anna.next_message()
    await olga.send("заметка Ольги")
    await olga.next_message()
    before_olga = await _count(bot, OLGA)

    await anna.send("/forget")
    question = await anna.next_message()
    await anna.click(question, "Cancel")
    assert (await anna.wait_edit(question)).text == "Nothing was deleted."
    assert (await _count(bot, ANNA))["items"] == 1

    await anna.send("/forget")
    question = await anna.next_message()
    await anna.click(question, "🗑 Delete everything")
    done = await anna.wait_edit(question)
    assert done.text.startswith("Deleted: 1 items, 1 clients, 1 logged messages, 3 reminders")
    assert await _count(bot, ANNA) == dict.fromkeys(USER_TABLES, 0)
    assert await bot.rows("SELECT count(*) FROM item_search WHERE owner = 'u1001'") == [(0,)]
    assert await _count(bot, OLGA) == before_olga

    # The bot starts afresh for her, without stale caches.
    await anna.send("/clients")
    assert "No clients yet" in (await anna.next_message()).text
