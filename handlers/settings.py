"""/tz and the user's other preferences."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import Message

from bot.clock import Clock
from bot.deadlines import padding_policy
from bot.digest import Digests
from bot.i18n import Html, Translator, format_clock, format_when
from bot.models import User
from bot.notebook import Notebook
from bot.padding import BusinessCalendar, UnknownCountryError, country_example
from bot.settings import Settings
from bot.timing import parse_clock
from bot.views import shorten
from bot.zones import (
    ZoneReading,
    format_offset,
    other_offset,
    read_zone,
    zone_example,
    zone_label,
)
from handlers.deadlines import describe_policy
from storage.users import UserRepository


def zone_set(t: Translator, reading: ZoneReading, zone: ZoneInfo, now: datetime) -> Html:
    """The confirmation; a city standing in for a fractional offset is named as one."""
    label, when = zone_label(zone.key), format_when(t, now, now, zone)
    if reading.offset is None:
        return t("tz.set", timezone=label, now=when)
    offset = format_offset(reading.offset)
    other = other_offset(zone, reading.offset, now.astimezone(zone).year)
    if other is None:
        return t("tz.set_stand_in", timezone=label, offset=offset, now=when)
    return t(
        "tz.set_seasonal_stand_in",
        timezone=label,
        offset=offset,
        other=format_offset(other),
        now=when,
    )


async def cmd_tz(
    message: Message,
    command: CommandObject,
    user: User,
    users: UserRepository,
    t: Translator,
    clock: Clock,
    notebook: Notebook,
    digests: Digests,
) -> None:
    now = clock.now()
    if not command.args:
        when = format_when(t, now, now, user.tz)
        await message.answer(
            t(
                "tz.current",
                timezone=zone_label(user.timezone),
                now=when,
                zone_example=zone_example(user.timezone, user.language),
            )
        )
        return
    reading = read_zone(command.args)
    if reading.zone is None:
        value = command.args.strip()[:64]
        if reading.suggestion is not None:
            await message.answer(t("tz.seasonal", value=value, example=reading.suggestion))
        else:
            await message.answer(t("tz.unknown", value=value))
        return
    await users.set_timezone(user.user_id, reading.zone.key)
    await notebook.change_timezone(user, reading.zone)
    await _digest_again(digests, user)  # the next digest, in the new zone
    await message.answer(zone_set(t, reading, reading.zone, now))


async def cmd_settings(
    message: Message,
    command: CommandObject,
    user: User,
    users: UserRepository,
    t: Translator,
    settings: Settings,
    digests: Digests,
) -> None:
    words = (command.args or "").split()
    country = user.holidays_country or settings.holidays_country
    if not words:
        digest = await digests.repo.user(user.user_id)
        assert digest is not None  # the user middleware registered the user
        at = format_clock(t, digest.digest_time or digests.default_time)
        await message.answer(
            t(
                "settings.show",
                timezone=zone_label(user.timezone),
                zone_example=zone_example(user.timezone, user.language),
                country_example=country_example(country, user.language),
                eod=format_clock(t, user.end_of_day),
                country=country or t("settings.country_none"),
                pad=describe_policy(t, padding_policy(user, None)),
                digest=t("settings.digest_at", time=at)
                if digest.enabled
                else t("settings.digest_off"),
            )
        )
        return
    name, value = words[0].lower(), " ".join(words[1:])
    if name == "eod" and (end := parse_clock(value)) is not None:
        await users.set_end_of_day(user.user_id, end)
        await message.answer(t("settings.eod_set", eod=format_clock(t, end)))
    elif name == "eod":
        await message.answer(t("settings.eod_invalid", value=shorten(value, 40)))
    elif name == "country" and value.lower() in ("off", "none", "-", "нет"):
        await users.set_holidays_country(user.user_id, None)
        await _digest_again(digests, user)
        await message.answer(t("settings.country_cleared"))
    elif name == "country":
        try:
            calendar = BusinessCalendar(country=value.strip())
        except UnknownCountryError:
            await message.answer(t("settings.country_unknown", value=shorten(value, 40)))
            return
        await users.set_holidays_country(user.user_id, calendar.country)
        await _digest_again(digests, user)  # its days off are the digest's too
        await message.answer(t("settings.country_set", country=calendar.country))
    else:
        await message.answer(
            t("settings.usage", country_example=country_example(country, user.language))
        )


async def _digest_again(digests: Digests, user: User) -> None:
    """The next digest moment, computed again from what just changed."""
    await digests.repo.schedule(user.user_id, None)
    digests.poke()


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_tz, Command("tz"))
    router.message.register(cmd_settings, Command("settings"))
    return router
