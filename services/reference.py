"""Reference data through the write check: areas (geo reads the file, the warehouse stores the
rows), area statistics and targets (checked against the indicator registry); and what the app
says about the municipality.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
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
from warehouse import reference
from warehouse.queries import read_mart
from warehouse.validation.reference import area_problems
from warehouse.validation.text_checks import file_name_problems

TARGET_COLUMNS = ("indikator", "aar", "verdi")


def _authorised(db_path: Path, by: Writer, load, write: Write = "reference") -> IngestResult:
    """`load(actor)` if the writer's role allows the change `write`, else a refusal."""
    try:
        actor = authorise(db_path, write, by)
    except WriteRefused as refusal:
        return refused_write(refusal)
    return load(actor)


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


def targets(db_path: Path) -> pl.DataFrame:
    """The action-plan targets in force: indikator, aar, verdi, by indicator and year."""
    return read_mart(db_path, "mal", list(TARGET_COLUMNS)).sort("indikator", "aar")


MUNICIPALITIES_FILE = (
    Path(__file__).resolve().parent.parent / "data" / "geodata" / "kommuner_2024.csv"
)


@dataclass(frozen=True)
class Municipality:
    """One of Norway's municipalities of 2024, with its county."""

    number: str
    name: str
    county: str

    def label(self) -> str:
        """'1108 Sandnes (Rogaland)'."""
        return f"{self.number} {self.name} ({self.county})"


@cache
def municipalities() -> dict[str, Municipality]:
    """Kommunenummer -> the municipality, from data/geodata/kommuner_2024.csv (357 of them)."""
    with MUNICIPALITIES_FILE.open(encoding="utf-8", newline="") as handle:
        return {
            row["kommunenummer"]: Municipality(
                row["kommunenummer"], row["kommunenavn"], row["fylkesnavn"]
            )
            for row in csv.DictReader(handle)
        }


def municipality_problem(number: str, name: str) -> str | None:
    """What is wrong with a municipality's number and name (bokmål), or None.

    The number must be one of 2024's; the name, when given, that number's (case aside).
    """
    if not number:
        return None if not name else "Kommunenummer mangler: oppgi nummeret til kommunen."
    known = municipalities().get(number)
    if known is None:
        return (
            "Kommunenummer: ingen kommune hadde dette nummeret i 2024. Bruk det firesifrede "
            "nummeret fra SSB (for eksempel 1108 for Sandnes)."
        )
    if name and name.casefold() != known.name.casefold():
        return (
            f"Kommunenavn: kommune {number} heter {known.name} ({known.county}). "
            "Rett navnet eller nummeret."
        )
    return None


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
