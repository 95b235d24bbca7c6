"""Storage: migrations walk every version, units of work stay whole under concurrency."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.models import CardItem, NewItem, from_epoch
from bot.textsearch import match_query, normalize
from storage.clients import ClientRepository
from storage.db import Database, migration_files
from storage.forwards import Conversation
from storage.items import ItemRepository
from storage.search import KEPT_QUERIES, SearchRepository
from storage.timeline import TimelineRepository
from storage.users import UserRepository

NOW = datetime(2026, 11, 25, 8, 30, tzinfo=UTC)
# A bare note row: (user_id, chat_id, message_id).
_NOTE_ROW = (
    "INSERT INTO items (user_id, kind, title, text, chat_id, message_id, created_at,"
    " updated_at) VALUES (?, 'note', 'x', 'x', ?, ?, 0, 0)"
)


async def _schema(db: Database) -> list[tuple[str, str]]:
    async with (
        db.read() as conn,
        conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name"
        ) as cur,
    ):
        return [(row[0], " ".join(row[1].split())) for row in await cur.fetchall()]


@pytest.fixture
async def db(tmp_path: Path) -> Database:
    database = Database(tmp_path / "bot.sqlite3")
    await database.connect()
    await database.migrate()
    yield database  # type: ignore[misc]
    await database.close()


async def test_fresh_database_reaches_latest_version(tmp_path: Path) -> None:
    database = Database(tmp_path / "nested" / "dir" / "bot.sqlite3")
    await database.connect()
    applied = await database.migrate()
    assert applied == [version for version, _, _ in migration_files()]
    assert await database.schema_version() == len(migration_files())
    assert await database.migrate() == []  # idempotent
    async with database.read() as conn, conn.execute("PRAGMA journal_mode") as cur:
        assert (await cur.fetchone())[0] == "wal"
    async with database.read() as conn, conn.execute("PRAGMA foreign_keys") as cur:
        assert (await cur.fetchone())[0] == 1
    await database.close()


@pytest.mark.parametrize("start", range(1, len(migration_files()) + 1))
async def test_every_old_version_upgrades_to_the_same_schema(tmp_path: Path, start: int) -> None:
    """The stairway: a database left at any version ends identical to a fresh one."""
    fresh = Database(tmp_path / "fresh.sqlite3")
    await fresh.connect()
    await fresh.migrate()
    old = Database(tmp_path / "old.sqlite3")
    await old.connect()
    await old.migrate(target=start)
    async with old.transaction() as conn:
        await conn.execute("INSERT INTO users (user_id, created_at) VALUES (1, 0)")
    await old.close()

    reopened = Database(tmp_path / "old.sqlite3")
    await reopened.connect()
    await reopened.migrate()
    assert await _schema(reopened) == await _schema(fresh)
    async with reopened.read() as conn, conn.execute("SELECT user_id FROM users") as cur:
        assert [row[0] for row in await cur.fetchall()] == [1]  # data survived
    await reopened.close()
    await fresh.close()


async def test_failed_unit_of_work_leaves_nothing(db: Database) -> None:
    async def half_done() -> None:
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO users (user_id, created_at) VALUES (7, 0)")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        await half_done()
    assert await UserRepository(db, default_timezone="UTC").get(7) is None


async def test_concurrent_handlers_never_commit_each_others_halves(db: Database) -> None:
    """Many writers at once: each unit of work commits whole or not at all."""
    users = UserRepository(db, default_timezone="UTC")
    items = ItemRepository(db)
    await users.ensure(1, "en", NOW)

    async def failing_writer(n: int) -> None:
        async with db.transaction() as conn:
            await conn.execute(_NOTE_ROW, (1, 1, 100_000 + n))
            await asyncio.sleep(0)
            raise ValueError("half")

    async def writer(n: int) -> None:
        if n % 7 == 0:
            # A unit of work that fails half-way must not leak its first insert
            # into someone else's commit.
            with pytest.raises(ValueError, match="half"):
                await failing_writer(n)
            return
        await items.add(
            NewItem(
                user_id=1,
                kind="note",
                title=f"t{n}",
                text=f"t{n}",
                chat_id=1,
                message_id=n,
                created_at=NOW,
            )
        )

    await asyncio.gather(*(writer(n) for n in range(1, 301)))
    async with db.read() as conn, conn.execute("SELECT message_id FROM items") as cur:
        stored = sorted(row[0] for row in await cur.fetchall())
    assert stored == [n for n in range(1, 301) if n % 7]


async def test_redelivered_message_is_stored_once(db: Database) -> None:
    users = UserRepository(db, default_timezone="UTC")
    items = ItemRepository(db)
    await users.ensure(5, "ru", NOW)
    new = NewItem(
        user_id=5, kind="note", title="a", text="a", chat_id=5, message_id=42, created_at=NOW
    )
    first, created = await items.add(new)
    again, created_again = await items.add(new)
    assert (created, created_again) == (True, False)
    assert first.id == again.id
    assert await items.count(5) == 1


async def test_closed_items_are_found_by_an_index_that_open_ones_stay_out_of(
    db: Database,
) -> None:
    """Migration 11: the digest's "closed yesterday" range still reads an index; new
    items (always open) are not written into it, nor into an index no query used."""
    in_range = "user_id = 5 AND closed_at >= 0 AND closed_at < 9999999999"
    async with db.read() as conn:
        plan = await conn.execute_fetchall(
            f"EXPLAIN QUERY PLAN SELECT id FROM items WHERE {in_range}"
        )
        indexes = dict(
            await conn.execute_fetchall(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'items'"
            )
        )
    assert any("items_user_closed" in str(row[3]) for row in plan)
    assert str(indexes["items_user_closed"]).endswith("WHERE closed_at IS NOT NULL")
    assert "items_user_client" not in indexes


async def test_recurring_reminders_are_found_by_their_rule_and_item_ones_stay_out(
    db: Database,
) -> None:
    """Migration 12: the next occurrence of each rule and the digest's check-ins read an
    index that the reminders a capture arms are not written into."""
    next_of_rule = (
        "SELECT rec.id, (SELECT min(due_at) FROM reminders r WHERE r.recurring_id = rec.id"
        " AND r.status = 'pending') FROM recurring rec WHERE rec.user_id = 5"
    )
    check_ins = (
        "SELECT r.due_at FROM recurring rec JOIN reminders r ON r.recurring_id = rec.id"
        " WHERE rec.user_id IN (5, 6) AND r.status = 'pending' AND r.kind = 'recurring'"
    )
    async with db.read() as conn:
        plans = [
            " ".join(
                str(row[3]) for row in await conn.execute_fetchall(f"EXPLAIN QUERY PLAN {sql}")
            )
            for sql in (next_of_rule, check_ins)
        ]
        indexes = dict(
            await conn.execute_fetchall(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                " AND tbl_name = 'reminders'"
            )
        )
    assert all("reminders_recurring" in plan for plan in plans), plans
    assert str(indexes["reminders_recurring"]).endswith("WHERE recurring_id IS NOT NULL")
    assert "reminders_user" not in indexes


async def test_rows_are_scoped_to_their_owner(db: Database) -> None:
    users = UserRepository(db, default_timezone="UTC")
    items = ItemRepository(db)
    await users.ensure(1, "en", NOW)
    await users.ensure(2, "en", NOW)
    item, _ = await items.add(
        NewItem(
            user_id=1, kind="note", title="a", text="a", chat_id=1, message_id=1, created_at=NOW
        )
    )
    assert await items.get(2, item.id) is None
    assert not await items.set_status(2, item.id, "deleted", NOW)
    assert (await items.get(1, item.id)).status == "open"  # type: ignore[union-attr]


def _note(message_id: int, user_id: int = 5) -> NewItem:
    return NewItem(
        user_id=user_id,
        kind="note",
        title=f"n{message_id}",
        text=f"n{message_id}",
        chat_id=user_id,
        message_id=message_id,
        created_at=NOW,
    )


async def _stored_reply(db: Database, item_id: int) -> int | None:
    rows = await db.fetch_all("SELECT reply_message_id FROM items WHERE id = ?", (item_id,))
    return rows[0][0]


async def _indexed(db: Database) -> list[int]:
    return [row[0] for row in await db.fetch_all("SELECT rowid FROM item_search ORDER BY rowid")]


def _items(db: Database) -> ItemRepository:
    return ItemRepository(db, indexer=normalize)


async def test_written_behind_reads_see_it_and_flush_writes_it(db: Database) -> None:
    users = UserRepository(db, default_timezone="UTC")
    items = _items(db)
    await users.ensure(5, "ru", NOW)
    first, _ = await items.add(_note(10))
    items.note_reply(5, first.id, 11)
    # Neither the link nor the index entry is written yet, but reads already see the link.
    assert await _stored_reply(db, first.id) is None
    assert await _indexed(db) == []
    assert (await items.get(5, first.id)).reply_message_id == 11  # type: ignore[union-attr]
    assert (await items.by_message(5, 5, 10)).reply_message_id == 11  # type: ignore[union-attr]
    again, created = await items.add(_note(10))  # Telegram delivers the message again
    assert (created, again.reply_message_id) == (False, 11)
    await items.flush()
    assert await _stored_reply(db, first.id) == 11
    assert await _indexed(db) == [first.id]


async def test_a_long_flush_lets_captures_in_between_its_units(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second of captures is written behind in units of FLUSH_CHUNK items, so a capture
    arriving meanwhile waits for one unit, not for all of them."""
    monkeypatch.setattr("storage.items.FLUSH_CHUNK", 10)
    await UserRepository(db, default_timezone="UTC").ensure(5, "ru", NOW)
    items = _items(db)
    captured = [(await items.add(_note(message_id)))[0] for message_id in range(100, 135)]
    for item in captured:
        items.note_reply(5, item.id, item.message_id + 1)
    units: list[str] = []
    run = db.run

    async def counted(work: Any, **options: Any) -> Any:
        units.append("capture" if options.get("inline") else "flush")
        return await run(work, **options)

    monkeypatch.setattr(db, "run", counted)
    flushing = asyncio.create_task(items.flush())
    await asyncio.sleep(0)  # the flush's first unit is on the worker
    late, _ = await items.add(_note(500))
    await flushing
    assert units[:3] == ["flush", "capture", "flush"]
    assert units.count("flush") == 4  # 35 items, 10 a unit
    assert [await _stored_reply(db, item.id) for item in captured] == [
        item.message_id + 1 for item in captured
    ]
    assert sorted(await _indexed(db)) == [item.id for item in captured]
    await items.flush()
    assert sorted(await _indexed(db)) == [*(item.id for item in captured), late.id]


async def test_a_text_the_indexer_fails_on_waits_and_the_flush_returns(db: Database) -> None:
    """Search, /forget and shutdown flush first: a failure must not reach them."""
    await UserRepository(db, default_timezone="UTC").ensure(5, "ru", NOW)
    broken = True

    def indexer(text: str) -> str:
        if broken:
            raise ValueError("stemmer")
        return normalize(text)

    items = ItemRepository(db, indexer=indexer)
    item, _ = await items.add(_note(30))
    items.note_reply(5, item.id, 31)
    await items.flush()  # logged and kept, not raised
    assert await _indexed(db) == []
    assert items._flush_timer is not None  # it tries again
    broken = False
    await items.flush()
    assert await _indexed(db) == [item.id]
    assert await _stored_reply(db, item.id) == 31


async def test_a_search_finds_what_was_captured_a_moment_ago(db: Database) -> None:
    await UserRepository(db, default_timezone="UTC").ensure(5, "ru", NOW)
    items = _items(db)
    search = SearchRepository(db, normalize, written_behind=items.flush)
    item, _ = await items.add(_note(20))
    hits, _ = await search.search(
        5, match_query("n20", user_id=5) or "", client_id=None, limit=5, offset=0
    )
    assert [hit.id for hit in hits] == [item.id]


async def test_written_whole_reads_only_the_users_own_words(db: Database) -> None:
    users = UserRepository(db, default_timezone="UTC")
    await users.ensure(5, "ru", NOW)
    await users.ensure(6, "ru", NOW)
    items = _items(db)
    search = SearchRepository(db, normalize, written_behind=items.flush)
    for user_id, text in ((5, "отправили акты за октябрь"), (6, "актуализировать прайс")):
        await items.add(NewItem(user_id=user_id, kind="note", title=text, text=text,
                                chat_id=user_id, message_id=1, created_at=NOW))  # fmt: skip
    assert await search.written_whole(5, ["акт", "банн", "прайс"]) == {"акт"}
    assert await search.written_whole(6, ["акт", "прайс"]) == {"прайс"}
    assert await search.written_whole(6, []) == frozenset()


async def test_a_searched_day_finds_team_and_client_dates_on_it(db: Database) -> None:
    users = UserRepository(db, default_timezone="UTC")
    await users.ensure(5, "ru", NOW)
    await users.ensure(6, "ru", NOW)
    items = _items(db)
    search = SearchRepository(db, normalize, written_behind=items.flush)
    day = datetime(2026, 12, 15, tzinfo=UTC)
    evening = day + timedelta(hours=18)

    message_ids = iter(range(1, 100))

    async def add(text: str, due: datetime | None, client_due: datetime | None = None,
                  user_id: int = 5) -> int:  # fmt: skip
        item, _ = await items.add(
            NewItem(user_id=user_id, kind="deadline", title=text, text=text, chat_id=user_id,
                    message_id=next(message_ids), created_at=NOW, due_at=due,
                    client_due_at=client_due)
        )  # fmt: skip
        return item.id

    team = await add("отчёт", evening)
    client = await add("макет", evening - timedelta(days=4), evening)
    named = await add("встреча 15 декабря", None)
    await add("отчёт", evening + timedelta(days=1))  # the next day
    await add("отчёт", day - timedelta(seconds=1))  # the day before, at its last second
    await add("отчёт", evening, user_id=6)  # someone else's
    deleted = await add("отчёт", evening)
    async with db.transaction() as conn:
        await conn.execute("UPDATE items SET status = 'deleted' WHERE id = ?", (deleted,))

    async def found(text: str, rest: str | None) -> list[int]:
        hits, _ = await search.search(
            5,
            match_query(text, user_id=5),
            client_id=None,
            limit=10,
            offset=0,
            due_on=(day, day + timedelta(days=1)),
            due_match=match_query(rest, user_id=5) if rest else None,
        )
        return sorted(hit.id for hit in hits)

    assert await found("15 декабря", None) == [team, client, named]
    assert await found("отчёт 15 декабря", "отчёт") == [team]


async def test_each_user_keeps_their_newest_search_queries(db: Database) -> None:
    users = UserRepository(db, default_timezone="UTC")
    await users.ensure(5, "ru", NOW)
    await users.ensure(6, "en", NOW)
    search = SearchRepository(db, normalize)
    annas = [await search.remember(5, f"query {n}", None, NOW) for n in range(KEPT_QUERIES + 2)]
    olgas = await search.remember(6, "pricing", None, NOW)
    assert await search.query(5, annas[0]) is None
    assert await search.query(5, annas[1]) is None
    assert await search.query(5, annas[2]) == ("query 2", None)
    assert await search.query(5, annas[-1]) == (f"query {KEPT_QUERIES + 1}", None)
    assert await search.query(6, olgas) == ("pricing", None)
    assert await search.query(5, olgas) is None  # not Anna's


async def test_written_behind_survives_a_failed_write_and_is_written_on_close(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await UserRepository(db, default_timezone="UTC").ensure(5, "ru", NOW)
    items = _items(db)
    first, _ = await items.add(_note(30))
    items.note_reply(5, first.id, 31)
    real_run = db.run

    async def failing_run(*args: Any, **kwargs: Any) -> Any:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(db, "run", failing_run)
    await items.flush()  # logged, kept in memory
    monkeypatch.setattr(db, "run", real_run)
    assert (await items.get(5, first.id)).reply_message_id == 31  # type: ignore[union-attr]
    await items.close()
    assert await _stored_reply(db, first.id) == 31
    assert await _indexed(db) == [first.id]


async def test_the_timer_writes_behind_within_a_second(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("storage.items.FLUSH_SECONDS", 0.0)
    await UserRepository(db, default_timezone="UTC").ensure(5, "ru", NOW)
    items = _items(db)
    first, _ = await items.add(_note(40))
    items.note_reply(5, first.id, 41)
    for _ in range(200):  # the timer fires on the next loop turns; one database trip
        if await _stored_reply(db, first.id) == 41:
            break
        await asyncio.sleep(0)
    assert await _stored_reply(db, first.id) == 41
    assert await _indexed(db) == [first.id]


async def test_an_item_deleted_before_the_flush_leaves_no_index_entry(db: Database) -> None:
    # /forget right after a capture: the entry waiting in memory must not come back.
    await UserRepository(db, default_timezone="UTC").ensure(5, "ru", NOW)
    items = _items(db)
    item, _ = await items.add(_note(50))
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM reminders WHERE item_id = ?", (item.id,))
        await conn.execute("DELETE FROM items WHERE id = ?", (item.id,))
    await items.flush()
    assert await _indexed(db) == []


async def test_an_edit_before_the_flush_is_what_the_index_holds(db: Database) -> None:
    await UserRepository(db, default_timezone="UTC").ensure(5, "ru", NOW)
    items = _items(db)
    search = SearchRepository(db, normalize, written_behind=items.flush)
    item, _ = await items.add(_note(60))
    await items.replace_content(
        5,
        item.id,
        kind="note",
        title="banner",
        text="banner",
        client_id=None,
        client_hint=None,
        due=None,
        has_time=False,
        client_due=None,
        now=NOW,
    )
    await items.flush()

    async def found(word: str) -> list[int]:
        match = match_query(word, user_id=5) or ""
        hits, _ = await search.search(5, match, client_id=None, limit=5, offset=0)
        return [hit.id for hit in hits]

    assert await found("banner") == [item.id]
    assert await found("n60") == []


async def test_index_entries_lost_in_a_crash_come_back_at_start(db: Database) -> None:
    await UserRepository(db, default_timezone="UTC").ensure(5, "ru", NOW)
    item, _ = await _items(db).add(_note(70))  # the process dies before its flush
    assert await SearchRepository(db, normalize).backfill() == 1
    assert await _indexed(db) == [item.id]


def _insert_note(message_id: int) -> Callable[[sqlite3.Connection], None]:
    def work(conn: sqlite3.Connection) -> None:
        conn.execute(_NOTE_ROW, (5, 5, message_id))

    return work


async def test_an_inline_unit_waits_for_one_cut_short_on_the_worker(db: Database) -> None:
    """A cancelled unit may still be running on aiosqlite's thread: an inline unit must not
    start its transaction inside that one (it would fail, or commit the other's half)."""
    await UserRepository(db, default_timezone="UTC").ensure(5, "ru", NOW)
    started, release = threading.Event(), threading.Event()

    def slow(conn: sqlite3.Connection) -> None:
        _insert_note(1)(conn)
        started.set()
        release.wait(10)
        _insert_note(2)(conn)

    worker = asyncio.create_task(db.run(slow))
    assert await asyncio.to_thread(started.wait, 10)
    worker.cancel()
    with pytest.raises(asyncio.CancelledError):
        await worker
    inline = asyncio.create_task(db.run(_insert_note(3), inline=True))
    await asyncio.sleep(0)
    assert not inline.done()  # waiting for the worker, not interleaving with it
    release.set()
    await inline
    stored = await db.fetch_all("SELECT message_id FROM items ORDER BY message_id")
    assert [row[0] for row in stored] == [1, 2, 3]  # the cut-short unit landed whole


async def test_checkpoints_keep_the_write_ahead_log_small(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SQLite's automatic checkpoints are off (one would land inside an inline COMMIT);
    # the database runs them itself every CHECKPOINT_EVERY writes.
    monkeypatch.setattr("storage.db.CHECKPOINT_EVERY", 50)
    await UserRepository(db, default_timezone="UTC").ensure(5, "ru", NOW)
    wal = Path(f"{db.path}-wal")
    for message_id in range(1, 2001):
        await db.run(_insert_note(message_id), inline=True)
        # As a handler waits milliseconds for Telegram, a checkpoint under way ends
        # between writes; merely yielding let a busy machine pile up commits behind it
        # (5.1 MB once, with two test runs side by side).
        await asyncio.gather(*db._checkpoints)
    assert (await db.fetch_all("SELECT count(*) FROM items"))[0][0] == 2000
    # Without checkpoints the 2,000 commits leave about 70 MB of log; with them the log is
    # reused from its start and holds about CHECKPOINT_EVERY commits (~2 MB).
    assert (await asyncio.to_thread(wal.stat)).st_size < 5_000_000


async def test_captures_go_on_while_a_checkpoint_copies_the_log(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The long pass of a checkpoint (the copy and its fsync) holds no lock of ours."""
    await UserRepository(db, default_timezone="UTC").ensure(5, "ru", NOW)
    for message_id in range(1, 300):
        await db.run(_insert_note(message_id), inline=True)
    copying, release = threading.Event(), threading.Event()
    aside = db._checkpoint_aside

    def slow_copy() -> None:
        copying.set()
        release.wait(5)
        aside()

    monkeypatch.setattr(db, "_checkpoint_aside", slow_copy)
    checkpoint = asyncio.create_task(db.checkpoint())
    assert await asyncio.to_thread(copying.wait, 5)
    for message_id in range(300, 310):  # while the copy is under way
        await asyncio.wait_for(db.run(_insert_note(message_id), inline=True), 1)
    assert not checkpoint.done()
    release.set()
    await checkpoint
    assert (await db.fetch_all("SELECT count(*) FROM items"))[0][0] == 309
    # Both passes together copied everything: the log starts over at the next write.
    await db.run(_insert_note(400), inline=True)
    frames = (await db.fetch_all("PRAGMA wal_checkpoint(PASSIVE)"))[0]
    assert frames[1] == frames[2]
    assert frames[1] < 20


async def test_a_failed_unlocked_pass_still_leaves_the_locked_one(
    db: Database, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr("storage.db.CHECKPOINT_EVERY", 50)
    await UserRepository(db, default_timezone="UTC").ensure(5, "ru", NOW)

    def unable() -> None:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(db, "_checkpoint_aside", unable)
    for message_id in range(1, 2001):
        await db.run(_insert_note(message_id), inline=True)
        await asyncio.sleep(0)
    await asyncio.gather(*db._checkpoints)
    assert (await asyncio.to_thread(Path(f"{db.path}-wal").stat)).st_size < 5_000_000
    assert "unlocked pass, failed (OperationalError)" in caplog.text


async def test_close_leaves_no_second_connection_and_no_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writes racing close (a handler still finishing) start no checkpoint that would
    reopen the second connection behind it: the log is removed only by the last
    connection to close."""
    monkeypatch.setattr("storage.db.CHECKPOINT_EVERY", 5)
    database = Database(tmp_path / "bot.sqlite3")
    await database.connect()
    await database.migrate()
    await UserRepository(database, default_timezone="UTC").ensure(5, "ru", NOW)
    for message_id in range(1, 6):  # the 5th write starts a checkpoint
        await database.run(_insert_note(message_id), inline=True)
    assert database._checkpoints
    in_flight = list(database._checkpoints)
    closing = asyncio.create_task(database.close())
    await asyncio.sleep(0)  # close waits for the checkpoint in flight
    await asyncio.gather(*in_flight)  # and now closes the second connection
    for message_id in range(6, 11):  # enough writes for another checkpoint
        await database.run(_insert_note(message_id), inline=True)
    assert not database._checkpoints
    await closing
    assert database._aside is None
    wal = tmp_path / "bot.sqlite3-wal"
    assert not await asyncio.to_thread(wal.exists)


async def test_a_transaction_left_open_by_a_cut_short_unit_is_rolled_back(db: Database) -> None:
    # A unit cancelled after its BEGIN reached the worker leaves the connection inside
    # that transaction; the next unit must roll it back, not fail or commit its half.
    await UserRepository(db, default_timezone="UTC").ensure(5, "ru", NOW)
    await db.conn.execute("BEGIN IMMEDIATE")
    await db.conn.execute(_NOTE_ROW, (5, 5, 1))
    db._worker_idle = False  # what Database records when a unit is cut short
    await db.run(_insert_note(2), inline=True)
    stored = await db.fetch_all("SELECT message_id FROM items ORDER BY message_id")
    assert [row[0] for row in stored] == [2]


async def test_an_inline_unit_does_not_hold_the_loop_while_another_connection_writes(
    db: Database,
) -> None:
    await UserRepository(db, default_timezone="UTC").ensure(5, "ru", NOW)
    other = sqlite3.connect(db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # an operator's sqlite3 shell, say
    try:
        write = asyncio.create_task(db.run(_insert_note(3), inline=True))
        await asyncio.sleep(0.05)  # the loop runs: the unit waits on the worker instead
        assert not write.done()
    finally:
        other.execute("ROLLBACK")
        other.close()
    await write
    stored = await db.fetch_all("SELECT message_id FROM items")
    assert [row[0] for row in stored] == [3]


async def test_migration_9_unescapes_titles_of_files_without_a_caption(tmp_path: Path) -> None:
    database = Database(tmp_path / "old.sqlite3")
    await database.connect()
    await database.migrate(target=8)
    await UserRepository(database, default_timezone="UTC").ensure(5, "ru", NOW)
    async with database.transaction() as conn:
        for message_id, source, title, text in (
            (1, "file", "File Q&amp;A.pdf", "File Q&amp;A.pdf"),  # no caption: escaped
            (2, "file", "AT&amp;T draft", "AT&amp;T draft as typed"),  # a caption: as typed
            (3, "typed", "R&amp;D", "R&amp;D"),  # typed text is the user's own
        ):
            await conn.execute(
                "INSERT INTO items (user_id, kind, title, text, source, chat_id, message_id,"
                " created_at, updated_at) VALUES (5, 'note', ?, ?, ?, 5, ?, 0, 0)",
                (title, text, source, message_id),
            )
    assert await database.migrate(target=9) == [9]
    rows = await database.fetch_all("SELECT title FROM items ORDER BY message_id")
    assert [row[0] for row in rows] == ["File Q&A.pdf", "AT&amp;T draft", "R&amp;D"]
    await database.close()


async def test_migration_13_links_recurring_rules_to_their_confirmation(tmp_path: Path) -> None:
    database = Database(tmp_path / "old.sqlite3")
    await database.connect()
    await database.migrate(target=12)
    await UserRepository(database, default_timezone="UTC").ensure(5, "ru", NOW)
    async with database.transaction() as conn:
        await conn.execute(
            "INSERT INTO recurring (user_id, title, rule, chat_id, message_id, created_at)"
            " VALUES (5, 'созвон', 'weekly;0;11:00', 5, 7, 0)"
        )
    assert await database.migrate(target=13) == [13]
    # A rule set up before is kept; its confirmation is unknown, so an edit changes only the rule.
    rows = await database.fetch_all("SELECT title, reply_message_id FROM recurring")
    assert [tuple(row) for row in rows] == [("созвон", None)]
    await database.close()


async def test_a_client_summary_has_the_oldest_broken_promise_and_the_next_one(
    db: Database,
) -> None:
    users = UserRepository(db, default_timezone="UTC")
    items = ItemRepository(db)
    clients = ClientRepository(db)
    await users.ensure(1, "en", NOW)
    acme = await clients.create(1, "Acme", NOW)
    promised = {
        1: NOW - timedelta(days=3),  # broken, the oldest
        2: NOW - timedelta(days=1),  # broken too
        3: NOW - timedelta(days=5),  # would be the oldest, but it is done
        4: NOW + timedelta(days=2),  # the next
        5: NOW + timedelta(days=4),
    }
    for message_id, client_due in promised.items():
        item, _ = await items.add(
            NewItem(
                user_id=1,
                kind="deadline",
                title=f"d{message_id}",
                text=f"d{message_id}",
                chat_id=1,
                message_id=message_id,
                created_at=NOW - timedelta(days=10),
                client_id=acme.id,
                due_at=client_due - timedelta(days=1),
                client_due_at=client_due,
            )
        )
        if message_id == 3:
            await items.set_status(1, item.id, "done", NOW)
    [summary] = await clients.summaries(1, NOW)
    assert summary.open_items == 4
    assert summary.broken_promise == NOW - timedelta(days=3)
    assert summary.next_promise == NOW + timedelta(days=2)


async def test_a_timeline_page_reads_its_entries_in_the_same_few_queries(db: Database) -> None:
    users = UserRepository(db, default_timezone="UTC")
    await users.ensure(5, "en", NOW)
    client = await ClientRepository(db).create(5, "Acme", NOW)
    async with db.transaction() as conn:
        for number in range(12):
            await conn.execute(
                "INSERT INTO items (user_id, client_id, kind, title, text, chat_id, message_id,"
                " due_at, created_at, updated_at) VALUES (?, ?, 'reminder', ?, ?, 5, ?, ?, ?, 0)",
                (5, client.id, f"r{number}", f"r{number}", number, 5000, 100 + 2 * number),
            )
            cur = await conn.execute(
                "INSERT INTO conversations (user_id, client_id, first_at, last_at,"
                " message_count, created_at) VALUES (5, ?, ?, ?, 2, 0)",
                (client.id, 101 + 2 * number, 102 + 2 * number),
            )
            for offset in (1, 0):  # written out of order
                await conn.execute(
                    "INSERT INTO forwards (user_id, chat_id, message_id, sender_name,"
                    " origin_date, received_at, text, conversation_id)"
                    " VALUES (5, 5, ?, 'Ivan', ?, 0, ?, ?)",
                    (1000 + 2 * number + offset, 101 + offset, f"m{offset}", cur.lastrowid),
                )
        # The first reminder's latest snooze that still stands; a cancelled one is no snooze.
        for due, status in ((6000, "sent"), (7000, "pending"), (9000, "cancelled")):
            await conn.execute(
                "INSERT INTO reminders (user_id, item_id, kind, due_at, status, next_attempt_at)"
                " SELECT 5, id, 'snooze', ?, ?, ? FROM items WHERE title = 'r0'",
                (due, status, due),
            )
    timeline = TimelineRepository(db)
    statements: list[str] = []
    await db.conn.set_trace_callback(statements.append)
    small, total = await timeline.page(5, client.id, 2, 0)
    few = len(statements)
    statements.clear()
    page, _ = await timeline.page(5, client.id, 24, 0)
    await db.conn.set_trace_callback(None)
    assert total == 24
    assert len(statements) == few
    assert [type(entry).__name__ for entry in small] == ["Conversation", "CardItem"]
    assert len(page) == 24
    oldest_item, oldest_conversation = page[-1], page[-2]
    assert isinstance(oldest_item, CardItem)
    assert oldest_item.item.title == "r0"
    assert oldest_item.snoozed_until == from_epoch(7000)
    assert isinstance(page[1], CardItem)
    assert page[1].snoozed_until is None
    assert isinstance(oldest_conversation, Conversation)
    assert [message.text for message in oldest_conversation.messages] == ["m0", "m1"]
