"""The geo module's inputs read from the warehouse, once: the areas of a data version and the
month's dwellings, then everything the Kart page, the report's map and `cli.py concentration`
show, from them.

`StoredGeo` is one data version's areas (read once; their geometry built once) and area
statistics; `MonthGeo` adds one month's dwellings, read once and placed in the areas once.
Concentration, building flags, the site check and the map all come from these without reading
the warehouse again, so a site-check click reads nothing. Caching them per data version is the
caller's (ui.data); `cli.py` and the report build them for one use.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import folium
import geopandas as gpd
import polars as pl

from core.export import write_table
from core.formatting import Language
from core.i18n import translator
from core.settings import DEFAULT_GEO_SETTINGS, GeoSettings
from geo import maps
from geo.analysis import assign_areas, export_rows, placed_concentration, segregation_over_time
from geo.areas import areas_from_rows
from geo.assign import locate_dwellings
from geo.buildings import building_flags
from geo.site_check import SiteCheck, check_site
from warehouse.db import connect
from warehouse.ingest import StoredAreas
from warehouse.queries import read_mart, read_month, select_mart

# Where the map's iframe (/component/streamlit_folium.st_folium/index.html) finds static/vendor/
# served by Streamlit at app/static/: relative, so a server.baseUrlPath keeps working.
VENDOR_URL = "../../app/static/vendor"


class NoAreas(ValueError):
    """The warehouse has no areas yet, so nothing can be placed on a map."""


class StoredGeo:
    """One data version's areas (marts.omrader) and area statistics (marts.omradestatistikk),
    read together once; the areas' geometry is built the first time it is asked for."""

    def __init__(self, area_rows: pl.DataFrame, area_stats: pl.DataFrame) -> None:
        self.area_rows = area_rows
        self.area_stats = area_stats

    @cached_property
    def areas(self) -> gpd.GeoDataFrame | None:
        """The areas in EPSG:25832; None when none are loaded."""
        return None if self.area_rows.is_empty() else areas_from_rows(self.area_rows)

    def required_areas(self) -> gpd.GeoDataFrame:
        """The areas; raises NoAreas when none are loaded."""
        if self.areas is None:
            raise NoAreas("Det er ikke lastet inn noen områder (grunnkretser) ennå.")
        return self.areas

    def codes(self) -> list[str]:
        """The grunnkrets codes of the areas (no geometry built)."""
        return self.area_rows["grunnkrets"].to_list()


def stored_geo(db_path: Path) -> StoredGeo:
    """The warehouse's areas and area statistics, read in one connection."""
    with connect(db_path) as con:
        return StoredGeo(select_mart(con, "omrader"), select_mart(con, "omradestatistikk"))


@dataclass(frozen=True)
class MonthGeo:
    """One month of dwellings against the stored areas: `dwellings` as stored, `placed` with
    grunnkrets replaced by the area geo places them in (as stored without areas)."""

    month: str
    stored: StoredGeo
    dwellings: pl.DataFrame
    placed: pl.DataFrame

    def concentration(self, settings: GeoSettings = DEFAULT_GEO_SETTINGS) -> pl.DataFrame:
        """Concentration and flags per area (geo.analysis); NoAreas without areas, ValueError
        without dwellings that month."""
        areas = self.stored.required_areas()
        return placed_concentration(
            areas, self.stored.area_stats, self.placed, self.month, settings
        )

    def buildings(self, settings: GeoSettings = DEFAULT_GEO_SETTINGS) -> pl.DataFrame:
        """Building flags of the month's placed dwellings (geo.buildings.building_flags)."""
        return building_flags(self.placed, settings)

    def site_check(
        self,
        point: tuple[float, float],
        new_municipal: int,
        new_total: int | None,
        concentration: pl.DataFrame,
        settings: GeoSettings = DEFAULT_GEO_SETTINGS,
    ) -> SiteCheck:
        """`new_municipal` new municipal dwellings at `point` (lat, lon) against the month
        (geo.site_check.check_site), with the month's `concentration`; reads nothing."""
        return check_site(
            *point,
            new_municipal,
            areas=self.stored.required_areas(),
            concentration=concentration,
            dwellings=self.dwellings,
            new_total=new_total,
            settings=settings,
        )

    def concentration_map(
        self,
        concentration: pl.DataFrame,
        measure: maps.Measure,
        *,
        may_see_small_counts: bool,
        may_see_dwellings: bool,
        settings: GeoSettings,
        language: Language,
        projects: pl.DataFrame | None = None,
    ) -> folium.Map:
        """The month's concentration map with local Leaflet (geo.maps), in `language`; with
        `projects` (services.projects.project_places) as a layer of their own."""
        return maps.concentration_map(
            self.stored.required_areas(),
            concentration,
            measure=measure,
            may_see_small_counts=may_see_small_counts,
            may_see_dwellings=may_see_dwellings,
            buildings=self.buildings(settings) if may_see_dwellings else None,
            dwellings=self.dwellings if may_see_dwellings else None,
            projects=projects,
            settings=settings,
            asset_base=VENDOR_URL,
            language=language,
            say=translator(language),
        )


def month_geo(db_path: Path, month: str, stored: StoredGeo) -> MonthGeo:
    """The month's municipal dwellings, read once, placed in the stored areas once."""
    dwellings = read_month(db_path, "boliger", month)
    areas = stored.areas
    placed = dwellings if areas is None else assign_areas(dwellings, areas)
    return MonthGeo(month, stored, dwellings, placed)


def month_concentration(
    db_path: Path, month: str, settings: GeoSettings = DEFAULT_GEO_SETTINGS
) -> pl.DataFrame:
    """Concentration and flags per area for a month; NoAreas without areas, ValueError without
    dwellings that month."""
    stored = stored_geo(db_path)
    stored.required_areas()
    return month_geo(db_path, month, stored).concentration(settings)


def write_concentration(concentration: pl.DataFrame, out: Path) -> Path:
    """The export of design.md: .csv (comma, UTF-8, dot decimals, true/false) or .xlsx."""
    return write_table(export_rows(concentration), out, sheet="opphopning")


def export_concentration(db_path: Path, month: str, out: Path) -> Path:
    """`cli.py concentration`: the month's areas with share, LQ and flags as CSV or XLSX."""
    return write_concentration(month_concentration(db_path, month), out)


def dwelling_placement(db_path: Path, stored: StoredGeo | None = None) -> pl.DataFrame:
    """Every month's dwellings placed in an area: maaned, bolig_id, grunnkrets.

    Placed by their coordinates in the warehouse's areas (geo.assign); without areas, a
    dwelling's own grunnkrets column places it.
    """
    stored = stored or stored_geo(db_path)
    dwellings = read_mart(db_path, "boliger", ["maaned", "bolig_id", "lat", "lon", "grunnkrets"])
    if stored.areas is not None:
        dwellings = assign_areas(dwellings, stored.areas)
    return dwellings.select("maaned", "bolig_id", "grunnkrets")


def segregation(db_path: Path, stored: StoredGeo) -> pl.DataFrame | None:
    """Dissimilarity and isolation per month (geo.analysis.segregation_over_time); None without
    areas."""
    if stored.areas is None:
        return None
    dwellings = read_mart(db_path, "boliger", ["maaned", "lat", "lon", "grunnkrets"])
    return segregation_over_time(stored.areas, stored.area_stats, dwellings)


# The areas of the last areas load seen by `locate`, by its file's hash: geometry is costly to
# rebuild for every month a series of uploads loads.
_LOCATED_AREAS: dict[str, gpd.GeoDataFrame] = {}


def locate(dwellings: pl.DataFrame, areas: StoredAreas) -> tuple[pl.DataFrame, pl.Series]:
    """Where an upload's dwellings lie in the stored areas (warehouse.ingest.Locate)."""
    if areas.sha256 not in _LOCATED_AREAS:
        _LOCATED_AREAS.clear()
        _LOCATED_AREAS[areas.sha256] = areas_from_rows(areas.rows())
    built = _LOCATED_AREAS[areas.sha256]
    return locate_dwellings(dwellings, built), pl.Series(built["grunnkrets"])
