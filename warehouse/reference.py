"""Reference data, loaded rarely: areas, area statistics and action-plan targets.

Each goes through the same discipline as a snapshot: validated whole (every problem, with
file, row and column, never a value), stored in one transaction as a new load that supersedes
the previous one, which is kept and can be restored.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl
import shapely

from geo.areas import AREA_COLUMNS, AreaFileError, read_area_file
from indicators.registry import ids as indicator_ids
from warehouse.audit import Actor, AuditAction, record
from warehouse.db import connect
from warehouse.ingest import IngestResult, refused
from warehouse.loads import active_loads, store_load
from warehouse.problems import Problem, SourceFile
from warehouse.reading import ROW, cell_column, read_csv_cells, row_problems
from warehouse.schema import init
from warehouse.snapshot_format import fold, is_forbidden_header
from warehouse.text_checks import (
    column_label,
    file_name_problems,
    header_national_id_problems,
    national_id_problems,
    plain_name_problems,
)
from warehouse.validation import parse_decimal, parse_integer

# What a new load of each reference table is called in the audit log.
_AUDIT_ACTIONS: dict[str, AuditAction] = {
    "omrader": "områder",
    "omradestatistikk": "områdestatistikk",
    "mal": "mål",
}


@dataclass(frozen=True)
class ReferenceColumn:
    """One column of a reference CSV and what its values must be."""

    name: str
    kind: str  # "grunnkrets" | "year" | "count" | "decimal" | "indicator"
    expected: str  # Norwegian: what a cell must hold


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


def _typed(column: ReferenceColumn, text: pl.Expr) -> pl.Expr:
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
        case "indicator":
            known = indicator_ids()
            return pl.when(text.str.strip_chars().is_in(known)).then(text.str.strip_chars())
    raise ValueError(column.kind)


def parse_reference(
    file: SourceFile, reference: ReferenceFormat
) -> tuple[pl.DataFrame | None, list[Problem]]:
    """The typed rows of a reference CSV, or None with every problem found."""
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
        *(_typed(column, texts[column.name]).alias(column.name) for column in reference.columns),
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


def _store_reference(
    db_path: Path, table_name: str, what: str, rows: pl.DataFrame, file: SourceFile, actor: Actor
) -> IngestResult:
    """Store validated reference rows as the new active load of the table, unless unchanged,
    with its audit entry."""
    init(db_path)
    with connect(db_path, write=True) as con:
        current = active_loads(con, None).get(table_name)
        if current is not None and current.sha256 == file.sha256:
            return IngestResult("unchanged", summary=f"Denne filen med {what} er allerede lastet.")
        con.execute("begin transaction")
        load_id = store_load(
            con,
            month=None,
            table_name=table_name,
            rows=rows,
            file_name=file.name,
            sha256=file.sha256,
            loaded_by=actor.name,
            action="load" if current is None else "replace",
        )
        summary = f"Lastet {what}: {rows.height} rader."
        record(con, actor, _AUDIT_ACTIONS[table_name], f"{file.name}: {summary}")
        con.execute("commit")
    return IngestResult("loaded", load_ids=[load_id], summary=summary)


def _load_reference_csv(
    db_path: Path, file: SourceFile, reference: ReferenceFormat, actor: Actor
) -> IngestResult:
    rows, problems = parse_reference(file, reference)
    if rows is None:
        return refused(problems)
    return _store_reference(db_path, reference.table_name, reference.what, rows, file, actor)


def load_area_stats(db_path: Path, file: SourceFile, *, actor: Actor) -> IngestResult:
    """Load area statistics (grunnkrets, aar, innbyggere, boliger_totalt) from CSV."""
    return _load_reference_csv(db_path, file, AREA_STATS, actor)


def load_targets(db_path: Path, file: SourceFile, *, actor: Actor) -> IngestResult:
    """Load action-plan targets (indikator, aar, verdi) from CSV."""
    return _load_reference_csv(db_path, file, TARGETS, actor)


def parse_areas(file: SourceFile) -> tuple[pl.DataFrame | None, list[Problem]]:
    """The rows of an areas file as raw.omrader stores them, or None with every problem found.

    Names are plain text, and no property of any area holds a personal number.
    """
    if name_problems := file_name_problems([file]):
        return None, name_problems
    try:
        areas = read_area_file(file.content, file.name)
    except AreaFileError as error:
        return None, [
            Problem(file.name, issue.message, row=issue.row, column=issue.column)
            for issue in error.issues
        ]
    properties = [name for name in areas.columns if name != areas.geometry.name]
    texts = pl.DataFrame(
        {cell_column(i): areas[name].tolist() for i, name in enumerate(properties)},
        schema={cell_column(i): pl.String for i in range(len(properties))},
    ).with_row_index(ROW, offset=1)
    labels = {
        cell_column(i): name if name in AREA_COLUMNS else column_label(name, i)
        for i, name in enumerate(properties)
    }
    names = {cell_column(properties.index(name)): name for name in ("navn", "delomradenavn")}
    problems = plain_name_problems(texts, names, file=file.name)
    problems += national_id_problems(texts, labels, file=file.name)
    if problems:
        return None, problems
    rows = pl.DataFrame(
        {
            "grunnkrets": areas["grunnkrets"].tolist(),
            "navn": areas["navn"].tolist(),
            "delomrade": areas["delomrade"].tolist(),
            "delomradenavn": areas["delomradenavn"].tolist(),
            "geometry_wkb": shapely.to_wkb(areas.geometry.values).tolist(),
            "crs": [areas.crs.to_string()] * len(areas),
        },
        schema_overrides={"geometry_wkb": pl.Binary, "delomradenavn": pl.String},
    )
    return rows, []


def load_areas(db_path: Path, file: SourceFile, *, actor: Actor) -> IngestResult:
    """Load grunnkretser from GeoJSON or GeoPackage; geometry is kept as WKB with its CRS."""
    rows, problems = parse_areas(file)
    if rows is None:
        return refused(problems)
    return _store_reference(db_path, "omrader", "områder", rows, file, actor)
