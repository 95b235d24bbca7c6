"""The call in progress (/call Acme … /end) and pending questions to the user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.models import from_epoch, to_epoch
from storage.db import Database


@dataclass(frozen=True, slots=True)
class ActiveCall:
    client_id: int
    client_name: str
    last_activity_at: datetime


@dataclass(frozen=True, slots=True)
class Prompt:
    action: str
    item_id: int | None
    created_at: datetime
    client_id: int | None = None


class CallRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, user_id: int) -> ActiveCall | None:
        async with (
            self._db.read() as conn,
            conn.execute(
                "SELECT calls.client_id, clients.name, calls.last_activity_at FROM calls"
                " JOIN clients ON clients.id = calls.client_id WHERE calls.user_id = ?",
                (user_id,),
            ) as cur,
        ):
            row = await cur.fetchone()
        if row is None:
            return None
        return ActiveCall(row[0], row[1], from_epoch(row[2]))

    async def start(self, user_id: int, client_id: int, now: datetime) -> None:
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO calls (user_id, client_id, started_at, last_activity_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
                " client_id = excluded.client_id, started_at = excluded.started_at,"
                " last_activity_at = excluded.last_activity_at",
                (user_id, client_id, to_epoch(now), to_epoch(now)),
            )

    async def touch(self, user_id: int, now: datetime) -> None:
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE calls SET last_activity_at = ? WHERE user_id = ?", (to_epoch(now), user_id)
            )

    async def end(self, user_id: int) -> None:
        async with self._db.transaction() as conn:
            await conn.execute("DELETE FROM calls WHERE user_id = ?", (user_id,))


class PromptRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, user_id: int) -> Prompt | None:
        async with (
            self._db.read() as conn,
            conn.execute(
                "SELECT action, item_id, created_at, client_id FROM prompts WHERE user_id = ?",
                (user_id,),
            ) as cur,
        ):
            row = await cur.fetchone()
        return Prompt(row[0], row[1], from_epoch(row[2]), row[3]) if row else None

    async def set(
        self,
        user_id: int,
        action: str,
        item_id: int | None,
        now: datetime,
        *,
        client_id: int | None = None,
    ) -> None:
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO prompts (user_id, action, item_id, client_id, created_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
                " action = excluded.action, item_id = excluded.item_id,"
                " client_id = excluded.client_id, created_at = excluded.created_at",
                (user_id, action, item_id, client_id, to_epoch(now)),
            )

    async def clear(self, user_id: int) -> None:
        async with self._db.transaction() as conn:
            await conn.execute("DELETE FROM prompts WHERE user_id = ?", (user_id,))
