"""Forwarded messages, their senders, and the conversations bursts of them become."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

import aiosqlite

from bot.models import from_epoch, to_epoch
from bot.textsearch import forward_document, owner_token
from storage.db import Database, placeholders
from storage.items import Indexer

# Items created from a forwarded message are keyed (chat_id, message_id) =
# (FORWARD_CHAT, forward id): no Telegram chat has id 0.
FORWARD_CHAT = 0


@dataclass(frozen=True, slots=True)
class ForwardIn:
    user_id: int
    chat_id: int
    message_id: int
    origin_key: str
    display_name: str  # the origin's: a person, or a group's or channel's title
    is_self: bool
    origin_date: datetime
    received_at: datetime
    text: str = ""
    media_type: str | None = None
    file_id: str | None = None
    media_group_id: str | None = None
    # Who wrote this message when that is not the origin itself: a channel post's
    # signature. None: the origin's name.
    author: str | None = None


@dataclass(frozen=True, slots=True)
class Origin:
    id: int
    display_name: str
    client_id: int | None
    client_name: str | None
    is_team: bool


@dataclass(frozen=True, slots=True)
class LoggedForward:
    id: int
    origin_id: int | None
    is_self: bool
    is_team: bool
    sender_name: str  # who wrote this message (a channel post's signature)
    origin_date: datetime
    text: str
    media_type: str | None
    origin_client_id: int | None
    origin_name: str = ""  # the origin's name (the channel's title); the sender's if none
    file_id: str | None = None
    conversation_client_id: int | None = None  # the client its conversation is filed under


@dataclass(frozen=True, slots=True)
class Conversation:
    id: int
    client_id: int | None
    client_name: str | None
    first_at: datetime
    last_at: datetime
    message_count: int
    messages: list[LoggedForward]


_MESSAGE_COLUMNS = (
    "f.id, f.origin_id, f.is_self, coalesce(o.is_team, 0), f.sender_name, f.origin_date,"
    " f.text, f.media_type, o.client_id, coalesce(o.display_name, f.sender_name), f.file_id,"
    " cv.client_id"
)
_JOINS = (
    " FROM forwards f LEFT JOIN origins o ON o.id = f.origin_id"
    " LEFT JOIN conversations cv ON cv.id = f.conversation_id"
)
_MESSAGES = f"SELECT {_MESSAGE_COLUMNS}{_JOINS}"
# The same with the conversation each message is in (column 12), for several at once.
_CONVERSATION_MESSAGES = f"SELECT {_MESSAGE_COLUMNS}, f.conversation_id{_JOINS}"


# Splits a burst, in the order written, into (client id, its messages) parts.
Grouping = Callable[[list[LoggedForward]], list[tuple[int | None, list[LoggedForward]]]]


def _logged(row: aiosqlite.Row) -> LoggedForward:
    return LoggedForward(
        id=row[0],
        origin_id=row[1],
        is_self=bool(row[2]),
        is_team=bool(row[3]),
        sender_name=row[4],
        origin_date=from_epoch(row[5]),
        text=row[6],
        media_type=row[7],
        origin_client_id=row[8],
        origin_name=row[9],
        file_id=row[10],
        conversation_client_id=row[11],
    )


async def read_conversations(
    conn: aiosqlite.Connection, user_id: int, conversation_ids: Sequence[int]
) -> dict[int, Conversation]:
    """The user's conversations among `conversation_ids`, each with its messages in the
    order they were written: two queries however many there are."""
    if not conversation_ids:
        return {}
    marks = placeholders(len(conversation_ids))
    async with conn.execute(
        "SELECT cv.id, cv.client_id, c.name, cv.first_at, cv.last_at, cv.message_count"
        " FROM conversations cv LEFT JOIN clients c ON c.id = cv.client_id"
        f" WHERE cv.user_id = ? AND cv.id IN ({marks})",
        (user_id, *conversation_ids),
    ) as cur:
        heads = list(await cur.fetchall())
    if not heads:
        return {}
    messages: dict[int, list[LoggedForward]] = {int(row[0]): [] for row in heads}
    async with conn.execute(
        f"{_CONVERSATION_MESSAGES} WHERE f.user_id = ?"
        f" AND f.conversation_id IN ({placeholders(len(messages))})"
        " ORDER BY f.conversation_id, f.origin_date, f.id",
        (user_id, *messages),
    ) as cur:
        for row in await cur.fetchall():
            messages[int(row[12])].append(_logged(row))
    return {
        int(row[0]): Conversation(
            id=row[0],
            client_id=row[1],
            client_name=row[2],
            first_at=from_epoch(row[3]),
            last_at=from_epoch(row[4]),
            message_count=row[5],
            messages=messages[int(row[0])],
        )
        for row in heads
    }


class ForwardRepository:
    def __init__(self, db: Database, indexer: Indexer | None = None) -> None:
        self._db = db
        self._indexer = indexer

    async def store(self, forward: ForwardIn) -> bool:
        """Log one forwarded message at once; False if Telegram delivered it before."""
        async with self._db.transaction() as conn:
            origin_id = None
            if not forward.is_self:
                async with conn.execute(
                    "INSERT INTO origins (user_id, origin_key, display_name) VALUES (?, ?, ?)"
                    " ON CONFLICT (user_id, origin_key) DO UPDATE SET"
                    " display_name = excluded.display_name RETURNING id",
                    (forward.user_id, forward.origin_key, forward.display_name),
                ) as cur:
                    row = await cur.fetchone()
                origin_id = row[0] if row else None
            sender_name = forward.author or forward.display_name
            cur = await conn.execute(
                "INSERT INTO forwards (user_id, chat_id, message_id, origin_id, is_self,"
                " sender_name, origin_date, received_at, text, media_type, file_id,"
                " media_group_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (user_id, chat_id, message_id) DO NOTHING",
                (
                    forward.user_id,
                    forward.chat_id,
                    forward.message_id,
                    origin_id,
                    int(forward.is_self),
                    sender_name,
                    to_epoch(forward.origin_date),
                    to_epoch(forward.received_at),
                    forward.text,
                    forward.media_type,
                    forward.file_id,
                    forward.media_group_id,
                ),
            )
            if cur.rowcount == 0:
                return False
            if self._indexer is not None and forward.text:
                body = self._indexer(forward_document(sender_name, forward.text))
                await conn.execute(
                    "INSERT INTO forward_search (rowid, owner, body) VALUES (?, ?, ?)",
                    (cur.lastrowid, owner_token(forward.user_id), body),
                )
            return True

    async def users_with_pending(self) -> list[int]:
        async with (
            self._db.read() as conn,
            conn.execute(
                "SELECT DISTINCT user_id FROM forwards WHERE conversation_id IS NULL"
            ) as cur,
        ):
            return [row[0] for row in await cur.fetchall()]

    async def close_burst(self, user_id: int, now: datetime, group: Grouping) -> list[Conversation]:
        """File the user's not-yet-grouped forwards as conversations, one per client that
        `group` finds in them, in one transaction (a forward arriving meanwhile waits for
        the next burst)."""
        async with self._db.transaction() as conn:
            async with conn.execute(
                f"{_MESSAGES} WHERE f.user_id = ? AND f.conversation_id IS NULL"
                " ORDER BY f.origin_date, f.id",
                (user_id,),
            ) as cur:
                messages = [_logged(row) for row in await cur.fetchall()]
            if not messages:
                return []
            conversations = []
            for client_id, part in group(messages):
                conversations.append(await self._file(conn, user_id, client_id, part, now))
        return conversations

    async def _file(
        self,
        conn: aiosqlite.Connection,
        user_id: int,
        client_id: int | None,
        messages: list[LoggedForward],
        now: datetime,
    ) -> Conversation:
        first, last = messages[0].origin_date, messages[-1].origin_date
        async with conn.execute(
            "INSERT INTO conversations (user_id, client_id, first_at, last_at,"
            " message_count, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            (user_id, client_id, to_epoch(first), to_epoch(last), len(messages), to_epoch(now)),
        ) as cur:
            row = await cur.fetchone()
        assert row is not None
        conversation_id = int(row[0])
        await conn.execute(
            f"UPDATE forwards SET conversation_id = ? WHERE id IN ({placeholders(len(messages))})",
            (conversation_id, *(m.id for m in messages)),
        )
        if client_id is not None:
            await self._contacted(conn, user_id, client_id, last)
        async with conn.execute("SELECT name FROM clients WHERE id = ?", (client_id,)) as cur:
            name_row = await cur.fetchone()
        return Conversation(
            id=conversation_id,
            client_id=client_id,
            client_name=name_row[0] if name_row else None,
            first_at=first,
            last_at=last,
            message_count=len(messages),
            messages=[replace(m, conversation_client_id=client_id) for m in messages],
        )

    async def note_summary(
        self, user_id: int, conversation_ids: list[int], message_id: int
    ) -> None:
        """The reply that reported these conversations, to redraw them when it is answered."""
        if not conversation_ids:
            return
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE conversations SET summary_message_id = ?"
                f" WHERE user_id = ? AND id IN ({placeholders(len(conversation_ids))})",
                (message_id, user_id, *conversation_ids),
            )

    async def summarised_in(self, user_id: int, message_id: int) -> list[Conversation]:
        """The conversations one summary message reported, in the order it lists them."""
        async with self._db.read() as conn:
            async with conn.execute(
                "SELECT id FROM conversations WHERE user_id = ? AND summary_message_id = ?"
                " ORDER BY id",
                (user_id, message_id),
            ) as cur:
                ids = [int(row[0]) for row in await cur.fetchall()]
            found = await read_conversations(conn, user_id, ids)
        return [found[i] for i in ids if i in found]

    @staticmethod
    async def _contacted(
        conn: aiosqlite.Connection, user_id: int, client_id: int, at: datetime
    ) -> None:
        await conn.execute(
            "UPDATE clients SET last_contact_at = max(coalesce(last_contact_at, 0), ?)"
            " WHERE id = ? AND user_id = ?",
            (to_epoch(at), client_id, user_id),
        )

    async def origin(self, user_id: int, origin_id: int) -> Origin | None:
        async with (
            self._db.read() as conn,
            conn.execute(
                "SELECT o.id, o.display_name, o.client_id, c.name, o.is_team"
                " FROM origins o LEFT JOIN clients c ON c.id = o.client_id"
                " WHERE o.user_id = ? AND o.id = ?",
                (user_id, origin_id),
            ) as cur,
        ):
            row = await cur.fetchone()
        if row is None:
            return None
        return Origin(row[0], row[1], row[2], row[3], bool(row[4]))

    async def assign_origin(
        self,
        user_id: int,
        origin_id: int,
        *,
        client_id: int | None,
        is_team: bool,
        now: datetime,
    ) -> int:
        """Remember who the sender is, and file what they wrote under their client: a
        conversation of theirs alone (and the user's or the team's) moves; from one under
        another client with other senders their messages are split off, from one of
        strangers not yet answered their messages and the replies to them; items made from
        their messages follow unless filed elsewhere by hand.

        Returns how many conversations were filed under the client."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE origins SET client_id = ?, is_team = ?, asked = 1"
                " WHERE user_id = ? AND id = ?",
                (client_id, int(is_team), user_id, origin_id),
            )
            if client_id is None:
                return 0
            # What was made from their messages and still follows the chat it came in
            # (no client, or the conversation's): a proposal tapped before the answer.
            await conn.execute(
                "UPDATE items SET client_id = ?, client_hint = NULL, updated_at = ?"
                " WHERE id IN (SELECT i.id FROM forwards f JOIN items i ON i.user_id = f.user_id"
                " AND i.chat_id = ? AND i.message_id = f.id"
                " LEFT JOIN conversations cv ON cv.id = f.conversation_id"
                " WHERE f.origin_id = ? AND f.user_id = ?"
                " AND (i.client_id IS NULL OR i.client_id = cv.client_id))",
                (client_id, to_epoch(now), FORWARD_CHAT, origin_id, user_id),
            )
            async with conn.execute(
                "SELECT DISTINCT cv.id, cv.client_id FROM forwards f"
                " JOIN conversations cv ON cv.id = f.conversation_id"
                " WHERE f.origin_id = ? AND f.user_id = ?",
                (origin_id, user_id),
            ) as cur:
                conversations = [(int(row[0]), row[1]) for row in await cur.fetchall()]
            filed = 0
            for conversation_id, filed_under in conversations:
                if filed_under == client_id:
                    continue
                if not await self._has_others(conn, conversation_id, origin_id):
                    await conn.execute(
                        "UPDATE conversations SET client_id = ? WHERE id = ?",
                        (client_id, conversation_id),
                    )
                elif filed_under is not None:
                    # Filed under the client of those they were forwarded among (or of a
                    # call) with other senders: their messages go to their own client.
                    await self._split_off(
                        conn,
                        conversation_id,
                        await self._theirs(conn, conversation_id, origin_id, replies=False),
                        client_id,
                    )
                else:
                    # A chat of strangers: the answer tells of this one only, so their
                    # messages, and the user's and the team's replies among them, go to
                    # their client; the others' wait unfiled for their own answer.
                    await self._split_off(
                        conn,
                        conversation_id,
                        await self._theirs(conn, conversation_id, origin_id, replies=True),
                        client_id,
                    )
                filed += 1
            async with conn.execute(
                "SELECT max(origin_date) FROM forwards WHERE user_id = ? AND origin_id = ?",
                (user_id, origin_id),
            ) as last_cur:
                last = await last_cur.fetchone()
            if last and last[0] is not None:
                await self._contacted(conn, user_id, client_id, from_epoch(last[0]))
            return filed

    @staticmethod
    async def _has_others(conn: aiosqlite.Connection, conversation_id: int, origin_id: int) -> bool:
        """The conversation holds messages of another sender (not the user, not the team)."""
        async with conn.execute(
            "SELECT 1 FROM forwards f LEFT JOIN origins o ON o.id = f.origin_id"
            " WHERE f.conversation_id = ? AND f.is_self = 0 AND f.origin_id IS NOT ?"
            " AND coalesce(o.is_team, 0) = 0 LIMIT 1",
            (conversation_id, origin_id),
        ) as cur:
            return await cur.fetchone() is not None

    @staticmethod
    async def _theirs(
        conn: aiosqlite.Connection, conversation_id: int, origin_id: int, *, replies: bool
    ) -> list[int]:
        """The forwards of one sender in a conversation; with `replies`, also the user's
        and the team's that follow theirs (before any sender's: the first sender's), as
        `bot.forwards.attribute` groups a burst."""
        async with conn.execute(
            "SELECT f.id, f.origin_id, f.is_self OR coalesce(o.is_team, 0) FROM forwards f"
            " LEFT JOIN origins o ON o.id = f.origin_id WHERE f.conversation_id = ?"
            " ORDER BY f.origin_date, f.id",
            (conversation_id,),
        ) as cur:
            rows = [(int(row[0]), row[1], bool(row[2])) for row in await cur.fetchall()]
        theirs: list[int] = []
        waiting: list[int] = []  # replies before any sender's message
        speaker: int | None = None
        for forward_id, sender, is_reply in rows:
            if not is_reply:
                if speaker is None and sender == origin_id and replies:
                    theirs += waiting
                speaker = sender
                if sender == origin_id:
                    theirs.append(forward_id)
            elif speaker is None:
                waiting.append(forward_id)
            elif speaker == origin_id and replies:
                theirs.append(forward_id)
        return sorted(theirs)

    @staticmethod
    async def _split_off(
        conn: aiosqlite.Connection, conversation_id: int, forward_ids: list[int], client_id: int
    ) -> None:
        """Move some forwards out of a conversation into a new one of their client's,
        listed by the same summary; both keep their dates and counts true."""
        marks = placeholders(len(forward_ids))
        async with conn.execute(
            "INSERT INTO conversations (user_id, client_id, first_at, last_at, message_count,"
            " created_at, summary_message_id) SELECT cv.user_id, ?, min(f.origin_date),"
            " max(f.origin_date), count(*), cv.created_at, cv.summary_message_id"
            " FROM conversations cv JOIN forwards f ON f.conversation_id = cv.id"
            f" WHERE cv.id = ? AND f.id IN ({marks}) RETURNING id",
            (client_id, conversation_id, *forward_ids),
        ) as cur:
            row = await cur.fetchone()
        assert row is not None
        await conn.execute(
            "UPDATE forwards SET conversation_id = ?"
            f" WHERE conversation_id = ? AND id IN ({marks})",
            (int(row[0]), conversation_id, *forward_ids),
        )
        await conn.execute(
            "UPDATE conversations SET first_at = (SELECT min(origin_date) FROM forwards"
            " WHERE conversation_id = ?), last_at = (SELECT max(origin_date) FROM forwards"
            " WHERE conversation_id = ?), message_count = (SELECT count(*) FROM forwards"
            " WHERE conversation_id = ?) WHERE id = ?",
            (conversation_id, conversation_id, conversation_id, conversation_id),
        )

    async def first_conversation_of(self, user_id: int, origin_id: int) -> int | None:
        """The conversation whose summary asked who this sender is: their first one."""
        async with (
            self._db.read() as conn,
            conn.execute(
                "SELECT min(conversation_id) FROM forwards WHERE user_id = ? AND origin_id = ?",
                (user_id, origin_id),
            ) as cur,
        ):
            row = await cur.fetchone()
        return int(row[0]) if row and row[0] is not None else None

    async def forward(self, user_id: int, forward_id: int) -> LoggedForward | None:
        async with (
            self._db.read() as conn,
            conn.execute(
                f"{_MESSAGES} WHERE f.user_id = ? AND f.id = ?", (user_id, forward_id)
            ) as cur,
        ):
            row = await cur.fetchone()
        return _logged(row) if row else None

    async def conversation(self, user_id: int, conversation_id: int) -> Conversation | None:
        async with self._db.read() as conn:
            found = await read_conversations(conn, user_id, [conversation_id])
        return found.get(conversation_id)
