"""The register of housing projects (reference-data.md, `boligprosjekter`) checked before
anything is stored: every problem with file, row and column, never a cell's value.

A CSV like the other reference files. Besides each column's type: a place for every project
(grunnkrets, or lat and lon together), an expected completion unless the project is finished
or cancelled, a completion date exactly when it is finished, units for sale no more than the
project's units, names in plain text and no personal ID number anywhere.
"""

from __future__ import annotations

import polars as pl

from core.problems import Problem, SourceFile
from core.register_format import CLOSED, COLUMNS, GJENNOMFORING, STATUS, RegisterColumn
from core.snapshot_format import BOLIGTYPE, EIERFORM, fold, fold_expr, is_forbidden_header
from warehouse.validation.cells import parse_date, parse_decimal, parse_integer
from warehouse.validation.reading import ROW, cell_column, read_csv_cells, row_problems
from warehouse.validation.text_checks import (
    PLAIN_KEY_MESSAGE,
    PLAIN_NAME_MESSAGE,
    column_label,
    file_name_problems,
    header_national_id_problems,
    is_plain_key,
    is_plain_name,
    national_id_problems,
)

WHAT = "prosjektregisteret"
CODES = {
    "status": STATUS,
    "boligtype": BOLIGTYPE,
    "eierform": EIERFORM,
    "gjennomforing": GJENNOMFORING,
}
_YEAR_QUARTER = r"^\d{4}(-[Qq][1-4])?$"


def _typed(column: RegisterColumn, text: pl.Expr) -> pl.Expr:
    """The value of a cell, null where it is not what the column must hold."""
    match column.kind:
        case "digits":
            compact = text.str.replace_all(r"\s", "")
            return pl.when(compact.str.contains(r"^\d{8}$")).then(compact)
        case "decimal":
            value = parse_decimal(text)
            return pl.when(value.is_between(column.minimum, column.maximum)).then(value)
        case "integer":
            value = parse_integer(text)
            return pl.when(value >= column.minimum).then(value).cast(pl.Int32)
        case "code":
            lookup = {fold(code): code for code in CODES[column.name]}
            return fold_expr(text).replace_strict(lookup, default=None, return_dtype=pl.String)
        case "date":
            return parse_date(text)
        case "year_quarter":
            compact = text.str.strip_chars()
            return pl.when(compact.str.contains(_YEAR_QUARTER)).then(compact.str.to_uppercase())
        case "name":
            return pl.when(is_plain_name(text)).then(text.str.strip_chars())
        case _:
            return pl.when(is_plain_key(text)).then(text.str.strip_chars())


def _expected(column: RegisterColumn) -> str:
    """What a cell of the column must be, in words."""
    match column.kind:
        case "digits":
            return "må være 8 sifre: kommunenummer og grunnkretsnummer, for eksempel 11080101"
        case "decimal":
            return f"må være et desimaltall fra {column.minimum:g} til {column.maximum:g}"
        case "integer":
            return f"må være et heltall større enn eller lik {column.minimum:g}"
        case "code":
            return f"må være en av kodene {', '.join(CODES[column.name])}"
        case "date":
            return "må være en dato skrevet dd.mm.åååå eller åååå-mm-dd"
        case "year_quarter":
            return "må være et år (ÅÅÅÅ) eller et kvartal (ÅÅÅÅ-Qn), for eksempel 2027-Q3"
        case "name":
            return PLAIN_NAME_MESSAGE
        case _:
            return PLAIN_KEY_MESSAGE


def _header_problems(
    file: SourceFile, header_row: int, headers: tuple[str, ...]
) -> tuple[dict[str, int], list[Problem]]:
    """The register's columns in the file (name -> position), and what is wrong with the header."""
    # `navn` is the project's name here, not a person's: a known column is never refused.
    names = {fold(column.name): column.name for column in COLUMNS}
    positions: dict[str, int] = {}
    problems = header_national_id_problems(headers, file=file.name, sheet=None, row=header_row)
    for position, header in enumerate(headers):
        name = names.get(fold(header))
        if name is None and is_forbidden_header(header):
            problems.append(
                Problem(
                    file.name,
                    "Kolonnen ser ut til å inneholde personopplysninger.",
                    row=header_row,
                    column=column_label(header, position),
                )
            )
        elif name is not None and name in positions:
            problems.append(
                Problem(
                    file.name,
                    "Kolonnen finnes mer enn én gang i overskriften.",
                    row=header_row,
                    column=name,
                )
            )
        elif name is not None:
            positions[name] = position
    problems += [
        Problem(
            file.name, f"Kolonnen mangler. Den er påkrevd i {WHAT}.", row=header_row, column=name
        )
        for name in (column.name for column in COLUMNS if column.required)
        if name not in positions
    ]
    if "grunnkrets" not in positions and not {"lat", "lon"} <= positions.keys():
        problems.append(
            Problem(
                file.name,
                f"Kolonnene mangler: {WHAT} må ha grunnkrets, eller lat og lon.",
                row=header_row,
            )
        )
    return positions, problems


def _row_rules(texts: dict[str, pl.Expr]) -> list[tuple[str, str, pl.Expr]]:
    """(column, message, broken) for the rules between the columns of a project's row."""
    lat, lon, grunnkrets = texts["lat"], texts["lon"], texts["grunnkrets"]
    status, done = pl.col("status"), pl.col("ferdig_dato")
    return [
        (
            "grunnkrets",
            "Verdi mangler: et prosjekt må ha grunnkrets, eller lat og lon.",
            lat.is_null() & lon.is_null() & grunnkrets.is_null(),
        ),
        ("lon", "Verdi mangler: lat og lon fylles ut sammen.", lat.is_not_null() & lon.is_null()),
        ("lat", "Verdi mangler: lat og lon fylles ut sammen.", lon.is_not_null() & lat.is_null()),
        (
            "forventet_ferdig",
            "Verdi mangler; den er påkrevd når status ikke er ferdig eller avlyst.",
            texts["forventet_ferdig"].is_null() & status.is_not_null() & ~status.is_in(CLOSED),
        ),
        (
            "ferdig_dato",
            "Verdi mangler; den er påkrevd når status er ferdig.",
            texts["ferdig_dato"].is_null() & (status == "ferdig"),
        ),
        (
            "ferdig_dato",
            "skal bare fylles ut når status er ferdig",
            done.is_not_null() & status.is_not_null() & (status != "ferdig"),
        ),
        (
            "salg_til_beboere",
            "kan ikke være flere enn boliger i prosjektet",
            pl.col("salg_til_beboere") > pl.col("boliger"),
        ),
        (
            "prosjekt_id",
            "prosjekt_id finnes også på en tidligere rad; den må være unik i registeret",
            pl.col("prosjekt_id").is_not_null() & ~pl.col("prosjekt_id").is_first_distinct(),
        ),
    ]


def parse_register(file: SourceFile) -> tuple[pl.DataFrame | None, list[Problem]]:
    """The register's typed rows (`core.register_format.COLUMNS`), or None with every problem."""
    if name_problems := file_name_problems([file]):
        return None, name_problems
    table, problems = read_csv_cells(file)
    if table is None:
        return None, problems
    header_row, headers, frame = table
    positions, problems = _header_problems(file, header_row, headers)
    labels = {
        cell_column(position): column_label(header, position)
        for position, header in enumerate(headers)
    }
    labels |= {cell_column(position): name for name, position in positions.items()}
    problems += national_id_problems(frame, labels, file=file.name)
    if frame.height == 0:
        problems.append(
            Problem(file.name, "Tabellen har ingen rader under overskriften.", row=header_row + 1)
        )
    if problems:
        return None, problems

    blank = pl.lit(None, pl.String)
    texts = {
        column.name: (
            pl.col(cell_column(positions[column.name])).str.strip_chars().replace("", None)
            if column.name in positions
            else blank
        )
        for column in COLUMNS
    }
    typed = frame.with_columns(
        _typed(column, texts[column.name]).alias(column.name) for column in COLUMNS
    )
    for column in COLUMNS:
        text, value = texts[column.name], pl.col(column.name)
        checks = [(_expected(column), text.is_not_null() & value.is_null())]
        if column.required:
            checks.insert(0, ("Verdi mangler; kolonnen er påkrevd.", text.is_null()))
        for message, broken in checks:
            rows = typed.filter(broken.fill_null(False)).get_column(ROW)
            problems += row_problems(rows, message, file=file.name, column=column.name)
    for name, message, broken in _row_rules(texts):
        rows = typed.filter(broken.fill_null(False)).get_column(ROW)
        problems += row_problems(rows, message, file=file.name, column=name)
    if problems:
        return None, problems
    return typed.select(column.name for column in COLUMNS), []
