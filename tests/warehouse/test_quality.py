"""The data-quality report: counts per month, missing months, locations and swings."""

from datetime import date

import polars as pl
import pytest
import shapely

from services.quality import quality_report
from warehouse.db import connect
from warehouse.loads import store_load
from warehouse.quality import swings
from warehouse.schema import init

# Two demo areas side by side, in WGS84: A west of lon 5.72, B east of it.
AREA_A = shapely.box(5.70, 58.85, 5.72, 58.86)
AREA_B = shapely.box(5.72, 58.85, 5.74, 58.86)
IN_A = {"lat": 58.855, "lon": 5.71}
IN_B = {"lat": 58.855, "lon": 5.73}
OUTSIDE = {"lat": 58.80, "lon": 5.60}
NOWHERE = {"lat": None, "lon": None}


def dwelling(bolig_id: str, place: dict, grunnkrets: str | None) -> dict:
    return {
        "bolig_id": bolig_id,
        "grunnkrets": grunnkrets,
        **place,
        "eierform": "eid",
        "boligtype": "ordinaer",
        "rom": 2,
        "rullestol": False,
        "status": "utleid",
    }


def household(husstand_id: str, situasjon: str, bolig_id: str | None = None) -> dict:
    return {
        "husstand_id": husstand_id,
        "situasjon": situasjon,
        "bolig_id": bolig_id,
        "personer": 1,
        "barn": 0,
        "i_situasjon_fra": date(2025, 1, 1),
        "soknadsdato": date(2025, 1, 1) if situasjon == "venteliste" else None,
        "flyktning": False,
        "under_25": False,
        "rus_psykisk": False,
        "funksjonsnedsettelse": False,
        "housing_first": False,
    }


def store(con, table: str, month: str | None, rows: list[dict]) -> None:
    store_load(
        con,
        month=month,
        table_name=table,
        rows=pl.DataFrame(rows),
        file_name=f"{table}.csv",
        sha256=f"{table}{month}",
        loaded_by="test",
        action="load",
    )


def areas_rows() -> list[dict]:
    return [
        {"grunnkrets": code, "navn": code, "geometry_wkb": shapely.to_wkb(box), "crs": "EPSG:4326"}
        for code, box in (("11080101", AREA_A), ("11080102", AREA_B))
    ]


# January: d2 lies in B but says A (disagrees), d3 has no coordinates, d4 lies outside both
# areas and names no grunnkrets; h3 lives in a temporary unit the dwelling table lacks.
JANUARY_DWELLINGS = [
    dwelling("d1", IN_A, "11080101"),
    dwelling("d2", IN_B, "11080101"),
    dwelling("d3", NOWHERE, "11080102"),
    dwelling("d4", OUTSIDE, None),
]
JANUARY_HOUSEHOLDS = [
    household("h1", "kommunal_bolig", "d1"),
    household("h2", "venteliste"),
    household("h3", "midlertidig", "x9"),
]
# February: one more dwelling (4 -> 5, +25 %); midlertidig 1 -> 0 (-100 %); privat_leie 0 -> 1.
FEBRUARY_DWELLINGS = [*JANUARY_DWELLINGS, dwelling("d5", IN_A, "11080101")]
FEBRUARY_HOUSEHOLDS = [
    household("h1", "kommunal_bolig", "d1"),
    household("h2", "venteliste"),
    household("h3", "privat_leie"),
]
# March is missing altogether; April has dwellings only.
APRIL_DWELLINGS = [dwelling("d1", IN_A, "11080101"), dwelling("d2", IN_B, "11080101")]


@pytest.fixture
def warehouse(tmp_path):
    db = tmp_path / "w.duckdb"
    init(db)
    with connect(db, write=True) as con:
        store(con, "boliger", "2026-01", JANUARY_DWELLINGS)
        store(con, "husstander", "2026-01", JANUARY_HOUSEHOLDS)
        store(con, "boliger", "2026-02", FEBRUARY_DWELLINGS)
        store(con, "husstander", "2026-02", FEBRUARY_HOUSEHOLDS)
        store(con, "boliger", "2026-04", APRIL_DWELLINGS)
    return db


def with_areas(db) -> None:
    with connect(db, write=True) as con:
        store(con, "omrader", None, areas_rows())


def test_each_month_counts_rows_and_households_by_situation(warehouse):
    months = quality_report(warehouse).months
    assert months["maaned"].to_list() == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 4, 1)]
    assert months["boliger"].to_list() == [4, 5, 2]
    # April has no household table: its household counts are unknown, not zero.
    assert months["husstander"].to_list() == [3, 3, None]
    assert months["venteliste"].to_list() == [1, 1, None]
    assert months["midlertidig"].to_list() == [1, 0, None]
    assert months["privat_leie"].to_list() == [0, 1, None]


def test_dwellings_without_coordinates_and_households_with_unknown_dwellings_are_counted(warehouse):
    months = quality_report(warehouse).months
    # d3 has no coordinates in January and February; April has d1 and d2 only.
    assert months["boliger_uten_koordinater"].to_list() == [1, 1, 0]
    # h3's temporary unit x9 is not among January's dwellings; in February h3 rents privately.
    assert months["husstander_ukjent_bolig"].to_list() == [1, 0, None]


def test_months_missing_between_the_first_and_last_are_listed_with_the_tables_they_lack(
    warehouse,
):
    missing = quality_report(warehouse).missing
    assert missing.to_dicts() == [
        {"maaned": date(2026, 3, 1), "mangler_boliger": True, "mangler_husstander": True},
        {"maaned": date(2026, 4, 1), "mangler_boliger": False, "mangler_husstander": True},
    ]


def test_location_counts_are_unknown_until_areas_are_loaded(warehouse):
    months = quality_report(warehouse).months
    assert months["boliger_utenfor"].to_list() == [None, None, None]


def test_dwellings_outside_the_areas_or_disagreeing_with_their_grunnkrets_are_counted(warehouse):
    with_areas(warehouse)
    months = quality_report(warehouse).months
    # January and February: d4 lies outside both areas and names none; d2 lies in B but says A.
    # April: d1 and d2, so only the disagreement.
    assert months["boliger_utenfor"].to_list() == [1, 1, 0]
    assert months["boliger_uten_omrade"].to_list() == [1, 1, 0]
    assert months["boliger_uenig"].to_list() == [1, 1, 1]


def test_swings_beyond_twenty_percent_against_the_previous_month_are_flagged(warehouse):
    flagged = quality_report(warehouse).swings.sort("maal")
    # February against January: boliger 4 -> 5 is +25 %, midlertidig 1 -> 0 is -100 %,
    # privat_leie grows from 0. husstander 3 -> 3 and the rest are unchanged. April has no March.
    assert flagged.select("maaned", "maal", "forrige", "verdi").to_dicts() == [
        {"maaned": date(2026, 2, 1), "maal": "boliger", "forrige": 4, "verdi": 5},
        {"maaned": date(2026, 2, 1), "maal": "midlertidig", "forrige": 1, "verdi": 0},
        {"maaned": date(2026, 2, 1), "maal": "privat_leie", "forrige": 0, "verdi": 1},
    ]
    assert flagged["endring_andel"].to_list() == [0.25, -1.0, None]


def test_a_change_of_exactly_the_threshold_is_not_flagged():
    compared = pl.DataFrame(
        {"forrige": [100, 100, 0], "verdi": [120, 79, 0], "endring_andel": [0.20, -0.21, None]}
    )
    # +20 % is not more than 20 %; -21 % is; 0 -> 0 is no change.
    assert swings(compared)["verdi"].to_list() == [79]
