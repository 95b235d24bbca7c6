"""The session posts JSON that says exactly what aiogram's form says, and a form for files."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.exceptions import ClientDecodeError
from aiogram.methods import (
    AnswerCallbackQuery,
    AnswerInlineQuery,
    BanChatMember,
    EditMessageText,
    SendDocument,
    SendMessage,
    SetMyCommands,
    TelegramMethod,
)
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    ReplyParameters,
)

from bot.replies import SendForId, inline_markup, wire_markup
from bot.session import JsonSession
from tests.conftest import ANNA, RunningBot
from tests.emulator import TelegramEmulator, UserClient

TOKEN = "42:TEST"
KEYBOARD = InlineKeyboardMarkup(
    inline_keyboard=[
        [InlineKeyboardButton(text="Тип ✏️", callback_data="i:kind:7:0")],
        [InlineKeyboardButton(text="Site", url="https://example.com/?a=1&b=ä")],
    ]
)

CALLS: list[TelegramMethod[Any]] = [
    SendMessage(chat_id=ANNA, text="<b>Дедлайн</b> · Acme & co", reply_markup=KEYBOARD),
    SendMessage(chat_id=ANNA, text="no defaults", parse_mode=None, disable_notification=False),
    SendMessage(
        chat_id="@channel",
        text="reply",
        reply_parameters=ReplyParameters(message_id=5, allow_sending_without_reply=True),
        link_preview_options=LinkPreviewOptions(is_disabled=True),
    ),
    EditMessageText(chat_id=ANNA, message_id=10, text="edited", reply_markup=KEYBOARD),
    AnswerCallbackQuery(callback_query_id="cb1", text="", show_alert=False),
    AnswerCallbackQuery(callback_query_id="cb2", text="Больше недоступно", show_alert=True),
    SetMyCommands(
        commands=[BotCommand(command="today", description="Сегодня")],
        scope=BotCommandScopeChat(chat_id=ANNA),
        language_code="ru",
    ),
    BanChatMember(chat_id=-100, user_id=5, until_date=datetime(2027, 1, 1, tzinfo=UTC)),
    # A parse mode inside a result: a bot default aiogram's own walk fills in.
    AnswerInlineQuery(
        inline_query_id="q",
        results=[
            InlineQueryResultArticle(
                id="1", title="t", input_message_content=InputTextMessageContent(message_text="m")
            )
        ],
    ),
]


def _plain(value: Any) -> Any:
    """A form field or a JSON value as the Bot API reads it: "5" and 5 are the same."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _form_fields(session: JsonSession, bot: Bot, method: TelegramMethod[Any]) -> dict[str, Any]:
    form = session.build_form_data(bot=bot, method=method)
    return {options["name"]: _plain(value) for options, _headers, value in form._fields}


@pytest.fixture
def session() -> JsonSession:
    return JsonSession()


@pytest.fixture
def aio_bot(session: JsonSession) -> Bot:
    return Bot(TOKEN, session=session, default=DefaultBotProperties(parse_mode="HTML"))


@pytest.mark.parametrize("method", CALLS, ids=lambda method: type(method).__name__)
def test_json_body_says_what_the_form_says(
    session: JsonSession, aio_bot: Bot, method: TelegramMethod[Any]
) -> None:
    body = session.json_body(aio_bot, method)
    assert body is not None
    decoded = {key: _plain(value) for key, value in json.loads(body).items()}
    assert decoded == _form_fields(session, aio_bot, method)


def test_json_body_keeps_text_readable_and_fills_the_default_parse_mode(
    session: JsonSession, aio_bot: Bot
) -> None:
    body = session.json_body(aio_bot, SendMessage(chat_id=ANNA, text="Отчёт к пятнице"))
    assert body is not None
    assert json.loads(body) == {"chat_id": ANNA, "text": "Отчёт к пятнице", "parse_mode": "HTML"}
    assert "Отчёт".encode() in body  # UTF-8 as is, not \\u escapes


def test_a_relative_until_date_is_a_timestamp(session: JsonSession, aio_bot: Bot) -> None:
    body = session.json_body(
        aio_bot, BanChatMember(chat_id=-100, user_id=5, until_date=timedelta(days=1))
    )
    assert body is not None
    until = json.loads(body)["until_date"]
    expected = (datetime.now(UTC) + timedelta(days=1)).timestamp()
    assert abs(until - expected) < 5


def test_a_file_goes_as_aiogram_form(session: JsonSession, aio_bot: Bot) -> None:
    document = SendDocument(chat_id=ANNA, document=BufferedInputFile(b"x", filename="a.csv"))
    assert session.json_body(aio_bot, document) is None


async def test_the_bot_posts_json_and_sends_files_as_multipart(
    bot: RunningBot, anna: UserClient, emulator: TelegramEmulator
) -> None:
    await anna.send("SEO report by Friday")
    card = await anna.next_message()
    assert "SEO report" in card.text
    assert card.buttons  # the keyboard made it through as a JSON object
    await anna.send("/export")
    document = await anna.next_message()
    assert document.document is not None
    assert emulator.encodings["sendMessage", "application/json"] >= 1
    assert emulator.encodings["sendDocument", "multipart/form-data"] >= 1
    assert not [kind for (_method, kind) in emulator.encodings if kind.endswith("urlencoded")]


def test_send_for_id_posts_what_send_message_posts(session: JsonSession, aio_bot: Bot) -> None:
    rows = [[("Тип ✏️", "i:kind:7:0"), ("Дата", "i:date:7:0")], [("Удалить & <b>", "i:del:7:0")]]
    fields: dict[str, Any] = {
        "chat_id": ANNA,
        "text": "<b>Дедлайн</b> · Acme",
        "message_thread_id": 3,
        "business_connection_id": "bc1",
    }
    slim_call = SendForId(**fields, reply_markup=wire_markup(rows))
    slim = session.json_body(aio_bot, slim_call)
    assert slim is not None
    assert slim == session.json_body(
        aio_bot, SendMessage(**fields, reply_markup=inline_markup(rows))
    )
    assert _form_fields(session, aio_bot, slim_call) == {
        key: _plain(value) for key, value in json.loads(slim).items()
    }


def test_send_for_id_reads_the_id_and_refuses_an_answer_without_one(
    session: JsonSession, aio_bot: Bot
) -> None:
    sent = {
        "message_id": 77,
        "date": 1,
        "chat": {"id": ANNA, "type": "private"},
        "text": "Дедлайн",
        "reply_markup": KEYBOARD.model_dump(exclude_none=True),
    }
    method = SendForId(chat_id=ANNA, text="Дедлайн")
    answer = json.dumps({"ok": True, "result": sent})
    response = session.check_response(bot=aio_bot, method=method, status_code=200, content=answer)
    assert response.result is not None
    assert response.result.message_id == 77
    del sent["message_id"]
    broken = json.dumps({"ok": True, "result": sent})
    with pytest.raises(ClientDecodeError):
        session.check_response(bot=aio_bot, method=method, status_code=200, content=broken)
