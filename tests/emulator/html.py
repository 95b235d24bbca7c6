"""Telegram's HTML parse_mode: the same tags, entities and error texts as the real parser.

Modelled on tdlib's `parse_html` (td/telegram/MessageEntity.cpp), which the Bot API server
uses: https://core.telegram.org/bots/api#html-style. Offsets in errors are UTF-8 byte offsets;
entity offsets and lengths are UTF-16 code units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_TAG_TO_ENTITY = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
    "tg-time": "date_time",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SPACE = " \t\n\r\f\v"


class HtmlParseError(ValueError):
    """The text Telegram would answer after `Bad Request: can't parse entities: `."""


@dataclass
class ParsedText:
    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class _Open:
    tag: str
    argument: str
    offset: int  # UTF-16 offset in the output


class _Parser:
    def __init__(self, source: str, strict: bool) -> None:
        self.src = source
        self.strict = strict
        self.pos = 0
        self.out: list[str] = []
        self.utf16 = 0
        self.entities: list[dict[str, Any]] = []

    def byte_offset(self, pos: int) -> int:
        return len(self.src[:pos].encode("utf-8"))

    def at(self, pos: int) -> str:
        return self.src[pos] if pos < len(self.src) else ""

    def emit(self, text: str) -> None:
        self.out.append(text)
        self.utf16 += utf16_len(text)

    def entity(self, pos: int) -> tuple[str, int] | None:
        """Decode `&...;` at pos: (character, next position), or None when not an entity."""
        src = self.src
        if src.startswith("&#", pos):
            hexadecimal = src.startswith("&#x", pos) or src.startswith("&#X", pos)
            digits = "0-9a-fA-F" if hexadecimal else "0-9"
            start = pos + (3 if hexadecimal else 2)
            m = re.compile(f"[{digits}]*").match(src, start)
            assert m is not None
            end = m.end()
            try:
                code = int(m.group(), 16 if hexadecimal else 10) if m.group() else 0
            except ValueError:
                code = 0
            if code == 0 or code >= 0x10FFFF or end - pos >= 10 or 0xD800 <= code < 0xE000:
                return None
            return chr(code), end + 1 if self.at(end) == ";" else end
        m = re.compile("[a-zA-Z]*").match(src, pos + 1)
        assert m is not None
        char = _NAMED_ENTITIES.get(m.group())
        if char is None:
            return None
        end = m.end()
        return char, end + 1 if self.at(end) == ";" else end

    def bad_ampersand(self, pos: int) -> HtmlParseError:
        # tdlib keeps an unknown `&` verbatim; strict mode treats it as a missing html.escape().
        m = re.compile("&#?[a-zA-Z0-9]*;?").match(self.src, pos)
        assert m is not None
        shown = m.group()
        if len(shown) > 1 and shown.endswith(";"):
            return HtmlParseError(
                f'Unsupported HTML entity "{shown}" at byte offset {self.byte_offset(pos)}'
            )
        return HtmlParseError(
            "Character '&' is reserved and must be escaped as &amp; "
            f"at byte offset {self.byte_offset(pos)}"
        )

    def parse(self) -> ParsedText:
        stack: list[_Open] = []
        src = self.src
        while self.pos < len(src):
            char = src[self.pos]
            if char == "&":
                decoded = self.entity(self.pos)
                if decoded is not None:
                    self.emit(decoded[0])
                    self.pos = decoded[1]
                    continue
                if self.strict:
                    raise self.bad_ampersand(self.pos)
            if char != "<":
                end = self.pos + 1
                while end < len(src) and src[end] not in "<&":
                    end += 1
                self.emit(src[self.pos : end])
                self.pos = end
                continue
            if self.at(self.pos + 1) == "/":
                self.end_tag(stack)
            else:
                stack.append(self.start_tag())
        if stack:
            raise HtmlParseError(
                f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"'
            )
        return ParsedText("".join(self.out), sorted(self.entities, key=_entity_order))

    def start_tag(self) -> _Open:
        begin = self.pos
        src = self.src
        i = begin + 1
        while i < len(src) and src[i] not in _SPACE and src[i] != ">":
            i += 1
        if i >= len(src):
            raise HtmlParseError(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
        tag = src[begin + 1 : i].lower()
        if tag not in _TAG_TO_ENTITY:
            raise HtmlParseError(
                f'Unsupported start tag "{tag}" at byte offset {self.byte_offset(begin)}'
            )
        argument = ""
        while self.at(i) != ">":
            while self.at(i) and self.at(i) in _SPACE:
                i += 1
            if self.at(i) == ">":
                break
            name_start = i
            while self.at(i) and self.at(i) not in _SPACE and self.at(i) not in "=>":
                i += 1
            name = src[name_start:i]
            if not name:
                raise HtmlParseError(
                    f'Empty attribute name in the tag "{tag}" at byte offset '
                    f"{self.byte_offset(begin)}"
                )
            while self.at(i) and self.at(i) in _SPACE:
                i += 1
            value = ""
            if tag == "blockquote" and name == "expandable" and self.at(i) != "=":
                argument = "1"  # a bare boolean attribute is allowed here
                continue
            if self.at(i) != "=":
                raise HtmlParseError(
                    f'Expected equal sign in declaration of an attribute of the tag "{tag}" '
                    f"at byte offset {self.byte_offset(begin)}"
                )
            i += 1
            while self.at(i) and self.at(i) in _SPACE:
                i += 1
            if not self.at(i):
                raise HtmlParseError(
                    f'Unclosed start tag "{tag}" at byte offset {self.byte_offset(begin)}'
                )
            quote = self.at(i)
            if quote not in "'\"":
                token_start = i
                while self.at(i) and (self.at(i).isalnum() or self.at(i) in ".-"):
                    i += 1
                value = src[token_start:i].lower()
                if self.at(i) not in _SPACE + ">" or not self.at(i):
                    raise HtmlParseError(
                        "Unexpected end of name token at byte offset "
                        f"{self.byte_offset(token_start)}"
                    )
            else:
                i += 1
                parts: list[str] = []
                while self.at(i) and self.at(i) != quote:
                    if self.at(i) == "&" and (decoded := self.entity(i)) is not None:
                        parts.append(decoded[0])
                        i = decoded[1]
                        continue
                    parts.append(self.at(i))
                    i += 1
                if self.at(i) == quote:
                    i += 1
                value = "".join(parts)
            if not self.at(i):
                raise HtmlParseError(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
            argument = _attribute(tag, name, value, argument)
        if tag == "span" and argument != "spoiler":
            raise HtmlParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {self.byte_offset(begin)}'
            )
        self.pos = i + 1
        return _Open(tag, argument, self.utf16)

    def end_tag(self, stack: list[_Open]) -> None:
        begin = self.pos
        src = self.src
        if not stack:
            raise HtmlParseError(f"Unexpected end tag at byte offset {self.byte_offset(begin)}")
        i = begin + 2
        while i < len(src) and src[i] not in _SPACE and src[i] != ">":
            i += 1
        name = src[begin + 2 : i].lower()
        while i < len(src) and src[i] in _SPACE:
            i += 1
        if self.at(i) != ">":
            raise HtmlParseError(f"Unclosed end tag at byte offset {self.byte_offset(begin)}")
        opened = stack.pop()
        if name and name != opened.tag:
            raise HtmlParseError(
                f"Unmatched end tag at byte offset {self.byte_offset(begin)}, "
                f'expected "</{opened.tag}>", found "</{name}>"'
            )
        self.pos = i + 1
        self.close(opened)

    def close(self, opened: _Open) -> None:
        length = self.utf16 - opened.offset
        if length == 0:
            return
        kind = _TAG_TO_ENTITY[opened.tag]
        entity: dict[str, Any] = {"type": kind, "offset": opened.offset, "length": length}
        if opened.tag == "a":
            if not opened.argument:
                return  # tdlib drops a link without a usable URL
            entity["url"] = opened.argument
        elif opened.tag == "blockquote" and opened.argument:
            entity["type"] = "expandable_blockquote"
        elif opened.tag == "tg-emoji":
            if not opened.argument:
                return
            entity["custom_emoji_id"] = opened.argument
        elif opened.tag == "tg-time":
            if not opened.argument.isdigit():
                return
            entity["unix_time"] = int(opened.argument)
        elif opened.tag == "code" and opened.argument:
            entity["language"] = opened.argument
        self.entities.append(entity)


def _attribute(tag: str, name: str, value: str, current: str) -> str:
    if tag == "a" and name == "href":
        return value
    if tag == "code" and name == "class" and value.startswith("language-"):
        return value.removeprefix("language-")
    if tag == "span" and name == "class" and value.startswith("tg-"):
        return value.removeprefix("tg-")
    if tag == "tg-emoji" and name == "emoji-id":
        return value
    if tag == "tg-time" and name == "unix":
        return value
    if tag == "blockquote" and name == "expandable":
        return "1"
    return current


def _entity_order(entity: dict[str, Any]) -> tuple[int, int]:
    return entity["offset"], -entity["length"]


def parse_html(source: str, *, strict: bool = True) -> ParsedText:
    """Parse Telegram HTML into plain text and entities, or raise HtmlParseError.

    strict=True also rejects `&` that does not start one of the four named entities or a
    numeric one (real Telegram keeps it verbatim; here it almost always means a missing escape).
    """
    parser = _Parser(source, strict)
    parsed = parser.parse()
    # `<pre><code class="language-x">` is one pre entity with a language, as in tdlib.
    pre_spans = {(e["offset"], e["length"]): e for e in parsed.entities if e["type"] == "pre"}
    merged: list[dict[str, Any]] = []
    for entity in parsed.entities:
        if entity["type"] == "code":
            language = entity.pop("language", None)
            pre = pre_spans.get((entity["offset"], entity["length"]))
            if pre is not None:
                if language:
                    pre["language"] = language
                continue
        merged.append(entity)
    parsed.entities = merged
    return parsed


def strip_entities(text: str, entities: list[dict[str, Any]]) -> ParsedText:
    """Trim surrounding whitespace as Telegram does, shifting and clipping entities."""
    left = len(text) - len(text.lstrip())
    stripped = text.strip()
    shift = utf16_len(text[:left])
    total = utf16_len(stripped)
    kept: list[dict[str, Any]] = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, total)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    return ParsedText(stripped, kept)
