"""Time zones as users type them: IANA names, city names, UTC offsets; and as they are shown."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

_OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)
# How tzdata names a whole-hour offset: POSIX-style, Etc/GMT-3 is three hours AHEAD.
_ETC = re.compile(r"^Etc/GMT([+-])(\d{1,2})$")

# Offsets that are not whole hours have no Etc/ zone; a city on that offset stands in.
# Each keeps it all year except St John's (Newfoundland), the only zone on -03:30,
# which moves to -02:30 in summer: the reply says so (`ZoneReading.offset`).
_FRACTIONAL = {
    "+03:30": "Asia/Tehran",
    "+04:30": "Asia/Kabul",
    "+05:30": "Asia/Kolkata",
    "+05:45": "Asia/Kathmandu",
    "+06:30": "Asia/Yangon",
    "+09:30": "Australia/Darwin",
    "-03:30": "America/St_Johns",
    "-09:30": "Pacific/Marquesas",
}

# Abbreviations people say for a region that moves its clocks in summer. tzdata's
# EST and MST are fixed offsets (New York's clocks are an hour ahead of "EST" half the
# year) and the rest are no zone at all: each is answered with a city zone to use.
_SEASONAL = {
    "est": "America/New_York",
    "edt": "America/New_York",
    "et": "America/New_York",
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "ct": "America/Chicago",
    "mst": "America/Denver",
    "mdt": "America/Denver",
    "mt": "America/Denver",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "pt": "America/Los_Angeles",
    "akst": "America/Anchorage",
    "akdt": "America/Anchorage",
    "bst": "Europe/London",
    "cest": "Europe/Berlin",
    "eest": "Europe/Athens",
    "west": "Europe/Lisbon",
    "aest": "Australia/Sydney",
    "aedt": "Australia/Sydney",
    "nzst": "Pacific/Auckland",
    "nzdt": "Pacific/Auckland",
}

# Names tzdata has no city for, or spells only in English; each is one zone, no doubt.
_ALIASES = {
    "msk": "Europe/Moscow",
    "мск": "Europe/Moscow",
    "москва": "Europe/Moscow",
    "санкт-петербург": "Europe/Moscow",
    "петербург": "Europe/Moscow",
    "питер": "Europe/Moscow",
    "st petersburg": "Europe/Moscow",
    "saint petersburg": "Europe/Moscow",
    "калининград": "Europe/Kaliningrad",
    "самара": "Europe/Samara",
    "екатеринбург": "Asia/Yekaterinburg",
    "омск": "Asia/Omsk",
    "новосибирск": "Asia/Novosibirsk",
    "красноярск": "Asia/Krasnoyarsk",
    "иркутск": "Asia/Irkutsk",
    "якутск": "Asia/Yakutsk",
    "владивосток": "Asia/Vladivostok",
    "магадан": "Asia/Magadan",
    "минск": "Europe/Minsk",
    "киев": "Europe/Kyiv",
    "алматы": "Asia/Almaty",
    "ташкент": "Asia/Tashkent",
    "тбилиси": "Asia/Tbilisi",
    "ереван": "Asia/Yerevan",
    "баку": "Asia/Baku",
    "стамбул": "Europe/Istanbul",
    "дубай": "Asia/Dubai",
    "лондон": "Europe/London",
    "берлин": "Europe/Berlin",
    "париж": "Europe/Paris",
    "нью-йорк": "America/New_York",
}

# Only these areas name cities; "localtime" (the server's own zone) and "Factory"
# (tzdata's placeholder) are nobody's time zone.
_AREAS = frozenset(
    {
        "Africa",
        "America",
        "Antarctica",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    }
)
_NOT_ZONES = frozenset({"localtime", "factory"})


@dataclass(frozen=True, slots=True)
class ZoneReading:
    """What the user typed, read: the zone (None: not one), and why not or how it was found."""

    zone: ZoneInfo | None = None
    offset: timedelta | None = None  # a fractional offset a city stands in for
    suggestion: str | None = None  # for an abbreviation that follows summer time


@dataclass(frozen=True, slots=True)
class _Names:
    by_casefold: dict[str, str]
    by_city: dict[str, str]


def _same_clock(names: list[str]) -> bool:
    # Links (America/Buenos_Aires, America/Argentina/Buenos_Aires) share one city name
    # and one clock; names that do not agree over years of transitions are ambiguous.
    zones = [ZoneInfo(name) for name in names]
    moments = [
        datetime(year, month, 15, tzinfo=UTC) for year in range(2000, 2040) for month in (1, 7)
    ]
    return all(
        len({moment.astimezone(zone).utcoffset() for zone in zones}) == 1 for moment in moments
    )


def _build_names() -> _Names:
    names = sorted(available_timezones())
    known = set(names)
    by_casefold = {name.casefold(): name for name in names if name.casefold() not in _NOT_ZONES}
    cities: dict[str, list[str]] = {}
    for name in names:
        if name.split("/", 1)[0] in _AREAS and "/" in name:
            cities.setdefault(name.rsplit("/", 1)[1].casefold(), []).append(name)
    # Of links, tzdata's longer names are its current ones (America/Argentina/Buenos_Aires).
    by_city = {
        city: min(found, key=lambda name: (-name.count("/"), name))
        for city, found in cities.items()
        if len(found) == 1 or _same_clock(found)
    }
    for alias, name in _ALIASES.items():
        if name in known:
            by_city.setdefault(alias.replace(" ", "_"), name)
    return _Names(by_casefold, by_city)


_NAMES: _Names | None = None


def _offset_zone(sign: str, hours: int, minutes: int) -> ZoneReading:
    if minutes == 0 and hours <= 14:
        if hours == 0:
            return ZoneReading(ZoneInfo("UTC"))
        return ZoneReading(ZoneInfo(f"Etc/GMT{'-' if sign == '+' else '+'}{hours}"))
    name = _FRACTIONAL.get(f"{sign}{hours:02d}:{minutes:02d}")
    if name is None:
        return ZoneReading()
    offset = timedelta(hours=hours, minutes=minutes) * (1 if sign == "+" else -1)
    return ZoneReading(ZoneInfo(name), offset=offset)


def read_zone(text: str) -> ZoneReading:
    """`Europe/Moscow`, `europe/moscow`, `Moscow`, `New York`, `Москва`, `UTC`, `+3`,
    `UTC+03:00`, `-5:30`; `EST` and the like give a suggestion instead of a zone."""
    global _NAMES
    value = text.strip()
    if not value or len(value) > 64:
        return ZoneReading()
    match = _OFFSET.match(value)
    if match:
        return _offset_zone(match.group(1), int(match.group(2)), int(match.group(3) or 0))
    key = " ".join(value.split()).casefold()
    if key in _SEASONAL:
        return ZoneReading(suggestion=_SEASONAL[key])
    if _NAMES is None:
        _NAMES = _build_names()
    key = key.replace(" ", "_")
    name = _NAMES.by_casefold.get(key) or _NAMES.by_city.get(key)
    if name is None:
        return ZoneReading()
    try:
        return ZoneReading(ZoneInfo(name))
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneReading()


def parse_zone(text: str) -> ZoneInfo | None:
    """The zone `read_zone` finds, or None."""
    return read_zone(text).zone


def format_offset(offset: timedelta) -> str:
    """`UTC+3`, `UTC-3:30`, `UTC`."""
    minutes = round(offset.total_seconds() / 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_label(key: str) -> str:
    """A zone's name as the user reads it: `Etc/GMT-3` is shown as `UTC+3`."""
    if key in ("UTC", "Etc/UTC", "Etc/GMT", "GMT"):
        return "UTC"
    etc = _ETC.match(key)
    if etc is None:
        return key
    hours = int(etc.group(2))
    return format_offset(timedelta(hours=-hours if etc.group(1) == "+" else hours))


def other_offset(zone: ZoneInfo, offset: timedelta, year: int) -> timedelta | None:
    """An offset other than `offset` the zone keeps during `year` (summer time), or None."""
    seen = {datetime(year, month, 15, tzinfo=UTC).astimezone(zone).utcoffset() for month in (1, 7)}
    others = sorted(found for found in seen if found is not None and found != offset)
    return others[0] if others else None


# Zones to show in a "/tz …" hint, by the user's language: the first that is not theirs,
# since "change it with /tz Europe/Moscow" said to someone in Moscow changes nothing.
_ZONE_EXAMPLES: Final = {
    "ru": ("Europe/Moscow", "Asia/Yekaterinburg"),
    "en": ("Europe/London", "America/New_York"),
}


def zone_example(current: str, language: str) -> str:
    """A zone for a "/tz …" hint that is not `current`."""
    choices = _ZONE_EXAMPLES.get(language, _ZONE_EXAMPLES["en"])
    return next(zone for zone in choices if zone != current)
