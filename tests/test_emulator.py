"""The Bot API emulator behaves like Telegram for a real aiogram Bot: results, errors, faults."""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import sys
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.emulator import (
    TelegramEmulator,
    UserClient,
    origin_channel,
    origin_chat,
    origin_hidden,
    origin_user,
    spec_available,
    validate_call,
    validate_object,
)
from tests.emulator.html import HtmlParseError, parse_html

USER_ID = 501


class FakeClock:
    def __init__(self, now: float = 1_750_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def emu(clock: FakeClock) -> AsyncIterator[TelegramEmulator]:
    async with TelegramEmulator(clock=clock) as emulator:
        yield emulator
        assert emulator.violations == []


def make_bot(emu: TelegramEmulator, token: str | None = None) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(emu.base_url))
    return Bot(token or emu.token, session=session)


async def close_bot(bot: Bot) -> None:
    # AiohttpSession.close() sleeps 250 ms for TLS shutdown; plain HTTP to localhost needs none.
    assert isinstance(bot.session, AiohttpSession)
    if bot.session._session is not None:
        await bot.session._session.close()


@pytest.fixture
async def bot(emu: TelegramEmulator) -> AsyncIterator[Bot]:
    bot = make_bot(emu)
    yield bot
    await close_bot(bot)


@pytest.fixture
def user(emu: TelegramEmulator) -> UserClient:
    return emu.user(USER_ID, first_name="Anna", username="anna")


def keyboard(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=t, callback_data=d)] for t, d in buttons]
    )


async def test_get_me(bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username) == (123456789, True, "am_test_bot")


async def test_wrong_token_is_unauthorized(emu: TelegramEmulator) -> None:
    other = make_bot(emu, token="42:WrongTokenWrongTokenWrongTokenWrong")
    with pytest.raises(TelegramUnauthorizedError, match="Unauthorized"):
        await other.get_me()
    await close_bot(other)


async def test_send_message_is_stored_as_the_user_sees_it(bot: Bot, user: UserClient) -> None:
    sent = await bot.send_message(
        USER_ID, "<b>Hi</b> &lt;there&gt;", parse_mode="HTML", reply_markup=keyboard(("Ok", "ok"))
    )
    assert sent.text == "Hi <there>"
    assert sent.entities is not None
    assert sent.entities[0].type == "bold"
    message = await user.next_message()
    assert (message.message_id, message.text, message.html) == (
        sent.message_id,
        "Hi <there>",
        "<b>Hi</b> &lt;there&gt;",
    )
    assert message.buttons == ["Ok"]


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "message text is empty"),
        ("  \n ", "message text is empty"),
        ("<b></b>", "message text is empty"),
        ("x" * 4097, "message is too long"),
        ("😀" * 2049, "message is too long"),  # 4098 UTF-16 code units
        ("<b>" + "x" * 4096 + "</b>", None),  # tags do not count
    ],
)
async def test_text_limits(bot: Bot, user: UserClient, text: str, error: str | None) -> None:
    if error is None:
        await bot.send_message(USER_ID, text, parse_mode="HTML")
        return
    with pytest.raises(TelegramBadRequest, match=f"^Telegram server says - Bad Request: {error}$"):
        await bot.send_message(USER_ID, text, parse_mode="HTML")


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("hello <foo>x</foo>", 'Unsupported start tag "foo" at byte offset 6'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("plain</b>", "Unexpected end tag at byte offset 5"),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("привет <3 тебе", 'Unsupported start tag "3" at byte offset 13'),
        ("end <3", "Unclosed start tag at byte offset 4"),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("AT&T", "Character '&' is reserved and must be escaped as &amp; at byte offset 2"),
        ("a&nbsp;b", 'Unsupported HTML entity "&nbsp;" at byte offset 1'),
        ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ('<a href="x"', "Unclosed start tag at byte offset 0"),
    ],
)
async def test_bad_html_is_rejected_like_telegram(
    bot: Bot, user: UserClient, text: str, error: str
) -> None:
    with pytest.raises(TelegramBadRequest) as raised:
        await bot.send_message(USER_ID, text, parse_mode="HTML")
    assert raised.value.message == f"Bad Request: can't parse entities: {error}"
    assert user.messages == []


def test_all_telegram_tags_are_accepted() -> None:
    parsed = parse_html(
        "<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s>"
        '<strike>k</strike><del>d</del><span class="tg-spoiler">p</span><tg-spoiler>t</tg-spoiler>'
        '<a href="https://x.org/?a=1&amp;b=2">l</a><code>c</code>'
        '<pre><code class="language-python">x = 1</code></pre><blockquote>q</blockquote>'
        "<blockquote expandable>e</blockquote>"
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'
        "&#65;&#x42;&quot;"
    )
    assert parsed.text == 'bsieunskdptlcx = 1qe👍AB"'
    types = [entity["type"] for entity in parsed.entities]
    assert types.count("bold") == 2
    assert "expandable_blockquote" in types
    assert {"type": "pre", "offset": 13, "length": 5, "language": "python"} in parsed.entities
    assert parsed.entities[types.index("text_link")]["url"] == "https://x.org/?a=1&b=2"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_escaped_text_is_always_accepted_verbatim(text: str) -> None:
    assert parse_html(html.escape(text)).text == text


@given(st.text(alphabet="<>&ab/ ", max_size=12))
def test_html_checker_never_crashes(text: str) -> None:
    with contextlib.suppress(HtmlParseError):
        parse_html(text)


async def test_other_parse_modes_are_rejected(bot: Bot, user: UserClient) -> None:
    with pytest.raises(TelegramBadRequest, match="unsupported parse_mode"):
        await bot.send_message(USER_ID, "*x*", parse_mode="MarkdownV2")


async def test_caption_limit(bot: Bot, user: UserClient) -> None:
    file = BufferedInputFile(b"data", "a.txt")
    with pytest.raises(TelegramBadRequest, match="message caption is too long"):
        await bot.send_document(USER_ID, file, caption="x" * 1025)


@pytest.mark.parametrize(
    ("button", "error"),
    [
        (InlineKeyboardButton(text="x", callback_data="d" * 65), "BUTTON_DATA_INVALID"),
        (InlineKeyboardButton(text="x", callback_data="ж" * 33), "BUTTON_DATA_INVALID"),
        (InlineKeyboardButton(text="x", callback_data=""), "BUTTON_DATA_INVALID"),
        (InlineKeyboardButton(text="", callback_data="d"), "BUTTON_TEXT_EMPTY"),
        (InlineKeyboardButton(text="x"), "Text buttons are unallowed in the inline keyboard"),
        (
            InlineKeyboardButton(text="x", callback_data="d", url="https://x.org"),
            "exactly one of url, callback_data must be used",
        ),
    ],
)
async def test_inline_keyboard_checks(
    bot: Bot, user: UserClient, button: InlineKeyboardButton, error: str
) -> None:
    markup = InlineKeyboardMarkup(inline_keyboard=[[button]])
    with pytest.raises(TelegramBadRequest, match=error):
        await bot.send_message(USER_ID, "pick", reply_markup=markup)


async def test_callback_data_of_exactly_64_bytes_is_fine(bot: Bot, user: UserClient) -> None:
    await bot.send_message(USER_ID, "pick", reply_markup=keyboard(("x", "ж" * 32)))


async def test_unknown_and_blocked_chats(emu: TelegramEmulator, bot: Bot, user: UserClient) -> None:
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(777, "hi")
    emu.block_user(USER_ID)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(USER_ID, "hi")
    emu.unblock_user(USER_ID)
    await bot.send_message(USER_ID, "hi")


async def test_injected_faults(emu: TelegramEmulator, bot: Bot, user: UserClient) -> None:
    emu.fail("sendMessage", 429, retry_after=7)
    with pytest.raises(TelegramRetryAfter) as raised:
        await bot.send_message(USER_ID, "x")
    assert raised.value.retry_after == 7
    assert raised.value.message.endswith("Original description: Too Many Requests: retry after 7")
    emu.fail("*", 500, times=2)
    for _ in range(2):
        with pytest.raises(TelegramServerError, match="Internal Server Error"):
            await bot.get_me()
    emu.fail("getMe", 502, description="Bad Gateway")
    with pytest.raises(TelegramServerError, match="Bad Gateway"):
        await bot.get_me()
    await bot.send_message(USER_ID, "finally")
    assert [m.text for m in user.messages] == ["finally"]


async def test_stall_and_reset_connection(
    emu: TelegramEmulator, bot: Bot, user: UserClient
) -> None:
    emu.stall("sendMessage", seconds=5)
    with pytest.raises(TelegramNetworkError, match="Request timeout error"):
        await bot.send_message(USER_ID, "slow", request_timeout=1)
    emu.reset_connection("sendMessage")
    with pytest.raises(TelegramNetworkError, match="ServerDisconnected"):
        await bot.send_message(USER_ID, "dropped")
    assert user.messages == []
    # The nasty case: Telegram performed the call but the answer never arrived.
    emu.reset_connection("sendMessage", execute_first=True)
    with pytest.raises(TelegramNetworkError):
        await bot.send_message(USER_ID, "delivered anyway")
    assert [m.text for m in user.messages] == ["delivered anyway"]


async def test_rate_limits_on_the_emulator_clock(
    emu: TelegramEmulator, clock: FakeClock, bot: Bot, user: UserClient
) -> None:
    emu.enforce_rate_limits = True
    for _ in range(3):  # a short burst to one chat is fine
        await bot.send_message(USER_ID, "x")
    with pytest.raises(TelegramRetryAfter) as raised:
        await bot.send_message(USER_ID, "x")
    assert raised.value.retry_after == 1
    clock.now += 1
    await bot.send_message(USER_ID, "x")


async def test_global_rate_limit(emu: TelegramEmulator, clock: FakeClock, bot: Bot) -> None:
    emu.enforce_rate_limits = True
    for user_id in range(1, 31):
        emu.user(user_id)
        await bot.send_message(user_id, "x")
    emu.user(31)
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(31, "x")
    clock.now += 1
    await bot.send_message(31, "x")


async def test_get_updates_confirmation(emu: TelegramEmulator, bot: Bot, user: UserClient) -> None:
    for text in ("one", "two", "three"):
        await user.send(text)
    first = await bot.get_updates()
    assert [u.message.text for u in first if u.message] == ["one", "two", "three"]
    again = await bot.get_updates(limit=2)  # unconfirmed updates come back
    assert [u.update_id for u in again] == [u.update_id for u in first[:2]]
    after_one = await bot.get_updates(offset=first[0].update_id + 1)
    assert [u.update_id for u in after_one] == [u.update_id for u in first[1:]]
    assert emu.confirmed_offset == first[0].update_id + 1
    last = await bot.get_updates(offset=-1)  # forget all but the last one
    assert [u.update_id for u in last] == [first[2].update_id]
    assert await bot.get_updates(offset=first[2].update_id + 1) == []
    assert emu.pending_updates() == []
    await emu.wait_idle()


async def test_long_poll_wakes_up_on_a_new_update(bot: Bot, user: UserClient) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await asyncio.sleep(0.1)
    assert not poll.done()
    await user.send("wake up")
    updates = await asyncio.wait_for(poll, 2)
    assert updates[0].message is not None
    assert updates[0].message.text == "wake up"


async def test_long_poll_times_out_empty(bot: Bot) -> None:
    assert await bot.get_updates(timeout=1) == []


async def test_concurrent_get_updates_conflict(emu: TelegramEmulator, bot: Bot) -> None:
    """As on Telegram: the newer getUpdates wins, the one still waiting gets 409."""
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await emu.wait_for(lambda: emu.state()["polling"], 2)
    second = make_bot(emu)
    newer = asyncio.create_task(second.get_updates(timeout=1))
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates request"):
        await poll
    assert await newer == []
    await close_bot(second)
    await emu.wait_for(lambda: not emu.state()["polling"], 2)
    assert await bot.get_updates() == []


async def test_webhook_blocks_get_updates(emu: TelegramEmulator, bot: Bot) -> None:
    await bot.set_webhook("https://example.org/hook", secret_token="s3cret")
    assert (await bot.get_webhook_info()).url == "https://example.org/hook"
    with pytest.raises(TelegramConflictError, match="can't use getUpdates method while webhook"):
        await bot.get_updates()
    await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.get_updates() == []


async def test_my_commands_per_scope(bot: Bot, user: UserClient) -> None:
    commands = [BotCommand(command="start", description="Start")]
    await bot.set_my_commands(commands, language_code="ru")
    await bot.set_my_commands(
        [BotCommand(command="help", description="Help")],
        scope=BotCommandScopeChat(chat_id=USER_ID),
    )
    assert [c.command for c in await bot.get_my_commands(language_code="ru")] == ["start"]
    assert await bot.get_my_commands() == []
    chat_scope = BotCommandScopeChat(chat_id=USER_ID)
    assert [c.command for c in await bot.get_my_commands(scope=chat_scope)] == ["help"]
    await bot.delete_my_commands(language_code="ru")
    assert await bot.get_my_commands(language_code="ru") == []
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Bad-Name", description="x")])


async def test_edit_and_delete_rules(bot: Bot, user: UserClient) -> None:
    sent = await bot.send_message(USER_ID, "v1", reply_markup=keyboard(("A", "a")))
    with pytest.raises(TelegramBadRequest, match="message is not modified: specified new"):
        await bot.edit_message_text(
            "v1", chat_id=USER_ID, message_id=sent.message_id, reply_markup=keyboard(("A", "a"))
        )
    before = user.last_message
    await bot.edit_message_text(
        "<i>v2</i>", chat_id=USER_ID, message_id=sent.message_id, parse_mode="HTML"
    )
    after = await user.wait_edit(before, timeout=1)
    assert (after.text, after.buttons) == ("v2", [])  # no reply_markup removes the keyboard
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=USER_ID, message_id=999)
    own = await user.send("mine")
    with pytest.raises(TelegramBadRequest, match="message can't be edited"):
        await bot.edit_message_text("x", chat_id=USER_ID, message_id=own["message_id"])
    await bot.edit_message_reply_markup(
        chat_id=USER_ID, message_id=sent.message_id, reply_markup=keyboard(("B", "b"))
    )
    assert user.last_message.buttons == ["B"]
    assert await bot.delete_message(USER_ID, sent.message_id)
    assert user.last_message.deleted
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(USER_ID, sent.message_id)


async def test_callback_queries(emu: TelegramEmulator, bot: Bot, user: UserClient) -> None:
    await bot.send_message(USER_ID, "pick", reply_markup=keyboard(("Done", "done:1")))
    await user.next_message()
    query_id = await user.click("Done")
    (update,) = await bot.get_updates()
    assert update.callback_query is not None
    assert update.callback_query.data == "done:1"
    assert update.callback_query.message is not None
    with pytest.raises(TelegramBadRequest, match="MESSAGE_TOO_LONG"):
        await bot.answer_callback_query(query_id, text="x" * 201)
    await bot.answer_callback_query(query_id, text="Saved")
    assert [a["text"] for a in user.callback_answers] == ["Saved"]
    with pytest.raises(TelegramBadRequest, match="query is too old and response timeout expired"):
        await bot.answer_callback_query(query_id)
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query("123")
    with pytest.raises(AssertionError, match="no inline button 'Nope'"):
        await user.click("Nope")


async def test_document_round_trip(emu: TelegramEmulator, bot: Bot, user: UserClient) -> None:
    payload = "дата;сумма\n2026-06-18;100\n".encode()
    sent = await bot.send_document(
        USER_ID,
        BufferedInputFile(payload, "report.csv"),
        caption="<b>Report</b>",
        parse_mode="HTML",
    )
    message = await user.next_message()
    assert message.document == ("report.csv", payload)
    assert message.text == "Report"
    assert sent.document is not None
    # The same file again by file_id, then downloaded through getFile like a real bot would.
    await bot.send_document(USER_ID, sent.document.file_id)
    downloaded = await bot.download(sent.document.file_id)
    assert downloaded is not None
    assert downloaded.read() == payload
    with pytest.raises(TelegramBadRequest, match="wrong file identifier"):
        await bot.send_document(USER_ID, "no-such-file")


async def test_user_files_are_downloadable(bot: Bot, user: UserClient) -> None:
    await user.send_document("notes.txt", b"hello", caption="see")
    (update,) = await bot.get_updates()
    assert update.message is not None
    assert update.message.document is not None
    downloaded = await bot.download(update.message.document.file_id)
    assert downloaded is not None
    assert downloaded.read() == b"hello"


async def test_send_photo_and_chat_action(bot: Bot, user: UserClient) -> None:
    await bot.send_chat_action(USER_ID, "typing")
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    await bot.send_photo(USER_ID, BufferedInputFile(png, "chart.png"), caption="chart")
    message = await user.next_message()
    assert (message.photo, message.text) == (png, "chart")
    with pytest.raises(TelegramBadRequest, match="IMAGE_PROCESS_FAILED"):
        await bot.send_photo(USER_ID, BufferedInputFile(b"not an image", "x.png"))


async def test_every_user_update_kind_parses_in_aiogram(
    emu: TelegramEmulator, bot: Bot, user: UserClient
) -> None:
    sent = await user.send(
        "/start deep",
    )
    assert sent["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    await user.send_photo(caption="pic")
    await user.send_voice(duration=4)
    await user.send_sticker()
    await user.send_location()
    await user.send_contact()
    await user.send_media_group(3, caption="album")
    await user.edit(sent, "/start edited")
    origins = [
        origin_user(42, "Boris", username="boris"),
        origin_hidden("Secret Sam"),
        origin_chat(-1001, "Team chat"),
        origin_channel(-1002, "News", message_id=77, username="news"),
    ]
    for origin in origins:
        await user.forward("forwarded text", origin)
    updates = await bot.get_updates()
    assert len(updates) == 14
    for update in emu.pending_updates():
        assert validate_object("Update", update) == []
        Update.model_validate(update)
    kinds = [
        u.message.forward_origin.type for u in updates if u.message and u.message.forward_origin
    ]
    assert kinds == ["user", "hidden_user", "chat", "channel"]
    groups = {u.message.media_group_id for u in updates if u.message and u.message.media_group_id}
    assert len(groups) == 1
    assert updates[-5].edited_message is not None


@pytest.mark.skipif(not spec_available(), reason="api.json is not available")
def test_spec_oracle_catches_bad_shapes() -> None:
    assert validate_call("sendMessage", {"chat_id": 1, "text": "x"}) == []
    assert validate_call("sendMessage", {"chat_id": 1}) == ["text: required field is missing"]
    assert validate_call("sendMessage", {"chat_id": True, "text": "x"}) == [
        "chat_id: expected Integer or String, got Boolean"
    ]
    scope = {"type": "chat"}  # chat_id missing in the BotCommandScopeChat subtype
    assert validate_call("getMyCommands", {"scope": scope}) == [
        "scope.chat_id: required field is missing"
    ]
    bad_origin = {"type": "user", "date": 1, "sender_user_name": "x"}
    assert "sender_user_name: unknown field of MessageOriginUser" in " ".join(
        validate_object("MessageOrigin", bad_origin)
    )
    assert validate_object("MessageOrigin", {"type": "martian", "date": 1}) != []


@pytest.mark.skipif(not spec_available(), reason="api.json is not available")
async def test_violating_calls_are_recorded(emu: TelegramEmulator) -> None:
    emu.user(USER_ID)
    async with aiohttp.ClientSession() as http:
        url = f"{emu.base_url}/bot{emu.token}"
        async with http.post(
            f"{url}/sendMessage", data={"chat_id": "501", "text": "hi", "colour": "red"}
        ) as resp:
            body = await resp.json()
        assert resp.status == 400
        assert body == {
            "ok": False,
            "error_code": 400,
            "description": "Bad Request: colour: unknown field of sendMessage",
        }
        async with http.post(f"{url}/sendMessage", json={"chat_id": 501, "text": 5}) as resp:
            assert (await resp.json())["description"] == (
                "Bad Request: text: expected String, got Integer"
            )
        async with http.post(f"{url}/sendMessagee", data={"chat_id": "1"}) as resp:
            assert (resp.status, (await resp.json())["description"]) == (404, "Not Found")
        # A String parameter is never JSON-decoded, even when it looks like JSON.
        async with http.get(f"{url}/sendMessage", params={"chat_id": "501", "text": "123"}) as resp:
            assert (await resp.json())["result"]["text"] == "123"
    assert [(v.method, v.problems) for v in emu.violations] == [
        ("sendMessage", ["colour: unknown field of sendMessage"]),
        ("sendMessage", ["text: expected String, got Integer"]),
        ("sendMessagee", ["method does not exist"]),
    ]
    emu.violations.clear()


async def test_real_dispatcher_end_to_end(
    emu: TelegramEmulator, bot: Bot, user: UserClient
) -> None:
    router = Router()

    @router.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(
            f"echo: <b>{html.escape(message.text or '')}</b>",
            parse_mode="HTML",
            reply_markup=keyboard(("Done", "done")),
        )

    @router.callback_query(F.data == "done")
    async def done(query: CallbackQuery) -> None:
        await query.answer("Saved")
        assert isinstance(query.message, Message)
        await query.message.edit_text("done ✅")

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    polling = asyncio.create_task(dispatcher.start_polling(bot, handle_signals=False))
    try:
        await user.send("a < b & c")
        reply = await user.next_message()
        assert reply.text == "echo: a < b & c"
        await user.click(reply, "Done")
        edited = await user.wait_edit(reply)
        assert edited.text == "done ✅"
        await emu.wait_idle()
        assert [a["text"] for a in user.callback_answers] == ["Saved"]
        await user.no_message(within=0.1)
    finally:
        await dispatcher.stop_polling()
        await polling


async def test_next_message_timeout_shows_history(bot: Bot, user: UserClient) -> None:
    await bot.send_message(USER_ID, "only one")
    await user.next_message()
    with pytest.raises(AssertionError, match=r"(?s)no new bot message.*'only one'"):
        await user.next_message(timeout=0.1)


async def test_control_api(emu: TelegramEmulator, bot: Bot) -> None:
    async with aiohttp.ClientSession(base_url=emu.base_url) as http:
        async with http.post("/_control/user/9/send", json={"text": "/start"}) as resp:
            assert (await resp.json())["text"] == "/start"
        async with http.get("/_control/state") as resp:
            assert (await resp.json())["pending"] == 1
        (update,) = await bot.get_updates()
        await bot.send_message(9, "hi", reply_markup=keyboard(("Go", "go")))
        async with http.get("/_control/chat/9/messages") as resp:
            messages = await resp.json()
        assert [(m["text"], m["buttons"]) for m in messages] == [("hi", ["Go"])]
        async with http.post("/_control/user/9/click", json={"button": "Go"}) as resp:
            assert (await resp.json())["callback_query_id"]
        async with http.post("/_control/fail", json={"method": "getMe", "error_code": 500}):
            pass
        with pytest.raises(TelegramServerError):
            await bot.get_me()
        async with http.post("/_control/block", json={"user_id": 9}):
            pass
        with pytest.raises(TelegramForbiddenError):
            await bot.send_message(9, "hi")
        await bot.get_updates(offset=update.update_id + 1)
        async with http.get("/_control/state") as resp:
            state = await resp.json()
        assert (state["confirmed_offset"], state["pending"]) == (update.update_id + 1, 1)


async def test_runs_as_a_subprocess() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.emulator", "--port", "0", stdout=asyncio.subprocess.PIPE
    )
    try:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), 10)).decode()
        base_url = line.strip().removeprefix("base_url=")
        async with aiohttp.ClientSession() as http, http.get(f"{base_url}/_control/state") as resp:
            assert json.loads(await resp.text())["pending"] == 0
    finally:
        process.terminate()
        await process.wait()
