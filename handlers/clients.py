"""The client table: /client, /clients, field updates by message, the timeline."""

from __future__ import annotations

import re
from datetime import date, timedelta, tzinfo
from typing import Any

from aiogram import Router
from aiogram.filters import CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import ClientAction
from bot.client_fields import date_of, parse_field_update
from bot.client_views import (
    client_card,
    clients_list,
    conversation_text,
    format_day,
    timeline_text,
)
from bot.edits import edit_markup, edit_text
from bot.filters import QuickCommand, has_text
from bot.i18n import Html, Translator, format_numeric
from bot.models import CHANNELS, DATE_FIELDS, Client, ClientField, User
from bot.notebook import Notebook
from bot.views import shorten
from storage.forwards import Conversation, ForwardRepository
from storage.timeline import TimelineEntry, TimelineRepository

PAGE = 8
CARD_ITEMS = 15
FIELD_PROMPT_TTL = timedelta(minutes=10)
EDITABLE: tuple[str, ...] = (*DATE_FIELDS, "email", "notes", "alias", "contact")
_EMAIL = re.compile(r"^[^\s@]+@[^\s@]+\.[^\s@]+$")


def card_keyboard(t: Translator, client: Client) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=t("clients.edit"), callback_data=ClientAction(action="edit", client_id=client.id)
    )
    builder.button(
        text=t("clients.timeline"),
        callback_data=ClientAction(action="tl", client_id=client.id, arg="0"),
    )
    for status in ("active", "paused", "archived"):
        if status != client.status:
            builder.button(
                text=t(f"clients.to_status.{status}"),
                callback_data=ClientAction(action="status", client_id=client.id, arg=status),
            )
    builder.adjust(2, 2)
    return builder.as_markup()


def edit_keyboard(t: Translator, client: Client) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for field in EDITABLE:
        builder.button(
            text=t(f"clients.field.{field}"),
            callback_data=ClientAction(action="field", client_id=client.id, arg=field),
        )
    for channel in CHANNELS:
        mark = "• " if channel == client.preferred_channel else ""
        builder.button(
            text=mark + t(f"clients.channel.{channel}"),
            callback_data=ClientAction(action="channel", client_id=client.id, arg=channel),
        )
    builder.button(
        text=t("buttons.back"), callback_data=ClientAction(action="card", client_id=client.id)
    )
    builder.adjust(3, 3, 2, 4, 1)
    return builder.as_markup()


async def _card(t: Translator, user: User, notebook: Notebook, client: Client) -> Html:
    contacts = await notebook.clients.contacts(user.user_id, client.id)
    items, total = await notebook.items.open_for_client(user.user_id, client.id, CARD_ITEMS)
    return client_card(t, client, contacts, items, total, now=notebook.now(), tz=user.tz)


async def cmd_client(
    message: Message, command: CommandObject, user: User, t: Translator, notebook: Notebook
) -> None:
    args = (command.args or "").strip()
    if not args:
        await cmd_clients(message, user, t, notebook)
        return
    words = args.split(maxsplit=1)
    if words[0].lower() in ("add", "new", "добавить") and len(words) == 2:
        client = await notebook.clients.create(user.user_id, shorten(words[1], 100), notebook.now())
    else:
        found = await notebook.find_client(user, args.lstrip("#"))
        if found is None:
            await message.answer(t("clients.unknown", name=shorten(args, 60)))
            return
        client = found
    await message.answer(
        await _card(t, user, notebook, client), reply_markup=card_keyboard(t, client)
    )


async def cmd_clients(message: Message, user: User, t: Translator, notebook: Notebook) -> None:
    rows = await notebook.clients.summaries(user.user_id, notebook.now())
    await message.answer(clients_list(t, rows, now=notebook.now(), tz=user.tz))


# --- updates by message -----------------------------------------------------------------


async def field_update(message: Message, user: User, notebook: Notebook) -> dict[str, Any] | bool:
    """Filter: the whole message is "<client> <field phrase> [date]"."""
    if not message.text or len(message.text) > 200:
        return False
    known = await notebook.clients.index(user.user_id)
    if not known:
        return False
    update = parse_field_update(message.text, known, now=notebook.now(), tz=user.tz)
    return {"update": update} if update is not None else False


def _shown(t: Translator, field: str, value: str | None) -> str:
    if value is None or value == "":
        return "—"
    if field in DATE_FIELDS:
        return format_day(t, date.fromisoformat(value))
    if field == "preferred_channel":
        return str(t(f"clients.channel.{value}"))
    return value


def undo_keyboard(t: Translator, client_id: int, change_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=t("buttons.undo"),
        callback_data=ClientAction(action="undo", client_id=client_id, arg=str(change_id)),
    )
    return builder.as_markup()


async def on_field_update(
    message: Message, update: Any, user: User, t: Translator, notebook: Notebook
) -> None:
    client_id = update.client.id
    if update.status is not None:
        await notebook.clients.set_status(user.user_id, client_id, update.status)
        await message.answer(
            t(
                "clients.status_set",
                name=update.client.name,
                status=t(f"clients.status.{update.status}"),
            )
        )
        return
    change = await notebook.clients.set_field(
        user.user_id, client_id, update.field, update.value, notebook.now()
    )
    if change is None:
        await message.answer(t("errors.unavailable"))
        return
    await message.answer(
        t(
            "clients.field_set",
            name=update.client.name,
            field=t(f"clients.field.{update.field}"),
            value=_shown(t, update.field, update.value),
        ),
        reply_markup=undo_keyboard(t, client_id, change),
    )


async def field_prompt(message: Message, user: User, notebook: Notebook) -> dict[str, Any] | bool:
    """Filter: the user was asked for a client field and this is the answer."""
    if not message.text:
        return False
    prompt = await notebook.prompts.get(user.user_id)
    if prompt is None or not prompt.action.startswith("field:") or prompt.client_id is None:
        return False
    if notebook.now() - prompt.created_at > FIELD_PROMPT_TTL:
        # An old question: this message is something new, not its answer.
        await notebook.prompts.clear(user.user_id)
        return False
    return {"field": prompt.action.removeprefix("field:"), "client_id": prompt.client_id}


async def on_field_answer(
    message: Message,
    field: str,
    client_id: int,
    user: User,
    t: Translator,
    notebook: Notebook,
) -> None:
    assert message.text is not None
    text = message.text.strip()
    client = await notebook.clients.get(user.user_id, client_id)
    await notebook.prompts.clear(user.user_id)
    if client is None:
        await message.answer(t("errors.unavailable"))
        return
    value: str | None = text
    if field in DATE_FIELDS:
        day = date_of(text, now=notebook.now(), tz=user.tz)
        if day is None:
            await message.answer(t("capture.date_not_understood", text=shorten(text, 100)))
            return
        value = day.isoformat()
    elif field == "email" and not _EMAIL.match(text):
        await message.answer(t("clients.bad_email", value=shorten(text, 60)))
        return
    if field == "alias":
        await notebook.clients.add_alias(user.user_id, client.id, shorten(text, 60))
    elif field == "contact":
        name, _, note = text.partition("—") if "—" in text else text.partition("-")
        await notebook.clients.add_contact(
            user.user_id, client.id, shorten(name.strip(), 80), shorten(note.strip(), 300)
        )
    else:
        typed: ClientField = field  # type: ignore[assignment]
        await notebook.clients.set_field(user.user_id, client.id, typed, value, notebook.now())
    updated = await notebook.clients.get(user.user_id, client.id)
    assert updated is not None
    await message.answer(
        await _card(t, user, notebook, updated), reply_markup=card_keyboard(t, updated)
    )


# --- buttons ----------------------------------------------------------------------------


async def on_client_action(
    query: CallbackQuery,
    callback_data: ClientAction,
    user: User,
    t: Translator,
    notebook: Notebook,
    timeline: TimelineRepository,
    forward_repo: ForwardRepository,
) -> None:
    client = await notebook.clients.get(user.user_id, callback_data.client_id)
    message = query.message
    if client is None or not isinstance(message, Message):
        await query.answer(t("errors.unavailable"), show_alert=True)
        return
    action, arg = callback_data.action, callback_data.arg
    if action == "card":
        await edit_text(message, await _card(t, user, notebook, client), card_keyboard(t, client))
    elif action == "edit":
        await edit_markup(message, edit_keyboard(t, client))
    elif action == "status" and arg in ("active", "paused", "archived"):
        await notebook.clients.set_status(user.user_id, client.id, arg)  # type: ignore[arg-type]
        client = await notebook.clients.get(user.user_id, client.id) or client
        await edit_text(message, await _card(t, user, notebook, client), card_keyboard(t, client))
    elif action == "channel" and arg in CHANNELS:
        await notebook.clients.set_field(
            user.user_id, client.id, "preferred_channel", arg, notebook.now()
        )
        client = await notebook.clients.get(user.user_id, client.id) or client
        await edit_text(message, await _card(t, user, notebook, client), card_keyboard(t, client))
    elif action == "field" and arg in EDITABLE:
        await notebook.prompts.set(
            user.user_id, f"field:{arg}", None, notebook.now(), client_id=client.id
        )
        await message.answer(t(f"clients.ask.{arg}", name=client.name))
    elif action == "undo" and arg.isdigit():
        undone = await notebook.clients.undo_change(user.user_id, int(arg))
        if undone is None:
            await query.answer(t("errors.unavailable"), show_alert=True)
            return
        await edit_text(
            message,
            t("clients.undone", name=undone[0].name, field=t(f"clients.field.{undone[1]}")),
            None,
        )
    elif action == "tl" and arg.isdigit():
        await _timeline(message, t, user, notebook, timeline, client, int(arg))
    elif action == "conv" and arg.isdigit():
        conversation = await forward_repo.conversation(user.user_id, int(arg))
        if conversation is None or conversation.client_id != client.id:
            await query.answer(t("errors.unavailable"), show_alert=True)
            return
        await message.answer(conversation_text(t, conversation, user.tz))
    else:
        await query.answer(t("errors.unavailable"), show_alert=True)
        return
    await query.answer()


def timeline_keyboard(
    t: Translator,
    client: Client,
    entries: list[TimelineEntry],
    page: int,
    total: int,
    tz: tzinfo,
) -> InlineKeyboardMarkup:
    """A button per conversation on the page, then the pages either side and back."""
    builder = InlineKeyboardBuilder()
    for entry in entries:
        if isinstance(entry, Conversation):
            when = format_numeric(t, "dates.short", entry.first_at.astimezone(tz))
            builder.button(
                text=t("clients.conversation_button", when=when),
                callback_data=ClientAction(action="conv", client_id=client.id, arg=str(entry.id)),
            )
    if page > 0:
        builder.button(
            text="«",
            callback_data=ClientAction(action="tl", client_id=client.id, arg=str(page - 1)),
        )
    if (page + 1) * PAGE < total:
        builder.button(
            text="»",
            callback_data=ClientAction(action="tl", client_id=client.id, arg=str(page + 1)),
        )
    builder.button(
        text=t("buttons.back"), callback_data=ClientAction(action="card", client_id=client.id)
    )
    builder.adjust(2)
    return builder.as_markup()


async def _timeline(
    message: Message,
    t: Translator,
    user: User,
    notebook: Notebook,
    timeline: TimelineRepository,
    client: Client,
    page: int,
) -> None:
    entries, total = await timeline.page(user.user_id, client.id, PAGE, page * PAGE)
    text = timeline_text(
        t,
        client,
        entries,
        page=page,
        pages=max(1, -(-total // PAGE)),
        now=notebook.now(),
        tz=user.tz,
    )
    await edit_text(message, text, timeline_keyboard(t, client, entries, page, total, user.tz))


def create_command_router() -> Router:
    router = Router(name=f"{__name__}.commands")
    router.message.register(cmd_clients, QuickCommand("clients"))
    router.message.register(cmd_client, QuickCommand("client"))
    return router


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_field_answer, has_text, field_prompt)
    router.message.register(on_field_update, has_text, field_update)
    router.callback_query.register(on_client_action, ClientAction.filter())
    return router
