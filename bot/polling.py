"""Long polling that loses nothing.

aiogram's own loop either confirms an update before its handler ran
(`handle_as_tasks=True`) or runs every update one after another, and on SIGTERM
cancels handlers in flight. Here a batch is handled concurrently across chats (in
order within a chat), and the offset that confirms it to Telegram only moves once
every handler of the batch has finished. Stopping waits for the batch in hand.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Sequence
from contextlib import suppress

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramConflictError, TelegramRetryAfter, TelegramUnauthorizedError
from aiogram.methods import GetUpdates
from aiogram.types import Update

log = logging.getLogger(__name__)


class PollingConflict(RuntimeError):
    """Telegram says another instance is polling (or a webhook is set) with this token."""


# On Telegram the newer getUpdates wins and the one still waiting gets 409. An
# instance that has been polling for a while (the incumbent) retries after a short
# pause, which terminates the newcomer's first poll within STARTUP_WINDOW of its
# start: a 409 that early means "someone else is already here", and the newcomer
# leaves. The incumbent gives up only if the conflict lasts CONFLICT_PATIENCE.
STARTUP_WINDOW = 2.0
CONFLICT_RETRY = 0.5
CONFLICT_PATIENCE = 300.0


def _chat_key(update: Update) -> int:
    message = (
        update.message
        or update.edited_message
        or (update.callback_query.message if update.callback_query else None)
    )
    if message is not None:
        return message.chat.id
    if update.callback_query is not None:
        return update.callback_query.from_user.id
    return 0


class Poller:
    def __init__(
        self,
        bot: Bot,
        dispatcher: Dispatcher,
        *,
        timeout: int,
        allowed_updates: Sequence[str],
        max_backoff: float = 30.0,
    ) -> None:
        self._bot = bot
        self._dp = dispatcher
        self._timeout = timeout
        self._allowed = list(allowed_updates)
        self._max_backoff = max_backoff
        self.offset: int | None = None
        self._started_at: float | None = None
        self._conflict_since: float | None = None

    async def run(self, stop: asyncio.Event) -> None:
        delay = 0.5
        loop = asyncio.get_running_loop()
        self._started_at = loop.time()
        while not stop.is_set():
            try:
                updates = await self._fetch(stop)
            except TelegramConflictError as exc:
                if loop.time() - self._started_at < STARTUP_WINDOW:
                    raise PollingConflict(str(exc)) from exc
                if self._conflict_since is None:
                    self._conflict_since = loop.time()
                if loop.time() - self._conflict_since > CONFLICT_PATIENCE:
                    raise PollingConflict(str(exc)) from exc
                log.warning("409 Conflict: another getUpdates with this token; retrying")
                await self._sleep(stop, CONFLICT_RETRY)
                continue
            except TelegramUnauthorizedError:
                raise
            except TelegramRetryAfter as exc:
                await self._sleep(stop, exc.retry_after)
                continue
            except (asyncio.CancelledError, KeyboardInterrupt):
                raise
            except Exception as exc:  # noqa: BLE001 - any fetch failure is retried: Telegram comes back
                log.warning("getUpdates failed (%s); retrying in %.1fs", type(exc).__name__, delay)
                await self._sleep(stop, delay)
                delay = min(delay * 2, self._max_backoff)
                continue
            delay = 0.5
            if updates is None:
                break
            self._conflict_since = None
            if updates:
                await self.handle_batch(updates)
                self.offset = updates[-1].update_id + 1
        await self._confirm()

    async def _fetch(self, stop: asyncio.Event) -> list[Update] | None:
        """One getUpdates; None if `stop` was set while it waited (nothing is lost:
        unconfirmed updates stay on Telegram's side)."""
        request = GetUpdates(
            offset=self.offset, timeout=self._timeout, allowed_updates=self._allowed
        )
        fetch = asyncio.ensure_future(self._bot(request, request_timeout=self._timeout + 15))
        stopper = asyncio.ensure_future(stop.wait())
        try:
            done, _ = await asyncio.wait({fetch, stopper}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopper.cancel()
        if fetch not in done:
            fetch.cancel()
            await asyncio.gather(fetch, return_exceptions=True)
            return None
        return fetch.result()

    async def handle_batch(self, updates: Sequence[Update]) -> None:
        by_chat: dict[int, list[Update]] = defaultdict(list)
        for update in updates:
            by_chat[_chat_key(update)].append(update)
        await asyncio.gather(*(self._handle_in_order(chain) for chain in by_chat.values()))

    async def _handle_in_order(self, chain: list[Update]) -> None:
        for update in chain:
            try:
                await self._dp.feed_update(self._bot, update)
            except Exception:  # noqa: BLE001 - one bad update must not stop the others
                # The errors router already logged it; never log the update (it has user text).
                log.warning("update id=%d failed", update.update_id)

    async def _confirm(self) -> None:
        """Tell Telegram which updates are done, so a restart does not get them again."""
        if self.offset is None:
            return
        try:
            await self._bot(GetUpdates(offset=self.offset, timeout=0, limit=1), request_timeout=10)
        except Exception as exc:  # noqa: BLE001 - best effort; duplicates are deduplicated anyway
            log.warning("could not confirm the last updates (%s)", type(exc).__name__)

    @staticmethod
    async def _sleep(stop: asyncio.Event, seconds: float) -> None:
        with suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=seconds)
