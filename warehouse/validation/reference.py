"""Reference files checked before anything is stored: the CSVs of area statistics and targets
(every problem, with file, row and column, never a value), and an areas file's properties
(names in plain text, no personal ID number anywhere; geo reads the file itself)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from core.problems import Problem, SourceFile
from core.reference_codes import BRUKERPLAN_SITUATIONS
from core.snapshot_format import AREA_COLUMNS, fold, fold_expr, is_forbidden_header
from warehouse.validation.cells import parse_decimal, parse_integer
from warehouse.validation.reading import ROW, cell_column, read_csv_cells, row_problems
from warehouse.validation.text_checks import (
    column_label,
    file_name_problems,
    header_national_id_problems,
    national_id_problems,
    plain_name_problems,
)


@dataclass(frozen=True)
class ReferenceColumn:
    """One column of a reference CSV and what its values must be."""

    name: str
    kind: str  # "grunnkrets" | "year" | "count" | "decimal" | "indicator" | "code"
    expected: str  # Norwegian: what a cell must hold
    codes: tuple[str, ...] = ()  # the codes a "code" cell may hold (folded spelling)


@dataclass(frozen=True)
class ReferenceFormat:
    """A reference CSV: its table in the warehouse, its columns, and its key."""

    table_name: str
    what: str  # Norwegian, for messages: "områdestatistikk"
    columns: tuple[ReferenceColumn, ...]
    key: tuple[str, ...]


_YEAR = ReferenceColumn("aar", "year", "må være et årstall (for eksempel 2026)")
AREA_STATS = ReferenceFormat(
    "omradestatistikk",
    "områdestatistikk",
    (
        ReferenceColumn("grunnkrets", "grunnkrets", "må være et grunnkretsnummer med 8 sifre"),
        _YEAR,
        ReferenceColumn("innbyggere", "count", "må være et heltall, 0 eller større"),
        ReferenceColumn("boliger_totalt", "count", "må være et heltall, 0 eller større"),
    ),
    key=("grunnkrets", "aar"),
)
TARGETS = ReferenceFormat(
    "mal",
    "mål",
    (
        ReferenceColumn("indikator", "indicator", "må være en indikator-id fra «Om tallene»"),
        _YEAR,
        ReferenceColumn("verdi", "decimal", "må være et tall (desimalkomma eller -punktum)"),
    ),
    key=("indikator", "aar"),
)
BRUKERPLAN = ReferenceFormat(
    "brukerplan",
    "BrukerPlan-tall",
    (
        _YEAR,
        ReferenceColumn(
            "boforhold",
            "code",
            "må være en av " + ", ".join(BRUKERPLAN_SITUATIONS),
            BRUKERPLAN_SITUATIONS,
        ),
        ReferenceColumn("antall", "count", "må være et heltall, 0 eller større"),
    ),
    key=("aar", "boforhold"),
)


def _typed(column: ReferenceColumn, text: pl.Expr, indicators: Collection[str]) -> pl.Expr:
    """The typed value of a cell, null where it is not what the column must hold."""
    match column.kind:
        case "grunnkrets":
            compact = text.str.replace_all(r"\s", "")
            return pl.when(compact.str.contains(r"^\d{8}$")).then(compact)
        case "year":
            year = parse_integer(text)
            return pl.when(year.is_between(1900, 2100)).then(year).cast(pl.Int32)
        case "count":
            count = parse_integer(text)
            return pl.when(count >= 0).then(count).cast(pl.Int32)
        case "decimal":
            return parse_decimal(text)
        case "code":
            folded = fold_expr(text)
            return pl.when(folded.is_in(list(column.codes))).then(folded)
        case "indicator":
            known = list(indicators)
            return pl.when(text.str.strip_chars().is_in(known)).then(text.str.strip_chars())
    raise ValueError(column.kind)


def parse_reference(
    file: SourceFile, reference: ReferenceFormat, *, indicators: Collection[str] = ()
) -> tuple[pl.DataFrame | None, list[Problem]]:
    """The typed rows of a reference CSV, or None with every problem found (`indicators`: the
    ids an `indikator` cell may hold)."""
    if name_problems := file_name_problems([file]):
        return None, name_problems
    table, problems = read_csv_cells(file)
    if table is None:
        return None, problems
    header_row, headers, frame = table
    positions = {fold(header): position for position, header in enumerate(headers)}
    names = {fold(column.name): column.name for column in reference.columns}
    labels = {
        cell_column(position): names.get(fold(header)) or column_label(header, position)
        for position, header in enumerate(headers)
    }
    for position, header in enumerate(headers):
        if is_forbidden_header(header):
            problems.append(
                Problem(
                    file.name,
                    "Kolonnen ser ut til å inneholde personopplysninger.",
                    row=header_row,
                    column=labels.pop(cell_column(position)),
                )
            )
    problems += header_national_id_problems(headers, file=file.name, sheet=None, row=header_row)
    problems += national_id_problems(frame, labels, file=file.name)
    position_of = {
        column.name: positions[fold(column.name)]
        for column in reference.columns
        if fold(column.name) in positions
    }
    missing = [column.name for column in reference.columns if column.name not in position_of]
    problems += [
        Problem(
            file.name,
            f"Kolonnen mangler. Den er påkrevd i {reference.what}.",
            row=header_row,
            column=name,
        )
        for name in missing
    ]
    if frame.height == 0:
        problems.append(
            Problem(file.name, "Tabellen har ingen rader under overskriften.", row=header_row + 1)
        )
    if problems:
        return None, problems

    texts = {name: pl.col(cell_column(position)) for name, position in position_of.items()}
    typed = frame.select(
        pl.col(ROW),
        *(
            _typed(column, texts[column.name], indicators).alias(column.name)
            for column in reference.columns
        ),
        *(
            texts[column.name].is_null().alias(f"{column.name}_blank")
            for column in reference.columns
        ),
    )
    for column in reference.columns:
        blank = typed.filter(pl.col(f"{column.name}_blank"))[ROW]
        wrong = typed.filter(~pl.col(f"{column.name}_blank") & pl.col(column.name).is_null())[ROW]
        problems += row_problems(
            blank, "Verdi mangler; kolonnen er påkrevd.", file=file.name, column=column.name
        )
        problems += row_problems(wrong, column.expected, file=file.name, column=column.name)
    key = list(reference.key)
    repeated = typed.filter(
        pl.all_horizontal(pl.col(key).is_not_null()) & (pl.col(ROW) != pl.col(ROW).min().over(key))
    )[ROW]
    problems += row_problems(
        repeated,
        f"Samme {' og '.join(key)} står også på en tidligere rad; hver kombinasjon skal stå "
        "bare én gang.",
        file=file.name,
        column=key[0],
    )
    if problems:
        return None, problems
    return typed.select(column.name for column in reference.columns), []


def area_problems(
    file: SourceFile, properties: Mapping[str, Sequence[str | None]]
) -> list[Problem]:
    """What no areas file may hold: names that are not plain text, personal numbers in any
    property of any area (`properties`: every property's texts, by name, in the file's order)."""
    names = list(properties)
    texts = pl.DataFrame(
        {cell_column(i): list(properties[name]) for i, name in enumerate(names)},
        schema={cell_column(i): pl.String for i in range(len(names))},
    ).with_row_index(ROW, offset=1)
    labels = {
        cell_column(i): name if name in AREA_COLUMNS else column_label(name, i)
        for i, name in enumerate(names)
    }
    plain = {cell_column(names.index(name)): name for name in ("navn", "delomradenavn")}
    return plain_name_problems(texts, plain, file=file.name) + national_id_problems(
        texts, labels, file=file.name
    )
