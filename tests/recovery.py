"""A reader's attempt to recover hidden figures: every shown figure of every view, the sums and
equalities indicators.md states, solved exactly.

Written from the definitions, not from `indicators.relations`, so that it checks the
suppression rather than repeating it. A view row is a cell as shown: `periodetype, indikator,
inndeling, gruppe, periode_start, til_og_med, teller, nevner, prikket` (hidden: `prikket` and no
figures; no value at all: neither). `recovered(views)` returns every hidden figure the shown
ones fix, with its value.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

import polars as pl

from indicators.periods import PERIODS
from indicators.registry import AREA, TARGET_GROUP, indicator
from indicators.relations import MUNICIPAL
from indicators.tables import breakdown_table, indicator_table

# indicators.md: a share's denominator and a median's households are counts shown elsewhere.
DENOMINATORS = {
    ("midlertidig_over_3_mnd_andel", "nevner"): ("midlertidig", "teller"),
    ("ventetid_median_dager", "nevner"): ("venteliste", "teller"),
    ("andel_rullestol", "nevner"): ("kommunale_boliger", "teller"),
    ("kommunale_boliger_per_1000", "teller"): ("kommunale_boliger", "teller"),
}
KEY_COLUMNS = ("periodetype", "indikator", "inndeling", "gruppe", "periode_start")
Key = tuple  # the KEY_COLUMNS of a cell, then its figure


def figures_of(indikator: str) -> tuple[str, ...]:
    """The figures a cell of the indicator has, by its unit."""
    unit = indicator(indikator).unit
    if unit == "count":
        return ("teller",)
    if unit == "days":
        return ("nevner",)
    return ("teller", "nevner")


class Reader:
    """Shown figures as constants, hidden ones as unknowns, and the equations between them."""

    def __init__(self, views: pl.DataFrame):
        self.known: dict[Key, Fraction] = {}
        self.unknown: list[Key] = []
        self.rows = [row for row in views.iter_rows(named=True) if self._has_value(row)]
        for row in self.rows:
            for figure in figures_of(row["indikator"]):
                key = self.key(row, figure)
                if row["prikket"]:
                    self.unknown.append(key)
                elif row[figure] is not None:
                    self.known[key] = Fraction(row[figure])
        self.equations: list[dict[Key, Fraction]] = []

    @staticmethod
    def _has_value(row: dict) -> bool:
        return bool(row["prikket"]) or row["teller"] is not None or row["nevner"] is not None

    @staticmethod
    def key(row: dict, figure: str, **other: str) -> Key:
        """The figure of the row's cell, or of another cell of the same period (`other`)."""
        cell = {**row, **other}
        return (*(cell[column] for column in KEY_COLUMNS), figure)

    def equal(self, left: Key, right: Key) -> None:
        self.sum_is(left, [right])

    def sum_is(self, total: Key, parts: Iterable[Key]) -> None:
        """total − Σ parts = 0, each term a constant when shown."""
        terms: dict[Key, Fraction] = {total: Fraction(1)}
        for part in parts:
            terms[part] = terms.get(part, Fraction(0)) - 1
        self.equations.append(terms)

    def state_the_definitions(self) -> None:
        by_cell: dict[tuple, list[dict]] = {}
        for row in self.rows:
            series = (row["indikator"], row["inndeling"], row["gruppe"])
            by_cell.setdefault(series, []).append(row)
        for (indikator, _, _), rows in by_cell.items():
            months = [row for row in rows if row["periodetype"] == "month"]
            for row in rows:
                if row["periodetype"] == "month":
                    continue
                if indicator(indikator).kind == "flow":  # the sum of the months with a value
                    inside = [
                        month
                        for month in months
                        if _period_of(month["periode_start"], row["periodetype"])
                        == row["periode_start"]
                    ]
                    self.sum_is(self.key(row, "teller"), [self.key(m, "teller") for m in inside])
                else:  # the value of its last month with data
                    last = [m for m in months if m["periode_start"] == row["til_og_med"]]
                    for figure in figures_of(indikator):
                        self.equal(self.key(row, figure), self.key(last[0], figure))
        for row in self.rows:
            for (name, figure), (other, other_figure) in DENOMINATORS.items():
                if row["indikator"] == name:
                    self.equal(self.key(row, figure), self.key(row, other_figure, indikator=other))
            if row["indikator"] == "midlertidig_barnefamilier" and row["inndeling"] == MUNICIPAL:
                # The families with children in temporary housing are the target group
                # barnefamilie's count, whichever of the two indicators counts them there.
                for indikator in ("midlertidig", "midlertidig_barnefamilier"):
                    family = {"indikator": indikator, "inndeling": TARGET_GROUP}
                    self.equal(
                        self.key(row, "teller"),
                        self.key(row, "teller", **family, gruppe="barnefamilie"),
                    )
            if row["indikator"] == "ut_av_midlertidig" and row["periodetype"] == "month":
                # Those who left temporary accommodation in a month are, 12 months later, the
                # share's known households plus the unknown ones (indicators.md, pathways).
                later = _months_after(row["periode_start"], 12)
                self.sum_is(
                    self.key(row, "teller"),
                    [
                        self.key(
                            row,
                            "nevner",
                            indikator="andel_bosatt_fortsatt_12_mnd",
                            periode_start=later,
                        ),
                        self.key(
                            row,
                            "teller",
                            indikator="bosatt_fortsatt_12_mnd_ukjent",
                            periode_start=later,
                        ),
                    ],
                )
            if row["inndeling"] == MUNICIPAL:
                areas = [
                    self.key(other, "teller")
                    for other in self.rows
                    if other["inndeling"] == AREA
                    and other["indikator"] == row["indikator"]
                    and other["periodetype"] == row["periodetype"]
                    and other["periode_start"] == row["periode_start"]
                ]
                if areas:
                    self.sum_is(self.key(row, "teller"), areas)

    def solve(self) -> dict[Key, Fraction]:
        """Every unknown the equations fix, with its value (exact Gauss–Jordan elimination)."""
        unknown = set(self.unknown)
        rows: list[dict[Key, Fraction]] = []
        for terms in self.equations:
            if any(key not in unknown and key not in self.known for key in terms):
                continue  # a cell the views do not have: no equation a reader can use
            row: dict[Key, Fraction] = {}
            constant = Fraction(0)
            for key, coefficient in terms.items():
                if key in unknown:
                    row[key] = row.get(key, Fraction(0)) + coefficient
                else:
                    constant -= coefficient * self.known[key]
            row = {key: value for key, value in row.items() if value}
            if row:
                rows.append({**row, CONSTANT: constant})
        found = {}
        for row in _reduced(rows):
            variables = [key for key in row if key is not CONSTANT]
            if len(variables) == 1:
                found[variables[0]] = row[CONSTANT] / row[variables[0]]
        return found


CONSTANT = ("=",)  # the right-hand side's key in a sparse row


def _reduced(rows: list[dict[Key, Fraction]]) -> list[dict[Key, Fraction]]:
    """Sparse Gauss–Jordan: each pivot's variable is eliminated from every other row, so a
    variable is fixed exactly when a reduced row holds it alone."""
    done: list[dict[Key, Fraction]] = []
    pending = list(rows)
    while pending:
        row = pending.pop()
        for pivot_row in done:
            pivot = pivot_row["pivot"]
            if pivot in row:
                row = _minus(row, pivot_row, row[pivot])
        variables = [key for key in row if key not in (CONSTANT, "pivot") and row[key]]
        if not variables:
            continue
        pivot = min(variables, key=repr)
        scale = row[pivot]
        row = {key: value / scale for key, value in row.items() if key != "pivot" and value}
        row.setdefault(CONSTANT, Fraction(0))
        for index, other in enumerate(done):
            if pivot in other:
                done[index] = _minus(other, row, other[pivot])
        done.append({**row, "pivot": pivot})
    return [{key: value for key, value in row.items() if key != "pivot"} for row in done]


def _minus(row: dict, pivot_row: dict, factor: Fraction) -> dict:
    """row − factor × pivot_row, dropping zeros (the pivot marker stays with `row`)."""
    result = dict(row)
    for key, value in pivot_row.items():
        if key == "pivot":
            continue
        result[key] = result.get(key, Fraction(0)) - factor * value
        if key is not CONSTANT and not result[key]:
            del result[key]
    return result


def _months_after(start, months: int):
    index = start.year * 12 + start.month - 1 + months
    return start.replace(year=index // 12, month=index % 12 + 1)


def _period_of(start, periodetype: str):
    if periodetype == "year":
        return start.replace(month=1)
    return start.replace(month=(start.month - 1) // 3 * 3 + 1)


def recovered(views: pl.DataFrame) -> dict[Key, Fraction]:
    """Every hidden figure that the shown figures of `views` fix, with its value."""
    reader = Reader(views)
    reader.state_the_definitions()
    return reader.solve()


def views(month_values: pl.LazyFrame, hidden: pl.DataFrame) -> pl.DataFrame:
    """Every table a reader can open (municipal and breakdowns, per period type), as shown
    with the suppression pattern `hidden`; `month_values` as `hidden_cells` takes them."""
    months = month_values.collect()
    municipal = months.filter(pl.col("inndeling") == MUNICIPAL).drop("inndeling", "gruppe")
    breakdowns = months.filter(pl.col("inndeling") != MUNICIPAL).with_columns(
        pl.col("gruppe").alias("gruppenavn")  # the tables carry names; any will do
    )
    no_targets = pl.LazyFrame(schema={"indikator": pl.String, "aar": pl.Int32, "verdi": pl.Float64})
    shown = []
    for period in PERIODS:
        table = indicator_table(municipal.lazy(), no_targets, period, hidden=hidden).collect()
        shown.append(
            table.with_columns(
                pl.lit(period).alias("periodetype"),
                pl.lit(MUNICIPAL).alias("inndeling"),
                pl.lit(None, pl.String).alias("gruppe"),
            )
        )
        if not breakdowns.is_empty():
            cells = breakdown_table(breakdowns.lazy(), period, hidden=hidden).collect()
            shown.append(cells.with_columns(pl.lit(period).alias("periodetype")))
    columns = [*KEY_COLUMNS, "til_og_med", "teller", "nevner", "prikket"]
    return pl.concat([frame.select(columns) for frame in shown])
