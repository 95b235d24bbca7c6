"""Updates of one chat handled one after another, of different chats side by side.

A message and its edit, a capture and the button pressed under its confirmation: each
chat's updates must be handled in the order Telegram sent them, while no chat waits
for another. Long polling (`bot/polling.py`) and the webhook (`bot/webhook.py`) both
start every update through one `ChatOrder`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from functools import partial

from aiogram.types import Update


def chat_key(update: Update) -> int:
    """The chat whose order an update keeps (0 for updates that have none)."""
    message = (
        update.message
        or update.edited_message
        or (update.callback_query.message if update.callback_query else None)
    )
    if message is not None:
        return message.chat.id
    if update.callback_query is not None:
        return update.callback_query.from_user.id
    return 0


class ChatOrder:
    def __init__(self) -> None:
        self._tails: dict[int, asyncio.Task[None]] = {}  # chat -> its last update started

    def start(self, update: Update, work: Callable[[], Awaitable[None]]) -> asyncio.Task[None]:
        """`work` as a task that begins once the chat's earlier updates are done."""
        chat = chat_key(update)
        task = asyncio.get_running_loop().create_task(self._after(self._tails.get(chat), work))
        self._tails[chat] = task
        task.add_done_callback(partial(self._done, chat))
        return task

    @staticmethod
    async def _after(
        previous: asyncio.Task[None] | None, work: Callable[[], Awaitable[None]]
    ) -> None:
        if previous is not None:
            await asyncio.wait({previous})  # its outcome is its own; only the order matters
        await work()

    def _done(self, chat: int, task: asyncio.Task[None]) -> None:
        if self._tails.get(chat) is task:
            del self._tails[chat]
