"""Benchmark: what the dispatcher itself costs a plain message, before any handler works.

    .venv/bin/python bench/bench_routing.py              # 5,000 updates per run
    .venv/bin/python bench/bench_routing.py --count 2000

The messages of bench_capture.py go through the real application's dispatcher (its
middlewares, routers and filters) with the capture handlers replaced by ones that do
nothing, so the figure is the way to the handler alone; then again with the dispatcher's
dependency names removed (aiogram copies each into every router's and filter's call).
The baseline is bare aiogram: one router, one handler that does nothing. Medians per
update; the difference between the first two rows is what a router visit, a filter or a
dependency name costs times the number of them.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import random
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode
from aiogram.types import Message

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_capture as capture_bench
from fake_telegram import TOKEN, FakeSession

import handlers.capture
from bot.logs import configure_logging


async def on_text(message: Message) -> None:
    """The capture router's text handler, doing nothing (it still takes the message)."""


async def cmd_forced_kind(message: Message) -> None:
    """/note, /req, /dl, /remind, doing nothing."""


def bare() -> tuple[Dispatcher, Bot]:
    bot = Bot(TOKEN, session=FakeSession(), default=DefaultBotProperties(parse_mode=ParseMode.HTML))
    router = Router()
    router.message.register(on_text)
    dispatcher = Dispatcher(disable_fsm=True)
    dispatcher.include_router(router)
    return dispatcher, bot


async def median_us(dispatcher: Dispatcher, bot: Bot, raw: list[dict[str, Any]]) -> float:
    updates = capture_bench.bind(raw, bot)
    gc.collect()
    timings, _ = await capture_bench.feed_all(dispatcher, bot, updates)
    return statistics.median(timings) * 1e6


async def main(count: int, seed: int) -> None:
    raw = capture_bench.update_dicts(capture_bench.make_texts(count, random.Random(seed)))
    # The handlers are looked up when the routers are built, so they are swapped first.
    handlers.capture.on_text = on_text  # type: ignore[assignment]
    handlers.capture.cmd_forced_kind = cmd_forced_kind  # type: ignore[assignment]
    with tempfile.TemporaryDirectory(prefix="bench-routing-") as tmp:
        log_file = (Path(tmp) / "bot.log").open("w", encoding="utf-8")
        logging.root.handlers.clear()
        configure_logging("INFO", stream=log_file)
        base = await median_us(*bare(), raw)
        app, _ = await capture_bench.build_ours(Path(tmp))
        ours = await median_us(app.dispatcher, app.bot, raw)
        names = sorted(app.dispatcher.workflow_data)
        # The filters on a plain message's way take the notebook; the rest only commands.
        for name in names:
            if name != "notebook":
                del app.dispatcher.workflow_data[name]
        slim = await median_us(app.dispatcher, app.bot, raw)
        await app.reminders.stop()
        await app.close()
        logging.root.handlers.clear()
        log_file.close()
    print(f"messages: {count} (seed {seed}); medians per update, the handler doing nothing")
    removed = f"ours, {len(names) - 1} of its {len(names)} dependency names removed"
    print(f"{'bare aiogram, one router':<48} {base:7.0f} µs")
    print(f"{'ours: middlewares, routers, filters':<48} {ours:7.0f} µs")
    print(f"{removed:<48} {slim:7.0f} µs")
    print(f"per dependency name: {(ours - slim) / (len(names) - 1):.1f} µs")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--count", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    asyncio.run(main(args.count, args.seed))
