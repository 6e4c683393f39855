"""Reference data through the write check: areas (geo reads the file, the warehouse stores the
rows), area statistics and targets (checked against the indicator registry); and what the app
says about the municipality.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path

import polars as pl

from core.formatting import Language
from core.i18n import translate
from core.problems import IngestResult, Problem, SourceFile, refused
from core.roles import Write, WriteRefused
from geo.areas import AreaFileError, area_properties, area_rows, read_area_file
from indicators.registry import ids as indicator_ids
from services.access import Writer, authorise
from services.ingest import refused_write
from services.municipalities import municipalities
from services.publication import committed
from warehouse import reference
from warehouse.queries import read_mart
from warehouse.validation.levekar import LoadedAreas
from warehouse.validation.reference import area_problems
from warehouse.validation.text_checks import file_name_problems

TARGET_COLUMNS = ("indikator", "aar", "verdi")


def _authorised(db_path: Path, by: Writer, load, write: Write = "reference") -> IngestResult:
    """`load(actor)` if the writer's role allows the change `write`, else a refusal; a change
    made is then published for replicas (services.publication)."""
    try:
        actor = authorise(db_path, write, by)
    except WriteRefused as refusal:
        return refused_write(refusal)
    result = load(actor)
    if result.status == "loaded":
        committed(db_path)
    return result


def read_areas_file(file: SourceFile) -> tuple[pl.DataFrame | None, list[Problem]]:
    """The rows of an areas file as raw.omrader stores them, or None with every problem found:
    a name that cannot be stored, what geo cannot read, names that are not plain text and
    personal numbers in any property."""
    if name_problems := file_name_problems([file]):
        return None, name_problems
    try:
        areas = read_area_file(file.content, file.name)
    except AreaFileError as error:
        return None, [
            Problem(file.name, issue.message, row=issue.row, column=issue.column)
            for issue in error.issues
        ]
    if problems := area_problems(file, area_properties(areas)):
        return None, problems
    return area_rows(areas), []


def load_areas(db_path: Path, file: SourceFile, *, by: Writer) -> IngestResult:
    """Load grunnkretser from GeoJSON or GeoPackage; geometry is kept as WKB with its CRS."""

    def load(actor):
        rows, problems = read_areas_file(file)
        if rows is None:
            return refused(problems)
        return reference.load_areas(db_path, file, rows, actor=actor)

    return _authorised(db_path, by, load)


def load_area_stats(db_path: Path, file: SourceFile, *, by: Writer) -> IngestResult:
    """Load area statistics (grunnkrets, aar, innbyggere, boliger_totalt) from CSV."""
    return _authorised(
        db_path, by, lambda actor: reference.load_area_stats(db_path, file, actor=actor)
    )


def load_targets(db_path: Path, file: SourceFile, *, by: Writer) -> IngestResult:
    """Load action-plan targets (indikator, aar, verdi) from CSV; an indikator must be an id
    of the registry."""
    return _authorised(
        db_path,
        by,
        lambda actor: reference.load_targets(
            db_path, file, actor=actor, indicators=indicator_ids()
        ),
        "targets",
    )


def loaded_areas(db_path: Path) -> LoadedAreas:
    """The codes of the areas in force, grunnkretser and delområder, for checking a survey."""
    rows = read_mart(db_path, "omrader", ["grunnkrets", "delomrade"])
    return LoadedAreas(
        frozenset(rows["grunnkrets"].drop_nulls().to_list()),
        frozenset(rows["delomrade"].drop_nulls().to_list()),
    )


def load_levekar(
    db_path: Path,
    survey: SourceFile,
    descriptions: SourceFile | None = None,
    *,
    by: Writer,
) -> IngestResult:
    """Load a living-conditions survey (CSV or XLSX, with the sheet levekar_indikatorer or a
    descriptions file), checked against the areas in force; staff and admins may
    (shared/reference-data.md)."""
    return _authorised(
        db_path,
        by,
        lambda actor: reference.load_levekar(
            db_path, survey, descriptions, areas=loaded_areas(db_path), actor=actor
        ),
        "living_conditions",
    )


def load_brukerplan(db_path: Path, file: SourceFile, *, by: Writer) -> IngestResult:
    """Load BrukerPlan's figures (aar, boforhold, antall) from CSV; staff and admins may."""
    return _authorised(
        db_path,
        by,
        lambda actor: reference.load_brukerplan(db_path, file, actor=actor),
        "living_conditions",
    )


def load_register(
    db_path: Path, file: SourceFile, *, by: Writer, as_of: date | None = None
) -> IngestResult:
    """Load the register of housing projects (CSV) as it stood on `as_of`; by default the last
    day of the month before today (staff update it with the month's snapshot)."""
    day = as_of or register_date_default(date.today())
    return _authorised(
        db_path,
        by,
        lambda actor: reference.load_register(db_path, file, as_of=day, actor=actor),
        "projects",
    )


def register_date_default(today: date) -> date:
    """The date a register uploaded on `today` describes unless told: the end of last month."""
    return today.replace(day=1) - timedelta(days=1)


def targets(db_path: Path) -> pl.DataFrame:
    """The action-plan targets in force: indikator, aar, verdi, by indicator and year."""
    return read_mart(db_path, "mal", list(TARGET_COLUMNS)).sort("indikator", "aar")


def kommunenummer(area_codes: list[str]) -> str | None:
    """The municipality the areas belong to: the first four digits most grunnkretser share."""
    found = Counter(code[:4] for code in area_codes if code)
    return found.most_common(1)[0][0] if found else None


def municipality(
    settings_values: Mapping[str, object], area_codes: list[str], language: Language
) -> str:
    """The municipality in words: `Sandnes kommune`, else its number.

    The name and number set in Innstillinger win over those found from the areas.
    """
    number = settings_values["kommunenummer"] or kommunenummer(area_codes)
    if number is None:
        return translate("Ingen kommune valgt", language)
    known = municipalities().get(number)
    name = settings_values["kommunenavn"] or (known.name if known else None)
    if name:
        return translate("{name} kommune", language, name=name)
    return translate("Kommune {number}", language, number=number)
