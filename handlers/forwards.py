"""Forwarded client chats: log each message quietly; the burst summary comes later."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.types import (
    CallbackQuery,
    Message,
    MessageOriginChannel,
    MessageOriginChat,
    MessageOriginHiddenUser,
    MessageOriginUser,
)

from bot.callbacks import ForwardAction
from bot.edits import edit_text
from bot.filters import is_forward
from bot.forwards import ForwardLog
from bot.i18n import Translator
from bot.keyboards import item_keyboard
from bot.models import User
from bot.notebook import Notebook
from bot.views import item_card, shorten
from storage.forwards import ForwardIn


def _origin(message: Message) -> tuple[str, str, str | None]:
    """A stable key for who wrote the original, its name, and the message's own author
    where that is someone else: the signature under a channel's or group's post, which
    names whoever wrote this one post, not the chat the client is."""
    origin = message.forward_origin
    if isinstance(origin, MessageOriginUser):
        return f"user:{origin.sender_user.id}", origin.sender_user.full_name, None
    if isinstance(origin, MessageOriginHiddenUser):
        return f"hidden:{origin.sender_user_name.casefold()}", origin.sender_user_name, None
    if isinstance(origin, MessageOriginChat):
        name = origin.sender_chat.title or origin.sender_chat.full_name
        return f"chat:{origin.sender_chat.id}", name, origin.author_signature
    if isinstance(origin, MessageOriginChannel):
        name = origin.chat.title or origin.chat.full_name
        return f"channel:{origin.chat.id}", name, origin.author_signature
    return "unknown", "?", None


def _media(message: Message) -> tuple[str | None, str | None]:
    if message.photo:
        return "photo", message.photo[-1].file_id
    for kind in ("document", "voice", "video", "audio", "video_note", "animation", "sticker"):
        attachment = getattr(message, kind)
        if attachment is not None:
            return kind, attachment.file_id
    return None, None


async def on_forward(
    message: Message, bot: Bot, user: User, t: Translator, forwards: ForwardLog
) -> None:
    assert message.forward_origin is not None
    origin = message.forward_origin
    if isinstance(origin, MessageOriginUser) and origin.sender_user.id == bot.id:
        # A digest or card of ours sent back, by habit or by mistake: logging it would
        # put the bot's words in a client's history.
        await message.answer(t("forwards.own_message"))
        return
    key, name, author = _origin(message)
    is_self = isinstance(message.forward_origin, MessageOriginUser) and (
        message.forward_origin.sender_user.id == user.user_id
    )
    media_type, file_id = _media(message)
    await forwards.repo.store(
        ForwardIn(
            user_id=user.user_id,
            chat_id=message.chat.id,
            message_id=message.message_id,
            origin_key=key,
            display_name=name,
            is_self=is_self,
            origin_date=message.forward_origin.date,
            received_at=message.date,
            text=message.text or message.caption or "",
            media_type=media_type,
            file_id=file_id,
            media_group_id=message.media_group_id,
            author=author,
        )
    )
    forwards.received(user.user_id)


async def on_forward_action(
    query: CallbackQuery,
    callback_data: ForwardAction,
    user: User,
    t: Translator,
    notebook: Notebook,
    forwards: ForwardLog,
) -> None:
    action = callback_data.action
    if action in ("origin", "neworigin", "team"):
        origin = await forwards.repo.origin(user.user_id, callback_data.ref)
        if origin is None:
            await query.answer(t("errors.unavailable"), show_alert=True)
            return
        if action == "team":
            await forwards.repo.assign_origin(
                user.user_id, origin.id, client_id=None, is_team=True, now=notebook.now()
            )
            await query.answer(t.plain("forwards.is_team", name=shorten(origin.display_name, 60)))
            await _answered(query, user, forwards, origin.id)
            return
        if action == "neworigin":
            client = await notebook.clients.create(
                user.user_id, origin.display_name, notebook.now()
            )
        else:
            found = await notebook.clients.get(user.user_id, callback_data.arg)
            if found is None:
                await query.answer(t("errors.unavailable"), show_alert=True)
                return
            client = found
        await forwards.repo.assign_origin(
            user.user_id, origin.id, client_id=client.id, is_team=False, now=notebook.now()
        )
        # Both shortened: a callback answer over 200 characters is refused outright
        # (https://core.telegram.org/bots/api#answercallbackquery).
        await query.answer(
            t.plain(
                "forwards.assigned",
                name=shorten(origin.display_name, 60),
                client=shorten(client.name, 60),
            )
        )
        await _answered(query, user, forwards, origin.id)
        return
    forward = await forwards.repo.forward(user.user_id, callback_data.ref)
    if forward is None or action not in ("req", "dl"):
        await query.answer(t("errors.unavailable"), show_alert=True)
        return
    item = await notebook.add_from_forward(
        user, forward, "deadline" if action == "dl" else "request"
    )
    if item is None:
        await query.answer(t("deadlines.client_date_too_soon"), show_alert=True)
        return
    await query.answer()
    if isinstance(query.message, Message):
        suggestions = await notebook.clients.recent(user.user_id) if item.client_id is None else []
        await query.message.answer(
            item_card(t, item, now=notebook.now(), tz=user.tz),
            reply_markup=item_keyboard(t, item, suggestions),
        )


async def _answered(query: CallbackQuery, user: User, forwards: ForwardLog, origin_id: int) -> None:
    """The question is answered: the summary says where the chats went, and asks about
    the next unknown sender in it, if any, with the same choices."""
    if not isinstance(query.message, Message):
        return
    conversations = await forwards.reported_in(user, query.message.message_id, origin_id)
    if not conversations:
        return
    text, markup = await forwards.summary(user, conversations)
    await edit_text(query.message, text, markup)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_forward, is_forward)
    router.callback_query.register(on_forward_action, ForwardAction.filter())
    return router
