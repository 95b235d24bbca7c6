"""Benchmark: the reminder pump with many rows — arming at start, and a burst of due reminders.

    .venv/bin/python bench/bench_reminders.py                 # both parts, 100,000 / 10,000
    .venv/bin/python bench/bench_reminders.py start --pending 100000
    .venv/bin/python bench/bench_reminders.py burst --count 2000

start: a database with --pending reminders waiting (1,000 users, one item per reminder, due
    over the next 90 days). Measured in a fresh process each: `build()`, `scheduler.start()`
    and `reminders.start()` until the pump's job is armed, and VmRSS growth over that span;
    the same on an empty database is the idle bot. Targets: under 5 s, under 100 MB over idle.

burst: --count users, each with one reminder due in the same second. The real application
    (`build`, its scheduler, `ReminderPump`, `Sender`) delivers them through the in-process
    Bot API emulator with Telegram's limits enforced (30/s overall, 1/s per chat), on the
    wall clock. Lateness = when Telegram accepted the message − due time; at the Sender's
    25/s the last one cannot go out before count/25 s. Target: p99 ≤ count/25 + 5 s, every
    row `sent` and every user sent exactly one message. 10,000 take about 400 s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from fake_telegram import TOKEN, FakeSession

from bot.app import build
from bot.reminders import JOB_ID
from bot.settings import Settings
from storage.db import Database

START_USERS = 1_000
FIRST_USER = 2_000_001
DAY = 86_400


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


async def create_schema(path: Path) -> None:
    db = Database(path)
    await db.connect()
    await db.migrate()
    await db.close()


def fill(path: Path, users: int, reminders: int, due: list[int], now: int) -> None:
    """Users, one open item per reminder and the pending rows, in bulk (storage/migrations)."""
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "INSERT INTO users (user_id, language, timezone, created_at) VALUES (?, ?, ?, ?)",
            [(FIRST_USER + n, "ru" if n % 2 else "en", "Europe/Moscow", now) for n in range(users)],
        )
        conn.executemany(
            "INSERT INTO items (id, user_id, kind, title, text, due_at, has_time, chat_id,"
            " message_id, created_at, updated_at)"
            " VALUES (?, ?, 'reminder', ?, ?, ?, 1, ?, ?, ?, ?)",
            [
                (
                    n + 1,
                    FIRST_USER + n % users,
                    f"call Acme about the banner #{n}",
                    f"remind me to call Acme about the banner #{n}",
                    due[n],
                    FIRST_USER + n % users,
                    10 + n,
                    now,
                    now,
                )
                for n in range(reminders)
            ],
        )
        conn.executemany(
            "INSERT INTO reminders (user_id, item_id, kind, due_at, next_attempt_at)"
            " VALUES (?, ?, 'reminder', ?, ?)",
            [(FIRST_USER + n % users, n + 1, due[n], due[n]) for n in range(reminders)],
        )


# --- start: arming with many pending rows --------------------------------------------------


async def start_child(database: Path) -> dict[str, Any]:
    """One measurement, run in its own process so RSS starts from the same place."""
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        bot_token=TOKEN,
        database_path=database,
        default_timezone="Europe/Moscow",
    )
    before = rss_mb()
    started = time.perf_counter()
    app = await build(settings)
    await app.bot.session.close()
    app.bot.session = FakeSession()  # nothing here talks to Telegram; make sure of it
    app.scheduler.start()
    await app.reminders.start()
    elapsed = time.perf_counter() - started
    after = rss_mb()
    job = app.scheduler.get_job(JOB_ID)
    await app.close()
    return {
        "seconds": elapsed,
        "rss_before": before,
        "rss_after": after,
        "armed": job is not None,
        "next_run": str(job.next_run_time) if job else None,
    }


def run_child(database: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "_start_child", str(database)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_start(pending: int) -> bool:
    with tempfile.TemporaryDirectory(prefix="bench-reminders-") as tmp:
        empty, loaded = Path(tmp) / "empty.sqlite3", Path(tmp) / "loaded.sqlite3"
        asyncio.run(create_schema(empty))
        asyncio.run(create_schema(loaded))
        now = int(time.time())
        due = [now + 3600 + (n * 90 * DAY) // pending for n in range(pending)]
        filled = time.perf_counter()
        fill(loaded, START_USERS, pending, due, now)
        print(
            f"start: filled {pending} pending reminders ({START_USERS} users) in"
            f" {time.perf_counter() - filled:.1f} s;"
            f" database {loaded.stat().st_size / 2**20:.1f} MB"
        )
        idle = run_child(empty)
        busy = run_child(loaded)
    idle_growth = idle["rss_after"] - idle["rss_before"]
    busy_growth = busy["rss_after"] - busy["rss_before"]
    over_idle = busy_growth - idle_growth
    print(
        f"  idle bot (empty db):   armed={idle['armed']}  {idle['seconds'] * 1000:7.1f} ms"
        f"  RSS {idle['rss_before']:.1f} -> {idle['rss_after']:.1f} MB (+{idle_growth:.1f})"
    )
    print(
        f"  {pending} pending:     armed={busy['armed']}  {busy['seconds'] * 1000:7.1f} ms"
        f"  RSS {busy['rss_before']:.1f} -> {busy['rss_after']:.1f} MB (+{busy_growth:.1f})"
        f"  next run {busy['next_run']}"
    )
    ok = busy["armed"] and busy["seconds"] < 5 and over_idle < 100
    print(
        f"  time {busy['seconds']:.3f} s (target < 5 s), RSS over idle {over_idle:+.1f} MB"
        f" (target < 100 MB) -> {'OK' if ok else 'MISSED'}"
    )
    return bool(ok)


# --- burst: many reminders due at once, through the emulator --------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def bench_burst(count: int) -> bool:
    from aiogram.methods import SendMessage

    from tests.emulator import TelegramEmulator

    with tempfile.TemporaryDirectory(prefix="bench-burst-") as tmp:
        database = Path(tmp) / "burst.sqlite3"
        await create_schema(database)
        # All due in one second, a few seconds from now: time to build and arm first.
        due_at = math.ceil(time.time()) + 5
        fill(database, count, count, [due_at] * count, due_at - 3600)

        async with TelegramEmulator(clock=time.time) as emulator:
            emulator.enforce_rate_limits = True
            for user_id in range(FIRST_USER, FIRST_USER + count):
                emulator.user(user_id)
            settings = Settings(
                _env_file=None,  # type: ignore[call-arg]
                bot_token=emulator.token,
                telegram_api_url=emulator.base_url,
                database_path=database,
                default_timezone="Europe/Moscow",
            )
            app = await build(settings)
            accepted: dict[int, list[float]] = {}

            async def stamp(make_request: Any, bot: Any, method: Any) -> Any:
                result = await make_request(bot, method)
                if isinstance(method, SendMessage):
                    accepted.setdefault(int(method.chat_id), []).append(time.time())
                return result

            app.bot.session.middleware(stamp)
            app.scheduler.start()
            await app.reminders.start()
            when = time.strftime("%H:%M:%S", time.localtime(due_at))
            print(
                f"burst: {count} reminders due at {when}"
                f", armed {app.scheduler.get_job(JOB_ID) is not None}; delivering…",
                flush=True,
            )
            deadline = time.time() + 5 + count / 25 * 2 + 60
            while time.time() < deadline:
                await asyncio.sleep(1)
                if sum(len(times) for times in accepted.values()) >= count:
                    break
            await asyncio.sleep(1)  # the last mark_sent
            await app.reminders.stop()
            rejected_429 = sum(1 for _, _, why in emulator.errors if why.startswith("Too Many"))
            sends = emulator.calls_of("sendMessage")
            per_chat = Counter(int(params["chat_id"]) for params in sends)
            await app.close()

        with sqlite3.connect(database) as conn:
            statuses = dict(conn.execute("SELECT status, count(*) FROM reminders GROUP BY status"))
            unsent_ids = conn.execute(
                "SELECT count(*) FROM reminders WHERE status = 'sent' AND message_id IS NULL"
            ).fetchone()[0]
            late_marked = conn.execute("SELECT count(*) FROM reminders WHERE late = 1").fetchone()[
                0
            ]

    lateness = [times[0] - due_at for times in accepted.values()]
    floor = count / 25
    target = floor + 5
    p99 = percentile(lateness, 0.99) if lateness else math.inf
    once = (
        len(per_chat) == count
        and set(per_chat.values()) == {1}
        and statuses.get("sent") == count
        and len(statuses) == 1
        and unsent_ids == 0
    )
    print(
        f"  delivered {len(lateness)}/{count}; lateness median"
        f" {statistics.median(lateness) if lateness else math.nan:.2f} s, p99 {p99:.2f} s,"
        f" max {max(lateness) if lateness else math.nan:.2f} s (floor {floor:.1f} s,"
        f" target p99 ≤ {target:.1f} s)"
    )
    print(
        f"  rows by status {statuses}; marked late {late_marked}; sendMessage per chat"
        f" {dict(Counter(per_chat.values()))} (chats {len(per_chat)}); emulator 429s {rejected_429}"
    )
    ok = p99 <= target and once
    print(f"  -> {'OK' if ok else 'MISSED'} (exactly once: {once})")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("part", nargs="?", choices=("start", "burst", "all"), default="all")
    parser.add_argument("--pending", type=int, default=100_000)
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()
    ok = True
    if args.part in ("start", "all"):
        ok &= bench_start(args.pending)
    if args.part in ("burst", "all"):
        ok &= asyncio.run(bench_burst(args.count))
    return 0 if ok else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["_start_child"]:
        print(json.dumps(asyncio.run(start_child(Path(sys.argv[2])))))
        sys.exit(0)
    sys.exit(main())
