"""Boligprosjekter: the register of housing projects from the warehouse, and what the pages,
the report and `cli.py` show from it (indicators.pipeline, geo.pipeline).

The register is reference data: one active load, which describes the projects as they stood on
its date `gjelder_per`. Without a register load there are no pipeline values at all.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from core.register_format import COLUMN_NAMES
from core.settings import DEFAULT_GEO_SETTINGS, GeoSettings
from geo import pipeline as geo_pipeline
from geo.site_check import SiteCheck
from indicators.pipeline import pipeline_values, units_by_status_and_year
from services.geo import MonthGeo, StoredGeo
from warehouse.queries import read_mart, select_mart

REGISTER_COLUMNS = ("gjelder_per", *COLUMN_NAMES)


def register(db_path: Path) -> pl.DataFrame:
    """The active register: gjelder_per and the register's columns, by prosjekt_id (empty
    without a load)."""
    return read_mart(db_path, "boligprosjekter", REGISTER_COLUMNS).sort("prosjekt_id")


def register_date(projects: pl.DataFrame) -> date | None:
    """The date the register describes (gjelder per), None without a register."""
    return None if projects.is_empty() else projects["gjelder_per"][0]


def select_pipeline_months(con: duckdb.DuckDBPyConnection) -> pl.LazyFrame | None:
    """The pipeline indicators of every snapshot month, None without a register load."""
    projects = select_mart(con, "boligprosjekter", REGISTER_COLUMNS)
    as_of = register_date(projects)
    if as_of is None:
        return None
    months = select_mart(con, "maaneder", ("maaned",)).lazy()
    return pipeline_values(projects.lazy(), months, as_of=as_of)


def timeline(projects: pl.DataFrame) -> pl.DataFrame:
    """Units per status and year: status, aar, boliger (indicators.pipeline)."""
    return units_by_status_and_year(projects.lazy()).collect()


def project_places(projects: pl.DataFrame, stored: StoredGeo) -> pl.DataFrame:
    """The register with each project's area (grunnkrets: null when in no known area) and how
    it was placed (kilde); every project unplaced without areas."""
    if stored.areas is None or projects.is_empty():
        located = projects.select(
            "prosjekt_id",
            pl.lit(None, pl.String).alias("omrade"),
            pl.lit(None, pl.String).alias("kilde"),
        )
    else:
        located = geo_pipeline.locate_projects(projects, stored.areas).rename(
            {"grunnkrets": "omrade"}
        )
    return projects.join(located, on="prosjekt_id", how="left", maintain_order="left")


def everything_built(
    month: MonthGeo,
    projects: pl.DataFrame,
    concentration: pl.DataFrame,
    settings: GeoSettings = DEFAULT_GEO_SETTINGS,
) -> pl.DataFrame:
    """Every area of the month before and after the pipeline is built (geo.pipeline); NoAreas
    without areas."""
    return geo_pipeline.everything_built(
        month.stored.required_areas(), concentration, projects, settings
    )


def site_checks(
    month: MonthGeo,
    projects: pl.DataFrame,
    concentration: pl.DataFrame,
    settings: GeoSettings = DEFAULT_GEO_SETTINGS,
) -> dict[str, SiteCheck | None]:
    """The Kart page's site check for each project in the pipeline (geo.pipeline)."""
    return geo_pipeline.project_site_checks(
        projects,
        areas=month.stored.required_areas(),
        concentration=concentration,
        dwellings=month.dwellings,
        settings=settings,
    )
