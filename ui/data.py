"""What pages read: Streamlit's cached wrappers over services, keyed on the data version.

Every reader here is one call into services, cached per warehouse file and data version
(ui.cache), so an upload, a replacement or a restore shows on every page at once. The large
polars frames every rerun of a page reads (indicator values, breakdowns, the suppression
pattern) are kept as the objects themselves, not copied out of the cache on each call: polars
frames are never changed in place. The geo
readers share one `StoredGeo` per data version and one `MonthGeo` per month: a Kart run after a
data change reads the areas once and the month's dwellings once, and a site-check click reads
nothing.
"""

from __future__ import annotations

import copy
import functools
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import folium
import plotly.graph_objects as go
import polars as pl
import streamlit as st

from core import roles
from core.formatting import LANGUAGES, Language
from core.settings import GeoSettings, Thresholds, geo_settings, thresholds
from core.template import blank_template as _blank_template
from geo import maps
from geo.analysis import warm_up
from geo.site_check import SiteCheck
from indicators.periods import PERIODS, Period
from indicators.report import QuarterlyReport
from indicators.report import quarterly_report as report_model
from indicators.selection import Measure
from services import (
    geo,
    indicators,
    ingest,
    living_conditions,
    pathways,
    portfolio,
    projects,
    quality,
    reference,
    report,
    report_files,
    setup,
)
from services.geo import MonthGeo, StoredGeo
from services.report_files import Picture, ReportSection
from ui import charts, indicator_view, report_view, turns
from ui.cache import (
    MAX_ENTRIES,
    app_settings,
    data_version,
    db_path,
    for_this_run,
    replica,
    versioned,
    versioned_resource,
)
from ui.labels import current_language

R = TypeVar("R")


@versioned
def loaded_months(db: str, version: int) -> list[str]:
    """Every month with an active snapshot, 'YYYY-MM', oldest first."""
    return ingest.loaded_months(Path(db))


@versioned_resource
def stored_geo(db: str, version: int) -> StoredGeo:
    """The areas and area statistics of this data version (services.geo), read once."""
    return geo.stored_geo(Path(db))


@versioned_resource
def month_geo(db: str, version: int, month: str) -> MonthGeo:
    """The month's dwellings, read once and placed in the areas once (services.geo)."""
    return geo.month_geo(Path(db), month, stored_geo())


def is_demo() -> bool:
    """Whether the warehouse holds the demo municipality (its figures are invented); a replica
    reads published marts only, which do not say."""
    return not replica() and _is_demo()


@versioned
def _is_demo(db: str, version: int) -> bool:
    return setup.is_demo(Path(db))


def setup_status() -> setup.SetupStatus:
    """Which steps of a municipality's setup are done (read now: the guide shows it after each
    step)."""
    return setup.setup_status(db_path())


def municipality(language: Language | None = None) -> str:
    """The municipality in words for the header: `Sandnes kommune`, else its number (in the
    reader's language unless another is given)."""
    return _municipality(language or current_language())


@versioned
def _municipality(db: str, version: int, language: Language) -> str:
    return reference.municipality(app_settings(), stored_geo().codes(), language)


def suppression_thresholds() -> Thresholds:
    """The suppression thresholds set in Innstillinger (what `leser` sees is suppressed with)."""
    return thresholds(app_settings())


def geo_settings_in_force() -> GeoSettings:
    """The flag thresholds set in Innstillinger, for the concentration analysis and the map."""
    return geo_settings(app_settings())


def area_names() -> dict[str, str]:
    """Grunnkrets -> the area's name, for tables (empty without areas)."""
    return dict(stored_geo().area_rows.select("grunnkrets", "navn").iter_rows())


@versioned
def portfolio_breakdowns(db: str, version: int, period: Period) -> portfolio.PortfolioBreakdowns:
    """The portfolio by ownership form and type, vacancy by ownership form, and the 1.1
    columns each month lacks (services.portfolio)."""
    return portfolio.portfolio_breakdowns(Path(db), period)


@versioned
def lease_list(db: str, version: int, month: str) -> pl.DataFrame:
    """The month's leases ending within 12 months, with their areas (staff only)."""
    return portfolio.lease_list(Path(db), month, stored_geo())


@versioned
def project_places(db: str, version: int) -> pl.DataFrame:
    """The active register of housing projects with each project's area (services.projects)."""
    return projects.project_places(projects.register(Path(db)), stored_geo())


@versioned
def project_timeline(db: str, version: int) -> pl.DataFrame:
    """Units per status and year of the active register."""
    return projects.timeline(projects.register(Path(db)))


@versioned
def everything_built(db: str, version: int, month: str, flags: GeoSettings) -> pl.DataFrame:
    """Every area of `month` before and after the pipeline is built (services.projects)."""
    concentration = area_concentration(month, flags)
    return projects.everything_built(month_geo(month), project_places(), concentration, flags)


@versioned
def load_history(db: str, version: int) -> pl.DataFrame:
    """Every load ever made, newest first."""
    return ingest.load_history(Path(db))


@versioned
def quality_report(db: str, version: int) -> quality.QualityReport:
    """The data-quality report for every month (services.quality)."""
    return quality.quality_report(Path(db))


@versioned
def targets(db: str, version: int) -> pl.DataFrame:
    """The action-plan targets in force: indikator, aar, verdi, by indicator and year."""
    return reference.targets(Path(db))


def thresholds_for(role: roles.Role | None) -> Thresholds | None:
    """The suppression a role's figures get: none for staff and admins, Innstillinger's else."""
    return None if roles.sees_unsuppressed(role) else suppression_thresholds()


@versioned_resource
def dwelling_areas(db: str, version: int) -> pl.DataFrame:
    """Every month's dwellings placed in an area (services.geo.dwelling_placement)."""
    return geo.dwelling_placement(Path(db), stored_geo())


@versioned_resource
def hidden_cells(db: str, version: int, limits: Thresholds) -> pl.DataFrame:
    """The one suppression pattern of this data version and thresholds: every cell, of every
    period type and breakdown, that readers see as `:` (services.indicators.hidden_cells)."""
    return indicators.hidden_cells(Path(db), dwelling_areas(), limits)


@versioned_resource
def indicator_values(
    db: str, version: int, period: Period, limits: Thresholds | None
) -> pl.DataFrame:
    """Every municipal indicator for every period (services.indicators), suppressed if asked."""
    hidden = None if limits is None else hidden_cells(limits)
    return indicators.indicator_values(Path(db), period, hidden=hidden)


@versioned_resource
def breakdown_values(
    db: str, version: int, period: Period, limits: Thresholds | None
) -> pl.DataFrame:
    """Target-group and delområde cells for every period (services.indicators), suppressed with
    the same pattern as the municipal figures if asked."""
    hidden = None if limits is None else hidden_cells(limits)
    return indicators.breakdown_values(Path(db), period, dwelling_areas(), hidden=hidden)


@versioned_resource
def indicator_trend(
    db: str,
    version: int,
    indicator_id: str,
    period: Period,
    measure: Measure,
    limits: Thresholds | None,
    language: Language,
) -> tuple[go.Figure, pl.DataFrame]:
    """Indikatorer's chart of one indicator over time and its table of periods, built once per
    version, choice and language (suppressed with `limits`; None: not suppressed)."""
    entry = indicator_view.indicator(indicator_id)
    rows = indicator_view.measured(indicator_values(period, limits), entry, period, measure)
    unit = indicator_view.unit_shown(entry, measure)
    figure = charts.trend_figure(rows, entry, language=language, unit=unit)
    return figure, indicator_view.values_table(rows, unit, language)


@versioned_resource
def overview_cards(
    db: str, version: int, limits: Thresholds | None, language: Language
) -> list[indicator_view.Card]:
    """Oversikt's cards of the latest quarter, suppressed with `limits` (None: not suppressed)."""
    return indicator_view.overview_cards(indicator_values("quarter", limits), "quarter", language)


def warm_up_version() -> None:
    """Compute what a version's first readers ask for, into the caches: the header, every
    indicator and breakdown (suppressed and not), Oversikt's cards, and the default quarter's
    report in both languages (its PDF and XLSX are made when downloaded). The process runs this
    for a new version before serving it (ui.cache); it reads no session, so it names every
    language and threshold itself. Each reader waits for a turn behind the sessions' runs
    (ui.turns)."""
    months = _in_background_turn(loaded_months)
    _in_background_turn(is_demo)
    for language in LANGUAGES:
        _in_background_turn(municipality, language)
    if not months:
        return
    for limits in (suppression_thresholds(), None):
        for period in PERIODS:
            _in_background_turn(indicator_values, period, limits)
            _in_background_turn(breakdown_values, period, limits)
        for language in LANGUAGES:
            _in_background_turn(overview_cards, limits, language)
    quarter = report_view.default_quarter(months)
    if quarter is None:
        return
    for language in LANGUAGES:
        shown = _in_background_turn(quarterly_report, quarter, language)
        _in_background_turn(report_screen, quarter, language)
        _in_background_turn(report_charts, quarter, language)
        if shown.last_month:
            _in_background_turn(report_map, shown.last_month, language)
        _in_background_turn(report_sections, shown.last_month, language)


def _in_background_turn(read: Callable[..., R], *args: object) -> R:
    """`read(*args)` in a turn of the background's (ui.turns): after the runs waiting."""
    with turns.TURNS_OF_THIS_PROCESS.turn(background=True):
        return read(*args)


def start_geo_warm_up() -> None:
    """Compile esda's numba code once per process on a background thread (geo.analysis.warm_up).

    app.py calls this on every run; only the first call starts the thread, so the Kart page
    finds the code compiled instead of waiting half a minute for it.
    """
    _geo_warm_up()


def _warm_up_process() -> None:
    """Compile esda's code, then settle the process (ui.turns.settle)."""
    warm_up()
    turns.settle()


@st.cache_resource(show_spinner=False)
def _geo_warm_up() -> threading.Thread:
    thread = threading.Thread(target=_warm_up_process, name="geo-warm-up", daemon=True)
    thread.start()
    return thread


@versioned
def area_concentration(
    db: str, version: int, month: str, flags: GeoSettings
) -> pl.DataFrame | None:
    """Concentration and flags per area for `month`; None without areas or dwellings that month."""
    try:
        return month_geo(month).concentration(flags)
    except ValueError:  # no areas (NoAreas), or no dwellings that month
        return None


@versioned
def flagged_buildings(db: str, version: int, month: str, flags: GeoSettings) -> pl.DataFrame:
    """Building flags of the month's dwellings (geo.buildings.building_flags)."""
    return month_geo(month).buildings(flags)


@versioned
def segregation(db: str, version: int) -> pl.DataFrame | None:
    """Dissimilarity and isolation per month (services.geo.segregation); None without areas."""
    return geo.segregation(Path(db), stored_geo())


@versioned
def site_check(
    db: str,
    version: int,
    month: str,
    point: tuple[float, float],
    new_municipal: int,
    new_total: int | None,
    flags: GeoSettings,
) -> SiteCheck | None:
    """`new_municipal` new municipal dwellings at `point` (lat, lon) against `month`
    (geo.site_check.check_site); None without areas or dwellings that month. Reads nothing."""
    concentration = area_concentration(month, flags)
    if concentration is None:
        return None
    return month_geo(month).site_check(point, new_municipal, new_total, concentration, flags)


@st.cache_resource(show_spinner=False, max_entries=MAX_ENTRIES)
def _concentration_map(
    db: str,
    version: int,
    month: str,
    measure: maps.Measure,
    may_see_small_counts: bool,
    may_see_dwellings: bool,
    flags: GeoSettings,
    language: Language,
) -> folium.Map | None:
    concentration = area_concentration(month, flags)
    if concentration is None:
        return None
    return month_geo(month).concentration_map(
        concentration,
        measure,
        may_see_small_counts=may_see_small_counts,
        may_see_dwellings=may_see_dwellings,
        projects=project_places() if may_see_dwellings else None,
        settings=flags,
        language=language,
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
        geo_settings_in_force(),
        current_language(),
    )
    return copy.deepcopy(built)


@st.cache_data(show_spinner=False)
def blank_template() -> bytes:
    """The upload template (it depends on the format, not on the data)."""
    return _blank_template()


@versioned_resource
def _quarterly_report(
    db: str, version: int, quarter: str, language: Language, limits: Thresholds
) -> QuarterlyReport:
    return report_model(
        indicator_values("quarter", limits),
        quarter,
        loaded_months=loaded_months(),
        thresholds=limits,
        language=language,
    )


def quarterly_report(quarter: str, language: Language) -> QuarterlyReport:
    """The quarter's report to the council, suppressed whoever reads it (it is public)."""
    return _quarterly_report(quarter, language, suppression_thresholds())


@versioned_resource
def _report_screen(
    db: str, version: int, quarter: str, language: Language, limits: Thresholds
) -> report_view.Screen:
    return report_view.screen(_quarterly_report(quarter, language, limits))


def report_screen(quarter: str, language: Language) -> report_view.Screen:
    """The quarter's report as Kvartalsrapport shows it (report_view.screen), built once."""
    return _report_screen(quarter, language, suppression_thresholds())


@versioned_resource
def _report_charts(
    db: str, version: int, quarter: str, language: Language, limits: Thresholds
) -> list[bytes]:
    return report_files.charts(_quarterly_report(quarter, language, limits))


def report_charts(quarter: str, language: Language) -> list[bytes]:
    """One PNG chart per indicator of the quarter's report, in its order."""
    return _report_charts(quarter, language, suppression_thresholds())


@versioned
def _report_map(
    db: str, version: int, month: str, language: Language, flags: GeoSettings, limits: Thresholds
) -> Picture | None:
    return report.area_map(
        month_geo(month), area_concentration(month, flags), hidden_cells(limits), language, flags
    )


def report_map(month: str, language: Language) -> Picture | None:
    """The month's concentration map for the report as a PNG with its one-sentence text (None
    without areas or dwellings), suppressed as the report's figures are, at the width the page
    shows it (report_view.MAP_WIDTH): scaled once per data version, not by Streamlit on every
    rerun.

    The first one in a process waits for esda's compilation (geo.analysis.warm_up).
    """
    return _report_map_on_screen(month, language, geo_settings_in_force(), suppression_thresholds())


@versioned_resource
def _report_map_on_screen(
    db: str, version: int, month: str, language: Language, flags: GeoSettings, limits: Thresholds
) -> Picture | None:
    picture = _report_map(month, language, flags, limits)
    if picture is None:
        return None
    return Picture(report_view.scaled_png(picture.png, report_view.MAP_WIDTH), picture.alt)


@versioned_resource
def _report_sections(
    db: str,
    version: int,
    month: str | None,
    language: Language,
    flags: GeoSettings,
    limits: Thresholds,
    directions: tuple,
) -> list[ReportSection]:
    concentration = area_concentration(month, flags) if month else None
    sections = [
        living_conditions.living_conditions_section(
            _survey(directions), stored_geo(), concentration, flags, language
        ),
        living_conditions.brukerplan_section(brukerplan_rows(), limits, language),
    ]
    return [section for section in sections if section is not None]


def report_sections(month: str | None, language: Language) -> list[ReportSection]:
    """The report's sections on living conditions and BrukerPlan, where loaded, suppressed for
    readers (the report is public)."""
    return _report_sections(
        month, language, geo_settings_in_force(), suppression_thresholds(), _directions()
    )


@versioned
def _report_pdf(
    db: str,
    version: int,
    quarter: str,
    language: Language,
    municipality_name: str,
    limits: Thresholds,
    flags: GeoSettings,
    directions: tuple,
) -> bytes:
    shown = _quarterly_report(quarter, language, limits)
    area_map = _report_map(shown.last_month, language, flags, limits) if shown.last_month else None
    charts = _report_charts(quarter, language, limits)
    sections = _report_sections(shown.last_month, language, flags, limits, directions)
    return report.report_pdf(
        shown, charts, area_map, municipality=municipality_name, sections=sections
    )


def on_click(make: Callable[..., bytes], *args: object) -> Callable[[], bytes]:
    """`make(*args)` for a download button, made only when it is clicked, from this run's data
    version: the files of a report take seconds the page need not spend on every new version."""
    return for_this_run(functools.partial(make, *args))


def report_pdf(quarter: str, language: Language) -> bytes:
    """The quarter's report as a tagged PDF/UA-1, charts, map and the sections beside the
    indicators included."""
    return _report_pdf(
        quarter,
        language,
        municipality(language),
        suppression_thresholds(),
        geo_settings_in_force(),
        _directions(),
    )


@versioned
def _report_xlsx(
    db: str,
    version: int,
    quarter: str,
    language: Language,
    limits: Thresholds,
    flags: GeoSettings,
    directions: tuple,
) -> bytes:
    shown = _quarterly_report(quarter, language, limits)
    sections = _report_sections(shown.last_month, language, flags, limits, directions)
    return report_files.report_xlsx(shown, sections)


def report_xlsx(quarter: str, language: Language) -> bytes:
    """The quarter's report as XLSX: figures, definitions, summary and notes, and the sections
    beside the indicators."""
    return _report_xlsx(
        quarter, language, suppression_thresholds(), geo_settings_in_force(), _directions()
    )


@versioned_resource
def stored_survey(db: str, version: int) -> living_conditions.StoredSurvey:
    """The living-conditions survey and its descriptions of this data version, read once."""
    return living_conditions.read_survey(Path(db))


def _directions() -> tuple[tuple[str, bool], ...]:
    """The admin's directions in force, as part of a cache key."""
    return tuple(sorted(app_settings()["levekar_retning"].items()))


@versioned_resource
def _survey(db: str, version: int, directions: tuple) -> living_conditions.Survey | None:
    return living_conditions.survey(stored_survey(), dict(directions))


def survey() -> living_conditions.Survey | None:
    """The survey with the directions in force (the admin's choices win); None without one."""
    return _survey(_directions())


@versioned_resource
def _levekar_comparison(
    db: str,
    version: int,
    month: str,
    indicator: str,
    year: int,
    flags: GeoSettings,
    directions: tuple,
) -> living_conditions.Comparison | None:
    chosen = _survey(directions)
    concentration = area_concentration(month, flags)
    if chosen is None or concentration is None or indicator not in chosen.high_is_bad:
        return None
    return living_conditions.comparison(chosen, stored_geo(), concentration, indicator, year, flags)


def levekar_comparison(
    month: str, indicator: str, year: int
) -> living_conditions.Comparison | None:
    """`indicator` in `year` beside the month's concentration at the survey's level; None
    without a survey, areas or dwellings that month, or a direction for the indicator."""
    return _levekar_comparison(month, indicator, year, geo_settings_in_force(), _directions())


@versioned_resource
def _levekar_association(
    db: str,
    version: int,
    month: str,
    indicator: str,
    year: int,
    flags: GeoSettings,
    directions: tuple,
) -> tuple | None:
    compared = _levekar_comparison(month, indicator, year, flags, directions)
    return None if compared is None else living_conditions.association(compared, flags)


def levekar_association(month: str, indicator: str, year: int) -> tuple | None:
    """Lee's L, global and local (seconds of work: once per data version and choice)."""
    return _levekar_association(month, indicator, year, geo_settings_in_force(), _directions())


@st.cache_resource(show_spinner=False, max_entries=MAX_ENTRIES)
def _levekar_map(
    db: str,
    version: int,
    month: str,
    indicator: str,
    year: int,
    bivariate: bool,
    may_see_small_counts: bool,
    flags: GeoSettings,
    directions: tuple,
    language: Language,
) -> folium.Map | None:
    compared = _levekar_comparison(month, indicator, year, flags, directions)
    if compared is None:
        return None
    return living_conditions.levekar_map(
        compared,
        _survey(directions),
        bivariate=bivariate,
        may_see_small_counts=may_see_small_counts,
        settings=flags,
        language=language,
    )


def levekar_map(
    month: str, indicator: str, year: int, *, bivariate: bool, may_see_small_counts: bool
) -> folium.Map | None:
    """The Levekår map (bivariate or the indicator alone) for this viewer, a copy per caller
    (st_folium renames the map's parts as it draws it)."""
    built = _levekar_map(
        str(db_path()),
        data_version(),
        month,
        indicator,
        year,
        bivariate,
        may_see_small_counts,
        geo_settings_in_force(),
        _directions(),
        current_language(),
    )
    return copy.deepcopy(built)


def levekar_viewer_table(
    month: str, indicator: str, year: int, may_see_small_counts: bool
) -> tuple[pl.DataFrame, object]:
    """What this viewer sees of the comparison: classes, double burden first."""
    return living_conditions.viewer_table(
        levekar_comparison(month, indicator, year),
        may_see_small_counts=may_see_small_counts,
        settings=geo_settings_in_force(),
    )


def site_living_conditions(month: str, grunnkrets: str | None, language: Language) -> str | None:
    """The site check's sentence on the area's living conditions (the survey's default
    indicator and newest year); None without a survey or a row for the area. Reads nothing
    once the survey of this data version is read."""
    chosen = survey()
    indicator = chosen.default_indicator() if chosen else None
    if grunnkrets is None or indicator is None:
        return None
    compared = levekar_comparison(month, indicator, chosen.years[0])
    if compared is None:
        return None
    return living_conditions.site_words(
        compared, chosen, stored_geo(), grunnkrets, geo_settings_in_force(), language
    )


@versioned
def brukerplan_rows(db: str, version: int) -> pl.DataFrame:
    """BrukerPlan's rows in force: aar, boforhold, antall."""
    return living_conditions.read_brukerplan(Path(db))


@versioned
def brukerplan_table(db: str, version: int, limits: Thresholds | None) -> pl.DataFrame:
    """BrukerPlan per year and situation with shares, suppressed with `limits` (None: not)."""
    return living_conditions.brukerplan_table(brukerplan_rows(), limits)


@versioned
def transition_periods(db: str, version: int) -> list[str]:
    """The quarters and years whose transitions can be shown, newest first (services.pathways)."""
    return pathways.transition_periods(Path(db))


def _k(limits: Thresholds | None) -> int | None:
    return None if limits is None else limits.k


@versioned
def period_transitions(
    db: str, version: int, period: str, limits: Thresholds | None
) -> pl.DataFrame | None:
    """The transitions of a quarter or year with their totals, suppressed if asked."""
    return pathways.period_transitions(Path(db), period, k=_k(limits))


@versioned
def leie_til_eie(db: str, version: int, limits: Thresholds | None) -> pathways.Track | None:
    """The leie-til-eie funnel and cohorts as of the latest month, suppressed if asked."""
    return pathways.leie_til_eie(Path(db), k=_k(limits))
