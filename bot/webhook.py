"""Webhook mode: Telegram POSTs each update to WEBHOOK_URL, and hears back only once it is handled.

aiogram's own webhook handler answers 200 before the handlers run, so a crash in between
loses the update for good. Here the answer waits for the handlers (replies sent, rows
committed) and for the update to be marked handled; a crash before that leaves Telegram
without its 200, and it delivers the update again. An update that arrives twice (a retry
after a timeout, or a redelivery after such a crash) is handled once: its `update_id` is
kept in `processed_updates` for as long as Telegram retries.
https://core.telegram.org/bots/api#setwebhook
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from datetime import datetime, timedelta
from functools import partial
from urllib.parse import urlsplit

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import Update
from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from pydantic import ValidationError

from bot.clock import Clock
from bot.ordering import ChatOrder
from bot.settings import Settings
from storage.db import Database
from storage.updates import ProcessedUpdates

log = logging.getLogger(__name__)

# https://core.telegram.org/bots/api#setwebhook: the secret_token comes back in this header.
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name
HEALTH_PATH = "/healthz"
# Telegram gives up on an undelivered update after about a day; keep ids a little longer.
KEEP_PROCESSED = timedelta(days=2)
PRUNE_EVERY = timedelta(hours=1)


class WebhookSetupError(RuntimeError):
    """The webhook cannot run: the address is taken, or Telegram refused WEBHOOK_URL."""


def webhook_for(
    settings: Settings,
    *,
    bot: Bot,
    dispatcher: Dispatcher,
    db: Database,
    scheduler: AsyncIOScheduler,
    clock: Clock,
) -> WebhookServer | None:
    """The webhook server when BOT_MODE=webhook, else None (long polling)."""
    if settings.bot_mode != "webhook":
        return None
    # Settings refuse webhook mode without both; this tells mypy.
    assert settings.webhook_url is not None
    assert settings.webhook_secret is not None
    host, port = settings.webhook_address
    return WebhookServer(
        bot=bot,
        dispatcher=dispatcher,
        db=db,
        scheduler=scheduler,
        clock=clock,
        url=settings.webhook_url,
        secret=settings.webhook_secret.get_secret_value(),
        host=host,
        port=port,
    )


class WebhookServer:
    """The aiohttp server behind WEBHOOK_URL, and /healthz beside it."""

    def __init__(
        self,
        *,
        bot: Bot,
        dispatcher: Dispatcher,
        db: Database,
        scheduler: AsyncIOScheduler,
        clock: Clock,
        url: str,
        secret: str,
        host: str,
        port: int,
        shutdown_timeout: float = 30.0,
    ) -> None:
        self._bot = bot
        self._dp = dispatcher
        self._db = db
        self._processed = ProcessedUpdates(db)
        self._scheduler = scheduler
        self._clock = clock
        self._url = url
        self._secret = secret.encode()
        self._host = host
        self._port = port
        self._shutdown_timeout = shutdown_timeout
        self.path = urlsplit(url).path or "/"
        # One task per update id being handled: a second delivery waits for the first.
        self._handling: dict[int, asyncio.Task[None]] = {}
        self._order = ChatOrder()
        self._closing = False
        self._last_prune: datetime | None = None
        self._runner: web.AppRunner | None = None
        self.bound_port: int | None = None

    def web_app(self) -> web.Application:
        app = web.Application()
        app.router.add_post(self.path, self._on_update)
        app.router.add_get(HEALTH_PATH, self._on_health)
        return app

    async def run(self, stop: asyncio.Event) -> None:
        """Listen, point Telegram here, serve until `stop`, then finish what is in flight."""
        await self.start()
        try:
            try:
                await self._bot.set_webhook(
                    self._url,
                    secret_token=self._secret.decode(),
                    allowed_updates=self._dp.resolve_used_update_types(),
                    drop_pending_updates=False,
                )
            except TelegramBadRequest as exc:
                log.error("Telegram refused WEBHOOK_URL: %s", exc.message)
                raise WebhookSetupError(exc.message) from exc
            log.info("webhook set; listening on %s:%s%s", self._host, self.bound_port, self.path)
            await stop.wait()
        finally:
            await self.stop()

    async def start(self) -> None:
        # access_log=None: our update log line says enough, and paths carry no news.
        self._runner = web.AppRunner(
            self.web_app(),
            handle_signals=False,
            access_log=None,
            shutdown_timeout=self._shutdown_timeout,
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port)
        try:
            await site.start()
        except OSError as exc:
            await self._runner.cleanup()
            self._runner = None
            log.error("cannot listen on %s:%s (%s)", self._host, self._port, exc.strerror)
            raise WebhookSetupError(str(exc)) from exc
        self.bound_port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        """Stop accepting, let requests in flight finish (and answer), then close."""
        if self._runner is None:
            return
        self._closing = True
        # cleanup() closes the listening socket, then waits for handlers in progress.
        await self._runner.cleanup()
        self._runner = None
        if self._handling:
            await asyncio.gather(*self._handling.values(), return_exceptions=True)

    async def _on_update(self, request: web.Request) -> web.Response:
        if self._closing:
            # Not 200: Telegram keeps the update and delivers it after the restart.
            return web.Response(status=503)
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            log.warning("webhook request without the right secret token: 401")
            return web.Response(status=401)
        try:
            update = Update.model_validate(await request.json(), context={"bot": self._bot})
        except (ValueError, ValidationError):
            # ValueError covers malformed JSON; never log the body (it carries user text).
            log.warning("webhook request that is not an Update: 400")
            return web.Response(status=400)
        task = self._handling.get(update.update_id)
        if task is None:
            # In order within its chat: Telegram may deliver a chat's next update over
            # another connection before this one is answered.
            task = self._order.start(update, partial(self._handle, update))
            self._handling[update.update_id] = task
            task.add_done_callback(lambda done: self._forget(update.update_id, done))
        try:
            # Shielded: if Telegram hangs up, the update is still handled to the end.
            await asyncio.shield(task)
        except Exception as exc:  # noqa: BLE001 - anything but 200 makes Telegram deliver it again
            log.error("update id=%d not recorded: %s", update.update_id, type(exc).__name__)
            return web.Response(status=500)
        return web.Response()

    def _forget(self, update_id: int, task: asyncio.Task[None]) -> None:
        if self._handling.get(update_id) is task:
            del self._handling[update_id]

    async def _handle(self, update: Update) -> None:
        if await self._processed.seen(update.update_id):
            log.info("update id=%d delivered again; already handled", update.update_id)
            return
        try:
            await self._dp.feed_update(self._bot, update)
        except Exception:  # noqa: BLE001 - a poison update must not come back forever
            # The errors router has logged it and apologised; never log the update itself.
            log.warning("update id=%d failed", update.update_id)
        now = self._clock.now()
        await self._processed.mark(update.update_id, now)
        if self._last_prune is None or now - self._last_prune >= PRUNE_EVERY:
            self._last_prune = now
            await self._processed.prune(now - KEEP_PROCESSED)

    async def _on_health(self, request: web.Request) -> web.Response:
        database = await self._database_ok()
        scheduler = bool(self._scheduler.running)
        body = {
            "database": "ok" if database else "error",
            "scheduler": "running" if scheduler else "stopped",
            "mode": "webhook",
        }
        return web.json_response(body, status=200 if database and scheduler else 503)

    async def _database_ok(self) -> bool:
        try:
            async with asyncio.timeout(2):
                await self._db.schema_version()
        except Exception as exc:  # noqa: BLE001 - any failure means "not healthy", with a reason
            log.warning("health check: database %s", type(exc).__name__)
            return False
        return True
