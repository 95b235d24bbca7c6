"""Capture: every plain message becomes an item; the buttons change it afterwards."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import CommandObject
from aiogram.types import CallbackQuery, InaccessibleMessage, Message

from bot.callbacks import ItemAction, RecurringCardAction
from bot.edits import edit_markup, edit_sent, edit_text, refresh_confirmation
from bot.filters import QuickCommand, has_text
from bot.i18n import Html, Translator
from bot.keyboards import (
    client_choice,
    client_keyboard,
    item_keyboard,
    item_rows,
    kind_keyboard,
    recurring_data,
    recurring_rows,
    undo_keyboard,
    undo_markup,
)
from bot.models import KINDS, ItemKind, User
from bot.notebook import Captured, CapturedRecurring, Media, Notebook
from bot.replies import Button, answer_for_id, inline_markup
from bot.views import deleted_card, item_card, recurring_card, shorten

FORCED_KINDS: dict[str, ItemKind] = {
    "note": "note",
    "req": "request",
    "dl": "deadline",
    "remind": "reminder",
}
KEPT_MEDIA = {"photo", "document", "voice", "video", "audio", "video_note", "animation"}


async def _confirm(
    message: Message,
    notebook: Notebook,
    user: User,
    t: Translator,
    result: Captured | CapturedRecurring,
) -> None:
    if not result.created:
        # Telegram delivered this message again (after a restart that came before the
        # update was confirmed): stored once, and its confirmation is already in the
        # chat; a rule stopped since is not to be confirmed again.
        if isinstance(result, CapturedRecurring):
            if result.recurring.reply_message_id is not None or not result.recurring.active:
                return
        elif result.item.reply_message_id is not None:
            return
    await _send_confirmation(message, notebook, user, t, result)


def _confirmation(
    t: Translator, notebook: Notebook, user: User, result: Captured | CapturedRecurring
) -> tuple[str, list[list[Button]], int | None]:
    """What a message made, as its confirmation shows it: text, buttons, and the id of
    the confirmation already sent (None: none yet)."""
    now = notebook.now()
    if isinstance(result, CapturedRecurring):
        row = result.recurring
        text = recurring_card(t, row, now=now, tz=user.tz)
        return text, recurring_rows(t, row, result.suggestions), row.reply_message_id
    item = result.item
    text = item_card(t, item, now=now, tz=user.tz, problems=result.problems)
    if result.call_over:  # why this went to the Inbox, not to the call's client
        text = Html(text + t("call.timed_out", client=result.call_over))
    return text, item_rows(t, item, result.suggestions), item.reply_message_id


async def _send_confirmation(
    message: Message,
    notebook: Notebook,
    user: User,
    t: Translator,
    result: Captured | CapturedRecurring,
) -> None:
    """The confirmation as a new message, linked to what it confirms (edits update it)."""
    text, rows, _ = _confirmation(t, notebook, user, result)
    sent_id = await answer_for_id(message, text, rows)
    if isinstance(result, CapturedRecurring):
        await notebook.reminders.note_recurring_reply(user.user_id, result.recurring.id, sent_id)
    else:
        notebook.items.note_reply(user.user_id, result.item.id, sent_id)


# --- commands --------------------------------------------------------------------------


async def cmd_forced_kind(
    message: Message, command: CommandObject, user: User, t: Translator, notebook: Notebook
) -> None:
    text = (command.args or "").strip()
    # "/dl …" as a photo's caption: the file is kept as it is without the command.
    media, fallback = _media(message, t) if message.caption is not None else (None, "")
    if not text and media is None:
        await message.answer(t("capture.empty_command", command=command.command))
        return
    result = await notebook.capture(
        user,
        text or fallback,
        chat_id=message.chat.id,
        message_id=message.message_id,
        forced_kind=FORCED_KINDS[command.command.lower()],
        media=media,
        fallback_title=fallback,
    )
    await _confirm(message, notebook, user, t, result)


async def cmd_call(
    message: Message, command: CommandObject, user: User, t: Translator, notebook: Notebook
) -> None:
    name = (command.args or "").strip().lstrip("#")
    if not name:
        await message.answer(t("call.usage"))
        return
    client, created = await notebook.start_call(user, shorten(name, 100))
    await message.answer(t("call.started_new" if created else "call.started", client=client.name))


async def cmd_end(message: Message, user: User, t: Translator, notebook: Notebook) -> None:
    ended = await notebook.end_call(user)
    if ended is None:
        await message.answer(t("call.none"))
        return
    client, ran_out = ended
    await message.answer(t("call.ran_out" if ran_out else "call.ended", client=client))


# --- messages --------------------------------------------------------------------------


def _forced_kind(text: str) -> tuple[str, ItemKind | None]:
    """An edited "/dl …" keeps its kind; the command is not part of the item."""
    words = text.split(maxsplit=1)
    command = words[0].lstrip("/").split("@")[0].lower() if text.startswith("/") else ""
    if command in FORCED_KINDS:
        return (words[1].strip() if len(words) > 1 else ""), FORCED_KINDS[command]
    return text, None


async def on_edited(message: Message, user: User, t: Translator, notebook: Notebook) -> None:
    assert message.text is not None
    text, forced = _forced_kind(message.text)
    if not text:
        return
    result = await notebook.reparse(
        user, message.chat.id, message.message_id, text, forced_kind=forced
    )
    await _show_edit(message, notebook, user, t, result)


async def on_edited_media(message: Message, user: User, t: Translator, notebook: Notebook) -> None:
    """A new caption (or a file replaced): the item follows, as an edited text's does."""
    media, fallback = _media(message, t)
    caption, forced = _forced_kind((message.caption or "").strip())
    result = await notebook.reparse(
        user,
        message.chat.id,
        message.message_id,
        caption or fallback,
        forced_kind=forced,
        media=media,
        fallback_title=fallback,
    )
    await _show_edit(message, notebook, user, t, result)


async def _show_edit(
    message: Message,
    notebook: Notebook,
    user: User,
    t: Translator,
    result: Captured | CapturedRecurring | None,
) -> None:
    """The confirmation of an edited message, updated in place (or sent anew)."""
    if result is None or message.bot is None:
        return
    card, rows, reply = _confirmation(t, notebook, user, result)
    markup = inline_markup(rows)
    if reply is not None and not await edit_sent(message.bot, message.chat.id, reply, card, markup):
        # The user deleted the confirmation: what the edit changed still needs saying.
        await _send_confirmation(message, notebook, user, t, result)


def _media(message: Message, t: Translator) -> tuple[Media, str]:
    """The file reference and a title for a message without a caption."""
    # Titles are stored and escaped when shown: plain text here.
    if message.photo:
        return Media(message.photo[-1].file_id, "photo", "file"), t.plain("capture.media_photo")
    if message.voice:
        title = t.plain("capture.media_voice", seconds=message.voice.duration)
        return Media(message.voice.file_id, "voice", "voice"), title
    if message.video_note:
        title = t.plain("capture.media_voice", seconds=message.video_note.duration)
        return Media(message.video_note.file_id, "video_note", "voice"), title
    for kind in ("document", "video", "audio", "animation"):
        attachment = getattr(message, kind)
        if attachment is not None:
            name = getattr(attachment, "file_name", None)
            title = (
                t.plain("capture.media_document", name=name)
                if name
                else t.plain(f"capture.media_kind.{kind}")
            )
            return Media(attachment.file_id, kind, "file"), title
    raise ValueError("no media")


async def on_media(message: Message, user: User, t: Translator, notebook: Notebook) -> None:
    media, fallback = _media(message, t)
    caption = (message.caption or "").strip()
    result = await notebook.capture(
        user,
        caption or fallback,
        chat_id=message.chat.id,
        message_id=message.message_id,
        media=media,
        fallback_title=fallback,
    )
    await _confirm(message, notebook, user, t, result)


async def on_text(message: Message, user: User, t: Translator, notebook: Notebook) -> None:
    assert message.text is not None
    pending = await notebook.pending_date_item(user)
    if pending is not None:
        answer = await notebook.answer_date(user, pending, message.text, message.message_id)
        if answer is not None and answer.kept:
            await message.answer(t("capture.date_kept", title=shorten(answer.item.title, 100)))
            return
        if answer is not None and answer.unusable:
            title = shorten(answer.item.title, 100)
            await message.answer(
                t("capture.date_unusable", text=shorten(message.text, 60), title=title)
            )
            return
        if answer is not None:
            card = item_card(t, answer.item, now=notebook.now(), tz=user.tz)
            markup = item_keyboard(t, answer.item, [])
            # The card the Date button was on shows the new date too: its buttons would
            # otherwise redraw the old one.
            await refresh_confirmation(message.bot, t, answer.item, now=notebook.now(), tz=user.tz)
            if answer.reopened:
                card = Html(card + t("capture.reopened"))
            await message.answer(card, reply_markup=markup)
            return
        # Not an answer (a message of its own, or its item is gone): the user moved on.
        # Drop the question and keep the message as usual.
        await notebook.cancel_prompt(user)
    result = await notebook.capture(
        user, message.text, chat_id=message.chat.id, message_id=message.message_id
    )
    await _confirm(message, notebook, user, t, result)


async def on_unsupported(message: Message, t: Translator) -> None:
    await message.answer(t("capture.unsupported"))


async def on_stale_button(query: CallbackQuery, t: Translator) -> None:
    """A button from an old keyboard, another version of the bot, or forged data."""
    await query.answer(t("errors.unavailable"), show_alert=True)


# --- buttons ---------------------------------------------------------------------------


async def on_item_action(
    query: CallbackQuery,
    callback_data: ItemAction,
    user: User,
    t: Translator,
    notebook: Notebook,
) -> None:
    item = await notebook.item(user, callback_data.item_id)
    message = query.message
    if item is None or message is None or isinstance(message, InaccessibleMessage):
        await query.answer(t("errors.unavailable"), show_alert=True)
        return
    action = callback_data.action
    now, tz = notebook.now(), user.tz
    if action == "undo":
        item = await notebook.set_status(user, item.id, "open") or item
        await query.answer(t("capture.restored"))
    elif item.status == "deleted":
        await query.answer(t("errors.unavailable"), show_alert=True)
        return
    elif action == "kind":
        await edit_markup(message, kind_keyboard(t, item))
        await query.answer()
        return
    elif action == "client":
        clients = await notebook.clients.recent(user.user_id, limit=9)
        await edit_markup(message, client_keyboard(t, item, clients))
        await query.answer()
        return
    elif action == "date":
        await notebook.ask_date(user, item.id)
        await message.answer(t("capture.ask_date", title=shorten(item.title, 100)))
        await query.answer()
        return
    elif action == "del":
        item = await notebook.set_status(user, item.id, "deleted") or item
        await edit_text(message, deleted_card(t, item), undo_keyboard(t, item))
        await query.answer()
        return
    elif action == "setkind" and 0 <= callback_data.arg < len(KINDS):
        item = await notebook.set_kind(user, item.id, KINDS[callback_data.arg]) or item
        await query.answer()
    elif action == "setclient":
        changed = await notebook.set_client(user, item.id, callback_data.arg or None)
        if changed is None:
            await query.answer(t("errors.unavailable"), show_alert=True)
            return
        item = changed
        await query.answer()
    elif action == "newclient":
        item = await notebook.create_client_for(user, item.id) or item
        await query.answer()
    elif action == "clientdate":
        changed = await notebook.use_as_client_date(user, item.id)
        if changed is None:
            await query.answer(t("deadlines.client_date_too_soon"), show_alert=True)
            return
        item = changed
        await query.answer(t("deadlines.client_date_set"))
    elif action == "back":
        await query.answer()
    else:
        await query.answer(t("errors.unavailable"), show_alert=True)
        return
    suggestions = await notebook.clients.recent(user.user_id) if item.client_id is None else []
    await edit_text(
        message, item_card(t, item, now=now, tz=tz), item_keyboard(t, item, suggestions)
    )


async def on_recurring_action(
    query: CallbackQuery,
    callback_data: RecurringCardAction,
    user: User,
    t: Translator,
    notebook: Notebook,
) -> None:
    """A button on a recurring check-in's confirmation (/recurring has its own)."""
    row = await notebook.recurring(user, callback_data.recurring_id)
    message = query.message
    if row is None or message is None or isinstance(message, InaccessibleMessage):
        await query.answer(t("errors.unavailable"), show_alert=True)
        return
    action = callback_data.action
    data = recurring_data(row)
    if action == "undo":
        row = await notebook.resume_recurring(user, row.id) or row
        await query.answer(t("capture.restored"))
    elif not row.active:
        # Deleted here, or stopped in /recurring: only its undo button still works.
        await query.answer(t("errors.unavailable"), show_alert=True)
        return
    elif action == "client":
        clients = await notebook.clients.recent(user.user_id, limit=9)
        await edit_markup(message, client_choice(t, row.client_id, clients, data))
        await query.answer()
        return
    elif action == "del":
        if not await notebook.stop_recurring(user, row.id):
            await query.answer(t("errors.unavailable"), show_alert=True)
            return
        await edit_text(message, deleted_card(t, row), undo_markup(t, data("undo", 0)))
        await query.answer()
        return
    elif action == "setclient":
        changed = await notebook.set_recurring_client(user, row.id, callback_data.arg or None)
        if changed is None:
            await query.answer(t("errors.unavailable"), show_alert=True)
            return
        row = changed
        await query.answer()
    elif action == "back":
        await query.answer()
    else:
        await query.answer(t("errors.unavailable"), show_alert=True)
        return
    suggestions = await notebook.clients.recent(user.user_id) if row.client_id is None else []
    await edit_text(
        message,
        recurring_card(t, row, now=notebook.now(), tz=user.tz),
        inline_markup(recurring_rows(t, row, suggestions)),
    )


# A coroutine, like bot.filters: a plain function would run in a worker thread.
async def has_kept_media(message: Message) -> bool:
    return message.content_type in KEPT_MEDIA


def create_command_router() -> Router:
    router = Router(name=f"{__name__}.commands")
    router.message.register(cmd_forced_kind, QuickCommand(*FORCED_KINDS))
    router.message.register(cmd_call, QuickCommand("call"))
    router.message.register(cmd_end, QuickCommand("end"))
    return router


def create_router() -> Router:
    router = Router(name=__name__)
    router.edited_message.register(on_edited, has_text)
    router.edited_message.register(on_edited_media, has_kept_media)
    # Text first: nearly every message is text, and a file's caption is not `text`.
    router.message.register(on_text, has_text)
    router.message.register(on_media, has_kept_media)
    router.message.register(on_unsupported)
    router.callback_query.register(on_item_action, ItemAction.filter())
    router.callback_query.register(on_recurring_action, RecurringCardAction.filter())
    router.callback_query.register(on_stale_button)
    return router
