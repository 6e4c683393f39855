"""Living conditions beside the concentration of municipal dwellings, and BrukerPlan's figures:
what Kart's Levekår mode, the site check, Om tallene's Kunnskapsgrunnlag and the quarterly
report show, from the warehouse's survey (marts.levekar, marts.levekar_indikatorer), the
admin's directions (the setting `levekar_retning`) and the month's concentration.

The survey is read once per data version (`read_survey`); the rest is pure over what was read
(geo.living_conditions runs the analysis), so the caller caches it on the data version. Lee's L
takes seconds: cache `association` per (data version, month, level, indicator, year).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import folium
import geopandas as gpd
import polars as pl

from core import formatting as fmt
from core.formatting import Language
from core.i18n import N_, translate, translator
from core.reference_codes import SURVEY_INDEX
from core.settings import GeoSettings, Thresholds
from geo import living_conditions as lc
from geo.living_conditions_map import bivariate_map, indicator_map
from geo.maps import HIDDEN
from indicators import brukerplan
from services.geo import VENDOR_URL, StoredGeo
from services.report_files import ReportSection
from warehouse.db import connect
from warehouse.queries import select_mart

COMPUTED_INDEX_NAME = N_("Beregnet levekårsindeks (snitt av standardiserte indikatorer)")
SURVEY_INDEX_NAME = N_("Levekårsindeks")
SHARE_UNIT = "\u00a0%"
# BrukerPlan's housing situations in words (shared/reference-data.md).
SITUATION_WORDS = {
    "egen_bolig": N_("Egen bolig (eid eller privat leid)"),
    "kommunal_bolig": N_("Kommunal bolig"),
    "midlertidig": N_("Midlertidig botilbud"),
    "institusjon": N_("Institusjon"),
    "uten_bolig": N_("Uten bolig"),
    "annet": N_("Annet"),
    brukerplan.TOTAL: N_("I alt"),
}


@dataclass(frozen=True)
class StoredSurvey:
    """The survey in force as stored: values long, and its indicator descriptions."""

    values: pl.DataFrame  # omrade, aar, indikator, verdi
    descriptions: pl.DataFrame  # indikator, navn, hoy_er_darlig


def read_survey(db_path: Path) -> StoredSurvey:
    """The survey and its descriptions, read in one connection."""
    with connect(db_path) as con:
        return StoredSurvey(
            select_mart(con, "levekar", ["omrade", "aar", "indikator", "verdi"]),
            select_mart(con, "levekar_indikatorer", ["indikator", "navn", "hoy_er_darlig"]),
        )


@dataclass(frozen=True)
class Survey:
    """The survey ready to draw: values (with the computed index where the survey has none),
    which way is bad per indicator, and names to show (outside text: escape where shown)."""

    values: pl.DataFrame
    level: lc.Level
    indicators: tuple[str, ...]  # every indicator of the survey, in the file's order
    high_is_bad: Mapping[str, bool]  # the indicators whose direction is known
    names: Mapping[str, str]  # as the description says; the column's name where none does

    @property
    def years(self) -> list[int]:
        """The survey's years, newest first."""
        return sorted(self.values["aar"].unique().to_list(), reverse=True)

    @property
    def drawable(self) -> list[str]:
        """The indicators that can be drawn (their direction is known), the index first."""
        first = [name for name in (SURVEY_INDEX, lc.COMPUTED_INDEX) if name in self.high_is_bad]
        return first + [
            name for name in self.indicators if name in self.high_is_bad and name not in first
        ]

    @property
    def undirected(self) -> list[str]:
        """The indicators nobody has said the direction of (the admin chooses in Innstillinger)."""
        return [name for name in self.indicators if name not in self.high_is_bad]

    def default_indicator(self) -> str | None:
        """The survey's own index, else the computed one, else the first described indicator."""
        return next(iter(self.drawable), None)

    def name(self, indicator: str, language: Language) -> str:
        """The indicator's name: the survey's words, or ours for the two indexes."""
        if indicator == lc.COMPUTED_INDEX:
            return translate(COMPUTED_INDEX_NAME, language)
        if indicator == SURVEY_INDEX and indicator not in self.names:
            return translate(SURVEY_INDEX_NAME, language)
        return self.names.get(indicator, indicator)

    @staticmethod
    def unit(indicator: str) -> str:
        """' %' for a share column (`*_andel`), else nothing."""
        return SHARE_UNIT if indicator.endswith("_andel") else ""


def survey(stored: StoredSurvey, chosen: Mapping[str, bool]) -> Survey | None:
    """The stored survey with the directions in force (the admin's `chosen` win over the
    description sheet); None when no survey is loaded."""
    if stored.values.is_empty():
        return None
    indicators = tuple(stored.values["indikator"].unique(maintain_order=True).to_list())
    described = {
        row["indikator"]: row["hoy_er_darlig"]
        for row in stored.descriptions.iter_rows(named=True)
        if row["hoy_er_darlig"] is not None
    }
    high_is_bad = {
        name: bool(chosen.get(name, described.get(name)))
        for name in indicators
        if name in chosen or name in described
    }
    values = stored.values
    if SURVEY_INDEX not in indicators:
        values = lc.with_computed_index(values, high_is_bad)
        if values["indikator"].is_in([lc.COMPUTED_INDEX]).any():
            high_is_bad[lc.COMPUTED_INDEX] = True
    names = {
        row["indikator"]: row["navn"]
        for row in stored.descriptions.iter_rows(named=True)
        if row["navn"]
    }
    return Survey(values, lc.survey_level(values), indicators, high_is_bad, names)


@dataclass(frozen=True)
class Comparison:
    """One indicator and year beside the month's concentration, at one level."""

    level: lc.Level
    indicator: str
    year: int
    high_is_bad: bool
    table: pl.DataFrame  # lc.comparison_table's (every area, every count: never shown as is)
    values: pl.DataFrame  # omrade, levekar (+ dekning when a grunnkrets survey is summed up)
    shapes: gpd.GeoDataFrame  # lc.comparison_areas of the level


def comparison(
    chosen: Survey,
    stored: StoredGeo,
    concentration: pl.DataFrame,
    indicator: str,
    year: int,
    settings: GeoSettings,
    level: lc.Level | None = None,
) -> Comparison:
    """`indicator` in `year` beside `concentration` at `level` (default: the survey's own; a
    grunnkrets survey can be read as delområder, population-weighted)."""
    level = level or chosen.level
    areas = stored.required_areas()
    values = lc.indicator_values(chosen.values, indicator, year)
    if level == "delomrade" and chosen.level == "grunnkrets":
        values = lc.delomrade_values(
            values,
            stored.area_rows.select("grunnkrets", "delomrade"),
            lc.population_in(stored.area_stats, year),
        )
    at_level = lc.concentration_at(level, areas, concentration, settings)
    return Comparison(
        level,
        indicator,
        year,
        chosen.high_is_bad[indicator],
        lc.comparison_table(at_level, values.select("omrade", "levekar")),
        values,
        lc.comparison_areas(areas, level),
    )


def viewer_table(
    compared: Comparison, *, may_see_small_counts: bool, settings: GeoSettings
) -> tuple[pl.DataFrame, lc.BivariateBreaks | None]:
    """What one viewer sees: classes, double burden first (lc.bivariate_view)."""
    return lc.bivariate_view(
        compared.table,
        compared.high_is_bad,
        may_see_small_counts=may_see_small_counts,
        small_count=settings.small_count,
    )


def association(compared: Comparison, settings: GeoSettings) -> tuple[lc.Association, pl.DataFrame]:
    """Lee's L, global and local, over every area with both values (the same for every viewer)."""
    return lc.association_for(compared.table, compared.shapes, compared.high_is_bad, settings)


def levekar_map(
    compared: Comparison,
    chosen: Survey,
    *,
    bivariate: bool,
    may_see_small_counts: bool,
    settings: GeoSettings,
    language: Language,
) -> folium.Map:
    """The bivariate map (share × living conditions) or the map of the indicator alone, with
    local Leaflet, in `language`."""
    say = translator(language)
    name = chosen.name(compared.indicator, language)
    unit = chosen.unit(compared.indicator)
    if not bivariate:
        return indicator_map(
            compared.shapes,
            compared.values.select("omrade", "levekar"),
            indicator_name=name,
            high_is_bad=compared.high_is_bad,
            unit=unit,
            tiles=None,
            asset_base=VENDOR_URL,
            language=language,
            say=say,
        )
    view, breaks = viewer_table(
        compared, may_see_small_counts=may_see_small_counts, settings=settings
    )
    legend = lc.bivariate_legend(breaks, name, unit, language=language, say=say) if breaks else None
    return bivariate_map(
        compared.shapes,
        view,
        legend,
        may_see_small_counts=may_see_small_counts,
        unit=unit,
        settings=settings,
        tiles=None,
        asset_base=VENDOR_URL,
        language=language,
        say=say,
    )


def site_words(
    compared: Comparison,
    chosen: Survey,
    stored: StoredGeo,
    grunnkrets: str,
    settings: GeoSettings,
    language: Language,
) -> str | None:
    """The site check's sentence on the living conditions of the area `grunnkrets` lies in;
    None where the survey has no row for it. Outside text: escape where shown."""
    planner_view, _ = viewer_table(compared, may_see_small_counts=True, settings=settings)
    delomrade = stored.area_rows.filter(pl.col("grunnkrets") == grunnkrets)["delomrade"]
    found = lc.site_living_conditions(
        planner_view, compared.level, grunnkrets, delomrade[0] if delomrade.len() else None
    )
    if found is None:
        return None
    return found.words(
        chosen.name(compared.indicator, language),
        chosen.unit(compared.indicator),
        language=language,
        say=translator(language),
    )


def burden_table(
    view: pl.DataFrame, indicator_name: str, unit: str, language: Language
) -> pl.DataFrame:
    """The viewer's areas, double burden first: area, municipal dwellings, share, the
    indicator's value, the two classes and the burden (hidden counts as `:`)."""

    def shown(value: float | None, decimals: int, suffix: str = "") -> str:
        return fmt.MISSING if value is None else fmt.number(value, decimals, language) + suffix

    def count(row: dict) -> str:
        return HIDDEN if row["skjult"] else shown(row["kommunale_boliger"], 0)

    def share(row: dict) -> str:
        return HIDDEN if row["skjult"] else fmt.percent(row["andel"], 1, language)

    def classes(row: dict) -> str:
        share_class = HIDDEN if row["skjult"] else (row["klasse_andel"] or fmt.MISSING)
        return f"{share_class} / {row['klasse_levekar'] or fmt.MISSING}"

    rows = view.to_dicts()
    yes, no = translate("ja", language), translate("nei", language)
    return pl.DataFrame(
        {
            translate("Område", language): [row["navn"] or row["omrade"] for row in rows],
            translate("Områdekode", language): [row["omrade"] for row in rows],
            translate("Kommunale boliger", language): [count(row) for row in rows],
            translate("Andel kommunale", language): [share(row) for row in rows],
            indicator_name: [shown(row["levekar"], 1, unit) for row in rows],
            translate("Klasse (andel / levekår)", language): [classes(row) for row in rows],
            translate("Dobbel belastning", language): [
                yes if row["dobbel_belastning"] else no for row in rows
            ],
        },
        schema_overrides={indicator_name: pl.String},
    )


def read_brukerplan(db_path: Path) -> pl.DataFrame:
    """BrukerPlan's rows in force: aar, boforhold, antall."""
    with connect(db_path) as con:
        return select_mart(con, "brukerplan", ["aar", "boforhold", "antall"])


def brukerplan_table(rows: pl.DataFrame, thresholds: Thresholds | None) -> pl.DataFrame:
    """People mapped per year and situation with shares (indicators.brukerplan), suppressed
    with `thresholds` for readers (None: as they are, with `prikket` false)."""
    table = brukerplan.by_situation(rows.lazy()).collect()
    if thresholds is None:
        return table.with_columns(pl.lit(False).alias("prikket"))
    return brukerplan.suppressed(table, thresholds)


def brukerplan_year_table(table: pl.DataFrame, language: Language) -> pl.DataFrame:
    """`brukerplan_table`'s rows as year × housing situation, «antall (andel %)» per cell,
    `:` where suppressed, newest year first (Om tallene and the report show it)."""

    def cell(row: dict) -> str:
        if row["prikket"]:
            return HIDDEN
        text = fmt.number(row["antall"], 0, language)
        if row["andel"] is not None and row["boforhold"] != brukerplan.TOTAL:
            text += f" ({fmt.percent(row['andel'], 1, language)})"
        return text

    years = sorted(table["aar"].unique().to_list(), reverse=True)
    cells = {(row["aar"], row["boforhold"]): cell(row) for row in table.to_dicts()}
    columns = {translate("År", language): [str(year) for year in years]}
    for situation in (*brukerplan.SITUATIONS, brukerplan.TOTAL):
        columns[translate(SITUATION_WORDS[situation], language)] = [
            cells.get((year, situation), fmt.MISSING) for year in years
        ]
    return pl.DataFrame(columns)


def living_conditions_section(
    chosen: Survey | None,
    stored: StoredGeo,
    concentration: pl.DataFrame | None,
    settings: GeoSettings,
    language: Language,
) -> ReportSection | None:
    """«Levekår og kommunale boliger» for readers: the survey's default indicator in its newest
    year, at delområde level (fewer hidden areas), Lee's L in words and the double-burden areas
    of the readers' view; None without a survey, areas or the month's concentration."""
    indicator = chosen.default_indicator() if chosen else None
    if indicator is None or concentration is None or stored.areas is None:
        return None
    year = chosen.years[0]
    compared = comparison(chosen, stored, concentration, indicator, year, settings, "delomrade")
    view, _ = viewer_table(compared, may_see_small_counts=False, settings=settings)
    found, _ = association(compared, settings)
    name = chosen.name(indicator, language)
    burdened = view.filter(pl.col("dobbel_belastning"))
    paragraphs = [
        translate(
            "Levekårsundersøkelsen ({year}, {indicator}) sammenlignet med andelen kommunale "
            "boliger per delområde.",
            language,
            year=year,
            indicator=name,
        ),
        found.words(language, translator(language)),
    ]
    if burdened.is_empty():
        paragraphs.append(
            translate("Ingen delområder har både høy andel og dårlige levekår.", language)
        )
    else:
        paragraphs.append(
            translate(
                "Delområder med både høy andel kommunale boliger og dårlige levekår: {areas}.",
                language,
                areas=", ".join(row["navn"] or row["omrade"] for row in burdened.to_dicts()),
            )
        )
    table = burden_table(view.head(8), name, chosen.unit(indicator), language)
    return ReportSection(
        translate("Levekår og kommunale boliger", language), tuple(paragraphs), table, "Levekår"
    )


def brukerplan_section(
    rows: pl.DataFrame, thresholds: Thresholds, language: Language
) -> ReportSection | None:
    """BrukerPlan for readers: the newest year's shares without a home and in temporary
    accommodation and the year before's where both are shown, and the figures by year as Om
    tallene shows readers them (suppressed with `thresholds`)."""
    if rows.is_empty():
        return None
    table = brukerplan_table(rows, thresholds)
    latest = table["aar"].max()
    paragraphs = []
    for situation, words in (
        ("uten_bolig", N_("uten bolig")),
        ("midlertidig", N_("i midlertidig botilbud")),
    ):
        shares = {
            row["aar"]: row["andel"]
            for row in table.filter(pl.col("boforhold") == situation).to_dicts()
        }
        now, before = shares.get(latest), shares.get(latest - 1)
        text = translate(
            "Andel {what} blant de kartlagte i BrukerPlan {year}: {share}.",
            language,
            what=translate(words, language),
            year=latest,
            share=HIDDEN if now is None else fmt.percent(now, 1, language),
        )
        if now is not None and before is not None:
            text += " " + translate(
                "Året før: {share}.", language, share=fmt.percent(before, 1, language)
            )
        paragraphs.append(text)
    return ReportSection(
        translate("BrukerPlan: boforhold", language),
        tuple(paragraphs),
        brukerplan_year_table(table, language),
        "BrukerPlan",
    )
