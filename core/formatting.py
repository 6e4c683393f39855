"""Numbers, percentages, dates, months and quarters the Norwegian (or English) way, with babel.

The one home of formatting for everything people read, pure and free of Streamlit: the
language is an argument. A suppressed value (prikket) shows as `:` and a missing one as `..`,
as in SSB's tables.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from typing import Literal
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal, format_percent

Language = Literal["nb", "en"]
LANGUAGES: tuple[Language, ...] = ("nb", "en")
LOCALES: dict[Language, str] = {"nb": "nb_NO", "en": "en_GB"}
SUPPRESSED = ":"
MISSING = ".."
OSLO = ZoneInfo("Europe/Oslo")
MINUS = "−"  # a true minus sign, as Norwegian print uses

# How many decimals each indicator unit (indicators/registry.py) is shown with.
UNIT_DECIMALS = {"count": 0, "percent": 1, "per_1000": 1, "days": 0, "ratio": 2}
_QUARTER = re.compile(r"^(\d{4})-?[QqKk]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})")
# A change of a share is in percentage points.
_POINTS: dict[Language, str] = {"nb": " %-poeng", "en": " pp"}


def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


@cache
def _percent_pattern(language: Language, decimals: int) -> str:
    """The locale's percent pattern (`#,##0 %` in nb, `#,##0%` in en) with `decimals`."""
    pattern = Locale.parse(LOCALES[language]).percent_formats[None].pattern
    return pattern.replace("#,##0", _pattern(decimals), 1)


def number(
    value: float | None, decimals: int = 0, language: Language = "nb", *, suppressed: bool = False
) -> str:
    """`1 234,5` (nb) or `1,234.5` (en); `:` when suppressed, `..` when missing."""
    if suppressed:
        return SUPPRESSED
    if value is None or value != value:  # NaN is missing too
        return MISSING
    return format_decimal(value, format=_pattern(decimals), locale=LOCALES[language])


def plain_number(value: float, language: Language = "nb") -> str:
    """A number with only the decimals it has, up to two: `2`, `0,5`, `1,25` (nb)."""
    return format_decimal(value, format="#,##0.##", locale=LOCALES[language])


def _with_sign(text: str, value: float) -> str:
    """`text` (of `value`) with its sign: `+12`, `−5`, `0`."""
    if value == 0:
        return text
    return "+" + text if value > 0 else MINUS + text.lstrip("-")


def percent(
    value: float | None,
    decimals: int = 1,
    language: Language = "nb",
    *,
    suppressed: bool = False,
    sign: bool = False,
) -> str:
    """A share given in percent (0–100): `12,5 %` (nb) or `12.5%` (en); `+25,0 %` with `sign`."""
    if suppressed:
        return SUPPRESSED
    if value is None or value != value:
        return MISSING
    # The share as an exact decimal, so that babel rounds the figure as it was given.
    text = format_percent(
        Decimal(str(value)) / 100,
        format=_percent_pattern(language, decimals),
        locale=LOCALES[language],
    )
    return _with_sign(text, value) if sign else text


def signed(
    value: float | None, decimals: int = 0, language: Language = "nb", *, suppressed: bool = False
) -> str:
    """A change with its sign: `+12`, `−5`, `0` (a true minus sign, as Norwegian print uses)."""
    text = number(value, decimals, language, suppressed=suppressed)
    if text in (SUPPRESSED, MISSING):
        return text
    return _with_sign(text, value)


def by_unit(
    value: float | None, unit: str, language: Language = "nb", *, suppressed: bool = False
) -> str:
    """An indicator value as its unit wants it: counts whole, shares with `%`, ratios with 2."""
    if unit == "percent":
        return percent(value, UNIT_DECIMALS[unit], language, suppressed=suppressed)
    return number(value, UNIT_DECIMALS.get(unit, 1), language, suppressed=suppressed)


def change_by_unit(value: float | None, unit: str, language: Language = "nb") -> str:
    """A change in an indicator's unit, with its sign: `−44`, `+0,7 %-poeng` (shares change in
    percentage points)."""
    text = signed(value, UNIT_DECIMALS.get(unit, 1), language)
    if unit != "percent" or text == MISSING:
        return text
    return text + _POINTS[language]


def month(value: date | str | None, language: Language = "nb") -> str:
    """`oktober 2026` (nb) or `October 2026` (en), from a date or `YYYY-MM`."""
    if value is None:
        return MISSING
    if isinstance(value, str):
        found = _MONTH.match(value)
        if not found:
            raise ValueError("month must be YYYY-MM")
        value = date(int(found[1]), int(found[2]), 1)
    return format_date(value, "LLLL y", locale=LOCALES[language])


def quarter(value: str | None, language: Language = "nb") -> str:
    """`2026 K3` (nb) or `2026 Q3` (en), from `2026-Q3` (or `2026Q3`, `2026-K3`)."""
    if value is None:
        return MISSING
    found = _QUARTER.match(value)
    if not found:
        raise ValueError("quarter must be YYYY-Qn")
    first_month = date(int(found[1]), 3 * int(found[2]) - 2, 1)
    return format_date(first_month, "y QQQ", locale=LOCALES[language])


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


def p_value_text(value: float | None, language: Language = "nb") -> str:
    """A test's p-value as printed: `p < 0,001` for the tiny ones, else `p = 0,012`."""
    if value is None:
        return "p = " + MISSING
    if value < 0.001:
        return "p < " + number(0.001, 3, language)
    return "p = " + number(value, 3, language)
