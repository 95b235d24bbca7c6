"""Logging: one line per event, never message text, file ids, tokens or secrets."""

from __future__ import annotations

import logging

# Loggers of libraries that would write user data at some level:
# - aiosqlite logs every statement with its parameters at DEBUG (the message text);
# - aiogram.event logs a failing update with the exception text, which for a
#   validation error echoes its input.
_QUIET = {"aiosqlite": logging.INFO, "aiogram.event": logging.WARNING}


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for name, floor in _QUIET.items():
        logging.getLogger(name).setLevel(max(floor, logging.getLevelName(level)))
