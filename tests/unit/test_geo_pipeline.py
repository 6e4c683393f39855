""" "If everything planned is built" on a 3 × 3 lattice, and each project's site check."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from pyproj import Transformer

from core.settings import GeoSettings
from geo.analysis import concentration_for_month
from geo.concentration import assess_areas
from geo.pipeline import everything_built, locate_projects, project_site
from geo.site_check import check_site
from geo.synthetic import ORIGIN, cell_code, grid_areas

# esda warns that its default alternative hypothesis will change; geo calls it like the tests.
pytestmark = pytest.mark.filterwarnings("ignore:The alternative hypothesis:DeprecationWarning")

# 3 × 3 cells of 1 km, 1,000 dwellings each; 20 municipal in each, 50 in the corner.
AREAS = grid_areas(3, 3, cell_metres=1000)
CORNER, EAST_OF_CORNER = cell_code(0, 0), cell_code(0, 1)
CENTRE, FAR_CORNER = cell_code(1, 1), cell_code(2, 2)
MONTH = "2015-12"
QUICK = GeoSettings(permutations=99)
_TO_WGS84 = Transformer.from_crs(25832, 4326, always_xy=True)


def _centre_of(row: int, column: int) -> tuple[float, float]:
    """WGS84 lat, lon of the middle of a grid cell."""
    lon, lat = _TO_WGS84.transform(ORIGIN[0] + column * 1000 + 500, ORIGIN[1] + row * 1000 + 500)
    return lat, lon


def _dwellings() -> pl.DataFrame:
    """The month's municipal dwellings, placed by their grunnkrets (no coordinates)."""
    codes = [code for code in AREAS["grunnkrets"] for _ in range(50 if code == CORNER else 20)]
    return pl.DataFrame(
        {
            "maaned": [date(2015, 12, 1)] * len(codes),
            "bolig_id": [f"B{number}" for number in range(len(codes))],
            "lat": [None] * len(codes),
            "lon": [None] * len(codes),
            "grunnkrets": codes,
        },
        schema_overrides={"lat": pl.Float64, "lon": pl.Float64},
    )


AREA_STATS = pl.DataFrame(
    {"grunnkrets": AREAS["grunnkrets"].tolist(), "aar": [2015] * 9, "boliger_totalt": [1000] * 9}
)
PLACE_SCHEMA = {
    "prosjekt_id": pl.String,
    "lat": pl.Float64,
    "lon": pl.Float64,
    "grunnkrets": pl.String,
    "boliger": pl.Int32,
    "status": pl.String,
    "gjennomforing": pl.String,
}


def _register() -> pl.DataFrame:
    centre, far_corner = _centre_of(1, 1), _centre_of(2, 2)
    south_east = _centre_of(0, 2)
    rows = [
        # 100 new dwellings in the centre, planned.
        ("N1", *centre, None, 100, "planlagt", "nybygg"),
        # 5 dwellings bought in the far corner: municipal, but no new dwellings.
        ("K1", *far_corner, None, 5, "under_bygging", "kjop"),
        # 10 zoned, placed by grunnkrets only, without gjennomforing: a new build.
        ("R1", None, None, EAST_OF_CORNER, 10, "regulert", None),
        # Finished (already among the dwellings) and cancelled: nothing is added.
        ("F1", *south_east, None, 50, "ferdig", "nybygg"),
        ("A1", *far_corner, None, 50, "avlyst", "nybygg"),
        # A grunnkrets that is no known area, and no coordinates: not placed.
        ("U1", None, None, "11089999", 40, "planlagt", "nybygg"),
    ]
    return pl.DataFrame(rows, schema=PLACE_SCHEMA, orient="row")


@pytest.fixture(scope="module")
def table() -> pl.DataFrame:
    before = concentration_for_month(AREAS, AREA_STATS, _dwellings(), MONTH, QUICK)
    return everything_built(AREAS, before, _register(), QUICK)


def _row(table: pl.DataFrame, code: str) -> dict:
    return table.filter(pl.col("grunnkrets") == code).row(0, named=True)


def test_projects_are_placed_by_coordinates_else_by_a_known_grunnkrets():
    located = locate_projects(_register(), AREAS)

    assert located["grunnkrets"].to_list() == [
        CENTRE,
        FAR_CORNER,
        EAST_OF_CORNER,
        cell_code(0, 2),
        FAR_CORNER,
        None,
    ]
    by_coordinates, by_code = "koordinater", "grunnkrets"
    assert located["kilde"].to_list() == [
        by_coordinates,
        by_coordinates,
        by_code,
        by_coordinates,
        by_coordinates,
        None,
    ]


def test_only_projects_in_the_pipeline_are_added_and_purchases_add_no_dwellings(table):
    centre, far_corner, zoned = (_row(table, code) for code in (CENTRE, FAR_CORNER, EAST_OF_CORNER))

    # N1: 20 + 100 municipal of 1,000 + 100. K1 (kjop): 20 + 5 of 1,000 (A1 is cancelled).
    # R1 (blank gjennomforing: a new build): 20 + 10 of 1,000 + 10. F1 and U1 add nothing.
    assert (centre["kommunale_boliger_etter"], centre["boliger_totalt_etter"]) == (120, 1100)
    assert (far_corner["kommunale_boliger_etter"], far_corner["boliger_totalt_etter"]) == (25, 1000)
    assert (zoned["kommunale_boliger_etter"], zoned["boliger_totalt_etter"]) == (30, 1010)
    assert (zoned["nye_kommunale_boliger"], zoned["nye_boliger_totalt"]) == (10, 10)
    assert table["kommunale_boliger_etter"].sum() == 210 + 100 + 5 + 10
    assert _row(table, cell_code(0, 2))["kommunale_boliger_etter"] == 20


def test_share_and_location_quotient_are_worked_out_again_for_every_area(table):
    centre, corner = _row(table, CENTRE), _row(table, CORNER)

    # Before: 210 of 9,000 dwellings municipal. After: 325 of 9,110.
    assert corner["andel_for"] == pytest.approx(5.0)
    assert corner["lokasjonskvotient_for"] == pytest.approx((50 / 210) / (1000 / 9000))
    assert centre["andel_etter"] == pytest.approx(100 * 120 / 1100)
    assert centre["lokasjonskvotient_etter"] == pytest.approx((120 / 325) / (1100 / 9110))
    # The corner's figures did not change, its location quotient did: 2.14 → 1.40.
    assert corner["andel_etter"] == pytest.approx(5.0)
    assert corner["lokasjonskvotient_etter"] == pytest.approx((50 / 325) / (1000 / 9110))


def test_the_centre_gains_a_threshold_flag_and_the_corner_loses_its_own(table):
    centre, corner = _row(table, CENTRE), _row(table, CORNER)

    # Before: municipality 210 / 9,000 = 2.33 %; the corner's 5 % ≥ 2 × 2.33 %, 50 ≥ 5, and
    # P(X ≥ 50 | 1,000, 0.0233) ≈ 8e-7 (× 9 areas, still ≪ 0.05): flagged; the centre's 2 %
    # is not. After: 325 / 9,110 = 3.57 %, twice that is 7.13 %: the corner's 5 % is below, and
    # the centre's 120 / 1,100 = 10.9 % is above with P(X ≥ 120 | 1,100, 0.0357) ≈ 2e-26.
    assert (corner["flagg_terskel_for"], corner["flagg_terskel_etter"]) == (True, False)
    assert (centre["flagg_terskel_for"], centre["flagg_terskel_etter"]) == (False, True)
    others = table.filter(~pl.col("grunnkrets").is_in([CENTRE, CORNER]))
    assert not others["flagg_terskel_for"].any()
    assert not others["flagg_terskel_etter"].any()


def test_cluster_flags_after_come_from_the_same_assessment_of_the_counts_after(table):
    counts_after = table.select(
        "grunnkrets",
        pl.col("kommunale_boliger_etter").alias("kommunale_boliger"),
        pl.col("boliger_totalt_etter").alias("boliger_totalt"),
    ).sort("grunnkrets")

    expected = assess_areas(AREAS, counts_after, QUICK)

    assert (
        table.sort("grunnkrets")["flagg_klynge_etter"].to_list()
        == expected["flagg_klynge"].to_list()
    )


def test_areas_whose_flag_would_change_are_listed_first(table):
    # The corner and the centre change; then the other seven in grunnkrets order.
    assert table["grunnkrets"].to_list()[:2] == [CORNER, CENTRE]
    assert table["flagg_endres"].to_list() == [True, True] + [False] * 7
    rest = table["grunnkrets"].to_list()[2:]
    assert rest == sorted(rest)
    assert table.height == 9


def test_each_project_in_the_pipeline_with_coordinates_is_a_site_to_check_alone():
    concentration = concentration_for_month(AREAS, AREA_STATS, _dwellings(), MONTH, QUICK)
    sites = {row["prosjekt_id"]: project_site(row) for row in _register().iter_rows(named=True)}

    # Finished and cancelled projects are not checked; those without coordinates cannot be.
    assert [name for name, site in sites.items() if site is not None] == ["N1", "K1"]
    # A purchase (kjop) adds no dwellings to the area; a new build leaves it to check_site.
    assert (sites["N1"].new_municipal, sites["N1"].new_total) == (100, None)
    assert (sites["K1"].new_municipal, sites["K1"].new_total) == (5, 0)

    def checked(site):
        return check_site(
            site.lat,
            site.lon,
            site.new_municipal,
            areas=AREAS,
            concentration=concentration,
            dwellings=_dwellings(),
            new_total=site.new_total,
            settings=QUICK,
        )

    # N1 alone: 120 of 1,100 in the centre; the municipality 310 / 9,100 = 3.41 %, twice that
    # 6.81 % < 10.9 %. K1 alone: a purchase, 25 of 1,000 = 2.5 %, no flag.
    centre = checked(sites["N1"])
    assert (centre.grunnkrets, centre.after.kommunale_boliger) == (CENTRE, 120)
    assert centre.after.boliger_totalt == 1100
    assert (centre.before.flagg_terskel, centre.after.flagg_terskel) == (False, True)
    bought = checked(sites["K1"])
    assert (bought.grunnkrets, bought.after.boliger_totalt) == (FAR_CORNER, 1000)
    assert bought.after.andel == pytest.approx(2.5)
    assert bought.after.flagg_terskel is False
    # The dwellings have no coordinates, so none can be counted by distance.
    assert centre.without_coordinates == 210
