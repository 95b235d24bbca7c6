"""A client's timeline: its items and logged conversations, newest first."""

from __future__ import annotations

from bot.models import CardItem
from storage.db import Database
from storage.forwards import Conversation, read_conversations
from storage.items import read_snoozed

# One line of a timeline: an item (with its latest snooze) or a conversation.
TimelineEntry = CardItem | Conversation


class TimelineRepository:
    """A client's history, newest first: items and logged conversations together."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def page(
        self, user_id: int, client_id: int, limit: int, offset: int
    ) -> tuple[list[TimelineEntry], int]:
        """(the entries of one page, newest first; total entries).

        Each item comes with its latest non-cancelled snooze, as a client's card reads
        it; a conversation with its messages. A page is the same handful of queries
        however many entries it holds."""
        async with self._db.read() as conn:
            async with conn.execute(
                "SELECT kind, id FROM ("
                " SELECT 'item' AS kind, id, created_at AS at FROM items"
                "  WHERE user_id = ? AND client_id = ? AND status != 'deleted'"
                " UNION ALL"
                " SELECT 'conversation', id, first_at FROM conversations"
                "  WHERE user_id = ? AND client_id = ?"
                ") ORDER BY at DESC, id DESC LIMIT ? OFFSET ?",
                (user_id, client_id, user_id, client_id, limit, offset),
            ) as cur:
                rows = [(str(row[0]), int(row[1])) for row in await cur.fetchall()]
            async with conn.execute(
                "SELECT (SELECT count(*) FROM items WHERE user_id = ? AND client_id = ?"
                " AND status != 'deleted') + (SELECT count(*) FROM conversations"
                " WHERE user_id = ? AND client_id = ?)",
                (user_id, client_id, user_id, client_id),
            ) as cur:
                total = await cur.fetchone()
            items = await read_snoozed(
                conn, user_id, [entry_id for kind, entry_id in rows if kind == "item"]
            )
            conversations = await read_conversations(
                conn, user_id, [entry_id for kind, entry_id in rows if kind != "item"]
            )
        entries: list[TimelineEntry] = []
        for kind, entry_id in rows:
            found = items.get(entry_id) if kind == "item" else conversations.get(entry_id)
            if found is not None:
                entries.append(found)
        return entries, int(total[0]) if total else 0
