"""Callback data shared by the routers. Short prefixes: Telegram allows 64 bytes."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class ItemAction(CallbackData, prefix="it"):
    """A button on an item's confirmation. `arg` is a client id or a kind index."""

    action: str
    item_id: int
    arg: int = 0


class ReminderAction(CallbackData, prefix="rm"):
    """A button on a reminder: done, hour, tomorrow, move."""

    action: str
    item_id: int


class RecurringAction(CallbackData, prefix="rc"):
    """A button in /recurring."""

    action: str
    recurring_id: int


class DigestAction(CallbackData, prefix="dg"):
    """A numbered button on the digest: done or snooze one line's item."""

    action: str
    item_id: int


class ForwardAction(CallbackData, prefix="fw"):
    """A button on a forwarded-chat summary. `ref` is an origin or forward id."""

    action: str
    ref: int
    arg: int = 0


class ClientAction(CallbackData, prefix="cl"):
    """A button on a client card: edit, status, timeline page, conversation, undo."""

    action: str
    client_id: int
    arg: str = ""


class SearchPage(CallbackData, prefix="sr"):
    """A page of the user's last /find."""

    page: int
