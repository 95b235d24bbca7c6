"""What the digest reads, for many users in one pass, and its per-user schedule."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

import aiosqlite

from bot.agenda import AgendaInput, AgendaItem, CheckIn, ClientStatusLine, Yesterday
from bot.models import from_epoch, to_epoch
from storage.db import Database


@dataclass(frozen=True, slots=True)
class DigestUser:
    user_id: int
    language: str
    timezone: str | None
    digest_time: time | None
    enabled: bool
    weekends: bool
    skip_empty: bool
    next_digest_at: datetime | None
    last_digest_on: date | None


def _hhmm(value: str | None) -> time | None:
    if not value:
        return None
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def _digest_user(row: aiosqlite.Row) -> DigestUser:
    next_at = row["next_digest_at"]
    last = row["last_digest_on"]
    return DigestUser(
        user_id=row["user_id"],
        language=row["language"],
        timezone=row["timezone"],
        digest_time=_hhmm(row["digest_time"]),
        enabled=bool(row["digest_enabled"]),
        weekends=bool(row["digest_weekends"]),
        skip_empty=bool(row["digest_skip_empty"]),
        next_digest_at=from_epoch(next_at) if next_at is not None else None,
        last_digest_on=date.fromisoformat(last) if last else None,
    )


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


class DigestRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def user(self, user_id: int) -> DigestUser | None:
        async with (
            self._db.read() as conn,
            conn.execute("SELECT * FROM users WHERE user_id = ?", (user_id,)) as cur,
        ):
            row = await cur.fetchone()
        return _digest_user(row) if row else None

    async def unscheduled(self, limit: int = 1000) -> list[DigestUser]:
        async with (
            self._db.read() as conn,
            conn.execute(
                "SELECT * FROM users WHERE digest_enabled = 1 AND active = 1"
                " AND next_digest_at IS NULL LIMIT ?",
                (limit,),
            ) as cur,
        ):
            return [_digest_user(row) for row in await cur.fetchall()]

    async def due(self, now: datetime, limit: int = 1000) -> list[DigestUser]:
        async with (
            self._db.read() as conn,
            conn.execute(
                "SELECT * FROM users WHERE digest_enabled = 1 AND active = 1"
                " AND next_digest_at <= ? ORDER BY next_digest_at LIMIT ?",
                (to_epoch(now), limit),
            ) as cur,
        ):
            return [_digest_user(row) for row in await cur.fetchall()]

    async def next_due(self) -> datetime | None:
        async with (
            self._db.read() as conn,
            conn.execute(
                "SELECT min(next_digest_at) FROM users WHERE digest_enabled = 1 AND active = 1"
            ) as cur,
        ):
            row = await cur.fetchone()
        return from_epoch(row[0]) if row and row[0] is not None else None

    async def schedule(
        self, user_id: int, next_at: datetime | None, sent_on: date | None = None
    ) -> None:
        """Set the next digest moment; with `sent_on`, also record the day just served."""
        async with self._db.transaction() as conn:
            if sent_on is None:
                await conn.execute(
                    "UPDATE users SET next_digest_at = ? WHERE user_id = ?",
                    (to_epoch(next_at) if next_at else None, user_id),
                )
            else:
                await conn.execute(
                    "UPDATE users SET next_digest_at = ?, last_digest_on = ? WHERE user_id = ?",
                    (to_epoch(next_at) if next_at else None, sent_on.isoformat(), user_id),
                )

    async def set_preferences(
        self,
        user_id: int,
        *,
        digest_time: time | None = None,
        enabled: bool | None = None,
        weekends: bool | None = None,
        skip_empty: bool | None = None,
    ) -> None:
        """Change what was given; the schedule is recomputed by the caller."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE users SET digest_time = coalesce(?, digest_time),"
                " digest_enabled = coalesce(?, digest_enabled),"
                " digest_weekends = coalesce(?, digest_weekends),"
                " digest_skip_empty = coalesce(?, digest_skip_empty),"
                " next_digest_at = NULL WHERE user_id = ?",
                (
                    digest_time.strftime("%H:%M") if digest_time else None,
                    None if enabled is None else int(enabled),
                    None if weekends is None else int(weekends),
                    None if skip_empty is None else int(skip_empty),
                    user_id,
                ),
            )

    async def agenda_inputs(
        self,
        user_ids: Sequence[int],
        *,
        window_end: datetime,
        yesterday: tuple[datetime, datetime] | None,
    ) -> dict[int, AgendaInput]:
        """Everything the agenda needs for many users, a handful of queries in all."""
        if not user_ids:
            return {}
        ids = tuple(user_ids)
        items: dict[int, list[AgendaItem]] = defaultdict(list)
        clients: dict[int, list[ClientStatusLine]] = defaultdict(list)
        check_ins: dict[int, list[CheckIn]] = defaultdict(list)
        numbers: dict[int, Yesterday] = {}
        async with self._db.read() as conn:
            async with conn.execute(
                "SELECT items.id, items.user_id, items.kind, items.title, items.due_at,"
                " items.client_due_at, items.created_at, clients.name FROM items"
                " LEFT JOIN clients ON clients.id = items.client_id"
                f" WHERE items.user_id IN ({_marks(ids)}) AND items.status = 'open'"
                " AND items.kind != 'note' ORDER BY items.user_id, items.due_at",
                ids,
            ) as cur:
                for row in await cur.fetchall():
                    items[row[1]].append(
                        AgendaItem(
                            id=row[0],
                            kind=row[2],
                            title=row[3],
                            client=row[7],
                            due_at=from_epoch(row[4]) if row[4] is not None else None,
                            client_due_at=from_epoch(row[5]) if row[5] is not None else None,
                            created_at=from_epoch(row[6]),
                        )
                    )
            async with conn.execute(
                "SELECT user_id, name, last_contact_at, next_report_on, next_payment_on, status"
                f" FROM clients WHERE user_id IN ({_marks(ids)}) AND status != 'archived'",
                ids,
            ) as cur:
                for row in await cur.fetchall():
                    clients[row[0]].append(
                        ClientStatusLine(
                            name=row[1],
                            last_contact_at=from_epoch(row[2]) if row[2] is not None else None,
                            next_report_at=date.fromisoformat(row[3]) if row[3] else None,
                            next_payment_at=date.fromisoformat(row[4]) if row[4] else None,
                            status=row[5],
                        )
                    )
            async with conn.execute(
                "SELECT r.user_id, rec.title, clients.name, r.due_at FROM reminders r"
                " JOIN recurring rec ON rec.id = r.recurring_id"
                " LEFT JOIN clients ON clients.id = rec.client_id"
                f" WHERE r.user_id IN ({_marks(ids)}) AND r.status = 'pending'"
                " AND r.kind = 'recurring' AND r.due_at < ?",
                (*ids, to_epoch(window_end)),
            ) as cur:
                for row in await cur.fetchall():
                    check_ins[row[0]].append(
                        CheckIn(title=row[1], client=row[2], at=from_epoch(row[3]))
                    )
            if yesterday is not None:
                start, end = to_epoch(yesterday[0]), to_epoch(yesterday[1])
                async with conn.execute(
                    "SELECT user_id,"
                    " sum(source != 'forwarded' AND created_at >= ? AND created_at < ?),"
                    " sum(source = 'forwarded' AND created_at >= ? AND created_at < ?),"
                    " sum(closed_at >= ? AND closed_at < ? AND status = 'done')"
                    f" FROM items WHERE user_id IN ({_marks(ids)}) GROUP BY user_id",
                    (start, end, start, end, start, end, *ids),
                ) as cur:
                    for row in await cur.fetchall():
                        numbers[row[0]] = Yesterday(
                            captured=int(row[1] or 0),
                            forwards=int(row[2] or 0),
                            closed=int(row[3] or 0),
                        )
        return {
            user_id: AgendaInput(
                items=items[user_id],
                clients=clients[user_id],
                check_ins=check_ins[user_id],
                yesterday=numbers.get(user_id, Yesterday(0, 0, 0)) if yesterday else None,
            )
            for user_id in ids
        }
