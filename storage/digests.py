"""What the digest reads, for many users in one pass, and its per-user schedule."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, cast

import aiosqlite

from bot.agenda import AgendaInput, AgendaItem, CheckIn, ClientStatusLine, Yesterday
from bot.models import from_epoch, reminds_at, to_epoch
from storage.db import Database, placeholders
from storage.items import LATEST_SNOOZE


@dataclass(frozen=True, slots=True)
class DigestUser:
    user_id: int
    language: str
    timezone: str | None
    holidays_country: str | None
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
        holidays_country=row["holidays_country"],
        digest_time=_hhmm(row["digest_time"]),
        enabled=bool(row["digest_enabled"]),
        weekends=bool(row["digest_weekends"]),
        skip_empty=bool(row["digest_skip_empty"]),
        next_digest_at=from_epoch(next_at) if next_at is not None else None,
        last_digest_on=date.fromisoformat(last) if last else None,
    )


def _settings(user: DigestUser) -> tuple[object, ...]:
    """What a user's next digest moment is computed from."""
    return user.timezone, user.holidays_country, user.digest_time, user.enabled, user.weekends


async def _tuples(
    conn: aiosqlite.Connection, sql: str, params: Sequence[object]
) -> list[tuple[Any, ...]]:
    """All rows as plain tuples: the agenda's reads run to tens of thousands of rows, and
    an `aiosqlite.Row` around each would be one more object for the garbage collector."""
    async with conn.execute(sql, params) as cur:
        cur.row_factory = None
        return cast(list[tuple[Any, ...]], await cur.fetchall())


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
        self,
        user_id: int,
        next_at: datetime | None,
        sent_on: date | None = None,
        *,
        read: DigestUser | None = None,
    ) -> None:
        """Set the next digest moment; with `sent_on`, also record the day just served.

        `read`: the row `next_at` was computed from. The moment is then set only while
        the user's digest settings are still those: a /digest or /tz that came in
        meanwhile cleared the moment for the scheduler to compute again, and a stale one
        written over it would hold the old time (`sent_on` is recorded either way).
        """
        async with self._db.transaction() as conn:
            if read is not None:
                async with conn.execute("SELECT * FROM users WHERE user_id = ?", (user_id,)) as cur:
                    row = await cur.fetchone()
                if row is None or _settings(_digest_user(row)) != _settings(read):
                    if sent_on is not None:
                        await conn.execute(
                            "UPDATE users SET last_digest_on = ? WHERE user_id = ?",
                            (sent_on.isoformat(), user_id),
                        )
                    return
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
        now: datetime,
        window_end: datetime,
        horizon: datetime,
        yesterday: tuple[datetime, datetime] | None,
    ) -> dict[int, AgendaInput]:
        """Everything the agenda needs for many users, a handful of queries in all.

        Dated items are read only as far as the agenda can show them: a team date (or a
        reminder) before `window_end`, or a client date before `horizon` (the end of the
        agenda's promise window); overdue ones fall under both, and so does a snooze
        between `now` and `window_end`. Requests are read whatever their dates, because
        the agenda counts them all.
        """
        if not user_ids:
            return {}
        ids = tuple(user_ids)
        marks = placeholders(len(ids))
        items: dict[int, list[AgendaItem]] = defaultdict(list)
        clients: dict[int, list[ClientStatusLine]] = defaultdict(list)
        check_ins: dict[int, list[CheckIn]] = defaultdict(list)
        numbers: dict[int, Yesterday] = {}
        async with self._db.read() as conn:
            rows = await _tuples(
                conn,
                # An item's latest snooze (reminders_item), read once: a snoozed reminder
                # is due when it was snoozed to, not missed at its first time; any other
                # item waits for it (the agenda reads a snooze that is over as none).
                "SELECT items.user_id, items.id, items.kind, items.title, clients.name,"
                " items.due_at, items.client_due_at, items.created_at,"
                f" {LATEST_SNOOZE} AS snooze FROM items"
                " LEFT JOIN clients ON clients.id = items.client_id"
                f" WHERE items.user_id IN ({marks}) AND items.status = 'open'"
                " AND items.kind != 'note' AND (items.kind = 'request'"
                " OR items.due_at < ? OR items.client_due_at < ? OR snooze BETWEEN ? AND ?)"
                " ORDER BY items.user_id",
                (
                    *ids,
                    to_epoch(window_end),
                    to_epoch(horizon),
                    to_epoch(now) + 1,  # a snooze ahead, as the agenda reads it
                    to_epoch(window_end) - 1,
                ),
            )
            for user_id, item_id, kind, title, client, due, client_due, created, snooze in rows:
                snoozed = None if snooze is None else from_epoch(snooze)
                items[user_id].append(
                    AgendaItem(
                        item_id,
                        kind,
                        title,
                        client,
                        reminds_at(kind, None if due is None else from_epoch(due), snoozed),
                        None if client_due is None else from_epoch(client_due),
                        from_epoch(created),
                        snoozed,
                    )
                )
            rows = await _tuples(
                conn,
                "SELECT user_id, name, last_contact_at, next_report_on, next_payment_on, status,"
                " created_at, last_payment_on FROM clients"
                f" WHERE user_id IN ({marks}) AND status != 'archived'",
                ids,
            )
            for user_id, name, contact, report, payment, status, added, paid in rows:
                clients[user_id].append(
                    ClientStatusLine(
                        name,
                        None if contact is None else from_epoch(contact),
                        date.fromisoformat(report) if report else None,
                        date.fromisoformat(payment) if payment else None,
                        status,
                        from_epoch(added),
                        date.fromisoformat(paid) if paid else None,
                    )
                )
            rows = await _tuples(
                conn,
                # From the users' rules to their reminders (reminders_recurring): item
                # reminders are in no index by user.
                # A snoozed occurrence waits in a 'snooze' row of the same rule.
                "SELECT rec.user_id, rec.title, clients.name, r.due_at, r.kind FROM recurring rec"
                " JOIN reminders r ON r.recurring_id = rec.id"
                " LEFT JOIN clients ON clients.id = rec.client_id"
                f" WHERE rec.user_id IN ({marks}) AND r.status = 'pending'"
                " AND r.kind IN ('recurring', 'snooze') AND r.due_at < ?",
                (*ids, to_epoch(window_end)),
            )
            for user_id, title, client, due, kind in rows:
                check_ins[user_id].append(
                    CheckIn(title, client, from_epoch(due), snoozed=kind == "snooze")
                )
            if yesterday is not None:
                # Three ranges, one per index (items_user_created, forwards_user_received,
                # items_user_closed), instead of a scan of every row the users ever had.
                # "Forwards" are the client messages logged, not the items made of them.
                start, end = to_epoch(yesterday[0]), to_epoch(yesterday[1])
                rows = await _tuples(
                    conn,
                    "SELECT user_id, sum(what = 0), sum(what = 1), sum(what = 2) FROM ("
                    " SELECT user_id, 0 AS what FROM items"
                    f" WHERE user_id IN ({marks}) AND created_at >= ? AND created_at < ?"
                    " UNION ALL SELECT user_id, 1 FROM forwards"
                    f" WHERE user_id IN ({marks}) AND received_at >= ? AND received_at < ?"
                    " UNION ALL SELECT user_id, 2 FROM items"
                    f" WHERE user_id IN ({marks}) AND closed_at >= ? AND closed_at < ?"
                    " AND status = 'done') GROUP BY user_id",
                    (*ids, start, end, *ids, start, end, *ids, start, end),
                )
                for user_id, captured, forwards, closed in rows:
                    numbers[user_id] = Yesterday(captured, forwards, closed)
        return {
            user_id: AgendaInput(
                items=items[user_id],
                clients=clients[user_id],
                check_ins=check_ins[user_id],
                yesterday=numbers.get(user_id, Yesterday(0, 0, 0)) if yesterday else None,
            )
            for user_id in ids
        }
