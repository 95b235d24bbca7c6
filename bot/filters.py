"""Message filters as coroutines.

aiogram runs a plain function, and so a magic filter (`F.text`), through
asyncio.to_thread: a trip to a worker thread per check, and every message passes
several of them on its way to the catch-all capture router.
"""

from __future__ import annotations

import re
from typing import Any

from aiogram import Bot
from aiogram.filters import Command
from aiogram.types import Message

_COMMAND = re.compile(r"^/[A-Za-z0-9_@]+(\s|$)")


async def has_text(message: Message) -> bool:
    return bool(message.text)


async def is_forward(message: Message) -> bool:
    return message.forward_origin is not None


# Words a "?" search has at most: a longer "? Acme молчит неделю, напомнить в пятницу"
# is a thought written down, which a search would answer "nothing found" and drop.
QUESTION_WORDS = 5


async def is_question(message: Message) -> bool:
    """ "?words": a search."""
    text = message.text
    return text is not None and text.startswith("?") and len(text.split()) <= QUESTION_WORDS


async def looks_like_command(message: Message) -> bool:
    """A command in the text, or in a caption (aiogram's Command reads captions too)."""
    text = message.text or message.caption
    return bool(text and _COMMAND.match(text))


class QuickCommand(Command):
    """aiogram's `Command`, turning away text that cannot be a command before parsing it.

    `Command` parses every text it is shown and signals a miss with an exception. The
    routers outside the command gate (`handlers.command_routers`) see every plain
    message on its way to capture, so each of their command handlers cost that.
    """

    async def __call__(self, message: Message, bot: Bot) -> bool | dict[str, Any]:
        text = message.text or message.caption
        if not text or text[0] not in self.prefix:
            return False
        return await super().__call__(message, bot)
