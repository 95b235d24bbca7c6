"""The user's side of a private chat with the bot: the vocabulary end-to-end tests speak."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .html import utf16_len
from .state import ChatState, StoredMessage, photo_sizes

if TYPE_CHECKING:
    from .server import TelegramEmulator

# Smallest valid JPEG-looking payload: enough for a bot that only passes bytes along.
FAKE_JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
FAKE_OGG = b"OggS\x00\x02" + b"\x00" * 20


@dataclass(frozen=True)
class BotMessage:
    """A snapshot of one message the bot sent, as the user sees it."""

    message_id: int
    chat_id: int
    text: str  # plain text (or caption) as displayed: HTML stripped, entities decoded
    html: str | None  # text or caption exactly as the bot sent it
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    document: tuple[str, bytes] | None  # (file name, content) for a sent file
    photo: bytes | None
    deleted: bool
    version: int
    raw: dict[str, Any] = field(repr=False)

    @classmethod
    def from_stored(cls, stored: StoredMessage) -> BotMessage:
        message = stored.message
        document = None
        photo = None
        if stored.file is not None and "document" in message:
            document = (stored.file.file_name or "", stored.file.content)
        elif stored.file is not None:
            photo = stored.file.content
        return cls(
            message_id=stored.message_id,
            chat_id=int(message["chat"]["id"]),
            text=message.get("text", message.get("caption", "")),
            html=stored.html,
            parse_mode=stored.parse_mode,
            reply_markup=stored.reply_markup,
            document=document,
            photo=photo,
            deleted=stored.deleted,
            version=stored.version,
            raw=dict(message),
        )

    @property
    def buttons(self) -> list[str]:
        """Texts of all buttons (inline or reply keyboard), row by row."""
        markup = self.reply_markup or {}
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        return [button["text"] for row in rows for button in row]

    def button(self, text: str) -> dict[str, Any]:
        markup = self.reply_markup or {}
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if button["text"] == text:
                    return dict(button)
        raise AssertionError(f"no inline button {text!r} on message {self.describe()}")

    def describe(self) -> str:
        flags = " [deleted]" if self.deleted else ""
        buttons = f" buttons={self.buttons}" if self.buttons else ""
        file = f" document={self.document[0]!r}" if self.document else ""
        return f"#{self.message_id}{flags} {self.text!r}{buttons}{file}"


def origin_user(
    user_id: int,
    first_name: str,
    last_name: str | None = None,
    username: str | None = None,
) -> dict[str, Any]:
    """forward_origin of a message by a user who allows linking to their account."""
    user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
    if last_name is not None:
        user["last_name"] = last_name
    if username is not None:
        user["username"] = username
    return {"type": "user", "sender_user": user}


def origin_hidden(name: str) -> dict[str, Any]:
    """forward_origin of a message by a user who hides their account in forwards."""
    return {"type": "hidden_user", "sender_user_name": name}


def origin_chat(
    chat_id: int, title: str, chat_type: str = "supergroup", author_signature: str | None = None
) -> dict[str, Any]:
    """forward_origin of a message sent on behalf of a group (anonymous admin)."""
    origin: dict[str, Any] = {
        "type": "chat",
        "sender_chat": {"id": chat_id, "type": chat_type, "title": title},
    }
    if author_signature is not None:
        origin["author_signature"] = author_signature
    return origin


def origin_channel(
    chat_id: int,
    title: str,
    message_id: int,
    username: str | None = None,
    author_signature: str | None = None,
) -> dict[str, Any]:
    """forward_origin of a channel post."""
    chat: dict[str, Any] = {"id": chat_id, "type": "channel", "title": title}
    if username is not None:
        chat["username"] = username
    origin: dict[str, Any] = {"type": "channel", "chat": chat, "message_id": message_id}
    if author_signature is not None:
        origin["author_signature"] = author_signature
    return origin


def command_entities(text: str) -> list[dict[str, Any]]:
    """The bot_command entity Telegram adds to a message starting with a command."""
    if not text.startswith("/") or len(text) < 2:
        return []
    command = text.split(maxsplit=1)[0]
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]


class UserClient:
    """One Telegram user talking to the bot in their private chat."""

    def __init__(self, emulator: TelegramEmulator, chat: ChatState) -> None:
        self.emulator = emulator
        self._chat = chat
        self._cursor = 0  # index into the chat's bot messages already seen by next_message

    @property
    def id(self) -> int:
        return self._chat.id

    @property
    def user(self) -> dict[str, Any]:
        return self._chat.user

    # -- what the user does ------------------------------------------------------------------

    async def send(
        self,
        text: str,
        entities: list[dict[str, Any]] | None = None,
        *,
        reply_to: int | None = None,
    ) -> dict[str, Any]:
        """Send a text message; a leading /command gets its bot_command entity."""
        content: dict[str, Any] = {"text": text}
        found = entities if entities is not None else command_entities(text)
        if found:
            content["entities"] = found
        return self._message(content, reply_to=reply_to)

    async def send_command(self, command: str, args: str = "") -> dict[str, Any]:
        text = command if command.startswith("/") else f"/{command}"
        return await self.send(f"{text} {args}".rstrip())

    async def send_photo(self, caption: str | None = None) -> dict[str, Any]:
        stored = self.emulator.store_file(FAKE_JPEG, "photos", None, "image/jpeg")
        return self._message({"photo": photo_sizes(stored), **_caption(caption)})

    async def send_document(
        self,
        file_name: str,
        content: bytes,
        caption: str | None = None,
        mime_type: str = "application/octet-stream",
    ) -> dict[str, Any]:
        stored = self.emulator.store_file(content, "documents", file_name, mime_type)
        document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": len(content),
        }
        return self._message({"document": document, **_caption(caption)})

    async def send_voice(self, duration: int = 3) -> dict[str, Any]:
        stored = self.emulator.store_file(FAKE_OGG, "voice", None, "audio/ogg")
        voice = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "duration": duration,
            "mime_type": "audio/ogg",
            "file_size": len(FAKE_OGG),
        }
        return self._message({"voice": voice})

    async def send_sticker(self, emoji: str = "👍") -> dict[str, Any]:
        stored = self.emulator.store_file(b"RIFF\x00\x00\x00\x00WEBP", "stickers", None, None)
        sticker = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self._message({"sticker": sticker})

    async def send_location(
        self, latitude: float = 55.7558, longitude: float = 37.6173
    ) -> dict[str, Any]:
        return self._message({"location": {"latitude": latitude, "longitude": longitude}})

    async def send_contact(
        self, phone_number: str = "+15550100", first_name: str = "Bob", user_id: int | None = None
    ) -> dict[str, Any]:
        contact: dict[str, Any] = {"phone_number": phone_number, "first_name": first_name}
        if user_id is not None:
            contact["user_id"] = user_id
        return self._message({"contact": contact})

    async def send_media_group(self, n: int, caption: str | None = None) -> list[dict[str, Any]]:
        """n photo messages sharing one media_group_id; the caption goes on the first."""
        group_id = str(13_000_000_000_000_000 + self._chat.next_message_id)
        messages = []
        for index in range(n):
            stored = self.emulator.store_file(FAKE_JPEG, "photos", None, "image/jpeg")
            content: dict[str, Any] = {"photo": photo_sizes(stored), "media_group_id": group_id}
            if index == 0:
                content.update(_caption(caption))
            messages.append(self._message(content))
        return messages

    async def forward(
        self, text: str, origin: dict[str, Any], date: int | None = None
    ) -> dict[str, Any]:
        """Forward a text message; origin comes from origin_user/hidden/chat/channel."""
        forward_origin = {
            **origin,
            "date": date if date is not None else self.emulator.now() - 3600,
        }
        return self._message({"text": text, "forward_origin": forward_origin})

    async def forward_album(
        self, n: int, origin: dict[str, Any], caption: str | None = None, date: int | None = None
    ) -> list[dict[str, Any]]:
        """A forwarded album: n photos sharing a media_group_id, the caption on the first."""
        forward_origin = {**origin, "date": date if date is not None else self.emulator.now() - 60}
        group_id = str(14_000_000_000_000_000 + self._chat.next_message_id)
        messages = []
        for index in range(n):
            stored = self.emulator.store_file(FAKE_JPEG, "photos", None, "image/jpeg")
            content: dict[str, Any] = {
                "photo": photo_sizes(stored),
                "media_group_id": group_id,
                "forward_origin": forward_origin,
            }
            if index == 0:
                content.update(_caption(caption))
            messages.append(self._message(content))
        return messages

    async def edit(self, message: dict[str, Any], new_text: str) -> dict[str, Any]:
        """Edit one of the user's own messages: an edited_message update."""
        stored = self._chat.messages[message["message_id"]]
        assert not stored.from_bot, "users edit their own messages only"
        stored.message.pop("entities", None)
        stored.message.update({"text": new_text, "edit_date": self.emulator.now()})
        if entities := command_entities(new_text):
            stored.message["entities"] = entities
        stored.version += 1
        self.emulator.push_update("edited_message", dict(stored.message))
        return stored.message

    async def edit_caption(
        self, message: dict[str, Any], caption: str | None, *, new_photo: bool = False
    ) -> dict[str, Any]:
        """Edit the caption of one of the user's media messages (None removes it);
        `new_photo`: the photo is replaced too, as Telegram's clients allow."""
        stored = self._chat.messages[message["message_id"]]
        assert not stored.from_bot, "users edit their own messages only"
        assert "text" not in stored.message, "a text message has no caption"
        for key in ("caption", "caption_entities"):
            stored.message.pop(key, None)
        stored.message.update({**_caption(caption), "edit_date": self.emulator.now()})
        if new_photo:
            photo = self.emulator.store_file(FAKE_JPEG, "photos", None, "image/jpeg")
            stored.message["photo"] = photo_sizes(photo)
        stored.version += 1
        self.emulator.push_update("edited_message", dict(stored.message))
        return stored.message

    def delete_for_both(self, message: BotMessage) -> None:
        """The user deletes a bot message in a private chat "for both sides": Telegram
        tells the bot nothing, and later edits of it fail "message to edit not found"."""
        stored = self._chat.messages[message.message_id]
        stored.deleted = True
        stored.version += 1

    async def click(
        self, message_or_text: BotMessage | str | None, button_text: str | None = None
    ) -> str:
        """Press an inline button: `click("Done")` (latest keyboard) or `click(message, "Done")`.

        Returns the callback query id.
        """
        message: BotMessage | None = None
        if isinstance(message_or_text, str):
            text: str | None = message_or_text
        else:
            message, text = message_or_text, button_text
        assert text is not None, "which button?"
        target = message or self._latest_with_keyboard()
        current = self._current(target)
        data = current.button(text).get("callback_data")
        assert data is not None, f"button {text!r} has no callback_data"
        return await self.click_data(current, data)

    async def click_data(self, message: BotMessage, data: str) -> str:
        """A callback query with arbitrary (possibly forged) data for a bot message."""
        stored = self._chat.messages[message.message_id]
        return self.emulator.new_callback_query(self._chat, stored, data)

    # -- what the user sees ------------------------------------------------------------------

    @property
    def messages(self) -> list[BotMessage]:
        """All bot messages in this chat, in sending order, in their current state."""
        return [self._snapshot(i) for i in self._chat.bot_message_ids]

    @property
    def last_message(self) -> BotMessage:
        assert self._chat.bot_message_ids, "the bot has not sent anything to this chat"
        return self._snapshot(self._chat.bot_message_ids[-1])

    @property
    def callback_answers(self) -> list[dict[str, Any]]:
        return self.emulator.callback_answers.get(self.id, [])

    # `timeout` is test vocabulary (how long the user waits), not a cancellation mechanism.
    async def next_message(self, timeout: float = 5.0) -> BotMessage:  # noqa: ASYNC109
        """The next message the bot sends here after the previous next_message()."""
        arrived = await self.emulator.wait_for(
            lambda: len(self._chat.bot_message_ids) > self._cursor, timeout
        )
        if not arrived:
            raise AssertionError(
                f"no new bot message to chat {self.id} within {timeout}s\n{self.history()}"
            )
        message = self._snapshot(self._chat.bot_message_ids[self._cursor])
        self._cursor += 1
        return message

    async def wait_edit(self, message: BotMessage, timeout: float = 5.0) -> BotMessage:  # noqa: ASYNC109
        """The message after its next edit (or deletion)."""
        stored = self._chat.messages[message.message_id]
        if not await self.emulator.wait_for(lambda: stored.version > message.version, timeout):
            raise AssertionError(
                f"message #{message.message_id} was not edited within {timeout}s\n{self.history()}"
            )
        return BotMessage.from_stored(stored)

    async def no_message(self, within: float = 0.3) -> None:
        """Assert the bot sends nothing new here within `within` seconds."""
        arrived = await self.emulator.wait_for(
            lambda: len(self._chat.bot_message_ids) > self._cursor, within
        )
        if arrived:
            unexpected = self._snapshot(self._chat.bot_message_ids[self._cursor])
            raise AssertionError(f"unexpected bot message {unexpected.describe()}")

    def history(self) -> str:
        """The chat as text, for assertion messages."""
        lines = [f"chat {self.id} history (bot messages; cursor at {self._cursor}):"]
        lines += [f"  {m.describe()}" for m in self.messages] or ["  (none)"]
        rejected = [e for e in self.emulator.errors if e[1].get("chat_id") == self.id][-5:]
        lines += [f"  rejected {method}: {why}" for method, _, why in rejected]
        return "\n".join(lines)

    # -- internals ---------------------------------------------------------------------------

    def _message(self, content: dict[str, Any], reply_to: int | None = None) -> dict[str, Any]:
        if reply_to is not None:
            content["reply_to_message"] = self._chat.messages[reply_to].message
        message = self.emulator.store_user_message(self._chat, content)
        self.emulator.push_update("message", message)
        return message

    def _snapshot(self, message_id: int) -> BotMessage:
        return BotMessage.from_stored(self._chat.messages[message_id])

    def _current(self, message: BotMessage) -> BotMessage:
        return self._snapshot(message.message_id)

    def _latest_with_keyboard(self) -> BotMessage:
        for message in reversed(self.messages):
            if not message.deleted and (message.reply_markup or {}).get("inline_keyboard"):
                return message
        raise AssertionError(f"no bot message with an inline keyboard\n{self.history()}")


def _caption(caption: str | None) -> dict[str, Any]:
    return {"caption": caption} if caption else {}
