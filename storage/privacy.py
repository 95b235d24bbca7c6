"""/forget: everything of one user, gone in one transaction."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from storage.db import Database


@dataclass(frozen=True, slots=True)
class Forgotten:
    items: int
    clients: int
    forwards: int
    reminders: int


class PrivacyRepository:
    def __init__(
        self, db: Database, written_behind: Callable[[], Awaitable[None]] | None = None
    ) -> None:
        """`written_behind`: writes what captures left waiting (`ItemRepository.flush`),
        so their search entries are there to be deleted with the rest."""
        self._db = db
        self._written_behind = written_behind

    async def forget(self, user_id: int) -> Forgotten:
        """Delete the user and, through the foreign keys, all rows keyed by them; the
        search index has no foreign keys, so its rows go first."""
        if self._written_behind is not None:
            await self._written_behind()
        async with self._db.transaction() as conn:
            counts = []
            for table in ("items", "clients", "forwards"):
                # `table` is one of the literals above.
                async with conn.execute(
                    f"SELECT count(*) FROM {table} WHERE user_id = ?", (user_id,)
                ) as cur:
                    row = await cur.fetchone()
                counts.append(int(row[0]) if row else 0)
            # Reminders are indexed by their item or rule, not by user (migration 12).
            async with conn.execute(
                "SELECT (SELECT count(*) FROM reminders WHERE item_id IN"
                " (SELECT id FROM items WHERE user_id = ?))"
                " + (SELECT count(*) FROM reminders WHERE recurring_id IN"
                " (SELECT id FROM recurring WHERE user_id = ?))",
                (user_id, user_id),
            ) as cur:
                row = await cur.fetchone()
            counts.append(int(row[0]) if row else 0)
            await conn.execute(
                "DELETE FROM item_search WHERE rowid IN (SELECT id FROM items WHERE user_id = ?)",
                (user_id,),
            )
            await conn.execute(
                "DELETE FROM forward_search WHERE rowid IN"
                " (SELECT id FROM forwards WHERE user_id = ?)",
                (user_id,),
            )
            await conn.execute("DELETE FROM users WHERE user_id = ?", (user_id,))
        return Forgotten(*counts)
