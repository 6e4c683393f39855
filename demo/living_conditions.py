"""The demo municipality's living-conditions survey and BrukerPlan figures (reference-data.md).

Pure: the survey is made from the demo areas' municipal shares, so that living conditions are
poorer where municipal dwellings are many, as in real towns, but not only there: each area has
a part of its own (correlation about `SHARE_CORRELATION` with the share, before noise). The
figures are invented; nothing here describes Sandnes's real neighbourhoods or people.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from core.problems import SourceFile
from core.reference_codes import SURVEY_INDEX
from demo.files import norwegian_csv
from indicators.brukerplan import SITUATIONS

SURVEY_YEARS = (2017, 2021, 2025)
BRUKERPLAN_YEARS = range(2014, 2026)  # BrukerPlan maps in the autumn; 2026's is not out yet
SHARE_CORRELATION = 0.6
YEAR_NOISE = 0.2  # how much an area's living conditions move between surveys (in sd)
INDICATOR_LOADING = 0.85  # how much of an indicator is the area's living conditions


@dataclass(frozen=True)
class DemoIndicator:
    """One column of the survey: its name, direction, and typical level and spread."""

    column: str
    name: str
    high_is_bad: bool
    mean: float
    spread: float
    lowest: float
    highest: float


INDICATORS = (
    DemoIndicator(
        "lavinntekt_andel", "Husholdninger med vedvarende lavinntekt", True, 9, 3.5, 1, 35
    ),
    DemoIndicator("uforetrygd_andel", "Uføretrygdede 18–66 år", True, 10, 3, 1, 30),
    DemoIndicator("arbeidsledighet_andel", "Registrert arbeidsledige", True, 2.8, 1, 0.3, 9),
    DemoIndicator("grunnskole_andel", "Grunnskole som høyeste utdanning", True, 24, 6, 8, 50),
    DemoIndicator("hoyere_utdanning_andel", "Høyere utdanning", False, 38, 9, 10, 75),
)
INDEX_NAME = "Levekårsindeks (1 best, 10 dårligst)"

# BrukerPlan: people mapped (first year, yearly growth) and each situation's share in the first
# and the last year (straight line between). Fewer without a home and in temporary housing over
# the years, more in municipal dwellings: what the housing plan worked for.
MAPPED_FIRST_YEAR = 560
MAPPED_GROWTH = 0.015
SITUATION_SHARES = {
    "egen_bolig": (0.532, 0.556),
    "kommunal_bolig": (0.21, 0.27),
    "midlertidig": (0.06, 0.024),
    "institusjon": (0.065, 0.06),
    "uten_bolig": (0.046, 0.007),
    "annet": (0.087, 0.083),
}


def survey(shares: pl.DataFrame, seed: int, years: tuple[int, ...] = SURVEY_YEARS) -> pl.DataFrame:
    """The survey as the file has it: `omrade, aar`, one column per INDICATORS and the survey's
    own index (`levekarsindeks`, 1 best to 10 poorest), one row per area and year.

    `shares` is `omrade, andel` (%, null when unknown) at the level the survey is to have: the
    demo's delområder or grunnkretser.
    """
    rng = np.random.default_rng(seed)
    codes = shares["omrade"].to_list()
    share_score = _standardised(np.log1p(shares["andel"].fill_null(0.0).to_numpy()))
    own = rng.normal(0, 1, len(codes))
    conditions = SHARE_CORRELATION * share_score + np.sqrt(1 - SHARE_CORRELATION**2) * own
    frames = []
    for year in years:
        now = conditions + rng.normal(0, YEAR_NOISE, len(codes))
        columns = {indicator.column: _indicator(indicator, now, rng) for indicator in INDICATORS}
        frames.append(
            pl.DataFrame({"omrade": codes, "aar": year, **columns, SURVEY_INDEX: _index(columns)})
        )
    return pl.concat(frames).with_columns(pl.col("aar").cast(pl.Int32))


def indicator_descriptions() -> pl.DataFrame:
    """The companion sheet `levekar_indikatorer`: `kolonne, navn, hoy_er_darlig`."""
    rows = [(indicator.column, indicator.name, indicator.high_is_bad) for indicator in INDICATORS]
    rows.append((SURVEY_INDEX, INDEX_NAME, True))
    return pl.DataFrame(
        rows,
        schema={"kolonne": pl.String, "navn": pl.String, "hoy_er_darlig": pl.Boolean},
        orient="row",
    )


def brukerplan(seed: int, years: range = BRUKERPLAN_YEARS) -> pl.DataFrame:
    """BrukerPlan's yearly counts: `aar, boforhold, antall`, every situation every year."""
    rng = np.random.default_rng(seed)
    rows = []
    for offset, year in enumerate(years):
        progress = offset / max(len(years) - 1, 1)
        mapped = round(MAPPED_FIRST_YEAR * (1 + MAPPED_GROWTH) ** offset + rng.normal(0, 8))
        shares = np.array(
            [first + (last - first) * progress for first, last in SITUATION_SHARES.values()]
        )
        counts = rng.multinomial(mapped, shares / shares.sum())
        rows += [
            (year, situation, int(count))
            for situation, count in zip(SITUATIONS, counts, strict=True)
        ]
    return pl.DataFrame(
        rows,
        schema={"aar": pl.Int32, "boforhold": pl.String, "antall": pl.Int64},
        orient="row",
    )


def delomrade_shares(
    areas: pl.DataFrame, statistics: pl.DataFrame, municipal: pl.DataFrame, year: int
) -> pl.DataFrame:
    """`omrade, andel` per delområde: the municipal dwellings of one month (`municipal`: a
    snapshot's boliger, with grunnkrets) over all dwellings that year (`statistics`), summed over
    the delområde's grunnkretser (`areas`: grunnkrets, delomrade)."""
    per_area = (
        areas.join(municipal.group_by("grunnkrets").len("kommunale"), on="grunnkrets", how="left")
        .join(statistics.filter(pl.col("aar") == year), on="grunnkrets", how="left")
        .group_by("delomrade")
        .agg(pl.col("kommunale").sum(), pl.col("boliger_totalt").sum())
    )
    return per_area.select(
        pl.col("delomrade").alias("omrade"),
        (100 * pl.col("kommunale") / pl.col("boliger_totalt")).alias("andel"),
    ).sort("omrade")


def survey_files(shares: pl.DataFrame, seed: int) -> tuple[SourceFile, SourceFile]:
    """The survey and its descriptions as the municipality would upload them: two CSV files."""
    descriptions = indicator_descriptions().with_columns(
        pl.when(pl.col("hoy_er_darlig")).then(pl.lit("ja")).otherwise(pl.lit("nei"))
    )
    return (
        SourceFile("levekar.csv", norwegian_csv(survey(shares, seed))),
        SourceFile("levekar_indikatorer.csv", norwegian_csv(descriptions)),
    )


def brukerplan_file(seed: int) -> SourceFile:
    """BrukerPlan's figures as a CSV file: aar;boforhold;antall."""
    return SourceFile("brukerplan.csv", norwegian_csv(brukerplan(seed)))


def _indicator(indicator: DemoIndicator, conditions: np.ndarray, rng) -> np.ndarray:
    """One indicator's values: its mean, moved by the areas' conditions (poorer: worse) and by
    noise of its own, kept within its plausible range, to one decimal."""
    own = rng.normal(0, 1, len(conditions))
    score = INDICATOR_LOADING * conditions + np.sqrt(1 - INDICATOR_LOADING**2) * own
    direction = 1 if indicator.high_is_bad else -1
    values = indicator.mean + direction * indicator.spread * score
    return np.round(np.clip(values, indicator.lowest, indicator.highest), 1)


def _index(columns: dict[str, np.ndarray]) -> np.ndarray:
    """The survey's own combined index: the mean of its indicators' z-scores (turned so that
    high is poor), from 1 to 10, to one decimal."""
    directions = {indicator.column: indicator.high_is_bad for indicator in INDICATORS}
    scores = [
        _standardised(values) * (1 if directions[name] else -1) for name, values in columns.items()
    ]
    return np.round(np.clip(5.5 + 2 * np.mean(scores, axis=0), 1, 10), 1)


def _standardised(values: np.ndarray) -> np.ndarray:
    spread = values.std()
    return (values - values.mean()) / spread if spread > 0 else np.zeros_like(values)
