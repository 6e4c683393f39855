"""Small-count suppression of a two-way table of counts shown with its totals.

For the pathway views: the transitions of a Sankey diagram (source × target; a node's size is
its row or column total) and the leie-til-eie cohorts (quarter × status; the row total is how
many entered). A reader sees every shown cell and every total, so a count below `k` is hidden
(primary) and `indicators.disclosure` hides complementary cells until no hidden count can be
worked out from the totals: each row and each column total is the sum of its cells, and the
grand total the sum of either. A pair the table has no row for is shown nowhere (a Sankey
draws no link): pass it with 0 to have it treated as a count below `k`, as the indicator
tables treat zero.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from indicators.disclosure import protect
from indicators.relations import Structure


def with_totals(cells: pl.DataFrame, row: str, column: str, value: str) -> pl.DataFrame:
    """`cells` followed by each row's total (`column` null), each column's (`row` null) and the
    grand total (both null)."""
    parts = cells.select(row, column, value)
    return pl.concat(
        [
            parts,
            parts.group_by(row, maintain_order=True).agg(pl.col(value).sum()),
            parts.group_by(column, maintain_order=True).agg(pl.col(value).sum()),
            parts.select(pl.col(value).sum()),
        ],
        how="diagonal_relaxed",
    ).select(row, column, value)


def _relations(table: pl.DataFrame, row: str, column: str) -> pl.DataFrame:
    """Per relation `total = sum of parts`: `relasjon, celle, er_total` (cells by number)."""
    numbered = table.with_row_index("celle")
    is_row_total = pl.col(column).is_null() & pl.col(row).is_not_null()
    is_column_total = pl.col(row).is_null() & pl.col(column).is_not_null()
    is_part = pl.col(row).is_not_null() & pl.col(column).is_not_null()
    grand = numbered.filter(pl.col(row).is_null() & pl.col(column).is_null())["celle"].item()

    def along(key: str, totals: pl.Expr, name: str) -> pl.DataFrame:
        total = numbered.filter(totals).select(key, pl.col("celle").alias("total"))
        return (
            numbered.filter(is_part)
            .join(total, on=key)
            .group_by("total", maintain_order=True)
            .agg(pl.col("celle").alias("deler"))
            .with_columns(pl.lit(name).alias("slag"))
        )

    def over_totals(totals: pl.Expr, name: str) -> pl.DataFrame:
        return pl.DataFrame(
            {
                "total": [grand],
                "deler": [numbered.filter(totals)["celle"].to_list()],
                "slag": [name],
            },
            schema={"total": pl.UInt32, "deler": pl.List(pl.UInt32), "slag": pl.String},
        )

    relations = pl.concat(
        [
            along(row, is_row_total, "rad"),
            along(column, is_column_total, "kolonne"),
            over_totals(is_row_total, "rader"),
            over_totals(is_column_total, "kolonner"),
        ]
    ).with_row_index("relasjon")
    return pl.concat(
        [
            relations.select("relasjon", pl.col("total").alias("celle"), er_total=pl.lit(True)),
            relations.explode("deler").select(
                "relasjon", pl.col("deler").alias("celle"), er_total=pl.lit(False)
            ),
        ]
    )


def table_structure(table: pl.DataFrame, row: str, column: str, value: str) -> Structure:
    """The table (from `with_totals`) as `indicators.disclosure` sees it: one figure and one
    class per cell, and the row, column and grand-total sums."""
    cells = np.arange(table.height, dtype=np.int64)
    members = _relations(table, row, column)
    return Structure(
        cells=table,
        figure_cell=cells,
        figure_class=cells,
        class_value=table[value].to_numpy().astype(float),
        member_relation=members["relasjon"].to_numpy().astype(np.int64),
        member_class=members["celle"].to_numpy().astype(np.int64),
        member_is_total=members["er_total"].to_numpy(),
    )


def suppressed_table(
    cells: pl.DataFrame, *, row: str, column: str, value: str, k: int
) -> pl.DataFrame:
    """`with_totals(cells)` with `prikket` (hidden from a reader) and the hidden counts removed.

    `cells`: one row per `row` × `column` pair with its count in `value`. Counts below `k` are
    hidden, and the fewest small cells besides (parts before totals, then the smaller first)
    that keep them from being worked out.
    """
    table = with_totals(cells, row, column, value)
    if table.height == 1:  # no cells, only a grand total of nothing
        return table.with_columns(
            pl.lit(True).alias("prikket"), pl.lit(None, table.schema[value]).alias(value)
        )
    structure = table_structure(table, row, column, value)
    protected = structure.class_value < k
    class_k = np.full(structure.classes, k, dtype=np.int64)
    order = np.arange(structure.classes, dtype=np.int64)
    hidden = pl.Series("prikket", protect(structure, protected, class_k, order))
    return table.with_columns(hidden).with_columns(
        pl.when(pl.col("prikket")).then(None).otherwise(pl.col(value)).alias(value)
    )
