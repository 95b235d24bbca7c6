"""Benchmark: a burst of 1,000 forwarded messages across 20 users, through the real application.

    PYTHONPATH=. .venv/bin/python bench/bench_forwards.py                 # both variants
    PYTHONPATH=. .venv/bin/python bench/bench_forwards.py --quiet 0.5     # shorter quiet period
    PYTHONPATH=. .venv/bin/python bench/bench_forwards.py --variant poller

The application is `bot.app.build(settings, clock)` on a temporary SQLite file (WAL, as in
production), with the Bot's session swapped for bench/fake_telegram.py (answers at once, no I/O)
and `await app.forwards.start()` as `serve` does. Each user forwards 50 messages (a client's
contact, the user's own replies, a hidden account, a group's anonymous admin, a channel post;
Russian and English; some photo albums sharing a media_group_id with the caption on the first),
and the 20 users' messages are interleaved, as 20 people forwarding at the same moment.

Two variants, each on a fresh database:
  sequential  every update through `dispatcher.feed_update`, one after another, as fast as
              possible;
  poller      `bot.polling.Poller.handle_batch` on batches of 100 (getUpdates' limit): in order
              within a chat, concurrently across chats, as the long-polling loop runs them.

Printed: forwards stored per second (rows in `forwards` / feeding time), the per-update
handling time, and for each user the time from its last forward being handled to its summary
reply reaching the (fake) Bot API, split into the quiet period, grouping the burst (SQL) and
rendering, and the Sender's rate limit (25 messages/s overall). The floor is the quiet period.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiogram import Bot
from aiogram.methods import SendMessage, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import Update

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from fake_telegram import TOKEN, FakeSession

from bot.app import Application, build
from bot.polling import Poller
from bot.sender import Delivery, Outgoing
from bot.settings import Settings
from storage.db import Database
from storage.forwards import Conversation, Grouping

USERS = tuple(range(2001, 2021))  # 20 account managers
PER_USER = 50
BATCH = 100  # getUpdates returns at most 100 updates
START = datetime(2026, 11, 25, 8, 30, tzinfo=UTC)
CLIENT_NAMES = ("Acme", "Globex", "Ромашка", "Вектор", "Initech", "Тензор")
CONTACTS = (
    ("Иван", "Петров"), ("Maria", "Lopez"), ("Ольга", "Смирнова"), ("John", "Carter"),
    ("Дмитрий", "Соколов"), ("Anna", "Kowalski"), ("Сергей", "Волков"), ("Emma", "Brown"),
)  # fmt: skip
CLIENT_LINES = (
    "Добрый день! Можете до пятницы прислать обновлённый макет баннера?",
    "Коллеги, отчёт по SEO за октябрь получили, есть вопросы по трафику",
    "Нам нужно перенести запуск кампании на следующую неделю",
    "Пришлите, пожалуйста, счёт за ноябрь и акт",
    "Бюджет на Q1 согласовали, 3,5 млн",
    "Можно добавить ещё один язык на сайт? Английский к 15 декабря",
    "Hi! Could you send the updated media plan by Monday?",
    "We reviewed the landing page copy, a few comments attached",
    "Please move the call to tomorrow 3pm",
    "The tracking pixel is still not firing on the checkout page",
    "Can we get the analytics export for last week?",
    "Great job on the Black Friday banners 👏",
    "ок",
    "спасибо!",
)
OWN_LINES = (
    "Да, пришлём до конца недели",
    "Передал дизайнерам, вернусь с ответом завтра",
    "Sure, we'll have it ready by Friday",
    "Счёт отправил на почту",
    "Let me check with the team",
)
GROUP_LINES = ("Всем привет, напоминаю про созвон в 11:00", "Meeting notes are in the shared doc")
CHANNEL_LINES = ("Мы запустили новую линейку продуктов!", "Our Q4 results are out")


def photo(file_tag: str) -> list[dict[str, Any]]:
    return [
        {"file_id": f"AgAD{file_tag}s", "file_unique_id": f"u{file_tag}s", "width": 90,
         "height": 67, "file_size": 1200},
        {"file_id": f"AgAD{file_tag}m", "file_unique_id": f"u{file_tag}m", "width": 1280,
         "height": 960, "file_size": 98000},
    ]  # fmt: skip


def user_messages(user_id: int, rng: random.Random) -> list[dict[str, Any]]:
    """One user's 50 forwarded messages: their content fields, in the order forwarded."""
    first, last = rng.choice(CONTACTS)
    contact = {
        "type": "user",
        "sender_user": {"id": 700_000 + user_id, "is_bot": False, "first_name": first,
                        "last_name": last},
    }  # fmt: skip
    me = {"type": "user", "sender_user": {"id": user_id, "is_bot": False, "first_name": "Anna"}}
    hidden = {"type": "hidden_user", "sender_user_name": rng.choice(("Maria S.", "Пётр К."))}
    group = {
        "type": "chat",
        "sender_chat": {"id": -1_000_000 - user_id, "type": "supergroup",
                        "title": f"{rng.choice(CLIENT_NAMES)} × агентство"},
    }  # fmt: skip
    channel = {
        "type": "channel",
        "chat": {"id": -2_000_000 - user_id, "type": "channel", "title": "Acme News"},
        "message_id": 77,
        "author_signature": "Editor",
    }
    origin_date = int(START.timestamp()) - 3 * 3600
    messages: list[dict[str, Any]] = []
    while len(messages) < PER_USER:
        origin_date += rng.randint(20, 240)
        roll = rng.random()
        origin: dict[str, Any]
        if roll < 0.08 and len(messages) <= PER_USER - 4:  # an album of 2-4 photos
            size = rng.randint(2, 4)
            group_id = str(14_000_000_000_000_000 + user_id * 1000 + len(messages))
            for index in range(size):
                content: dict[str, Any] = {
                    "photo": photo(f"{user_id}x{len(messages)}"),
                    "media_group_id": group_id,
                    "forward_origin": {**contact, "date": origin_date},
                }
                if index == 0:
                    content["caption"] = rng.choice(CLIENT_LINES)
                messages.append(content)
            continue
        if roll < 0.55:
            origin, text = contact, rng.choice(CLIENT_LINES)
        elif roll < 0.80:
            origin, text = me, rng.choice(OWN_LINES)
        elif roll < 0.88:
            origin, text = hidden, rng.choice(CLIENT_LINES)
        elif roll < 0.95:
            origin, text = group, rng.choice(GROUP_LINES)
        else:
            origin, text = channel, rng.choice(CHANNEL_LINES)
        if roll > 0.97:  # a forwarded document with a caption
            content = {
                "document": {"file_id": f"BQAD{user_id}x{len(messages)}",
                             "file_unique_id": f"d{user_id}x{len(messages)}",
                             "file_name": "brief.pdf", "mime_type": "application/pdf"},
                "caption": text,
            }  # fmt: skip
        else:
            content = {"text": text}
        content["forward_origin"] = {**origin, "date": origin_date}
        messages.append(content)
    return messages


def update_dicts(seed: int) -> list[dict[str, Any]]:
    """Updates as Telegram sends them: the users' bursts interleaved round-robin."""
    rng = random.Random(seed)
    per_user = {user_id: user_messages(user_id, rng) for user_id in USERS}
    date = int(START.timestamp())
    updates: list[dict[str, Any]] = []
    for index in range(PER_USER):
        for user_id in USERS:
            content = per_user[user_id][index]
            message = {
                "message_id": 100 + index,
                "date": date,
                "chat": {"id": user_id, "type": "private", "first_name": "Anna"},
                "from": {"id": user_id, "is_bot": False, "first_name": "Anna",
                         "language_code": "ru" if user_id % 2 else "en"},
                **content,
            }  # fmt: skip
            updates.append({"update_id": 600_000_000 + len(updates), "message": message})
    return updates


class FixedClock:
    def __init__(self, moment: datetime) -> None:
        self._now = moment

    def now(self) -> datetime:
        return self._now


class TimedSession(FakeSession):
    """FakeSession that notes when each chat was sent a message (perf_counter)."""

    def __init__(self) -> None:
        super().__init__()
        self.sent_at: dict[int, list[float]] = {}
        self.all_sent = asyncio.Event()
        self.expected = len(USERS)

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109 - BaseSession's signature
    ) -> TelegramType:
        if isinstance(method, SendMessage):
            self.sent_at.setdefault(int(method.chat_id), []).append(time.perf_counter())
            if sum(len(times) for times in self.sent_at.values()) >= self.expected:
                self.all_sent.set()
        return await super().make_request(bot, method, timeout)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def spread(values: list[float]) -> str:
    median, p99 = statistics.median(values) * 1000, percentile(values, 0.99) * 1000
    return f"median {median:7.1f} ms  p99 {p99:7.1f} ms  max {max(values) * 1000:7.1f} ms"


async def count(db: Database, sql: str) -> int:
    async with db.read() as conn, conn.execute(sql) as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0


async def build_app(directory: Path, quiet: float) -> tuple[Application, TimedSession]:
    settings = Settings(
        _env_file=None,
        bot_token=TOKEN,
        database_path=directory / "bench.sqlite3",
        allowed_user_ids=frozenset(USERS),
        default_timezone="Europe/Moscow",
        forward_quiet_seconds=quiet,
    )
    app = await build(settings, FixedClock(START))
    # Only the session is swapped: the same Bot object the application wired everywhere.
    await app.bot.session.close()
    session = TimedSession()
    app.bot.session = session
    for user_id in USERS:
        await app.users.ensure(user_id, "ru" if user_id % 2 else "en", START)
        for name in CLIENT_NAMES:
            await app.clients.create(user_id, name, START)
    await app.forwards.start()  # what serve() starts for forwards
    return app, session


async def feed_sequential(app: Application, updates: list[Update]) -> list[float]:
    timings = []
    for update in updates:
        before = time.perf_counter()
        await app.dispatcher.feed_update(app.bot, update)
        timings.append(time.perf_counter() - before)
    return timings


async def feed_poller(app: Application, updates: list[Update]) -> list[float]:
    poller = Poller(app.bot, app.dispatcher, timeout=0, allowed_updates=["message"])
    timings = []
    for start in range(0, len(updates), BATCH):
        before = time.perf_counter()
        await poller.handle_batch(updates[start : start + BATCH])
        timings.append(time.perf_counter() - before)
    return timings


async def run_variant(
    name: str,
    feed: Callable[[Application, list[Update]], Awaitable[list[float]]],
    raw: list[dict[str, Any]],
    quiet: float,
) -> bool:
    with tempfile.TemporaryDirectory(prefix="bench-forwards-") as tmp:
        directory = Path(tmp)
        handler = logging.FileHandler(directory / "bot.log", encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
        logging.getLogger("aiogram.event").setLevel(logging.CRITICAL)

        app, session = await build_app(directory, quiet)
        updates = [Update.model_validate(update, context={"bot": app.bot}) for update in raw]

        # When each user's last forward was handled, and when its burst was grouped.
        handled_last: dict[int, float] = {}
        grouped: dict[int, tuple[float, float]] = {}
        repo = app.forwards.repo
        close_burst = repo.close_burst

        async def timed_close(user_id: int, now: datetime, group: Grouping) -> list[Conversation]:
            began = time.perf_counter()
            conversations = await close_burst(user_id, now, group)
            grouped[user_id] = (began, time.perf_counter())
            return conversations

        repo.close_burst = timed_close  # type: ignore[method-assign]
        received = app.forwards.received

        def timed_received(user_id: int) -> None:
            received(user_id)
            handled_last[user_id] = time.perf_counter()

        app.forwards.received = timed_received  # type: ignore[method-assign]
        # When the summary, rendered, was handed to the Sender (its limiter waits after this).
        handed: dict[int, float] = {}
        send = app.sender.send

        async def timed_send(message: Outgoing) -> Delivery:
            handed.setdefault(message.chat_id, time.perf_counter())
            return await send(message)

        app.sender.send = timed_send  # type: ignore[method-assign]

        gc.collect()
        started = time.perf_counter()
        timings = await feed(app, updates)
        elapsed = time.perf_counter() - started
        fed_at = time.perf_counter()
        try:
            await asyncio.wait_for(session.all_sent.wait(), timeout=quiet + 60)
        except TimeoutError:
            print(f"  ! only {sum(map(len, session.sent_at.values()))} summaries within the wait")
        await asyncio.sleep(min(1.0, quiet))  # anything more would be a second reply
        await app.forwards.stop()

        rows = await count(app.db, "SELECT count(*) FROM forwards")
        conversations = await count(app.db, "SELECT count(*) FROM conversations")
        pending = await count(app.db, "SELECT count(*) FROM forwards WHERE conversation_id IS NULL")
        indexed = await count(app.db, "SELECT count(*) FROM forward_search")
        albums = await count(
            app.db, "SELECT count(DISTINCT media_group_id) FROM forwards WHERE media_group_id"
        )
        media = await count(app.db, "SELECT count(*) FROM forwards WHERE media_type IS NOT NULL")
        origins = await count(app.db, "SELECT count(*) FROM origins")
        per_conv = await count(
            app.db, "SELECT count(*) FROM conversations WHERE message_count = 50"
        )
        errors = sum(1 for line in (directory / "bot.log").open() if " ERROR " in line)
        await app.close()
    logging.getLogger().handlers.clear()

    sends = session.sent_at
    summaries = sum(len(times) for times in sends.values())
    to_reply = [sends[u][0] - handled_last[u] for u in USERS if u in sends and u in handled_last]
    to_group = [grouped[u][0] - handled_last[u] for u in USERS if u in grouped]
    grouping = [grouped[u][1] - grouped[u][0] for u in USERS if u in grouped]
    render = [handed[u] - grouped[u][1] for u in USERS if u in handed and u in grouped]
    limiter = [sends[u][0] - handed[u] for u in USERS if u in sends and u in handed]
    first_send = min(times[0] for times in sends.values()) if sends else fed_at
    last_send = max(times[-1] for times in sends.values()) if sends else fed_at

    print(f"{name}: {len(updates)} updates from {len(USERS)} users, fed in {elapsed:.3f} s")
    print(f"  stored: {rows / elapsed:,.0f} forwards/s ({rows} rows / feeding time)")
    unit = "per update" if name == "sequential" else f"per batch of {BATCH}"
    print(f"  handling time {unit}: {spread(timings)}")
    print(f"  last forward -> summary reply sent (quiet period {quiet:.2f} s is the floor):")
    print(f"    total            {spread(to_reply)}")
    print(f"    quiet timer      {spread(to_group)}  (timer lateness = this - {quiet:.2f} s)")
    print(f"    grouping         {spread(grouping)}  (close_burst, incl. the DB lock queue)")
    print(f"    render           {spread(render)}  (clients.recent, proposals, text, keyboard)")
    print(f"    Sender limiter   {spread(limiter)}  (25 messages/s overall)")
    print(f"    20 summaries went out over {(last_send - first_send) * 1000:.0f} ms")
    checks = {
        f"{rows} rows (want {len(raw)})": rows == len(raw),
        f"{conversations} conversations (want {len(USERS)})": conversations == len(USERS),
        f"{per_conv} of them with 50 messages": per_conv == len(USERS),
        f"{summaries} summary messages (want {len(USERS)})": summaries == len(USERS),
        f"one per user ({len(sends)} chats)": sorted(sends) == sorted(USERS)
        and all(len(times) == 1 for times in sends.values()),
        f"{pending} still pending": pending == 0,
        f"{errors} ERROR log lines": errors == 0,
    }
    ok = all(checks.values())
    print(f"  checks: {'; '.join(checks)} -> {'OK' if ok else 'FAILED'}")
    print(
        f"  also: {indexed} forward_search rows, {media} media forwards in {albums} albums"
        f" and documents, {origins} origins; calls {dict(session.calls)}"
    )
    return ok


async def main(variant: str, quiet: float, seed: int) -> int:
    raw = update_dicts(seed)
    variants = {"sequential": feed_sequential, "poller": feed_poller}
    chosen = list(variants) if variant == "both" else [variant]
    ok = True
    for name in chosen:
        ok = await run_variant(name, variants[name], raw, quiet) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--variant", choices=("sequential", "poller", "both"), default="both")
    parser.add_argument(
        "--quiet",
        type=float,
        default=Settings.model_fields["forward_quiet_seconds"].default,
        help="FORWARD_QUIET_SECONDS (default: the setting's default)",
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.variant, args.quiet, args.seed)))
