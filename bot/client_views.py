"""How the client table reads: the card, the list, the timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from bot.i18n import Html, Translator, format_clock, format_numeric, format_when
from bot.models import CardItem, Client, ClientSummary, Contact, Item, reminds_at
from bot.split import TELEGRAM_LIMIT, split_message, text_length
from bot.views import shorten
from storage.forwards import Conversation, LoggedForward
from storage.timeline import TimelineEntry


def format_day(t: Translator, day: date) -> Html:
    month = t("dates.months").split()[day.month - 1]
    return t("dates.long", day=day.day, month=month, year=day.year)


def days_ago(t: Translator, moment: datetime | None, now: datetime, tz: tzinfo) -> Html:
    """ "today", "yesterday", "3 days ago": calendar days where the user is, not 24 h spans."""
    if moment is None:
        return t("clients.never")
    days = max(0, (now.astimezone(tz).date() - moment.astimezone(tz).date()).days)
    if days <= 1:
        return t("clients.contact_today" if days == 0 else "clients.contact_yesterday")
    return t.plural("clients.days_ago", days)


def item_line(
    t: Translator,
    item: Item,
    now: datetime,
    tz: tzinfo,
    snoozed_until: datetime | None = None,
) -> Html:
    """One item in a line; with its latest snooze, a reminder reads at the time it was
    snoozed to, and any other item marks a snooze still ahead."""
    line = t("clients.item", icon=t(f"kind_icons.{item.kind}"), title=shorten(item.title, 80))
    due = reminds_at(item.kind, item.due_at, snoozed_until)
    if due is not None:
        # A reminder has no team date: it is when the bot reminds.
        key = {"reminder": "clients.item_remind", "note": "clients.item_note_due"}.get(
            item.kind, "clients.item_due"
        )
        line = Html(line + t(key, due=format_when(t, due, now, tz)))
    if item.kind == "deadline" and item.client_due_at is not None:
        line = Html(
            line + t("clients.item_promise", due=format_when(t, item.client_due_at, now, tz))
        )
    if item.kind != "reminder" and snoozed_until is not None and snoozed_until > now:
        line = Html(line + t("clients.item_snoozed", due=format_when(t, snoozed_until, now, tz)))
    return line


def client_card(
    t: Translator,
    client: Client,
    contacts: list[Contact],
    items: list[CardItem],
    total: int,
    *,
    now: datetime,
    tz: tzinfo,
) -> Html:
    lines = [t("clients.card_title", name=client.name, status=t(f"clients.status.{client.status}"))]
    if client.aliases:
        lines.append(t("clients.aliases", aliases=", ".join(client.aliases)))
    channel = t(f"clients.channel.{client.preferred_channel}") if client.preferred_channel else "—"
    lines.append(t("clients.reach", channel=channel, email=client.email or "—"))
    for contact in contacts:
        lines.append(t("clients.contact", name=contact.name, note=contact.note or "—"))

    def day(value: date | None) -> str:
        return format_day(t, value) if value else "—"

    lines.append(
        t(
            "clients.money",
            last_payment=day(client.last_payment_on),
            next_payment=day(client.next_payment_on),
            next_report=day(client.next_report_on),
        )
    )
    lines.append(t("clients.last_contact", ago=days_ago(t, client.last_contact_at, now, tz)))
    if client.notes:
        lines.append(t("clients.notes", notes=shorten(client.notes, 500)))
    if items:
        lines.append(t("clients.open_items", count=total))
        lines.extend(item_line(t, card.item, now, tz, card.snoozed_until) for card in items)
        if total > len(items):
            lines.append(t("agenda.more", count=total - len(items)))
    else:
        lines.append(t("clients.no_open_items"))
    return Html("\n".join(lines))


def clients_list(
    t: Translator, rows: list[ClientSummary], *, now: datetime, tz: tzinfo
) -> list[Html]:
    """The client table in as many messages as Telegram's length limit needs."""
    if not rows:
        return [t("clients.list_empty")]
    lines: list[str] = []
    status = None
    for row in rows:
        if row.client.status != status:
            status = row.client.status
            count = sum(1 for r in rows if r.client.status == status)
            if lines:
                lines.append("")
            lines.append(
                t("clients.list_header", status=t(f"clients.status.{status}"), count=count)
            )
        # A broken promise is what the manager must act on first; the next one can wait.
        promise: str = ""
        if row.broken_promise:
            local = row.broken_promise.astimezone(tz)
            day = format_numeric(t, "dates.day_month", local)
            promise = t("clients.list_broken_promise", due=day)
        elif row.next_promise:
            promise = t("clients.list_promise", due=format_when(t, row.next_promise, now, tz))
        lines.append(
            t(
                "clients.list_line",
                name=shorten(row.client.name, 40),
                open=row.open_items,
                promise=Html(promise),
                contact=days_ago(t, row.client.last_contact_at, now, tz),
            )
        )
    return [Html(part) for part in split_message(lines)]


SENDER_FIRST_NAME_CHARS = 20


def conversation_line(t: Translator, conversation: Conversation, tz: tzinfo) -> Html:
    first = conversation.first_at.astimezone(tz)
    # First names only, and cut: a channel's title or a name of 64 emoji would take a
    # timeline page of eight such lines past Telegram's limit.
    names = sorted(
        {
            shorten((m.sender_name.split() or ["?"])[0], SENDER_FIRST_NAME_CHARS)
            if not m.is_self
            else str(t("forwards.you"))
            for m in conversation.messages
        }
    )
    return t.plural(
        "clients.conversation",
        conversation.message_count,
        when=format_numeric(t, "dates.short", first),
        senders=", ".join(names[:4]),
    )


def timeline_text(
    t: Translator,
    client: Client,
    entries: list[TimelineEntry],
    *,
    page: int,
    pages: int,
    now: datetime,
    tz: tzinfo,
) -> Html:
    """One page of a client's timeline: an item on the day it was written, as the card
    reads it (a snoozed reminder at the time it was snoozed to), or a conversation."""
    lines = [t("clients.timeline_title", name=client.name, page=page + 1, pages=pages)]
    for entry in entries:
        if isinstance(entry, CardItem):
            item = entry.item
            day = format_numeric(t, "dates.day_month", item.created_at.astimezone(tz))
            line = item_line(t, item, now, tz, entry.snoozed_until)
            lines.append(t("clients.timeline_item", day=day, line=line))
        else:
            lines.append(conversation_line(t, entry, tz))
    if not entries:
        lines.append(t("clients.timeline_empty"))
    return Html("\n".join(lines))


def media_label(t: Translator, media_type: str) -> Html:
    """A logged attachment without a caption: "[photo]", "[voice note]" …"""
    key = f"clients.media.{media_type}"
    return t(key) if t.has(key) else t("clients.media.other")


# A page of a conversation: at most this many messages, each cut to MESSAGE_CHARS. Pages
# are also packed to Telegram's length limit, since names and emoji (two UTF-16 units
# each) can make even a short page too long.
CONVERSATION_PAGE = 20
MESSAGE_CHARS = 200
SENDER_CHARS = 60


@dataclass(frozen=True, slots=True)
class ConversationPage:
    """One page of a conversation as the user reads it; `page` counts from the oldest."""

    text: Html
    page: int
    pages: int


def _message_line(t: Translator, message: LoggedForward, tz: tzinfo) -> Html:
    who = t("forwards.you") if message.is_self else shorten(message.sender_name, SENDER_CHARS)
    body = message.text or (media_label(t, message.media_type) if message.media_type else "")
    return t(
        "clients.message",
        at=format_clock(t, message.origin_date.astimezone(tz)),
        who=who,
        text=shorten(body, MESSAGE_CHARS),
    )


def _conversation_header(
    t: Translator, conversation: Conversation, tz: tzinfo, page: int, pages: int
) -> Html:
    line = conversation_line(t, conversation, tz)
    if pages == 1:
        return line
    return t("clients.conversation_page", conversation=line, page=page + 1, pages=pages)


def _pages(lines: list[Html], budget: int) -> list[list[Html]]:
    """Lines in pages, oldest first, packed from the newest: the page a conversation
    opens on, its latest, is a full one; the oldest takes what is left."""
    pages: list[list[Html]] = []
    page: list[Html] = []
    used = 0
    for line in reversed(lines):
        size = text_length(line) + 1  # and the line break before it
        if page and (len(page) == CONVERSATION_PAGE or used + size > budget):
            pages.append(page[::-1])
            page, used = [], 0
        page.append(line)
        used += size
    if page or not pages:
        pages.append(page[::-1])
    return pages[::-1]


def conversation_text(
    t: Translator, conversation: Conversation, tz: tzinfo, page: int | None = None
) -> ConversationPage:
    """A page of the conversation's messages in the order written; the latest page
    unless `page` is given (one past the end is the latest too)."""
    lines = [_message_line(t, message, tz) for message in conversation.messages]
    # The header is measured with the widest page numbers it can have.
    widest = max(1, len(lines))
    budget = TELEGRAM_LIMIT - text_length(
        _conversation_header(t, conversation, tz, widest, widest + 1)
    )
    pages = _pages(lines, budget)
    shown = len(pages) - 1 if page is None else min(page, len(pages) - 1)
    header = _conversation_header(t, conversation, tz, shown, len(pages))
    return ConversationPage(Html("\n".join([header, *pages[shown]])), shown, len(pages))
