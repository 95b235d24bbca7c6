"""bot.wordscan finds exactly what `finditer` finds, for every date rule and many texts."""

from __future__ import annotations

import ast
import random
import re
from pathlib import Path

import pytest

from bot import dates
from bot.wordscan import WordScan, first_characters
from tests.capture_corpus import CORPUS


def _spans(matches: object) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in matches]  # type: ignore[attr-defined]


def _texts_of_the_tests() -> list[str]:
    """Every string written in the date tests, and every corpus message."""
    tree = ast.parse(Path(__file__).with_name("test_dates.py").read_text(encoding="utf-8"))
    written = {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.strip()
    }
    return sorted(written | {case.text for case in CORPUS})


# Pieces of dates and of what stands beside them, glued at random into texts no one wrote.
_TOKENS = (
    "до", "к", "в", "во", "на", "с", "со", "по", "by", "on", "at", "from", "until", "in",
    "завтра", "послезавтра", "пятницы", "пятнице", "среду", "понедельник", "пн", "Fri",
    "Friday", "next", "week", "неделе", "следующей", "декабря", "Dec", "ноября", "15",
    "5", "3", "12", "25", "31.02", "5.12", "05.12.2027", "15:00", "10am", "3pm", "25:00",
    "утром", "вечером", "EOD", "EOW", "через", "2", "часа", "дня", "hours", "days",
    "мск", "UTC+3", "pt", "#acme", "@anna", "/dl", "Acme:", "—", "-", ",", ".", "(",
    ")", "!", "?", "1,5", "$5", "+7", "№5", "2026-12-01", "Ёлка", "ſ", "\u212a", "İ", "١٢", "ẞ",
    "числа", "числу", "го", "-го", "полночь", "полуночи", "midnight", "noon", "конца",
    "2026-12-01T10:00", "T10:00Z", "первому", "пятого", "the first of", "на паузе", "обсуждали",
)  # fmt: skip
_GLUE = (" ", " ", " ", "", "\n", "  ", ", ", ".", "-", "/", "#")


def _fuzz(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = [rng.choice(_TOKENS) for _ in range(rng.randint(1, 8))]
        texts.append("".join(part + rng.choice(_GLUE) for part in parts).strip())
    return texts


_TEXTS = _texts_of_the_tests() + _fuzz(3000, seed=11)


def _by_pattern(scan: WordScan, text: str, enabled: list[bool]) -> list[list[object]]:
    found: list[list[object]] = [[] for _ in scan.patterns]
    for index, match in scan.matches(text, enabled):
        found[index].append(match)
    return [_spans(matches) for matches in found]


def test_every_date_rule_is_scanned_at_word_starts_or_gated() -> None:
    # A rule the analysis gives up on still reads right, but costs every message a full
    # scan: this says which one, so a new rule is written in a form the analysis follows,
    # or behind a gate of its own that few messages pass (a timestamp's "T").
    whole = [dates._RULES[index] for index in dates._SCAN.anywhere]
    assert len(whole) <= 1
    assert [rule.pattern.pattern[:60] for rule in whole if rule.gate is None] == []


def test_the_date_rules_find_what_finditer_finds() -> None:
    scan = dates._SCAN
    everything = [True] * len(scan.patterns)
    assert len(_TEXTS) > 3000
    for text in _TEXTS:
        for probe in (text, text.lower(), text.upper()):
            expected = [_spans(pattern.finditer(probe)) for pattern in scan.patterns]
            assert _by_pattern(scan, probe, everything) == expected, probe


def test_a_pattern_turned_off_is_not_tried() -> None:
    scan = WordScan([re.compile(r"(?<!\w)до\s+\d+"), re.compile(r"(?<!\w)\d+")])
    text = "до 5 и 7"
    assert _by_pattern(scan, text, [False, True]) == [[], _spans(re.finditer(r"(?<!\w)\d+", text))]
    assert [match.group() for _, match in scan.matches(text, [True, False])] == ["до 5"]


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        # A match may begin inside a word: no word-start look-behind.
        (r"\d+", "a12 b3"),
        # A match may be empty.
        (r"(?<!\w)x*", "ab x"),
        # Under re.ASCII the look-behind lets a match begin right after a Cyrillic letter.
        (r"(?a)(?<!\w)\d", "я1 2"),
        # A negated class could begin with anything.
        (r"(?<!\w)[^ ]", "ab cd"),
        # Not after a non-word character: inside a word.
        (r"(?<![^\w])a", "ba a"),
    ],
)
def test_patterns_it_cannot_vouch_for_fall_back_to_finditer(pattern: str, text: str) -> None:
    compiled = re.compile(pattern)
    assert first_characters(compiled) is None
    scan = WordScan([compiled])
    assert scan.anywhere == (0,)
    assert _by_pattern(scan, text, [True]) == [_spans(compiled.finditer(text))]


def test_case_folding_and_digits_are_followed() -> None:
    pattern = re.compile(r"(?<![\w#@/])(?:s\w+|к\d|k\d|\d{2}:\d{2})", re.IGNORECASE)
    first = first_characters(pattern)
    assert first is not None
    assert first[1]  # any digit
    # ſ (long s) and K (the Kelvin sign) are folded by `re` beside the usual pairs;
    # Arabic-Indic digits are digits to `\d`.
    text = "ſale, Sale, \u212a5, К5 и к7, в 15:30, ۱۲:۳۰, x15:30, #sale"
    found = [match.group() for _, match in WordScan([pattern]).matches(text, [True])]
    assert found == ["ſale", "Sale", "\u212a5", "К5", "к7", "15:30", "۱۲:۳۰"]
    assert found == [match.group() for match in pattern.finditer(text)]


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"(?i)(?<!\w)İ", "ı x İ i I"),  # İ folds to i, and i to dotless ı
        (r"(?i)(?<!\w)[Ĭ-İ]", "ı i I"),
        (r"(?<!\w)(?i:σ)", "ς Σ σ"),
    ],
)
def test_letters_folded_together_by_re_are_all_tried(pattern: str, text: str) -> None:
    compiled = re.compile(pattern)
    assert first_characters(compiled) is not None
    assert _by_pattern(WordScan([compiled]), text, [True]) == [_spans(compiled.finditer(text))]
