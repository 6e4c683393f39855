"""The sieves for what no cell may hold: text decoded wrongly (mojibake) and personal ID numbers.

Both look first at whole rows with a cheap pattern, then at the cells of the rare rows it flags."""

from __future__ import annotations

import functools

import polars as pl

from core.problems import Problem
from core.snapshot_format import (
    is_forbidden_header,
)
from warehouse.validation.fnr import might_contain_national_id
from warehouse.validation.headers import header_label
from warehouse.validation.reading import (
    MOJIBAKE_MESSAGE,
    MOJIBAKE_PATTERN,
    ROW,
    RawTable,
    cell_column,
)
from warehouse.validation.rules import Rule, rule, rule_problems
from warehouse.validation.text_checks import (
    national_id_problems,
)

MOJIBAKE_ROWS = "rad med feil tegnkoding?"


NATIONAL_ID_ROWS = "rad med personnummer?"


@functools.lru_cache(maxsize=64)
def row_sieves(frame_columns: tuple[str, ...]) -> tuple[pl.Expr, pl.Expr]:
    """Per row: might a cell hold mojibake, might one hold a national ID number.

    Both look at the row's cells joined by a line break, which neither pattern can match, so a
    row is flagged exactly when one of its cells is.
    """
    cells = [name for name in frame_columns if name != ROW]
    row = pl.concat_str(cells, separator="\n", ignore_nulls=True)
    return (
        row.str.contains(MOJIBAKE_PATTERN).fill_null(False).alias(MOJIBAKE_ROWS),
        might_contain_national_id(row).alias(NATIONAL_ID_ROWS),
    )


def text_rules(raw: RawTable) -> list[Rule]:
    """Text that was decoded wrongly somewhere on its way (mojibake), in any column."""
    return [
        mojibake_rule(header_label(header, position), cell_column(position))
        for position, header in enumerate(raw.headers)
    ]


@functools.lru_cache(maxsize=256)
def mojibake_rule(label: str, source: str) -> Rule:
    """Mojibake in the frame column `source`, reported in the column called `label`."""
    broken = pl.col(source).str.contains(MOJIBAKE_PATTERN)
    return rule(label, MOJIBAKE_MESSAGE, broken, key=source)


def mojibake_problems(raw: RawTable, suspects: pl.Series) -> list[Problem]:
    """Mojibake per column, looked for only in the rows that `suspects` flags."""
    if not suspects.any():
        return []
    rules = text_rules(raw)
    found = raw.frame.filter(suspects).select(ROW, *(rule.flag for rule in rules))
    return rule_problems(rules, found, raw)


_KEY_NATIONAL_ID_MESSAGES = {
    "husstand_id": (
        "ser ut som et fødselsnummer eller D-nummer. husstand_id må være en pseudonym "
        "nøkkel, aldri et personnummer."
    ),
    "utleier_id": (
        "ser ut som et fødselsnummer eller D-nummer. utleier_id må være en pseudonym nøkkel "
        "eller et organisasjonsnummer, aldri et personnummer."
    ),
}


def table_national_id_problems(
    raw: RawTable, columns: dict[str, str], suspects: pl.Series
) -> list[Problem]:
    """Personal numbers in any column, looked for only in the rows that `suspects` flags.

    Any one is an error. snapshot-format.md refuses a column only when more than 1 % of its
    values are personal numbers (and warns below that), but design.md, which is newer and
    binding, refuses them in every text field: a warning still stored the number, and one
    stored personal number is the very harm the rule is there to prevent.
    A column whose header announces personal data is refused as a whole already.
    """
    if not suspects.any():
        return []
    labels = {
        cell_column(position): header_label(header, position)
        for position, header in enumerate(raw.headers)
        if not is_forbidden_header(header)
    }
    messages = {
        source: _KEY_NATIONAL_ID_MESSAGES[name]
        for name, source in columns.items()
        if name in _KEY_NATIONAL_ID_MESSAGES
    }
    return national_id_problems(
        raw.frame.filter(suspects),
        labels,
        file=raw.file_name,
        sheet=raw.sheet,
        messages=messages,
    )
