from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bot.recurrence as recurrence_module
from bot.i18n import LANGUAGES, translator
from bot.models import Language
from bot.recurrence import Recurrence, RecurrenceMatch, find_recurrence

MOSCOW = ZoneInfo("Europe/Moscow")
BERLIN = ZoneInfo("Europe/Berlin")


def weekly(weekday: int, hour: int = 10, minute: int = 0) -> Recurrence:
    return Recurrence("weekly", weekday=weekday, at=time(hour, minute))


def monthly(day: int, hour: int = 10, minute: int = 0) -> Recurrence:
    return Recurrence("monthly", day_of_month=day, at=time(hour, minute))


def daily(hour: int = 10, minute: int = 0) -> Recurrence:
    return Recurrence("daily", at=time(hour, minute))


def weekdays(hour: int = 10, minute: int = 0) -> Recurrence:
    return Recurrence("weekdays", at=time(hour, minute))


# --- recognising ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "recurrence", "rest"),
    [
        ("каждый понедельник в 11 созвон с Acme", weekly(0, 11), "созвон с Acme"),
        ("every Monday 11am check-in with Acme", weekly(0, 11), "check-in with Acme"),
        ("каждый день в 9:30 планёрка", daily(9, 30), "планёрка"),
        ("по будням в 10 стендап", weekdays(10), "стендап"),
        ("every weekday at 10 standup", weekdays(10), "standup"),
        ("каждое 5 число отчёт", monthly(5), "отчёт"),
        ("every month on the 5th invoice Acme", monthly(5), "invoice Acme"),
        ("ежемесячно 1 числа", monthly(1), ""),
        ("еженедельно по пятницам в 16", weekly(4, 16), ""),
    ],
)
def test_brief_phrases(text: str, recurrence: Recurrence, rest: str) -> None:
    assert find_recurrence(text) == RecurrenceMatch(recurrence, rest)


@pytest.mark.parametrize(
    ("text", "recurrence", "rest"),
    [
        # times
        ("каждую среду в 9.30 ревью", weekly(2, 9, 30), "ревью"),
        ("каждую среду в 3 дня ревью", weekly(2, 15), "ревью"),
        ("по средам в 9 утра", weekly(2, 9), ""),
        ("в 7 вечера каждый четверг йога", weekly(3, 19), "йога"),
        ("каждый вторник в 11 часов сверка", weekly(1, 11), "сверка"),
        ("every Friday at 3pm demo", weekly(4, 15), "demo"),
        ("every Friday at 3 p.m. demo", weekly(4, 15), "demo"),
        ("every Tuesday at 15:00 review", weekly(1, 15), "review"),
        ("every tuesday at noon lunch", weekly(1, 12), "lunch"),
        ("every day at 12am backup", daily(0), "backup"),
        ("daily standup at 9.45", daily(9, 45), "standup"),
        # a time elsewhere in the message
        ("созвон с Acme каждый понедельник в 11", weekly(0, 11), "созвон с Acme"),
        ("каждый понедельник созвон с Acme в 11:30", weekly(0, 11, 30), "созвон с Acme"),
        ("at 3pm every Friday demo", weekly(4, 15), "demo"),
        ("созвон, каждый вторник, в 12, с Acme", weekly(1, 12), "созвон, с Acme"),
        # weekly variants
        ("каждое воскресенье план недели", weekly(6), "план недели"),
        ("по понедельникам в 10 отчёт", weekly(0, 10), "отчёт"),
        ("раз в неделю во вторник в 14 sync", weekly(1, 14), "sync"),
        ("on Mondays at 10 sync", weekly(0, 10), "sync"),
        ("weekly on Thursday 16:00 report", weekly(3, 16), "report"),
        ("every Wed 11:15 retro", weekly(2, 11, 15), "retro"),
        # weekdays and daily variants
        ("каждый рабочий день в 18 итоги", weekdays(18), "итоги"),
        ("on weekdays at 9am inbox zero", weekdays(9), "inbox zero"),
        ("ежедневно в 9:00 почта", daily(9), "почта"),
        ("every day check mail", daily(), "check mail"),
        # monthly variants
        ("каждого 15-го числа в 12:00 счёт", monthly(15, 12), "счёт"),
        ("15-го числа каждого месяца акт", monthly(15), "акт"),
        ("ежемесячно 5-го в 11 сверка", monthly(5, 11), "сверка"),
        ("on the 1st of every month at 9am rent", monthly(1, 9), "rent"),
        ("monthly on the 31st close books", monthly(31), "close books"),
        ("отчёт в последний день каждого месяца в 17:00", monthly(31, 17), "отчёт"),
        ("every month on the last day payroll", monthly(31), "payroll"),
    ],
)
def test_more_phrases(text: str, recurrence: Recurrence, rest: str) -> None:
    assert find_recurrence(text) == RecurrenceMatch(recurrence, rest)


@pytest.mark.parametrize(
    "text",
    [
        "каждый раз он просит",
        "каждый день рождения поздравляем",
        "отчёт в среду",
        "every time he asks",
        "every other day off",
        "в понедельник созвон в 11",
        "каждое 32 число отчёт",
        "каждое 0 число отчёт",
        "",
    ],
)
def test_not_a_recurrence(text: str) -> None:
    assert find_recurrence(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "they are closed on Fridays",
        "CEO is out on Mondays",
        "Acme wants the report on Fridays",
        "по пятницам у них короткий день",
        "по средам созвоны с Globex",
    ],
)
def test_a_plural_weekday_alone_is_a_habit_not_a_schedule(text: str) -> None:
    assert find_recurrence(text) is None


@pytest.mark.parametrize(
    ("text", "recurrence", "rest"),
    [
        ("remind me on Fridays to send the report", weekly(4, 10), "remind me to send the report"),
        ("напоминай по пятницам про отчёт", weekly(4, 10), "напоминай про отчёт"),
        ("every Friday report", weekly(4, 10), "report"),
        ("weekly on Fridays report", weekly(4, 10), "report"),
    ],
)
def test_a_plural_weekday_schedules_when_asked_to_remind(
    text: str, recurrence: Recurrence, rest: str
) -> None:
    match = find_recurrence(text)
    assert match is not None
    assert (match.recurrence, match.text_without) == (recurrence, rest)


@pytest.mark.parametrize(
    ("text", "recurrence", "rest"),
    [
        pytest.param(
            "daily at 10 standup with Acme", daily(10), "standup with Acme", id="time-after"
        ),
        pytest.param("every day 9am check mail", daily(9), "check mail", id="every-day"),
        pytest.param("ежедневно в 10 созвон", daily(10), "созвон", id="ru-adverb"),
        pytest.param("ежедневно созвон с Acme", daily(), "созвон с Acme", id="ru-adverb-no-time"),
        pytest.param("standup daily", daily(), "standup", id="at-the-end"),
        pytest.param("check mail daily at 9", daily(9), "check mail", id="after-the-verb"),
        pytest.param("daily: check mail", daily(), "check mail", id="heading"),
        pytest.param("at 10 daily standup", daily(10), "standup", id="time-before"),
        pytest.param("everyday at 8 gym", daily(8), "gym", id="everyday"),
        pytest.param("ежедневный созвон в 10", daily(10), "созвон", id="ru-adjective-time"),
        pytest.param(
            "ежедневная планёрка в 9:30 с Acme", daily(9, 30), "планёрка с Acme", id="ru-feminine"
        ),
        pytest.param(
            "отправить ежедневный отчёт Acme в 18:00",
            daily(18),
            "отправить отчёт Acme",
            id="time-two-words-after",
        ),
        # "every"/"каждый" schedules even next to a one-off day, which stays in the text.
        pytest.param(
            "каждый день до пятницы присылать отчёт",
            daily(),
            "до пятницы присылать отчёт",
            id="every-with-date",
        ),
        pytest.param(
            "every day until Friday send report", daily(), "until Friday send report", id="en-every"
        ),
        # A loose "daily" that is not a schedule gives way to a later phrase.
        pytest.param(
            "daily report every Monday at 10", weekly(0, 10), "daily report", id="later-phrase"
        ),
    ],
)
def test_daily_used_as_a_schedule(text: str, recurrence: Recurrence, rest: str) -> None:
    assert find_recurrence(text) == RecurrenceMatch(recurrence, rest)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("daily report", id="adjective"),
        pytest.param("daily standup notes", id="adjective-two-nouns"),
        pytest.param("the daily report to Acme", id="article"),
        pytest.param("send the daily report to Acme by Friday", id="with-deadline"),
        pytest.param("everyday tasks", id="everyday-adjective"),
        pytest.param("ежедневный отчёт", id="ru-adjective"),
        pytest.param("ежедневный отчёт к пятнице", id="ru-adjective-with-deadline"),
        pytest.param("ежедневный отчёт завтра в 10", id="ru-adjective-tomorrow"),
        pytest.param("ежедневно до пятницы присылать отчёт", id="ru-adverb-with-deadline"),
        pytest.param("daily sync tomorrow at 10", id="with-tomorrow"),
        pytest.param("daily report in 2 hours", id="with-offset"),
        pytest.param("daily standup with Acme team at 10", id="time-too-far"),
    ],
)
def test_daily_not_used_as_a_schedule(text: str) -> None:
    assert find_recurrence(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "каждый понедельник в 25:00 созвон",
        "каждый день в 9:75 планёрка",
        "every Monday at 13pm sync",
    ],
)
def test_impossible_time_is_not_a_recurrence(text: str) -> None:
    assert find_recurrence(text) is None


def test_quantity_after_preposition_is_not_a_time() -> None:
    match = find_recurrence("каждый понедельник в 2 раза больше звонков")
    assert match == RecurrenceMatch(weekly(0), "в 2 раза больше звонков")


def test_date_like_numbers_are_not_times() -> None:
    match = find_recurrence("каждый понедельник отчёт за 5.06")
    assert match == RecurrenceMatch(weekly(0), "отчёт за 5.06")


# --- stepping ------------------------------------------------------------------------


def local(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, tz: ZoneInfo = MOSCOW
) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=tz)


def test_weekly_next_after_is_strictly_after() -> None:
    rule = weekly(0, 11)  # 2026-11-30 is a Monday
    assert rule.next_after(local(2026, 11, 30, 10, 59), MOSCOW) == local(2026, 11, 30, 11)
    assert rule.next_after(local(2026, 11, 30, 11), MOSCOW) == local(2026, 12, 7, 11)
    assert rule.next_after(local(2026, 11, 26, 12), MOSCOW) == local(2026, 11, 30, 11)


def test_weekdays_skip_the_weekend() -> None:
    rule = weekdays(10)
    assert rule.next_after(local(2026, 12, 4, 10), MOSCOW) == local(2026, 12, 7, 10)
    assert rule.next_after(local(2026, 12, 5, 9), MOSCOW) == local(2026, 12, 7, 10)
    assert rule.next_after(local(2026, 12, 7, 9), MOSCOW) == local(2026, 12, 7, 10)


def test_daily_next_after() -> None:
    rule = daily(9, 30)
    assert rule.next_after(local(2026, 12, 31, 9, 30), MOSCOW) == local(2027, 1, 1, 9, 30)


@pytest.mark.parametrize(
    ("day", "after", "expected"),
    [
        pytest.param(31, local(2026, 1, 31, 12), local(2026, 2, 28, 10), id="31st-in-february"),
        pytest.param(31, local(2028, 1, 31, 12), local(2028, 2, 29, 10), id="leap-year"),
        pytest.param(31, local(2026, 2, 28, 12), local(2026, 3, 31, 10), id="back-to-31"),
        pytest.param(30, local(2026, 4, 30, 10), local(2026, 5, 30, 10), id="30th"),
        pytest.param(5, local(2026, 12, 5, 11), local(2027, 1, 5, 10), id="across-year-end"),
        pytest.param(5, local(2026, 12, 5, 9), local(2026, 12, 5, 10), id="same-day"),
    ],
)
def test_monthly_next_after(day: int, after: datetime, expected: datetime) -> None:
    assert monthly(day).next_after(after, MOSCOW) == expected


def test_next_after_converts_to_the_zone() -> None:
    after = datetime(2026, 11, 30, 7, 30, tzinfo=UTC)  # 10:30 in Moscow
    result = weekly(0, 11).next_after(after, MOSCOW)
    assert result == local(2026, 11, 30, 11)
    assert result.tzinfo is MOSCOW


def test_next_after_keeps_wall_clock_across_berlin_dst() -> None:
    rule = weekly(0, 9)
    spring = rule.next_after(local(2026, 3, 27, 12, tz=BERLIN), BERLIN)
    assert spring == local(2026, 3, 30, 9, tz=BERLIN)
    assert spring.utcoffset() == timedelta(hours=2)
    autumn = rule.next_after(local(2026, 10, 23, 12, tz=BERLIN), BERLIN)
    assert autumn == local(2026, 10, 26, 9, tz=BERLIN)
    assert autumn.utcoffset() == timedelta(hours=1)


def test_nonexistent_time_resolves_forward_and_ambiguous_takes_first() -> None:
    rule = daily(2, 30)
    # 02:30 does not exist on 29 March 2026 in Berlin.
    spring = rule.next_after(local(2026, 3, 29, 0, tz=BERLIN), BERLIN)
    assert spring.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert (spring.hour, spring.minute) == (3, 30)
    # 02:30 happens twice on 25 October 2026; fire once, at the first.
    autumn = rule.next_after(local(2026, 10, 25, 0, tz=BERLIN), BERLIN)
    assert autumn.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    following = rule.next_after(autumn, BERLIN)
    assert following.astimezone(UTC) == datetime(2026, 10, 26, 1, 30, tzinfo=UTC)


LONDON = ZoneInfo("Europe/London")


def test_a_new_zone_keeps_the_day_of_the_pending_occurrence() -> None:
    rule = daily(12)
    # Today's 12:00 in Moscow was sent; at 12:30 the user moves to London (09:30 there).
    pending = local(2026, 11, 26, 12)
    now = local(2026, 11, 25, 12, 30)
    moved = rule.in_new_zone(pending, old=MOSCOW, new=LONDON, now=now)
    assert moved == local(2026, 11, 26, 12, tz=LONDON)  # not today's 12:00 in London


def test_a_new_zone_where_the_time_has_passed_takes_the_next_occurrence() -> None:
    rule = daily(12)
    # Set up at 10:00 UTC as "today 12:00 UTC"; the user is in fact in Moscow (13:00).
    pending = datetime(2026, 11, 25, 12, tzinfo=UTC)
    now = datetime(2026, 11, 25, 10, tzinfo=UTC)
    moved = rule.in_new_zone(pending, old=ZoneInfo("UTC"), new=MOSCOW, now=now)
    assert moved == local(2026, 11, 26, 12)


def test_a_new_zone_leaves_an_occurrence_already_due() -> None:
    pending = local(2026, 11, 25, 12)
    moved = daily(12).in_new_zone(pending, old=MOSCOW, new=LONDON, now=local(2026, 11, 25, 13))
    assert moved == pending


def test_next_after_rejects_naive() -> None:
    with pytest.raises(ValueError, match="aware"):
        daily().next_after(datetime(2026, 1, 1), MOSCOW)


# --- describing and storing ----------------------------------------------------------


@pytest.mark.parametrize(
    ("recurrence", "ru", "en"),
    [
        (weekly(0, 11), "каждый понедельник в 11:00", "every Monday at 11:00"),
        (weekly(2, 9, 5), "каждую среду в 09:05", "every Wednesday at 09:05"),
        (weekly(6), "каждое воскресенье в 10:00", "every Sunday at 10:00"),
        (daily(9, 30), "каждый день в 09:30", "every day at 09:30"),
        (weekdays(10), "по будням в 10:00", "every weekday at 10:00"),
        (monthly(5), "каждый месяц 5-го числа в 10:00", "every month on the 5th at 10:00"),
        (monthly(22), "каждый месяц 22-го числа в 10:00", "every month on the 22nd at 10:00"),
        (
            monthly(31),
            "каждый месяц 31-го числа (в коротких месяцах — в последний день) в 10:00",
            "every month on the 31st (the last day in shorter months) at 10:00",
        ),
    ],
)
def test_describe(recurrence: Recurrence, ru: str, en: str) -> None:
    assert recurrence.describe("ru") == ru
    assert recurrence.describe("en") == en


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_day_of_a_month_has_its_ordinal(language: Language) -> None:
    ordinals = translator(language)("recurrence.ordinals").split()
    assert len(ordinals) == 31
    for day, ordinal in enumerate(ordinals, start=1):
        assert ordinal.startswith(str(day))
        assert ordinal in monthly(day).describe(language)


@pytest.mark.parametrize(
    ("recurrence", "rule"),
    [
        (weekly(0, 11), "weekly;0;11:00"),
        (daily(9, 30), "daily;;09:30"),
        (weekdays(), "weekdays;;10:00"),
        (monthly(31, 23, 59), "monthly;31;23:59"),
    ],
)
def test_to_rule(recurrence: Recurrence, rule: str) -> None:
    assert recurrence.to_rule() == rule
    assert Recurrence.from_rule(rule) == recurrence


@given(
    st.sampled_from(["daily", "weekdays", "weekly", "monthly"]),
    st.integers(0, 6),
    st.integers(1, 31),
    st.integers(0, 23),
    st.integers(0, 59),
)
def test_rule_round_trips(freq: str, weekday: int, day: int, hour: int, minute: int) -> None:
    recurrence = Recurrence(
        freq,  # type: ignore[arg-type]
        weekday=weekday if freq == "weekly" else None,
        day_of_month=day if freq == "monthly" else None,
        at=time(hour, minute),
    )
    assert Recurrence.from_rule(recurrence.to_rule()) == recurrence


@given(
    st.sampled_from(["daily", "weekdays", "weekly", "monthly"]),
    st.integers(0, 6),
    st.integers(1, 31),
    st.integers(0, 23),
    st.integers(0, 59),
    st.datetimes(
        min_value=datetime(2025, 1, 1),
        max_value=datetime(2028, 12, 31),
        timezones=st.just(UTC),
    ),
)
def test_next_after_is_a_strictly_later_occurrence(
    freq: str, weekday: int, day: int, hour: int, minute: int, after: datetime
) -> None:
    recurrence = Recurrence(
        freq,  # type: ignore[arg-type]
        weekday=weekday if freq == "weekly" else None,
        day_of_month=day if freq == "monthly" else None,
        at=time(hour, minute),
    )
    result = recurrence.next_after(after, BERLIN)
    assert result.tzinfo is BERLIN
    assert result > after
    assert recurrence.occurs_on(result.date())
    # Nothing earlier qualifies: the previous day's occurrence is not after `after`.
    previous = recurrence.next_after(after - timedelta(days=62), BERLIN)
    while previous < result:
        assert previous <= after
        previous = recurrence.next_after(previous, BERLIN)


@pytest.mark.parametrize(
    "rule",
    [
        "",
        "weekly;;11:00",
        "weekly;7;11:00",
        "daily;3;10:00",
        "monthly;0;10:00",
        "monthly;32;10:00",
        "monthly;5;24:00",
        "hourly;;10:00",
        "weekly;0;11:00;extra",
        "weekly;0;1100",
        "weekly;00;11:00",
        "daily;;9:30",
    ],
)
def test_from_rule_rejects(rule: str) -> None:
    with pytest.raises(ValueError, match=r"."):
        Recurrence.from_rule(rule)


def test_constructor_validates() -> None:
    with pytest.raises(ValueError, match="weekday"):
        Recurrence("weekly")
    with pytest.raises(ValueError, match="whole minute"):
        Recurrence("daily", at=time(10, 0, 30))


SCHEDULE_VOCABULARY = (
    "каждый", "каждую", "Каждое", "каждого", "понедельник", "среду", "по", "понедельникам",
    "ПЯТНИЦАМ", "будням", "будним", "рабочим", "дням", "в", "будни", "рабочие", "дни",
    "every", "Each", "Monday", "Mondays", "fri", "on", "weekdays", "workdays", "working",
    "business", "days", "day", "week", "month", "monthly", "Weekly", "daily", "everyday",
    "ежедневно", "ежедневный", "Еженедельно", "ежемесячно", "раз", "неделю", "месяц", "once",
    "a", "the", "last", "of", "5", "5th", "числа", "число", "последний", "день", "месяца",
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    words=st.lists(
        st.one_of(st.sampled_from(SCHEDULE_VOCABULARY), st.text(max_size=4)), max_size=7
    ),
    glue=st.sampled_from([" ", "  ", "\t", " \n"]),
)
def test_the_schedule_word_gate_never_hides_a_phrase(words: list[str], glue: str) -> None:
    # The gate only saves time; a phrase edited to match without one of its words would
    # silently stop recurring check-ins.
    text = glue.join(words)
    for _freq, pattern in recurrence_module._PHRASES:
        if pattern.search(text):
            assert recurrence_module._SCHEDULE_WORDS.search(text.lower()), text
