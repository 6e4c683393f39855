"""What pages read and write, and the one place where Streamlit caches it.

A cached reader is keyed on the warehouse file and its data version (read once per script
run), so an upload, a replacement or a restore shows on every page at once, in every session,
without a restart. Writers are never cached; they change the data version instead, and each
first asks access.writer whether the user's role, read again then, allows the change.
"""

from __future__ import annotations

import copy
import functools
import json
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol, TypeVar

import folium
import geopandas as gpd
import polars as pl
import streamlit as st

from geo import maps
from geo.buildings import building_flags
from geo.service import assign_areas, segregation_over_time, warm_up
from geo.settings import GeoSettings
from geo.site_check import SiteCheck, check_site
from geo.sources import NoAreas, dwelling_placement, month_concentration, warehouse_areas
from indicators import report
from indicators import service as indicator_service
from indicators.periods import Period
from indicators.registry import AREA
from indicators.report import QuarterlyReport
from indicators.suppression import Thresholds, hidden_groups
from ui import access, map_view, report_files
from ui.format import Language
from ui.labels import current_language, t, translator
from warehouse import history, quality, queries, settings, template
from warehouse.audit import Actor
from warehouse.db import resolve_db_path
from warehouse.ingest import IngestResult, ingest, refused
from warehouse.problems import SourceFile
from warehouse.schema import init

R = TypeVar("R")
# Entries kept per cached reader: a few data versions of a few warehouse files.
_MAX_ENTRIES = 16
_VERSION_KEY = "_data_version"
GEODATA = Path(__file__).resolve().parent.parent / "data" / "geodata"


class Upload(Protocol):
    """What `st.file_uploader` hands over: a name and the bytes."""

    name: str

    def getvalue(self) -> bytes: ...


def db_path() -> Path:
    """The warehouse file: $BOLIGMONITOR_DB, else data/warehouse.duckdb."""
    return resolve_db_path(None)


@st.cache_resource(show_spinner=False)
def _prepared(db: str) -> bool:
    init(Path(db))
    indicator_service.keep_month_values(Path(db))  # after an upgrade, new indicator code
    return True


def prepare_warehouse() -> Path:
    """Create or upgrade the warehouse file once per process (new views, migrations), and keep
    the month values that new indicator code has not stored yet."""
    db = db_path()
    _prepared(str(db))
    return db


def refresh_data_version() -> int:
    """Read the data version and remember it for this script run.

    app.py calls this at the top of every run, and writers after they write: opening a DuckDB
    connection costs tens of milliseconds, so the readers of one run share one look.
    """
    version = queries.data_version(db_path())
    st.session_state[_VERSION_KEY] = (str(db_path()), version)
    return version


def data_version() -> int:
    """The data version of this run (0 while the warehouse is empty)."""
    remembered = st.session_state.get(_VERSION_KEY)
    if remembered and remembered[0] == str(db_path()):
        return remembered[1]
    return refresh_data_version()


def versioned(reader: Callable[..., R]) -> Callable[..., R]:
    """Cache `reader(db, version, *args)` per warehouse file and data version; call it `(*args)`.

    `version` is in the reader's signature only so that it becomes part of the cache key.
    """
    cached = st.cache_data(reader, show_spinner=False, max_entries=_MAX_ENTRIES)

    @functools.wraps(reader)
    def read(*args: object) -> R:
        return cached(str(db_path()), data_version(), *args)

    return read


@versioned
def loaded_months(db: str, version: int) -> list[str]:
    """Every month with an active snapshot, 'YYYY-MM', oldest first."""
    months = queries.read_mart(Path(db), "maaneder", ["maaned"])
    return months["maaned"].dt.strftime("%Y-%m").to_list()


@versioned
def kommunenummer(db: str, version: int) -> str | None:
    """The municipality the areas belong to: the first four digits most grunnkretser share."""
    codes = queries.read_mart(Path(db), "omrader", ["grunnkrets"])["grunnkrets"].to_list()
    found = Counter(code[:4] for code in codes if code)
    return found.most_common(1)[0][0] if found else None


def municipality() -> str:
    """The municipality in words for the header: `Sandnes kommune`, else its number.

    The name and number set in Innstillinger win over those found from the areas.
    """
    number = app_settings()["kommunenummer"] or kommunenummer()
    if number is None:
        return t("Ingen kommune valgt")
    name = app_settings()["kommunenavn"] or municipality_names().get(number)
    return t("{name} kommune", name=name) if name else t("Kommune {number}", number=number)


@st.cache_data(show_spinner=False)
def _settings(db: str) -> dict[str, object]:
    return settings.read_settings(Path(db))


def app_settings() -> dict[str, object]:
    """The settings in force (warehouse.settings), cached until an admin changes one."""
    return _settings(str(db_path()))


def forget_settings() -> None:
    """Drop the cached settings after a change, so every session reads the new ones."""
    _settings.clear()


def suppression_thresholds() -> Thresholds:
    """The suppression thresholds set in Innstillinger (what `leser` sees is suppressed with)."""
    return settings.thresholds(app_settings())


def geo_settings() -> GeoSettings:
    """The flag thresholds set in Innstillinger, for the concentration analysis and the map."""
    return settings.geo_settings(app_settings())


@st.cache_data(show_spinner=False)
def municipality_names() -> dict[str, str]:
    """Kommunenummer -> name, from the municipal outlines shipped in data/geodata."""
    names = {}
    for path in GEODATA.glob("*.geojson"):
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            properties = feature["properties"]
            names[properties["kommunenummer"]] = properties["kommunenavn"]
    return names


@versioned
def load_history(db: str, version: int) -> pl.DataFrame:
    """Every load ever made, newest first (warehouse.history.load_history)."""
    return history.load_history(Path(db))


@versioned
def quality_report(db: str, version: int) -> quality.QualityReport:
    """The data-quality report for every month (warehouse.quality.quality_report)."""
    return quality.quality_report(Path(db))


def thresholds_for(role: str | None) -> Thresholds | None:
    """The suppression a role's figures get: none for staff and admins, Innstillinger's else."""
    return None if access.sees_unsuppressed(role) else suppression_thresholds()


@versioned
def hidden_cells(db: str, version: int, thresholds: Thresholds) -> pl.DataFrame:
    """The one suppression pattern of this data version and thresholds: every cell, of every
    period type and breakdown, that readers see as `:` (indicators.service.hidden_cells)."""
    return indicator_service.hidden_cells(Path(db), dwelling_areas(), thresholds)


@versioned
def indicator_values(
    db: str, version: int, period: Period, thresholds: Thresholds | None
) -> pl.DataFrame:
    """Every municipal indicator for every period (indicators.service), suppressed if asked."""
    hidden = None if thresholds is None else hidden_cells(thresholds)
    return indicator_service.indicator_values(Path(db), period, hidden=hidden)


@versioned
def dwelling_areas(db: str, version: int) -> pl.DataFrame:
    """Every month's dwellings placed in an area (geo.sources.dwelling_placement)."""
    return dwelling_placement(Path(db))


@versioned
def breakdown_values(
    db: str, version: int, period: Period, thresholds: Thresholds | None
) -> pl.DataFrame:
    """Target-group and delområde cells for every period (indicators.service), suppressed with
    the same pattern as the municipal figures if asked."""
    hidden = None if thresholds is None else hidden_cells(thresholds)
    return indicator_service.breakdown_values(Path(db), period, dwelling_areas(), hidden=hidden)


def start_geo_warm_up() -> None:
    """Compile esda's numba code once per process on a background thread (geo.service.warm_up).

    app.py calls this on every run; only the first call starts the thread, so the Kart page
    finds the code compiled instead of waiting half a minute for it.
    """
    _geo_warm_up()


@st.cache_resource(show_spinner=False)
def _geo_warm_up() -> threading.Thread:
    thread = threading.Thread(target=warm_up, name="geo-warm-up", daemon=True)
    thread.start()
    return thread


def _areas_or_none(db: Path) -> gpd.GeoDataFrame | None:
    try:
        return warehouse_areas(db)
    except NoAreas:
        return None


def _placed_dwellings(db: Path, month: str) -> pl.DataFrame:
    """The month's municipal dwellings, grunnkrets replaced by the area geo places them in."""
    dwellings = queries.read_month(db, "boliger", month)
    areas = _areas_or_none(db)
    return dwellings if areas is None else assign_areas(dwellings, areas)


@versioned
def month_dwellings(db: str, version: int, month: str) -> pl.DataFrame:
    """The month's municipal dwellings as stored: read once, not on every map click."""
    return queries.read_month(Path(db), "boliger", month)


@versioned
def map_areas(db: str, version: int) -> gpd.GeoDataFrame | None:
    """The areas in EPSG:25832 (geo.sources.warehouse_areas); None when none are loaded."""
    return _areas_or_none(Path(db))


@versioned
def area_concentration(db: str, version: int, month: str, geo: GeoSettings) -> pl.DataFrame | None:
    """Concentration and flags per area for `month`; None without areas or dwellings that month."""
    try:
        return month_concentration(Path(db), month, geo)
    except (NoAreas, ValueError):
        return None


@versioned
def flagged_buildings(db: str, version: int, month: str, geo: GeoSettings) -> pl.DataFrame:
    """Building flags of the month's dwellings (geo.buildings.building_flags)."""
    return building_flags(_placed_dwellings(Path(db), month), geo)


@versioned
def segregation(db: str, version: int) -> pl.DataFrame | None:
    """Dissimilarity and isolation per month (geo.service.segregation_over_time); None without
    areas."""
    areas = _areas_or_none(Path(db))
    if areas is None:
        return None
    dwellings = queries.read_mart(Path(db), "boliger", ["maaned", "lat", "lon", "grunnkrets"])
    return segregation_over_time(areas, queries.read_mart(Path(db), "omradestatistikk"), dwellings)


@versioned
def site_check(
    db: str,
    version: int,
    month: str,
    point: tuple[float, float],
    new_municipal: int,
    new_total: int | None,
    geo: GeoSettings,
) -> SiteCheck | None:
    """`new_municipal` new municipal dwellings at `point` (lat, lon) against `month`
    (geo.site_check.check_site); None without areas or dwellings that month."""
    areas = _areas_or_none(Path(db))
    concentration = area_concentration(month, geo)
    if areas is None or concentration is None:
        return None
    return check_site(
        *point,
        new_municipal,
        areas=areas,
        concentration=concentration,
        dwellings=month_dwellings(month),
        new_total=new_total,
        settings=geo,
    )


@st.cache_resource(show_spinner=False, max_entries=_MAX_ENTRIES)
def _concentration_map(
    db: str,
    version: int,
    month: str,
    measure: maps.Measure,
    may_see_small_counts: bool,
    may_see_dwellings: bool,
    geo: GeoSettings,
    language: Language,
) -> folium.Map | None:
    areas = map_areas()
    concentration = area_concentration(month, geo)
    if areas is None or concentration is None:
        return None
    return maps.concentration_map(
        areas,
        concentration,
        measure=measure,
        may_see_small_counts=may_see_small_counts,
        may_see_dwellings=may_see_dwellings,
        buildings=flagged_buildings(month, geo) if may_see_dwellings else None,
        dwellings=month_dwellings(month) if may_see_dwellings else None,
        settings=geo,
        asset_base=map_view.VENDOR_URL,
        language=language,
        say=translator(language),
    )


def concentration_map(
    month: str, measure: maps.Measure, *, may_see_small_counts: bool, may_see_dwellings: bool
) -> folium.Map | None:
    """The month's concentration map with local Leaflet (geo.maps), in the reader's language;
    None without areas or data.

    Built once per data version, viewer's rights and language; each caller gets its own copy,
    because st_folium renames the map's parts as it draws it.
    """
    built = _concentration_map(
        str(db_path()),
        data_version(),
        month,
        measure,
        may_see_small_counts,
        may_see_dwellings,
        geo_settings(),
        current_language(),
    )
    return copy.deepcopy(built)


@st.cache_data(show_spinner=False)
def blank_template() -> bytes:
    """The upload template (it depends on the format, not on the data)."""
    return template.blank_template()


def refused_write(refusal: access.WriteRefused) -> IngestResult:
    """A change the user's role no longer allows (access.writer), told like a refused upload."""
    return refused([], summary=str(refusal))


def app_user(name: str) -> Actor:
    """A signed-in user as the warehouse's writers record them: through the door `app`."""
    return Actor(name, "app")


def ingest_upload(month: str, uploads: Sequence[Upload], *, replace: bool) -> IngestResult:
    """Load the uploaded files as the snapshot of `month` (warehouse.ingest.ingest), audited, if
    the user's role, read again now, still allows it."""
    try:
        user = access.writer("snapshot")
    except access.WriteRefused as refusal:
        return refused_write(refusal)
    files = [SourceFile(upload.name, upload.getvalue()) for upload in uploads]
    result = ingest(db_path(), month, files, replace=replace, actor=app_user(user.name))
    if result.status != "refused":
        indicator_service.keep_month_values(db_path())
    refresh_data_version()
    return result


def restore_loads(load_ids: Sequence[int]) -> IngestResult:
    """Make earlier loads active again (warehouse.history.restore), audited, if the user's role,
    read again now, still allows it."""
    try:
        user = access.writer("restore")
    except access.WriteRefused as refusal:
        return refused_write(refusal)
    result = history.restore(db_path(), load_ids, actor=app_user(user.name))
    if result.status != "refused":
        indicator_service.keep_month_values(db_path())
    refresh_data_version()
    return result


@versioned
def _quarterly_report(
    db: str, version: int, quarter: str, language: Language, thresholds: Thresholds
) -> QuarterlyReport:
    return report.quarterly_report(
        indicator_values("quarter", thresholds),
        quarter,
        loaded_months=loaded_months(),
        thresholds=thresholds,
        language=language,
    )


def quarterly_report(quarter: str, language: Language) -> QuarterlyReport:
    """The quarter's report to the council, suppressed whoever reads it (it is public)."""
    return _quarterly_report(quarter, language, suppression_thresholds())


@versioned
def _report_charts(
    db: str, version: int, quarter: str, language: Language, thresholds: Thresholds
) -> list[bytes]:
    return report_files.charts(_quarterly_report(quarter, language, thresholds))


def report_charts(quarter: str, language: Language) -> list[bytes]:
    """One PNG chart per indicator of the quarter's report, in its order."""
    return _report_charts(quarter, language, suppression_thresholds())


@versioned
def _report_map(
    db: str,
    version: int,
    month: str,
    language: Language,
    geo: GeoSettings,
    thresholds: Thresholds,
) -> bytes | None:
    try:
        areas = warehouse_areas(Path(db))
        concentration = month_concentration(Path(db), month, geo)
    except (NoAreas, ValueError):
        return None
    # A grunnkrets's colour bounds its count: where the delområde's municipal dwellings are
    # ':' in the breakdown, its grunnkretser are hidden on the map too.
    hidden = hidden_groups(hidden_cells(thresholds), "kommunale_boliger", AREA, month)
    return report_files.concentration_map_png(
        areas, concentration, language, geo, hidden_areas=hidden
    )


def report_map(month: str, language: Language) -> bytes | None:
    """The month's concentration map for the report as a PNG (None without areas or dwellings),
    suppressed as the report's figures are.

    The first one in a process waits for esda's compilation (geo.service.warm_up).
    """
    return _report_map(month, language, geo_settings(), suppression_thresholds())


@versioned
def _report_pdf(
    db: str,
    version: int,
    quarter: str,
    language: Language,
    municipality: str,
    thresholds: Thresholds,
    geo: GeoSettings,
) -> bytes:
    shown = _quarterly_report(quarter, language, thresholds)
    area_map = (
        _report_map(shown.last_month, language, geo, thresholds) if shown.last_month else None
    )
    charts = _report_charts(quarter, language, thresholds)
    return report_files.report_pdf(shown, charts, area_map, municipality=municipality)


def report_pdf(quarter: str, language: Language) -> bytes:
    """The quarter's report as PDF, charts and map included."""
    return _report_pdf(quarter, language, municipality(), suppression_thresholds(), geo_settings())


@versioned
def _report_xlsx(
    db: str, version: int, quarter: str, language: Language, thresholds: Thresholds
) -> bytes:
    return report_files.report_xlsx(_quarterly_report(quarter, language, thresholds))


def report_xlsx(quarter: str, language: Language) -> bytes:
    """The quarter's report as XLSX: figures, definitions, summary and notes."""
    return _report_xlsx(quarter, language, suppression_thresholds())
