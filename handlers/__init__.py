"""Routers, one per feature; the order here is the order updates try them."""

from __future__ import annotations

from aiogram import Router

from handlers import errors, settings, start


def get_routers() -> list[Router]:
    # Commands first; the catch-all capture router must stay last.
    return [errors.router, start.router, settings.router]
