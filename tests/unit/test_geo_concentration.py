"""Concentration per area: shares, location quotients, threshold and cluster flags."""

from __future__ import annotations

import esda
import geopandas as gpd
import numpy as np
import pandas as pd
import polars as pl
import pytest
import shapely
from libpysal.weights import KNN, Queen, attach_islands
from scipy.stats import binomtest

from core.settings import GeoSettings
from geo.concentration import assess_areas, contiguity, threshold_test, with_shares
from geo.synthetic import cell_code, grid_areas

# esda warns that its default alternative hypothesis will change; the test calls it like geo does.
pytestmark = pytest.mark.filterwarnings("ignore:The alternative hypothesis:DeprecationWarning")
SETTINGS = GeoSettings()
CLUSTER = [cell_code(r, c) for r in (1, 2, 3) for c in (1, 2, 3)]
ISOLATED_HIGH = cell_code(6, 6)
EMPTY = cell_code(0, 7)
ISLAND = "11089999"


def _planted_grid() -> tuple[gpd.GeoDataFrame, pl.DataFrame]:
    """An 8 × 8 grid of 100 m cells plus an island 2 km away; 2 of 100 dwellings municipal.

    Planted: a 3 × 3 cluster and one isolated cell with 20 of 100, and one cell with no
    dwellings at all.
    """
    grid = grid_areas(8, 8)
    island = gpd.GeoDataFrame(
        {"grunnkrets": [ISLAND], "navn": ["Øy"], "delomrade": ["110899"], "delomradenavn": [None]},
        geometry=[shapely.box(312_000, 6_522_000, 312_100, 6_522_100)],
        crs=grid.crs,
    )
    areas = gpd.GeoDataFrame(pd.concat([grid, island], ignore_index=True), crs=grid.crs)
    codes = areas["grunnkrets"].tolist()
    municipal = [
        20 if code in [*CLUSTER, ISOLATED_HIGH] else 0 if code == EMPTY else 2 for code in codes
    ]
    total = [0 if code == EMPTY else 100 for code in codes]
    counts = pl.DataFrame(
        {"grunnkrets": codes, "kommunale_boliger": municipal, "boliger_totalt": total}
    )
    return areas, counts


@pytest.fixture(scope="module")
def planted() -> tuple[gpd.GeoDataFrame, pl.DataFrame, pl.DataFrame]:
    areas, counts = _planted_grid()
    return areas, counts, assess_areas(areas, counts, SETTINGS)


def _flagged(result: pl.DataFrame, column: str) -> set[str]:
    return set(result.filter(pl.col(column))["grunnkrets"])


def test_share_and_location_quotient_follow_the_definitions(planted):
    _, _, result = planted
    cluster_cell = result.filter(pl.col("grunnkrets") == CLUSTER[4]).row(0, named=True)

    # Municipal: 10 cells × 20 + 53 cells × 2 + island 2 = 308; all dwellings: 64 × 100 = 6,400
    # (the empty cell has none). Share 308 / 6,400 = 4.8125 %.
    assert cluster_cell["andel_kommunen"] == pytest.approx(4.8125)
    assert cluster_cell["andel"] == pytest.approx(20.0)
    # LQ = (20 / 308) / (100 / 6,400) = 128,000 / 30,800 = 4.155844…
    assert cluster_cell["lokasjonskvotient"] == pytest.approx(128_000 / 30_800)


def test_an_area_without_dwellings_has_no_share_and_no_flags(planted):
    _, _, result = planted

    empty = result.filter(pl.col("grunnkrets") == EMPTY).row(0, named=True)

    assert (empty["andel"], empty["lokasjonskvotient"], empty["p_terskel"]) == (None, None, None)
    assert (empty["flagg_terskel"], empty["flagg_klynge"], empty["datafeil"]) == (
        False,
        False,
        False,
    )


def test_threshold_flags_the_planted_cells_and_nothing_else(planted):
    _, _, result = planted

    # 20 % ≥ 2 × 4.8125 %, 20 ≥ 5 dwellings, and P(X ≥ 20 | 100, 0.048) ≈ 2e-7 stays far below
    # 0.05 after correction over 64 areas. Cells with 2 % fail the factor.
    assert _flagged(result, "flagg_terskel") == {*CLUSTER, ISOLATED_HIGH}


def test_cluster_flags_are_esdas_high_high_areas_within_the_fdr_cut_off(planted):
    areas, counts, result = planted
    assessed = counts.filter(pl.col("boliger_totalt") > 0)
    cells = areas.set_index("grunnkrets").loc[assessed["grunnkrets"].to_list()].reset_index()
    weights = Queen.from_dataframe(cells, use_index=False, silence_warnings=True)
    weights = attach_islands(weights, KNN.from_dataframe(cells, k=1, silence_warnings=True))
    local = esda.Moran_Local_Rate(
        assessed["kommunale_boliger"].to_numpy().astype(float),
        assessed["boliger_totalt"].to_numpy().astype(float),
        weights,
        permutations=SETTINGS.permutations,
        seed=SETTINGS.seed,
    )
    significant = (local.q == 1) & (local.p_sim <= esda.fdr(local.p_sim, SETTINGS.alpha))
    expected = set(assessed.filter(pl.Series(significant))["grunnkrets"])

    flagged = _flagged(result, "flagg_klynge")

    assert flagged == expected
    # The cluster's centre has 8 high neighbours; the isolated cell is High-Low, not a cluster.
    assert CLUSTER[4] in flagged
    assert flagged <= set(CLUSTER)
    isolated = result.filter(pl.col("grunnkrets") == ISOLATED_HIGH).row(0, named=True)
    assert isolated["klynge_kvadrant"] == 4


def test_the_island_is_assessed_through_its_nearest_neighbour(planted):
    _, _, result = planted

    island = result.filter(pl.col("grunnkrets") == ISLAND).row(0, named=True)

    assert island["p_klynge"] is not None
    assert island["flagg_klynge"] is False


def test_an_area_without_contiguous_neighbours_gets_its_nearest():
    cells = gpd.GeoSeries(
        [shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1), shapely.box(5, 0, 6, 1)]
    )

    graph = contiguity(cells)

    # Cells 0 and 1 share an edge; cell 2 lies alone, 4 units right of cell 1's edge.
    assert list(graph.neighbors[0]) == [1]
    assert list(graph.neighbors[1]) == [0]
    assert list(graph.neighbors[2]) == [1]


def test_cells_touching_only_at_a_corner_are_queen_neighbours():
    cells = gpd.GeoSeries([shapely.box(0, 0, 1, 1), shapely.box(1, 1, 2, 2)])

    assert list(contiguity(cells).neighbors[0]) == [1]


def test_the_threshold_p_value_is_scipys_one_sided_binomial_test():
    flags, adjusted = threshold_test(np.array([11]), np.array([100]), 0.05, SETTINGS)

    expected = binomtest(11, 100, 0.05, alternative="greater").pvalue
    assert adjusted[0] == pytest.approx(expected)
    # P(X ≥ 11 | 100, 0.05) ≈ 0.0115 ≤ 0.05, 11 % ≥ 2 × 5 %, 11 ≥ 5 dwellings.
    assert flags.tolist() == [True]


def test_benjamini_hochberg_takes_away_a_flag_that_one_test_alone_would_give():
    events = np.array([11, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    base = np.full(10, 100)

    flags, adjusted = threshold_test(events, base, 0.05, SETTINGS)

    # The smallest of 10 p-values is multiplied by 10 / 1: 0.0115 × 10 ≈ 0.115 > 0.05.
    raw = binomtest(11, 100, 0.05, alternative="greater").pvalue
    assert adjusted[0] == pytest.approx(10 * raw)
    assert not flags.any()


def test_fewer_than_five_municipal_dwellings_are_never_flagged_by_threshold():
    # 4 of 10 is 40 %, far above 2 × 5 %, and P(X ≥ 4 | 10, 0.05) ≈ 0.001, but only 4 dwellings.
    flags, _ = threshold_test(np.array([4]), np.array([10]), 0.05, SETTINGS)

    assert flags.tolist() == [False]


def test_more_municipal_dwellings_than_dwellings_is_a_data_error_not_a_crash():
    areas = grid_areas(2, 2)
    counts = pl.DataFrame(
        {
            "grunnkrets": areas["grunnkrets"].tolist(),
            "kommunale_boliger": [12, 2, 2, 0],
            "boliger_totalt": [10, 100, 100, 0],
        }
    )

    result = assess_areas(areas, counts, SETTINGS)

    assert result["datafeil"].to_list() == [True, False, False, False]
    assert result["flagg_terskel"].to_list() == [False] * 4
    assert result["p_terskel"][0] is None
    # The data error's 120 % is still shown, so the page can point at it.
    assert result["andel"][0] == pytest.approx(120.0)


def test_one_rate_everywhere_gives_no_cluster_and_no_division_error():
    areas = grid_areas(3, 3)
    counts = pl.DataFrame(
        {
            "grunnkrets": areas["grunnkrets"].tolist(),
            "kommunale_boliger": [3] * 9,
            "boliger_totalt": [100] * 9,
        }
    )

    result = assess_areas(areas, counts, SETTINGS)

    assert result["flagg_klynge"].to_list() == [False] * 9
    assert result["lokasjonskvotient"].to_list() == pytest.approx([1.0] * 9)


def test_unknown_housing_stock_leaves_the_area_out_of_the_municipality():
    counts = pl.DataFrame(
        {"grunnkrets": ["a", "b"], "kommunale_boliger": [5, 3], "boliger_totalt": [100, None]},
        schema_overrides={"boliger_totalt": pl.Int64},
    )

    shares = with_shares(counts)

    # Only area a counts: 5 / 100 = 5 %; b has no share.
    assert shares["andel_kommunen"].to_list() == [5.0, 5.0]
    assert shares["andel"].to_list() == [5.0, None]
