"""Time parse_capture over ~10k realistic messages: median and p99 microseconds per call.

Run: .venv/bin/python bench/bench_parsing.py
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.capture import ClientRef, parse_capture
from tests.capture_corpus import CORPUS

MESSAGES = 10_000
TZ = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 25, 11, 30, tzinfo=TZ)
CLIENTS = [
    ClientRef(1, "Acme", ("акме",)),
    ClientRef(2, "Globex"),
    ClientRef(3, "Ромашка", ("romashka",)),
    ClientRef(4, "Initech"),
    ClientRef(5, "Север Строй"),
    *(ClientRef(100 + n, f"Клиент {n}", (f"client{n}",)) for n in range(45)),
]
FILLERS = [
    "",
    " — обсудили на звонке, ждём ответа",
    " and send the deck afterwards",
    " 🙏",
    ", бюджет 3.5 млн, CTR 1.2%",
]


def main() -> None:
    rng = random.Random(7)
    texts = [case.text for case in CORPUS]
    messages = [rng.choice(texts) + rng.choice(FILLERS) for _ in range(MESSAGES)]
    for message in messages[:200]:  # warm caches the same way a running bot has them
        parse_capture(message, now=NOW, tz=TZ, clients=CLIENTS)

    timings = []
    for message in messages:
        started = time.perf_counter_ns()
        parse_capture(message, now=NOW, tz=TZ, clients=CLIENTS)
        timings.append((time.perf_counter_ns() - started) / 1000)

    timings.sort()
    p99 = timings[int(len(timings) * 0.99) - 1]
    print(f"parse_capture over {len(timings)} messages, {len(CLIENTS)} known clients")
    print(f"median {statistics.median(timings):.1f} µs, p99 {p99:.1f} µs, max {timings[-1]:.1f} µs")


if __name__ == "__main__":
    main()
