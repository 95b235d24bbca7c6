"""How a burst of forwarded messages is summarised: its time span, in the user's language."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.client_views import conversation_text
from bot.forwards import proposals, span
from bot.i18n import LANGUAGES, format_clock, format_numeric, translator
from bot.models import Language
from bot.split import TELEGRAM_LIMIT, plain_text, text_length
from storage.forwards import Conversation, LoggedForward

MOSCOW = ZoneInfo("Europe/Moscow")
START = datetime(2026, 11, 25, 7, 2, tzinfo=UTC)  # 10:02 in Moscow


def message(at: datetime, text: str = "hello", media_type: str | None = None) -> LoggedForward:
    return LoggedForward(
        id=1,
        origin_id=None,
        is_self=False,
        is_team=False,
        sender_name="Ivan Petrov",
        origin_date=at,
        text=text,
        media_type=media_type,
        origin_client_id=None,
    )


def burst(first: datetime, last: datetime) -> Conversation:
    return Conversation(
        id=1,
        client_id=None,
        client_name="Acme",
        first_at=first,
        last_at=last,
        message_count=2,
        messages=[message(first), message(last)],
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_burst_within_a_day_spans_two_clock_times(language: Language) -> None:
    t = translator(language)
    last = START + timedelta(minutes=13)
    expected = t(
        "forwards.span",
        start=format_clock(t, START.astimezone(MOSCOW)),
        end=format_clock(t, last.astimezone(MOSCOW)),
    )
    assert span(t, burst(START, last), MOSCOW) == expected


def test_the_span_reads_as_before_in_both_languages() -> None:
    last = START + timedelta(minutes=13)
    for language in LANGUAGES:
        assert span(translator(language), burst(START, last), MOSCOW) == "10:02–10:15"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_burst_within_one_minute_is_one_time(language: Language) -> None:
    t = translator(language)
    shown = span(t, burst(START, START + timedelta(seconds=40)), MOSCOW)
    assert shown == format_clock(t, START.astimezone(MOSCOW))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_burst_across_midnight_names_both_days(language: Language) -> None:
    t = translator(language)
    first = datetime(2026, 11, 25, 20, 50, tzinfo=UTC)  # 23:50 in Moscow
    last = first + timedelta(minutes=20)
    expected = t(
        "forwards.span",
        start=format_numeric(t, "dates.short", first.astimezone(MOSCOW)),
        end=format_numeric(t, "dates.short", last.astimezone(MOSCOW)),
    )
    assert span(t, burst(first, last), MOSCOW) == expected
    assert expected == "25.11 23:50–26.11 00:10"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_date_the_client_gave_is_labelled_in_the_users_format(language: Language) -> None:
    t = translator(language)
    said = message(START, "please send the report by 28.11 15:00")
    conversation = Conversation(1, None, "Acme", START, START, 1, [said])
    [(kind, _, label)] = proposals(t, [conversation], MOSCOW, now=START)
    assert kind == "deadline"
    date = format_numeric(t, "dates.short", datetime(2026, 11, 28, 15, 0, tzinfo=MOSCOW))
    assert label == t.plain("forwards.deadline_label", title="please send the report", date=date)


@pytest.mark.parametrize(
    "text",
    [
        "We will pay the invoice next week",
        "we'll send the contract by Friday",
        "I'll sign it tomorrow",
        "мы оплатим счёт до пятницы",
        "пришлём макеты в понедельник",
    ],
)
def test_a_clients_own_promise_is_not_proposed(text: str) -> None:
    conversation = Conversation(1, None, "Acme", START, START, 1, [message(START, text)])
    assert proposals(translator("en"), [conversation], MOSCOW, now=START) == []


@pytest.mark.parametrize(
    "text",
    ["we'll need the report by Friday", "пришлите отчёт до пятницы", "будем ждать к пятнице"],
)
def test_what_a_client_will_need_is_still_proposed(text: str) -> None:
    conversation = Conversation(1, None, "Acme", START, START, 1, [message(START, text)])
    assert proposals(translator("en"), [conversation], MOSCOW, now=START) != []


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_attachment_without_a_caption_is_named_in_the_users_language(
    language: Language,
) -> None:
    t = translator(language)
    photo = message(START, "", media_type="photo")
    odd = message(START, "", media_type="paid_media")  # a kind with no word of its own
    conversation = Conversation(1, None, "Acme", START, START, 2, [photo, odd])
    lines = conversation_text(t, conversation, MOSCOW).text.split("\n")
    assert lines[1].endswith(": " + t("clients.media.photo"))
    assert lines[2].endswith(": " + t("clients.media.other"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_long_conversation_reads_in_pages_each_within_telegrams_limit(
    language: Language,
) -> None:
    t = translator(language)
    # The worst a page can hold: long names, and emoji that count two units each.
    said = [
        replace(
            message(START + timedelta(seconds=index), f"{index} " + "😀" * 400),
            sender_name="Иван" + "😀" * 100,
        )
        for index in range(100)
    ]
    conversation = Conversation(1, None, "Acme", START, said[-1].origin_date, 100, said)
    latest = conversation_text(t, conversation, MOSCOW)
    assert latest.page == latest.pages - 1 > 0
    seen: list[str] = []
    for page in range(latest.pages):
        view = conversation_text(t, conversation, MOSCOW, page)
        assert view.page == page
        assert text_length(view.text) <= TELEGRAM_LIMIT
        header, *lines = view.text.split("\n")
        assert header.endswith(f"{page + 1}/{latest.pages}")
        assert all(line.endswith("…") for line in lines)  # each message cut, and marked
        seen += [plain_text(line).split(": ", 1)[1].split()[0] for line in lines]
    assert seen == [str(index) for index in range(100)]  # every message once, in order
    assert conversation_text(t, conversation, MOSCOW, latest.pages + 5) == latest


def test_a_short_conversation_is_one_page_without_page_numbers() -> None:
    t = translator("en")
    conversation = Conversation(1, None, "Acme", START, START, 1, [message(START)])
    view = conversation_text(t, conversation, MOSCOW)
    assert (view.page, view.pages) == (0, 1)
    assert view.text.split("\n") == [
        "💬 25.11 10:02 · 1 message · Ivan",
        "10:02 <b>Ivan Petrov</b>: hello",
    ]
