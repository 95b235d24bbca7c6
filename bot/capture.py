"""Turn one quickly typed message into a captured item: kind, client, title and due date.

Reading order: a leading "Client:" prefix, then the first date expression
(``bot.dates``) that is due: not the day of something done, since when a state holds,
a period reported on, the hours someone keeps or a past meeting's label
("созвонились в понедельник", "молчат с 20.11", "с 1 по 15 ноября CTR падал", "на связи с
9 до 18", "по итогам встречи 19.11" stay in the note), then
``#tags``, then the reminder phrase. The client comes
from the tag, else the prefix, else a known client named by the first words
("Acme просит ..."; that name stays in the title because it is part of the
sentence); failing those, a known client named there with a typo ("Рамашка прислать
макеты", where that is safe: `misspelt_client`) or named once elsewhere in the text, in
any case form ("позвонить Ромашке"), is `mentioned`, which a call outranks. The kind comes from
``KIND_RULES``, first match wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Final, Literal
from zoneinfo import ZoneInfo

from bot.dates import DateMatch, find_date, remove_span
from bot.spelling import within_one_edit

Kind = Literal["note", "request", "deadline", "reminder"]


@dataclass(frozen=True, slots=True)
class ClientRef:
    id: int
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Capture:
    kind: Kind
    title: str
    due: datetime | None
    has_time: bool
    client_tag: str | None
    client_prefix: str | None
    client: ClientRef | None
    problems: tuple[str, ...]
    # A known client named somewhere else in the text ("позвонить Ромашке"), or first
    # with a typo ("Рамашка прислать макеты"): weaker than a tag, a prefix or a call, so
    # the caller decides (`Notebook.capture`).
    mentioned: ClientRef | None = None


@dataclass(frozen=True, slots=True)
class KindRule:
    """``kind`` applies when ``words`` occur in the message, or when it is dated.

    With ``at_a_time``, ``words`` count only in a message whose date has a time said as
    when something happens ("в 15", "3pm"), not by when ("к 15", "by 3pm"); ``unless``
    found in the message voids ``words``.
    """

    kind: Kind
    words: re.Pattern[str] | None = None
    when_dated: bool = False
    at_a_time: bool = False
    unless: re.Pattern[str] | None = None


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


# The noun of a reminder's header, as the kind rule and the title read it.
_REMINDER_NOUN: Final = (
    r"(?:(?:quick|friendly|gentle|small|небольшое|маленькое)\s+)?(?:напоминание|reminder)"
)

# A meeting or a call, by its noun or its verb: one with a time is when it happens. Not
# the genitive a record takes ("запись созвона", "протокол встречи", "итоги встречи"),
# nor a noun the meeting only qualifies ("демо-стенд", "demo video", "call notes",
# "meeting invite"); "презентация" only as the event, not the deck sent
# ("отправить презентацию").
_MEETING_WORDS: Final = (
    r"(?:созвон|созвоны|созвони(?:ться|мся)|встреча|встречу|встрече|встрети(?:ться|мся)"
    r"|звонок|(?:по|пере)звонить|колл|митинг|демо|презентация|переговоры|планёрк[аиу]"
    r"|планерк[аиу]|вебинар|воркшоп|стендап|интервью|собеседование"
    r"|call|calls|meeting|meet|demo|sync|standup|stand-up|catch-up|check-in|interview"
    r"|webinar|workshop|presentation)"
    r"(?![-\w]|\s+(?:notes|minutes|recording|summary|recap|deck|slides|agenda|video|invite"
    r"|link|account|build|version|stand|page|site|стенд\w*|запис\w*|ссылк\w*)(?!\w))"
)
# The meeting is then a point something else is due by, or a task's object, and the
# date stays a padded deadline: "подготовить КП к встрече в пятницу в 11", "agenda for
# the call at 3pm", "отправить отчёт после созвона завтра в 15", "назначить созвон на
# пятницу в 11", "book a meeting for Friday 3pm" (the booking is due, not the meeting),
# "send the presentation tomorrow 3pm".
_MEETING_AS_MARK: Final = re.compile(
    r"(?<!\w)(?:к|ко|до|перед|после|для|by|before|after|for|ahead\s+of|prior\s+to"
    r"|запланировать|назначить|организовать|перенести|подготовить|согласовать|отменить"
    r"|подтвердить|отправить|прислать|выслать|скинуть|сделать|доделать|обновить|записать"
    r"|schedule|set\s+up|arrange|book|organi[sz]e|prepare|prep|reschedule|move|cancel"
    r"|confirm|send|share|update|finish|record|make|forward)"
    r"(?:\s+(?:the|a|an|our|this|that|next|новую|новый|эту|этот|\w+'s))?"
    r"\s+" + _MEETING_WORDS,
    re.IGNORECASE,
)
# A time said as by when: "к 15", "до 12", "by 3pm" (not the "до" of "с 10 до 12").
_BY_A_TIME: Final = re.compile(
    r"(?<!\d)(?<!\d\s)(?<!am\s)(?<!pm\s)(?<!\w)(?:к|ко|до|by|before|until|till"
    r"|не\s+позднее|no\s+later\s+than)\s+\d",
    re.IGNORECASE,
)

# Ordered: the first rule that fires decides; a message matching none is a note.
# "нужно к пятнице" is a deadline, not a request: the date rule comes first. A meeting
# at a time is a reminder then, not a deadline: the client is promised no later meeting,
# so padding it makes no sense ("созвон с Acme завтра в 15", "demo Monday at 10"); one
# by a time is what a deadline is measured against ("завтра к 15 встреча", "к 12
# созвону"), and one without a time a day it is due by ("встреча в пятницу").
KIND_RULES: Final[tuple[KindRule, ...]] = (
    KindRule(
        "reminder",
        re.compile(
            r"(?<!\w)(?:напомни(?:те|ть)?|remind\s+me)(?!\w)"
            # The noun only as the message's first word ("reminder: renew domain",
            # "reminder call Globex friday", "Acme: напоминание — акт"): "Globex wants a
            # reminder feature" is a request, "send them a reminder" a task.
            r"|^(?:[^\n:]{1,40}:\s*)?" + _REMINDER_NOUN + r"(?!\w)",
            re.IGNORECASE,
        ),
    ),
    KindRule(
        "reminder",
        _words(_MEETING_WORDS),
        at_a_time=True,
        unless=_MEETING_AS_MARK,
    ),
    KindRule("deadline", when_dated=True),
    KindRule(
        "request",
        _words(
            r"прос(?:ит|ят|им|ьба|ьбу|или|ила|ил)",
            r"попросил[аи]?",
            r"хоч(?:ет|ут)",
            r"хотят",
            r"хотел[аи]?",
            r"нужн[оаы]?",
            r"нужен",
            r"надо",
            r"запрос\w*",
            r"требуется",
            r"пожалуйста",
            r"asks?",
            r"asked",
            r"wants?",
            r"needs?",
            r"requests?",
            r"requested",
            r"please",
            r"could\s+you",
            r"can\s+you",
            r"pl[sz]",
            r"asking(?!\s+price)",
            r"requesting",
            r"would\s+like",
        ),
    ),
)

# The writer says what they will do themselves: "we will pay the invoice next week",
# "we'll send it Friday", "мы оплатим до пятницы", "пришлём в понедельник". Not what
# they will need or wait for ("we'll need the report by Friday", "будем ждать к пятнице").
_WRITER_WILL: Final = re.compile(
    r"(?<!\w)(?:we|i)(?:\s+will|\s*['’]ll|\s+shall|\s+are\s+going\s+to|\s*['’]re\s+going\s+to"
    r"|\s+am\s+going\s+to|\s*['’]m\s+going\s+to)(?:\s+\w+ly)?\s+"
    r"(?!need|want|require|expect|wait|be\s+waiting|be\s+expecting|like|have\s+to\s+wait)\w"
    r"|(?<!\w)(?:оплат(?:им|ю)|заплат(?:им|ю)|пришл(?:ём|ем|ю)|отправ(?:им|лю)|выш?л(?:ем|ю)"
    r"|скин(?:ем|у)|переда(?:дим|м)|подпиш(?:ем|у)|сдела(?:ем|ю)|подготов(?:им|лю)"
    r"|верн(?:ём|ем|у)ся|вернемся|сообщ(?:им|у)|дад(?:им)|предостав(?:им|лю)|перевед(?:ём|ем|у)"
    r"|соглас(?:уем|ую)|провер(?:им|ю)|загруз(?:им|лю)|обнов(?:им|лю)|будем|буду)(?!\w)"
    r"(?!\s+(?:ждать|ожидать|рады|благодарны))",
    re.IGNORECASE,
)


def writer_will(text: str) -> bool:
    """The message tells what its writer will do ("we will pay next week"): from a client,
    their promise, not a date for the team to meet."""
    return _WRITER_WILL.search(text) is not None


# A day told of something already done is no deadline: "созвонились в понедельник",
# "Globex заплатили 20.11", "we met on Friday". Read forward they would be next Monday,
# with reminders, and next year's 20 November. Only verbs of things done count, in the
# past tense ("созвонимся в пятницу" is ahead): "договорились", "перенесли", "обещали"
# arrange the future, so they are not here.
_DONE: Final = _words(
    r"(?:созвони|позвони|звони|встрети|виде|обсуди|поговори|говори|обща|присла|отправи"
    r"|высла|скину|переда|заплати|оплати|подписа|написа|писа|ответи|получи|приня|сда"
    r"|прове|провё|согласова|утверди|показа|презентова|запусти|выкати|зали|обнови"
    r"|закры|сдела|закончи|выстави|стартова|отмени)л(?:а|и|о|ся|ась|ись|ось)?",
    # The event first: "созвон был", "1-го созвон был неудачный".
    r"(?:созвон\w*|встреч\w*|звон\w*|разговор\w*|демо)\s+был[аио]?",
    r"(?:про|при)ш(?:ёл|ел|ла|ло|ли)",  # "созвон прошёл в 14:00", "в 15:40 пришла оплата"
    # Auxiliaries only with their event: "был созвон", "had a call" (alone they also
    # make "было бы хорошо", "was asking for a call on Friday").
    r"был[аио]?\s+(?:на\s+)?(?:созвон\w*|встреч\w*|звон\w*|разговор\w*|демо)",
    r"had\s+(?:a|an|the|our)\s+(?:call|meeting|chat|sync|demo)",
    r"met|sent|paid|signed|called|talked|spoke|discussed|received|delivered|launched"
    r"|shipped|approved|released|finished|closed|did|held|presented|showed|chatted"
    r"|caught\s+up|visited|submitted|uploaded|deployed|went\s+(?:well|live|fine|ok)"
    r"|emailed|replied|answered|responded|(?:got|came)\s+back|had\s+(?:a\s+)?lunch",
)
# The verb must stand next to its day, at most one word between them besides little
# words: "созвонились с Acme в понедельник", "заплатили счёт 20.11", but not
# "подписали договор старт 4 декабря", where the day belongs to another noun.
_NEAR_WORDS: Final = 1
_LITTLE_WORDS: Final = frozenset({
    "в", "во", "с", "со", "на", "к", "по", "о", "об", "от", "у", "за", "для", "мы", "им",
    "ему", "ей", "the", "a", "an", "with", "at", "to", "we", "our", "their", "them", "him",
    "her", "it", "us",
})  # fmt: skip
_WORD: Final = re.compile(r"\w+")
# ...unless the day itself looks ahead: a deadline ("к пятнице", "by Friday", "до
# 20.11"), a count ("через 3 дня") or a day that is always ahead ("завтра", "next").
# "Сегодня" is not: "сегодня созвонились" is done.
_AHEAD: Final = re.compile(
    # Not "на (этой) неделе": the week one is in, past days and all ("на неделе обсуждали").
    r"^(?:к|ко|до|на(?!\s+(?:этой\s+)?неделе(?!\w))|по|через|в\s+течение|не\s+позднее|by|until|till|before|due|through"
    r"|in|within|no\s+later\s+than)(?!\w)"
    r"|(?<!\w)(?:завтра|послезавтра|следующ\w*|tomorrow|next)(?!\w)",
    re.IGNORECASE,
)
# Words before the day that point ahead whatever the tense beside it: a deadline word,
# what is wanted or awaited ("нужно чтобы клиент оплатил в пятницу", "прислали ТЗ
# дедлайн 4 декабря", "созвонились следующая встреча в четверг").
_LOOKS_AHEAD: Final = _words(
    r"дедлайн\w*", r"срок\w*", r"deadline", r"due", r"запуск\w*", r"launch", r"следующ\w*",
    r"next", r"жд[уеё]\w*", r"waiting", r"нужн\w*", r"надо", r"чтобы", r"хоч\w*", r"хот[ия]т",
    r"долж\w*", r"напомн\w*", r"remind\w*", r"просит", r"просят", r"wants?",
)  # fmt: skip
# A verb in the infinitive between the done verb and the day takes the day for itself:
# "получил ТЗ сдать в пятницу".
_INFINITIVE: Final = re.compile(r"\w{2,}(?:ть|ться|тись)", re.IGNORECASE)
# A clause that moves or sets a date looks ahead whatever its tense: "the deadline was
# moved to Friday", "встречу перенесли, теперь в пятницу".
_ARRANGED: Final = _words(
    r"перен[её]с\w*",
    r"сдвину\w*",
    r"договорил\w*",
    r"пообещал\w*",
    r"обещал\w*",
    r"назначил\w*",
    r"запланировал\w*",
    r"решил\w*",
    r"moved",
    r"postponed",
    r"rescheduled",
    r"pushed",
    r"agreed",
    r"promised",
    r"scheduled",
    r"planned",
    r"decided",
    r"confirmed",
    r"set",
)
# The word just before a day that names where it was moved to ("to Friday", "for Friday").
_TO: Final = re.compile(r"(?<!\w)(?:to|for|на)\s*$", re.IGNORECASE)
# What ends the part of a sentence a verb and its day share: punctuation (not the dot
# of 20.11), a spaced dash, and the words that open a clause of their own ("написал,
# что созвон в пятницу" is often typed without the comma).
_CLAUSE_END: Final = re.compile(
    r"[,;:!?\n—–()]|\.(?!\d)|\s-\s|(?<!\w)(?:что|котор\w*|где|that|which|what|who)(?!\w)",
    re.IGNORECASE,
)
# What closes up on the word before it when a skipped day's text is joined back: the
# comma of "прислали ТЗ 20.11, сдать", not the dash of "висит с 19.11 — эскалировать".
_CLOSING: Final = frozenset(",.;:!?)»…")
# What joins a day to a done one before it in a list ("созвонились 20.11 и 23.11"). Not
# a comma: "received the brief on Nov 20, due Dec 4".
_LISTED: Final = re.compile(r"\s*(?:и|and|or|или|&)\s*", re.IGNORECASE)


def _date_ahead(
    text: str,
    *,
    now: datetime,
    tz: ZoneInfo,
    end_of_day: time,
    workday: Callable[[date], bool] | None = None,
) -> DateMatch:
    """The first date in `text` that is due, and the text without it: not the day of
    something done, since when a state holds, a period reported on or a past event's
    label ("прислали ТЗ 20.11, сдать до 5 декабря": 5 December)."""

    def read(part: str) -> DateMatch:
        return find_date(part, now=now, tz=tz, end_of_day=end_of_day, workday=workday)

    found = read(text)
    problems, offset = found.problems, 0
    while found.span is not None:
        start, end = offset + found.span[0], offset + found.span[1]
        if not _listed(text, offset, start, end) and not _not_due(text, (start, end), found, now):
            if not offset and not found.has_time and _DAYS_RANGE.match(text, start, end):
                later = _deadline_after_range(text, end, now, read)
                if later is not None and later.span is not None:
                    found, offset = later, end
                    start, end = offset + later.span[0], offset + later.span[1]
            if _POSSESSIVE.match(text, end):
                # "prep for Monday's call": the day is the event's name too, so the
                # title keeps it whole, where "prep 's call" would lose it.
                return DateMatch(found.due, found.has_time, text.strip(), problems, (start, end))
            if _just_passed(text[start:end], found.due, now):
                # "отчёт 03.12" on the 4th: read as next year's it would remind in a
                # year, silently; it is a slip or a day gone by, and the card says so.
                return DateMatch(None, False, text.strip(), (*problems, text[start:end].strip()))
            if not offset:
                return found
            head, tail = text[:offset].rstrip(), found.text_without
            title = f"{head}{'' if tail[:1] in _CLOSING else ' '}{tail}"
            return DateMatch(found.due, found.has_time, title.strip(), problems, (start, end))
        offset = end
        found = read(text[offset:])
    return DateMatch(None, False, text.strip(), problems)


def _listed(text: str, offset: int, start: int, end: int) -> bool:
    """The day at `start` only adds to the one skipped before it ("созвонились в
    понедельник и вторник"), unless it opens a deadline ("обсуждали в понедельник и к
    пятнице надо ...") or its clause looks ahead ("... и в пятницу надо ...")."""
    if offset == 0 or _LISTED.fullmatch(text, offset, start) is None:
        return False
    if _DEADLINE_LEAD.match(text, start):
        return False
    return _LOOKS_FORWARD.search(_NEXT_CLAUSE_AFTER_PAST.split(text[end:])[0]) is None


# The words that lead to a range's other end: "с 1 по 15", "до", "from ... to".
_RANGE_END: Final = r"по|до|to|till|until|through"
# A range of days ("с 20.11 по 30.11", "с 20 по 30 ноября", "с понедельника по среду")
# is when the work runs; a deadline said after it is when it is due: "с 20.11 по 30.11
# проверить ставки до пятницы" is due on Friday.
_DAYS_RANGE: Final = re.compile(rf"\s*(?:со?|from)\s+\S.*?\s(?:{_RANGE_END})\s+\S", re.IGNORECASE)
_DEADLINE_LEAD: Final = re.compile(r"\s*(?:до|к|ко|by|until|till)\s", re.IGNORECASE)


def _deadline_after_range(
    text: str, end: int, now: datetime, read: Callable[[str], DateMatch]
) -> DateMatch | None:
    """The deadline said after the range of days that ends at `end`, read from there."""
    later = read(text[end:])
    if later.span is None or not _DEADLINE_LEAD.match(text, end + later.span[0]):
        return None
    span = (end + later.span[0], end + later.span[1])
    if _passed(text[span[0] : span[1]], later.due, now) or _not_due(text, span, later, now):
        return None  # "... до 19.11" said on the 25th: a slip, not next year's deadline
    return later


def _not_due(text: str, span: tuple[int, int], found: DateMatch, now: datetime) -> bool:
    """The day at `span` is not when anything is due: see `_told_as_done`, `_since`,
    `_period`, `_reported` and `_labels`."""
    start, end = span
    day = text[start:end].strip()
    beside = _CLOCK_RANGE_ENDS.search(text, 0, start) or _CLOCK_RANGE_STARTS.match(text, end)
    if (_CLOCK_RANGE.search(day) or beside) and _hours_stated(text[:start], text[end:]):
        return True
    if _OVER_A_WHILE.match(day) and _held_over(text[:start], text[end:]):
        return True
    if _AHEAD.search(day) or _JOINED_AHEAD.search(day) or len(_RANGE.findall(day)) > 1:
        return False
    before = _CLAUSE_END.split(text[:start])[-1]
    after = _CLAUSE_END.split(text[end:])[0]
    # The day's own frame comes first: "по итогам встречи 19.11 решили ...", "нужен
    # отчёт за 1–15 ноября", "ждём ответа с понедельника" are read whatever the verbs
    # around them arrange or want.
    passed = _passed(day, found.due, now)
    if _labels(before, day, after, passed) or _period(before, day, after):
        return True
    if _since(before, day, after, found, now):
        return True
    # "today's call went well": the day names its event, and what was done is the
    # event's, one word on.
    after = _POSSESSIVE_NOUN.sub("", after, count=1)
    if _did_beside(before, day, after):
        return True
    if _beside(_CANCELLED, before, after, _NEAR_WORDS) or (
        passed and _beside(_DONE_STATE, before, after, _NEAR_WORDS)
    ):
        return True
    if _TO.search(before) or _ARRANGED.search(before) or _ARRANGED.search(after):
        return False
    if _LOOKS_AHEAD.search(before):
        return False
    return _told_as_done(before, after) or _reported(before, day, after, passed)


# Hours someone keeps are no deadline: "на связи с 9 до 18", "работаем 9:00-18:00",
# "available from 9 to 6", "office hours 9am-6pm" (also with a day: "на связи завтра с 9
# до 18"). A range of hours beside anything else is when it happens ("созвон с 15 до 17").
_CLOCK_RANGE: Final = re.compile(
    r"(?<![\d.:/])\d{1,2}(?::\d{2})?\s*(?:am|pm)?\s*(?:до|to|till|until|[-–—])\s*\d{1,2}"
    r"(?::\d{2})?(?![\d.:/])",
    re.IGNORECASE,
)
# A range of hours right before or after the day: "available 9-6 tomorrow".
_CLOCK_RANGE_ENDS: Final = re.compile(rf"(?:{_CLOCK_RANGE.pattern})[^\S\n]*$", re.IGNORECASE)
_CLOCK_RANGE_STARTS: Final = re.compile(rf"[^\S\n]*(?:{_CLOCK_RANGE.pattern})", re.IGNORECASE)
_HOURS_KEPT: Final = _words(
    r"на\s+связи", r"доступ(?:ен|на|ны|но)", r"работа(?:ю|ем|ет|ют)", r"отвеча(?:ю|ем|ет|ют)",
    r"принима(?:ю|ем|ет|ют)", r"открыт[аоы]?", r"онлайн", r"в\s+офисе", r"часы\s+работы",
    r"рабочие\s+часы", r"рабочее\s+время", r"(?:режим|график)\s+работы", r"available",
    r"availability", r"reachable", r"online", r"(?:office|working|business|support)\s+hours",
    r"(?:we|i)\s+work", r"works", r"open", r"in\s+the\s+office",
)  # fmt: skip
# How far the hours may stand from the word that keeps them: "на связи по будням с 9 до 18".
_HOURS_NEAR: Final = 2


def _hours_stated(before: str, after: str) -> bool:
    """The range of hours between `before` and `after` is the hours someone keeps."""
    before = _CLAUSE_END.split(before)[-1]
    after = _CLAUSE_END.split(after)[0]
    return _beside(_HOURS_KEPT, before, after, _HOURS_NEAR)


# "В течение дня" is by the end of it when something is to be done ("пришлите в
# течение дня"), and the while something went on when it is told in the past or as a
# state: "CTR менялся в течение дня", "в течение дня CTR был стабильным", "ставки скачут
# в течение дня". Not what was asked or promised then, which is still to do ("просили
# ответить в течение дня", "обещали прислать в течение дня", "попросили созвон в течение
# дня"): an infinitive, a request or an arrangement in the clause keeps the deadline.
_OVER_A_WHILE: Final = re.compile(r"(?:в\s+течени[еи]|within|during)(?!\w)", re.IGNORECASE)
_CHANGING: Final = _words(
    r"мен(?:яется|яются)", r"колебл(?:ется|ются)", r"скач(?:ет|ут)", r"держ(?:ится|атся)",
    r"прыга(?:ет|ют)", r"плава(?:ет|ют)", r"стабил(?:ен|ьна|ьно|ьны)",
    r"fluctuates?", r"fluctuating", r"changes", r"varies", r"stays", r"stable",
)  # fmt: skip
_ASKED: Final = _words(r"попрос\w*", r"прос(?:ил|ила|или|ят|ит)", r"asked", r"requested", r"wanted")


def _held_over(before: str, after: str) -> bool:
    """The while between `before` and `after` is when something went on (`_OVER_A_WHILE`)."""
    before = _NEXT_CLAUSE_AFTER_PAST.split(_CLAUSE_END.split(before)[-1])[-1]
    after = _NEXT_CLAUSE_AFTER_PAST.split(_CLAUSE_END.split(after)[0])[0]
    clause = f"{before} {after}"
    if _LOOKS_AHEAD.search(clause) or _FUTURE.search(clause) or _ARRANGED.search(clause):
        return False
    if _ASKED.search(clause) or any(_INFINITIVE.fullmatch(w) for w in _WORD.findall(clause)):
        return False
    past = any(word.lower() not in _NOT_PAST for word in _PAST.findall(clause))
    return past or bool(_STATE.search(clause) or _CHANGING.search(clause))


# A state a thing is in, beside a day: "акт 12.11 подписан", "счёт оплачен 25.11",
# "созвон 12-го отменён". Told of a day that has passed only: "договор подписан 20.12"
# with the 20th ahead is when it will be. Not one yet to be ("должен быть подписан",
# "не подписан").
_DONE_STATE: Final = _words(
    r"(?<!будет )(?<!будут )(?<!быть )(?<!не )(?:подписан|оплачен|отправлен|согласован"
    r"|утвержд[её]н|сдан|закрыт|выставлен|получен|выслан|запущен|провед[её]н)(?:а|о|ы)?",
)
# Called off, whenever the day: "созвон 12-го отменён".
_CANCELLED: Final = _words(r"отмен[её]н[аоы]?", r"cancell?ed", r"called\s+off")


def _told_as_done(before: str, after: str) -> bool:
    """The day between `before` and `after` is when something next to it was done."""
    return _beside(_DONE, before, after, _NEAR_WORDS)


# The past of what is done over a while, right beside its day: "в среду обсуждали 2
# гипотезы", "в понедельник созванивались", "on Monday we agreed". Narrower than
# `_DONE`, which a past tense in general once was, and read dozens of deadlines as
# notes: these verbs only, with nothing but "мы"/"we" between them and the day, and
# nothing in its clause that looks ahead (`_LOOKS_FORWARD`). "Сегодня" may still be
# ahead ("сегодня обсуждали, продолжим вечером"); "завтра", "через" always are (`_AHEAD`).
# Not "договорились": "договорились в понедельник созвониться" is a call on Monday.
_DID: Final = (
    r"(?:(?:обсужда|созванива|встреча|отправля|присыла|высыла|скидыва|передава|показыва"
    r"|согласовыва|утвержда|подписыва|оплачива|плати|разговарива|переписыва|смотре"
    r"|запуска|тестирова|проверя|готови|дела|проводи|отвеча|работа|прави|обща|говори"
    r"|звони|обсуди|созвони|встрети)л(?:а|и|о|ся|ась|ись|ось)?"
    r"|(?:we|they)\s+(?:discussed|agreed|talked|met|sent|had|spoke|chatted))(?!\w)"
)
_SUBJECT: Final = r"(?:мы|они|we|they)"
_DID_BEFORE: Final = re.compile(r"(?<!\w)" + _DID + r"(?:\s+" + _SUBJECT + r")?\s*$", re.IGNORECASE)
_DID_AFTER: Final = re.compile(r"^\s*(?:" + _SUBJECT + r"\s+)?" + _DID, re.IGNORECASE)
_LOOKS_FORWARD: Final = _words(
    r"надо", r"нужн\w*", r"нужен", r"до", r"к", r"ко", r"by", r"need\w*", r"will", r"\w+'ll",
    r"напомн\w*", r"remind\w*", r"буд(?:ет|ут|ем|у)", r"долж\w*", r"until", r"before",
)  # fmt: skip
_TODAY: Final = _words(r"сегодня", r"today", r"tonight", r"this")
# Besides `_CLAUSE_END`, the words that open the next thing to do after what was done:
# "в понедельник созванивались, надо отправить КП", "... а КП так и не отправили", "...
# и потом надо". What looks ahead there is that clause's, not the past day's.
_NEXT_CLAUSE: Final = _words(r"а", r"но", r"потом", r"затем", r"but", r"then")
# After the past tense, a plain "и"/"and" opens the next thing too: "в понедельник
# созванивались и надо подготовить отчёт". Only after it: the day's own clause has the
# verb, and "завтра созвон и отчёт", with no past in it, never gets here.
_NEXT_CLAUSE_AFTER_PAST: Final = _words(
    r"а", r"но", r"потом", r"затем", r"и", r"but", r"then", r"and"
)


def _did_beside(before: str, day: str, after: str) -> bool:
    """The day is when something was being done, told right beside it (see `_DID`);
    only the day's own clause may look ahead of it ("в понедельник созванивались, надо
    отправить КП", "... и надо отправить КП" are requests with no date, the Monday a
    past one)."""
    if not (_DID_BEFORE.search(before) or _DID_AFTER.match(after)):
        return False
    head, tail = _NEXT_CLAUSE.split(before)[-1], _NEXT_CLAUSE_AFTER_PAST.split(after)[0]
    clause = " ".join((head, day, tail))
    return not (_TODAY.search(day) or _LOOKS_FORWARD.search(clause))


def _beside(words: re.Pattern[str], before: str, after: str, near: int) -> bool:
    """One of `words` stands next to the day between `before` and `after`: the last
    one before it or the first after it, at most `near` words away (`_next_to`)."""
    found_before = list(words.finditer(before))
    if found_before and _next_to(before[found_before[-1].end() :], near):
        return True
    found_after = words.search(after)
    return found_after is not None and _next_to(after[: found_after.start()], near)


def _next_to(gap: str, near: int) -> bool:
    """A verb and its day this far apart belong together."""
    words = [word for word in _WORD.findall(gap) if word.lower() not in _LITTLE_WORDS]
    if len(words) > near or _LOOKS_AHEAD.search(gap):
        return False
    return not any(_INFINITIVE.fullmatch(word) for word in words)


# -- days that start a state, periods, labels ---------------------------------------

# Two ends of one range: "с 1 по 15 ноября", "Nov 1-15", "from Nov 1 to Nov 15".
_RANGE: Final = re.compile(rf"(?<!\w)(?:{_RANGE_END})(?!\w)|\d\s*[-–—]\s*\d", re.IGNORECASE)
# A day read with a deadline joined to it keeps it: "данные с 1 по 15 ноября до
# пятницы" is one expression to bot.dates, and dropping it would lose the deadline.
_JOINED_AHEAD: Final = re.compile(r"\s(?:к|ко|by|before)\s", re.IGNORECASE)

# A day a state began is no deadline: "не отвечает с пятницы", "клиент молчит с 20.11",
# "no reply since Monday"; read forward they are next Friday and next year's 20
# November. "Since" only ever looks back. "С" also opens what is ahead ("с 1 декабря
# новый тариф", "с понедельника начинаем"), so it counts only beside a state nobody
# plans: silence, waiting, something stuck, broken, falling ("на паузе", "в отпуске",
# "не работаем" are planned as often: only told right before their day, `_HELD_BEFORE`),
# or with a written date that has passed.
_SINCE_WORD: Final = re.compile(r"(?<!\w)since\s*$", re.IGNORECASE)
_FROM_DAY: Final = re.compile(r"^(?:начиная\s+)?со?(?!\w)", re.IGNORECASE)
# A day that ends a range or where something moves ("с пятницы на понедельник") is
# no start of a state.
_RANGE_LINK: Final = re.compile(
    rf"(?<!\w)(?:{_RANGE_END}|на|and)(?!\w)|\d\s*[-–—]\s*\d", re.IGNORECASE
)
_STATE: Final = _words(
    r"молч\w*", r"замолчал\w*", r"тишина", r"затих\w*",
    r"жд(?:у|ём|ем|ёт|ет|ут|ал\w*)", r"ожида(?:ю|ем|ет|ют)",
    r"вис(?:ит|ят|им|ел\w*)", r"завис\w*", r"лежит", r"лежат", r"тян(?:ет|ут)",
    # Someone else's silence, not ours: "с понедельника не отвечаем на почту" is a plan.
    r"не\s+(?:отвеча(?:ет|ют|л\w*)|ответил\w*|пиш(?:ет|ут)|выход(?:ит|ят)|бер[её]т|берут"
    r"|перезванива(?:ет|ют)|реагиру(?:ет|ют)|работа(?:ет|ют)|груз(?:ит|ят)(?:ся)?"
    r"|открыва(?:ет|ют)(?:ся)?|срабатыва(?:ет|ют)|ид(?:ут|[её]т)"
    r"|плат(?:ит|ят)|оплачен\w*|подписан\w*|согласован\w*|приход(?:ит|ят)|пришл\w*"
    r"|пришёл|получил\w*|дал\w*|да[ёе]т|дают|мо(?:гу|жем|жет|гут)\s+\w+)",
    r"нет(?:\s+(?:ответа|заявок|лидов|оплаты|связи|продаж|звонков|доступа))?",
    r"на\s+(?:модерации|согласовании|подписании|проверке|ревью|больничном)",
    r"боле(?:ет|ют|ю)", r"пада(?:ет|ют|л\w*)", r"упал\w*", r"просел\w*", r"проседа\w*",
    r"снизил\w*", r"снижа(?:ет|ют)ся", r"вырос\w*", r"раст(?:ёт|ет|ут)", r"перестал\w*",
    r"пропал\w*", r"сломал\w*", r"слома(?:н|на|но|ны)", r"отвалил\w*", r"слетел\w*",
    r"остановлен\w*", r"заблокирован\w*",
)  # fmt: skip
# A state word this far from its day still holds it: "жду ответа от Acme с 20 ноября".
_STATE_NEAR: Final = 2
# What says the state is yet to come: "с пятницы будет пауза", "сайт будет лежать".
_FUTURE: Final = _words(r"буд(?:ет|ут|ем|у|ешь)", r"станет", r"станут", r"начн\w*")
# A date written out, whose distance tells whether it has passed, unlike a weekday
# (always the next one).
_MONTH: Final = (
    r"(?:янв|фев|мар|апр|ма[йя]|июн|июл|авг|сен|окт|ноя|дек|jan|feb|mar|apr|may|jun|jul"
    r"|aug|sep|oct|nov|dec)"
)
# With the ordinals in words: "первого ноября", "the first of November".
_CALENDAR: Final = re.compile(
    r"\d\s*[./]\s*\d|\d\s*"
    + _MONTH
    + "|"
    + _MONTH
    + r"\w*\.?\s*\d|(?:ого|его|ому|ему|ое|ье|st|nd|rd|th)\s+(?:of\s+)?"
    + _MONTH,
    re.IGNORECASE,
)
_DIGIT: Final = re.compile(r"\d")
# A written date this close ahead is a start still to come whatever the verb ("ждём с
# 1 декабря новые креативы"); one a year off has passed this year, and what began
# then holds whatever the verb ("Acme на паузе с 1 ноября", "работаем с 1 ноября").
_SOON: Final = timedelta(days=183)


def _passed(day: str, due: datetime | None, now: datetime) -> bool:
    """`day` is a written date read forward a year off: it has passed this year."""
    return due is not None and due - now >= _SOON and _CALENDAR.search(day) is not None


# A written date without a year that passed less than this long ago is that day gone by,
# not next year's: a month, the span of "the report was due on the 20th" slips.
_JUST_PASSED: Final = timedelta(days=30)


_YEAR_WRITTEN: Final = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)|\d[./]\d{1,2}[./]\d{2}(?!\d)")


def _just_passed(day: str, due: datetime | None, now: datetime) -> bool:
    """`day`, a date written without a year, was read as next year's because it passed
    a short while ago (a 29 February goes further ahead, and is not)."""
    if not _passed(day, due, now) or due is None or _YEAR_WRITTEN.search(day):
        return False
    return timedelta(days=365) - _JUST_PASSED < due - now <= timedelta(days=366)


def _since(before: str, day: str, after: str, found: DateMatch, now: datetime) -> bool:
    """`day` tells since when a state has held. A written date tells by itself; a clock
    ahead is a start still to come ("ждём ответа с 15:00" said at noon), one read on to
    tomorrow is over ("не отвечает с 10:00")."""
    if _RANGE_LINK.search(day, 1):
        return False
    if _SINCE_WORD.search(before):
        return True
    if not _FROM_DAY.match(day) or _FUTURE.search(before) or _FUTURE.search(after):
        return False
    if _CALENDAR.search(day):
        return _passed(day, found.due, now)  # "с 1 декабря клиент не платит" is ahead
    clock_ahead = found.due is not None and found.due.date() == now.date()
    if _DIGIT.search(day) and clock_ahead:
        return False
    return _beside(_STATE, before, after, _STATE_NEAR) or _HELD_BEFORE.search(before) is not None


# A state that is as often planned, told as holding right before its day: "на паузе с
# пятницы", "Иван в отпуске с понедельника" tell since when. Said the other way round,
# or as where someone goes, it is a plan: "с понедельника на паузу", "с понедельника в
# отпуск", "уходит в отпуск с понедельника" (its day stays the deadline, as a written
# date ahead does: "на паузе с 1 декабря").
_HELD_BEFORE: Final = re.compile(
    r"(?<!\w)(?:на\s+паузе|в\s+отпуске|в\s+декрете|в\s+командировке)\s*$", re.IGNORECASE
)


# A period something is reported for: "за период 1–15 ноября", "выгрузка за 01.11–15.11",
# "отчёт за 20.11", "stats for Nov 1–15", "отчёт с 1 по 15 ноября". "За" before a
# written day only ever names a period, and so does a report beside a range; a range
# alone is as often a stay or a sale ahead ("book rooms for Dec 1-5").
_PERIOD_BEFORE: Final = re.compile(
    r"(?<!\w)(?:за|за\s+период|(?:for|over|during)\s+the\s+period)\s*$", re.IGNORECASE
)
_REPORT: Final = (
    r"(?:отч[её]т\w*|статистик\w*|данные|выгрузк\w*|сводк\w*|итоги|reports?|stats"
    r"|statistics|data|results)"
)
_REPORT_BEFORE: Final = re.compile(
    r"(?<!\w)" + _REPORT + r"(?:\s+(?:for|over|during))?\s*$", re.IGNORECASE
)
_REPORT_AFTER: Final = re.compile(r"^\s*" + _REPORT + r"(?!\w)", re.IGNORECASE)


def _period(before: str, day: str, after: str) -> bool:
    """`day` is a period reported for."""
    if _DIGIT.search(day) and _PERIOD_BEFORE.search(before):
        return True  # "отчёт за пятницу" may be this Friday's, due then
    if not _RANGE.search(day, 1):
        return False
    return bool(_REPORT_BEFORE.search(before) or _REPORT_AFTER.match(after))


# A range with a past next to it is a period reported on: "с 1 по 15 ноября CTR
# падал", "from Nov 1 to Nov 15 traffic dropped", "between Nov 1 and Nov 15 leads fell"
# (its other end is read as listed).
_BETWEEN: Final = re.compile(r"(?<!\w)(?:between|между)\s*$", re.IGNORECASE)
_PAST: Final = _words(
    r"\w+(?:ал|ял|ел|ил|ыл)(?:а|о|и|ся|ась|ось|ись)?", r"(?:вы|под)?рос(?:ла|ло|ли)?",
    r"(?:при|у|за)?ш(?:ёл|ел|ла|ло|ли)",
    r"was", r"were", r"fell", r"rose", r"grew", r"had", r"got", r"spent", r"\w+ed",
)  # fmt: skip
# Figures tell of a range that is over ("с 1 по 20 ноября 150 лидов"); of one ahead
# they are a plan ("CTR с 1 по 15 декабря").
_FIGURE: Final = _words(
    r"ctr", r"cpl", r"cpc", r"cpa", r"cpm", r"roi", r"romi", r"лид\w*", r"заяв\w*",
    r"конверси\w*", r"трафик\w*", r"продаж\w*", r"выручк\w*", r"показ\w*", r"клик\w*",
    r"переход\w*", r"расход\w*", r"leads?", r"clicks?", r"traffic", r"sales", r"revenue",
    r"impressions", r"conversions?", r"spend",
)  # fmt: skip
# Words that end like a past tense but are nouns, and past forms that look ahead.
_NOT_PAST: Final = frozenset({
    "канал", "сигнал", "материал", "финал", "персонал", "журнал", "портал", "интервал",
    "капитал", "отдел", "раздел", "предел", "пробел", "need", "feed", "speed", "seed",
    "planned", "scheduled", "needed", "expected", "hundred",
})  # fmt: skip


def _reported(before: str, day: str, after: str, passed: bool) -> bool:
    """`day` is a range of days reported on."""
    if not _RANGE.search(day, 1) and not _BETWEEN.search(before):
        return False
    if _FUTURE.search(before) or _FUTURE.search(after) or _LOOKS_AHEAD.search(after):
        return False
    words = [word.lower() for part in (before, after) for word in _PAST.findall(part)]
    if any(word not in _NOT_PAST for word in words):
        return True
    return passed and bool(_FIGURE.search(before) or _FIGURE.search(after))


# A written date read forward a year off is over, and so is the event it names: "по
# итогам встречи 19.11", "протокол встречи от 19.11", "встреча 19.11: обсудили бюджет",
# "minutes of the Nov 19 meeting", "the Nov 19 call notes", "email from Nov 20". A
# weekday beside an event is as often one still to come ("по итогам встречи в пятницу
# обновим КП", "протокол встречи в пятницу", "prep for Friday's call"), except where a
# record of it is kept: "recap of Monday's call". ("Счёт от 15.11", "письмо от 20
# ноября" are a document's own date: bot.dates.)
_EVENT: Final = (
    r"(?:встреч\w*|созвон\w*|звонк\w*|звонок|переговор\w*|демо|презентаци\w*"
    r"|разговор\w*|вебинар\w*|воркшоп\w*|планёрк\w*|планерк\w*|qbr"
    r"|квартальн\w*\s+(?:обзор\w*|ревью))"
)
# Whom the event was with, between it and its day: "по итогам встречи с Acme 19.11",
# "... с Север Строй 19.11". One or two words, none a preposition of a range.
_EVENT_WITH: Final = r"(?:\s+с(?:о)?(?:\s+(?!(?:по|до|от|на)(?!\w))[^\W\d_][\w&.'’+-]*){1,2})?"
_EN_EVENT: Final = r"(?:meeting|call|sync|demo|chat|workshop|session|review|webinar)"
_EN_RECORD: Final = r"(?:notes|minutes|recap|summary|takeaways)"
_EN_RECORD_OF: Final = (
    r"(?<!\w)(?:" + _EN_RECORD + r"|follow-?up|results)\s+(?:of|from|on|for)\s+"
    r"(?:the\s+|our\s+|last\s+)?$"
)
_EVENT_BEFORE: Final = re.compile(
    r"(?<!\w)" + _EVENT + _EVENT_WITH + r"\s+(?:от\s+)?$|" + _EN_RECORD_OF, re.IGNORECASE
)
_EVENT_AFTER: Final = re.compile(
    r"^(?:'s)?\s+(?:" + _EN_EVENT + r"|email|e-mail|letter|invoice|brief|proposal)(?!\w)",
    re.IGNORECASE,
)
# English has no "от": "email from Nov 20" is read as a range opened on Nov 20.
_DOCUMENT_BEFORE: Final = re.compile(
    r"(?<!\w)(?:email|e-mail|letter|message|invoice|contract|brief|proposal|quote)\s+$",
    re.IGNORECASE,
)
_RECORD_OF_BEFORE: Final = re.compile(_EN_RECORD_OF, re.IGNORECASE)
_POSSESSIVE_EVENT: Final = re.compile(
    r"^'s\s+" + _EN_EVENT + r"(?P<record>\s+" + _EN_RECORD + r")?(?!\w)", re.IGNORECASE
)


# A day that names the thing after it: "Monday's call", "tomorrow's standup".
_POSSESSIVE: Final = re.compile(r"['’]s(?!\w)", re.IGNORECASE)
_POSSESSIVE_NOUN: Final = re.compile(r"^['’]s\s+\w+", re.IGNORECASE)


def _labels(before: str, day: str, after: str, passed: bool) -> bool:
    """`day` names a past event, or a record of one."""
    if passed:
        return bool(
            _EVENT_BEFORE.search(before)
            or _EVENT_AFTER.match(after)
            or (_DOCUMENT_BEFORE.search(before) and day[:5].lower() == "from ")
        )
    event = _POSSESSIVE_EVENT.match(after)
    if event is None:
        return False
    # "notes from Monday's call": the day's own preposition may end the record's words.
    words = day.split()
    lead = before + words[0] + " " if len(words) > 1 else before
    return bool(event["record"] or _RECORD_OF_BEFORE.search(lead))


# "#r&d", "#at&t": an ampersand between letters is part of the tag, as in the name.
_TAG: Final = re.compile(r"(?<![\w#/&])#(?P<tag>[\w-]*[^\W\d_][\w-]*(?:&[\w-]+)*)")
_PREFIX: Final = re.compile(
    r"^[^\w#«\"“„<]*(?P<name>[«\"“„<]?[^\W\d_][\w&.'’+«»\"“”„<>-]*"
    r"(?:[ \t]+[\w&.'’+«»\"“”„<>-]+){0,2}?)"
    r"(?P<sep>\s*:|\s*[—–]|\s+-|\s*,)\s*(?=\S)"
)
# Capitalised words that head a message without naming a client.
_NOT_CLIENTS: Final = frozenset({
    "важно", "срочно", "итог", "итоги", "задача", "вопрос", "идея", "заметка",
    "напоминание", "напомни", "напомнить", "пожалуйста", "привет", "upd", "апд", "note",
    "todo", "fyi", "urgent", "important", "re", "fwd", "fw", "hi", "hello", "update",
    "статус", "status", "remind", "reminder", "please", "вывод", "решили",
    "договорились", "итого", "ps", "p.s.", "nb", "звонок", "созвон", "встреча", "отчёт",
    "отчет", "план", "call", "meeting", "report", "plan", "done", "готово", "сделано",
})  # fmt: skip
_REMINDER_LEAD: Final = re.compile(
    r"^(?:напомни(?:те)?(?:\s+(?:мне|нам))?|напомнить\s+(?:мне|нам)"
    r"|"
    + _REMINDER_NOUN
    + r"|remind\s+(?:me|us))(?!\w)[\s,:—–-]*(?:(?:to|about|that|про|о|об|что|чтобы)(?!\w)\s*)?",
    re.IGNORECASE,
)
_REMINDER_TAIL: Final = re.compile(
    r"[\s,—–-]*(?:напомни(?:те)?(?:\s+(?:мне|нам))?|remind\s+me)\s*[.!]?$", re.IGNORECASE
)
_EDGE_SYMBOLS: Final = re.compile(r"^[\W_]+|[\W_]+$")
_SPACES: Final = re.compile(r"\s{2,}")
# The label a removed date leaves at the end: "КП, срок — послезавтра" → "КП, срок —";
# "landing page — deadline Dec 5". Only after a separator: "обсудить срок" keeps its word.
_LEFT_LABEL: Final = re.compile(
    r"\s*(?:[,;(]|\s[—–-])\s*(?:срок|сроки|дедлайн|deadline|due\s+date|due)\s*[:—–-]?\s*\)?\s*$",
    re.IGNORECASE,
)
_EDGE_PUNCTUATION: Final = " \t\n,;:—–-"
_SIGNED_NUMBER: Final = re.compile(r"[-–]\d")


def parse_capture(
    text: str,
    *,
    now: datetime,
    tz: ZoneInfo,
    clients: Clients = (),
    forced_kind: Kind | None = None,
    end_of_day: time = time(18, 0),
    workday: Callable[[date], bool] | None = None,
) -> Capture:
    """Read one message into a :class:`Capture`; never raises on odd text. `workday`
    tells the user's working days, holidays and all (Monday to Friday without it)."""
    index = client_index(clients)
    body = text
    client_prefix: str | None = None
    prefix_client: ClientRef | None = None
    prefix = _PREFIX.match(text)
    if prefix is not None:
        name = prefix["name"]
        prefix_client = index.match(name, first_word=True)
        if _could_be_client(name, prefix["sep"], prefix_client, now, tz):
            client_prefix = name
            body = text[prefix.end() :]
        else:
            prefix_client = None

    found = _date_ahead(body, now=now, tz=tz, end_of_day=end_of_day, workday=workday)
    # A time said as when, not by when: what the meeting rule of `KIND_RULES` reads.
    at_a_time = (
        found.has_time and found.span is not None and _BY_A_TIME.search(body, *found.span) is None
    )
    body = found.text_without

    client_tag: str | None = None
    for tag in reversed(list(_TAG.finditer(body))):
        client_tag = tag["tag"].strip("-")
        body = remove_span(body, tag.start(), tag.end())

    client = index.match(client_tag, first_word=True) if client_tag else None
    client = client or prefix_client
    leading = _leading_words(body) if client is None and index else []
    client = client or _leading_client(leading, index)
    mentioned = None
    if not (client or client_tag or client_prefix):
        # A name misspelt is a guess, as a mention is: a call outranks both.
        mentioned = _misspelt_leading_client(leading, index, now, tz) or index.mentioned(body)

    title = _REMINDER_TAIL.sub("", _REMINDER_LEAD.sub("", body, count=1))
    if found.due is not None:
        title = _LEFT_LABEL.sub("", title)
    title = _SPACES.sub(" ", title).strip().rstrip(_EDGE_PUNCTUATION)
    # A sign before a number is part of it: "-5% скидка для Ромашки".
    title = title if _SIGNED_NUMBER.match(title) else title.lstrip(_EDGE_PUNCTUATION)

    return Capture(
        kind=forced_kind or _kind(text, dated=found.due is not None, at_a_time=at_a_time),
        title=title,
        due=found.due,
        has_time=found.has_time,
        client_tag=client_tag,
        client_prefix=client_prefix,
        client=client,
        problems=found.problems,
        mentioned=mentioned,
    )


def _kind(text: str, *, dated: bool, at_a_time: bool) -> Kind:
    for rule in KIND_RULES:
        if rule.when_dated and dated:
            return rule.kind
        if rule.at_a_time and not at_a_time:
            continue
        if rule.words is None or not rule.words.search(text):
            continue
        if rule.unless is None or not rule.unless.search(text):
            return rule.kind
    return "note"


def _could_be_client(
    name: str, separator: str, known: ClientRef | None, now: datetime, tz: ZoneInfo
) -> bool:
    if known is not None:
        return True
    if separator.strip() == ",":
        return False  # "Пожалуйста, ...", "Hi, ...": only a known client before a comma
    words = name.translate(_QUOTES).split()
    if not all(word[0].isupper() for word in words) or words[0].lower() in _NOT_CLIENTS:
        return False
    found = find_date(name, now=now, tz=tz)  # "Завтра: созвон" is a date, not a client
    return found.due is None and not found.problems


def _leading_words(body: str) -> list[str]:
    """The first three words of `body`, two, one: where a client's name may be."""
    words = body.split(maxsplit=3)[:3]
    return [_EDGE_SYMBOLS.sub("", " ".join(words[:count])) for count in range(len(words), 0, -1)]


def _leading_client(leading: list[str], clients: ClientIndex) -> ClientRef | None:
    for candidate in leading:
        found = clients.match(candidate, typos=False)
        if found is not None:
            return found
    return None


def _misspelt_leading_client(
    leading: list[str], clients: ClientIndex, now: datetime, tz: ZoneInfo
) -> ClientRef | None:
    """The client whose name heads a message with a typo (`misspelt_client`), in its
    `leading` words (`_leading_words`)."""
    for candidate in leading:
        found = misspelt_client(candidate, clients, now=now, tz=tz)
        if found is not None:
            return found
    return None


# Words the parser knows, which a message's first word is sooner than a client's name
# with a typo: "Status" is no «Stratus», "Звонок" no «Звонак».
_KNOWN_WORDS: Final = (
    *(rule.words for rule in KIND_RULES if rule.words is not None),
    _DONE,
    _ARRANGED,
)
# Verbs by their shape: an infinitive or an imperative ("Сдать", "Пришлите"), an English
# "-ing" ("Sending"). A name rarely ends so; when it does, its typos are let be.
_VERB_SHAPE: Final = re.compile(r"\w{2,}(?:ть|ться|тись|чь|йте|ите|ing)", re.IGNORECASE)


def misspelt_client(
    written: str, clients: ClientIndex, *, now: datetime, tz: ZoneInfo
) -> ClientRef | None:
    """The client whose name the words heading a message misspell by one letter, where
    that is safe (`ClientIndex.misspelt`), unless they are a word the bot knows: one
    that heads messages without naming a client, a kind's or a verb's, or a day."""
    found = clients.misspelt(written)
    if found is None:
        return None
    folded = written.casefold()
    if folded in _NOT_CLIENTS or any(words.fullmatch(written) for words in _KNOWN_WORDS):
        return None
    last = written.split()[-1]
    if _VERB_SHAPE.fullmatch(last) and not any(
        _VERB_SHAPE.fullmatch(name.split()[-1]) for name in (found.name, *found.aliases)
    ):
        return None
    day = find_date(written, now=now, tz=tz)
    return found if day.due is None and not day.problems else None


# -- client names ---------------------------------------------------------------

_SEPARATORS: Final = re.compile(r"[\s_\-–—]+")
_CYRILLIC: Final = re.compile(r"[а-яё]")
_LATIN: Final = re.compile(r"[a-z]")
# Cyrillic letters that look like Latin ones: "Асme" typed with a Russian "А" and "с".
_LOOKALIKES: Final = str.maketrans("аеорсухкмтвн", "aeopcyxkmtbh")


# Quotes and brackets around a name or a part of it: «Вектор», ООО "Ромашка", <Tag>
# Studio. Typed or not, it is the same client. Apostrophes stay: "Acme's" is a case form.
_QUOTES: Final = str.maketrans(dict.fromkeys('«»"“”„‟<>()[]`', " "))
# A legal form said with the name or not: ООО «Ромашка» is «Ромашка» in a call note.
_LEGAL_FORMS: Final = frozenset({
    "ооо", "оао", "зао", "пао", "ао", "ип", "нко", "ано", "гк",
    "llc", "inc", "ltd", "gmbh", "corp", "plc", "co",
})  # fmt: skip


def _normalise(name: str) -> str:
    folded = _SEPARATORS.sub(" ", name.casefold().replace("ё", "е").translate(_QUOTES)).strip()
    if _CYRILLIC.search(folded) and _LATIN.search(folded):
        folded = folded.translate(_LOOKALIKES)
    return folded


class ClientIndex:
    """One user's client names and aliases, normalised once for matching.

    Built once per client list (`ClientRepository.index` keeps it while the list holds)
    rather than on every match: a capture matches names up to five times, and
    normalising every name each time was a tenth of its cost (bench/bench_capture.py).
    """

    __slots__ = ("_bare", "_ends", "_exact", "_first_words", "_forms", "_fuzzy", "_longest")

    def __init__(self, clients: Iterable[ClientRef]) -> None:
        exact: dict[str, dict[int, ClientRef]] = {}
        # Names without their legal form: matched only where no name is exactly that, so
        # a client «Ромашка» next to «ООО Ромашка» is still the one "Ромашка" means.
        bare: dict[str, dict[int, ClientRef]] = {}
        # By length: a spelling one edit away is at most one character longer or shorter.
        fuzzy: dict[int, list[tuple[str, ClientRef]]] = {}
        forms: dict[str, dict[int, ClientRef]] = {}
        # "#альфа" for «Альфа Банк»: a tag is one word, and names are often two.
        first_words: dict[str, dict[int, ClientRef]] = {}
        # Names of five letters or more by their first and last letters, which a typo
        # forgiven at a message's start keeps (`misspelt`): most words meet none.
        ends: dict[tuple[str, str], list[tuple[str, ClientRef]]] = {}
        for client in clients:
            for spelling in (client.name, *client.aliases):
                normal = _normalise(spelling)
                exact.setdefault(normal, {})[client.id] = client
                without = _without_legal_form(normal)
                if without is not None:
                    bare.setdefault(without, {})[client.id] = client
                    for form in _case_forms(without):
                        forms.setdefault(form, {})[client.id] = client
                # "ооо" is no first word: «ООО Альфа Банк» is «Альфа» by its bare name.
                for whole in (normal, without):
                    first, _, rest = (whole or "").partition(" ")
                    if rest and _letters(first) >= 3 and first not in _LEGAL_FORMS:
                        first_words.setdefault(first, {})[client.id] = client
                if _letters(normal) >= 4:
                    fuzzy.setdefault(len(normal), []).append((normal, client))
                if _letters(normal) >= 5:
                    ends.setdefault((normal[0], normal[-1]), []).append((normal, client))
                if _letters(normal) >= 3:
                    for form in _case_forms(normal):
                        forms.setdefault(form, {})[client.id] = client
        self._exact = exact
        self._bare = bare
        self._first_words = first_words
        self._fuzzy = fuzzy
        self._ends = ends
        self._forms = forms
        self._longest = max((form.count(" ") + 1 for form in forms), default=0)

    def __bool__(self) -> bool:
        return bool(self._exact)

    def match(
        self,
        name: str,
        *,
        typos: bool = True,
        legal_forms: bool = True,
        first_word: bool = False,
    ) -> ClientRef | None:
        """The one client `name` names; `legal_forms`: also without its ООО or Inc.;
        `first_word`: also a name of several words by its first, where only one starts
        so, after an exact name and before a typo: "Альфа" is «Альфа Банк», not «Альфо»."""
        wanted = _normalise(name)
        if not wanted:
            return None
        exact = self._exact.get(wanted) or (self._bare.get(wanted) if legal_forms else None)
        if exact:
            return next(iter(exact.values())) if len(exact) == 1 else None
        starting = self._first_words.get(wanted) if first_word else None
        if starting:
            # Two clients that start so ("Альфа Банк", "Альфа Медиа"): neither is meant.
            return next(iter(starting.values())) if len(starting) == 1 else None
        if not typos or _letters(wanted) < 4:
            return None
        return self._one_letter_away(wanted)

    def misspelt(self, written: str) -> ClientRef | None:
        """The one client whose name (or alias) `written` misspells by one letter, where a
        typo outside a "Name:" prefix is safe to forgive: every word of `written`
        capitalised as a name is, the name and `written` of five letters or more, and
        the slip inside the word: its first and last letters as in the name. A
        different ending is another word or another form of one ("Globe" for «Globex»,
        "Apply" for «Apple», "Globo" for «Globe»), and a first letter is rarely mistyped.
        """
        if not written or not all(word[0].isupper() for word in written.split()):
            return None
        wanted = _normalise(written)
        if _letters(wanted) < 5:
            return None
        if not any(
            within_one_edit(wanted, spelling)
            for spelling, _ in self._ends.get((wanted[0], wanted[-1]), ())
        ):
            return None
        # Two clients a letter away, at the ends or not, are two guesses: neither is taken.
        return self._one_letter_away(wanted)

    def _one_letter_away(self, wanted: str) -> ClientRef | None:
        """The one client a letter away from `wanted` (normalised); two are two guesses."""
        near = {
            client.id: client
            for length in (len(wanted) - 1, len(wanted), len(wanted) + 1)
            for spelling, client in self._fuzzy.get(length, ())
            if within_one_edit(wanted, spelling)
        }
        return next(iter(near.values())) if len(near) == 1 else None

    def mentioned(self, text: str) -> ClientRef | None:
        """The one known client the text names, capitalised, in any case form ("Ромашке",
        "Acme's"); None if it names none or several.

        A name is often a word too ("Ромашка", "Apple"): "купить ромашки" names no client,
        so a mention must start with a capital, and no typos are forgiven here.
        """
        if not self._forms:
            return None
        written = _MENTION_WORD.findall(text)
        found: dict[int, ClientRef] = {}
        for start, word in enumerate(written):
            if not word[0].isupper():
                continue
            # Normalised a word at a time, from capitals only: most words start none.
            name = ""
            for following in written[start : start + self._longest]:
                name = f"{name} {_normalise(following)}" if name else _normalise(following)
                clients = self._forms.get(name)
                if clients:
                    found.update(clients)
        return next(iter(found.values())) if len(found) == 1 else None


Clients = ClientIndex | Sequence[ClientRef]

# A word of a mention: letters and digits, joined by hyphens or apostrophes ("альфа-банк"
# is one word, so a client Альфа is not named by it).
_MENTION_WORD: Final = re.compile(r"\w+(?:[-'’]\w+)*")
# Russian case endings a name takes in a sentence, by its last letter: "Ромашка" →
# "Ромашке", "Ромашкой"; "Газпром" → "Газпрому"; Latin names do not decline but take
# "'s" in English.
_DECLENSION: Final = {
    "а": ("а", "ы", "и", "е", "у", "ой", "ою"),
    "я": ("я", "и", "е", "ю", "ей", "ею"),
    "й": ("й", "я", "ю", "ем", "е"),
    "ь": ("ь", "я", "ю", "ем", "е", "и", "ью"),
}
_CONSONANT_ENDINGS: Final = ("", "а", "у", "ом", "е", "ы", "ов")


def _case_forms(normal: str) -> set[str]:
    """`normal` (a normalised name) as it may be written in a sentence."""
    forms = {normal}
    *head, last = normal.split(" ")
    lead = " ".join(head) + " " if head else ""
    if _CYRILLIC.search(last[-1:]):
        endings = _DECLENSION.get(last[-1])
        if endings is not None:
            forms.update(lead + last[:-1] + ending for ending in endings)
        elif last[-1] not in "еиоуыэю":  # "Пежо", "Кафе" do not decline
            forms.update(lead + last + ending for ending in _CONSONANT_ENDINGS)
    else:
        forms.update((f"{normal}'s", f"{normal}’s"))
    return forms


def client_index(clients: Clients) -> ClientIndex:
    return clients if isinstance(clients, ClientIndex) else _cached_index(tuple(clients))


@lru_cache(maxsize=64)
def _cached_index(clients: tuple[ClientRef, ...]) -> ClientIndex:
    return ClientIndex(clients)


def _without_legal_form(normal: str) -> str | None:
    """`normal` without a legal form before or after it ("ооо ромашка", "acme inc."),
    None if it has none or is nothing else."""
    words = normal.split(" ")
    if len(words) > 1 and words[0].rstrip(".,") in _LEGAL_FORMS:
        words = words[1:]
    elif len(words) > 1 and words[-1].rstrip(".,") in _LEGAL_FORMS:
        words = words[:-1]
    else:
        return None
    bare = " ".join(words).rstrip(",")
    return bare if _letters(bare) >= 3 else None


def _letters(name: str) -> int:
    return sum(character.isalpha() for character in name)


def match_client(
    name: str, clients: Clients, *, typos: bool = True, first_word: bool = False
) -> ClientRef | None:
    """Find the client called ``name`` (or an alias), allowing one typo in names of 4+
    letters; with `first_word`, also a name of several words by its first."""
    return client_index(clients).match(name, typos=typos, first_word=first_word)
