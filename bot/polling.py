"""Long polling that loses nothing and lets no chat hold up another.

aiogram's own loop either confirms an update before its handler ran
(`handle_as_tasks=True`) or runs every update one after another, and on SIGTERM
cancels handlers in flight. Here every update is handled as soon as it arrives,
concurrently across chats and in order within a chat, and the offset that confirms
updates to Telegram never passes one whose handler has not finished.

Before each poll the handlers in flight get up to BUSY_POLL to finish, which nearly
all do in milliseconds, so the poll confirms them. A slow one (a big /export) does not
hold polling up: it goes on around it, every BUSY_POLL, and one user's export never
keeps everyone else's notes waiting. Until it finishes the offset stays at its update,
so each poll brings that update back along with whatever is new, and the poller skips
what it already has. Stopping waits for every handler in flight.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from contextlib import suppress
from functools import partial

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramConflictError, TelegramRetryAfter, TelegramUnauthorizedError
from aiogram.methods import GetUpdates
from aiogram.types import Update

from bot.ordering import ChatOrder

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
# How long a poll waits for the handlers in flight. While one of them is still busy,
# Telegram sends its update back at once (it is not confirmed), so this is also the
# pace of polling then, and how late a new message can be seen.
BUSY_POLL = 0.5


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
        self._running: dict[int, asyncio.Task[None]] = {}  # update id -> its handling
        self._order = ChatOrder()
        self._known: set[int] = set()  # taken at or above the offset: running or done
        self._highest: int | None = None

    async def run(self, stop: asyncio.Event) -> None:
        try:
            await self._poll(stop)
        finally:
            await self.drain()
            self._advance()
        await self._confirm()

    async def _poll(self, stop: asyncio.Event) -> None:
        delay = 0.5
        loop = asyncio.get_running_loop()
        self._started_at = loop.time()
        while not stop.is_set():
            if self._running:
                await asyncio.wait(set(self._running.values()), timeout=BUSY_POLL)
            self._advance()
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
            self.take([update for update in updates if update.update_id not in self._known])

    def _advance(self) -> None:
        """Move the offset up to the lowest update still being handled."""
        if self._running:
            self.offset = min(self._running)
        elif self._highest is not None:
            self.offset = self._highest + 1
        if self.offset is not None:
            self._known = {update_id for update_id in self._known if update_id >= self.offset}

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

    def take(self, updates: Sequence[Update]) -> None:
        """Start handling each update, after the ones of its chat taken before it."""
        for update in updates:
            task = self._order.start(update, partial(self._handle, update))
            self._running[update.update_id] = task
            self._known.add(update.update_id)
            if self._highest is None or update.update_id > self._highest:
                self._highest = update.update_id
            task.add_done_callback(partial(self._finished, update.update_id))

    def _finished(self, update_id: int, _task: asyncio.Task[None]) -> None:
        del self._running[update_id]

    async def _handle(self, update: Update) -> None:
        try:
            await self._dp.feed_update(self._bot, update)
        except Exception:  # noqa: BLE001 - one bad update must not stop the others
            # The errors router already logged it; never log the update (it has user text).
            log.warning("update id=%d failed", update.update_id)

    async def drain(self) -> None:
        """Wait until every update taken so far is handled."""
        while self._running:
            await asyncio.wait(set(self._running.values()))

    async def handle_batch(self, updates: Sequence[Update]) -> None:
        """Handle a batch as polling does and wait for all of it (bench_forwards)."""
        self.take(updates)
        await self.drain()

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
