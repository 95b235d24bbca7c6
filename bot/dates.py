"""Find the first date or time expression in a short Russian or English message.

A hand-written layer instead of dateparser: it is on the hot path of every
message and dateparser is both slow and wrong on many Russian forms.

How a message is read:

* Every rule below is a precompiled regex plus a small builder. All rules run
  over the text; overlapping hits are settled leftmost-first, then longest.
* Hits that touch (only spaces or commas between them) join into one
  expression of at most one day, one clock time and one part of day:
  "в пятницу в 15:00", "10am tomorrow", "завтра утром в 9". Two day words
  join when they name one day: "EOD"/"к концу дня" yields to the day beside
  it ("by COB tomorrow"), "на следующей неделе" places the weekday beside it,
  "пятница, 27.11" says one day twice, and so does a weekday beside a date on
  it ("в пятницу, 4 декабря", "пн 07.12.2026", "30.11 (пн)", "Friday the 4th"): the
  date wins, in either order ("30-го в понедельник"), and the pair never moves
  to another weekday; one on another weekday stays in the text. A time and a day one to three words
  apart, with no punctuation between, join too ("в 9:30 планёрка в
  понедельник"), and both leave the title.
* The first expression that resolves wins; later dates stay in the text.
  Fragments that look like dates but cannot be (31.02, 25:00, 32 декабря,
  05.12.2020, "сегодня в 10" said at noon) go to ``problems`` and keep their
  place in the text. A broken piece spoils the expression it touches
  ("завтра в 25:00" gives no due date), not the ones after it.

Resolution, in the user's zone and wall time (fold=0; a wall time that does
not exist because of a DST jump is moved forward through UTC):

* a day without a time means ``end_of_day``; "today" said after the end of
  the day means 23:59 today rather than silently becoming tomorrow;
* a time without a day means today, or tomorrow when it has passed;
* weekdays, day-month dates, "end of week/month" move forward to their next
  occurrence, but the end of a period ("до конца недели/месяца/квартала/года",
  "EOW", "в конце ноября") said on its last day after the end of the day is 23:59
  tonight, as "today" is: the period is not over yet; "next Friday" / "в
  следующую пятницу" is the first Friday strictly after today (so said on a
  Wednesday it is this week's Friday), "в пятницу следующей недели" the Friday of
  next week;
* a weekday needs no preposition ("пятница 18:00", "отчёт пятница"), except
  where the word is more often something else: after an adjective that agrees
  with it ("рабочая среда", "прошлую пятницу"), "среда"/"среду" ("environment")
  unless a time is next to it or "среда" heads or ends the message, and the
  abbreviations ("пт", "Fri"), which need a time next to them ("sat", "sun" a
  preposition);
* a weekday in the genitive without its own preposition ("до пятницы" has one) is
  the day of the time right before it ("до 15:00 пятницы", "к 10 утра пятницы", "к
  утру пятницы", "к EOD пятницы", "к концу (дня) пятницы") or the day a count starts
  from ("через неделю после пятницы"), and no date after anything else ("итоги
  пятницы", "в 15 итоги пятницы");
* a range is read as its start: "с 15 до 17", "15:00–17:00", "from 3 to 5pm",
  "с 15 по 17 декабря", "от 1.12 до 5.12", "с пятницы до понедельника" (a range of
  dates under way as its end: "с 20.11 по 30.11" said on the 25th, also with its year:
  "с 20 по 25 ноября 2026" said on the 25th is due that day, and one that
  starts today once the day is over); but in "с пятницы на
  понедельник" (and "move ... from Friday to Monday") the new day is the date,
  and so is the new time where something moves ("перенесли с 14:00 на 16:00",
  "moved from 3 to 4pm", "перенести на 16");
* an explicit year (also "2026-12-01", year first as systems write it, and a
  timestamp "2026-12-01T10:00", with seconds and a "Z" or "+03:00" zone if given),
  "сегодня"/"today" with a time, or "this morning" that is already over is a
  problem, never moved;
* "через 2 часа" / "in 30 minutes" are absolute (now + delta), while
  "через 3 дня" / "in a week" are calendar days ending at ``end_of_day``,
  "в течение 5 рабочих дней" skips weekends; counted from a day they start at
  the first occurrence they end ahead of ("через неделю после пятницы", "a week
  from Friday", "3 days after Dec 15"; on a Friday, from the next one), but
  "через неделю после запуска" counts from an event, so it is no date, and so
  is one without "через"/"в течение" ("прошло три дня после пятницы");
* a part of a month is a day in it: "в начале декабря"/"early December" the
  5th, "в середине"/"mid-December" the 15th, "в конце"/"end of December" the
  last day (as "в конце месяца"), "к началу января"/"by the start of" the 1st;
  one that has passed is next year's. It needs "в/к/до" or "by/in/until..." (an
  English one alone counts only as the whole message), "с"/"from" only with the
  range's other end ahead, and "в начале этого месяца" is no date;
* a part of a week: "в середине (следующей) недели", "mid next week" its
  Wednesday (this week's, gone once it has passed), "late next week" its Friday,
  "к выходным", "by the weekend" Friday's end, "the week after next" its Monday;
* after the holidays ("после праздников", "после НГ", "после майских", "after
  Christmas") is the first working day back in the user's calendar (`workday`);
  without a country's, only New Year's Day is known to be off;
* a day of the month alone ("к 15 числу", "до 15-го", "by the 15th") is this
  month's, or the next month's that has that day once it has passed; so is one in
  words ("до первого числа", "к двадцать пятому"), and with its month one is a date
  ("к первому декабря", "by the first of December"), but "первый этап" is no day;
* not dates: a day that is over with its time ("вчера в 15", "last Monday"),
  a document's own date ("счёт от 15.11"), prices and versions ("цена 2.11",
  "версия 3.10"), an identifier written as a date ("SKU 2026-11-30", "артикул
  2026-11-30"; "релиз 2026-11-30" is a day), fractions ("3/4", "24/7"), counts ("в 4 кампаниях", "во
  2-м квартале"); "до 17", "около 15", a bare "14.00", "15-00" and "10 утра"
  without a preposition are times only beside a day ("сегодня до 17", "завтра 14.00",
  "до пятницы 10 утра"; "до 17" also before a zone, "до
  17 мск", and "к 12" before the meeting it is for, "к 12 созвону"), a bare one only
  before the end,
  punctuation, a day or an event ("завтра 14.00 созвон", never "Завтра 10.15
  ставка" or "счёт на 15.00 завтра"), and "12/15" (month first) is reported,
  not guessed;
* "в ночь на пятницу" is the night that ends on Friday, due when it begins:
  Thursday 23:00 (a clock up to 6 in it, a bare "в 7" and "в 12" are
  Friday's: 07:00, 00:00); a day before it is the
  evening it begins on ("завтра в ночь на пятницу"), and one that is not is a
  problem; a day-time clock before it ("14:00 в ночь на пятницу") stays in the
  text; "к утру", "by morning",
  "к утру пятницы" are the morning of ``_DAYPART_HOURS``, and "к утру" said once
  the morning has begun (from 06:00) the next one; "в полночь", "до полуночи", "by
  midnight" are 23:59 of the day ("завтра в полночь" the midnight ending tomorrow, "в
  полночь на пятницу", "в полночь на 27.11" the one going into that day: Thursday
  23:59), and so is a bare English "midnight" beside its day ("midnight Friday",
  "Friday midnight");
* a clock followed by a zone ("в 15 мск", "в 15:00 по Москве", "3pm CET", "14:00
  UTC+3", "15:00 UTC+5:30") is that zone's wall time on the named day, given in
  the user's zone; a zone not right after a clock stays in the text ("поездка по
  Москве"), and one after a count ("in 2 hours UTC") changes nothing but the title;
* not times or dates either: a number after "№"/"#"/"No.", a section or a score ("п.
  3.12", "раздел 4.5", "оценка 4/5", "NPS 8/10"), a length ("видео 0:15", "ролик
  00:15": a clock at hour 0 with no preposition or day word before it), a length
  or a timecode told as one whatever the preposition ("the video is 2:30 long",
  "cut at 1:45 in the video", "обрезать на 1:45"), "в 1 из 3";
* a bare hour 1–7 without am/pm or part of day ("в 3", "at 5", "в 3 часа") is
  read as afternoon: people schedule calls, not 3 a.m. wake-ups. So is an
  English "4:30" or "at 3.30" up to 5:59 (its clocks are 12-hour), unless the
  message speaks of the night or the morning ("night deploy 1:30"), but a
  Russian HH:MM is literal, "в 4:30" included: minutes are what a night job is
  given ("в 2:30 деплой"), and a wrong morning reading reminds twelve hours
  early, where a wrong afternoon one would remind twelve hours late.
"""

from __future__ import annotations

import re
import unicodedata
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Final, Literal
from zoneinfo import ZoneInfo

from bot.spelling import within_one_edit
from bot.wordscan import WordScan


@dataclass(frozen=True, slots=True)
class DateMatch:
    """The first date expression in a message and the message without it."""

    due: datetime | None
    has_time: bool
    text_without: str
    problems: tuple[str, ...]
    span: tuple[int, int] | None = None


# How a day moves on once it has passed: by a week ("в пятницу"), to the next month's
# end ("в конце месяца"), to the next quarter's ("к концу квартала"), to the same day
# of the next month that has it ("к 15-му"), a year ("5 декабря"), or to the same
# month's end a year on ("в конце ноября"). The end of a period moves on only once its
# last day is over, not at that day's end of the day: see `_Day.period_end`.
Roll = Literal["none", "week", "month", "quarter", "day_of_month", "year", "year_month_end"]
# How a preposition ties a day to a range: "с пятницы" opens one, "до/по
# понедельник" closes it, "на понедельник" is where something is moved to.
Bound = Literal["start", "end", "target"] | None


@dataclass(frozen=True, slots=True)
class _Day:
    first: date
    roll: Roll
    month_day: tuple[int, int] | None = None
    bound: Bound = None
    # A weekday word that is more often something else ("настроить среду", "Fri"):
    # a date only with a clock time or part of day next to it.
    weak: bool = False
    # "EOD", "к концу дня": today, unless a day next to it says which ("by COB tomorrow").
    soft: bool = False
    # "на следующей неделе": that week's Monday, or the weekday next to it.
    week: bool = False
    weekday: bool = False  # a weekday name, which a `week` next to it places
    # A weekday in the genitive ("пятницы"): the day of the time right before it ("до
    # 15:00 пятницы", "к утру пятницы", "к EOD пятницы", "до конца дня пятницы"); after
    # anything else it is whose, not when ("итоги пятницы"), and no date.
    of_time: bool = False
    # A bare "30-го", "4th": a date only beside a weekday it agrees with ("в понедельник
    # 30-го"); alone more often a place in a list.
    confirms: bool = False
    # The end of a period: "до конца недели", "EOW", "до конца месяца", "в конце
    # ноября", "до конца квартала", "by end of Q4", "до конца года". Said on its last
    # day after the end of the day it is that day's last minute, as "до конца дня" is:
    # the period is still this one until midnight, and the next one's end would be a
    # week, a month or a quarter late. One rule for all of them, in `_resolve`.
    period_end: bool = False


@dataclass(frozen=True, slots=True)
class _Clock:
    hour: int
    minute: int
    bare: bool  # a bare hour ("в 3", "at 5"): open to the afternoon reading
    # "до 17", "около 15" alone are as often counts ("до 15 человек"): a time only
    # next to a day ("сегодня до 17").
    weak: bool = False
    target: bool = False  # "на 16:00": where a moved thing goes ("с 14:00 на 16:00")
    # "к 12 созвону": the "к" is the meeting's too, and stays in the title before it.
    for_meeting: bool = False
    # A bare "14.00": a time only right beside its day ("завтра 14.00"), never across a
    # comma or a full stop ("Клиент заплатил 15.00, завтра созвон").
    dotted: bool = False
    # The zone the clock is said in ("в 15 мск", "3pm CET"); None: the user's own.
    zone: tzinfo | None = None


@dataclass(frozen=True, slots=True)
class _Daypart:
    hour: int
    standalone: bool  # "утром" alone is a time; English "morning" needs a day
    today: bool = False  # "tonight", "this morning"
    # "до обеда в 11" is 11:00: only an afternoon part moves a clock past noon.
    afternoon: bool = False
    # "в ночь на пятницу": the night that ends on the day beside it (see `_NIGHT_HOUR`).
    night: bool = False
    # "к утру", "by morning": by the time the morning comes, so said once it has come
    # (see `_MORNING_BEGINS`) the next one, not this one an hour away.
    by_morning: bool = False
    # "в полночь", "до полуночи", "at midnight": the last minute of the day, as a day
    # said after its end reads; "завтра в полночь" is the midnight that ends tomorrow.
    midnight: bool = False


@dataclass(frozen=True, slots=True)
class _Delta:
    delta: timedelta


@dataclass(frozen=True, slots=True)
class _Count:
    """A number of calendar days, working days, weeks or months."""

    amount: int
    unit: Literal["day", "workday", "week", "month"]

    def after(self, day: date) -> date:
        if self.unit == "workday":
            return _add_weekdays(day, self.amount)
        if self.unit == "week":
            return day + timedelta(weeks=self.amount)
        if self.unit == "month":
            return _add_months(day, self.amount)
        return day + timedelta(days=self.amount)


@dataclass(frozen=True, slots=True)
class _After:
    """ "через неделю после" / "a week from": a count from the day that follows it."""

    count: _Count
    today: date


@dataclass(frozen=True, slots=True)
class _Bad:
    fragment: str


@dataclass(frozen=True, slots=True)
class _Ago:
    """A day that is over ("вчера", "last Monday"): with its time, a fact, not a date."""


_Piece = _Day | _Clock | _Daypart | _Delta | _Bad | _Ago | _After


@dataclass(frozen=True, slots=True)
class _Context:
    text: str
    today: date
    # Said after the end of the day: a range of dates that starts today has begun, as
    # one that started before today has (see `_under_way`).
    late: bool = False
    # The user's working days, public holidays and all (bot.padding.BusinessCalendar):
    # what "после праздников" is read against. None: Monday to Friday.
    workday: Callable[[date], bool] | None = None


_Builder = Callable[[re.Match[str], _Context], _Piece | None]


@dataclass(frozen=True, slots=True)
class _Rule:
    pattern: re.Pattern[str]
    build: _Builder
    # A cheap search that any match of ``pattern`` implies: when it fails, the rule is
    # skipped, which keeps rare rules from costing every message a full scan.
    gate: re.Pattern[str] | None = None


_I: Final = re.IGNORECASE
_LAST_MINUTE: Final = time(23, 59)

# Word start: not inside a word, a #tag, an @mention or a path.
_B: Final = r"(?<![\w#@/])"
# Number start without a preposition: also not inside 1.5, 12:30, $5, +7, a-b.
_BN: Final = r"(?<![\w#@/.,:+$€₽-])"


def _number_start(prepositions: str) -> str:
    return rf"(?:{_B}(?P<prep>{prepositions})\s+|{_BN})"


_RU_MONTHS: Final = {
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "мая": 5, "июн": 6,
    "июл": 7, "авг": 8, "сен": 9, "окт": 10, "ноя": 11, "дек": 12,
}  # fmt: skip
_EN_MONTHS: Final = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS: Final = {
    "по": 0, "пн": 0, "вт": 1, "ср": 2, "че": 3, "чт": 3, "пя": 4, "пт": 4,
    "су": 5, "сб": 5, "во": 6, "вс": 6,
    "mo": 0, "tu": 1, "we": 2, "th": 3, "fr": 4, "sa": 5, "su": 6,
}  # fmt: skip
_NUMBER_WORDS: Final = {
    "один": 1, "одну": 1, "одна": 1, "пару": 2, "пара": 2, "два": 2, "две": 2,
    "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7, "восемь": 8,
    "девять": 9, "десять": 10, "двух": 2, "трёх": 3, "трех": 3, "четырёх": 4,
    "четырех": 4, "пяти": 5, "шести": 6, "семи": 7, "десяти": 10, "a": 1, "an": 1,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "a couple of": 2, "couple of": 2,
}  # fmt: skip
_NUMBER_ALTERNATION: Final = (
    # "1,5", "2.5": a half, as "полтора" is (for hours and minutes only: see `_offset`).
    r"\d[.,]5|\d{1,3}|полтора|полторы|half\s+an?|a\s+couple\s+of|couple\s+of|"
    + "|".join(sorted((w for w in _NUMBER_WORDS if " " not in w), key=len, reverse=True))
)
# Words that turn "3.10" into a version number rather than 3 October.
_VERSION_WORDS: Final = frozenset({
    "версия", "версии", "версию", "версией", "вер", "version", "ver", "v", "release",
    "релиз", "релиза", "релизе", "build", "билд", "сборка", "сборки", "сборку", "ios",
    "android", "python", "php", "node", "sdk", "api", "patch", "патч", "firmware",
    "прошивка", "прошивки",
})  # fmt: skip
# Words that name the code after them, written as a date ("артикул 2026-11-30", "SKU
# 2026-11-30", "версия 2026-11-30", "build 2026-11-30"): an identifier, not a day. A
# release is a day it ships ("релиз 2026-11-30"), so it is not here.
_IDENTIFIER_WORDS: Final = frozenset(
    {"артикул", "артикула", "артикулом", "арт", "sku", "id", "код", "code"}
    | {word for word in _VERSION_WORDS if word not in {"release", "релиз", "релиза", "релизе"}}
)
# Words that make "2.11" a price or a score.
_PRICE_WORDS: Final = frozenset({
    "цена", "цену", "цены", "ставка", "ставку", "ставки", "рейтинг", "стоимость", "cpc",
    "cpm", "cpa", "cpl", "cpi", "ctr", "price", "bid", "rating", "cost",
})  # fmt: skip
# A document's own date: "счёт от 15.11", "договор от 1 ноября".
_DOCUMENT_WORDS: Final = frozenset({"от", "dated"})
# A place in a document: "ТЗ п. 3.12", "раздел 4.5", "section 3.12", "clause 12.1".
_SECTION_WORDS: Final = frozenset({
    "п", "пп", "пункт", "пункта", "пункте", "пункту", "пунктом", "подпункт", "подпункта",
    "раздел", "раздела", "разделе", "разделу", "глава", "главы", "главе", "главу", "статья",
    "статьи", "статье", "статью", "ст", "параграф", "параграфа", "таблица", "таблицы",
    "рис", "стр", "слайд", "слайде", "section", "sections", "sec", "item", "items",
    "clause", "clauses", "paragraph", "para", "article", "chapter", "table", "fig",
    "figure", "page", "p", "pp", "slide", "step", "шаг",
})  # fmt: skip
# A score: "оценка 4/5", "score 9/10", "NPS 8/10".
_SCORE_WORDS: Final = frozenset({
    "оценка", "оценку", "оценки", "оценкой", "балл", "балла", "баллов", "score", "scores",
    "scored", "nps", "csat", "grade", "рейтинга", "рейтингом", "ratings", "rated", "rating",
})  # fmt: skip
# Around a figure with a slash, what makes it a share: "rated us 8/10", "4/6 tasks done".
_SHARE_BEFORE: Final = re.compile(r"(?<!\w)(?:rated|rating|оценил\w*)(?:\s+\w+)?\s*$", _I)
_SHARE_AFTER: Final = re.compile(
    r"\s*(?:stars?|tasks?|slots?|points?|done|completed?|ready|звёзд|звезд|задач\w*|готов\w*)"
    r"(?!\w)",
    _I,
)
_NUMBER_WORDS_BEFORE: Final = (
    _VERSION_WORDS
    | _PRICE_WORDS
    | _DOCUMENT_WORDS
    | _SECTION_WORDS
    | _SCORE_WORDS
    # "артикул 12.05": a code, as "артикул 2026-11-30" is.
    | {"артикул", "артикула", "артикулом", "арт", "sku"}
)
# A number sign right before the figure: "счёт №15.11", "заказ # 12.05", "No. 3.12".
_NUMBER_SIGN: Final = re.compile(r"(?:[№#]|(?<!\w)(?:No|no|Nr|nr|Nº)\.|(?<!\w)No)[^\S\n]*$")


def _after_number_sign(text: str, start: int) -> bool:
    """Whether a number sign stands right before `start` ("№15.11", "No. 3.12")."""
    return _NUMBER_SIGN.search(text, max(0, start - 8), start) is not None


_PREVIOUS_WORD: Final = re.compile(r"(\w+)[\s.:#№-]*$")
# After a day.month: amounts and units mean it was a number, not a date.
_UNITS: Final = (
    r"(?!\s*(?:%|млн|млрд|тыс|трлн|руб|р\.|₽|\$|€|usd|eur|rub|раз|час|ч\b|h\b|hours?\b|"
    r"hrs?\b|мин|min|сек|sec|кг|kg|км|km|гб|gb|мб|mb|шт|pcs|процент|percent"
    r"|за\s+(?:клик|лид|показ|тыс|штук|шт|единиц)|per\s+(?:click|lead|impression|unit|item)))"
)
# After an ordinal: what it counts, so it is no day ("до 3-го этапа", "the 5th floor").
_RU_ORDINAL_NOUNS: Final = (
    r"этап|пункт|раз|класс|этаж|уровн|мест|курс|квартал|шаг|слайд|страниц|вариант|кандидат"
    r"|сотрудник|клиент|числ|версии|релиз|спринт|урок|модул|глав|строк|тур|круг"
    r"|полугоди|чтени|совещани|заседани|собрани|лиц"
)
_EN_ORDINAL_NOUNS: Final = (
    r"(?:floor|place|time|row|grade|line|item|point|version|step|page|slide|edition"
    r"|anniversary|birthday|century|round|attempt|try|level|year|day|week|month|person"
    r"|candidate|option|sprint|lesson|chapter|module|stage|phase|quarter)s?(?!\w)"
)


# After "в 15": counted things, not a time ("в 2 раза", "в 5 магазинах").
_COUNTED: Final = (
    r"(?!\s*(?:раз|этап|экземпляр|шт|штук|страниц|слайд|вариант|руб|тыс|млн|млрд|"
    r"процент|%|человек|чел|дн|недел|месяц|год|лет(?![а-яё])|минут|мин|сек|строк|пункт|шаг|"
    r"город|магазин|офис|стран|регион|x\b|times|steps|people|days|weeks|months|"
    r"years|minutes|hours|percent|pages|slides|заявок|лидов|клиентов|звонков|кликов|"
    r"показов|постов|товаров|позиций|сотрудников|тысяч|рублей|долларов|евро|leads|"
    r"clicks|calls|posts|items|users|clients|dollars|euros|k\b|квартал"
    # What ads are made of: "в 3 кампании добавить минус-слова", "с 10 до 15 баннеров".
    # Counted forms only: "завтра в 10 макет показать" is a time. The genitive plural
    # after any number ("в 10 кампаний"), the singular only after 2-4 ("в 3 кампании"):
    # "завтра в 10 кампании запустить" is at 10.
    r"|кампаний|объявлений|групп(?![а-яё])|(?:аккаунт|кабинет|баннер|креатив|макет|ролик|текст"
    r"|сайт|лендинг|канал)ов|ключей|campaigns|ads\b|banners|creatives|accounts"
    r"|(?<=(?<!\d)[234])\s*(?:кампании|объявления|группы|(?:аккаунт|кабинет|баннер|креатив"
    r"|макет|ролик|текст|сайт|лендинг|канал)а|ключа)(?![а-яё])"
    # "в 1 из 3 кампаний": a count of a whole.
    r"|из\s+(?:\d|двух|трёх|трех|четырёх|четырех|пяти|шести|семи|восьми|девяти|десяти)"
    r"|of\s+\d"
    r"|[а-яё]+[ая]х(?![а-яё])))"
)


# A ranked place ("с 12 по 15 позицию", "from 12 to 5 position", "на 3 место"): the
# numbers before it are places in search results or a table, not hours or days. Only
# right after the number: "с 10 до 12 на месте" is on site, "место встречи" a venue,
# "мест нет" no seats, a "spot check" a check, and "местами", "местное",
# "позиционирование" are other words.
_RANK_NOUN: Final = (
    r"(?:позици(?:я|и|ю|ей|й|ям|ях|ями)|строк(?:а|и|у|е|ой|ам|ах|ами)?"
    r"|строчк(?:а|и|у|е|ой|ам|ах|ами)|строчек|ранг(?:а|у|е|ом|и|ов|ам|ах)?"
    r"|positions?|places?|ranks?|rows?|spots?(?!\s+checks?(?!\w))"
    r"|мест(?:о|а|е|у|ом|ах)?(?!\w)(?!\s+(?:встреч|проведени|сбора|нет)))(?!\w)"
)
_RANK_ORDINAL: Final = r"(?:-?(?:й|я|ю|е|го|ое|ую|ой|ом|м)|st|nd|rd|th)?"
# Right after a number (with its ordinal ending, if any): a ranked place.
_RANK_AFTER: Final = re.compile(rf"{_RANK_ORDINAL}[^\S\n]*{_RANK_NOUN}", _I)
# Right after the first number of a range: the rest of a range of ranked places.
_RANK_RANGE_REST: Final = re.compile(
    r"[^\S\n]*(?:до|по|на|to|till|until|through|[-–—])[^\S\n]*\d{1,3}"
    + _RANK_ORDINAL
    + rf"[^\S\n]*{_RANK_NOUN}",
    _I,
)


def _at(day: date, clock: time, tz: tzinfo) -> datetime:
    # fold=0 picks the first of two repeated wall times; the UTC round trip
    # moves a wall time skipped by a spring-forward jump to the real one.
    return datetime.combine(day, clock, tzinfo=tz).astimezone(UTC).astimezone(tz)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def _month_end(year: int, month: int) -> date:
    return date(year, month, monthrange(year, month)[1])


def _valid_in_some_year(month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= monthrange(2028, month)[1]


def _next_month_day(month: int, day: int, year: int) -> date:
    while True:  # terminates: callers check the pair is valid in a leap year
        if day <= monthrange(year, month)[1]:
            return date(year, month, day)
        year += 1


# A deadline further out than this is a typo ("30.12.9999"), and the arithmetic of
# padding would overflow near the end of the calendar.
MAX_YEARS_AHEAD = 50


def _calendar_date(
    core: str, day: int, month: int, year: int | None, ctx: _Context, bound: Bound = None
) -> _Piece:
    if year is not None:
        if year > ctx.today.year + MAX_YEARS_AHEAD:
            return _Bad(core)
        try:
            # Its (month, day) too, though it never moves: a weekday beside it confirms
            # it as it confirms one without a year ("Monday, November 30, 2026").
            return _Day(date(year, month, day), "none", (month, day), bound)
        except ValueError:
            return _Bad(core)
    if not _valid_in_some_year(month, day):
        return _Bad(core)
    return _Day(_next_month_day(month, day, ctx.today.year), "year", (month, day), bound)


_BOUNDS: Final[dict[str, Bound]] = {
    "с": "start", "со": "start", "начиная с": "start", "начиная со": "start",
    "from": "start", "starting": "start", "starting from": "start", "starting on": "start",
    "до": "end", "по": "end", "until": "end", "till": "end", "through": "end", "thru": "end",
    "на": "target",
}  # fmt: skip


def _bound(prep: str | None) -> Bound:
    return _BOUNDS.get(" ".join(prep.lower().split())) if prep else None


def _full_year(raw: str | None) -> int | None:
    if raw is None:
        return None
    return int(raw) + 2000 if len(raw) == 2 else int(raw)


# -- builders ----------------------------------------------------------------


def _relative_day(m: re.Match[str], ctx: _Context) -> _Piece:
    word = m["core"].lower()
    if word.startswith(("после", "day", "the")):
        offset = 2
    elif word.startswith(("зав", "зва", "tom", "tm", "2m")):
        offset = 1
    else:
        offset = 0
    return _Day(ctx.today + timedelta(days=offset), "none", bound=_bound(m["prep"]))


_RuCase = Literal["nominative", "accusative", "genitive", "other"]


# By the last letter. Masculine and neuter names are the same word in the nominative
# and the accusative, so they say "nominative" for both.
_FEMININE_CASES: Final[dict[str, _RuCase]] = {"а": "nominative", "у": "accusative", "ы": "genitive"}
_MASCULINE_CASES: Final[dict[str, _RuCase]] = {
    "к": "nominative",
    "г": "nominative",
    "а": "genitive",
}
_NEUTER_CASES: Final[dict[str, _RuCase]] = {"е": "nominative", "я": "genitive"}


def _ru_case(word: str) -> _RuCase:
    """The case of a full Russian weekday name."""
    if word.startswith("воскр"):
        cases = _NEUTER_CASES
    elif word.startswith(("сред", "пятниц", "суббот")):
        cases = _FEMININE_CASES
    else:
        cases = _MASCULINE_CASES
    return cases.get(word[-1], "other")


def _agreeing_adjective(word: str, case: _RuCase) -> tuple[str, ...]:
    """Endings of an adjective agreeing with the weekday: "рабочая среда", "тестовую
    среду", "прошлую пятницу", "чистый четверг" are noun phrases, not dates."""
    if word.startswith("воскр"):
        return ("ое", "ее")
    if word.startswith(("сред", "пятниц", "суббот")):
        return ("ую", "юю") if case == "accusative" else ("ая", "яя")
    return ("ый", "ий", "ой")


_EN_NAMED_DAYS: Final = frozenset({"black", "cyber", "good"})
# What may surround a weekday for it to count as standing alone at an edge of the
# message: punctuation, emoji and #tags.
_DECORATION: Final = re.compile(r"(?:[^\w#]|#[\w-]+)*")
_HEADING_END: Final = re.compile(r"\s*(?:[,:;.!?—–-]|$)")


def _word_before(text: str, start: int) -> str:
    head = text[:start].rstrip()
    if len(head) == start:
        return ""
    parts = head.rsplit(None, 1)
    return parts[-1].lower() if parts else ""


def _sreda_stands_alone(m: re.Match[str], text: str) -> bool:
    """Whether a bare "среда" heads the message ("Среда: созвон") or ends it ("отчёт
    среда"), not after a verb it is the subject of ("упала среда")."""
    if _DECORATION.fullmatch(text, 0, m.start()):
        return _HEADING_END.match(text, m.end()) is not None
    if _DECORATION.fullmatch(text, m.end()):
        return not _word_before(text, m.start()).endswith(("ла", "лась"))
    return False


# "через неделю после пятницы": the day a count starts from, in the genitive. Only
# after "через"/"в течение": "прошло три дня после пятницы", "спустя неделю после
# пятницы" tell what happened.
_COUNTED_FROM: Final = re.compile(
    r"(?<!\w)(?:через|в\s+течени[еи])\s+(?:[\w-]+\s+){0,2}?"
    r"(?:день|дня|дней|сутки|суток|недел[юиь]|месяц(?:а|ев)?)\s+после\s+$",
    _I,
)


def _days_ahead(word: str, today: date) -> int:
    return (_WEEKDAYS[word[:2].lower()] - today.weekday()) % 7


def _weekday(m: re.Match[str], ctx: _Context) -> _Piece | None:
    word = m["wd"].lower()
    if m.groupdict().get("next_week"):
        # "в среду следующей недели": that weekday of the week after this one, even
        # when this week's is still ahead.
        ctx = replace(ctx, today=ctx.today + timedelta(days=7 - ctx.today.weekday()))
    prep = " ".join((m["prep"] or "").lower().split())
    modifier = (m["mod"] or "").lower().strip()
    bound = _bound(prep)
    russian = word[0] >= "а"
    weak = False
    if russian and not m["short"]:
        case = _ru_case(word)
        if bound == "start" and case != "genitive":
            return None  # "с пятницы", never "с пятница"
        if prep == "по" and case not in ("nominative", "accusative"):
            return None  # "по пятницу" is a day, "по пятнице" is "about Friday"
        if not prep and not modifier:
            if case == "genitive":
                # "через неделю после пятницы" counts from it; any other is `of_time`.
                counted = _COUNTED_FROM.search(ctx.text, 0, m.start()) is not None
                ahead = _days_ahead(word, ctx.today)
                first = ctx.today + timedelta(days=ahead)
                return _Day(first, "week", weekday=True, of_time=not counted)
            if case not in ("nominative", "accusative"):
                return None  # "отчёт пятницы", "о пятнице": not a date
            if _word_before(ctx.text, m.start()).endswith(_agreeing_adjective(word, case)):
                return None
            # "среда" is also "environment": "настроить среду", "среда разработки".
            weak = word == "среду" or (word == "среда" and not _sreda_stands_alone(m, ctx.text))
    elif not prep and not modifier:
        if m["short"] and word in ("sat", "sun") and not m["bracket"]:
            return None  # ordinary English words, but "Dec 5 (Sat)"
        if _word_before(ctx.text, m.start()) in _EN_NAMED_DAYS:
            return None  # "the Black Friday sale" is a campaign, not this Friday
        weak = bool(m["short"])
    # "в среде", "в пятнице" are places ("in the environment"), "к среде" is a day.
    if word.endswith("е") and not word.startswith("воскр") and prep not in ("к", "ко"):
        return None
    ahead = _days_ahead(word, ctx.today)
    if ahead == 0 and modifier.startswith(("next", "nxt", "след", "сл.")):
        ahead = 7
    if m.groupdict().get("week_on"):
        ahead, weak = ahead + 7, False
    return _Day(ctx.today + timedelta(days=ahead), "week", bound=bound, weak=weak, weekday=True)


# Every form a weekday takes after a preposition, to match one typed a letter off:
# "в понеделник", "к пятнеце", "в четверк", "в воскресение".
_WEEKDAY_FORMS: Final = (
    "понедельник", "понедельника", "понедельнику", "вторник", "вторника", "вторнику",
    "среда", "среду", "среды", "среде", "четверг", "четверга", "четвергу", "пятница",
    "пятницу", "пятницы", "пятнице", "суббота", "субботу", "субботы", "субботе",
    "воскресенье", "воскресенья", "воскресенью",
)  # fmt: skip


def _typed_off(word: str, form: str) -> bool:
    """`word` is `form` typed a letter off. In English only a letter missed, doubled or
    swapped: one put for another makes names ("by Sundar" is not "by Sunday")."""
    if not within_one_edit(word, form):
        return False
    return word[0] >= "а" or len(word) != len(form) or sorted(word) == sorted(form)


def _same_time(m: re.Match[str], _ctx: _Context) -> _Piece:
    return _Delta(timedelta(days=7 if m["span"].lower().startswith("next") else 1))


def _misspelt_weekday(m: re.Match[str], ctx: _Context) -> _Piece | None:
    word = m["word"].lower()
    forms = _WEEKDAY_FORMS if word[0] >= "а" else _EN_WEEKDAY_FORMS
    if word in forms or word.endswith(("ам", "ами", "ах")) or word[:-1] in forms:
        # The weekday rule's; "по средам", "on Mondays" are every such day, no typo.
        return None
    form = next((form for form in forms if _typed_off(word, form)), None)
    if form is None:
        return None
    ahead = _days_ahead(form, ctx.today)
    return _Day(ctx.today + timedelta(days=ahead), "week", bound=_bound(m["prep"]), weekday=True)


def _numeric_date(m: re.Match[str], ctx: _Context) -> _Piece | None:
    day, month = int(m["d"]), int(m["m"])
    year = _full_year(m["y"])
    if _names_a_number(m, ctx, _NUMBER_WORDS_BEFORE):
        return None
    if not m["prep"] and _after_number_sign(ctx.text, m.start()):
        return None  # "счёт №15.11", "No. 3.12": a number, not a day
    if m["sep"] == "/" and year is None:
        if (day, month) == (24, 7) or (not m["prep"] and day < month <= 4):
            return None  # "24/7", "3/4 макетов", "1/2 бюджета": not days
        if not m["prep"] and (
            _SHARE_AFTER.match(ctx.text, m.end())
            or _SHARE_BEFORE.search(ctx.text, max(0, m.start() - 30), m.start())
        ):
            return None  # "rated us 8/10", "completed 4/6 tasks", "3/12 slots sold"
        if _month_first(day, month):
            return _Bad(m["core"])  # "12/15": month first, and dates here are day first
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None  # 0.5, 1.15, 32.12: plain numbers
    if m["sep"] == "." and year is None and len(m["m"]) == 1:
        return None  # 1.5, 2.5: decimals; dates are written 1.05
    return _calendar_date(m["core"], day, month, year, ctx, _date_bound(m, ctx))


def _date_bound(m: re.Match[str], ctx: _Context) -> Bound:
    """How a date ties to a range: by its preposition, or by "от" with the other end
    ahead ("от 20.11 до 30.11", read as "с 20.11 до 30.11"; "счёт от 15.11" is a
    document's date, which `_names_a_number` has turned away)."""
    if m["prep"]:
        return _bound(m["prep"])
    previous = _PREVIOUS_WORD.search(ctx.text, max(0, m.start() - 8), m.start())
    if previous is not None and previous[1].lower() == "от":
        return "start" if _RANGE_AHEAD.match(ctx.text, m.end()) else None
    return None


def _iso_date(m: re.Match[str], ctx: _Context) -> _Piece | None:
    # A document's own date, or an identifier: no price or section is written so.
    if _names_a_number(m, ctx, _DOCUMENT_WORDS | _IDENTIFIER_WORDS) or (
        not m["prep"] and _after_number_sign(ctx.text, m.start())
    ):
        return None  # "счёт от 2026-11-15", "заказ №2026-11-15", "SKU 2026-11-30"
    return _calendar_date(m["core"], int(m["d"]), int(m["m"]), int(m["y"]), ctx, _bound(m["prep"]))


def _iso_clock(m: re.Match[str], ctx: _Context) -> _Piece | None:
    hour, minute = int(m["h"]), int(m["mi"])
    if hour > 23 or minute > 59:
        return _Bad(ctx.text[m.start() - 10 : m.end()])  # "2026-12-01T25:00": the whole stamp
    zone: tzinfo | None = None
    if m["zone"] is not None and m["sign"] is None:
        zone = UTC  # "Z"
    elif m["sign"] is not None:
        offset = timedelta(hours=int(m["oh"]), minutes=int(m["om"] or 0))
        if offset > timedelta(hours=14):
            return _Bad(ctx.text[m.start() - 10 : m.end()])
        zone = timezone(-offset if m["sign"] == "-" else offset)
    return _Clock(hour, minute, bare=False, zone=zone)


def _month_first(first: int, second: int) -> bool:
    return 1 <= first <= 12 < second <= 31


_MONTH_FIRST: Final = re.compile(r"(\d{1,2})/(\d{1,2})")


def day_first_spelling(problem: str) -> str | None:
    """How a problem written month first ("12/15") reads here, day first ("15.12"), for
    a hint beside it; None for any other problem, and for one no year has ("2/30")."""
    m = _MONTH_FIRST.fullmatch(problem)
    if m is None or not _month_first(int(m[1]), int(m[2])):
        return None
    if not _valid_in_some_year(int(m[1]), int(m[2])):
        return None
    return f"{int(m[2]):02d}.{int(m[1]):02d}"


# A moment every real date is ahead of: a problem that reads as a date from here is
# one that has passed ("сегодня в 10" said at noon, "05.12.2020"), not an impossible one.
_LONG_AGO: Final = datetime(2000, 1, 3, tzinfo=UTC)


def has_passed(problem: str) -> bool:
    """A problem fragment is a real date or time that has passed, not an impossible one
    ("31.02", "25:00")."""
    return find_date(problem, now=_LONG_AGO, tz=ZoneInfo("UTC")).due is not None


_RANGE_AHEAD: Final = re.compile(r"\s*(?:до|по|[-–—])\s*\d", _I)


def _names_a_number(m: re.Match[str], ctx: _Context, words: frozenset[str]) -> bool:
    """A version, a price or a document's own date right before the number ("версия
    3.10", "цена 2.11", "счёт от 15.11"): not a day anything is due. A preposition
    ("релиз к 15.12") or a range ("от 1.12 до 5.12") makes it a day again."""
    if m["prep"]:
        return False
    previous = _PREVIOUS_WORD.search(ctx.text, 0, m.start())
    if previous is None or previous[1].lower() not in words:
        return False
    return previous[1].lower() not in _DOCUMENT_WORDS or not _RANGE_AHEAD.match(ctx.text, m.end())


_NEXT_PERIOD: Final = re.compile(r"(?<!\w)(?:след|сл\.)|будущ|next", _I)


def _next_day_of_month(day: int, after: date) -> date:
    """The first date on or after `after` that is this day of its month (the 31st skips
    the months without one)."""
    year, month = after.year, after.month
    while day > monthrange(year, month)[1] or date(year, month, day) < after:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return date(year, month, day)


# The ending a day's ordinal takes after each preposition: "до 15-го", "к 15-му", "по 15-е".
_ORDINAL_ENDINGS: Final = {
    "до": {"го", "ого"}, "с": {"го", "ого"}, "со": {"го", "ого"}, "к": {"ому", "му"},
    "по": {"ому", "му", "е"}, "на": {"е", "ое"},
}  # fmt: skip


def _day_of_month(m: re.Match[str], ctx: _Context) -> _Piece | None:
    """That day of this month, or of the next: "к 15-му", "до 5 числа", "by the 15th",
    "15 числа следующего месяца"."""
    ending = m.groupdict().get("ending")
    if ending is not None and ending not in _ORDINAL_ENDINGS[m["prep"].lower()]:
        return None  # "до 15-му", "к 15-го": the ending does not agree
    if m[0].lower().endswith("число") and (m["prep"] or "").lower() != "на":
        return None  # "на 5-е число" is a day; "по 17 число" of "с 15 по 17 число" is not
    if ending is not None and m["prep"].lower() == "на" and not _MOVE_VERB.search(ctx.text):
        return None  # "на 15-е" is a day where something moves to it: "перенесли на 15-е"
    if ending is None and _counts_a_thing(m, ctx):
        return None  # "the 2nd call", "a week after the 1st payment"
    if _remains_until(m, ctx):
        return None  # "до 15-го осталось 2 дня": how long is left, not a deadline
    if _RANK_RANGE_REST.match(ctx.text, m.end()):
        return None  # "from 12th to 5th place": ranked places, not days
    day = int(m["d"])
    if not 1 <= day <= 31:
        return _Bad(m["core"])
    after = ctx.today
    if _NEXT_PERIOD.search(m[0]):
        after = _add_months(after.replace(day=1), 1)
    first = _next_day_of_month(day, after)
    return _Day(first, "day_of_month", (0, day), _bound(m["prep"]))


# What may follow an ordinal that is a day: the end, punctuation, a preposition, a
# day or a time ("в понедельник 30-е, утром", "Friday the 4th at 3"). Any other word
# makes it a place in a list: "в среду 2-е совещание", "Tuesday 1st call", "the 2nd
# call". A Russian "30-го" is a day's own case, and stays one ("в понедельник 7-го созвон").
_ORDINAL_FOLLOWER: Final = re.compile(
    r"[^\S\n]+(?P<w>[^\W\d_]+)",
)
_DAY_ORDINAL_NEIGHBOURS: Final = re.compile(
    r"в|во|на|к|до|с|со|по|у|и|а|или|но|после|утром|днём|днем|вечером|ночью|утра|вечера"
    r"|at|on|by|in|before|after|until|till|from|to|and|or|but|of|latest|morning|afternoon"
    r"|evening|night|noon|eod|cob|eow"
    r"|понедельник|вторник|сред[ау]|четверг|пятниц[ау]|суббот[ау]|воскресенье"
    r"|пн|вт|ср|чт|птн|пт|сб|вс|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun",
    _I,
)
_COUNT_ORDINAL: Final = re.compile(r"\d(?:-е|st|nd|rd|th)", _I)


def _counts_a_thing(m: re.Match[str], ctx: _Context) -> bool:
    """Whether the ordinal `m["core"]` is a place in a list: a noun follows it."""
    if not _COUNT_ORDINAL.fullmatch(m["core"], len(m["d"]) - 1):
        return False
    follower = _ORDINAL_FOLLOWER.match(ctx.text, m.end())
    return follower is not None and not _DAY_ORDINAL_NEIGHBOURS.fullmatch(follower["w"])


def _bare_day_of_month(m: re.Match[str], ctx: _Context) -> _Piece | None:
    day = int(m["d"])
    if not 1 <= day <= 31 or _counts_a_thing(m, ctx):
        return None
    # "15-го созвон", "оплата 15го", "напомни 15-го про счёт": the genitive is how a day
    # of the month is said, so it is one by itself, unless a word follows that it
    # ranks ("2-го уровня", "3-го лица").
    if _RANK_RANGE_REST.match(ctx.text, m.end()):
        return None  # "с 12-го по 15-е место": ranked places, not days
    if m["gen"] is not None:
        alone = _DAY_ALONE_AFTER.match(ctx.text, m.end()) is not None
    else:
        # "Initech: 14th at 2pm": an English ordinal with its time after it is a day;
        # without one, "4th" is as often a place ("we came 3rd", "the 2nd call").
        previous = _PREVIOUS_WORD.search(ctx.text, 0, m.start())
        alone = (
            not m["core"].endswith("-е")
            and _EN_DAY_ALONE_AFTER.match(ctx.text, m.end()) is not None
            and (previous is None or previous[1].lower() not in _EN_RANK_BEFORE)
        )
    first = _next_day_of_month(day, ctx.today)
    return _Day(first, "day_of_month", (0, day), confirms=not alone)


# Before an English ordinal, what makes it a place: "we came 3rd", "ranked 2nd".
_EN_RANK_BEFORE: Final = frozenset({
    "came", "come", "ranked", "ranks", "rank", "placed", "place", "finished", "position",
    "is", "are", "was", "were", "be", "now", "still", "number", "top",
})  # fmt: skip
_EN_DAY_ALONE_AFTER: Final = re.compile(
    r"[^\S\n]+(?:(?:at|by|@)[^\S\n]*\d{1,2}(?:[:.]\d{2})?(?:[^\S\n]*[ap]\.?m\.?)?(?!\w)"
    r"|\d{1,2}(?::\d{2})?[^\S\n]*[ap]\.?m\.?(?!\w)|(?:at|by)[^\S\n]+(?:noon|eod|cob)(?!\w)"
    r"|(?:in[^\S\n]+the[^\S\n]+)?(?:morning|afternoon|evening)(?!\w))",
    _I,
)
# What may follow a bare "15-го" for it to be a day: the end, punctuation, a little word
# or a day's neighbour ("15-го в 10", "15-го утром"), a verb ("15-го выставить счёт") or
# an event that has a day ("15-го созвон", "15го оплата").
_DAY_ALONE_AFTER: Final = re.compile(
    r"[^\S\n]*(?:$|[\n,.;:!?)—–-]|(?:в|во|на|к|до|с|со|по|у|и|а|или|но|после|про|для|надо"
    r"|нужно|утром|днём|днем|вечером|утра|вечера|дня"
    # Not their genitives: "после 2-го созвона", "1-го платежа" rank them.
    r"|созвон|звонок|встреч[ау]|оплат[ау]|плат[её]ж|отч[её]т|сч[её]т|сдач[ау]|релиз|запуск"
    r"|демо|дедлайн|планерк[аи]|планёрк[аи]|презентаци[яю]|акты?|выплат[аы]|старт|срок"
    r"|вебинар|[а-яё]+(?:ть|ти|чь)(?:ся)?)(?!\w))",
    _I,
)


_RU_ORDINAL_DAYS: Final = {
    "перв": 1, "втор": 2, "трет": 3, "четвёрт": 4, "четверт": 4, "пят": 5, "шест": 6,
    "седьм": 7, "восьм": 8, "девят": 9, "десят": 10, "одиннадцат": 11, "двенадцат": 12,
    "тринадцат": 13, "четырнадцат": 14, "пятнадцат": 15, "шестнадцат": 16, "семнадцат": 17,
    "восемнадцат": 18, "девятнадцат": 19, "двадцат": 20, "тридцат": 30,
}  # fmt: skip
_EN_ORDINAL_DAYS: Final = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip
_ORDINAL_TENS: Final = {"двадцать": 20, "тридцать": 30, "twenty": 20, "thirty": 30}
# The case a day's ordinal takes after each preposition when it stands alone: "к
# пятому", "до пятого", "по пятое". "на первое" is the first course, and stays words.
_RU_ORDINAL_CASES: Final = {
    "к": ("ому", "ьему"), "ко": ("ому", "ьему"), "до": ("ого", "ьего"), "с": ("ого", "ьего"),
    "со": ("ого", "ьего"), "по": ("ое", "ье", "ому", "ьему"),
}  # fmt: skip
# What may follow an ordinal alone for it to be a day: the end, punctuation, or (in
# Russian) a verb: "к двадцать пятому сдать смету". Any other word is what it counts:
# "к первому этапу", "до второго созвона", "by the first call".
_RU_ORDINAL_ALONE: Final = re.compile(
    r"[^\S\n]*(?:$|[,.;:!?)\n—–-]|[а-яё]+(?:ть|ти|чь|ться|тись)(?![а-яё]))", _I
)
_EN_ORDINAL_ALONE: Final = re.compile(r"[^\S\n]*(?:$|[,.;:!?)\n—–-])")
# "с 1 по пятое декабря", "с первого до пятого декабря": the end of a range of days this
# reader does not join; read alone it would lose its start, so both stay words.
_RANGE_START_BEFORE: Final = re.compile(
    r"(?<!\w)(?:со?|from)\s+(?:\d{1,2}(?:-?го)?|[а-яё]+(?:ого|ьего))\s*$", _I
)


def _ordinal_day(m: re.Match[str]) -> int | None:
    """The day an ordinal in words names ("двадцать пятого", "twenty-first"), or None."""
    word = m["ow"].lower()
    tens = _ORDINAL_TENS.get((m["tens"] or "").lower(), 0)
    unit = _RU_ORDINAL_DAYS.get(word) or _EN_ORDINAL_DAYS.get(word, 0)
    if tens and not 1 <= unit <= 9:
        return None  # "двадцать десятого": no ordinal
    day = tens + unit
    return day if 1 <= day <= 31 else None


def _worded_ordinal(m: re.Match[str], ctx: _Context) -> _Piece | None:
    """A day's ordinal in words: "к первому декабря", "до пятого числа", "к двадцать
    пятому", "by the first of December", "on the fifth of Dec"."""
    day = _ordinal_day(m)
    if day is None:
        return None
    prep = " ".join((m["prep"] or "").lower().split())
    if prep in ("до", "по", "until", "till", "through") and _RANGE_START_BEFORE.search(
        ctx.text, max(0, m.start() - 30), m.start()
    ):
        return None
    bound = _bound(prep)
    if m["m"] is not None:
        year = _full_year(m["y"])
        return _calendar_date(m["core"], day, _month_number(m["m"]), year, ctx, bound)
    if m["mo"] is None:
        russian = m["ow"][0].lower() >= "а"
        if russian:
            endings = _RU_ORDINAL_CASES.get(prep)
            if endings is None or m["oend"].lower() not in endings:
                return None  # "первого декабря" needs its month, "пятый этап" is no day
            if not _RU_ORDINAL_ALONE.match(ctx.text, m.end()):
                return None
        elif not prep or not _EN_ORDINAL_ALONE.match(ctx.text, m.end()):
            return None
    after = ctx.today
    if m["mo"] is not None and _NEXT_PERIOD.search(m["mo"]):
        after = _add_months(after.replace(day=1), 1)
    return _Day(_next_day_of_month(day, after), "day_of_month", (0, day), bound)


def _month_then_ordinal(m: re.Match[str], ctx: _Context) -> _Piece | None:
    """ "December the first", "Dec first", "December the 1st": a month, then its day."""
    if m["m"] == "may" and not m["prep"]:
        return None  # "we may first check": a verb, not the month
    day = int(m["d"]) if m["d"] else _ordinal_day(m)
    if day is None:
        return None
    month, year = _month_number(m["m"]), _full_year(m["y"])
    return _calendar_date(m["core"], day, month, year, ctx, _bound(m["prep"]))


def _month_number(word: str) -> int:
    prefix = word.lower()[:3]
    return _RU_MONTHS.get(prefix) or _EN_MONTHS[prefix]


def _worded_date(m: re.Match[str], ctx: _Context) -> _Piece | None:
    if _names_a_number(m, ctx, _DOCUMENT_WORDS):
        return None
    day = int(m["d"])
    if not 1 <= day <= 31:
        return _Bad(m["core"])
    return _calendar_date(
        m["core"], day, _month_number(m["m"]), _full_year(m["y"]), ctx, _date_bound(m, ctx)
    )


# The day a part of a month is due: "в начале декабря", "early December" by the 5th,
# "в середине", "mid-December" the 15th, "в конце", "end of December" its last day
# (as "в конце месяца"). "к началу января", "by the start of January", "с начала"
# are its first day: what is due by the start is due when the month begins.
_MONTH_START: Final = 5
_MONTH_MIDDLE: Final = 15
_BY_THE_START: Final = frozenset({"by", "until", "till", "before", "from"})
# "с начала декабря", "from mid-November" open a range only with its other end ahead
# ("с начала декабря до конца января"); alone they tell since when ("С середины
# ноября CTR падает", "Продажи с начала декабря выросли"), which is no deadline.
_SINCE: Final = frozenset({"с", "со", "from"})
_RANGE_END_AHEAD: Final = re.compile(
    r"\s*(?:до|по|to|until|till|through|[-–—])\s*(?:the\s+)?"
    r"(?:\d|кон(?:ец|ц)|середин|начал|end|mid|late|early|beginning|start)",
    _I,
)
# The other end of a range, where English drops the preposition: "from early
# December to mid-January".
_RANGE_LINK_BEFORE: Final = re.compile(
    r"(?<!\w)from\s+[^\n]{1,40}?(?:\s(?:to|until|till|through)\s+|\s*[-–—]\s*)$", _I
)
_THIS_MONTH: Final = re.compile(r"этого|this", _I)


def _month_part(m: re.Match[str], ctx: _Context) -> _Piece | None:
    part = m["part"].lower()
    prep = (m["prep"] or "").lower()
    end = part.startswith(("кон", "end", "late"))
    if m["mo"] is not None and end:
        return None  # "в конце месяца" is `_period`'s
    if m["mo"] is not None and _THIS_MONTH.match(m["mo"]):
        return None  # "в начале этого месяца клиент жаловался": it is over, or going on
    if prep in _SINCE and not _RANGE_END_AHEAD.match(ctx.text, m.end()):
        return None
    alone = _DECORATION.fullmatch(ctx.text, 0, m.start()) and _DECORATION.fullmatch(
        ctx.text, m.end()
    )
    if not prep and not alone and not _RANGE_LINK_BEFORE.search(ctx.text, 0, m.start()):
        # "Results of mid-November", "Late December budget is low": a month part
        # without "by"/"in" is one only as the whole message ("mid-December").
        return None
    if m["m"] is not None and m["m"].lower() == "may" and not m["prep"]:
        return None  # "late may ...", "early may ...": the verb
    if part.startswith(("серед", "mid")):
        day = _MONTH_MIDDLE
    elif part in ("началу", "начала") or (
        part.startswith(("start", "beg")) and prep in _BY_THE_START
    ):
        day = 1
    else:
        day = _MONTH_START
    bound = _bound(prep)
    if m["mo"] is not None:  # "в начале (следующего) месяца"
        after = ctx.today
        if _NEXT_PERIOD.search(m["mo"]):
            after = _add_months(after.replace(day=1), 1)
        return _Day(_next_day_of_month(day, after), "day_of_month", (0, day), bound)
    month = _month_number(m["m"])
    year = _full_year(m["y"])
    if year is not None and year > ctx.today.year + MAX_YEARS_AHEAD:
        return _Bad(m["core"])
    first_year = ctx.today.year if year is None else year
    if year is None and _told_of(month, day, end, ctx.today):
        return None  # "В начале ноября клиент сократил бюджет", said in late November
    if end:
        roll: Roll = "none" if year is not None else "year_month_end"
        return _Day(_month_end(first_year, month), roll, bound=bound, period_end=True)
    if year is not None:
        return _Day(date(year, month, day), "none", bound=bound)
    return _Day(date(first_year, month, day), "year", (month, day), bound)


def _told_of(month: int, day: int, end: bool, today: date) -> bool:
    """Whether a part of `month` without a year is one just over: of this month or the
    one before, and passed. It tells what happened ("В конце октября клиент подписал
    договор"); a year on is no deadline anyone meant."""
    previous = 12 if today.month == 1 else today.month - 1
    if month == previous:
        return True
    if month != today.month:
        return False
    return (_month_end(today.year, month).day if end else day) < today.day


# Which words join the two ends of a range after each opening word: "с 15 до 17",
# "from 3 to 5", "between 2 and 4", and without one "15:00–17:00", "3-5pm".
_RANGE_LINKS: Final = {
    "с": frozenset({"до", "по", "-", "–", "—"}),
    "со": frozenset({"до", "по", "-", "–", "—"}),
    "from": frozenset({"to", "till", "until", "through", "-", "–", "—"}),
    # "в 10-11 созвон": a dash only ("в 10 до 11" is not said)
    "в": frozenset({"-", "–", "—"}),
    "во": frozenset({"-", "–", "—"}),
    "between": frozenset({"and"}),
    "": frozenset({"to", "till", "until", "through", "-", "–", "—"}),
}


def _range_opened(m: re.Match[str]) -> str | None:
    """The opening word of a range ("" for none), or None when its link does not fit."""
    opener = (m["open"] or "").lower()
    return opener if m["link"].lower() in _RANGE_LINKS[opener] else None


def _date_range(m: re.Match[str], ctx: _Context) -> _Piece | None:
    if _range_opened(m) is None:
        return None
    first, last = int(m["d"]), int(m["d2"])
    if not (1 <= first <= 31 and 1 <= last <= 31) or first == last:
        return None
    end_month = month = _month_number(m["m"])
    year = _full_year(m["y"])
    if first > last:  # "с 28 по 2 декабря" starts in November
        month -= 1
        if month == 0:
            month, year = 12, None if year is None else year - 1
    if year is not None:
        end = _under_way_in(year, first, month, last, end_month, ctx)
    else:
        end = _under_way(first, month, last, end_month, ctx)
    if end is not None:
        # "с 1 по 5 декабря" said on the 3rd: the start has passed, the end has not.
        # Rolling the start to next year would be wrong; the end is what lies ahead,
        # and it never moves: said on its own day after the end of the day, it is due
        # by the day's last minute, as "с 20.11 по 25.11" is (`_end_if_under_way`).
        return _Day(end, "none", (end_month, last), "end")
    return _calendar_date(m["core"], first, month, year, ctx, "start")


def _under_way(first: int, month: int, last: int, end_month: int, ctx: _Context) -> date | None:
    """The end of the range first.month–last.end_month (its next one) when the range has
    already begun: before today, or today when said after the end of the day, once its
    start is over (before that the start is still ahead, and the range is read as it)."""
    today = ctx.today
    if not (_valid_in_some_year(month, first) and _valid_in_some_year(end_month, last)):
        return None
    end = _next_month_day(end_month, last, today.year)
    if end < today:
        end = _next_month_day(end_month, last, today.year + 1)
    start_year = end.year if month <= end_month else end.year - 1
    try:
        start = date(start_year, month, first)
    except ValueError:  # 29 February in a year without one
        return None
    return end if start < today or (ctx.late and start == today) else None


def _under_way_in(
    year: int, first: int, month: int, last: int, end_month: int, ctx: _Context
) -> date | None:
    """The end of a range with its year ("с 20 по 25 ноября 2026", `year` the start's)
    when it has begun and not ended: said on its last day it is due that day, not a
    problem for its start being over."""
    try:
        start = date(year, month, first)
        end = date(year + (month > end_month), end_month, last)
    except ValueError:
        return None
    begun = start < ctx.today or (ctx.late and start == ctx.today)
    return end if begun and ctx.today <= end else None


# A quarter by its ordinal ("третьего квартала", by the word's first four letters) or
# its Roman numeral ("IV квартала").
_QUARTER_WORDS: Final = {
    "перв": "1", "втор": "2", "трет": "3", "четв": "4", "i": "1", "ii": "2", "iii": "3",
    "iv": "4",
}  # fmt: skip


# "до конца квартала 3 недели", "осталось 2 месяца до конца года": how long remains
# until the end of a period, told as a fact, not a deadline ("до конца квартала сдать
# отчёт" is one).
_DURATION: Final = (
    r"(?:осталось|остался|осталась|остаётся|остается|ещё|еще)?\s*"
    rf"(?:{_NUMBER_ALTERNATION}|\d+)\s*"
    r"(?:недел[яиьюе]\w*|дн(?:я|ей)|день|сутки|суток|месяц(?:а|ев)?|час(?:а|ов)?)(?!\w)"
)
_REMAINS_AFTER: Final = re.compile(r"[^\S\n]*[:—–-]?[^\S\n]*" + _DURATION, _I)
_REMAINS_BEFORE: Final = re.compile(
    r"(?<!\w)(?:осталось|остался|осталась|остаётся|остается)\s+" + _DURATION + r"\s*$", _I
)


def _remains_until(m: re.Match[str], ctx: _Context) -> bool:
    """The period at `m` is what a length of time remains until ("до конца квартала 3
    недели", "осталось 2 месяца до конца года")."""
    if not m[0].lower().startswith("до"):
        return False
    before = _REMAINS_BEFORE.search(ctx.text, max(0, m.start() - 40), m.start())
    return before is not None or _REMAINS_AFTER.match(ctx.text, m.end()) is not None


# What holds until a holiday, not what is due by it: "акция действует до НГ", "скидка
# до НГ 20%", "до НГ не беспокоить".
_STANDING: Final = re.compile(
    r"(?<!\w)(?:действу\w*|действительн\w*|скидк\w*|акци\w*|цен[аы]|не\s+беспоко\w*"
    r"|отпуск\w*|valid|runs?|sale|discount\w*|offer\w*|prices?)(?!\w)",
    _I,
)


# How far ahead "после праздников" looks for them: the holidays one talks of are near.
_HOLIDAYS_AHEAD: Final = 60
# The day a named holiday season starts: "после нового года", "после майских", "after
# Christmas" (Russia's is 7 January, inside its New Year holidays).
_SEASON_START: Final = (
    (re.compile(r"нов|нг|январ|new", _I), (1, 1)),
    (re.compile(r"май", _I), (5, 9)),
    (re.compile(r"рожд", _I), (1, 7)),
    (re.compile(r"christ|xmas", _I), (12, 25)),
)


def _first_day_back(start: date, workday: Callable[[date], bool]) -> date:
    """The first working day after the days off that `start` (off whatever the calendar
    says: the 1st of January is off everywhere) begins."""
    day = start + timedelta(days=1)
    for _ in range(_HOLIDAYS_AHEAD):
        if workday(day):
            return day
        day += timedelta(days=1)
    return day


def _after_holidays(m: re.Match[str], ctx: _Context) -> _Piece | None:
    """The first working day after the holidays: "после праздников", "после нового года",
    "after the holidays". A season named is its own; "праздники" alone are the next days
    off on a weekday in the user's calendar (with none, only New Year's are known)."""
    today = ctx.today
    workday = ctx.workday or (lambda day: day.weekday() < 5)
    season = m["season"] or m["season_ru"] or m["season_en"] or ""
    start = next((day for words, day in _SEASON_START if words.search(season)), None)
    if start is not None:
        for year in (today.year - 1, today.year, today.year + 1):
            back = _first_day_back(date(year, *start), workday)
            if back > today:
                return _Day(back, "none")
        return None
    # The 1st of January is off where the calendar knows no holidays.
    for ahead in range(_HOLIDAYS_AHEAD):
        day = today + timedelta(days=ahead)
        if day.weekday() < 5 and (not workday(day) or (day.month, day.day) == (1, 1)):
            return _Day(_first_day_back(day, workday), "none")
    return None


def _holiday(m: re.Match[str], ctx: _Context) -> _Piece | None:
    if _remains_until(m, ctx) or (m[0].lower().startswith("до") and _STANDING.search(ctx.text)):
        return None  # "до НГ осталось 3 недели", "акция до НГ": no deadline
    return _calendar_date(m[0], 24 if m["xmas"] else 31, 12, None, ctx)


def _period(m: re.Match[str], ctx: _Context) -> _Piece | None:
    today = ctx.today
    if _remains_until(m, ctx):
        return None
    following = _NEXT_PERIOD.search(m[0]) is not None  # "к концу следующей недели"
    if m["next_week"]:
        return _Day(today + timedelta(days=7 - today.weekday()), "none", week=True)
    if m["next_month"]:
        # "в следующем месяце", "next month": its first day, as next week is its Monday.
        return _Day(_add_months(today.replace(day=1), 1), "none")
    if m["week_after_next"]:
        return _Day(today + timedelta(days=14 - today.weekday()), "none", week=True)
    if m["mid_week"]:
        if following:
            return _Day(today + timedelta(days=9 - today.weekday()), "none")
        if today.weekday() > 2:
            return None  # "в середине недели созванивались", said on Thursday: it has passed
        return _Day(today + timedelta(days=2 - today.weekday()), "none")
    if m["by_weekend"]:
        if m[0].lower().startswith("до") and _STANDING.search(ctx.text):
            return None  # "до выходных не беспокоить": how things stand until then
        days = 4 - today.weekday() if today.weekday() <= 4 else 11 - today.weekday()
        return _Day(today + timedelta(days=days), "none", period_end=True)
    if m["weekend"]:
        if today.weekday() >= 5:  # said on the weekend: this one, until it is over
            return _Day(today, "none")
        return _Day(today + timedelta(days=5 - today.weekday()), "week")
    if m["end_year"]:
        return _Day(date(today.year, 12, 31), "none", period_end=True)
    quarter = m["q"] or m["qn"] or _QUARTER_WORDS.get((m["qw"] or m["qr"] or "").lower()[:4])
    if quarter:
        end = _month_end(today.year, int(quarter) * 3)
        return _Day(end, "year_month_end", period_end=True)
    if m["end_quarter"]:
        # The month the quarter ends in, a quarter on for "следующего"/"next".
        month = _add_months(today.replace(day=1), 2 - (today.month - 1) % 3 + 3 * following)
        return _Day(_month_end(month.year, month.month), "quarter", period_end=True)
    if m["end_week"]:
        friday = today + timedelta(days=4 - today.weekday() + (7 if following else 0))
        return _Day(friday, "week", period_end=True)
    if m["end_month"]:
        month = _add_months(today.replace(day=1), 1) if following else today
        return _Day(_month_end(month.year, month.month), "month", period_end=True)
    return _Day(today, "none", soft=True)


def _offset(m: re.Match[str], ctx: _Context) -> _Piece | None:
    raw = re.sub(r"\s+", " ", (m["n"] or "").lower())
    unit = m["u"].lower()
    counted = m["after"] is not None or m.groupdict().get("from") is not None
    if counted and unit.startswith(("пол", "мин", "min", "час", "ч", "h")):
        return _Ago()  # "через 2 часа после обеда": from an event, not from now
    if unit.startswith("пол"):  # "через полчаса"
        return _Delta(timedelta(minutes=30))
    within_the_day = (unit in ("дня", "день") and m[0].lower()[0] == "в") or bool(
        m.groupdict().get("the")
    )
    if not raw and not counted and within_the_day:
        # "в течение дня", "within the day" is by the end of this one, as "EOD" is
        # ("завтра в течение дня": the day beside it), not a day from now.
        return _Day(ctx.today, "none", soft=True)
    if raw.startswith(("полтор", "half")):
        amount = 1.5 if raw.startswith("полтор") else 0.5
    elif raw[1:2] in (".", ","):
        if not unit.startswith(("мин", "min", "час", "ч", "h")):
            # "через 1,5 недели": a week and what? Nor is the Friday alone the date in
            # "2.5 weeks from Friday".
            return _Ago() if counted else None
        amount = float(raw.replace(",", "."))
    elif raw.isdigit():
        amount = int(raw)
    else:
        amount = _NUMBER_WORDS.get(raw, 1)
    return _offset_by(amount, unit, counted, ctx)


def _offset_by(amount: float, unit: str, counted: bool, ctx: _Context) -> _Piece | None:
    """`amount` of `unit` ("минут", "weeks", "рабочих дней") from now, or from the day
    after it when `counted`."""
    if amount <= 0:
        return None
    if unit.startswith(("мин", "min")):
        return _Delta(timedelta(minutes=amount))
    if unit.startswith(("час", "ч", "h")):
        return _Delta(timedelta(hours=amount))
    whole = max(1, int(amount))
    count: _Count
    if unit.startswith(("рабоч", "business", "working", "workday")):
        count = _Count(whole, "workday")
    elif unit.startswith(("нед", "week", "wk")):
        count = _Count(whole, "week")
    elif unit == "fortnight":
        count = _Count(2 * whole, "week")
    elif unit.startswith(("мес", "month")):
        count = _Count(whole, "month")
    else:
        count = _Count(whole, "day")
    if counted:
        # "через неделю после пятницы", "a week from Friday": from the day that follows,
        # or from an event ("после запуска"), which is no date.
        return _After(count, ctx.today)
    return _Day(count.after(ctx.today), "none")


def _spoken_offset(m: re.Match[str], ctx: _Context) -> _Piece | None:
    """ "через минут 10", "через дня 3": the count after its unit, as it is said."""
    return _offset_by(int(m["n"]), m["u"].lower(), False, ctx)


def _add_weekdays(day: date, count: int) -> date:
    """`count` working days after `day`, Saturdays and Sundays skipped (holidays are the
    padding's business: bot/padding.py)."""
    while count:
        day += timedelta(days=1)
        count -= day.weekday() < 5
    return day


def _hour_with_suffix(hour: int, suffix: str | None) -> int | None:
    """Apply am/pm or утра/дня/вечера/ночи; None when the pair is impossible."""
    if suffix is None:
        return hour
    word = suffix.lower().replace(".", "")
    if word in ("am", "pm"):
        if not 1 <= hour <= 12:
            return None
        return hour % 12 + (12 if word == "pm" else 0)
    if word == "ночи":  # "в 11 ночи" is 23:00, "в 2 ночи" 02:00, "в 12 ночи" midnight
        return 0 if hour == 12 else hour + 12 if 9 <= hour <= 11 else hour
    if word in ("вечера", "дня") and hour < 12:
        return hour + 12 if word == "вечера" or hour <= 6 else hour
    return hour


# Before a clock without a preposition: what makes it a length ("видео 0:15",
# "хронометраж 1:30", "duration 2:45"), not a time of day.
_DURATION_WORDS: Final = frozenset({
    "видео", "ролик", "ролика", "ролики", "роликов", "роликом", "хронометраж", "хронометража",
    "хронометражем", "длительность", "длительностью", "продолжительность", "длина", "таймкод",
    "duration", "video", "videos", "clip", "clips", "length", "runtime", "timecode",
})  # fmt: skip


# Around a clock, whatever its preposition, what makes it a length or a place in a
# recording, not a time of day: "the video is 2:30 long", "ролик на 1:30 мин", "cut at
# 1:45 in the video", "на 0:40 в ролике", "обрезать на 1:45", "trim the intro at 0:12"
# (an edit and up to two words of what it cuts). "cut over", "cut-off" at 2:00 are times.
_LENGTH_AFTER: Final = re.compile(
    r"[^\S\n]*(?:long|in\s+length|длин(?:ой|ы)|в\s+длину|mins?|minutes?|secs?|seconds?"
    r"|мин|минут[аы]?|сек|секунд[аы]?)(?!\w)",
    _I,
)
_RECORDING_AFTER: Final = re.compile(
    r"[^\S\n]*(?:(?:in|of|on|into)\s+(?:the\s+|this\s+|that\s+|our\s+)?"
    r"(?:video|clip|recording|reel|trailer|ad)|(?:в|на)\s+(?:видео|ролике|записи|клипе))(?!\w)",
    _I,
)
_EDITED_BEFORE: Final = re.compile(
    r"(?<!\w)(?:cut(?![^\S\n]*-?[^\S\n]*(?:over|off)(?!\w))|trim|crop|mute|обрез\w*|вырез\w*|отрез\w*|склеи\w*|склей\w*|таймкод\w*"
    r"|timestamp|timecode)(?:[^\S\n]+[^\W\d_]+){0,2}[^\S\n]*$",
    _I,
)


def _recording_time(m: re.Match[str], text: str) -> bool:
    """The clock `m` is a length or a timecode (see `_LENGTH_AFTER`)."""
    return bool(
        _LENGTH_AFTER.match(text, m.end())
        or _RECORDING_AFTER.match(text, m.end())
        or _EDITED_BEFORE.search(text, max(0, m.start() - 40), m.start())
    )


def _clock(m: re.Match[str], ctx: _Context) -> _Piece | None:
    # `bare` only in English, where clocks are 12-hour: "call Acme 4:30" is 16:30, while
    # "в 4:30" is 04:30 (see the module's notes), unlike "в 4".
    hour, minute = int(m["h"]), int(m["mi"] or 0)
    if _recording_time(m, ctx.text):
        return None
    if not m["prep"] and not m["ap"] and not m["rp"]:
        previous = _PREVIOUS_WORD.search(ctx.text, 0, m.start())
        word = "" if previous is None else previous[1].lower()
        if word in _DURATION_WORDS and (hour < 8 or minute):
            # "хронометраж 1:30", "ролик 12:45" are lengths; "выложить видео 19:00" a time.
            return None
        if hour == 0 and not _DAY_WORD.fullmatch(word):
            return None  # "ролик 00:15": a length; "в 00:15", "завтра 00:00" are times
    if hour > 23 or minute > 59:
        return _Bad(m["core"])
    adjusted = _hour_with_suffix(hour, m["ap"] or m["rp"])
    if adjusted is None:
        return None
    twelve_hour = not (m["ap"] or m["rp"]) and _twelve_hour(m["h"], ctx.text)
    return _Clock(adjusted, minute, bare=twelve_hour, target=(m["prep"] or "").lower() == "на")


_CYRILLIC: Final = re.compile(r"[а-яё]", _I)
# An English "1:30".."5:45" is the afternoon; 6 and 7 are as often a breakfast, a
# standup or a flight, and a wrong afternoon reading reminds twelve hours late.
_TWELVE_HOUR_LAST: Final = 5
_EARLY_WORDS: Final = re.compile(
    r"(?<!\w)(?:night|overnight|tonight|deploy\w*|maintenance|release|flight|breakfast|early"
    r"|morning|dawn|am)(?!\w)",
    _I,
)


def _twelve_hour(hour: str, text: str) -> bool:
    """Whether the clock at `hour` ("4" of "4:30") is read on a 12-hour dial: one digit
    up to `_TWELVE_HOUR_LAST`, in a message with no Cyrillic letter and nothing in it of
    the small hours."""
    return (
        len(hour) == 1
        and int(hour) <= _TWELVE_HOUR_LAST
        and _CYRILLIC.search(text) is None
        and _EARLY_WORDS.search(text) is None
    )


def _dotted_clock(m: re.Match[str], ctx: _Context) -> _Piece | None:
    hour, minute = int(m["h"]), int(m["mi"])
    if hour > 23 or minute > 59:
        return None
    return _Clock(hour, minute, bare=_twelve_hour(m["h"], ctx.text))


# A bare "14.00", "15-00" is a time only beside a day ("завтра 14.00"): alone it is as
# often a price or a score. Hours before 8 are left alone (an amount more likely than
# a call at dawn), and a dash takes only :00 and :30 ("завтра 10-15" is a range).
_BARE_DOTTED_HOURS: Final = range(8, 24)
# Besides the words of a price, those of a sum: "бюджет 15.00 завтра" is money.
_MONEY_WORDS: Final = _PRICE_WORDS | frozenset({
    "бюджет", "бюджета", "сумма", "сумму", "итого", "счёт", "счет", "оплата", "платёж",
    "платеж", "budget", "total", "amount", "sum", "invoice", "payment", "score",
    "баланс", "баланса", "остаток", "остатка", "курс", "курса", "ставке", "тариф", "лимит",
    "balance", "rate", "rates", "bids", "prices", "limit", "cpv", "roas", "roi",
})  # fmt: skip
_SUM_WORDS: Final = _NUMBER_WORDS_BEFORE | _MONEY_WORDS | frozenset({
    # "счёт на 15.00", "за 12.30", "по 10.15": an amount, not a time.
    "на", "за", "по", "for", "of", "x",
    # "с 10.00 до 12.00", "from 10.00 to 12.00", "упал до 10.15": an end of a range,
    # which a bare figure is as often as a time.
    "с", "со", "до", "от", "между", "from", "to", "till", "until", "between",
})  # fmt: skip
# What a bare "14.00" must be followed by to be a time: the message's or the line's
# end, punctuation, a day ("14.00 завтра") or an event ("завтра 14.00 созвон"). Any
# other word makes it a figure as often: "Завтра 10.15 ставка", "Tomorrow 12.30 CPC",
# "Tomorrow 18-30 age group".
_BARE_CLOCK_FOLLOWER: Final = re.compile(
    r"[^\S\n]*(?:$|\n|[,;:.!?)»\]—–]"
    r"|(?:(?:в|во|на|on|by|this)\s+)?(?:завтра|сегодня|послезавтра|tomorrow|today|tonight"
    r"|утром|вечером|днём|днем|ночь|мск|msk|понедельник|вторник|сред[ау]|четверг|пятниц[ау]"
    r"|суббот[ау]|воскресенье|пн|вт|ср|чт|птн|пт|сб|вс|mon|tue|wed|thu|fri|sat|sun"
    r"|созвон|звон|встреч|планёрк|планерк|митинг|совещани|собрани|демо|презентаци|вебинар"
    r"|интервью|собеседовани|ревью|дедлайн|запуск|релиз|call|meeting|sync|demo|stand-?up"
    r"|webinar|interview|review|deadline|launch|presentation)(?!\w)"
    r"|(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|calls?|meetings?"
    r"|созвона|звонок|встречу|встреча|встречи|планёрка|планерка|планёрку|планерку)(?!\w))",
    _I,
)


_DAY_WORD: Final = re.compile(r"завтра|сегодня|послезавтра|tomorrow|today|tonight", _I)


def _bare_dotted_clock(m: re.Match[str], ctx: _Context) -> _Piece | None:
    hour, minute = int(m["h"]), int(m["mi"])
    if hour not in _BARE_DOTTED_HOURS or minute > 59:
        return None
    if m["sep"] == "-" and m["mi"] not in ("00", "30"):
        return None
    previous = _PREVIOUS_WORD.search(ctx.text, 0, m.start())
    if previous is not None and previous[1].lower() in _SUM_WORDS:
        return None  # "цена 14.00", "версия 10.30", "бюджет 15.00"
    if _after_number_sign(ctx.text, m.start()):
        return None  # "заказ № 14.00"
    if previous is not None and _DAY_WORD.fullmatch(previous[1]):
        # "Bid tomorrow 14.00", "Ставка завтра 12.30": the sum's word before its day.
        before = _PREVIOUS_WORD.search(ctx.text, 0, previous.start())
        if before is not None and before[1].lower() in _MONEY_WORDS:
            return None
    if not _BARE_CLOCK_FOLLOWER.match(ctx.text, m.end()):
        return None
    zone = _MOSCOW if m["msk"] else None
    return _Clock(hour, minute, bare=False, weak=True, dotted=True, zone=zone)


def _am_pm(m: re.Match[str], _ctx: _Context) -> _Piece | None:
    hour, minute = int(m["h"]), int(m["mi"] or 0)
    adjusted = _hour_with_suffix(hour, m["ap"])
    if adjusted is None or minute > 59:
        return _Bad(m["core"])
    return _Clock(adjusted, minute, bare=False)


def _clock_range(m: re.Match[str], ctx: _Context) -> _Piece | None:
    opener = _range_opened(m)
    if opener is None:
        return None
    plain = not (m["ap1"] or m["ap2"] or m["m1"] or m["m2"] or m["suf"] or m["rp"])
    if plain and _RANK_AFTER.match(ctx.text, m.end()):
        return None  # "с 12 по 15 позицию": places in search results ("3 to 5pm rank": hours)
    start, end = int(m["h1"]), int(m["h2"])
    minute = int(m["m1"] or 0)
    if start > 23 or end > 24 or minute > 59 or int(m["m2"] or 0) > 59:
        return None
    if not opener and not (m["ap1"] or m["ap2"] or (m["m1"] and m["m2"])):
        return None  # "10-12", "3 to 5" alone are as likely counts as times
    suffix = m["ap2"] or m["rp"]
    hour: int | None = start
    if m["ap1"]:
        hour = _hour_with_suffix(start, m["ap1"])
    elif suffix:
        last = _hour_with_suffix(end, suffix)
        if last is None:
            return None
        hour = _hour_with_suffix(start, suffix)
        if hour is None or hour > last:
            hour = start  # "from 11 to 1pm": the pm belongs to the end only
    if hour is None:
        return None
    # "с 3 до 5 часов" says hours, not which half of the day: as open as "с 3 до 5".
    bare = not (m["ap1"] or suffix or m["m1"])
    if m["link"].lower() == "to" and _MOVE_VERB.search(ctx.text):
        # "the call moved from 3 to 4pm": the new time is the date.
        last = _hour_with_suffix(end, suffix)
        if last is None or last > 23:
            return None
        return _Clock(last, int(m["m2"] or 0), bare=bare)
    return _Clock(hour, minute, bare=bare)


def _bare_hour(m: re.Match[str], ctx: _Context) -> _Piece | None:
    hour = int(m["h"])
    qualified = bool(m["suf"] or m["rp"])
    if hour > 23:
        return None
    if not qualified and (
        _RANK_RANGE_REST.match(ctx.text, m.end())
        or ((m["prep"] or "").lower() == "на" and _RANK_AFTER.match(ctx.text, m.end()))
    ):
        return None  # "с 12 по 15 позицию", "на 3 позицию": ranked places
    # "до 15 человек", "by 5 people": alone, only "к 15 часам" is surely a time, and
    # even beside a day only when no noun follows ("завтра до 5 макетов").
    prep = " ".join((m["prep"] or "").lower().split())
    weak = not qualified and prep in _WEAK_HOUR_PREPS
    for_meeting = prep == "к" and _MEETING_DATIVE_AFTER.match(ctx.text, m.end()) is not None
    if weak and (for_meeting or _zone_after(ctx.text, m.end()) is not None):
        # "к 15 мск", "by 5 ET": nobody counts people in a time zone; "к 12 созвону" is
        # by noon for the call, with or without a day ("к 12 числу", "к 12 декабря" are
        # days, read by their own rules).
        weak = False
    if (
        weak
        and not _AFTER_WEAK_HOUR.match(ctx.text, m.end())
        and not (prep in _ABOUT_PREPS and _MEETING_AFTER_HOUR.match(ctx.text, m.end()))
        and not (prep in _BY_PREPS and _MEETING_BY_HOUR.match(ctx.text, m.end()))
    ):
        return None
    if (
        prep == "на"
        and not m["rp"]
        and not _MOVE_VERB.search(ctx.text, 0, m.start())
        and not _set_for_meeting(m, ctx)
    ):
        # "на 16" is a time only where something moves ("перенести на 16"), or for a
        # meeting with nothing counted after it ("встреча завтра на 10", not "встреча на
        # 2 часа", "на 2 этаже"), or with its part of day ("на 10 утра"): "столик на 10"
        # seats ten.
        return None
    adjusted = _hour_with_suffix(hour, m["rp"])
    if adjusted is None:
        return None
    # "в 3 часа", "at 3 o'clock" make it a time, but only "утра"/"дня" say which half
    # of the day: "в 3 часа созвон" is as surely 15:00 as "в 3 созвон".
    bare = not m["rp"] and not _AM_PM_AFTER.match(ctx.text, m.end())  # "6 o'clock am"
    # "10 утра" without a preposition is a time beside its day ("до пятницы 10 утра",
    # "10 утра в пятницу"); alone it is as often a count ("2 вечера подряд").
    weak = weak or not prep
    return _Clock(adjusted, 0, bare=bare, weak=weak, target=prep == "на", for_meeting=for_meeting)


_AM_PM_AFTER: Final = re.compile(r"\s*[ap]\.?m\.?(?!\w)", _I)


def _set_for_meeting(m: re.Match[str], ctx: _Context) -> bool:
    """ "встреча завтра на 10": a meeting before the hour in its clause, and nothing after
    it that the hour counts ("на 2 часа", "на 10 участников", "на 2 этаже")."""
    return (
        not m["suf"]
        and _MEETING_BEFORE.search(ctx.text, max(0, m.start() - 40), m.start()) is not None
        and _AFTER_WEAK_HOUR.match(ctx.text, m.end()) is not None
    )


# What may follow "до 17" for it to be a time: the end, punctuation, a Russian verb
# ("до 17 согласовать"), or more of the date ("до 12 завтра", "by 3 on Friday", "до 17
# пятницы": a count of Fridays would be "пятниц").
_RU_WEEKDAY_GENITIVE: Final = r"понедельника|вторника|среды|четверга|пятницы|субботы|воскресенья"
_AFTER_WEAK_HOUR: Final = re.compile(
    r"\s*(?:$|[,.;:!?)\n—–#-]|[а-яё]+(?:ть|ти|чь|ться|тись)(?![а-яё])"
    r"|(?:завтра|сегодня|послезавтра|утра|вечера|дня|tomorrow|today|tonight|on|в|во|по|at"
    rf"|this|next|{_RU_WEEKDAY_GENITIVE})(?!\w))",
    _I,
)
# "завтра в районе 15 созвон": about an hour, then a meeting, is the meeting's time (still
# weak: alone, "около 15 созвон" has no day). Singular forms only: "около 15 звонков",
# "about 5 calls" count.
_ABOUT_PREPS: Final = frozenset({"около", "примерно", "в районе", "around", "about"})
_MEETING: Final = (
    r"созвон|звонок|встреча|встречу|планёрка|планерка|планёрку|планерку|митинг"
    r"|совещание|call|meeting|sync"
)
# A meeting said before "на 10" in the same clause: what is set for that hour.
_MEETING_BEFORE: Final = re.compile(
    rf"(?<!\w)(?:{_MEETING}|встреч\w*|созвон\w*)(?!\w)[^,.;:!?\n]*$", _I
)
_MEETING_AFTER_HOUR: Final = re.compile(rf"\s*(?:{_MEETING}|созвона)(?!\w)", _I)
# "завтра к 15 встреча", "в пятницу до 12 созвон": by an hour, then a meeting, is the
# meeting's time too (weak: "к 15 встреча" alone has no day). Not "созвона": "до 2
# созвона" counts calls, as "к 15 позиции", "к 15 тысячам" count other things.
_BY_PREPS: Final = frozenset({"к", "до", "by", "until", "till"})
# "к 12 созвону", "завтра к 12 созвону": by an hour for a meeting, the meeting in the
# dative "к" asks for. A time with or without a day: no count is said so.
_MEETING_DATIVE: Final = r"созвону|звонку|встрече|планёрке|планерке|митингу|совещанию"
_MEETING_BY_HOUR: Final = re.compile(rf"\s*(?:{_MEETING}|{_MEETING_DATIVE})(?!\w)", _I)
_MEETING_DATIVE_AFTER: Final = re.compile(rf"\s*(?:{_MEETING_DATIVE})(?!\w)", _I)
# The same meeting in the text left once the date is cut out, to put its "к" back.
_MEETING_DATIVE_LEFT: Final = re.compile(rf"(?<![\w-])(?<!к )(?:{_MEETING_DATIVE})(?!\w)", _I)
_WEAK_HOUR_PREPS: Final = frozenset({
    "к", "до", "около", "примерно", "в районе", "by", "until", "till", "с", "со", "from",
    "around", "about",
})  # fmt: skip
_DAYPART_HOURS: Final = {
    "ru_m": 10, "ru_d": 14, "ru_l": 13, "ru_a": 14, "ru_e": 19, "noon": 12,
    "before_lunch": 13, "after_lunch": 14, "first_half": 12, "second_half": 15,
    "lunch": 13,
}  # fmt: skip
# Parts of the day that end at or before noon: a clock beside them stays as written.
_BEFORE_NOON: Final = frozenset({"ru_m", "before_lunch", "first_half"})
# "first thing tomorrow": when the working day starts.
_FIRST_THING_HOUR: Final = 9
_EN_DAYPART_HOURS: Final = {"mor": 10, "aft": 14, "eve": 19, "ton": 19}
# "сдать в ночь на пятницу": the night from Thursday to Friday, due when it begins,
# Thursday 23:00. An account manager means the work is there by Friday morning, but
# it is done (a release, an upload) during the night: a reminder at Friday 00:00 or
# at the morning would come after the work was to start, one the evening before
# never comes too late. Not 23:59: that is how a day said after its end reads.
_NIGHT_HOUR: Final = 23
# A clock up to this hour in that night falls on the day itself ("в ночь на пятницу
# в 3" is Friday 03:00); a later one on the evening before it ("... в 11" is 23:00).
_NIGHT_LAST_HOUR: Final = 6
# A bare hour in that night up to this one is the morning that ends it ("в ночь на
# пятницу в 7" is Friday 07:00: a 19:00 on Thursday is an evening, no night), and "в 12"
# is its midnight, Friday 00:00.
_NIGHT_MORNING_HOUR: Final = 7
# The night ends and the morning begins: "к утру" said before it is this morning's.
_MORNING_BEGINS: Final = time(_NIGHT_LAST_HOUR)


def _daypart(m: re.Match[str], _ctx: _Context) -> _Piece:
    if m["night"]:
        return _Daypart(_NIGHT_HOUR, standalone=False, night=True)
    if m["by_morning"]:
        return _Daypart(_DAYPART_HOURS["ru_m"], standalone=True, by_morning=True)
    if m["midnight"]:
        return _Daypart(_LAST_MINUTE.hour, standalone=True, midnight=True)
    if m["en_midnight"]:
        return _Daypart(_LAST_MINUTE.hour, standalone=False, midnight=True)
    if m["first_thing"]:
        # Alone only "in the morning": "the first thing to do is the brief" is no time.
        return _Daypart(_FIRST_THING_HOUR, standalone="morning" in m["first_thing"].lower())
    for group, hour in _DAYPART_HOURS.items():
        if m[group]:
            return _Daypart(hour, standalone=True, afternoon=group not in _BEFORE_NOON)
    word = (m["en_today"] or m["en_in"] or m["en_bare"]).lower().split()[-1]
    hour = _EN_DAYPART_HOURS[word[:3]]
    if m["en_today"]:
        return _Daypart(hour, standalone=True, today=True, afternoon=hour >= 12)
    return _Daypart(hour, standalone=bool(m["en_in"]), afternoon=hour >= 12)


# -- rules, in priority order for hits of equal start and length --------------

# "след." and "сл." as typed for "следующий" in every case, with the space after it.
_RU_NEXT_SHORT: Final = r"(?:след(?:\.[^\S\n]*|[^\S\n]+)|сл\.[^\S\n]*)"
_RU_WEEKDAY: Final = (
    r"понедельник(?:а|у|е)?|вторник(?:а|у|е)?|сред(?:а|у|ы|е)|четверг(?:а|у|е)?"
    r"|пятниц(?:а|у|ы|е)|суббот(?:а|у|ы|е)|воскресень(?:е|я|ю)"
)
# "птн" is typed for Friday as often as "пт".
_RU_WEEKDAY_SHORT: Final = r"пн|вт|ср|чт|птн|пт|сб|вс"
_EN_WEEKDAY: Final = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
# A weekday's one English form, to match one typed a letter off: "on Tuesdy", "by Fridya".
_EN_WEEKDAY_FORMS: Final = tuple(_EN_WEEKDAY.split("|"))
_EN_WEEKDAY_SHORT: Final = r"mon|tues?|weds?|thu(?:rs?)?|fri|sat|sun"
_RU_MONTH: Final = (
    r"января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
    r"|янв|фев|февр|мар|апр|июн|июл|авг|сен|сент|окт|ноя|нояб|дек"
)
_EN_MONTH: Final = (
    r"january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
)
# After a range of numbers: a month or "числа" makes it a range of days.
_NOT_DAYS: Final = rf"(?!\s*(?:(?:{_RU_MONTH}|{_EN_MONTH})\.?(?!\w)|числ))"
# "в районе 15" is "около 15" ("about 15"): weak as it is (`_WEAK_HOUR_PREPS`).
_TIME_PREP: Final = (
    r"в(?:\s+районе)?|во|к|до|на|около|примерно|после|с|со|at|by|until|till|from|around|about|@"
)
_AP: Final = r"[ap]\.?m\.?(?!\w)"
_RU_PART: Final = r"утра|вечера|дня|ночи"
# An hour said with its part of the day and no preposition: "10 утра", "9 вечера", "12
# дня". Not "3 дня", "2 ночи": as often three days, two nights; after 12, 1, 5 and 6
# "дня" is no count (that would be "дней"), and no other hour is said with it.
_HOUR_OF_PART: Final = (
    r"(?:\d{1,2}(?:\s*(?:часов|часа|час)(?!\w))?\s+(?:утра|вечера)"
    r"|(?:12|[156])(?:\s*(?:часов|часа|час)(?!\w))?\s+дня)(?!\w)"
)

# Every range has two numbers joined by a dash or a word ("15 до 17", "3pm-5pm", "5-го по
# 7-е", "Dec 15 to 17"); at most a suffix like ":00", "pm", "-го", "th" between them.
_RANGE_GATE: Final = re.compile(r"\d\D{0,12}?(?:[-–—]|до|по|to|till|until|through|and)\s*\d", _I)
# Words every match of the two costliest rules contains.
_RELATIVE_GATE: Final = re.compile(r"завтр|зватр|завтар|сегодня|to?m+or|today|tmr|tmw|2mor", _I)
_ORDINAL_GATE: Final = re.compile(r"\d(?:-|го|ого|ому|му|е|st|nd|rd|th|\s+числ)", _I)
# The ending every Russian ordinal in words has ("первого", "третьему", "пятое"), and
# the article every English one has ("the fifth"). Without IGNORECASE, which makes a
# search over Cyrillic text several times slower; the capitals are spelled out.
_RU_ORDINAL_WORD_GATE: Final = re.compile(
    r"(?:[оО](?:[гГ][оО]|[мМ][уУ]|[еЕ])|[еЕ](?:[гГ][оО]|[мМ][уУ])|[ьЬ][еЕ])(?![а-яёА-ЯЁ])"
)
_EN_ORDINAL_WORD_GATE: Final = re.compile(r"[tT][hH][eE]\s")
# What a day after its month ends with: "first", "second", "third", "fifth", "1st", "4th".
_EN_MONTH_ORDINAL_GATE: Final = re.compile(r"(?:first|second|third|th|\d(?:st|nd|rd))(?!\w)", _I)
_MONTH_PART_GATE: Final = re.compile(r"начал|середин|конц|early|mid|late|beginning|start|end", _I)
# A timestamp's time after its date: "2026-12-01T10:00".
_ISO_TIME_GATE: Final = re.compile(r"\d[Tt]\d")
# A figure, a dot or dash, two figures: every "14.00", "15-00" and "2026-12-01" has one
# (one gate, searched once, for both rules).
_DOTTED_GATE: Final = re.compile(r"\d[.-]\d\d")
# A figure: the rules for numeric and worded dates and for clocks all need one, and most
# notes have none (searched once for the nine of them).
_DIGIT_GATE: Final = re.compile(r"\d")
_PERIOD_GATE: Final = re.compile(
    r"недел|месяц|дня|года|квартал|выходн|конц|week|wk|month|day|year|quarter|eo[wmdqy]|cob"
    r"|business|q[1-4]",
    _I,
)

_MOSCOW: Final = ZoneInfo("Europe/Moscow")
# The zones a clock may be said in, by the word for each. CET and CEST (and EST and
# EDT) name one zone here: the real one, so that its DST is right whatever the label.
_ZONES: Final = {
    "мск": _MOSCOW, "msk": _MOSCOW, "москве": _MOSCOW, "московскому": _MOSCOW,
    "cet": ZoneInfo("Europe/Berlin"), "cest": ZoneInfo("Europe/Berlin"),
    "gmt": ZoneInfo("UTC"), "utc": ZoneInfo("UTC"), "bst": ZoneInfo("Europe/London"),
    "est": ZoneInfo("America/New_York"), "edt": ZoneInfo("America/New_York"),
    "et": ZoneInfo("America/New_York"),
    "cst": ZoneInfo("America/Chicago"), "cdt": ZoneInfo("America/Chicago"),
    "ct": ZoneInfo("America/Chicago"),
    "pst": ZoneInfo("America/Los_Angeles"), "pdt": ZoneInfo("America/Los_Angeles"),
    "pt": ZoneInfo("America/Los_Angeles"),
    "киеву": ZoneInfo("Europe/Kyiv"), "минску": ZoneInfo("Europe/Minsk"),
    "алматы": ZoneInfo("Asia/Almaty"), "екб": ZoneInfo("Asia/Yekaterinburg"),
    "екатеринбургу": ZoneInfo("Asia/Yekaterinburg"),
    "новосибирску": ZoneInfo("Asia/Novosibirsk"),
}  # fmt: skip
# Right after a clock: the zone it is said in ("в 15 мск", "в 15:00 по Москве", "3pm
# CET", "14:00 UTC+3", "UTC+5:30"). The bare letters "ET", "PT", "CT" in capitals, or
# in small letters where nothing but punctuation follows ("3pm et", "10am pt!"), a full
# stop only at the end, or a day (`_DAY_AFTER_ZONE`): before another word or a number
# they are more often words ("10am pt 2", "3pm ct scan", "10am ct. scan", "et al").
# An offset's minutes only with a colon and only those of real zones (India's :30,
# Nepal's :45): "UTC+5:15" is no zone, and stays in the text. A closing bracket is the
# zone's only when one opens after the clock ("в 15 (мск)"): "(в 15 мск)" is cut whole.
# A day said after the small letters ("sync 10am pt tomorrow", "call at 2pm ct on
# Friday", "10am et next Monday") makes them a zone as punctuation does.
_DAY_AFTER_ZONE: Final = (
    r"[^\S\n]+(?i:(?:tomorrow|today|tonight|tmrw?"
    r"|(?:(?:on|this|next)[^\S\n]+)?(?:" + _EN_WEEKDAY + r"|mon|tues?|wed|thu(?:rs?)?|fri)"
    r"|(?:this|next)[^\S\n]+week)(?!\w)|on[^\S\n]+(?:the[^\S\n]+)?\d)"
)
_ZONE_AFTER: Final = re.compile(
    r"[^\S\n]*(?P<bracket>\()?(?:(?P<word>(?i:мск|msk|utc|gmt))"
    r"(?:(?P<sign>[+−-])(?P<off>\d{1,2})(?::(?P<offm>00|30|45))?)?"
    r"|(?P<abbr>(?i:cest|cet|bst|est|edt|cst|cdt|pst|pdt)|ET|PT|CT"
    r"|(?:et|pt|ct)(?=\)|[^\S\n]*(?:$|[\n,;!?—–]|\.[^\S\n]*(?:$|\n))|" + _DAY_AFTER_ZONE + "))"
    r"|(?i:по\s+(?P<city>москве|мск|московскому(?:\s+времени)?|киеву|минску|алматы"
    r"|екб|екатеринбургу|новосибирску)))(?(bracket)\)?)(?![\w+−-]|[.:,]\d)",
)


def _zone_after(text: str, end: int) -> tuple[tzinfo, int] | None:
    """The zone said right after a clock that ends at `end`, and where it ends."""
    m = _ZONE_AFTER.match(text, end)
    if m is None:
        return None
    word = (m["word"] or m["abbr"] or m["city"]).lower().split()[0]
    zone = _ZONES[word]
    if m["sign"] is None:
        return zone, m.end()
    # "мск+2", "UTC+3", "GMT-5", "UTC+5:30": a fixed offset from Moscow's or UTC's.
    minutes = int(m["off"]) * 60 + int(m["offm"] or 0)
    offset = timedelta(minutes=-minutes if m["sign"] in "-−" else minutes)
    if zone is _MOSCOW:
        offset += timedelta(hours=3)
    if not timedelta(hours=-12) <= offset <= timedelta(hours=14):
        return None
    return timezone(offset), m.end()


_RULES: Final[tuple[_Rule, ...]] = (
    _Rule(
        re.compile(
            _B + r"(?:позавчера|вчера|(?:the\s+)?day\s+before\s+yesterday|yesterday"
            r"|на\s+прошлой\s+неделе|в\s+прошл(?:ый|ую|ое|ом)\s+\w+|прошл(?:ый|ую|ое)\s+\w+"
            r"|last\s+(?:week|month|night|" + _EN_WEEKDAY + r"|" + _EN_WEEKDAY_SHORT + r"))(?!\w)",
            _I,
        ),
        lambda _m, _ctx: _Ago(),
        re.compile(r"вчера|yesterday|прошл|last", _I),
    ),
    _Rule(
        re.compile(
            _B + r"(?:(?P<prep>до|к|на|со?|by|until|till|for|on|from|starting)\s+)?"
            r"(?P<core>послезавтра|завтра|сегодня|(?:the\s+)?day\s+after\s+tomorrow"
            # and the way "tomorrow" is typed in a hurry: "tommorow", "2moro", "зватра"
            r"|today|to?m+or+o?w|2mor+ow?|tmrw|tmr|tmw|завтро|зватра|завтар)(?!\w)",
            _I,
        ),
        _relative_day,
        _RELATIVE_GATE,
    ),
    # The year's holidays, the deadline December runs on: "до нового года", "до НГ",
    # "by Christmas" (the working day before it: nobody delivers on the 25th).
    _Rule(
        re.compile(
            # Not "перед", "until": "перед новым годом все в отпуске", "sale runs until
            # Christmas" tell how things stand until then.
            _B + r"(?:(?:до|к)\s+(?:нового\s+года|новому\s+году|нг)"
            r"|(?:by|before|for)\s+(?:the\s+)?(?P<xmas>christmas|xmas|x-mas)(?:\s+eve)?"
            r"|(?:by|before)\s+(?:the\s+)?new\s+year(?:'?s)?(?:\s+eve)?)(?!\w)",
            _I,
        ),
        _holiday,
        re.compile(r"нов|нг|christmas|xmas|x-mas|new\s+year", _I),
    ),
    # "после праздников", "после нового года", "after the holidays": the first working
    # day back.
    _Rule(
        re.compile(
            _B + r"(?:после\s+(?:(?P<season>новогодних|майских|январских)\s+)?праздник(?:ов|а)"
            r"|после\s+(?P<season_ru>нового\s+года|нг|новогодних|майских|рождества)"
            r"|after\s+(?:the\s+)?(?:holidays|holiday\s+season"
            r"|(?P<season_en>new\s+year(?:'?s)?|christmas|xmas)))(?!\w)",
            _I,
        ),
        _after_holidays,
        re.compile(r"праздник|после\s+[нмр]|holiday|new\s+year|christmas|xmas", _I),
    ),
    _Rule(
        re.compile(
            _B + r"(?:"
            r"(?P<next_week>(?:на\s+)?(?:(?:следующей|будущей)\s+|" + _RU_NEXT_SHORT + r")неделе"
            # "перенесли на следующую неделю": where it moves, that week's Monday.
            r"|на\s+(?:(?:следующую|будущую)\s+|" + _RU_NEXT_SHORT + r")неделю"
            r"|(?:со?|в\s+начале|с\s+начала)\s+(?:(?:следующей|будущей)\s+|"
            + _RU_NEXT_SHORT
            + r")недели"
            r"|(?:by\s+|for\s+|from\s+|starting\s+|early\s+)?(?:next|nxt)\s+(?:week|wk)"
            r"|(?:at\s+)?the\s+(?:beginning|start)\s+of\s+next\s+week)"
            r"|(?P<next_month>(?:в\s+)?(?:(?:следующем|будущем)\s+|" + _RU_NEXT_SHORT + r")месяце"
            r"|на\s+(?:(?:следующий|будущий)\s+|" + _RU_NEXT_SHORT + r")месяц"
            # Not "the start of next month": its part, which the month-part rules read.
            r"|(?<!of )(?:by\s+|for\s+|in\s+|from\s+)?(?:next|nxt)\s+month)"
            r"|(?P<end_week>(?:в|к|до)\s+кон(?:цу|це|ца)\s+(?:этой\s+|следующей\s+|будущей\s+|"
            + _RU_NEXT_SHORT
            + r")?недели|на\s+этой\s+неделе"
            # "на неделе": within this one; "late next week", "later this week": its end.
            r"|на\s+неделе|(?:by\s+)?(?:the\s+)?end\s+of\s+(?:the\s+|this\s+|next\s+)?week"
            r"|(?:by\s+)?eow|later?\s+(?:this|next)\s+week|this\s+week)"
            # "в середине (следующей) недели", "mid next week", "midweek": its Wednesday.
            r"|(?P<mid_week>в\s+середин[еу]\s+(?:(?:этой|следующей|будущей)\s+|"
            + _RU_NEXT_SHORT
            + r")?недели|(?:by\s+)?(?:the\s+)?middle\s+of\s+(?:the\s+|this\s+|next\s+)?week"
            r"|(?:by\s+)?mid-?\s?(?:(?:this|next)\s+)?week)"
            # "the week after next": that week's Monday.
            r"|(?P<week_after_next>(?:the\s+)?week\s+after\s+next)"
            # "к выходным", "by the weekend": before it starts, by Friday's end.
            r"|(?P<by_weekend>к\s+выходным|до\s+выходных|(?:by|before)\s+(?:the\s+|this\s+)?weekend)"
            r"|(?P<end_month>(?:в|к|до)\s+кон(?:цу|це|ца)\s+(?:этого\s+|следующего\s+|будущего\s+|"
            + _RU_NEXT_SHORT
            + r")?месяца|(?:by\s+)?(?:the\s+)?end\s+of\s+(?:the\s+|this\s+|next\s+)?month"
            r"|(?:by\s+)?eom)"
            r"|(?P<weekend>на\s+выходных|в\s+(?:эти\s+)?выходные|(?:on\s+|at\s+|over\s+)?"
            r"(?:the|this)\s+weekend)"
            # "до конца Q1", "by end of Q4": that quarter's end, this year's or next.
            r"|(?P<end_quarter>(?:в|к|до)\s+кон(?:цу|це|ца)\s+(?:(?:этого|следующего|будущего)"
            r"\s+)?квартала|(?:by\s+)?(?:the\s+)?end\s+of\s+(?:the\s+|this\s+|next\s+)?quarter"
            r"|(?:by\s+)?eoq|(?:(?:в|к|до)\s+кон(?:цу|це|ца)|(?:by\s+)?(?:the\s+)?end\s+of)"
            r"\s+q(?P<q>[1-4])"
            # "к концу 4 квартала", "до конца третьего квартала", "к концу IV квартала".
            r"|(?:в|к|до)\s+кон(?:цу|це|ца)\s+(?:(?P<qn>[1-4])(?:-?(?:го|й|ого))?"
            r"|(?P<qw>первого|второго|третьего|четв[её]ртого)|(?P<qr>iv|i{1,3}))\s+квартала)"
            r"|(?P<end_year>(?:в|к|до)\s+кон(?:цу|це|ца)\s+(?:этого\s+)?года"
            r"|(?:by\s+)?(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?year|(?:by\s+)?eoy)"
            r"|(?P<end_day>(?:в|к|до)\s+кон(?:цу|це|ца)\s+(?:этого\s+|рабочего\s+)?дня"
            # "к концу пятницы" is "к концу дня пятницы": the weekday is read as there.
            r"|(?:в|к|до)\s+кон(?:цу|це|ца)(?=\s+(?:" + _RU_WEEKDAY_GENITIVE + r")(?!\w))"
            r"|(?:by\s+)?(?:the\s+)?end\s+of\s+(?:the\s+)?(?:business\s+|working\s+)?day"
            r"|(?:by\s+)?(?:eod|cob)|close\s+of\s+business)"
            r")(?!\w)",
            _I,
        ),
        _period,
        _PERIOD_GATE,
    ),
    _Rule(
        re.compile(
            # "30.11 (пн)": a weekday in brackets after its date, brackets and all.
            _B + r"(?:(?P<bracket>\()|(?:(?P<prep>в|во|ко?|до|на|по|(?:начиная\s+)?со?)\s+)?"
            rf"(?P<mod>(?:следующ\w*|ближайш\w*|эт[уоаи]\w*)\s+|{_RU_NEXT_SHORT})?)"
            rf"(?P<wd>{_RU_WEEKDAY}|(?P<short>{_RU_WEEKDAY_SHORT}))(?!\w)(?(bracket)\))"
            rf"(?:\s+(?P<next_week>(?:(?:следующей|будущей)\s+|{_RU_NEXT_SHORT})недели)(?!\w))?",
            _I,
        ),
        _weekday,
    ),
    # A weekday a letter off, after the preposition that makes it one: "к пятнеце".
    _Rule(
        re.compile(
            _B
            + r"(?P<prep>в|во|к|ко|до|по)\s+(?P<word>(?:по|вт|ср|че|пя|су|во)[а-яё]{3,10})(?!\w)",
            _I,
        ),
        _misspelt_weekday,
        re.compile(r"(?<!\w)(?:в|во|к|ко|до|по)\s+(?:по|вт|ср|че|пя|су|во)", _I),
    ),
    # Six letters at least: "by Frida" is someone, "by Fridya" a day.
    _Rule(
        re.compile(
            _B + r"(?P<prep>on|by|until|till|before|due)\s+"
            r"(?P<word>(?:mo|tu|we|th|fr|fi|sa|su)[a-z]{4,8})(?!\w)",
            _I,
        ),
        _misspelt_weekday,
        re.compile(r"(?<!\w)(?:on|by|until|till|before|due)\s+(?:mo|tu|we|th|fr|fi|sa|su)", _I),
    ),
    _Rule(
        re.compile(
            _B + r"(?:(?P<bracket>\()|(?:(?P<prep>on|by|until|till|through|thru|before|due"
            r"|for|from|starting(?:\s+(?:from|on))?|no\s+later\s+than)\s+)?"
            r"(?:(?P<mod>next|nxt|this(?:\s+coming)?|coming)\s+)?)"
            rf"(?P<wd>{_EN_WEEKDAY}|(?P<short>{_EN_WEEKDAY_SHORT}))(?!\w)(?(bracket)\))"
            # British "Tuesday week": a week after the coming Tuesday. Only where the
            # message or its clause ends: "Monday week planning" may be a weekly meeting.
            r"(?:(?P<week_on>[^\S\n]+week)(?=[^\S\n]*(?:$|[.,;:!?)#])))?",
            _I,
        ),
        _weekday,
    ),
    _Rule(
        re.compile(
            _number_start(r"до|к|на|по|со?|by|until|till|through|on|due|before|from")
            + r"(?P<core>(?P<d>\d{1,2})(?P<sep>[./])(?P<m>\d{1,2})"
            r"(?:(?P=sep)(?P<y>\d{4}|\d{2}))?)(?![\w%$€₽]|[.,/:-]\d)" + _UNITS,
            _I,
        ),
        _numeric_date,
        _DIGIT_GATE,
    ),
    # "2026-12-01", as systems write a date (and people paste it): the year first, a
    # two-digit month and day. No other letter or dash after it (a code or a range),
    # but the "T10:00" of a timestamp, which `_iso_clock` reads.
    _Rule(
        re.compile(
            _number_start(r"до|к|на|по|со?|by|until|till|through|on|due|before|from")
            + r"(?P<core>(?P<y>20\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01]))"
            r"(?!(?!T\d\d:\d\d)[\w%$€₽-]|[.,/:]\d)",
            _I,
        ),
        _iso_date,
        _DOTTED_GATE,
    ),
    # "2026-12-01T10:00", "...T10:00:00Z", "...T10:00+03:00": the time of a timestamp,
    # right after its date, in the zone it names.
    _Rule(
        re.compile(
            r"(?<=\d\d\d\d-\d\d-\d\d)T(?P<h>\d\d):(?P<mi>\d\d)(?::\d\d(?:[.,]\d{1,9})?)?"
            r"(?P<zone>Z|(?P<sign>[+-])(?P<oh>\d\d)(?::?(?P<om>\d\d))?)?(?![\w%$€₽:+-]|[.,/]\d)",
            _I,
        ),
        _iso_clock,
        # Its own gate: it begins inside a word, so bot/wordscan.py scans it whole.
        _ISO_TIME_GATE,
    ),
    _Rule(
        re.compile(
            rf"(?:{_B}(?P<open>со?)\s+|{_BN})"
            r"(?P<core>(?P<d>\d{1,2})(?:-?го)?\s*(?P<link>до|по|[-–—])\s*(?P<d2>\d{1,2})(?:-?го)?"
            rf"\s+(?P<m>{_RU_MONTH})\.?(?:\s+(?P<y>\d{{4}})(?:\s*(?:года|г\.|г)(?!\w))?)?)(?![\w:])",
            _I,
        ),
        _date_range,
        _RANGE_GATE,
    ),
    _Rule(
        re.compile(
            rf"(?:{_B}(?P<open>from|between)\s+|{_BN})"
            rf"(?P<core>(?P<m>{_EN_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
            r"\s*(?P<link>to|till|until|through|and|[-–—])\s*(?P<d2>\d{1,2})(?:st|nd|rd|th)?"
            r"(?:,?\s+(?P<y>\d{4}))?)(?![\w:])",
            _I,
        ),
        _date_range,
        _RANGE_GATE,
    ),
    _Rule(
        re.compile(
            rf"(?:{_B}(?P<open>from|between)\s+|{_BN})"
            r"(?P<core>(?P<d>\d{1,2})(?:st|nd|rd|th)?\s*(?P<link>to|till|until|through|and|[-–—])"
            rf"\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_EN_MONTH})\.?"
            r"(?:,?\s+(?P<y>\d{4}))?)(?![\w:])",
            _I,
        ),
        _date_range,
        _RANGE_GATE,
    ),
    _Rule(
        re.compile(
            _number_start(r"до|к|на|по|со?")
            + rf"(?P<core>(?P<d>\d{{1,2}})(?:-?го)?\s+(?P<m>{_RU_MONTH})\.?"
            r"(?:\s+(?P<y>\d{4})(?:\s*(?:года|г\.|г)(?!\w))?)?)(?![\w:])",
            _I,
        ),
        _worded_date,
        _DIGIT_GATE,
    ),
    _Rule(
        re.compile(
            _number_start(r"on|by|until|till|through|before|due|from")
            + rf"(?P<core>(?P<m>{_EN_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
            r"(?:,?\s+(?P<y>\d{4}))?)(?![\w:])",
            _I,
        ),
        _worded_date,
        _DIGIT_GATE,
    ),
    _Rule(
        re.compile(
            _number_start(r"on|by|until|till|through|before|due|from") + r"(?P<core>(?:the\s+)?"
            rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_EN_MONTH})\.?"
            r"(?:,?\s+(?P<y>\d{4}))?)(?![\w:])",
            _I,
        ),
        _worded_date,
        _DIGIT_GATE,
    ),
    _Rule(
        re.compile(
            _B + r"(?:(?P<prep>в|к|до|со?)\s+)(?P<core>(?P<part>начал[еуа]|середин[еуы]"
            rf"|кон(?:це|цу|ца))\s+(?:(?P<m>{_RU_MONTH})\.?"
            r"(?:\s+(?P<y>\d{4})(?:\s*(?:года|г\.|г)(?!\w))?)?"
            r"|(?P<mo>(?:(?:этого|следующего|будущего)\s+)?месяца)))(?![\w:])",
            _I,
        ),
        _month_part,
        _MONTH_PART_GATE,
    ),
    _Rule(
        re.compile(
            _B + r"(?:(?P<prep>by|in|at|from|until|till|before|due|around)\s+)?(?P<core>(?:the\s+)?"
            r"(?P<part>early|mid|late|(?:beginning|start|middle|end)\s+of(?:\s+the)?)"
            rf"(?:\s+|\s*-\s*)(?:(?P<m>{_EN_MONTH})\.?(?:,?\s+(?P<y>\d{{4}}))?"
            r"|(?P<mo>(?:next|this)\s+month)))(?![\w:])",
            _I,
        ),
        _month_part,
        _MONTH_PART_GATE,
    ),
    # A day's ordinal in words: with its month ("первого декабря", "the fifth of Dec"),
    # with "числа" ("до первого числа"), or alone after a preposition it agrees with
    # ("к двадцать пятому", "by the first"). "первый этап", "пятый баннер" are no days.
    _Rule(
        re.compile(
            _B + r"(?:(?P<prep>до|к|ко|на|по|со?)\s+)?(?P<core>(?:(?P<tens>двадцать|тридцать)\s+)?"
            r"(?P<ow>"
            + "|".join(sorted(_RU_ORDINAL_DAYS, key=len, reverse=True))
            + r")(?P<oend>ьего|ьему|ого|ому|ье|ое)"
            rf"(?:\s+(?P<m>{_RU_MONTH})\.?(?:\s+(?P<y>\d{{4}})(?:\s*(?:года|г\.|г)(?!\w))?)?"
            r"|\s+числ[ауо](?:\s+(?P<mo>(?:этого|следующего)\s+месяца))?)?)(?![\w:])",
            _I,
        ),
        _worded_ordinal,
        _RU_ORDINAL_WORD_GATE,
    ),
    # The month first, then its day as an ordinal: "December the first", "Dec first",
    # "December the 1st" ("Dec 1st" is `_worded_date`'s).
    _Rule(
        re.compile(
            _B + r"(?:(?P<prep>on|by|until|till|through|before|due|from)\s+)?"
            rf"(?P<core>(?P<m>{_EN_MONTH})\.?\s+(?:(?:the\s+)?(?:(?P<tens>twenty|thirty)[-\s]?)?"
            r"(?P<ow>"
            + "|".join(sorted(_EN_ORDINAL_DAYS, key=len, reverse=True))
            + r")|the\s+(?P<d>\d{1,2})(?:st|nd|rd|th))(?:,?\s+(?P<y>\d{4}))?)(?![\w:])",
            _I,
        ),
        _month_then_ordinal,
        _EN_MONTH_ORDINAL_GATE,
    ),
    _Rule(
        re.compile(
            _B + r"(?:(?P<prep>on|by|until|till|through|before|due|from)\s+)?"
            r"(?P<core>the\s+(?:(?P<tens>twenty|thirty)[-\s]?)?(?P<ow>"
            + "|".join(sorted(_EN_ORDINAL_DAYS, key=len, reverse=True))
            + rf")(?:\s+of\s+(?:(?P<m>{_EN_MONTH})\.?(?:,?\s+(?P<y>\d{{4}}))?"
            r"|(?P<mo>(?:the|this|next)\s+month)))?)(?![\w:])",
            _I,
        ),
        _worded_ordinal,
        _EN_ORDINAL_WORD_GATE,
    ),
    # A day of the month alone: "к 15 числу", "15-го числа", "до 15-го", "by the 15th".
    # A suffix without "числа" needs a preposition, and "the 15th" its article: a bare
    # "5-й" or "5th" is more often a floor or a place in a list.
    _Rule(
        re.compile(
            _number_start(r"до|к|на|по|со?")
            + r"(?P<core>(?P<d>\d{1,2})(?:-?(?:го|е|ое|ому|му))?\s+числ(?:а|у|о)"
            r"(?:\s+(?:этого|следующего)\s+месяца)?)(?!\w)",
            _I,
        ),
        _day_of_month,
        _ORDINAL_GATE,
    ),
    _Rule(
        re.compile(
            # The ending agrees with the preposition, as a date's does: "до 15-го",
            # "к 15-му", "по 15-е"; "по 5-му пункту" is no date.
            # The hyphen is as often left out: "до 15го", "к 1му".
            _B + r"(?P<prep>до|со?|к|по|на)\s+"
            r"(?P<core>(?P<d>\d{1,2})-?(?P<ending>ого|го|ому|му|ое|е))(?!\w)"
            rf"(?!\s+(?:(?:{_RU_MONTH})\.?(?!\w)|{_RU_ORDINAL_NOUNS}))",
            _I,
        ),
        _day_of_month,
        _ORDINAL_GATE,
    ),
    _Rule(
        re.compile(
            _B + r"(?:(?P<prep>on|by|until|till|through|before|due|from)\s+(?:the\s+)?|the\s+)"
            r"(?P<core>(?P<d>\d{1,2})(?:st|nd|rd|th)(?:\s+of\s+(?:the|this)\s+month)?)(?!\w)"
            rf"(?!\s+(?:(?:of\s+)?(?:{_EN_MONTH})\.?(?!\w)|{_EN_ORDINAL_NOUNS}))",
            _I,
        ),
        _day_of_month,
        _ORDINAL_GATE,
    ),
    # "в понедельник 30-го", "Friday 4th": a bare ordinal, only to confirm a weekday.
    _Rule(
        re.compile(
            _BN + r"(?P<core>(?P<d>\d{1,2})(?:(?P<gen>-?о?го)|-е|st|nd|rd|th))(?!\w)"
            rf"(?!\s+(?:(?:of\s+)?(?:{_RU_MONTH}|{_EN_MONTH})\.?(?!\w)|{_RU_ORDINAL_NOUNS}"
            rf"|год|лет|{_EN_ORDINAL_NOUNS}))",
            _I,
        ),
        _bare_day_of_month,
        _ORDINAL_GATE,
    ),
    # "by this time next week", "this time tomorrow": the same clock a week or a day on.
    _Rule(
        re.compile(
            _B + r"(?:(?:by|until|till)\s+)?(?:this|(?:the\s+)?same)\s+time\s+"
            r"(?P<span>next\s+week|tomorrow)(?!\w)",
            _I,
        ),
        _same_time,
        re.compile(r"time\s+(?:next|tomorrow)", _I),
    ),
    _Rule(
        re.compile(
            _B + r"через\s+(?P<u>минут|часа|часов|дня|дней|недели|недель)\s+(?P<n>\d{1,2})"
            r"(?![\w%$€₽]|[.,:/-]\d|\s*(?:раз|минут|час|дн|недел))",
            _I,
        ),
        _spoken_offset,
        _DIGIT_GATE,
    ),
    _Rule(
        re.compile(
            _B + r"(?:через|in|within|в\s+течени[еи])\s+"
            rf"(?:(?P<n>{_NUMBER_ALTERNATION})\s*|(?P<the>(?<=within\s)the\s+(?=day(?!\w))))?"
            # "через пол часа", "пол-часа": "полчаса" as it is as often typed.
            r"(?P<u>пол(?:-|[^\S\n])?часа|минут[уы]?|мин\.?|час(?:а|ов)?|ч\.?"
            r"|рабоч(?:ий|их|его)\s+(?:день|дня|дней)|(?:business|working)\s+days?|workdays?"
            r"|день|дня|дней|сутки|суток"
            r"|недел[юиь]|месяц(?:а|ев)?|minutes?|mins?|hours?|hrs?|h|days?|weeks?|wks?|fortnight"
            r"|months?)(?!\w)"
            r"(?:\s+(?P<after>после|after)(?!\w)|\s+from\s+now(?!\w)|(?P<from>(?=\s+from\s)))?",
            _I,
        ),
        _offset,
    ),
    # "a week from Friday", "3 days after Dec 15", "2 weeks from now": without "in", only
    # with what it counts from ("from" stays for the day's own rule to read). "the day
    # after tomorrow" is `_relative_day`'s.
    _Rule(
        re.compile(
            _B + r"(?!(?:an?|one)\s+day\s+after\s+tomorrow(?!\w))"
            rf"(?P<n>{_NUMBER_ALTERNATION})\s*"
            r"(?P<u>(?:business|working)\s+days?|workdays?|days?|weeks?|months?)"
            r"(?:\s+(?P<after>after)(?!\w)|\s+from\s+now(?!\w)"
            r"|(?P<from>(?=\s+from\s+(?!now(?!\w)))))",
            _I,
        ),
        _offset,
        re.compile(r"after|from", _I),
    ),
    # "в 15-30", "в 18-00": a clock written with a dash. Only minutes no hour could be
    # (or the quarters) make it one: "в 10-11" is a range of hours.
    _Rule(
        re.compile(
            _B + r"(?P<prep>в|во|к|до|at)\s+(?P<core>(?P<h>\d{1,2})-(?P<mi>00|15|30|45|[2-5]\d))"
            r"(?![\w%$€₽]|[.,:/-]\d)" + _COUNTED,
            _I,
        ),
        _dotted_clock,
        _DIGIT_GATE,
    ),
    # "в 15 30 созвон", typed without its colon: only quarter hours of the working day,
    # and nothing counted after ("в 10 15 человек").
    _Rule(
        re.compile(
            _B + r"(?P<prep>в|во|к|at)\s+(?P<core>(?P<h>[7-9]|1\d|2[0-3])\s(?P<mi>00|15|30|45))"
            r"(?![\w%$€₽]|[.,:/-]\d|\s*\d)" + _COUNTED,
            _I,
        ),
        _dotted_clock,
        _DIGIT_GATE,
    ),
    _Rule(
        re.compile(
            rf"(?:{_B}(?P<open>со?|во?|from|between)\s+|{_BN})"
            rf"(?P<core>(?P<h1>\d{{1,2}})(?::(?P<m1>\d{{2}}))?(?:\s*(?P<ap1>{_AP}))?"
            r"\s*(?P<link>(?:до|по|to|till|until|through|and)(?!\w)|[-–—])\s*"
            rf"(?P<h2>\d{{1,2}})(?::(?P<m2>\d{{2}}))?(?:\s*(?P<ap2>{_AP}))?"
            r"(?:\s*(?P<suf>часов|часа|ч|h)(?!\w))?"
            rf"(?:\s+(?P<rp>{_RU_PART})(?!\w))?)(?![\w%$€₽]|[.,:/]\d)" + _COUNTED + _NOT_DAYS,
            _I,
        ),
        _clock_range,
        _RANGE_GATE,
    ),
    _Rule(
        re.compile(
            rf"(?:{_B}(?P<prep>{_TIME_PREP})\s*|{_BN})"
            rf"(?P<core>(?P<h>\d{{1,2}}):(?P<mi>\d{{2}})(?:\s*(?P<ap>{_AP}))?"
            rf"(?:\s+(?P<rp>{_RU_PART})(?!\w))?)(?![\w:]|[.,]\d)",
            _I,
        ),
        _clock,
        _DIGIT_GATE,
    ),
    _Rule(
        re.compile(
            _B + r"(?P<prep>в|во|к|at)\s+(?P<core>(?P<h>\d{1,2})\.(?P<mi>\d{2}))"
            r"(?![\w%$€₽]|[.,/:]\d)" + _UNITS,
            _I,
        ),
        _dotted_clock,
        _DIGIT_GATE,
    ),
    _Rule(
        re.compile(
            _BN + r"(?P<core>(?P<h>\d{1,2})(?P<sep>[.-])(?P<mi>\d{2}))"
            r"(?![\w%$€₽]|[.,/:–—-]\d|\s+[–—-]\s*\d)"
            + _UNITS
            + _COUNTED
            # "завтра 14.00 (мск)": the zone is the bot's own, and part of the time.
            + r"(?P<msk>[^\S\n]*\((?:по\s+)?(?:мск|msk)\))?",
            _I,
        ),
        _bare_dotted_clock,
        _DOTTED_GATE,
    ),
    _Rule(
        re.compile(
            rf"(?:{_B}(?P<prep>at|by|until|till|from|around|about|@|в|к|до|около|со?)\s*|{_BN})"
            rf"(?P<core>(?P<h>\d{{1,2}})(?:[:.](?P<mi>\d{{2}}))?\s*(?P<ap>{_AP}))",
            _I,
        ),
        _am_pm,
        _DIGIT_GATE,
    ),
    _Rule(
        re.compile(
            # Without a preposition only with its part of the day (`_HOUR_OF_PART`).
            rf"(?:{_B}(?P<prep>{_TIME_PREP})\s*|{_BN}(?={_HOUR_OF_PART}))(?P<core>(?P<h>\d{{1,2}})"
            r"(?:\s*(?P<suf>часам|часов|часа|час|ч|h|o'?clock)(?!\w))?"
            rf"(?:\s+(?P<rp>{_RU_PART})(?!\w))?)(?![\w%$€₽]|[.,:/]\d|-\w)" + _COUNTED + _NOT_DAYS,
            _I,
        ),
        _bare_hour,
        _DIGIT_GATE,
    ),
    _Rule(
        re.compile(
            _B + r"(?:(?P<ru_m>утром|с\s+утра|поутру)|(?P<ru_d>днём|днем)(?!\s+рожд)"
            r"|(?P<ru_l>в\s+обед)|(?P<ru_a>после\s+обеда)|(?P<ru_e>вечером|к\s+вечеру|до\s+вечера)"
            r"|(?P<before_lunch>до\s+обеда|к\s+обеду|before\s+lunch|by\s+lunch(?:time)?)"
            r"|(?P<after_lunch>after\s+lunch)"
            r"|(?P<lunch>(?:at\s+)?lunch\s*time|at\s+lunch)"
            r"|(?P<first_thing>first\s+thing(?:\s+in\s+the\s+morning)?)"
            r"|(?P<first_half>в\s+первой\s+половине\s+дня|до\s+полудня)"
            r"|(?P<second_half>во\s+второй\s+половине\s+дня)"
            r"|(?P<noon>(?:at\s+)?(?:noon|midday)|в\s+полдень)"
            r"|(?P<en_today>tonight|this\s+(?:morning|afternoon|evening))"
            r"|(?P<en_in>in\s+the\s+(?:morning|afternoon|evening))"
            r"|(?P<by_morning>к\s+утру|by\s+(?:the\s+)?morning)"
            r"|(?P<midnight>(?:в|к|до)\s+полночь|(?:к|до)\s+полуночи"
            r"|(?:at|by|until|till|before)\s+midnight)"
            # "midnight Friday", "Friday midnight": a time only beside its day.
            r"|(?P<en_midnight>midnight)"
            # The night's own day is the one after "на": "в ночь (с четверга) на пятницу".
            r"|(?P<night>в\s+ночь(?:\s+со?\s+(?:\d{1,2}(?:-?го)?|"
            + _RU_WEEKDAY
            + r"))?(?=\s+на\s))"
            r"|(?P<en_bare>morning|afternoon|evening))(?!\w)",
            _I,
        ),
        _daypart,
    ),
)
_GATES: Final = frozenset(rule.gate for rule in _RULES if rule.gate is not None)
# Each rule tried only at the word starts it can begin at (bot/wordscan.py).
_SCAN: Final = WordScan([rule.pattern for rule in _RULES])


# -- putting pieces together -----------------------------------------------------

_GAP: Final = re.compile(r"[\s,]*")
_ADJACENT: Final = re.compile(r"[^\S\n]*")
# Between the two days of a range; "до"/"по"/"until" belong to the second day's own match.
# Only a dash between two days with no spaces opens a range by itself ("пн–пт",
# "10.12–15.12"): a spaced one more often separates clauses ("завтра — в пятницу созвон").
_RANGE_LINK: Final = re.compile(r"(?P<tight>[-–—])|\s*(?:(?P<dash>[-–—])|(?P<to>to)(?!\w))?\s*", _I)
# "move the demo from Friday to Monday": "to" names the new day, not the end of a range.
_MOVE_VERB: Final = re.compile(
    r"(?<!\w)(?:перен[её]с|перенос|сдвин|сдвиг|move|moving|reschedul|postpon|push|shift)", _I
)


@dataclass(slots=True)
class _Expression:
    day: _Day | None = None
    clock: _Clock | None = None
    part: _Daypart | None = None
    ago: bool = False
    after: _After | None = None  # a count waiting for the day it counts from
    anchor: _Day | None = None  # the day `after` counted from, which a date may confirm
    # "в ночь на пятницу": whether `day` is the one after "на" (the night ends on it),
    # not a day word before the night ("завтра в ночь" is the night after tomorrow).
    night_day: bool = False
    # A day before the night that is not the evening of the day after "на" ("завтра в
    # ночь на субботу"): one of them is wrong, so the whole is a problem.
    night_conflict: bool = False
    # A day-time clock before the night ("14:00 в ночь на пятницу"): it is no time in
    # the night, so the night starts an expression of its own.
    yields_to_night: bool = False

    def take(self, piece: _Piece) -> bool:
        """Add a touching piece if its slot is still free (or the two say one day)."""
        if isinstance(piece, _Day) and piece.of_time and not self.tells_time():
            return False  # "завтра итоги пятницы": whose results, not when
        if isinstance(piece, _Ago | _After):
            if self.day is not None or self.clock is not None or self.after is not None:
                return False
            if isinstance(piece, _After):
                self.after = piece
            else:
                self.ago = True
        elif self.ago:
            pass  # "вчера в 15", "через 2 часа после 15:00": part of what is not a date
        elif self.after is not None and self.anchor is None:
            if not isinstance(piece, _Day) or piece.confirms:
                # "через 2 дня после обеда": from an event; "через неделю после 2-го
                # созвона", "a week after the 2nd call": from a place in a list.
                self.ago = True
            else:
                self.anchor = piece
                self.day = _counted_from(piece, self.after)
        elif self.after is not None and self.anchor is not None and isinstance(piece, _Day):
            # "через неделю после пятницы, 4 декабря": the date says which Friday.
            merged = _one_day(self.anchor, piece)
            if merged is None:
                return False
            self.anchor = merged
            self.day = _counted_from(merged, self.after)
        elif (
            isinstance(piece, _Day)
            and self.part is not None
            and self.part.night
            and not self.night_day
        ):
            self.night_day = True
            if self.day is not None and not _evening_of(self.day, piece):
                self.night_conflict = True
            self.day = _night_ends_on(self.day, piece)
        elif (
            isinstance(piece, _Day)
            and self.part is not None
            and self.part.midnight
            and piece.bound == "target"
            and (piece.weekday or (piece.month_day is not None and piece.month_day[0] != 0))
        ):
            # "в полночь на пятницу", "в полночь на 27.11": the midnight going into the
            # day, the last minute of the one before; "в полночь с четверга на пятницу"
            # has said Thursday already. A date moves on as the eve's date ("в полночь на
            # 25.11" said on the 25th is the 24th's a year on).
            if self.day is None:
                eve = piece.first - timedelta(days=1)
                month_day = None if piece.month_day is None else (eve.month, eve.day)
                self.day = replace(piece, first=eve, month_day=month_day, bound=None)
            elif not _evening_of(self.day, piece):
                return False
        elif isinstance(piece, _Day) and self.day is not None:
            merged = _one_day(self.day, piece)
            if merged is None:
                return False
            self.day = merged
        elif isinstance(piece, _Day) and piece.confirms:
            if self.clock is not None or self.part is not None:
                return False  # "в 15 30-го": the bare day confirms only a weekday
            self.day = piece  # "30-го в понедельник": the weekday comes next
        elif isinstance(piece, _Day) and not (self.part and self.part.today):
            self.day = piece
        elif isinstance(piece, _Clock) and self.clock is None:
            if self.part is not None and self.part.night and not _in_the_night(piece):
                return False
            self.clock = piece
        elif (
            isinstance(piece, _Daypart)
            and self.part is None
            and not (piece.today and self.day is not None)
        ):
            if piece.night and self.clock is not None and not _in_the_night(self.clock):
                self.yields_to_night = self.day is None
                return False
            self.part = piece
        else:
            return False
        return True

    def has_time(self) -> bool:
        return self.clock is not None or self.part is not None

    def tells_time(self) -> bool:
        """Whether it says a time of day, "EOD" included: what a genitive weekday after
        it is the day of ("до 15:00 пятницы", "к EOD пятницы")."""
        return self.has_time() or (self.day is not None and self.day.soft)

    def wall_time(self) -> time | None:
        clock, part = self.clock, self.part
        if clock is not None:
            hour = clock.hour
            if part is not None and part.night:
                if clock.bare and hour == 12:
                    hour = 0  # "в ночь на пятницу в 12": midnight
                elif clock.bare and _NIGHT_MORNING_HOUR < hour < 12:
                    hour += 12  # "в ночь на пятницу в 11": 23:00
            elif part is not None and part.afternoon and hour < 12:
                hour += 12  # "вечером в 7"
            elif clock.bare and part is None and 1 <= hour <= 7:
                hour += 12  # "в 3", "at 5": business hours
            return time(hour, clock.minute)
        if part is None:
            return None
        return _LAST_MINUTE if part.midnight else time(part.hour)

    def calendar_day(self, day: date, wall: time | None) -> date:
        """The date the wall time falls on for the named day: the evening before it for
        the night that ends on it ("в ночь на пятницу" is Thursday 23:00)."""
        if self.part is None or not self.part.night or wall is None:
            return day
        small_hours = wall.hour < 12  # midnight to the morning: the day's own hours
        if self.night_day:
            return day if small_hours else day - timedelta(days=1)
        return day + timedelta(days=1) if small_hours else day  # "завтра в ночь"


def _evening_of(evening: _Day, night: _Day) -> bool:
    """Whether a day word before "в ночь на X" is the evening the night begins on:
    "в четверг в ночь на пятницу", "сегодня в ночь на четверг"."""
    if evening.first + timedelta(days=1) == night.first:
        return True
    both_weekdays = evening.weekday and night.weekday
    return both_weekdays and (evening.first.weekday() + 1) % 7 == night.first.weekday()


def _night_ends_on(evening: _Day | None, night: _Day) -> _Day:
    """The day the night ends on, placed after the evening named before it ("в
    четверг в ночь на пятницу" said on a Friday is next week's)."""
    if evening is None or not _evening_of(evening, night):
        return night
    return replace(night, first=evening.first + timedelta(days=1), weak=False)


def _in_the_night(clock: _Clock) -> bool:
    """Whether a clock can be one in "в ночь на пятницу": not "14.00 в ночь на пятницу"."""
    hour = clock.hour
    return hour <= _NIGHT_LAST_HOUR or hour >= 18 or (clock.bare and hour <= 12)


def _counted_from(anchor: _Day, after: _After) -> _Day:
    """The day `after` counts to from the first occurrence of `anchor` it is ahead
    of: "через неделю после 15 декабря" said on 20 December is the 22nd, "после 5
    ноября" said in late November a week after next year's. A weekday is the coming
    one, and on that weekday the next: "a week from Friday" said on a Friday is in
    two weeks."""
    start: date | None = anchor.first
    if anchor.weekday and anchor.month_day is None and start == after.today:
        start = _next_day(start, anchor)
    while start is not None and after.count.after(start) < after.today:
        start = _next_day(start, anchor)
    return _Day(after.count.after(start or anchor.first), "none")


def _one_day(first: _Day, second: _Day) -> _Day | None:
    """Two touching day words that name one day, or None: "by COB tomorrow", "на
    следующей неделе в среду", "пятница, 27.11"."""
    # Either way the day is sure of itself: "Fri, Nov 27", "next week Fri", "Fri EOD".
    if first.soft or second.soft:
        day = second if first.soft else first
        if day.weekday and day.first == (first if first.soft else second).first:
            # "до конца дня среды" said on a Wednesday: this day's end, which said after
            # it is 23:59 (as "до конца дня" is), never next week's.
            return replace(day, roll="none", weak=False)
        return replace(day, weak=False)
    if first.week and second.weekday:
        moved = first.first + timedelta(days=second.first.weekday())
        return replace(second, first=moved, weak=False)
    if second.week and first.weekday:
        moved = second.first + timedelta(days=first.first.weekday())
        return replace(first, first=moved, weak=False)
    # "в пятницу, 4 декабря", "в понедельник 30-го", "Friday the 4th": the date, when it
    # falls on that weekday and is not before it; one that does not ("в пятницу 5
    # декабря") is no part of the day, and stays in the text to be seen.
    for weekday, dated in ((first, second), (second, first)):
        on_it = dated.first >= weekday.first and dated.first.weekday() == weekday.first.weekday()
        if weekday.weekday and dated.month_day is not None and on_it:
            # One day, never moved: a year on, or a month on, it is another weekday.
            return replace(dated, roll="none", weak=False, confirms=False)
    if first.confirms or second.confirms:
        return None
    return replace(first, weak=False) if first.first == second.first else None


class _Past:
    """The expression names a moment that is already over and may not move."""


_PAST: Final = _Past()


def _next_day(day: date, expression: _Day) -> date | None:
    if expression.roll == "week":
        return day + timedelta(days=7)
    if expression.roll == "month":
        following = _add_months(day.replace(day=1), 1)
        return _month_end(following.year, following.month)
    if expression.roll == "quarter":
        following = _add_months(day.replace(day=1), 3)
        return _month_end(following.year, following.month)
    if expression.roll == "day_of_month" and expression.month_day is not None:
        return _next_day_of_month(expression.month_day[1], day + timedelta(days=1))
    if expression.roll == "year_month_end":
        return _month_end(day.year + 1, day.month)
    if expression.roll == "year" and expression.month_day is not None:
        return _next_month_day(*expression.month_day, day.year + 1)
    return None


def _resolve(
    expression: _Expression, now: datetime, tz: tzinfo, end_of_day: time
) -> datetime | _Past | None:
    today = now.date()
    wall = expression.wall_time()
    day = expression.day
    part = expression.part
    clock = expression.clock
    if clock is not None and clock.zone is not None and clock.zone is not tz:
        # "в 15 мск" for a user in Berlin: 15:00 on the named day in Moscow, then Berlin's.
        due = _resolve(expression, now.astimezone(clock.zone), clock.zone, end_of_day)
        return due.astimezone(tz) if isinstance(due, datetime) else due
    if day is None and expression.clock is None and (part is None or not part.standalone):
        return None
    if day is None and part is not None and part.today:
        day = _Day(today, "none")
    if day is None:
        assert wall is not None  # a clock or a standalone part of day is present
        due = _at(today, wall, tz)
        begun = part is not None and part.by_morning and now.time() >= _MORNING_BEGINS
        if due > now and not (begun and clock is None):
            return due
        return _at(today + timedelta(days=1), wall, tz)
    current: date | None = day.first
    while current is not None:
        due = _at(expression.calendar_day(current, wall), wall or end_of_day, tz)
        if due > now:
            return due
        # A day said after its end of the day ("сегодня", "31.12.2026") or the last day
        # of a period ("до конца месяца" on the 30th at 20:00): its last minute.
        if wall is None and current == today and (day.roll == "none" or day.period_end):
            late = _at(today, _LAST_MINUTE, tz)
            if late > now:
                return late
            if day.roll == "none":
                return _PAST
            # "до конца недели" in the week's last seconds: the next week's end.
        if part is not None and part.night and expression.clock is None:
            # Said when the night has begun: by its end, not a week later.
            dawn = _at(current, time(_NIGHT_LAST_HOUR), tz)
            if dawn > now:
                return dawn
        current = _next_day(current, day)
    return _PAST


def _pieces(
    text: str, today: date, late: bool = False, workday: Callable[[date], bool] | None = None
) -> list[tuple[int, int, int, _Piece]]:
    context = _Context(text, today, late, workday)
    found: list[tuple[int, int, int, _Piece]] = []
    gates = {gate: gate.search(text) is not None for gate in _GATES}
    enabled = [rule.gate is None or gates[rule.gate] for rule in _RULES]
    for priority, m in _SCAN.matches(text, enabled):
        piece = _RULES[priority].build(m, context)
        if piece is not None:
            found.append((m.start(), m.end(), priority, piece))
    found.sort(key=lambda hit: (hit[0], hit[0] - hit[1], hit[2]))
    chosen: list[tuple[int, int, int, _Piece]] = []
    reached = 0
    for hit in found:
        if hit[0] >= reached:
            chosen.append(hit)
            reached = hit[1]
    return chosen


def find_date(
    text: str,
    *,
    now: datetime,
    tz: ZoneInfo,
    end_of_day: time = time(18, 0),
    workday: Callable[[date], bool] | None = None,
) -> DateMatch:
    """Find the first date/time expression in ``text``, resolved against ``now`` in ``tz``;
    ``workday`` tells the user's working days (Monday to Friday without it)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    local_now = now.astimezone(tz)
    late = local_now.time() >= end_of_day
    hits = _pieces(text, local_now.date(), late, workday)
    problems = [piece.fragment for *_, piece in hits if isinstance(piece, _Bad)]
    index = 0
    while index < len(hits):
        start, end, _, piece = hits[index]
        index += 1
        if isinstance(piece, _Bad):
            continue
        if isinstance(piece, _Day) and piece.confirms and not _confirmed(text, end, hits, index):
            continue
        if isinstance(piece, _Day) and piece.of_time:
            continue  # "итоги пятницы": no time before it to be the day of
        if isinstance(piece, _Delta):
            due = (local_now.astimezone(UTC) + piece.delta).astimezone(tz)
            zoned = _zone_after(text, end)
            if zoned is not None:
                end = zoned[1]  # "in 2 hours UTC": a count is the same in any zone
            return DateMatch(
                due, True, _without_date(text, start, end), tuple(problems), (start, end)
            )
        later = hits[index][3] if index < len(hits) else None
        if (
            isinstance(piece, _Clock)
            and isinstance(later, _Clock)
            and later.target
            and _GAP.fullmatch(text, end, hits[index][0])
            and _MOVE_VERB.search(text)
        ):
            continue  # "перенесли созвон с 14:00 на 16:00": the new time; the old stays
        ranged = False
        if isinstance(piece, _Day) and index < len(hits):
            link = _RANGE_LINK.fullmatch(text, end, hits[index][0])
            following = hits[index][3]
            opens = piece.bound == "start" or (link is not None and link["tight"])
            if opens and link is not None and isinstance(following, _Day):
                if following.bound == "target" or (link["to"] and _MOVE_VERB.search(text)):
                    # "перенести с пятницы на понедельник": the new day is the date, and
                    # the old one stays in the title as what was moved.
                    if link["to"]:
                        hits[index] = (link.start("to"), *hits[index][1:])
                    continue
                if link["tight"] or link["dash"] or link["to"] or following.bound == "end":
                    end = hits[index][1]  # "с пятницы до понедельника": the range's start
                    index += 1
                    ranged = True
                    piece = _end_if_under_way(piece, following, local_now.date(), late) or piece
        expression = _Expression()
        expression.take(piece)
        end = _zoned(expression, piece, text, end)
        broken = False
        while index < len(hits) and _GAP.fullmatch(text, end, hits[index][0]):
            following = hits[index][3]
            dotted = (isinstance(following, _Clock) and following.dotted) or (
                expression.clock is not None and expression.clock.dotted
            )
            if dotted and not _ADJACENT.fullmatch(text, end, hits[index][0]):
                break  # "Клиент заплатил 15.00, завтра созвон": a figure, then a day
            if isinstance(following, _Bad):
                broken = True
            elif not expression.take(following):
                break
            end = _zoned(expression, following, text, hits[index][1])
            index += 1
        if broken or expression.ago or (expression.after is not None and expression.day is None):
            continue  # "вчера в 15": a fact, not a date, and nothing to complain of
        if expression.yields_to_night:
            continue  # "14:00 в ночь на пятницу": the night is the date, 14:00 stays
        if expression.night_conflict:
            problems.append(text[start:end])  # "завтра в ночь на субботу": which is it?
            continue
        if expression.day is not None and expression.day.confirms:
            continue  # "30-го в пятницу" (not a Friday): the weekday alone, 30-го stays
        # "в 9:30 планёрка в понедельник": a few words between a time and its day.
        detached: tuple[int, int] | None = None
        if (
            index < len(hits)
            and not ranged
            and _completes(expression, hits[index][3], text[end : hits[index][0]])
            and expression.take(hits[index][3])
        ):
            detached = (hits[index][0], _zoned(expression, hits[index][3], text, hits[index][1]))
            index += 1
        clock = expression.clock
        if clock is not None and clock.weak and expression.day is None and expression.part is None:
            continue
        # A range is a day however it is spelled: "пн–пт".
        day = expression.day
        if day is not None and day.weak and not ranged and not expression.has_time():
            continue
        resolved = _resolve(expression, local_now, tz, end_of_day)
        if resolved is None:
            continue
        if isinstance(resolved, _Past):
            problems.append(text[start:end])
            continue
        without = _without_date(text, start, end)
        if detached is not None:
            # Cut the later span first: the cut only tidies what lies after `end`.
            shift = len(text) - len(text.lstrip())
            rest = _without_date(text.lstrip(), detached[0] - shift, detached[1] - shift)
            without = _without_date(rest, start - shift, end - shift)
        if clock is not None and clock.for_meeting:
            # "завтра к 12 созвону": the title is "к созвону", not "созвону".
            without = _MEETING_DATIVE_LEFT.sub(lambda hit: f"к {hit[0]}", without, count=1)
        return DateMatch(
            resolved,
            expression.has_time(),
            without,
            tuple(problems),
            (start, end),
        )
    return DateMatch(None, False, text.strip(), tuple(problems))


def _end_if_under_way(start: _Day, end: _Day, today: date, late: bool) -> _Day | None:
    """The end of a range of two dates that has begun and not ended: "с 20.11 по 30.11"
    said on the 25th is due on the 30th (as `_date_range` reads "с 20 по 30 ноября"), not
    on next year's 20th. One that starts today has begun once the day is over (`late`):
    before, its start is still ahead. None for any other range."""
    first, last = start.first, end.first
    if start.roll == end.roll == "none" and start.month_day and end.month_day:
        # Both with their year ("с 20.11.2026 по 25.11.2026"): they never move.
        begun = first < today or (late and first == today)
        return replace(end, bound="end") if begun and today <= last else None
    if not start.roll == end.roll == "year":
        return None
    if last < first:  # across the new year: "с 28.12 по 03.01"
        if last >= today:
            return replace(end, roll="none", bound="end")  # begun last December
        last = _next_month_day(last.month, last.day, last.year + 1)
    if (first < today or (late and first == today)) and today <= last:
        return replace(end, first=last, roll="none", bound="end")
    return None


def _zoned(expression: _Expression, piece: _Piece, text: str, end: int) -> int:
    """Where `piece`, just taken, ends: after the zone said right after it when it is
    the expression's clock ("в 15 мск"), which then is that zone's wall time."""
    clock = expression.clock
    if piece is not clock or clock is None or clock.zone is not None:
        return end
    zoned = _zone_after(text, end)
    if zoned is None:
        return end
    expression.clock = replace(clock, zone=zoned[0])
    return zoned[1]


def _confirmed(text: str, end: int, hits: list[tuple[int, int, int, _Piece]], index: int) -> bool:
    """Whether a bare "30-го" ending at `end` has a weekday right after it ("30-го в
    понедельник")."""
    if index >= len(hits) or not _GAP.fullmatch(text, end, hits[index][0]):
        return False
    following = hits[index][3]
    return isinstance(following, _Day) and following.weekday


# One to three words and nothing else: no digits, no punctuation, no line break.
_FEW_WORDS: Final = re.compile(r"[^\S\n]+(?:[^\W\d_][\w-]*[^\S\n]+){1,3}")


_JOINER: Final = re.compile(r"(?<!\w)(?:и|а|или|но|потом|затем|and|or|but|then)(?!\w)", _I)


def _completes(expression: _Expression, piece: _Piece, between: str) -> bool:
    """Whether `piece`, a few words on, is what the expression lacks: its day, or its
    time. Weak pieces need a neighbour, and "и"/"and" starts another thing."""
    if not _FEW_WORDS.fullmatch(between) or _JOINER.search(between):
        return False
    day, clock = expression.day, expression.clock
    if isinstance(piece, _Day):
        # A weak clock, too, when the meeting it is the time of is what lies between:
        # "к 10 планёрка в пятницу" (alone, "к 10 планёрка" has no day to be on).
        sure_clock = clock is not None and (
            not clock.weak or _MEETING_BY_HOUR.match(between) is not None
        )
        # "в 15 итоги пятницы": a genitive weekday is the day of a time only beside it.
        return day is None and sure_clock and not (piece.weak or piece.confirms or piece.of_time)
    if isinstance(piece, _Clock):
        sure_day = day is not None and not day.weak
        return clock is None and expression.part is None and sure_day and not piece.weak
    return False


# Whether a piece is a day does not depend on the day it is read on, so
# `names_day` reads on a fixed one.
_ANY_DAY: Final = date(2026, 1, 1)


def names_day(text: str) -> bool:
    """True if ``text`` names a day or a span from now ("by Friday", "завтра", "5.12",
    "in 2 hours"); a clock time alone ("at 10") is not one."""
    hits = _pieces(text, _ANY_DAY)
    return any(
        isinstance(piece, _Delta)
        or (
            isinstance(piece, _Day)
            and not (piece.weak or piece.confirms)
            and (not piece.of_time or _of_time_before(text, hits, index))
        )
        for index, (*_, piece) in enumerate(hits)
    )


def _of_time_before(text: str, hits: list[tuple[int, int, int, _Piece]], index: int) -> bool:
    """Whether the genitive weekday at `index` has the time it is the day of right before
    it ("до 15:00 пятницы"), as `_Expression.take` joins them."""
    if index == 0 or not _GAP.fullmatch(text, hits[index - 1][1], hits[index][0]):
        return False
    before = hits[index - 1][3]
    return isinstance(before, _Clock | _Daypart) or (isinstance(before, _Day) and before.soft)


@dataclass(frozen=True, slots=True)
class NamedDay:
    """The day a search names and the rest of its words."""

    day: date
    rest: str

    def span(self, tz: ZoneInfo) -> tuple[datetime, datetime]:
        """The day in ``tz``: its first moment and the next day's."""
        start = datetime.combine(self.day, time(0), tzinfo=tz)
        return start, datetime.combine(self.day + timedelta(days=1), time(0), tzinfo=tz)


# A date read for a deadline is the next one ahead, but a search looks back too.
_SEARCH_LOOKS_BACK: Final = timedelta(days=365)


def day_named(
    text: str,
    *,
    now: datetime,
    tz: ZoneInfo,
    end_of_day: time = time(18, 0),
    workday: Callable[[date], bool] | None = None,
) -> NamedDay | None:
    """The day ``text`` names for a search ("15 декабря", "Dec 15", "завтра"), or None.

    ``find_date`` reads "1 декабря" said on the 4th as next year's, a deadline still
    ahead; a search for it means the one just gone. So the text is read as of now and
    as of a year ago, and the day nearer today wins ("15.12.2025" said in 2026 is read
    only the second way). A clock alone ("10:00") names no day."""
    if not names_day(text):
        return None
    today = now.astimezone(tz).date()
    nearest: NamedDay | None = None
    for moment in (now, now - _SEARCH_LOOKS_BACK):
        found = find_date(text, now=moment, tz=tz, end_of_day=end_of_day, workday=workday)
        if found.due is None:
            continue
        named = NamedDay(found.due.astimezone(tz).date(), found.text_without)
        if nearest is None or abs(named.day - today) < abs(nearest.day - today):
            nearest = named
    return nearest


def names_past_day(text: str) -> bool:
    """True if ``text`` names a day that is over whenever it is read ("вчера", "last
    Monday", "на прошлой неделе")."""
    return any(isinstance(piece, _Ago) for *_, piece in _pieces(text, _ANY_DAY))


_OPENING: Final = " \t\n,;:—–-"
_CLOSING: Final = ' \t\n,;—–-(«"'


# A preposition no rule took with its date ("move the call to Monday"): it would dangle,
# and so would "ближе" before "к вечеру", "к пятнице" ("closer to").
_DANGLING: Final = re.compile(
    r"(?<!\w)(?:to|on|at|by|for|before|around|about|на|к|в|во|до|от|около|примерно|ровно"
    r"|ближе|поближе)\s+$",
    _I,
)


_STOP: Final = re.compile(r"^[.!?…]+(?:\s+|$)")


def _without_date(text: str, start: int, end: int) -> str:
    dangling = _DANGLING.search(text, 0, start)
    left = remove_span(text, dangling.start() if dangling else start, end)
    # "Early December?", "(сегодня)!": punctuation alone is no title.
    return "" if all(unicodedata.category(c)[0] in "PZC" for c in left) else left


def _trimmed(text: str, chars: str, strip: Callable[[str, str | None], str]) -> str:
    """`text` without `chars` and any whitespace (such as "\x1f", which `chars` lacks)."""
    while (shorter := strip(strip(text, chars), None)) != text:
        text = shorter
    return text


def remove_span(text: str, start: int, end: int) -> str:
    """Cut ``text[start:end]`` out and tidy the spaces and punctuation at the seam."""
    left = text[:start].strip()
    right = text[end:].strip()
    if not right:
        return _trimmed(left, _CLOSING, str.rstrip)
    if not left:
        # "завтра 12.00. Сумма 500": the full stop ended the date, not the title.
        return _STOP.sub("", _trimmed(right, _OPENING, str.lstrip), count=1)
    if left[-1] in "(«" and right[0] in ")»":
        left, right = left[:-1].rstrip(), right[1:].lstrip()
        if not left or not right:
            return (left + right).strip(" ,;—–-")
    if left[-1] in ",;:—–-" and right[0] in ",;.!?":
        left = left[:-1].rstrip()
    if right[0] in ",.;:!?)»":
        return left + right
    return f"{left} {right}"
