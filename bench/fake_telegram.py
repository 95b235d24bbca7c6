"""A Bot API session with no network, for benchmarks that drive the real application.

`FakeSession` is the session the bot runs on (`bot.session.JsonSession`, aiogram's aiohttp
session) with only its network step replaced: each call is still encoded into the body it
would POST (JSON, or aiogram's form with a file), and the answer comes back as the JSON text
Telegram would send, decoded and validated by the session's own `check_response`. So a
benchmark measures the bot and aiogram both ways of every call, and not the network. A bare
aiogram handler that answers "ok" on it does about as many updates per second as the capture
issue measured (4,700), more on a faster machine. It counts calls per Bot API method.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import AsyncGenerator
from typing import Any

from aiogram.methods import TelegramMethod
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
        # Answered from the wire, as Telegram answers: the method named in the URL and the
        # fields of the JSON body (a form carries a file; its fields are the method's own).
        name = url.rsplit("/", 1)[-1]
        self.calls[name] += 1
        if isinstance(data, FormData):
            data()  # the multipart or urlencoded body aiohttp would write
            fields = method.model_dump(exclude_none=True)
        else:
            fields = json.loads(data)
        return 200, json.dumps({"ok": True, "result": self.result_for(name, fields)})

    def result_for(self, name: str, fields: dict[str, Any]) -> Any:
        if name in ("sendMessage", "editMessageText", "editMessageReplyMarkup"):
            message = self._message(fields.get("chat_id", 0), fields.get("text", "…"))
            if "reply_markup" in fields:
                message["reply_markup"] = fields["reply_markup"]
            if "message_id" in fields:
                message["message_id"] = fields["message_id"]
            return message
        if name == "getMe":
            return {"id": BOT_ID, "is_bot": True, "first_name": "Bench", "username": "bench_bot"}
        if name == "getUpdates":
            return []
        return True  # answerCallbackQuery, setMyCommands, deleteWebhook, deleteMessage …

    def _message(self, chat_id: int | str, text: str) -> dict[str, Any]:
        message_id = self._message_ids.get(chat_id, 1_000) + 1
        self._message_ids[chat_id] = message_id
        return {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "User"},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Bench"},
            "text": text,
        }
