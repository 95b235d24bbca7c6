"""A command no router knows: say so, rather than filing "/typo" as a note."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import Message

from bot.filters import has_text
from bot.i18n import Translator
from bot.views import shorten


async def on_unknown_command(message: Message, t: Translator) -> None:
    assert message.text is not None
    command = message.text.split(maxsplit=1)[0]
    await message.answer(t("errors.unknown_command", command=shorten(command, 40)))


def create_router() -> Router:
    """Last inside the command gate: every command the bot knows comes before it."""
    router = Router(name=__name__)
    # Text only: a file whose caption looks like a command is still kept by capture.
    router.message.register(on_unknown_command, has_text)
    return router
