"""Routers, one per feature; the order here is the order updates try them.

Search, clients and capture answer commands and plain text, so each has two: its
commands behind the command gate, its text handlers after it.

Each module builds a fresh router on request: a Router can belong to one Dispatcher
only, and tests (and restarts) build several applications in one process.
"""

from __future__ import annotations

from aiogram import Router

from bot.filters import looks_like_command
from handlers import (
    capture,
    clients,
    deadlines,
    digest,
    errors,
    export,
    forwards,
    privacy,
    search,
    settings,
    start,
    unknown,
)


def command_routers() -> Router:
    """Every command, behind one gate, and last among them the reply to a command nobody
    knows.

    aiogram spends 10-20 µs on every router a message visits and a few µs on every
    filter it tries, and most messages are plain text bound for the capture router at
    the end: one failed check here skips the command routers and their filters
    (bench/bench_capture.py). Button presses and other updates are not gated. Search,
    clients and capture take plain text too: their commands are here, their text
    handlers after the gate.
    """
    gate = Router(name="commands")
    gate.message.filter(looks_like_command)
    gate.message.middleware(clients.command_drops_question)
    gate.include_routers(
        start.create_router(),
        settings.create_router(),
        deadlines.create_router(),
        digest.create_router(),
        export.create_router(),
        privacy.create_router(),
        search.create_command_router(),
        clients.create_command_router(),
        capture.create_command_router(),
        unknown.create_router(),
    )
    return gate


def get_routers() -> list[Router]:
    # A forwarded message is a client's words, whatever it says (even "/start"), so
    # forwards come first. The catch-all capture router must stay last. The errors
    # router only sees errors, so its place costs messages nothing at the end.
    return [
        forwards.create_router(),
        command_routers(),
        search.create_router(),
        clients.create_router(),
        capture.create_router(),
        errors.create_router(),
    ]
