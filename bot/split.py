"""Long HTML replies cut into Telegram messages without breaking lines, tags or entities.

Telegram limits a message to 4096 characters of its text *after* entity parsing
(https://core.telegram.org/bots/api#sendmessage), counted in UTF-16 code units
(https://core.telegram.org/api/entities#entity-length): tags count nothing, `&lt;`
counts one, an emoji outside the Basic Multilingual Plane counts two. Only that
parsed length is limited; the raw markup can be longer.

Lines are packed greedily, joined with "\\n". A line that alone exceeds the limit
starts a new message and is cut at the last space that fits (or, for a word longer
than a message, exactly at the limit), never inside a tag or an entity; tags open at
the cut are closed at the end of one part and re-opened, attributes and all, at the
start of the next. The space at a cut is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

__all__ = ["TELEGRAM_LIMIT", "plain_text", "split_message", "text_length"]

TELEGRAM_LIMIT = 4096

# Telegram's HTML: tags (b, i, u, s, code, pre, a, span, tg-spoiler, blockquote,
# tg-emoji and their aliases), the four named entities and numeric ones
# (https://core.telegram.org/bots/api#html-style). Anything else is literal text.
_MARKUP = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^>]*)?>"
    r"|&(?:(lt|gt|amp|quot)|#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6}));"
)
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_MAX_CODE_POINT = 0x10FFFF
# A no-break space is deliberately not here: it asks not to be broken.
_BREAKS = frozenset(" \t\n")


def _units(text: str) -> int:
    """Length in UTF-16 code units, the way Telegram counts."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _entity(match: re.Match[str]) -> str | None:
    """The character an entity stands for; None for a tag or an invalid number."""
    name, decimal, hexadecimal = match.group(3, 4, 5)
    if name:
        return _NAMED[name]
    number = int(decimal) if decimal else int(hexadecimal, 16) if hexadecimal else -1
    if 0 < number <= _MAX_CODE_POINT and not 0xD800 <= number <= 0xDFFF:
        return chr(number)
    return None


_Piece = tuple[int, str, re.Match[str] | None]


def _pieces(html: str) -> Iterator[_Piece]:
    """(start, shown text, tag match) for each tag, entity and run of text, in order.

    A tag shows no text; an entity is a one-character piece (invalid numeric entities
    are left as literal text); a run of text can be any length.
    """
    position = 0
    for match in _MARKUP.finditer(html):
        start = match.start()
        if start > position:
            yield position, html[position:start], None
        if match.group(2):
            yield start, "", match
        else:
            decoded = _entity(match)
            if decoded is None:
                yield start, match.group(), None
            else:
                yield start, decoded, match
        position = match.end()
    if position < len(html):
        yield position, html[position:], None


def plain_text(html: str) -> str:
    """The text Telegram shows: tags removed, entities decoded."""
    return "".join(text for _, text, _ in _pieces(html))


def text_length(html: str) -> int:
    """The length Telegram checks against its limit (UTF-16 units of `plain_text`)."""
    return _units(plain_text(html))


def _shows_text(html: str) -> bool:
    """`bool(plain_text(html).strip())`, stopping at the first character shown."""
    return any(not text.isspace() for _, text, _ in _pieces(html) if text)


def split_message(lines: Sequence[str], limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Pack HTML lines into as few messages as possible, each within `limit`."""
    if limit < 2:
        # One entity or emoji can take two units; a smaller limit could never progress.
        raise ValueError("limit must be at least 2")
    # Fast path, the usual digest: the raw markup already fits. Tags count nothing and an
    # entity counts less than it is written, so the raw UTF-16 length is never below what
    # Telegram counts: every line fits, nothing is cut, and all of it is one message
    # (what `_pack` would make of it, without measuring every line).
    if _units("\n".join(lines)) <= limit:
        first, end = 0, len(lines)
        while first < end and not lines[first]:
            first += 1
        while end > first and not lines[end - 1]:
            end -= 1
        text = "\n".join(lines[first:end])
        return [text] if _shows_text(text) else []
    return _pack(lines, limit)


def _pack(lines: Sequence[str], limit: int) -> list[str]:
    """Greedy packing, each line measured; over-long lines cut by `_split_line`."""
    messages: list[str] = []
    current: list[str] = []
    used = 0

    def flush() -> None:
        nonlocal used
        while current and not current[-1]:
            current.pop()
        text = "\n".join(current)
        if _shows_text(text):
            messages.append(text)
        current.clear()
        used = 0

    def add(line: str, size: int) -> None:
        nonlocal used
        if current and used + 1 + size > limit:
            flush()
        if not current and not line:
            return  # a blank line never opens a message
        used = used + 1 + size if current else size
        current.append(line)

    for line in lines:
        size = text_length(line)
        if size <= limit:
            add(line, size)
            continue
        flush()
        for part, part_size in _split_line(line, limit):
            add(part, part_size)
    flush()
    return messages


class _Cut:
    """A place the line may be cut: a space, with the tags open there."""

    __slots__ = ("index", "stack", "units")

    def __init__(self, index: int, units: int, stack: tuple[tuple[str, str], ...]) -> None:
        self.index = index
        self.units = units
        self.stack = stack


def _closing(stack: Sequence[tuple[str, str]]) -> str:
    return "".join(f"</{name}>" for name, _ in reversed(stack))


def _opening(stack: Sequence[tuple[str, str]]) -> str:
    return "".join(tag for _, tag in stack)


def _track(stack: list[tuple[str, str]], tag: re.Match[str]) -> None:
    """Push an opening tag; pop a closing one with whatever it closes (stray ones are ignored)."""
    name = tag.group(2).lower()
    if not tag.group(1):
        stack.append((name, tag.group()))
        return
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth][0] == name:
            del stack[depth:]
            return


def _split_line(line: str, limit: int) -> list[tuple[str, int]]:
    """Parts of one over-long line, each with its length; see the module docstring."""
    parts: list[tuple[str, int]] = []
    stack: list[tuple[str, str]] = []  # (name, the opening tag as written)
    prefix = ""  # tags re-opened at the start of the current part
    start = 0  # where the current part's own markup begins in `line`
    units = 0
    cut: _Cut | None = None

    def emit(end: int, open_tags: Sequence[tuple[str, str]], size: int) -> None:
        parts.append((prefix + line[start:end] + _closing(open_tags), size))

    for piece_start, text, match in _pieces(line):
        if match is not None and not text:
            _track(stack, match)
            continue
        # An entity is one atom, never cut inside; a run of text is cut between characters.
        atoms = (
            [(piece_start, text)]
            if match is not None
            else [(piece_start + offset, char) for offset, char in enumerate(text)]
        )
        for atom_start, char in atoms:
            size = 2 if ord(char) > 0xFFFF else 1
            if units + size > limit:
                if match is None and char in _BREAKS:
                    # The space that overflows is itself the cut.
                    emit(atom_start, stack, units)
                    units = 0
                    prefix, start = _opening(stack), atom_start + 1
                    cut = None
                    continue
                if cut is not None:
                    emit(cut.index, cut.stack, cut.units)
                    units -= cut.units + 1  # the space at the cut is dropped
                    prefix, start = _opening(cut.stack), cut.index + 1
                else:
                    emit(atom_start, stack, units)
                    units = 0
                    prefix, start = _opening(stack), atom_start
                cut = None
            if match is None and char in _BREAKS and units > 0:
                cut = _Cut(atom_start, units, tuple(stack))
            units += size
    parts.append((prefix + line[start:] + _closing(stack), units))
    return parts
