"""The keyboards of an item's card and a check-in's confirmation.

Shared by capture (the confirmation and its edits) and forwards (the items offered from
a forwarded chat), so they live here rather than in either router.
"""

from __future__ import annotations

from collections.abc import Callable

from aiogram.types import InlineKeyboardMarkup

from bot.callbacks import ItemAction, RecurringCardAction
from bot.i18n import Translator
from bot.models import KINDS, Client, Item
from bot.replies import Button, inline_markup
from bot.views import button_names, shorten
from storage.reminders import RecurringRow

# The callback data of one card's button: (action, arg) -> data.
CardData = Callable[[str, int], str]


def _button(text: str, action: str, item: Item, arg: int = 0) -> Button:
    return text, ItemAction.data(action, item.id, arg)


def _item_data(item: Item) -> CardData:
    return lambda action, arg: ItemAction.data(action, item.id, arg)


def recurring_data(row: RecurringRow) -> CardData:
    return lambda action, arg: RecurringCardAction(
        action=action, recurring_id=row.id, arg=arg
    ).pack()


def _rows(buttons: list[Button], *sizes: int) -> list[list[Button]]:
    """Rows of `sizes` buttons, the last size repeating (InlineKeyboardBuilder.adjust)."""
    rows: list[list[Button]] = []
    start = 0
    while start < len(buttons):
        size = sizes[min(len(rows), len(sizes) - 1)]
        rows.append(buttons[start : start + size])
        start += size
    return rows


# Keyboards are rows of (text, data), made models only where aiogram needs them: the
# confirmation posts them as they are (bot/replies.py), and InlineKeyboardBuilder
# deep-copied every button on the way out, a tenth of a capture's time.
def item_rows(t: Translator, item: Item, suggestions: list[Client]) -> list[list[Button]]:
    rows: list[list[Button]] = []
    if item.client_id is None:
        if item.client_hint:
            name = shorten(item.client_hint, 30)
            rows.append([_button(t.plain("buttons.create_client", name=name), "newclient", item)])
        rows.extend(_suggestion_rows(suggestions, _item_data(item)))
    if item.kind == "deadline" and item.due_at is not None and not item.client_due_manual:
        rows.append([_button(t("deadlines.client_date_button"), "clientdate", item)])
    rows.append(
        [
            _button(t("buttons.kind"), "kind", item),
            _button(t("buttons.client"), "client", item),
            _button(t("buttons.date"), "date", item),
            _button(t("buttons.delete"), "del", item),
        ]
    )
    return rows


def _suggestion_rows(suggestions: list[Client], data: CardData) -> list[list[Button]]:
    """Recent clients to file an Inbox card under with one tap."""
    shown = suggestions[:6]
    labels = button_names([client.name for client in shown])
    choices = [
        (label, data("setclient", client.id)) for label, client in zip(labels, shown, strict=True)
    ]
    return _rows(choices, 3)


def item_keyboard(t: Translator, item: Item, suggestions: list[Client]) -> InlineKeyboardMarkup:
    return inline_markup(item_rows(t, item, suggestions))


def kind_keyboard(t: Translator, item: Item) -> InlineKeyboardMarkup:
    buttons = [
        _button(
            f"{'• ' if kind == item.kind else ''}{t(f'kind_icons.{kind}')} {t(f'kinds.{kind}')}",
            "setkind",
            item,
            index,
        )
        for index, kind in enumerate(KINDS)
    ]
    buttons.append(_button(t("buttons.back"), "back", item))
    return inline_markup(_rows(buttons, 2, 2, 1))


def client_choice(
    t: Translator, current: int | None, clients: list[Client], data: CardData
) -> InlineKeyboardMarkup:
    """The recent clients (the current one marked), the Inbox and the way back."""
    shown = clients[:9]
    labels = button_names([client.name for client in shown])
    buttons = [
        (f"{'• ' if client.id == current else ''}{label}", data("setclient", client.id))
        for label, client in zip(labels, shown, strict=True)
    ]
    buttons.append((t("buttons.inbox"), data("setclient", 0)))
    buttons.append((t("buttons.back"), data("back", 0)))
    return inline_markup(_rows(buttons, 3))


def client_keyboard(t: Translator, item: Item, clients: list[Client]) -> InlineKeyboardMarkup:
    return client_choice(t, item.client_id, clients, _item_data(item))


def undo_markup(t: Translator, data: str) -> InlineKeyboardMarkup:
    """The one button under whatever a tap just did: a delete, a Done, a stopped rule."""
    return inline_markup([[(t("buttons.undo"), data)]])


def undo_keyboard(t: Translator, item: Item) -> InlineKeyboardMarkup:
    return undo_markup(t, ItemAction.data("undo", item.id, 0))


def recurring_rows(
    t: Translator, row: RecurringRow, suggestions: list[Client]
) -> list[list[Button]]:
    """A recurring check-in's confirmation: file it under a client, or delete it."""
    data = recurring_data(row)
    rows = _suggestion_rows(suggestions, data) if row.client_id is None else []
    rows.append([(t("buttons.client"), data("client", 0)), (t("buttons.delete"), data("del", 0))])
    return rows
