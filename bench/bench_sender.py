"""Benchmark: the real Sender against the in-process Bot API emulator with Telegram's limits on.

    .venv/bin/python bench/bench_sender.py                 # both scenarios
    .venv/bin/python bench/bench_sender.py --chats 500     # a shorter spread run

Two scenarios, each on a fresh emulator with `enforce_rate_limits = True` (30 messages per
second overall, 1 per second per chat after a burst of 3):

    spread:   one message to each of --chats chats (reminders going out at 09:00);
    per-chat: --parts messages to each of --busy-chats chats (digests split in parts).

The floor is what the limits allow at best: the last message cannot start before
(messages - 1) / 25 s (the Sender's global rate), nor before (parts - 1) / 1 s in one chat.
The ratio is elapsed / floor (target ≤ 1.1); 429s are the emulator's rejections.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.sender import Delivery, DeliveryStatus, Outgoing, Sender
from tests.emulator import TelegramEmulator

PER_SECOND = 25.0
PER_CHAT_PER_SECOND = 1.0
FIRST_CHAT = 10_000


@dataclass(frozen=True)
class Result:
    name: str
    messages: int
    elapsed: float
    floor: float
    sent: int
    rejected_429: int
    peak: int  # most answers within any one second

    def line(self) -> str:
        return (
            f"{self.name:<28} {self.messages:>6} msgs  {self.elapsed:7.2f} s  "
            f"floor {self.floor:6.2f} s  ratio {self.elapsed / self.floor:5.3f}  "
            f"sent {self.sent}/{self.messages}  429s {self.rejected_429}  peak {self.peak}/s"
        )


async def run(name: str, chats: int, parts: int) -> Result:
    async with TelegramEmulator(clock=time.time) as emulator:
        emulator.enforce_rate_limits = True
        for chat_id in range(FIRST_CHAT, FIRST_CHAT + chats):
            emulator.user(chat_id)
        session = AiohttpSession(api=TelegramAPIServer.from_base(emulator.base_url))
        bot = Bot(emulator.token, session=session, default=DefaultBotProperties(parse_mode="HTML"))
        sender = Sender(bot, per_second=PER_SECOND, per_chat_per_second=PER_CHAT_PER_SECOND)
        # Parts of one chat interleaved with the other chats, as a digest run builds them.
        messages = [
            Outgoing(chat_id, f"<b>Digest</b> part {part + 1} of {parts}", key=f"{chat_id}:{part}")
            for part in range(parts)
            for chat_id in range(FIRST_CHAT, FIRST_CHAT + chats)
        ]
        answered: list[float] = []

        async def record(_: Delivery) -> None:
            answered.append(time.perf_counter())

        try:
            started = time.perf_counter()
            deliveries = await sender.send_many(messages, on_delivery=record)
            elapsed = time.perf_counter() - started
        finally:
            await session.close()
        for chat_id in range(FIRST_CHAT, FIRST_CHAT + chats):
            texts = [m.text for m in emulator.chat_messages(chat_id)]
            expected = [f"Digest part {part + 1} of {parts}" for part in range(parts)]
            assert texts == expected, f"chat {chat_id} out of order: {texts}"
        floor = max((len(messages) - 1) / PER_SECOND, (parts - 1) / PER_CHAT_PER_SECOND)
        return Result(
            name=name,
            messages=len(messages),
            elapsed=elapsed,
            floor=floor,
            sent=sum(d.status is DeliveryStatus.SENT for d in deliveries),
            rejected_429=sum(why.startswith("Too Many Requests") for _, _, why in emulator.errors),
            peak=peak_per_second(answered),
        )


def peak_per_second(moments: list[float]) -> int:
    """The most moments within any window of one second (moments in ascending order)."""
    peak, first = 0, 0
    for last, moment in enumerate(moments):
        while moment - moments[first] >= 1.0:
            first += 1
        peak = max(peak, last - first + 1)
    return peak


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--chats", type=int, default=2000, help="spread: one message each")
    parser.add_argument("--busy-chats", type=int, default=10, help="per-chat: how many chats")
    parser.add_argument("--parts", type=int, default=10, help="per-chat: messages per chat")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    results = [
        await run(f"spread {args.chats}×1", args.chats, 1),
        await run(f"per-chat {args.busy_chats}×{args.parts}", args.busy_chats, args.parts),
    ]
    for result in results:
        print(result.line())


if __name__ == "__main__":
    asyncio.run(main())
