"""Editing a message the user pressed a button on, without no-op edits.

Telegram refuses an edit that changes nothing ("message is not modified"); a double
tap, or a button that re-renders the same view, would otherwise end in an error.
The message in the callback carries what the user sees: compare before editing.
That copy can be stale — taps queued before the first edit landed all carry the old
text — so Telegram's refusal of a no-op edit is also taken as "already done".
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from contextlib import contextmanager
from typing import TYPE_CHECKING

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import InlineKeyboardMarkup, Message

from bot.keyboards import item_keyboard
from bot.views import item_card

if TYPE_CHECKING:
    from collections.abc import Iterator
    from datetime import datetime, tzinfo

    from aiogram import Bot

    from bot.i18n import Translator
    from bot.models import Item

log = logging.getLogger(__name__)


def _same_markup(current: InlineKeyboardMarkup | None, new: InlineKeyboardMarkup | None) -> bool:
    def rows(markup: InlineKeyboardMarkup | None) -> list[list[tuple[str, str | None]]]:
        if markup is None:
            return []
        return [[(b.text, b.callback_data) for b in row] for row in markup.inline_keyboard]

    return rows(current) == rows(new)


Shown = tuple[str, InlineKeyboardMarkup | None]


class LatestShown:
    """What the bot last made of the messages whose buttons edit them in steps.

    Each tap on a digest line marks that line in the message the tap carries. Two quick
    taps both carry the digest as it was before the first edit landed, and the second
    edit would bring back the first line's buttons and drop its mark. The last edit made
    here is the truer copy. Kept for the latest `capacity` messages: a restart forgets
    them, and then the copy a tap carries is the current one.
    """

    def __init__(self, capacity: int = 1000) -> None:
        self._capacity = capacity
        self._shown: OrderedDict[tuple[int, int], Shown] = OrderedDict()

    def view(self, message: Message) -> Shown:
        """The message's text (HTML) and keyboard as they are now, as far as we know."""
        return self._shown.get(
            (message.chat.id, message.message_id), (message.html_text, message.reply_markup)
        )

    def remember(self, message: Message, text: str, markup: InlineKeyboardMarkup | None) -> None:
        key = (message.chat.id, message.message_id)
        self._shown[key] = (text, markup)
        self._shown.move_to_end(key)
        while len(self._shown) > self._capacity:
            self._shown.popitem(last=False)


async def edit_text(
    message: Message,
    text: str,
    markup: InlineKeyboardMarkup | None,
    *,
    shown: Shown | None = None,
) -> None:
    """`shown`: what the message shows now, when the copy in `message` may be stale."""
    current_text, current_markup = shown or (message.html_text, message.reply_markup)
    if current_text == text and _same_markup(current_markup, markup):
        return
    with _already_shown():
        await message.edit_text(text, reply_markup=markup)


async def edit_markup(
    message: Message, markup: InlineKeyboardMarkup | None, *, shown: Shown | None = None
) -> None:
    if _same_markup(shown[1] if shown else message.reply_markup, markup):
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


async def refresh_confirmation(
    bot: Bot | None, t: Translator, item: Item | None, *, now: datetime, tz: tzinfo
) -> None:
    """The item's capture confirmation, redrawn after a change made elsewhere (done or
    reopened from a reminder or the digest): an old card still showing it open would be
    a second truth. Best effort: a card Telegram will not edit stays as it was."""
    if bot is None or item is None or item.reply_message_id is None:
        return
    card = item_card(t, item, now=now, tz=tz)
    try:
        await edit_sent(bot, item.chat_id, item.reply_message_id, card, item_keyboard(t, item, []))
    except TelegramBadRequest as exc:
        log.info("confirmation of item %d not redrawn: %s", item.id, exc.message)
