""" "If everything planned is built": each area's concentration after the pipeline's projects.

Takes the month's concentration table (`geo.analysis.concentration_for_month`) and the register
of housing projects (`prosjekter`, reference-data.md): prosjekt_id, lat, lon, grunnkrets,
boliger, status, gjennomforing. A project is placed like a dwelling
(`geo.assign.locate_dwellings`): by its coordinates in the areas, else by its grunnkrets when
that names a known area.

The projects in the pipeline (planlagt, regulert, under_bygging) add their units to their
area's municipal dwellings. As in `geo.site_check.check_site` (`new_total`), a new build adds
the units to the area's boliger_totalt too, while taking over existing dwellings (kjop,
innleie, forkjopsrett) does not; a project without gjennomforing counts as a new build, as a
site check does by default. Finished projects are in the month's dwellings already and
cancelled ones will not come.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import polars as pl

from core.register_format import EXISTING_DWELLINGS, IN_PIPELINE
from core.settings import DEFAULT_GEO_SETTINGS, GeoSettings
from geo.assign import locate_dwellings
from geo.concentration import assess_areas

# The figures of an area shown before and after, with `_for` and `_etter` appended.
COMPARED = (
    "kommunale_boliger",
    "boliger_totalt",
    "andel",
    "lokasjonskvotient",
    "flagg_terskel",
    "flagg_klynge",
)


def in_pipeline() -> pl.Expr:
    """The project is planned, zoned or under construction."""
    return pl.col("status").is_in(IN_PIPELINE)


def builds_new() -> pl.Expr:
    """The project builds new dwellings (blank gjennomforing counts as a new build)."""
    return ~pl.col("gjennomforing").is_in(EXISTING_DWELLINGS).fill_null(False)


def locate_projects(prosjekter: pl.DataFrame, areas: gpd.GeoDataFrame) -> pl.DataFrame:
    """Each project's area, in the register's order: prosjekt_id, grunnkrets (null when the
    project lies in no known area), kilde ("koordinater" | "grunnkrets" | null)."""
    places = prosjekter.select(
        pl.col("prosjekt_id").alias("bolig_id"),
        pl.col("lat", "lon").cast(pl.Float64),
        pl.col("grunnkrets").cast(pl.String),
    )
    return locate_dwellings(places, areas).select(
        pl.col("bolig_id").alias("prosjekt_id"), "grunnkrets", "kilde"
    )


def planned_additions(prosjekter: pl.DataFrame, areas: gpd.GeoDataFrame) -> pl.DataFrame:
    """Per area with projects in the pipeline: nye_kommunale_boliger and nye_boliger_totalt."""
    placed = prosjekter.select("prosjekt_id", "boliger", "status", "gjennomforing").join(
        locate_projects(prosjekter, areas), on="prosjekt_id", how="left"
    )
    return (
        placed.filter(in_pipeline(), pl.col("grunnkrets").is_not_null())
        .group_by("grunnkrets")
        .agg(
            pl.col("boliger").sum().cast(pl.Int64).alias("nye_kommunale_boliger"),
            pl.col("boliger").filter(builds_new()).sum().cast(pl.Int64).alias("nye_boliger_totalt"),
        )
    )


def _suffixed(suffix: str) -> list[pl.Expr]:
    return [pl.col(name).alias(f"{name}_{suffix}") for name in COMPARED]


def everything_built(
    areas: gpd.GeoDataFrame,
    concentration: pl.DataFrame,
    prosjekter: pl.DataFrame,
    settings: GeoSettings = DEFAULT_GEO_SETTINGS,
) -> pl.DataFrame:
    """Every area of a month before and after all projects in the pipeline are built.

    `concentration` is the month's table (`geo.analysis.concentration_for_month`): the before.
    Columns: grunnkrets, navn, the `COMPARED` figures with `_for`, nye_kommunale_boliger,
    nye_boliger_totalt, the figures with `_etter`, and flagg_endres (either area flag differs).
    Flags after are worked out again for every area with `assess_areas`, as the
    municipality-wide share changes too. Areas whose flag would change come first, then by
    grunnkrets.
    """
    counts = concentration.select("grunnkrets", "kommunale_boliger", "boliger_totalt").join(
        planned_additions(prosjekter, areas), on="grunnkrets", how="left", maintain_order="left"
    )
    added = counts.with_columns(pl.col("nye_kommunale_boliger", "nye_boliger_totalt").fill_null(0))
    after = assess_areas(
        areas,
        added.select(
            "grunnkrets",
            pl.col("kommunale_boliger") + pl.col("nye_kommunale_boliger"),
            pl.col("boliger_totalt") + pl.col("nye_boliger_totalt"),
        ),
        settings,
    )
    changes = (pl.col("flagg_terskel_for") != pl.col("flagg_terskel_etter")) | (
        pl.col("flagg_klynge_for") != pl.col("flagg_klynge_etter")
    )
    return (
        pl.concat(
            [
                concentration.select("grunnkrets", "navn", *_suffixed("for")),
                added.select("nye_kommunale_boliger", "nye_boliger_totalt"),
                after.select(*_suffixed("etter")),
            ],
            how="horizontal",
        )
        .with_columns(changes.alias("flagg_endres"))
        .sort(pl.col("flagg_endres").not_(), "grunnkrets", maintain_order=True)
    )


@dataclass(frozen=True)
class ProjectSite:
    """What the site check (`geo.site_check.check_site`) takes for one project."""

    lat: float
    lon: float
    new_municipal: int  # the project's units
    new_total: int | None  # 0 when it takes over existing dwellings; None: new builds (default)


def project_site(project: Mapping[str, Any]) -> ProjectSite | None:
    """A project of the register (a row) as a site to check, alone on top of the month; None
    for a project not in the pipeline or without coordinates (a site check measures
    distances from a point)."""
    if project["status"] not in IN_PIPELINE or project["lat"] is None or project["lon"] is None:
        return None
    new_total = 0 if project["gjennomforing"] in EXISTING_DWELLINGS else None
    return ProjectSite(project["lat"], project["lon"], project["boliger"], new_total)
