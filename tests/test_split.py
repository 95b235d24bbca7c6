import html
import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.split import TELEGRAM_LIMIT, _pack, _shows_text, plain_text, split_message, text_length

# An independent reading of what Telegram shows, to check bot.split against.
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*>")
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]+|#[xX][0-9a-fA-F]+);")

TAGS = [
    ("<b>", "</b>"),
    ("<strong>", "</strong>"),
    ("<i>", "</i>"),
    ("<em>", "</em>"),
    ("<u>", "</u>"),
    ("<ins>", "</ins>"),
    ("<s>", "</s>"),
    ("<strike>", "</strike>"),
    ("<del>", "</del>"),
    ("<code>", "</code>"),
    ("<pre>", "</pre>"),
    ('<a href="https://example.com/?a=1&amp;b=2">', "</a>"),
    ('<span class="tg-spoiler">', "</span>"),
    ("<tg-spoiler>", "</tg-spoiler>"),
    ("<blockquote>", "</blockquote>"),
]


def shown(part: str) -> str:
    return html.unescape(_TAG.sub("", part))


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def balanced(part: str) -> bool:
    stack: list[str] = []
    for match in _TAG.finditer(part):
        if not match.group(1):
            stack.append(match.group(2))
        elif not stack or stack.pop() != match.group(2):
            return False
    return not stack


def no_broken_markup(part: str) -> bool:
    """No '&' outside a whole entity, no '<' or '>' outside a whole tag."""
    bare = _ENTITY.sub("", _TAG.sub("", part))
    return not any(char in bare for char in "&<>")


def squeeze(text: str) -> str:
    return "".join(text.split())


chunks = st.sampled_from(
    ["a", "b", "z", " ", " ", "  ", "я", "Ж", "ё", "&", "<", ">", '"', "😀", "👍🏽", "é", "\u00a0"]
)
escaped_text = st.lists(chunks, min_size=1, max_size=40).map(
    lambda pieces: html.escape("".join(pieces), quote=False)
)


def wrap(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(st.sampled_from(TAGS), st.lists(children, min_size=1, max_size=3)).map(
        lambda pair: pair[0][0] + "".join(pair[1]) + pair[0][1]
    )


html_lines = st.recursive(escaped_text, wrap, max_leaves=8)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(html_lines, max_size=8), limit=st.integers(min_value=2, max_value=60))
def test_parts_fit_stay_balanced_and_keep_the_text(lines: list[str], limit: int) -> None:
    parts = split_message(lines, limit)
    for part in parts:
        assert utf16(shown(part)) <= limit, part
        assert text_length(part) == utf16(shown(part))
        assert balanced(part), part
        assert no_broken_markup(part), part
        assert shown(part).strip()
    assert squeeze("".join(shown(part) for part in parts)) == squeeze(shown("\n".join(lines)))


words = st.text(alphabet="abcяж😀&<", min_size=1, max_size=6).map(
    lambda text: html.escape(text, quote=False)
)


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(words, max_size=12), limit=st.integers(min_value=12, max_value=40))
def test_lines_that_fit_are_kept_whole_in_as_few_messages_as_possible(
    lines: list[str], limit: int
) -> None:
    parts = split_message(lines, limit)
    assert [line for part in parts for line in part.split("\n")] == lines
    for first, second in itertools.pairwise(parts):
        assert text_length(first) + 1 + text_length(second) > limit


blank_or_html = st.one_of(
    st.just(""), st.sampled_from([" ", "<b></b>", "&#32;", "\u00a0"]), html_lines
)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(blank_or_html, max_size=8), limit=st.integers(min_value=2, max_value=400))
def test_the_fast_path_gives_what_packing_line_by_line_gives(lines: list[str], limit: int) -> None:
    assert split_message(lines, limit) == _pack(lines, limit)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(blank_or_html, st.text(alphabet=" \n<>&;#x0123b/a", max_size=12)))
def test_shows_text_is_plain_text_not_blank(text: str) -> None:
    assert _shows_text(text) is bool(plain_text(text).strip())


def test_markup_that_fits_raw_but_shows_nothing_is_no_message() -> None:
    assert split_message(["", "<b> </b>", "&#32;", ""]) == []
    assert split_message(["", "<b>x</b>", "", "&#32;", "", ""]) == ["<b>x</b>\n\n&#32;"]


def test_length_counts_parsed_utf16() -> None:
    assert text_length("<b>a&amp;b</b> 😀") == 6
    assert text_length('<a href="https://x.y/?q=1&amp;r=2">link</a>') == 4
    assert text_length("&#128512;&#x1F600;&quot;") == 5
    assert text_length("привет") == 6
    assert plain_text("<i>&lt;b&gt;</i> &amp; &nbsp;") == "<b> & &nbsp;"


def test_short_input_is_one_message_and_blank_lines_never_open_one() -> None:
    assert split_message([]) == []
    assert split_message(["", "", ""]) == []
    assert split_message(["<b>Today</b>", "", "1. call"]) == ["<b>Today</b>\n\n1. call"]
    assert split_message(["aaaa", "", "bbbb"], limit=5) == ["aaaa", "bbbb"]


def test_entities_count_one_character() -> None:
    assert split_message(["&lt;" * TELEGRAM_LIMIT]) == ["&lt;" * TELEGRAM_LIMIT]
    parts = split_message(["&lt;" * (TELEGRAM_LIMIT + 1)])
    assert parts == ["&lt;" * TELEGRAM_LIMIT, "&lt;"]


def test_emoji_count_two_units_and_are_never_halved() -> None:
    parts = split_message(["😀" * 3000])
    assert parts == ["😀" * 2048, "😀" * 952]


def test_a_long_cyrillic_line_is_cut_between_words() -> None:
    line = " ".join(["привет"] * 1430)  # 10,009 characters
    parts = split_message([line])
    assert len(parts) == 3
    assert all(text_length(part) <= TELEGRAM_LIMIT for part in parts)
    assert all(part.split(" ") == ["привет"] * len(part.split(" ")) for part in parts)
    assert " ".join(parts) == line


def test_tags_are_closed_and_reopened_at_a_cut() -> None:
    line = '<b>bold <a href="https://example.com/?a=1&amp;b=2">' + "word " * 2000 + "</a></b> end"
    parts = split_message([line])
    assert len(parts) == 3
    assert parts[0].startswith("<b>bold <a href=")
    for part in parts[1:]:
        assert part.startswith('<b><a href="https://example.com/?a=1&amp;b=2">')
    for part in parts:
        assert balanced(part)
        assert text_length(part) <= TELEGRAM_LIMIT
    assert parts[-1].endswith("</a></b> end")


def test_a_word_longer_than_the_limit_is_cut_exactly_at_it() -> None:
    assert split_message(["x" * 10 + " " + "y" * 25], limit=10) == [
        "x" * 10,
        "y" * 10,
        "y" * 10,
        "y" * 5,
    ]


def test_the_end_of_a_cut_line_shares_a_message_with_what_follows() -> None:
    assert split_message(["before", "aaa bbb ccc", "after"], limit=9) == [
        "before",
        "aaa bbb",
        "ccc\nafter",
    ]


def test_a_10000_character_line_mixing_everything() -> None:
    unit = "<i>Acme</i> &amp; «Рога» 😀 "
    line = unit * 500
    parts = split_message([line])
    assert all(text_length(part) <= TELEGRAM_LIMIT and balanced(part) for part in parts)
    assert squeeze("".join(plain_text(part) for part in parts)) == squeeze(plain_text(line))


def test_a_tiny_limit_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        split_message(["a"], limit=1)
