"""A reply whose only use afterwards is its message id: the capture confirmation.

Telegram answers sendMessage with the whole message it sent, keyboard included, and
aiogram validates all of it into a `Message`: every button, entity and user a model of
its own. For a confirmation that was 0.09 ms, more than half the cost of sending it,
and the bot reads one field of it (bench/bench_capture.py). `SendForId` is the same
sendMessage call with the fields the bot uses; its answer is validated as `SentMessage`,
where only `message_id` is checked and the rest is kept as Telegram sent it.

Its keyboard goes as the JSON Telegram reads (`wire_markup`), not as models: aiogram's
button is a pydantic model validated on creation and dumped again on the way out, and
a confirmation's four to eleven buttons cost 0.03-0.04 ms that way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aiogram.client.default import Default
from aiogram.methods import TelegramMethod
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    TelegramObject,
)

Button = tuple[str, str]
"""A callback button: its text and its callback data."""
Rows = Sequence[Sequence[Button]]


def inline_markup(rows: Rows) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=text, callback_data=data) for text, data in row]
            for row in rows
        ]
    )


def wire_markup(rows: Rows) -> dict[str, Any]:
    """`inline_markup(rows)` as the JSON object Telegram reads, built without models."""
    return {
        "inline_keyboard": [
            [{"text": text, "callback_data": data} for text, data in row] for row in rows
        ]
    }


class SentMessage(TelegramObject):
    """The message Telegram sent, read as far as the bot needs it."""

    message_id: int


class SendForId(TelegramMethod[SentMessage]):
    """sendMessage (https://core.telegram.org/bots/api#sendmessage), fewer fields."""

    __returning__ = SentMessage
    __api_method__ = "sendMessage"

    chat_id: int
    text: str
    business_connection_id: str | None = None
    message_thread_id: int | None = None
    # The bot's defaults, as aiogram's SendMessage takes them.
    parse_mode: str | Default | None = Default("parse_mode")
    link_preview_options: LinkPreviewOptions | Default | None = Default("link_preview")
    protect_content: bool | Default | None = Default("protect_content")
    # An inline keyboard as `wire_markup` builds it; Telegram (and the test emulator)
    # checks it as it checks any other.
    reply_markup: dict[str, Any] | None = None


async def answer_for_id(message: Message, text: str, rows: Rows = ()) -> int:
    """`message.answer(text, reply_markup=inline_markup(rows))`, returning the sent
    message's id."""
    assert message.bot is not None, "the message is bound to a bot, as updates are"
    sent = await message.bot(
        SendForId(
            chat_id=message.chat.id,
            # The same thread and business connection as aiogram's Message.answer.
            message_thread_id=message.message_thread_id if message.is_topic_message else None,
            business_connection_id=message.business_connection_id,
            text=text,
            reply_markup=wire_markup(rows) if rows else None,
        )
    )
    return sent.message_id
