"""Benchmark: 1,000,000 items across 100 users — search, the client card, /export of 100,000.

    PYTHONPATH=. .venv/bin/python bench/bench_clients.py                   # the issue's size
    PYTHONPATH=. .venv/bin/python bench/bench_clients.py --items 100000    # while developing
    PYTHONPATH=. .venv/bin/python bench/bench_clients.py --keep            # keep the database

The database is the application's own: `storage.db.Database` creates it and runs every
migration, then the rows are bulk-loaded (executemany, big transactions) the way the app writes
them — items with their clients, contacts, kinds, statuses and dates; `item_search` rows with
`owner` = "u<user_id>" and `body` = `bot.textsearch.normalize(text)`. User 1 is the heavy user
with `--heavy` items (default a tenth of `--items`: 100,000 of 1,000,000); the other users share
the rest, interleaved in id order as in a live multi-user bot. Texts are Russian and English
notes, requests, deadlines and reminders of an account manager, with a long tail of rare words
(project code names, invoice numbers).

Everything is then measured through the REAL repositories on the app's one aiosqlite connection
(so the figures include the thread hop and the connection lock):
  search   what handlers/search.py does: `SearchRepository.written_whole` for the short words,
           then `SearchRepository.search(user_id, match_query(text, user_id=..., whole=...),
           client_id=None, limit=5, offset=0)` — a common Russian word, a common English word,
           two words, a short whole word, a day alone and with a word (with `due_on`), a rare
           word the user has, a two-letter prefix, and a word nobody has; typical users and the
           heavy one (the hit counts are of the words, the day's items not counted);
  card     what handlers/clients.py `_card` does: `clients.get` + `clients.contacts` +
           `items.open_for_client` + `bot.client_views.client_card`;
  export   `bot.export.write_export` fed by `ExportRepository.items/clients` for the heavy user:
           time, then tracemalloc peak and VmRSS peak growth.
Targets (issue): search and card under 20 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.client_views import client_card
from bot.dates import day_named
from bot.deadlines import plan_reminders
from bot.export import write_export
from bot.i18n import translator
from bot.textsearch import match_query, normalize, owner_token, short_stems
from handlers.clients import CARD_ITEMS
from storage.clients import ClientRepository, name_key
from storage.db import Database
from storage.exports import ExportRepository
from storage.items import ItemRepository
from storage.search import SearchHit, SearchRepository

NOW = datetime(2026, 11, 25, 8, 30, tzinfo=UTC)
HISTORY_DAYS = 3 * 365  # items span three years up to NOW
TZ = ZoneInfo("Europe/Moscow")
HEAVY_USER = 1
TARGET_MS = 20.0

COMPANIES = (
    "Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Soylent", "Wonka",
    "Cyberdyne", "Pied Piper", "Dunder Mifflin", "Blue Sun", "Tyrell", "Massive Dynamic",
    "Ромашка", "Вектор", "Тензор", "Октава", "Массив", "Северсталь", "Альфа Медиа", "Горизонт",
    "Север Строй", "Лотос", "Меридиан", "Пульсар", "Спектр", "Авангард", "Кварц", "Орбита",
    "Сибирь Логистик", "Уралмаш", "Бриз", "Фрегат", "Гранит", "Эталон", "Вершина", "Полюс",
    "Нева Девелопмент",
)  # fmt: skip
CONTACT_NAMES = (
    "Иван Петров", "Мария Смирнова", "Ольга Соколова", "Дмитрий Волков", "Анна Козлова",
    "John Carter", "Maria Lopez", "Emma Brown", "Anna Kowalski", "Peter Novak",
)  # fmt: skip
ROLES = ("маркетинг", "финансы, счета", "head of marketing", "CEO", "закупки", "")
TASKS_RU = (
    "отчёт по SEO", "баннер к распродаже", "тексты для лендинга", "медиаплан на квартал",
    "подписанный договор", "обновить презентацию", "выгрузка аналитики", "поправить пиксель",
    "бриф для видеокоманды", "счёт за месяц", "акт сверки", "отчёт по рекламной кампании",
    "макеты для соцсетей", "смета на продвижение", "ключевые слова для контекста",
)  # fmt: skip
TASKS_EN = (
    "SEO report", "banner for the Black Friday sale", "landing page copy", "Q4 media plan",
    "signed contract", "pitch deck update", "weekly analytics export", "tracking pixel fix",
    "brief for the video team", "invoice for October", "campaign performance report",
    "social media mockups", "keyword list", "renewal proposal",
)  # fmt: skip
WHEN_RU = ("к пятнице", "до конца недели", "завтра", "через 2 недели", "к 15 числу", "")
WHEN_EN = ("by Friday", "next Monday", "tomorrow", "in 2 weeks", "by the 15th", "")
NOTES_RU = (
    "клиент доволен результатами, CTR вырос", "обсудили на звонке, ждём обратной связи",
    "хотят добавить ещё один язык на сайт", "бюджет согласовали, но просят скидку",
    "недовольны сроками, нужно ускориться", "новый контакт в отделе маркетинга",
    "просят еженедельный отчёт вместо ежемесячного", "переносят запуск на следующий месяц",
)  # fmt: skip
NOTES_EN = (
    "liked the new mockups, wants a darker palette", "budget approved for Q1",
    "new contact person in marketing", "unhappy with the timeline, push the team",
    "asked for a weekly report instead of monthly", "launch moved to next month",
)  # fmt: skip
FILLER_RU = (
    "срочно", "пожалуйста", "по договору", "как обсуждали", "с правками", "на согласование",
    "ещё раз", "в копии бухгалтерия", "по почте", "в телеграме", "после созвона", "важно",
    "конверсия", "лиды", "трафик", "аналитика", "бюджет", "креативы", "таргет", "доступы",
)  # fmt: skip
FILLER_EN = (
    "asap", "please", "as discussed", "with comments", "for approval", "cc finance", "by email",
    "after the call", "important", "conversion", "leads", "traffic", "budget", "creatives",
)  # fmt: skip
SYLLABLES = tuple(c + v for c in "бвгджзклмнпрстфхцчшщ" for v in "аеиоуя")
KINDS = ("note", "request", "deadline", "reminder")
KIND_WEIGHTS = (0.35, 0.25, 0.25, 0.15)
SOURCES = ("typed", "typed", "typed", "forwarded", "voice", "file")
QUERIES = {  # label: text typed after /find (None: the user's own rare word)
    "common ru": "отчёт",
    "common en": "report",
    "two words": "баннер распродажа",
    "short word": "акт",  # written whole ("акт сверки"): its forms, not «актуализировать»
    "date": "15 ноября",  # also what is due that day (the user's items walked newest first)
    "word + date": "отчёт 15 ноября",
    "rare": None,
    "prefix 2": "от",
    "absent": "зюзябра",
}


@dataclass(slots=True)
class Built:
    clients: dict[int, list[int]]  # user -> client ids
    rare: dict[int, list[str]]  # user -> rare words that occur in their items
    items: dict[int, int]  # user -> item count
    open_by_client: dict[int, int]  # client id -> open items


def owners(total: int, users: int, heavy: int, rng: random.Random) -> list[int]:
    heavy = min(heavy, total)
    others = [2 + n % (users - 1) for n in range(total - heavy)]
    result = [HEAVY_USER] * heavy + others
    rng.shuffle(result)
    return result


def make_text(rng: random.Random, kind: str, client: str | None, rare: list[str]) -> str:
    russian = rng.random() < 0.6
    tasks, when, notes, filler = (
        (TASKS_RU, WHEN_RU, NOTES_RU, FILLER_RU)
        if russian
        else (TASKS_EN, WHEN_EN, NOTES_EN, FILLER_EN)
    )
    who = client or ""
    if kind == "note":
        text = f"{who}: {rng.choice(notes)}" if who else rng.choice(notes)
    elif kind == "request":
        verb, nobody = ("просит", "Клиент") if russian else ("asks for", "Client")
        text = f"{who or nobody} {verb} {rng.choice(tasks)}"
    elif kind == "deadline":
        text = f"{rng.choice(tasks)} {rng.choice(when)} #{(who or 'inbox').lower()}"
    else:
        text = (
            f"напомни {rng.choice(when)} позвонить в {who or 'офис'}"
            if russian
            else f"remind me {rng.choice(when)} to call {who or 'the office'}"
        )
    extra = rng.choices(filler, k=rng.randint(0, 8))
    if rng.random() < 0.05:
        extra.append(rng.choice(rare))
    if rng.random() < 0.03:
        extra.append(f"INV-{rng.randint(10_000, 99_999)}")
    if extra:
        text += ", " + " ".join(extra)
    return " ".join(text.split())


def build_db(path: Path, total: int, users: int, heavy: int, per_user: int, seed: int) -> Built:
    """Bulk-load users, clients, contacts, items and item_search into a migrated database."""
    rng = random.Random(seed)
    rare_words = sorted({"".join(rng.choices(SYLLABLES, k=4)) for _ in range(20_000)})
    rare_set = set(rare_words)
    conn = sqlite3.connect(path)
    conn.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
    now = int(NOW.timestamp())
    start = now - HISTORY_DAYS * 86400
    built = Built({}, {}, {}, {})
    names: dict[int, str] = {}
    weights: dict[int, list[float]] = {}
    with conn:
        conn.executemany(
            "INSERT INTO users (user_id, language, timezone, created_at) VALUES (?, ?, ?, ?)",
            [(u, "ru" if u % 3 else "en", "Europe/Moscow", start) for u in range(1, users + 1)],
        )
        for user_id in range(1, users + 1):
            count = per_user * 2 if user_id == HEAVY_USER else per_user
            chosen = rng.sample(COMPANIES, min(count, len(COMPANIES)))
            chosen += [f"Client {n}" for n in range(count - len(chosen))]
            ids = []
            for rank, name in enumerate(chosen):
                status = rng.choices(("active", "paused", "archived"), (0.8, 0.12, 0.08))[0]
                cur = conn.execute(
                    "INSERT INTO clients (user_id, name, name_key, aliases, status, created_at,"
                    " last_used_at, preferred_channel, email, last_payment_on, next_payment_on,"
                    " next_report_on, notes, last_contact_at) VALUES"
                    " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        user_id,
                        name,
                        name_key(name),
                        name.lower().replace(" ", "") if rank % 4 == 0 else "",
                        status,
                        start,
                        now - rank * 3600,
                        rng.choice(("telegram", "email", "phone", None)),
                        f"pm@{name_key(name).replace(' ', '')}.example",
                        "2026-11-01",
                        "2026-12-01",
                        "2026-11-30",
                        rng.choice(("", "Платят с задержкой, напоминать за неделю", "VIP")),
                        now - rng.randint(0, 30) * 86400,
                    ),
                )
                new_id = int(cur.lastrowid or 0)
                ids.append(new_id)
                names[new_id] = name
                conn.executemany(
                    "INSERT INTO client_contacts (user_id, client_id, name, note)"
                    " VALUES (?, ?, ?, ?)",
                    [
                        (user_id, new_id, rng.choice(CONTACT_NAMES), rng.choice(ROLES))
                        for _ in range(rng.randint(0, 3))
                    ],
                )
            built.clients[user_id] = ids
            # A few big clients, a long tail: Zipf-like share of the user's items.
            weights[user_id] = [1 / (rank + 1) for rank in range(len(ids))]

    items_rows: list[tuple[object, ...]] = []
    search_rows: list[tuple[object, ...]] = []
    message_ids: dict[int, int] = {}
    started = time.perf_counter()

    def flush() -> None:
        with conn:
            conn.executemany(
                "INSERT INTO items (id, user_id, client_id, kind, status, title, text, due_at,"
                " has_time, source, chat_id, message_id, created_at, updated_at, closed_at,"
                " client_due_at, padded_from, origin_sender, origin_date) VALUES"
                " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                items_rows,
            )
            conn.executemany(
                "INSERT INTO item_search (rowid, owner, body) VALUES (?, ?, ?)", search_rows
            )
        items_rows.clear()
        search_rows.clear()

    step = (now - start) / max(1, total)
    for item_id, user_id in enumerate(owners(total, users, heavy, rng), 1):
        created = int(start + item_id * step)
        kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
        client_id: int | None = None
        if rng.random() < 0.75:
            client_id = rng.choices(built.clients[user_id], weights[user_id])[0]
        text = make_text(rng, kind, names.get(client_id or 0), rare_words)
        title = text if len(text) <= 60 else text[:59] + "…"
        due = None
        if kind in ("deadline", "reminder") or rng.random() < 0.2:
            due = created + rng.randint(3600, 21 * 86400)
        age_days = (now - created) / 86400
        if rng.random() < 0.02:
            status = "deleted"
        elif kind == "note":
            status = "open" if rng.random() < 0.9 else "done"
        elif due is not None and due > now:
            status = "open"
        elif kind == "request" and age_days < 30:
            status = "open" if rng.random() < 0.6 else "done"
        else:
            status = "open" if rng.random() < 0.05 else "done"
        client_due = due + 2 * 86400 if kind == "deadline" and due else None
        source = rng.choice(SOURCES)
        message_ids[user_id] = message_ids.get(user_id, 10) + 2
        items_rows.append(
            (
                item_id,
                user_id,
                client_id,
                kind,
                status,
                title,
                text,
                due,
                int(due is not None and rng.random() < 0.5),
                source,
                user_id,
                message_ids[user_id],
                created,
                created,
                created + 86400 if status == "done" else None,
                client_due,
                created if client_due else None,
                rng.choice(CONTACT_NAMES) if source == "forwarded" else None,
                created - 600 if source == "forwarded" else None,
            )
        )
        search_rows.append((item_id, owner_token(user_id), normalize(text)))
        built.items[user_id] = built.items.get(user_id, 0) + 1
        if status == "open" and client_id is not None:
            built.open_by_client[client_id] = built.open_by_client.get(client_id, 0) + 1
        found = built.rare.setdefault(user_id, [])
        if len(found) < 10:
            found.extend(word for word in text.replace(",", " ").split() if word in rare_set)
        if len(items_rows) >= 20_000:
            flush()
            rate = item_id / (time.perf_counter() - started)
            print(f"\r  {item_id:,} items ({rate:,.0f}/s)", end="", flush=True)
    flush()
    conn.execute("PRAGMA optimize")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    elapsed = time.perf_counter() - started
    size = path.stat().st_size / 1e6
    print(f"\r  loaded {total:,} items in {elapsed:.0f} s; file {size:,.0f} MB")
    return built


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def verdict(values: list[float]) -> str:
    return "OK" if percentile(values, 0.99) < TARGET_MS else "MISSED"


def line(label: str, values: list[float], extra: str = "") -> str:
    return (
        f"  {label:<28} median {statistics.median(values):7.2f} ms  p99"
        f" {percentile(values, 0.99):7.2f} ms  max {max(values):7.2f} ms  n={len(values)}"
        f"  {verdict(values)}{extra}"
    )


async def timed(run: Callable[[], Awaitable[object]]) -> float:
    started = time.perf_counter_ns()
    await run()
    return (time.perf_counter_ns() - started) / 1e6


async def plans(db: Database) -> None:
    """EXPLAIN QUERY PLAN of the statements measured, so a slow one shows why."""
    statements = {
        "search (items)": (
            "SELECT i.id, i.created_at, i.kind, i.text, c.name FROM item_search s"
            " JOIN items i ON i.id = s.rowid LEFT JOIN clients c ON c.id = i.client_id"
            " WHERE item_search MATCH ? AND i.user_id = ? AND i.status != 'deleted'"
            " ORDER BY s.rowid DESC LIMIT ?",
            (match_query("отчёт", user_id=1), 1, 6),
        ),
        "card open_for_client": (
            "SELECT items.*, clients.name AS client_name FROM items"
            " LEFT JOIN clients ON clients.id = items.client_id"
            " WHERE items.user_id = ? AND items.client_id = ? AND items.status = 'open'"
            " ORDER BY items.due_at IS NULL, items.due_at, items.id DESC",
            (1, 1),
        ),
        "export items page": (
            "SELECT i.id FROM items i LEFT JOIN clients c ON c.id = i.client_id"
            " WHERE i.user_id = ? AND i.id > ? AND i.status != 'deleted' ORDER BY i.id LIMIT ?",
            (1, 0, 1000),
        ),
        "export clients": (
            "SELECT c.*, (SELECT count(*) FROM items i WHERE i.client_id = c.id"
            " AND i.status = 'open') AS open_items FROM clients c WHERE c.user_id = ?",
            (1,),
        ),
    }
    for label, (sql, params) in statements.items():
        async with db.read() as conn:
            rows = await conn.execute_fetchall(f"EXPLAIN QUERY PLAN {sql}", params)
        print(f"  {label}: " + " | ".join(str(row[3]) for row in rows))


async def search_bench(db: Database, built: Built, users: int, repeats: int, seed: int) -> None:
    rng = random.Random(seed)
    search = SearchRepository(db, normalize)
    typical = rng.sample(range(2, users + 1), min(20, users - 1))
    groups = {"typical users": typical, "heavy user": [HEAVY_USER]}
    everything: list[float] = []
    for group, user_ids in groups.items():
        print(f"  {group} ({', '.join(f'{built.items.get(u, 0):,}' for u in user_ids[:3])}"
              f"{' …' if len(user_ids) > 3 else ''} items each):")  # fmt: skip
        for label, fixed in QUERIES.items():
            samples: list[float] = []
            hits: list[int] = []
            per_user = max(1, repeats // len(user_ids))
            for user_id in user_ids:
                if fixed is None and not built.rare.get(user_id):
                    continue
                text = fixed if fixed is not None else rng.choice(built.rare[user_id])

                async def run(user_id: int = user_id, text: str = text) -> list[SearchHit]:
                    # As handlers/search.py does: which short words are whole, the day the
                    # words name, then the page.
                    whole = await search.written_whole(user_id, short_stems(text))
                    match = match_query(text, user_id=user_id, whole=whole)
                    day = day_named(text, now=NOW, tz=TZ)
                    found, _ = await search.search(
                        user_id,
                        match,
                        client_id=None,
                        limit=5,
                        offset=0,
                        due_on=day.span(TZ) if day else None,
                        due_match=match_query(day.rest, user_id=user_id, whole=whole)
                        if day
                        else None,
                    )
                    return found

                found = await run()
                match = match_query(text, user_id=user_id)
                assert match is not None
                hits.append(len(found))
                async with db.read() as conn:
                    rows = await conn.execute_fetchall(
                        "SELECT count(*) FROM item_search WHERE item_search MATCH ?", (match,)
                    )
                total = int(next(iter(rows))[0])
                for _ in range(per_user):
                    samples.append(await timed(run))
                hits[-1] = total
            if samples:
                everything.extend(samples)
                print(line(f"{label!r:<13} ({statistics.median(hits):>7,.0f} hits)", samples))
    print(line("all searches", everything))


async def card_bench(db: Database, built: Built, users: int, repeats: int, seed: int) -> None:
    rng = random.Random(seed + 1)
    clients = ClientRepository(db)
    items = ItemRepository(db, planner=plan_reminders, indexer=normalize)

    async def card(user_id: int, client_id: int, language: str) -> str:
        # handlers/clients.py: notebook.clients.get, then _card.
        client = await clients.get(user_id, client_id)
        assert client is not None
        contacts = await clients.contacts(user_id, client_id)
        open_items, total = await items.open_for_client(user_id, client_id, CARD_ITEMS)
        return client_card(
            translator(language), client, contacts, open_items, total, now=NOW, tz=TZ
        )

    typical = rng.sample(range(2, users + 1), min(20, users - 1))
    pairs = [(u, c) for u in typical for c in built.clients[u]]
    heavy_clients = built.clients[HEAVY_USER]
    biggest = max(heavy_clients, key=lambda c: built.open_by_client.get(c, 0))
    groups = {
        "typical users, any client": pairs,
        "heavy user, any client": [(HEAVY_USER, c) for c in heavy_clients],
        "heavy user, biggest client": [(HEAVY_USER, biggest)],
    }
    everything: list[float] = []
    for label, chosen in groups.items():
        samples: list[float] = []
        opens: list[int] = []
        for _ in range(max(repeats, len(chosen))):
            user_id, client_id = rng.choice(chosen)
            opens.append(built.open_by_client.get(client_id, 0))
            language = "ru" if user_id % 3 else "en"
            started = time.perf_counter_ns()
            await card(user_id, client_id, language)
            samples.append((time.perf_counter_ns() - started) / 1e6)
        everything.extend(samples)
        extra = f"  (open items per card: median {statistics.median(opens):,.0f}"
        extra += f", max {max(opens):,})"
        print(line(label, samples, extra))
    print(line("all cards", everything))
    # Where the biggest card's time goes.
    parts: dict[str, list[float]] = {"clients.get": [], "contacts": [], "open_for_client": []}
    parts["render"] = []
    for _ in range(20):
        parts["clients.get"].append(await timed(lambda: clients.get(HEAVY_USER, biggest)))
        parts["contacts"].append(await timed(lambda: clients.contacts(HEAVY_USER, biggest)))
        started = time.perf_counter_ns()
        found, total = await items.open_for_client(HEAVY_USER, biggest, CARD_ITEMS)
        parts["open_for_client"].append((time.perf_counter_ns() - started) / 1e6)
        client = await clients.get(HEAVY_USER, biggest)
        assert client is not None
        started = time.perf_counter_ns()
        client_card(translator("ru"), client, [], found, total, now=NOW, tz=TZ)
        parts["render"].append((time.perf_counter_ns() - started) / 1e6)
    print(
        f"  biggest card ({len(found):,} open items loaded, 15 shown), medians: "
        + ", ".join(f"{name} {statistics.median(v):.2f} ms" for name, v in parts.items())
    )


def rss_mb(field: str = "VmRSS") -> float:
    for entry in Path("/proc/self/status").read_text().splitlines():
        if entry.startswith(f"{field}:"):
            return int(entry.split()[1]) / 1024
    return 0.0


def reset_peak_rss() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")  # Linux: reset VmHWM to the current RSS
    except OSError:
        return False
    return True


async def export_bench(db: Database, workdir: Path) -> None:
    exports = ExportRepository(db)
    started = time.perf_counter()
    client_rows = [client async for client in exports.clients(HEAVY_USER)]
    print(f"  ExportRepository.clients alone: {len(client_rows)} clients in"
          f" {(time.perf_counter() - started) * 1000:,.0f} ms")  # fmt: skip
    started = time.perf_counter()
    streamed = 0
    async for _ in exports.items(HEAVY_USER):
        streamed += 1
    print(f"  ExportRepository.items alone: {streamed:,} items in"
          f" {time.perf_counter() - started:.2f} s")  # fmt: skip

    out = workdir / "export-timed"
    out.mkdir()
    before = rss_mb()
    resettable = reset_peak_rss()
    # Meanwhile another user's update needs the database: how long does it wait?
    waits: list[float] = []
    done = asyncio.Event()

    async def other_user() -> None:
        while not done.is_set():
            waits.append(await timed(lambda: db.schema_version()))
            await asyncio.sleep(0.02)

    probe = asyncio.create_task(other_user())
    started = time.perf_counter()
    files = await write_export(out, TZ, exports.items(HEAVY_USER), exports.clients(HEAVY_USER))
    elapsed = time.perf_counter() - started
    done.set()
    await probe
    sizes = ", ".join(
        f"{p.name} {p.stat().st_size / 1e6:.1f} MB"
        for p in (files.workbook, files.items_csv, files.clients_csv)
    )
    print(f"  /export: {files.items:,} items + {files.clients} clients in {elapsed:.1f} s"
          f" ({files.items / elapsed:,.0f} items/s): {sizes}")  # fmt: skip
    print(
        f"  meanwhile, a one-row read for another user waited: median"
        f" {statistics.median(waits):.1f} ms, p99 {percentile(waits, 0.99):,.0f} ms,"
        f" max {max(waits):,.0f} ms (n={len(waits)})"
    )
    if resettable:
        peak = rss_mb("VmHWM")
        growth = peak - before
        print(f"  VmRSS: before {before:.0f} MB, peak {peak:.0f} MB (growth {growth:.1f} MB)")

    out = workdir / "export-traced"
    out.mkdir()
    tracemalloc.start()
    started = time.perf_counter()
    await write_export(out, TZ, exports.items(HEAVY_USER), exports.clients(HEAVY_USER))
    traced_elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  tracemalloc peak during /export: {peak / 1e6:.1f} MB"
          f" (traced run {traced_elapsed:.1f} s)")  # fmt: skip


async def measure(path: Path, built: Built, users: int, repeats: int, seed: int) -> None:
    db = Database(path)
    await db.connect()  # the app's connection: WAL, foreign keys, one lock
    await db.migrate()  # nothing to do: proves the schema is the app's current one
    try:
        print("query plans:")
        await plans(db)
        # Warm the OS page cache the way a running bot's would be: one pass over the index.
        async with db.read() as conn:
            await conn.execute_fetchall("SELECT count(*) FROM item_search WHERE owner MATCH 'u1'")
        print(f"search, limit 5, offset 0 (target p99 < {TARGET_MS:.0f} ms):")
        await search_bench(db, built, users, repeats, seed)
        print(f"client card (target < {TARGET_MS:.0f} ms):")
        await card_bench(db, built, users, repeats, seed)
        print(f"export of the heavy user's {built.items.get(HEAVY_USER, 0):,} items:")
        await export_bench(db, path.parent)
    finally:
        await db.close()


async def create_schema(path: Path) -> int:
    db = Database(path)
    await db.connect()
    await db.migrate()
    version = await db.schema_version()
    await db.close()
    return version


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--heavy", type=int, help="the heavy user's items (default items/10)")
    parser.add_argument("--clients", type=int, default=30, help="clients per user (heavy: 2×)")
    parser.add_argument("--repeats", type=int, default=200, help="timed runs per cell")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    heavy = args.heavy if args.heavy is not None else args.items // 10
    print(f"SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}")
    workdir = Path(tempfile.mkdtemp(prefix="bench-clients-"))
    began = time.perf_counter()
    try:
        path = workdir / "bot.sqlite3"
        version = asyncio.run(create_schema(path))
        print(
            f"build ({workdir}, schema v{version}): {args.items:,} items, {args.users} users,"
            f" user {HEAVY_USER} with {heavy:,}, {args.clients} clients per user"
        )
        built = build_db(path, args.items, args.users, heavy, args.clients, args.seed)
        asyncio.run(measure(path, built, args.users, args.repeats, args.seed))
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            for file in sorted(workdir.rglob("*"), reverse=True):
                file.rmdir() if file.is_dir() else file.unlink()
            workdir.rmdir()
    print(f"total {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
