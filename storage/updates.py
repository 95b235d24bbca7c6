"""Which webhook updates were already handled (Telegram may deliver one twice)."""

from __future__ import annotations

from datetime import datetime

from bot.models import to_epoch
from storage.db import Database


class ProcessedUpdates:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def seen(self, update_id: int) -> bool:
        async with (
            self._db.read() as conn,
            conn.execute(
                "SELECT 1 FROM processed_updates WHERE update_id = ?", (update_id,)
            ) as cur,
        ):
            return await cur.fetchone() is not None

    async def mark(self, update_id: int, at: datetime) -> None:
        # Nothing cached depends on this table: every webhook update must not drop caches.
        async with self._db.transaction(keeps_caches=True) as conn:
            await conn.execute(
                "INSERT OR IGNORE INTO processed_updates (update_id, processed_at) VALUES (?, ?)",
                (update_id, to_epoch(at)),
            )

    async def prune(self, before: datetime) -> int:
        """Forget updates handled before `before`; returns how many rows went."""
        async with self._db.transaction(keeps_caches=True) as conn:
            cur = await conn.execute(
                "DELETE FROM processed_updates WHERE processed_at < ?", (to_epoch(before),)
            )
            return cur.rowcount
