"""Routers, one per feature; the order here is the order updates try them.

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


def command_routers(later: list[Router]) -> Router:
    """The features whose messages are all commands, behind one gate, and last among
    them the reply to a command nobody knows (the commands of `later` excepted).

    aiogram spends 10-20 µs on every router a message visits, and most messages are
    plain text bound for the capture router at the end: one failed check here skips
    seven routers and their command filters (bench/bench_capture.py). Button presses
    and other updates are not gated.
    """
    gate = Router(name="commands")
    gate.message.filter(looks_like_command)
    gate.include_routers(
        start.create_router(),
        settings.create_router(),
        deadlines.create_router(),
        digest.create_router(),
        export.create_router(),
        privacy.create_router(),
        unknown.create_router(later=later),
    )
    return gate


def get_routers() -> list[Router]:
    # A forwarded message is a client's words, whatever it says (even "/start"), so
    # forwards come first. Search, clients and capture take plain text as well as
    # commands; the catch-all capture router must stay last. The errors router only
    # sees errors, so its place costs messages nothing at the end.
    later = [search.create_router(), clients.create_router(), capture.create_router()]
    return [forwards.create_router(), command_routers(later), *later, errors.create_router()]
