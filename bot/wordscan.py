"""Find many patterns' matches in a text by trying each only where a match could begin.

The date reader runs some thirty patterns over every message. Each begins with a
look-behind ("not inside a word"), and a pattern that begins with a look-behind gets
none of `re`'s quick skipping to a likely first character: `finditer` tries the whole
pattern at every position of the text, which made the scans most of the reader's time
(bench/bench_parsing.py). `first_characters` works out, from a pattern itself, which
characters a match can begin with and that it can begin only at a word's start. A
message has about nine word starts; `WordScan` looks up which patterns can begin with
each one's character and runs `match` there only.

The matches are exactly those of each pattern's `finditer`: the same non-overlapping
matches, leftmost first. A pattern for which that cannot be shown (it could match an
empty string, begin anywhere, or begin with a class too wide to list) is scanned with
`finditer` (tests/test_wordscan.py compares the two on every date rule and many texts).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final

# The parser of `re` (named `sre_parse` before 3.11). It is private, so anything in its
# tree this module does not know makes the scan fall back to `finditer`, never guess.
try:
    from re import _casefix as _case  # type: ignore[attr-defined]
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - a Python that moved them again
    _p = None

# A position can start a word-start match if nothing of a word stands just before it.
_WORD_START: Final = re.compile(r"(?<!\w)\S")
# The widest first-character class listed; a wider one (a range of thousands) is `any`.
_MAX_FIRST: Final = 512


class _Unknown(Exception):
    """The pattern has something the analysis does not follow: use `finditer`."""


def word_starts(text: str) -> list[tuple[int, str]]:
    """Each position where a word-start match could begin, with its character."""
    return [(m.start(), m.group()) for m in _WORD_START.finditer(text)]


def _key(char: str) -> str:
    """The character in small letters, under which the patterns that can begin with it
    in either case are listed. `re` folds case by each letter's simple lowercase: the
    Kelvin sign is a k to it, İ an i (whose full lowercase is i and a dot)."""
    return char.lower()[0]


def first_characters(pattern: re.Pattern[str]) -> tuple[frozenset[str], bool] | None:
    """What a match of `pattern` can begin with, if it can begin only at a word start:
    (the characters, whether any decimal digit too). None where that cannot be shown."""
    if _p is None:  # pragma: no cover
        return None
    try:
        tree = _p.parse(pattern.pattern, pattern.flags)
        if not _after_word_boundary(list(tree), pattern.flags):
            return None
        chars, digits, empty = _first(list(tree), pattern.flags)
    except _Unknown:
        return None
    if empty or any(char.isspace() for char in chars):
        return None
    return frozenset(chars), digits


class WordScan:
    """Several patterns' `finditer` over one text, each tried with `match` only at the
    word starts whose character it can begin with."""

    __slots__ = ("_by_char", "_digits", "anywhere", "patterns")

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        self.patterns = tuple(patterns)
        # The patterns scanned with plain finditer: nothing shows where they begin.
        anywhere: list[int] = []
        by_char: dict[str, list[int]] = {}
        digits: list[int] = []
        for index, pattern in enumerate(self.patterns):
            first = first_characters(pattern)
            if first is None:
                anywhere.append(index)
                continue
            chars, any_digit = first
            for key in {_key(char) for char in chars}:
                by_char.setdefault(key, []).append(index)
            if any_digit:
                digits.append(index)
        for char in [*by_char, *"0123456789"]:
            if char.isdecimal():
                by_char[char] = sorted({*by_char.get(char, ()), *digits})
        self.anywhere = tuple(anywhere)
        self._by_char = {char: tuple(indexes) for char, indexes in by_char.items()}
        self._digits = tuple(digits)

    def matches(self, text: str, enabled: Sequence[bool]) -> list[tuple[int, re.Match[str]]]:
        """(pattern index, match) for every match of every enabled pattern, as each
        pattern's own `finditer` finds them (in no particular order across patterns)."""
        patterns = self.patterns
        by_char = self._by_char
        found: list[tuple[int, re.Match[str]]] = []
        reached = [0] * len(patterns)
        for position, char in word_starts(text):
            candidates = by_char.get(_key(char))
            if candidates is None:
                if not char.isdecimal():
                    continue
                candidates = self._digits
            for index in candidates:
                if position >= reached[index] and enabled[index]:
                    match = patterns[index].match(text, position)
                    if match is not None:
                        reached[index] = match.end()
                        found.append((index, match))
        for index in self.anywhere:
            if enabled[index]:
                found.extend((index, match) for match in patterns[index].finditer(text))
        return found


def _flags(flags: int, add: int, remove: int) -> int:
    return (flags | add) & ~remove


def _after_word_boundary(items: list[Any], flags: int) -> bool:
    """Whether every match must begin where no word character stands just before it:
    the sequence opens with a look-behind that refuses `\\w`, in every branch."""
    if not items:
        return False
    op, av = items[0]
    if op is _c.ASSERT_NOT:
        direction, body = av
        body = list(body)
        # Under re.ASCII `\\w` would let a match begin right after a Cyrillic letter.
        if direction != -1 or len(body) != 1 or body[0][0] is not _c.IN or flags & re.ASCII:
            return False
        refused = body[0][1]
        # "[^\w]" refuses what is not a word character: the opposite.
        if any(op is _c.NEGATE for op, _ in refused):
            return False
        return any(op is _c.CATEGORY and av is _c.CATEGORY_WORD for op, av in refused)
    if op is _c.SUBPATTERN:
        _group, add, remove, body = av
        return _after_word_boundary(list(body), _flags(flags, add, remove))
    if op is _c.BRANCH:
        return all(_after_word_boundary(list(branch), flags) for branch in av[1])
    return False


def _cases(code: int, flags: int) -> set[str]:
    char = chr(code)
    if not flags & re.IGNORECASE:
        return {char}
    found = {char, char.lower(), char.upper(), char.casefold()}
    # The letters `re` folds together besides the usual pairs (ſ and s, K and the Kelvin
    # sign), listed under the simple lowercase, as `re` folds: İ's is i, and so ı too.
    found.update(chr(extra) for extra in _case._EXTRA_CASES.get(ord(_key(char)), ()))
    return {one for one in found if len(one) == 1}


def _first(items: list[Any], flags: int) -> tuple[set[str], bool, bool]:
    """What a match of the sequence can begin with: (characters, any digit, can be empty)."""
    chars: set[str] = set()
    digits = False
    for op, av in items:
        if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
            continue  # zero width: the next item gives the first character
        if op is _c.LITERAL:
            chars |= _cases(av, flags)
            return chars, digits, False
        if op is _c.IN:
            listed, has_digits = _class(av, flags)
            return chars | listed, digits or has_digits, False
        if op is _c.SUBPATTERN:
            _group, add, remove, body = av
            inner, inner_digits, empty = _first(list(body), _flags(flags, add, remove))
        elif op is _c.ATOMIC_GROUP:
            inner, inner_digits, empty = _first(list(av), flags)
        elif op is _c.BRANCH:
            inner, inner_digits, empty = set(), False, False
            for branch in av[1]:
                more, more_digits, more_empty = _first(list(branch), flags)
                inner |= more
                inner_digits = inner_digits or more_digits
                empty = empty or more_empty
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            low, _high, body = av
            inner, inner_digits, empty = _first(list(body), flags)
            empty = empty or low == 0
        else:
            raise _Unknown(op)  # ANY, NOT_LITERAL, a back-reference, a conditional…
        chars |= inner
        digits = digits or inner_digits
        if not empty:
            return chars, digits, False
    return chars, digits, True


def _class(items: list[Any], flags: int) -> tuple[set[str], bool]:
    chars: set[str] = set()
    digits = False
    for op, av in items:
        if op is _c.LITERAL:
            chars |= _cases(av, flags)
        elif op is _c.RANGE:
            low, high = av
            if high - low > _MAX_FIRST:
                raise _Unknown(op)
            for code in range(low, high + 1):
                chars |= _cases(code, flags)
        elif op is _c.CATEGORY and av is _c.CATEGORY_DIGIT:
            digits = True
        else:
            raise _Unknown(op)  # a negated class, \w, \s: too wide to be worth listing
    return chars, digits
