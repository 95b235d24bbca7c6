"""One sender for every message the bot starts (reminders, digests), within Telegram's limits.

Telegram allows a bot about 30 messages per second overall and about one per second in one
chat (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this); we
keep below that with aiolimiter's leaky buckets: one shared, one per chat. A bucket lets
through at most its capacity plus one second of its rate in any second, so the buckets are
small: 2 overall (25/s + 2 = 27 < 30; a capacity of 1 loses the event loop's timer lateness on
every send, ~5 % of throughput) and 1 per chat (sends exactly 1 s apart).

Failures are sorted by what retrying can change:
- 429 (TelegramRetryAfter): wait the `retry_after` Telegram names, in that chat only; when
  several chats are told to wait at once the limit is the bot's, so every send pauses.
- network errors and 5xx: retry with exponential backoff and jitter.
- 403: the user blocked the bot or deleted the account: `BLOCKED`, the caller deactivates them.
- 400 and other API errors: `FAILED` at once. A text Telegram cannot parse or that is too long
  is a bug in the bot, logged at ERROR (without the text, which is the user's data).

sendMessage has no idempotency key: when the connection breaks after Telegram executed the
call, the retry delivers the message a second time. A duplicate reminder is the lesser evil
than a lost one, so network errors are retried anyway.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

import aiohttp
from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import InlineKeyboardMarkup, Message
from aiolimiter import AsyncLimiter

__all__ = ["Delivery", "DeliveryStatus", "Outgoing", "Sender"]

from bot.retry import SENDER_RETRIES

log = logging.getLogger(__name__)

# 400 descriptions that mean the bot built a message Telegram cannot take: fix the code.
_BUG_MARKERS = ("message is too long", "can't parse", "message text is empty")
# This many distinct chats told to wait within the window: the flood limit is the bot's.
_GLOBAL_FLOOD_CHATS = 3
_GLOBAL_FLOOD_WINDOW = 1.0
_GLOBAL_BURST = 2
# The per-chat map is swept when it reaches this size (or twice its size after a sweep).
_PRUNE_AT = 1024

_RETRIED = (TelegramServerError, TelegramNetworkError, TimeoutError, aiohttp.ClientError)


@dataclass(frozen=True, slots=True)
class Outgoing:
    """A message the bot starts; `key` is the caller's idempotency tag, echoed back."""

    chat_id: int
    text: str
    reply_markup: InlineKeyboardMarkup | None = None
    key: str | None = None


class DeliveryStatus(StrEnum):
    SENT = "sent"
    BLOCKED = "blocked"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Delivery:
    """What became of one Outgoing; `attempts` counts sendMessage calls made for it."""

    outgoing: Outgoing
    status: DeliveryStatus
    message_id: int | None
    attempts: int
    error: str | None


@dataclass(slots=True)
class _Chat:
    limiter: AsyncLimiter
    users: int = 0  # sends holding this entry; it is never pruned while in use


class Sender:
    """Sends within Telegram's limits, retrying what can succeed later, one chat never blocking
    another."""

    def __init__(
        self,
        bot: Bot,
        *,
        per_second: float = 25,
        per_chat_per_second: float = 1,
        max_attempts: int = 6,
        backoff_base: float = 0.5,
        backoff_max: float = 30.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        if per_second <= 0 or per_chat_per_second <= 0:
            raise ValueError("rates must be positive")
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self._bot = bot
        self._chat_period = 1 / per_chat_per_second
        self._max_attempts = max_attempts
        self._backoff_base = backoff_base
        self._backoff_max = backoff_max
        self._sleep = sleep
        self._global = AsyncLimiter(_GLOBAL_BURST, _GLOBAL_BURST / per_second)
        self._chats: dict[int, _Chat] = {}
        self._prune_at = _PRUNE_AT
        self._floods: deque[tuple[float, int]] = deque()  # (loop time, chat id) of 429s
        self._paused_until = 0.0  # loop time before which no chat sends

    @property
    def tracked_chats(self) -> int:
        """How many per-chat limiters are held now (idle ones are pruned)."""
        return len(self._chats)

    async def send(self, message: Outgoing) -> Delivery:
        """One message, within the limits, with retries (order across calls: use send_many)."""
        chat = self._acquire_chat(message.chat_id)
        try:
            return await self._deliver(message, chat.limiter)
        finally:
            chat.users -= 1

    async def send_many(
        self,
        messages: Iterable[Outgoing],
        *,
        concurrency: int = 64,
        on_delivery: Callable[[Delivery], Awaitable[None]] | None = None,
    ) -> list[Delivery]:
        """Concurrently across chats, in order within a chat; results in input order.

        `on_delivery` is awaited right after each delivery, so a caller that records it there
        loses at most the in-flight messages if the process dies. An exception from it stops
        the whole batch and propagates. After a chat turns out blocked, its remaining
        messages are reported BLOCKED with no call made.
        """
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        batch = list(messages)
        results: list[Delivery | None] = [None] * len(batch)
        by_chat: dict[int, list[int]] = {}
        for index, message in enumerate(batch):
            by_chat.setdefault(message.chat_id, []).append(index)
        queue = deque(by_chat.values())

        async def work() -> None:
            while queue:
                blocked = False
                for index in queue.popleft():
                    if blocked:
                        delivery = Delivery(
                            batch[index], DeliveryStatus.BLOCKED, None, 0, "chat blocked the bot"
                        )
                    else:
                        delivery = await self.send(batch[index])
                        blocked = delivery.status is DeliveryStatus.BLOCKED
                    results[index] = delivery
                    if on_delivery is not None:
                        await on_delivery(delivery)

        try:
            async with asyncio.TaskGroup() as group:
                for _ in range(min(concurrency, len(queue))):
                    group.create_task(work())
        except BaseExceptionGroup as failures:
            # Almost always the one on_delivery failure: raise it as is, no except* needed.
            if len(failures.exceptions) == 1:
                raise failures.exceptions[0] from None
            raise
        done = [delivery for delivery in results if delivery is not None]
        assert len(done) == len(batch)
        return done

    async def _send_once(self, message: Outgoing) -> Message:
        # This class retries per chat with its own limits: the session must not retry too.
        token = SENDER_RETRIES.set(True)
        try:
            return await self._bot.send_message(
                chat_id=message.chat_id, text=message.text, reply_markup=message.reply_markup
            )
        finally:
            SENDER_RETRIES.reset(token)

    async def _deliver(self, message: Outgoing, limiter: AsyncLimiter) -> Delivery:
        attempt = 0
        while True:
            attempt += 1
            await self._wait_out_global_flood()
            # The global slot first, then the chat's turn, so the chat's spacing is measured at
            # the moment of sending: the other way round, a long queue for the global slot
            # could release two of the chat's messages back to back. While the chat waits, its
            # global slot goes unused; that costs throughput only when few chats share the
            # global rate, and then it has room to spare.
            await self._global.acquire()
            await limiter.acquire()
            try:
                sent = await self._send_once(message)
            except TelegramRetryAfter as exc:
                delay: float = exc.retry_after
                error = exc.message
                self._note_flood(message.chat_id, delay)
            except TelegramForbiddenError as exc:
                log.info("chat %s blocked the bot: %s", message.chat_id, exc.message)
                return Delivery(message, DeliveryStatus.BLOCKED, None, attempt, exc.message)
            except TelegramBadRequest as exc:
                self._log_bad_request(message, exc)
                return Delivery(message, DeliveryStatus.FAILED, None, attempt, exc.message)
            except _RETRIED as exc:
                delay = self._backoff(attempt)
                error = exc.message if isinstance(exc, TelegramAPIError) else repr(exc)
            except TelegramAPIError as exc:
                # 401, 404, 409, 413, migrated group: the same call cannot succeed later.
                log.warning("send to chat %s failed: %s", message.chat_id, exc.message)
                return Delivery(message, DeliveryStatus.FAILED, None, attempt, exc.message)
            else:
                return Delivery(message, DeliveryStatus.SENT, sent.message_id, attempt, None)
            if attempt >= self._max_attempts:
                log.warning(
                    "send to chat %s (key %s) failed after %d attempts: %s",
                    message.chat_id,
                    message.key,
                    attempt,
                    error,
                )
                return Delivery(message, DeliveryStatus.FAILED, None, attempt, error)
            await self._sleep(delay)

    def _backoff(self, attempt: int) -> float:
        ceiling = min(self._backoff_max, self._backoff_base * 2.0 ** min(attempt - 1, 62))
        # Jitter spreads the retries of many chats hit by one outage.
        return ceiling * random.uniform(0.5, 1.0)  # noqa: S311 (not cryptographic)

    def _note_flood(self, chat_id: int, retry_after: float) -> None:
        now = asyncio.get_running_loop().time()
        self._floods.append((now, chat_id))
        while self._floods and now - self._floods[0][0] > _GLOBAL_FLOOD_WINDOW:
            self._floods.popleft()
        flooded = len({chat for _, chat in self._floods}) >= _GLOBAL_FLOOD_CHATS
        if flooded and now + retry_after > self._paused_until:
            self._paused_until = now + retry_after
            log.warning("flood control in several chats: pausing all sends for %ss", retry_after)

    async def _wait_out_global_flood(self) -> None:
        remaining = self._paused_until - asyncio.get_running_loop().time()
        if remaining > 0:
            await self._sleep(remaining)

    def _log_bad_request(self, message: Outgoing, exc: TelegramBadRequest) -> None:
        if any(marker in exc.message for marker in _BUG_MARKERS):
            # The text is the user's data: log where it went, never what it said.
            log.error(
                "bot built an invalid message for chat %s (key %s, %d chars): %s",
                message.chat_id,
                message.key,
                len(message.text),
                exc.message,
            )
        else:
            log.warning("send to chat %s rejected: %s", message.chat_id, exc.message)

    def _acquire_chat(self, chat_id: int) -> _Chat:
        chat = self._chats.get(chat_id)
        if chat is None:
            if len(self._chats) >= self._prune_at:
                self._prune()
            chat = self._chats[chat_id] = _Chat(AsyncLimiter(1, self._chat_period))
        chat.users += 1
        return chat

    def _prune(self) -> None:
        """Forget chats whose bucket is empty: a fresh limiter behaves exactly the same."""
        idle = [
            chat_id
            for chat_id, chat in self._chats.items()
            if chat.users == 0 and chat.limiter.has_capacity(chat.limiter.max_rate)
        ]
        for chat_id in idle:
            del self._chats[chat_id]
        # Sweep again only after the map doubles: amortised O(1) per new chat.
        self._prune_at = max(_PRUNE_AT, 2 * len(self._chats))
