"""Living conditions and BrukerPlan as people read them: the double-burden table, the drivers of
Lee's L, and the Kunnskapsgrunnlag's table of BrukerPlan beside our own counts.

Pure: frames in, text tables out, in the reader's language (suppressed cells as `:`).
"""

from __future__ import annotations

import polars as pl

from core import formatting as fmt
from core.formatting import Language
from core.i18n import N_, translate
from geo.maps import HIDDEN
from indicators.brukerplan import KEY_SITUATIONS
from services.living_conditions import brukerplan_year_table, burden_table

__all__ = [
    "brukerplan_year_table",
    "burden_table",
    "driver_names",
    "key_share_rows",
    "own_counts_table",
]
# Our own yearly counts beside BrukerPlan's: registry ids (a stock: the year's last month).
OWN_COUNTS = {
    "housing_first": N_("Husstander i Housing First"),
    "smahus": N_("Småhus"),
}
YEAR_KEY_WORDS = {
    "uten_bolig": N_("Andel uten bolig (BrukerPlan)"),
    "midlertidig": N_("Andel i midlertidig botilbud (BrukerPlan)"),
}


def driver_names(local: pl.DataFrame, view: pl.DataFrame) -> list[str]:
    """The names of the areas that drive Lee's L (high on both with their neighbours)."""
    names = dict(zip(view["omrade"], view["navn"], strict=True))
    return [names.get(code) or code for code in local.filter("driver")["omrade"]]


def key_share_rows(table: pl.DataFrame, language: Language) -> pl.DataFrame:
    """The shares without a home and in temporary accommodation per year, for a line chart
    (suppressed years have no value, so the line has a gap): År, series, Andel."""
    rows = table.filter(pl.col("boforhold").is_in(list(KEY_SITUATIONS)))
    return rows.select(
        pl.col("aar").alias("aar"),
        pl.col("boforhold").replace_strict(
            {key: translate(words, language) for key, words in YEAR_KEY_WORDS.items()}
        ),
        pl.col("andel"),
    ).sort("aar")


def own_counts_table(
    values: pl.DataFrame, known: list[str], years: list[int], language: Language
) -> pl.DataFrame:
    """Our own counts per year beside BrukerPlan's years (`values`: the registry's yearly
    indicator values, suppressed as the reader sees them); only the ids the registry has."""
    columns = {translate("År", language): [str(year) for year in years]}
    for indicator, words in OWN_COUNTS.items():
        if indicator not in known:
            continue
        found = {
            int(row["periode"]): row["verdi"]
            for row in values.filter(pl.col("indikator") == indicator).to_dicts()
        }
        columns[translate(words, language)] = [
            HIDDEN
            if year in found and found[year] is None
            else (fmt.number(found[year], 0, language) if year in found else fmt.MISSING)
            for year in years
        ]
    return pl.DataFrame(columns)
