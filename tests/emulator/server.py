"""An offline Telegram Bot API server for end-to-end tests of the real bot application.

The bot talks to it exactly as to api.telegram.org (`{base_url}/bot{token}/{method}`); every call
is checked against api.json and against the limits Telegram enforces, with Telegram's error
texts, so a test passes here only if the same traffic would pass against Telegram.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import json
import math
import os
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from itertools import count
from typing import Any, Self

from aiohttp import web

from .client import BotMessage, UserClient
from .html import HtmlParseError, ParsedText, parse_html, strip_entities, utf16_len
from .spec import UploadedFile, decode_params, get_spec, spec_available, spec_path
from .state import (
    ApiViolation,
    CallbackQueryState,
    ChatState,
    Fault,
    StoredFile,
    StoredMessage,
    photo_sizes,
)

DEFAULT_TOKEN = "123456789:AAEmulatorTokenForOfflineTests_abcdefg"
BOT_USERNAME = "am_test_bot"

MAX_TEXT = 4096  # https://core.telegram.org/bots/api#sendmessage: 1-4096 after entities parsing
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64  # bytes, https://core.telegram.org/bots/api#inlinekeyboardbutton
MAX_CALLBACK_ANSWER = 200
MAX_DOWNLOAD = 20 * 1024 * 1024  # getFile limit for bots
DELETE_WINDOW = 48 * 3600  # https://core.telegram.org/bots/api#deletemessage
# https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this
GLOBAL_SENDS_PER_SECOND = 30
CHAT_BURST = 3.0
CHAT_SENDS_PER_SECOND = 1.0

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
CONFLICT_POLLING = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
CHAT_ACTIONS = frozenset({
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note",
    "upload_video_note",
})  # fmt: skip
INLINE_ACTIONS = (
    "url", "callback_data", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
    "callback_game", "pay",
)  # fmt: skip
# Sent by default when getUpdates never specified allowed_updates.
DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
SEND_METHODS = frozenset({"sendMessage", "sendDocument", "sendPhoto"})
_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF8", b"RIFF")

Handler = Callable[[dict[str, Any]], Awaitable[Any]]


class ApiError(Exception):
    """An answer `{"ok": false, ...}` with Telegram's status and description."""

    def __init__(self, error_code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after


def bad_request(text: str) -> ApiError:
    return ApiError(400, f"Bad Request: {text}")


class TelegramEmulator:
    """The Bot API for one bot token, in memory, on 127.0.0.1 and a free port."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        clock: Callable[[], float] = time.time,
        host: str = "127.0.0.1",
        port: int = 0,
        first_update_id: int = 100_000_001,
        strict_html: bool = True,
    ) -> None:
        self.token = token
        self.clock = clock
        self.host = host
        self.port = port
        self.strict_html = strict_html
        self.enforce_rate_limits = False
        self.callback_query_ttl: float | None = None  # seconds of emulator clock; None = no expiry
        bot_id = token.split(":", 1)[0]
        self.bot_user: dict[str, Any] = {
            "id": int(bot_id) if bot_id.isdigit() else 123456789,
            "is_bot": True,
            "first_name": "AM Test Bot",
            "username": BOT_USERNAME,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

        self.violations: list[ApiViolation] = []
        self.notices: list[str] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []  # successful bot calls, in order
        self.errors: list[tuple[str, dict[str, Any], str]] = []  # rejected calls and why
        # How each call's body came: "application/json", "multipart/form-data", …
        self.encodings: Counter[tuple[str, str]] = Counter()
        self.chats: dict[int, ChatState] = {}
        self.files: dict[str, StoredFile] = {}
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.webhook: dict[str, Any] | None = None
        self.blocked: set[int] = set()
        self.callback_answers: dict[int, list[dict[str, Any]]] = {}
        self.confirmed_offset = 0
        self.allowed_updates: list[str] | None = None

        self._users: dict[int, UserClient] = {}
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = first_update_id
        self._queries: dict[str, CallbackQueryState] = {}
        self._query_ids = count(4_200_000_000_000_000_001)
        self._file_ids = count(1)
        self._faults: list[Fault] = []
        self._global_sends: list[float] = []
        self._polling = False
        self._poll_generation = 0
        self._stopping = False
        self._in_flight = 0
        self._last_activity = time.monotonic()
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._methods: dict[str, Handler] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "sendMessage": self._send_message,
            "sendDocument": self._send_document,
            "sendPhoto": self._send_photo,
            "sendChatAction": self._send_chat_action,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "getFile": self._get_file,
        }

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        if not spec_available():
            if os.environ.get("CI"):
                raise RuntimeError(
                    f"Bot API description not found at {spec_path()} (required in CI)"
                )
            self.notices.append(
                f"Bot API description not found at {spec_path()}: calls are NOT validated"
            )
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._add_control_routes(app)
        # Cancel a handler when its client goes away, as a long poll would be on Telegram.
        self._runner = web.AppRunner(
            app, handler_cancellation=True, access_log=None, shutdown_timeout=1.0
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        self._stopping = True
        self._touch()  # answer a waiting long poll now instead of at its timeout
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    # -- test-side API -----------------------------------------------------------------------

    def user(
        self,
        user_id: int = 1001,
        first_name: str = "Anna",
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
    ) -> UserClient:
        """A user with a private chat with the bot (chat id == user id)."""
        if user_id in self._users:
            return self._users[user_id]
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        chat: dict[str, Any] = {"id": user_id, "type": "private", "first_name": first_name}
        for key, value in (("last_name", last_name), ("username", username)):
            if value is not None:
                user[key] = value
                chat[key] = value
        if language_code is not None:
            user["language_code"] = language_code
        self.chats[user_id] = ChatState(user=user, chat=chat)
        client = UserClient(self, self.chats[user_id])
        self._users[user_id] = client
        return client

    def group(self, member: UserClient, chat_id: int = -1001000, title: str = "Team") -> UserClient:
        """`member` writing in a supergroup the bot is a member of."""
        chat: dict[str, Any] = {"id": chat_id, "type": "supergroup", "title": title}
        self.chats[chat_id] = ChatState(user=member.user, chat=chat)
        return UserClient(self, self.chats[chat_id])

    def block_user(self, user_id: int) -> None:
        self.blocked.add(user_id)

    def unblock_user(self, user_id: int) -> None:
        self.blocked.discard(user_id)

    def fail(
        self,
        method: str,
        error_code: int = 500,
        retry_after: int | None = None,
        times: int = 1,
        description: str | None = None,
    ) -> None:
        """The next `times` calls to `method` ("*" = any) are answered with this error."""
        if error_code == 429 and retry_after is None:
            retry_after = 1
        self._faults.append(
            Fault(method, "error", times, error_code, retry_after, description=description)
        )

    def stall(
        self, method: str, seconds: float, times: int = 1, *, execute_first: bool = False
    ) -> None:
        """Delay the answer to the next `times` calls; with execute_first the call takes effect."""
        self._faults.append(
            Fault(method, "stall", times, seconds=seconds, execute_first=execute_first)
        )

    def reset_connection(self, method: str, times: int = 1, *, execute_first: bool = False) -> None:
        """Drop the connection without an answer; with execute_first the call takes effect."""
        self._faults.append(Fault(method, "reset", times, execute_first=execute_first))

    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by the bot (delivered or not)."""
        return list(self._updates)

    def calls_of(self, method: str) -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == method]

    def chat_messages(self, chat_id: int) -> list[BotMessage]:
        chat = self.chats[chat_id]
        return [BotMessage.from_stored(chat.messages[i]) for i in chat.bot_message_ids]

    async def wait_idle(self, timeout: float = 5.0, quiet: float = 0.05) -> None:  # noqa: ASYNC109
        """Wait until every injected update is confirmed and no bot call ran for `quiet` s."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            idle = (
                not self._updates
                and self._in_flight == 0
                and time.monotonic() - self._last_activity >= quiet
            )
            if idle:
                return
            if loop.time() > deadline:
                raise AssertionError(
                    f"emulator not idle after {timeout}s: {len(self._updates)} unconfirmed "
                    f"updates, {self._in_flight} calls in flight; is the bot polling?"
                )
            await asyncio.sleep(min(quiet / 2, 0.01))

    async def wait_for(self, predicate: Callable[[], bool], within: float) -> bool:
        """Wait until predicate() holds (re-checked on every state change); False on timeout."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                return False
            changed = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)
        return True

    def state(self) -> dict[str, Any]:
        return {
            "confirmed_offset": self.confirmed_offset,
            "pending": len(self._updates),
            "next_update_id": self._next_update_id,
            "in_flight": self._in_flight,
            "polling": self._polling,
            "calls": len(self.calls),
            "violations": [{"method": v.method, "problems": v.problems} for v in self.violations],
            "notices": self.notices,
        }

    # -- used by UserClient ------------------------------------------------------------------

    def now(self) -> int:
        return int(self.clock())

    def push_update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": self._next_update_id, kind: payload}
        self._next_update_id += 1
        self.check_object("Update", update, source=f"emulator-built {kind} update")
        self._updates.append(update)
        self._touch()
        return update

    def check_object(self, type_name: str, obj: Any, source: str) -> None:
        spec = get_spec()
        problems = spec.validate_object(type_name, obj) if spec else []
        if problems:
            self.violations.append(ApiViolation(source, problems))
            raise AssertionError(f"{source} does not match api.json: {problems}")

    def store_user_message(self, chat: ChatState, content: dict[str, Any]) -> dict[str, Any]:
        message = {
            "message_id": self._next_message_id(chat),
            "from": chat.user,
            "chat": chat.chat,
            "date": self.now(),
            **content,
        }
        chat.messages[message["message_id"]] = StoredMessage(message, from_bot=False)
        return message

    def store_file(
        self, content: bytes, kind: str, file_name: str | None, mime_type: str | None
    ) -> StoredFile:
        number = next(self._file_ids)
        digest = hashlib.sha256(content + str(number).encode()).hexdigest()
        suffix = os.path.splitext(file_name or "")[1] or {"photos": ".jpg", "voice": ".oga"}.get(
            kind, ""
        )
        stored = StoredFile(
            file_id=f"BQACAgIAAxk{kind[:3]}{number:06d}{digest[:24]}",
            file_unique_id=f"AgAD{digest[24:36]}",
            file_path=f"{kind}/file_{number}{suffix}",
            content=content,
            file_name=file_name,
            mime_type=mime_type,
        )
        self.files[stored.file_id] = stored
        return stored

    def new_callback_query(self, chat: ChatState, message: StoredMessage, data: str) -> str:
        query_id = str(next(self._query_ids))
        self._queries[query_id] = CallbackQueryState(query_id, chat.id, self.clock())
        payload: dict[str, Any] = {
            "id": query_id,
            "from": chat.user,
            "message": self._maybe_inaccessible(chat, message),
            "chat_instance": str(abs(hash((self.bot_user["id"], chat.id))) % 10**18),
            "data": data,
        }
        self.push_update("callback_query", payload)
        return query_id

    # -- HTTP --------------------------------------------------------------------------------

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return _error_response(ApiError(401, "Unauthorized"))
        counted = method != "getUpdates"
        self._in_flight += counted
        try:
            return await self._dispatch(request, method)
        finally:
            self._in_flight -= counted
            self._last_activity = time.monotonic()
            self._touch()

    async def _dispatch(self, request: web.Request, method: str) -> web.StreamResponse:
        self.encodings[method, request.content_type] += 1
        self._touch()  # a test may wait for a call to arrive (one that will stall, say)
        try:
            raw, files = await _read_params(request)
        except ValueError as exc:
            return self._reject(method, {}, bad_request(str(exc)))
        params, problems = decode_params(method, raw, files)
        spec = get_spec()
        known = spec.has_method(method) if spec else method in self._methods
        if not known:
            self.violations.append(ApiViolation(method, ["method does not exist"]))
            return self._reject(method, params, ApiError(404, "Not Found"))
        if spec is not None:
            params = spec.with_empty_strings(method, params)
            problems += spec.validate_call(method, params)
        if problems:
            self.violations.append(ApiViolation(method, problems))
            return self._reject(method, params, bad_request(problems[0]))
        handler = self._methods.get(method)
        if handler is None:
            problem = f"method {method} is not implemented by the emulator"
            self.violations.append(ApiViolation(method, [problem]))
            return self._reject(method, params, bad_request(problem))

        fault = self._take_fault(method)
        if fault is not None and not fault.execute_first:
            if fault.kind == "error":
                description = fault.description or _default_description(fault)
                return self._reject(
                    method, params, ApiError(fault.error_code, description, fault.retry_after)
                )
            if fault.kind == "reset":
                return await _drop_connection(request)
            await asyncio.sleep(fault.seconds)
        try:
            result = await handler(params)
        except ApiError as exc:
            return self._reject(method, params, exc)
        except KeyError as exc:  # only without api.json, which catches missing params first
            return self._reject(method, params, bad_request(f"{exc.args[0]} is required"))
        self.calls.append((method, params))
        if fault is not None and fault.execute_first:
            if fault.kind == "reset":
                return await _drop_connection(request)
            await asyncio.sleep(fault.seconds)
        return web.json_response({"ok": True, "result": result})

    def _reject(self, method: str, params: dict[str, Any], error: ApiError) -> web.Response:
        self.errors.append((method, params, error.description))
        return _error_response(error)

    def _take_fault(self, method: str) -> Fault | None:
        for fault in self._faults:
            if fault.remaining > 0 and fault.method in (method, "*"):
                fault.remaining -= 1
                if fault.remaining == 0:
                    self._faults.remove(fault)
                return fault
        return None

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return _error_response(ApiError(401, "Unauthorized"))
        path = request.match_info["path"]
        for stored in self.files.values():
            if stored.file_path == path:
                return web.Response(body=stored.content, content_type="application/octet-stream")
        return _error_response(ApiError(404, "Not Found"))

    def _touch(self) -> None:
        """Wake everyone waiting for a state change."""
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    # -- updates -----------------------------------------------------------------------------

    def _allowed(self, update: dict[str, Any]) -> bool:
        kind = next(key for key in update if key != "update_id")
        if self.allowed_updates:
            return kind in self.allowed_updates
        return kind not in DEFAULT_EXCLUDED_UPDATES

    def _confirm(self, offset: int) -> None:
        # https://core.telegram.org/bots/api#getupdates: an update is confirmed as soon as
        # getUpdates is called with an offset higher than its update_id; a negative offset
        # keeps only the last -offset updates.
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            self.confirmed_offset = max(self.confirmed_offset, offset)
        elif offset < 0 and len(self._updates) > -offset:
            self._updates = self._updates[offset:]
            self.confirmed_offset = max(self.confirmed_offset, self._updates[0]["update_id"])
        # Updates of kinds the bot does not receive are never delivered.
        self._updates = [u for u in self._updates if self._allowed(u)]

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self.webhook is not None:
            raise ApiError(409, CONFLICT_WEBHOOK)
        # As on Telegram, a newer getUpdates terminates the one still waiting: the
        # older request is answered 409, the newer one goes on.
        self._poll_generation += 1
        mine = self._poll_generation
        if self._polling:
            self._touch()
        if "allowed_updates" in params:
            self.allowed_updates = list(params["allowed_updates"]) or None
        limit = min(max(params.get("limit", 100), 1), 100)
        timeout = max(params.get("timeout", 0), 0)
        self._confirm(params.get("offset", 0))
        self._touch()
        self._polling = True
        try:
            await self.wait_for(
                lambda: (
                    self._stopping
                    or self._poll_generation != mine
                    or any(self._allowed(u) for u in self._updates)
                ),
                timeout,
            )
        finally:
            if self._poll_generation == mine:
                self._polling = False
        if self._poll_generation != mine:
            raise ApiError(409, CONFLICT_POLLING)
        self._confirm(0)
        return self._updates[:limit]

    async def _set_webhook(self, params: dict[str, Any]) -> bool:
        url = params["url"]
        if not url:
            self.webhook = None
        elif not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        else:
            self.webhook = {k: v for k, v in params.items() if k != "drop_pending_updates"}
        if params.get("drop_pending_updates"):
            self._drop_pending()
        return True

    async def _delete_webhook(self, params: dict[str, Any]) -> bool:
        self.webhook = None
        if params.get("drop_pending_updates"):
            self._drop_pending()
        return True

    def _drop_pending(self) -> None:
        if self._updates:
            self.confirmed_offset = self._updates[-1]["update_id"] + 1
        self._updates = []

    async def _get_webhook_info(self, params: dict[str, Any]) -> dict[str, Any]:
        hook = self.webhook or {}
        info: dict[str, Any] = {
            "url": hook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        for key in ("max_connections", "allowed_updates"):
            if key in hook:
                info[key] = hook[key]
        self.check_object("WebhookInfo", info, source="getWebhookInfo result")
        return info

    async def _get_me(self, params: dict[str, Any]) -> dict[str, Any]:
        return self.bot_user

    # -- commands ----------------------------------------------------------------------------

    def _commands_key(self, params: dict[str, Any]) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        if "chat_id" in scope:
            self._chat(scope["chat_id"])
        return json.dumps(scope, sort_keys=True), params.get("language_code", "")

    async def _set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = params["commands"]
        if len(commands) > 100:
            raise bad_request("BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            name = command["command"]
            if not (1 <= len(name) <= 32) or not all(c in _COMMAND_CHARS for c in name):
                raise bad_request("BOT_COMMAND_INVALID")
            if not (1 <= len(command["description"]) <= 256):
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[self._commands_key(params)] = list(commands)
        return True

    async def _get_my_commands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self.commands.get(self._commands_key(params), [])

    async def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        self.commands.pop(self._commands_key(params), None)
        return True

    # -- messages ----------------------------------------------------------------------------

    def _chat(self, chat_id: int | str) -> ChatState:
        chat = self.chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def _sendable_chat(self, chat_id: int | str) -> ChatState:
        chat = self._chat(chat_id)
        if chat.id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat

    def _next_message_id(self, chat: ChatState) -> int:
        message_id = chat.next_message_id
        chat.next_message_id += 1
        return message_id

    def _rate_limit(self, chat: ChatState) -> None:
        if not self.enforce_rate_limits:
            return
        now = self.clock()
        self._global_sends = [t for t in self._global_sends if now - t < 1.0]
        if len(self._global_sends) >= GLOBAL_SENDS_PER_SECOND:
            wait = 1.0 - (now - self._global_sends[0])
            raise _too_many(wait)
        elapsed = max(now - chat.budget_at, 0.0) if chat.budget_at else CHAT_BURST
        chat.budget = min(CHAT_BURST, chat.budget + elapsed * CHAT_SENDS_PER_SECOND)
        chat.budget_at = now
        if chat.budget < 1.0:
            raise _too_many((1.0 - chat.budget) / CHAT_SENDS_PER_SECOND)
        chat.budget -= 1.0
        self._global_sends.append(now)

    def _format(
        self,
        text: str,
        parse_mode: str | None,
        entities: list[dict[str, Any]] | None,
        *,
        caption: bool,
    ) -> ParsedText:
        if parse_mode:
            if parse_mode.lower() != "html":
                raise bad_request("unsupported parse_mode")
            try:
                parsed = parse_html(text, strict=self.strict_html)
            except HtmlParseError as exc:
                raise bad_request(f"can't parse entities: {exc}") from None
        else:
            parsed = ParsedText(text, list(entities or []))
        parsed = strip_entities(parsed.text, parsed.entities)
        if caption:
            if utf16_len(parsed.text) > MAX_CAPTION:
                raise bad_request("message caption is too long")
        elif not parsed.text:
            raise bad_request("message text is empty")
        elif utf16_len(parsed.text) > MAX_TEXT:
            raise bad_request("message is too long")
        return parsed

    def _check_markup(self, markup: dict[str, Any] | None) -> dict[str, Any] | None:
        if markup is None:
            return None
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if not button.get("text"):
                    raise bad_request("BUTTON_TEXT_EMPTY")
                actions = [key for key in INLINE_ACTIONS if key in button]
                if not actions:
                    raise bad_request(
                        "can't parse inline keyboard button: "
                        "Text buttons are unallowed in the inline keyboard"
                    )
                if len(actions) > 1:
                    # The Bot API requires exactly one optional field per inline button.
                    raise bad_request(
                        "can't parse inline keyboard button: exactly one of "
                        f"{', '.join(actions)} must be used"
                    )
                data = button.get("callback_data")
                if data is not None and not (1 <= len(data.encode()) <= MAX_CALLBACK_DATA):
                    raise bad_request("BUTTON_DATA_INVALID")
                url = button.get("url")
                if url is not None and (not url or any(c.isspace() for c in url)):
                    raise bad_request("BUTTON_URL_INVALID")
        for row in markup.get("keyboard", []):
            for button in row:
                if not button.get("text"):
                    raise bad_request("BUTTON_TEXT_EMPTY")
        return markup

    def _reply_to(self, chat: ChatState, params: dict[str, Any]) -> dict[str, Any]:
        reply = params.get("reply_parameters")
        if not reply:
            return {}
        target = chat.messages.get(reply["message_id"])
        if target is None or target.deleted:
            if reply.get("allow_sending_without_reply"):
                return {}
            raise bad_request("message to be replied not found")
        return {"reply_to_message": target.message}

    def _store_bot_message(
        self,
        chat: ChatState,
        content: dict[str, Any],
        *,
        html: str | None,
        parse_mode: str | None,
        markup: dict[str, Any] | None,
        file: StoredFile | None = None,
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": self._next_message_id(chat),
            "from": self.bot_user,
            "chat": chat.chat,
            "date": self.now(),
            **content,
        }
        # Telegram echoes only inline keyboards in the Message object.
        if markup and markup.get("inline_keyboard"):
            message["reply_markup"] = markup
        stored = StoredMessage(
            message,
            from_bot=True,
            html=html,
            parse_mode=parse_mode,
            reply_markup=markup,
            file=file,
        )
        chat.messages[stored.message_id] = stored
        chat.bot_message_ids.append(stored.message_id)
        self.check_object("Message", message, source="emulator-built Message")
        return message

    def _text_content(self, parsed: ParsedText, key: str = "text") -> dict[str, Any]:
        content: dict[str, Any] = {key: parsed.text}
        if parsed.entities:
            content["entities" if key == "text" else "caption_entities"] = parsed.entities
        return content

    async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._sendable_chat(params["chat_id"])
        parsed = self._format(
            params.get("text", ""), params.get("parse_mode"), params.get("entities"), caption=False
        )
        markup = self._check_markup(params.get("reply_markup"))
        reply = self._reply_to(chat, params)
        self._rate_limit(chat)
        return self._store_bot_message(
            chat,
            {**reply, **self._text_content(parsed)},
            html=params["text"],
            parse_mode=params.get("parse_mode"),
            markup=markup,
        )

    def _input_file(self, value: UploadedFile | str, kind: str) -> StoredFile:
        if isinstance(value, UploadedFile):
            if not value.content:
                raise bad_request("file must be non-empty")
            return self.store_file(value.content, kind, value.filename, value.content_type)
        if value.startswith(("http://", "https://")):
            raise bad_request("failed to get HTTP URL content")  # no network here
        stored = self.files.get(value)
        if stored is None:
            raise bad_request("wrong file identifier/HTTP URL specified")
        return stored

    def _caption(self, params: dict[str, Any]) -> dict[str, Any]:
        if not params.get("caption"):
            return {}
        parsed = self._format(
            params["caption"],
            params.get("parse_mode"),
            params.get("caption_entities"),
            caption=True,
        )
        return self._text_content(parsed, key="caption") if parsed.text else {}

    async def _send_document(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._sendable_chat(params["chat_id"])
        caption = self._caption(params)
        markup = self._check_markup(params.get("reply_markup"))
        reply = self._reply_to(chat, params)
        stored = self._input_file(params["document"], "documents")
        self._rate_limit(chat)
        document: dict[str, Any] = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
        }
        if stored.file_name:
            document["file_name"] = stored.file_name
        if stored.mime_type:
            document["mime_type"] = stored.mime_type
        return self._store_bot_message(
            chat,
            {**reply, "document": document, **caption},
            html=params.get("caption"),
            parse_mode=params.get("parse_mode"),
            markup=markup,
            file=stored,
        )

    async def _send_photo(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._sendable_chat(params["chat_id"])
        caption = self._caption(params)
        markup = self._check_markup(params.get("reply_markup"))
        reply = self._reply_to(chat, params)
        stored = self._input_file(params["photo"], "photos")
        if not stored.content.startswith(_IMAGE_MAGIC):
            raise bad_request("IMAGE_PROCESS_FAILED")
        self._rate_limit(chat)
        return self._store_bot_message(
            chat,
            {**reply, "photo": photo_sizes(stored), **caption},
            html=params.get("caption"),
            parse_mode=params.get("parse_mode"),
            markup=markup,
            file=stored,
        )

    async def _send_chat_action(self, params: dict[str, Any]) -> bool:
        self._sendable_chat(params["chat_id"])
        if params["action"] not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    def _editable(self, params: dict[str, Any]) -> tuple[ChatState, StoredMessage]:
        if "inline_message_id" in params:
            raise bad_request("MESSAGE_ID_INVALID")  # the bot sends no inline messages
        if "chat_id" not in params:
            raise bad_request("chat_id is empty")
        if "message_id" not in params:
            raise bad_request("message identifier is not specified")
        chat = self._chat(params["chat_id"])
        stored = chat.messages.get(params["message_id"])
        if stored is None or stored.deleted:
            raise bad_request("message to edit not found")
        if not stored.from_bot:
            raise bad_request("message can't be edited")
        return chat, stored

    async def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any]:
        _, stored = self._editable(params)
        if "text" not in stored.message:
            raise bad_request("there is no text in the message to edit")
        parsed = self._format(
            params.get("text", ""), params.get("parse_mode"), params.get("entities"), caption=False
        )
        markup = self._check_markup(params.get("reply_markup"))
        current = stored.message
        if (
            parsed.text == current["text"]
            and parsed.entities == current.get("entities", [])
            and _inline(markup) == current.get("reply_markup")
        ):
            raise bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
        current.pop("entities", None)
        current.update(self._text_content(parsed))
        stored.html = params["text"]
        stored.parse_mode = params.get("parse_mode")
        return self._edited(stored, markup)

    async def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any]:
        _, stored = self._editable(params)
        markup = self._check_markup(params.get("reply_markup"))
        if _inline(markup) == stored.message.get("reply_markup"):
            raise bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
        return self._edited(stored, markup)

    def _edited(self, stored: StoredMessage, markup: dict[str, Any] | None) -> dict[str, Any]:
        # Omitting reply_markup in an edit removes the inline keyboard, as on Telegram.
        stored.message.pop("reply_markup", None)
        if inline := _inline(markup):
            stored.message["reply_markup"] = inline
        stored.reply_markup = inline
        stored.message["edit_date"] = self.now()
        stored.version += 1
        self.check_object("Message", stored.message, source="emulator-edited Message")
        return stored.message

    async def _delete_message(self, params: dict[str, Any]) -> bool:
        chat = self._chat(params["chat_id"])
        stored = chat.messages.get(params["message_id"])
        if stored is None or stored.deleted:
            raise bad_request("message to delete not found")
        if self.now() - stored.message["date"] > DELETE_WINDOW:
            raise bad_request("message can't be deleted for everyone")
        stored.deleted = True
        stored.version += 1
        return True

    async def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        query = self._queries.get(params["callback_query_id"])
        expired = (
            query is not None
            and self.callback_query_ttl is not None
            and self.clock() - query.created > self.callback_query_ttl
        )
        if query is None or query.answered or expired:
            raise bad_request(QUERY_TOO_OLD.removeprefix("Bad Request: "))
        if len(params.get("text", "")) > MAX_CALLBACK_ANSWER:
            raise bad_request("MESSAGE_TOO_LONG")
        query.answered = True
        answer = {k: v for k, v in params.items() if k != "callback_query_id"}
        self.callback_answers.setdefault(query.user_id, []).append(
            {"callback_query_id": query.query_id, **answer}
        )
        return True

    async def _get_file(self, params: dict[str, Any]) -> dict[str, Any]:
        stored = self.files.get(params["file_id"])
        if stored is None:
            raise bad_request("invalid file_id")
        if len(stored.content) > MAX_DOWNLOAD:
            raise bad_request("file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": stored.file_path,
        }

    def _maybe_inaccessible(self, chat: ChatState, stored: StoredMessage) -> dict[str, Any]:
        if stored.deleted:
            return {"chat": chat.chat, "message_id": stored.message_id, "date": 0}
        return stored.message

    # -- control API for a bot running in another process -------------------------------------

    def _add_control_routes(self, app: web.Application) -> None:
        app.router.add_get("/_control/state", self._control_state)
        app.router.add_post("/_control/user/{user_id}/send", self._control_send)
        app.router.add_post("/_control/user/{user_id}/click", self._control_click)
        app.router.add_get("/_control/chat/{chat_id}/messages", self._control_messages)
        app.router.add_post("/_control/fail", self._control_fault)
        app.router.add_post("/_control/stall", self._control_fault)
        app.router.add_post("/_control/reset_connection", self._control_fault)
        app.router.add_post("/_control/block", self._control_block)
        app.router.add_post("/_control/unblock", self._control_block)

    async def _control_state(self, request: web.Request) -> web.Response:
        return web.json_response(self.state())

    async def _control_send(self, request: web.Request) -> web.Response:
        body = await request.json()
        user_fields = {
            k: body[k]
            for k in ("first_name", "last_name", "username", "language_code")
            if k in body
        }
        user = self.user(int(request.match_info["user_id"]), **user_fields)
        return web.json_response(await user.send(body["text"]))

    async def _control_click(self, request: web.Request) -> web.Response:
        body = await request.json()
        user = self.user(int(request.match_info["user_id"]))
        message = None
        if "message_id" in body:
            message = next(m for m in user.messages if m.message_id == body["message_id"])
        return web.json_response({"callback_query_id": await user.click(message, body["button"])})

    async def _control_messages(self, request: web.Request) -> web.Response:
        chat_id = int(request.match_info["chat_id"])
        if chat_id not in self.chats:
            return web.json_response([])
        return web.json_response([_message_json(m) for m in self.chat_messages(chat_id)])

    async def _control_fault(self, request: web.Request) -> web.Response:
        body = await request.json()
        kind = request.path.rsplit("/", 1)[1]
        if kind == "fail":
            self.fail(**body)
        elif kind == "stall":
            self.stall(**body)
        else:
            self.reset_connection(**body)
        return web.json_response({"ok": True})

    async def _control_block(self, request: web.Request) -> web.Response:
        user_id = int((await request.json())["user_id"])
        if request.path.endswith("/unblock"):
            self.unblock_user(user_id)
        else:
            self.block_user(user_id)
        return web.json_response({"ok": True})


_COMMAND_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


def _inline(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    if markup and markup.get("inline_keyboard"):
        return markup
    return None


def _too_many(wait: float) -> ApiError:
    retry_after = max(1, math.ceil(wait))
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)


def _default_description(fault: Fault) -> str:
    if fault.error_code == 429:
        return f"Too Many Requests: retry after {fault.retry_after}"
    return _DEFAULT_DESCRIPTIONS.get(fault.error_code, f"Error {fault.error_code}")


def _error_response(error: ApiError) -> web.Response:
    body: dict[str, Any] = {
        "ok": False,
        "error_code": error.error_code,
        "description": error.description,
    }
    if error.retry_after is not None:
        body["parameters"] = {"retry_after": error.retry_after}
    return web.json_response(body, status=error.error_code)


async def _drop_connection(request: web.Request) -> web.StreamResponse:
    transport = request.transport
    if transport is not None:
        transport.close()
    # The handler is cancelled once the connection is gone; nothing is ever written.
    await asyncio.sleep(3600)
    raise AssertionError("unreachable: the connection was closed")


async def _read_params(
    request: web.Request,
) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    raw: dict[str, Any] = dict(request.query)
    files: dict[str, UploadedFile] = {}
    if request.content_type == "application/json":
        if request.can_read_body:
            body = await request.json()
            if not isinstance(body, dict):
                raise ValueError("request body must be a JSON object")
            raw.update(body)
    elif request.can_read_body:
        form = await request.post()
        for name, value in form.items():
            if isinstance(value, web.FileField):
                files[name] = UploadedFile(value.filename, value.file.read(), value.content_type)
            else:
                raw[name] = value if isinstance(value, str) else bytes(value).decode()
    return raw, files


def _message_json(message: BotMessage) -> dict[str, Any]:
    data: dict[str, Any] = {
        "message_id": message.message_id,
        "text": message.text,
        "html": message.html,
        "buttons": message.buttons,
        "reply_markup": message.reply_markup,
        "deleted": message.deleted,
        "version": message.version,
    }
    if message.document is not None:
        data["document_name"] = message.document[0]
        data["document_base64"] = base64.b64encode(message.document[1]).decode()
    return data
