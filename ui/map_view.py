"""The Kart page's figures as people read them: flagged areas and buildings, the site check,
the segregation chart.

Pure: each function takes geo's frames (or its SiteCheck) and the language, and returns a
table whose columns are the headers shown, texts, or a `go.Figure`. Counts below the small-count
threshold, and the share and LQ built on them, show as `:` to viewers without the right.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import plotly.graph_objects as go
import polars as pl

from core import formatting as fmt
from core.escaping import markdown_text
from core.formatting import Language
from core.i18n import N_, translate
from core.settings import GeoSettings
from geo.buildings import AMBER, RED
from geo.site_check import AreaState, SiteCheck
from ui.charts import BLUE, VERMILLION, base_layout

SEGREGATION_HEIGHT = 360
# What the map can be coloured by, and its words.
MEASURES: dict[str, str] = {
    "andel": N_("Andel kommunale boliger"),
    "lokasjonskvotient": N_("Lokasjonskvotient"),
}
Level = Literal["success", "info", "warning", "error"]


def clicked_point(returned: dict | None) -> tuple[float, float] | None:
    """The (lat, lon) of the last click on the map, rounded to about a metre; None before one."""
    clicked = (returned or {}).get("last_clicked")
    if not clicked:
        return None
    return round(clicked["lat"], 5), round(clicked["lng"], 5)


def _hidden(count: int | None, may_see_small_counts: bool, settings: GeoSettings) -> bool:
    return not may_see_small_counts and count is not None and count < settings.small_count


def why_area_flagged(
    row: dict, language: Language, settings: GeoSettings, *, hidden: bool = False
) -> str:
    """Why an area is flagged, in words, one sentence per flag (no figures when `hidden`)."""
    reasons = []
    if row["flagg_terskel"]:
        if hidden:
            reasons.append(
                translate(
                    "Over terskel: andelen er minst {factor} × kommunens, og avviket er "
                    "statistisk sikkert.",
                    language,
                    factor=fmt.number(settings.factor, 1, language),
                )
            )
        else:
            reasons.append(
                translate(
                    "Over terskel: andelen {share} er minst {factor} × kommunens {municipal}, "
                    "med {count} kommunale boliger, og avviket er statistisk sikkert ({p} etter "
                    "korreksjon for mange områder).",
                    language,
                    share=fmt.percent(row["andel"], 1, language),
                    factor=fmt.number(settings.factor, 1, language),
                    municipal=fmt.percent(row["andel_kommunen"], 1, language),
                    count=fmt.number(row["kommunale_boliger"], 0, language),
                    p=fmt.p_value_text(row["p_terskel"], language),
                )
            )
    if row["flagg_klynge"]:
        reasons.append(
            translate(
                "Klynge: høy andel i et område der også nabolagene har høy andel "
                "(Local Moran's I, {p}).",
                language,
                p=fmt.p_value_text(row["p_klynge"], language),
            )
        )
    return " ".join(reasons)


def flagged_areas_table(
    concentration: pl.DataFrame,
    language: Language,
    settings: GeoSettings,
    *,
    may_see_small_counts: bool,
) -> pl.DataFrame:
    """The flagged areas, highest location quotient first, with their figures and why."""
    flagged = concentration.filter(pl.col("flagg_terskel") | pl.col("flagg_klynge")).sort(
        "lokasjonskvotient", "grunnkrets", descending=[True, False], nulls_last=True
    )
    rows = []
    for row in flagged.iter_rows(named=True):
        hidden = _hidden(row["kommunale_boliger"], may_see_small_counts, settings)
        rows.append(
            {
                "Område": row["navn"],
                "Grunnkrets": row["grunnkrets"],
                "Delområde": row["delomradenavn"] or row["delomrade"],
                "Kommunale boliger": fmt.number(
                    row["kommunale_boliger"], 0, language, suppressed=hidden
                ),
                "Boliger i alt": fmt.number(row["boliger_totalt"], 0, language),
                "Andel kommunale": fmt.percent(row["andel"], 1, language, suppressed=hidden),
                "Lokasjonskvotient": fmt.number(
                    row["lokasjonskvotient"], 2, language, suppressed=hidden
                ),
                "Hvorfor flagget": why_area_flagged(row, language, settings, hidden=hidden),
            }
        )
    return _table(rows, AREA_HEADERS, language)


AREA_HEADERS = (
    N_("Område"),
    N_("Grunnkrets"),
    N_("Delområde"),
    N_("Kommunale boliger"),
    N_("Boliger i alt"),
    N_("Andel kommunale"),
    N_("Lokasjonskvotient"),
    N_("Hvorfor flagget"),
)
BUILDING_HEADERS = (
    N_("Bygning"),
    N_("Grunnkrets"),
    N_("Kommunale boliger"),
    N_("Enheter i bygningen"),
    N_("Andel av enhetene"),
    N_("Hvorfor flagget"),
)


def _table(rows: list[dict], headers: tuple[str, ...], language: Language) -> pl.DataFrame:
    """Rows keyed by bokmål headers as a text table with the headers in `language`."""
    return pl.DataFrame(
        {translate(header, language): [row[header] for row in rows] for header in headers},
        schema=dict.fromkeys((translate(header, language) for header in headers), pl.String),
    )


def why_building_flagged(row: dict, language: Language, settings: GeoSettings) -> str:
    """Why a building is flagged, in words: many municipal dwellings, the borettslag rule."""
    reasons = []
    if row["flagg_bygning"]:
        reasons.append(
            translate(
                "{count} kommunale boliger i samme bygning (grensen er {limit}).",
                language,
                count=fmt.number(row["kommunale_boliger"], 0, language),
                limit=fmt.number(settings.building_min, 0, language),
            )
        )
    if row["borettslag"] in (AMBER, RED):
        red = row["borettslag"] == RED
        if red:
            rule = translate("grensen med vedtekter", language)
        else:
            rule = translate("lovens grense uten vedtekter", language)
        reasons.append(
            translate(
                "Kommunen eier {share} av enhetene, over {limit} ({rule}).",
                language,
                share=fmt.percent(row["andel_av_bygning"], 1, language),
                limit=fmt.percent(
                    settings.borettslag_red if red else settings.borettslag_amber, 0, language
                ),
                rule=rule,
            )
        )
    if row["datafeil"]:
        reasons.append(
            translate(
                "Flere kommunale boliger enn enheter i bygningen: sjekk bygning_enheter.", language
            )
        )
    return " ".join(reasons)


def flagged_buildings_table(
    buildings: pl.DataFrame, language: Language, settings: GeoSettings
) -> pl.DataFrame:
    """The flagged buildings (many municipal dwellings, borettslag share, data errors), most
    municipal dwellings first."""
    flagged = buildings.filter(
        pl.col("flagg_bygning") | pl.col("borettslag").is_not_null() | pl.col("datafeil")
    )
    rows = [
        {
            "Bygning": row["bygning_id"],
            "Grunnkrets": row["grunnkrets"],
            "Kommunale boliger": fmt.number(row["kommunale_boliger"], 0, language),
            "Enheter i bygningen": fmt.number(row["bygning_enheter"], 0, language),
            "Andel av enhetene": fmt.percent(row["andel_av_bygning"], 1, language),
            "Hvorfor flagget": why_building_flagged(row, language, settings),
        }
        for row in flagged.iter_rows(named=True)
    ]
    return _table(rows, BUILDING_HEADERS, language)


@dataclass(frozen=True)
class SiteSummary:
    """The site check as shown: where the point lies, the verdict, what lies near, the figures.

    The texts are markdown; the area's name and code in `place` are escaped.
    """

    place: str
    verdict: str
    level: Level
    nearby: str
    figures: pl.DataFrame | None  # before and after; None outside every area


def _flag_words(state: AreaState, language: Language) -> list[str]:
    flags = [
        (N_("over terskel"), state.flagg_terskel),
        (N_("klynge (Local Moran)"), state.flagg_klynge),
    ]
    return [translate(name, language) for name, raised in flags if raised]


def _state_column(
    state: AreaState, language: Language, settings: GeoSettings, may_see_small_counts: bool
) -> list[str]:
    hidden = _hidden(state.kommunale_boliger, may_see_small_counts, settings)
    return [
        fmt.number(state.kommunale_boliger, 0, language, suppressed=hidden),
        fmt.number(state.boliger_totalt, 0, language),
        fmt.percent(state.andel, 1, language, suppressed=hidden),
        fmt.number(state.lokasjonskvotient, 2, language, suppressed=hidden),
        ", ".join(_flag_words(state, language)) or translate("ingen", language),
    ]


def site_summary(
    check: SiteCheck,
    new_municipal: int,
    language: Language,
    settings: GeoSettings,
    *,
    may_see_small_counts: bool,
) -> SiteSummary:
    """What a planner reads about a proposed site: before and after, flags, the neighbourhood."""
    nearby = translate(
        "Kommunale boliger i dag innen 250 m: {near}; innen 500 m: {far}.",
        language,
        near=fmt.number(check.within_250_m, 0, language),
        far=fmt.number(check.within_500_m, 0, language),
    )
    if check.without_coordinates:
        nearby += " " + translate(
            "{count} kommunale boliger uten koordinater er ikke med i avstandene.",
            language,
            count=fmt.number(check.without_coordinates, 0, language),
        )
    if check.grunnkrets is None or check.before is None or check.after is None:
        return SiteSummary(
            place=translate("Punktet ligger utenfor områdene.", language),
            verdict=translate(
                "Utenfor områdene kan andel og flagg ikke regnes ut; bare avstandene vises.",
                language,
            ),
            level="info",
            nearby=nearby,
            figures=None,
        )
    place = translate(
        "Punktet ligger i {name} (grunnkrets {code}).",
        language,
        name=markdown_text(check.navn or check.grunnkrets),
        code=markdown_text(check.grunnkrets),
    )
    before_flags = _flag_words(check.before, language)
    after_flags = _flag_words(check.after, language)
    count = fmt.number(new_municipal, 0, language)
    if before_flags:
        level: Level = "error"
        verdict = translate(
            "Området er allerede flagget ({flags}); {count} nye kommunale boliger øker "
            "opphopningen.",
            language,
            flags=", ".join(before_flags),
            count=count,
        )
    elif after_flags:
        level = "warning"
        verdict = translate(
            "Med {count} nye kommunale boliger blir området flagget: {flags}.",
            language,
            count=count,
            flags=", ".join(after_flags),
        )
    else:
        level = "success"
        verdict = translate(
            "Med {count} nye kommunale boliger blir området ikke flagget.", language, count=count
        )
    measures = [
        N_("Kommunale boliger"),
        N_("Boliger i alt"),
        N_("Andel kommunale"),
        N_("Lokasjonskvotient"),
        N_("Flagg"),
    ]
    figures = pl.DataFrame(
        {
            translate("Tall", language): [translate(name, language) for name in measures],
            translate("Før", language): _state_column(
                check.before, language, settings, may_see_small_counts
            ),
            translate("Etter", language): _state_column(
                check.after, language, settings, may_see_small_counts
            ),
        }
    )
    return SiteSummary(place, verdict, level, nearby, figures)


def segregation_chart(segregation: pl.DataFrame, language: Language) -> go.Figure:
    """Dissimilarity and adjusted isolation per month, both from 0 (even) to 1 (separated)."""
    months = [fmt.month(value, language) for value in segregation["maaned"]]
    lines = (
        ("dissimilaritet", N_("Ulikhetsindeks (D)"), BLUE),
        ("isolasjon_justert", N_("Isolasjonsindeks (justert)"), VERMILLION),
    )
    traces = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": translate(title, language),
            "x": segregation["maaned"].to_list(),
            "y": segregation[column].to_list(),
            "line": {"color": colour, "width": 3},
            "customdata": [
                [month, fmt.number(value, 3, language)]
                for month, value in zip(months, segregation[column], strict=True)
            ],
            "hovertemplate": translate(title, language)
            + " %{customdata[0]}: <b>%{customdata[1]}</b><extra></extra>",
        }
        for column, title, colour in lines
    ]
    layout = base_layout(
        language,
        SEGREGATION_HEIGHT,
        yaxis={"range": [0, 1], "gridcolor": "#E5E5E5", "tickformat": ".1f"},
        xaxis={"showgrid": False},
        legend={"orientation": "h", "y": -0.15},
    )
    return go.Figure({"data": traces, "layout": layout})


BUILT_HEADERS = (
    N_("Område"),
    N_("Grunnkrets"),
    N_("Kommunale boliger"),
    N_("Nye kommunale boliger"),
    N_("Andel før"),
    N_("Andel etter"),
    N_("Lokasjonskvotient før"),
    N_("Lokasjonskvotient etter"),
    N_("Flagg før"),
    N_("Flagg etter"),
)


def _flags_text(terskel: bool | None, klynge: bool | None, language: Language) -> str:
    """The flags an area has, in words (`ingen` for none)."""
    flags = [(N_("over terskel"), terskel), (N_("klynge (Local Moran)"), klynge)]
    raised = [translate(name, language) for name, up in flags if up]
    return ", ".join(raised) or translate("ingen", language)


def everything_built_table(
    built: pl.DataFrame,
    language: Language,
    settings: GeoSettings,
    *,
    may_see_small_counts: bool,
) -> pl.DataFrame:
    """ "If everything planned is built" (geo.pipeline.everything_built), areas whose flag
    changes first: counts, share, location quotient and flags before and after."""
    rows = []
    for row in built.iter_rows(named=True):
        before = _hidden(row["kommunale_boliger_for"], may_see_small_counts, settings)
        after = _hidden(row["kommunale_boliger_etter"], may_see_small_counts, settings)
        rows.append(
            {
                "Område": row["navn"],
                "Grunnkrets": row["grunnkrets"],
                "Kommunale boliger": fmt.number(
                    row["kommunale_boliger_for"], 0, language, suppressed=before
                ),
                "Nye kommunale boliger": fmt.number(row["nye_kommunale_boliger"], 0, language),
                "Andel før": fmt.percent(row["andel_for"], 1, language, suppressed=before),
                "Andel etter": fmt.percent(row["andel_etter"], 1, language, suppressed=after),
                "Lokasjonskvotient før": fmt.number(
                    row["lokasjonskvotient_for"], 2, language, suppressed=before
                ),
                "Lokasjonskvotient etter": fmt.number(
                    row["lokasjonskvotient_etter"], 2, language, suppressed=after
                ),
                "Flagg før": _flags_text(
                    row["flagg_terskel_for"], row["flagg_klynge_for"], language
                ),
                "Flagg etter": _flags_text(
                    row["flagg_terskel_etter"], row["flagg_klynge_etter"], language
                ),
            }
        )
    return _table(rows, BUILT_HEADERS, language)
