"""The demo's household pathways, from the warehouse as every page and export reads them: the
tenants who buy (21–29 a year in the story) bought through the leie-til-eie track, some
households come back to temporary accommodation every year, and most stay housed."""

from __future__ import annotations

import polars as pl
import pytest

from demo.simulation import RENTAL_TO_OWNERSHIP
from services.indicators import export_indicators, indicator_values

pytestmark = pytest.mark.slow

YEARS = [str(year) for year in range(2014, 2027)]


@pytest.fixture(scope="module")
def years(demo_db) -> pl.DataFrame:
    return indicator_values(demo_db, "year")


def per_year(years: pl.DataFrame, indicator: str, column: str = "verdi") -> dict[str, float]:
    rows = years.filter(pl.col("indikator") == indicator)
    return dict(rows.select("periode", column).iter_rows())


def test_every_year_s_purchases_through_the_track_are_the_story_s_21_to_29(years):
    purchases = per_year(years, "leie_til_eie_kjopt")
    low, high = RENTAL_TO_OWNERSHIP
    assert {year: low <= purchases[year] <= high for year in YEARS} == dict.fromkeys(YEARS, True)
    # The rest of the moves into ownership are private renters buying with a startlån.
    owners = per_year(years, "til_eid_bolig")
    assert all(purchases[year] < owners[year] for year in YEARS)


def test_some_households_come_back_to_temporary_accommodation_every_year(years):
    returns = per_year(years, "tilbake_i_midlertidig_12_mnd")
    moves_out = per_year(years, "ut_av_midlertidig")
    assert all(returns[year] > 0 for year in YEARS)
    # Over the years, 10–25 % of the moves out of temporary accommodation come back.
    share = sum(returns[year] for year in YEARS[1:]) / sum(moves_out[year] for year in YEARS[1:])
    assert 0.10 <= share <= 0.25


def test_most_households_are_still_housed_twelve_months_after_leaving(demo_db):
    months = indicator_values(demo_db, "month").filter(
        pl.col("indikator") == "andel_bosatt_fortsatt_12_mnd", pl.col("verdi").is_not_null()
    )
    # From 2015-02 (the first month with the 13 months before it) to 2026-10.
    assert months.height == 12 * 11 + 9
    pooled = months["teller"].sum() / months["nevner"].sum() * 100
    assert 60 <= pooled <= 97


def test_the_track_holds_households_in_every_month(years):
    on_track = per_year(years, "leie_til_eie")
    assert all(on_track[year] > 0 for year in YEARS)


def test_cli_indicators_exports_the_pathway_indicators(demo_db, tmp_path):
    out = export_indicators(demo_db, tmp_path / "indikatorer.csv", "year")
    ids = set(pl.read_csv(out, infer_schema=False)["indikator"])
    assert {
        "leie_til_eie",
        "leie_til_eie_kjopt",
        "tilbake_i_midlertidig_12_mnd",
        "andel_bosatt_fortsatt_12_mnd",
        "bosatt_fortsatt_12_mnd_ukjent",
    } <= ids
