"""A reply whose only use afterwards is its message id: the capture confirmation.

Telegram answers sendMessage with the whole message it sent, keyboard included, and
aiogram validates all of it into a `Message`: every button, entity and user a model of
its own. For a confirmation that was 0.09 ms, more than half the cost of sending it,
and the bot reads one field of it (bench/bench_capture.py). `SendForId` is the same
sendMessage call with the fields the bot uses; its answer is validated as `SentMessage`,
where only `message_id` is checked and the rest is kept as Telegram sent it.
"""

from __future__ import annotations

from aiogram.client.default import Default
from aiogram.methods import TelegramMethod
from aiogram.types import InlineKeyboardMarkup, LinkPreviewOptions, Message, TelegramObject


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
    reply_markup: InlineKeyboardMarkup | None = None


async def answer_for_id(
    message: Message, text: str, reply_markup: InlineKeyboardMarkup | None = None
) -> int:
    """`message.answer(text, reply_markup=…)`, returning the sent message's id."""
    assert message.bot is not None, "the message is bound to a bot, as updates are"
    sent = await message.bot(
        SendForId(
            chat_id=message.chat.id,
            # The same thread and business connection as aiogram's Message.answer.
            message_thread_id=message.message_thread_id if message.is_topic_message else None,
            business_connection_id=message.business_connection_id,
            text=text,
            reply_markup=reply_markup,
        )
    )
    return sent.message_id
