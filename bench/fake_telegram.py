"""A Bot API session with no network, for benchmarks that drive the real application.

`FakeSession` is the session the bot runs on (`bot.session.JsonSession`, aiogram's aiohttp
session) with only its network step replaced: each call is still encoded into the body it
would POST (JSON, or aiogram's form with a file), and the answer comes back as the JSON text
Telegram would send, decoded and validated by the session's own `check_response`. So a
benchmark measures the bot and aiogram both ways of every call, and not the network. A bare
aiogram handler that answers "ok" on it does about as many updates per second as the capture
issue measured (4,700). It counts calls per method.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import AsyncGenerator
from typing import Any

from aiogram.methods import (
    EditMessageReplyMarkup,
    EditMessageText,
    GetMe,
    GetUpdates,
    SendMessage,
    TelegramMethod,
)
from aiogram.types import InlineKeyboardMarkup
from aiohttp import FormData

from bot.session import JsonSession

BOT_ID = 123456789
TOKEN = f"{BOT_ID}:AAFakeTokenForOfflineBenchmarks_abcdefgh"


class FakeSession(JsonSession):
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

    async def post(
        self,
        method: TelegramMethod[Any],
        url: str,
        data: bytes | FormData,
        timeout: int | None,  # noqa: ASYNC109 - JsonSession's signature
    ) -> tuple[int, str]:
        self.calls[type(method).__name__] += 1
        if isinstance(data, FormData):
            data()  # the multipart or urlencoded body aiohttp would write
        return 200, json.dumps({"ok": True, "result": self.result_for(method)})

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
