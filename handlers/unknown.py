"""A command no router knows: say so, rather than filing "/typo" as a note."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import Message

from bot.filters import QuickCommand, looks_like_command
from bot.i18n import Translator
from bot.views import shorten
from handlers.capture import FORCED_KINDS

# Commands of the capture router, which must come after this one (it takes all text).
CAPTURE_COMMANDS = (*FORCED_KINDS, "call", "end")


async def on_unknown_command(message: Message, t: Translator) -> None:
    assert message.text is not None
    command = message.text.split(maxsplit=1)[0]
    await message.answer(t("errors.unknown_command", command=shorten(command, 40)))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(
        on_unknown_command,
        looks_like_command,
        ~QuickCommand(*CAPTURE_COMMANDS),
    )
    return router
