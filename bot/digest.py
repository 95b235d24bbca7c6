"""The morning digest and the agenda on demand.

Like reminders, digests are driven by rows: `users.next_digest_at` says when each is due,
and one scheduler job wakes at the earliest. Everyone due at the same minute is composed
from a handful of queries (grouped by time zone, because "today" is local), sent through
the rate-limited sender, and marked with the local day served, so each user gets exactly
one per day across restarts and DST changes.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.agenda import (
    Agenda,
    AgendaInput,
    build_agenda,
    mark_line,
    promise_days,
    render_agenda,
    unmark_line,
)
from bot.callbacks import DigestAction
from bot.clock import Clock
from bot.deadlines import tomorrow_morning
from bot.edits import LatestShown
from bot.i18n import Translator, translator
from bot.logs import log_failure
from bot.padding import BusinessCalendar, UnknownCountryError
from bot.sender import Delivery, DeliveryStatus, Outgoing, Sender
from bot.split import TELEGRAM_LIMIT, split_message, text_length
from bot.timers import Tasks, arm
from bot.timing import local_day, next_digest_at
from storage.digests import DigestRepository, DigestUser
from storage.users import UserRepository

log = logging.getLogger(__name__)

JOB_ID = "digests"
BATCH = 1000
KEYBOARD_LIMIT = 8  # numbered buttons per row pair: more would not be "compact"
RETRY_AFTER = timedelta(minutes=5)
# Composing a batch takes a while; hand the event loop to polling every this many users.
YIELD_EVERY = 100


@dataclass(frozen=True, slots=True)
class Composed:
    parts: list[str]
    keyboard: InlineKeyboardMarkup | None
    empty: bool


# Up to 16 buttons in every digest, each two strings: copied from this one with both replaced,
# rather than built through pydantic's validation and aiogram's post-init hook, which took a
# quarter of composing (`model_construct` is slower still: it fills every default in Python).
_BUTTON = InlineKeyboardButton(text="·", callback_data="·")


def digest_callback(action: str, item_id: int) -> str:
    """`DigestAction(action=action, item_id=item_id).pack()`, without building the model."""
    sep = DigestAction.__separator__
    return f"{DigestAction.__prefix__}{sep}{action}{sep}{item_id}"


def digest_keyboard(t: Translator, agenda: Agenda) -> InlineKeyboardMarkup | None:
    """One compact keyboard for the whole agenda: ✅N closes line N, 💤N snoozes it."""
    actions = agenda.actions[:KEYBOARD_LIMIT]
    if not actions:
        return None

    def row(symbol: str, action: str) -> list[InlineKeyboardButton]:
        return [_button(symbol, action, a.item_id, a.number) for a in actions]

    return InlineKeyboardMarkup(inline_keyboard=[row("✅", "done"), row("💤", "snooze")])


def action_number(markup: InlineKeyboardMarkup | None, item_id: int) -> int | None:
    """The line number `digest_keyboard` gave the item ("✅3" → 3), None if it has none."""
    if markup is None:
        return None
    for row in markup.inline_keyboard:
        for button in row:
            if _ours(button, item_id) is not None:
                return _number(button)
    return None


def _action(button: InlineKeyboardButton) -> DigestAction | None:
    data = button.callback_data or ""
    if not data.startswith(f"{DigestAction.__prefix__}{DigestAction.__separator__}"):
        return None
    return DigestAction.unpack(data)


def _ours(button: InlineKeyboardButton, item_id: int) -> DigestAction | None:
    action = _action(button)
    return action if action is not None and action.item_id == item_id else None


def closed_keyboard(
    markup: InlineKeyboardMarkup | None, item_id: int, number: int | None
) -> InlineKeyboardMarkup | None:
    """The keyboard once line `number` is done: its ✅ becomes ↩️ (undo), its 💤 goes."""
    if markup is None:
        return None
    rows: list[list[InlineKeyboardButton]] = []
    for row in markup.inline_keyboard:
        kept: list[InlineKeyboardButton] = []
        for button in row:
            action = _ours(button, item_id)
            if action is None:
                kept.append(button)
            elif action.action == "done" and number is not None:
                kept.append(_button("↩️", "undo", item_id, number))
        if kept:
            rows.append(kept)
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


def reopened_keyboard(
    markup: InlineKeyboardMarkup | None, item_id: int, number: int
) -> InlineKeyboardMarkup:
    """`closed_keyboard` undone: line `number` has its ✅ and 💤 again, in their places."""
    rows = [list(row) for row in (markup.inline_keyboard if markup is not None else [])]
    for row in rows:
        for index, button in enumerate(row):
            action = _ours(button, item_id)
            if action is not None and action.action == "undo":
                row[index] = _button("✅", "done", item_id, number)
    snooze = _button("💤", "snooze", item_id, number)
    for row in rows:
        if any((action := _action(b)) is not None and action.action == "snooze" for b in row):
            after = [i for i, b in enumerate(row) if (_number(b) or 0) > number]
            row.insert(after[0] if after else len(row), snooze)
            break
    else:
        rows.append([snooze])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def _number(button: InlineKeyboardButton) -> int | None:
    """The line number on a digest button ("✅3" → 3), None on one without."""
    digits = "".join(char for char in button.text if char.isdigit())
    return int(digits) if digits else None


def _button(symbol: str, action: str, item_id: int, number: int) -> InlineKeyboardButton:
    return _BUTTON.model_copy(
        update={"text": f"{symbol}{number}", "callback_data": digest_callback(action, item_id)}
    )


def marked_agenda(
    t: Translator,
    shown: str,
    markup: InlineKeyboardMarkup | None,
    item_id: int,
    key: str,
    /,
    **params: object,
) -> str | None:
    """The agenda message (HTML) with the item's line marked done or snoozed through `key`.

    Buttons vanish with the tap and a toast is gone in a second: the line itself keeps
    what was done. None when the line is not in this message or the mark would not fit.
    """
    number = action_number(markup, item_id)
    if number is None:
        return None
    marked = mark_line(t, shown, number, key, **params)
    if marked is None or text_length(marked) > TELEGRAM_LIMIT:
        return None
    return marked


def unmarked_agenda(
    t: Translator, shown: str, markup: InlineKeyboardMarkup | None, item_id: int, key: str
) -> str | None:
    """`marked_agenda` undone; None when the line is not in this message or not so marked."""
    number = action_number(markup, item_id)
    return unmark_line(t, shown, number, key) if number is not None else None


def freeze_startup_heap() -> int:
    """Collect once, then leave everything now alive out of the garbage collector's scans.

    Call once when startup is done (modules, aiogram's routers and pydantic schemas, caches:
    some 200,000 objects that live as long as the process). Every full collection walks them
    all again otherwise, and composing the morning digests for 10,000 users triggers several:
    about a fifth of that time. Returns how many objects were frozen.
    """
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def compose(
    t: Translator,
    data: AgendaInput,
    *,
    now: datetime,
    tz: ZoneInfo,
    days: int = 1,
    promise_span: int | None = None,
) -> Composed:
    agenda = build_agenda(data, now=now, tz=tz, days=days, promise_span=promise_span)
    lines = render_agenda(
        t, agenda, now=now, tz=tz, title_key="agenda.today" if days == 1 else "agenda.week"
    )
    return Composed(split_message(lines), digest_keyboard(t, agenda), agenda.empty)


@lru_cache(maxsize=64)
def user_calendar(country: str | None) -> BusinessCalendar:
    """A user's working days: their country's holidays off, as padding counts them."""
    try:
        return BusinessCalendar(country=country)
    except UnknownCountryError:
        # A country the holidays package dropped since it was set: weekends still hold.
        return BusinessCalendar()


def promise_span(calendar: BusinessCalendar, today: date, days: int = 1) -> int:
    """The days of client promises an agenda from `today` shows (`promise_days`)."""
    return promise_days(days, (calendar.next_business_day(today) - today).days)


def day_bounds(now: datetime, tz: ZoneInfo, offset: int = 0) -> tuple[datetime, datetime]:
    day = local_day(now, tz) + timedelta(days=offset)
    start = datetime.combine(day, time(), tzinfo=tz)
    return start, datetime.combine(day + timedelta(days=1), time(), tzinfo=tz)


class Digests:
    """Composing the agenda for one user (/today, /week) and the morning delivery."""

    def __init__(
        self,
        *,
        repo: DigestRepository,
        users: UserRepository,
        sender: Sender,
        clock: Clock,
        scheduler: AsyncIOScheduler,
        default_time: time,
        default_timezone: str,
        default_country: str | None = None,
    ) -> None:
        self.repo = repo
        self._users = users
        self._sender = sender
        self._clock = clock
        self._scheduler = scheduler
        self.default_time = default_time
        self._default_tz = default_timezone
        self._default_country = default_country
        self._lock = asyncio.Lock()
        self._tasks = Tasks()
        # The digests' keyboards as their taps left them (bot/edits.py says why).
        self.shown = LatestShown()

    async def next_at(self, user_id: int) -> datetime | None:
        """When this user's next digest goes out; None while it is off."""
        user = await self.repo.user(user_id)
        if user is None or not user.enabled:
            return None
        return self.next_for(user, self._clock.now())

    def zone(self, user: DigestUser) -> ZoneInfo:
        return ZoneInfo(user.timezone or self._default_tz)

    def calendar(self, user: DigestUser) -> BusinessCalendar:
        return user_calendar(user.holidays_country or self._default_country)

    def promise_span(self, user: DigestUser, now: datetime, days: int = 1) -> int:
        return promise_span(self.calendar(user), local_day(now, self.zone(user)), days)

    async def snooze_until(self, user_id: int, now: datetime) -> datetime:
        """When a line snoozed from the agenda comes back: the next morning the digest
        comes, so a Friday's waits for Monday (or after a holiday) unless it comes on
        weekends too."""
        user = await self.repo.user(user_id)
        assert user is not None
        workday = None if user.weekends else self.calendar(user).is_business_day
        return tomorrow_morning(now, self.zone(user), workday)

    async def agenda_for(self, user_id: int, t: Translator, days: int = 1) -> Composed:
        user = await self.repo.user(user_id)
        assert user is not None
        tz, now = self.zone(user), self._clock.now()
        span = self.promise_span(user, now, days)
        inputs = await self.repo.agenda_inputs(
            [user_id],
            now=now,
            window_end=day_bounds(now, tz, days)[0],
            horizon=day_bounds(now, tz, span)[0],
            yesterday=day_bounds(now, tz, -1),
        )
        return compose(t, inputs[user_id], now=now, tz=tz, days=days, promise_span=span)

    def next_for(
        self, user: DigestUser, after: datetime, served: datetime | None = None
    ) -> datetime:
        tz = self.zone(user)
        return next_digest_at(
            after,
            tz=tz,
            at=user.digest_time or self.default_time,
            weekends=user.weekends,
            last_sent_on=local_day(served, tz) if served else user.last_digest_on,
            workday=self.calendar(user).is_business_day,
        )

    # --- scheduling ------------------------------------------------------------------------

    async def start(self) -> None:
        await self._schedule_new()
        await self.rearm()

    async def stop(self) -> None:
        await self._tasks.stop()
        async with self._lock:
            pass

    def poke(self) -> None:
        self._tasks.spawn(self._reschedule())

    async def _reschedule(self) -> None:
        await self._schedule_new()
        await self.rearm()

    async def _schedule_new(self) -> None:
        """Users without a next digest moment (new, or preferences changed) get one."""
        now = self._clock.now()
        while batch := await self.repo.unscheduled():
            for user in batch:
                await self.repo.schedule(user.user_id, self.next_for(user, now), read=user)

    async def _wake(self) -> None:
        self._tasks.spawn(self.run_due())

    async def rearm(self) -> None:
        if self._tasks.stopping:
            return
        arm(self._scheduler, JOB_ID, self._wake, await self.repo.next_due(), self._clock)

    async def run_due(self) -> int:
        sent = 0
        try:
            async with self._lock:
                while not self._tasks.stopping:
                    now = self._clock.now()
                    due = await self.repo.due(now, BATCH)
                    if not due:
                        break
                    sent += await self._deliver(due, now)
                    if len(due) < BATCH:
                        break
        except Exception as exc:  # noqa: BLE001 - logged; the next run is armed below
            # Nobody awaits the task that ran us: log it here, and keep the digests going.
            log_failure(log, "digest run failed", exc)
        finally:
            await self.rearm()
        return sent

    async def _deliver(self, due: Sequence[DigestUser], now: datetime) -> int:
        by_zone: dict[str, list[DigestUser]] = defaultdict(list)
        outgoing: list[Outgoing] = []
        parts_left: dict[int, int] = {}
        parts_sent: dict[int, int] = {}
        for user in due:
            tz = self.zone(user)
            if user.next_digest_at is not None and local_day(user.next_digest_at, tz) != local_day(
                now, tz
            ):
                # Missed while the bot was down and that day is over: that digest is
                # stale, but today's is not. Its moment, counted from this midnight, is
                # sent now if it has passed too (once, late), or kept for later today.
                today = self.next_for(user, day_bounds(now, tz)[0] - timedelta(microseconds=1))
                if today > now:
                    await self.repo.schedule(user.user_id, today, read=user)
                    continue
            by_zone[user.timezone or self._default_tz].append(user)
        users: dict[int, DigestUser] = {}
        for zone_name, group in by_zone.items():
            tz = ZoneInfo(zone_name)
            # Users of one zone may keep different countries' holidays: read as far as
            # the furthest needs, each agenda shows its own.
            spans = {user.user_id: self.promise_span(user, now) for user in group}
            inputs = await self.repo.agenda_inputs(
                [u.user_id for u in group],
                now=now,
                window_end=day_bounds(now, tz, 1)[0],
                horizon=day_bounds(now, tz, max(spans.values()))[0],
                yesterday=day_bounds(now, tz, -1),
            )
            for index, user in enumerate(group):
                if index and index % YIELD_EVERY == 0:
                    await asyncio.sleep(0)  # let updates through between slices of the batch
                t = translator("ru" if user.language == "ru" else "en")
                try:
                    composed = compose(
                        t, inputs[user.user_id], now=now, tz=tz, promise_span=spans[user.user_id]
                    )
                except Exception as exc:  # noqa: BLE001 - one user's data must not stop the rest
                    log_failure(log, f"digest for user {user.user_id} failed", exc)
                    await self.repo.schedule(user.user_id, now + RETRY_AFTER, read=user)
                    continue
                users[user.user_id] = user
                if composed.empty and user.skip_empty:
                    await self.repo.schedule(
                        user.user_id,
                        self.next_for(user, now, now),
                        now.astimezone(tz).date(),
                        read=user,
                    )
                    continue
                parts_left[user.user_id] = len(composed.parts)
                for index, part in enumerate(composed.parts):
                    last = index == len(composed.parts) - 1
                    outgoing.append(
                        Outgoing(
                            chat_id=user.user_id,
                            text=part,
                            reply_markup=composed.keyboard if last else None,
                            key=f"{user.user_id}:{index}",
                        )
                    )
        delivered = 0

        async def record(delivery: Delivery) -> None:
            """Each user's outcome once: after all parts, or after the first that did not go.

            The sender reports a blocked chat's remaining parts as BLOCKED without sending
            them, but still sends the parts after a FAILED one; none of them changes the
            outcome, so they are not recorded again.
            """
            nonlocal delivered
            user_id = delivery.outgoing.chat_id
            if user_id not in parts_left:
                return
            user = users[user_id]

            async def served() -> None:
                at = self._clock.now()
                await self.repo.schedule(
                    user_id,
                    self.next_for(user, at, at),
                    local_day(at, self.zone(user)),
                    read=user,
                )

            if delivery.status is DeliveryStatus.SENT:
                parts_sent[user_id] = parts_sent.get(user_id, 0) + 1
                parts_left[user_id] -= 1
                if parts_left[user_id] == 0:
                    del parts_left[user_id]
                    delivered += 1
                    await served()
                return
            del parts_left[user_id]
            if delivery.status is DeliveryStatus.BLOCKED:
                await self._users.set_active(user_id, False)
                await self.repo.schedule(user_id, None)
            elif parts_sent.get(user_id):
                # Part of it arrived: sending it all again later would repeat that part
                # (every five minutes, for a part Telegram keeps refusing). The day counts
                # as served; /today shows the whole agenda.
                log.warning("digest for user %d arrived only in part", user_id)
                await served()
            else:  # nothing went out: try the whole digest again later
                await self.repo.schedule(user_id, self._clock.now() + RETRY_AFTER)

        await self._sender.send_many(outgoing, on_delivery=record)
        return delivered
