"""Forwarded client chats become a conversation log per client.

Each forward is stored the moment it arrives. A burst (selecting 30 messages and
forwarding them arrives as 30 updates) becomes one conversation per client in it and
one reply once the user has been quiet for a moment; the timer only groups and replies, so a restart
mid-burst loses nothing: pending forwards are grouped at the next start.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import ForwardAction
from bot.capture import parse_capture, writer_will
from bot.clock import Clock
from bot.i18n import Html, Translator, format_clock, format_numeric, translator
from bot.models import Client, User
from bot.sender import Outgoing, Sender
from bot.timers import Tasks
from bot.views import button_names, shorten
from storage.clients import ClientRepository
from storage.forwards import Conversation, ForwardRepository, LoggedForward
from storage.users import UserRepository

log = logging.getLogger(__name__)

QUIET_SECONDS = 1.5
MAX_PROPOSALS = 3

# The client of the user's call in progress at that moment, None for none.
CallClient = Callable[[int, datetime], Awaitable[int | None]]


async def _no_call(user_id: int, now: datetime) -> int | None:
    return None


def attribute(
    messages: list[LoggedForward], call_client_id: int | None = None
) -> list[tuple[int | None, list[LoggedForward]]]:
    """Split a burst (in the order written) into a conversation per client.

    A sender the user assigned files their messages under their client. Forwards
    arrive chat by chat (select messages in Acme's chat, forward them, then Globex's),
    so a message nobody claims (the user's own, the team's) belongs with the claimed
    ones it arrived among: the last before it, else the first after it. So does a sender
    not yet known (a new colleague in Acme's chat); during a call they are the call's
    client's. Answering "Which client is …?" with another client takes their messages
    out to that client (`ForwardRepository.assign_origin`).
    """

    def claim(message: LoggedForward) -> int | None:
        if message.is_self or message.is_team:
            return None
        if message.origin_client_id is not None:
            return message.origin_client_id
        return call_client_id if message.origin_id is not None else None

    arrival = sorted(messages, key=lambda message: message.id)
    owner: dict[int, int | None] = {}
    previous: int | None = None
    for message in arrival:
        previous = claim(message) or previous
        owner[message.id] = previous
    following: int | None = None
    for message in reversed(arrival):
        following = claim(message) or following
        if owner[message.id] is None:
            owner[message.id] = following or call_client_id
    parts: dict[int | None, list[LoggedForward]] = {}
    for message in arrival:
        parts.setdefault(owner[message.id], [])
    for message in messages:
        parts[owner[message.id]].append(message)
    return list(parts.items())


def senders(t: Translator, conversation: Conversation) -> str:
    names: list[str] = []
    for message in conversation.messages:
        name = (
            str(t("forwards.you")) if message.is_self else (message.sender_name.split() or ["?"])[0]
        )
        if name not in names:
            names.append(name)
    return ", ".join(names[:5]) + (" …" if len(names) > 5 else "")


def span(t: Translator, conversation: Conversation, tz: ZoneInfo) -> Html:
    first, last = conversation.first_at.astimezone(tz), conversation.last_at.astimezone(tz)
    if first.date() == last.date():
        start, end = format_clock(t, first), format_clock(t, last)
        return start if start == end else t("forwards.span", start=start, end=end)
    return t(
        "forwards.span",
        start=format_numeric(t, "dates.short", first),
        end=format_numeric(t, "dates.short", last),
    )


def unknown_sender(conversations: Sequence[Conversation]) -> LoggedForward | None:
    """The first sender not yet assigned to a client or the team: asked about in every
    summary they are in until the user answers."""
    for conversation in conversations:
        for message in conversation.messages:
            if (
                message.origin_id is not None
                and message.origin_client_id is None
                and not message.is_team
                and not message.is_self
            ):
                return message
    return None


def _strangers(conversation: Conversation) -> set[int]:
    """The senders in a conversation not yet assigned to a client or the team."""
    return {
        message.origin_id
        for message in conversation.messages
        if message.origin_id is not None
        and message.origin_client_id is None
        and not message.is_team
        and not message.is_self
    }


def filed_by_call(conversation: Conversation) -> bool:
    """Filed under a client none of its senders is assigned to: the call's."""
    return conversation.client_id is not None and all(
        message.origin_client_id != conversation.client_id for message in conversation.messages
    )


def proposals(
    t: Translator, conversations: Sequence[Conversation], tz: ZoneInfo, now: datetime
) -> list[tuple[str, LoggedForward, str]]:
    """Items the client's own words suggest: (kind, message, label). Nothing is created here."""
    found: list[tuple[str, LoggedForward, str]] = []
    for message in (m for conversation in conversations for m in conversation.messages):
        if message.is_self or message.is_team or not message.text.strip():
            continue
        if writer_will(message.text):
            # The client's own promise ("we will pay next week"): no date of ours to pad.
            continue
        # A date the client gave is relative to when they said it.
        parsed = parse_capture(message.text, now=message.origin_date, tz=tz)
        title = shorten(parsed.title or message.text, 28)
        if parsed.due is not None and parsed.due > now:
            # The title tells two dated proposals apart; ids only in the callback data.
            date = format_numeric(t, "dates.short", parsed.due.astimezone(tz))
            found.append(
                ("deadline", message, t.plain("forwards.deadline_label", title=title, date=date))
            )
        elif parsed.kind == "request" or parsed.due is not None:
            # A date already gone (an old chat) is no deadline to promise any more, but
            # what was asked for may still be open.
            found.append(("request", message, shorten(parsed.title or message.text, 28)))
        if len(found) >= MAX_PROPOSALS:
            break
    return found


def summary_keyboard(
    t: Translator,
    conversations: Sequence[Conversation],
    tz: ZoneInfo,
    recent: list[Client],
    now: datetime,
) -> InlineKeyboardMarkup | None:
    rows: list[list[InlineKeyboardButton]] = []

    def button(text: str, action: str, ref: int, arg: int = 0) -> InlineKeyboardButton:
        data = ForwardAction(action=action, ref=ref, arg=arg).pack()
        return InlineKeyboardButton(text=text, callback_data=data)

    stranger = unknown_sender(conversations)
    if stranger is not None and stranger.origin_id is not None:
        origin = stranger.origin_id
        shown = recent[:6]
        labels = button_names([client.name for client in shown], 24)
        choices = [
            button(label, "origin", origin, client.id)
            for label, client in zip(labels, shown, strict=True)
        ]
        rows += [choices[i : i + 3] for i in range(0, len(choices), 3)]
        rows.append(
            [
                button(
                    t.plain("forwards.new_client", name=shorten(stranger.origin_name, 20)),
                    "neworigin",
                    origin,
                ),
                button(t("forwards.our_team"), "team", origin),
            ]
        )
    for kind, message, label in proposals(t, conversations, tz, now):
        key = "forwards.propose_deadline" if kind == "deadline" else "forwards.propose_request"
        rows.append(
            [button(t.plain(key, label=label), "dl" if kind == "deadline" else "req", message.id)]
        )
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


def _logged_line(t: Translator, conversation: Conversation, tz: ZoneInfo) -> Html:
    count = conversation.message_count
    who, when = senders(t, conversation), span(t, conversation, tz)
    stranger = unknown_sender([conversation])
    if conversation.client_name is not None:
        client: Html | str = conversation.client_name
        if filed_by_call(conversation):
            client = t("forwards.call_client", client=conversation.client_name)
    elif stranger is not None and len(_strangers(conversation)) == 1:
        client = stranger.origin_name
    else:
        # Only the user's own or the team's messages, or several strangers' (each answer
        # files its sender's part): nobody to file them under yet.
        return t.plural("forwards.logged_unfiled", count, senders=who, span=when)
    return t.plural("forwards.logged", count, client=client, senders=who, span=when)


def summary_text(t: Translator, conversations: Sequence[Conversation], tz: ZoneInfo) -> Html:
    text = "\n".join(_logged_line(t, conversation, tz) for conversation in conversations)
    stranger = unknown_sender(conversations)
    if stranger is not None:
        text += t("forwards.which_client", name=stranger.origin_name)
    return Html(text)


class ForwardLog:
    def __init__(
        self,
        *,
        repo: ForwardRepository,
        clients: ClientRepository,
        users: UserRepository,
        sender: Sender,
        clock: Clock,
        call_client: CallClient = _no_call,
        quiet_seconds: float = QUIET_SECONDS,
    ) -> None:
        self.repo = repo
        self._clients = clients
        self._users = users
        self._sender = sender
        self._clock = clock
        self._call_client = call_client
        self._quiet = quiet_seconds
        self._timers: dict[int, asyncio.TimerHandle] = {}
        self._tasks = Tasks()

    def received(self, user_id: int) -> None:
        """A forward was stored: (re)start the user's quiet timer."""
        if self._tasks.stopping:
            return
        timer = self._timers.pop(user_id, None)
        if timer is not None:
            timer.cancel()
        loop = asyncio.get_running_loop()
        self._timers[user_id] = loop.call_later(self._quiet, self._spawn_close, user_id)

    def _spawn_close(self, user_id: int) -> None:
        self._timers.pop(user_id, None)
        self._tasks.spawn(self.close_burst(user_id))

    async def start(self) -> None:
        """Bursts cut short by a restart: group them after the usual quiet."""
        for user_id in await self.repo.users_with_pending():
            self.received(user_id)

    async def stop(self) -> None:
        for timer in self._timers.values():
            timer.cancel()
        self._timers.clear()
        await self._tasks.stop()

    async def close_burst(self, user_id: int) -> list[Conversation]:
        now = self._clock.now()
        # Forwarding a client's chat during their call is part of the call: it keeps it going.
        call_client_id = await self._call_client(user_id, now)
        conversations = await self.repo.close_burst(
            user_id, now, lambda messages: attribute(messages, call_client_id)
        )
        if not conversations:
            return conversations
        user = await self._users.get(user_id)
        if user is None:
            return conversations
        await self.reply(user, conversations)
        return conversations

    async def summary(
        self, user: User, conversations: Sequence[Conversation]
    ) -> tuple[Html, InlineKeyboardMarkup | None]:
        """The reply a burst gets, and the same after an answer to its question."""
        t = translator(user.language)
        recent = await self._clients.recent(user.user_id)
        return (
            summary_text(t, conversations, user.tz),
            summary_keyboard(t, conversations, user.tz, recent, self._clock.now()),
        )

    async def reply(self, user: User, conversations: list[Conversation]) -> None:
        text, markup = await self.summary(user, conversations)
        delivery = await self._sender.send(
            Outgoing(chat_id=user.user_id, text=text, reply_markup=markup)
        )
        if delivery.message_id is not None:
            await self.repo.note_summary(
                user.user_id, [c.id for c in conversations], delivery.message_id
            )

    async def reported_in(self, user: User, message_id: int, origin_id: int) -> list[Conversation]:
        """The conversations a summary message reported (before summaries were noted, the
        answered sender's first one, which asked about them)."""
        conversations = await self.repo.summarised_in(user.user_id, message_id)
        if conversations:
            return conversations
        conversation_id = await self.repo.first_conversation_of(user.user_id, origin_id)
        if conversation_id is None:
            return []
        conversation = await self.repo.conversation(user.user_id, conversation_id)
        return [conversation] if conversation is not None else []
