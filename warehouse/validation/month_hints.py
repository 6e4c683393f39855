"""Which month an upload's files say they are: from their names (`boliger_2026-09.csv`,
`husstander september 2026.xlsx`) and from a `maaned` column, so the upload page can warn
before loading when they say another month than the one chosen. Nothing is refused here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from core.problems import SourceFile
from warehouse.validation.reading import cell_column, read_source

# Norwegian month names and their common short forms.
_MONTH_WORDS = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "mars": 3, "mar": 3, "april": 4, "apr": 4,
    "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "desember": 12, "des": 12,
}  # fmt: skip
_YEAR_MONTH = re.compile(r"(?<!\d)(20\d\d)[-_. ]?(0[1-9]|1[0-2])(?!\d)")
_MONTH_YEAR = re.compile(r"(?<!\d)(0[1-9]|1[0-2])[-_. ](20\d\d)(?!\d)")
_WORD_YEAR = re.compile(
    r"(?<![a-zæøå])(" + "|".join(sorted(_MONTH_WORDS, key=len, reverse=True)) + r")"
    r"[-_. ]*(20\d\d)(?!\d)",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"^\s*(?:(20\d\d)-(0[1-9]|1[0-2])(?:-\d\d)?|(?:\d\d?\.)?(0?[1-9]|1[0-2])\.(20\d\d))\s*$"
)
MONTH_COLUMN = "maaned"
_MAX_MONTH_CELLS = 10_000  # a month column's first cells are enough to say what it says


@dataclass(frozen=True)
class MonthHint:
    """A month the upload says it is: `YYYY-MM`, and where it says so (file name or column)."""

    month: str
    file: str
    source: str  # "filnavn" | "kolonne"


def months_in_name(name: str) -> set[str]:
    """Every month a file name spells: 2026-09, 2026_09, 202609, 09.2026, september 2026."""
    found = {f"{year}-{month}" for year, month in _YEAR_MONTH.findall(name)}
    found |= {f"{year}-{month}" for month, year in _MONTH_YEAR.findall(name)}
    found |= {f"{year}-{_MONTH_WORDS[word.lower()]:02d}" for word, year in _WORD_YEAR.findall(name)}
    return found


def month_of_cell(text: str) -> str | None:
    """The month a `maaned` cell says (2026-09, 2026-09-30, 30.09.2026, 09.2026), or None."""
    match = _DATE.match(text)
    if match is None:
        return None
    year, month, month_first, year_last = match.groups()
    return f"{year}-{month}" if year else f"{year_last}-{int(month_first):02d}"


def months_in_column(file: SourceFile) -> set[str]:
    """Every month the `maaned` column of the file's tables says (empty without one)."""
    found: set[str] = set()
    for table in read_source(file).tables:
        folded = [header.casefold() for header in table.headers]
        if MONTH_COLUMN not in folded:
            continue
        cells = table.frame[cell_column(folded.index(MONTH_COLUMN))].head(_MAX_MONTH_CELLS)
        found |= {month for cell in cells.drop_nulls() if (month := month_of_cell(cell))}
    return found


def month_hints(files: Sequence[SourceFile]) -> list[MonthHint]:
    """What the files' names and `maaned` columns say about their month, in file order."""
    hints = []
    for file in files:
        hints += [
            MonthHint(month, file.name, "filnavn") for month in sorted(months_in_name(file.name))
        ]
        hints += [
            MonthHint(month, file.name, "kolonne") for month in sorted(months_in_column(file))
        ]
    return hints


def other_months(hints: Sequence[MonthHint], chosen: str) -> list[MonthHint]:
    """The hints that say another month than `chosen`."""
    return [hint for hint in hints if hint.month != chosen]
