"""One shared aiosqlite connection, serialised units of work, numbered migrations."""

from __future__ import annotations

import asyncio
import logging
import os
import re
import sqlite3
import threading
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

import aiosqlite

log = logging.getLogger(__name__)

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
# Writes between two WAL checkpoints (SQLite's own default is 1,000 pages, about as often).
CHECKPOINT_EVERY = 250
# How long a unit of work on the worker waits for another connection's write lock.
BUSY_TIMEOUT_MS = 5000


# fdatasync skips the file's times; macOS has only fsync.
_sync_data: Callable[[int], None] = getattr(os, "fdatasync", os.fsync)


class _Busy(Exception):
    """Another connection holds the write lock: the inline unit goes to the worker."""


V = TypeVar("V")
C = TypeVar("C")
T = TypeVar("T")


def placeholders(count: int) -> str:
    """`?, ?, ?` for an `IN (...)` list of `count` bound values."""
    return ", ".join("?" * count)


def migration_files() -> list[tuple[int, str, str]]:
    """Every bundled migration as (version, file name, SQL), in version order."""
    found: list[tuple[int, str, str]] = []
    for entry in resources.files("storage.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    versions = [version for version, _, _ in found]
    if versions != list(range(1, len(versions) + 1)):
        raise RuntimeError(f"migrations must be numbered 1..N without gaps, found {versions}")
    return found


class Database:
    """The bot's SQLite database.

    aiosqlite runs every statement of one connection on one worker thread, but a
    transaction spans several awaits: without a lock, one coroutine's COMMIT would
    commit another's half-finished writes. So every unit of work holds `_lock`, and
    writers open with BEGIN IMMEDIATE, which takes the write lock up front instead of
    failing with "database is locked" half-way through a read-then-write.

    A unit of work may run `inline`: on the event loop's thread, skipping the two thread
    hand-offs that cost more than its SQL (see `run`). That is safe only while the worker
    thread is idle: every unit holds `_lock` until its last statement came back, except
    one cut short (cancelled) while a statement was still on the worker: `_worker_idle`
    remembers that, and the next unit of any kind first lets the worker finish and
    rolls back a transaction the cut-short one may have left open (`_settle`).
    SQLite's automatic checkpoints are off, since one would land inside whichever COMMIT
    crossed the threshold, inline or not: `checkpoint` runs on the worker every
    CHECKPOINT_EVERY writes instead.

    Repositories keep copies of hot rows in memory (`RowCache`). The database stays the
    truth: every write moves `generation`, which drops every copy, unless the writer
    declares `keeps_caches` — it changes no cached row, or updates the copies itself.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()
        self.generation = 0
        self._caches: dict[object, object] = {}
        self._worker_idle = True
        self._writes_since_checkpoint = 0
        self._checkpoints: set[asyncio.Task[None]] = set()
        # A connection of its own for the unlocked pass of a checkpoint (see `checkpoint`),
        # opened on first use. `_aside_lock` keeps to one pass at a time (a cancelled
        # checkpoint's thread runs on) and none once `close` began.
        self._aside: sqlite3.Connection | None = None
        self._aside_lock = threading.Lock()
        self._closing = False
        self._file = self.path

    async def connect(self) -> None:
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Absolute: the second connection opens it later, whatever the directory then.
            self._file = self.path.resolve()
        self._closing = False
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, sqlite3 must not.
        # check_same_thread=False: inline units use the connection from the loop's thread,
        # never at the same time as the worker (see the class docstring).
        conn = await aiosqlite.connect(self.path, isolation_level=None, check_same_thread=False)
        conn.row_factory = aiosqlite.Row
        await conn.execute("PRAGMA journal_mode = WAL")
        await conn.execute("PRAGMA foreign_keys = ON")
        await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # WAL + NORMAL survives an application crash (the case we test); only an OS
        # crash can drop the last commits, and it costs one fsync less per commit.
        await conn.execute("PRAGMA synchronous = NORMAL")
        await conn.execute("PRAGMA wal_autocheckpoint = 0")
        self._conn = conn

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise RuntimeError("database is not connected")
        return self._conn

    async def close(self) -> None:
        self._closing = True  # no checkpoint starts from here on (`_wrote`)
        while self._checkpoints:
            await asyncio.gather(*self._checkpoints, return_exceptions=True)
        await asyncio.to_thread(self._close_aside)
        if self._conn is not None:
            async with self._lock:
                await self._conn.close()
                self._conn = None

    @asynccontextmanager
    async def transaction(
        self, *, keeps_caches: bool = False
    ) -> AsyncIterator[aiosqlite.Connection]:
        """A write unit of work: committed when the block ends, rolled back on error."""
        async with self._lock:
            await self._settle()
            conn = self.conn
            committed = False
            try:
                await conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                except BaseException:
                    await conn.execute("ROLLBACK")
                    raise
                await conn.execute("COMMIT")
                committed = True
            finally:
                # A unit of work cut short (even by cancellation during COMMIT) may or
                # may not have landed: no cached copy can vouch for itself after it.
                if not (committed and keeps_caches):
                    self.generation += 1
                self._wrote(finished=committed)

    async def write(
        self, sql: str, parameters: Iterable[Any] = (), *, keeps_caches: bool = False
    ) -> int:
        """One statement as its own unit of work; returns how many rows it changed.

        In autocommit mode SQLite wraps a lone statement in a transaction of its own,
        taking the write lock as it starts: the same guarantee as BEGIN IMMEDIATE …
        COMMIT, in one trip to the database thread instead of three.
        """
        async with self._lock:
            await self._settle()
            changed = False
            try:
                cursor = await self.conn.execute(sql, parameters)
                changed = True
            finally:
                if not (changed and keeps_caches):
                    self.generation += 1
                self._wrote(finished=changed)
            return cursor.rowcount

    async def run(
        self,
        work: Callable[[sqlite3.Connection], T],
        *,
        keeps_caches: bool = False,
        inline: bool = False,
    ) -> T:
        """A write unit of work as one plain function, run whole on the database thread.

        The same BEGIN IMMEDIATE … COMMIT (ROLLBACK on error) as `transaction`, in one
        trip to the thread instead of one per statement: for the hot path (capture), where
        the trips, not SQLite, were most of the time. `work` must be quick and only talk
        to SQLite: it holds the database thread.

        `inline`: no trip at all, the unit runs on the event loop's thread. A capture's
        insert is about 0.14 ms of SQLite, and the two hand-offs to and from the worker
        cost 0.15-0.2 ms more on these machines (bench/bench_capture.py); the loop is
        held for the SQL alone. Only for units of a few statements on indexed rows.
        """

        def unit(*, inline: bool = False) -> T:
            raw = self.conn._conn  # the sqlite3 connection, ours on this thread
            if inline:
                # Never wait for another connection's lock on the loop's thread: the
                # worker waits instead (an operator's sqlite3 shell, say).
                raw.execute("PRAGMA busy_timeout = 0")
                try:
                    raw.execute("BEGIN IMMEDIATE")
                except sqlite3.OperationalError as exc:
                    if "locked" not in str(exc) and "busy" not in str(exc):
                        raise
                    raise _Busy from exc
                finally:
                    raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            else:
                raw.execute("BEGIN IMMEDIATE")
            try:
                result = work(raw)
            except BaseException:
                raw.execute("ROLLBACK")
                raise
            raw.execute("COMMIT")
            return result

        async with self._lock:
            await self._settle()
            committed, on_worker = False, not inline
            try:
                if inline:
                    try:
                        result = unit(inline=True)
                    except _Busy:
                        on_worker = True
                if on_worker:
                    # aiosqlite's own methods are this call with a function of theirs.
                    result = await self.conn._execute(unit)  # type: ignore[no-untyped-call]
                committed = True
            finally:
                # Cancelled while waiting, the unit may still commit on the thread.
                if not (committed and keeps_caches):
                    self.generation += 1
                self._wrote(finished=committed or not on_worker)
            return result

    async def _settle(self) -> None:
        """Under `_lock`, after a unit was cut short: let the worker finish what it had
        (FIFO), and roll back a transaction it left open (cancelled after its BEGIN)."""
        if self._worker_idle:
            return
        await self.conn._execute(lambda: None)  # type: ignore[no-untyped-call]
        if self.conn.in_transaction:
            await self.conn.execute("ROLLBACK")
        self._worker_idle = True

    def _wrote(self, *, finished: bool) -> None:
        """After a write unit, under `_lock`: note a cut-short one, count towards a checkpoint."""
        if not finished:
            self._worker_idle = False
        self._writes_since_checkpoint += 1
        if (
            self._writes_since_checkpoint >= CHECKPOINT_EVERY
            and not self._checkpoints
            and not self._closing
        ):
            self._writes_since_checkpoint = 0
            task = asyncio.get_running_loop().create_task(self.checkpoint())
            self._checkpoints.add(task)
            task.add_done_callback(self._checkpoints.discard)

    async def checkpoint(self) -> None:
        """Copy the write-ahead log into the database file, in two passes.

        The first runs on a connection of its own without `_lock`: SQLite checkpoints
        alongside a writer, so captures go on during the copy and its fsync, which took
        10-40 ms and held every capture waiting (bench/bench_capture.py). Commits made
        meanwhile are left in the log, and a log is started over from its beginning only
        once all of it was copied: the second pass copies them under `_lock`, a few
        commits' pages. PASSIVE: neither waits for readers (a backup in progress); what
        one cannot copy now, the next one does.
        """
        if str(self.path) != ":memory:":
            try:
                await asyncio.to_thread(self._checkpoint_aside)
            except Exception as exc:  # noqa: BLE001 - the locked pass below copies it all
                log.warning("WAL checkpoint, unlocked pass, failed (%s)", type(exc).__name__)
        try:
            async with self._lock:
                if self._conn is not None:
                    await self._settle()
                    # Fetched to the end: a cursor left open keeps the statement active,
                    # and every COMMIT after it would fail.
                    await self._conn.execute_fetchall("PRAGMA wal_checkpoint(PASSIVE)")
        except Exception as exc:  # noqa: BLE001 - the next checkpoint tries again
            self._worker_idle = False
            log.warning("WAL checkpoint failed (%s)", type(exc).__name__)
        except BaseException:
            self._worker_idle = False  # cancelled: the PRAGMA may still be on the worker
            raise

    def _checkpoint_aside(self) -> None:
        """The unlocked pass, on a worker thread."""
        with self._aside_lock:
            if self._closing:
                return
            if self._aside is None:
                self._aside = sqlite3.connect(
                    self._file, isolation_level=None, check_same_thread=False
                )
            self._aside.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            # A pass a commit overtook leaves SQLite's fsync of the file to the next
            # checkpoint, the locked pass; the pages copied here are synced here instead.
            descriptor = os.open(self._file, os.O_RDONLY)
            try:
                _sync_data(descriptor)
            finally:
                os.close(descriptor)

    def _close_aside(self) -> None:
        with self._aside_lock:
            if self._aside is not None:
                self._aside.close()
                self._aside = None

    @asynccontextmanager
    async def read(self) -> AsyncIterator[aiosqlite.Connection]:
        """A read: waits for any write in progress, so it never sees half of one."""
        async with self._lock:
            await self._settle()
            try:
                yield self.conn
            except BaseException:
                self._worker_idle = False  # a statement may still be running there
                raise

    async def fetch_all(self, sql: str, parameters: Iterable[Any] = ()) -> list[aiosqlite.Row]:
        """Every row of one query, in one trip to the database thread."""
        rows, _ = await self.fetch_for_cache(sql, parameters)
        return rows

    async def fetch_for_cache(
        self, sql: str, parameters: Iterable[Any] = ()
    ) -> tuple[list[aiosqlite.Row], int]:
        """Every row of one query and the `generation` they are current at, for a RowCache."""
        async with self._lock:
            await self._settle()
            generation = self.generation
            try:
                return list(await self.conn.execute_fetchall(sql, parameters)), generation
            except BaseException:
                self._worker_idle = False
                raise

    def cache(self, kind: Callable[[Database], C]) -> C:
        """This database's one `kind` of cache, so every repository over it shares it."""
        found = self._caches.get(kind)
        if found is None:
            found = self._caches[kind] = kind(self)
        return cast(C, found)

    async def schema_version(self) -> int:
        async with self.read() as conn, conn.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def migrate(self, target: int | None = None) -> list[int]:
        """Apply pending migrations (up to `target`), each in its own transaction."""
        applied: list[int] = []
        current = await self.schema_version()
        for version, name, sql in migration_files():
            if version <= current or (target is not None and version > target):
                continue
            log.info("applying migration %s", name)
            async with self._lock:
                # executescript would COMMIT on its own first; wrapping the script in
                # one explicit transaction keeps the migration all-or-nothing.
                try:
                    await self.conn.executescript(
                        f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {version};\nCOMMIT;"
                    )
                except BaseException:
                    if self.conn.in_transaction:
                        await self.conn.execute("ROLLBACK")
                    raise
                finally:
                    self.generation += 1
            applied.append(version)
        return applied


@dataclass(slots=True)
class _Entry(Generic[V]):
    value: V
    generation: int


class RowCache(Generic[V]):
    """Per-user copies of rows, each valid while `Database.generation` stays where it was.

    Fill it with rows and the generation they were read at (`Database.fetch_for_cache`);
    a writer that declared `keeps_caches` puts the new value itself, after its commit.
    """

    def __init__(self, db: Database) -> None:
        self._db = db
        self._entries: dict[int, _Entry[V]] = {}

    def get(self, user_id: int) -> _Entry[V] | None:
        entry = self._entries.get(user_id)
        if entry is None or entry.generation != self._db.generation:
            return None
        return entry

    def put(self, user_id: int, value: V, generation: int | None = None) -> None:
        """`generation`: the one the value was read at; by default, the current one."""
        self._entries[user_id] = _Entry(
            value, self._db.generation if generation is None else generation
        )

    def drop(self, user_id: int) -> None:
        self._entries.pop(user_id, None)
