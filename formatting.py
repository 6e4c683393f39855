"""Numbers, percentages, months and quarters the Norwegian (or English) way, with babel.

Pure and free of Streamlit, so that `indicators/` (the quarterly report's sentences) and `ui/`
(`ui/format.py`, which re-exports these) format alike. The language is an argument. A
suppressed value (prikket) shows as `:` and a missing one as `..`, as in SSB's tables.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

Language = Literal["nb", "en"]
LANGUAGES: tuple[Language, ...] = ("nb", "en")
LOCALES: dict[Language, str] = {"nb": "nb_NO", "en": "en_GB"}
SUPPRESSED = ":"
MISSING = ".."

# How many decimals each indicator unit (indicators/registry.py) is shown with.
UNIT_DECIMALS = {"count": 0, "percent": 1, "per_1000": 1, "days": 0, "ratio": 2}
_QUARTER_LETTER: dict[Language, str] = {"nb": "K", "en": "Q"}
_QUARTER = re.compile(r"^(\d{4})-?[QqKk]([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})")


def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


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


def percent(
    value: float | None,
    decimals: int = 1,
    language: Language = "nb",
    *,
    suppressed: bool = False,
    sign: bool = False,
) -> str:
    """A share given in percent (0–100): `12,5 %` (nb) or `12.5%` (en); `+25,0 %` with `sign`."""
    text = (signed if sign else number)(value, decimals, language, suppressed=suppressed)
    if text in (SUPPRESSED, MISSING):
        return text
    return text + Locale.parse(LOCALES[language]).percent_formats[None].pattern.split("0")[-1]


def signed(
    value: float | None, decimals: int = 0, language: Language = "nb", *, suppressed: bool = False
) -> str:
    """A change with its sign: `+12`, `−5`, `0` (a true minus sign, as Norwegian print uses)."""
    text = number(value, decimals, language, suppressed=suppressed)
    if text in (SUPPRESSED, MISSING) or value == 0:
        return text
    return "+" + text if value > 0 else "−" + text.lstrip("-")


def by_unit(
    value: float | None, unit: str, language: Language = "nb", *, suppressed: bool = False
) -> str:
    """An indicator value as its unit wants it: counts whole, shares with `%`, ratios with 2."""
    if unit == "percent":
        return percent(value, UNIT_DECIMALS[unit], language, suppressed=suppressed)
    return number(value, UNIT_DECIMALS.get(unit, 1), language, suppressed=suppressed)


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
    return f"{found[1]} {_QUARTER_LETTER[language]}{found[2]}"


def change_by_unit(value: float | None, unit: str, language: Language = "nb") -> str:
    """A change in an indicator's unit, with its sign: `−44`, `+0,7 %-poeng` (shares change in
    percentage points)."""
    text = signed(value, UNIT_DECIMALS.get(unit, 1), language)
    if unit != "percent" or text == MISSING:
        return text
    return text + (" %-poeng" if language == "nb" else " pp")
