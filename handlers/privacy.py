"""/forget: delete everything the bot keeps about the user, after one confirmation."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.callbacks import ForgetAction
from bot.i18n import Translator
from bot.models import User
from storage.privacy import PrivacyRepository


async def cmd_forget(message: Message, t: Translator) -> None:
    markup = InlineKeyboardMarkup(
        inline_keyboard=[
            [
                InlineKeyboardButton(
                    text=t("forget.confirm"), callback_data=ForgetAction(confirm=True).pack()
                ),
                InlineKeyboardButton(
                    text=t("forget.cancel"), callback_data=ForgetAction(confirm=False).pack()
                ),
            ]
        ]
    )
    await message.answer(t("forget.ask"), reply_markup=markup)


async def on_forget(
    query: CallbackQuery,
    callback_data: ForgetAction,
    user: User,
    t: Translator,
    privacy: PrivacyRepository,
) -> None:
    if not isinstance(query.message, Message):
        await query.answer(t("errors.unavailable"), show_alert=True)
        return
    if not callback_data.confirm:
        await query.message.edit_text(t("forget.cancelled"))
        await query.answer()
        return
    # A write to the database drops every cached copy (Database.generation): the next
    # update reads the user afresh and finds nobody, so they start anew.
    gone = await privacy.forget(user.user_id)
    await query.message.edit_text(
        t(
            "forget.done",
            items=gone.items,
            clients=gone.clients,
            forwards=gone.forwards,
            reminders=gone.reminders,
        )
    )
    await query.answer()


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_forget, Command("forget"))
    router.callback_query.register(on_forget, ForgetAction.filter())
    return router
