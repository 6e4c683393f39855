"""Small-count suppression (prikking) as indicators.md and SSB's practice say, held jointly
across period types and breakdowns.

Primary: a count below k, and a share, rate or median whose numerator or denominator is below k,
is hidden (shown as SSB's `:`). k is 3, and 5 for area cells, for breakdowns by a sensitive
target group and for indicators that are themselves about such a group. Zero is below k too.

Secondary: one pattern for everything a reader can see of a data version (every indicator, the
municipality, target groups and delområder, per month, quarter and year), so that no
combination of shown figures gives a hidden one back: `indicators.relations` says which figures
are one count and which add up to others, `indicators.disclosure` hides the complementary cells
and audits the result. Each view (a period type's municipal table, its breakdown cells) is then
taken from that one pattern (`with_suppression`). Hidden values are removed, `prikket` = true.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from core.settings import Thresholds
from indicators import disclosure, relations
from indicators.periods import Period
from indicators.registry import AREA, SENSITIVE_GROUPS, TARGET_GROUP, municipal_indicators
from indicators.relations import CELL_KEYS, LEVEL, MUNICIPAL

SUPPRESSED = ":"  # SSB's symbol for a figure withheld to protect individuals
HIDDEN_COLUMNS = ("teller", "nevner", "verdi")


def sensitive_indicator() -> pl.Expr:
    """The row's indicator counts a group indicators.md protects with the strict threshold."""
    return pl.col("indikator").is_in(
        [entry.id for entry in municipal_indicators() if entry.sensitive]
    )


def strict_breakdown() -> pl.Expr:
    """The row is an area cell or a sensitive target group's (needs `inndeling`, `gruppe`)."""
    sensitive_group = (pl.col("inndeling") == TARGET_GROUP) & pl.col("gruppe").is_in(
        list(SENSITIVE_GROUPS)
    )
    return sensitive_indicator() | (pl.col("inndeling") == AREA) | sensitive_group


def cell_threshold(thresholds: Thresholds) -> pl.Expr:
    """The k that protects the row's cell (needs `indikator`, `inndeling`, `gruppe`)."""
    return pl.when(strict_breakdown()).then(thresholds.strict).otherwise(thresholds.k).alias("k")


def hidden_cells(month_values: pl.LazyFrame, thresholds: Thresholds) -> pl.DataFrame:
    """The cells hidden from a reader: `periodetype, indikator, inndeling, gruppe, periode_start`.

    `month_values`: every monthly cell a reader can see (`indikator, maaned, inndeling, gruppe,
    teller, nevner, verdi`), the municipality's with `inndeling` = MUNICIPAL and no `gruppe`.
    """
    structure = relations.structure(month_values)
    cell_k = structure.cells.select(cell_threshold(thresholds))["k"].to_numpy()
    class_k = np.zeros(structure.classes, dtype=np.int64)
    np.maximum.at(class_k, structure.figure_class, cell_k[structure.figure_cell])
    class_order = np.full(structure.classes, structure.cells.height, dtype=np.int64)
    np.minimum.at(class_order, structure.figure_class, structure.figure_cell)
    hidden = disclosure.protect(structure, structure.class_value < class_k, class_k, class_order)
    return structure.cells.filter(pl.Series(hidden)).select(LEVEL, *CELL_KEYS, "periode_start")


def hidden_groups(
    hidden: pl.DataFrame, indikator: str, inndeling: str, month: str
) -> frozenset[str]:
    """The groups of a breakdown (`inndeling`) whose cell of `indikator` is hidden in `month`
    ('YYYY-MM') in the pattern `hidden`."""
    year, number = (int(part) for part in month.split("-"))
    cells = hidden.filter(
        pl.col(LEVEL) == "month",
        pl.col("indikator") == indikator,
        pl.col("inndeling") == inndeling,
        pl.col("periode_start") == date(year, number, 1),
    )
    return frozenset(cells["gruppe"].drop_nulls())


def with_suppression(
    values: pl.LazyFrame, hidden: pl.DataFrame, period: Period, *, breakdown: bool = False
) -> pl.LazyFrame:
    """`values` of one period type (municipal, or breakdown cells) with `prikket` set from
    `hidden` (from `hidden_cells`) and the hidden cells' `teller`, `nevner` and `verdi` removed."""
    cells = hidden.lazy().filter(pl.col(LEVEL) == period)
    if breakdown:
        keys = [*CELL_KEYS, "periode_start"]
    else:
        keys = ["indikator", "periode_start"]
        cells = cells.filter(pl.col("inndeling") == MUNICIPAL)
    marked = values.join(
        cells.select(*keys, pl.lit(True).alias("prikket")),
        on=keys,
        how="left",
        nulls_equal=True,
        maintain_order="left",
    ).with_columns(pl.col("prikket").fill_null(False))
    return marked.with_columns(
        pl.when(pl.col("prikket")).then(None).otherwise(pl.col(name)).alias(name)
        for name in HIDDEN_COLUMNS
    )
