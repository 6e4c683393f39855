"""What a reader can put together: every cell at every period level, and how their figures relate.

A cell is one indicator in one breakdown cell (the municipality, a target group or a delområde,
"Uten kjent område" included) in one period of one period type. Its figures are the counts a
reader can see or work out: `teller` (shown as "Antall" for a share) and `nevner` (a share's
teller and value give it back). Figures relate in two ways:

- the same count under two names: a stock's quarter and year are its last month with data; a
  share's denominator is another indicator's count (`SAME_FIGURE`); the families with children
  in temporary housing are the target group barnefamilie's count (`SAME_CELL`). Such figures
  form one class: they are shown or hidden together.
- sums (`sums`): a flow's quarter is the sum of its months with a value and its year the
  sum of its quarters; a count's delområde cells add up to the municipal cell at every level;
  the households that left temporary accommodation in a month are, 12 months later, the known
  ones of `andel_bosatt_fortsatt_12_mnd` plus the unknown ones (`COHORT`).
  Target groups overlap (a household can be in several), so they add up to nothing.

Every relation and identity is checked against the figures before it is used, so one that does
not hold in the data (an area cell missing in a later month) is no equation a reader can use.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy.sparse import coo_array
from scipy.sparse.csgraph import connected_components

from indicators.pathways import RETURN_MONTHS
from indicators.periods import PERIODS, roll_up
from indicators.registry import AREA, TARGET_GROUP, ids, municipal_indicators

LEVEL = "periodetype"  # month, quarter or year: the period type a cell belongs to
MUNICIPAL = "kommune"  # `inndeling` of the municipality's own cells
CELL_KEYS = ("indikator", "inndeling", "gruppe")
FIGURES = ("teller", "nevner")

# (indicator, figure) pairs that are one count, in the same breakdown cell and period.
SAME_FIGURE: tuple[tuple[tuple[str, str], tuple[str, str]], ...] = (
    (("midlertidig_over_3_mnd_andel", "nevner"), ("midlertidig", "teller")),
    (("ventetid_median_dager", "nevner"), ("venteliste", "teller")),
    (("andel_rullestol", "nevner"), ("kommunale_boliger", "teller")),
    (("kommunale_boliger_per_1000", "teller"), ("kommunale_boliger", "teller")),
)
# (indicator, inndeling, gruppe) cells whose teller is one count, in the same period: the
# families with children in temporary housing are the target group barnefamilie's count.
_FAMILIES = ("midlertidig_barnefamilier", MUNICIPAL, None)
SAME_CELL: tuple[tuple[tuple[str, str, str | None], tuple[str, str, str | None]], ...] = (
    (_FAMILIES, ("midlertidig", TARGET_GROUP, "barnefamilie")),
    (_FAMILIES, ("midlertidig_barnefamilier", TARGET_GROUP, "barnefamilie")),
)
# The leave cohort of month m−12 is, in m, the share's known households plus the unknown ones
# (indicators.pathways): the total indicator, then the (indicator, figure) parts.
COHORT = (
    "ut_av_midlertidig",
    ("andel_bosatt_fortsatt_12_mnd", "nevner"),
    ("bosatt_fortsatt_12_mnd_ukjent", "teller"),
)
_PARENT = {"quarter": "month", "year": "quarter"}
_LEVEL_ORDER = {period: index for index, period in enumerate(PERIODS)}


@dataclass(frozen=True)
class Structure:
    """Cells, their figures grouped in classes of one count, and the sums between classes.

    `cells`: `celle` (its number), LEVEL, CELL_KEYS, periode_start, til_og_med, teller, nevner.
    Arrays: `figure_cell`/`figure_class` per figure; `class_value` per class; `member_*` per
    member of a relation (its relation, class, and whether it is the relation's total).
    """

    cells: pl.DataFrame
    figure_cell: np.ndarray
    figure_class: np.ndarray
    class_value: np.ndarray
    member_relation: np.ndarray
    member_class: np.ndarray
    member_is_total: np.ndarray

    @property
    def classes(self) -> int:
        """How many classes of figures there are."""
        return len(self.class_value)

    @property
    def relations(self) -> int:
        """How many relations there are."""
        return int(self.member_relation.max()) + 1 if len(self.member_relation) else 0


def cells_at_every_level(month_values: pl.LazyFrame) -> pl.DataFrame:
    """Every cell of `month_values` (indikator, maaned, inndeling, gruppe, teller, nevner, ...)
    as a reader sees it per month, quarter and year, numbered in a fixed order (`celle`)."""
    months = month_values.cache()
    levels = [
        roll_up(months, period, by=("inndeling", "gruppe")).with_columns(
            pl.lit(period).alias(LEVEL)
        )
        for period in PERIODS
    ]
    return (
        pl.concat(levels)
        .select(LEVEL, *CELL_KEYS, "periode_start", "til_og_med", *FIGURES)
        .collect()
        .sort(
            pl.col(LEVEL).replace_strict(_LEVEL_ORDER, return_dtype=pl.Int8),
            *CELL_KEYS,
            "periode_start",
            nulls_last=True,
        )
        .with_row_index("celle")
    )


def figures_of(cells: pl.DataFrame) -> pl.DataFrame:
    """One row per figure a cell has (`figur` teller or nevner, its `verdi`), numbered."""
    return (
        cells.unpivot(
            on=list(FIGURES),
            index=["celle", LEVEL, *CELL_KEYS, "periode_start", "til_og_med"],
            variable_name="figur",
            value_name="verdi",
        )
        .drop_nulls("verdi")
        .sort("celle", "figur")
        .with_row_index("figur_id")
    )


def _equal(left: pl.DataFrame, right: pl.DataFrame, on: list[str]) -> pl.DataFrame:
    """Pairs of figures joined on `on` whose values agree: (figur_id, figur_id_right)."""
    pairs = left.join(right, on=on, how="inner", nulls_equal=True)
    return pairs.filter(pl.col("verdi") == pl.col("verdi_right")).select(
        "figur_id", "figur_id_right"
    )


def identities(figures: pl.DataFrame) -> pl.DataFrame:
    """Pairs of figures that are the same count (figur_id, figur_id_right), checked."""
    stocks = figures.filter(~pl.col("indikator").is_in(ids(kind="flow")))
    months = stocks.filter(pl.col(LEVEL) == "month")
    periods = stocks.filter(pl.col(LEVEL) != "month")
    same_period = [LEVEL, "inndeling", "gruppe", "periode_start"]
    pairs = [
        # A stock's quarter and year are its last month with data.
        _equal(
            periods.select("figur_id", *CELL_KEYS, "figur", "til_og_med", "verdi"),
            months.select(
                *CELL_KEYS,
                "figur",
                pl.col("periode_start").alias("til_og_med"),
                "verdi",
                "figur_id",
            ),
            [*CELL_KEYS, "figur", "til_og_med"],
        )
    ]
    for (left_id, left_figure), (right_id, right_figure) in SAME_FIGURE:
        left = figures.filter(pl.col("indikator") == left_id, pl.col("figur") == left_figure)
        right = figures.filter(pl.col("indikator") == right_id, pl.col("figur") == right_figure)
        pairs.append(
            _equal(
                left.select("figur_id", *same_period, "verdi"),
                right.select(*same_period, "verdi", "figur_id"),
                same_period,
            )
        )
    for left_cell, right_cell in SAME_CELL:
        chosen = [
            figures.filter(
                pl.col("indikator") == indikator,
                pl.col("inndeling") == inndeling,
                pl.col("gruppe").eq_missing(gruppe),
                pl.col("figur") == "teller",
            ).select("figur_id", LEVEL, "periode_start", "verdi")
            for indikator, inndeling, gruppe in (left_cell, right_cell)
        ]
        pairs.append(_equal(chosen[0], chosen[1], [LEVEL, "periode_start"]))
    return pl.concat(pairs)


def figure_classes(figure_count: int, same: pl.DataFrame) -> np.ndarray:
    """The class of each figure: figures linked by `same` pairs, directly or not, share one."""
    graph = coo_array(
        (
            np.ones(same.height, dtype=np.int8),
            (same["figur_id"].to_numpy(), same["figur_id_right"].to_numpy()),
        ),
        shape=(figure_count, figure_count),
    )
    _, labels = connected_components(graph, directed=False)
    return labels


def _flow_sums(tellers: pl.DataFrame) -> pl.DataFrame:
    """A flow's quarter (year) as the total of its months (quarters): (total, part) figures."""
    flows = tellers.filter(pl.col("indikator").is_in(ids(kind="flow")))
    pairs = []
    for level, parent in _PARENT.items():
        step = "1q" if level == "quarter" else "1y"
        totals = flows.filter(pl.col(LEVEL) == level).select(
            *CELL_KEYS, "periode_start", pl.col("figur_id").alias("total")
        )
        parts = flows.filter(pl.col(LEVEL) == parent).select(
            *CELL_KEYS,
            pl.col("periode_start").dt.truncate(step),
            pl.col("figur_id").alias("part"),
        )
        pairs.append(
            totals.join(parts, on=[*CELL_KEYS, "periode_start"], nulls_equal=True).select(
                "total", "part"
            )
        )
    return pl.concat(pairs)


def _area_sums(tellers: pl.DataFrame) -> pl.DataFrame:
    """A count's municipal cell as the total of its delområde cells: (total, part) figures."""
    with_areas = [entry.id for entry in municipal_indicators() if AREA in entry.breakdowns]
    counts = tellers.filter(pl.col("indikator").is_in(with_areas))
    keys = ["indikator", LEVEL, "periode_start"]
    totals = counts.filter(pl.col("inndeling") == MUNICIPAL).select(
        *keys, pl.col("figur_id").alias("total")
    )
    parts = counts.filter(pl.col("inndeling") == AREA).select(
        *keys, pl.col("figur_id").alias("part")
    )
    return totals.join(parts, on=keys).select("total", "part")


def _cohort_sums(figures: pl.DataFrame) -> pl.DataFrame:
    """The households that left temporary accommodation in a month, 12 months on: those known
    (the share's nevner) and those unknown add up to that month's `ut_av_midlertidig` (every
    breakdown cell, month level): (total, part) figures."""
    months = figures.filter(pl.col(LEVEL) == "month")
    keys = ["inndeling", "gruppe", "periode_start"]
    totals = months.filter(pl.col("indikator") == COHORT[0], pl.col("figur") == "teller").select(
        "inndeling",
        "gruppe",
        pl.col("periode_start").dt.offset_by(f"{RETURN_MONTHS}mo"),
        pl.col("figur_id").alias("total"),
    )
    parts = pl.concat(
        months.filter(pl.col("indikator") == indikator, pl.col("figur") == figure)
        for indikator, figure in COHORT[1:]
    ).select(*keys, pl.col("figur_id").alias("part"))
    return totals.join(parts, on=keys, nulls_equal=True).select("total", "part")


def sums(figures: pl.DataFrame) -> pl.DataFrame:
    """Every relation `total = sum of parts` that holds: relasjon, figur_id, er_total."""
    tellers = figures.filter(pl.col("figur") == "teller")
    pairs = pl.concat(
        [
            _flow_sums(tellers).with_columns(pl.lit("tid").alias("slag")),
            _area_sums(tellers).with_columns(pl.lit("omrade").alias("slag")),
            _cohort_sums(figures).with_columns(pl.lit("kohort").alias("slag")),
        ]
    )
    value = figures.select("figur_id", "verdi")
    checked = (
        pairs.join(value.rename({"figur_id": "part"}), on="part")
        .group_by("slag", "total")
        .agg(pl.col("part"), pl.col("verdi").sum().alias("summert"))
        .join(value.rename({"figur_id": "total"}), on="total")
        .filter(pl.col("summert") == pl.col("verdi"))
        .sort("slag", "total")
        .with_row_index("relasjon")
    )
    return pl.concat(
        [
            checked.select(
                "relasjon", pl.col("total").alias("figur_id"), pl.lit(True).alias("er_total")
            ),
            checked.explode("part").select(
                "relasjon", pl.col("part").alias("figur_id"), pl.lit(False).alias("er_total")
            ),
        ]
    )


def structure(month_values: pl.LazyFrame) -> Structure:
    """The cells of `month_values` at every level, their figures' classes and the sums."""
    cells = cells_at_every_level(month_values)
    figures = figures_of(cells)
    classes = figure_classes(figures.height, identities(figures))
    members = sums(figures).join(
        pl.DataFrame({"figur_id": figures["figur_id"], "klasse": classes}), on="figur_id"
    )
    # The same relation may arise twice (a stock's quarter partition is its month's): once is
    # enough, and a relation needs one total and at least one part.
    relations = (
        members.group_by("relasjon")
        .agg(pl.col("klasse").sort(), pl.col("er_total").sort_by("klasse"))
        .unique(subset=["klasse", "er_total"], keep="first")
        .sort("relasjon")
        .with_row_index("nummer")
        .explode("klasse", "er_total")
    )
    class_value = np.zeros(int(classes.max()) + 1 if len(classes) else 0)
    class_value[classes] = figures["verdi"].to_numpy()
    return Structure(
        cells=cells,
        figure_cell=figures["celle"].to_numpy(),
        figure_class=classes,
        class_value=class_value,
        member_relation=relations["nummer"].to_numpy().astype(np.int64),
        member_class=relations["klasse"].to_numpy().astype(np.int64),
        member_is_total=relations["er_total"].to_numpy(),
    )
