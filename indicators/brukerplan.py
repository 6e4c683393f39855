"""BrukerPlan: the housing situation of people mapped for substance use and mental-health problems.

The rows are reference-data.md's `brukerplan`: `aar, boforhold, antall`, one per year and
housing situation. The Kunnskapsgrunnlag shows, per year, how many were mapped in each situation
and in all (`TOTAL`), each situation's share of all, and above all the share without a home
(`uten_bolig`) and in temporary accommodation (`midlertidig`).

Suppression (prikking) follows indicators.md. The people mapped are a group it protects with the
strict threshold (k = 5, as breakdowns by `rus_psykisk`), so:
- a count below k (zero included) is hidden, and so is its share: share × the year's total gives
  the count back. A share is hidden when its count or the total is.
- a year's situations add up to its total, so one hidden count among shown ones is the total less
  the others. The shared machinery of `indicators.disclosure` hides more: where one count of a
  year is hidden, the smallest shown one as well, and enough of the smallest that the hidden
  counts hold at least k together (two hidden counts of 1 and 2 would tell a reader that both are
  small). Years are not added up anywhere, so each year stands alone.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from core.reference_codes import BRUKERPLAN_SITUATIONS
from core.settings import Thresholds
from indicators import disclosure
from indicators.relations import Structure

SITUATIONS = BRUKERPLAN_SITUATIONS
KEY_SITUATIONS = ("uten_bolig", "midlertidig")
TOTAL = "i_alt"
_ORDER = {name: position for position, name in enumerate((*SITUATIONS, TOTAL))}


def by_situation(rows: pl.LazyFrame) -> pl.LazyFrame:
    """`aar, boforhold, antall, andel`: people mapped per year in each housing situation and in
    all (boforhold = TOTAL), and each one's share (%) of the year's total (no share when the
    total is 0). Ordered by year, then SITUATIONS, then the total."""
    counts = rows.group_by("aar", "boforhold").agg(pl.col("antall").sum().cast(pl.Int64))
    totals = counts.group_by("aar").agg(pl.col("antall").sum(), pl.lit(TOTAL).alias("boforhold"))
    everything = pl.concat([counts, totals.select(counts.collect_schema().names())])
    total = pl.col("antall").filter(pl.col("boforhold") == TOTAL).first().over("aar")
    return everything.with_columns(
        pl.when(total > 0).then(100 * pl.col("antall") / total).alias("andel")
    ).sort("aar", pl.col("boforhold").replace_strict(_ORDER, return_dtype=pl.Int8))


def key_shares(table: pl.DataFrame) -> pl.DataFrame:
    """The rows of `table` (`by_situation`'s, suppressed or not) for KEY_SITUATIONS and TOTAL."""
    return table.filter(pl.col("boforhold").is_in([*KEY_SITUATIONS, TOTAL]))


def suppressed(table: pl.DataFrame, thresholds: Thresholds) -> pl.DataFrame:
    """`table` (`by_situation`'s, collected) as readers see it: `prikket` true where a count is
    hidden, and its antall and andel removed (see the module's note for the rule). `thresholds`
    are the settings' (Innstillinger); the strict one applies."""
    ordered = table.sort(
        "aar", pl.col("boforhold").replace_strict(_ORDER, return_dtype=pl.Int8)
    ).with_row_index("celle")
    hidden = disclosure.protect(*_year_sums(ordered, thresholds.strict))
    return ordered.with_columns(pl.Series("prikket", hidden)).select(
        "aar",
        "boforhold",
        *(
            pl.when(pl.col("prikket")).then(None).otherwise(pl.col(name)).alias(name)
            for name in ("antall", "andel")
        ),
        "prikket",
    )


def _year_sums(cells: pl.DataFrame, k: int) -> tuple[Structure, np.ndarray, np.ndarray, np.ndarray]:
    """`disclosure.protect`'s arguments for the table: each cell one count of its own, each year
    one sum (its total the total of the situations), the counts below k protected."""
    count = cells.height
    each = np.arange(count)
    values = cells["antall"].to_numpy().astype(np.int64)
    structure = Structure(
        cells=cells,
        figure_cell=each,
        figure_class=each,
        class_value=values,
        member_relation=cells["aar"].rank("dense").to_numpy().astype(np.int64) - 1,
        member_class=each,
        member_is_total=(cells["boforhold"] == TOTAL).to_numpy(),
    )
    return structure, values < k, np.full(count, k, dtype=np.int64), each
