"""Shared fixtures: a hand-driven clock, the Bot API emulator, the real bot against it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.app import Application, build, serve
from bot.settings import Settings
from storage.db import Database
from tests.emulator import DEFAULT_TOKEN, TelegramEmulator, UserClient, spec_available

ANNA = 1001  # allowed, English
OLGA = 1002  # allowed, Russian
MALLORY = 6666  # not allowed

# Wednesday 25 November 2026, 11:30 in Moscow.
START = datetime(2026, 11, 25, 8, 30, tzinfo=UTC)


class FakeClock:
    """The bot's clock in tests: moves only when the test says so."""

    def __init__(self, start: datetime = START) -> None:
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> datetime:
        self._now += timedelta(**delta)
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = moment


def pytest_report_header() -> list[str]:
    if spec_available():
        return []
    return ["NOTICE: Bot API description (api.json) not found: emulator calls are NOT validated"]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def emulator(clock: FakeClock) -> AsyncIterator[TelegramEmulator]:
    emu = TelegramEmulator(clock=lambda: clock.now().timestamp())
    await emu.start()
    try:
        yield emu
    finally:
        await emu.stop()
    assert emu.violations == [], f"calls that break the Bot API description: {emu.violations}"


@pytest.fixture
def make_settings(tmp_path: Path, emulator: TelegramEmulator) -> Callable[..., Settings]:
    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {
            "bot_token": emulator.token,
            "telegram_api_url": emulator.base_url,
            "database_path": tmp_path / "bot.sqlite3",
            "allowed_user_ids": frozenset({ANNA, OLGA}),
            "default_timezone": "Europe/Moscow",
            "polling_timeout": 1,
            "forward_quiet_seconds": 0.3,
        }
        values.update(overrides)
        return Settings(_env_file=None, **values)  # type: ignore[call-arg]

    return make


@dataclass
class RunningBot:
    """The real application, serving in the background exactly as `python -m bot` does."""

    app: Application
    task: asyncio.Task[int]

    @property
    def db(self) -> Database:
        return self.app.db

    async def stop(self) -> int:
        self.app.stop_event.set()
        return await asyncio.wait_for(self.task, 15)

    async def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        async with self.db.read() as conn, conn.execute(sql, params) as cur:
            return [tuple(row) for row in await cur.fetchall()]


@pytest.fixture
async def start_bot(
    make_settings: Callable[..., Settings], clock: FakeClock
) -> AsyncIterator[Callable[..., Any]]:
    """`await start_bot()` starts the bot; several starts in one test are restarts."""
    running: list[RunningBot] = []

    async def start(**overrides: Any) -> RunningBot:
        app = await build(make_settings(**overrides), clock)
        bot = RunningBot(app, asyncio.create_task(serve(app, handle_signals=False)))
        running.append(bot)
        return bot

    yield start
    for bot in running:
        if not bot.task.done():
            assert await bot.stop() == 0


@pytest.fixture
async def bot(start_bot: Callable[..., Any]) -> RunningBot:
    running: RunningBot = await start_bot()
    return running


@pytest.fixture
def anna(emulator: TelegramEmulator) -> UserClient:
    return emulator.user(ANNA, "Anna", language_code="en")


@pytest.fixture
def olga(emulator: TelegramEmulator) -> UserClient:
    return emulator.user(OLGA, "Ольга", language_code="ru")


@pytest.fixture
def mallory(emulator: TelegramEmulator) -> UserClient:
    return emulator.user(MALLORY, "Mallory", language_code="en")


@pytest.fixture(autouse=True)
def _quiet_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)


__all__ = ["DEFAULT_TOKEN"]
