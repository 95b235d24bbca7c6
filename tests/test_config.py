"""Configuration, the entry point's exit codes, time zones and the text catalogs."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from bot.client_views import format_day
from bot.i18n import (
    LANGUAGES,
    catalog,
    format_clock,
    format_numeric,
    placeholders,
    plural_form,
    translator,
)
from bot.models import Language
from bot.settings import Settings
from bot.zones import (
    ZoneReading,
    format_offset,
    other_offset,
    parse_zone,
    read_zone,
    zone_label,
)

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456789:AAEmulatorTokenForOfflineTests_abcdefg"


def _run_bot(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k.lower() not in Settings.model_fields}
    clean.update(PYTHONPATH=str(ROOT), **env)
    return subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_token_is_one_clear_line_and_exit_2(tmp_path: Path) -> None:
    result = _run_bot(tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "BOT_TOKEN is not set" in lines[0]
    assert "@BotFather" in lines[0]
    assert "Traceback" not in result.stderr


def test_empty_token_from_the_example_env_is_not_set(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("BOT_TOKEN=\nALLOWED_USER_IDS=\n")
    result = _run_bot(tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("BOT_TOKEN is not set")


def test_malformed_token_does_not_echo_it(tmp_path: Path) -> None:
    result = _run_bot(tmp_path, BOT_TOKEN="not-a-token-secret-value")
    assert result.returncode == 2
    assert "BOT_TOKEN is malformed" in result.stderr
    assert "not-a-token-secret-value" not in result.stderr
    assert "Traceback" not in result.stderr


def test_settings_from_env_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(
        f"BOT_TOKEN={TOKEN}\nALLOWED_USER_IDS=1, 22 ,333\nDEFAULT_TIMEZONE=Europe/Moscow\n"
        "DIGEST_TIME=08:30\nTELEGRAM_API_URL=http://127.0.0.1:8081/\nlog_level=debug\n"
    )
    settings = Settings()
    assert settings.allowed_user_ids == frozenset({1, 22, 333})
    assert settings.default_timezone == "Europe/Moscow"
    assert settings.digest_time.strftime("%H:%M") == "08:30"
    assert settings.telegram_api_url == "http://127.0.0.1:8081"
    assert settings.log_level == "DEBUG"
    assert settings.database_path == Path("data/bot.sqlite3")
    assert TOKEN not in repr(settings)


@pytest.mark.parametrize(
    ("env", "value"),
    [("DEFAULT_TIMEZONE", "Mars/Olympus"), ("ALLOWED_USER_IDS", "1,abc"), ("DIGEST_TIME", "27:99")],
)
def test_bad_values_are_rejected(monkeypatch: pytest.MonkeyPatch, env: str, value: str) -> None:
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.setenv(env, value)
    with pytest.raises(ValidationError):
        Settings(_env_file=None)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("Europe/Moscow", "Europe/Moscow"),
        ("europe/moscow", "Europe/Moscow"),
        ("America/New York", "America/New_York"),
        ("+3", "Etc/GMT-3"),
        ("UTC+03:00", "Etc/GMT-3"),
        ("-5", "Etc/GMT+5"),
        ("+5:30", "Asia/Kolkata"),
        ("utc", "UTC"),
        ("+0", "UTC"),
        ("Moscow", "Europe/Moscow"),
        ("london", "Europe/London"),
        ("New York", "America/New_York"),
        ("Buenos Aires", "America/Argentina/Buenos_Aires"),
        ("Москва", "Europe/Moscow"),
        ("MSK", "Europe/Moscow"),
        ("CET", "CET"),
    ],
)
def test_zones_as_users_type_them(text: str, zone: str) -> None:
    parsed = parse_zone(text)
    assert parsed is not None
    assert parsed.key == zone


@pytest.mark.parametrize(
    "text",
    ["Mars/Olympus", "+25", "", "x" * 100, "+5:17", "../../etc/passwd", "localtime", "Factory"],
)
def test_unknown_zones(text: str) -> None:
    assert parse_zone(text) is None


@pytest.mark.parametrize(
    ("text", "city"),
    [("EST", "America/New_York"), ("pst", "America/Los_Angeles"), ("BST", "Europe/London")],
)
def test_abbreviations_that_follow_summer_time_suggest_a_city(text: str, city: str) -> None:
    assert read_zone(text) == ZoneReading(suggestion=city)


def test_a_fractional_offset_names_the_city_standing_in() -> None:
    reading = read_zone("-3:30")
    assert reading.zone is not None
    assert reading.zone.key == "America/St_Johns"
    assert reading.offset == -timedelta(hours=3, minutes=30)
    # St John's moves its clocks in summer; Kolkata keeps +5:30 all year.
    assert other_offset(reading.zone, reading.offset, 2027) == -timedelta(hours=2, minutes=30)
    assert other_offset(ZoneInfo("Asia/Kolkata"), timedelta(hours=5, minutes=30), 2027) is None


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("Etc/GMT-3", "UTC+3"),
        ("Etc/GMT+5", "UTC-5"),
        ("Etc/GMT-14", "UTC+14"),
        ("UTC", "UTC"),
        ("Europe/Moscow", "Europe/Moscow"),
    ],
)
def test_zones_are_shown_as_users_read_them(key: str, label: str) -> None:
    assert zone_label(key) == label


def test_offsets_are_shown_with_their_minutes() -> None:
    assert format_offset(timedelta(hours=5, minutes=45)) == "UTC+5:45"
    assert format_offset(-timedelta(hours=9, minutes=30)) == "UTC-9:30"
    assert format_offset(timedelta(0)) == "UTC"


def test_catalogs_have_the_same_keys_and_placeholders() -> None:
    english, russian = catalog("en"), catalog("ru")
    assert english.keys() == russian.keys()
    for key, template in english.items():
        assert placeholders(template) == placeholders(russian[key]), key


def test_translation_escapes_parameters() -> None:
    t = translator("en")
    assert t("tz.unknown", value="<b>&") == t("tz.unknown", value="<b>&")
    assert "&lt;b&gt;&amp;" in t("tz.unknown", value="<b>&")


@pytest.mark.parametrize(
    ("count", "form"), [(1, "one"), (2, "few"), (5, "many"), (11, "many"), (21, "one"), (24, "few")]
)
def test_russian_plurals(count: int, form: str) -> None:
    assert plural_form("ru", count) == form


def test_languages() -> None:
    assert LANGUAGES == ("en", "ru")


@pytest.mark.parametrize("language", LANGUAGES)
def test_dates_and_times_come_from_the_catalog(language: Language) -> None:
    t = translator(language)
    moment = datetime(2024, 12, 5, 9, 7)
    assert format_clock(t, moment) == t("dates.clock", hour="09", minute="07")
    assert format_clock(t, time(18, 30)) == t("dates.clock", hour="18", minute="30")
    clock = format_clock(t, moment)
    assert format_numeric(t, "dates.short", moment) == t(
        "dates.short", day="05", month="12", time=clock
    )
    assert format_numeric(t, "dates.day_month", moment.date()) == t(
        "dates.day_month", day="05", month="12"
    )
    assert format_numeric(t, "dates.numeric", moment.date()) == t(
        "dates.numeric", day="05", month="12", year=2024
    )
    month = t("dates.months").split()[11]
    assert format_day(t, moment.date()) == t("dates.long", day=5, month=month, year=2024)


def test_dates_read_as_they_always_did() -> None:
    en, ru = translator("en"), translator("ru")
    moment = datetime(2024, 12, 5, 9, 7)
    assert format_numeric(en, "dates.short", moment) == "05.12 09:07"
    assert format_numeric(ru, "dates.numeric", moment.date()) == "05.12.2024"
    assert format_day(en, moment.date()) == "5 Dec 2024"
    assert format_day(ru, moment.date()) == "5 дек 2024"
