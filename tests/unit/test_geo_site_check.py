"""Site check: a proposed location's area, its figures before and after, and what lies near."""

from __future__ import annotations

import polars as pl
import pytest
from pyproj import Transformer

from core.settings import GeoSettings
from geo.concentration import assess_areas
from geo.site_check import check_site
from geo.synthetic import ORIGIN, cell_code, grid_areas

# A 3 × 3 grid of 1 km cells with 2 of 100 dwellings municipal in every cell.
AREAS = grid_areas(3, 3, cell_metres=1000)
COUNTS = pl.DataFrame(
    {
        "grunnkrets": AREAS["grunnkrets"].tolist(),
        "kommunale_boliger": [2] * 9,
        "boliger_totalt": [100] * 9,
    }
)
CENTRE = cell_code(1, 1)
QUICK = GeoSettings(permutations=99)
_TO_WGS84 = Transformer.from_crs(25832, 4326, always_xy=True)


def _lat_lon(east: float, north: float) -> tuple[float, float]:
    lon, lat = _TO_WGS84.transform(ORIGIN[0] + east, ORIGIN[1] + north)
    return lat, lon


@pytest.fixture(scope="module")
def before() -> pl.DataFrame:
    return assess_areas(AREAS, COUNTS, QUICK).with_columns(
        navn=pl.col("grunnkrets").map_elements(lambda code: f"Rute {code}", return_dtype=pl.String)
    )


def _dwellings(offsets_east: list[float | None]) -> pl.DataFrame:
    """Municipal dwellings due east of the grid's centre (1,500 m, 1,500 m) by these metres."""
    rows = []
    for offset in offsets_east:
        lat, lon = _lat_lon(1500 + offset, 1500) if offset is not None else (None, None)
        rows.append({"lat": lat, "lon": lon})
    return pl.DataFrame(rows, schema={"lat": pl.Float64, "lon": pl.Float64})


def test_ten_bought_dwellings_in_the_centre_cell_raise_a_threshold_flag(before):
    lat, lon = _lat_lon(1500, 1500)

    result = check_site(
        lat,
        lon,
        10,
        areas=AREAS,
        concentration=before,
        dwellings=_dwellings([]),
        new_total=0,
        settings=QUICK,
    )

    # Before: 2 / 100 = 2 %, the same as everywhere. After: 12 / 100 = 12 %; the municipality
    # has 28 / 900 = 3.11 %, so 12 % ≥ 2 × 3.11 %, 12 ≥ 5, and P(X ≥ 12 | 100, 0.0311) ≈ 1e-5
    # stays below 0.05 after correction over 9 areas.
    assert (result.grunnkrets, result.navn) == (CENTRE, f"Rute {CENTRE}")
    assert (result.before.kommunale_boliger, result.before.andel) == (2, 2.0)
    assert result.before.flagg_terskel is False
    assert (result.after.kommunale_boliger, result.after.boliger_totalt) == (12, 100)
    assert result.after.andel == pytest.approx(12.0)
    assert result.after.lokasjonskvotient == pytest.approx((12 / 28) / (100 / 900))
    assert result.after.flagg_terskel is True


def test_new_buildings_add_to_the_areas_dwellings_too(before):
    lat, lon = _lat_lon(1500, 1500)

    result = check_site(
        lat,
        lon,
        10,
        areas=AREAS,
        concentration=before,
        dwellings=_dwellings([]),
        settings=QUICK,
    )

    # 2 + 10 municipal of 100 + 10 dwellings = 12 / 110 = 10.909 %.
    assert result.after.boliger_totalt == 110
    assert result.after.andel == pytest.approx(1200 / 110)


def test_dwellings_are_counted_within_250_and_500_metres(before):
    lat, lon = _lat_lon(1500, 1500)
    dwellings = _dwellings([100, 249, 300, 499, 600, None])

    result = check_site(
        lat, lon, 1, areas=AREAS, concentration=before, dwellings=dwellings, settings=QUICK
    )

    # 100 and 249 m are within 250 m; 300 and 499 m add to 500 m; 600 m is outside both.
    assert (result.within_250_m, result.within_500_m, result.without_coordinates) == (2, 4, 1)


def test_a_site_outside_every_area_has_no_area_but_still_counts_neighbours(before):
    lat, lon = _lat_lon(3200, 1500)  # 200 m east of the grid, 1,700 m east of the centre

    result = check_site(
        lat,
        lon,
        5,
        areas=AREAS,
        concentration=before,
        dwellings=_dwellings([1600]),
        settings=QUICK,
    )

    assert (result.grunnkrets, result.before, result.after) == (None, None, None)
    assert result.within_250_m == 1


def test_a_negative_number_of_dwellings_is_refused(before):
    lat, lon = _lat_lon(1500, 1500)

    with pytest.raises(ValueError, match="negativt"):
        check_site(lat, lon, -1, areas=AREAS, concentration=before, dwellings=_dwellings([]))
