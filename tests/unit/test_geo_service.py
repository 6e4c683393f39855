"""Concentration for a month from the marts' frames, segregation over time, and the export."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from pyproj import Transformer

from core.settings import GeoSettings
from geo.analysis import (
    EXPORT_COLUMNS,
    area_counts,
    concentration_for_month,
    data_problems,
)
from geo.segregation import segregation_by_month
from geo.synthetic import ORIGIN, grid_areas
from services.geo import write_concentration

AREAS = grid_areas(2, 2)  # four 100 m cells: 11080000, 11080001 (east), 11080100, 11080101
QUICK = GeoSettings(permutations=99)
_TO_WGS84 = Transformer.from_crs(25832, 4326, always_xy=True)
JANUARY = dt.date(2024, 1, 1)


def _dwelling(bolig_id: str, month: dt.date, east: float, north: float, grunnkrets=None) -> dict:
    """A dwelling `east`/`north` metres from the grid's south-west corner."""
    lon, lat = _TO_WGS84.transform(ORIGIN[0] + east, ORIGIN[1] + north)
    return {"maaned": month, "bolig_id": bolig_id, "lat": lat, "lon": lon, "grunnkrets": grunnkrets}


def _stats(year: int, totals: list[int | None]) -> pl.DataFrame:
    rows = [
        (code, year, 0, total)
        for code, total in zip(AREAS["grunnkrets"], totals, strict=True)
        if total is not None
    ]
    return pl.DataFrame(
        rows, schema=["grunnkrets", "aar", "innbyggere", "boliger_totalt"], orient="row"
    )


def test_counts_use_the_latest_housing_stock_up_to_the_months_year():
    dwellings = pl.DataFrame(
        [
            _dwelling("a", JANUARY, 50, 50),
            _dwelling("b", JANUARY, 150, 50),
            _dwelling("c", JANUARY, 150, 60),
            _dwelling("ute", JANUARY, 5_000, 50),
        ]
    )
    stats = pl.concat([_stats(2023, [10, 20, 30, None]), _stats(2025, [99, 99, 99, 99])])

    counts = area_counts(AREAS, stats, dwellings)

    # 2024 takes 2023's figures (2025 is later); 11080101 has none. "ute" lies in no area.
    assert counts.drop("maaned").rows() == [
        ("11080000", 1, 10),
        ("11080001", 2, 20),
        ("11080100", 0, 30),
        ("11080101", 0, None),
    ]


def test_concentration_for_a_month_has_the_export_columns_first_and_shares_in_percent():
    dwellings = pl.DataFrame(
        [_dwelling(f"{i}", JANUARY, 50, 50) for i in range(3)]
        + [_dwelling("februar", dt.date(2024, 2, 1), 150, 50)]
    )

    result = concentration_for_month(
        AREAS, _stats(2024, [10, 10, 10, 10]), dwellings, "2024-01", QUICK
    )

    assert result.columns[: len(EXPORT_COLUMNS)] == EXPORT_COLUMNS
    # January only: 3 of 10 dwellings in 11080000 = 30 %.
    assert result.select("grunnkrets", "kommunale_boliger", "andel").rows()[0] == (
        "11080000",
        3,
        30.0,
    )
    assert result["navn"][0] == "Rute 11080000"


def test_a_month_without_dwellings_is_refused_in_words():
    dwellings = pl.DataFrame([_dwelling("a", JANUARY, 50, 50)])

    with pytest.raises(ValueError, match="ingen boliger for 2023-12"):
        concentration_for_month(AREAS, _stats(2023, [1, 1, 1, 1]), dwellings, "2023-12", QUICK)


def test_the_csv_export_has_dot_decimals_and_true_false(tmp_path):
    table = pl.DataFrame(
        {
            "grunnkrets": ["11080000"],
            "navn": ["=Sentrum"],
            "kommunale_boliger": [7],
            "boliger_totalt": [30],
            "andel": [700 / 30],
            "lokasjonskvotient": [2.5],
            "flagg_terskel": [True],
            "flagg_klynge": [False],
            "p_terskel": [0.01],
        }
    )

    out = write_concentration(table, tmp_path / "opphopning.csv")

    # 7 / 30 = 23.333… % rounded to 23.33; a name that looks like a formula gets a leading '.
    assert out.read_text(encoding="utf-8").splitlines() == [
        ",".join(EXPORT_COLUMNS),
        "11080000,'=Sentrum,7,30,23.33,2.5,true,false",
    ]


def test_data_problems_name_the_area_but_no_counts():
    table = pl.DataFrame(
        {
            "grunnkrets": ["11080000", "11080001"],
            "navn": ["Sentrum", "Lura"],
            "kommunale_boliger": [12, 3],
            "boliger_totalt": [10, None],
            "datafeil": [True, False],
        },
        schema_overrides={"boliger_totalt": pl.Int64},
    )

    problems = data_problems(table)

    assert len(problems) == 2
    assert problems[0].startswith("Grunnkrets 11080000 (Sentrum) har flere kommunale boliger")
    assert "mangler boliger totalt" in problems[1]
    assert not any("12" in text or " 3 " in text for text in problems)


def test_segregation_indices_match_the_formulas_worked_by_hand():
    counts = pl.DataFrame(
        {
            "maaned": [JANUARY] * 4,
            "grunnkrets": ["a", "b", "tom", "feil"],
            "kommunale_boliger": [10, 10, 0, 5],
            "boliger_totalt": [20, 180, 0, 4],
        }
    )

    result = segregation_by_month(counts).row(0, named=True)

    # "tom" (no dwellings) and "feil" (5 > 4) are left out. M = 20, O = 10 + 170 = 180, T = 200.
    # D = ½ (|10/20 − 10/180| + |10/20 − 170/180|) = ½ (4/9 + 4/9) = 4/9.
    # xPx = (10/20)(10/20) + (10/20)(10/180) = 1/4 + 1/36 = 5/18.
    # η² = (5/18 − 1/10) / (1 − 1/10) = (16/90) / (81/90) = 16/81.
    assert result["omrader"] == 2
    assert result["andel_kommunen"] == pytest.approx(10.0)
    assert result["dissimilaritet"] == pytest.approx(4 / 9)
    assert result["isolasjon"] == pytest.approx(5 / 18)
    assert result["isolasjon_justert"] == pytest.approx(16 / 81)


def test_even_spread_gives_no_segregation():
    counts = pl.DataFrame(
        {
            "maaned": [JANUARY] * 2,
            "grunnkrets": ["a", "b"],
            "kommunale_boliger": [5, 10],
            "boliger_totalt": [50, 100],
        }
    )

    result = segregation_by_month(counts).row(0, named=True)

    # Both areas have 10 %: D = 0, xPx = P = 0.1, η² = 0.
    assert result["dissimilaritet"] == pytest.approx(0.0)
    assert result["isolasjon"] == pytest.approx(0.1)
    assert result["isolasjon_justert"] == pytest.approx(0.0)
