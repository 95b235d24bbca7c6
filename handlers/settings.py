"""/tz and the user's other preferences."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.clock import Clock
from bot.i18n import Translator, format_when
from bot.models import User
from bot.zones import parse_zone
from storage.users import UserRepository

router = Router(name=__name__)


@router.message(Command("tz"))
async def cmd_tz(
    message: Message,
    command: CommandObject,
    user: User,
    users: UserRepository,
    t: Translator,
    clock: Clock,
) -> None:
    now = clock.now()
    if not command.args:
        await message.answer(
            t("tz.current", timezone=user.timezone, now=format_when(t, now, now, user.tz))
        )
        return
    zone = parse_zone(command.args)
    if zone is None:
        await message.answer(t("tz.unknown", value=command.args.strip()[:64]))
        return
    await users.set_timezone(user.user_id, zone.key)
    await message.answer(t("tz.set", timezone=zone.key, now=format_when(t, now, now, zone)))
