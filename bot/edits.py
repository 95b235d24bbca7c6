"""Editing a message the user pressed a button on, without no-op edits.

Telegram refuses an edit that changes nothing ("message is not modified"); a double
tap, or a button that re-renders the same view, would otherwise end in an error.
The message in the callback carries what the user sees: compare before editing.
That copy can be stale — taps queued before the first edit landed all carry the old
text — so Telegram's refusal of a no-op edit is also taken as "already done".
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import InlineKeyboardMarkup, Message

if TYPE_CHECKING:
    from collections.abc import Iterator

    from aiogram import Bot


def _same_markup(current: InlineKeyboardMarkup | None, new: InlineKeyboardMarkup | None) -> bool:
    def rows(markup: InlineKeyboardMarkup | None) -> list[list[tuple[str, str | None]]]:
        if markup is None:
            return []
        return [[(b.text, b.callback_data) for b in row] for row in markup.inline_keyboard]

    return rows(current) == rows(new)


async def edit_text(message: Message, text: str, markup: InlineKeyboardMarkup | None) -> None:
    if message.html_text == text and _same_markup(message.reply_markup, markup):
        return
    with _already_shown():
        await message.edit_text(text, reply_markup=markup)


async def edit_markup(message: Message, markup: InlineKeyboardMarkup | None) -> None:
    if _same_markup(message.reply_markup, markup):
        return
    with _already_shown():
        await message.edit_reply_markup(reply_markup=markup)


async def edit_sent(
    bot: Bot, chat_id: int, message_id: int, text: str, markup: InlineKeyboardMarkup | None
) -> bool:
    """Edit one of the bot's messages by id: a confirmation, after the user's edit.

    No copy of it is at hand to compare with; an edit that leaves it as it was (the
    user fixed a typo the card does not show) is refused by Telegram, and that is fine.
    False when the message is gone (the user deleted it): the caller sends a new one.
    """
    try:
        with _already_shown():
            await bot.edit_message_text(
                text, chat_id=chat_id, message_id=message_id, reply_markup=markup
            )
    except TelegramBadRequest as exc:
        if "message to edit not found" not in exc.message:
            raise
        return False
    return True


@contextmanager
def _already_shown() -> Iterator[None]:
    try:
        yield
    except TelegramBadRequest as exc:
        if "message is not modified" not in exc.message:
            raise
