"""Online backups of the SQLite file: `python -m bot backup PATH`, and a daily job with rotation.

SQLite's backup API copies a consistent snapshot while the bot keeps writing: in WAL mode
a reader never blocks the writer, so the copy is taken in one step (a stepwise copy would
start over each time the bot commits). The copy is written under a temporary name and
renamed into place, so a backup file that exists is always whole. Restoring is copying a
backup back over DATABASE_PATH while the bot is stopped.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sqlite3
import sys
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from pydantic import ValidationError

from bot.clock import Clock
from bot.settings import StorageSettings

log = logging.getLogger(__name__)

BACKUP_JOB_ID = "daily-backup"
_PREFIX = "bot-"
_SUFFIX = ".sqlite3"
_STAMP = "%Y%m%d-%H%M%S"


def backup_name(moment: datetime) -> str:
    """`bot-YYYYmmdd-HHMMSS.sqlite3` in UTC: names sort in time order."""
    return f"{_PREFIX}{moment.astimezone(UTC).strftime(_STAMP)}{_SUFFIX}"


def _is_backup(path: Path) -> bool:
    name = path.name
    if not (name.startswith(_PREFIX) and name.endswith(_SUFFIX)):
        return False
    try:
        datetime.strptime(name[len(_PREFIX) : -len(_SUFFIX)], _STAMP)  # noqa: DTZ007 - only the shape
    except ValueError:
        return False
    return path.is_file()


def backup_database(source: Path, target: Path) -> Path:
    """Copy the live database at `source` to `target` (a file), atomically; returns `target`.

    Blocking: call it in a thread from async code.
    """
    if not source.is_file():
        raise FileNotFoundError(f"no database at {source}")
    if target.exists() and target.resolve() == source.resolve():
        raise ValueError("the backup would overwrite the database itself")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)
    try:
        # mode=rw: a mistyped path fails instead of creating an empty database.
        with (
            closing(sqlite3.connect(f"{source.absolute().as_uri()}?mode=rw", uri=True)) as src,
            closing(sqlite3.connect(partial)) as dst,
        ):
            src.execute("PRAGMA busy_timeout = 5000")
            src.backup(dst)  # pages=-1: one consistent snapshot, see the module docstring
            # The copy inherits WAL mode from the source; a rollback journal makes it one
            # self-contained file that can be copied around and restored as it is.
            dst.execute("PRAGMA journal_mode = DELETE")
        with partial.open("rb") as written:
            os.fsync(written.fileno())
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def rotate_backups(directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups in `directory`; returns the deleted ones."""
    if not directory.is_dir():
        return []
    backups = sorted((path for path in directory.iterdir() if _is_backup(path)), reverse=True)
    removed = backups[keep:]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


async def daily_backup(source: Path, directory: Path, keep: int, clock: Clock) -> Path | None:
    """The scheduled job: one backup into `directory`, then keep the newest `keep`."""
    target = directory / backup_name(clock.now())
    try:
        await asyncio.to_thread(backup_database, source, target)
        removed = await asyncio.to_thread(rotate_backups, directory, keep)
    except (OSError, sqlite3.Error, ValueError) as exc:
        # The bot keeps running; the next day's job tries again.
        log.error("daily backup to %s failed: %s: %s", directory, type(exc).__name__, exc)
        return None
    log.info("daily backup written to %s (%d old removed)", target, len(removed))
    return target


def schedule_daily_backup(
    scheduler: AsyncIOScheduler, settings: StorageSettings, clock: Clock
) -> None:
    """Add the daily backup job at BACKUP_TIME (UTC); BACKUP_KEEP=0 turns it off."""
    if settings.backup_keep == 0:
        return
    scheduler.add_job(
        daily_backup,
        CronTrigger(
            hour=settings.backup_time.hour, minute=settings.backup_time.minute, timezone=UTC
        ),
        args=(settings.database_path, settings.backups_path, settings.backup_keep, clock),
        id=BACKUP_JOB_ID,
        replace_existing=True,
        coalesce=True,
        misfire_grace_time=3600,
    )


def cli(argv: list[str]) -> int:
    """`python -m bot backup [PATH]`: needs only DATABASE_PATH; prints the backup's path."""
    parser = argparse.ArgumentParser(
        prog="python -m bot backup",
        description="Copy the database while the bot runs (SQLite online backup).",
    )
    parser.add_argument(
        "path",
        nargs="?",
        type=Path,
        help="a file, or a directory for bot-YYYYmmdd-HHMMSS.sqlite3 (default: BACKUP_DIR)",
    )
    args = parser.parse_args(argv)
    try:
        settings = StorageSettings()
    except ValidationError as exc:
        for error in exc.errors():
            name = str(error["loc"][0]).upper() if error["loc"] else "configuration"
            print(f"{name} is invalid: {error['msg']}.", file=sys.stderr)
        return 2
    source = settings.database_path
    if not source.is_file():
        print(f"no database at {source}: check DATABASE_PATH.", file=sys.stderr)
        return 2
    path: Path = args.path if args.path is not None else settings.backups_path
    if path.is_dir() or args.path is None or str(args.path).endswith(("/", os.sep)):
        path = path / backup_name(datetime.now(UTC))
    try:
        written = backup_database(source, path)
    except (OSError, sqlite3.Error, ValueError) as exc:
        print(f"backup failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print(written)
    return 0
