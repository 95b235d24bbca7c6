"""Wiring: the one place where settings, storage, services and routers meet."""

from __future__ import annotations

import asyncio
import logging
import signal
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramUnauthorizedError
from aiogram.types import BotCommand, BotCommandScopeDefault
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.backup import schedule_daily_backup
from bot.clock import Clock, SystemClock
from bot.deadlines import plan_reminders
from bot.digest import Digests, freeze_startup_heap
from bot.forwards import ForwardLog
from bot.i18n import LANGUAGES, translator
from bot.middlewares import (
    AccessMiddleware,
    AnsweredMiddleware,
    UpdateLogMiddleware,
    UserMiddleware,
)
from bot.notebook import Notebook
from bot.polling import Poller, PollingConflict
from bot.reminders import ReminderPump
from bot.retry import RetryMiddleware
from bot.sender import Sender
from bot.session import JsonSession
from bot.settings import Settings
from bot.textsearch import normalize
from bot.webhook import WebhookServer, WebhookSetupError, webhook_for
from handlers import get_routers
from storage.calls import CallRepository, PromptRepository
from storage.clients import ClientRepository
from storage.db import Database
from storage.digests import DigestRepository
from storage.exports import ExportRepository
from storage.forwards import ForwardRepository
from storage.items import ItemRepository
from storage.privacy import PrivacyRepository
from storage.reminders import ReminderRepository
from storage.search import SearchRepository
from storage.timeline import TimelineRepository
from storage.users import UserRepository

log = logging.getLogger(__name__)

# The command menu, in the order Telegram shows it; descriptions come from the locales.
MENU_COMMANDS = (
    "today",
    "week",
    "start",
    "help",
    "note",
    "req",
    "dl",
    "remind",
    "call",
    "end",
    "find",
    "clients",
    "client",
    "export",
    "recurring",
    "digest",
    "pad",
    "settings",
    "tz",
    "lang",
    "forget",
)

EXIT_OK = 0
EXIT_CONFIG = 2
EXIT_CONFLICT = 3


@dataclass
class Application:
    """Everything one running bot owns. Built by `build`, torn down by `close`."""

    settings: Settings
    clock: Clock
    db: Database
    bot: Bot
    dispatcher: Dispatcher
    users: UserRepository
    clients: ClientRepository
    items: ItemRepository
    notebook: Notebook
    scheduler: AsyncIOScheduler
    sender: Sender
    reminders: ReminderPump
    digests: Digests
    forwards: ForwardLog
    search: SearchRepository
    stop_event: asyncio.Event = field(default_factory=asyncio.Event)
    webhook: WebhookServer | None = None  # BOT_MODE=webhook; None: long polling

    async def close(self) -> None:
        await self.reminders.stop()
        await self.digests.stop()
        await self.forwards.stop()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        await self.bot.session.close()
        await self.items.close()
        await self.db.close()


async def build(settings: Settings, clock: Clock | None = None) -> Application:
    clock = clock or SystemClock()
    db = Database(settings.database_path)
    await db.connect()
    try:
        await db.migrate()
    except BaseException:
        # The connection's thread would keep the process alive after the traceback: a
        # start that failed must end, for whatever supervises it to see and say so.
        await db.close()
        raise
    users = UserRepository(db, default_timezone=settings.default_timezone)
    clients = ClientRepository(db)
    items = ItemRepository(db, planner=plan_reminders, indexer=normalize)
    reminder_rows = ReminderRepository(db)

    session = JsonSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
    session.middleware(RetryMiddleware())
    bot = Bot(
        settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )
    # One scheduler per application, never shared: its jobs are derived from rows.
    scheduler = AsyncIOScheduler(timezone=UTC)
    sender = Sender(bot)
    pump = ReminderPump(
        reminders=reminder_rows,
        items=items,
        users=users,
        sender=sender,
        clock=clock,
        scheduler=scheduler,
        default_timezone=settings.default_timezone,
    )
    digests = Digests(
        repo=DigestRepository(db),
        users=users,
        sender=sender,
        clock=clock,
        scheduler=scheduler,
        default_time=settings.digest_time,
        default_timezone=settings.default_timezone,
        default_country=settings.holidays_country,
    )

    search = SearchRepository(db, normalize, written_behind=items.flush)

    def user_returned() -> None:
        pump.poke()
        digests.poke()

    notebook = Notebook(
        clients=clients,
        items=items,
        calls=CallRepository(db),
        prompts=PromptRepository(db),
        reminders=reminder_rows,
        clock=clock,
        default_country=settings.holidays_country,
        on_timers_changed=pump.poke,
    )
    forwards = ForwardLog(
        repo=ForwardRepository(db, indexer=normalize),
        clients=clients,
        users=users,
        sender=sender,
        clock=clock,
        call_client=notebook.call_client,
        quiet_seconds=settings.forward_quiet_seconds,
    )

    # No handler keeps conversation state in aiogram's FSM (pending questions are rows in
    # `prompts`, so they survive restarts): its middleware would only cost every update.
    # Only what some handler takes: aiogram copies these into every router's and
    # filter's call, a few µs per name and message (bench/bench_routing.py).
    dispatcher = Dispatcher(
        disable_fsm=True,
        settings=settings,
        clock=clock,
        users=users,
        notebook=notebook,
        digests=digests,
        forwards=forwards,
        forward_repo=forwards.repo,
        timeline=TimelineRepository(db),
        search=search,
        exports=ExportRepository(db),
        privacy=PrivacyRepository(db, written_behind=items.flush),
    )
    dispatcher.update.outer_middleware(UpdateLogMiddleware())
    dispatcher.update.outer_middleware(AccessMiddleware(settings.allowed_user_ids))
    dispatcher.update.outer_middleware(UserMiddleware(users, clock, on_return=user_returned))
    dispatcher.message.outer_middleware(AnsweredMiddleware(notebook.prompts))
    dispatcher.include_routers(*get_routers())
    return Application(
        settings=settings,
        clock=clock,
        db=db,
        bot=bot,
        dispatcher=dispatcher,
        users=users,
        clients=clients,
        items=items,
        notebook=notebook,
        scheduler=scheduler,
        sender=sender,
        reminders=pump,
        digests=digests,
        forwards=forwards,
        search=search,
        webhook=webhook_for(
            settings, bot=bot, dispatcher=dispatcher, db=db, scheduler=scheduler, clock=clock
        ),
    )


async def register_commands(bot: Bot) -> None:
    """The command menu in English (default) and Russian."""
    for language in LANGUAGES:
        t = translator(language)
        commands = [
            BotCommand(command=name, description=t(f"commands.{name}")) for name in MENU_COMMANDS
        ]
        await bot.set_my_commands(
            commands,
            scope=BotCommandScopeDefault(),
            language_code=None if language == "en" else language,
        )


async def serve(app: Application, *, handle_signals: bool = True) -> int:
    """Run until SIGINT/SIGTERM (or `app.stop_event`); return the process exit status."""
    loop = asyncio.get_running_loop()
    if handle_signals:
        for sig in (signal.SIGINT, signal.SIGTERM):
            with suppress(NotImplementedError):  # Windows has no signal handlers in asyncio
                loop.add_signal_handler(sig, app.stop_event.set)
    try:
        try:
            me = await app.bot.get_me()
        except TelegramUnauthorizedError:
            log.error("Telegram rejected BOT_TOKEN (401 Unauthorized): check it with @BotFather")
            return EXIT_CONFIG
        if app.webhook is None:
            await app.bot.delete_webhook(drop_pending_updates=False)
        await register_commands(app.bot)
        app.scheduler.start()
        schedule_daily_backup(app.scheduler, app.settings, app.clock)
        await app.reminders.start()
        await app.digests.start()
        await app.forwards.start()
        await app.search.backfill()
        log.info("bot @%s is running (schema v%d)", me.username, await app.db.schema_version())
        if app.webhook is not None:
            try:
                await app.webhook.run(app.stop_event)
            except WebhookSetupError:
                return EXIT_CONFIG
            log.info("stopped cleanly")
            return EXIT_OK
        poller = Poller(
            app.bot,
            app.dispatcher,
            timeout=app.settings.polling_timeout,
            allowed_updates=app.dispatcher.resolve_used_update_types(),
        )
        try:
            await poller.run(app.stop_event)
        except PollingConflict:
            log.error(
                "another instance is already polling with this BOT_TOKEN (409 Conflict); exiting"
            )
            return EXIT_CONFLICT
        log.info("stopped cleanly")
        return EXIT_OK
    finally:
        if handle_signals:
            for sig in (signal.SIGINT, signal.SIGTERM):
                with suppress(NotImplementedError):
                    loop.remove_signal_handler(sig)
        await app.close()


async def run(settings: Settings, clock: Clock | None = None) -> int:
    app = await build(settings, clock)
    # Imports, routers, catalogs: long-lived. Freezing them keeps every full garbage
    # collection (a digest batch makes ~10^5 objects) from walking them again.
    freeze_startup_heap()
    return await serve(app)
