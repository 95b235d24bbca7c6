"""Last line of defence: an exception in a handler becomes a log line and an apology."""

from __future__ import annotations

import logging
from contextlib import suppress

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import ErrorEvent, Message

from bot.i18n import language_for, translator
from bot.logs import log_failure

log = logging.getLogger("bot.errors")


def _unchanged_edit(exc: Exception) -> bool:
    # A second tap on a button that re-renders the same message: Telegram refuses an
    # edit that changes nothing. For the user nothing went wrong.
    return isinstance(exc, TelegramBadRequest) and "message is not modified" in exc.message


async def on_error(event: ErrorEvent) -> bool:
    exc = event.exception
    query = event.update.callback_query
    if _unchanged_edit(exc):
        if query is not None:
            with suppress(TelegramBadRequest):  # already answered: fine either way
                await query.answer()
        return True
    # Only the exception's type and traceback: its message or the update could carry
    # the user's text (pydantic validation errors echo their input).
    log_failure(log, f"update id={event.update.update_id} failed", exc)
    message = event.update.message or event.update.edited_message
    user = message.from_user if message else (query.from_user if query else None)
    t = translator(language_for(user.language_code if user else None))
    try:
        if query is not None:
            try:
                await query.answer(t("errors.internal")[:200], show_alert=True)
            except TelegramBadRequest:
                # The handler had answered the query before failing: say it in the chat.
                if isinstance(query.message, Message):
                    await query.message.answer(t("errors.internal"))
        elif message is not None:
            await message.answer(t("errors.internal"))
    except Exception as reply_exc:  # noqa: BLE001 - the apology is best effort
        log.warning("could not send the error reply: %s", type(reply_exc).__name__)
    return True


def create_router() -> Router:
    router = Router(name=__name__)
    router.errors.register(on_error)
    return router
