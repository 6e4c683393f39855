"""Numbers, percentages, dates, months and quarters the Norwegian (or English) way, with babel.

The one home of formatting for everything people read. Pure: the language is an argument.
Numbers, months and quarters live in the top-level `formatting` module (shared with
`indicators/`, which may not import ui/) and are re-exported here; dates and times are here.
A suppressed value (prikket) shows as `:` and a missing one as `..`, as in SSB's tables.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime

from formatting import (
    LANGUAGES,
    LOCALES,
    MISSING,
    SUPPRESSED,
    UNIT_DECIMALS,
    Language,
    by_unit,
    month,
    number,
    percent,
    quarter,
    signed,
)

__all__ = [
    "LANGUAGES",
    "LOCALES",
    "MISSING",
    "OSLO",
    "SUPPRESSED",
    "UNIT_DECIMALS",
    "Language",
    "by_unit",
    "day",
    "moment",
    "month",
    "month_key",
    "number",
    "percent",
    "quarter",
    "signed",
]

OSLO = ZoneInfo("Europe/Oslo")


def day(value: date | None, language: Language = "nb") -> str:
    """`31.10.2026` (nb) or `31/10/2026` (en)."""
    if value is None:
        return MISSING
    return format_date(value, "short" if language == "en" else "dd.MM.y", locale=LOCALES[language])


def moment(value: datetime | None, language: Language = "nb") -> str:
    """A stored UTC time as Oslo time: `31.10.2026 14:05`."""
    if value is None:
        return MISSING
    local = value.replace(tzinfo=value.tzinfo or UTC).astimezone(OSLO)
    pattern = "dd/MM/y HH:mm" if language == "en" else "dd.MM.y HH:mm"
    return format_datetime(local, pattern, tzinfo=OSLO, locale=LOCALES[language])


def month_key(value: date) -> str:
    """A date's month as `YYYY-MM`, the form uploads and the warehouse use."""
    return f"{value.year:04d}-{value.month:02d}"
