"""An upload's snapshot tables: read, recognised, typed and checked, table by table.

Each rule of snapshot-format.md is a boolean polars expression over a whole table (rules.py);
rows where it holds become problems that name file, sheet, Excel row and column and say what is
expected, never what the cell held. At most 20 problems per column and rule are listed one by
one, then one problem counts the rest. Checks that need more than one table, or what the
warehouse holds, are in cross_table.py.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

from core.problems import Problem, SourceFile
from core.snapshot_format import (
    TABLES,
    Column,
    snapshot_date,
)
from warehouse.validation.headers import map_headers
from warehouse.validation.limits import DEFAULT_LIMITS, ReadLimits
from warehouse.validation.reading import (
    ROW,
    RawTable,
    read_source,
)
from warehouse.validation.rules import (
    Rule,
    column_rules,
    duplicate_rule,
    location_header_problems,
    month_rules,
    rule_problems,
    rules_of_column,
    table_rules,
)
from warehouse.validation.sieves import (
    MOJIBAKE_ROWS,
    NATIONAL_ID_ROWS,
    mojibake_problems,
    row_sieves,
    table_national_id_problems,
)
from warehouse.validation.text_checks import (
    header_national_id_problems,
)
from warehouse.validation.typed import (
    FEW_DISTINCT_KINDS,
    NO_TEXT,
    Typing,
    per_cell,
    stored,
    typed_columns,
    typing_key,
    typing_of,
)


@dataclass(frozen=True)
class ParsedTable:
    """One validated snapshot table, typed as the raw warehouse table."""

    table: str  # "boliger" | "husstander"
    file_name: str
    sheet: str | None  # XLSX sheet name, None for CSV
    sha256: str  # sha256 hex of the whole source file's bytes
    frame: pl.DataFrame  # the raw table's columns (without load_id) in order, plus ROW (Int32)
    carried: tuple[str, ...] = ()  # the format's columns the file has, in warehouse order


@dataclass
class SnapshotParse:
    """The tables of one upload and everything wrong with it."""

    tables: dict[str, ParsedTable] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """The problems that refuse the upload (severity "feil")."""
        return [problem for problem in self.problems if problem.severity == "feil"]


def parse_snapshot(
    files: Sequence[SourceFile], month: str, limits: ReadLimits = DEFAULT_LIMITS
) -> SnapshotParse:
    """Read, recognise and validate every table in the uploaded files for `month` (YYYY-MM).

    Raises ValueError for a month not written YYYY-MM. A table's frame is only fit to store
    when `errors` is empty; cells that broke a rule are null in it.
    """
    snapshot_date(month)
    parse = SnapshotParse()
    for file in files:
        read = read_source(file, limits)
        parse.problems.extend(read.problems)
        for raw in read.tables:
            table, problems = validate_table(raw, month)
            parse.problems.extend(problems)
            earlier = parse.tables.get(table.table)
            if earlier is None:
                parse.tables[table.table] = table
            else:
                parse.problems.append(given_twice(raw, earlier))
    return parse


def given_twice(raw: RawTable, earlier: ParsedTable) -> Problem:
    source = earlier.file_name + (f", ark {earlier.sheet}" if earlier.sheet else "")
    return Problem(
        raw.file_name,
        f"Tabellen {raw.table} er allerede lastet opp i denne opplastingen ({source}). "
        "Last opp hver tabell bare én gang.",
        sheet=raw.sheet,
    )


def validate_table(raw: RawTable, month: str) -> tuple[ParsedTable, list[Problem]]:
    """The typed table and every problem with it; the month is `YYYY-MM`."""
    table_format = TABLES[raw.table]
    columns, problems = map_headers(raw, table_format)
    if raw.frame.height == 0:
        problems.append(
            Problem(
                raw.file_name,
                "Tabellen har ingen rader under overskriften.",
                sheet=raw.sheet,
                row=raw.header_row + 1,
            )
        )
    if table_format.name == "boliger":
        problems.extend(location_header_problems(raw, columns))
    problems.extend(
        header_national_id_problems(
            raw.headers, file=raw.file_name, sheet=raw.sheet, row=raw.header_row
        )
    )
    checks = table_checks(table_format.name, tuple(columns.items()))
    rules = [
        *column_rules(table_format, checks.column_rules, snapshot_date(month)),
        *checks.table_rules,
        *month_rules(columns, month),
    ]
    # One query for the whole table: stored columns, a flag per rule, and per row whether any
    # cell might hold mojibake or a national ID number (the rare such rows are looked at again).
    result = (
        raw.frame.lazy()
        .with_columns(*checks.per_cell, *typed_columns(raw.frame, checks.typings))
        .select(
            *checks.stored, *(rule.flag for rule in rules), *row_sieves(tuple(raw.frame.columns))
        )
        .collect()
    )
    problems.extend(rule_problems(rules, result, raw))
    problems.extend(mojibake_problems(raw, result.get_column(MOJIBAKE_ROWS)))
    problems.extend(table_national_id_problems(raw, columns, result.get_column(NATIONAL_ID_ROWS)))
    frame = result[[*table_format.column_names, ROW]]
    carried = tuple(name for name in table_format.column_names if name in columns)
    return ParsedTable(raw.table, raw.file_name, raw.sheet, raw.sha256, frame, carried), problems


@dataclass(frozen=True)
class TableChecks:
    """The expressions for one table layout that do not depend on the month, built once."""

    per_cell: tuple[pl.Expr, ...]  # text and decimal columns, and those not in the file (null)
    typings: tuple[Typing, ...]  # the file's other columns, grouped by how they are typed
    stored: tuple[pl.Expr, ...]  # the raw warehouse table's columns, then ROW
    column_rules: dict[str, tuple[Rule, ...]]  # per column in the file, in the format's order
    table_rules: tuple[Rule, ...]  # unique ids and rules between columns


@functools.lru_cache(maxsize=64)
def table_checks(table: str, layout: tuple[tuple[str, str], ...]) -> TableChecks:
    """The checks of a table whose columns sit in the file as `layout` (canonical -> frame)."""
    table_format = TABLES[table]
    columns = dict(layout)
    texts = {
        column.name: pl.col(columns[column.name]) if column.name in columns else NO_TEXT
        for column in table_format.columns
    }
    groups: dict[tuple[str, int | None], list[Column]] = {}
    for column in table_format.columns:
        if column.kind in FEW_DISTINCT_KINDS and column.name in columns:
            groups.setdefault(typing_key(column), []).append(column)
    return TableChecks(
        per_cell=tuple(
            per_cell(column, texts[column.name])
            for column in table_format.columns
            if column.kind not in FEW_DISTINCT_KINDS or column.name not in columns
        ),
        typings=tuple(typing_of(group, columns) for group in groups.values()),
        stored=(
            *(stored(column, texts[column.name]) for column in table_format.columns),
            pl.col(ROW).cast(pl.Int32),
        ),
        column_rules={
            column.name: rules_of_column(column, texts[column.name])
            for column in table_format.columns
            if column.name in columns
        },
        table_rules=(
            duplicate_rule(table_format.id_column),
            *table_rules(table_format, texts, set(columns)),
        ),
    )
