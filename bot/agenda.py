"""The morning digest (`/today`) and the week view (`/week`): the day on one screen.

`build_agenda` decides what deserves attention and in which order, as plain data with
numbered actions; `render_agenda` turns that into Telegram HTML lines through the text
layer. Most urgent first:

1. overdue: broken client promises, then passed team deadlines, then missed reminders;
2. client promises due today or tomorrow (the whole window in the week view);
3. team deadlines today (in the window);
4. reminders, snoozed items and recurring check-ins today (in the window), by time;
5. open requests per client: count and age of the oldest;
6. active clients with no contact for a while, then reports and payments due this week;
7. yesterday in numbers.

Every dated item appears once, in its most urgent section; one snoozed until later
waits in the schedule, at the time it was snoozed to. Each shown item line gets a
number; `Agenda.actions` lists them in display order so the handler can build one
compact keyboard ("✅1 ✅2 … / 💤1 💤2 …").
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import cache, lru_cache
from operator import attrgetter
from typing import Literal
from zoneinfo import ZoneInfo

from bot.i18n import Html, Translator, catalog, escape, format_clock, plural_form, translator
from bot.models import ClientStatus, ItemKind, Language
from bot.views import shorten

__all__ = [
    "ACTION_LIMIT",
    "SECTION_LIMIT",
    "Agenda",
    "AgendaAction",
    "AgendaInput",
    "AgendaItem",
    "CheckIn",
    "CheckInLine",
    "ClientDateLine",
    "ClientStatusLine",
    "ItemLine",
    "QuietClientLine",
    "RequestGroupLine",
    "Section",
    "Yesterday",
    "YesterdayLine",
    "build_agenda",
    "mark_line",
    "promise_days",
    "render_agenda",
    "unmark_line",
]

# A digest is read in seconds: past this many lines a section says "…and N more".
SECTION_LIMIT = 10
# Two buttons per action (close, snooze) must stay under Telegram's 100 buttons per
# keyboard with room for a few of the handler's own; later lines are shown unnumbered.
ACTION_LIMIT = 40
LINE_TITLE_LIMIT = 60
REQUEST_TITLE_LIMIT = 40
LABEL_LIMIT = 32
# Client-facing promises are looked at two days ahead even in the one-day view: what
# is promised for tomorrow usually needs work today.
PROMISE_DAYS = 2
CLIENT_DATE_DAYS = 7
# A client's payment or report day gone by stays in the digest this long, until the table
# says it was paid (a later last payment) or gives the next date: a payment nobody marked
# is money to chase, and a date left behind leaves the table wrong. Older is stale data.
CLIENT_DATE_OVERDUE_DAYS = 30

SectionKind = Literal[
    "overdue", "promised", "team", "schedule", "requests", "quiet", "client_dates", "yesterday"
]
ItemFlag = Literal[
    "client_overdue",
    "team_overdue",
    "reminder_missed",
    "promised",
    "team",
    "reminder",
    "snoozed",
]


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One open item as the digest needs it."""

    id: int
    kind: ItemKind
    title: str
    client: str | None
    due_at: datetime | None
    client_due_at: datetime | None
    created_at: datetime
    # The latest snooze, if any; one in the past is over. A reminder's own time already
    # is its latest snooze.
    snoozed_until: datetime | None = None


@dataclass(frozen=True, slots=True)
class ClientStatusLine:
    name: str
    last_contact_at: datetime | None
    next_report_at: date | None
    next_payment_at: date | None
    status: ClientStatus
    added_at: datetime  # when the client was created: a new one is not yet quiet
    last_payment_at: date | None = None


@dataclass(frozen=True, slots=True)
class Yesterday:
    captured: int
    forwards: int
    closed: int


@dataclass(frozen=True, slots=True)
class CheckIn:
    """One occurrence of a recurring check-in inside the digest's window."""

    title: str
    client: str | None
    at: datetime
    # Put off from its reminder ("1 hour", "Tomorrow"): it comes back at `at`.
    snoozed: bool = False


@dataclass(frozen=True, slots=True)
class AgendaInput:
    items: Sequence[AgendaItem]
    clients: Sequence[ClientStatusLine]
    check_ins: Sequence[CheckIn]
    yesterday: Yesterday | None


@dataclass(frozen=True, slots=True)
class AgendaAction:
    """A numbered line the user can close or snooze."""

    number: int
    item_id: int
    title: str

    @property
    def label(self) -> str:
        """Plain text, not HTML: the title on one line, shortened for a button.

        Worked out on demand: a digest numbers up to ACTION_LIMIT lines, and few labels
        are ever shown.
        """
        label = shorten(" ".join(self.title[: LABEL_LIMIT * 4].split()), LABEL_LIMIT)
        return label or f"#{self.item_id}"


@dataclass(frozen=True, slots=True)
class ItemLine:
    item: AgendaItem
    flag: ItemFlag
    at: datetime  # the moment that put the item in its section
    number: int | None = None


@dataclass(frozen=True, slots=True)
class CheckInLine:
    check_in: CheckIn


@dataclass(frozen=True, slots=True)
class RequestGroupLine:
    client: str | None
    count: int
    oldest_days: int
    # The request the line's number acts on: the oldest one not already numbered above.
    target: AgendaItem | None
    number: int | None = None


@dataclass(frozen=True, slots=True)
class QuietClientLine:
    name: str
    days: int | None  # None: no contact ever logged


@dataclass(frozen=True, slots=True)
class ClientDateLine:
    name: str
    what: Literal["report", "payment"]
    on: date


@dataclass(frozen=True, slots=True)
class YesterdayLine:
    yesterday: Yesterday


Line = ItemLine | CheckInLine | RequestGroupLine | QuietClientLine | ClientDateLine | YesterdayLine
# (moment shown, item id for a stable order, flag, item)
_Entry = tuple[datetime, int, ItemFlag, AgendaItem]


@dataclass(frozen=True, slots=True)
class Section:
    kind: SectionKind
    lines: tuple[Line, ...]
    hidden: int = 0  # lines cut by SECTION_LIMIT


@dataclass(frozen=True, slots=True)
class Agenda:
    sections: list[Section]
    actions: list[AgendaAction]
    empty: bool  # nothing needs attention (yesterday's numbers do not count)
    days: int = 1
    stale_after_days: int = 14
    promise_days: int = PROMISE_DAYS


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    # In UTC because storage hands out UTC datetimes, and comparing two datetimes
    # with the same tzinfo skips the offset lookups.
    return datetime.combine(day, time(), tz).astimezone(UTC)


class _Numberer:
    """Hands out action numbers in display order, up to ACTION_LIMIT."""

    __slots__ = ("actions", "taken")

    def __init__(self) -> None:
        self.actions: list[AgendaAction] = []
        self.taken: set[int] = set()

    def number(self, item: AgendaItem) -> int | None:
        if len(self.actions) >= ACTION_LIMIT:
            return None
        number = len(self.actions) + 1
        self.actions.append(AgendaAction(number, item.id, item.title))
        self.taken.add(item.id)
        return number


def promise_days(days: int, next_workday_in: int = 1) -> int:
    """How many days from today a `days`-day agenda shows client promises for: today
    through the next working day, `next_workday_in` days ahead (Friday's reaches Monday,
    the last screen read before the weekend), and at least the agenda's own days.

    Team dates and reminders count only within `days`; storage reads no further
    than this (`DigestRepository.agenda_inputs`).
    """
    return max(days, PROMISE_DAYS, next_workday_in + 1)


def build_agenda(
    data: AgendaInput,
    *,
    now: datetime,
    tz: ZoneInfo,
    days: int = 1,
    stale_after_days: int = 14,
    promise_span: int | None = None,
) -> Agenda:
    """What needs attention from `now` over `days` days (1: today, 7: the week view);
    client promises over `promise_span` days (`promise_days`)."""
    if days < 1:
        raise ValueError("days must be at least 1")
    if now.tzinfo is None:
        raise ValueError("naive datetime: pass an aware `now`")
    now = now.astimezone(UTC)
    today = now.astimezone(tz).date()
    day_start = _midnight(today, tz)
    window_end = _midnight(today + timedelta(days=days), tz)
    span = promise_span if promise_span is not None else promise_days(days)
    promise_end = _midnight(today + timedelta(days=span), tz)

    broken: list[_Entry] = []
    passed: list[_Entry] = []
    missed: list[_Entry] = []
    promised: list[_Entry] = []
    team: list[_Entry] = []
    reminders: list[_Entry] = []
    requests: dict[str | None, list[AgendaItem]] = {}
    for item in data.items:
        due, client_due, snoozed = item.due_at, item.client_due_at, item.snoozed_until
        # Put off by the user: not overdue, nor an open request, meanwhile; it comes
        # back when the snooze goes off, as a snoozed reminder does. A date still ahead
        # is not put off by it: it stays where it is due (its reminders still ring).
        late = (client_due is not None and client_due < now) or (due is not None and due < now)
        undated = client_due is None and due is None
        put_off = item.kind != "reminder" and (late or undated)
        waiting = snoozed if put_off and snoozed and snoozed > now else None
        if item.kind == "request" and waiting is None:
            requests.setdefault(item.client, []).append(item)
        # One section per item, the most urgent that applies.
        if waiting is not None:
            if waiting < window_end:
                reminders.append((waiting, item.id, "snoozed", item))
        elif item.kind == "reminder":
            if due is None:
                continue
            if due < day_start:
                missed.append((due, item.id, "reminder_missed", item))
            elif due < window_end:
                reminders.append((due, item.id, "reminder", item))
        elif client_due is not None and client_due < now:
            broken.append((client_due, item.id, "client_overdue", item))
        elif due is not None and due < now:
            passed.append((due, item.id, "team_overdue", item))
        elif client_due is not None and client_due < promise_end:
            promised.append((client_due, item.id, "promised", item))
        elif due is not None and due < window_end:
            team.append((due, item.id, "team", item))

    numberer = _Numberer()
    sections: list[Section] = []
    item_sections: tuple[tuple[SectionKind, tuple[list[_Entry], ...]], ...] = (
        ("overdue", (broken, passed, missed)),
        ("promised", (promised,)),
        ("team", (team,)),
    )
    for kind, groups in item_sections:
        entries = [entry for group in groups for entry in sorted(group, key=_entry_order)]
        if entries:
            sections.append(_item_section(kind, entries, numberer))
    check_ins = [c for c in data.check_ins if day_start <= c.at < window_end]
    if reminders or check_ins:
        sections.append(_schedule_section(reminders, check_ins, numberer))
    if requests:
        sections.append(_request_section(requests, today, tz, numberer))
    active = [client for client in data.clients if client.status == "active"]
    sections.extend(_client_sections(active, today, tz, stale_after_days))

    empty = not sections
    yesterday = data.yesterday
    if yesterday is not None and (yesterday.captured or yesterday.forwards or yesterday.closed):
        sections.append(Section("yesterday", (YesterdayLine(yesterday),)))
    return Agenda(sections, numberer.actions, empty, days, stale_after_days, span)


def _entry_order(entry: _Entry) -> tuple[datetime, int]:
    return entry[0], entry[1]


def _item_section(kind: SectionKind, entries: list[_Entry], numberer: _Numberer) -> Section:
    shown = entries[:SECTION_LIMIT]
    lines = tuple(ItemLine(item, flag, at, numberer.number(item)) for at, _, flag, item in shown)
    return Section(kind, lines, len(entries) - len(shown))


def _limited(kind: SectionKind, lines: list[Line]) -> Section:
    return Section(kind, tuple(lines[:SECTION_LIMIT]), max(0, len(lines) - SECTION_LIMIT))


def _schedule_section(
    reminders: list[_Entry], check_ins: list[CheckIn], numberer: _Numberer
) -> Section:
    """Reminders and check-ins merged by time; a reminder goes first at the same minute."""
    timed: list[tuple[datetime, int, ItemFlag, AgendaItem | CheckIn]] = [
        (at, item_id, flag, item) for at, item_id, flag, item in reminders
    ]
    timed += [(check_in.at, -1, "reminder", check_in) for check_in in check_ins]
    timed.sort(key=lambda entry: (entry[0], entry[1] < 0, entry[1]))
    lines: list[Line] = []
    for at, _, flag, entry in timed[:SECTION_LIMIT]:
        if isinstance(entry, CheckIn):
            lines.append(CheckInLine(entry))
        else:
            lines.append(ItemLine(entry, flag, at, numberer.number(entry)))
    return Section("schedule", tuple(lines), max(0, len(timed) - SECTION_LIMIT))


_created_order = attrgetter("created_at", "id")


def _request_section(
    requests: dict[str | None, list[AgendaItem]], today: date, tz: ZoneInfo, numberer: _Numberer
) -> Section:
    """One line per client, the longest-waiting first; its number acts on one request."""
    groups: list[tuple[int, int, str, str | None, list[AgendaItem], AgendaItem]] = []
    for client, open_requests in requests.items():
        oldest = min(open_requests, key=_created_order)
        oldest_days = max(0, (today - oldest.created_at.astimezone(tz).date()).days)
        sort_name = (client or "").casefold()
        groups.append((-oldest_days, -len(open_requests), sort_name, client, open_requests, oldest))
    groups.sort(key=lambda group: group[:3])
    lines: list[Line] = []
    for minus_days, minus_count, _, client, open_requests, oldest in groups[:SECTION_LIMIT]:
        # The oldest request, unless a section above already numbered it.
        target: AgendaItem | None = oldest
        if oldest.id in numberer.taken:
            waiting = [r for r in open_requests if r.id not in numberer.taken]
            target = min(waiting, key=_created_order) if waiting else None
        number = numberer.number(target) if target is not None else None
        lines.append(RequestGroupLine(client, -minus_count, -minus_days, target, number))
    return Section("requests", tuple(lines), max(0, len(groups) - SECTION_LIMIT))


def _client_sections(
    active: list[ClientStatusLine], today: date, tz: ZoneInfo, stale_after_days: int
) -> list[Section]:
    """Quiet clients (never contacted first, then the longest silence), then dates due."""
    quiet: list[tuple[int, str, QuietClientLine]] = []
    dated: list[tuple[date, str, int, ClientDateLine]] = []
    week_end = today + timedelta(days=CLIENT_DATE_DAYS)
    for client in active:
        name = client.name.casefold()
        if client.last_contact_at is None:
            # Never contacted is news only once the client has been around that long.
            if (today - client.added_at.astimezone(tz).date()).days >= stale_after_days:
                quiet.append((-sys.maxsize, name, QuietClientLine(client.name, None)))
        else:
            silent = (today - client.last_contact_at.astimezone(tz).date()).days
            if silent >= stale_after_days:
                quiet.append((-silent, name, QuietClientLine(client.name, silent)))
        report, payment = client.next_report_at, client.next_payment_at
        overdue_from = today - timedelta(days=CLIENT_DATE_OVERDUE_DAYS)
        if report is not None and overdue_from <= report < week_end:
            dated.append((report, name, 0, ClientDateLine(client.name, "report", report)))
        paid_since = (
            client.last_payment_at is not None
            and payment is not None
            and (client.last_payment_at >= payment)
        )
        if (
            payment is not None
            and overdue_from <= payment < week_end
            and not (payment < today and paid_since)
        ):
            dated.append((payment, name, 1, ClientDateLine(client.name, "payment", payment)))
    sections: list[Section] = []
    if quiet:
        quiet.sort(key=lambda entry: entry[:2])
        sections.append(_limited("quiet", [line for *_, line in quiet]))
    if dated:
        dated.sort(key=lambda entry: entry[:3])
        sections.append(_limited("client_dates", [line for *_, line in dated]))
    return sections


# --- rendering ------------------------------------------------------------------------
# A digest goes to every user each morning, so the fixed fragments (headers, number
# prefixes, weekday and month names) are built once per language, not once per line.


@cache
def _fixed(language: Language, key: str) -> Html:
    return translator(language)(key)


@cache
def _number_prefix(language: Language, number: int) -> Html:
    return translator(language)("agenda.number", number=number)


@lru_cache(maxsize=4096)
def _client_prefix(language: Language, client: str) -> Html:
    return translator(language)("agenda.client", client=shorten(client, LINE_TITLE_LIMIT))


@lru_cache(maxsize=1024)
def _counted(language: Language, key: str, count: int) -> Html:
    """Day counts repeat across lines and users: "oldest 6 days", "2 days late"."""
    return translator(language).plural(key, count)


@lru_cache(maxsize=2 * 24 * 60)
def _clock(language: Language, hour: int, minute: int) -> Html:
    """`format_clock`: every minute of the day, in both languages, fits the cache."""
    return format_clock(translator(language), time(hour, minute))


@lru_cache(maxsize=1024)
def _calendar_day(language: Language, day: date) -> Html:
    weekdays, months = _calendar_words(language)
    return translator(language)(
        "agenda.date", weekday=weekdays[day.weekday()], day=day.day, month=months[day.month - 1]
    )


@cache
def _calendar_words(language: Language) -> tuple[list[Html], list[Html]]:
    # Escaped once here (a no-op for these words), so they format as ready markup.
    t = translator(language)
    return (
        [_markup(word) for word in t("dates.weekdays").split()],
        [_markup(word) for word in t("dates.months").split()],
    )


def _markup(text: str) -> Html:
    """Text as Telegram HTML: escaped, unless it already is markup."""
    return text if isinstance(text, Html) else Html(escape(text))


class _Renderer:
    __slots__ = (
        "days",
        "language",
        "months",
        "now",
        "t",
        "templates",
        "today",
        "tomorrow",
        "tz",
        "weekdays",
    )

    def __init__(self, t: Translator, now: datetime, tz: tzinfo, days: int) -> None:
        self.t = t
        self.language = t.language
        self.templates = catalog(t.language)
        self.now = now
        self.tz = tz
        self.days = days
        self.today = now.astimezone(tz).date()
        self.tomorrow = self.today + timedelta(days=1)
        self.weekdays, self.months = _calendar_words(t.language)

    def say(self, key: str, /, **params: Html | int) -> Html:
        """`t(key, **params)` for parameters that need no escaping: markup and numbers.

        Most of a digest is made of such calls; skipping the escaping pass over values that
        are already `Html` (which the text layer would return unchanged) saves a good part
        of rendering. A plain `str` is refused by the type checker: wrap it in `_markup`.
        """
        return Html(self.templates[key].format_map(params))

    def say_plural(self, key: str, count: int, /, **params: Html | int) -> Html:
        """`t.plural(key, count, **params)`, as `say` is to `t`."""
        return self.say(f"{key}.{plural_form(self.language, count)}", count=count, **params)

    def day(self, day: date, *, relative: bool) -> Html:
        if relative and day == self.today:
            return _fixed(self.language, "agenda.date_today")
        if relative and day == self.tomorrow:
            return _fixed(self.language, "agenda.date_tomorrow")
        return _calendar_day(self.language, day)

    def when(self, moment: datetime, *, clock_only: bool = False) -> Html:
        """`format_when` (tested to match) without its per-call catalog lookups."""
        local = moment.astimezone(self.tz)
        clock = _clock(self.language, local.hour, local.minute)
        if clock_only:
            return clock
        day = local.date()
        if day == self.today:
            return self.say("dates.today", time=clock)
        if day == self.tomorrow:
            return self.say("dates.tomorrow", time=clock)
        key = "dates.format" if day.year == self.today.year else "dates.format_year"
        return self.say(
            key,
            weekday=self.weekdays[day.weekday()],
            day=day.day,
            month=self.months[day.month - 1],
            year=day.year,
            time=clock,
        )

    def subject(self, client: str | None, title: str) -> Html:
        shown = escape(shorten(title, LINE_TITLE_LIMIT) or _fixed(self.language, "agenda.no_title"))
        if client is None:
            return Html(shown)
        return Html(_client_prefix(self.language, client) + shown)

    def late(self, moment: datetime) -> Html:
        late = self.now - moment
        if late >= timedelta(days=1):
            return _counted(self.language, "agenda.late_days", late.days)
        return _counted(self.language, "agenda.late_hours", max(1, late.seconds // 3600))

    def numbered(self, number: int | None, text: Html) -> Html:
        return text if number is None else Html(_number_prefix(self.language, number) + text)

    def item(self, line: ItemLine) -> Html:
        say, item, flag = self.say, line.item, line.flag
        subject = self.subject(item.client, item.title)
        if flag == "client_overdue":
            text = say(
                "agenda.line.client_overdue",
                subject=subject,
                when=self.when(line.at),
                late=self.late(line.at),
            )
        elif flag == "team_overdue":
            client_due = Html("")
            if item.client_due_at is not None:
                client_due = say("agenda.client_expects", when=self.when(item.client_due_at))
            text = say(
                "agenda.line.team_overdue",
                subject=subject,
                when=self.when(line.at),
                late=self.late(line.at),
                client_due=client_due,
            )
        elif flag in ("promised", "snoozed"):
            team_due = Html("")
            if item.due_at is not None:
                team_due = say("agenda.team_due", when=self.when(item.due_at))
            # A snoozed item under a "today" header needs only the time, as a reminder.
            when = self.when(line.at, clock_only=flag == "snoozed" and self.days == 1)
            text = say(f"agenda.line.{flag}", subject=subject, when=when, team_due=team_due)
        else:
            # Team deadlines and reminders under a "today" header need only the time.
            clock_only = self.days == 1 and flag != "reminder_missed"
            when = self.when(line.at, clock_only=clock_only)
            text = say(f"agenda.line.{flag}", subject=subject, when=when)
        return self.numbered(line.number, text)

    def requests(self, line: RequestGroupLine) -> Html:
        client = (
            _markup(shorten(line.client, LINE_TITLE_LIMIT))
            if line.client
            else _fixed(self.language, "agenda.no_client")
        )
        # One request has an age; several, the oldest one's ("1 open request, oldest 3 days").
        alone = line.count == 1
        age = (
            _counted(
                self.language, "agenda.age_of_one" if alone else "agenda.age", line.oldest_days
            )
            if line.oldest_days
            else _fixed(self.language, "agenda.age_new_one" if alone else "agenda.age_new")
        )
        text = self.say_plural("agenda.line.request_group", line.count, client=client, age=age)
        if line.target is not None and line.number is not None:
            title = shorten(line.target.title, REQUEST_TITLE_LIMIT)
            shown = _markup(title) if title else _fixed(self.language, "agenda.no_title")
            text = Html(text + self.say("agenda.request_next", title=shown))
        return self.numbered(line.number, text)

    def line(self, line: Line) -> Html:
        say = self.say
        if isinstance(line, ItemLine):
            return self.item(line)
        if isinstance(line, CheckInLine):
            check_in = line.check_in
            return say(
                "agenda.line.check_in_snoozed" if check_in.snoozed else "agenda.line.check_in",
                subject=self.subject(check_in.client, check_in.title),
                when=self.when(check_in.at, clock_only=self.days == 1),
            )
        if isinstance(line, RequestGroupLine):
            return self.requests(line)
        if isinstance(line, QuietClientLine):
            name = _markup(shorten(line.name, LINE_TITLE_LIMIT))
            if line.days is None:
                return say("agenda.line.quiet_never", client=name)
            return self.say_plural("agenda.line.quiet", line.days, client=name)
        if isinstance(line, ClientDateLine):
            overdue = "_overdue" if line.on < self.today else ""
            return say(
                f"agenda.line.{line.what}{overdue}",
                client=_markup(shorten(line.name, LINE_TITLE_LIMIT)),
                when=self.day(line.on, relative=True),
            )
        numbers = line.yesterday
        return say(
            "agenda.yesterday",
            captured=numbers.captured,
            forwards=numbers.forwards,
            closed=numbers.closed,
        )

    def header(self, kind: SectionKind, agenda: Agenda) -> Html:
        if kind == "quiet":
            return self.say("agenda.section.quiet", days=agenda.stale_after_days)
        if kind == "promised" and self.days == 1 and agenda.promise_days > PROMISE_DAYS:
            last = self.today + timedelta(days=agenda.promise_days - 1)
            return self.say("agenda.section.promised_until", day=self.day(last, relative=False))
        if kind in ("promised", "team", "schedule"):
            suffix = "today" if self.days == 1 else "week"
            return _fixed(self.language, f"agenda.section.{kind}_{suffix}")
        return _fixed(self.language, f"agenda.section.{kind}")


def render_agenda(
    t: Translator,
    agenda: Agenda,
    *,
    now: datetime,
    tz: ZoneInfo,
    title_key: str = "agenda.today",
) -> list[str]:
    """HTML lines, the header first; each line is complete HTML. Join with "\\n"."""
    renderer = _Renderer(t, now, tz, agenda.days)
    first = renderer.day(renderer.today, relative=False)
    last = renderer.day(renderer.today + timedelta(days=agenda.days - 1), relative=False)
    lines: list[str] = [t(title_key, date=first, start=first, end=last)]
    if agenda.empty:
        key = "agenda.nothing_today" if agenda.days == 1 else "agenda.nothing_week"
        lines.append(_fixed(t.language, key))
    for section in agenda.sections:
        lines.append("")
        if section.kind != "yesterday":
            lines.append(renderer.header(section.kind, agenda))
        lines.extend(renderer.line(line) for line in section.lines)
        if section.hidden:
            lines.append(t("agenda.more", count=section.hidden))
    return lines


def mark_line(t: Translator, shown: str, number: int, key: str, /, **params: object) -> str | None:
    """The agenda as shown (HTML) with line `number` rewritten through `key` ({line}).

    None when the line is not in `shown`: a long digest comes in parts, and the keyboard
    rides on the last one.
    """
    prefix = t("agenda.number", number=number)
    lines = shown.split("\n")
    for index, line in enumerate(lines):
        if line.startswith(prefix):
            rest = Html(line[len(prefix) :])
            lines[index] = prefix + t(key, line=rest, **params)
            return "\n".join(lines)
    return None


def unmark_line(t: Translator, shown: str, number: int, key: str) -> str | None:
    """`mark_line` undone: line `number` as it was before `key` ({line}) rewrote it.

    None when the line is not in `shown` or does not carry that mark.
    """
    before, _, after = t(key, line=Html("\x00")).partition("\x00")
    prefix = t("agenda.number", number=number)
    lines = shown.split("\n")
    for index, line in enumerate(lines):
        if line.startswith(prefix):
            rest = line[len(prefix) :]
            if not (rest.startswith(before) and rest.endswith(after)):
                return None
            lines[index] = prefix + rest[len(before) : len(rest) - len(after)]
            return "\n".join(lines)
    return None
