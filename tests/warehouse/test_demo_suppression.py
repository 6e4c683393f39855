"""The joint suppression on the demo municipality: no hidden figure can be worked out from all
the tables a reader can open, and every count that two figures share is known as one."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from indicators import relations
from indicators.suppression import Thresholds, hidden_cells
from services.geo import dwelling_placement
from services.indicators import reader_months
from tests.recovery import recovered, views

pytestmark = pytest.mark.slow

# Indicators whose figures are tied to each other (a share's denominator is another's count),
# checked together.
FAMILIES = (
    ("nye_leietakere",),
    ("til_eid_bolig",),
    ("midlertidig", "midlertidig_barnefamilier", "midlertidig_over_3_mnd_andel"),
    ("kommunale_boliger", "andel_rullestol", "kommunale_boliger_per_1000"),
    ("venteliste", "ventetid_median_dager"),
)
# Equal in every demo month by the demo's make-up, not by definition: its Housing First
# participants all have substance use or mental health problems; every refugee household
# that left temporary accommodation for a home still lives in one 12 months on (a share of
# 100 %: the cell's teller equals its own nevner); and its refugees and young people move on
# from municipal rental only by buying their leie-til-eie dwelling.
COINCIDENCES = (
    {("housing_first", "kommune", None), ("housing_first", "malgruppe", "rus_psykisk")},
    {("andel_bosatt_fortsatt_12_mnd", "malgruppe", "flyktning")},
    *(
        {("gjennomstromming", "malgruppe", group), ("leie_til_eie_kjopt", "malgruppe", group)}
        for group in ("flyktning", "under_25")
    ),
)


@pytest.fixture(scope="module")
def months(demo_db):
    return reader_months(demo_db, dwelling_placement(demo_db)).collect()


@pytest.fixture(scope="module")
def shown(months):
    return views(months.lazy(), hidden_cells(months.lazy(), Thresholds()))


@pytest.mark.parametrize("family", FAMILIES, ids="+".join)
def test_no_hidden_figure_of_2015_can_be_worked_out_from_every_table_a_reader_sees(shown, family):
    # Sums and equalities never cross a year, so one year holds every equation about its cells.
    year = shown.filter(
        pl.col("indikator").is_in(family),
        pl.col("periode_start").is_between(date(2015, 1, 1), date(2015, 12, 31)),
    )
    assert year["prikket"].any()  # there is something to protect
    assert recovered(year) == {}


def test_figures_equal_in_every_demo_month_are_linked_as_one_count(months):
    cells = relations.cells_at_every_level(months.lazy())
    figures = relations.figures_of(cells)
    classes = relations.figure_classes(figures.height, relations.identities(figures))
    monthly = figures.with_columns(pl.Series("klasse", classes)).filter(
        pl.col("periodetype") == "month"
    )
    series = (
        monthly.sort("periode_start")
        .group_by("indikator", "inndeling", "gruppe", "figur")
        .agg(
            pl.struct("periode_start", "verdi").hash().alias("forlop"),
            pl.col("verdi").n_unique().alias("ulike"),
            pl.col("klasse"),
        )
        .filter(pl.col("ulike") > 1)  # a constant series equals others by chance
    )
    for group in (
        series.group_by("forlop")
        .agg(pl.all())
        .filter(pl.col("klasse").list.len() > 1)
        .iter_rows(named=True)
    ):
        cells_in_group = set(
            zip(group["indikator"], group["inndeling"], group["gruppe"], strict=True)
        )
        if cells_in_group in COINCIDENCES:
            continue
        # Equal in every month: each month's figures are one class.
        assert len({tuple(klasse) for klasse in group["klasse"]}) == 1, cells_in_group
