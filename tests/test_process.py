"""`python -m bot` as a real process against the emulator: signals, a rival instance, its logs.

The emulator serves from this test's event loop while the bot runs in a child process, so the
test only ever awaits. The child runs in tmp_path with the project on PYTHONPATH and nothing
else from our environment, so the project's .env is never read.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import closing
from pathlib import Path

import pytest

from bot.app import EXIT_CONFLICT, EXIT_OK
from tests.conftest import ANNA
from tests.emulator import TelegramEmulator, UserClient

PROJECT = Path(__file__).resolve().parent.parent
CANARY = "CANARY-7f3a"


class BotProcess:
    """One `python -m bot` child; its stdout and stderr go to files (DEBUG logs are large)."""

    def __init__(self, process: asyncio.subprocess.Process, stdout: Path, stderr: Path) -> None:
        self.process = process
        self.stdout = stdout
        self.stderr = stderr

    @property
    def running(self) -> bool:
        return self.process.returncode is None

    def terminate(self) -> None:
        self.process.send_signal(signal.SIGTERM)

    async def wait(self, within: float) -> int:
        try:
            return await asyncio.wait_for(self.process.wait(), within)
        except TimeoutError:
            raise AssertionError(f"bot did not exit within {within}s\n{self.output()}") from None

    def output(self) -> str:
        return f"--- stdout\n{self.stdout.read_text()}--- stderr\n{self.stderr.read_text()}"


async def until(predicate: Callable[[], bool], within: float, what: str) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"not within {within}s: {what}")
        await asyncio.sleep(0.02)


@pytest.fixture
async def spawn(
    tmp_path: Path, emulator: TelegramEmulator
) -> AsyncIterator[Callable[..., Awaitable[BotProcess]]]:
    """`await spawn(LOG_LEVEL="DEBUG")` starts `python -m bot` and waits until it polls."""
    started: list[BotProcess] = []

    async def start(*, wait_polling: bool = True, **overrides: str) -> BotProcess:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONPATH": str(PROJECT),
            "BOT_TOKEN": emulator.token,
            "TELEGRAM_API_URL": emulator.base_url,
            "DATABASE_PATH": str(tmp_path / "bot.sqlite3"),
            "ALLOWED_USER_IDS": str(ANNA),
            "DEFAULT_TIMEZONE": "Europe/Moscow",
            "POLLING_TIMEOUT": "1",
            **overrides,
        }
        number = len(started)
        stdout, stderr = tmp_path / f"bot{number}.out", tmp_path / f"bot{number}.err"
        with stdout.open("wb") as out, stderr.open("wb") as err:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", cwd=tmp_path, env=env, stdout=out, stderr=err
            )
        bot = BotProcess(process, stdout, stderr)
        started.append(bot)
        if wait_polling:
            await until(
                lambda: emulator.state()["polling"] or not bot.running,
                15,
                "the bot process starts polling",
            )
            assert bot.running, f"the bot exited at start\n{bot.output()}"
        return bot

    yield start
    for bot in started:
        if bot.running:
            bot.process.kill()
            await bot.process.wait()


def db_rows(path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql, params).fetchall()


async def test_sigterm_waits_for_the_update_in_flight_and_confirms_it(
    spawn: Callable[..., Awaitable[BotProcess]],
    emulator: TelegramEmulator,
    anna: UserClient,
    tmp_path: Path,
) -> None:
    bot = await spawn()
    # The reply hangs for 2 s before Telegram takes it: SIGTERM lands while it is in flight.
    emulator.stall("sendMessage", 2, execute_first=False)
    sent = await anna.send("SEO report by Friday #acme")
    update_id = emulator.pending_updates()[-1]["update_id"]
    await until(lambda: emulator.state()["in_flight"] > 0, 10, "the reply is in flight")
    bot.terminate()

    assert await bot.wait(within=2 + 4) == EXIT_OK, bot.output()
    reply = await anna.next_message(timeout=0.1)
    assert "SEO report" in reply.text
    database = tmp_path / "bot.sqlite3"
    assert db_rows(
        database, "SELECT count(*) FROM items WHERE message_id = ?", sent["message_id"]
    ) == [(1,)]
    # Confirmed before exit, so a restart is not handed it again.
    assert emulator.pending_updates() == []
    assert emulator.confirmed_offset > update_id
    assert "stopped cleanly" in bot.stderr.read_text()


async def test_second_instance_with_the_same_token_exits_with_conflict(
    spawn: Callable[..., Awaitable[BotProcess]],
    emulator: TelegramEmulator,
    anna: UserClient,
) -> None:
    # A long poll leaves the first instance almost no gap between polls for the second to slip
    # into (then the first would be the one told 409).
    first = await spawn(POLLING_TIMEOUT="10")
    second = await spawn(wait_polling=False, POLLING_TIMEOUT="10")

    assert await second.wait(within=10) == EXIT_CONFLICT, second.output()
    log = second.stderr.read_text()
    assert "another instance is already polling with this BOT_TOKEN (409 Conflict)" in log
    assert "Traceback" not in log

    # The first one never noticed: it still answers.
    assert first.running
    await anna.send("/start")
    await anna.next_message(timeout=5)
    first.terminate()
    assert await first.wait(within=5) == EXIT_OK, first.output()


async def test_a_start_whose_migration_fails_exits_instead_of_hanging(
    spawn: Callable[..., Awaitable[BotProcess]], tmp_path: Path, emulator: TelegramEmulator
) -> None:
    # A database its version number misdescribes: migration 18 adds a column it has.
    with closing(sqlite3.connect(tmp_path / "bot.sqlite3")) as conn, conn:
        conn.execute("CREATE TABLE prompts (user_id INTEGER PRIMARY KEY, answered_by INTEGER)")
        conn.execute("PRAGMA user_version = 17")
    bot = await spawn(wait_polling=False)
    assert await bot.wait(within=15) != EXIT_OK, bot.output()
    assert "duplicate column name: answered_by" in bot.stderr.read_text()
    assert not emulator.state()["polling"]


async def test_debug_logs_carry_neither_message_text_nor_the_token(
    spawn: Callable[..., Awaitable[BotProcess]],
    emulator: TelegramEmulator,
    anna: UserClient,
) -> None:
    bot = await spawn(LOG_LEVEL="DEBUG")
    sent = await anna.send(f"Acme: SEO report {CANARY} by Friday")
    reply = await anna.next_message()
    await anna.click_data(reply, f"it:{CANARY}:1")  # the item prefix, fields that do not parse
    await anna.click_data(reply, f"zz:{CANARY}")  # no router knows it
    await until(lambda: len(anna.callback_answers) == 2, 5, "both buttons are answered")
    await anna.edit(sent, f"Acme: SEO report {CANARY} by Monday")
    await anna.wait_edit(reply)
    await emulator.wait_idle(timeout=5)
    bot.terminate()
    assert await bot.wait(within=5) == EXIT_OK, bot.output()

    lines = (bot.stdout.read_text() + bot.stderr.read_text()).splitlines()
    assert any("kind=edited_message" in line for line in lines), "DEBUG logging did not run"
    secret = emulator.token.split(":", 1)[1]
    leaks = [line for line in lines if CANARY in line or secret in line]
    loggers = sorted({line.split()[3] for line in leaks if len(line.split()) > 3})
    assert leaks == [], f"{len(leaks)} of {len(lines)} lines leak, from {loggers}: {leaks[:2]}"
