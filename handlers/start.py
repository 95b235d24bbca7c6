"""/start, /help, /lang."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import Message

from bot.i18n import Translator, read_language, translator
from bot.models import Language, User
from bot.zones import zone_example, zone_label
from storage.users import UserRepository


async def cmd_start(message: Message, user: User, t: Translator) -> None:
    await message.answer(
        t(
            "start.text",
            timezone=zone_label(user.timezone),
            zone_example=zone_example(user.timezone, user.language),
        )
    )


async def cmd_help(message: Message, t: Translator) -> None:
    await message.answer(t("help.text"))


async def cmd_lang(
    message: Message, command: CommandObject, user: User, t: Translator, users: UserRepository
) -> None:
    """`/lang` switches; `/lang en`, `/lang русский` choose (twice is still that one)."""
    switched: Language = "en" if user.language == "ru" else "ru"
    language = read_language(command.args) if command.args else switched
    if language is None:
        await message.answer(t("lang.usage"))
        return
    await users.set_language(user.user_id, language)
    await message.answer(translator(language)("lang.set"))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_start, CommandStart())
    router.message.register(cmd_help, Command("help"))
    router.message.register(cmd_lang, Command("lang"))
    return router
