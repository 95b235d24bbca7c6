"""Replies survive Telegram's hiccups: a request middleware that retries them.

A handler's answer that meets a 5xx, a network error or a 429 is retried with
backoff (429: after `retry_after`) instead of failing the update and losing the
confirmation the user waits for. getUpdates has its own loop (bot/polling.py), and
the Sender its own per-chat policy (it sets `SENDER_RETRIES` so as not to retry twice).
"""

from __future__ import annotations

import asyncio
import logging
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import Response

if TYPE_CHECKING:
    from aiogram import Bot

log = logging.getLogger(__name__)

# Set by the Sender around its own calls: it retries per chat, with its own limits.
SENDER_RETRIES: ContextVar[bool] = ContextVar("sender_retries", default=False)

ATTEMPTS = 5
BACKOFF = (0.5, 1.0, 2.0, 4.0)
MAX_RETRY_AFTER = 30.0  # a longer flood wait would hold the update too long: fail instead


class RetryMiddleware(BaseRequestMiddleware):
    def __init__(self, sleep: Any = asyncio.sleep) -> None:
        self._sleep = sleep

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[Any],
        bot: Bot,
        method: TelegramMethod[Any],
    ) -> Response[Any]:
        if isinstance(method, GetUpdates) or SENDER_RETRIES.get():
            return await make_request(bot, method)
        for attempt in range(ATTEMPTS):
            last = attempt == ATTEMPTS - 1
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                if last or exc.retry_after > MAX_RETRY_AFTER:
                    raise
                delay: float = exc.retry_after
            except (TelegramServerError, TelegramNetworkError):
                if last:
                    raise
                delay = BACKOFF[attempt]
            log.warning("%s failed; retry %d in %.1fs", type(method).__name__, attempt + 1, delay)
            await self._sleep(delay)
        raise AssertionError("unreachable: the last attempt returns or raises")
