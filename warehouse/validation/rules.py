"""The rules of snapshot-format.md as polars expressions: per column (required, type, range),
between the columns of a row, unique ids, the month; and the problems of the rows breaking them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

import polars as pl

from core.problems import Problem, Severity
from core.snapshot_format import (
    MONTH_COLUMN,
    YES_NO_HELP,
    Column,
    TableFormat,
)
from warehouse.validation.cells import parse_date
from warehouse.validation.reading import (
    ROW,
    RawTable,
    row_problems,
)
from warehouse.validation.text_checks import (
    CONTROL_CHARACTER_MESSAGE,
    CONTROL_CHARACTERS,
    PLAIN_KEY_MESSAGE,
    is_plain_key,
)

MAX_TEXT_CHARACTERS = 200  # a stored text cell: an address or an id


INT32_MAX = 2**31 - 1


EARLIEST_DATE = date(1900, 1, 1)


@dataclass(frozen=True)
class Rule:
    """Rows where the flag column `name` is true have the same problem in the same column."""

    column: str | None
    message: str
    name: str
    flag: pl.Expr  # boolean, named `name`: false where the rule holds or cannot be checked
    severity: Severity = "feil"


def rule(
    column: str | None,
    message: str,
    broken: pl.Expr,
    severity: Severity = "feil",
    key: str | None = None,
) -> Rule:
    """A rule flagging the rows where `broken` holds.

    `key` tells apart rules with the same message in the same column (default: the column).
    """
    name = f"{key or column}: {message}"
    return Rule(column, message, name, broken.fill_null(False).alias(name), severity)


def expected(column: Column) -> str:
    """What a cell of this column must be, in words."""
    match column.kind:
        case "digits" if column.name == "grunnkrets":
            return "må være 8 sifre: kommunenummer og grunnkretsnummer, for eksempel 11080101"
        case "digits":
            return (
                f"må være {column.digits} sifre; behold ledende null (formater kolonnen som "
                "tekst i Excel)"
            )
        case "integer":
            return f"må være et heltall større enn eller lik {column.minimum:g}"
        case "decimal" if column.above_minimum:
            return f"må være et tall større enn {column.minimum:g}"
        case "decimal":
            return (
                f"må være et desimaltall fra {column.minimum:g} til {column.maximum:g} "
                "(komma eller punktum som desimaltegn)"
            )
        case "code":
            return f"må være en av kodene {', '.join(column.codes or {})}"
        case "yesno":
            return f"må være {YES_NO_HELP}"
        case "date":
            return "må være en dato skrevet dd.mm.åååå eller åååå-mm-dd"
        case _:
            return "har feil format"


def out_of_range(column: Column) -> pl.Expr:
    """True where a typed number lies outside the column's limits."""
    value = pl.col(column.name)
    broken = pl.lit(False)
    if column.minimum is not None:
        broken = broken | (
            value <= column.minimum if column.above_minimum else value < column.minimum
        )
    if column.maximum is not None:
        broken = broken | (value > column.maximum)
    if column.kind == "integer":
        broken = broken | (value > INT32_MAX)
    return broken


def rules_of_column(column: Column, text: pl.Expr) -> tuple[Rule, ...]:
    """A column's own rules that hold in every month: required values, type and range."""
    value = pl.col(column.name)
    rules = []
    if column.required:
        rules.append(rule(column.name, "Verdi mangler; kolonnen er påkrevd.", text.is_null()))
    if column.required_when:
        other, code = column.required_when
        rules.append(
            rule(
                column.name,
                f"Verdi mangler; den er påkrevd når {other} er {code}.",
                text.is_null() & (pl.col(other) == code),
            )
        )
    if column.kind == "text":
        rules.append(
            rule(column.name, CONTROL_CHARACTER_MESSAGE, text.str.contains(CONTROL_CHARACTERS))
        )
        rules.append(
            rule(
                column.name,
                f"er lengre enn {MAX_TEXT_CHARACTERS} tegn",
                text.str.len_chars() > MAX_TEXT_CHARACTERS,
            )
        )
        if column.key:
            rules.append(rule(column.name, PLAIN_KEY_MESSAGE, ~is_plain_key(text)))
    else:
        broken = text.is_not_null() & value.is_null()
        if column.kind in ("integer", "decimal"):
            broken = broken | out_of_range(column)
        if column.kind == "date":
            broken = broken | (value < EARLIEST_DATE)
        rules.append(rule(column.name, expected(column), broken))
    return tuple(rules)


def column_rules(
    table_format: TableFormat, rules_by_column: dict[str, tuple[Rule, ...]], last_day: date
) -> list[Rule]:
    """Per column in the file: its own rules, and for dates none after the snapshot date (but
    those that may lie ahead, such as the end of a lease)."""
    rules = []
    for column in table_format.columns:
        if column.name not in rules_by_column:
            continue
        rules.extend(rules_by_column[column.name])
        if column.kind == "date" and not column.future_allowed:
            rules.append(
                rule(
                    column.name,
                    f"kan ikke være etter månedens siste dag ({last_day:%d.%m.%Y})",
                    pl.col(column.name) > last_day,
                )
            )
    return rules


def duplicate_rule(id_column: str) -> Rule:
    """Every row after the first with the same id (rows are in the file's order)."""
    return rule(
        id_column,
        f"{id_column} finnes også på en tidligere rad; den må være unik i tabellen",
        pl.col(id_column).is_not_null() & ~pl.col(id_column).is_first_distinct(),
    )


def location_header_problems(raw: RawTable, columns: dict[str, str]) -> list[Problem]:
    """boliger needs a grunnkrets column or both lat and lon (one problem, not one per row)."""
    if {"grunnkrets", "lat", "lon"} & set(columns):
        return []
    message = "Kolonnene mangler: tabellen boliger må ha grunnkrets, eller lat og lon."
    return [Problem(raw.file_name, message, sheet=raw.sheet, row=raw.header_row)]


def table_rules(
    table_format: TableFormat, texts: dict[str, pl.Expr], present: set[str]
) -> list[Rule]:
    """Rules between columns of one row."""
    if table_format.name == "husstander":
        return [
            rule(
                "barn",
                "må være mindre enn personer (barna regnes med i personer)",
                (pl.col("barn").fill_null(0) >= pl.col("personer")) & (pl.col("personer") >= 1),
            )
        ]
    return [*_location_rules(texts, present), *_lease_rules(present)]


def _lease_rules(present: set[str]) -> list[Rule]:
    """A lease cannot end before it starts (both dates given; a blank end is open-ended)."""
    if not {"leieavtale_fra", "leieavtale_til"} <= present:
        return []
    return [
        rule(
            "leieavtale_til",
            "kan ikke være før leieavtale_fra (en leieavtale slutter ikke før den begynner)",
            pl.col("leieavtale_til") < pl.col("leieavtale_fra"),
        )
    ]


def _location_rules(texts: dict[str, pl.Expr], present: set[str]) -> list[Rule]:
    """A dwelling's place: a grunnkrets, or lat and lon together."""
    lat, lon, grunnkrets = texts["lat"], texts["lon"], texts["grunnkrets"]
    if not {"grunnkrets", "lat", "lon"} & present:
        return []
    return [
        rule(
            "grunnkrets",
            "Verdi mangler: en bolig må ha grunnkrets, eller lat og lon.",
            lat.is_null() & lon.is_null() & grunnkrets.is_null(),
        ),
        rule(
            "lon", "Verdi mangler: lat og lon fylles ut sammen.", lat.is_not_null() & lon.is_null()
        ),
        rule(
            "lat", "Verdi mangler: lat og lon fylles ut sammen.", lon.is_not_null() & lat.is_null()
        ),
    ]


def month_rules(columns: dict[str, str], month: str) -> list[Rule]:
    """A `maaned` column must name the month given at upload (blank cells are fine)."""
    if MONTH_COLUMN not in columns:
        return []
    source = columns[MONTH_COLUMN]
    stated = stated_month(source)
    year, number = (int(part) for part in month.split("-"))
    mm_yyyy = f"{number:02d}.{year}"
    return [
        rule(
            MONTH_COLUMN,
            f"må være måneden det lastes opp for, {month} (skrevet {month}, {mm_yyyy} "
            "eller som en dato i måneden)",
            pl.col(source).is_not_null() & (stated.is_null() | (stated != date(year, number, 1))),
        )
    ]


@functools.lru_cache(maxsize=64)
def stated_month(source: str) -> pl.Expr:
    """The first day of the month a `maaned` cell names (`2024-01`, `01.2024` or a date)."""
    text = pl.col(source)
    stated = pl.coalesce(
        (text + "-01").str.to_date("%Y-%m-%d", strict=False),
        ("01." + text).str.to_date("%d.%m.%Y", strict=False),
        parse_date(text),
    )
    return stated.dt.month_start()


def rule_problems(rules: list[Rule], flags: pl.DataFrame, raw: RawTable) -> list[Problem]:
    """The problems of the rules, from ROW and their flag columns in `flags`."""
    rows = flags.get_column(ROW)
    problems = []
    for rule in rules:
        broken = flags.get_column(rule.name)
        if broken.any():
            problems.extend(
                row_problems(
                    rows.filter(broken),
                    rule.message,
                    file=raw.file_name,
                    sheet=raw.sheet,
                    column=rule.column,
                    severity=rule.severity,
                )
            )
    return problems
