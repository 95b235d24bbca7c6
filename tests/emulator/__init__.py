"""Offline Telegram Bot API emulator for end-to-end tests of the real bot application.

    async with TelegramEmulator(clock=fake_clock) as emu:
        bot = Bot(emu.token, session=AiohttpSession(api=TelegramAPIServer.from_base(emu.base_url)))
        user = emu.user(501, first_name="Anna")
        await user.send("/start")
        reply = await user.next_message()
        await user.click(reply, "Done")
        assert emu.violations == []

Every call is validated against api.json (../shared/telegram-bot-api/api.json or
$TELEGRAM_API_SPEC) and against Telegram's limits, with Telegram's error texts.
"""

from .client import (
    BotMessage,
    UserClient,
    origin_channel,
    origin_chat,
    origin_hidden,
    origin_user,
)
from .server import DEFAULT_TOKEN, ApiError, TelegramEmulator
from .spec import UploadedFile, spec_available, validate_call, validate_object
from .state import ApiViolation

__all__ = [
    "DEFAULT_TOKEN",
    "ApiError",
    "ApiViolation",
    "BotMessage",
    "TelegramEmulator",
    "UploadedFile",
    "UserClient",
    "origin_channel",
    "origin_chat",
    "origin_hidden",
    "origin_user",
    "spec_available",
    "validate_call",
    "validate_object",
]
