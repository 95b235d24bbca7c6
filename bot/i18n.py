"""The one place user-facing text comes from: TOML catalogs per language.

Templates are Telegram HTML. Parameters are HTML-escaped on the way in, so user
text can never open a tag; pass `Html(...)` for a fragment that is already markup.
"""

from __future__ import annotations

import html
import re
import string
import tomllib
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta, tzinfo
from functools import cache
from importlib import resources
from typing import Any, Literal

from bot.models import Language

LANGUAGES: tuple[Language, ...] = ("en", "ru")


_TAG = re.compile(r"<[^>]*>")


class Html(str):
    """A string that is already valid Telegram HTML and must not be escaped again."""

    __slots__ = ()


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = str(value)
    return flat


@cache
def catalog(language: Language) -> dict[str, str]:
    raw = resources.files("bot.locales").joinpath(f"{language}.toml").read_text("utf-8")
    return _flatten(tomllib.loads(raw))


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def language_for(code: str | None) -> Language:
    """Russian for Telegram's `ru`, English for everything else."""
    return "ru" if code and code.lower().split("-")[0] == "ru" else "en"


# What people type after /lang: codes, names in either language, their short forms.
_LANGUAGE_NAMES: dict[str, Language] = {
    "en": "en", "eng": "en", "english": "en", "английский": "en", "англ": "en",
    "ru": "ru", "rus": "ru", "russian": "ru", "русский": "ru", "рус": "ru",
}  # fmt: skip


def read_language(text: str) -> Language | None:
    """The language `text` names ("en", "English", «русский»), None if none."""
    return _LANGUAGE_NAMES.get(text.strip().lower().rstrip("."))


def plain_text(fragment: str) -> str:
    """Telegram HTML as the text it shows, for a place that shows text verbatim (an alert)."""
    return html.unescape(_TAG.sub("", fragment))


def escape(value: object) -> str:
    return value if isinstance(value, Html) else html.escape(str(value), quote=False)


class Translator:
    def __init__(self, language: Language) -> None:
        self.language = language
        self._catalog = catalog(language)

    def __call__(self, key: str, /, **params: object) -> Html:
        template = self._catalog[key]
        return Html(template.format(**{name: escape(value) for name, value in params.items()}))

    def plain(self, key: str, /, **params: object) -> str:
        """The text with its parameters as they are, for places Telegram shows verbatim.

        Button labels and callback answers are not parsed as HTML: "AT&T" escaped
        for a message would show there as "AT&amp;T". The same goes for a title that is
        stored and escaped again whenever it is shown.
        """
        return self._catalog[key].format(**params)

    def plural(self, key: str, count: int, /, **params: object) -> Html:
        """`key.one` / `key.few` / `key.many` (Russian) or `key.one` / `key.many` (English)."""
        return self(f"{key}.{plural_form(self.language, count)}", count=count, **params)

    def has(self, key: str) -> bool:
        return key in self._catalog


def plural_form(language: Language, count: int) -> str:
    count = abs(count)
    if language == "ru":
        if count % 10 == 1 and count % 100 != 11:
            return "one"
        if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
            return "few"
        return "many"
    return "one" if count == 1 else "many"


@cache
def translator(language: Language) -> Translator:
    return Translator(language)


def format_clock(t: Translator, value: datetime | time) -> Html:
    """A time of day as the locale writes it ("18:05"); a datetime must already be local."""
    return t("dates.clock", hour=f"{value.hour:02d}", minute=f"{value.minute:02d}")


NumericDate = Literal["dates.short", "dates.day_month", "dates.numeric"]


def format_numeric(t: Translator, key: NumericDate, local: date | datetime) -> Html:
    """A local date in digits, "05.12 18:05" / "05.12" / "05.12.2024" by `key`."""
    clock = format_clock(t, local) if isinstance(local, datetime) else ""
    return t(key, day=f"{local.day:02d}", month=f"{local.month:02d}", year=local.year, time=clock)


def format_when(t: Translator, moment: datetime, now: datetime, tz: tzinfo) -> Html:
    """A date the way a person reads it: "today, 18:00", "Fri 5 Dec, 18:00"."""
    local = moment.astimezone(tz)
    today = now.astimezone(tz).date()
    clock = format_clock(t, local)
    if local.date() == today:
        return t("dates.today", time=clock)
    if local.date() == today + timedelta(days=1):
        return t("dates.tomorrow", time=clock)
    weekday = t("dates.weekdays").split()[local.weekday()]
    month = t("dates.months").split()[local.month - 1]
    key = "dates.format" if local.year == today.year else "dates.format_year"
    return t(key, weekday=weekday, day=local.day, month=month, year=local.year, time=clock)
