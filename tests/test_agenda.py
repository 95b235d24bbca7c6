import re
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.agenda import (
    ACTION_LIMIT,
    SECTION_LIMIT,
    Agenda,
    AgendaInput,
    AgendaItem,
    CheckIn,
    ClientStatusLine,
    Yesterday,
    _Renderer,
    build_agenda,
    mark_line,
    promise_days,
    render_agenda,
    unmark_line,
)
from bot.i18n import LANGUAGES, Translator, catalog, format_when, placeholders, translator
from bot.models import ClientStatus, ItemKind, Language, to_epoch
from bot.split import split_message
from storage.db import Database
from storage.digests import DigestRepository

MOSCOW = ZoneInfo("Europe/Moscow")
# Thursday 26 November 2026, 08:00 in Moscow; storage hands out UTC.
NOW = datetime(2026, 11, 26, 8, 0, tzinfo=MOSCOW).astimezone(UTC)
TODAY = date(2026, 11, 26)
EN = translator("en")
RU = translator("ru")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*>")


def at(day: int, hour: int = 12, minute: int = 0, month: int = 11) -> datetime:
    """A Moscow wall-clock moment in Nov/Dec 2026, as UTC like storage returns it."""
    return datetime(2026, month, day, hour, minute, tzinfo=MOSCOW).astimezone(UTC)


_ids = iter(range(1, 10**6))


def item(
    kind: ItemKind = "deadline",
    title: str = "Send the report",
    client: str | None = "Acme",
    *,
    due: datetime | None = None,
    client_due: datetime | None = None,
    created: datetime | None = None,
    id: int | None = None,
) -> AgendaItem:
    return AgendaItem(
        id=next(_ids) if id is None else id,
        kind=kind,
        title=title,
        client=client,
        due_at=due,
        client_due_at=client_due,
        created_at=created or NOW - timedelta(days=1),
    )


def client(
    name: str = "Acme",
    *,
    contact: datetime | None = None,
    report: date | None = None,
    payment: date | None = None,
    status: ClientStatus = "active",
    paid: date | None = None,
) -> ClientStatusLine:
    return ClientStatusLine(
        name=name,
        last_contact_at=contact if contact is not None else NOW - timedelta(days=1),
        next_report_at=report,
        next_payment_at=payment,
        status=status,
        added_at=NOW - timedelta(days=60),
        last_payment_at=paid,
    )


def never_contacted(name: str, *, added: datetime | None = None) -> ClientStatusLine:
    return ClientStatusLine(name, None, None, None, "active", added or NOW - timedelta(days=60))


def agenda_of(
    items: list[AgendaItem] | None = None,
    clients: list[ClientStatusLine] | None = None,
    check_ins: list[CheckIn] | None = None,
    yesterday: Yesterday | None = None,
    *,
    days: int = 1,
) -> Agenda:
    data = AgendaInput(items or [], clients or [], check_ins or [], yesterday)
    return build_agenda(data, now=NOW, tz=MOSCOW, days=days)


def kinds(agenda: Agenda) -> list[str]:
    return [section.kind for section in agenda.sections]


def render(agenda: Agenda, t: Translator = EN, title_key: str = "agenda.today") -> list[str]:
    return render_agenda(t, agenda, now=NOW, tz=MOSCOW, title_key=title_key)


def text(agenda: Agenda, t: Translator = EN) -> str:
    return "\n".join(render(agenda, t))


def balanced(line: str) -> bool:
    stack: list[str] = []
    for match in _TAG.finditer(line):
        if not match.group(1):
            stack.append(match.group(2))
        elif not stack or stack.pop() != match.group(2):
            return False
    return not stack


# --- the empty day ----------------------------------------------------------------------


def test_a_day_with_nothing_urgent_is_one_short_line() -> None:
    agenda = agenda_of([item("note", due=None)], [client(contact=NOW)])
    assert agenda.empty
    assert agenda.sections == []
    assert agenda.actions == []
    assert render(agenda) == ["☀️ <b>Today, Thu 26 Nov</b>", "Nothing urgent today ✨"]
    assert render(agenda, RU) == ["☀️ <b>Сегодня, чт 26 ноя</b>", "Сегодня ничего срочного ✨"]


def test_yesterdays_numbers_do_not_make_a_day_urgent() -> None:
    agenda = agenda_of(yesterday=Yesterday(captured=4, forwards=1, closed=2))
    assert agenda.empty
    assert render(agenda)[1:] == [
        "Nothing urgent today ✨",
        "",
        "📊 <b>Yesterday</b>: captured 4 · forwards 1 · closed 2",
    ]


@pytest.mark.parametrize("yesterday", [None, Yesterday(0, 0, 0)])
def test_no_yesterday_line_without_numbers(yesterday: Yesterday | None) -> None:
    assert kinds(agenda_of(yesterday=yesterday)) == []


# --- each section, when it applies and only then ------------------------------------------


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        pytest.param([item(due=at(25, 18))], ["overdue"], id="team-deadline-passed"),
        pytest.param([item(due=at(26, 7))], ["overdue"], id="passed-earlier-today"),
        pytest.param(
            [item(due=at(24, 18), client_due=at(25, 18))], ["overdue"], id="client-promise-passed"
        ),
        pytest.param([item("reminder", due=at(25, 10))], ["overdue"], id="missed-reminder"),
        pytest.param(
            [item(due=at(26, 18), client_due=at(27, 18))], ["promised"], id="promised-tomorrow"
        ),
        pytest.param([item(client_due=at(26, 18))], ["promised"], id="promised-today-no-team-date"),
        pytest.param([item(due=at(26, 18))], ["team"], id="team-today"),
        pytest.param([item("reminder", due=at(26, 15))], ["schedule"], id="reminder-today"),
        pytest.param([item("reminder", due=at(26, 7))], ["schedule"], id="reminder-earlier-today"),
        pytest.param([item("request")], ["requests"], id="open-request"),
        pytest.param([item(due=at(27, 18))], [], id="team-tomorrow-not-today"),
        pytest.param([item(due=at(27, 18), client_due=at(28, 18))], [], id="promise-in-2-days"),
        pytest.param([item("reminder", due=at(27, 9))], [], id="reminder-tomorrow"),
        pytest.param([item("reminder")], [], id="reminder-without-date"),
        pytest.param([item("note")], [], id="undated-note"),
    ],
)
def test_item_sections(items: list[AgendaItem], expected: list[str]) -> None:
    agenda = agenda_of(items)
    assert kinds(agenda) == expected
    assert agenda.empty is (not expected)


def test_check_ins_in_the_window_are_scheduled_with_their_time() -> None:
    check_ins = [
        CheckIn("Weekly sync", "Acme", at(26, 11)),
        CheckIn("Next week's sync", "Acme", at(3, 11, month=12)),
    ]
    agenda = agenda_of(check_ins=check_ins)
    assert kinds(agenda) == ["schedule"]
    lines = render(agenda)
    assert lines[2:] == [
        "⏰ <b>Reminders and check-ins today</b>",
        "🔁 11:00 · <b>Acme</b> · Weekly sync",
    ]
    assert agenda.actions == []  # a check-in is not an item: nothing to close


def test_reminders_and_check_ins_merge_by_time() -> None:
    agenda = agenda_of(
        [
            item("reminder", "Call Globex", "Globex", due=at(26, 10)),
            item("reminder", "Pay", None, due=at(26, 16)),
        ],
        check_ins=[CheckIn("Standup", None, at(26, 12, 30))],
    )
    assert render(agenda)[3:] == [
        "<b>1.</b> ⏰ 10:00 · <b>Globex</b> · Call Globex",
        "🔁 12:30 · Standup",
        "<b>2.</b> ⏰ 16:00 · Pay",
    ]


# --- overdue: first, and a broken client promise worse than a late team deadline ----------


def test_overdue_comes_first_and_a_broken_promise_reads_worse() -> None:
    team_late = item(title="Banner", due=at(20, 18), client_due=at(30, 18), id=1)
    promise_broken = item(
        title="SEO report", client="Globex", due=at(23, 18), client_due=at(25, 18), id=2
    )
    reminder_missed = item("reminder", "Call back", client=None, due=at(19, 10), id=3)
    today = item(title="Invoice", due=at(26, 18), id=4)
    agenda = agenda_of([today, reminder_missed, team_late, promise_broken])
    assert kinds(agenda) == ["overdue", "team"]
    assert [action.item_id for action in agenda.actions] == [2, 1, 3, 4]
    lines = render(agenda)
    assert lines[2] == "🚨 <b>Overdue</b>"
    assert lines[3] == (
        "<b>1.</b> 🔴 <b>Client promise missed</b> · <b>Globex</b> · SEO report"
        " — the client was promised Wed 25 Nov, 18:00, 14 hours late"
    )
    assert lines[4] == (
        "<b>2.</b> 🟠 Team deadline passed · <b>Acme</b> · Banner"
        " — due Fri 20 Nov, 18:00, 5 days late; the client expects it Mon 30 Nov, 18:00"
    )
    assert lines[5] == "<b>3.</b> ⏰ Missed reminder · Call back — Thu 19 Nov, 10:00"
    assert lines[7:] == [
        "📌 <b>Team deadlines today</b>",
        "<b>4.</b> 18:00 · <b>Acme</b> · Invoice",
    ]
    russian = render(agenda, RU)
    assert "🔴 <b>Сорван срок клиенту</b>" in russian[3]
    assert "просрочка 14 часов" in russian[3]
    assert "🟠 Прошёл срок команды" in russian[4]


def test_every_section_in_order() -> None:
    items = [
        item("request", created=NOW - timedelta(days=3)),
        item(due=at(26, 17)),
        item("reminder", due=at(26, 9)),
        item(due=at(26, 12), client_due=at(27, 12)),
        item(due=at(24, 12)),
    ]
    clients = [never_contacted("Initech"), client("Globex", report=TODAY + timedelta(days=2))]
    agenda = agenda_of(items, clients, yesterday=Yesterday(3, 1, 2))
    assert kinds(agenda) == [
        "overdue",
        "promised",
        "team",
        "schedule",
        "requests",
        "quiet",
        "client_dates",
        "yesterday",
    ]
    assert not agenda.empty
    assert [action.number for action in agenda.actions] == [1, 2, 3, 4, 5]


def test_an_item_appears_once_in_its_most_urgent_section() -> None:
    both_today = item(title="Mockups", due=at(26, 12), client_due=at(27, 18))
    agenda = agenda_of([both_today])
    assert kinds(agenda) == ["promised"]
    assert render(agenda)[2:] == [
        "🤝 <b>Promised to clients, today and tomorrow</b>",
        "<b>1.</b> tomorrow, 18:00 · <b>Acme</b> · Mockups (team: today, 12:00)",
    ]


# --- the week view -------------------------------------------------------------------


def test_the_week_view_reaches_days_two_to_seven() -> None:
    items = [
        item(title="day 2", due=at(27, 18)),
        item(title="day 7", due=at(2, 23, 59, month=12)),
        item(title="day 8", due=at(3, 0, 0, month=12)),
        item(title="promise day 5", due=at(27, 18), client_due=at(30, 18)),
        item("reminder", "remind day 4", due=at(29, 10)),
    ]
    day = agenda_of(items)
    week = agenda_of(items, days=7)
    assert day.empty
    assert kinds(week) == ["promised", "team", "schedule"]
    titles = [action.label for action in week.actions]
    assert titles == ["promise day 5", "day 2", "day 7", "remind day 4"]
    lines = render(week, title_key="agenda.week")
    assert lines[0] == "🗓 <b>Next 7 days, Thu 26 Nov – Wed 2 Dec</b>"
    assert "<b>2.</b> tomorrow, 18:00 · <b>Acme</b> · day 2" in lines
    assert "<b>3.</b> Wed 2 Dec, 23:59 · <b>Acme</b> · day 7" in lines
    assert "<b>4.</b> ⏰ Sun 29 Nov, 10:00 · <b>Acme</b> · remind day 4" in lines
    assert (
        render(agenda_of([], days=7), title_key="agenda.week")[1] == "Nothing urgent this week ✨"
    )


# --- requests per client ----------------------------------------------------------------


def test_requests_are_grouped_per_client_with_count_and_oldest_age() -> None:
    items = [
        item("request", "Move the banner", created=at(20, 15), id=10),
        item("request", "New logo", created=at(24, 9), id=11),
        item("request", "Fix typo", created=at(25, 9), id=12),
        item("request", "Price list", "Globex", created=at(26, 7), id=13),
        item("request", "Who is this?", None, created=at(10, 9), id=14),
        item("note", "not a request", created=at(1, 9)),
    ]
    agenda = agenda_of(items)
    assert render(agenda)[2:] == [
        "🙋 <b>Open requests</b>",
        "<b>1.</b> 📥 Inbox: 1 open request, 16 days old — «Who is this?»",
        "<b>2.</b> Acme: 3 open requests, oldest 6 days — «Move the banner»",
        "<b>3.</b> Globex: 1 open request, new today — «Price list»",
    ]
    assert [(a.number, a.item_id) for a in agenda.actions] == [(1, 14), (2, 10), (3, 13)]
    assert "Acme: 3 открытых запроса, самому старому 6 дней" in text(agenda, t=RU)


def test_a_request_numbered_above_is_not_numbered_again() -> None:
    late = item("request", "Late one", due=at(25, 12), created=at(1, 9), id=20)
    waiting = item("request", "Waiting", created=at(10, 9), id=21)
    agenda = agenda_of([late, waiting])
    assert [(a.number, a.item_id) for a in agenda.actions] == [(1, 20), (2, 21)]
    assert "<b>2.</b> Acme: 2 open requests, oldest 25 days — «Waiting»" in render(agenda)
    alone = agenda_of([late])
    assert render(alone)[-1] == "Acme: 1 open request, 25 days old"


# --- clients --------------------------------------------------------------------------


def test_quiet_clients() -> None:
    clients = [
        client("Fresh", contact=NOW - timedelta(days=13)),
        client("Quiet", contact=NOW - timedelta(days=14)),
        client("Silent", contact=NOW - timedelta(days=40)),
        client("Paused", contact=NOW - timedelta(days=40), status="paused"),
        client("Gone", contact=NOW - timedelta(days=40), status="archived"),
        never_contacted("Never", added=NOW - timedelta(days=14)),
        # Added this week and not contacted yet: not quiet, just new.
        never_contacted("Brand new", added=NOW - timedelta(days=13)),
        never_contacted("Added today", added=NOW),
    ]
    agenda = agenda_of(clients=clients)
    assert kinds(agenda) == ["quiet"]
    assert render(agenda)[2:] == [
        "🔇 <b>No contact for 14+ days</b>",
        "Never — no contact logged yet",
        "Silent — no contact for 40 days",
        "Quiet — no contact for 14 days",
    ]
    assert agenda.actions == []
    lenient = build_agenda(
        AgendaInput([], clients, [], None), now=NOW, tz=MOSCOW, stale_after_days=30
    )
    # Silent for 40 days still is; Never, added 14 days ago, is not yet.
    assert render(lenient)[2:] == [
        "🔇 <b>No contact for 30+ days</b>",
        "Silent — no contact for 40 days",
    ]


def test_reports_and_payments_this_week() -> None:
    clients = [
        client("Acme", report=TODAY, payment=TODAY + timedelta(days=6)),
        client("Globex", report=TODAY + timedelta(days=1), payment=TODAY + timedelta(days=7)),
        client("Initech", report=TODAY - timedelta(days=1)),
        client("Paused", report=TODAY, status="paused"),
    ]
    agenda = agenda_of(clients=clients)
    assert kinds(agenda) == ["client_dates"]
    assert render(agenda)[2:] == [
        "📅 <b>Reports and payments this week</b>",
        "🟠 Initech: report was due Wed 25 Nov — set the next one",
        "Acme: report due today",
        "Globex: report due tomorrow",
        "Acme: payment due Wed 2 Dec",
    ]
    assert render(agenda, RU)[-1] == "Acme: оплата ср 2 дек"


def test_a_payment_gone_by_stays_until_marked_paid() -> None:
    clients = [
        client("Acme", payment=TODAY - timedelta(days=3)),
        client("Globex", payment=TODAY - timedelta(days=3), paid=TODAY - timedelta(days=2)),
        client("Initech", payment=TODAY - timedelta(days=31)),  # stale: not news any more
    ]
    agenda = agenda_of(clients=clients)
    assert render(agenda)[2:] == [
        "📅 <b>Reports and payments this week</b>",
        "🔴 Acme: payment was due Mon 23 Nov, not marked paid",
    ]
    assert render(agenda, RU)[-1] == "🔴 Acme: оплата ожидалась пн 23 ноя, не отмечена"


def test_yesterday_in_numbers() -> None:
    agenda = agenda_of(
        [item(due=at(26, 18))], yesterday=Yesterday(captured=12, forwards=3, closed=5)
    )
    assert kinds(agenda) == ["team", "yesterday"]
    assert render(agenda)[-1] == "📊 <b>Yesterday</b>: captured 12 · forwards 3 · closed 5"
    assert render(agenda, RU)[-1] == "📊 <b>Вчера</b>: записано 12 · пересылок 3 · закрыто 5"


# --- user text, limits, languages ---------------------------------------------------------


def test_html_looking_user_text_is_escaped() -> None:
    items = [
        item(title="<b>&", client="<i>Evil & Co", due=at(26, 18)),
        item("request", "<a href='x'>", "<i>Evil & Co"),
    ]
    clients = [never_contacted("<u>Client")]
    agenda = agenda_of(items, clients, [CheckIn("</b>", "<s>", at(26, 10))])
    for t in (EN, RU):
        lines = render(agenda, t)
        joined = "\n".join(lines)
        assert "&lt;b&gt;&amp;" in joined
        assert "<b>&lt;i&gt;Evil &amp; Co</b>" in joined
        assert "&lt;a href='x'&gt;" in joined
        assert "&lt;u&gt;Client" in joined
        assert "&lt;/b&gt;" in joined
        assert all(balanced(line) for line in lines)
    assert agenda.actions[0].label == "<b>&"  # labels are plain text for buttons


def test_long_titles_are_shortened() -> None:
    agenda = agenda_of([item(title="word " * 200, due=at(26, 18))])
    line = render(agenda)[-1]
    assert line.endswith("…")
    assert len(line) < 120
    assert len(agenda.actions[0].label) <= 32


def test_sections_and_actions_are_capped() -> None:
    items = [item("reminder", f"r{n}", due=at(26, 9) + timedelta(minutes=n)) for n in range(15)]
    items += [item("request", f"q{n}", f"Client {n}") for n in range(40)]
    items += [item(title=f"d{n}", due=at(26, 18)) for n in range(40)]
    agenda = agenda_of(items)
    assert all(len(section.lines) <= SECTION_LIMIT for section in agenda.sections)
    assert [section.hidden for section in agenda.sections] == [30, 5, 30]
    assert len(agenda.actions) == 30
    assert len(agenda.actions) <= ACTION_LIMIT
    assert "…and 30 more" in render(agenda)
    assert "…и ещё 5" in render(agenda, RU)


def test_actions_are_numbered_in_display_order() -> None:
    agenda = agenda_of(
        [
            item("request", "ask"),
            item("reminder", "ping", due=at(26, 9)),
            item(title="late", due=at(25, 9)),
        ]
    )
    lines = render(agenda)
    numbered = [line for line in lines if line.startswith("<b>") and "." in line[:8]]
    assert [line.split("</b>")[0] for line in numbered] == ["<b>1.", "<b>2.", "<b>3."]
    assert [action.label for action in agenda.actions] == ["late", "ping", "ask"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_both_languages_render_every_section(language: Language) -> None:
    t = translator(language)
    items = [
        item("request", created=NOW - timedelta(days=3)),
        item(due=at(26, 17)),
        item("reminder", due=at(26, 9)),
        item("reminder", due=at(20, 9)),
        item(due=at(26, 12), client_due=at(27, 12)),
        item(due=at(24, 12), client_due=at(30, 12)),
        item(due=at(22, 12), client_due=at(25, 12)),
    ]
    clients = [never_contacted("Initech"), client("Globex", report=TODAY, payment=TODAY)]
    for days, title_key in ((1, "agenda.today"), (7, "agenda.week")):
        agenda = agenda_of(
            items, clients, [CheckIn("Sync", None, at(26, 11))], Yesterday(1, 2, 3), days=days
        )
        lines = render_agenda(t, agenda, now=NOW, tz=MOSCOW, title_key=title_key)
        assert all(balanced(line) for line in lines)
        assert "{" not in "".join(lines)
        assert len(split_message(lines)) == 1


def test_agenda_keys_match_across_languages() -> None:
    english, russian = catalog("en"), catalog("ru")
    agenda_keys = {key for key in english if key.startswith("agenda.")}
    assert agenda_keys == {key for key in russian if key.startswith("agenda.")}
    for key in agenda_keys:
        assert placeholders(english[key]) == placeholders(russian[key]), key


def test_times_read_like_format_when() -> None:
    renderer = _Renderer(EN, NOW, MOSCOW, 7)
    moments = [NOW + timedelta(hours=hours) for hours in range(-50, 24 * 400, 37)]
    for moment in moments:
        assert renderer.when(moment) == format_when(EN, moment, NOW, MOSCOW)


def test_zero_days_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        agenda_of(days=0)


def test_naive_now_is_refused() -> None:
    data = AgendaInput([], [], [], None)
    with pytest.raises(ValueError, match="naive"):
        build_agenda(data, now=datetime(2026, 11, 26, 8, 0), tz=MOSCOW)


# --- what storage reads for the agenda --------------------------------------------------


async def test_storage_reads_every_item_the_agenda_can_show_and_no_further(
    tmp_path: Path,
) -> None:
    db = Database(tmp_path / "bot.sqlite3")
    await db.connect()
    try:
        await db.migrate()
        rows: list[tuple[int, str, str, datetime | None, datetime | None]] = [
            # (id, kind, status, team date, client date)
            (1, "deadline", "open", at(26, 23, 59), None),  # team, today
            (2, "deadline", "open", at(27, 0), None),  # team, tomorrow at 00:00
            (3, "deadline", "open", at(29), at(27, 23)),  # promised for tomorrow
            (4, "deadline", "open", at(29), at(28, 0)),  # promised the day after
            (5, "deadline", "open", at(20), None),  # team date passed
            (6, "deadline", "open", at(30), at(25)),  # promise broken
            (7, "reminder", "open", at(27, 10), None),  # tomorrow
            (8, "reminder", "open", at(25, 9), None),  # missed
            (9, "request", "open", at(30, month=12), None),  # counted whatever the date
            (10, "request", "open", None, None),
            (11, "deadline", "open", at(2, month=12), at(5, month=12)),  # the week's last day
            (15, "deadline", "open", at(3, month=12), at(8, month=12)),  # past the week
            (16, "deadline", "open", at(3, month=12), at(8, month=12)),  # snoozed, over
            (17, "deadline", "open", at(3, month=12), at(8, month=12)),  # snoozed to tonight
            (12, "note", "open", at(26, 15), None),
            (13, "deadline", "open", None, None),
            (14, "deadline", "done", at(26, 15), None),
        ]
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO users (user_id, created_at) VALUES (1, 0)")
            await conn.executemany(
                "INSERT INTO items (id, user_id, kind, status, title, text, due_at, has_time,"
                " chat_id, message_id, created_at, updated_at, client_due_at)"
                " VALUES (?, 1, ?, ?, 'x', 'x', ?, 1, 1, ?, ?, ?, ?)",
                [
                    (
                        item_id,
                        kind,
                        status,
                        to_epoch(due) if due else None,
                        item_id,
                        to_epoch(NOW - timedelta(days=2)),
                        to_epoch(NOW - timedelta(days=2)),
                        to_epoch(client_due) if client_due else None,
                    )
                    for item_id, kind, status, due, client_due in rows
                ],
            )
            await conn.executemany(
                "INSERT INTO reminders (user_id, item_id, kind, due_at, next_attempt_at, status)"
                " VALUES (1, ?, 'snooze', ?, ?, ?)",
                [
                    (16, to_epoch(at(25, 10)), to_epoch(at(25, 10)), "sent"),
                    (17, to_epoch(at(26, 20)), to_epoch(at(26, 20)), "pending"),
                ],
            )
        repo = DigestRepository(db)
        far = datetime(3000, 1, 1, tzinfo=UTC)
        everything = (
            await repo.agenda_inputs(
                [1],
                now=datetime(1970, 1, 2, tzinfo=UTC),
                window_end=far,
                horizon=far,
                yesterday=None,
            )
        )[1]
        read: dict[int, set[int]] = {}
        for days in (1, 7):
            window_end = datetime.combine(TODAY + timedelta(days=days), time(), MOSCOW)
            horizon = datetime.combine(TODAY + timedelta(days=promise_days(days)), time(), MOSCOW)
            data = (
                await repo.agenda_inputs(
                    [1], now=NOW, window_end=window_end, horizon=horizon, yesterday=None
                )
            )[1]
            read[days] = {agenda_item.id for agenda_item in data.items}
            expected = build_agenda(everything, now=NOW, tz=MOSCOW, days=days)
            assert build_agenda(data, now=NOW, tz=MOSCOW, days=days) == expected
    finally:
        await db.close()
    assert read[1] == {1, 3, 5, 6, 8, 9, 10, 17}
    assert read[7] == read[1] | {2, 4, 7, 11}


def test_a_marked_line_is_the_numbered_one_and_only_it() -> None:
    t = translator("en")
    shown = "\n".join(
        ["☀️ <b>Today</b>", "<b>1.</b> 16:00 · one", "<b>10.</b> 17:00 · ten", "2. not numbered"]
    )
    marked = mark_line(t, shown, 1, "agenda.marked_done")
    assert marked is not None
    assert marked.split("\n")[1:3] == [
        "<b>1.</b> <s>16:00 · one</s> — ✅ done",
        "<b>10.</b> 17:00 · ten",
    ]
    # In an earlier part of a long digest, or never numbered: not here.
    assert mark_line(t, shown, 2, "agenda.marked_done") is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unmarked_line_is_as_it_was_before_the_mark(language: Language) -> None:
    t = translator(language)
    shown = "\n".join(["☀️ <b>Today</b>", "<b>1.</b> 16:00 · one &amp; two", "<b>2.</b> 17:00"])
    marked = mark_line(t, shown, 1, "agenda.marked_done")
    assert marked is not None
    assert unmark_line(t, marked, 1, "agenda.marked_done") == shown
    # A line without that mark (snoozed, or never marked) is left alone.
    assert unmark_line(t, shown, 2, "agenda.marked_done") is None
    assert unmark_line(t, shown, 3, "agenda.marked_done") is None


def test_a_snoozed_item_waits_for_its_snooze_not_overdue() -> None:
    late = item(title="Banner", due=at(25, 12))
    today = replace(late, id=next(_ids), title="Logo", snoozed_until=at(26, 10))
    tomorrow = replace(late, id=next(_ids), title="Copy", snoozed_until=at(27, 10))
    gone_off = replace(late, id=next(_ids), title="Deck", snoozed_until=at(26, 7))
    agenda = agenda_of([late, today, tomorrow, gone_off])
    assert render(agenda)[2:] == [
        "🚨 <b>Overdue</b>",
        "<b>1.</b> 🟠 Team deadline passed · <b>Acme</b> · Banner — due Wed 25 Nov, 12:00,"
        " 20 hours late",
        "<b>2.</b> 🟠 Team deadline passed · <b>Acme</b> · Deck — due Wed 25 Nov, 12:00,"
        " 20 hours late",
        "",
        "⏰ <b>Reminders and check-ins today</b>",
        "<b>3.</b> 💤 10:00 · <b>Acme</b> · Logo (team: Wed 25 Nov, 12:00)",
    ]
    assert "💤 tomorrow, 10:00 · <b>Acme</b> · Copy" in text(agenda_of([tomorrow], days=7))


def test_a_snoozed_request_waits_in_the_schedule_not_among_open_requests() -> None:
    asked = item("request", "Price list", created=at(20, 10))
    snoozed = replace(asked, id=next(_ids), title="Move the banner", snoozed_until=at(26, 10))
    later = replace(asked, id=next(_ids), title="New logo", snoozed_until=at(28, 10))
    rendered = text(agenda_of([asked, snoozed, later]))
    assert "Acme: 1 open request, 6 days old — «Price list»" in rendered
    assert "💤 10:00 · <b>Acme</b> · Move the banner" in rendered
    assert "New logo" not in rendered  # back on the 28th, not before
    # Once the snooze has gone off, it is an open request again.
    assert "Acme: 2 open requests" in text(
        agenda_of([asked, replace(later, snoozed_until=at(26, 7))])
    )


def test_a_snooze_does_not_hide_a_date_still_ahead() -> None:
    ahead = item(title="Banner", due=at(26, 16), client_due=at(27, 18))
    snoozed = replace(ahead, snoozed_until=at(27, 10))
    assert render(agenda_of([snoozed])) == render(agenda_of([ahead]))
    assert "Banner" in text(agenda_of([snoozed]))
