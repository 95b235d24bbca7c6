"""Users: language, time zone and preferences."""

from __future__ import annotations

from datetime import datetime, time

import aiosqlite

from bot.models import Language, PadOverride, User, to_epoch
from storage.db import Database, RowCache


def _user(row: aiosqlite.Row, default_tz: str) -> User:
    hours, minutes = (int(part) for part in str(row["end_of_day"]).split(":"))
    return User(
        user_id=row["user_id"],
        language=row["language"],
        timezone=row["timezone"] or default_tz,
        end_of_day=time(hours, minutes),
        active=bool(row["active"]),
        holidays_country=row["holidays_country"],
        pad=pad_override(row),
    )


def pad_override(row: aiosqlite.Row) -> PadOverride:
    enabled = row["pad_enabled"]
    return PadOverride(
        days=row["pad_days"],
        percent=row["pad_percent"],
        enabled=None if enabled is None else bool(enabled),
    )


class UserRepository:
    """Users keyed by Telegram id. Reads are cached: every update needs its user.

    The cache drops with any write it did not make (`RowCache`), so a user deleted or
    changed elsewhere is read again.
    """

    def __init__(self, db: Database, *, default_timezone: str) -> None:
        self._db = db
        self._default_tz = default_timezone
        self._cache = RowCache[User](db)

    async def get(self, user_id: int) -> User | None:
        cached = self._cache.get(user_id)
        if cached is not None:
            return cached.value
        rows, generation = await self._db.fetch_for_cache(
            "SELECT * FROM users WHERE user_id = ?", (user_id,)
        )
        if not rows:
            return None
        user = _user(rows[0], self._default_tz)
        self._cache.put(user_id, user, generation)
        return user

    async def ensure(self, user_id: int, language: Language, now: datetime) -> User:
        """The user's row, created on first contact with the language Telegram reports."""
        user = await self.get(user_id)
        if user is not None:
            return user
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO users (user_id, language, created_at) VALUES (?, ?, ?)"
                " ON CONFLICT (user_id) DO NOTHING",
                (user_id, language, to_epoch(now)),
            )
        self._cache.drop(user_id)
        user = await self.get(user_id)
        assert user is not None
        return user

    async def _set(self, user_id: int, column: str, value: object) -> None:
        # `column` is always one of the literals below, never user input.
        async with self._db.transaction() as conn:
            await conn.execute(
                f"UPDATE users SET {column} = ? WHERE user_id = ?",
                (value, user_id),
            )
        self._cache.drop(user_id)

    async def set_language(self, user_id: int, language: Language) -> None:
        await self._set(user_id, "language", language)

    async def set_timezone(self, user_id: int, timezone: str) -> None:
        await self._set(user_id, "timezone", timezone)

    async def set_end_of_day(self, user_id: int, end_of_day: time) -> None:
        await self._set(user_id, "end_of_day", end_of_day.strftime("%H:%M"))

    async def set_active(self, user_id: int, active: bool) -> None:
        await self._set(user_id, "active", int(active))

    async def set_holidays_country(self, user_id: int, country: str | None) -> None:
        await self._set(user_id, "holidays_country", country)

    async def set_pad(self, user_id: int, pad: PadOverride) -> None:
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE users SET pad_days = ?, pad_percent = ?, pad_enabled = ? WHERE user_id = ?",
                (pad.days, pad.percent, None if pad.enabled is None else int(pad.enabled), user_id),
            )
        self._cache.drop(user_id)

    async def count(self) -> int:
        rows = await self._db.fetch_all("SELECT count(*) FROM users")
        return int(rows[0][0]) if rows else 0
