"""The published Sandnes figures for 2014 and 2015, through the indicator functions and exports.

Published (Sandnes, state prize for social-housing work 2016): 230 households in temporary
accommodation at the end of 2014 and 186 at the end of 2015; a waiting list of 141 and then 84;
about 73 refugee households and about 49 young people into private leases in 2015 (the demo may
be off by two either way); 11 Housing First participants at the end of 2015.
"""

from __future__ import annotations

import polars as pl
import pytest

from core.settings import Thresholds
from indicators.testing import value_of
from services.geo import dwelling_placement
from services.indicators import export_indicators, hidden_cells, indicator_values

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def years(demo_db):
    return indicator_values(demo_db, "year")


def test_temporary_accommodation_is_230_and_then_186(years):
    # A stock's year is its December.
    assert value_of(years, "midlertidig", "2014") == 230
    assert value_of(years, "midlertidig", "2015") == 186


def test_the_waiting_list_falls_from_141_to_84(years):
    assert value_of(years, "venteliste", "2014") == 141
    assert value_of(years, "venteliste", "2015") == 84


def test_eleven_households_take_part_in_housing_first_at_the_end_of_2015(years):
    assert value_of(years, "housing_first", "2015") == 11


def test_about_73_refugee_households_came_into_private_leases_in_2015(years):
    # A flow's year is the sum of its twelve months.
    assert 73 - 2 <= value_of(years, "flyktninger_til_privat_leie", "2015") <= 73 + 2


def test_about_49_young_households_came_into_private_rental_in_2015(years):
    assert 49 - 2 <= value_of(years, "unge_til_privat_leie", "2015") <= 49 + 2


def test_the_quarter_of_december_shows_december_and_compares_with_the_year_before(demo_db):
    quarters = indicator_values(demo_db, "quarter")
    row = quarters.filter(
        (pl.col("indikator") == "midlertidig") & (pl.col("periode") == "2015-Q4")
    ).row(0, named=True)
    # 186 in 2015-Q4 against 230 in 2014-Q4: 186 − 230 = −44
    assert (row["verdi"], row["i_fjor"], row["endring_i_fjor"]) == (186.0, 230.0, -44.0)


def test_the_suppressed_csv_export_carries_the_published_figures(demo_db, tmp_path):
    hidden = hidden_cells(demo_db, dwelling_placement(demo_db), Thresholds())
    out = export_indicators(demo_db, tmp_path / "indikatorer.csv", "year", hidden=hidden)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "indikator,periode,verdi,prikket"
    assert "midlertidig,2015,186,false" in lines
    assert "venteliste,2014,141,false" in lines


def test_the_xlsx_export_has_the_definitions_sheet(demo_db, tmp_path):
    out = export_indicators(demo_db, tmp_path / "indikatorer.xlsx", "quarter")
    sheets = pl.read_excel(out, sheet_id=0)
    assert list(sheets) == ["Indikatorer", "Definisjoner"]
    assert sheets["Indikatorer"].columns == ["Indikator", "Navn", "Periode", "Verdi", "Enhet"]
