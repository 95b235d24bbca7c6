"""Outer middlewares: update log line, access control, the user and their texts, and
answers delivered again."""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import Chat, Message, TelegramObject, Update
from aiogram.types import User as TelegramUser

from bot.clock import Clock
from bot.i18n import language_for, plain_text, translator
from bot.models import User
from storage.calls import PromptRepository
from storage.users import UserRepository

log = logging.getLogger("bot.updates")

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


def update_kind(update: Update) -> str:
    """`message`, `callback_query`, … — and for messages, what they carry."""
    kind = update.event_type
    message = update.message or update.edited_message
    if message is not None:
        content = message.content_type
        return f"{kind}:{getattr(content, 'value', content)}"
    return kind


class UpdateLogMiddleware(BaseMiddleware):
    """One line per update: its kind, who, how long. Never text, files or tokens."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        started = time.perf_counter()
        outcome = "ok"
        try:
            return await handler(event, data)
        except Exception:
            outcome = "error"
            raise
        finally:
            user: TelegramUser | None = data.get("event_from_user")
            log.info(
                "update id=%d kind=%s user=%s outcome=%s ms=%.1f",
                event.update_id,
                update_kind(event),
                user.id if user else "-",
                outcome,
                (time.perf_counter() - started) * 1000,
            )


# A stranger is told their id at most once per window, and only in a private chat:
# otherwise anyone could make the bot flood itself into Telegram's rate limits (which
# would delay everyone's reminders). The memory of whom we told is bounded.
DENIAL_WINDOW = 600.0
DENIAL_MEMORY = 10_000


class AccessMiddleware(BaseMiddleware):
    """Only ALLOWED_USER_IDS get past; everyone else gets one reply and touches nothing.

    And only in a private chat: an allowed user who adds the bot to a group, or writes
    a command to it there, would have their agenda and clients' notes posted for the
    whole group to read. A command there gets one line saying so (per chat and window),
    anything else silence.
    """

    def __init__(self, allowed: frozenset[int]) -> None:
        self._allowed = allowed
        self._told: OrderedDict[int, float] = OrderedDict()

    def _should_tell(self, user_id: int) -> bool:
        now = time.monotonic()
        told = self._told.get(user_id)
        if told is not None and now - told < DENIAL_WINDOW:
            return False
        self._told[user_id] = now
        self._told.move_to_end(user_id)
        while len(self._told) > DENIAL_MEMORY:
            self._told.popitem(last=False)
        return True

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        user: TelegramUser | None = data.get("event_from_user")
        if user is None:
            return None
        if user.id in self._allowed:
            chat: Chat | None = data.get("event_chat")
            if chat is None or chat.type == "private":
                return await handler(event, data)
            await self._outside_private(event, user, chat)
            return None
        text = translator(language_for(user.language_code))("access.denied", user_id=user.id)
        if event.callback_query is not None:
            # A button press must be answered anyway, or the client shows a spinner.
            await event.callback_query.answer(plain_text(text)[:200], show_alert=True)
        elif (
            event.message is not None
            and event.message.chat.type == "private"
            and self._should_tell(user.id)
        ):
            await event.message.answer(text)
        return None

    async def _outside_private(self, event: Update, user: TelegramUser, chat: Chat) -> None:
        text = translator(language_for(user.language_code))("access.private_only")
        if event.callback_query is not None:
            await event.callback_query.answer(plain_text(text)[:200], show_alert=True)
            return
        message = event.message
        # Group chat ids are negative, so they never meet a user's id in `_told`.
        is_command = message is not None and (message.text or "").startswith("/")
        if message is not None and is_command and self._should_tell(chat.id):
            await message.answer(text)


class UserMiddleware(BaseMiddleware):
    """Registers the user on first contact and hands handlers `user` and `t`.

    `on_return` runs for a new user and for one who had blocked the bot and writes
    again: the timers (reminders, digest) must take them into account.
    """

    def __init__(
        self, users: UserRepository, clock: Clock, on_return: Callable[[], None] = lambda: None
    ) -> None:
        self._users = users
        self._clock = clock
        self._on_return = on_return

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        tg_user: TelegramUser | None = data.get("event_from_user")
        if tg_user is None:
            return None
        user = await self._users.get(tg_user.id)
        if user is None:
            user = await self._users.ensure(
                tg_user.id, language_for(tg_user.language_code), self._clock.now()
            )
            self._on_return()  # a new user: their digest gets scheduled
        elif not user.active:
            # They had blocked the bot and now write again: resume their reminders.
            await self._users.set_active(user.user_id, True)
            user = await self._users.get(user.user_id) or user
            self._on_return()
        data["user"] = user
        data["t"] = translator(user.language)
        return await handler(event, data)


class AnsweredMiddleware(BaseMiddleware):
    """Drops a message Telegram delivers again (after a crash that came before it was
    confirmed) that had answered a question or changed a client's field by itself.

    A capture finds its own row by the message id and says nothing twice; an answer
    leaves no such row, and read again it would be a new note in the Inbox ("prefers
    morning calls") or a second change that breaks the first one's undo.
    """

    def __init__(self, prompts: PromptRepository) -> None:
        self._prompts = prompts

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("user")
        if (
            isinstance(event, Message)
            and user is not None
            and await self._prompts.answered_by(user.user_id) == event.message_id
        ):
            log.info("message %d delivered again; it was an answer", event.message_id)
            return None
        return await handler(event, data)
