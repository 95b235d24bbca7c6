"""Full-text search over one user's items and logged conversations (FTS5 over stems)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from bot.models import from_epoch, to_epoch
from bot.textsearch import forward_document, owner_token, written_query
from storage.db import Database
from storage.items import Indexer

log = logging.getLogger(__name__)
BACKFILL_BATCH = 2000
# Queries kept per user for the page buttons of their recent search answers.
KEPT_QUERIES = 50
# A piece of SQL and its arguments.
_Sql = tuple[str, tuple[object, ...]]


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: Literal["item", "forward"]
    id: int
    at: datetime
    client: str | None
    title: str  # the item's kind icon key or the sender's name
    text: str
    done: bool = False  # an item closed since: the hit is history, not work


class SearchRepository:
    def __init__(
        self,
        db: Database,
        indexer: Indexer,
        written_behind: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        """`written_behind`: writes index entries still waiting (`ItemRepository.flush`),
        so a search finds what was captured a moment ago."""
        self._db = db
        self._indexer = indexer
        self._written_behind = written_behind

    async def written_whole(self, user_id: int, stems: list[str]) -> frozenset[str]:
        """The stems this user's items or logged messages hold as a whole word.

        A short query word they once wrote whole ("акт" of «акты») is that word, found in
        its forms only; one they never wrote whole ("банн") is the start of a longer one.
        Each is one indexed lookup in the user's own documents, never another user's:
        what someone else wrote must not change what this user's query means."""
        if not stems:
            return frozenset()
        if self._written_behind is not None:
            await self._written_behind()
        found: set[str] = set()
        async with self._db.read() as conn:
            for term in stems:
                match = written_query(term, user_id)
                async with conn.execute(
                    "SELECT EXISTS (SELECT 1 FROM item_search WHERE item_search MATCH ?)"
                    " OR EXISTS (SELECT 1 FROM forward_search WHERE forward_search MATCH ?)",
                    (match, match),
                ) as cur:
                    row = await cur.fetchone()
                if row is not None and row[0]:
                    found.add(term)
        return frozenset(found)

    async def search(
        self,
        user_id: int,
        match: str | None,
        *,
        client_id: int | None,
        limit: int,
        offset: int,
        named_client: int | None = None,
        due_on: tuple[datetime, datetime] | None = None,
        due_match: str | None = None,
    ) -> tuple[list[SearchHit], bool]:
        """One page of hits, newest first, and whether there is more.

        `match` is bot.textsearch.match_query(text, user_id=...): it carries the owner
        token, so the index narrows to this user before anything is read or ranked;
        the `user_id =` conditions below are the second lock on the door. With
        `client_id` only that client's hits count, and with no `match` all of them
        ("/find #acme"). `named_client` is the client the words name ("/find Acme"):
        everything filed under it is a hit too, whatever its words. With `due_on` (the
        day the words name, "/find 15 декабря": its first moment and the next day's) so
        is an item whose team or client date falls in it and whose text matches
        `due_match` (the other words; None when the date was all)."""
        if self._written_behind is not None:
            await self._written_behind()
        wanted = offset + limit + 1
        days = None if due_on is None else self._due_rows(user_id, due_on, due_match)
        item_from, item_where = self._rows(
            "items i", "i.id", "item_search", "i.client_id", match, named_client, days
        )
        conv_from, conv_where = self._rows(
            "forwards f", "f.id", "forward_search", "cv.client_id", match, named_client
        )
        if client_id is not None:
            item_where = (f"{item_where[0]} AND i.client_id = ?", (*item_where[1], client_id))
            conv_where = (f"{conv_where[0]} AND cv.client_id = ?", (*conv_where[1], client_id))
        async with self._db.read() as conn:
            async with conn.execute(
                f"SELECT i.id, i.created_at, i.kind, i.text, c.name, i.status = 'done'"
                f" FROM {item_from[0]}"
                " LEFT JOIN clients c ON c.id = i.client_id"
                f" WHERE i.user_id = ? AND i.status != 'deleted'{item_where[0]}"
                " ORDER BY i.created_at DESC, i.id DESC LIMIT ?",
                (*item_from[1], user_id, *item_where[1], wanted),
            ) as cur:
                items = [
                    SearchHit(
                        "item", row[0], from_epoch(row[1]), row[4], row[2], row[3], bool(row[5])
                    )
                    for row in await cur.fetchall()
                ]
            async with conn.execute(
                f"SELECT f.id, f.origin_date, f.sender_name, f.text, c.name FROM {conv_from[0]}"
                " LEFT JOIN conversations cv ON cv.id = f.conversation_id"
                " LEFT JOIN clients c ON c.id = cv.client_id"
                f" WHERE f.user_id = ?{conv_where[0]}"
                # Merged with items by date below, so cut by the same key: a forward's
                # original date can be much older than its row.
                " ORDER BY f.origin_date DESC, f.id DESC LIMIT ?",
                (*conv_from[1], user_id, *conv_where[1], wanted),
            ) as cur:
                forwards = [
                    SearchHit("forward", row[0], from_epoch(row[1]), row[4], row[2], row[3])
                    for row in await cur.fetchall()
                ]
        hits = sorted(items + forwards, key=lambda hit: hit.at, reverse=True)
        return hits[offset : offset + limit], len(hits) > offset + limit

    @staticmethod
    def _rows(
        table: str,
        row_id: str,
        index: str,
        client: str,
        match: str | None,
        named_client: int | None,
        days: _Sql | None = None,
    ) -> tuple[_Sql, _Sql]:
        """The rows a search reads (FROM) and the condition they meet (AND ...), each
        with its arguments.

        Matching words alone, the index drives: a rare word's few rows are read and
        nothing else. With the client the words name, a row is a hit for either reason,
        so the user's rows are walked newest first and the index is read once as a set
        of rowids (5-10 ms for 100,000 items of one user). With the day the words name
        (`days`: the ids of the items due then, items only) and no client, the hits are
        the rowids of the words and those ids, each found by an index, and only those
        rows are read."""
        if match is None:
            return (table, ()), ("", ())
        matched = f"SELECT rowid FROM {index} WHERE {index} MATCH ?"
        if named_client is not None:
            reasons = f"{client} = ? OR {row_id} IN ({matched})"
            args: tuple[object, ...] = (named_client, match)
            if days is not None:
                reasons, args = f"{reasons} OR {row_id} IN ({days[0]})", (*args, *days[1])
            return (table, ()), (f" AND ({reasons})", args)
        if days is None:
            return (f"{index} s JOIN {table} ON {row_id} = s.rowid", ()), (
                f" AND {index} MATCH ?",
                (match,),
            )
        hits = f"SELECT rowid AS hit FROM {index} WHERE {index} MATCH ? UNION {days[0]}"
        return (f"({hits}) s JOIN {table} ON {row_id} = s.hit", (match, *days[1])), ("", ())

    @staticmethod
    def _due_rows(user_id: int, due_on: tuple[datetime, datetime], due_match: str | None) -> _Sql:
        """The ids of the user's items whose team or client date falls in `due_on`, and
        whose words match `due_match` if given."""
        start, end = to_epoch(due_on[0]), to_epoch(due_on[1])
        # The statuses spelled out reach due_at in items_user_open (user_id, status,
        # due_at); a deleted item is left out by the query the ids go into.
        days = (
            "SELECT id FROM items WHERE user_id = ? AND status IN ('open', 'done')"
            " AND due_at >= ? AND due_at < ?"
            " UNION ALL SELECT id FROM items WHERE user_id = ?"
            " AND client_due_at >= ? AND client_due_at < ?"
        )
        args: tuple[object, ...] = (user_id, start, end, user_id, start, end)
        if due_match is None:
            return days, args
        narrowed = (
            f"SELECT id FROM ({days})"
            " WHERE id IN (SELECT rowid FROM item_search WHERE item_search MATCH ?)"
        )
        return narrowed, (*args, due_match)

    async def remember(self, user_id: int, text: str, client_id: int | None, now: datetime) -> int:
        """Store a query for its answer's page buttons; the user's oldest beyond
        KEPT_QUERIES go (a button on a message that old says "no longer available")."""
        async with self._db.transaction(keeps_caches=True) as conn:
            async with conn.execute(
                "INSERT INTO search_queries (user_id, text, client_id, created_at)"
                " VALUES (?, ?, ?, ?) RETURNING id",
                (user_id, text, client_id, to_epoch(now)),
            ) as cur:
                row = await cur.fetchone()
            assert row is not None
            await conn.execute(
                "DELETE FROM search_queries WHERE user_id = ? AND id <= (SELECT id FROM"
                " search_queries WHERE user_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)",
                (user_id, user_id, KEPT_QUERIES),
            )
        return int(row[0])

    async def query(self, user_id: int, query_id: int) -> tuple[str, int | None] | None:
        """The text and client of one of the user's remembered queries."""
        async with (
            self._db.read() as conn,
            conn.execute(
                "SELECT text, client_id FROM search_queries WHERE id = ? AND user_id = ?",
                (query_id, user_id),
            ) as cur,
        ):
            row = await cur.fetchone()
        return (row[0], row[1]) if row is not None else None

    async def backfill(self) -> int:
        """Index rows written before the index existed, or dropped from it by a migration
        that changed what is indexed (stems are made in Python)."""
        done = 0
        while True:
            async with self._db.read() as conn:
                async with conn.execute(
                    "SELECT id, user_id, text FROM items"
                    " WHERE id NOT IN (SELECT rowid FROM item_search) LIMIT ?",
                    (BACKFILL_BATCH,),
                ) as cur:
                    items = list(await cur.fetchall())
                async with conn.execute(
                    "SELECT id, user_id, text, sender_name FROM forwards WHERE text != ''"
                    " AND id NOT IN (SELECT rowid FROM forward_search) LIMIT ?",
                    (BACKFILL_BATCH,),
                ) as cur:
                    forwards = list(await cur.fetchall())
            if not items and not forwards:
                break
            async with self._db.transaction() as conn:
                await conn.executemany(
                    "INSERT INTO item_search (rowid, owner, body) VALUES (?, ?, ?)",
                    [(row[0], owner_token(row[1]), self._indexer(row[2])) for row in items],
                )
                await conn.executemany(
                    "INSERT INTO forward_search (rowid, owner, body) VALUES (?, ?, ?)",
                    [
                        (
                            row[0],
                            owner_token(row[1]),
                            self._indexer(forward_document(row[3], row[2])),
                        )
                        for row in forwards
                    ],
                )
            done += len(items) + len(forwards)
        if done:
            log.info("search index: %d rows added", done)
        return done
