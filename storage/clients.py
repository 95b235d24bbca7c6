"""Clients of one user: names, aliases, status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from bot.capture import ClientIndex, ClientRef
from bot.models import (
    Client,
    ClientField,
    ClientStatus,
    ClientSummary,
    Contact,
    PadOverride,
    from_epoch,
    to_epoch,
)
from storage.db import Database, RowCache
from storage.users import pad_override

# A client's name labels buttons and card headers: a 300-character #tag is no name.
NAME_LIMIT = 100


def stored_name(name: str) -> str:
    """A client's name as stored: single spaces, NAME_LIMIT characters at most."""
    return " ".join(name.split())[:NAME_LIMIT].rstrip()


def name_key(name: str) -> str:
    return " ".join(name.casefold().split())


def _client(row: aiosqlite.Row) -> Client:
    aliases = tuple(alias for alias in str(row["aliases"]).split("\n") if alias)
    return Client(
        id=row["id"],
        user_id=row["user_id"],
        name=row["name"],
        aliases=aliases,
        status=row["status"],
        pad=pad_override(row),
        preferred_channel=row["preferred_channel"],
        email=row["email"],
        last_payment_on=_day(row["last_payment_on"]),
        next_payment_on=_day(row["next_payment_on"]),
        next_report_on=_day(row["next_report_on"]),
        notes=row["notes"],
        last_contact_at=from_epoch(row["last_contact_at"]) if row["last_contact_at"] else None,
    )


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@dataclass(frozen=True, slots=True)
class Undo:
    client: Client
    field: str  # a ClientField, or "status"
    done: bool  # False: changed again since, so left as it is


@dataclass(slots=True)
class KnownClients:
    """One user's clients, most recently used first (ORDER BY last_used_at DESC, id)."""

    clients: list[Client]
    last_used: dict[int, int]  # client id -> last_used_at
    by_id: dict[int, Client]
    index: ClientIndex | None = None  # built on first use; reordering keeps it valid

    def reorder(self) -> None:
        self.clients.sort(key=lambda client: (-self.last_used[client.id], client.id))


class ClientCache(RowCache[KnownClients]):
    """Every user's client list: every capture reads it, and it rarely changes."""

    def used(self, user_id: int, client_id: int, at: int) -> None:
        """A write that kept caches set the client's last_used_at: follow it here."""
        entry = self.get(user_id)
        if entry is not None and client_id in entry.value.last_used:
            entry.value.last_used[client_id] = at
            entry.value.reorder()


class ClientRepository:
    """A user's clients. Reads come from `ClientCache`; writes go to the database first."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._cache = db.cache(ClientCache)

    async def _known(self, user_id: int) -> KnownClients:
        entry = self._cache.get(user_id)
        if entry is not None:
            return entry.value
        rows, generation = await self._db.fetch_for_cache(
            "SELECT * FROM clients WHERE user_id = ? ORDER BY last_used_at DESC, id", (user_id,)
        )
        clients = [_client(row) for row in rows]
        known = KnownClients(
            clients=clients,
            last_used={row["id"]: row["last_used_at"] for row in rows},
            by_id={client.id: client for client in clients},
        )
        self._cache.put(user_id, known, generation)
        return known

    async def all(self, user_id: int) -> list[Client]:
        return list((await self._known(user_id)).clients)

    async def index(self, user_id: int) -> ClientIndex:
        """The user's client names ready for matching (`bot.capture.match_client`)."""
        known = await self._known(user_id)
        if known.index is None:
            known.index = ClientIndex(
                ClientRef(client.id, client.name, client.aliases) for client in known.clients
            )
        return known.index

    async def recent(self, user_id: int, limit: int = 6) -> list[Client]:
        clients = (await self._known(user_id)).clients
        return [client for client in clients if client.status != "archived"][:limit]

    async def get(self, user_id: int, client_id: int) -> Client | None:
        return (await self._known(user_id)).by_id.get(client_id)

    async def create(self, user_id: int, name: str, now: datetime) -> Client:
        """Create the client, or return the existing one with the same name."""
        clean = stored_name(name)
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO clients (user_id, name, name_key, created_at, last_used_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, name_key) DO NOTHING",
                (user_id, clean, name_key(clean), to_epoch(now), to_epoch(now)),
            )
            async with conn.execute(
                "SELECT * FROM clients WHERE user_id = ? AND name_key = ?",
                (user_id, name_key(clean)),
            ) as cur:
                row = await cur.fetchone()
        assert row is not None
        return _client(row)

    async def touch(self, user_id: int, client_id: int, now: datetime) -> None:
        await self._db.write(
            "UPDATE clients SET last_used_at = ? WHERE user_id = ? AND id = ?",
            (to_epoch(now), user_id, client_id),
            keeps_caches=True,
        )
        self._cache.used(user_id, client_id, to_epoch(now))

    async def contacted(self, user_id: int, client_id: int, at: datetime) -> None:
        """A call with the client: their last contact, unless a later one is on record."""
        await self._db.write(
            "UPDATE clients SET last_contact_at = max(coalesce(last_contact_at, 0), ?)"
            " WHERE user_id = ? AND id = ?",
            (to_epoch(at), user_id, client_id),
        )

    async def set_pad(self, user_id: int, client_id: int, pad: PadOverride) -> None:
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE clients SET pad_days = ?, pad_percent = ?, pad_enabled = ?"
                " WHERE user_id = ? AND id = ?",
                (
                    pad.days,
                    pad.percent,
                    None if pad.enabled is None else int(pad.enabled),
                    user_id,
                    client_id,
                ),
            )

    async def by_name(self, user_id: int, name: str) -> Client | None:
        rows = await self._db.fetch_all(
            "SELECT * FROM clients WHERE user_id = ? AND name_key = ?", (user_id, name_key(name))
        )
        return _client(rows[0]) if rows else None

    async def set_field(
        self, user_id: int, client_id: int, field: ClientField, value: str | None, now: datetime
    ) -> int | None:
        """Change one field and log its old value; returns the change id for undo."""
        async with self._db.transaction() as conn:
            # `field` is a ClientField literal, never user input.
            async with conn.execute(
                f"SELECT {field} FROM clients WHERE user_id = ? AND id = ?", (user_id, client_id)
            ) as cur:
                row = await cur.fetchone()
            if row is None:
                return None
            value_or_default = value if value is not None or field != "notes" else ""
            await conn.execute(
                f"UPDATE clients SET {field} = ? WHERE user_id = ? AND id = ?",
                (value_or_default, user_id, client_id),
            )
            async with conn.execute(
                "INSERT INTO client_changes (user_id, client_id, field, old_value, created_at)"
                " VALUES (?, ?, ?, ?, ?) RETURNING id",
                (user_id, client_id, field, row[0], to_epoch(now)),
            ) as cur:
                change = await cur.fetchone()
        return int(change[0]) if change else None

    async def undo_change(self, user_id: int, change_id: int) -> Undo | None:
        """Put a field back as it was before change `change_id`, unless it was changed
        again since: undoing the older change would wipe the newer value."""
        async with self._db.transaction() as conn:
            async with conn.execute(
                "SELECT client_id, field, old_value FROM client_changes"
                " WHERE user_id = ? AND id = ?",
                (user_id, change_id),
            ) as cur:
                row = await cur.fetchone()
            if row is None or row[1] not in _FIELDS:
                return None
            client_id, field, old_value = row[0], _FIELDS[row[1]], row[2]
            key = (user_id, client_id)
            async with conn.execute(
                "SELECT 1 FROM client_changes WHERE user_id = ? AND client_id = ?"
                " AND field = ? AND id > ? LIMIT 1",
                (user_id, client_id, field, change_id),
            ) as cur:
                later = await cur.fetchone() is not None
            if not later:
                await conn.execute(
                    f"UPDATE clients SET {field} = ? WHERE user_id = ? AND id = ?",
                    (old_value if old_value is not None or field != "notes" else "", *key),
                )
                await conn.execute("DELETE FROM client_changes WHERE id = ?", (change_id,))
            async with conn.execute(
                "SELECT * FROM clients WHERE user_id = ? AND id = ?", (user_id, client_id)
            ) as cur:
                client_row = await cur.fetchone()
        return Undo(_client(client_row), field, done=not later) if client_row else None

    async def set_status(
        self, user_id: int, client_id: int, status: ClientStatus, now: datetime
    ) -> int | None:
        """Change the status and log the old one, as `set_field` does; the change id."""
        async with self._db.transaction() as conn:
            async with conn.execute(
                "SELECT status FROM clients WHERE user_id = ? AND id = ?", (user_id, client_id)
            ) as cur:
                row = await cur.fetchone()
            if row is None:
                return None
            await conn.execute(
                "UPDATE clients SET status = ? WHERE user_id = ? AND id = ?",
                (status, user_id, client_id),
            )
            async with conn.execute(
                "INSERT INTO client_changes (user_id, client_id, field, old_value, created_at)"
                " VALUES (?, ?, 'status', ?, ?) RETURNING id",
                (user_id, client_id, row[0], to_epoch(now)),
            ) as cur:
                change = await cur.fetchone()
        return int(change[0]) if change else None

    async def rename(self, user_id: int, client_id: int, name: str) -> bool:
        """False when another client of the user already has that name."""
        clean = stored_name(name)
        async with self._db.transaction() as conn:
            async with conn.execute(
                "SELECT 1 FROM clients WHERE user_id = ? AND name_key = ? AND id != ?",
                (user_id, name_key(clean), client_id),
            ) as cur:
                if await cur.fetchone() is not None:
                    return False
            cur = await conn.execute(
                "UPDATE clients SET name = ?, name_key = ? WHERE user_id = ? AND id = ?",
                (clean, name_key(clean), user_id, client_id),
            )
            return cur.rowcount > 0

    async def add_alias(self, user_id: int, client_id: int, alias: str) -> bool:
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "UPDATE clients SET aliases = trim(aliases || char(10) || ?, char(10))"
                " WHERE user_id = ? AND id = ?",
                (" ".join(alias.split()), user_id, client_id),
            )
            return cur.rowcount > 0

    async def add_contact(self, user_id: int, client_id: int, name: str, note: str) -> bool:
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "INSERT INTO client_contacts (user_id, client_id, name, note)"
                " SELECT ?, id, ?, ? FROM clients WHERE user_id = ? AND id = ?",
                (user_id, name, note, user_id, client_id),
            )
            return cur.rowcount > 0

    async def contacts(self, user_id: int, client_id: int) -> list[Contact]:
        rows = await self._db.fetch_all(
            "SELECT id, name, note FROM client_contacts WHERE user_id = ? AND client_id = ?"
            " ORDER BY id",
            (user_id, client_id),
        )
        return [Contact(row[0], row[1], row[2]) for row in rows]

    async def summaries(self, user_id: int, now: datetime) -> list[ClientSummary]:
        """Every client with its open items, the next date promised to it and the oldest
        promise already broken."""
        rows = await self._db.fetch_all(
            "SELECT c.*, count(i.id) AS open_items,"
            " min(CASE WHEN i.client_due_at >= ? THEN i.client_due_at END) AS next_promise,"
            " min(CASE WHEN i.client_due_at < ? THEN i.client_due_at END) AS broken_promise"
            " FROM clients c LEFT JOIN items i ON i.client_id = c.id AND i.status = 'open'"
            " AND i.user_id = c.user_id"
            " WHERE c.user_id = ? GROUP BY c.id ORDER BY"
            # Those to work with first, those put away last.
            " CASE c.status WHEN 'active' THEN 0 WHEN 'paused' THEN 1 ELSE 2 END, c.name_key",
            (to_epoch(now), to_epoch(now), user_id),
        )
        return [
            ClientSummary(
                client=_client(row),
                open_items=row["open_items"],
                next_promise=from_epoch(row["next_promise"]) if row["next_promise"] else None,
                broken_promise=(
                    from_epoch(row["broken_promise"]) if row["broken_promise"] else None
                ),
            )
            for row in rows
        ]


# The columns a change may be undone in (the log's `field`), and so may name in SQL.
_FIELDS: dict[str, str] = {
    "preferred_channel": "preferred_channel",
    "email": "email",
    "last_payment_on": "last_payment_on",
    "next_payment_on": "next_payment_on",
    "next_report_on": "next_report_on",
    "notes": "notes",
    "status": "status",
}
