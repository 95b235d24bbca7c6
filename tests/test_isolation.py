"""One user's notebook is invisible and untouchable to another.

Anna fills her notebook through the bot: clients, items of every kind, a recurring check-in,
a forwarded conversation assigned to a client, a client field change. Then Olga, the second
allowed user, sends every registered command with arguments that name Anna's clients, words
and ids, asks questions, and presses forged buttons of every callback prefix carrying Anna's
ids (alone, and next to Olga's own ids where a button takes two). Anna's rows must come out
exactly as they were, and no word of Anna's may reach Olga: not in a message, an edit, a
button answer or an exported file, unless Olga typed it herself or it is in her own data.

Data-driven: commands are read from the routers and the menu, callback prefixes from
`bot.callbacks`; a new command is covered at once, a new prefix or table must be described
here (the test says so).
"""

from __future__ import annotations

import inspect
import io
import zipfile
from collections.abc import Iterable
from typing import Any

from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData

import bot.callbacks
from bot.app import MENU_COMMANDS
from bot.i18n import translator
from handlers import get_routers
from tests.conftest import ANNA, OLGA, RunningBot
from tests.emulator import TelegramEmulator, UserClient, origin_user

# Words only Anna's notebook contains (lower case). Olga probes with near misses too: a
# client name one typo away must not resolve to Anna's client.
SECRETS = (
    "zephyrcorp",
    "quillbank",
    "marigold",
    "tangerine",
    "saffron",
    "juniper",
    "lavender",
    "cobalt",
    "petrovsky",
    "anna.secret@",
)
NEAR_MISSES = ("Zephyrcorq", "Quilbank", "marigolds", "tangerin")

# Arguments every command gets; {ids} expands to each of Anna's ids.
GENERIC_ARGS = ("", "Zephyrcorp", "zephyrcorq", "#quillbank", "Quillbank 50%", "{ids}", "-1")
EXTRA_ARGS: dict[str, tuple[str, ...]] = {
    "find": (
        "marigold",
        "#zephyrcorp marigold",
        "u1001",
        '"u1001"',
        "owner:u1001",
        "marigold OR owner:u1001",
        "body:marigold",
        "*",
        "NEAR(marigold tangerine)",
    ),
    "client": ("add Berezka", "Zephyrcorp", "Quilbank"),
    "export": ("paused",),
    "pad": ("Zephyrcorp 2d", "Quillbank off"),
    "call": ("Zephyrcorq",),
    "digest": ("off", "weekends on"),
    "settings": ("country RU", "eod 17:00"),
    "tz": ("Europe/Moscow",),
}
# Plain messages that lean on parsing: client names, field updates, questions.
PLAIN_TEXTS = (
    "Zephyrcorp: what did we promise?",
    "zephyrcorq paid today",
    "Zephyrcorp next payment 1.12",
    "Quillbank paused",
    "? marigold",
    "? u1001",
    "?owner:u1001",
    "#quillbank tangerine",
)

# Per callback prefix: its actions, which of its int fields holds the target's id, the table
# Olga's own ids come from for buttons that take a second value, and those actions.
CALLBACKS: dict[str, dict[str, Any]] = {
    "it": {
        "actions": (
            "undo",
            "kind",
            "client",
            "date",
            "del",
            "setkind",
            "setclient",
            "newclient",
            "clientdate",
            "back",
        ),
        "own": "items",
        "two": ("setclient", "setkind"),
    },
    "rm": {"actions": ("done", "hour", "tomorrow", "move"), "own": "items", "two": ()},
    "rc": {"actions": ("stop",), "own": "recurring", "two": ()},
    "rr": {
        "actions": ("client", "setclient", "back", "del", "undo"),
        "own": "recurring",
        "two": ("setclient",),
    },
    "dg": {"actions": ("done", "snooze"), "own": "items", "two": ()},
    "fw": {
        "actions": ("origin", "neworigin", "team", "req", "dl"),
        "own": "origins",
        "two": ("origin",),
    },
    "cl": {
        "actions": ("card", "edit", "status", "channel", "field", "undo", "tl", "conv", "convpage"),
        "own": "clients",
        "two": ("status", "channel", "field", "undo", "tl", "conv", "convpage"),
    },
    # Buttons without an action: the values a forger tries (after Anna's ids, if the
    # button names a row of hers first).
    "sr": {"values": (-1, 0, 1, 5)},
    # /forget's confirmation: Olga may forget herself, never Anna. Pressed last.
    "fg": {"values": (False, True)},
}
STRING_ARGS = ("", "0", "1", "active", "paused", "archived", "email", "notes", "telegram")

# Tables with neither user_id nor a per-user owner token, and why they need no check.
UNOWNED = {
    "processed_updates": "update ids the webhook has seen; no user content",
}


def registered_commands() -> set[str]:
    """Every command some router answers, plus the menu."""
    names = set(MENU_COMMANDS)
    for router in get_routers():
        for handler in router.message.handlers:
            for filter_object in handler.filters or ():
                if isinstance(filter_object.callback, Command):
                    names.update(
                        c if isinstance(c, str) else c.pattern
                        for c in filter_object.callback.commands
                    )
    return names


def callback_classes() -> list[type[CallbackData]]:
    return [
        cls
        for _, cls in inspect.getmembers(bot.callbacks, inspect.isclass)
        if issubclass(cls, CallbackData) and cls is not CallbackData
    ]


# -- the two notebooks -----------------------------------------------------------------------


async def tables(running: RunningBot) -> dict[str, str]:
    """Table -> the WHERE clause that selects one user's rows (`?` is the user id)."""
    names = await running.rows(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE '%VIRTUAL%'"
        # The full-text indexes and their shadow tables carry an owner token instead.
        " AND name NOT LIKE 'sqlite_%' AND name NOT GLOB 'item_search*'"
        " AND name NOT GLOB 'forward_search*'"
    )
    found: dict[str, str] = {}
    for (name,) in names:
        columns = {row[1] for row in await running.rows(f"PRAGMA table_info({name})")}
        if "user_id" in columns:
            found[name] = "user_id = ?"
        elif "owner" in columns:
            found[name] = "owner = 'u' || ?"
        else:
            assert name in UNOWNED, f"table {name}: whose rows are they? describe it in UNOWNED"
    return found


async def notebook(running: RunningBot, user_id: int) -> dict[str, list[tuple[Any, ...]]]:
    """All of one user's rows, table by table (the digest timer's bookkeeping aside)."""
    rows = {}
    for table, where in (await tables(running)).items():
        rows[table] = sorted(
            await running.rows(f"SELECT * FROM {table} WHERE {where}", user_id), key=repr
        )
    columns = [row[1] for row in await running.rows("PRAGMA table_info(users)")]
    timer = [columns.index(name) for name in ("next_digest_at", "last_digest_on")]
    rows["users"] = [tuple(v for i, v in enumerate(r) if i not in timer) for r in rows["users"]]
    return rows


def ids_in(rows: dict[str, list[tuple[Any, ...]]], *only: str) -> list[int]:
    """The primary keys in these rows (first column of tables with an `id`)."""
    found = set()
    for table, table_rows in rows.items():
        if only and table not in only:
            continue
        for row in table_rows:
            if table != "users" and isinstance(row[0], int):
                found.add(row[0])
    return sorted(found)


def knows(rows: dict[str, list[tuple[Any, ...]]]) -> str:
    """Everything in a user's own rows, as one lower-case text."""
    return " ".join(str(value) for table in rows.values() for row in table for value in row).lower()


async def fill_annas_notebook(anna: UserClient, emulator: TelegramEmulator) -> None:
    t = translator("en")

    async def say(text: str) -> None:
        await anna.send(text)
        await emulator.wait_idle()

    async def press(message: Any, button: str) -> Any:
        await anna.click(message, button)
        await emulator.wait_idle()
        return message

    await say("/call Zephyrcorp")
    await say("marigold brief for the rebrand")
    await say("/find marigold")  # a stored query, for the page buttons
    await say("/end")
    await say("Quillbank: tangerine invoice by Friday")
    await press(anna.last_message, "➕ Quillbank")
    await say("/req #zephyrcorp wants saffron banners")
    await say("/remind tomorrow 10am juniper call")
    await say("every Monday 11am lavender check-in with Zephyrcorp")
    await say("/dl cobalt landing page next Tuesday #quillbank")
    await anna.forward("please move the cobalt banner", origin_user(5551, "Ivan", "Petrovsky"))
    summary = await wait_message(anna, emulator, "Logged")
    await press(summary, "Quillbank")
    await press(summary, "➕ 🙋 please move the cobalt bann…")
    await say("/client Zephyrcorp")
    card = anna.last_message
    assert card.text.startswith("👤 Zephyrcorp"), anna.history()
    await press(card, str(t("clients.edit")))
    await press(card, str(t("clients.field.email")))
    await say("anna.secret@zephyr.example")
    await say("/today")


async def fill_olgas_notebook(olga: UserClient, emulator: TelegramEmulator) -> None:
    """Olga's own ids, for buttons that take two (hers and, forged, Anna's)."""
    for text in (
        "/call Berezka",
        "заметка для березки",
        "/end",
        "отчёт к пятнице #berezka",
        "каждый вторник в 10 созвон с Berezka",
    ):
        await olga.send(text)
        await emulator.wait_idle()
    await olga.forward("привет", origin_user(7771, "Пётр"))
    await wait_message(olga, emulator, "Пётр")


async def wait_message(user: UserClient, emulator: TelegramEmulator, word: str) -> Any:
    arrived = await emulator.wait_for(lambda: any(word in m.text for m in user.messages), 10)
    assert arrived, user.history()
    await emulator.wait_idle()
    return next(m for m in reversed(user.messages) if word in m.text)


# -- what Olga sees ---------------------------------------------------------------------------


class Watcher:
    """Everything the bot shows Olga, checked for Anna's words after each round."""

    def __init__(self, running: RunningBot, emulator: TelegramEmulator, olga: UserClient) -> None:
        self.running = running
        self.emulator = emulator
        self.olga = olga
        self.versions: dict[int, int] = {}
        self.answers = 0
        self.sent = ""  # what Olga typed in this round

    def shown(self) -> Iterable[str]:
        for message in self.olga.messages:
            if self.versions.get(message.message_id) == message.version:
                continue
            self.versions[message.message_id] = message.version
            yield message.text
            yield " ".join(message.buttons)
            if message.document is not None:
                yield message.document[0]
                yield readable(message.document[1])
        for answer in self.olga.callback_answers[self.answers :]:
            yield str(answer.get("text", ""))
        self.answers = len(self.olga.callback_answers)

    async def round(self, inputs: list[str], send: Any) -> None:
        for value in inputs:
            await send(value)
        await self.emulator.wait_idle(timeout=20, quiet=0.02)
        own = knows(await notebook(self.running, OLGA)) + " ".join(inputs).lower()
        for text in self.shown():
            leaked = [word for word in SECRETS if word in text.lower() and word not in own]
            assert leaked == [], f"Olga was shown {leaked} in {text[:300]!r}; inputs: {inputs}"
        # "message is not modified" is what a tap on a stale copy gets, and the bot
        # takes it as done (bot/edits.py); anything else Telegram refuses is a crash.
        rejected = [
            (method, why)
            for method, _, why in self.emulator.errors
            if "message is not modified" not in why
        ]
        assert rejected == [], f"Telegram refused {rejected[:3]}; inputs: {inputs}"


def readable(content: bytes) -> str:
    """A sent file's text: an xlsx is a zip of XML, a CSV is text."""
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return " ".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            )
    return content.decode("utf-8-sig", "replace")


def chunks(values: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def forged_one(cls: type[Any], fields: dict[str, Any]) -> str:
    """The packed data, or the raw string a client could send when the value is one the
    class refuses (a negative page): forged data need not be valid."""
    try:
        return str(cls(**fields).pack())
    except ValueError:
        return ":".join([cls.__prefix__, *map(str, fields.values())])


def forged(anna_ids: list[int], olga_rows: dict[str, list[tuple[Any, ...]]]) -> list[str]:
    """Callback data of every prefix and action, aimed at Anna's ids."""
    data: list[str] = []
    for cls in callback_classes():
        prefix = cls.__prefix__
        assert prefix in CALLBACKS, f"callback prefix {prefix!r}: describe it in CALLBACKS"
        spec = CALLBACKS[prefix]
        fields = list(cls.model_fields)
        if "action" not in fields:
            values: list[Any] = []
            for value in spec["values"]:
                values += anna_ids if value == "{ids}" else [value]
            *owned, name = fields  # an id of Anna's (a search query), then the value
            for anna_id in anna_ids if owned else [None]:
                aimed = {owned[0]: anna_id} if owned else {}
                data += [forged_one(cls, {**aimed, name: value}) for value in values]
            continue
        target, *rest = (name for name in fields if name != "action")
        second = rest[0] if rest else None
        for action in spec["actions"]:
            for anna_id in anna_ids:
                data.append(cls(action=action, **{target: anna_id}).pack())
            if action not in spec["two"] or second is None:
                continue
            is_text = cls.model_fields[second].annotation in (str, "str")
            values = [*STRING_ARGS, *map(str, anna_ids)] if is_text else [0, *anna_ids]
            if action == "convpage":  # "conversation.page": a page of one of Anna's
                values += [f"{anna_id}.0" for anna_id in anna_ids]
            for own_id in ids_in(olga_rows, spec["own"]):
                data += [
                    cls(action=action, **{target: own_id, second: value}).pack() for value in values
                ]
    # Forgetting Olga first would leave nothing of hers for the two-value buttons.
    forget = [value for value in data if value.startswith("fg:")]
    return [value for value in dict.fromkeys(data) if value not in forget] + forget


async def test_olga_can_neither_see_nor_change_annas_notebook(
    bot: RunningBot, emulator: TelegramEmulator, anna: UserClient, olga: UserClient
) -> None:
    await fill_annas_notebook(anna, emulator)
    await fill_olgas_notebook(olga, emulator)
    before = await notebook(bot, ANNA)
    for table in (
        "clients",
        "recurring",
        "origins",
        "forwards",
        "conversations",
        "client_changes",
        "search_queries",
    ):
        assert before[table], f"Anna has no {table}: the setup did not do what it should"
    assert {row[4] for row in before["items"]} >= {"note", "request", "deadline", "reminder"}
    anna_ids = ids_in(before)
    watcher = Watcher(bot, emulator, olga)
    list(watcher.shown())  # what Olga saw of her own notebook so far is hers

    commands = sorted(registered_commands())
    messages = []
    for command in commands:
        for argument in (*GENERIC_ARGS, *EXTRA_ARGS.get(command, ())):
            values = map(str, anna_ids) if argument == "{ids}" else [argument]
            messages += [f"/{command} {value}".rstrip() for value in values]
    messages += [*PLAIN_TEXTS, *NEAR_MISSES]
    for batch in chunks(messages, 40):
        await watcher.round(batch, olga.send)

    olga_rows = await notebook(bot, OLGA)
    buttons = forged(anna_ids, olga_rows)
    # Every button is pressed on Olga's latest message, as a forging client would.
    for batch in chunks(buttons, 60):
        await watcher.round(batch, lambda data: olga.click_data(olga.last_message, data))

    assert await notebook(bot, ANNA) == before
    assert len(messages) > 100, len(messages)
    assert len(buttons) > 100, len(buttons)
