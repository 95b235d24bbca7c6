"""How items read in a chat: one short line (plus a date line) per item."""

from __future__ import annotations

from collections.abc import Sequence
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
# A client's name on a button: three to a row still read on a phone.
BUTTON_NAME_LIMIT = 30


def shorten(text: str, limit: int = TITLE_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def button_names(names: Sequence[str], limit: int = BUTTON_NAME_LIMIT) -> list[str]:
    """Labels for names on buttons side by side, each at most `limit` characters.

    Shortened at the end as `shorten` does, unless that makes two look alike ("Alpha
    Marketing Group International Holdings" and "... Partners" both "Alpha Marketing Group
    Internat…"): then each keeps its start and, after a middle ellipsis, the words from
    the first one that tells it apart ("Alpha Marketing…Holdings")."""
    short = [shorten(name, limit) for name in names]
    labels = list(short)
    for index, name in enumerate(names):
        alike = [
            other
            for other, label in zip(names, short, strict=True)
            if label.casefold() == short[index].casefold() and other.casefold() != name.casefold()
        ]
        if alike and len(name) > limit:
            labels[index] = _apart(name, max(_common(name, other) for other in alike), limit)
    # What is still alike (a difference deep inside one long word) is numbered.
    seen: dict[str, int] = {}
    for index, label in enumerate(labels):
        count = seen[label.casefold()] = seen.get(label.casefold(), 0) + 1
        if count > 1:
            mark = f" {count}"
            labels[index] = shorten(label, limit - len(mark)) + mark
    return labels


def _common(name: str, other: str) -> int:
    """How many characters the two names begin with alike."""
    length = 0
    for mine, theirs in zip(name.casefold(), other.casefold(), strict=False):
        if mine != theirs:
            break
        length += 1
    return length


def _apart(name: str, differs_at: int, limit: int) -> str:
    """`name` in `limit` characters: its start (a third at least), "…", and what follows
    from the word holding character `differs_at` (from just before it, in a long word)."""
    window = limit - 1 - limit // 3
    start = name.rfind(" ", 0, differs_at + 1) + 1
    if differs_at - start >= window - 1:
        start = differs_at - window // 2
    tail = name[start:].strip()
    if len(tail) > window:
        tail = shorten(tail, window)
    room = limit - 1 - len(tail)
    head = name[:room]
    if " " in head[1:] and not name[room : room + 1].isspace():
        head = head[: head.rfind(" ")]  # cut between words where it can
    return head.rstrip() + "…" + tail


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
        # A note keeps the date it was given (a deadline turned into a note), but nothing
        # reminds of it: "team:" would promise what no one does.
        key = {"reminder": "capture.due_reminder", "note": "capture.due_note"}.get(
            item.kind, "capture.due"
        )
        text += t(key, due=format_when(t, item.due_at, now, tz))
    if item.kind == "deadline" and item.client_due_at is not None:
        key = "deadlines.client_due_manual" if item.client_due_manual else "deadlines.client_due"
        text += t(key, due=format_when(t, item.client_due_at, now, tz))
    if item.status == "done":
        text += t("capture.done_mark")
    elif item.due_at is None and item.kind in ("deadline", "reminder") and not problems:
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
