"""Captured items: notes, requests, deadlines, reminders."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager, nullcontext
from datetime import datetime

import aiosqlite

from bot.models import (
    CardItem,
    Item,
    ItemKind,
    ItemStatus,
    NewItem,
    PlannedReminder,
    ReminderKind,
    from_epoch,
    to_epoch,
)
from bot.textsearch import owner_token
from storage.clients import ClientCache
from storage.db import Database, placeholders
from storage.reminders import HOLD_FOR_SNOOZE

# Given an item as it now stands, the reminders it is owed (a domain rule, injected).
Planner = Callable[[Item], Sequence[PlannedReminder]]
# Text to the stems the search index holds (bot.textsearch.normalize, injected).
Indexer = Callable[[str], str]
_ITEM_REMINDER_KINDS = ("internal", "client", "reminder")
# The item's own moment (a team deadline, a reminder's time), which a snooze puts off.
_OWN_MOMENT_KINDS: tuple[ReminderKind, ...] = ("internal", "reminder")
# What a capture writes behind (ItemRepository.flush) waits at most this long.
FLUSH_SECONDS = 1.0
# Items per unit of a flush: a second of captures can be a thousand, and one unit of
# them held the database (and every capture waiting for it) for 40-80 ms; one of 32 is
# about a millisecond of SQLite.
FLUSH_CHUNK = 32
_SET_REPLY = "UPDATE items SET reply_message_id = ? WHERE user_id = ? AND id = ?"
# Only for an item that still exists: one deleted meanwhile (/forget) leaves no entry.
_INDEX_IF_KEPT = (
    "INSERT OR REPLACE INTO item_search (rowid, owner, body)"
    " SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM items WHERE id = ?)"
)

log = logging.getLogger(__name__)

# FTS5 honours OR REPLACE on its rowid: the old entry's terms go with it.
_INDEX = "INSERT OR REPLACE INTO item_search (rowid, owner, body) VALUES (?, ?, ?)"

_SELECT = (
    "SELECT items.*, clients.name AS client_name FROM items"
    " LEFT JOIN clients ON clients.id = items.client_id"
)
# An item's latest snooze that was not cancelled (reminders_item), for the card, the
# timeline and the digest alike: one correlated lookup per row returned.
LATEST_SNOOZE = (
    "(SELECT max(r.due_at) FROM reminders r"
    " WHERE r.item_id = items.id AND r.kind = 'snooze' AND r.status != 'cancelled')"
)
_SELECT_SNOOZED = (
    f"SELECT items.*, clients.name AS client_name, {LATEST_SNOOZE} AS snooze"
    " FROM items LEFT JOIN clients ON clients.id = items.client_id"
)


def _item(row: aiosqlite.Row) -> Item:
    due = row["due_at"]
    client_due = row["client_due_at"]
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
        client_due_at=from_epoch(client_due) if client_due is not None else None,
        client_due_manual=bool(row["client_due_manual"]),
    )


def _card(row: aiosqlite.Row) -> CardItem:
    """A row of `_SELECT_SNOOZED`: the item with its latest snooze."""
    snooze = row["snooze"]
    return CardItem(_item(row), from_epoch(snooze) if snooze is not None else None)


async def read_snoozed(
    conn: aiosqlite.Connection, user_id: int, item_ids: Sequence[int]
) -> dict[int, CardItem]:
    """The user's items among `item_ids`, each with its latest snooze, in one query."""
    if not item_ids:
        return {}
    marks = placeholders(len(item_ids))
    rows = await conn.execute_fetchall(
        f"{_SELECT_SNOOZED} WHERE items.user_id = ? AND items.id IN ({marks})",
        (user_id, *item_ids),
    )
    return {row["id"]: _card(row) for row in rows}


def _epoch_or_none(moment: datetime | None) -> int | None:
    return to_epoch(moment) if moment is not None else None


def _stored_or_none(moment: datetime | None) -> datetime | None:
    """The moment as a read gives it back: whole seconds, in UTC."""
    return from_epoch(to_epoch(moment)) if moment is not None else None


def _new_item(new: NewItem, item_id: int, client_name: str | None) -> Item:
    """The item just inserted, as `_item` would read it back."""
    return Item(
        id=item_id,
        user_id=new.user_id,
        client_id=new.client_id,
        client_name=client_name,
        client_hint=new.client_hint,
        kind=new.kind,
        status="open",
        title=new.title,
        text=new.text,
        due_at=_stored_or_none(new.due_at),
        has_time=new.has_time,
        source=new.source,
        file_id=new.file_id,
        file_type=new.file_type,
        chat_id=new.chat_id,
        message_id=new.message_id,
        reply_message_id=None,
        created_at=from_epoch(to_epoch(new.created_at)),
        client_due_at=_stored_or_none(new.client_due_at),
        client_due_manual=new.client_due_manual,
    )


async def sync_reminders(
    conn: aiosqlite.Connection,
    item: Item,
    planned: Sequence[PlannedReminder],
    *,
    snoozes_stay: bool = False,
) -> None:
    """Make the item's pending reminder rows match `planned`, inside the caller's transaction.

    A reminder already sent for the same moment is kept (not sent again); one whose
    moment moved is re-armed; pending ones no longer planned are cancelled, and so
    are snoozes once the item is closed. A snooze puts off the item's own moment: when
    that moves (a new date, or none), its snoozes, pending or sent, are void, or the
    old one would still ring and still stand as the reminder's time (storage/digests.py).
    `snoozes_stay`: the moment moved only on the clock, not for the user (a change of
    time zone keeps its wall-clock time), so what they put off stays put off.
    """
    latest: dict[str, tuple[int, int, str]] = {}
    for row in await conn.execute_fetchall(
        "SELECT id, kind, due_at, status FROM reminders WHERE item_id = ? ORDER BY id",
        (item.id,),
    ):
        latest[row[1]] = (row[0], row[2], row[3])
    wanted = {plan.kind: to_epoch(plan.due_at) for plan in planned}
    snooze = latest.get("snooze")
    snoozed_to = snooze[1] if snooze is not None and snooze[2] != "cancelled" else None

    def live(row: tuple[int, int, str]) -> bool:
        """Pending or sent, or held back by a snooze that still stands (HOLD_FOR_SNOOZE)."""
        return row[2] != "cancelled" or (snoozed_to is not None and row[1] < snoozed_to)

    def armed(kind: str) -> int | None:
        row = latest.get(kind)
        return row[1] if row is not None and live(row) else None

    # From none to a date counts too: a request snoozed, then given a day.
    own_moment_moved = (not snoozes_stay and "snooze" in latest) and any(
        wanted.get(kind) != armed(kind) for kind in _OWN_MOMENT_KINDS
    )
    for kind, due in wanted.items():
        current = latest.get(kind)
        if current is not None and current[1] == due and live(current):
            continue
        if current is not None and current[2] in ("pending", "cancelled") and live(current):
            # Pending, or held: moved in place (a hold is applied again below).
            await conn.execute(
                "UPDATE reminders SET due_at = ?, next_attempt_at = ?, attempts = 0,"
                " status = 'pending' WHERE id = ?",
                (due, due, current[0]),
            )
        else:
            await conn.execute(
                "INSERT INTO reminders (user_id, item_id, kind, due_at, next_attempt_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (item.user_id, item.id, kind, due, due),
            )
    stale = [kind for kind in _ITEM_REMINDER_KINDS if kind not in wanted]
    if item.status != "open":
        stale.append("snooze")
    elif own_moment_moved:
        await conn.execute(
            "UPDATE reminders SET status = 'cancelled' WHERE item_id = ? AND kind = 'snooze'"
            " AND status IN ('pending', 'sent')",
            (item.id,),
        )
    if stale:
        marks = placeholders(len(stale))
        await conn.execute(
            "UPDATE reminders SET status = 'cancelled' WHERE item_id = ? AND status = 'pending'"
            f" AND kind IN ({marks})",
            (item.id, *stale),
        )
    if item.status == "open" and "snooze" in latest:
        # A moment moved to before a snooze that stands is held back as well (an item
        # never snoozed has nothing to hold, and most items never are).
        await conn.execute(HOLD_FOR_SNOOZE, (item.id, item.id))


async def index_item(
    conn: aiosqlite.Connection, indexer: Indexer | None, item_id: int, user_id: int, body: str
) -> None:
    """(Re)index one item inside the caller's transaction: the index never lags."""
    if indexer is None:
        return
    await conn.execute(_INDEX, (item_id, owner_token(user_id), indexer(body)))


class ItemRepository:
    def __init__(
        self, db: Database, planner: Planner | None = None, indexer: Indexer | None = None
    ) -> None:
        self._db = db
        self._planner: Planner = planner or (lambda item: ())
        self._indexer = indexer
        self._clients = db.cache(ClientCache)
        # Written behind (see `flush`): item id -> (user id, confirmation's message id),
        # and item id -> (user id, text) for the search index.
        self._replies: dict[int, tuple[int, int]] = {}
        self._unindexed: dict[int, tuple[int, str]] = {}
        self._flush_timer: asyncio.TimerHandle | None = None
        self._flushing: set[asyncio.Task[None]] = set()
        # A flush and a re-index of the same item must not overtake each other.
        self._flush_lock = asyncio.Lock()

    def _read(self, row: aiosqlite.Row) -> Item:
        """An item row, with its confirmation's id if that is still waiting to be written."""
        item = _item(row)
        waiting = self._replies.get(item.id) if item.reply_message_id is None else None
        if waiting is None or waiting[0] != item.user_id:
            return item
        return dataclasses.replace(item, reply_message_id=waiting[1])

    async def _select(self, conn: aiosqlite.Connection, user_id: int, item_id: int) -> Item | None:
        rows = list(
            await conn.execute_fetchall(
                f"{_SELECT} WHERE items.user_id = ? AND items.id = ?", (user_id, item_id)
            )
        )
        return self._read(rows[0]) if rows else None

    def note_reply(self, user_id: int, item_id: int, message_id: int) -> None:
        """Link the item to the bot's confirmation (written behind, see `flush`)."""
        self._replies[item_id] = (user_id, message_id)
        self._arm_flush()

    def _arm_flush(self) -> None:
        if self._flush_timer is None:
            loop = asyncio.get_running_loop()
            self._flush_timer = loop.call_later(FLUSH_SECONDS, self._flush_soon)

    def _flush_soon(self) -> None:
        self._flush_timer = None
        task = asyncio.get_running_loop().create_task(self.flush())
        self._flushing.add(task)
        task.add_done_callback(self._flushing.discard)

    async def close(self) -> None:
        """Write everything still waiting; before the database closes."""
        await asyncio.gather(*self._flushing, return_exceptions=True)
        await self.flush()

    async def flush(self) -> None:
        """Write what captures left behind: confirmation ids and search index entries.

        A capture commits its item, reminders and client use before the reply; the link
        to the confirmation and the item's search entry follow within FLUSH_SECONDS, many
        captures in one transaction on the database thread. That halves a capture's
        commit (the index alone was 0.07 ms of its 0.95, bench/bench_capture.py). Reads
        here see waiting reply ids at once; search calls this first, so it finds what was
        just written. A crash in that second loses only the link (an edit of the original
        message then gets no updated confirmation) and index entries, which the search
        backfill at start puts back (`SearchRepository.backfill`).
        """
        async with self._flush_lock:
            await self._flush()

    async def _flush(self) -> None:
        if self._flush_timer is not None:
            self._flush_timer.cancel()
            self._flush_timer = None
        # Copies: until they are committed, reads keep seeing the originals.
        replies, unindexed = dict(self._replies), dict(self._unindexed)
        waiting = sorted(replies.keys() | unindexed.keys())
        for start in range(0, len(waiting), FLUSH_CHUNK):
            chunk = waiting[start : start + FLUSH_CHUNK]
            if not await self._write_behind(
                {item: replies[item] for item in chunk if item in replies},
                {item: unindexed[item] for item in chunk if item in unindexed},
            ):
                return

    async def _write_behind(
        self, replies: dict[int, tuple[int, int]], unindexed: dict[int, tuple[int, str]]
    ) -> bool:
        """One unit of a flush; False if it failed (what it held stays waiting)."""
        links = [(message, user, item) for item, (user, message) in replies.items()]
        indexer = self._indexer
        entries: list[tuple[int, str, str, int]] = []

        def write(conn: sqlite3.Connection) -> None:
            conn.executemany(_SET_REPLY, links)
            conn.executemany(_INDEX_IF_KEPT, entries)

        try:
            # Stemmed here, not in the unit: Python on the database thread fights the
            # loop for the GIL while holding the database, and captures queue behind both.
            if indexer is not None:
                entries.extend(
                    (item, owner_token(user), indexer(text), item)
                    for item, (user, text) in unindexed.items()
                )
            # Off the loop's thread: SQLite's own work, which lets go of the GIL.
            await self._db.run(write, keeps_caches=True)
        except Exception as exc:  # noqa: BLE001 - kept in memory, the timer tries again
            log.warning("writing behind failed (%s); will retry", type(exc).__name__)
            self._arm_flush()
            return False
        except BaseException:
            self._arm_flush()  # cancelled: still waiting in memory
            raise
        for item, reply in replies.items():
            if self._replies.get(item) == reply:
                del self._replies[item]
        for item, entry in unindexed.items():
            if self._unindexed.get(item) == entry:
                del self._unindexed[item]
        return True

    def first_reminder(self, item: Item) -> datetime | None:
        """When the earliest reminder an open item is owed falls due (None: it is owed none)."""
        return min((plan.due_at for plan in self._planner(item)), default=None)

    async def _resync(
        self, conn: aiosqlite.Connection, user_id: int, item_id: int, *, snoozes_stay: bool
    ) -> None:
        item = await self._select(conn, user_id, item_id)
        if item is not None:
            planned = self._planner(item) if item.status == "open" else ()
            await sync_reminders(conn, item, planned, snoozes_stay=snoozes_stay)

    async def add(self, new: NewItem) -> tuple[Item, bool]:
        """Store the item; (item, False) if this message was stored before (re-delivery)."""
        created = to_epoch(new.created_at)

        def insert(conn: sqlite3.Connection) -> tuple[Item, bool]:
            inserted = conn.execute(
                "INSERT INTO items (user_id, client_id, client_hint, kind, title, text, due_at,"
                " has_time, source, file_id, file_type, chat_id, message_id, created_at,"
                " updated_at, client_due_at, padded_from, client_due_manual, origin_sender,"
                " origin_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (user_id, chat_id, message_id) DO NOTHING"
                " RETURNING id, (SELECT name FROM clients WHERE clients.id = items.client_id)",
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
                    _epoch_or_none(new.client_due_at),
                    created if new.client_due_at is not None else None,
                    int(new.client_due_manual),
                    new.origin_sender,
                    _epoch_or_none(new.origin_date),
                ),
            ).fetchone()
            if new.client_id is not None:
                conn.execute(
                    "UPDATE clients SET last_used_at = ? WHERE id = ? AND user_id = ?",
                    (created, new.client_id, new.user_id),
                )
            if inserted is None:
                existing = conn.execute(
                    f"{_SELECT} WHERE items.user_id = ? AND items.chat_id = ?"
                    " AND items.message_id = ?",
                    (new.user_id, new.chat_id, new.message_id),
                ).fetchone()
                return self._read(existing), False
            # A new row: no reminders of its own yet, nothing to reconcile.
            item = _new_item(new, inserted[0], inserted[1])
            wanted = {plan.kind: to_epoch(plan.due_at) for plan in self._planner(item)}
            conn.executemany(
                "INSERT INTO reminders (user_id, item_id, kind, due_at, next_attempt_at)"
                " VALUES (?, ?, ?, ?, ?)",
                [(item.user_id, item.id, kind, due, due) for kind, due in wanted.items()],
            )
            return item, True

        # Only rows the client cache follows itself change here (last_used_at, below).
        item, created_now = await self._db.run(insert, keeps_caches=True, inline=True)
        if created_now and self._indexer is not None:
            self._unindexed[item.id] = (item.user_id, new.text)
            self._arm_flush()
        if new.client_id is not None:
            self._clients.used(new.user_id, new.client_id, created)
        return item, created_now

    async def get(self, user_id: int, item_id: int) -> Item | None:
        async with self._db.read() as conn:
            return await self._select(conn, user_id, item_id)

    async def by_message(self, user_id: int, chat_id: int, message_id: int) -> Item | None:
        rows = await self._db.fetch_all(
            f"{_SELECT} WHERE items.user_id = ? AND items.chat_id = ? AND items.message_id = ?",
            (user_id, chat_id, message_id),
        )
        return self._read(rows[0]) if rows else None

    async def _update(
        self,
        user_id: int,
        item_id: int,
        now: datetime,
        sql: str,
        *args: object,
        reindex: str | None = None,
        snoozes_stay: bool = False,
    ) -> bool:
        # `sql` is a literal SET clause from the methods below, never user input.
        # Items, their reminders and search rows: nothing any cache holds.
        # A re-index and a flush must not overtake each other (see `flush`).
        guard: AbstractAsyncContextManager[object] = (
            self._flush_lock if reindex is not None else nullcontext()
        )
        async with guard:
            async with self._db.transaction(keeps_caches=True) as conn:
                cur = await conn.execute(
                    f"UPDATE items SET {sql}, updated_at = ? WHERE user_id = ? AND id = ?",
                    (*args, to_epoch(now), user_id, item_id),
                )
                if cur.rowcount == 0:
                    return False
                # The item's reminders and search entry change in the same transaction.
                await self._resync(conn, user_id, item_id, snoozes_stay=snoozes_stay)
                if reindex is not None:
                    await index_item(conn, self._indexer, item_id, user_id, reindex)
            if reindex is not None:
                # Committed: the new text wins over one waiting (the guard keeps a flush
                # from writing the old one in between).
                self._unindexed.pop(item_id, None)
            return True

    async def set_kind(
        self,
        user_id: int,
        item_id: int,
        kind: ItemKind,
        now: datetime,
        *,
        client_due: datetime | None = None,
    ) -> bool:
        """Change the kind; a padded client date set by hand survives the change."""
        return await self._update(
            user_id,
            item_id,
            now,
            "kind = ?, client_due_at = CASE WHEN client_due_manual THEN client_due_at ELSE ? END",
            kind,
            _epoch_or_none(client_due),
        )

    async def open_for_client(
        self, user_id: int, client_id: int, limit: int
    ) -> tuple[list[CardItem], int]:
        """The first `limit` open items of a client (dated first, soonest first) and how
        many are open in all: a card shows a handful, a big client has thousands.

        Each comes with its latest snooze (reminders_item), read once per item shown; a
        snoozed reminder takes its place among the dated ones by the time it was
        snoozed to (within the page the team dates chose)."""
        dated = await self._db.fetch_all(
            f"{_SELECT_SNOOZED} WHERE items.user_id = ? AND items.client_id = ?"
            " AND items.status = 'open' AND items.due_at IS NOT NULL"
            " ORDER BY items.due_at LIMIT ?",
            (user_id, client_id, limit),
        )
        undated = await self._db.fetch_all(
            f"{_SELECT_SNOOZED} WHERE items.user_id = ? AND items.client_id = ?"
            " AND items.status = 'open' AND items.due_at IS NULL"
            " ORDER BY items.id DESC LIMIT ?",
            (user_id, client_id, max(0, limit - len(dated))),
        )
        counted = await self._db.fetch_all(
            "SELECT count(*) FROM items WHERE user_id = ? AND client_id = ? AND status = 'open'",
            (user_id, client_id),
        )

        def when(card: CardItem) -> datetime:
            assert card.due_at is not None  # the dated ones
            return card.due_at

        cards = sorted((_card(row) for row in dated), key=when)
        cards.extend(_card(row) for row in undated)
        return cards, int(counted[0][0])

    async def open_dated(self, user_id: int) -> list[Item]:
        rows = await self._db.fetch_all(
            f"{_SELECT} WHERE items.user_id = ? AND items.status = 'open'"
            " AND items.due_at IS NOT NULL ORDER BY items.id",
            (user_id,),
        )
        return [_item(row) for row in rows]

    async def by_ids(self, item_ids: Sequence[int]) -> dict[int, Item]:
        """Items by id across users: for the reminder pump, which already holds owned ids."""
        if not item_ids:
            return {}
        marks = placeholders(len(item_ids))
        rows = await self._db.fetch_all(f"{_SELECT} WHERE items.id IN ({marks})", tuple(item_ids))
        return {row["id"]: _item(row) for row in rows}

    async def set_client(
        self, user_id: int, item_id: int, client_id: int | None, now: datetime
    ) -> bool:
        return await self._update(
            user_id, item_id, now, "client_id = ?, client_hint = NULL", client_id
        )

    async def set_due(
        self,
        user_id: int,
        item_id: int,
        due: datetime | None,
        has_time: bool,
        now: datetime,
        *,
        client_due: datetime | None = None,
        client_due_manual: bool = False,
        reopen: bool = False,
        snoozes_stay: bool = False,
    ) -> bool:
        """Move the team's deadline, with the client-facing date that goes with it.

        `reopen`: a closed item given a new date is open again, in the same transaction,
        so its reminders are armed for the new date and never for the old one.
        `snoozes_stay`: see `sync_reminders` (a change of time zone).
        """
        sql = "due_at = ?, has_time = ?, client_due_at = ?, client_due_manual = ?, padded_from = ?"
        if reopen:
            sql += ", status = 'open', closed_at = NULL"
        return await self._update(
            user_id,
            item_id,
            now,
            sql,
            _epoch_or_none(due),
            int(has_time),
            _epoch_or_none(client_due),
            int(client_due_manual),
            to_epoch(now),
            snoozes_stay=snoozes_stay,
        )

    async def set_client_due(
        self, user_id: int, item_id: int, client_due: datetime | None, manual: bool, now: datetime
    ) -> bool:
        return await self._update(
            user_id,
            item_id,
            now,
            "client_due_at = ?, client_due_manual = ?",
            _epoch_or_none(client_due),
            int(manual),
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
        client_due: datetime | None,
        now: datetime,
        file: tuple[str, str] | None = None,
        reopen: bool = False,
    ) -> bool:
        """Re-parsed content after the user edited their message; `file` (id, type): the
        file it carries now, None to keep the stored one; `reopen` as in `set_due`."""
        file_id, file_type = file or (None, None)
        return await self._update(
            user_id,
            item_id,
            now,
            "kind = ?, title = ?, text = ?, client_id = ?, client_hint = ?, due_at = ?,"
            " has_time = ?, client_due_at = ?, client_due_manual = 0, padded_from = ?,"
            " file_id = coalesce(?, file_id), file_type = coalesce(?, file_type)"
            + (", status = 'open', closed_at = NULL" if reopen else ""),
            kind,
            title,
            text,
            client_id,
            client_hint,
            _epoch_or_none(due),
            int(has_time),
            _epoch_or_none(client_due),
            to_epoch(now),
            file_id,
            file_type,
            reindex=text,
        )

    async def replace_file(
        self, user_id: int, item_id: int, file_id: str, file_type: str, now: datetime
    ) -> bool:
        """The file the message carries now, the rest as it is (the user replaced the
        photo, not what it says)."""
        return await self._update(
            user_id, item_id, now, "file_id = ?, file_type = ?", file_id, file_type
        )

    async def count(self, user_id: int) -> int:
        rows = await self._db.fetch_all("SELECT count(*) FROM items WHERE user_id = ?", (user_id,))
        return int(rows[0][0]) if rows else 0
