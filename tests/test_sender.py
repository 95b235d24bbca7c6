"""The sender against the Bot API emulator: limits, retries, and one chat never holding another."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from itertools import pairwise
from types import SimpleNamespace
from typing import Any, cast

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import SendMessage
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.sender import Delivery, DeliveryStatus, Outgoing, Sender
from tests.emulator import TelegramEmulator, UserClient

ANNA = 1001
OLGA = 1002
STRANGER = 424242  # no chat with the bot


@pytest.fixture
async def emulator() -> AsyncIterator[TelegramEmulator]:
    """The emulator on the wall clock: its rate limits count real seconds, a FakeClock stands
    still (overrides conftest's)."""
    async with TelegramEmulator(clock=time.time) as emu:
        yield emu
        assert emu.violations == []


@pytest.fixture
async def make_bot(emulator: TelegramEmulator) -> AsyncIterator[Callable[..., Bot]]:
    """`make_bot(timeout=1)`: a real aiogram Bot against the emulator."""
    bots: list[Bot] = []

    def make(timeout: float = 60) -> Bot:
        session = AiohttpSession(api=TelegramAPIServer.from_base(emulator.base_url))
        session.timeout = timeout
        bot = Bot(
            token=emulator.token, session=session, default=DefaultBotProperties(parse_mode="HTML")
        )
        bots.append(bot)
        return bot

    yield make
    for bot in bots:
        # AiohttpSession.close() sleeps 250 ms for TLS shutdown; plain HTTP needs none.
        assert isinstance(bot.session, AiohttpSession)
        if bot.session._session is not None:
            await bot.session._session.close()


@pytest.fixture
def tg(make_bot: Callable[..., Bot]) -> Bot:
    return make_bot()


class SleepRecorder:
    """A fake `sleep`: records each delay and only yields to the loop."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        await asyncio.sleep(0)


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


def quick_sender(bot: Bot, sleep: SleepRecorder, **options: Any) -> Sender:
    """A sender with fake waits and no per-chat spacing to wait for between retries."""
    return Sender(bot, sleep=sleep, per_chat_per_second=1000, **options)


def sends(emulator: TelegramEmulator) -> int:
    """sendMessage calls made, answered or not."""
    rejected = [e for e in emulator.errors if e[0] == "sendMessage"]
    return len(emulator.calls_of("sendMessage")) + len(rejected)


def too_many(emulator: TelegramEmulator) -> list[str]:
    return [why for _, _, why in emulator.errors if why.startswith("Too Many Requests")]


# -- one message -----------------------------------------------------------------------------


async def test_plain_send_is_delivered_with_the_emulators_message_id(
    tg: Bot, anna: UserClient
) -> None:
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Done", callback_data="done:1")]]
    )
    message = Outgoing(ANNA, "<b>Call Acme</b> at 15:00", reply_markup=markup, key="rem-1")

    delivery = await Sender(tg).send(message)

    assert delivery == Delivery(message, DeliveryStatus.SENT, delivery.message_id, 1, None)
    shown = anna.last_message
    assert delivery.message_id == shown.message_id
    assert shown.text == "Call Acme at 15:00"
    assert shown.buttons == ["Done"]


async def test_retry_after_is_waited_out_then_sent_once(
    tg: Bot, anna: UserClient, emulator: TelegramEmulator, sleeps: SleepRecorder
) -> None:
    emulator.fail("sendMessage", error_code=429, retry_after=1, times=2)

    delivery = await quick_sender(tg, sleeps).send(Outgoing(ANNA, "ping"))

    assert delivery.status is DeliveryStatus.SENT
    assert delivery.attempts == 3
    assert sleeps.delays == [1, 1]
    assert [m.text for m in anna.messages] == ["ping"]


async def test_retry_after_in_real_time(
    tg: Bot, anna: UserClient, emulator: TelegramEmulator
) -> None:
    emulator.fail("sendMessage", error_code=429, retry_after=1, times=1)
    started = time.monotonic()

    delivery = await Sender(tg).send(Outgoing(ANNA, "ping"))

    assert time.monotonic() - started >= 1.0
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)
    assert len(anna.messages) == 1


async def test_server_errors_are_retried_with_growing_backoff(
    tg: Bot, anna: UserClient, emulator: TelegramEmulator, sleeps: SleepRecorder
) -> None:
    emulator.fail("sendMessage", error_code=500, times=2)
    emulator.fail("sendMessage", error_code=502, times=1)

    delivery = await quick_sender(tg, sleeps, backoff_base=0.5).send(Outgoing(ANNA, "ping"))

    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 4)
    assert len(anna.messages) == 1
    # Exponential ceilings 0.5, 1, 2 with jitter down to half of each.
    for delay, ceiling in zip(sleeps.delays, [0.5, 1.0, 2.0], strict=True):
        assert ceiling / 2 <= delay <= ceiling


async def test_backoff_is_capped(
    tg: Bot, anna: UserClient, emulator: TelegramEmulator, sleeps: SleepRecorder
) -> None:
    emulator.fail("sendMessage", error_code=503, times=9)

    sender = quick_sender(tg, sleeps, max_attempts=10, backoff_base=1, backoff_max=4)
    delivery = await sender.send(Outgoing(ANNA, "ping"))

    assert delivery.attempts == 10
    assert max(sleeps.delays) <= 4
    assert min(sleeps.delays[3:]) >= 2  # 1, 2, 4, then capped at 4 (jittered down to 2)


async def test_too_many_server_errors_fail_after_max_attempts(
    tg: Bot, anna: UserClient, emulator: TelegramEmulator, sleeps: SleepRecorder
) -> None:
    emulator.fail("sendMessage", error_code=500, times=10)

    delivery = await quick_sender(tg, sleeps, max_attempts=6).send(Outgoing(ANNA, "ping"))

    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 6)
    assert delivery.message_id is None
    assert delivery.error == "Internal Server Error"
    assert len(sleeps.delays) == 5  # no wait after the last attempt
    assert anna.messages == []
    assert sends(emulator) == 6


async def test_connection_reset_before_execution_is_retried_exactly_once(
    tg: Bot, anna: UserClient, emulator: TelegramEmulator, sleeps: SleepRecorder
) -> None:
    emulator.reset_connection("sendMessage", execute_first=False)

    delivery = await quick_sender(tg, sleeps).send(Outgoing(ANNA, "ping"))

    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)
    assert [m.text for m in anna.messages] == ["ping"]
    assert delivery.message_id == anna.last_message.message_id


async def test_connection_reset_after_execution_duplicates_the_message(
    tg: Bot, anna: UserClient, emulator: TelegramEmulator, sleeps: SleepRecorder
) -> None:
    # Telegram did send it but the answer was lost; sendMessage has no idempotency key, so the
    # retry is a second copy. Accepted: a duplicate reminder beats a lost one.
    emulator.reset_connection("sendMessage", execute_first=True)

    delivery = await quick_sender(tg, sleeps).send(Outgoing(ANNA, "ping"))

    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)
    assert [m.text for m in anna.messages] == ["ping", "ping"]
    assert delivery.message_id == anna.last_message.message_id


async def test_stall_longer_than_the_request_timeout_is_retried(
    make_bot: Callable[..., Bot],
    anna: UserClient,
    emulator: TelegramEmulator,
    sleeps: SleepRecorder,
) -> None:
    emulator.stall("sendMessage", seconds=3)

    delivery = await quick_sender(make_bot(timeout=1), sleeps).send(Outgoing(ANNA, "ping"))

    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)
    assert delivery.error is None
    # The stalled call was abandoned with its connection, so it never took effect.
    assert [m.text for m in anna.messages] == ["ping"]


async def test_blocked_user_is_reported_and_not_retried(
    tg: Bot, anna: UserClient, emulator: TelegramEmulator, sleeps: SleepRecorder
) -> None:
    emulator.block_user(ANNA)

    delivery = await quick_sender(tg, sleeps).send(Outgoing(ANNA, "ping", key="rem-7"))

    assert (delivery.status, delivery.attempts) == (DeliveryStatus.BLOCKED, 1)
    assert delivery.error == "Forbidden: bot was blocked by the user"
    assert delivery.outgoing.key == "rem-7"
    assert sends(emulator) == 1
    assert sleeps.delays == []


async def test_chat_not_found_fails_without_retry(
    tg: Bot, emulator: TelegramEmulator, sleeps: SleepRecorder
) -> None:
    delivery = await quick_sender(tg, sleeps).send(Outgoing(STRANGER, "ping"))

    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 1)
    assert delivery.error == "Bad Request: chat not found"
    assert sends(emulator) == 1
    assert sleeps.delays == []


@pytest.mark.parametrize(
    ("text", "description"),
    [
        ("secret <b>unclosed", "can't parse entities"),
        ("secret " + "x" * 5000, "message is too long"),
    ],
)
async def test_invalid_message_is_logged_as_a_bug_without_its_text(
    tg: Bot,
    anna: UserClient,
    caplog: pytest.LogCaptureFixture,
    text: str,
    description: str,
) -> None:
    delivery = await Sender(tg).send(Outgoing(ANNA, text, key="digest-3"))

    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 1)
    assert delivery.error is not None
    assert description in delivery.error
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert "digest-3" in errors[0].getMessage()
    assert all("secret" not in r.getMessage() for r in caplog.records)


# -- many messages ---------------------------------------------------------------------------


async def test_send_many_keeps_order_within_a_chat_and_reports_each_delivery(
    tg: Bot, anna: UserClient, olga: UserClient
) -> None:
    parts = [Outgoing(ANNA, f"part {n}", key=f"d-{n}") for n in range(1, 4)]
    batch = [parts[0], Outgoing(OLGA, "hello"), parts[1], parts[2]]
    seen: list[str | None] = []

    async def record(delivery: Delivery) -> None:
        seen.append(delivery.outgoing.key)

    # A fast per-chat rate keeps the test quick; the real limit is tested below.
    results = await Sender(tg, per_chat_per_second=20).send_many(batch, on_delivery=record)

    assert [r.outgoing for r in results] == batch
    assert all(r.status is DeliveryStatus.SENT for r in results)
    assert [m.text for m in anna.messages] == ["part 1", "part 2", "part 3"]
    assert [m.text for m in olga.messages] == ["hello"]
    assert sorted(seen, key=str) == sorted([p.key for p in batch], key=str)
    assert [k for k in seen if k] == ["d-1", "d-2", "d-3"]


async def test_send_many_skips_the_rest_of_a_blocked_chat(
    tg: Bot, anna: UserClient, olga: UserClient, emulator: TelegramEmulator
) -> None:
    emulator.block_user(ANNA)
    batch = [Outgoing(ANNA, "part 1"), Outgoing(ANNA, "part 2"), Outgoing(OLGA, "hello")]

    results = await Sender(tg, per_chat_per_second=20).send_many(batch)

    assert [(r.status, r.attempts) for r in results] == [
        (DeliveryStatus.BLOCKED, 1),
        (DeliveryStatus.BLOCKED, 0),
        (DeliveryStatus.SENT, 1),
    ]
    assert sends(emulator) == 2


async def test_send_many_propagates_a_failing_on_delivery(tg: Bot, anna: UserClient) -> None:
    async def broken(delivery: Delivery) -> None:
        raise RuntimeError("database is locked")

    with pytest.raises(RuntimeError, match="database is locked"):
        await Sender(tg).send_many([Outgoing(ANNA, "ping")], on_delivery=broken)


async def test_telegram_rate_limits_are_kept(tg: Bot, emulator: TelegramEmulator) -> None:
    emulator.enforce_rate_limits = True
    spread = [Outgoing(5000 + n, f"reminder {n}") for n in range(60)]
    one_chat = [Outgoing(ANNA, f"part {n}") for n in range(5)]
    for message in spread:
        emulator.user(message.chat_id)
    anna = emulator.user(ANNA)
    arrived: dict[str, float] = {}

    async def record(delivery: Delivery) -> None:
        arrived[delivery.outgoing.text] = time.monotonic()

    results = await Sender(tg).send_many([*one_chat, *spread], on_delivery=record)

    assert too_many(emulator) == []
    assert all(r.status is DeliveryStatus.SENT for r in results)
    assert [m.text for m in anna.messages] == [m.text for m in one_chat]
    times = [arrived[m.text] for m in one_chat]
    gaps = [later - earlier for earlier, later in pairwise(times)]
    assert min(gaps) >= 0.9, gaps


async def test_retry_after_in_one_chat_does_not_hold_another(
    tg: Bot, anna: UserClient, olga: UserClient, emulator: TelegramEmulator
) -> None:
    emulator.fail("sendMessage", error_code=429, retry_after=2, times=1)
    started = time.monotonic()
    arrived: dict[int, float] = {}

    async def record(delivery: Delivery) -> None:
        arrived[delivery.outgoing.chat_id] = time.monotonic() - started

    # Anna's message goes first and takes the 429.
    await Sender(tg).send_many([Outgoing(ANNA, "a"), Outgoing(OLGA, "b")], on_delivery=record)

    assert arrived[OLGA] < 0.5
    assert arrived[ANNA] >= 2.0
    assert len(anna.messages) == len(olga.messages) == 1


async def test_stalled_chat_does_not_hold_another(
    make_bot: Callable[..., Bot],
    anna: UserClient,
    olga: UserClient,
    emulator: TelegramEmulator,
    sleeps: SleepRecorder,
) -> None:
    emulator.stall("sendMessage", seconds=3)
    sender = quick_sender(make_bot(timeout=1), sleeps)
    started = time.monotonic()
    arrived: dict[int, float] = {}

    async def record(delivery: Delivery) -> None:
        arrived[delivery.outgoing.chat_id] = time.monotonic() - started

    # Anna's message goes first and hangs until the request timeout.
    await sender.send_many([Outgoing(ANNA, "a"), Outgoing(OLGA, "b")], on_delivery=record)

    assert arrived[OLGA] < 0.5
    assert arrived[ANNA] >= 1.0
    assert len(anna.messages) == len(olga.messages) == 1


# -- without the network: a fake bot ---------------------------------------------------------


class FakeBot:
    """Answers sendMessage at once; `flood` chats get one 429 each first."""

    def __init__(self, flood: frozenset[int] = frozenset(), retry_after: int = 5) -> None:
        self.flood = set(flood)
        self.retry_after = retry_after
        self.sent = 0

    async def send_message(self, chat_id: int, text: str, **_: Any) -> SimpleNamespace:
        if chat_id in self.flood:
            self.flood.discard(chat_id)
            method = SendMessage(chat_id=chat_id, text=text)
            raise TelegramRetryAfter(method, "Too Many Requests", self.retry_after)
        self.sent += 1
        return SimpleNamespace(message_id=self.sent)


def fake_sender(bot: FakeBot, sleep: Callable[[float], Awaitable[None]], **options: Any) -> Sender:
    options = {"per_second": 1e6, "per_chat_per_second": 1000, **options}
    return Sender(cast(Bot, bot), sleep=sleep, **options)


async def test_a_429_in_one_chat_pauses_only_that_chat(sleeps: SleepRecorder) -> None:
    sender = fake_sender(FakeBot(flood=frozenset({1})), sleeps)

    first = await sender.send(Outgoing(1, "a"))
    other = await sender.send(Outgoing(2, "b"))

    assert (first.attempts, other.attempts) == (2, 1)
    assert sleeps.delays == [5]  # chat 1's own wait; chat 2 went straight through


async def test_429s_in_many_chats_at_once_pause_every_chat(sleeps: SleepRecorder) -> None:
    sender = fake_sender(FakeBot(flood=frozenset({1, 2, 3})), sleeps)
    await asyncio.gather(*(sender.send(Outgoing(chat, "a")) for chat in (1, 2, 3)))
    sleeps.delays.clear()

    other = await sender.send(Outgoing(4, "b"))

    assert other.status is DeliveryStatus.SENT
    assert len(sleeps.delays) == 1
    assert 4.5 < sleeps.delays[0] <= 5  # the rest of the global pause


async def test_idle_chat_limiters_are_pruned(sleeps: SleepRecorder) -> None:
    sender = fake_sender(FakeBot(), sleeps)

    results = await sender.send_many(Outgoing(chat, "x") for chat in range(20_000))

    assert all(r.status is DeliveryStatus.SENT for r in results)
    assert sender.tracked_chats <= 2048


async def test_busy_chat_limiters_are_kept(sleeps: SleepRecorder) -> None:
    # With 1/s per chat a limiter stays non-empty for a second: dropping it would let a second
    # message into that chat too soon.
    sender = fake_sender(FakeBot(), sleeps, per_chat_per_second=1)

    await sender.send_many(Outgoing(chat, "x") for chat in range(1100))

    assert sender.tracked_chats == 1100
