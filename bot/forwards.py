"""Forwarded client chats become a conversation log per client.

Each forward is stored the moment it arrives. A burst (selecting 30 messages and
forwarding them arrives as 30 updates) becomes one conversation and one reply once
the user has been quiet for a moment; the timer only groups and replies, so a restart
mid-burst loses nothing: pending forwards are grouped at the next start.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.callbacks import ForwardAction
from bot.capture import parse_capture
from bot.clock import Clock
from bot.i18n import Html, Translator, format_clock, format_numeric, translator
from bot.models import Client, User
from bot.sender import Outgoing, Sender
from bot.timers import Tasks
from bot.views import shorten
from storage.clients import ClientRepository
from storage.forwards import Conversation, ForwardRepository, LoggedForward
from storage.users import UserRepository

log = logging.getLogger(__name__)

QUIET_SECONDS = 1.5
MAX_PROPOSALS = 3


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


def unknown_sender(conversation: Conversation) -> LoggedForward | None:
    """The first sender nobody said anything about yet: ask about them once."""
    for message in conversation.messages:
        if (
            message.origin_id is not None
            and message.origin_client_id is None
            and not message.is_team
            and not message.origin_asked
        ):
            return message
    return None


def proposals(
    t: Translator, conversation: Conversation, tz: ZoneInfo, now: datetime
) -> list[tuple[str, LoggedForward, str]]:
    """Items the client's own words suggest: (kind, message, label). Nothing is created here."""
    found: list[tuple[str, LoggedForward, str]] = []
    for message in conversation.messages:
        if message.is_self or message.is_team or not message.text.strip():
            continue
        # A date the client gave is relative to when they said it.
        parsed = parse_capture(message.text, now=message.origin_date, tz=tz)
        if parsed.due is not None and parsed.due > now:
            label = format_numeric(t, "dates.short", parsed.due.astimezone(tz))
            found.append(("deadline", message, label))
        elif parsed.kind == "request" or parsed.due is not None:
            # A date already gone (an old chat) is no deadline to promise any more, but
            # what was asked for may still be open.
            found.append(("request", message, shorten(parsed.title or message.text, 28)))
        if len(found) >= MAX_PROPOSALS:
            break
    return found


def summary_keyboard(
    t: Translator,
    conversation: Conversation,
    tz: ZoneInfo,
    recent: list[Client],
    now: datetime,
) -> InlineKeyboardMarkup | None:
    rows: list[list[InlineKeyboardButton]] = []

    def button(text: str, action: str, ref: int, arg: int = 0) -> InlineKeyboardButton:
        data = ForwardAction(action=action, ref=ref, arg=arg).pack()
        return InlineKeyboardButton(text=text, callback_data=data)

    stranger = unknown_sender(conversation)
    if stranger is not None and stranger.origin_id is not None:
        origin = stranger.origin_id
        choices = [button(shorten(c.name, 24), "origin", origin, c.id) for c in recent[:6]]
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
    for kind, message, label in proposals(t, conversation, tz, now):
        key = "forwards.propose_deadline" if kind == "deadline" else "forwards.propose_request"
        rows.append(
            [button(t.plain(key, label=label), "dl" if kind == "deadline" else "req", message.id)]
        )
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


def summary_text(t: Translator, conversation: Conversation, tz: ZoneInfo) -> Html:
    stranger = unknown_sender(conversation)
    text = t.plural(
        "forwards.logged",
        conversation.message_count,
        client=conversation.client_name
        or (stranger.origin_name if stranger else t("capture.inbox")),
        senders=senders(t, conversation),
        span=span(t, conversation, tz),
    )
    if stranger is not None:
        text = Html(text + t("forwards.which_client", name=stranger.origin_name))
    return text


class ForwardLog:
    def __init__(
        self,
        *,
        repo: ForwardRepository,
        clients: ClientRepository,
        users: UserRepository,
        sender: Sender,
        clock: Clock,
        quiet_seconds: float = QUIET_SECONDS,
    ) -> None:
        self.repo = repo
        self._clients = clients
        self._users = users
        self._sender = sender
        self._clock = clock
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

    async def close_burst(self, user_id: int) -> Conversation | None:
        conversation = await self.repo.close_burst(user_id, self._clock.now())
        if conversation is None:
            return None
        user = await self._users.get(user_id)
        if user is None:
            return conversation
        await self.reply(user, conversation)
        return conversation

    async def reply(self, user: User, conversation: Conversation) -> None:
        t = translator(user.language)
        recent = await self._clients.recent(user.user_id)
        stranger = unknown_sender(conversation)
        await self._sender.send(
            Outgoing(
                chat_id=user.user_id,
                text=summary_text(t, conversation, user.tz),
                reply_markup=summary_keyboard(t, conversation, user.tz, recent, self._clock.now()),
            )
        )
        if stranger is not None and stranger.origin_id is not None:
            await self.repo.mark_asked(user.user_id, [stranger.origin_id])
