"""Webhook mode: the real application serves WEBHOOK_URL, and the test plays Telegram.

The emulator records setWebhook but delivers nothing, so each test takes the update the
emulator built for the user (`pending_updates()`) and POSTs it to the bot as Telegram would.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.__main__ import main
from bot.settings import Settings
from bot.webhook import KEEP_PROCESSED, SECRET_HEADER
from tests.conftest import ANNA, FakeClock, RunningBot
from tests.emulator import TelegramEmulator, UserClient

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456789:AAEmulatorTokenForOfflineTests_abcdefg"
SECRET = "s3cret-Token_for-tests"
HOOK_URL = "https://bot.example.com/telegram/hook"


class Telegram:
    """Telegram's side of a webhook: POSTs updates to the bot, as it would over HTTPS."""

    def __init__(self, session: aiohttp.ClientSession, running: RunningBot) -> None:
        self.session = session
        self.running = running

    @property
    def base(self) -> str:
        assert self.running.app.webhook is not None
        return f"http://127.0.0.1:{self.running.app.webhook.bound_port}"

    async def post(
        self, update: dict[str, Any] | str, *, secret: str | None = SECRET, path: str = ""
    ) -> int:
        headers = {SECRET_HEADER: secret} if secret is not None else {}
        body = update if isinstance(update, str) else None
        async with self.session.post(
            self.base + (path or "/telegram/hook"),
            json=None if isinstance(update, str) else update,
            data=body,
            headers=headers,
        ) as response:
            return response.status

    async def health(self) -> tuple[int, dict[str, Any]]:
        async with self.session.get(self.base + "/healthz") as response:
            return response.status, await response.json()


async def until(predicate: Callable[[], bool], what: str, within: float = 10) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(f"not within {within}s: {what}")
        await asyncio.sleep(0.01)


async def started(running: RunningBot, emulator: TelegramEmulator) -> RunningBot:
    """Wait until the bot listens and has pointed Telegram at itself."""
    await until(lambda: emulator.webhook is not None or running.task.done(), "setWebhook")
    assert not running.task.done(), f"the bot exited at start: {running.task.result()}"
    return running


@pytest.fixture
async def hooked(
    start_bot: Callable[..., Any], emulator: TelegramEmulator
) -> AsyncIterator[tuple[RunningBot, Telegram]]:
    """The bot in webhook mode, listening on a free port, and Telegram to POST to it."""
    running = await started(
        await start_bot(
            bot_mode="webhook",
            webhook_url=HOOK_URL,
            webhook_secret=SECRET,
            webhook_listen="127.0.0.1:0",
        ),
        emulator,
    )
    async with aiohttp.ClientSession() as session:
        yield running, Telegram(session, running)


async def latest_update(user: UserClient, text: str) -> dict[str, Any]:
    await user.send(text)
    return user.emulator.pending_updates()[-1]


async def test_start_over_the_webhook_is_answered(
    hooked: tuple[RunningBot, Telegram], emulator: TelegramEmulator, anna: UserClient
) -> None:
    running, telegram = hooked
    assert emulator.webhook is not None
    assert emulator.webhook["url"] == HOOK_URL
    assert emulator.webhook["secret_token"] == SECRET
    assert "message" in emulator.webhook["allowed_updates"]
    assert emulator.calls_of("deleteWebhook") == []

    update = await latest_update(anna, "/start")
    assert await telegram.post(update) == 200
    # 200 came only after the handler: the reply is already there.
    assert "account manager" in anna.last_message.text
    assert await running.rows("SELECT user_id FROM users") == [(ANNA,)]
    assert await running.rows("SELECT update_id FROM processed_updates") == [(update["update_id"],)]


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", SECRET + "x", SECRET[:-1]])
async def test_without_the_secret_nothing_is_processed(
    hooked: tuple[RunningBot, Telegram], anna: UserClient, secret: str | None
) -> None:
    running, telegram = hooked
    update = await latest_update(anna, "SEO report by Friday #acme")
    assert await telegram.post(update, secret=secret) == 401
    await anna.no_message()
    for table in ("users", "items", "clients", "processed_updates"):
        assert await running.rows(f"SELECT count(*) FROM {table}") == [(0,)]


async def test_malformed_bodies_are_400_and_other_paths_404(
    hooked: tuple[RunningBot, Telegram], anna: UserClient
) -> None:
    running, telegram = hooked
    assert await telegram.post("{not json") == 400
    assert await telegram.post({"message": "no update_id"}) == 400
    update = await latest_update(anna, "/start")
    assert await telegram.post(update, path="/elsewhere") in (404, 405)
    await anna.no_message()
    assert await running.rows("SELECT count(*) FROM processed_updates") == [(0,)]


async def test_an_update_delivered_twice_is_handled_once(
    hooked: tuple[RunningBot, Telegram], anna: UserClient
) -> None:
    running, telegram = hooked
    update = await latest_update(anna, "SEO report by Friday #acme")
    # Two deliveries at once (a retry racing the first), then a late third.
    assert await asyncio.gather(telegram.post(update), telegram.post(update)) == [200, 200]
    assert await telegram.post(update) == 200
    assert len(anna.messages) == 1
    assert await running.rows("SELECT count(*) FROM items") == [(1,)]


async def test_updates_of_one_chat_are_handled_in_order(
    hooked: tuple[RunningBot, Telegram], anna: UserClient, emulator: TelegramEmulator
) -> None:
    _running, telegram = hooked
    first = await latest_update(anna, "first note")
    second = await latest_update(anna, "second note")
    # Telegram delivers both at once over two connections; the first reply hangs.
    emulator.stall("sendMessage", 1.0)
    assert await asyncio.gather(telegram.post(first), telegram.post(second)) == [200, 200]
    texts = [message.text for message in anna.messages]
    assert [("first" in text, "second" in text) for text in texts] == [(True, False), (False, True)]


async def test_a_redelivery_after_a_restart_is_still_recognised(
    start_bot: Callable[..., Any], emulator: TelegramEmulator, anna: UserClient
) -> None:
    settings = {
        "bot_mode": "webhook",
        "webhook_url": HOOK_URL,
        "webhook_secret": SECRET,
        "webhook_listen": "127.0.0.1:0",
    }
    first = await started(await start_bot(**settings), emulator)
    update = await latest_update(anna, "SEO report by Friday #acme")
    async with aiohttp.ClientSession() as session:
        assert await Telegram(session, first).post(update) == 200
        assert await first.stop() == 0
        emulator.webhook = None
        second = await started(await start_bot(**settings), emulator)
        assert await Telegram(session, second).post(update) == 200
    assert len(anna.messages) == 1
    assert await second.rows("SELECT count(*) FROM items") == [(1,)]


async def test_a_failing_update_is_answered_200_and_not_retried_forever(
    hooked: tuple[RunningBot, Telegram], anna: UserClient, emulator: TelegramEmulator
) -> None:
    running, telegram = hooked
    # Telegram refuses the reply: the handler fails, the errors router apologises.
    emulator.fail("sendMessage", 400, description="Bad Request: something odd")
    update = await latest_update(anna, "/start")
    assert await telegram.post(update) == 200
    apologies = len(anna.messages)
    assert await telegram.post(update) == 200
    assert len(anna.messages) == apologies
    assert await running.rows("SELECT count(*) FROM processed_updates") == [(1,)]


async def test_old_update_ids_are_pruned(
    hooked: tuple[RunningBot, Telegram], anna: UserClient, clock: FakeClock
) -> None:
    running, telegram = hooked
    assert await telegram.post(await latest_update(anna, "/start")) == 200
    clock.advance(seconds=(KEEP_PROCESSED + timedelta(hours=1)).total_seconds())
    newest = await latest_update(anna, "/help")
    assert await telegram.post(newest) == 200
    assert await running.rows("SELECT update_id FROM processed_updates") == [(newest["update_id"],)]


async def test_healthz_reports_database_and_scheduler(
    hooked: tuple[RunningBot, Telegram],
) -> None:
    running, telegram = hooked
    assert await telegram.health() == (
        200,
        {"database": "ok", "scheduler": "running", "mode": "webhook"},
    )
    running.app.scheduler.pause()
    running.app.scheduler.shutdown(wait=False)
    status, body = await telegram.health()
    assert (status, body["scheduler"]) == (503, "stopped")


async def test_stop_waits_for_the_update_in_flight(
    hooked: tuple[RunningBot, Telegram], anna: UserClient, emulator: TelegramEmulator
) -> None:
    running, telegram = hooked
    # The reply hangs for a second before Telegram takes it: the stop lands mid-update.
    emulator.stall("sendMessage", 1, execute_first=False)
    update = await latest_update(anna, "SEO report by Friday #acme")
    delivery = asyncio.create_task(telegram.post(update))
    await until(lambda: emulator.state()["in_flight"] > 0, "the reply is in flight")
    assert await running.stop() == 0
    assert await delivery == 200
    assert len(anna.messages) == 1
    with closing(sqlite3.connect(running.app.settings.database_path)) as conn:
        assert conn.execute("SELECT update_id FROM processed_updates").fetchall() == [
            (update["update_id"],)
        ]


def test_webhook_mode_without_its_settings_exits_2_with_one_line(tmp_path: Path) -> None:
    clean = {k: v for k, v in os.environ.items() if k.lower() not in Settings.model_fields}
    clean.update(PYTHONPATH=str(ROOT), BOT_TOKEN=TOKEN, BOT_MODE="webhook")
    result = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "BOT_MODE=webhook needs WEBHOOK_URL and WEBHOOK_SECRET (see .env.example)."
    ]


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"WEBHOOK_URL": HOOK_URL}, "BOT_MODE=webhook needs WEBHOOK_SECRET"),
        ({"WEBHOOK_SECRET": SECRET}, "BOT_MODE=webhook needs WEBHOOK_URL"),
        (
            {"WEBHOOK_URL": HOOK_URL, "WEBHOOK_SECRET": "has spaces and ü"},
            "WEBHOOK_SECRET is invalid",
        ),
        ({"WEBHOOK_URL": HOOK_URL, "WEBHOOK_SECRET": "x" * 257}, "WEBHOOK_SECRET is invalid"),
        (
            {"WEBHOOK_URL": "http://bot.example.com/hook", "WEBHOOK_SECRET": SECRET},
            "WEBHOOK_URL is invalid",
        ),
        (
            {"WEBHOOK_URL": HOOK_URL, "WEBHOOK_SECRET": SECRET, "WEBHOOK_LISTEN": "8080"},
            "WEBHOOK_LISTEN is invalid",
        ),
    ],
)
def test_bad_webhook_settings_are_one_line_and_exit_2(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    env: dict[str, str],
    expected: str,
) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", ["bot"])
    for name, value in {"BOT_TOKEN": TOKEN, "BOT_MODE": "webhook", **env}.items():
        monkeypatch.setenv(name, value)
    assert main() == 2
    stderr = capsys.readouterr().err
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert expected in stderr
    assert "has spaces" not in stderr
    assert "xxxx" not in stderr


def test_webhook_settings_parse() -> None:
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        bot_token=TOKEN,
        bot_mode="WEBHOOK",
        webhook_url=HOOK_URL,
        webhook_secret="A" * 256,
        webhook_listen="[::1]:8443",
    )
    assert settings.bot_mode == "webhook"
    assert settings.webhook_address == ("::1", 8443)
    default = Settings(_env_file=None, bot_token=TOKEN)  # type: ignore[call-arg]
    assert default.bot_mode == "polling"
    assert default.webhook_address == ("0.0.0.0", 8080)


async def test_sigterm_in_webhook_mode_answers_the_update_in_flight_and_exits_0(
    tmp_path: Path, emulator: TelegramEmulator, anna: UserClient
) -> None:
    """`python -m bot` as a real process: SIGTERM mid-update, Telegram still gets its 200."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT),
        "BOT_TOKEN": emulator.token,
        "TELEGRAM_API_URL": emulator.base_url,
        "DATABASE_PATH": str(tmp_path / "bot.sqlite3"),
        "ALLOWED_USER_IDS": str(ANNA),
        "BOT_MODE": "webhook",
        "WEBHOOK_URL": HOOK_URL,
        "WEBHOOK_SECRET": SECRET,
        "WEBHOOK_LISTEN": "127.0.0.1:0",
    }
    stderr = tmp_path / "bot.err"
    with stderr.open("wb") as err:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=tmp_path, env=env, stderr=err
        )
    try:
        await until(
            lambda: (
                "webhook set; listening on" in stderr.read_text() or process.returncode is not None
            ),
            "the bot process listens",
            within=20,
        )
        log = stderr.read_text()
        assert process.returncode is None, log
        port = int(log.split("listening on 127.0.0.1:")[1].split("/")[0])
        emulator.stall("sendMessage", 1.5, execute_first=False)
        update = await latest_update(anna, "SEO report by Friday #acme")
        async with aiohttp.ClientSession() as session:
            delivery = asyncio.create_task(
                session.post(
                    f"http://127.0.0.1:{port}/telegram/hook",
                    json=update,
                    headers={SECRET_HEADER: SECRET},
                )
            )
            await until(lambda: emulator.state()["in_flight"] > 0, "the reply is in flight")
            process.send_signal(signal.SIGTERM)
            response = await delivery
            assert response.status == 200
            response.release()
        assert await asyncio.wait_for(process.wait(), 10) == 0, stderr.read_text()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert "SEO report" in anna.last_message.text
    with closing(sqlite3.connect(tmp_path / "bot.sqlite3")) as conn:
        assert conn.execute("SELECT count(*) FROM items").fetchall() == [(1,)]
    assert "stopped cleanly" in stderr.read_text()
