"""The call in progress (/call Acme … /end) and pending questions to the user.

Every captured message asks for both, so each user's call and prompt are cached
(`RowCache`), written through: the row is written first, then the copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.models import from_epoch, to_epoch
from storage.db import Database, RowCache


@dataclass(frozen=True, slots=True)
class ActiveCall:
    client_id: int
    client_name: str
    last_activity_at: datetime


@dataclass(frozen=True, slots=True)
class Prompt:
    action: str
    item_id: int | None
    created_at: datetime
    client_id: int | None = None


class CallCache(RowCache[ActiveCall | None]):
    """Each user's call in progress, or None for none."""


@dataclass(frozen=True, slots=True)
class _PromptRow:
    prompt: Prompt | None
    # The message that answered the last question or changed a field by itself (see
    # migration 0018): one delivered again is not taken for a new message.
    answered_by: int | None


class PromptCache(RowCache[_PromptRow]):
    """Each user's pending question (None for none) and the last message that answered."""


class CallRepository:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._cache = db.cache(CallCache)

    async def get(self, user_id: int) -> ActiveCall | None:
        entry = self._cache.get(user_id)
        if entry is not None:
            return entry.value
        rows, generation = await self._db.fetch_for_cache(
            "SELECT calls.client_id, clients.name, calls.last_activity_at FROM calls"
            " JOIN clients ON clients.id = calls.client_id WHERE calls.user_id = ?",
            (user_id,),
        )
        call = ActiveCall(rows[0][0], rows[0][1], from_epoch(rows[0][2])) if rows else None
        self._cache.put(user_id, call, generation)
        return call

    async def start(self, user_id: int, client_id: int, now: datetime) -> None:
        await self._db.write(
            "INSERT INTO calls (user_id, client_id, started_at, last_activity_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
            " client_id = excluded.client_id, started_at = excluded.started_at,"
            " last_activity_at = excluded.last_activity_at",
            (user_id, client_id, to_epoch(now), to_epoch(now)),
            keeps_caches=True,
        )
        self._cache.drop(user_id)  # the client's name comes with the next read

    async def touch(self, user_id: int, now: datetime) -> None:
        await self._db.write(
            "UPDATE calls SET last_activity_at = ? WHERE user_id = ?",
            (to_epoch(now), user_id),
            keeps_caches=True,
        )
        entry = self._cache.get(user_id)
        if entry is not None and entry.value is not None:
            call = entry.value
            self._cache.put(user_id, ActiveCall(call.client_id, call.client_name, _stored(now)))

    async def end(self, user_id: int) -> None:
        await self._db.write("DELETE FROM calls WHERE user_id = ?", (user_id,), keeps_caches=True)
        self._cache.put(user_id, None)


class PromptRepository:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._cache = db.cache(PromptCache)

    async def _row(self, user_id: int) -> _PromptRow:
        entry = self._cache.get(user_id)
        if entry is not None:
            return entry.value
        rows, generation = await self._db.fetch_for_cache(
            "SELECT action, item_id, created_at, client_id, answered_by FROM prompts"
            " WHERE user_id = ?",
            (user_id,),
        )
        row = rows[0] if rows else None
        state = _PromptRow(
            Prompt(row[0], row[1], from_epoch(row[2]), row[3]) if row and row[0] else None,
            row[4] if row else None,
        )
        self._cache.put(user_id, state, generation)
        return state

    async def get(self, user_id: int) -> Prompt | None:
        return (await self._row(user_id)).prompt

    async def answered_by(self, user_id: int) -> int | None:
        """The message that last answered a question or changed a field by itself."""
        return (await self._row(user_id)).answered_by

    async def set(
        self,
        user_id: int,
        action: str,
        item_id: int | None,
        now: datetime,
        *,
        client_id: int | None = None,
    ) -> None:
        answered_by = (await self._row(user_id)).answered_by
        await self._db.write(
            "INSERT INTO prompts (user_id, action, item_id, client_id, created_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
            " action = excluded.action, item_id = excluded.item_id,"
            " client_id = excluded.client_id, created_at = excluded.created_at",
            (user_id, action, item_id, client_id, to_epoch(now)),
            keeps_caches=True,
        )
        self._cache.put(
            user_id, _PromptRow(Prompt(action, item_id, _stored(now), client_id), answered_by)
        )

    async def clear(self, user_id: int, *, answered_by: int | None = None) -> None:
        """No question pending; `answered_by`: the message that answered it."""
        if answered_by is not None:
            await self.note_answer(user_id, answered_by, clear=True)
            return
        await self._db.write(
            "UPDATE prompts SET action = '', item_id = NULL, client_id = NULL WHERE user_id = ?",
            (user_id,),
            keeps_caches=True,
        )
        self._cache.put(user_id, _PromptRow(None, (await self._row(user_id)).answered_by))

    async def note_answer(self, user_id: int, message_id: int, *, clear: bool = False) -> None:
        """Message `message_id` answered a question (`clear`: the one pending) or changed a
        field by itself: known as such if Telegram delivers it again."""
        state = await self._row(user_id)
        # A row to hold it even where no question was ever asked ("Acme paid today").
        await self._db.write(
            "INSERT INTO prompts (user_id, action, created_at, answered_by)"
            " VALUES (?, '', 0, ?) ON CONFLICT (user_id) DO UPDATE SET"
            " answered_by = excluded.answered_by"
            + (", action = '', item_id = NULL, client_id = NULL" if clear else ""),
            (user_id, message_id),
            keeps_caches=True,
        )
        self._cache.put(user_id, _PromptRow(None if clear else state.prompt, message_id))


def _stored(moment: datetime) -> datetime:
    """The moment as a read gives it back: whole seconds, in UTC."""
    return from_epoch(to_epoch(moment))
