"""Benchmark: 10,000 captured messages through the real application's dispatcher, no network.

    .venv/bin/python bench/bench_capture.py                  # 10,000 updates, both runs
    .venv/bin/python bench/bench_capture.py --count 2000     # shorter
    .venv/bin/python bench/bench_capture.py --profile        # cProfile our run, print hot spots

The application is `bot.app.build(settings, clock)` on a temporary SQLite file (WAL, as in
production), its scheduler and reminder pump started as `serve` starts them, logging set up as
`python -m bot` sets it up (INFO, to a file here). Each update is a realistic message (Russian
and English notes, requests, deadlines, reminders, #tags, "Client:" prefixes, ~20 clients) fed
with `dispatcher.feed_update`; the Bot's session answers at once (bench/fake_telegram.py).

The baseline is bare aiogram on the same session and the same updates: one `@router.message()`
handler that only answers "ok". Targets (issue): median under 1 ms, ours/baseline ≥ 0.5.
For scale, a second reference handler also stores each message as one row in a WAL SQLite
file (synchronous=NORMAL, as ours) and commits before answering: the least any bot that
keeps what it is told must do. Its ratio is printed for information, not as a target.
A third, the floor, is bare aiogram doing only what the issue asks of every capture and no
more: it reads the message with our parser (bot.capture.parse_capture, the same clients),
stores kind, title and date as one committed row, and answers one line with the four
buttons the issue names. Nothing of ours a capture could leave out (user settings, the call
mode, reminders, localisation, logging) is in it, so its ratio bounds any implementation's.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import html
import logging
import pstats
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from fake_telegram import TOKEN, FakeSession

from bot.app import Application, build
from bot.capture import ClientRef, client_index, parse_capture
from bot.logs import configure_logging
from bot.settings import Settings
from storage.db import Database

USERS = (1001, 1002, 1003)
# Wednesday 25 November 2026, 11:30 in Moscow: the same moment the end-to-end tests use.
START = datetime(2026, 11, 25, 8, 30, tzinfo=UTC)
CLIENTS = (
    "Acme", "Globex", "Initech", "Umbrella", "Hooli", "Ромашка", "Вектор", "Тензор", "Stark",
    "Wayne", "Soylent", "Wonka", "Cyberdyne", "Октава", "Массив", "Северсталь", "Pied Piper",
    "Альфа Медиа", "Dunder Mifflin", "Blue Sun",
)  # fmt: skip
UNKNOWN_TAGS = ("newco", "лидген", "prospect", "сбер")
TASKS_EN = (
    "SEO report", "banner for the Black Friday sale", "landing page copy", "Q4 media plan",
    "send the signed contract", "update the pitch deck", "weekly analytics export",
    "fix the tracking pixel", "brief for the video team", "invoice for October",
)  # fmt: skip
TASKS_RU = (
    "отчёт по SEO", "баннер к распродаже", "тексты для лендинга", "медиаплан на Q4",
    "подписанный договор", "обновить презентацию", "выгрузка аналитики",
    "поправить пиксель", "бриф для видеокоманды", "счёт за октябрь",
)  # fmt: skip
WHEN_EN = (
    "by Friday", "next Monday", "tomorrow", "on Dec 3", "in 2 weeks", "by the 15th",
    "tomorrow 10am", "on Monday at 15:00", "in 3 days",
)  # fmt: skip
WHEN_RU = (
    "к пятнице", "в следующий понедельник", "завтра", "до 3 декабря", "через 2 недели",
    "к 15 числу", "завтра в 10", "в понедельник в 15:00", "через 3 дня",
)  # fmt: skip
NOTES = (
    "liked the new mockups, wants a darker palette",
    "budget approved, 3.5M for Q1",
    "new contact person: Maria, head of marketing",
    "клиент доволен результатами, CTR 1.2%",
    "обсудили на звонке, ждём обратной связи",
    "хотят добавить ещё один язык на сайт",
)
FILLERS = ("", "", " — обсудили на звонке", " and cc Maria", " 🙏", ", срочно!")


def tag(client: str) -> str:
    return client.lower().replace(" ", "")


def make_texts(count: int, rng: random.Random) -> list[str]:
    """Messages an account manager types during a day of calls."""

    def pick(options: tuple[str, ...]) -> str:
        return rng.choice(options)

    templates: list[tuple[float, Callable[[], str]]] = [
        (0.14, lambda: f"{pick(CLIENTS)}: {pick(NOTES)}{pick(FILLERS)}"),
        (0.10, lambda: f"{pick(CLIENTS)} просит {pick(TASKS_RU)} {pick(WHEN_RU)}"),
        (0.10, lambda: f"{pick(CLIENTS)} asks for the {pick(TASKS_EN)} {pick(WHEN_EN)}"),
        (0.14, lambda: f"{pick(TASKS_EN)} {pick(WHEN_EN)} #{tag(pick(CLIENTS))}{pick(FILLERS)}"),
        (0.12, lambda: f"дедлайн {pick(WHEN_RU)}: {pick(TASKS_RU)} #{tag(pick(CLIENTS))}"),
        (0.08, lambda: f"remind me {pick(WHEN_EN)} to call {pick(CLIENTS)}"),
        (0.08, lambda: f"напомни {pick(WHEN_RU)} позвонить в {pick(CLIENTS)}"),
        (0.08, lambda: f"{pick(NOTES)}{pick(FILLERS)}"),  # no client: the Inbox
        (0.05, lambda: f"{pick(TASKS_EN)} #{pick(UNKNOWN_TAGS)}"),  # a client not created yet
        (0.04, lambda: f"/dl {pick(TASKS_EN)} {pick(WHEN_EN)} #{tag(pick(CLIENTS))}"),
        (0.04, lambda: f"/note {pick(CLIENTS)}: {pick(NOTES)}"),
        (0.02, lambda: f"/req {pick(CLIENTS)} {pick(TASKS_RU)}"),
        (0.01, lambda: f"every Monday 11am check-in with {pick(CLIENTS)}"),
    ]
    weights = [weight for weight, _ in templates]
    makers = [maker for _, maker in templates]
    return [rng.choices(makers, weights)[0]() for _ in range(count)]


def update_dicts(texts: list[str]) -> list[dict[str, Any]]:
    """Updates as Telegram sends them, round-robin over the users' private chats."""
    updates = []
    message_ids = dict.fromkeys(USERS, 10)
    date = int(START.timestamp())
    for index, text in enumerate(texts):
        user_id = USERS[index % len(USERS)]
        message_ids[user_id] += 2  # the bot's reply takes the next id
        message: dict[str, Any] = {
            "message_id": message_ids[user_id],
            "date": date,
            "chat": {"id": user_id, "type": "private", "first_name": "Anna"},
            "from": {"id": user_id, "is_bot": False, "first_name": "Anna", "language_code": "ru"},
            "text": text,
        }
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        updates.append({"update_id": 500_000_000 + index, "message": message})
    return updates


def bind(raw: list[dict[str, Any]], bot: Bot) -> list[Update]:
    """As a session builds them: validated with the bot in context, so shortcuts work and
    `feed_update` need not re-mount them."""
    return [Update.model_validate(update, context={"bot": bot}) for update in raw]


class FixedClock:
    def __init__(self, moment: datetime) -> None:
        self._now = moment

    def now(self) -> datetime:
        return self._now


async def feed_all(dispatcher: Dispatcher, bot: Bot, updates: list[Update]) -> tuple[list, float]:
    timings: list[float] = []
    started = time.perf_counter()
    for update in updates:
        before = time.perf_counter()
        await dispatcher.feed_update(bot, update)
        timings.append(time.perf_counter() - before)
    return timings, time.perf_counter() - started


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def report(name: str, timings: list[float], elapsed: float) -> float:
    rate = len(timings) / elapsed
    print(
        f"{name:<10} {len(timings):>6} updates  median {statistics.median(timings) * 1000:6.3f} ms"
        f"  p99 {percentile(timings, 0.99) * 1000:6.3f} ms  max {max(timings) * 1000:7.2f} ms"
        f"  {rate:8.0f} updates/s"
    )
    return rate


async def build_ours(directory: Path) -> tuple[Application, FakeSession]:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        bot_token=TOKEN,
        database_path=directory / "bench.sqlite3",
        allowed_user_ids=frozenset(USERS),
        default_timezone="Europe/Moscow",
    )
    clock = FixedClock(START)
    app = await build(settings, clock)
    # Only the session is swapped: the same Bot object the application wired everywhere.
    await app.bot.session.close()
    session = FakeSession()
    app.bot.session = session
    for user_id in USERS:
        await app.users.ensure(user_id, "ru", START)
        for name in CLIENTS:
            await app.clients.create(user_id, name, START)
    app.scheduler.start()
    await app.reminders.start()
    return app, session


def build_baseline() -> tuple[Dispatcher, Bot, FakeSession]:
    session = FakeSession()
    bot = Bot(TOKEN, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))
    router = Router()

    @router.message()
    async def answer_ok(message: Message) -> None:
        await message.answer("ok")

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    return dispatcher, bot, session


def reference_db(path: Path, table: str) -> tuple[Bot, sqlite3.Connection]:
    """A bot on the stubbed session and a WAL SQLite file (synchronous=NORMAL, as ours)
    holding one table, for the reference handlers."""
    session = FakeSession()
    bot = Bot(TOKEN, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(table)
    return bot, conn


def build_committing(path: Path) -> tuple[Dispatcher, Bot, sqlite3.Connection]:
    bot, conn = reference_db(
        path,
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL,"
        " message_id INTEGER NOT NULL, text TEXT NOT NULL, UNIQUE (user_id, message_id))",
    )
    router = Router()

    @router.message()
    async def store_and_answer(message: Message) -> None:
        assert message.from_user is not None
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO notes (user_id, message_id, text) VALUES (?, ?, ?)",
            (message.from_user.id, message.message_id, message.text or ""),
        )
        conn.execute("COMMIT")
        await message.answer("ok")

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    return dispatcher, bot, conn


def build_floor(path: Path) -> tuple[Dispatcher, Bot, sqlite3.Connection]:
    bot, conn = reference_db(
        path,
        "CREATE TABLE items (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL,"
        " message_id INTEGER NOT NULL, kind TEXT NOT NULL, client_id INTEGER,"
        " title TEXT NOT NULL, due TEXT, UNIQUE (user_id, message_id))",
    )
    clients = [ClientRef(number, name) for number, name in enumerate(CLIENTS, 1)]
    index = client_index(clients)
    zone = ZoneInfo("Europe/Moscow")
    router = Router()

    @router.message()
    async def parse_store_answer(message: Message) -> None:
        assert message.from_user is not None
        capture = parse_capture(message.text or "", now=message.date, tz=zone, clients=index)
        due = capture.due.isoformat() if capture.due else None
        client = capture.client.id if capture.client else None
        conn.execute("BEGIN IMMEDIATE")
        cursor = conn.execute(
            "INSERT INTO items (user_id, message_id, kind, client_id, title, due)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (message.from_user.id, message.message_id, capture.kind, client, capture.title, due),
        )
        conn.execute("COMMIT")
        item = cursor.lastrowid
        buttons = [
            InlineKeyboardButton(text=label, callback_data=f"i:{action}:{item}")
            for action, label in (("k", "Kind"), ("c", "Client"), ("d", "Date"), ("x", "Delete"))
        ]
        await message.answer(
            f"{capture.kind} · {html.escape(capture.title)} · {due or '-'}",
            reply_markup=InlineKeyboardMarkup(inline_keyboard=[buttons]),
        )

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    return dispatcher, bot, conn


async def count_rows(db: Database, sql: str) -> int:
    async with db.read() as conn, conn.execute(sql) as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0


async def main(count: int, seed: int, profile: bool) -> int:
    texts = make_texts(count, random.Random(seed))
    raw = update_dicts(texts)
    with tempfile.TemporaryDirectory(prefix="bench-capture-") as tmp:
        directory = Path(tmp)
        # As `python -m bot` sets it up (one INFO line per update), to a file here.
        log_file = (directory / "bot.log").open("w", encoding="utf-8")
        logging.root.handlers.clear()
        configure_logging("INFO", stream=log_file)

        base_dp, base_bot, base_session = build_baseline()
        base_updates = bind(raw, base_bot)
        gc.collect()
        base_timings, base_elapsed = await feed_all(base_dp, base_bot, base_updates)
        del base_updates  # its 10,000 messages would only weigh on our run's heap

        store_dp, store_bot, store_conn = build_committing(directory / "reference.sqlite3")
        store_updates = bind(raw, store_bot)
        gc.collect()
        store_timings, store_elapsed = await feed_all(store_dp, store_bot, store_updates)
        store_rows = store_conn.execute("SELECT count(*) FROM notes").fetchone()[0]
        store_conn.close()
        await store_bot.session.close()
        del store_updates

        floor_dp, floor_bot, floor_conn = build_floor(directory / "floor.sqlite3")
        floor_updates = bind(raw, floor_bot)
        gc.collect()
        floor_timings, floor_elapsed = await feed_all(floor_dp, floor_bot, floor_updates)
        floor_rows = floor_conn.execute("SELECT count(*) FROM items").fetchone()[0]
        floor_conn.close()
        await floor_bot.session.close()
        del floor_updates

        app, session = await build_ours(directory)
        updates = bind(raw, app.bot)
        gc.collect()
        profiler = cProfile.Profile() if profile else None
        if profiler:
            profiler.enable()
        timings, elapsed = await feed_all(app.dispatcher, app.bot, updates)
        if profiler:
            profiler.disable()
        await app.reminders.stop()  # let the re-arms the captures asked for finish

        items = await count_rows(app.db, "SELECT count(*) FROM items")
        recurring = await count_rows(app.db, "SELECT count(*) FROM recurring")
        pending = await count_rows(app.db, "SELECT count(*) FROM reminders WHERE status='pending'")
        await app.close()
        await base_bot.session.close()
        logging.root.handlers.clear()
        log_file.close()
        with (directory / "bot.log").open(encoding="utf-8") as written:
            errors = sum(1 for line in written if " ERROR " in line)

    print(f"messages: {count} (seed {seed}), users {len(USERS)}, clients {len(CLIENTS)} each")
    base_rate = report("baseline", base_timings, base_elapsed)
    store_rate = report("+commit", store_timings, store_elapsed)
    floor_rate = report("floor", floor_timings, floor_elapsed)
    ours_rate = report("ours", timings, elapsed)
    ratio = ours_rate / base_rate
    median_ms = statistics.median(timings) * 1000
    print(
        f"ratio ours/baseline: {ratio:.3f} (target ≥ 0.5)   median {median_ms:.3f} ms"
        f" (target < 1 ms)   -> {'OK' if ratio >= 0.5 and median_ms < 1 else 'MISSED'}"
    )
    print(
        f"for scale: ours/+commit {ours_rate / store_rate:.3f},"
        f" +commit/baseline {store_rate / base_rate:.3f} ({store_rows} rows stored)"
    )
    print(
        f"the floor: floor/baseline {floor_rate / base_rate:.3f}, ours/floor"
        f" {ours_rate / floor_rate:.3f} ({floor_rows} rows stored)"
    )
    print(
        f"stored: {items} items + {recurring} recurring, {pending} pending reminders;"
        f" calls {dict(session.calls)}; baseline calls {dict(base_session.calls)};"
        f" ERROR log lines {errors}"
    )
    if profiler:
        stats = pstats.Stats(profiler).strip_dirs()
        print("\n--- top 30 by own time ---")
        stats.sort_stats("tottime").print_stats(30)
        print("\n--- top 40 by cumulative time ---")
        stats.sort_stats("cumulative").print_stats(40)
    ok = (
        items + recurring == count
        and session.calls["sendMessage"] == count
        and errors == 0
        and store_rows == count
        and floor_rows == count
    )
    return 0 if ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.count, args.seed, args.profile)))
