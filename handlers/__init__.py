"""Routers, one per feature; the order here is the order updates try them.

Each module builds a fresh router on request: a Router can belong to one Dispatcher
only, and tests (and restarts) build several applications in one process.
"""

from __future__ import annotations

from aiogram import Router

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


def get_routers() -> list[Router]:
    # Commands first; the catch-all capture router must stay last.
    return [
        errors.create_router(),
        start.create_router(),
        settings.create_router(),
        deadlines.create_router(),
        digest.create_router(),
        forwards.create_router(),
        search.create_router(),
        export.create_router(),
        privacy.create_router(),
        clients.create_router(),
        unknown.create_router(),
        capture.create_router(),
    ]
