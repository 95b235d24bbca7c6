"""Backups: a consistent copy while the bot writes, the daily job and rotation, the CLI, restore."""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.backup import (
    BACKUP_JOB_ID,
    backup_database,
    backup_name,
    daily_backup,
    rotate_backups,
)
from bot.settings import Settings
from storage.db import Database
from tests.conftest import FakeClock, RunningBot
from tests.emulator import UserClient

ROOT = Path(__file__).resolve().parent.parent


def query(path: Path, sql: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql).fetchall()


async def test_backup_while_writing_is_whole_and_consistent(tmp_path: Path) -> None:
    db = Database(tmp_path / "bot.sqlite3")
    await db.connect()
    await db.migrate()
    async with db.transaction() as conn:
        await conn.execute("CREATE TABLE ledger (id INTEGER PRIMARY KEY, payload TEXT)")
        await conn.execute("CREATE TABLE tally (n INTEGER NOT NULL)")
        await conn.execute("INSERT INTO tally VALUES (0)")
    stop = asyncio.Event()

    async def writer() -> int:
        # Each unit of work adds a row and moves the tally: a copy taken mid-way would disagree.
        written = 0
        while not stop.is_set():
            async with db.transaction() as conn:
                await conn.executemany(
                    "INSERT INTO ledger (payload) VALUES (?)", [("x" * 200,)] * 20
                )
                await conn.execute("UPDATE tally SET n = n + 20")
            written += 20
            await asyncio.sleep(0)
        return written

    task = asyncio.create_task(writer())
    copies = []
    try:
        for number in range(5):
            await asyncio.sleep(0.05)
            target = tmp_path / "backups" / f"copy{number}.sqlite3"
            copies.append(await asyncio.to_thread(backup_database, db.path, target))
    finally:
        stop.set()
        written = await task
    await db.close()

    counts = []
    for copy in copies:
        assert query(copy, "PRAGMA integrity_check") == [("ok",)]
        assert query(copy, "PRAGMA journal_mode") == [("delete",)]
        assert not copy.with_name(copy.name + "-wal").exists()
        (count,) = query(copy, "SELECT count(*) FROM ledger")[0]
        assert query(copy, "SELECT n FROM tally") == [(count,)]
        counts.append(count)
    assert counts == sorted(counts)
    assert 0 < counts[-1] <= written
    assert counts[0] < written, "the writer kept writing while the copies were taken"
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == [
        f"copy{number}.sqlite3" for number in range(5)
    ]


def test_rotation_keeps_the_newest(tmp_path: Path) -> None:
    start = datetime(2026, 11, 1, 3, 30, tzinfo=UTC)
    for day in range(10):
        (tmp_path / backup_name(start + timedelta(days=day))).write_bytes(b"")
    unrelated = [tmp_path / "bot-manual.sqlite3", tmp_path / "notes.txt"]
    for path in unrelated:
        path.write_text("keep me")

    removed = rotate_backups(tmp_path, keep=3)

    assert len(removed) == 7
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "bot-20261108-033000.sqlite3",
        "bot-20261109-033000.sqlite3",
        "bot-20261110-033000.sqlite3",
        "bot-manual.sqlite3",
        "notes.txt",
    ]


async def test_daily_backup_names_by_the_clock_and_rotates(
    tmp_path: Path, clock: FakeClock
) -> None:
    db = Database(tmp_path / "bot.sqlite3")
    await db.connect()
    await db.migrate()
    directory = tmp_path / "backups"
    try:
        for _ in range(4):
            clock.advance(days=1)
            assert await daily_backup(db.path, directory, 2, clock) is not None
    finally:
        await db.close()
    names = sorted(p.name for p in directory.iterdir())
    assert names == [backup_name(clock.now() - timedelta(days=1)), backup_name(clock.now())]
    assert query(directory / names[-1], "PRAGMA integrity_check") == [("ok",)]


async def test_daily_backup_failure_is_logged_not_raised(
    tmp_path: Path, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    assert await daily_backup(tmp_path / "missing.sqlite3", tmp_path / "b", 3, clock) is None
    assert "daily backup" in caplog.text
    assert not (tmp_path / "missing.sqlite3").exists()


async def test_the_running_bot_schedules_the_daily_backup(
    bot: RunningBot, anna: UserClient
) -> None:
    await anna.send("/start")
    await anna.next_message()  # the bot is up: its jobs are in place
    job = bot.app.scheduler.get_job(BACKUP_JOB_ID)
    assert job is not None
    fields = {field.name: str(field) for field in job.trigger.fields}
    assert (fields["hour"], fields["minute"]) == ("3", "30")
    settings = bot.app.settings
    assert job.args[:3] == (settings.database_path, settings.database_path.parent / "backups", 7)


async def test_backup_keep_0_turns_the_daily_backup_off(
    start_bot: Callable[..., Any], anna: UserClient
) -> None:
    running: RunningBot = await start_bot(backup_keep=0, backup_time=time(4, 0))
    await anna.send("/start")
    await anna.next_message()
    assert running.app.scheduler.get_job(BACKUP_JOB_ID) is None


def run_cli(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # No BOT_TOKEN: a backup needs only the database.
    clean = {k: v for k, v in os.environ.items() if k.lower() not in Settings.model_fields}
    clean.update(PYTHONPATH=str(ROOT), **env)
    return subprocess.run(
        [sys.executable, "-m", "bot", "backup", *args],
        cwd=tmp_path,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


async def test_cli_backs_up_the_running_bot_without_a_token(
    bot: RunningBot, anna: UserClient, tmp_path: Path
) -> None:
    await anna.send("SEO report by Friday #acme")
    await anna.next_message()
    database = str(bot.app.settings.database_path)

    to_file = await asyncio.to_thread(run_cli, tmp_path, "copy.sqlite3", DATABASE_PATH=database)
    assert to_file.returncode == 0, to_file.stderr
    assert to_file.stdout.strip() == "copy.sqlite3"
    assert query(tmp_path / "copy.sqlite3", "SELECT count(*) FROM items") == [(1,)]

    (tmp_path / "out").mkdir()
    to_dir = await asyncio.to_thread(run_cli, tmp_path, "out", DATABASE_PATH=database)
    assert to_dir.returncode == 0, to_dir.stderr
    written = Path(tmp_path, to_dir.stdout.strip())
    assert written.parent == tmp_path / "out"
    assert written.name.startswith("bot-")
    assert written.name.endswith(".sqlite3")
    assert query(written, "PRAGMA integrity_check") == [("ok",)]

    # No PATH: into BACKUP_DIR.
    default = await asyncio.to_thread(
        run_cli, tmp_path, DATABASE_PATH=database, BACKUP_DIR=str(tmp_path / "daily")
    )
    assert default.returncode == 0, default.stderr
    assert Path(default.stdout.strip()).parent == tmp_path / "daily"


def test_cli_without_a_database_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "copy.sqlite3", DATABASE_PATH="nowhere/bot.sqlite3")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "DATABASE_PATH" in lines[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "nowhere").exists()
    assert not (tmp_path / "copy.sqlite3").exists()


async def test_restoring_is_copying_the_file_back(
    start_bot: Callable[..., Any], anna: UserClient, tmp_path: Path
) -> None:
    running: RunningBot = await start_bot()
    await anna.send("SEO report by Friday #acme")
    await anna.next_message()
    await anna.send("Globex: call about the banner")
    await anna.next_message()
    snapshot = await running.rows("SELECT id, text FROM items ORDER BY id")
    copy = await asyncio.to_thread(
        backup_database, running.app.settings.database_path, tmp_path / "saved.sqlite3"
    )
    await anna.send("Something captured after the backup #acme")
    await anna.next_message()
    assert await running.stop() == 0

    # Restore: with the bot stopped, the copy replaces the file (and any stale WAL goes).
    database = running.app.settings.database_path
    for leftover in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(copy, database)

    restored: RunningBot = await start_bot()
    assert await restored.rows("SELECT id, text FROM items ORDER BY id") == snapshot
    assert len(snapshot) == 2
