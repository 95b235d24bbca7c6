"""Benchmark: the morning digest for many users, composed from a real database and delivered.

    .venv/bin/python bench/bench_digest.py                    # 10,000 users, deliver 2,000
    .venv/bin/python bench/bench_digest.py --users 1000 --deliver 300
    .venv/bin/python bench/bench_digest.py --profile          # hot spots of the compose phase
    .venv/bin/python bench/bench_digest.py --gc-freeze        # startup objects frozen (see --help)

1. A temporary SQLite file is built through the app's own migrations and filled with
   --users users (mostly Europe/Moscow, some Europe/Berlin, Asia/Almaty, America/New_York),
   about --items open items each (deadlines with team and client dates over -3..+10 days,
   reminders today, requests, notes), --history closed items each, --clients clients each
   (some with a report or payment date and a last contact), and a few recurring check-ins.
2. Compose: every digest, the way `Digests._deliver` does it: users grouped by time zone,
   `DigestRepository.agenda_inputs` per batch of 1000, then `bot.digest.compose` per user.
   Printed: total seconds (target under 5 s), compose median / p99 per user, the share
   spent in SQL (agenda_inputs, which includes turning rows into records) vs composing, the
   garbage collector's pauses, the longest event-loop stall, the four queries in SQLite alone
   (and the earlier forms of two, marked "old") and compose by stage.
3. Deliver: the digests of --deliver users, split and keyboarded as the bot sends them, through
   the real `bot.sender.Sender` against the in-process emulator with Telegram's limits on;
   each delivery is recorded in the database as the bot records it. Printed: elapsed time vs
   the floor (messages / 25 per second, or the longest chat at 1 per second), the ratio
   (target <= 1.1) and the emulator's 429s.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import io
import logging
import pstats
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.agenda import build_agenda, promise_days, render_agenda
from bot.digest import (
    BATCH,
    YIELD_EVERY,
    Composed,
    compose,
    day_bounds,
    digest_keyboard,
    freeze_startup_heap,
    promise_span,
    user_calendar,
)
from bot.i18n import translator
from bot.sender import Delivery, DeliveryStatus, Outgoing, Sender
from bot.split import split_message
from bot.timing import local_day
from storage.db import Database
from storage.digests import DigestRepository, DigestUser
from tests.emulator import TelegramEmulator

# Thursday 26 November 2026, 09:00 in Moscow: the morning rush.
NOW = datetime(2026, 11, 26, 6, 0, tzinfo=UTC)
DAY = 86_400
FIRST_USER = 100_000_000
PER_SECOND = 25.0
TARGET_SECONDS = 5.0
TARGET_RATIO = 1.1

ZONES: tuple[tuple[str, float], ...] = (
    ("Europe/Moscow", 0.70),
    ("Europe/Berlin", 0.12),
    ("Asia/Almaty", 0.10),
    ("America/New_York", 0.08),
)
# Each user keeps their country's public holidays (the agenda's promise window and the
# digest days follow them).
COUNTRIES = {
    "Europe/Moscow": "RU", "Europe/Berlin": "DE", "Asia/Almaty": "KZ", "America/New_York": "US",
}  # fmt: skip
CLIENT_NAMES = (
    "Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Wonka",
    "Ромашка", "Вектор", "Cyberdyne", "Soylent", "Tyrell", "Aperture", "Массив", "Pied Piper",
)  # fmt: skip
TITLES = (
    "SEO report for {c}",
    "Перенести баннер на главную",
    "Send the Q4 invoice & the act",
    "Созвон по макетам <лендинг>",
    "Update the media plan: TV + digital",
    "Подготовить КП для {c}",
    "Fix the broken links on /pricing",
    "Отчёт по рекламе за неделю",
    "Check-in with {c} about the launch of the new mobile app and the store listings",
    "Согласовать бюджет на декабрь",
    "Ask for access to Google Analytics",
    "Ответить на письмо про сроки",
)
RECURRING = ("Weekly sync", "Созвон-планёрка", "Status report", "Check-in")


# --- data -----------------------------------------------------------------------------------


def pick_zone(rng: random.Random) -> str:
    roll, total = rng.random(), 0.0
    for zone, share in ZONES:
        total += share
        if roll < total:
            return zone
    return ZONES[0][0]


def local_moment(tz: ZoneInfo, day: date, hour: int, minute: int = 0) -> int:
    return int(datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz).timestamp())


@dataclass
class Rows:
    users: list[tuple[object, ...]]
    clients: list[tuple[object, ...]]
    items: list[tuple[object, ...]]
    reminders: list[tuple[object, ...]]
    recurring: list[tuple[object, ...]]
    recurring_reminders: list[tuple[object, ...]]


def generate(users: int, items: int, history: int, clients: int, seed: int) -> Rows:
    rng = random.Random(seed)
    now = int(NOW.timestamp())
    rows = Rows([], [], [], [], [], [])
    client_id = item_id = recurring_id = 0
    for index in range(users):
        user_id = FIRST_USER + index
        zone = pick_zone(rng)
        tz = ZoneInfo(zone)
        today = NOW.astimezone(tz).date()
        yesterday_start = local_moment(tz, today - timedelta(days=1), 0)
        language = "ru" if rng.random() < 0.7 else "en"
        rows.users.append(
            (
                user_id,
                language,
                zone,
                COUNTRIES[zone],
                now - 200 * DAY,
                now - rng.randint(0, 3600),
                0,
            )
        )
        # Clients: names differ per user, as they do in production (no cache flattery).
        names = rng.sample(CLIENT_NAMES, k=min(clients, len(CLIENT_NAMES)))
        own: list[tuple[int, str]] = []
        for k, base in enumerate(names):
            client_id += 1
            name = f"{base} {index % 97}" if k % 3 else base
            status = "archived" if k == 7 else "paused" if k == 6 else "active"
            contact = None if rng.random() < 0.2 else now - rng.randint(0, 40) * DAY
            report = (today + timedelta(days=rng.randint(-1, 10))).isoformat()
            payment = (today + timedelta(days=rng.randint(0, 20))).isoformat()
            rows.clients.append(
                (
                    client_id,
                    user_id,
                    name,
                    name.casefold(),
                    status,
                    now - 100 * DAY,
                    now - rng.randint(0, 30) * DAY,
                    report if rng.random() < 0.4 else None,
                    payment if rng.random() < 0.3 else None,
                    contact,
                )
            )
            own.append((client_id, name))
        message_id = 0

        def item(
            kind: str,
            status: str,
            due: int | None,
            client_due: int | None,
            created: int,
            closed: int | None,
            *,
            owner: tuple[int, str] | None,
            user_id: int = user_id,
        ) -> int:
            nonlocal item_id, message_id
            item_id += 1
            message_id += 1
            title = rng.choice(TITLES).format(c=owner[1] if owner else "the client")
            source = "forwarded" if rng.random() < 0.1 else "typed"
            rows.items.append(
                (
                    item_id,
                    user_id,
                    owner[0] if owner else None,
                    kind,
                    status,
                    title,
                    title,
                    due,
                    int(due is not None),
                    source,
                    user_id,
                    message_id,
                    created,
                    created,
                    closed,
                    client_due,
                )
            )
            return item_id

        for _ in range(items):
            owner = rng.choice(own) if own and rng.random() < 0.8 else None
            created = now - rng.randint(0, 30 * DAY)
            if rng.random() < 0.05:  # captured yesterday
                created = yesterday_start + rng.randint(0, DAY - 1)
            roll = rng.random()
            if roll < 0.30:
                due = now + rng.randint(-3 * DAY, 10 * DAY)
                client_due = due + rng.randint(1, 3) * DAY if owner else None
                new = item(
                    "deadline", "open", due, client_due, min(created, due), None, owner=owner
                )
                rows.reminders.append((user_id, new, "internal", due, due))
                if client_due is not None:
                    rows.reminders.append((user_id, new, "client", client_due, client_due))
            elif roll < 0.50:
                # Mostly today (some already past: missed), a few later this week.
                day = today + timedelta(days=0 if rng.random() < 0.7 else rng.randint(1, 5))
                due = local_moment(tz, day, rng.randint(7, 20), rng.choice((0, 15, 30, 45)))
                new = item("reminder", "open", due, None, min(created, due), None, owner=owner)
                rows.reminders.append((user_id, new, "reminder", due, due))
            elif roll < 0.75:
                item("request", "open", None, None, created, None, owner=owner)
            else:
                item("note", "open", None, None, created, None, owner=owner)
        for _ in range(history):
            owner = rng.choice(own) if own and rng.random() < 0.8 else None
            created = now - rng.randint(2 * DAY, 120 * DAY)
            closed = created + rng.randint(0, DAY * 20)
            if rng.random() < 0.1:
                closed = yesterday_start + rng.randint(0, DAY - 1)
            closed = min(closed, now - 60)
            kind = rng.choice(("deadline", "request", "reminder", "note"))
            status = "deleted" if rng.random() < 0.15 else "done"
            item(kind, status, None, None, created, closed, owner=owner)
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
            recurring_id += 1
            message_id += 1
            owner = rng.choice(own) if own else None
            hour = rng.randint(9, 17)
            rows.recurring.append(
                (
                    recurring_id,
                    user_id,
                    owner[0] if owner else None,
                    rng.choice(RECURRING),
                    f"weekly;{today.weekday()};{hour:02d}:00",
                    user_id,
                    message_id,
                    now - 60 * DAY,
                )
            )
            at = local_moment(tz, today, hour)
            rows.recurring_reminders.append((user_id, recurring_id, at, at))
    return rows


async def fill(db: Database, rows: Rows) -> None:
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO users (user_id, language, timezone, holidays_country, created_at,"
            " next_digest_at, digest_skip_empty) VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows.users,
        )
        await conn.executemany(
            "INSERT INTO clients (id, user_id, name, name_key, status, created_at, last_used_at,"
            " next_report_on, next_payment_on, last_contact_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
            " ?, ?)",
            rows.clients,
        )
        await conn.executemany(
            "INSERT INTO items (id, user_id, client_id, kind, status, title, text, due_at,"
            " has_time, source, chat_id, message_id, created_at, updated_at, closed_at,"
            " client_due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows.items,
        )
        await conn.executemany(
            "INSERT INTO reminders (user_id, item_id, kind, due_at, next_attempt_at)"
            " VALUES (?, ?, ?, ?, ?)",
            rows.reminders,
        )
        await conn.executemany(
            "INSERT INTO recurring (id, user_id, client_id, title, rule, chat_id, message_id,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows.recurring,
        )
        await conn.executemany(
            "INSERT INTO reminders (user_id, recurring_id, kind, due_at, next_attempt_at)"
            " VALUES (?, ?, 'recurring', ?, ?)",
            rows.recurring_reminders,
        )


# --- compose --------------------------------------------------------------------------------


class GcPauses:
    """Time the cyclic garbage collector stops the world, via `gc.callbacks`."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.longest = 0.0
        self.full = 0  # generation-2 collections
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
            return
        pause = time.perf_counter() - self._started
        self.seconds += pause
        self.longest = max(self.longest, pause)
        self.full += info["generation"] == 2


async def loop_lag(worst: list[float], tick: float = 0.01) -> None:
    """How late a 10 ms sleep wakes up: how long the compose phase blocks the event loop."""
    loop = asyncio.get_running_loop()
    while True:
        planned = loop.time() + tick
        await asyncio.sleep(tick)
        worst[0] = max(worst[0], loop.time() - planned)


@dataclass
class ComposeResult:
    composed: dict[int, Composed]  # only the first --deliver non-empty digests are kept
    users: dict[int, DigestUser]
    digests: int
    empty: int
    parts: Counter[int]
    due_seconds: float
    sql_seconds: float
    compose_seconds: list[float]  # per user
    total: float
    cpu: float  # process CPU time, both threads: below `total` when the machine is busy
    batches: int
    gc: GcPauses
    loop_block: float


async def compose_all(repo: DigestRepository, count: int, keep: int) -> ComposeResult:
    """What `Digests._deliver` does before sending, for every user, batch by batch.

    Like the bot, only one batch's inputs are alive at a time; the composed digests of the
    first `keep` users are kept for the delivery run, the rest only counted.
    """
    pauses = GcPauses()
    worst = [0.0]
    ticker = asyncio.get_running_loop().create_task(loop_lag(worst))
    await asyncio.sleep(0)
    gc.callbacks.append(pauses)
    try:
        started, cpu_started = time.perf_counter(), time.process_time()
        due = await repo.due(NOW, count)  # one page of everyone: the bot pages by BATCH
        due_seconds = time.perf_counter() - started
        by_zone: dict[str, list[DigestUser]] = defaultdict(list)
        for user in due:
            by_zone[user.timezone or "UTC"].append(user)
        composed: dict[int, Composed] = {}
        users: dict[int, DigestUser] = {}
        parts: Counter[int] = Counter()
        per_user: list[float] = []
        empty = 0
        sql = 0.0
        batches = 0
        for zone_name, group in by_zone.items():
            tz = ZoneInfo(zone_name)
            for first in range(0, len(group), BATCH):
                batch = group[first : first + BATCH]
                batches += 1
                mark = time.perf_counter()
                today = NOW.astimezone(tz).date()
                spans = {
                    u.user_id: promise_span(user_calendar(u.holidays_country), today) for u in batch
                }
                inputs = await repo.agenda_inputs(
                    [u.user_id for u in batch],
                    now=NOW,
                    window_end=day_bounds(NOW, tz, 1)[0],
                    horizon=day_bounds(NOW, tz, max(spans.values()))[0],
                    yesterday=day_bounds(NOW, tz, -1),
                )
                sql += time.perf_counter() - mark
                for index, user in enumerate(batch):
                    if index and index % YIELD_EVERY == 0:
                        await asyncio.sleep(0)  # as `Digests._deliver` does
                    mark = time.perf_counter()
                    t = translator("ru" if user.language == "ru" else "en")
                    digest = compose(
                        t, inputs[user.user_id], now=NOW, tz=tz, promise_span=spans[user.user_id]
                    )
                    per_user.append(time.perf_counter() - mark)
                    parts[len(digest.parts)] += 1
                    empty += digest.empty
                    if len(composed) < keep and not digest.empty:
                        composed[user.user_id] = digest
                        users[user.user_id] = user
                del inputs
        total = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
    finally:
        gc.callbacks.remove(pauses)
        ticker.cancel()
    return ComposeResult(
        composed=composed,
        users=users,
        digests=len(per_user),
        empty=empty,
        parts=parts,
        due_seconds=due_seconds,
        sql_seconds=sql,
        compose_seconds=per_user,
        total=total,
        cpu=cpu,
        batches=batches,
        gc=pauses,
        loop_block=worst[0],
    )


async def stages(repo: DigestRepository, zone: str = "Europe/Moscow") -> dict[str, float]:
    """`compose` taken apart, for one batch of 1000 users of `zone`: seconds per stage."""
    tz = ZoneInfo(zone)
    due = await repo.due(NOW, 1_000_000)
    batch = [user for user in due if user.timezone == zone][:BATCH]
    inputs = await repo.agenda_inputs(
        [u.user_id for u in batch],
        now=NOW,
        window_end=day_bounds(NOW, tz, 1)[0],
        horizon=day_bounds(NOW, tz, promise_days(1))[0],
        yesterday=day_bounds(NOW, tz, -1),
    )
    spent = dict.fromkeys(
        ("build_agenda", "render_agenda", "split_message", "digest_keyboard"), 0.0
    )
    for user in batch:
        t = translator("ru" if user.language == "ru" else "en")
        a = time.perf_counter()
        agenda = build_agenda(inputs[user.user_id], now=NOW, tz=tz)
        b = time.perf_counter()
        lines = render_agenda(t, agenda, now=NOW, tz=tz, title_key="agenda.today")
        c = time.perf_counter()
        split_message(lines)
        d = time.perf_counter()
        digest_keyboard(t, agenda)
        e = time.perf_counter()
        spent["build_agenda"] += b - a
        spent["render_agenda"] += c - b
        spent["split_message"] += d - c
        spent["digest_keyboard"] += e - d
    spent["users"] = float(len(batch))
    return spent


def raw_sql_split(path: Path) -> list[tuple[str, float, int]]:
    """The four agenda queries for one batch of 1000 as `agenda_inputs` runs them, timed in
    SQLite alone (no row mapping), and their earlier forms (marked "old") for comparison:
    every open item, and the yesterday numbers from a scan of all history."""
    with closing(sqlite3.connect(path)) as conn:
        return _time_queries(conn)


def _time_queries(conn: sqlite3.Connection) -> list[tuple[str, float, int]]:
    ids = tuple(
        row[0]
        for row in conn.execute(
            "SELECT user_id FROM users WHERE timezone = 'Europe/Moscow'"
            " ORDER BY next_digest_at LIMIT ?",
            (BATCH,),
        )
    )
    marks = ", ".join("?" * len(ids))
    moscow = ZoneInfo("Europe/Moscow")
    window_end = int(day_bounds(NOW, moscow, 1)[0].timestamp())
    horizon = int(day_bounds(NOW, moscow, promise_days(1))[0].timestamp())
    start, end = (int(moment.timestamp()) for moment in day_bounds(NOW, moscow, -1))
    items = (
        "SELECT items.id, items.user_id, items.kind, items.title, items.due_at,"
        " items.client_due_at, items.created_at, clients.name FROM items"
        " LEFT JOIN clients ON clients.id = items.client_id"
        f" WHERE items.user_id IN ({marks}) AND items.status = 'open'"
        " AND items.kind != 'note'{} ORDER BY items.user_id, items.due_at"
    )
    queries = (
        (
            "items",
            items.format(
                " AND (items.kind = 'request' OR items.due_at < ? OR items.client_due_at < ?)"
            ),
            (*ids, window_end, horizon),
        ),
        ("items old", items.format(""), ids),
        (
            "clients",
            "SELECT user_id, name, last_contact_at, next_report_on, next_payment_on, status"
            f" FROM clients WHERE user_id IN ({marks}) AND status != 'archived'",
            ids,
        ),
        (
            "check-ins",
            "SELECT r.user_id, rec.title, clients.name, r.due_at FROM reminders r"
            " JOIN recurring rec ON rec.id = r.recurring_id"
            " LEFT JOIN clients ON clients.id = rec.client_id"
            f" WHERE r.user_id IN ({marks}) AND r.status = 'pending'"
            " AND r.kind = 'recurring' AND r.due_at < ?",
            (*ids, window_end),
        ),
        (
            "yesterday",
            "SELECT user_id, sum(what = 0), sum(what = 1), sum(what = 2) FROM ("
            " SELECT user_id, source = 'forwarded' AS what FROM items"
            f" WHERE user_id IN ({marks}) AND created_at >= ? AND created_at < ?"
            " UNION ALL SELECT user_id, 2 FROM items"
            f" WHERE user_id IN ({marks}) AND closed_at >= ? AND closed_at < ?"
            " AND status = 'done') GROUP BY user_id",
            (*ids, start, end, *ids, start, end),
        ),
        (
            "yesterday old",
            "SELECT user_id,"
            " sum(source != 'forwarded' AND created_at >= ? AND created_at < ?),"
            " sum(source = 'forwarded' AND created_at >= ? AND created_at < ?),"
            " sum(closed_at >= ? AND closed_at < ? AND status = 'done')"
            f" FROM items WHERE user_id IN ({marks}) GROUP BY user_id",
            (start, end, start, end, start, end, *ids),
        ),
    )
    out: list[tuple[str, float, int]] = []
    for name, sql, params in queries:
        conn.execute(sql, params).fetchall()  # warm the page cache
        mark = time.perf_counter()
        rows = conn.execute(sql, params).fetchall()
        out.append((name, time.perf_counter() - mark, len(rows)))
    return out


# --- deliver --------------------------------------------------------------------------------


@dataclass
class DeliverResult:
    users: int
    messages: int
    longest_chat: int
    elapsed: float
    floor: float
    sent: int
    failed: int
    rejected_429: int
    other_errors: Counter[str]
    recorded: int


async def deliver(
    db: Database, repo: DigestRepository, result: ComposeResult, count: int
) -> DeliverResult:
    chosen = [uid for uid, c in result.composed.items() if not c.empty][:count]
    outgoing: list[Outgoing] = []
    parts_left: dict[int, int] = {}
    for user_id in chosen:
        composed = result.composed[user_id]
        parts_left[user_id] = len(composed.parts)
        for index, part in enumerate(composed.parts):
            last = index == len(composed.parts) - 1
            outgoing.append(
                Outgoing(
                    chat_id=user_id,
                    text=part,
                    reply_markup=composed.keyboard if last else None,
                    key=f"{user_id}:{index}",
                )
            )
    longest = max(parts_left.values(), default=0)
    recorded = 0

    async def record(delivery: Delivery) -> None:
        # As `Digests._deliver` records it: one small write transaction per finished digest.
        nonlocal recorded
        if delivery.status is not DeliveryStatus.SENT:
            return
        user_id = delivery.outgoing.chat_id
        parts_left[user_id] -= 1
        if parts_left[user_id] == 0:
            tz = ZoneInfo(result.users[user_id].timezone or "UTC")
            served = datetime.now(UTC)
            await repo.schedule(user_id, served + timedelta(days=1), local_day(served, tz))
            recorded += 1

    async with TelegramEmulator(clock=time.time) as emulator:
        emulator.enforce_rate_limits = True
        for user_id in chosen:
            emulator.user(user_id)
        session = AiohttpSession(api=TelegramAPIServer.from_base(emulator.base_url))
        bot = Bot(emulator.token, session=session, default=DefaultBotProperties(parse_mode="HTML"))
        sender = Sender(bot)
        try:
            started = time.perf_counter()
            deliveries = await sender.send_many(outgoing, on_delivery=record)
            elapsed = time.perf_counter() - started
        finally:
            await session.close()
        too_many = sum(why.startswith("Too Many Requests") for _, _, why in emulator.errors)
        others = Counter(why for _, _, why in emulator.errors if not why.startswith("Too Many"))
        violations = len(emulator.violations)
    if violations:
        others["Bot API description violations"] += violations
    return DeliverResult(
        users=len(chosen),
        messages=len(outgoing),
        longest_chat=longest,
        elapsed=elapsed,
        floor=max(len(outgoing) / PER_SECOND, float(longest - 1)),
        sent=sum(d.status is DeliveryStatus.SENT for d in deliveries),
        failed=sum(d.status is not DeliveryStatus.SENT for d in deliveries),
        rejected_429=too_many,
        other_errors=others,
        recorded=recorded,
    )


# --- main -----------------------------------------------------------------------------------


def percentile(sorted_values: list[float], share: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * share))]


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=50, help="open items per user")
    parser.add_argument("--history", type=int, default=20, help="closed items per user")
    parser.add_argument("--clients", type=int, default=8, help="clients per user")
    parser.add_argument("--deliver", type=int, default=2000, help="users to deliver (0: skip)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="cProfile the compose phase")
    parser.add_argument("--keep", type=Path, help="write the database here and keep it")
    parser.add_argument(
        "--gc-freeze",
        action="store_true",
        help="bot.digest.freeze_startup_heap() before composing, as the app should after startup",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)

    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "bench.sqlite3"
        if path.exists():
            raise SystemExit(f"{path} exists: pass a new path to --keep")
        db = Database(path)
        await db.connect()
        try:
            await db.migrate()
            mark = time.perf_counter()
            rows = generate(args.users, args.items, args.history, args.clients, args.seed)
            await fill(db, rows)
            print(
                f"database: {len(rows.users)} users, {len(rows.clients)} clients,"
                f" {len(rows.items)} items ({args.items} open + {args.history} closed each),"
                f" {len(rows.reminders) + len(rows.recurring_reminders)} reminders,"
                f" {len(rows.recurring)} recurring; built in {time.perf_counter() - mark:.1f} s"
            )
            zones = Counter(user[2] for user in rows.users)
            print("zones: " + ", ".join(f"{zone} {n}" for zone, n in zones.most_common()))
            del rows

            repo = DigestRepository(db)
            if args.gc_freeze:
                frozen = freeze_startup_heap()
                print(f"gc.freeze(): {frozen} objects out of the collector's way")
            profiler = cProfile.Profile() if args.profile else None
            if profiler is not None:
                profiler.enable()
            result = await compose_all(repo, args.users, keep=args.deliver)
            if profiler is not None:
                profiler.disable()
            report_compose(result, path)
            if profiler is not None:
                stream = io.StringIO()
                stats = pstats.Stats(profiler, stream=stream)
                stats.sort_stats("tottime").print_stats(25)
                print("\nprofile of the compose phase (by own time):")
                print(stream.getvalue())
            report_stages(await stages(repo))

            if args.deliver:
                delivered = await deliver(db, repo, result, args.deliver)
                report_delivery(delivered)
        finally:
            await db.close()


def report_compose(result: ComposeResult, path: Path) -> None:
    samples = sorted(result.compose_seconds)
    compose_total = sum(samples)
    sql = result.sql_seconds
    work = sql + compose_total
    verdict = "OK" if result.total < TARGET_SECONDS else "OVER TARGET"
    print(
        f"\ncompose: {result.digests} digests in {result.total:.2f} s"
        f" (target < {TARGET_SECONDS:.0f} s: {verdict});"
        f" {result.batches} agenda_inputs batches of <= {BATCH};"
        f" process CPU {result.cpu:.2f} s"
    )
    print(
        f"  per user: median {statistics.median(samples) * 1e6:.0f} µs,"
        f" p99 {percentile(samples, 0.99) * 1e6:.0f} µs, max {samples[-1] * 1e3:.1f} ms"
    )
    print(
        f"  SQL (agenda_inputs, incl. row mapping) {sql:.2f} s = {sql / work:.0%},"
        f" composing {compose_total:.2f} s = {compose_total / work:.0%};"
        f" due() query {result.due_seconds:.2f} s"
    )
    print(
        f"  garbage collector: {result.gc.seconds:.2f} s of pauses"
        f" ({result.gc.seconds / result.total:.0%} of the total), {result.gc.full} full"
        f" collections, longest {result.gc.longest * 1e3:.0f} ms;"
        f" event loop blocked up to {result.loop_block:.2f} s at a stretch"
    )
    print(
        "  parts per digest: "
        + ", ".join(f"{n} part(s) × {users}" for n, users in sorted(result.parts.items()))
        + f"; empty {result.empty}"
    )
    print("  one Moscow batch of 1000 in SQLite alone (no row mapping):")
    for name, seconds, count in raw_sql_split(path):
        print(f"    {name:<13} {seconds * 1e3:7.1f} ms  {count} rows")


def report_stages(spent: dict[str, float]) -> None:
    users = spent.pop("users")
    total = sum(spent.values())
    print(f"  compose taken apart, one Moscow batch of {users:.0f}:")
    for name, seconds in spent.items():
        print(
            f"    {name:<16} {seconds:6.3f} s = {seconds / total:4.0%}"
            f"  ({seconds / users * 1e6:.0f} µs per user)"
        )


def report_delivery(result: DeliverResult) -> None:
    ratio = result.elapsed / result.floor if result.floor else float("nan")
    verdict = "OK" if ratio <= TARGET_RATIO else "OVER TARGET"
    print(
        f"\ndeliver: {result.users} digests = {result.messages} messages"
        f" (longest chat {result.longest_chat}) in {result.elapsed:.2f} s;"
        f" floor {result.floor:.2f} s; ratio {ratio:.3f} (target <= {TARGET_RATIO}: {verdict})"
    )
    print(
        f"  sent {result.sent}/{result.messages}, not sent {result.failed},"
        f" digests recorded {result.recorded}; 429s {result.rejected_429}"
    )
    for why, n in result.other_errors.most_common():
        print(f"  other error × {n}: {why}")


if __name__ == "__main__":
    asyncio.run(main())
