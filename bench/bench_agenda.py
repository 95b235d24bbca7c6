"""Time build_agenda + render_agenda for one user with ~50 open items.

Run: .venv/bin/python bench/bench_agenda.py  (prints median and p99 in µs)
"""

from __future__ import annotations

import statistics
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.agenda import (
    AgendaInput,
    AgendaItem,
    CheckIn,
    ClientStatusLine,
    Yesterday,
    build_agenda,
    render_agenda,
)
from bot.i18n import translator
from bot.models import ItemKind

MOSCOW = ZoneInfo("Europe/Moscow")
# Storage hands out UTC datetimes; the digest is composed for a Moscow user.
NOW = datetime(2026, 11, 26, 5, 0, tzinfo=UTC)
KIND_CYCLE: tuple[ItemKind, ...] = ("request", "deadline", "reminder", "note", "request")
CLIENTS = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Wonka"]


def sample(user: int = 0) -> AgendaInput:
    """One user's open items; client names differ per user, as they do in production."""
    items: list[AgendaItem] = []
    for n in range(50):
        client = f"{CLIENTS[n % len(CLIENTS)]} {user}" if n % 7 else None
        kind = KIND_CYCLE[n % len(KIND_CYCLE)]
        due = NOW + timedelta(hours=n * 5 - 60) if kind in ("deadline", "reminder") else None
        client_due = due + timedelta(days=1) if due is not None and client else None
        items.append(
            AgendaItem(
                id=n + 1,
                kind=kind,
                title=f"Item {n} <b>&amp; move the banner to the top of the landing page",
                client=client,
                due_at=due,
                client_due_at=client_due,
                created_at=NOW - timedelta(days=n % 12, hours=n),
            )
        )
    clients = [
        ClientStatusLine(
            name=f"{name} {user}",
            last_contact_at=NOW - timedelta(days=3 * i) if i % 4 else None,
            next_report_at=date(2026, 11, 26) + timedelta(days=i),
            next_payment_at=date(2026, 11, 28) + timedelta(days=i * 2),
            status="active" if i % 5 else "paused",
            added_at=NOW - timedelta(days=30),
        )
        for i, name in enumerate(CLIENTS)
    ]
    check_ins = [
        CheckIn("Weekly sync", "Acme", NOW + timedelta(hours=3)),
        CheckIn("Standup", None, NOW + timedelta(hours=1)),
    ]
    return AgendaInput(items, clients, check_ins, Yesterday(captured=12, forwards=3, closed=5))


def main() -> None:
    # More users than the module's caches hold, so cached fragments do not flatter the result.
    users = [sample(user) for user in range(2000)]
    t = translator("ru")
    samples: list[float] = []
    for _ in range(2):
        for data in users:
            start = time.perf_counter()
            agenda = build_agenda(data, now=NOW, tz=MOSCOW)
            render_agenda(t, agenda, now=NOW, tz=MOSCOW)
            samples.append((time.perf_counter() - start) * 1e6)
    data = users[0]
    samples.sort()
    median = statistics.median(samples)
    p99 = samples[int(len(samples) * 0.99)]
    lines = render_agenda(t, build_agenda(data, now=NOW, tz=MOSCOW), now=NOW, tz=MOSCOW)
    print(f"{len(data.items)} items, {len(lines)} lines: median {median:.0f} µs, p99 {p99:.0f} µs")


if __name__ == "__main__":
    main()
