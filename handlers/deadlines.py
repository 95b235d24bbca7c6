"""Reminder buttons, /pad and /recurring."""

from __future__ import annotations

from dataclasses import replace

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InaccessibleMessage, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import RecurringAction, RecurringCardAction, ReminderAction
from bot.deadlines import changed_override, padding_policy, snooze_until
from bot.edits import edit_text, refresh_confirmation
from bot.i18n import Html, Translator, format_when
from bot.keyboards import undo_markup
from bot.models import User
from bot.notebook import Notebook
from bot.padding import (
    MAX_BUSINESS_DAYS,
    MAX_PERCENT,
    PadArgumentError,
    PaddingPolicy,
    read_pad_command,
)
from bot.recurrence import Recurrence
from bot.reminders import reminder_keyboard, reminder_text, snoozed_text
from bot.views import item_card, shorten
from storage.users import UserRepository


async def on_reminder_action(
    query: CallbackQuery,
    callback_data: ReminderAction,
    user: User,
    t: Translator,
    notebook: Notebook,
) -> None:
    item = await notebook.item(user, callback_data.item_id)
    message = query.message
    if item is None or item.status == "deleted" or isinstance(message, InaccessibleMessage):
        await query.answer(t("errors.unavailable"), show_alert=True)
        return
    now = notebook.now()
    action = callback_data.action
    if action == "done":
        done = await notebook.set_status(user, item.id, "done")
        await refresh_confirmation(query.bot, t, done, now=now, tz=user.tz)
        if message is not None:
            # A slip of the finger is undone here, as a delete or a stopped check-in is.
            undo = ReminderAction(action="undo", item_id=item.id).pack()
            await edit_text(
                message,
                t("reminders.marked_done", title=shorten(item.title, 200)),
                undo_markup(t, undo),
            )
        await query.answer()
    elif action == "undo":
        # Open again: its reminders are re-armed as its dates still call for (one
        # already sent for the same moment is not sent again).
        if item.status == "done":
            item = await notebook.set_status(user, item.id, "open") or item
            await refresh_confirmation(query.bot, t, item, now=now, tz=user.tz)
        if message is not None:
            row = await notebook.reminders.sent_as(user.user_id, item.id, message.message_id)
            text = (
                reminder_text(t, row, item, now=now, tz=user.tz, late=None)
                if row is not None
                else item_card(t, item, now=now, tz=user.tz)
            )
            await edit_text(message, text, reminder_keyboard(t, item))
        await query.answer(t("capture.restored"))
    elif action in ("hour", "tomorrow"):
        until = snooze_until(action, now, user.tz)
        if await notebook.snooze(user, item.id, until) is None:
            await query.answer(t("errors.unavailable"), show_alert=True)
            return
        if message is not None:
            shown = snoozed_text(t, message.html_text, until, now=now, tz=user.tz)
            await edit_text(message, shown, None)
        await query.answer(t("reminders.snoozed", due=format_when(t, until, now, user.tz)))
    elif action == "move":
        await notebook.ask_date(user, item.id)
        if message is not None:
            await message.answer(t("capture.ask_date", title=shorten(item.title, 100)))
        await query.answer()
    else:
        await query.answer(t("errors.unavailable"), show_alert=True)


def describe_policy(t: Translator, policy: PaddingPolicy) -> Html:
    if not policy.enabled:
        return t("pad.off")
    days = t.plural("pad.business_days", policy.min_business_days)
    return t("pad.policy", days=days, percent=policy.percent)


def pad_error(t: Translator, error: PadArgumentError, args: str) -> Html:
    if error.reason == "too_large":
        days = t.plural("pad.business_days", MAX_BUSINESS_DAYS)
        return t("pad.too_large", days=days, percent=MAX_PERCENT)
    if error.reason == "negative":
        return t("pad.negative")
    return t("pad.invalid", value=shorten(args, 60))


async def cmd_pad(
    message: Message,
    command: CommandObject,
    user: User,
    t: Translator,
    notebook: Notebook,
    users: UserRepository,
) -> None:
    args = (command.args or "").strip()
    try:
        asked = read_pad_command(args)
    except PadArgumentError as error:
        await message.answer(pad_error(t, error, args))
        return
    client = await notebook.find_client(user, asked.client) if asked.client else None
    if asked.client is not None and client is None:
        if asked.change is None:  # no padding in it either: not a name, just not understood
            await message.answer(t("pad.invalid", value=shorten(args, 60)))
        else:
            await message.answer(t("pad.unknown_client", client=shorten(asked.client, 60)))
        return
    if client is None:
        if asked.change is None:
            policy = describe_policy(t, padding_policy(user, None))
            await message.answer(t("pad.current", policy=policy))
            return
        user = replace(user, pad=changed_override(user.pad, asked.change))
        await users.set_pad(user.user_id, user.pad)
        policy = describe_policy(t, padding_policy(user, None))
        await message.answer(t("pad.set_user", policy=policy))
        return
    if asked.change is None:
        key = "pad.client_follows" if client.pad.empty else "pad.client_current"
    else:
        client = replace(client, pad=changed_override(client.pad, asked.change))
        await notebook.clients.set_pad(user.user_id, client.id, client.pad)
        key = "pad.client_reset" if client.pad.empty else "pad.set_client"
    policy = describe_policy(t, padding_policy(user, client))
    await message.answer(t(key, client=client.name, policy=policy))


async def cmd_recurring(message: Message, user: User, t: Translator, notebook: Notebook) -> None:
    rows = await notebook.reminders.recurring(user.user_id)
    if not rows:
        await message.answer(t("recurring.none"))
        return
    lines = [t("recurring.list_header")]
    builder = InlineKeyboardBuilder()
    for number, row in enumerate(rows, start=1):
        rule = Recurrence.from_rule(row.rule).describe(t.language)
        lines.append(
            t(
                "recurring.line",
                number=number,
                rule=rule,
                client=row.client_name or t("capture.inbox"),
                title=shorten(row.title, 80),
            )
        )
        builder.button(
            text=t.plain("recurring.cancel_button", number=number),
            callback_data=RecurringAction(action="stop", recurring_id=row.id),
        )
    builder.adjust(5)
    await message.answer("\n".join(lines), reply_markup=builder.as_markup())


async def on_recurring_action(
    query: CallbackQuery,
    callback_data: RecurringAction,
    user: User,
    t: Translator,
    notebook: Notebook,
) -> None:
    rows = await notebook.reminders.recurring(user.user_id, callback_data.recurring_id)
    action = callback_data.action
    if rows and action in ("hour", "tomorrow"):
        # From a check-in's occurrence: once more later, the rule running on as it was.
        now = notebook.now()
        until = snooze_until(action, now, user.tz)
        if not await notebook.snooze_recurring(user, rows[0].id, until):
            await query.answer(t("errors.unavailable"), show_alert=True)
            return
        if isinstance(query.message, Message):
            shown = snoozed_text(t, query.message.html_text, until, now=now, tz=user.tz)
            await edit_text(query.message, shown, None)
        await query.answer(t("reminders.snoozed", due=format_when(t, until, now, user.tz)))
        return
    if (
        not rows
        or action != "stop"
        or not await notebook.stop_recurring(user, callback_data.recurring_id)
    ):
        await query.answer(t("errors.unavailable"), show_alert=True)
        return
    await query.answer()
    if isinstance(query.message, Message):
        # Undone by the confirmation's own button: the message becomes the rule's card.
        undo = RecurringCardAction(action="undo", recurring_id=rows[0].id).pack()
        await query.message.answer(
            t("recurring.cancelled", title=shorten(rows[0].title, 200)),
            reply_markup=undo_markup(t, undo),
        )


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.register(on_reminder_action, ReminderAction.filter())
    router.callback_query.register(on_recurring_action, RecurringAction.filter())
    router.message.register(cmd_pad, Command("pad"))
    router.message.register(cmd_recurring, Command("recurring"))
    return router
