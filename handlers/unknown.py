"""A command no router knows: say so, rather than filing "/typo" as a note."""

from __future__ import annotations

from collections.abc import Iterable

from aiogram import Router
from aiogram.dispatcher.event.handler import CallbackType
from aiogram.filters import Command
from aiogram.types import Message

from bot.filters import QuickCommand, has_text, looks_like_command
from bot.i18n import Translator
from bot.views import shorten


def commands_of(routers: Iterable[Router]) -> list[str]:
    """The command names the routers' message handlers answer (aiogram flags each one)."""
    return [
        str(name)
        for router in routers
        for handler in router.message.handlers
        for command in handler.flags.get("commands", [])
        if isinstance(command, Command)
        for name in command.commands
    ]


async def on_unknown_command(message: Message, t: Translator) -> None:
    assert message.text is not None
    command = message.text.split(maxsplit=1)[0]
    await message.answer(t("errors.unknown_command", command=shorten(command, 40)))


def create_router(*, later: Iterable[Router] = ()) -> Router:
    """`later`: the routers that come after this one; their commands are known."""
    router = Router(name=__name__)
    known = commands_of(later)
    # Text only: a file whose caption looks like a command is still kept by capture.
    filters: list[CallbackType] = [has_text, looks_like_command]
    if known:
        filters.append(~QuickCommand(*known))
    router.message.register(on_unknown_command, *filters)
    return router
