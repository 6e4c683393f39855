"""Living conditions by area beside the concentration of municipal dwellings.

The survey (reference-data.md, `levekar`) comes at grunnkrets or delområde level, one value per
area, year and indicator; here it is a long frame `omrade, aar, indikator, verdi`. Whether a high
value is bad comes with each indicator (`hoy_er_darlig`); every class and map here is oriented
so that the highest class is always the poorest living conditions.

What this module gives, all pure (frames and plain values in, frames and values out):

- the concentration at the survey's level: at delområde level the counts of the grunnkretser
  are summed and share, location quotient and both flags worked out again for the delområder
  (indicators.md's definitions, with the delområde as the area);
- a grunnkrets survey as delområder: a population-weighted mean (weights: `innbyggere` from
  the area statistics);
- the bivariate classes (terciles of the municipal share × terciles of living conditions), their
  legend, and the "double burden" list;
- Lee's L, global and local, for whether the two cluster together across the municipality.

How they fit: `concentration_at` (the month's concentration at the survey's level) and
`indicator_values` (or `delomrade_values` for a grunnkrets survey read as delområder) give
`comparison_table`; `bivariate_view` makes each viewer's classed and ordered table from it, and
`bivariate_legend` its legend; `association_for` takes the whole comparison table and
`comparison_areas` for the statistic. geo/living_conditions_map.py draws the maps.

Why Lee's L and not the bivariate Moran's I as well: they answer nearly the same question, and
two tests for one question give a planner two answers to choose from. Lee's L is the sound one
of the two here. It is symmetric (Moran_BV relates x here to y next door, and swapping the two
gives another number), it reads like a correlation (−1 to 1), and its permutation test moves the
areas' pairs of values together, so it asks whether the pairs cluster in space beyond their
in-place correlation; Moran_BV permutes one variable alone, so in-place correlation by itself
makes it significant (Lee 2001; Anselin's GeoDa workbook warns of the same). Its local form is an
exact decomposition of the global L (the mean of the local values), which is what "which areas
drive it" needs.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

import esda
import geopandas as gpd
import numpy as np
import polars as pl
from scipy import sparse

from core.formatting import Language, number, p_value_text
from core.i18n import Say, in_bokmal
from core.reference_codes import SURVEY_INDEX
from core.settings import DEFAULT_GEO_SETTINGS, GeoSettings
from geo.areas import delomrader
from geo.concentration import assess_areas, contiguity

Level = Literal["grunnkrets", "delomrade"]
GRUNNKRETS: Level = "grunnkrets"
DELOMRADE: Level = "delomrade"
CODE_DIGITS: dict[Level, int] = {GRUNNKRETS: 8, DELOMRADE: 6}
COMPUTED_INDEX = "beregnet_levekarsindeks"  # ours, from the indicators, when it has none
# A delområde's value from a grunnkrets survey needs values for at least this share (%) of its
# inhabitants; below it, the mean would speak for too few of them.
MIN_COVERAGE = 50.0
# Lee's L needs some areas to say anything about a pattern across the municipality.
MIN_AREAS = 10
# The global Lee's L is one test: 999 permutations tell p to 0.001, ample at alpha 0.05, and
# esda works out a sparse product per permutation (seconds for 9,999). The local one is many
# tests under Benjamini–Hochberg, which needs finer p-values: it takes settings.permutations.
GLOBAL_PERMUTATIONS = 999
TERCILES = 3
INDICATOR_CLASSES = 5
# The comparison table: one row per area of the level (see `comparison_table`).
COMPARISON_COLUMNS = [
    "omrade",
    "navn",
    "kommunale_boliger",
    "boliger_totalt",
    "andel",
    "lokasjonskvotient",
    "flagget",
    "levekar",
]
# Bivariate colours by (municipal share class, living-conditions class): a 3 × 3 scheme from the
# biscale family ("DkViolet"): blue for the share, red for poor living conditions, dark purple
# for both. Every pair of the nine stays apart (CIE ΔE ≥ 12) under simulated protanopia,
# deuteranopia and tritanopia as well as normal vision; the tests check it.
BIVARIATE_COLOURS: dict[tuple[int, int], str] = {
    (1, 1): "#cabed0",
    (2, 1): "#89a1c8",
    (3, 1): "#4885c1",
    (1, 2): "#bc7c8f",
    (2, 2): "#806a8a",
    (3, 2): "#435786",
    (1, 3): "#ae3a4e",
    (2, 3): "#77324c",
    (3, 3): "#3f2949",
}
# One indicator, good to poor: ColorBrewer RdPu, the five darker of its six (its lightest is too
# close to the map's grey for "no value" under simulated protanopia).
INDICATOR_COLOURS = ("#fcc5c0", "#fa9fb5", "#f768a1", "#c51b8a", "#7a0177")
# The classes in words, 1 to 3.
SHARE_WORDS = (
    "lav andel kommunale boliger",
    "middels andel kommunale boliger",
    "høy andel kommunale boliger",
)
LIVING_WORDS = ("gode levekår", "middels levekår", "dårlige levekår")
# Local Lee's L: where an area's neighbourhood (the area and its neighbours) lies on each axis,
# (share above the mean, living conditions poorer than the mean).
QUADRANTS = {
    (True, True): "hoy_hoy",
    (False, False): "lav_lav",
    (True, False): "hoy_lav",
    (False, True): "lav_hoy",
}

# esda's Lee's L draws its permutations from NumPy's global generator. The lock keeps two
# sessions of the app from seeding and drawing from it at once (nothing else in Boligmonitor
# draws from it), so the same seed gives the same answer.
_GLOBAL_GENERATOR = threading.Lock()


def survey_level(survey: pl.DataFrame) -> Level:
    """The level of a survey's `omrade` codes: 8 digits grunnkrets, 6 digits delområde.

    Mixed or other codes are a ValueError (the upload's validation refuses them first).
    """
    lengths = set(survey["omrade"].str.len_chars().unique().to_list())
    for level, digits in CODE_DIGITS.items():
        if lengths == {digits}:
            return level
    raise ValueError("Levekårsfilen må ha enten bare grunnkretser eller bare delområder.")


def comparison_areas(areas: gpd.GeoDataFrame, level: Level) -> gpd.GeoDataFrame:
    """The areas of `level` as `omrade, navn, geometry` (a delområde: its grunnkretser's union)."""
    if level == GRUNNKRETS:
        shapes = areas[["grunnkrets", "navn", "geometry"]]
        return shapes.rename(columns={"grunnkrets": "omrade"}).reset_index(drop=True)
    shapes = delomrader(areas)[["delomrade", "delomradenavn", "geometry"]]
    return shapes.rename(columns={"delomrade": "omrade", "delomradenavn": "navn"})


def delomrade_concentration(
    areas: gpd.GeoDataFrame,
    concentration: pl.DataFrame,
    settings: GeoSettings = DEFAULT_GEO_SETTINGS,
) -> pl.DataFrame:
    """The month's concentration per delområde, from its grunnkretser's.

    `concentration` is `concentration_for_month`'s table. Municipal dwellings and boliger_totalt
    are summed; a delområde with a grunnkrets whose boliger_totalt is unknown has none (a sum over
    part of it would overstate its share). Share, location quotient and both flags are worked
    out again with the delområde as the area (`assess_areas`, the delområder's polygons).
    Besides ASSESSMENT_COLUMNS: delomrade, delomradenavn, kommunale_boliger, boliger_totalt,
    grunnkretser (how many), grunnkretser_flagget (with either flag of their own), and datafeil
    also true when a grunnkrets of it has a data error.
    """
    members = concentration.group_by("delomrade").agg(
        pl.col("kommunale_boliger").sum(),
        pl.when(pl.col("boliger_totalt").null_count() == 0)
        .then(pl.col("boliger_totalt").sum())
        .alias("boliger_totalt"),
        pl.len().alias("grunnkretser"),
        (pl.col("flagg_terskel") | pl.col("flagg_klynge")).sum().alias("grunnkretser_flagget"),
        pl.col("datafeil").any().alias("datafeil_grunnkrets"),
    )
    shapes = delomrader(areas)
    shapes = shapes[shapes["delomrade"].isin(members["delomrade"].to_list())]
    codes = pl.Series("delomrade", shapes["delomrade"].tolist(), dtype=pl.String)
    counts = (
        codes.to_frame()
        .join(members, on="delomrade", how="left")
        .select("delomrade", "kommunale_boliger", "boliger_totalt")
    )
    names = pl.DataFrame(
        {"delomrade": shapes["delomrade"].tolist(), "delomradenavn": shapes["delomradenavn"]},
        schema={"delomrade": pl.String, "delomradenavn": pl.String},
    )
    return (
        assess_areas(shapes, counts, settings, key="delomrade")
        .join(names, on="delomrade", how="left", maintain_order="left")
        .join(
            members.select(
                "delomrade", "grunnkretser", "grunnkretser_flagget", "datafeil_grunnkrets"
            ),
            on="delomrade",
            how="left",
            maintain_order="left",
        )
        .with_columns(pl.col("datafeil") | pl.col("datafeil_grunnkrets"))
        .drop("datafeil_grunnkrets")
    )


def concentration_at(
    level: Level,
    areas: gpd.GeoDataFrame,
    concentration: pl.DataFrame,
    settings: GeoSettings = DEFAULT_GEO_SETTINGS,
) -> pl.DataFrame:
    """The concentration keyed by `omrade` at `level`: omrade, navn, kommunale_boliger,
    boliger_totalt, andel, lokasjonskvotient, flagget (either flag)."""
    if level == GRUNNKRETS:
        table = concentration.rename({"grunnkrets": "omrade"})
    else:
        table = delomrade_concentration(areas, concentration, settings).rename(
            {"delomrade": "omrade", "delomradenavn": "navn"}
        )
    return table.select(
        "omrade",
        "navn",
        "kommunale_boliger",
        "boliger_totalt",
        "andel",
        "lokasjonskvotient",
        (pl.col("flagg_terskel") | pl.col("flagg_klynge")).alias("flagget"),
    )


def population_in(area_stats: pl.DataFrame, year: int) -> pl.DataFrame:
    """`grunnkrets, innbyggere` for `year`: each area's figure for the latest year ≤ `year`, or
    its earliest year when the statistics start later (a survey older than the statistics)."""
    known = area_stats.filter(pl.col("innbyggere").is_not_null())
    later = pl.col("aar") > year
    return (
        known.sort("grunnkrets", later, (pl.col("aar") - year).abs())
        .group_by("grunnkrets", maintain_order=True)
        .first()
        .select("grunnkrets", pl.col("innbyggere").cast(pl.Int64))
    )


def delomrade_values(
    values: pl.DataFrame,
    areas: pl.DataFrame,
    population: pl.DataFrame,
    min_coverage: float = MIN_COVERAGE,
) -> pl.DataFrame:
    """A grunnkrets survey's values (`omrade, levekar`) as delområder: `omrade, levekar, dekning`.

    The value of a delområde is the mean of its grunnkretser's values weighted by their
    inhabitants (`population`: grunnkrets, innbyggere). That is exact for a rate over all
    inhabitants and an approximation for a rate over a part of them (adults, 16–66 year-olds) or
    for an index, whose parts have other denominators: say so where it is shown. dekning is the
    share (%) of the delområde's inhabitants in grunnkretser with a value; below `min_coverage`
    the delområde has no value. `areas` maps grunnkrets to delomrade.
    """
    members = (
        areas.select("grunnkrets", "delomrade")
        .join(population, on="grunnkrets", how="left")
        .join(values.rename({"omrade": "grunnkrets"}), on="grunnkrets", how="left")
    )
    people = pl.col("innbyggere").fill_null(0)
    counted = pl.col("levekar").is_not_null() & (people > 0)
    weighted = (
        members.group_by("delomrade")
        .agg(
            (pl.col("levekar") * people).filter(counted).sum().alias("_sum"),
            people.filter(counted).sum().alias("_med_verdi"),
            people.sum().alias("_alle"),
        )
        .with_columns(
            pl.when(pl.col("_alle") > 0)
            .then(100 * pl.col("_med_verdi") / pl.col("_alle"))
            .alias("dekning")
        )
    )
    return weighted.select(
        pl.col("delomrade").alias("omrade"),
        pl.when((pl.col("_med_verdi") > 0) & (pl.col("dekning") >= min_coverage))
        .then(pl.col("_sum") / pl.col("_med_verdi"))
        .alias("levekar"),
        "dekning",
    ).sort("omrade")


def with_computed_index(survey: pl.DataFrame, high_is_bad: Mapping[str, bool]) -> pl.DataFrame:
    """`survey` with COMPUTED_INDEX rows added: for a survey without its own combined index.

    Per year, each indicator with a known direction (the survey's own index left out) becomes a
    z-score across the year's areas (population standard deviation), turned so that high is bad;
    the index is their unweighted mean, for areas that have every one of them (so that areas are
    compared on the same indicators). High is bad. Fewer than two such indicators: no rows added.
    """
    used = [name for name in high_is_bad if name not in (SURVEY_INDEX, COMPUTED_INDEX)]
    by_indicator = ("aar", "indikator")
    spread = pl.col("verdi").std(ddof=0).over(by_indicator)
    # An indicator with one value everywhere that year tells the areas nothing apart.
    parts = survey.filter(pl.col("indikator").is_in(used), pl.col("verdi").is_not_null()).filter(
        spread > 0
    )
    if parts["indikator"].n_unique() < 2:
        return survey
    sign = pl.col("indikator").replace_strict(
        {name: 1.0 if bad else -1.0 for name, bad in high_is_bad.items()}, return_dtype=pl.Float64
    )
    centred = pl.col("verdi") - pl.col("verdi").mean().over(by_indicator)
    scored = parts.with_columns((sign * centred / spread).alias("z"))
    wanted = scored.group_by("aar").agg(pl.col("indikator").n_unique().alias("_alle"))
    index = (
        scored.group_by("omrade", "aar")
        .agg(pl.col("z").mean().alias("verdi"), pl.len().alias("_har"))
        .join(wanted, on="aar")
        .filter(pl.col("_har") == pl.col("_alle"))
        .select("omrade", "aar", pl.lit(COMPUTED_INDEX).alias("indikator"), "verdi")
    )
    return pl.concat([survey, index.cast(survey.schema)]).sort("aar", "indikator", "omrade")


def indicator_values(survey: pl.DataFrame, indicator: str, year: int) -> pl.DataFrame:
    """`omrade, levekar`: one indicator's values in one year of the survey."""
    return survey.filter(pl.col("indikator") == indicator, pl.col("aar") == year).select(
        "omrade", pl.col("verdi").cast(pl.Float64).alias("levekar")
    )


def comparison_table(concentration: pl.DataFrame, values: pl.DataFrame) -> pl.DataFrame:
    """COMPARISON_COLUMNS, one row per area of `concentration` (from `concentration_at`), with the
    living-conditions value of `values` (`omrade, levekar`; null where the survey has none)."""
    return concentration.join(values, on="omrade", how="left", maintain_order="left").select(
        COMPARISON_COLUMNS
    )


def class_breaks(values: Sequence[float], classes: int) -> tuple[float, ...] | None:
    """Breaks between `classes` classes of about equal size, lowest first.

    With the n values sorted, break j lies midway between the values at ranks ceil(j·n/classes)
    and the next (ranks from 1). A value above a break is in the class above it, so equal values
    always share a class (the lower one) and a break is never one area's own value unless several
    areas share it. None with fewer values than classes.
    """
    ordered = np.sort(np.asarray(values, dtype=float))
    count = len(ordered)
    if count < classes:
        return None
    ranks = [-(-step * count // classes) for step in range(1, classes)]  # ceil, in integers
    return tuple(float((ordered[rank - 1] + ordered[rank]) / 2) for rank in ranks)


def class_of(column: pl.Expr, breaks: Sequence[float]) -> pl.Expr:
    """The class (1 = lowest) of each value of `column` for `breaks` (see `class_breaks`); none
    for a missing value."""
    above = pl.sum_horizontal(*[(column > limit).cast(pl.Int8) for limit in breaks])
    return pl.when(column.is_not_null()).then(above + 1).cast(pl.Int8)


def oriented(column: pl.Expr, high_is_bad: bool) -> pl.Expr:
    """The value turned so that high is always bad."""
    return column if high_is_bad else -column


@dataclass(frozen=True)
class BivariateBreaks:
    """The tercile breaks of both axes, in their own units (lowest first), and how many areas."""

    share: tuple[float, float]  # %
    living: tuple[float, float]  # the indicator's unit, as the survey gives it
    high_is_bad: bool
    areas: int


def bivariate_classes(
    comparison: pl.DataFrame, high_is_bad: bool
) -> tuple[pl.DataFrame, BivariateBreaks | None]:
    """`comparison` with klasse_andel and klasse_levekar (1–3, 3 the highest share and the poorest
    living conditions), and the breaks.

    The terciles are worked out over the areas that have both a share and a value; the others
    (and every area, when fewer than three have both) get no class.
    """
    both = pl.col("andel").is_not_null() & pl.col("levekar").is_not_null()
    complete = comparison.filter(both)
    living = oriented(pl.col("levekar"), high_is_bad)
    share_breaks = class_breaks(complete["andel"].to_numpy(), TERCILES)
    living_breaks = class_breaks(complete.select(living).to_series().to_numpy(), TERCILES)
    if share_breaks is None or living_breaks is None:
        empty = pl.lit(None, dtype=pl.Int8)
        unclassed = comparison.with_columns(
            empty.alias("klasse_andel"), empty.alias("klasse_levekar")
        )
        return unclassed, None
    classified = comparison.with_columns(
        pl.when(both).then(class_of(pl.col("andel"), share_breaks)).alias("klasse_andel"),
        pl.when(both).then(class_of(living, living_breaks)).alias("klasse_levekar"),
    )
    low, high = living_breaks
    breaks = BivariateBreaks(
        share=(share_breaks[0], share_breaks[1]),
        living=(low, high) if high_is_bad else (-high, -low),
        high_is_bad=high_is_bad,
        areas=complete.height,
    )
    return classified, breaks


def class_labels(
    breaks: Sequence[float],
    high_is_bad: bool,
    unit: str = "",
    decimals: int = 1,
    language: Language = "nb",
    say: Say = in_bokmal,
) -> list[str]:
    """What each class holds, from the best class to the poorest: 'til og med 2,1 %', '2,1–5,3 %',
    'over 5,3 %' (high is bad), or '70,0 og over', …, 'under 55,0' (high is good).

    `breaks` are in the value's own unit, lowest first (as `BivariateBreaks` holds them).
    """
    shown = [number(limit, decimals, language) for limit in breaks]
    between = [f"{low}–{high}{unit}" for low, high in pairwise(shown)]
    if high_is_bad:
        return [
            say("til og med {limit}", limit=shown[0] + unit),
            *between,
            say("over {limit}", limit=shown[-1] + unit),
        ]
    return [
        say("{limit} og over", limit=shown[-1] + unit),
        *reversed(between),
        say("under {limit}", limit=shown[0] + unit),
    ]


@dataclass(frozen=True)
class LegendCell:
    """One of the nine classes: where it sits, its colour and what it means in words."""

    share_class: int
    living_class: int
    colour: str
    label: str


@dataclass(frozen=True)
class BivariateLegend:
    """The 3 × 3 legend as a council member reads it: axes, what each class holds, and a note."""

    title: str
    share_title: str
    living_title: str
    share_labels: tuple[str, ...]  # class 1 to 3
    living_labels: tuple[str, ...]  # class 1 (good) to 3 (poor)
    cells: tuple[LegendCell, ...]
    note: str


def bivariate_legend(
    breaks: BivariateBreaks,
    indicator_name: str,
    unit: str = "",
    decimals: int = 1,
    language: Language = "nb",
    say: Say = in_bokmal,
) -> BivariateLegend:
    """The legend of the bivariate map, in the reader's language (`say`).

    `indicator_name` is the survey's own name for the indicator (outside text: escape it where
    it reaches HTML).
    """
    cells = []
    for (share_class, living_class), colour in BIVARIATE_COLOURS.items():
        text = say(
            "{share} og {living}",
            share=say(SHARE_WORDS[share_class - 1]),
            living=say(LIVING_WORDS[living_class - 1]),
        )
        cells.append(LegendCell(share_class, living_class, colour, text[:1].upper() + text[1:]))
    return BivariateLegend(
        title=say("Kommunale boliger og levekår"),
        share_title=say("Andel kommunale boliger"),
        living_title=indicator_name,
        share_labels=tuple(class_labels(breaks.share, True, " %", 1, language, say)),
        living_labels=tuple(
            class_labels(breaks.living, breaks.high_is_bad, unit, decimals, language, say)
        ),
        cells=tuple(cells),
        note=say(
            "Mørkest: høy andel kommunale boliger og dårlige levekår. Hver akse deler de {count} "
            "områdene som har begge tall, i tre omtrent like store grupper.",
            count=breaks.areas,
        ),
    )


def indicator_classes(
    values: pl.DataFrame, high_is_bad: bool, classes: int = INDICATOR_CLASSES
) -> tuple[pl.DataFrame, tuple[float, ...] | None]:
    """`values` (`omrade, levekar`) with `klasse` (1 best … `classes` poorest), and the breaks in
    the indicator's own unit (lowest first); no classes when fewer areas have a value."""
    living = oriented(pl.col("levekar"), high_is_bad)
    known = values.filter(pl.col("levekar").is_not_null()).select(living).to_series()
    breaks = class_breaks(known.to_numpy(), classes)
    if breaks is None:
        return values.with_columns(pl.lit(None, dtype=pl.Int8).alias("klasse")), None
    classified = values.with_columns(class_of(living, breaks).alias("klasse"))
    return classified, breaks if high_is_bad else tuple(-limit for limit in reversed(breaks))


def for_viewer(
    comparison: pl.DataFrame, *, may_see_small_counts: bool, small_count: int
) -> pl.DataFrame:
    """`comparison` as a viewer may see it: where fewer than `small_count` municipal dwellings
    lie and the viewer may not see small counts, the count, the share and the location quotient
    are removed and `skjult` is true (as the concentration map does)."""
    hidden = (
        pl.lit(not may_see_small_counts) & (pl.col("kommunale_boliger") < small_count)
    ).fill_null(False)
    return comparison.with_columns(
        *(
            pl.when(hidden).then(None).otherwise(pl.col(name)).alias(name)
            for name in ("kommunale_boliger", "andel", "lokasjonskvotient")
        ),
        hidden.alias("skjult"),
    )


def double_burden(classified: pl.DataFrame, high_is_bad: bool) -> pl.DataFrame:
    """`classified` (from `bivariate_classes`) with `dobbel_belastning` and `rekkefolge` (1, 2,
    …), double burden first.

    Double burden: a high municipal share (the top tercile, or flagged for concentration) and
    poor living conditions (the top tercile). Then, for every area, the order is:
    1. double burden before the rest;
    2. the two classes added together, highest first (the bivariate map's diagonal);
    3. the living-conditions class, poorest first (the burden new dwellings would add to);
    4. the living-conditions value, poorest first;
    5. the municipal share, highest first;
    6. the area's code.
    Missing values come last at each step, so areas without both classes follow the others.
    """
    high_share = (pl.col("klasse_andel") == TERCILES).fill_null(False) | pl.col("flagget")
    poor = (pl.col("klasse_levekar") == TERCILES).fill_null(False)
    return (
        classified.with_columns((high_share & poor).alias("dobbel_belastning"))
        .sort(
            pl.col("dobbel_belastning"),
            pl.col("klasse_andel") + pl.col("klasse_levekar"),
            pl.col("klasse_levekar"),
            oriented(pl.col("levekar"), high_is_bad),
            pl.col("andel"),
            pl.col("omrade"),
            descending=[True, True, True, True, True, False],
            nulls_last=True,
        )
        .with_row_index("rekkefolge", offset=1)
        .select(pl.exclude("rekkefolge"), pl.col("rekkefolge").cast(pl.Int32))
    )


def bivariate_view(
    comparison: pl.DataFrame,
    high_is_bad: bool,
    *,
    may_see_small_counts: bool,
    small_count: int,
) -> tuple[pl.DataFrame, BivariateBreaks | None]:
    """What one viewer sees of `comparison_table`'s table: `for_viewer`'s table classed by
    `bivariate_classes` and ordered by `double_burden`, and the breaks for the legend.

    The classes are worked out on what the viewer may see, so that no break (a midpoint of
    two areas' shares) comes from an area whose figures are hidden from them; for a viewer
    without the right, "low", "middle" and "high" are thirds of the areas they can see.
    """
    shown = for_viewer(
        comparison, may_see_small_counts=may_see_small_counts, small_count=small_count
    )
    classified, breaks = bivariate_classes(shown, high_is_bad)
    return double_burden(classified, high_is_bad), breaks


@dataclass(frozen=True)
class SiteLivingConditions:
    """The living conditions of the area a proposed site lies in, for the site check."""

    level: Level
    omrade: str
    navn: str | None
    levekar: float | None
    klasse_levekar: int | None  # 3 is poor
    dobbel_belastning: bool

    def words(
        self,
        indicator_name: str,
        unit: str = "",
        decimals: int = 1,
        language: Language = "nb",
        say: Say = in_bokmal,
    ) -> str:
        """One sentence: the value, its tercile, and whether the area bears a double burden.

        `indicator_name` and the area's name are outside text: escape them where they are shown.
        """
        where = self.navn or self.omrade
        if self.levekar is None:
            return say("Levekårsundersøkelsen har ikke tall for {area}.", area=where)
        value = number(self.levekar, decimals, language) + unit
        text = say(
            "{indicator} i {area}: {value}", indicator=indicator_name, area=where, value=value
        )
        if self.klasse_levekar is not None:
            text += " (" + say(LIVING_WORDS[self.klasse_levekar - 1]) + ")"
        text += "."
        if self.dobbel_belastning:
            text += " " + say(
                "Området har allerede både høy andel kommunale boliger og dårlige levekår."
            )
        return text


def site_living_conditions(
    burden: pl.DataFrame, level: Level, grunnkrets: str, delomrade: str | None
) -> SiteLivingConditions | None:
    """The row of `burden` (`bivariate_view`'s table at `level`) for a site in `grunnkrets` (of
    `delomrade`); None when the survey's level has no row for it."""
    code = grunnkrets if level == GRUNNKRETS else delomrade
    rows = burden.filter(pl.col("omrade") == code)
    if code is None or rows.is_empty():
        return None
    row = rows.row(0, named=True)
    return SiteLivingConditions(
        level=level,
        omrade=row["omrade"],
        navn=row["navn"],
        levekar=row["levekar"],
        klasse_levekar=row["klasse_levekar"],
        dobbel_belastning=bool(row["dobbel_belastning"]),
    )


def smoothing_weights(geometry: gpd.GeoSeries) -> sparse.csr_matrix:
    """Lee's neighbourhoods: queen contiguity (nearest neighbour for an area with none, as the
    cluster flag has it), each area its own neighbour too, rows standardised to sum to 1.

    Lee (2001) smooths each variable over the area and its neighbours, so the area's own value
    counts in its neighbourhood; without it, L would leave out the in-place relation.
    """
    graph = contiguity(geometry)
    count = len(geometry)
    neighbours = sparse.csr_matrix(graph.sparse, shape=(count, count), dtype=float)
    with_self = neighbours + sparse.identity(count, format="csr")
    row_sums = np.asarray(with_self.sum(axis=1)).ravel()
    return sparse.csr_matrix(sparse.diags(1.0 / row_sums) @ with_self)


@contextmanager
def _seeded(seed: int) -> Iterator[None]:
    """NumPy's global generator seeded for the block, and as it was afterwards."""
    with _GLOBAL_GENERATOR:
        before = np.random.get_state()
        np.random.seed(seed)
        try:
            yield
        finally:
            np.random.set_state(before)


@dataclass(frozen=True)
class Association:
    """Lee's L between the municipal share and living conditions (high is bad) across areas."""

    areas: int
    statistic: float | None  # Lee's L, −1 to 1; None with too few areas or no variation
    p_value: float | None  # esda's pseudo p: one-sided, in the direction observed
    expected: float | None  # the mean of L over the permutations
    correlation: float | None  # Pearson's r of the two in the same areas (descriptive)
    permutations: int
    alpha: float

    @property
    def together(self) -> bool:
        """They cluster together: L above what random placement gives, and p within alpha.

        The question is one-sided (do high shares lie where living conditions are poor?), so
        only that direction counts; a significantly low L is "no sign of it", not a claim.
        """
        if self.statistic is None or self.p_value is None or self.expected is None:
            return False
        return self.statistic > self.expected and self.p_value <= self.alpha

    def words(self, language: Language = "nb", say: Say = in_bokmal) -> str:
        """The answer for a planner, in one or two sentences."""
        if self.areas < MIN_AREAS:
            return say(
                "Det er for få områder med begge tall ({count}) til å si om høy andel kommunale "
                "boliger og dårlige levekår klynger seg sammen; det trengs minst {minimum}.",
                count=self.areas,
                minimum=MIN_AREAS,
            )
        if self.statistic is None or self.p_value is None:
            return say(
                "Andelen kommunale boliger eller levekårene er like i alle områdene, så det er "
                "ikke noe mønster å måle."
            )
        figures = say(
            "Lee's L = {statistic}, {p}",
            statistic=number(self.statistic, 2, language),
            p=p_value_text(self.p_value, language),
        )
        if self.together:
            text = say(
                "Områder med høy andel kommunale boliger og områder med dårlige levekår ligger "
                "samlet i de samme delene av kommunen ({figures}). Et så tydelig mønster er lite "
                "trolig å få ved en tilfeldighet.",
                figures=figures,
            )
        else:
            text = say(
                "Det er ingen klare tegn til at høy andel kommunale boliger og dårlige levekår "
                "klynger seg sammen i de samme delene av kommunen ({figures}).",
                figures=figures,
            )
        if self.correlation is None:
            return text
        return (
            text
            + " "
            + say(
                "Område for område er korrelasjonen mellom de to {r}.",
                r=number(self.correlation, 2, language),
            )
        )


def bivariate_association(
    geometry: gpd.GeoSeries,
    share: np.ndarray,
    living: np.ndarray,
    settings: GeoSettings = DEFAULT_GEO_SETTINGS,
    permutations: int = GLOBAL_PERMUTATIONS,
) -> Association:
    """Lee's L (esda's `Spatial_Pearson`) of `share` and `living` (high is bad) over the areas
    `geometry`, with `permutations` permutations from `settings.seed`; alpha from `settings`."""
    count = len(share)
    nothing = Association(count, None, None, None, None, permutations, settings.alpha)
    if count < MIN_AREAS or np.ptp(share) == 0 or np.ptp(living) == 0:
        return nothing
    weights = smoothing_weights(geometry)
    with _seeded(settings.seed):
        fitted = esda.Spatial_Pearson(connectivity=weights, permutations=permutations).fit(
            _column(share), _column(living)
        )
    return Association(
        areas=count,
        statistic=float(fitted.association_[0, 1]),
        p_value=float(fitted.significance_[0, 1]),
        expected=float(fitted.reference_distribution_[:, 0, 1].mean()),
        correlation=float(np.corrcoef(share, living)[0, 1]),
        permutations=permutations,
        alpha=settings.alpha,
    )


def local_association(
    geometry: gpd.GeoSeries,
    share: np.ndarray,
    living: np.ndarray,
    settings: GeoSettings = DEFAULT_GEO_SETTINGS,
) -> pl.DataFrame:
    """Local Lee's L (esda's `Spatial_Pearson_Local`): which areas drive the global L.

    One row per area, in order: lokal_l (their mean is the global L), p_lokal (esda's pseudo
    p), kvadrant (where the area's neighbourhood lies: `hoy_hoy` high share and poor living
    conditions, `lav_lav`, `hoy_lav`, `lav_hoy`; share first) and driver: `hoy_hoy` with p
    within the Benjamini–Hochberg cut-off at settings.alpha, as the cluster flag has it. Nothing
    with too few areas or no variation.
    """
    count = len(share)
    if count < MIN_AREAS or np.ptp(share) == 0 or np.ptp(living) == 0:
        return pl.DataFrame(
            schema={
                "lokal_l": pl.Float64,
                "p_lokal": pl.Float64,
                "kvadrant": pl.String,
                "driver": pl.Boolean,
            }
        )
    weights = smoothing_weights(geometry)
    with _seeded(settings.seed):
        fitted = esda.Spatial_Pearson_Local(
            connectivity=weights, permutations=settings.permutations
        ).fit(_column(share), _column(living))
    smoothed_share = weights @ _standardised(share)
    smoothed_living = weights @ _standardised(living)
    quadrant = [
        QUADRANTS[(bool(x > 0), bool(y > 0))]
        for x, y in zip(smoothed_share, smoothed_living, strict=True)
    ]
    p_values = np.asarray(fitted.significance_, dtype=float)
    cut_off = esda.fdr(p_values, settings.alpha)
    return pl.DataFrame(
        {
            "lokal_l": np.asarray(fitted.associations_, dtype=float),
            "p_lokal": p_values,
            "kvadrant": quadrant,
        }
    ).with_columns(
        ((pl.col("kvadrant") == "hoy_hoy") & (pl.col("p_lokal") <= cut_off)).alias("driver")
    )


def association_for(
    comparison: pl.DataFrame,
    shapes: gpd.GeoDataFrame,
    high_is_bad: bool,
    settings: GeoSettings = DEFAULT_GEO_SETTINGS,
) -> tuple[Association, pl.DataFrame]:
    """The global and local Lee's L for the areas of `comparison` that have both values.

    `comparison` is `comparison_table`'s, as a whole: an aggregate over every area shows no
    area's count, so every viewer gets the same answer. `shapes` are `comparison_areas` of the
    same level. The local table is keyed by `omrade`.
    """
    complete = comparison.filter(pl.col("andel").is_not_null() & pl.col("levekar").is_not_null())
    polygons = shapes.set_index("omrade").geometry
    geometry = gpd.GeoSeries(polygons.loc[complete["omrade"].to_list()].to_numpy(), crs=shapes.crs)
    share = complete["andel"].to_numpy().astype(float)
    living = complete.select(oriented(pl.col("levekar"), high_is_bad)).to_series().to_numpy()
    local = local_association(geometry, share, living, settings)
    codes = complete["omrade"] if local.height else complete["omrade"].clear()
    return (
        bivariate_association(geometry, share, living, settings),
        local.with_columns(codes.alias("omrade")).select("omrade", *local.columns),
    )


def _column(values: np.ndarray) -> np.ndarray:
    return np.asarray(values, dtype=float).reshape(-1, 1)


def _standardised(values: np.ndarray) -> np.ndarray:
    """z-scores with the population standard deviation, as esda's Lee's L standardises."""
    values = np.asarray(values, dtype=float)
    return (values - values.mean()) / values.std()
