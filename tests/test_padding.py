from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.padding import (
    DEFAULT_CALENDAR,
    DEFAULT_POLICY,
    BusinessCalendar,
    PadArgumentError,
    PadChange,
    PadCommand,
    PaddingPolicy,
    UnknownCountryError,
    client_due,
    internal_due_for_client_date,
    parse_pad_argument,
    parse_pad_change,
    read_pad_command,
)

MOSCOW = ZoneInfo("Europe/Moscow")
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
CAIRO = ZoneInfo("Africa/Cairo")
RU = BusinessCalendar("RU")
US = BusinessCalendar("US")

# 2026-11-30 is a Monday.
MONDAY_10 = datetime(2026, 11, 30, 10, 0, tzinfo=MOSCOW)


def at(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, tz: ZoneInfo = MOSCOW
) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=tz)


def pad(
    due: datetime,
    captured: datetime = MONDAY_10,
    tz: ZoneInfo = MOSCOW,
    *,
    policy: PaddingPolicy = DEFAULT_POLICY,
    calendar: BusinessCalendar = DEFAULT_CALENDAR,
) -> datetime:
    return client_due(due, captured, tz=tz, policy=policy, calendar=calendar)


# --- worked examples -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        pytest.param(at(2026, 12, 1, 18), at(2026, 12, 2, 18), id="tue-18-to-wed"),
        pytest.param(at(2026, 12, 4, 18), at(2026, 12, 7, 18), id="fri-18-to-next-mon"),
        pytest.param(at(2026, 12, 1, 20), at(2026, 12, 3, 18), id="tue-20-to-thu"),
    ],
)
def test_worked_examples(due: datetime, expected: datetime) -> None:
    assert pad(due) == expected


def test_long_lead_uses_percent() -> None:
    # Lead 30 days 8 h; 25 % ≈ 7 days 14 h → 8 Jan 08:00 → EOB the same day.
    result = pad(at(2026, 12, 31, 18), captured=at(2026, 12, 1, 10))
    assert result == at(2027, 1, 8, 18)


def test_long_lead_skips_russian_new_year_holidays() -> None:
    # holidays RU: 31 Dec 2026 and 1–8 Jan 2027 are days off (8 Jan is a Friday),
    # so the first business day of 2027 is Monday 11 Jan. The 25 % term alone
    # lands there; the one-business-day term counts from the business day the
    # holiday deadline falls in (11 Jan) and lands on Tuesday 12 Jan.
    assert not RU.is_business_day(date(2026, 12, 31))
    assert not RU.is_business_day(date(2027, 1, 8))
    assert RU.next_business_day(date(2026, 12, 30)) == date(2027, 1, 11)
    captured = at(2026, 12, 1, 10)
    result = pad(at(2026, 12, 31, 18), captured, calendar=RU)
    assert result == at(2027, 1, 12, 18)
    percent_only = PaddingPolicy(min_business_days=0)
    assert pad(at(2026, 12, 31, 18), captured, calendar=RU, policy=percent_only) == at(
        2027, 1, 11, 18
    )
    # Monotonicity forces this: 30 Dec 19:00 (after hours on the last working day)
    # is already promised for 12 Jan, and a later deadline cannot be promised sooner.
    assert pad(at(2026, 12, 30, 19), captured, calendar=RU) == at(2027, 1, 12, 18)


def test_result_is_aware_in_the_users_zone() -> None:
    result = pad(at(2026, 12, 1, 15).astimezone(UTC), captured=MONDAY_10.astimezone(UTC))
    assert result.tzinfo is MOSCOW
    assert result == at(2026, 12, 2, 18)


# --- holidays ------------------------------------------------------------------------


def test_us_thanksgiving_is_skipped() -> None:
    captured = at(2026, 11, 24, 10, tz=NEW_YORK)
    due = at(2026, 11, 25, 18, tz=NEW_YORK)  # Wednesday before Thanksgiving
    assert pad(due, captured, tz=NEW_YORK) == at(2026, 11, 26, 18, tz=NEW_YORK)
    assert pad(due, captured, tz=NEW_YORK, calendar=US) == at(2026, 11, 27, 18, tz=NEW_YORK)


def test_us_observed_independence_day() -> None:
    # 4 July 2026 is a Saturday, observed on Friday 3 July.
    captured = at(2026, 7, 1, 10, tz=NEW_YORK)
    due = at(2026, 7, 2, 12, tz=NEW_YORK)
    assert pad(due, captured, tz=NEW_YORK, calendar=US) == at(2026, 7, 6, 18, tz=NEW_YORK)


def test_a_russian_working_saturday_is_a_business_day() -> None:
    # 2025: Saturday 1 Nov was worked for Monday 3 Nov, a day off before 4 Nov's holiday.
    assert RU.is_business_day(date(2025, 11, 1))
    assert not RU.is_business_day(date(2025, 11, 3))
    assert RU.next_business_day(date(2025, 10, 31)) == date(2025, 11, 1)
    assert RU.next_business_day(date(2025, 11, 1)) == date(2025, 11, 5)
    # A Saturday inside the New Year holidays stays off.
    assert not RU.is_business_day(date(2026, 1, 3))
    # Without a country, every Saturday is a day off.
    assert not BusinessCalendar().is_business_day(date(2025, 11, 1))


def test_a_deadline_before_a_working_saturday_is_promised_for_it() -> None:
    captured = at(2025, 10, 30, 10)
    due = at(2025, 10, 31, 18)  # Friday; the next working day is Saturday 1 Nov
    assert pad(due, captured, calendar=RU) == at(2025, 11, 1, 18)
    assert pad(due, captured) == at(2025, 11, 3, 18)


def test_the_countrys_own_weekend() -> None:
    # Israel rests on Friday and Saturday and works on Sunday.
    israel = BusinessCalendar("IL")
    assert not israel.is_business_day(date(2026, 12, 4))  # Friday
    assert israel.is_business_day(date(2026, 12, 6))  # Sunday
    assert israel.next_business_day(date(2026, 12, 3)) == date(2026, 12, 6)


def test_country_code_is_case_insensitive() -> None:
    assert BusinessCalendar("ru").country == "RU"


def test_unknown_country_is_a_clear_value_error() -> None:
    with pytest.raises(ValueError, match="'XX'") as raised:
        BusinessCalendar("XX")
    assert isinstance(raised.value, UnknownCountryError)
    assert "ISO" in str(raised.value)


def test_no_country_means_weekends_only() -> None:
    calendar = BusinessCalendar()
    assert calendar.is_business_day(date(2027, 1, 1))  # a Friday
    assert not calendar.is_business_day(date(2027, 1, 2))
    assert calendar.next_business_day(date(2027, 1, 1)) == date(2027, 1, 4)


# --- end of day edges ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        pytest.param(at(2026, 12, 1, 18), at(2026, 12, 1, 18), id="exactly-eob"),
        pytest.param(at(2026, 12, 1, 18, 1), at(2026, 12, 2, 18), id="one-minute-late"),
        pytest.param(at(2026, 12, 1, 0), at(2026, 12, 1, 18), id="midnight"),
        pytest.param(at(2026, 12, 5, 12), at(2026, 12, 7, 18), id="saturday"),
        pytest.param(at(2026, 12, 4, 23, 59), at(2026, 12, 7, 18), id="friday-night"),
    ],
)
def test_eob(moment: datetime, expected: datetime) -> None:
    assert BusinessCalendar().eob(moment) == expected


def test_custom_end_of_business() -> None:
    calendar = BusinessCalendar(end_of_business=time(17, 30))
    assert calendar.eob(at(2026, 12, 1, 17, 45)) == at(2026, 12, 2, 17, 30)


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        pytest.param(at(2026, 12, 1, 18), at(2026, 12, 2, 18), id="due-exactly-18"),
        pytest.param(at(2026, 12, 1, 18, 1), at(2026, 12, 3, 18), id="due-18-01"),
        pytest.param(at(2026, 12, 2, 0), at(2026, 12, 3, 18), id="due-midnight"),
        # A weekend deadline counts from Monday, like one given after Friday's EOB.
        pytest.param(at(2026, 12, 5, 12), at(2026, 12, 8, 18), id="due-saturday"),
        pytest.param(at(2026, 12, 4, 19), at(2026, 12, 8, 18), id="due-friday-evening"),
    ],
)
def test_end_of_day_edges(due: datetime, expected: datetime) -> None:
    assert pad(due, captured=at(2026, 12, 1, 10)) == expected


def test_disabled_policy_returns_the_internal_due_exactly() -> None:
    due = at(2026, 12, 1, 13, 17)
    assert pad(due, policy=PaddingPolicy(enabled=False)) == due


def test_zero_days_and_zero_percent_mean_eob_only() -> None:
    policy = PaddingPolicy(min_business_days=0, percent=0)
    assert pad(at(2026, 12, 1, 13), policy=policy) == at(2026, 12, 1, 18)
    assert pad(at(2026, 12, 1, 19), policy=policy) == at(2026, 12, 2, 18)


def test_more_days_and_percent() -> None:
    assert pad(at(2026, 12, 1, 12), policy=PaddingPolicy(min_business_days=3)) == at(
        2026, 12, 4, 18
    )
    # Lead 26 h at 300 % → 78 h after Tue 12:00 → Fri 18:00.
    assert pad(at(2026, 12, 1, 12), policy=PaddingPolicy(percent=300)) == at(2026, 12, 4, 18)


def test_deadline_before_capture_still_pads_by_days() -> None:
    assert pad(at(2026, 11, 27, 12)) == at(2026, 11, 30, 18)


# --- DST -----------------------------------------------------------------------------


def test_berlin_spring_forward() -> None:
    # Clocks go 02:00 → 03:00 on Sunday 29 March 2026.
    result = pad(at(2026, 3, 27, 17, tz=BERLIN), at(2026, 3, 27, 10, tz=BERLIN), tz=BERLIN)
    assert result == at(2026, 3, 30, 18, tz=BERLIN)
    assert result.utcoffset() == timedelta(hours=2)


def test_berlin_fall_back_with_percent_lead() -> None:
    # Clocks go 03:00 → 02:00 on Sunday 25 October 2026; the lead is 10 days 9 h of
    # real time, 25 % of it lands Thursday morning, EOB Thursday in winter time.
    result = pad(at(2026, 11, 2, 18, tz=BERLIN), at(2026, 10, 23, 10, tz=BERLIN), tz=BERLIN)
    assert result == at(2026, 11, 5, 18, tz=BERLIN)
    assert result.utcoffset() == timedelta(hours=1)
    assert (result.hour, result.minute) == (18, 0)


def test_new_york_spring_forward() -> None:
    # Clocks go 02:00 → 03:00 on Sunday 8 March 2026.
    result = pad(at(2026, 3, 6, 18, tz=NEW_YORK), at(2026, 3, 6, 10, tz=NEW_YORK), tz=NEW_YORK)
    assert result == at(2026, 3, 9, 18, tz=NEW_YORK)
    assert result.utcoffset() == timedelta(hours=-4)


def test_new_york_fall_back() -> None:
    # Clocks go 02:00 → 01:00 on Sunday 1 November 2026.
    result = pad(at(2026, 10, 30, 17, tz=NEW_YORK), at(2026, 10, 30, 9, tz=NEW_YORK), tz=NEW_YORK)
    assert result == at(2026, 11, 2, 18, tz=NEW_YORK)
    assert result.utcoffset() == timedelta(hours=-5)


def test_nonexistent_eob_resolves_forward() -> None:
    # Cairo skips 00:00–01:00 on Friday 24 April 2026, a business day there by our
    # weekend rule, so an EOB of 00:30 that night becomes 01:30 summer time.
    calendar = BusinessCalendar(end_of_business=time(0, 30))
    result = calendar.eob(at(2026, 4, 23, 12, tz=CAIRO))
    assert result.astimezone(UTC) == datetime(2026, 4, 23, 22, 30, tzinfo=UTC)
    assert (result.hour, result.minute) == (1, 30)


# --- backwards -----------------------------------------------------------------------


def test_backwards_finds_latest_internal_due() -> None:
    # Promising Wed 18:00 leaves the team until Tue 18:00 (18:01 pads to Thu).
    result = internal_due_for_client_date(at(2026, 12, 2, 18), MONDAY_10, tz=MOSCOW)
    assert result == at(2026, 12, 1, 18)
    assert result is not None
    assert result.tzinfo is MOSCOW


def test_backwards_none_when_client_date_is_too_soon() -> None:
    assert internal_due_for_client_date(at(2026, 11, 30, 18), MONDAY_10, tz=MOSCOW) is None
    assert internal_due_for_client_date(at(2026, 11, 29, 18), MONDAY_10, tz=MOSCOW) is None


def test_backwards_with_padding_off_is_the_client_date() -> None:
    off = PaddingPolicy(enabled=False)
    client = at(2026, 12, 2, 15, 30)
    assert internal_due_for_client_date(client, MONDAY_10, tz=MOSCOW, policy=off) == client


def test_backwards_through_russian_new_year() -> None:
    captured = at(2026, 12, 1, 10)
    client = at(2027, 1, 11, 18)
    result = internal_due_for_client_date(client, captured, tz=MOSCOW, calendar=RU)
    assert result is not None
    assert pad(result, captured, calendar=RU) <= client
    assert pad(result + timedelta(minutes=1), captured, calendar=RU) > client


# --- properties ----------------------------------------------------------------------

ZONES = st.sampled_from([MOSCOW, BERLIN, NEW_YORK])
CALENDARS = st.sampled_from([BusinessCalendar(), RU, US, BusinessCalendar("DE")])
POLICIES = st.builds(
    PaddingPolicy,
    min_business_days=st.integers(0, 5),
    percent=st.integers(0, 300),
)
# Instants as UTC minutes from 2026-01-01, covering both DST transitions and New Year.
BASE = datetime(2026, 1, 1, tzinfo=UTC)
MINUTES = st.integers(0, 2 * 365 * 24 * 60)
LEADS = st.integers(-3 * 24 * 60, 120 * 24 * 60)


def instant(minutes: int, tz: ZoneInfo, seconds: int = 0) -> datetime:
    return (BASE + timedelta(minutes=minutes, seconds=seconds)).astimezone(tz)


@given(ZONES, CALENDARS, POLICIES, MINUTES, LEADS, st.integers(0, 59))
def test_client_due_is_a_later_eob_on_a_business_day(
    tz: ZoneInfo,
    calendar: BusinessCalendar,
    policy: PaddingPolicy,
    captured_minutes: int,
    lead: int,
    seconds: int,
) -> None:
    captured = instant(captured_minutes, tz)
    due = instant(captured_minutes + lead, tz, seconds)
    result = client_due(due, captured, tz=tz, policy=policy, calendar=calendar)
    assert result.tzinfo is tz
    assert result.astimezone(UTC) >= due.astimezone(UTC)
    assert calendar.is_business_day(result.date())
    assert result.timetz().replace(tzinfo=None) == calendar.end_of_business


@given(ZONES, CALENDARS, POLICIES, MINUTES, LEADS, st.integers(0, 30 * 24 * 60))
def test_client_due_is_monotonic(
    tz: ZoneInfo,
    calendar: BusinessCalendar,
    policy: PaddingPolicy,
    captured_minutes: int,
    lead: int,
    gap: int,
) -> None:
    captured = instant(captured_minutes, tz)
    earlier = instant(captured_minutes + lead, tz)
    later = instant(captured_minutes + lead + gap, tz)
    first = client_due(earlier, captured, tz=tz, policy=policy, calendar=calendar)
    second = client_due(later, captured, tz=tz, policy=policy, calendar=calendar)
    assert first.astimezone(UTC) <= second.astimezone(UTC)


@settings(max_examples=60)
@given(ZONES, CALENDARS, POLICIES, MINUTES, st.integers(1, 60 * 24 * 60), st.booleans())
def test_backwards_is_the_latest_fitting_minute(
    tz: ZoneInfo,
    calendar: BusinessCalendar,
    policy: PaddingPolicy,
    captured_minutes: int,
    lead: int,
    enabled: bool,
) -> None:
    policy = PaddingPolicy(policy.min_business_days, policy.percent, enabled)
    captured = instant(captured_minutes, tz, seconds=17)
    client = instant(captured_minutes + lead, tz)
    options = {"tz": tz, "policy": policy, "calendar": calendar}
    result = internal_due_for_client_date(client, captured, **options)  # type: ignore[arg-type]
    if result is None:
        first_minute = instant(captured_minutes + 1, tz)
        assert client_due(first_minute, captured, **options) > client  # type: ignore[arg-type]
        return
    assert result > captured
    assert result.second == 0
    assert result.microsecond == 0
    assert client_due(result, captured, **options) <= client  # type: ignore[arg-type]
    next_minute = result + timedelta(minutes=1)
    assert client_due(next_minute, captured, **options) > client  # type: ignore[arg-type]


# --- /pad arguments ------------------------------------------------------------------

CUSTOM = PaddingPolicy(min_business_days=3, percent=40)


@pytest.mark.parametrize(
    ("argument", "expected"),
    [
        ("2d", PaddingPolicy(2, 40)),
        ("50%", PaddingPolicy(3, 50)),
        ("2d 50%", PaddingPolicy(2, 50)),
        ("50% 2d", PaddingPolicy(2, 50)),
        ("  2 days,  50 % ", PaddingPolicy(2, 50)),
        ("1 day", PaddingPolicy(1, 40)),
        ("2д", PaddingPolicy(2, 40)),
        ("5 дней", PaddingPolicy(5, 40)),
        ("2 дня 10%", PaddingPolicy(2, 10)),
        ("0d 0%", PaddingPolicy(0, 0)),
        ("30d 300%", PaddingPolicy(30, 300)),
        ("OFF", PaddingPolicy(3, 40, enabled=False)),
        ("выкл", PaddingPolicy(3, 40, enabled=False)),
        ("on", CUSTOM),
        ("default", PaddingPolicy()),
        ("по умолчанию", PaddingPolicy()),
    ],
)
def test_parse_pad_argument_accepts(argument: str, expected: PaddingPolicy) -> None:
    assert parse_pad_argument(argument, CUSTOM) == expected


def test_parse_pad_argument_on_after_off_restores_values() -> None:
    off = parse_pad_argument("off", CUSTOM)
    assert parse_pad_argument("on", off) == CUSTOM
    assert parse_pad_argument("2d", off) == PaddingPolicy(2, 40, enabled=True)


def test_parse_pad_argument_defaults_to_the_default_policy() -> None:
    assert parse_pad_argument("2d") == PaddingPolicy(2, 25)


@pytest.mark.parametrize(
    ("argument", "reason"),
    [
        ("", "syntax"),
        ("abc", "syntax"),
        ("2", "syntax"),
        ("2x", "syntax"),
        ("1.5d", "syntax"),
        ("2d50%", "syntax"),
        ("-1d", "negative"),
        ("-10%", "negative"),
        ("31d", "too_large"),
        ("301%", "too_large"),
        ("2d 3d", "repeated"),
        ("10% 20%", "repeated"),
    ],
)
def test_parse_pad_argument_rejects(argument: str, reason: str) -> None:
    with pytest.raises(ValueError, match="/pad 2d 50%") as raised:
        parse_pad_argument(argument)
    assert isinstance(raised.value, PadArgumentError)
    assert raised.value.reason == reason


@pytest.mark.parametrize(
    ("argument", "expected"),
    [
        ("50%", PadChange(percent=50, enabled=True)),
        ("2d", PadChange(days=2, enabled=True)),
        ("2d 50%", PadChange(days=2, percent=50, enabled=True)),
        ("off", PadChange(enabled=False)),
        ("on", PadChange(enabled=True)),
        ("default", PadChange(reset=True)),
    ],
)
def test_parse_pad_change_names_only_what_was_said(argument: str, expected: PadChange) -> None:
    assert parse_pad_change(argument) == expected


@pytest.mark.parametrize(
    ("argument", "expected"),
    [
        ("", PadCommand(None, None)),
        ("2d", PadCommand(None, PadChange(days=2, enabled=True))),
        ("Acme 50%", PadCommand("Acme", PadChange(percent=50, enabled=True))),
        ("Acme 2d 50%", PadCommand("Acme", PadChange(days=2, percent=50, enabled=True))),
        ("Acme Corp off", PadCommand("Acme Corp", PadChange(enabled=False))),
        ("Ромашка по умолчанию", PadCommand("Ромашка", PadChange(reset=True))),
        ("Acme", PadCommand("Acme", None)),
        ("2 x", PadCommand("2 x", None)),
    ],
)
def test_read_pad_command(argument: str, expected: PadCommand) -> None:
    assert read_pad_command(argument) == expected


@pytest.mark.parametrize(
    ("argument", "reason"), [("500%", "too_large"), ("Acme 31d", "too_large"), ("-5d", "negative")]
)
def test_read_pad_command_tells_why_a_padding_is_wrong(argument: str, reason: str) -> None:
    with pytest.raises(PadArgumentError) as raised:
        read_pad_command(argument)
    assert raised.value.reason == reason


def test_policy_validates_directly() -> None:
    with pytest.raises(ValueError, match="negative"):
        PaddingPolicy(min_business_days=-1)
