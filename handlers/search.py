"""/find and "?words": search everything the user wrote down or logged."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.callbacks import SearchPage
from bot.filters import QuickCommand, is_question
from bot.i18n import Html, Translator, format_numeric
from bot.models import User
from bot.notebook import Notebook
from bot.replies import Button, inline_markup
from bot.textsearch import highlight, match_query, short_stems
from bot.views import shorten
from storage.search import SearchRepository

PAGE = 5


# A query this short may be a client's name: "/find Acme" finds what is filed under it.
NAME_WORDS = 3


async def _results(
    t: Translator,
    user: User,
    search: SearchRepository,
    notebook: Notebook,
    text: str,
    client_id: int | None,
    query_id: int,
    page: int,
) -> tuple[Html, InlineKeyboardMarkup | None]:
    whole = await search.written_whole(user.user_id, short_stems(text))
    match = match_query(text, user_id=user.user_id, whole=whole)
    # "/find 15 декабря" also finds what is due that day, the other words narrowing it.
    day = notebook.day_searched(user, text) if match is not None else None
    due_match = match_query(day.rest, user_id=user.user_id, whole=whole) if day else None
    named = None
    if client_id is None and match is not None and len(text.split()) <= NAME_WORDS:
        named = await notebook.find_client(user, text)
    label = text
    if match is None:
        scope = await notebook.clients.get(user.user_id, client_id) if client_id else None
        if scope is None:
            return t("search.empty_query"), None
        label = f"#{scope.name}"  # "/find #acme": everything of Acme's
    hits, more = await search.search(
        user.user_id,
        match,
        client_id=client_id,
        limit=PAGE,
        offset=page * PAGE,
        named_client=named.id if named else None,
        due_on=day.span(user.tz) if day else None,
        due_match=due_match,
    )
    if not hits and page == 0:
        return t("search.nothing", query=shorten(label, 60)), None
    lines = [t("search.header", query=shorten(label, 60), page=page + 1)]
    for hit in hits:
        when = format_numeric(t, "dates.numeric", hit.at.astimezone(user.tz))
        # An item hit's title is its kind; a logged message's is who wrote it.
        icon = t(f"kind_icons.{hit.title}") if hit.kind == "item" else t("search.conversation_icon")
        if hit.done:
            icon = t("search.done_icon", icon=icon)
        who = "" if hit.kind == "item" else t("search.who", name=hit.title)
        lines.append(
            t(
                "search.hit",
                icon=icon,
                client=hit.client or t("capture.inbox"),
                when=when,
                who=who,
                snippet=Html(highlight(hit.text, text, width=160, whole=whole)),
            )
        )

    def to_page(label: str, target: int) -> Button:
        return label, SearchPage(query_id=query_id, page=target).pack()

    buttons: list[Button] = []
    if page > 0:
        buttons.append(to_page("«", page - 1))
    if more:
        buttons.append(to_page("»", page + 1))
    markup = inline_markup([buttons]) if buttons else None
    return Html("\n\n".join(lines)), markup


async def _run(
    message: Message,
    text: str,
    user: User,
    t: Translator,
    notebook: Notebook,
    search: SearchRepository,
) -> None:
    text = text.strip()
    client_id = None
    words = text.split()
    if words and words[0].startswith("#"):
        client = await notebook.find_client(user, words[0][1:])
        if client is None:
            await message.answer(t("clients.unknown", name=shorten(words[0][1:], 60)))
            return
        client_id, text = client.id, " ".join(words[1:])
    if not text.strip() and client_id is None:
        await message.answer(t("search.empty_query"))
        return
    query_id = await search.remember(user.user_id, text, client_id, notebook.now())
    body, markup = await _results(t, user, search, notebook, text, client_id, query_id, 0)
    await message.answer(body, reply_markup=markup)


async def cmd_find(
    message: Message,
    command: CommandObject,
    user: User,
    t: Translator,
    notebook: Notebook,
    search: SearchRepository,
) -> None:
    await _run(message, command.args or "", user, t, notebook, search)


async def on_question(
    message: Message,
    user: User,
    t: Translator,
    notebook: Notebook,
    search: SearchRepository,
) -> None:
    assert message.text is not None
    await _run(message, message.text[1:], user, t, notebook, search)


async def on_page(
    query: CallbackQuery,
    callback_data: SearchPage,
    user: User,
    t: Translator,
    notebook: Notebook,
    search: SearchRepository,
) -> None:
    # The query this answer was for, and only if it is this user's: a button of
    # another user's answer, forged or out of date, finds nothing.
    asked = await search.query(user.user_id, callback_data.query_id)
    if asked is None or callback_data.page < 0 or not isinstance(query.message, Message):
        await query.answer(t("errors.unavailable"), show_alert=True)
        return
    text, client_id = asked
    body, markup = await _results(
        t, user, search, notebook, text, client_id, callback_data.query_id, callback_data.page
    )
    await query.message.edit_text(body, reply_markup=markup)
    await query.answer()


def create_command_router() -> Router:
    router = Router(name=f"{__name__}.commands")
    router.message.register(cmd_find, QuickCommand("find"))
    return router


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(on_question, is_question)
    router.callback_query.register(on_page, SearchPage.filter())
    return router
