"""A Bot API session with no network, for benchmarks that drive the real application.

`FakeSession` answers every call at once with a plausible result, built the way aiogram's own
sessions build it (validated into the method's return type with the bot in context), so a
benchmark measures the bot and aiogram, not sockets. It counts calls per method.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import AsyncGenerator
from typing import Any, cast

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.methods import (
    EditMessageReplyMarkup,
    EditMessageText,
    GetMe,
    GetUpdates,
    SendMessage,
    TelegramMethod,
)
from aiogram.methods.base import Response, TelegramType
from aiogram.types import InlineKeyboardMarkup

BOT_ID = 123456789
TOKEN = f"{BOT_ID}:AAFakeTokenForOfflineBenchmarks_abcdefgh"


class FakeSession(BaseSession):
    """Answers SendMessage, edits, callback answers and the start-up calls without I/O."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: Counter[str] = Counter()
        self._message_ids: dict[int | str, int] = {}

    async def close(self) -> None:
        return None

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,  # noqa: ASYNC109 - BaseSession's signature
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        yield b""

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109 - BaseSession's signature
    ) -> TelegramType:
        self.calls[type(method).__name__] += 1
        result = self.result_for(method)
        response: Response[Any] = Response[method.__returning__].model_validate(  # type: ignore[name-defined]
            {"ok": True, "result": result}, context={"bot": bot}
        )
        return cast(TelegramType, response.result)

    def result_for(self, method: TelegramMethod[Any]) -> Any:
        if isinstance(method, SendMessage):
            return self._message(method.chat_id, method.text, method.reply_markup)
        if isinstance(method, EditMessageText):
            message = self._message(method.chat_id or 0, method.text, method.reply_markup)
            message["message_id"] = method.message_id
            return message
        if isinstance(method, EditMessageReplyMarkup):
            message = self._message(method.chat_id or 0, "…", method.reply_markup)
            message["message_id"] = method.message_id
            return message
        if isinstance(method, GetMe):
            return {"id": BOT_ID, "is_bot": True, "first_name": "Bench", "username": "bench_bot"}
        if isinstance(method, GetUpdates):
            return []
        return True  # answerCallbackQuery, setMyCommands, deleteWebhook, deleteMessage …

    def _message(self, chat_id: int | str, text: str | None, markup: Any) -> dict[str, Any]:
        message_id = self._message_ids.get(chat_id, 1_000) + 1
        self._message_ids[chat_id] = message_id
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "User"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Bench"},
            "text": text,
        }
        if isinstance(markup, InlineKeyboardMarkup):
            message["reply_markup"] = markup.model_dump(exclude_none=True)
        return message
