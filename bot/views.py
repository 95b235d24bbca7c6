"""How items read in a chat: one short line (plus a date line) per item."""

from __future__ import annotations

from datetime import datetime, tzinfo

from bot.dates import day_first_spelling, has_passed
from bot.i18n import Html, Translator, format_when
from bot.models import Item
from bot.recurrence import Recurrence
from storage.reminders import RecurringRow

TITLE_LIMIT = 300  # a confirmation is read mid-call: the full text stays in the database
PROBLEMS_LIMIT = 200
# Fragments told apart (passed or impossible) at most: each is parsed once more.
PROBLEMS_SHOWN = 20
HINT_LIMIT = 60


def shorten(text: str, limit: int = TITLE_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def client_label(t: Translator, item: Item) -> str:
    if item.client_name:
        return item.client_name
    return str(t("capture.inbox"))


def item_card(
    t: Translator,
    item: Item,
    *,
    now: datetime,
    tz: tzinfo,
    problems: tuple[str, ...] = (),
) -> Html:
    """The confirmation of a captured item."""
    text: str = t(
        "capture.saved",
        icon=t(f"kind_icons.{item.kind}"),
        kind=t(f"kinds.{item.kind}"),
        client=client_label(t, item),
        title=shorten(item.title) or t("capture.no_title"),
    )
    if item.due_at is not None:
        key = "capture.due_reminder" if item.kind == "reminder" else "capture.due"
        text += t(key, due=format_when(t, item.due_at, now, tz))
    if item.kind == "deadline" and item.client_due_at is not None:
        key = "deadlines.client_due_manual" if item.client_due_manual else "deadlines.client_due"
        text += t(key, due=format_when(t, item.client_due_at, now, tz))
    if item.due_at is None and item.kind in ("deadline", "reminder") and not problems:
        # "/dl mockups": a deadline nobody is reminded of until it has a date.
        text += t("capture.no_due")
    if problems:
        # Each distinct fragment once, and not beyond a line: a pasted text can hold
        # hundreds of "31.02", and the whole card must stay under Telegram's 4096.
        distinct = list(dict.fromkeys(problems))[:PROBLEMS_SHOWN]
        passed = [problem for problem in distinct if has_passed(problem)]
        if passed:  # "today 10:00" at 11:30: it was understood, and it is over
            text += t("capture.passed", fragments=shorten(", ".join(passed), PROBLEMS_LIMIT))
        impossible = [problem for problem in distinct if problem not in passed]
        if impossible:
            fragments = shorten(", ".join(impossible), PROBLEMS_LIMIT)
            text += t("capture.problems", fragments=fragments)
        spelled = next(filter(None, map(day_first_spelling, problems)), None)
        if spelled is not None:  # "12/15": say that dates are read day first
            text += t("capture.day_first", example=spelled)
    if item.client_id is None and item.client_hint:
        text += t("capture.unknown_client", name=shorten(item.client_hint, HINT_LIMIT))
    return Html(text)


def recurring_card(t: Translator, row: RecurringRow, *, now: datetime, tz: tzinfo) -> Html:
    """The confirmation of a recurring check-in."""
    return t(
        "recurring.saved",
        rule=Recurrence.from_rule(row.rule).describe(t.language),
        client=row.client_name or t("capture.inbox"),
        title=shorten(row.title),
        next=format_when(t, row.next_at, now, tz) if row.next_at else "—",
    )


def deleted_card(t: Translator, item: Item | RecurringRow) -> Html:
    return t("capture.deleted", title=shorten(item.title, 100))
