"""Captured items: notes, requests, deadlines, reminders."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.models import Item, ItemKind, ItemStatus, NewItem, from_epoch, to_epoch
from storage.db import Database

_SELECT = (
    "SELECT items.*, clients.name AS client_name FROM items"
    " LEFT JOIN clients ON clients.id = items.client_id"
)


def _item(row: aiosqlite.Row) -> Item:
    due = row["due_at"]
    return Item(
        id=row["id"],
        user_id=row["user_id"],
        client_id=row["client_id"],
        client_name=row["client_name"],
        client_hint=row["client_hint"],
        kind=row["kind"],
        status=row["status"],
        title=row["title"],
        text=row["text"],
        due_at=from_epoch(due) if due is not None else None,
        has_time=bool(row["has_time"]),
        source=row["source"],
        file_id=row["file_id"],
        file_type=row["file_type"],
        chat_id=row["chat_id"],
        message_id=row["message_id"],
        reply_message_id=row["reply_message_id"],
        created_at=from_epoch(row["created_at"]),
    )


def _epoch_or_none(moment: datetime | None) -> int | None:
    return to_epoch(moment) if moment is not None else None


class ItemRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(self, new: NewItem) -> tuple[Item, bool]:
        """Store the item; (item, False) if this message was stored before (re-delivery)."""
        created = to_epoch(new.created_at)
        async with self._db.transaction() as conn:
            async with conn.execute(
                "INSERT INTO items (user_id, client_id, client_hint, kind, title, text, due_at,"
                " has_time, source, file_id, file_type, chat_id, message_id, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (user_id, chat_id, message_id) DO NOTHING RETURNING id",
                (
                    new.user_id,
                    new.client_id,
                    new.client_hint,
                    new.kind,
                    new.title,
                    new.text,
                    _epoch_or_none(new.due_at),
                    int(new.has_time),
                    new.source,
                    new.file_id,
                    new.file_type,
                    new.chat_id,
                    new.message_id,
                    created,
                    created,
                ),
            ) as cur:
                inserted = await cur.fetchone()
            if new.client_id is not None:
                await conn.execute(
                    "UPDATE clients SET last_used_at = ? WHERE id = ? AND user_id = ?",
                    (created, new.client_id, new.user_id),
                )
            async with conn.execute(
                f"{_SELECT} WHERE items.user_id = ? AND items.chat_id = ? AND items.message_id = ?",
                (new.user_id, new.chat_id, new.message_id),
            ) as cur:
                row = await cur.fetchone()
        assert row is not None
        return _item(row), inserted is not None

    async def get(self, user_id: int, item_id: int) -> Item | None:
        async with (
            self._db.read() as conn,
            conn.execute(
                f"{_SELECT} WHERE items.user_id = ? AND items.id = ?", (user_id, item_id)
            ) as cur,
        ):
            row = await cur.fetchone()
        return _item(row) if row else None

    async def by_message(self, user_id: int, chat_id: int, message_id: int) -> Item | None:
        async with (
            self._db.read() as conn,
            conn.execute(
                f"{_SELECT} WHERE items.user_id = ? AND items.chat_id = ? AND items.message_id = ?",
                (user_id, chat_id, message_id),
            ) as cur,
        ):
            row = await cur.fetchone()
        return _item(row) if row else None

    async def _update(
        self, user_id: int, item_id: int, now: datetime, sql: str, *args: object
    ) -> bool:
        # `sql` is a literal SET clause from the methods below, never user input.
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                f"UPDATE items SET {sql}, updated_at = ? WHERE user_id = ? AND id = ?",  # noqa: S608
                (*args, to_epoch(now), user_id, item_id),
            )
            return cur.rowcount > 0

    async def set_kind(self, user_id: int, item_id: int, kind: ItemKind, now: datetime) -> bool:
        return await self._update(user_id, item_id, now, "kind = ?", kind)

    async def set_client(
        self, user_id: int, item_id: int, client_id: int | None, now: datetime
    ) -> bool:
        return await self._update(
            user_id, item_id, now, "client_id = ?, client_hint = NULL", client_id
        )

    async def set_due(
        self, user_id: int, item_id: int, due: datetime | None, has_time: bool, now: datetime
    ) -> bool:
        return await self._update(
            user_id, item_id, now, "due_at = ?, has_time = ?", _epoch_or_none(due), int(has_time)
        )

    async def set_status(
        self, user_id: int, item_id: int, status: ItemStatus, now: datetime
    ) -> bool:
        closed = to_epoch(now) if status != "open" else None
        return await self._update(
            user_id, item_id, now, "status = ?, closed_at = ?", status, closed
        )

    async def replace_content(
        self,
        user_id: int,
        item_id: int,
        *,
        kind: ItemKind,
        title: str,
        text: str,
        client_id: int | None,
        client_hint: str | None,
        due: datetime | None,
        has_time: bool,
        now: datetime,
    ) -> bool:
        """Re-parsed content after the user edited their message."""
        return await self._update(
            user_id,
            item_id,
            now,
            "kind = ?, title = ?, text = ?, client_id = ?, client_hint = ?, due_at = ?,"
            " has_time = ?",
            kind,
            title,
            text,
            client_id,
            client_hint,
            _epoch_or_none(due),
            int(has_time),
        )

    async def set_reply_message(self, user_id: int, item_id: int, message_id: int) -> None:
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE items SET reply_message_id = ? WHERE user_id = ? AND id = ?",
                (message_id, user_id, item_id),
            )

    async def count(self, user_id: int) -> int:
        async with (
            self._db.read() as conn,
            conn.execute("SELECT count(*) FROM items WHERE user_id = ?", (user_id,)) as cur,
        ):
            row = await cur.fetchone()
        return int(row[0]) if row else 0
