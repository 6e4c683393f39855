"""Assigning dwellings to areas by coordinates, else by their grunnkrets column."""

from __future__ import annotations

import geopandas as gpd
import polars as pl
import shapely
from polars.testing import assert_frame_equal
from pyproj import Transformer

from geo.assign import locate_dwellings

# Two 1 km squares side by side in EPSG:25832; the border between them is x = 301,000.
AREAS = gpd.GeoDataFrame(
    {"grunnkrets": ["11080101", "11080102"], "navn": ["Vest", "Øst"]},
    geometry=[
        shapely.box(300_000, 6_500_000, 301_000, 6_501_000),
        shapely.box(301_000, 6_500_000, 302_000, 6_501_000),
    ],
    crs=25832,
)
_TO_WGS84 = Transformer.from_crs(25832, 4326, always_xy=True)


def _dwelling(bolig_id: str, x: float | None, y: float | None, grunnkrets: str | None) -> dict:
    lon, lat = _TO_WGS84.transform(x, y) if x is not None else (None, None)
    return {"bolig_id": bolig_id, "lat": lat, "lon": lon, "grunnkrets": grunnkrets}


def _expected(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={
            "bolig_id": pl.String,
            "grunnkrets_fra_koordinater": pl.String,
            "grunnkrets": pl.String,
            "kilde": pl.String,
            "utenfor": pl.Boolean,
            "uenig": pl.Boolean,
        },
        orient="row",
    )


def test_points_a_metre_either_side_of_a_border_land_in_their_own_areas():
    dwellings = pl.DataFrame(
        [
            _dwelling("vest", 300_999, 6_500_500, "11080101"),
            _dwelling("øst", 301_001, 6_500_500, "11080102"),
        ]
    )

    result = locate_dwellings(dwellings, AREAS)

    assert_frame_equal(
        result,
        _expected(
            [
                ("vest", "11080101", "11080101", "koordinater", False, False),
                ("øst", "11080102", "11080102", "koordinater", False, False),
            ]
        ),
    )


def test_a_point_exactly_on_the_border_goes_to_the_lower_code():
    dwellings = pl.DataFrame([_dwelling("grense", 301_000, 6_500_500, None)])

    assert locate_dwellings(dwellings, AREAS)["grunnkrets"].to_list() == ["11080101"]


def test_a_dwelling_outside_every_area_is_reported_and_falls_back_to_its_column():
    dwellings = pl.DataFrame(
        [
            _dwelling("langt_unna", 400_000, 6_500_500, "11080102"),
            _dwelling("ukjent", 400_000, 6_500_500, "99999999"),
        ]
    )

    result = locate_dwellings(dwellings, AREAS)

    assert_frame_equal(
        result,
        _expected(
            [
                ("langt_unna", None, "11080102", "grunnkrets", True, False),
                ("ukjent", None, None, None, True, False),
            ]
        ),
    )


def test_a_dwelling_with_only_grunnkrets_is_placed_by_it():
    dwellings = pl.DataFrame([_dwelling("uten_koordinater", None, None, "11080102")])

    assert_frame_equal(
        locate_dwellings(dwellings, AREAS),
        _expected([("uten_koordinater", None, "11080102", "grunnkrets", False, False)]),
    )


def test_coordinates_win_over_a_disagreeing_grunnkrets_column_and_the_conflict_is_flagged():
    dwellings = pl.DataFrame([_dwelling("uenig", 300_500, 6_500_500, "11080102")])

    assert_frame_equal(
        locate_dwellings(dwellings, AREAS),
        _expected([("uenig", "11080101", "11080101", "koordinater", False, True)]),
    )


def test_areas_in_wgs84_give_the_same_answer():
    dwellings = pl.DataFrame([_dwelling("øst", 301_500, 6_500_500, None)])

    result = locate_dwellings(dwellings, AREAS.to_crs(4326))

    assert result["grunnkrets"].to_list() == ["11080102"]


def test_a_first_dwelling_without_coordinates_does_not_upset_the_others():
    # Regression: a leading None in the object array once broke the conversion to text.
    areas = gpd.GeoDataFrame(
        {
            "grunnkrets": ["11080101"],
            "navn": ["A"],
            "delomrade": ["110801"],
            "delomradenavn": [None],
        },
        geometry=[shapely.box(0, 0, 1000, 1000)],
        crs="EPSG:25832",
    )
    dwellings = pl.DataFrame(
        {
            "bolig_id": ["B1", "B2"],
            "lat": [None, 58.85],
            "lon": [None, 5.73],
            "grunnkrets": ["11080101", None],
        }
    )

    located = locate_dwellings(dwellings, areas)

    # B1 has no coordinates and takes its grunnkrets column; B2 lies far outside the 1 km box.
    assert located.select("bolig_id", "grunnkrets", "kilde", "utenfor").rows() == [
        ("B1", "11080101", "grunnkrets", False),
        ("B2", None, None, True),
    ]
