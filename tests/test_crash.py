"""SIGKILL in the middle of a burst: nothing acknowledged is lost, nothing is stored twice.

One burst of 1,000 captured messages from three users waits on the emulated Telegram. The bot
starts on it in a child process and is killed with SIGKILL at a random point, again and again:
24 lives, 20 killed after a random number (1-70) of new replies and 4 at a random moment of
start-up; then a last life, a real `python -m bot`, finishes the burst and stops on SIGTERM.
After every kill the database on disk must hold every message the bot had answered exactly
once, with its text, and every message Telegram considers confirmed; a message that is neither
must still be waiting on Telegram's side for the next life. At the end all 1,000 are stored
exactly once and every update is confirmed.

The emulator serves from this test's event loop. The kill points come from a seed shown in
every failure: `CRASH_SEED=… pytest tests/test_crash.py` replays them.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import signal
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import ANNA, OLGA
from tests.emulator import TelegramEmulator

PROJECT = Path(__file__).resolve().parent.parent
IRINA = 1003
USERS = (ANNA, OLGA, IRINA)
MESSAGES = 1_000
KILLS_AFTER_REPLIES = 20
KILLS_AT_START = 4
# Different kinds, so the item's reminder rows are part of the transaction a kill can cut.
TEMPLATES = (
    "{tag} notes from the kickoff",
    "SEO report {tag} by Friday",
    "remind me tomorrow 10am to send {tag}",
    "Acme: {tag} wants a dark theme",
    "/dl banner {tag} next Tuesday",
)
TAG = re.compile(r"\bzz[a-z]{4}\b")


def tag_for(index: int) -> str:
    """zzaaaa, zzaaab, …: a word no parser takes for a date, a client or a number."""
    letters = ""
    for _ in range(4):
        index, digit = divmod(index, 26)
        letters = chr(ord("a") + digit) + letters
    return f"zz{letters}"


@dataclass(frozen=True)
class Sent:
    tag: str
    user_id: int
    message_id: int
    update_id: int
    text: str

    @property
    def stored_text(self) -> str:
        """What the item keeps as its text: a forced kind's command is not part of it."""
        return self.text.split(maxsplit=1)[1] if self.text.startswith("/") else self.text


@dataclass
class Burst:
    """What the test sent, and what it has seen the bot answer so far."""

    emulator: TelegramEmulator
    sent: dict[str, Sent] = field(default_factory=dict)
    replies: dict[str, int] = field(default_factory=dict)  # tag -> bot messages naming it
    _seen: dict[int, int] = field(default_factory=dict)  # chat -> bot messages already read

    def scan(self) -> int:
        """Read the bot's new messages; the number of distinct messages answered so far."""
        for user_id in USERS:
            chat = self.emulator.chats[user_id]
            ids = chat.bot_message_ids
            for message_id in ids[self._seen.get(user_id, 0) :]:
                text = chat.messages[message_id].message.get("text", "")
                for tag in set(TAG.findall(text)):
                    self.replies[tag] = self.replies.get(tag, 0) + 1
            self._seen[user_id] = len(ids)
        return len(self.replies)


# Importing aiogram costs seconds of CPU (its pydantic types), more than a whole life here; so
# every killed life is forked from one process that imported the bot once, and runs exactly what
# `python -m bot` runs (`runpy` on bot/__main__.py) with the same environment. The last life is
# a real `python -m bot`. Protocol on stdin/stdout: "spawn <stderr file>" -> "pid <pid>",
# "wait <pid>" -> "exit <status>".
ZYGOTE = r"""
import os, runpy, sys, traceback
import bot.app
while line := sys.stdin.readline():
    command, argument = line.rstrip("\n").split(" ", 1)
    if command == "wait":
        _, status = os.waitpid(int(argument), 0)
        print("exit", os.waitstatus_to_exitcode(status), flush=True)
        continue
    pid = os.fork()
    if pid:
        print("pid", pid, flush=True)
        continue
    code = 1
    try:
        null = os.open(os.devnull, os.O_RDWR)
        err = os.open(argument, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(null, 0)
        os.dup2(null, 1)
        os.dup2(err, 2)
        sys.argv = [sys.executable, "-m", "bot"]
        runpy.run_module("bot", run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stderr.flush()
        os._exit(code)
"""


def child_env(tmp_path: Path, emulator: TelegramEmulator) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(PROJECT),
        "BOT_TOKEN": emulator.token,
        "TELEGRAM_API_URL": emulator.base_url,
        "DATABASE_PATH": str(tmp_path / "bot.sqlite3"),
        "ALLOWED_USER_IDS": ",".join(str(user) for user in USERS),
        "DEFAULT_TIMEZONE": "Europe/Moscow",
        "POLLING_TIMEOUT": "1",
        "LOG_LEVEL": "WARNING",
    }


class Zygote:
    """A process that imported the bot once and forks one life of it per `spawn`."""

    def __init__(self, process: asyncio.subprocess.Process, tmp_path: Path) -> None:
        self.process = process
        self.tmp_path = tmp_path
        self.alive: set[int] = set()

    @classmethod
    async def start(cls, tmp_path: Path, emulator: TelegramEmulator) -> Zygote:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            ZYGOTE,
            cwd=tmp_path,
            env=child_env(tmp_path, emulator),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        return cls(process, tmp_path)

    async def _ask(self, command: str, argument: object, answer: str) -> int:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(f"{command} {argument}\n".encode())
        await self.process.stdin.drain()
        line = await asyncio.wait_for(self.process.stdout.readline(), 30)
        assert line.startswith(answer.encode()), f"the zygote answered {line!r}"
        return int(line.split()[1])

    async def spawn(self, life: int) -> Life:
        stderr = self.tmp_path / f"life{life}.err"
        pid = await self._ask("spawn", stderr, "pid")
        self.alive.add(pid)
        return Life(self, pid, stderr)

    async def close(self) -> None:
        for pid in self.alive:
            os.kill(pid, signal.SIGKILL)
        if self.process.returncode is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            await asyncio.wait_for(self.process.wait(), 10)


@dataclass
class Life:
    zygote: Zygote
    pid: int
    stderr: Path

    def output(self) -> str:
        # A life killed right after the fork, before it opened its stderr, wrote nothing.
        if not self.stderr.exists():
            return ""
        return self.stderr.read_text(errors="replace")[-3000:]

    async def kill(self) -> int:
        os.kill(self.pid, signal.SIGKILL)
        status = await self.zygote._ask("wait", self.pid, "exit")
        self.zygote.alive.discard(self.pid)
        return status


async def settle(emulator: TelegramEmulator) -> None:
    # The next life must not find the dead one's long poll still open (that is a 409).
    quiet = await emulator.wait_for(
        lambda: not emulator.state()["polling"] and emulator.state()["in_flight"] == 0, 10
    )
    assert quiet, "the emulator still serves the killed process"


def stored(database: Path) -> dict[tuple[int, int], list[str]]:
    """(chat, message) -> the texts of its item rows, read from the file on disk."""
    rows: dict[tuple[int, int], list[str]] = {}
    if not database.exists():
        return rows
    # A reader after a crash: SQLite replays the WAL the killed process left behind.
    with sqlite3.connect(database) as conn:
        for chat_id, message_id, text in conn.execute(
            "SELECT chat_id, message_id, text FROM items"
        ):
            rows.setdefault((chat_id, message_id), []).append(text)
    return rows


def check(burst: Burst, database: Path, emulator: TelegramEmulator, where: str) -> int:
    """What must hold whenever the bot is dead; returns how many messages are stored."""
    rows = stored(database)
    pending = {update["update_id"] for update in emulator.pending_updates()}
    by_key = {(s.user_id, s.message_id): s for s in burst.sent.values()}
    phantom = sorted(set(rows) - set(by_key))
    assert phantom == [], f"{where}: rows for messages never sent: {phantom[:5]}"
    twice = sorted(key for key, texts in rows.items() if len(texts) != 1)
    assert twice == [], f"{where}: stored more than once: {twice[:5]}"
    wrong = [key for key, texts in rows.items() if texts[0] != by_key[key].stored_text]
    assert wrong == [], f"{where}: stored with another text: {wrong[:5]}"
    for sent in burst.sent.values():
        key = (sent.user_id, sent.message_id)
        if sent.tag in burst.replies:
            assert key in rows, f"{where}: {sent} was answered but is not in the database"
        elif key not in rows:
            # Neither stored nor answered: Telegram must still hold it for the next life.
            assert sent.update_id in pending, (
                f"{where}: {sent} is neither stored nor waiting on Telegram: it is lost "
                f"(confirmed offset {emulator.confirmed_offset})"
            )
    return len(rows)


@pytest.mark.slow
async def test_sigkill_mid_burst_loses_and_duplicates_nothing(
    emulator: TelegramEmulator, tmp_path: Path
) -> None:
    seed = int(os.environ.get("CRASH_SEED", random.randrange(2**32)))
    rng = random.Random(seed)
    database = tmp_path / "bot.sqlite3"
    clients = {user: emulator.user(user, f"User{user}", language_code="en") for user in USERS}
    burst = Burst(emulator)
    for index in range(MESSAGES):
        tag = tag_for(index)
        user = rng.choice(USERS)
        text = rng.choice(TEMPLATES).format(tag=tag)
        message = await clients[user].send(text)
        update_id = emulator.pending_updates()[-1]["update_id"]
        burst.sent[tag] = Sent(tag, user, message["message_id"], update_id, text)
    last_update = max(s.update_id for s in burst.sent.values())

    plan = ["replies"] * KILLS_AFTER_REPLIES + ["start"] * KILLS_AT_START
    rng.shuffle(plan)
    kill_points: list[str] = []
    zygote = await Zygote.start(tmp_path, emulator)
    try:
        for life_number, how in enumerate(plan):
            where = f"CRASH_SEED={seed}, life {life_number} ({how}), before: {kill_points}"
            life = await zygote.spawn(life_number)
            if how == "start":
                # Anywhere in start-up: settings, migrations, getMe, the menu, the first batch.
                await asyncio.sleep(rng.uniform(0.0, 0.6))
            else:
                target = min(burst.scan() + rng.randint(1, 70), MESSAGES - 1)
                reached = await emulator.wait_for(lambda t=target: burst.scan() >= t, 30)
                assert reached, f"{where}: stuck at {burst.scan()} of {target}\n{life.output()}"
            status = await life.kill()
            assert status == -signal.SIGKILL, f"{where}: exited by itself\n{life.output()}"
            await settle(emulator)
            count = check(burst, database, emulator, where)
            kill_points.append(f"{how}:{burst.scan()}/{count}")
            assert "Traceback" not in life.output(), f"{where}\n{life.output()}"
    finally:
        await zygote.close()

    # The last life is a real `python -m bot`: it finishes the burst and stops cleanly.
    where = f"CRASH_SEED={seed}, last life; kill points (answered/stored): {kill_points}"
    stderr = tmp_path / "last.err"
    got_me = len(emulator.calls_of("getMe"))
    with stderr.open("wb") as err:
        last = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            cwd=tmp_path,
            env=child_env(tmp_path, emulator),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=err,
        )
    try:
        done = await emulator.wait_for(lambda: burst.scan() == MESSAGES, 60)
        assert done, f"{where}: {MESSAGES - burst.scan()} never answered\n{stderr.read_text()}"
        # The killed lives may have answered everything already: SIGTERM must reach a bot
        # that is serving (its getMe comes after its signal handlers), not one still
        # importing, which the signal ends as -15.
        serving = await emulator.wait_for(lambda: len(emulator.calls_of("getMe")) > got_me, 60)
        assert serving, f"{where}: never started\n{stderr.read_text()}"
        await emulator.wait_idle(timeout=15)
        last.terminate()
        assert await asyncio.wait_for(last.wait(), 15) == 0, f"{where}\n{stderr.read_text()}"
    finally:
        if last.returncode is None:
            last.kill()
            await last.wait()
    assert "Traceback" not in stderr.read_text(), f"{where}\n{stderr.read_text()}"

    assert check(burst, database, emulator, where) == MESSAGES
    assert emulator.pending_updates() == []
    assert emulator.confirmed_offset == last_update + 1, where
    # At SIGTERM the poller drops its long poll and at once sends the confirming getUpdates;
    # the emulator may still hold the dropped one and answers one of the two 409. Harmless:
    # the dropped poll had already carried the offset. Only other refusals count.
    rejected = [error for error in emulator.errors if error[0] != "getUpdates"]
    assert rejected == [], f"{where}: rejected calls {rejected[:3]}"
    # Only re-delivery repeats a reply, and a life re-handles at most the batch it was killed in.
    repeats = sum(n - 1 for n in burst.replies.values())
    assert repeats <= 100 * len(plan), where
