"""Time zones as users type them: IANA names or UTC offsets."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

_OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)

# Offsets that are not whole hours have no Etc/ zone; a city that keeps that offset
# all year stands in for them.
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


def _by_casefold() -> dict[str, str]:
    return {name.casefold(): name for name in available_timezones()}


_NAMES: dict[str, str] | None = None


def parse_zone(text: str) -> ZoneInfo | None:
    """`Europe/Moscow`, `europe/moscow`, `UTC`, `+3`, `UTC+03:00`, `-5:30`; None if unknown."""
    global _NAMES
    value = text.strip()
    if not value or len(value) > 64:
        return None
    match = _OFFSET.match(value)
    if match:
        sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
        if minutes == 0 and hours <= 14:
            if hours == 0:
                return ZoneInfo("UTC")
            # POSIX-style names: Etc/GMT-3 is three hours AHEAD of UTC.
            return ZoneInfo(f"Etc/GMT{'-' if sign == '+' else '+'}{hours}")
        name = _FRACTIONAL.get(f"{sign}{hours:02d}:{minutes:02d}")
        return ZoneInfo(name) if name else None
    if _NAMES is None:
        _NAMES = _by_casefold()
    name = _NAMES.get(value.casefold().replace(" ", "_"))
    if name is None:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
