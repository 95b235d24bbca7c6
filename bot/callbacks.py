"""Callback data shared by the routers. Short prefixes: Telegram allows 64 bytes."""

from __future__ import annotations

from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

# Ids and numbers in callback data come back from the user's client and may be forged:
# a value SQLite cannot store must fail validation (the button is then "no longer
# available"), not the query.
Id = Annotated[int, Field(ge=0, le=2**63 - 1)]


class ItemAction(CallbackData, prefix="it"):
    """A button on an item's confirmation. `arg` is a client id or a kind index."""

    action: str
    item_id: Id
    arg: Id = 0

    @classmethod
    def data(cls, action: str, item_id: int, arg: int = 0) -> str:
        """`ItemAction(...).pack()` without building the model first.

        Every confirmation carries four to eleven of these, and the model with its
        validation and dump was the larger part of building its keyboard. Only for our
        own action names and stored ids; tests hold it equal to `pack`.
        """
        sep = cls.__separator__
        return f"{cls.__prefix__}{sep}{action}{sep}{item_id}{sep}{arg}"


class ReminderAction(CallbackData, prefix="rm"):
    """A button on a reminder: done, hour, tomorrow, move."""

    action: str
    item_id: Id


class RecurringAction(CallbackData, prefix="rc"):
    """A button in /recurring (stop) or on a check-in's occurrence: hour, tomorrow, stop."""

    action: str
    recurring_id: Id


class RecurringCardAction(CallbackData, prefix="rr"):
    """A button on a recurring check-in's confirmation. `arg` is a client id."""

    action: str
    recurring_id: Id
    arg: Id = 0


class DigestAction(CallbackData, prefix="dg"):
    """A numbered button on the digest: done, undo (of a done) or snooze one line's item."""

    action: str
    item_id: Id


class ForwardAction(CallbackData, prefix="fw"):
    """A button on a forwarded-chat summary. `ref` is an origin or forward id."""

    action: str
    ref: Id
    arg: Id = 0


class ClientAction(CallbackData, prefix="cl"):
    """A button on a client card: edit, status, timeline page, conversation and its
    pages (`arg` "12.3": conversation 12, page 3), undo."""

    action: str
    client_id: Id
    arg: str = ""


class SearchPage(CallbackData, prefix="sr"):
    """A page of one search answer: its stored query (storage.search) and the page."""

    query_id: Id
    page: Id


class ForgetAction(CallbackData, prefix="fg"):
    """The confirmation of /forget."""

    confirm: bool
