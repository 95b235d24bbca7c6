"""`python -m bot`: start the bot (long polling or webhook); `python -m bot backup PATH`."""

from __future__ import annotations

import asyncio
import sys

from pydantic import SecretStr, ValidationError

from bot.app import EXIT_CONFIG, run
from bot.backup import cli as backup_cli
from bot.logs import configure_logging
from bot.settings import Settings

_TOKEN_HELP = "get one from @BotFather in Telegram and put it into .env (see .env.example)"  # noqa: S105 - advice, not a secret


def _blank(value: object) -> bool:
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    return not str(value or "").strip()


def config_error(exc: ValidationError) -> str:
    """One readable line per bad variable; never echoes the values (the token is secret)."""
    lines = []
    for error in exc.errors():
        if not error["loc"]:  # a rule across variables, e.g. what BOT_MODE=webhook needs
            lines.append(f"{error['msg']}.")
            continue
        name = str(error["loc"][0]).upper()
        if name == "BOT_TOKEN":
            # .env.example leaves it empty: an empty value is "not set", not "malformed".
            unset = error["type"] == "missing" or _blank(error.get("input"))
            problem = "is not set" if unset else "is malformed"
            lines.append(f"BOT_TOKEN {problem}: {_TOKEN_HELP}.")
        else:
            lines.append(f"{name} is invalid: {error['msg']}.")
    return "\n".join(lines)


def main() -> int:
    if sys.argv[1:2] == ["backup"]:
        return backup_cli(sys.argv[2:])
    try:
        settings = Settings()
    except ValidationError as exc:
        print(config_error(exc), file=sys.stderr)
        return EXIT_CONFIG
    configure_logging(settings.log_level)
    return asyncio.run(run(settings))


if __name__ == "__main__":
    sys.exit(main())
