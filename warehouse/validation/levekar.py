"""The living-conditions survey (`levekar`) and its indicator descriptions, checked whole before
anything is stored (shared/reference-data.md).

The survey is a CSV or an XLSX sheet `levekar` (else the workbook's first sheet other than the
descriptions): `omrade` (8-digit grunnkrets or 6-digit delområde, one level in a file), `aar`,
and one column per indicator. The descriptions are the workbook's sheet `levekar_indikatorer`
or a file of their own: `kolonne`, `navn` (plain text), `hoy_er_darlig` (ja/nei). Indicator
names are stored as values, never as SQL identifiers. Problems name file, sheet, row and column,
never a cell's value; a survey area the areas file lacks is a warning on its row (the row is
kept and never drawn), a survey with no area of the areas file is refused.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

import polars as pl

from core.problems import Problem, SourceFile
from core.reference_codes import (
    INDICATOR_NAME_PATTERN,
    LEVEKAR_DESCRIPTION_SHEET,
    LEVEKAR_SHEET,
)
from core.snapshot_format import fold, fold_expr, is_forbidden_header, yes_no_lookup
from warehouse.validation.cells import parse_decimal, parse_integer
from warehouse.validation.reading import (
    ROW,
    CellTable,
    cell_column,
    read_reference_cells,
    row_problems,
)
from warehouse.validation.text_checks import (
    column_label,
    file_name_problems,
    header_national_id_problems,
    national_id_problems,
    plain_name_problems,
)

MAX_INDICATORS = 100
FIRST_YEAR = 1990
SHARE_SUFFIX = "_andel"
NO_MATCHING_AREA = "Ingen av områdene i filen finnes blant områdene som er lastet opp."
MIXED_LEVELS = "Levekårsfilen må ha enten bare grunnkretser eller bare delområder."
_NAME = re.compile(INDICATOR_NAME_PATTERN)


@dataclass(frozen=True)
class LoadedAreas:
    """The codes of the areas file in force, at both levels."""

    grunnkretser: frozenset[str]
    delomrader: frozenset[str]


@dataclass(frozen=True)
class Survey:
    """A checked survey: its values long, its descriptions, and what it was warned about."""

    values: pl.DataFrame  # omrade, aar, indikator, verdi: one row per non-blank cell
    descriptions: pl.DataFrame  # indikator, navn, hoy_er_darlig (null: not said)
    warnings: list[Problem] = field(default_factory=list)


_DESCRIPTION_SCHEMA = {"indikator": pl.String, "navn": pl.String, "hoy_er_darlig": pl.Boolean}


def indicator_name(header: str) -> str:
    """A survey column's header as the indicator's stored name: lower case, spaces, dots and
    hyphens as `_` (no letters folded: the name must stay the survey's own)."""
    return re.sub(r"[\s\-.]+", "_", header.strip().lower())


def _indicator_names(values: pl.Expr) -> pl.Expr:
    """`indicator_name` as a polars expression."""
    return values.str.strip_chars().str.to_lowercase().str.replace_all(r"[\s\-.]+", "_")


def _sheet(tables: dict[str | None, CellTable], wanted: str) -> str | None:
    """The name of the sheet `wanted` (folded), if the workbook has it."""
    return next((name for name in tables if name is not None and fold(name) == wanted), None)


def parse_survey(
    survey_file: SourceFile,
    descriptions_file: SourceFile | None,
    areas: LoadedAreas,
    *,
    today: date | None = None,
) -> tuple[Survey | None, list[Problem]]:
    """The survey and its descriptions, or None with every problem found."""
    if name_problems := file_name_problems([f for f in (survey_file, descriptions_file) if f]):
        return None, name_problems
    tables, problems = read_reference_cells(survey_file)
    if tables is None:
        return None, problems
    described_in = _sheet(tables, LEVEKAR_DESCRIPTION_SHEET)
    survey_sheet = _sheet(tables, LEVEKAR_SHEET) or next(
        (name for name in tables if name != described_in), None
    )
    if survey_sheet is None and None not in tables:
        return None, [Problem(survey_file.name, "Arbeidsboken har ikke noe ark som heter levekar.")]
    values, indicators, problems = _survey_values(
        survey_file.name, survey_sheet, tables[survey_sheet], areas, today or date.today()
    )
    description_tables: list[tuple[str, str | None, CellTable]] = []
    if described_in is not None:
        description_tables.append((survey_file.name, described_in, tables[described_in]))
    if descriptions_file is not None:
        found, read_problems = read_reference_cells(descriptions_file)
        problems += read_problems
        if found is not None:
            sheet = _sheet(found, LEVEKAR_DESCRIPTION_SHEET) or next(iter(found))
            description_tables.append((descriptions_file.name, sheet, found[sheet]))
    if len(description_tables) > 1:
        problems.append(
            Problem(
                descriptions_file.name,
                "Indikatorbeskrivelsene står også i arbeidsboken (arket levekar_indikatorer). "
                "Last opp bare én av dem.",
            )
        )
    descriptions = pl.DataFrame(schema=_DESCRIPTION_SCHEMA)
    if description_tables and values is not None:
        file_name, sheet, table = description_tables[0]
        descriptions, description_problems = _descriptions(file_name, sheet, table, indicators)
        problems += description_problems
    errors = [problem for problem in problems if problem.severity == "feil"]
    if errors or values is None:
        return None, problems
    return Survey(values, descriptions, problems), []


def _survey_values(
    file: str, sheet: str | None, table: CellTable, areas: LoadedAreas, today: date
) -> tuple[pl.DataFrame | None, list[str], list[Problem]]:
    """The survey's cells as long typed rows and its indicators' names, or None with the
    problems (warnings too)."""
    header_row, headers, frame = table
    folded = [fold(header) for header in headers]
    labels = {cell_column(i): column_label(header, i) for i, header in enumerate(headers)}
    problems = header_national_id_problems(headers, file=file, sheet=sheet, row=header_row)
    problems += national_id_problems(frame, labels, file=file, sheet=sheet)

    def at_header(message: str, position: int | None = None) -> Problem:
        column = None if position is None else labels[cell_column(position)]
        return Problem(file, message, sheet=sheet, row=header_row, column=column)

    for name in ("omrade", "aar"):
        if fold(name) not in folded:
            problems.append(
                Problem(
                    file,
                    "Kolonnen mangler. Den er påkrevd i levekår.",
                    sheet=sheet,
                    row=header_row,
                    column=name,
                )
            )
    indicators: dict[str, int] = {}
    for position, (key, header) in enumerate(zip(folded, headers, strict=True)):
        if key in ("omrade", "ar"):
            if folded.index(key) != position:
                problems.append(at_header("Kolonnen står to ganger.", position))
            continue
        name = indicator_name(header)
        if is_forbidden_header(headers[position]):
            problems.append(
                at_header("Kolonnen ser ut til å inneholde personopplysninger.", position)
            )
        elif not _NAME.match(name):
            problems.append(
                at_header(
                    "Navnet på en indikatorkolonne kan bare ha små bokstaver a–z, sifre og _ "
                    "(høyst 40 tegn).",
                    position,
                )
            )
        elif name in indicators:
            problems.append(at_header("Kolonnen står to ganger.", position))
        else:
            indicators[name] = position
    if not indicators and not problems:
        problems.append(at_header("Filen har ingen indikatorkolonner ved siden av omrade og aar."))
    if len(indicators) > MAX_INDICATORS:
        problems.append(at_header(f"Filen har flere enn {MAX_INDICATORS} indikatorkolonner."))
    if frame.height == 0:
        problems.append(
            Problem(
                file,
                "Tabellen har ingen rader under overskriften.",
                sheet=sheet,
                row=header_row + 1,
            )
        )
    if problems:
        return None, [], problems

    area_text = pl.col(cell_column(folded.index("omrade"))).str.replace_all(r"\s", "")
    year = parse_integer(pl.col(cell_column(folded.index("ar"))))
    typed = frame.select(
        pl.col(ROW),
        pl.when(area_text.str.contains(r"^(\d{8}|\d{6})$")).then(area_text).alias("omrade"),
        area_text.is_null().alias("omrade_blank"),
        pl.when(year.is_between(FIRST_YEAR, today.year + 1)).then(year).cast(pl.Int32).alias("aar"),
        pl.col(cell_column(folded.index("ar"))).is_null().alias("aar_blank"),
        *(
            parse_decimal(pl.col(cell_column(position))).alias(name)
            for name, position in indicators.items()
        ),
        *(
            (
                pl.col(cell_column(position)).is_not_null()
                & parse_decimal(pl.col(cell_column(position))).is_null()
            ).alias(f"{name}__feil")
            for name, position in indicators.items()
        ),
    )

    def rows(condition: pl.Expr) -> pl.Series:
        return typed.filter(condition)[ROW]

    problems += row_problems(
        rows(pl.col("omrade_blank")),
        "Verdi mangler; kolonnen er påkrevd.",
        file=file,
        sheet=sheet,
        column="omrade",
    )
    problems += row_problems(
        rows(~pl.col("omrade_blank") & pl.col("omrade").is_null()),
        "må være et grunnkretsnummer med 8 sifre eller et delområdenummer med 6 sifre",
        file=file,
        sheet=sheet,
        column="omrade",
    )
    problems += row_problems(
        rows(pl.col("aar_blank")),
        "Verdi mangler; kolonnen er påkrevd.",
        file=file,
        sheet=sheet,
        column="aar",
    )
    problems += row_problems(
        rows(~pl.col("aar_blank") & pl.col("aar").is_null()),
        f"må være et årstall fra {FIRST_YEAR} til {today.year + 1}",
        file=file,
        sheet=sheet,
        column="aar",
    )
    for name, position in indicators.items():
        problems += row_problems(
            rows(pl.col(f"{name}__feil")),
            "må være et tall (desimalkomma eller -punktum) eller tom",
            file=file,
            sheet=sheet,
            column=labels[cell_column(position)],
        )
    lengths = set(typed["omrade"].drop_nulls().str.len_chars().unique().to_list())
    if len(lengths) > 1:
        problems.append(Problem(file, MIXED_LEVELS, sheet=sheet, column="omrade"))
    key = ["omrade", "aar"]
    repeated = rows(
        pl.all_horizontal(pl.col(key).is_not_null()) & (pl.col(ROW) != pl.col(ROW).min().over(key))
    )
    problems += row_problems(
        repeated,
        "Samme omrade og aar står også på en tidligere rad; hver kombinasjon skal stå bare "
        "én gang.",
        file=file,
        sheet=sheet,
        column="omrade",
    )
    if problems:
        return None, [], problems

    grunnkrets_level = lengths == {8}
    loaded = areas.grunnkretser if grunnkrets_level else areas.delomrader
    known = pl.col("omrade").is_in(list(loaded))
    if not typed.select(known.any()).item():
        return None, [], [Problem(file, NO_MATCHING_AREA, sheet=sheet, column="omrade")]
    warnings = row_problems(
        rows(~known),
        "Området finnes ikke blant områdene som er lastet opp. Raden lagres, men vises ikke "
        "på kartet.",
        file=file,
        sheet=sheet,
        column="omrade",
        severity="advarsel",
    )
    missing = len(set(loaded) - set(typed["omrade"].to_list()))
    if missing:
        level_word = "grunnkretser" if grunnkrets_level else "delområder"
        warnings.append(
            Problem(
                file,
                f"{missing} {level_word} i områdefilen har ingen rad i levekårsfilen.",
                sheet=sheet,
                severity="advarsel",
            )
        )
    for name, position in indicators.items():
        if name.endswith(SHARE_SUFFIX):
            warnings += row_problems(
                rows(~pl.col(name).is_between(0, 100)),
                "En andel skal ligge mellom 0 og 100.",
                file=file,
                sheet=sheet,
                column=labels[cell_column(position)],
                severity="advarsel",
            )
    values = (
        typed.select("omrade", "aar", *indicators)
        .unpivot(index=["omrade", "aar"], variable_name="indikator", value_name="verdi")
        .drop_nulls("verdi")
        .with_columns(pl.col("verdi").cast(pl.Float64))
        .sort("omrade", "aar", "indikator")
    )
    return values, list(indicators), warnings


def _descriptions(
    file: str, sheet: str | None, table: CellTable, columns: Collection[str]
) -> tuple[pl.DataFrame, list[Problem]]:
    """The indicator descriptions (indikator, navn, hoy_er_darlig), with their problems."""
    header_row, headers, frame = table
    folded = [fold(header) for header in headers]
    labels = {cell_column(i): column_label(header, i) for i, header in enumerate(headers)}
    problems = header_national_id_problems(headers, file=file, sheet=sheet, row=header_row)
    problems += national_id_problems(frame, labels, file=file, sheet=sheet)
    for name in ("kolonne", "hoy_er_darlig"):
        if name not in folded:
            problems.append(
                Problem(
                    file,
                    "Kolonnen mangler. Den er påkrevd i indikatorbeskrivelsen.",
                    sheet=sheet,
                    row=header_row,
                    column=name,
                )
            )
    if problems:
        return pl.DataFrame(schema=_DESCRIPTION_SCHEMA), problems
    column_text = pl.col(cell_column(folded.index("kolonne")))
    direction_text = pl.col(cell_column(folded.index("hoy_er_darlig")))
    name_text = (
        pl.col(cell_column(folded.index("navn"))) if "navn" in folded else pl.lit(None, pl.String)
    )
    lookup = yes_no_lookup() | {"yes": True, "no": False}
    typed = frame.select(
        pl.col(ROW),
        _indicator_names(column_text).alias("indikator"),
        name_text.alias("navn"),
        fold_expr(direction_text)
        .replace_strict(lookup, default=None, return_dtype=pl.Boolean)
        .alias("hoy_er_darlig"),
        direction_text.is_null().alias("retning_blank"),
    )

    def rows(condition: pl.Expr) -> pl.Series:
        return typed.filter(condition)[ROW]

    problems += row_problems(
        rows(~pl.col("indikator").is_in(list(columns)).fill_null(False)),
        "må være navnet på en indikatorkolonne i levekårsfilen",
        file=file,
        sheet=sheet,
        column="kolonne",
    )
    problems += row_problems(
        rows(
            pl.col("indikator").is_not_null() & (pl.col(ROW) != pl.col(ROW).min().over("indikator"))
        ),
        "Samme kolonne står også på en tidligere rad.",
        file=file,
        sheet=sheet,
        column="kolonne",
    )
    problems += row_problems(
        rows(~pl.col("retning_blank") & pl.col("hoy_er_darlig").is_null()),
        "må være ja eller nei (ja/nei, yes/no, true/false, 1/0) eller tom",
        file=file,
        sheet=sheet,
        column="hoy_er_darlig",
    )
    if "navn" in folded:
        problems += plain_name_problems(
            typed.select(ROW, "navn"), {"navn": "navn"}, file=file, sheet=sheet
        )
    return typed.select(*_DESCRIPTION_SCHEMA).cast(_DESCRIPTION_SCHEMA), problems
