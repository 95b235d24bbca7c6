"""Benchmark: FTS5 search over stemmed text, scoped per user two ways, and a big /export.

    .venv/bin/python bench/bench_search_export.py --items 200000

Builds a throw-away SQLite file in a temporary directory (deleted at the end unless
--keep): `--items` items across `--users` users, one of them "heavy" with
`--export-items` items (the /export case), the rest spread evenly and interleaved
in id order as in a live multi-user bot. Every item is indexed once in

    search(owner, body, user_id UNINDEXED)    -- tokenize 'unicode61 remove_diacritics 0'

so both scoping forms run against the same index:

    unindexed: search MATCH 'body:(…)' AND user_id = ?
    owner:     search MATCH 'owner:"u42" AND body:(…)'

each ranked by bm25 (ORDER BY rank) and newest first (ORDER BY rowid DESC), LIMIT 20;
the owner form also with whole stems (`match_query(..., prefix=False)`). "hits/user"
counts the prefix form's matches; the "prefix" row is a two-letter word fragment,
which whole-stem matching does not expand at all.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import aiosqlite

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.export import ExportClient, ExportItem, write_export
from bot.textsearch import match_query, normalize, owner_token

RUSSIAN = (
    "отчёт отчёты отчёта акт акты актов счёт счета счёту договор договора договоры оплата оплату"
    " оплатили созвон созвона встреча встречу клиент клиенту клиента макет макеты баннер баннеры"
    " сайт сайта реклама рекламы кампания кампании бюджет бюджета смета смету прайс прайса бриф"
    " брифа отправить отправили отправил прислать прислали согласовать согласовали подписать"
    " подписали перенести перенесли обновить обновили проверить проверили напомнить напомни"
    " сделать сделали нужно надо срочно завтра сегодня понедельник вторник среда четверг пятница"
    " неделе месяц месяца квартал квартала март апреля мая июня лидов лиды конверсия конверсии"
    " аналитика аналитику метрики доступ доступы пароль пароли ключевые слова тексты текст статья"
    " статьи презентация презентацию скидка скидку тариф тарифа продление продлить замечания правки"
    " правок ответ ответа письмо письма почта телефон звонок звонка задача задачи"
)
ENGLISH = (
    "report reports reporting invoice invoices invoiced contract payment paid call meeting client"
    " banner website campaign budget estimate price brief send sent approve approved sign signed"
    " update updated check review remind urgent tomorrow today week month quarter leads conversion"
    " analytics access password keywords copy article deck discount renewal feedback email phone"
    " task"
)
CLIENTS = ("Acme", "Globex", "Initech", "Umbrella", "Ромашка", "Север Строй", "Вектор", "Hooli")
SYLLABLES = tuple(consonant + vowel for consonant in "бвгджзклмнпрстфхцчшщ" for vowel in "аеиоуя")
COMMON_QUERY = "отчёт"  # in roughly a quarter of all items
SHORT_PREFIX_QUERY = "от"  # a two-letter prefix: the widest expansion a user can type
KINDS = ("note", "request", "deadline", "reminder")
SOURCES = ("typed", "forwarded", "voice", "file")
START = 1_700_000_000


@dataclass(frozen=True, slots=True)
class Corpus:
    words: list[str]
    weights: list[float]
    rare: list[str]


def make_corpus(rng: random.Random) -> Corpus:
    words = RUSSIAN.split() + ENGLISH.split()
    rng.shuffle(words)
    words.remove(COMMON_QUERY)
    words.insert(12, COMMON_QUERY)
    # Zipf-like: a few words everywhere, most words in a few percent of items.
    weights = [1 / (rank + 1) ** 0.9 for rank in range(len(words))]
    rare = sorted({"".join(rng.choices(SYLLABLES, k=4)) for _ in range(60_000)})
    return Corpus(words, weights, rare)


def make_text(rng: random.Random, corpus: Corpus) -> str:
    words = rng.choices(corpus.words, corpus.weights, k=rng.randint(6, 24))
    if rng.random() < 0.5:
        words.insert(rng.randrange(len(words) + 1), rng.choice(CLIENTS))
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words) + 1), rng.choice(corpus.rare))
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice((".", "!", "", "?"))


def owners(total: int, users: int, heavy_items: int, rng: random.Random) -> list[int]:
    """User id of each item in id order: user 1 has heavy_items, the rest share the remainder."""
    heavy_items = min(heavy_items, total)
    others = [2 + n % (users - 1) for n in range(total - heavy_items)]
    result = [1] * heavy_items + others
    rng.shuffle(result)
    return result


def build(path: Path, total: int, users: int, heavy_items: int, seed: int) -> dict[int, list[str]]:
    """Build the database; returns a few rare words that occur in each user's items."""
    rng = random.Random(seed)
    corpus = make_corpus(rng)
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        PRAGMA journal_mode = OFF;
        PRAGMA synchronous = OFF;
        CREATE TABLE items (
            id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, kind TEXT NOT NULL,
            status TEXT NOT NULL, client TEXT, title TEXT NOT NULL, text TEXT NOT NULL,
            due_at INTEGER, source TEXT NOT NULL, created_at INTEGER NOT NULL
        );
        CREATE INDEX items_user ON items (user_id, id);
        CREATE VIRTUAL TABLE search USING fts5(
            owner, body, user_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 0'
        );
        INSERT INTO search (search, rank) VALUES ('rank', 'bm25(0.0, 1.0)');
        """
    )
    rare_by_user: dict[int, list[str]] = {}
    rare = set(corpus.rare)
    started = time.perf_counter()
    batch_items: list[tuple[object, ...]] = []
    batch_search: list[tuple[object, ...]] = []

    def flush() -> None:
        with conn:
            conn.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch_items)
            conn.executemany(
                "INSERT INTO search (rowid, owner, body, user_id) VALUES (?, ?, ?, ?)",
                batch_search,
            )
        batch_items.clear()
        batch_search.clear()

    for item_id, user_id in enumerate(owners(total, users, heavy_items, rng), 1):
        text = make_text(rng, corpus)
        title = " ".join(text.split()[:5])
        created = START + item_id * 30
        due = created + rng.randint(3600, 30 * 86400) if rng.random() < 0.4 else None
        client = rng.choice(CLIENTS) if rng.random() < 0.7 else None
        batch_items.append(
            (
                item_id,
                user_id,
                rng.choice(KINDS),
                rng.choice(("open", "open", "done")),
                client,
                title,
                text,
                due,
                rng.choice(SOURCES),
                created,
            )
        )
        batch_search.append((item_id, owner_token(user_id), normalize(text), user_id))
        found = rare_by_user.setdefault(user_id, [])
        if len(found) < 10:
            found.extend(word for word in text.rstrip(".!?").split() if word in rare)
        if len(batch_items) >= 20_000:
            flush()
            print(f"\r  {item_id:,} items, {time.perf_counter() - started:.0f} s", end="")
    flush()
    conn.close()
    size = path.stat().st_size / 1e6
    print(f"\r  built {total:,} items in {time.perf_counter() - started:.0f} s; file {size:.0f} MB")
    return rare_by_user


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def timed(run: Callable[[], object], repeats: int) -> list[float]:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter_ns()
        run()
        samples.append((time.perf_counter_ns() - started) / 1e6)
    return samples


def search_bench(
    path: Path, rare_by_user: dict[int, list[str]], users: int, repeats: int, seed: int
) -> None:
    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA cache_size = -65536")  # 64 MB, what the bot would give SQLite too
    light = rng.sample(range(2, users + 1), min(20, users - 1))
    orders = {"rank": "rank", "newest": "rowid DESC"}

    def unindexed(user_id: int, text: str, order: str) -> Callable[[], object]:
        query = match_query(text)
        assert query is not None
        sql = (
            f"SELECT rowid FROM search WHERE search MATCH ? AND user_id = ?"
            f" ORDER BY {order} LIMIT 20"
        )
        return lambda: conn.execute(sql, (f"body:({query})", user_id)).fetchall()

    def owner(user_id: int, text: str, order: str) -> Callable[[], object]:
        query = match_query(text, user_id=user_id)
        sql = f"SELECT rowid FROM search WHERE search MATCH ? ORDER BY {order} LIMIT 20"
        return lambda: conn.execute(sql, (query,)).fetchall()

    def owner_exact(user_id: int, text: str, order: str) -> Callable[[], object]:
        query = match_query(text, user_id=user_id, prefix=False)
        sql = f"SELECT rowid FROM search WHERE search MATCH ? ORDER BY {order} LIMIT 20"
        return lambda: conn.execute(sql, (query,)).fetchall()

    def everywhere(text: str) -> int:
        query = match_query(text)
        row = conn.execute("SELECT count(*) FROM search WHERE search MATCH ?", (query,)).fetchone()
        return int(row[0])

    print(
        f"  '{COMMON_QUERY}' is in {everywhere(COMMON_QUERY):,} items of all users;"
        f" '{SHORT_PREFIX_QUERY}*' in {everywhere(SHORT_PREFIX_QUERY):,}"
    )
    approaches = {"unindexed": unindexed, "owner": owner, "owner, exact stems": owner_exact}
    header = "".join(f"{name + ' med/p99 ms':>30}" for name in approaches)
    print(f"  {'users':<15}{'query':<8}{'order':<8}{header}{'hits/user':>11}")
    groups = {"typical users": light, "heavy user": [1]}
    for group, user_ids in groups.items():
        for label, pick in (
            ("common", lambda _user: COMMON_QUERY),
            ("rare", lambda user: rng.choice(rare_by_user[user])),
            ("prefix", lambda _user: SHORT_PREFIX_QUERY),
        ):
            for order_name, order in orders.items():
                results: dict[str, list[float]] = {name: [] for name in approaches}
                matched: list[int] = []
                per_user = max(1, repeats // len(user_ids))
                for user_id in user_ids:
                    text = pick(user_id)
                    for name, make in approaches.items():
                        run = make(user_id, text, order)
                        run()  # warm the page cache: we measure the index, not the disk
                        results[name].extend(timed(run, per_user))
                    query = match_query(text, user_id=user_id)
                    count = conn.execute(
                        "SELECT count(*) FROM search WHERE search MATCH ?", (query,)
                    ).fetchone()
                    matched.append(int(count[0]))
                cells = "".join(
                    f"{statistics.median(samples):20.2f} /{percentile(samples, 0.99):8.2f}"
                    for samples in results.values()
                )
                print(
                    f"  {group:<15}{label:<8}{order_name:<8}{cells}"
                    f"{statistics.median(matched):>11,.0f}"
                )
    conn.close()


async def stream_items(path: Path, user_id: int, page: int = 1000) -> AsyncIterator[ExportItem]:
    """What the storage layer would do: keyset pages, one short read each."""
    last = 0
    async with aiosqlite.connect(path) as conn:
        while True:
            async with conn.execute(
                "SELECT id, created_at, kind, status, client, title, text, due_at, source"
                " FROM items WHERE user_id = ? AND id > ? ORDER BY id LIMIT ?",
                (user_id, last, page),
            ) as cursor:
                rows = list(await cursor.fetchall())
            if not rows:
                return
            for row in rows:
                due = datetime.fromtimestamp(row[7], UTC) if row[7] is not None else None
                yield ExportItem(
                    id=row[0],
                    created_at=datetime.fromtimestamp(row[1], UTC),
                    kind=row[2],
                    status=row[3],
                    client=row[4],
                    title=row[5],
                    text=row[6],
                    due_at=due,
                    client_due_at=due,
                    source=row[8],
                    origin_sender="Иван Петров" if row[8] == "forwarded" else None,
                    origin_date=datetime.fromtimestamp(row[1] - 600, UTC),
                )
            last = rows[-1][0]


def clients() -> Iterator[ExportClient]:
    for name in CLIENTS:
        yield ExportClient(name=name, status="active", email=f"{name.lower()}@example.test")


def peak_rss_mb() -> float:
    """Peak resident set size since the last reset_peak_rss(), in MB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak_rss() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")  # Linux: reset VmHWM to current RSS
    except OSError:
        return False
    return True


def current_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def export_bench(path: Path, workdir: Path) -> None:
    moscow = ZoneInfo("Europe/Moscow")
    out = workdir / "export-timed"
    out.mkdir()
    before = current_rss_mb()
    resettable = reset_peak_rss()
    started = time.perf_counter()
    files = await write_export(out, moscow, stream_items(path, 1), clients())
    elapsed = time.perf_counter() - started
    growth = peak_rss_mb() - before
    sizes = ", ".join(
        f"{p.name} {p.stat().st_size / 1e6:.1f} MB"
        for p in (files.workbook, files.items_csv, files.clients_csv)
    )
    rate = files.items / elapsed
    print(f"  {files.items:,} items in {elapsed:.1f} s ({rate:,.0f} items/s): {sizes}")
    if resettable:
        print(f"  peak RSS growth during export: {growth:.1f} MB (RSS before {before:.0f} MB)")

    out = workdir / "export-traced"
    out.mkdir()
    tracemalloc.start()
    await write_export(out, moscow, stream_items(path, 1), clients())
    _, streamed_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    tracemalloc.start()
    held = [item async for item in stream_items(path, 1)]
    _, list_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"  tracemalloc peak: streamed export {streamed_peak / 1e6:.1f} MB;"
        f" for comparison, just holding the {len(held):,} items as a list: {list_peak / 1e6:.1f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--export-items", type=int, default=100_000, help="the heavy user's items")
    parser.add_argument("--repeats", type=int, default=400, help="timed queries per cell")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    print(f"SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}")

    workdir = Path(tempfile.mkdtemp(prefix="bench-search-"))
    try:
        path = workdir / "bench.sqlite3"
        print(f"build ({workdir}):")
        rare = build(path, args.items, args.users, args.export_items, args.seed)
        print("search, LIMIT 20, warm cache:")
        search_bench(path, rare, args.users, args.repeats, args.seed)
        print("export of the heavy user:")
        asyncio.run(export_bench(path, workdir))
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            for file in sorted(workdir.rglob("*"), reverse=True):
                file.rmdir() if file.is_dir() else file.unlink()
            workdir.rmdir()


if __name__ == "__main__":
    main()
