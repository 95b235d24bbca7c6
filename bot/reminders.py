"""The reminder pump: one scheduler job that wakes at the earliest due row and sends.

The rows in `reminders` are the truth. APScheduler holds a single date job, re-armed
after every run and whenever an item changes, so a restart rebuilds nothing: the
first run after start finds whatever fell due while the bot was down and sends it,
marked late. A row is marked sent only once Telegram accepted the message.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.callbacks import RecurringAction, ReminderAction
from bot.clock import Clock
from bot.deadlines import CLIENT_HEADS_UP
from bot.i18n import Html, Translator, format_when, translator
from bot.logs import log_failure
from bot.models import Item, ReminderKind
from bot.recurrence import Recurrence
from bot.sender import Delivery, DeliveryStatus, Outgoing, Sender
from bot.timers import Tasks, arm
from bot.views import shorten
from storage.items import ItemRepository
from storage.reminders import RecurringRow, ReminderRepository, ReminderRow
from storage.users import UserRepository

log = logging.getLogger(__name__)

JOB_ID = "reminders"
LATE_AFTER = timedelta(minutes=1)
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30))
BATCH = 500


# Why a reminder arrives late, as far as the pump can tell: Telegram refused an earlier
# attempt (errors; the row counts them), it fell due before this process started (the
# bot was down), or neither (a user who had blocked the bot and came back, a long run):
# then the line says only that it is late, blaming no one.
LateCause = Literal["undelivered", "offline", "unknown"]
_LATE_KEYS: dict[LateCause, str] = {
    "undelivered": "reminders.late_undelivered",
    "offline": "reminders.late_offline",
    "unknown": "reminders.late",
}


def late_cause(row: ReminderRow, started_at: datetime) -> LateCause:
    if row.attempts > 0:
        return "undelivered"
    if row.due_at < started_at:
        return "offline"
    return "unknown"


def late_line(
    t: Translator, cause: LateCause, row: ReminderRow, *, now: datetime, tz: ZoneInfo
) -> Html:
    return t(_LATE_KEYS[cause], due=format_when(t, row.due_at, now, tz))


def reminder_keyboard(t: Translator, item: Item) -> InlineKeyboardMarkup:
    def button(text: str, action: str) -> InlineKeyboardButton:
        data = ReminderAction(action=action, item_id=item.id).pack()
        return InlineKeyboardButton(text=text, callback_data=data)

    rows = [
        [button(t("reminders.done"), "done"), button(t("reminders.snooze_hour"), "hour")],
        [button(t("reminders.snooze_tomorrow"), "tomorrow")],
    ]
    if item.kind == "deadline":
        rows[1].append(button(t("reminders.move"), "move"))
    return InlineKeyboardMarkup(inline_keyboard=rows)


def shown_as(kind: ReminderKind, item: Item, now: datetime) -> ReminderKind:
    """What a reminder of `kind` says about the item.

    A snooze puts off what the user was told, so it comes back saying it again: the
    promise to the client once its heads-up is due, else the team deadline once it is
    reached (no row records which message was snoozed: the item's dates tell).
    """
    if kind != "snooze" or item.kind != "deadline":
        return kind
    if item.client_due_at is not None and now >= item.client_due_at - CLIENT_HEADS_UP:
        return "client"
    if item.due_at is not None and now >= item.due_at:
        return "internal"
    return kind


def recurring_keyboard(t: Translator, recurring: RecurringRow) -> InlineKeyboardMarkup:
    """A check-in's occurrence: put it off, or stop the rule (undone as in /recurring)."""

    def button(text: str, action: str) -> InlineKeyboardButton:
        data = RecurringAction(action=action, recurring_id=recurring.id).pack()
        return InlineKeyboardButton(text=text, callback_data=data)

    return InlineKeyboardMarkup(
        inline_keyboard=[
            [
                button(t("reminders.snooze_hour"), "hour"),
                button(t("reminders.snooze_tomorrow"), "tomorrow"),
            ],
            [button(t("reminders.stop"), "stop")],
        ]
    )


def reminder_text(
    t: Translator,
    row: ReminderRow,
    item: Item,
    *,
    now: datetime,
    tz: ZoneInfo,
    late: LateCause | None,
) -> Html:
    client = item.client_name or t("capture.inbox")
    title = shorten(item.title, 200)
    kind = shown_as(row.kind, item, now)
    if kind == "internal":
        text = t("reminders.internal", title=title, client=client)
        if item.client_due_at is not None:
            # Without a client the Inbox is no one to promise to: "the client" it is.
            key = "reminders.promised" if item.client_name else "reminders.promised_no_client"
            text = Html(
                text + t(key, client=client, due=format_when(t, item.client_due_at, now, tz))
            )
    elif kind == "client" and item.client_due_at is not None:
        key = "reminders.client" if item.client_name else "reminders.client_no_client"
        text = t(key, title=title, client=client, due=format_when(t, item.client_due_at, now, tz))
    else:
        text = t("reminders.plain", title=title, client=client)
        if item.due_at is not None and item.kind == "deadline":
            text = Html(text + t("capture.due", due=format_when(t, item.due_at, now, tz)))
    if late is not None:
        text = Html(late_line(t, late, row, now=now, tz=tz) + text)
    return text


def snoozed_text(
    t: Translator, shown: str, until: datetime, *, now: datetime, tz: ZoneInfo
) -> Html:
    """The reminder as the user sees it (`shown`, HTML), with when it will come again.

    The toast after the button is gone in a second; the line stays with the message.
    """
    return Html(shown + t("reminders.snoozed_line", due=format_when(t, until, now, tz)))


def recurring_text(
    t: Translator,
    row: ReminderRow,
    recurring: RecurringRow,
    *,
    now: datetime,
    tz: ZoneInfo,
    late: LateCause | None,
) -> Html:
    rule = Recurrence.from_rule(recurring.rule)
    text = t(
        "reminders.recurring",
        title=shorten(recurring.title, 200),
        client=recurring.client_name or t("capture.inbox"),
        rule=rule.describe(t.language),
    )
    if late is not None:
        text = Html(late_line(t, late, row, now=now, tz=tz) + text)
    return text


class ReminderPump:
    def __init__(
        self,
        *,
        reminders: ReminderRepository,
        items: ItemRepository,
        users: UserRepository,
        sender: Sender,
        clock: Clock,
        scheduler: AsyncIOScheduler,
        default_timezone: str,
    ) -> None:
        self._reminders = reminders
        self._items = items
        self._users = users
        self._sender = sender
        self._clock = clock
        self._scheduler = scheduler
        self._default_tz = default_timezone
        self._lock = asyncio.Lock()
        self._tasks = Tasks()
        self._run_started = clock.now()
        # A reminder due before this moment fell due while no bot was running.
        self._started_at = clock.now()
        # When the armed job fires (our clock), None when none is armed or it has fired;
        # and how many re-arms are under way (their reads may predate a new row).
        self._armed_at: datetime | None = None
        self._rearming = 0

    async def start(self) -> None:
        await self.rearm()

    async def stop(self) -> None:
        """Let a run in progress finish (it is marking rows sent), then stop arming."""
        await self._tasks.stop()
        async with self._lock:
            pass

    def poke(self, due: datetime | None = None) -> None:
        """Reminder rows changed: re-arm soon (called from handlers).

        `due`: the only change is a new pending row due then. If the armed run comes no
        later, nothing moves: that run re-arms after itself and finds the row.
        """
        if (
            due is not None
            and self._armed_at is not None
            and due >= self._armed_at
            and not self._rearming
        ):
            return
        self._tasks.spawn(self.rearm())

    async def _wake(self) -> None:
        self._armed_at = None
        # The scheduler job only starts the run: a job still running when it is re-armed
        # would make APScheduler skip (and drop) the new run ("max instances reached").
        self._tasks.spawn(self.run_due())

    async def rearm(self) -> None:
        if self._tasks.stopping:
            return
        self._rearming += 1
        try:
            upcoming = await self._reminders.next_due()
        finally:
            self._rearming -= 1
        # From here to arming nothing awaits: no other re-arm can interleave.
        self._armed_at = upcoming
        arm(self._scheduler, JOB_ID, self._wake, upcoming, self._clock)

    async def run_due(self) -> int:
        """Send everything due now; return how many were delivered."""
        delivered = 0
        try:
            async with self._lock:
                # "Late" means due before this run began (the bot was down or busy),
                # not queued behind Telegram's rate limit within the run.
                self._run_started = self._clock.now()
                while not self._tasks.stopping:
                    now = self._clock.now()
                    rows = await self._reminders.due(now, BATCH)
                    if not rows:
                        break
                    delivered += await self._send(rows, now)
                    if len(rows) < BATCH:
                        break
        except Exception as exc:  # noqa: BLE001 - logged; the next run is armed below
            # Nobody awaits the task that ran us: log it here and keep reminders going.
            log_failure(log, "reminder run failed", exc)
        finally:
            await self.rearm()
        return delivered

    def _late(self, row: ReminderRow) -> bool:
        return self._run_started - row.due_at > LATE_AFTER

    async def _send(self, rows: Sequence[ReminderRow], now: datetime) -> int:
        items = await self._items.by_ids([row.item_id for row in rows if row.item_id is not None])
        recurring: dict[int, RecurringRow] = {}
        for row in rows:
            if row.recurring_id is not None and row.recurring_id not in recurring:
                found = await self._reminders.recurring(row.user_id, row.recurring_id)
                if found:
                    recurring[row.recurring_id] = found[0]
        by_key: dict[str, ReminderRow] = {}
        outgoing: list[Outgoing] = []
        for row in rows:
            message = self._compose(row, items, recurring, now)
            if message is None:
                await self._reminders.mark_failed(row.id)  # its item or rule is gone
                continue
            by_key[message.key or ""] = row
            outgoing.append(message)

        sent = 0

        async def record(delivery: Delivery) -> None:
            nonlocal sent
            row = by_key[delivery.outgoing.key or ""]
            if delivery.status is DeliveryStatus.SENT:
                sent += 1
                await self._mark_sent(row, delivery.message_id, recurring)
            elif delivery.status is DeliveryStatus.BLOCKED:
                # The user blocked the bot: stop, keep their reminders for when they return.
                await self._users.set_active(row.user_id, False)
            elif row.attempts < len(RETRY_DELAYS):
                await self._reminders.retry_later(
                    row.id, self._clock.now() + RETRY_DELAYS[row.attempts]
                )
            else:
                log.error("reminder %d failed for good: %s", row.id, delivery.error)
                await self._reminders.mark_failed(row.id)

        await self._sender.send_many(outgoing, on_delivery=record)
        return sent

    def _compose(
        self,
        row: ReminderRow,
        items: dict[int, Item],
        recurring: dict[int, RecurringRow],
        now: datetime,
    ) -> Outgoing | None:
        t = translator("ru" if row.language == "ru" else "en")
        tz = self._zone(row)
        late = late_cause(row, self._started_at) if self._late(row) else None
        if row.recurring_id is not None:
            rule = recurring.get(row.recurring_id)
            if rule is None:
                return None
            text = recurring_text(t, row, rule, now=now, tz=tz, late=late)
            return Outgoing(
                chat_id=row.user_id,
                text=text,
                reply_markup=recurring_keyboard(t, rule),
                key=str(row.id),
            )
        item = items.get(row.item_id or 0)
        if item is None or item.status != "open":
            return None
        return Outgoing(
            chat_id=row.user_id,
            text=reminder_text(t, row, item, now=now, tz=tz, late=late),
            reply_markup=reminder_keyboard(t, item),
            key=str(row.id),
        )

    def _zone(self, row: ReminderRow) -> ZoneInfo:
        return ZoneInfo(row.timezone or self._default_tz)

    async def _mark_sent(
        self, row: ReminderRow, message_id: int | None, recurring: dict[int, RecurringRow]
    ) -> None:
        now = self._clock.now()
        late = self._late(row)
        # A snoozed check-in (kind "snooze") is sent once: the rule's own next
        # occurrence is already armed.
        occurrence_of = (
            recurring.get(row.recurring_id)
            if row.kind == "recurring" and row.recurring_id is not None
            else None
        )
        if occurrence_of is not None:
            rule = Recurrence.from_rule(occurrence_of.rule)
            tz = self._zone(row)
            # The next occurrence after the later of "now" and this one: a check-in
            # missed during an outage is delivered once, not once per missed week.
            following = rule.next_after(max(now, row.due_at), tz)
            await self._reminders.sent_and_next(row.id, message_id, now, late, following)
        else:
            await self._reminders.mark_sent(row.id, row.due_at, message_id, now, late)
