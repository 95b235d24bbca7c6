"""Logging: one line per event, never message text, file ids, tokens or secrets."""

from __future__ import annotations

import logging
import traceback
from typing import TextIO

# Loggers of libraries that would write user data at some level:
# - aiosqlite logs every statement with its parameters at DEBUG (the message text);
# - aiogram.event logs a failing update with the exception text, which for a
#   validation error echoes its input.
_QUIET = {"aiosqlite": logging.INFO, "aiogram.event": logging.WARNING}


def configure_logging(level: str, stream: TextIO | None = None) -> None:
    """Lines to `stream` (stderr by default): time, level, logger, message."""
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=stream,
    )
    # Every update logs a line, so its cost is on the capture path: skip what the
    # format never shows (the caller's file and line, thread and process names), as
    # the logging HOWTO's "Optimization" section describes. About 10 µs an update.
    logging._srcfile = None
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    for name, floor in _QUIET.items():
        logging.getLogger(name).setLevel(max(floor, logging.getLevelName(level)))


def log_failure(logger: logging.Logger, what: str, exc: BaseException) -> None:
    """An exception as its type and traceback only: its message may echo user input
    (pydantic validation errors do), so it never reaches the log."""
    frames = "".join(traceback.format_tb(exc.__traceback__))
    logger.error("%s: %s\n%s", what, type(exc).__name__, frames.rstrip())
