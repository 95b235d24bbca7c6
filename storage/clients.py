"""Clients of one user: names, aliases, status."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.models import Client, PadOverride, to_epoch
from storage.db import Database
from storage.users import pad_override


def name_key(name: str) -> str:
    return " ".join(name.casefold().split())


def _client(row: aiosqlite.Row) -> Client:
    aliases = tuple(alias for alias in str(row["aliases"]).split("\n") if alias)
    return Client(
        id=row["id"],
        user_id=row["user_id"],
        name=row["name"],
        aliases=aliases,
        status=row["status"],
        pad=pad_override(row),
    )


class ClientRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def all(self, user_id: int) -> list[Client]:
        async with (
            self._db.read() as conn,
            conn.execute(
                "SELECT * FROM clients WHERE user_id = ? ORDER BY last_used_at DESC, id", (user_id,)
            ) as cur,
        ):
            return [_client(row) for row in await cur.fetchall()]

    async def recent(self, user_id: int, limit: int = 6) -> list[Client]:
        async with (
            self._db.read() as conn,
            conn.execute(
                "SELECT * FROM clients WHERE user_id = ? AND status != 'archived'"
                " ORDER BY last_used_at DESC, id LIMIT ?",
                (user_id, limit),
            ) as cur,
        ):
            return [_client(row) for row in await cur.fetchall()]

    async def get(self, user_id: int, client_id: int) -> Client | None:
        async with (
            self._db.read() as conn,
            conn.execute(
                "SELECT * FROM clients WHERE user_id = ? AND id = ?", (user_id, client_id)
            ) as cur,
        ):
            row = await cur.fetchone()
        return _client(row) if row else None

    async def create(self, user_id: int, name: str, now: datetime) -> Client:
        """Create the client, or return the existing one with the same name."""
        clean = " ".join(name.split())
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO clients (user_id, name, name_key, created_at, last_used_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, name_key) DO NOTHING",
                (user_id, clean, name_key(clean), to_epoch(now), to_epoch(now)),
            )
            async with conn.execute(
                "SELECT * FROM clients WHERE user_id = ? AND name_key = ?",
                (user_id, name_key(clean)),
            ) as cur:
                row = await cur.fetchone()
        assert row is not None
        return _client(row)

    async def touch(self, user_id: int, client_id: int, now: datetime) -> None:
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE clients SET last_used_at = ? WHERE user_id = ? AND id = ?",
                (to_epoch(now), user_id, client_id),
            )

    async def set_pad(self, user_id: int, client_id: int, pad: PadOverride) -> None:
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE clients SET pad_days = ?, pad_percent = ?, pad_enabled = ?"
                " WHERE user_id = ? AND id = ?",
                (
                    pad.days,
                    pad.percent,
                    None if pad.enabled is None else int(pad.enabled),
                    user_id,
                    client_id,
                ),
            )
