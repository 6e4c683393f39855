"""bench/bench_pathways.py: its synthetic history, and the pandas reference agreeing with polars
on a small one, so that the benchmark's comparison cannot rot unnoticed."""

from __future__ import annotations

from datetime import date

import polars as pl

from bench.bench_pathways import Run, assert_same_numbers, household_history
from bench.pandas_pathways import pathway_values as pandas_pathway_values
from indicators.pathways import pathway_values

SMALL = Run(places=400, months=40, first=date(2015, 1, 1))


def test_the_synthetic_history_has_one_month_without_a_snapshot():
    months = household_history(SMALL).get_column("maaned").unique().sort()
    # 40 months from 2015-01, the 21st (2016-09, number 20 counted from 0) left out.
    assert months.len() == 39
    assert date(2016, 9, 1) not in months.to_list()
    assert (months.min(), months.max()) == (date(2015, 1, 1), date(2018, 4, 1))


def test_the_pandas_reference_gives_the_numbers_of_the_polars_pathways():
    history = household_history(SMALL)
    ours = pathway_values(history.lazy()).collect()
    compared = assert_same_numbers(ours, pandas_pathway_values(history.to_pandas()))
    # Every row compared (both give the same set of indicator-months), and the history has
    # returns and purchases in it: the comparison is not one of zeros.
    assert compared == ours.height
    totals = ours.group_by("indikator").agg(pl.col("teller").sum())
    counted = dict(totals.iter_rows())
    assert counted["tilbake_i_midlertidig_12_mnd"] > 0
    assert counted["leie_til_eie_kjopt"] > 0
