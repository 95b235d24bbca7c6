"""Rows for /export, streamed page by page so a large base never sits in memory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

from bot.export import ExportClient, ExportItem
from bot.models import from_epoch
from storage.db import Database

PAGE = 1000


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class ExportRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def has_anything(self, user_id: int) -> bool:
        """Whether the user has an item (deleted ones aside) or a client to export."""
        async with (
            self._db.read() as conn,
            conn.execute(
                "SELECT EXISTS (SELECT 1 FROM items WHERE user_id = ? AND status != 'deleted')"
                " OR EXISTS (SELECT 1 FROM clients WHERE user_id = ?)",
                (user_id, user_id),
            ) as cur,
        ):
            row = await cur.fetchone()
        return bool(row and row[0])

    async def items(self, user_id: int) -> AsyncIterator[ExportItem]:
        """Every item the user has (deleted ones excluded), oldest first, by keyset pages."""
        last_id = 0
        while True:
            async with (
                self._db.read() as conn,
                conn.execute(
                    "SELECT i.id, i.created_at, i.kind, i.status, c.name, i.title, i.text,"
                    " i.due_at, i.client_due_at, i.source, i.origin_sender, i.origin_date"
                    " FROM items i LEFT JOIN clients c ON c.id = i.client_id"
                    " WHERE i.user_id = ? AND i.id > ? AND i.status != 'deleted'"
                    " ORDER BY i.id LIMIT ?",
                    (user_id, last_id, PAGE),
                ) as cur,
            ):
                rows = list(await cur.fetchall())
            for row in rows:
                yield ExportItem(
                    id=row[0],
                    created_at=from_epoch(row[1]),
                    kind=row[2],
                    status=row[3],
                    client=row[4],
                    title=row[5],
                    text=row[6],
                    due_at=from_epoch(row[7]) if row[7] is not None else None,
                    client_due_at=from_epoch(row[8]) if row[8] is not None else None,
                    source=row[9],
                    origin_sender=row[10],
                    origin_date=from_epoch(row[11]) if row[11] is not None else None,
                )
            if len(rows) < PAGE:
                return
            last_id = rows[-1][0]

    async def clients(self, user_id: int, status: str | None = None) -> AsyncIterator[ExportClient]:
        async with (
            self._db.read() as conn,
            conn.execute(
                "SELECT c.*, (SELECT count(*) FROM items i WHERE i.user_id = c.user_id"
                " AND i.client_id = c.id AND i.status = 'open') AS open_items,"
                " (SELECT group_concat(name || CASE WHEN note != '' THEN ' — ' || note ELSE '' END,"
                " '; ') FROM client_contacts cc WHERE cc.client_id = c.id) AS contact_list"
                " FROM clients c WHERE c.user_id = ? AND (? IS NULL OR c.status = ?)"
                " ORDER BY c.name_key",
                (user_id, status, status),
            ) as cur,
        ):
            rows = list(await cur.fetchall())
        for row in rows:
            yield ExportClient(
                name=row["name"],
                status=row["status"],
                aliases=tuple(a for a in str(row["aliases"]).split("\n") if a),
                preferred_channel=row["preferred_channel"],
                email=row["email"],
                contacts=row["contact_list"] or "",
                last_payment=_day(row["last_payment_on"]),
                next_payment=_day(row["next_payment_on"]),
                next_report=_day(row["next_report_on"]),
                notes=row["notes"],
                open_items=row["open_items"],
            )
