"""What text from outside may hold, checked the same way in every upload.

Personal ID numbers are refused in every cell and header of every table and in file names;
names in reference data are plain text; stored text has no control characters. Problems say
where (file, sheet, row, column) and what, never the text: a column without a canonical name is
named by a short header of plain letters or else by its position, and a file whose name cannot
be shown by its place in the upload.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

import polars as pl

from core.problems import Problem, SourceFile
from warehouse.validation.fnr import (
    contains_national_id_in,
    might_contain_national_id_in,
    text_contains_national_id,
)
from warehouse.validation.reading import ROW, row_problems

NATIONAL_ID_MESSAGE = (
    "ser ut til å inneholde et fødselsnummer eller D-nummer. Personnummer skal ikke lastes "
    "opp; fjern det."
)
HEADER_NATIONAL_ID_MESSAGE = (
    "Overskriften ser ut til å inneholde et fødselsnummer eller D-nummer. Personnummer skal "
    "ikke lastes opp; fjern det."
)

# Control characters (line breaks and tabs too), line and paragraph separators, and the
# bidirectional overrides and isolates that make text show in another order than it is stored.
CONTROL_CHARACTERS = r"[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]"
CONTROL_CHARACTER_MESSAGE = (
    "inneholder linjeskift, tabulator eller andre kontrolltegn; bruk bare vanlig tekst"
)

MAX_NAME_CHARACTERS = 100
# Letters of every language (with their accents), digits, spaces and a few punctuation marks;
# a name starts with a letter or digit, so no spreadsheet reads it as a formula.
_PLAIN_NAME = r"^[\p{L}0-9][\p{L}\p{M}0-9 .,'’()/\&–\-]*$"
PLAIN_NAME_MESSAGE = (
    "Navnet kan bare ha bokstaver, sifre, mellomrom og tegnene . , ' ’ ( ) / & – -, må "
    f"begynne med en bokstav eller et siffer og kan ha høyst {MAX_NAME_CHARACTERS} tegn."
)

# An identifier from outside (a landlord's key, a project's id): letters, digits, spaces and
# . - _ / only, so that it carries no markup and no spreadsheet reads it as a formula.
_PLAIN_KEY = r"^[\p{L}0-9][\p{L}\p{M}0-9 .\-_/]*$"
PLAIN_KEY_MESSAGE = (
    "kan bare ha bokstaver, sifre, mellomrom og tegnene . - _ / og må begynne med en bokstav "
    "eller et siffer"
)

MAX_FILE_NAME_CHARACTERS = 150
_SHOWN_HEADER = re.compile(r"[^\W\d_][^\W\d]*(?:[ .\-]+[^\W\d]+)*")
_MAX_SHOWN_HEADER_CHARACTERS = 30


def column_label(header: str, position: int) -> str:
    """How a problem names a column that has no canonical name.

    Its header as written when that is a short run of words of letters ("Søkers navn"), else
    its position ("nr. 3"): a header can be anything, a personal number or a whole data row.
    """
    shown = header.strip()
    if len(shown) <= _MAX_SHOWN_HEADER_CHARACTERS and _SHOWN_HEADER.fullmatch(shown):
        return shown
    return f"nr. {position + 1}"


def national_id_problems(
    cells: pl.DataFrame,
    labels: Mapping[str, str],
    *,
    file: str,
    sheet: str | None = None,
    messages: Mapping[str, str] | None = None,
) -> list[Problem]:
    """Every cell of the text columns `labels` (frame column -> label) that holds a national ID.

    `cells` has the text columns and ROW. Per column the cheap sieve comes first, then the
    costly check on the few cells it lets through; `messages` may say more for some columns.
    """
    if cells.height == 0 or not labels:
        return []
    sieve = cells.select(might_contain_national_id_in(name) for name in labels)
    suspects = [name for name in labels if sieve.get_column(name).any()]
    if not suspects:
        return []
    found = (
        cells.lazy()
        .filter(pl.any_horizontal(sieve.get_column(name) for name in suspects))
        .select(ROW, *(contains_national_id_in(name) for name in suspects))
        .collect()
    )
    problems = []
    for name in suspects:
        problems += row_problems(
            found.get_column(ROW).filter(found.get_column(name)),
            (messages or {}).get(name, NATIONAL_ID_MESSAGE),
            file=file,
            sheet=sheet,
            column=labels[name],
        )
    return problems


def header_national_id_problems(
    headers: Sequence[str], *, file: str, sheet: str | None, row: int
) -> list[Problem]:
    """A header cell holding a national ID number (a data row taken for the header, say)."""
    return [
        Problem(
            file, HEADER_NATIONAL_ID_MESSAGE, sheet=sheet, row=row, column=column_label(header, i)
        )
        for i, header in enumerate(headers)
        if text_contains_national_id(header)
    ]


def is_plain_name(values: pl.Expr) -> pl.Expr:
    """True where a name is plain text (see `PLAIN_NAME_MESSAGE`); null stays null."""
    return values.str.contains(_PLAIN_NAME) & (values.str.len_chars() <= MAX_NAME_CHARACTERS)


def is_plain_key(values: pl.Expr) -> pl.Expr:
    """True where an identifier is plain text (see `PLAIN_KEY_MESSAGE`); null stays null."""
    return values.str.contains(_PLAIN_KEY)


def plain_name_problems(
    cells: pl.DataFrame, labels: Mapping[str, str], *, file: str, sheet: str | None = None
) -> list[Problem]:
    """Names in the columns `labels` (frame column -> label) that are not plain text."""
    flags = cells.select(ROW, *((~is_plain_name(pl.col(name))).fill_null(False) for name in labels))
    problems = []
    for name, label in labels.items():
        rows = flags.get_column(ROW).filter(flags.get_column(name))
        problems += row_problems(rows, PLAIN_NAME_MESSAGE, file=file, sheet=sheet, column=label)
    return problems


def file_name_problems(files: Sequence[SourceFile]) -> list[Problem]:
    """What is wrong with the names of the uploaded files: too long, control characters, or
    a personal number. Such a file is named by its place in the upload, never by its name."""
    problems = []
    for position, file in enumerate(files):
        message = _file_name_problem(file.name)
        if message:
            problems.append(Problem(_file_by_place(position, len(files)), message))
    return problems


def _file_name_problem(name: str) -> str | None:
    if len(name) > MAX_FILE_NAME_CHARACTERS:
        return (
            f"Filnavnet er lengre enn {MAX_FILE_NAME_CHARACTERS} tegn. Gi filen et kortere navn "
            "og last den opp igjen."
        )
    if any(unicodedata.category(character) in ("Cc", "Cf", "Zl", "Zp") for character in name):
        return (
            "Filnavnet har kontrolltegn eller usynlige tegn. Gi filen et vanlig navn og last "
            "den opp igjen."
        )
    if text_contains_national_id(name):
        return (
            "Filnavnet ser ut til å inneholde et fødselsnummer eller D-nummer. Gi filen et "
            "annet navn og last den opp igjen; navnet er ikke lagret."
        )
    return None


def _file_by_place(position: int, count: int) -> str:
    """'den opplastede filen', or 'fil 2 i opplastingen' when there are several."""
    return "den opplastede filen" if count == 1 else f"fil {position + 1} i opplastingen"
