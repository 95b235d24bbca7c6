"""In-memory state of the emulated Telegram: chats, messages, files."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ApiViolation:
    """A call (or an object the emulator built) that does not match the Bot API description."""

    method: str
    problems: list[str]


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    content: bytes
    file_name: str | None = None
    mime_type: str | None = None


@dataclass
class StoredMessage:
    """One message of a chat; `message` is the Message object as Telegram would return it now."""

    message: dict[str, Any]
    from_bot: bool
    html: str | None = None  # text or caption exactly as the bot sent it
    parse_mode: str | None = None
    reply_markup: dict[str, Any] | None = None  # any markup the bot attached, inline or not
    file: StoredFile | None = None
    deleted: bool = False
    version: int = 0  # bumped on each edit

    @property
    def message_id(self) -> int:
        return int(self.message["message_id"])


@dataclass
class ChatState:
    user: dict[str, Any]
    chat: dict[str, Any]
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    bot_message_ids: list[int] = field(default_factory=list)  # in sending order
    next_message_id: int = 1
    # per-chat send budget (token bucket) for the optional rate limit
    budget: float = 3.0
    budget_at: float = 0.0

    @property
    def id(self) -> int:
        return int(self.chat["id"])


@dataclass
class CallbackQueryState:
    query_id: str
    user_id: int
    created: float
    answered: bool = False


@dataclass
class Fault:
    method: str  # a method name or "*"
    kind: str  # "error" | "stall" | "reset"
    remaining: int
    error_code: int = 500
    retry_after: int | None = None
    description: str | None = None
    seconds: float = 0.0
    execute_first: bool = False  # perform the call, then stall or drop the answer


def photo_sizes(stored: StoredFile) -> list[dict[str, Any]]:
    return [
        {
            "file_id": f"{stored.file_id}_{size}",
            "file_unique_id": f"{stored.file_unique_id}{size}",
            "width": size,
            "height": size * 3 // 4,
            "file_size": len(stored.content),
        }
        for size in (90, 320, 800)
    ]
