"""/today, /week, /digest and the digest's buttons."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message

from bot.callbacks import DigestAction
from bot.digest import (
    Composed,
    Digests,
    action_number,
    closed_keyboard,
    marked_agenda,
    reopened_keyboard,
    unmarked_agenda,
)
from bot.edits import edit_markup, edit_text, refresh_confirmation
from bot.i18n import Html, Translator, format_clock, format_when
from bot.models import User
from bot.notebook import Notebook
from bot.timing import parse_clock
from bot.views import shorten


async def _send(message: Message, composed: Composed) -> None:
    for index, part in enumerate(composed.parts):
        last = index == len(composed.parts) - 1
        await message.answer(part, reply_markup=composed.keyboard if last else None)


async def cmd_today(message: Message, user: User, t: Translator, digests: Digests) -> None:
    await _send(message, await digests.agenda_for(user.user_id, t, days=1))


async def cmd_week(message: Message, user: User, t: Translator, digests: Digests) -> None:
    await _send(message, await digests.agenda_for(user.user_id, t, days=7))


async def cmd_digest(
    message: Message,
    command: CommandObject,
    user: User,
    t: Translator,
    digests: Digests,
    notebook: Notebook,
) -> None:
    words = (command.args or "").lower().split()
    repo = digests.repo
    if not words:
        settings = await repo.user(user.user_id)
        assert settings is not None
        at = format_clock(t, settings.digest_time or digests.default_time)
        key = "digest.status_on" if settings.enabled else "digest.status_off"
        await message.answer(
            t(key, time=at, weekends=t("digest.yes" if settings.weekends else "digest.no"))
        )
        return
    if words == ["off"]:
        await repo.set_preferences(user.user_id, enabled=False)
        await message.answer(t("digest.off"))
    elif words == ["on"]:
        await repo.set_preferences(user.user_id, enabled=True)
        await message.answer(t("digest.on"))
    elif words[0] == "weekends" and words[1:] in (["on"], ["off"]):
        await repo.set_preferences(user.user_id, weekends=words[1] == "on")
        await message.answer(t("digest.weekends_on" if words[1] == "on" else "digest.weekends_off"))
    elif words[0] == "quiet" and words[1:] in (["on"], ["off"]):
        await repo.set_preferences(user.user_id, skip_empty=words[1] == "on")
        await message.answer(t("digest.quiet_on" if words[1] == "on" else "digest.quiet_off"))
    elif len(words) <= 2 and (chosen := parse_clock(" ".join(words))) is not None:
        await repo.set_preferences(user.user_id, digest_time=chosen, enabled=True)
        # Set to an hour that has passed, today's is not coming: say when the next is.
        upcoming = await digests.next_at(user.user_id)
        parts = [t("digest.time_set", time=format_clock(t, chosen))]
        if upcoming is not None:
            parts.append(t("digest.next", when=format_when(t, upcoming, notebook.now(), user.tz)))
        await message.answer(Html("".join(parts)))
    else:
        await message.answer(t("digest.usage", value=shorten(command.args or "", 40)))
        return
    digests.poke()


async def on_digest_action(
    query: CallbackQuery,
    callback_data: DigestAction,
    user: User,
    t: Translator,
    notebook: Notebook,
    digests: Digests,
) -> None:
    item = await notebook.item(user, callback_data.item_id)
    wanted = "done" if callback_data.action == "undo" else "open"
    if item is None or item.status != wanted:
        await query.answer(t("errors.unavailable"), show_alert=True)
        return
    now = notebook.now()
    message = query.message if isinstance(query.message, Message) else None
    shown, markup = digests.shown.view(message) if message is not None else ("", None)
    if callback_data.action == "done":
        done = await notebook.set_status(user, item.id, "done")
        await refresh_confirmation(query.bot, t, done, now=now, tz=user.tz)
        await query.answer(t.plain("reminders.marked_done", title=shorten(item.title, 150)))
        marked = marked_agenda(t, shown, markup, item.id, "agenda.marked_done")
        # A slip of the finger is undone by the same button, now ↩️, as on a reminder.
        rest = closed_keyboard(markup, item.id, action_number(markup, item.id))
    elif callback_data.action == "undo":
        # Open again: its reminders are re-armed as its dates still call for.
        reopened = await notebook.set_status(user, item.id, "open")
        await refresh_confirmation(query.bot, t, reopened, now=now, tz=user.tz)
        await query.answer(t("capture.restored"))
        number = action_number(markup, item.id)
        marked = unmarked_agenda(t, shown, markup, item.id, "agenda.marked_done")
        rest = reopened_keyboard(markup, item.id, number) if number is not None else markup
    elif callback_data.action == "snooze":
        until = await digests.snooze_until(user.user_id, now)
        await notebook.snooze(user, item.id, until)
        when = format_when(t, until, now, user.tz)
        await query.answer(t("reminders.snoozed", due=when))
        marked = marked_agenda(t, shown, markup, item.id, "agenda.marked_snoozed", when=when)
        rest = closed_keyboard(markup, item.id, None)
    else:
        await query.answer(t("errors.unavailable"), show_alert=True)
        return
    if message is not None:
        if marked is None:
            await edit_markup(message, rest, shown=(shown, markup))
            marked = shown
        else:
            await edit_text(message, marked, rest, shown=(shown, markup))
        digests.shown.remember(message, marked, rest)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_today, Command("today"))
    router.message.register(cmd_week, Command("week"))
    router.message.register(cmd_digest, Command("digest"))
    router.callback_query.register(on_digest_action, DigestAction.filter())
    return router
