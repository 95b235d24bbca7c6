"""The client table: /client, /clients, field updates by message, the timeline."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from contextlib import suppress
from datetime import date, timedelta, tzinfo
from typing import Any

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, TelegramObject
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import ClientAction
from bot.client_fields import (
    Answer,
    FieldUpdate,
    Problem,
    clean_name,
    parse_field_update,
    read_answer,
    split_contact,
    split_rename,
)
from bot.client_views import (
    ConversationPage,
    client_card,
    clients_list,
    conversation_text,
    format_day,
    timeline_text,
)
from bot.edits import edit_markup, edit_text
from bot.filters import QuickCommand, has_text
from bot.i18n import Html, Translator, format_numeric
from bot.keyboards import undo_markup
from bot.logs import log_failure
from bot.models import CHANNELS, DATE_FIELDS, Client, ClientField, ClientStatus, User
from bot.notebook import Notebook
from bot.views import shorten
from storage.forwards import Conversation, ForwardRepository
from storage.timeline import TimelineEntry, TimelineRepository

log = logging.getLogger(__name__)

PAGE = 8
CARD_ITEMS = 15
FIELD_PROMPT_TTL = timedelta(minutes=10)
EDITABLE: tuple[str, ...] = (*DATE_FIELDS, "email", "notes", "alias", "contact", "name")
ADD_WORDS = ("add", "new", "добавить")
RENAME_WORDS = ("rename", "переименовать")
# What people try that /client has not: a client is never deleted, only put away in the
# archive from its card, so these get that said whatever follows them.
AWAY_WORDS = (
    "delete", "del", "remove", "rm", "archive", "удалить", "удали", "убрать", "архив",
    "архивировать", "заархивировать",
)  # fmt: skip


def card_keyboard(t: Translator, client: Client, undo: int | None = None) -> InlineKeyboardMarkup:
    """The card's buttons; after an edit, first an undo of it (notes are replaced whole)."""
    builder = InlineKeyboardBuilder()
    if undo is not None:
        builder.button(
            text=t("buttons.undo"),
            callback_data=ClientAction(action="undo", client_id=client.id, arg=str(undo)),
        )
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
    builder.adjust(*((1,) if undo is not None else ()), 2, 2)
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
    verb, rest = words[0].lower(), (words[1] if len(words) == 2 else "")
    index = await notebook.clients.index(user.user_id)
    if verb in ADD_WORDS:
        name = shorten(clean_name(rest), 100)
        if not name:
            await message.answer(t("clients.add_usage"))
            return
        # "#acme" or "Acme:" for a client there already is that client, not a new one.
        known = index.match(name, typos=False)
        found = await notebook.clients.get(user.user_id, known.id) if known else None
        client = found or await notebook.clients.create(user.user_id, name, notebook.now())
    elif verb in RENAME_WORDS:
        renamed = await _rename(message, user, t, notebook, rest)
        if renamed is None:
            return
        client = renamed
    else:
        found = await notebook.find_client(user, clean_name(args))
        if found is None:
            await _not_a_client(message, user, t, notebook, args)
            return
        client = found
    await message.answer(
        await _card(t, user, notebook, client), reply_markup=card_keyboard(t, client)
    )


async def _not_a_client(
    message: Message, user: User, t: Translator, notebook: Notebook, args: str
) -> None:
    """ "/client delete Acme" names no client: a verb /client has not (a word in lower
    case) before a client it knows is answered with what it can do and that client's
    card, not taken for a name to create."""
    verb, _, rest = " ".join(args.split()).partition(" ")
    verb = shorten(verb, 30)
    away = verb.lower() in AWAY_WORDS
    client = None
    if rest.strip() and verb.isalpha() and (verb.islower() or away):
        client = await notebook.find_client(user, clean_name(rest))
    archive = t("clients.to_status.archived")
    if client is None:
        if away:
            await message.answer(t("clients.unknown_verb", verb=verb, archive=archive))
        else:
            await message.answer(t("clients.unknown", name=shorten(args, 60)))
        return
    if client.status == "archived":
        hint = t("clients.unknown_verb_archived", verb=verb, name=client.name)
    else:
        hint = t("clients.unknown_verb_card", verb=verb, name=client.name, archive=archive)
    card = await _card(t, user, notebook, client)
    await message.answer(Html(f"{hint}\n\n{card}"), reply_markup=card_keyboard(t, client))


async def _rename(
    message: Message, user: User, t: Translator, notebook: Notebook, args: str
) -> Client | None:
    """ "/client rename Acme Crop Acme Corp": the card renamed, or None once told why not."""
    found = split_rename(args, await notebook.clients.index(user.user_id))
    if found is None:
        await message.answer(t("clients.rename_usage"))
        return None
    client = await notebook.clients.get(user.user_id, found[0].id)
    if client is None:
        await message.answer(t("errors.unavailable"))
        return None
    problem = await _set_name(user, t, notebook, client, shorten(clean_name(found[1]), 100))
    if problem is not None:
        await message.answer(problem)
        return None
    return await notebook.clients.get(user.user_id, client.id)


async def _set_name(
    user: User, t: Translator, notebook: Notebook, client: Client, name: str
) -> Html | None:
    """Rename `client`; the reason it cannot be, if it cannot."""
    if not name:
        return t("clients.rename_usage")
    taken = await notebook.rename_client(user, client, name)
    return t("clients.name_taken", value=name, other=taken) if taken is not None else None


async def cmd_clients(message: Message, user: User, t: Translator, notebook: Notebook) -> None:
    rows = await notebook.clients.summaries(user.user_id, notebook.now())
    for part in clients_list(t, rows, now=notebook.now(), tz=user.tz):
        await message.answer(part)


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
    undo = ClientAction(action="undo", client_id=client_id, arg=str(change_id)).pack()
    return undo_markup(t, undo)


def _problem(t: Translator, problem: Problem, field: str, value: str | None) -> Html:
    return t(
        f"clients.problem.{problem}",
        field=t(f"clients.field.{field}"),
        value=shorten(value or "", 60),
    )


async def on_field_update(
    message: Message, update: FieldUpdate, user: User, t: Translator, notebook: Notebook
) -> None:
    # A field update is a message of its own: a question that waited is left unanswered.
    await _drop_field_question(user, notebook)
    client_id = update.client.id
    if update.problem is not None:
        assert update.field is not None
        await message.answer(
            t(
                "clients.unchanged",
                name=update.client.name,
                problem=_problem(t, update.problem, update.field, update.value),
            )
        )
        return
    current = await notebook.clients.get(user.user_id, client_id)
    if current is not None and _already(current, update):
        # Sent twice, or said again: a second change to undo would undo nothing.
        await message.answer(
            t(
                "clients.status_already",
                name=update.client.name,
                status=t(f"clients.status.{update.status}"),
            )
            if update.status is not None
            else t(
                "clients.field_already",
                name=update.client.name,
                field=t(f"clients.field.{update.field}"),
                value=_shown(t, update.field or "", update.value),
            )
        )
        return
    if update.status is not None:
        change = await notebook.clients.set_status(
            user.user_id, client_id, update.status, notebook.now()
        )
        text = t(
            "clients.status_set",
            name=update.client.name,
            status=t(f"clients.status.{update.status}"),
        )
    else:
        assert update.field is not None
        change = await notebook.clients.set_field(
            user.user_id, client_id, update.field, update.value, notebook.now()
        )
        text = t(
            "clients.field_set",
            name=update.client.name,
            field=t(f"clients.field.{update.field}"),
            value=_shown(t, update.field, update.value),
        )
    if change is None:
        await message.answer(t("errors.unavailable"))
        return
    await notebook.prompts.note_answer(user.user_id, message.message_id)
    await message.answer(text, reply_markup=undo_keyboard(t, client_id, change))


def _already(client: Client, update: FieldUpdate) -> bool:
    """The update sets what the client has already."""
    if update.status is not None:
        return client.status == update.status
    if update.field is None:
        return False
    value = getattr(client, update.field)
    current = value.isoformat() if isinstance(value, date) else value
    return (current or None) == (update.value or None)


async def _drop_field_question(user: User, notebook: Notebook) -> None:
    prompt = await notebook.prompts.get(user.user_id)
    if prompt is not None and prompt.action.startswith("field:"):
        await notebook.prompts.clear(user.user_id)


async def command_drops_question(
    handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
    event: TelegramObject,
    data: dict[str, Any],
) -> Any:
    """Middleware of the command gate: a command is the user moving on, so a question
    waiting (from the ✏️ Edit menu, or "send the new date" from Date and 📅 Move) is not
    answered by whatever they type after it.

    Dropped after the command, not before: no command asks such a question, and a read
    before it would hand the loop to tasks the update started (a new user's digest
    schedule) ahead of the command's own writes."""
    result = await handler(event, data)
    user, notebook = data.get("user"), data.get("notebook")
    if (
        isinstance(user, User)
        and isinstance(notebook, Notebook)
        and await notebook.prompts.get(user.user_id) is not None
    ):
        await notebook.prompts.clear(user.user_id)
    return result


async def field_prompt(message: Message, user: User, notebook: Notebook) -> dict[str, Any] | bool:
    """Filter: the user was asked for a client field and this is the answer (right or
    wrong); a longer text that is no answer is a message of its own."""
    if not message.text:
        return False
    prompt = await notebook.prompts.get(user.user_id)
    if prompt is None or not prompt.action.startswith("field:") or prompt.client_id is None:
        return False
    if notebook.now() - prompt.created_at > FIELD_PROMPT_TTL:
        # An old question: this message is something new, not its answer.
        await notebook.prompts.clear(user.user_id)
        return False
    field = prompt.action.removeprefix("field:")
    answer = read_answer(
        field,
        message.text,
        now=notebook.now(),
        tz=user.tz,
        clients=await notebook.clients.index(user.user_id),
        asked=prompt.client_id,
    )
    if answer.elsewhere:
        await notebook.prompts.clear(user.user_id)
        return False
    return {"field": field, "client_id": prompt.client_id, "answer": answer}


async def on_field_answer(
    message: Message,
    field: str,
    client_id: int,
    answer: Answer,
    user: User,
    t: Translator,
    notebook: Notebook,
) -> None:
    client = await notebook.clients.get(user.user_id, client_id)
    if client is None:
        await notebook.prompts.clear(user.user_id)
        await message.answer(t("errors.unavailable"))
        return
    if answer.problem is not None:
        # A wrong answer: the question stays, so the corrected one is taken as its answer.
        problem = _problem(t, answer.problem, field, message.text)
        await message.answer(t("clients.ask_again", problem=problem))
        return
    text = answer.value or ""
    if field == "name":
        refused = await _set_name(user, t, notebook, client, shorten(clean_name(text), 100))
    else:
        refused = await _alias_refused(user, t, notebook, client, field, text)
    if refused is not None:
        await message.answer(t("clients.ask_again", problem=refused))
        return
    await notebook.prompts.clear(user.user_id, answered_by=message.message_id)
    change: int | None = None
    if field == "alias":
        await notebook.clients.add_alias(user.user_id, client.id, shorten(text, 60))
    elif field == "contact":
        name, note = split_contact(text)
        await notebook.clients.add_contact(
            user.user_id, client.id, shorten(name, 80), shorten(note, 300)
        )
    elif field != "name":  # renamed above
        typed: ClientField = field  # type: ignore[assignment]
        change = await notebook.clients.set_field(
            user.user_id, client.id, typed, answer.value, notebook.now()
        )
    updated = await notebook.clients.get(user.user_id, client.id)
    assert updated is not None
    await message.answer(
        await _card(t, user, notebook, updated), reply_markup=card_keyboard(t, updated, change)
    )


async def _alias_refused(
    user: User, t: Translator, notebook: Notebook, client: Client, field: str, text: str
) -> Html | None:
    """Why an alias cannot be taken: a name answers to one client only."""
    if field != "alias":
        return None
    taken = await notebook.name_taken(user, client, text, alias=True)
    if taken is None:
        return None
    if taken == client.name:
        return t("clients.alias_known", value=shorten(text, 60), name=client.name)
    return t("clients.name_taken", value=shorten(text, 60), other=taken)


# --- buttons ----------------------------------------------------------------------------


def _number(text: str) -> int | None:
    """A number in a button's `arg`: ASCII digits SQLite can store, or None (forged data
    may hold "²", which `isdigit` takes and `int` refuses)."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def _conversation_page(arg: str) -> tuple[int, int] | None:
    """ "12.3": conversation 12, page 3."""
    conversation_id, page = map(_number, arg.partition(".")[::2])
    return None if conversation_id is None or page is None else (conversation_id, page)


async def on_client_action(
    query: CallbackQuery,
    callback_data: ClientAction,
    user: User,
    t: Translator,
    notebook: Notebook,
    timeline: TimelineRepository,
    forward_repo: ForwardRepository,
) -> None:
    try:
        await _client_action(query, callback_data, user, t, notebook, timeline, forward_repo)
    except TelegramBadRequest as exc:
        # A view Telegram refused to send or edit: the tap still gets an answer, not a
        # spinner, and one that says what to do (not the capture apology of errors.py).
        log_failure(log, f"client action {callback_data.action!r} refused", exc)
        with suppress(TelegramBadRequest):  # answered before it failed: nothing to add
            await query.answer(t.plain("clients.not_shown"), show_alert=True)


async def _client_action(
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
        status: ClientStatus = arg  # type: ignore[assignment]
        await notebook.clients.set_status(user.user_id, client.id, status, notebook.now())
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
    elif action == "undo" and (change_id := _number(arg)) is not None:
        undone = await notebook.clients.undo_change(user.user_id, change_id)
        if undone is None:
            await query.answer(t("errors.unavailable"), show_alert=True)
            return
        field_key = f"clients.field.{undone.field}"
        if not undone.done:
            await query.answer(
                t.plain("clients.undo_later", name=undone.client.name, field=t.plain(field_key)),
                show_alert=True,
            )
            return
        await edit_text(
            message, t("clients.undone", name=undone.client.name, field=t(field_key)), None
        )
    elif action == "tl" and (page := _number(arg)) is not None:
        await _timeline(message, t, user, notebook, timeline, client, page)
    elif action == "conv" and (conversation_id := _number(arg)) is not None:
        if not await _conversation(message, t, user, forward_repo, client, conversation_id):
            await query.answer(t("errors.unavailable"), show_alert=True)
            return
    elif action == "convpage" and (wanted := _conversation_page(arg)) is not None:
        if not await _conversation(message, t, user, forward_repo, client, *wanted):
            await query.answer(t("errors.unavailable"), show_alert=True)
            return
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


def conversation_keyboard(
    t: Translator, client: Client, conversation_id: int, view: ConversationPage
) -> InlineKeyboardMarkup | None:
    """Older and newer pages of a conversation, if it has more than one."""
    builder = InlineKeyboardBuilder()
    for label, target in (("clients.older", view.page - 1), ("clients.newer", view.page + 1)):
        if 0 <= target < view.pages:
            builder.button(
                text=t(label),
                callback_data=ClientAction(
                    action="convpage", client_id=client.id, arg=f"{conversation_id}.{target}"
                ),
            )
    return builder.as_markup() if view.pages > 1 else None


async def _conversation(
    message: Message,
    t: Translator,
    user: User,
    forward_repo: ForwardRepository,
    client: Client,
    conversation_id: int,
    page: int | None = None,
) -> bool:
    """Without `page`, the conversation opens at its latest page in a message of its own
    (the timeline stays); with one, that message turns to it. False if it is not this
    client's."""
    conversation = await forward_repo.conversation(user.user_id, conversation_id)
    if conversation is None or conversation.client_id != client.id:
        return False
    view = conversation_text(t, conversation, user.tz, page)
    markup = conversation_keyboard(t, client, conversation.id, view)
    if page is None:
        await message.answer(view.text, reply_markup=markup)
    else:
        await edit_text(message, view.text, markup)
    return True


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
    # A field update ("Globex paid today") is never taken as the answer to a question.
    router.message.register(on_field_update, has_text, field_update)
    router.message.register(on_field_answer, has_text, field_prompt)
    router.callback_query.register(on_client_action, ClientAction.filter())
    return router
