"""Checks across tables: households renting a dwelling the month lacks, and dwellings whose
position does not fit the areas (where they lie is geo's, passed in)."""

from __future__ import annotations

import polars as pl

from core.problems import Problem
from warehouse.validation.reading import (
    ROW,
    row_problems,
)
from warehouse.validation.snapshot import ParsedTable


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
