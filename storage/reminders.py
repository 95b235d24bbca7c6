"""Reminder rows: what is due, what was sent, snoozes, recurring check-ins."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.models import PlannedReminder, ReminderKind, from_epoch, to_epoch
from storage.db import Database


@dataclass(frozen=True, slots=True)
class ReminderRow:
    id: int
    user_id: int
    item_id: int | None
    recurring_id: int | None
    kind: ReminderKind
    due_at: datetime
    attempts: int
    language: str
    timezone: str | None


@dataclass(frozen=True, slots=True)
class RecurringRow:
    id: int
    user_id: int
    client_id: int | None
    client_name: str | None
    title: str
    rule: str
    next_at: datetime | None
    active: bool = True
    reply_message_id: int | None = None  # the bot's confirmation, edited on changes


# A snoozed item's own reminders due before the snooze are held back: the snooze comes
# at its moment saying what they would have said (bot.reminders.shown_as), once. Held
# rows are cancelled; `storage.items.sync_reminders` counts them as still armed while
# a snooze after them stands, so no later change of the item arms them again.
HOLD_FOR_SNOOZE = (
    "UPDATE reminders SET status = 'cancelled' WHERE item_id = ? AND status = 'pending'"
    " AND kind IN ('internal', 'client', 'reminder') AND due_at < ("
    "SELECT max(due_at) FROM reminders WHERE item_id = ? AND kind = 'snooze'"
    " AND status = 'pending')"
)


# A rule's next occurrence, pending: created, resumed, or replaced by an edit.
_OCCURRENCE = (
    "INSERT INTO reminders (user_id, recurring_id, kind, due_at, next_attempt_at)"
    " VALUES (?, ?, 'recurring', ?, ?)"
)


def _occurrence(user_id: int, recurring_id: int, at: datetime) -> tuple[int, int, int, int]:
    return (user_id, recurring_id, to_epoch(at), to_epoch(at))


def _reminder(row: aiosqlite.Row) -> ReminderRow:
    return ReminderRow(
        id=row["id"],
        user_id=row["user_id"],
        item_id=row["item_id"],
        recurring_id=row["recurring_id"],
        kind=row["kind"],
        due_at=from_epoch(row["due_at"]),
        attempts=row["attempts"],
        language=row["language"],
        timezone=row["timezone"],
    )


class ReminderRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def next_due(self) -> datetime | None:
        """When the earliest pending reminder of an active user falls due."""
        async with (
            self._db.read() as conn,
            conn.execute(
                "SELECT min(r.next_attempt_at) FROM reminders r"
                " JOIN users u ON u.user_id = r.user_id AND u.active = 1"
                " WHERE r.status = 'pending'"
            ) as cur,
        ):
            row = await cur.fetchone()
        return from_epoch(row[0]) if row and row[0] is not None else None

    async def due(self, now: datetime, limit: int = 500) -> list[ReminderRow]:
        async with (
            self._db.read() as conn,
            conn.execute(
                "SELECT r.*, u.language, u.timezone FROM reminders r"
                " JOIN users u ON u.user_id = r.user_id AND u.active = 1"
                " WHERE r.status = 'pending' AND r.next_attempt_at <= ?"
                " ORDER BY r.next_attempt_at, r.id LIMIT ?",
                (to_epoch(now), limit),
            ) as cur,
        ):
            return [_reminder(row) for row in await cur.fetchall()]

    async def mark_sent(
        self,
        reminder_id: int,
        due_at: datetime,
        message_id: int | None,
        now: datetime,
        late: bool,
    ) -> None:
        """Mark the reminder sent for the moment it was read with: if the item moved
        while the message was on its way, the row now holds a new moment still owed."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE reminders SET status = 'sent', sent_at = ?, message_id = ?, late = ?,"
                " attempts = attempts + 1 WHERE id = ? AND status = 'pending' AND due_at = ?",
                (to_epoch(now), message_id, int(late), reminder_id, to_epoch(due_at)),
            )

    async def retry_later(self, reminder_id: int, at: datetime) -> None:
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE reminders SET attempts = attempts + 1, next_attempt_at = ?"
                " WHERE id = ? AND status = 'pending'",
                (to_epoch(at), reminder_id),
            )

    async def mark_failed(self, reminder_id: int) -> None:
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE reminders SET status = 'failed', attempts = attempts + 1"
                " WHERE id = ? AND status = 'pending'",
                (reminder_id,),
            )

    async def snooze(self, user_id: int, item_id: int, until: datetime) -> None:
        """One more reminder for the item at `until` (an earlier snooze is replaced); its
        reminders due before then are held back (`HOLD_FOR_SNOOZE`)."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE reminders SET status = 'cancelled' WHERE user_id = ? AND item_id = ?"
                " AND kind = 'snooze' AND status = 'pending'",
                (user_id, item_id),
            )
            await conn.execute(
                "INSERT INTO reminders (user_id, item_id, kind, due_at, next_attempt_at)"
                " SELECT user_id, id, 'snooze', ?, ? FROM items"
                " WHERE user_id = ? AND id = ? AND status = 'open'",
                (to_epoch(until), to_epoch(until), user_id, item_id),
            )
            await conn.execute(HOLD_FOR_SNOOZE, (item_id, item_id))

    async def sent_as(self, user_id: int, item_id: int, message_id: int) -> ReminderRow | None:
        """The item's reminder that was delivered as this message (None: none was)."""
        async with (
            self._db.read() as conn,
            # By the item first (reminders_item): the message id has no index.
            conn.execute(
                "SELECT r.*, u.language, u.timezone FROM reminders r"
                " JOIN users u ON u.user_id = r.user_id"
                " WHERE r.item_id = ? AND r.user_id = ? AND r.message_id = ?"
                " ORDER BY r.id DESC LIMIT 1",
                (item_id, user_id, message_id),
            ) as cur,
        ):
            row = await cur.fetchone()
        return _reminder(row) if row is not None else None

    async def pending_for_item(self, user_id: int, item_id: int) -> list[tuple[str, datetime]]:
        async with (
            self._db.read() as conn,
            conn.execute(
                "SELECT kind, due_at FROM reminders WHERE user_id = ? AND item_id = ?"
                " AND status = 'pending' ORDER BY due_at",
                (user_id, item_id),
            ) as cur,
        ):
            return [(row[0], from_epoch(row[1])) for row in await cur.fetchall()]

    async def sent_for_open_items(self, user_id: int) -> dict[int, set[PlannedReminder]]:
        """The reminders already sent for the user's open items, by item id."""
        async with (
            self._db.read() as conn,
            conn.execute(
                "SELECT r.item_id, r.kind, r.due_at FROM items i"
                " JOIN reminders r ON r.item_id = i.id AND r.status = 'sent'"
                " WHERE i.user_id = ? AND i.status = 'open' AND i.due_at IS NOT NULL",
                (user_id,),
            ) as cur,
        ):
            sent: dict[int, set[PlannedReminder]] = {}
            for item_id, kind, due_at in await cur.fetchall():
                sent.setdefault(item_id, set()).add(PlannedReminder(kind, from_epoch(due_at)))
            return sent

    # --- recurring check-ins -----------------------------------------------------------

    async def add_recurring(
        self,
        *,
        user_id: int,
        client_id: int | None,
        title: str,
        rule: str,
        chat_id: int,
        message_id: int,
        first_at: datetime,
        now: datetime,
    ) -> tuple[int, bool]:
        """Store the rule and its first occurrence; (id, created) — False on re-delivery."""

        def insert(conn: sqlite3.Connection) -> tuple[int, bool]:
            inserted = conn.execute(
                "INSERT INTO recurring (user_id, client_id, title, rule, chat_id, message_id,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (user_id, chat_id, message_id) DO NOTHING RETURNING id",
                (user_id, client_id, title, rule, chat_id, message_id, to_epoch(now)),
            ).fetchone()
            if inserted is None:
                existing = conn.execute(
                    "SELECT id FROM recurring WHERE user_id = ? AND chat_id = ? AND message_id = ?",
                    (user_id, chat_id, message_id),
                ).fetchone()
                assert existing is not None
                return int(existing[0]), False
            conn.execute(_OCCURRENCE, _occurrence(user_id, inserted[0], first_at))
            return int(inserted[0]), True

        # A capture like ItemRepository.add: two indexed inserts, inline on the loop's
        # thread. As a transaction of awaits it took 3.5 ms, most of it thread hand-offs
        # and the cached users and clients it needlessly dropped (bench/bench_capture.py).
        return await self._db.run(insert, keeps_caches=True, inline=True)

    async def recurring(
        self, user_id: int, recurring_id: int | None = None, *, stopped: bool = False
    ) -> list[RecurringRow]:
        """The user's active rules, or one of them; `stopped` also finds a stopped one."""
        where = " WHERE rec.user_id = ?"
        if not stopped:
            where += " AND rec.active = 1"
        params: tuple[int, ...] = (user_id,)
        if recurring_id is not None:
            where += " AND rec.id = ?"
            params = (user_id, recurring_id)
        return await self._recurring_rows(where, params)

    async def recurring_by_message(
        self, user_id: int, chat_id: int, message_id: int
    ) -> RecurringRow | None:
        """The rule the user's message set up, stopped or not (None: it set up none)."""
        rows = await self._recurring_rows(
            " WHERE rec.user_id = ? AND rec.chat_id = ? AND rec.message_id = ?",
            (user_id, chat_id, message_id),
        )
        return rows[0] if rows else None

    async def _recurring_rows(self, where: str, params: tuple[int, ...]) -> list[RecurringRow]:
        # `where` is a literal clause from the methods above, never user input.
        query = (
            "SELECT rec.id, rec.user_id, rec.client_id, clients.name, rec.title, rec.rule,"
            " (SELECT min(due_at) FROM reminders r WHERE r.recurring_id = rec.id"
            "  AND r.status = 'pending' AND r.kind = 'recurring') AS next_at,"
            " rec.active, rec.reply_message_id"
            " FROM recurring rec LEFT JOIN clients ON clients.id = rec.client_id"
        )
        async with (
            self._db.read() as conn,
            conn.execute(query + where + " ORDER BY rec.id", params) as cur,
        ):
            return [
                RecurringRow(
                    id=row[0],
                    user_id=row[1],
                    client_id=row[2],
                    client_name=row[3],
                    title=row[4],
                    rule=row[5],
                    next_at=from_epoch(row[6]) if row[6] is not None else None,
                    active=bool(row[7]),
                    reply_message_id=row[8],
                )
                for row in await cur.fetchall()
            ]

    async def note_recurring_reply(self, user_id: int, recurring_id: int, message_id: int) -> None:
        """Link the rule to the bot's confirmation (the message an edit updates)."""
        async with self._db.transaction(keeps_caches=True) as conn:
            await conn.execute(
                "UPDATE recurring SET reply_message_id = ? WHERE user_id = ? AND id = ?",
                (message_id, user_id, recurring_id),
            )

    async def replace_recurring(
        self,
        user_id: int,
        recurring_id: int,
        *,
        client_id: int | None,
        title: str,
        rule: str,
        next_at: datetime,
        reply_message_id: int | None,
    ) -> bool:
        """The user edited the rule's message: new content, running (again) from `next_at`.

        The pending occurrence is replaced by one at `next_at`; a stopped rule (its message
        was an item meanwhile) runs again. False when the rule is not the user's.
        """
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "UPDATE recurring SET client_id = ?, title = ?, rule = ?, active = 1,"
                " reply_message_id = coalesce(?, reply_message_id) WHERE user_id = ? AND id = ?"
                " AND (? IS NULL OR ? IN (SELECT id FROM clients WHERE user_id = ?))",
                (
                    client_id,
                    title,
                    rule,
                    reply_message_id,
                    user_id,
                    recurring_id,
                    client_id,
                    client_id,
                    user_id,
                ),
            )
            if not cur.rowcount:
                return False
            await conn.execute(
                "UPDATE reminders SET status = 'cancelled' WHERE user_id = ? AND recurring_id = ?"
                " AND status = 'pending'",
                (user_id, recurring_id),
            )
            await conn.execute(_OCCURRENCE, _occurrence(user_id, recurring_id, next_at))
            return True

    async def sent_and_next(
        self, reminder_id: int, message_id: int | None, now: datetime, late: bool, next_at: datetime
    ) -> None:
        """A recurring occurrence was delivered: mark it and arm the next, atomically."""
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "UPDATE reminders SET status = 'sent', sent_at = ?, message_id = ?, late = ?,"
                " attempts = attempts + 1 WHERE id = ? AND status = 'pending'",
                (to_epoch(now), message_id, int(late), reminder_id),
            )
            if cur.rowcount:
                await conn.execute(
                    "INSERT INTO reminders (user_id, recurring_id, kind, due_at, next_attempt_at)"
                    " SELECT user_id, recurring_id, 'recurring', ?, ? FROM reminders"
                    " WHERE id = ? AND recurring_id IN (SELECT id FROM recurring WHERE active = 1)",
                    (to_epoch(next_at), to_epoch(next_at), reminder_id),
                )

    async def cancel_recurring(self, user_id: int, recurring_id: int) -> bool:
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "UPDATE recurring SET active = 0 WHERE user_id = ? AND id = ? AND active = 1",
                (user_id, recurring_id),
            )
            await conn.execute(
                "UPDATE reminders SET status = 'cancelled' WHERE user_id = ? AND recurring_id = ?"
                " AND status = 'pending'",
                (user_id, recurring_id),
            )
            return cur.rowcount > 0

    async def resume_recurring(self, user_id: int, recurring_id: int, at: datetime) -> bool:
        """Undo `cancel_recurring`: the rule is active again, its next occurrence at `at`."""
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "UPDATE recurring SET active = 1 WHERE user_id = ? AND id = ? AND active = 0",
                (user_id, recurring_id),
            )
            if not cur.rowcount:
                return False
            await conn.execute(_OCCURRENCE, _occurrence(user_id, recurring_id, at))
            return True

    async def set_recurring_client(
        self, user_id: int, recurring_id: int, client_id: int | None
    ) -> bool:
        """File an active rule under the user's client (None: the Inbox)."""
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "UPDATE recurring SET client_id = ? WHERE user_id = ? AND id = ? AND active = 1"
                " AND (? IS NULL OR ? IN (SELECT id FROM clients WHERE user_id = ?))",
                (client_id, user_id, recurring_id, client_id, client_id, user_id),
            )
            return cur.rowcount > 0

    async def reschedule_recurring(self, user_id: int, recurring_id: int, at: datetime) -> None:
        """The rule's next occurrence moves to `at`; a snooze of it keeps its moment."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE reminders SET due_at = ?, next_attempt_at = ? WHERE user_id = ?"
                " AND recurring_id = ? AND status = 'pending' AND kind = 'recurring'",
                (to_epoch(at), to_epoch(at), user_id, recurring_id),
            )

    async def snooze_recurring(self, user_id: int, recurring_id: int, until: datetime) -> bool:
        """One more reminder of an active rule at `until` (an earlier snooze is replaced);
        its own occurrences run on as they were. False when the rule is not the user's
        or is stopped."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE reminders SET status = 'cancelled' WHERE user_id = ? AND recurring_id = ?"
                " AND kind = 'snooze' AND status = 'pending'",
                (user_id, recurring_id),
            )
            cur = await conn.execute(
                "INSERT INTO reminders (user_id, recurring_id, kind, due_at, next_attempt_at)"
                " SELECT user_id, id, 'snooze', ?, ? FROM recurring"
                " WHERE user_id = ? AND id = ? AND active = 1",
                (to_epoch(until), to_epoch(until), user_id, recurring_id),
            )
            return cur.rowcount > 0
