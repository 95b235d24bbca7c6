"""One shared aiosqlite connection, serialised units of work, numbered migrations."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

import aiosqlite

log = logging.getLogger(__name__)

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


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
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()

    async def connect(self) -> None:
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, sqlite3 must not.
        conn = await aiosqlite.connect(self.path, isolation_level=None)
        conn.row_factory = aiosqlite.Row
        await conn.execute("PRAGMA journal_mode = WAL")
        await conn.execute("PRAGMA foreign_keys = ON")
        await conn.execute("PRAGMA busy_timeout = 5000")
        # WAL + NORMAL survives an application crash (the case we test); only an OS
        # crash can drop the last commits, and it costs one fsync less per commit.
        await conn.execute("PRAGMA synchronous = NORMAL")
        self._conn = conn

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise RuntimeError("database is not connected")
        return self._conn

    async def close(self) -> None:
        if self._conn is not None:
            async with self._lock:
                await self._conn.close()
                self._conn = None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """A write unit of work: committed when the block ends, rolled back on error."""
        async with self._lock:
            conn = self.conn
            await conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                await conn.execute("ROLLBACK")
                raise
            await conn.execute("COMMIT")

    @asynccontextmanager
    async def read(self) -> AsyncIterator[aiosqlite.Connection]:
        """A read: waits for any write in progress, so it never sees half of one."""
        async with self._lock:
            yield self.conn

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
            applied.append(version)
        return applied
