"""Capture as a service: parse a message, attribute it, store it, change it later.

Handlers call this; it calls the pure parser (`bot.capture`) and the repositories.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.capture import Capture, ClientRef, Kind, match_client, parse_capture
from bot.client_fields import name_clash
from bot.clock import Clock
from bot.dates import NamedDay, day_named, find_date, names_past_day
from bot.deadlines import (
    business_calendar,
    dates_in_new_zone,
    internal_for_client_date,
    promise,
)
from bot.models import Client, Item, ItemKind, ItemSource, ItemStatus, NewItem, User
from bot.recurrence import Recurrence, RecurrenceMatch, find_recurrence
from storage.calls import CallRepository, PromptRepository
from storage.clients import ClientRepository
from storage.forwards import FORWARD_CHAT, LoggedForward
from storage.items import ItemRepository
from storage.reminders import RecurringRow, ReminderRepository

CALL_IDLE_LIMIT = timedelta(hours=2)
# A forwarded file an item keeps, as a typed one would (a sticker is not kept).
FORWARDED_FILES = {"photo", "document", "voice", "video", "audio", "video_note", "animation"}


def _without_prefix(text: str, prefix: str | None) -> str:
    """The message as the title when nothing but a date was left of it ("Acme: due Dec
    4"): without its "Acme:", which the card shows as the client already."""
    whole = text.strip()
    if prefix is None or not whole.startswith(prefix):
        return whole
    return whole[len(prefix) :].lstrip(" \t:—–-,") or whole


def _id(client: ClientRef | None) -> int | None:
    return client.id if client is not None else None


PROMPT_TTL = timedelta(minutes=15)
# An answer to "send the new date" is a date and at most this many other words;
# anything longer is a new message that happens to carry a date, captured as usual.
ANSWER_EXTRA_WORDS = 2
# A moved date further ahead than this, its year not typed, went round the year.
_SLIP_AHEAD = timedelta(days=300)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b|\d{1,2}[./]\d{1,2}[./]\d{2}\b")
# "When is it due?" answered "asap": by the end of today, which "today" reads as.
_AS_SOON_AS_POSSIBLE = re.compile(
    r"(?:asap|a\.s\.a\.p\.?|as\s+soon\s+as\s+possible|срочно|как\s+можно\s+(?:скорее|быстрее)"
    r"|побыстрее|поскорее)[.!]*",
    re.IGNORECASE,
)
# Said to "send the new date" by someone who changed their mind.
_KEEP_DATE = re.compile(
    r"(?:отмена|отменить|не\s+надо|оставь(?:те)?(?:\s+как\s+есть)?|нет|cancel|never\s*mind|no"
    r"|keep(?:\s+it)?|leave\s+it)[.!]?",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Media:
    """A file attached to the message: Telegram's reference and what it is."""

    file_id: str
    file_type: str  # photo, document, voice, video, audio, video_note
    source: ItemSource


@dataclass(frozen=True, slots=True)
class Captured:
    item: Item
    created: bool  # False when Telegram delivered the same message again
    problems: tuple[str, ...] = ()
    suggestions: list[Client] = field(default_factory=list)  # recent clients, for the Inbox
    call_over: str | None = None  # the client of a call this message found run out


@dataclass(frozen=True, slots=True)
class DateAnswer:
    """The answer to "send the new date": the item with its new date, or as it was."""

    item: Item
    reopened: bool = False  # it was done: a new date means it is not, so it is open again
    unusable: bool = False  # no date that can be used: the item is as it was, still asked
    kept: bool = False  # "отмена", "cancel": the date stays, the question is gone


@dataclass(frozen=True, slots=True)
class CapturedRecurring:
    """A message that set up a recurring check-in rather than one item."""

    recurring: RecurringRow
    recurrence: Recurrence
    suggestions: list[Client] = field(default_factory=list)  # recent clients, for the Inbox
    created: bool = True  # False when Telegram delivered the same message again


class Notebook:
    def __init__(
        self,
        *,
        clients: ClientRepository,
        items: ItemRepository,
        calls: CallRepository,
        prompts: PromptRepository,
        reminders: ReminderRepository,
        clock: Clock,
        default_country: str | None = None,
        on_timers_changed: Callable[[datetime | None], None] = lambda due: None,
    ) -> None:
        self.clients = clients
        self.items = items
        self.calls = calls
        self.prompts = prompts
        self.reminders = reminders
        self._clock = clock
        self._default_country = default_country
        # Tells the reminder pump that the earliest due time may have moved: with a
        # moment, "a reminder now falls due then" (nothing else moved); None, "anything
        # may have moved".
        self._timers_changed = on_timers_changed

    def now(self) -> datetime:
        return self._clock.now()

    async def _parse(self, user: User, text: str, forced: Kind | None) -> Capture:
        return parse_capture(
            text,
            now=self.now(),
            tz=user.tz,
            clients=await self.clients.index(user.user_id),
            forced_kind=forced,
            end_of_day=user.end_of_day,
            workday=self._workday(user),
        )

    def _workday(self, user: User) -> Callable[[date], bool]:
        """The user's working days, the holidays of their country (or the default) off."""
        return business_calendar(user, self._default_country).is_business_day

    async def _client(self, user: User, client_id: int | None) -> Client | None:
        return await self.clients.get(user.user_id, client_id) if client_id is not None else None

    async def promise_for(
        self, user: User, kind: ItemKind, due: datetime | None, client_id: int | None
    ) -> datetime | None:
        """The padded client-facing date a deadline gets (None for other kinds)."""
        if kind != "deadline" or due is None:
            return None
        return promise(
            due,
            self.now(),
            user=user,
            client=await self._client(user, client_id),
            default_country=self._default_country,
        )

    async def call_client(self, user_id: int, now: datetime) -> int | None:
        """The client of the call in progress, which a forward keeps going; None for none.
        A call run out is left for the next typed message to end, which says so."""
        return (await self._call(user_id, now, end_run_out=False))[0]

    async def _call(
        self, user_id: int, now: datetime, *, end_run_out: bool = True
    ) -> tuple[int | None, str | None]:
        """The client of the call going on, kept going by this message; and the client
        of a call that has just run out (two hours without a message), ended here to be
        told."""
        call = await self.calls.get(user_id)
        if call is None:
            return None, None
        if now - call.last_activity_at > CALL_IDLE_LIMIT:
            if not end_run_out:
                return None, None
            await self.calls.end(user_id)
            return None, call.client_name
        await self.calls.touch(user_id, now)
        return call.client_id, None

    async def capture(
        self,
        user: User,
        text: str,
        *,
        chat_id: int,
        message_id: int,
        forced_kind: ItemKind | None = None,
        media: Media | None = None,
        fallback_title: str = "",
    ) -> Captured | CapturedRecurring:
        if forced_kind in (None, "reminder") and media is None:
            recurring = await self._capture_recurring(user, text, chat_id, message_id)
            if recurring is not None:
                return recurring
        return await self._capture_item(
            user,
            text,
            chat_id=chat_id,
            message_id=message_id,
            forced_kind=forced_kind,
            media=media,
            fallback_title=fallback_title,
        )

    async def _capture_item(
        self,
        user: User,
        text: str,
        *,
        chat_id: int,
        message_id: int,
        forced_kind: ItemKind | None,
        media: Media | None = None,
        fallback_title: str = "",
        during_call: bool = True,
    ) -> Captured:
        """`during_call`: a new message, which the current call's client may claim; an
        edit is not one (it keeps the client of what it was)."""
        now = self.now()
        parsed = await self._parse(user, text, forced_kind)
        # Any message during a call keeps it going, whichever client it names.
        call_client, call_over = (
            await self._call(user.user_id, now) if during_call else (None, None)
        )
        client_id = parsed.client.id if parsed.client else None
        hint = None
        title = parsed.title or fallback_title or _without_prefix(text, parsed.client_prefix)
        if client_id is None:
            hint = parsed.client_tag or parsed.client_prefix
            if hint is not None and call_client is not None and parsed.client_tag is None:
                # "Бюджет: согласовали 500 тысяч" during a call with Ромашка: an unknown
                # "Name:" is a heading there, not a new client (a #tag still is one).
                hint, client_id = None, call_client
                title = f"{parsed.client_prefix}: {title}"
            elif hint is None:
                client_id = call_client or _id(parsed.mentioned)
        item, created = await self.items.add(
            NewItem(
                user_id=user.user_id,
                kind=parsed.kind,
                title=title,
                text=text,
                chat_id=chat_id,
                message_id=message_id,
                created_at=now,
                client_id=client_id,
                client_hint=hint,
                due_at=parsed.due,
                has_time=parsed.has_time,
                source=media.source if media else "typed",
                file_id=media.file_id if media else None,
                file_type=media.file_type if media else None,
                client_due_at=await self.promise_for(user, parsed.kind, parsed.due, client_id),
            )
        )
        first = self.items.first_reminder(item) if created else None
        if first is not None:
            self._timers_changed(first)
        outcome = await self._outcome(user, item, created, parsed.problems)
        return replace(outcome, call_over=call_over) if call_over else outcome

    async def _capture_recurring(
        self, user: User, text: str, chat_id: int, message_id: int
    ) -> CapturedRecurring | None:
        match = find_recurrence(text)
        if match is None:
            return None
        parsed = await self._parse(user, match.text_without or text, "note")
        client_id = (
            parsed.client.id
            if parsed.client
            else await self.call_client(user.user_id, self.now()) or _id(parsed.mentioned)
        )
        first = match.recurrence.next_after(self.now(), user.tz)
        recurring_id, created = await self.reminders.add_recurring(
            user_id=user.user_id,
            client_id=client_id,
            title=parsed.title or match.text_without or text,
            rule=match.recurrence.to_rule(),
            chat_id=chat_id,
            message_id=message_id,
            first_at=first,
            now=self.now(),
        )
        if created:
            self._timers_changed(first)
        # Stopped too: delivered again after a delete, the message is still that rule's.
        rows = await self.reminders.recurring(user.user_id, recurring_id, stopped=True)
        if not rows:
            return None
        suggestions = await self.clients.recent(user.user_id) if client_id is None else []
        return CapturedRecurring(rows[0], match.recurrence, suggestions, created)

    async def _outcome(
        self, user: User, item: Item, created: bool, problems: tuple[str, ...]
    ) -> Captured:
        suggestions: list[Client] = []
        if item.client_id is None:
            suggestions = await self.clients.recent(user.user_id)
        return Captured(item=item, created=created, problems=problems, suggestions=suggestions)

    async def reparse(
        self,
        user: User,
        chat_id: int,
        message_id: int,
        text: str,
        *,
        forced_kind: ItemKind | None = None,
        media: Media | None = None,
        fallback_title: str = "",
    ) -> Captured | CapturedRecurring | None:
        """The user edited their message: read it again and update what it made.

        An open item stays an item, or becomes a recurring check-in if the edit reads as
        one (the item is deleted); a rule takes the new schedule, or, when the edit no
        longer reads as one, stops and the text becomes an item (the one it was, open
        again). A done item stays a done item: it is not turned into a rule, so nothing
        is lost when the edit is undone. Either way the same confirmation shows the
        result. None when the message made nothing still kept (deleted, or stopped by
        the user). The current call's client plays no part: an edit keeps the client it
        had, unless it tags or newly names another. `media`: the file the edited message
        carries now (Telegram lets a file be replaced), `fallback_title` its title when
        the caption is gone.
        """
        found = await self.items.by_message(user.user_id, chat_id, message_id)
        rule = await self.reminders.recurring_by_message(user.user_id, chat_id, message_id)
        item = found if found is not None and found.status != "deleted" else None
        if item is None and (rule is None or not rule.active):
            return None
        if (
            item is not None
            and media is not None
            and text == item.text
            and forced_kind in (None, item.kind)
        ):
            # Only the file was replaced: what the buttons set (kind, date, client) stays,
            # and relative dates are not read again from a later "now".
            await self.items.replace_file(
                user.user_id, item.id, media.file_id, media.file_type, self.now()
            )
            replaced = await self.items.get(user.user_id, item.id)
            assert replaced is not None
            return await self._outcome(user, replaced, False, ())
        match = None
        if forced_kind in (None, "reminder") and (
            item is None or (item.file_id is None and item.status == "open")
        ):
            match = find_recurrence(text)
        if match is not None:
            return await self._into_recurring(
                user, text, match, rule, item, chat_id=chat_id, message_id=message_id
            )
        if item is not None:
            return await self._reparse_item(
                user,
                item,
                text,
                forced_kind,
                previous=item.client_id,
                previous_text=item.text,
                media=media,
                fallback_title=fallback_title,
            )
        assert rule is not None
        # No longer a schedule: the rule stops and the text is captured as an item.
        await self.reminders.cancel_recurring(user.user_id, rule.id)
        self._timers_changed(None)
        if found is None:
            captured = await self._capture_item(
                user,
                text,
                chat_id=chat_id,
                message_id=message_id,
                forced_kind=forced_kind,
                during_call=False,
            )
            found = captured.item
        else:
            # It was an item before it was the rule: that item comes back (only an open
            # item becomes a rule, so open is what it was).
            await self.items.set_status(user.user_id, found.id, "open", self.now())
        if rule.reply_message_id is not None:
            self.items.note_reply(user.user_id, found.id, rule.reply_message_id)
        reopened = await self.items.get(user.user_id, found.id)
        assert reopened is not None
        # Read as an edit of the rule: the client the rule was filed under (or the
        # Inbox) stays, unless the edit tags or newly names another.
        return await self._reparse_item(
            user, reopened, text, forced_kind, previous=rule.client_id, previous_text=rule.title
        )

    async def _reparse_item(
        self,
        user: User,
        item: Item,
        text: str,
        forced_kind: ItemKind | None,
        *,
        previous: int | None,
        previous_text: str,
        media: Media | None = None,
        fallback_title: str = "",
    ) -> Captured:
        """`previous` is the client the edited message had (None: the Inbox), named in
        `previous_text` or not: the client follows an edit as a rule's does."""
        parsed = await self._parse(user, text, forced_kind)
        client_id = await self._edited_client(user, parsed, previous, previous_text)
        hint = None if parsed.client else (parsed.client_tag or parsed.client_prefix)
        if hint is not None:
            client_id = None
        # A done item edited to a new date still ahead is work to do again, as a Move
        # makes it: else the reply would promise a reminder that never comes. An edit
        # of its words alone leaves it done, and so does one into a schedule (a done
        # item does not become a rule, and its weekday is no new date).
        now = self.now()
        reopen = (
            item.status == "done"
            and parsed.due is not None
            and parsed.due != item.due_at
            and parsed.due > now
            and find_recurrence(text) is None
        )
        await self.items.replace_content(
            user.user_id,
            item.id,
            kind=parsed.kind,
            title=parsed.title or fallback_title or text.strip(),
            text=text,
            client_id=client_id,
            client_hint=hint,
            due=parsed.due,
            has_time=parsed.has_time,
            client_due=await self.promise_for(user, parsed.kind, parsed.due, client_id),
            now=now,
            file=(media.file_id, media.file_type) if media else None,
            reopen=reopen,
        )
        self._timers_changed(None)
        updated = await self.items.get(user.user_id, item.id)
        assert updated is not None
        return await self._outcome(user, updated, False, parsed.problems)

    async def _into_recurring(
        self,
        user: User,
        text: str,
        match: RecurrenceMatch,
        rule: RecurringRow | None,
        item: Item | None,
        *,
        chat_id: int,
        message_id: int,
    ) -> CapturedRecurring | None:
        """An edit that reads as a recurring check-in: the message's rule, re-armed.

        `item` is what the message was until now (deleted here), else the rule was;
        a rule stopped when its message became that item runs again.
        """
        parsed = await self._parse(user, match.text_without or text, "note")
        title = parsed.title or match.text_without or text
        if item is not None:
            client_id = await self._edited_client(user, parsed, item.client_id, item.text)
            reply = item.reply_message_id
        else:
            assert rule is not None
            client_id = await self._edited_client(user, parsed, rule.client_id, rule.title)
            reply = rule.reply_message_id
        first = match.recurrence.next_after(self.now(), user.tz)
        if rule is None:
            recurring_id, _ = await self.reminders.add_recurring(
                user_id=user.user_id,
                client_id=client_id,
                title=title,
                rule=match.recurrence.to_rule(),
                chat_id=chat_id,
                message_id=message_id,
                first_at=first,
                now=self.now(),
            )
            if reply is not None:
                await self.reminders.note_recurring_reply(user.user_id, recurring_id, reply)
        else:
            recurring_id = rule.id
            if not await self.reminders.replace_recurring(
                user.user_id,
                rule.id,
                client_id=client_id,
                title=title,
                rule=match.recurrence.to_rule(),
                next_at=first,
                reply_message_id=reply,
            ):
                return None  # its client went meanwhile: nothing changed, try again
        if item is not None:
            await self.items.set_status(user.user_id, item.id, "deleted", self.now())
        self._timers_changed(None)
        row = await self.recurring(user, recurring_id)
        if row is None:
            return None
        suggestions = await self.clients.recent(user.user_id) if row.client_id is None else []
        return CapturedRecurring(row, match.recurrence, suggestions, created=False)

    async def _edited_client(
        self, user: User, parsed: Capture, previous: int | None, previous_text: str
    ) -> int | None:
        """The client after an edit: a tag or prefix, else a newly named client, else the
        one it had (a client chosen with a button survives an edit that names the old one)."""
        if parsed.client is not None:
            return parsed.client.id
        mentioned = _id(parsed.mentioned)
        if mentioned is None or mentioned == previous:
            return previous
        if previous is not None:
            before = await self._parse(user, previous_text, "note")
            if _id(before.mentioned) == mentioned:
                return previous
        return mentioned

    async def item(self, user: User, item_id: int) -> Item | None:
        """The user's own item, or None (someone else's, deleted for good, forged id)."""
        return await self.items.get(user.user_id, item_id)

    async def set_kind(self, user: User, item_id: int, kind: ItemKind) -> Item | None:
        item = await self.item(user, item_id)
        if item is None:
            return None
        client_due = await self.promise_for(user, kind, item.due_at, item.client_id)
        await self.items.set_kind(user.user_id, item_id, kind, self.now(), client_due=client_due)
        self._timers_changed(None)
        return await self.item(user, item_id)

    async def set_client(self, user: User, item_id: int, client_id: int | None) -> Item | None:
        if client_id is not None and await self.clients.get(user.user_id, client_id) is None:
            return None
        await self.items.set_client(user.user_id, item_id, client_id, self.now())
        return await self.item(user, item_id)

    async def create_client_for(self, user: User, item_id: int) -> Item | None:
        """Answer to "New client «X»?": create X from the item's hint and file the item."""
        item = await self.item(user, item_id)
        if item is None or not item.client_hint:
            return None
        client = await self.clients.create(user.user_id, item.client_hint, self.now())
        return await self.set_client(user, item_id, client.id)

    async def set_status(self, user: User, item_id: int, status: ItemStatus) -> Item | None:
        await self.items.set_status(user.user_id, item_id, status, self.now())
        self._timers_changed(None)
        return await self.item(user, item_id)

    async def snooze(self, user: User, item_id: int, until: datetime) -> Item | None:
        item = await self.item(user, item_id)
        if item is None or item.status != "open":
            return None
        await self.reminders.snooze(user.user_id, item_id, until)
        self._timers_changed(None)
        return item

    async def use_as_client_date(self, user: User, item_id: int) -> Item | None:
        """The date in the message was the client's: work the team deadline out backwards.

        None when the client's date is too close for any padding to fit.
        """
        item = await self.item(user, item_id)
        if item is None or item.due_at is None:
            return None
        client_date = item.due_at
        internal = internal_for_client_date(
            client_date,
            self.now(),
            user=user,
            client=await self._client(user, item.client_id),
            default_country=self._default_country,
        )
        if internal is None:
            return None
        await self.items.set_due(
            user.user_id,
            item_id,
            internal,
            True,
            self.now(),
            client_due=client_date,
            client_due_manual=True,
        )
        await self.items.set_kind(user.user_id, item_id, "deadline", self.now())
        self._timers_changed(None)
        return await self.item(user, item_id)

    async def ask_date(self, user: User, item_id: int) -> None:
        await self.prompts.set(user.user_id, "date", item_id, self.now())

    async def pending_date_item(self, user: User) -> int | None:
        prompt = await self.prompts.get(user.user_id)
        if prompt is None or prompt.action != "date" or prompt.item_id is None:
            return None
        if self.now() - prompt.created_at > PROMPT_TTL:
            await self.prompts.clear(user.user_id)
            return None
        return prompt.item_id

    async def answer_date(
        self, user: User, item_id: int, text: str, message_id: int
    ) -> DateAnswer | None:
        """The reply to "send the new date" (message `message_id`); None when the text is
        not that answer."""
        if _KEEP_DATE.fullmatch(text.strip()):
            item = await self.item(user, item_id)
            await self.prompts.clear(user.user_id, answered_by=message_id)
            return DateAnswer(item, kept=True) if item is not None else None
        match = find_date(
            "today" if _AS_SOON_AS_POSSIBLE.fullmatch(text.strip()) else text,
            now=self.now(),
            tz=user.tz,
            end_of_day=user.end_of_day,
            workday=self._workday(user),
        )
        if match.due is not None and len(match.text_without.split()) > ANSWER_EXTRA_WORDS:
            return None
        # No date: an answer only if it tried to be one ("31.02", "yesterday"); "ok
        # thanks", "Globex invoice paid" are messages of their own, kept as ever.
        tried = bool(match.problems) or names_past_day(text)
        if match.due is None and (not tried or len(text.split()) > ANSWER_EXTRA_WORDS + 1):
            return None
        item = await self.item(user, item_id)
        if item is None or item.status == "deleted":
            # Deleted while the question waited (or turned into a recurring rule by an
            # edit): the text is a message of its own.
            return None
        # "20.11" sent on the 25th reads as next year's: as a new date for work already
        # in hand that is a slip, not a plan, unless the year is typed.
        next_year = (
            match.due is not None
            and match.due - self.now() > _SLIP_AHEAD
            and not _YEAR.search(text)
        )
        if match.due is None or match.due <= self.now() or next_year:
            # A short reply with no date we can use ("31.02", "yesterday") was meant as
            # the answer: filed as a note it would be junk in the Inbox and the move
            # silently lost. The question stands, asked afresh: the date it asks for may
            # come a minute later. Only replies that try to be dates keep it going.
            await self.ask_date(user, item_id)
            return DateAnswer(item, unusable=True)
        await self.prompts.clear(user.user_id, answered_by=message_id)
        kind: ItemKind = "deadline" if item.kind in ("note", "request") else item.kind
        client_due = await self.promise_for(user, kind, match.due, item.client_id)
        if kind != item.kind:
            await self.items.set_kind(user.user_id, item_id, kind, self.now())
        # A move re-pads: the promise follows the new team deadline. A done item given a
        # new date is work still to do (marked done by mistake, or the client came back
        # with more): it opens again, or it would show a date nobody is reminded of.
        reopened = item.status == "done"
        await self.items.set_due(
            user.user_id,
            item_id,
            match.due,
            match.has_time,
            self.now(),
            client_due=client_due,
            reopen=reopened,
        )
        self._timers_changed(None)
        moved = await self.item(user, item_id)
        return DateAnswer(moved, reopened) if moved is not None else None

    async def change_timezone(self, user: User, zone: ZoneInfo) -> None:
        """Keep every date still ahead at the same wall-clock time in the new zone.

        Dates typed before the zone was right ("tomorrow 10:00" read as UTC) were meant
        in local time, so they move with it; what was already reminded of or is past
        stays (`dates_in_new_zone`), and so do snoozes. A recurring check-in keeps the
        day of its next occurrence, so today's, once sent, does not come again today.
        """
        old, now = user.tz, self.now()
        sent = await self.reminders.sent_for_open_items(user.user_id)
        for item in await self.items.open_dated(user.user_id):
            due, client_due = dates_in_new_zone(
                item, old=old, new=zone, now=now, sent=sent.get(item.id, set())
            )
            if (due, client_due) == (item.due_at, item.client_due_at):
                continue
            await self.items.set_due(
                user.user_id,
                item.id,
                due,
                item.has_time,
                now,
                client_due=client_due,
                client_due_manual=item.client_due_manual,
                snoozes_stay=True,
            )
        for row in await self.reminders.recurring(user.user_id):
            rule = Recurrence.from_rule(row.rule)
            at = (
                rule.in_new_zone(row.next_at, old=old, new=zone, now=now)
                if row.next_at is not None
                else rule.next_after(now, zone)
            )
            await self.reminders.reschedule_recurring(user.user_id, row.id, at)
        self._timers_changed(None)

    async def add_from_forward(
        self, user: User, forward: LoggedForward, kind: ItemKind
    ) -> Item | None:
        """A proposal tapped on a forwarded chat: the client's words become an item.

        For a deadline the date in the message is the client's: the team deadline is
        worked out backwards from it. None when that date is too close for padding. The
        item goes where the sender is filed, else where their conversation went (a call's
        client), and keeps the forwarded file."""
        parsed = parse_capture(
            forward.text, now=forward.origin_date, tz=user.tz, workday=self._workday(user)
        )
        client_id = forward.origin_client_id or forward.conversation_client_id
        kept = forward.file_id is not None and forward.media_type in FORWARDED_FILES
        due = client_due = None
        if kind == "deadline" and parsed.due is not None:
            client_due = parsed.due
            due = internal_for_client_date(
                parsed.due,
                self.now(),
                user=user,
                client=await self._client(user, client_id),
                default_country=self._default_country,
            )
            if due is None:
                return None
        item, created = await self.items.add(
            NewItem(
                user_id=user.user_id,
                kind=kind,
                title=parsed.title or forward.text[:200],
                text=forward.text,
                # Keyed by the forward, so a second tap does not add it twice.
                chat_id=FORWARD_CHAT,
                message_id=forward.id,
                created_at=self.now(),
                client_id=client_id,
                due_at=due,
                has_time=parsed.has_time,
                source="forwarded",
                file_id=forward.file_id if kept else None,
                file_type=forward.media_type if kept else None,
                client_due_at=client_due,
                client_due_manual=client_due is not None,
                origin_sender=forward.sender_name,
                origin_date=forward.origin_date,
            )
        )
        if created:
            self._timers_changed(None)
        return item

    async def recurring(self, user: User, recurring_id: int) -> RecurringRow | None:
        """The user's own rule, stopped or not; None for another user's or a forged id."""
        rows = await self.reminders.recurring(user.user_id, recurring_id, stopped=True)
        return rows[0] if rows else None

    async def stop_recurring(self, user: User, recurring_id: int) -> bool:
        stopped = await self.reminders.cancel_recurring(user.user_id, recurring_id)
        self._timers_changed(None)
        return stopped

    async def snooze_recurring(self, user: User, recurring_id: int, until: datetime) -> bool:
        """The check-in once more at `until`; False when the rule is gone or stopped."""
        if not await self.reminders.snooze_recurring(user.user_id, recurring_id, until):
            return False
        self._timers_changed(until)
        return True

    async def resume_recurring(self, user: User, recurring_id: int) -> RecurringRow | None:
        """Undo a stop: the rule runs again from its next occurrence after now.

        None when the rule is not the user's; an active one is returned as it is.
        """
        row = await self.recurring(user, recurring_id)
        if row is None or row.active:
            return row
        at = Recurrence.from_rule(row.rule).next_after(self.now(), user.tz)
        if await self.reminders.resume_recurring(user.user_id, recurring_id, at):
            self._timers_changed(at)
        return await self.recurring(user, recurring_id)

    async def set_recurring_client(
        self, user: User, recurring_id: int, client_id: int | None
    ) -> RecurringRow | None:
        """File an active rule under one of the user's clients (None: the Inbox)."""
        if client_id is not None and await self.clients.get(user.user_id, client_id) is None:
            return None
        if not await self.reminders.set_recurring_client(user.user_id, recurring_id, client_id):
            return None
        return await self.recurring(user, recurring_id)

    async def cancel_prompt(self, user: User) -> None:
        await self.prompts.clear(user.user_id)

    async def name_taken(
        self, user: User, client: Client, name: str, *, alias: bool = False
    ) -> str | None:
        """Who already answers to `name`, which `client` wants as its name or an alias:
        another client's name (a name or alias belongs to one client only), or for an
        alias the client's own; None when it is free."""
        refs = [ClientRef(c.id, c.name, c.aliases) for c in await self.clients.all(user.user_id)]
        own = [ref for ref in refs if ref.id == client.id]
        if alias and name_clash(name, own) is not None:
            return client.name
        other = name_clash(name, [ref for ref in refs if ref.id != client.id])
        return other.name if other is not None else None

    async def rename_client(self, user: User, client: Client, name: str) -> str | None:
        """Rename `client`; None when done, else who already answers to that name."""
        taken = await self.name_taken(user, client, name)
        if taken is not None:
            return taken
        if not await self.clients.rename(user.user_id, client.id, name):
            return name  # taken meanwhile, by that very name
        return None

    def day_searched(self, user: User, text: str) -> NamedDay | None:
        """The day a search names, read in the user's zone and calendar."""
        return day_named(
            text,
            now=self.now(),
            tz=user.tz,
            end_of_day=user.end_of_day,
            workday=self._workday(user),
        )

    async def find_client(self, user: User, name: str) -> Client | None:
        """The user's client by name or alias, or a name of several words by its first
        ("Альфа" for «Альфа Банк», when no other client's name starts so), one typo
        forgiven."""
        ref = match_client(name, await self.clients.index(user.user_id), first_word=True)
        return await self.clients.get(user.user_id, ref.id) if ref is not None else None

    async def start_call(self, user: User, name: str) -> tuple[Client, bool]:
        """Start a call with a known client (typos forgiven) or a new one; (client, created)."""
        found = await self.find_client(user, name)
        created = found is None
        client = found or await self.clients.create(user.user_id, name, self.now())
        await self.calls.start(user.user_id, client.id, self.now())
        # A call is a contact: the client is not "quiet" in the digest, nor "never" on the card.
        await self.clients.contacted(user.user_id, client.id, self.now())
        return client, created

    async def end_call(self, user: User) -> tuple[str, bool] | None:
        """The client of the call ended, and whether it had already run out by itself."""
        call = await self.calls.get(user.user_id)
        if call is None:
            return None
        await self.calls.end(user.user_id)
        return call.client_name, self.now() - call.last_activity_at > CALL_IDLE_LIMIT
