"""Client table updates by message: what is an update, and what stays a captured note."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.capture import ClientIndex, ClientRef
from bot.client_fields import parse_field_update

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
        "Acme next report",  # a next date needs the date
        "обсудили отчёт с Ромашкой",
    ],
)
def test_not_updates(text: str) -> None:
    assert parse_field_update(text, CLIENTS, now=NOW, tz=MOSCOW) is None
