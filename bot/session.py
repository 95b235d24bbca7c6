"""The Bot API session: aiogram's aiohttp session, posting JSON for every call without a file.

aiogram encodes every call as a form: each field through `prepare_value` (a recursive
walk of every button of a keyboard), nested objects as JSON strings, and the whole form
percent-encoded, Cyrillic byte by byte. For a confirmation with a keyboard that is about
0.15 ms, as much as the rest of aiogram's dispatch of the message (bench/bench_capture.py).
The Bot API takes the same call as one JSON body ("application/json (except for
uploading files)", https://core.telegram.org/bots/api#making-requests), which pydantic
and `json` build in a sixth of the time. A call that carries a file, or holds a value
this encoder does not know, goes out as aiogram's form, unchanged.
"""

from __future__ import annotations

import datetime
import json
from typing import Any, cast

from aiogram import Bot
from aiogram.client.default import Default
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.exceptions import TelegramNetworkError
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import InputFile, TelegramObject
from aiohttp import ClientError, ClientTimeout, FormData

JSON_HEADERS = {"Content-Type": "application/json"}


class _NotPlain(Exception):
    """A value json.dumps cannot write: a file, or a bot default inside an object."""


def _encode_nested(value: Any) -> Any:
    # json.dumps calls this for what it cannot write itself. Enums are str or int
    # subclasses and never get here.
    if isinstance(value, datetime.datetime):
        return round(value.timestamp())
    if isinstance(value, datetime.timedelta):
        return round((datetime.datetime.now(datetime.UTC) + value).timestamp())
    raise _NotPlain


def _dumps(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, ensure_ascii=False, default=_encode_nested).encode()


class JsonSession(AiohttpSession):
    def json_body(self, bot: Bot, method: TelegramMethod[Any]) -> bytes | None:
        """The call as the JSON body Telegram reads, or None when it carries a file.

        The same fields as aiogram's `build_form_data`: None left out at every level, an
        empty string left out at the top, bot defaults (parse mode, link previews) filled
        in. pydantic dumps the call; only an object holding a default of its own (reply
        parameters, inline results) takes aiogram's walk through every value.
        """
        fields: dict[str, Any] = {}
        for key, dumped in method.model_dump(warnings=False, exclude_none=True).items():
            value = dumped
            if isinstance(value, Default):
                value = bot.default[value.name]
                if isinstance(value, TelegramObject):
                    value = value.model_dump(warnings=False, exclude_none=True)
            if value is None or value == "":
                continue
            if isinstance(value, InputFile):
                return None
            fields[key] = value
        try:
            return _dumps(fields)
        except _NotPlain:
            pass
        files: dict[str, InputFile] = {}
        prepared = {
            key: self.prepare_value(value, bot=bot, files=files, _dumps_json=False)
            for key, value in fields.items()
        }
        if files:
            return None
        return _dumps({key: value for key, value in prepared.items() if value not in (None, "")})

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109 - BaseSession's signature
    ) -> TelegramType:
        body = self.json_body(bot, method)
        data: bytes | FormData = (
            body if body is not None else self.build_form_data(bot=bot, method=method)
        )
        url = self.api.api_url(token=bot.token, method=method.__api_method__)
        status, content = await self.post(method, url, data, timeout)
        response = self.check_response(bot=bot, method=method, status_code=status, content=content)
        return cast(TelegramType, response.result)

    async def post(
        self,
        method: TelegramMethod[Any],
        url: str,
        data: bytes | FormData,
        timeout: int | None,  # noqa: ASYNC109 - the call's own timeout, as aiogram passes it
    ) -> tuple[int, str]:
        """The one network step: POST the call, return the status and the body's text."""
        session = await self.create_session()
        headers = JSON_HEADERS if isinstance(data, bytes) else None
        try:
            async with session.post(
                url,
                data=data,
                headers=headers,
                timeout=ClientTimeout(total=self.timeout if timeout is None else timeout),
            ) as resp:
                return resp.status, await resp.text()
        except TimeoutError as e:
            raise TelegramNetworkError(method=method, message="Request timeout error") from e
        except ClientError as e:
            raise TelegramNetworkError(method=method, message=f"{type(e).__name__}: {e}") from e
