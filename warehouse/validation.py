"""Text cells -> typed polars frames, or every problem with them (snapshot format v1).

Each rule of snapshot-format.md is a boolean polars expression over a whole table; rows where it
holds become problems that name file, sheet, Excel row and column and say what is expected,
never what the cell held. At most 20 problems per column and rule are listed one by one, then
one problem counts the rest.

`parse_snapshot` checks each table on its own. Checks that need more than the upload are
separate: `check_dwelling_references` (the month's boliger may already be in the warehouse) and
`check_locations` (needs the areas from geo).
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from warehouse.fnr import might_contain_national_id
from warehouse.problems import Problem, Severity, SourceFile
from warehouse.reading import (
    MOJIBAKE_PATTERN,
    ROW,
    RawTable,
    cell_column,
    read_source,
    row_problems,
)
from warehouse.snapshot_format import (
    MONTH_COLUMN,
    TABLES,
    YES_NO_HELP,
    Column,
    TableFormat,
    canonical_header,
    code_lookup,
    fold_expr,
    is_forbidden_header,
    yes_no_lookup,
)
from warehouse.text_checks import (
    CONTROL_CHARACTER_MESSAGE,
    CONTROL_CHARACTERS,
    column_label,
    header_national_id_problems,
    national_id_problems,
)
from warehouse.upload_limits import DEFAULT_LIMITS, ReadLimits

MAX_TEXT_CHARACTERS = 200  # a stored text cell: an address or an id
_INT32_MAX = 2**31 - 1
_EARLIEST_DATE = date(1900, 1, 1)


@dataclass(frozen=True)
class ParsedTable:
    """One validated snapshot table, typed as the raw warehouse table."""

    table: str  # "boliger" | "husstander"
    file_name: str
    sheet: str | None  # XLSX sheet name, None for CSV
    sha256: str  # sha256 hex of the whole source file's bytes
    frame: pl.DataFrame  # the raw table's columns (without load_id) in order, plus ROW (Int32)


@dataclass
class SnapshotParse:
    """The tables of one upload and everything wrong with it."""

    tables: dict[str, ParsedTable] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """The problems that refuse the upload (severity "feil")."""
        return [problem for problem in self.problems if problem.severity == "feil"]


@dataclass(frozen=True)
class _Rule:
    """Rows where the flag column `name` is true have the same problem in the same column."""

    column: str | None
    message: str
    name: str
    flag: pl.Expr  # boolean, named `name`: false where the rule holds or cannot be checked
    severity: Severity = "feil"


def _rule(
    column: str | None,
    message: str,
    broken: pl.Expr,
    severity: Severity = "feil",
    key: str | None = None,
) -> _Rule:
    """A rule flagging the rows where `broken` holds.

    `key` tells apart rules with the same message in the same column (default: the column).
    """
    name = f"{key or column}: {message}"
    return _Rule(column, message, name, broken.fill_null(False).alias(name), severity)


def snapshot_date(month: str) -> date:
    """The last day of a month written `YYYY-MM`: the date the snapshot describes."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", month)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError("Måneden må skrives ÅÅÅÅ-MM, for eksempel 2024-01.")
    year, number = int(match.group(1)), int(match.group(2))
    return date(year, number, calendar.monthrange(year, number)[1])


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
                parse.problems.append(_given_twice(raw, earlier))
    return parse


def _given_twice(raw: RawTable, earlier: ParsedTable) -> Problem:
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
    columns, problems = _map_headers(raw, table_format)
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
        problems.extend(_location_header_problems(raw, columns))
    problems.extend(
        header_national_id_problems(
            raw.headers, file=raw.file_name, sheet=raw.sheet, row=raw.header_row
        )
    )
    checks = _table_checks(table_format.name, tuple(columns.items()))
    rules = [
        *_column_rules(table_format, checks, snapshot_date(month)),
        *checks.table_rules,
        *_month_rules(columns, month),
    ]
    # One query for the whole table: stored columns, a flag per rule, and per row whether any
    # cell might hold mojibake or a national ID number (the rare such rows are looked at again).
    result = (
        raw.frame.lazy()
        .with_columns(*checks.per_cell, *_typed_columns(raw.frame, checks))
        .select(
            *checks.stored, *(rule.flag for rule in rules), *_row_sieves(tuple(raw.frame.columns))
        )
        .collect()
    )
    problems.extend(_rule_problems(rules, result, raw))
    problems.extend(_mojibake_problems(raw, result.get_column(_MOJIBAKE_ROWS)))
    problems.extend(_national_id_problems(raw, columns, result.get_column(_NATIONAL_ID_ROWS)))
    frame = result[[*table_format.column_names, ROW]]
    return ParsedTable(raw.table, raw.file_name, raw.sheet, raw.sha256, frame), problems


@dataclass(frozen=True)
class _TableChecks:
    """The expressions for one table layout that do not depend on the month, built once."""

    per_cell: tuple[pl.Expr, ...]  # text and decimal columns, and those not in the file (null)
    typings: tuple[_Typing, ...]  # the file's other columns, grouped by how they are typed
    stored: tuple[pl.Expr, ...]  # the raw warehouse table's columns, then ROW
    column_rules: dict[str, tuple[_Rule, ...]]  # per column in the file, in the format's order
    table_rules: tuple[_Rule, ...]  # unique ids and rules between columns


@functools.lru_cache(maxsize=64)
def _table_checks(table: str, layout: tuple[tuple[str, str], ...]) -> _TableChecks:
    """The checks of a table whose columns sit in the file as `layout` (canonical -> frame)."""
    table_format = TABLES[table]
    columns = dict(layout)
    texts = {
        column.name: pl.col(columns[column.name]) if column.name in columns else _NO_TEXT
        for column in table_format.columns
    }
    groups: dict[tuple[str, int | None], list[Column]] = {}
    for column in table_format.columns:
        if column.kind in _FEW_DISTINCT_KINDS and column.name in columns:
            groups.setdefault(_typing_key(column), []).append(column)
    return _TableChecks(
        per_cell=tuple(
            _per_cell(column, texts[column.name])
            for column in table_format.columns
            if column.kind not in _FEW_DISTINCT_KINDS or column.name not in columns
        ),
        typings=tuple(_typing(group, columns) for group in groups.values()),
        stored=(
            *(_stored(column, texts[column.name]) for column in table_format.columns),
            pl.col(ROW).cast(pl.Int32),
        ),
        column_rules={
            column.name: _rules_of_column(column, texts[column.name])
            for column in table_format.columns
            if column.name in columns
        },
        table_rules=(
            _duplicate_rule(table_format.id_column),
            *_table_rules(table_format, texts, set(columns)),
        ),
    )


_NO_TEXT = pl.lit(None, dtype=pl.String)
# The type of a typed cell, per kind of column.
_DTYPES = {
    "text": pl.String,
    "digits": pl.String,
    "decimal": pl.Float64,
    "integer": pl.Int64,
    "code": pl.String,
    "yesno": pl.Boolean,
    "date": pl.Date,
}


def _map_headers(raw: RawTable, table_format: TableFormat) -> tuple[dict[str, str], list[Problem]]:
    """Canonical column -> frame column, and the problems of the header row."""
    columns: dict[str, str] = {}
    problems: list[Problem] = []
    known = {*table_format.column_names, MONTH_COLUMN}

    def problem(message: str, column: str, severity: Severity = "feil") -> None:
        problems.append(
            Problem(
                raw.file_name,
                message,
                sheet=raw.sheet,
                row=raw.header_row,
                column=column,
                severity=severity,
            )
        )

    for position, header in enumerate(raw.headers):
        name = canonical_header(header)
        label = header_label(header, position)
        if re.search(MOJIBAKE_PATTERN, header):
            problem(_MOJIBAKE_MESSAGE, label)
        if not header:
            problem(
                "Kolonnen har verdier, men ingen overskrift; den blir ikke lest.", label, "advarsel"
            )
        elif is_forbidden_header(header):
            problem(
                "Kolonnen ser ut til å inneholde personopplysninger (fødselsnummer, "
                "personnummer eller navn), og det er ikke tillatt. Fjern kolonnen.",
                label,
            )
        elif name in columns:
            problem("Kolonnen finnes mer enn én gang i overskriften.", name)
        elif name in known:
            columns[name] = cell_column(position)
        else:
            problem(
                f"Ukjent kolonne i tabellen {table_format.name}; den blir ikke lest. "
                f"Kolonnene i formatet er: {', '.join(table_format.column_names)}.",
                label,
                "advarsel",
            )
    for column in table_format.columns:
        if column.required and column.name not in columns:
            problem(
                f"Kolonnen mangler. Den er påkrevd i tabellen {table_format.name}.", column.name
            )
    return columns, problems


def header_label(header: str, position: int) -> str:
    """How a problem names a column: its canonical name, else as `column_label` does."""
    return canonical_header(header) or column_label(header, position)


# --- typing ----------------------------------------------------------------------------------


# Columns of these kinds repeat their values (codes, yes/no, small numbers, dates), and columns
# typed the same way share most of them: typing each distinct text once per group and looking
# the cells up is several times faster than typing every cell, in large tables and small ones
# alike. Decimals (coordinates, areas) are mostly distinct and are typed cell by cell.
_FEW_DISTINCT_KINDS = ("digits", "integer", "code", "yesno", "date")
_TEXT, _VALUE = "tekst", "verdi"


def _per_cell(column: Column, text: pl.Expr) -> pl.Expr:
    """A column typed cell by cell: text as it is, decimals parsed; typed null when absent."""
    if text is _NO_TEXT:
        return pl.lit(None, dtype=_DTYPES[column.kind]).alias(column.name)
    return _typed(column, text).alias(column.name)


@dataclass(frozen=True)
class _Typing:
    """Columns typed the same way: the distinct texts of them all, typed together."""

    columns: tuple[Column, ...]
    sources: tuple[str, ...]  # their frame columns
    texts: pl.Expr  # the distinct texts of all the columns, named _TEXT
    values: pl.Expr  # the text's value, named _VALUE: for codes and yes/no its folded spelling
    lookups: tuple[dict[str, str] | dict[str, bool] | None, ...]  # per column: folded -> value


def _typing_key(column: Column) -> tuple[str, int | None]:
    """Columns with the same key type a text the same way (codes and yes/no: up to the lookup)."""
    if column.kind in ("code", "yesno"):
        return "fold", None
    return column.kind, column.digits


def _typing(group: list[Column], columns: dict[str, str]) -> _Typing:
    """The typing of columns with the same `_typing_key`, found in the file as `columns`."""
    sources = tuple(columns[column.name] for column in group)
    texts = functools.reduce(pl.Expr.append, (pl.col(source) for source in sources))
    return _Typing(
        columns=tuple(group),
        sources=sources,
        texts=texts.drop_nulls().unique().alias(_TEXT),
        values=_typed(group[0], pl.col(_TEXT)).alias(_VALUE),
        lookups=tuple(_lookup(column) for column in group),
    )


def _lookup(column: Column) -> dict[str, str] | dict[str, bool] | None:
    """Folded spelling -> value for a code or yes/no column, None for the other kinds."""
    match column.kind:
        case "code":
            return code_lookup(column)
        case "yesno":
            return yes_no_lookup()
        case _:
            return None


def _typed_columns(frame: pl.DataFrame, checks: _TableChecks) -> list[pl.Expr]:
    """The file's columns that need typing, typed per distinct text and looked up per cell."""
    typed_texts = pl.collect_all(
        frame.lazy().select(typing.texts).with_columns(typing.values) for typing in checks.typings
    )
    typed = []
    for typing, distinct in zip(checks.typings, typed_texts, strict=True):
        # The categories are turned into polars' own type once for the group, not per column.
        categories = pl.Enum(distinct.get_column(_TEXT)).to_dtype_expr()
        values = distinct.get_column(_VALUE)
        for column, source, lookup in zip(
            typing.columns, typing.sources, typing.lookups, strict=True
        ):
            positions = pl.col(source).cast(categories).to_physical()
            column_values = _looked_up(values, lookup, _DTYPES[column.kind])
            typed.append(pl.lit(column_values).gather(positions).alias(column.name))
    return typed


def _looked_up(values: pl.Series, lookup: Mapping | None, dtype: pl.DataType) -> pl.Series:
    """A group's values for one column: as they are, or folded spellings looked up."""
    if lookup is None:
        return values
    return pl.Series([lookup.get(folded) for folded in values.to_list()], dtype=dtype)


def _typed(column: Column, text: pl.Expr) -> pl.Expr:
    """What a cell's text is typed to in a column of its kind, null where it breaks the type.

    For codes and yes/no that is the folded spelling, which the column's lookup turns into
    the value.
    """
    match column.kind:
        case "digits":
            return _digits(text, column)
        case "decimal":
            return parse_decimal(text)
        case "integer":
            return parse_integer(text)
        case "code" | "yesno":
            return fold_expr(text)
        case "date":
            return parse_date(text)
        case _:
            return text


def _digits(text: pl.Expr, column: Column) -> pl.Expr:
    compact = text.str.replace_all(r"\s", "")
    return pl.when(compact.str.contains(f"^\\d{{{column.digits}}}$")).then(compact)


def _number_text(text: pl.Expr) -> pl.Expr:
    """A number with thousands separators (spaces of any kind) removed and a dot for decimals."""
    return text.str.replace_all(r"\s", "").str.replace("\u2212", "-", literal=True)


def parse_decimal(text: pl.Expr) -> pl.Expr:
    """Decimal numbers with a comma or a dot, thousands separators allowed; null otherwise."""
    number = _number_text(text)
    return (
        pl.when(number.str.contains(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$"))
        .then(number.str.replace(",", ".", literal=True))
        .cast(pl.Float64, strict=False)
    )


def parse_integer(text: pl.Expr) -> pl.Expr:
    """Whole numbers; "3,0" and "3.0" count as 3 (some systems write every number so)."""
    number = _number_text(text)
    digits = number.str.replace(r"[.,]0+$", "")
    return (
        pl.when(number.str.contains(r"^[+-]?\d{1,12}([.,]0+)?$"))
        .then(digits)
        .cast(pl.Int64, strict=False)
    )


def parse_date(text: pl.Expr) -> pl.Expr:
    """`dd.mm.yyyy` or `yyyy-mm-dd` (an Excel date cell arrives as the latter) as a Date."""
    return (
        pl.when(text.str.contains(r"^\d{1,2}\.\d{1,2}\.\d{4}$"))
        .then(text.str.to_date("%d.%m.%Y", strict=False))
        .when(text.str.contains(r"^\d{4}-\d{1,2}-\d{1,2}$"))
        .then(text.str.to_date("%Y-%m-%d", strict=False))
    )


def _stored(column: Column, text: pl.Expr) -> pl.Expr:
    """A typed column as the warehouse stores it: a blank yes/no is no, blank `barn` is 0."""
    value = pl.col(column.name)
    match column.kind:
        case "yesno":
            stored = pl.when(text.is_null()).then(False).otherwise(value)
        case "integer":
            stored = value.cast(pl.Int32, strict=False)
            if column.blank_value is not None:
                stored = pl.when(text.is_null()).then(column.blank_value).otherwise(stored)
            stored = stored.cast(pl.Int32)
        case "decimal":
            stored = value.cast(pl.Float64)
        case "date":
            stored = value.cast(pl.Date)
        case _:
            stored = value.cast(pl.String)
    return stored.alias(column.name)


# --- rules -----------------------------------------------------------------------------------


def _expected(column: Column) -> str:
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


def _out_of_range(column: Column) -> pl.Expr:
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
        broken = broken | (value > _INT32_MAX)
    return broken


def _rules_of_column(column: Column, text: pl.Expr) -> tuple[_Rule, ...]:
    """A column's own rules that hold in every month: required values, type and range."""
    value = pl.col(column.name)
    rules = []
    if column.required:
        rules.append(_rule(column.name, "Verdi mangler; kolonnen er påkrevd.", text.is_null()))
    if column.required_when:
        other, code = column.required_when
        rules.append(
            _rule(
                column.name,
                f"Verdi mangler; den er påkrevd når {other} er {code}.",
                text.is_null() & (pl.col(other) == code),
            )
        )
    if column.kind == "text":
        rules.append(
            _rule(column.name, CONTROL_CHARACTER_MESSAGE, text.str.contains(CONTROL_CHARACTERS))
        )
        rules.append(
            _rule(
                column.name,
                f"er lengre enn {MAX_TEXT_CHARACTERS} tegn",
                text.str.len_chars() > MAX_TEXT_CHARACTERS,
            )
        )
    else:
        broken = text.is_not_null() & value.is_null()
        if column.kind in ("integer", "decimal"):
            broken = broken | _out_of_range(column)
        if column.kind == "date":
            broken = broken | (value < _EARLIEST_DATE)
        rules.append(_rule(column.name, _expected(column), broken))
    return tuple(rules)


def _column_rules(table_format: TableFormat, checks: _TableChecks, last_day: date) -> list[_Rule]:
    """Per column in the file: its own rules, and for dates none after the snapshot date."""
    rules = []
    for column in table_format.columns:
        if column.name not in checks.column_rules:
            continue
        rules.extend(checks.column_rules[column.name])
        if column.kind == "date":
            rules.append(
                _rule(
                    column.name,
                    f"kan ikke være etter månedens siste dag ({last_day:%d.%m.%Y})",
                    pl.col(column.name) > last_day,
                )
            )
    return rules


def _duplicate_rule(id_column: str) -> _Rule:
    """Every row after the first with the same id (rows are in the file's order)."""
    return _rule(
        id_column,
        f"{id_column} finnes også på en tidligere rad; den må være unik i tabellen",
        pl.col(id_column).is_not_null() & ~pl.col(id_column).is_first_distinct(),
    )


def _location_header_problems(raw: RawTable, columns: dict[str, str]) -> list[Problem]:
    """boliger needs a grunnkrets column or both lat and lon (one problem, not one per row)."""
    if {"grunnkrets", "lat", "lon"} & set(columns):
        return []
    message = "Kolonnene mangler: tabellen boliger må ha grunnkrets, eller lat og lon."
    return [Problem(raw.file_name, message, sheet=raw.sheet, row=raw.header_row)]


def _table_rules(
    table_format: TableFormat, texts: dict[str, pl.Expr], present: set[str]
) -> list[_Rule]:
    """Rules between columns of one row."""
    if table_format.name == "husstander":
        return [
            _rule(
                "barn",
                "må være mindre enn personer (barna regnes med i personer)",
                (pl.col("barn").fill_null(0) >= pl.col("personer")) & (pl.col("personer") >= 1),
            )
        ]
    lat, lon, grunnkrets = texts["lat"], texts["lon"], texts["grunnkrets"]
    if not {"grunnkrets", "lat", "lon"} & present:
        return []
    return [
        _rule(
            "grunnkrets",
            "Verdi mangler: en bolig må ha grunnkrets, eller lat og lon.",
            lat.is_null() & lon.is_null() & grunnkrets.is_null(),
        ),
        _rule(
            "lon", "Verdi mangler: lat og lon fylles ut sammen.", lat.is_not_null() & lon.is_null()
        ),
        _rule(
            "lat", "Verdi mangler: lat og lon fylles ut sammen.", lon.is_not_null() & lat.is_null()
        ),
    ]


def _month_rules(columns: dict[str, str], month: str) -> list[_Rule]:
    """A `maaned` column must name the month given at upload (blank cells are fine)."""
    if MONTH_COLUMN not in columns:
        return []
    source = columns[MONTH_COLUMN]
    stated = _stated_month(source)
    year, number = (int(part) for part in month.split("-"))
    mm_yyyy = f"{number:02d}.{year}"
    return [
        _rule(
            MONTH_COLUMN,
            f"må være måneden det lastes opp for, {month} (skrevet {month}, {mm_yyyy} "
            "eller som en dato i måneden)",
            pl.col(source).is_not_null() & (stated.is_null() | (stated != date(year, number, 1))),
        )
    ]


@functools.lru_cache(maxsize=64)
def _stated_month(source: str) -> pl.Expr:
    """The first day of the month a `maaned` cell names (`2024-01`, `01.2024` or a date)."""
    text = pl.col(source)
    stated = pl.coalesce(
        (text + "-01").str.to_date("%Y-%m-%d", strict=False),
        ("01." + text).str.to_date("%d.%m.%Y", strict=False),
        parse_date(text),
    )
    return stated.dt.month_start()


_MOJIBAKE_MESSAGE = (
    "Teksten har feil tegnkoding (for eksempel «Ã¸» i stedet for «ø»). "
    "Lagre filen som CSV UTF-8 fra Excel og prøv igjen."
)


_MOJIBAKE_ROWS = "rad med feil tegnkoding?"
_NATIONAL_ID_ROWS = "rad med personnummer?"


@functools.lru_cache(maxsize=64)
def _row_sieves(frame_columns: tuple[str, ...]) -> tuple[pl.Expr, pl.Expr]:
    """Per row: might a cell hold mojibake, might one hold a national ID number.

    Both look at the row's cells joined by a line break, which neither pattern can match, so a
    row is flagged exactly when one of its cells is.
    """
    cells = [name for name in frame_columns if name != ROW]
    row = pl.concat_str(cells, separator="\n", ignore_nulls=True)
    return (
        row.str.contains(MOJIBAKE_PATTERN).fill_null(False).alias(_MOJIBAKE_ROWS),
        might_contain_national_id(row).alias(_NATIONAL_ID_ROWS),
    )


def _text_rules(raw: RawTable) -> list[_Rule]:
    """Text that was decoded wrongly somewhere on its way (mojibake), in any column."""
    return [
        _mojibake_rule(header_label(header, position), cell_column(position))
        for position, header in enumerate(raw.headers)
    ]


@functools.lru_cache(maxsize=256)
def _mojibake_rule(label: str, source: str) -> _Rule:
    """Mojibake in the frame column `source`, reported in the column called `label`."""
    broken = pl.col(source).str.contains(MOJIBAKE_PATTERN)
    return _rule(label, _MOJIBAKE_MESSAGE, broken, key=source)


def _mojibake_problems(raw: RawTable, suspects: pl.Series) -> list[Problem]:
    """Mojibake per column, looked for only in the rows that `suspects` flags."""
    if not suspects.any():
        return []
    rules = _text_rules(raw)
    found = raw.frame.filter(suspects).select(ROW, *(rule.flag for rule in rules))
    return _rule_problems(rules, found, raw)


def _rule_problems(rules: list[_Rule], flags: pl.DataFrame, raw: RawTable) -> list[Problem]:
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


def _national_id_problems(
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
        source: (
            "ser ut som et fødselsnummer eller D-nummer. husstand_id må være en pseudonym "
            "nøkkel, aldri et personnummer."
        )
        for name, source in columns.items()
        if name == "husstand_id"
    }
    return national_id_problems(
        raw.frame.filter(suspects),
        labels,
        file=raw.file_name,
        sheet=raw.sheet,
        messages=messages,
    )


# --- checks that need more than one table ------------------------------------------------------


def check_dwelling_references(households: ParsedTable, dwelling_ids: pl.Series) -> list[Problem]:
    """Households in a municipal dwelling whose bolig_id is not among the month's boliger."""
    frame = households.frame
    missing = frame.filter(
        (pl.col("situasjon") == "kommunal_bolig")
        & pl.col("bolig_id").is_not_null()
        & ~pl.col("bolig_id").is_in(dwelling_ids.cast(pl.String).implode())
    )
    return row_problems(
        missing[ROW],
        "finnes ikke i boliger for samme måned; en husstand i kommunal bolig må bo i en av dem",
        file=households.file_name,
        sheet=households.sheet,
        column="bolig_id",
    )


def check_locations(
    dwellings: ParsedTable, located: pl.DataFrame, known_areas: pl.Series | None = None
) -> list[Problem]:
    """Dwellings whose position does not fit the municipality's areas.

    `located` has one row per dwelling with lat and lon: bolig_id and
    grunnkrets_fra_koordinater (null when the point lies outside every area). Outside every
    area is an error; a grunnkrets that disagrees with the coordinates is a warning (the
    coordinates decide). With `known_areas` (grunnkrets ids), a dwelling placed by grunnkrets
    alone whose grunnkrets is not among them is a warning.
    """
    areas = located.select("bolig_id", "grunnkrets_fra_koordinater").unique("bolig_id")
    frame = dwellings.frame.join(areas, on="bolig_id", how="left")
    has_position = pl.col("lat").is_not_null() & pl.col("lon").is_not_null()
    from_position = pl.col("grunnkrets_fra_koordinater")
    where = {"file": dwellings.file_name, "sheet": dwellings.sheet}
    problems = row_problems(
        frame.filter(has_position & from_position.is_null())[ROW],
        "koordinatene ligger utenfor kommunens områder; sjekk lat og lon (WGS84)",
        column="lat, lon",
        **where,
    )
    problems += row_problems(
        frame.filter(has_position & (pl.col("grunnkrets") != from_position))[ROW],
        "grunnkrets stemmer ikke med området koordinatene ligger i; koordinatene brukes",
        column="grunnkrets",
        severity="advarsel",
        **where,
    )
    if known_areas is not None:
        unknown = ~has_position & ~pl.col("grunnkrets").is_in(known_areas.cast(pl.String).implode())
        problems += row_problems(
            frame.filter(unknown & pl.col("grunnkrets").is_not_null())[ROW],
            "grunnkretsen finnes ikke blant kommunens områder; boligen får ikke noe område",
            column="grunnkrets",
            severity="advarsel",
            **where,
        )
    return problems
