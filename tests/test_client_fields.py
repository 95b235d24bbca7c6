"""Client table updates by message: what is an update, and what stays a captured note."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.capture import ClientIndex, ClientRef
from bot.client_fields import (
    FieldUpdate,
    clean_name,
    name_clash,
    parse_field_update,
    read_answer,
    read_day,
    split_contact,
    split_rename,
)

MOSCOW = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 25, 8, 30, tzinfo=UTC)  # Wednesday 25 Nov, 11:30 in Moscow
ACME = ClientRef(1, "Acme")
ROMASHKA = ClientRef(2, "Ромашка", ("Romashka",))
CLIENTS = ClientIndex([ACME, ROMASHKA])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Acme paid today", (ACME, "last_payment_on", "2026-11-25", None)),
        ("Acme  paid  today", (ACME, "last_payment_on", "2026-11-25", None)),
        ("ACME PAID TODAY", (ACME, "last_payment_on", "2026-11-25", None)),
        ("Acme Next Report 15.01", (ACME, "next_report_on", "2027-01-15", None)),
        ("Ромашка оплатила вчера", (ROMASHKA, "last_payment_on", "2026-11-24", None)),
        ("Acme next report 15.01", (ACME, "next_report_on", "2027-01-15", None)),
        ("Romashka следующий  отчёт 3.12", (ROMASHKA, "next_report_on", "2026-12-03", None)),
        ("Acme on pause", (ACME, None, None, "paused")),
        ("Acme email: anna@acme.com", (ACME, "email", "anna@acme.com", None)),
        ("Acme prefers telegram", (ACME, "preferred_channel", "telegram", None)),
        # A past field reads the day just gone, never one a year back.
        ("Acme paid on Monday", (ACME, "last_payment_on", "2026-11-23", None)),
        ("Acme paid on 23rd", (ACME, "last_payment_on", "2026-11-23", None)),
        ("Ромашка оплатила в воскресенье", (ROMASHKA, "last_payment_on", "2026-11-22", None)),
        ("Ромашка оплатила позавчера", (ROMASHKA, "last_payment_on", "2026-11-23", None)),
        ("Ромашка оплатила в прошлую пятницу", (ROMASHKA, "last_payment_on", "2026-11-20", None)),
        ("Acme paid last Friday", (ACME, "last_payment_on", "2026-11-20", None)),
        ("Acme paid 2 days ago", (ACME, "last_payment_on", "2026-11-23", None)),
        ("Acme paid 20.11.2025", (ACME, "last_payment_on", "2025-11-20", None)),
        ("Acme paid 2026-11-20", (ACME, "last_payment_on", "2026-11-20", None)),
        ("Acme paid 5.12", (ACME, "last_payment_on", "2025-12-05", None)),
        ("Acme next report 2027-01-15", (ACME, "next_report_on", "2027-01-15", None)),
        # Status phrases as people write them.
        ("Ромашка активна", (ROMASHKA, None, None, "active")),
        ("Ромашка снята с паузы", (ROMASHKA, None, None, "active")),
        ("Ромашка в архиве", (ROMASHKA, None, None, "archived")),
        ("Acme unpaused", (ACME, None, None, "active")),
        ("Acme active", (ACME, None, None, "active")),
        ("Acme active again", (ACME, None, None, "active")),
        ("Acme is paused", (ACME, None, None, "paused")),
    ],
)
def test_updates(text: str, expected: tuple[object, ...]) -> None:
    update = parse_field_update(text, CLIENTS, now=NOW, tz=MOSCOW)
    assert update is not None
    assert (update.client, update.field, update.value, update.status) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Acme asks for the SEO report by Friday",  # a request, not a field
        "paid the invoice for Acme",  # the client is not first
        "Acme paid for the new banner",  # words after the phrase that are not a date
        "Globex paid today",  # not a known client
        "Acme next report is late",  # words, not a date
        "обсудили отчёт с Ромашкой",
    ],
)
def test_not_updates(text: str) -> None:
    assert parse_field_update(text, CLIENTS, now=NOW, tz=MOSCOW) is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Acme paid tomorrow", "not_yet"),  # a payment that has not happened
        ("Acme paid in 2 days", "not_yet"),
        ("Acme paid 1.12.2026", "not_yet"),
        ("Acme next report", "no_date"),
        ("Acme next report 15.13", "unreadable"),
        ("Acme next report 20.11.2025", "passed"),
        ("Acme next payment yesterday", "passed"),  # a next date is one still to come
        ("Acme следующий отчёт вчера", "passed"),
        ("Acme email: not-an-email", "bad_email"),
    ],
)
def test_updates_that_cannot_be_made_say_why(text: str, problem: str) -> None:
    update = parse_field_update(text, CLIENTS, now=NOW, tz=MOSCOW)
    assert update is not None
    assert update.problem == problem


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Wednesday", "2026-11-25"),  # today is one
        ("last Wednesday", "2026-11-18"),
        ("в прошлую среду", "2026-11-18"),
        ("on 28th", "2026-10-28"),
        ("a week ago", "2026-11-18"),
        ("3 дня назад", "2026-11-22"),
        ("20 ноября", "2026-11-20"),
        # Yesterday by its name or its date, read from yesterday, is that day itself.
        ("Tuesday", "2026-11-24"),
        ("во вторник", "2026-11-24"),
        ("24.11", "2026-11-24"),
        ("on 24th", "2026-11-24"),
        ("1000000 days ago", "unreadable"),  # no calendar goes back that far
    ],
)
def test_a_past_field_reads_the_nearest_past_day(text: str, day: str) -> None:
    assert str(read_day("last_payment_on", text, now=NOW, tz=MOSCOW)) == day


@pytest.mark.parametrize(
    ("field", "text", "value", "problem", "elsewhere"),
    [
        ("next_payment_on", "5.12", "2026-12-05", None, False),
        ("next_payment_on", "next Friday-ish", None, "unreadable", False),  # ask again
        ("next_payment_on", "call Globex tomorrow about the contract", None, None, True),
        ("email", "ceo@acme", None, "bad_email", False),
        ("email", "ceo@acme.com", "ceo@acme.com", None, False),
        ("notes", "VIP, pays late", "VIP, pays late", None, False),
        ("name", "Acme Corporation", "Acme Corporation", None, False),
        ("name", "call Globex tomorrow about the new contract terms", None, None, True),
        ("name", "Радио Пятница", "Радио Пятница", None, False),
        ("alias", "Monday.com", "Monday.com", None, False),
    ],
)
def test_answers_to_a_field_question(
    field: str, text: str, value: str | None, problem: str | None, elsewhere: bool
) -> None:
    answer = read_answer(field, text, now=NOW, tz=MOSCOW)
    assert (answer.value, answer.problem, answer.elsewhere) == (value, problem, elsewhere)


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("#acme", "acme"),
        ("Acme:", "Acme"),
        ("#acme-corp", "acme corp"),
        ("  Acme  Corp ", "Acme Corp"),
    ],
)
def test_clean_name(typed: str, name: str) -> None:
    assert clean_name(typed) == name


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Jean-Luc Picard", ("Jean-Luc Picard", "")),
        ("Anna-Maria Smith - CFO", ("Anna-Maria Smith", "CFO")),
        ("Иван — финдир, любит цифры", ("Иван", "финдир, любит цифры")),
    ],
)
def test_split_contact_only_on_a_spaced_dash(text: str, parts: tuple[str, str]) -> None:
    assert split_contact(text) == parts


def test_rename_and_clashes() -> None:
    crop = ClientRef(3, "Acme Crop")
    assert split_rename("Acme Crop Acme Corp", [ACME, crop]) == (crop, "Acme Corp")
    assert split_rename("Acme", [ACME]) is None  # no new name
    assert name_clash("romashka", [ACME, ROMASHKA]) == ROMASHKA  # an alias counts
    assert name_clash("Globex", [ACME, ROMASHKA]) is None


def test_a_field_update_names_a_client_by_its_first_word_only_when_one_has_it() -> None:
    alfa = ClientRef(3, "Альфа Банк")
    one = ClientIndex([ACME, alfa])
    for text in ("Альфа оплатила сегодня", "Альфа: paid today", "Альфа Банк оплатил сегодня"):
        update = parse_field_update(text, one, now=NOW, tz=MOSCOW)
        assert update == FieldUpdate(alfa, "last_payment_on", "2026-11-25"), text
    shared = ClientIndex([alfa, ClientRef(4, "Альфа Медиа")])
    assert parse_field_update("Альфа оплатила сегодня", shared, now=NOW, tz=MOSCOW) is None
    # A client called just that is the one meant.
    exact = ClientIndex([alfa, ClientRef(5, "Альфа")])
    update = parse_field_update("Альфа оплатила сегодня", exact, now=NOW, tz=MOSCOW)
    assert update is not None
    assert update.client.name == "Альфа"


def test_a_field_update_forgives_a_typo_in_the_name_where_a_capture_would() -> None:
    globex = ClientRef(3, "Globex")
    index = ClientIndex([ACME, ROMASHKA, globex])
    for text, client in (("Рамашка оплатила сегодня", ROMASHKA), ("Glboex paid today", globex)):
        update = parse_field_update(text, index, now=NOW, tz=MOSCOW)
        assert update == FieldUpdate(client, "last_payment_on", "2026-11-25"), text
    # Not in a name of four letters, nor in lowercase, nor at the word's end.
    for text in ("Acne paid today", "рамашка оплатила сегодня", "Globe paid today"):
        assert parse_field_update(text, index, now=NOW, tz=MOSCOW) is None, text
