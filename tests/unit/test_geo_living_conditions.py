"""Living conditions by area: delområder, bivariate classes, double burden, Lee's L."""

from __future__ import annotations

import math

import esda
import geopandas as gpd
import numpy as np
import pandas as pd
import polars as pl
import pytest
import shapely
from libpysal.weights import KNN, Queen, attach_islands
from polars.testing import assert_frame_equal
from scipy import sparse

from core.settings import GeoSettings
from geo.living_conditions import (
    COMPUTED_INDEX,
    GLOBAL_PERMUTATIONS,
    MIN_AREAS,
    SiteLivingConditions,
    association_for,
    bivariate_association,
    bivariate_classes,
    bivariate_legend,
    bivariate_view,
    class_breaks,
    class_labels,
    class_of,
    comparison_areas,
    comparison_table,
    concentration_at,
    delomrade_concentration,
    delomrade_values,
    double_burden,
    for_viewer,
    indicator_classes,
    local_association,
    population_in,
    site_living_conditions,
    smoothing_weights,
    survey_level,
    with_computed_index,
)
from geo.synthetic import cell_code, grid_areas

QUICK = GeoSettings(permutations=999)


def _grid_of_delomrader() -> gpd.GeoDataFrame:
    """4 rows × 2 columns of grunnkretser; each row is a delområde (110800 … 110803)."""
    areas = grid_areas(4, 2)
    areas["delomradenavn"] = [f"Del {code[4:6]}" for code in areas["grunnkrets"]]
    return areas


def _grunnkrets_concentration() -> pl.DataFrame:
    """The columns of `concentration_for_month` that the aggregation reads, made by hand."""
    areas = _grid_of_delomrader()
    return pl.DataFrame(
        {
            "grunnkrets": areas["grunnkrets"].tolist(),
            "navn": areas["navn"].tolist(),
            "delomrade": areas["delomrade"].tolist(),
            "kommunale_boliger": [25, 15, 1, 3, 2, 0, 1, 0],
            "boliger_totalt": [100, 100, 80, 120, 1, 199, 100, None],
            "flagg_terskel": [True, False, False, False, False, False, False, False],
            "flagg_klynge": [False, False, False, True, False, False, False, False],
            "datafeil": [False, False, False, False, True, False, False, False],
        }
    )


def test_the_concentration_of_a_delomrade_is_worked_out_from_its_summed_grunnkretser():
    result = delomrade_concentration(
        _grid_of_delomrader(), _grunnkrets_concentration(), QUICK
    ).sort("delomrade")

    # Sums: 110800 40 of 200, 110801 4 of 200, 110802 2 of 200, 110803 1 of an unknown total
    # (one grunnkrets lacks boliger_totalt). The municipality: 46 of 600 = 7.6667 %.
    assert result["kommunale_boliger"].to_list() == [40, 4, 2, 1]
    assert result["boliger_totalt"].to_list() == [200, 200, 200, None]
    assert result["andel"].to_list()[:3] == pytest.approx([20.0, 2.0, 1.0])
    assert result["andel"][3] is None
    assert result["andel_kommunen"][0] == pytest.approx(100 * 46 / 600)
    # LQ = (40 / 46) / (200 / 600) = 120 / 46; (4 / 46) / (1 / 3) = 12 / 46; 6 / 46.
    assert result["lokasjonskvotient"].to_list()[:3] == pytest.approx([120 / 46, 12 / 46, 6 / 46])
    assert result["lokasjonskvotient"][3] is None


def test_a_delomrade_is_flagged_on_its_own_figures_and_keeps_count_of_its_flagged_grunnkretser():
    result = delomrade_concentration(
        _grid_of_delomrader(), _grunnkrets_concentration(), QUICK
    ).sort("delomrade")

    # 20 % ≥ 2 × 7.67 %, 40 ≥ 5 dwellings, and P(X ≥ 40 | 200, 0.0767) ≈ 1e-10 stays below 0.05
    # after correction over three areas. 2 % and 1 % fail the factor.
    assert result["flagg_terskel"].to_list() == [True, False, False, False]
    assert result["grunnkretser"].to_list() == [2, 2, 2, 2]
    assert result["grunnkretser_flagget"].to_list() == [1, 1, 0, 0]
    assert result["delomradenavn"].to_list() == ["Del 00", "Del 01", "Del 02", "Del 03"]


def test_a_data_error_in_one_grunnkrets_marks_its_delomrade():
    result = delomrade_concentration(
        _grid_of_delomrader(), _grunnkrets_concentration(), QUICK
    ).sort("delomrade")

    # 110802's first grunnkrets has 2 municipal of 1 dwelling; the sum (2 of 200) looks fine.
    assert result["datafeil"].to_list() == [False, False, True, False]


def test_the_concentration_at_grunnkrets_level_is_the_months_table_keyed_by_omrade():
    concentration = _grunnkrets_concentration().with_columns(
        andel=pl.lit(1.0), lokasjonskvotient=pl.lit(1.0)
    )

    table = concentration_at("grunnkrets", _grid_of_delomrader(), concentration, QUICK)

    assert table.columns == [
        "omrade",
        "navn",
        "kommunale_boliger",
        "boliger_totalt",
        "andel",
        "lokasjonskvotient",
        "flagget",
    ]
    # Flagged by either flag: the first by threshold, the fourth by cluster.
    assert table["flagget"].to_list() == [True, False, False, True, False, False, False, False]


def test_a_grunnkrets_survey_becomes_delomrader_weighted_by_inhabitants():
    areas = pl.DataFrame(
        {
            "grunnkrets": ["11080001", "11080002", "11080101", "11080102", "11080201"],
            "delomrade": ["110800", "110800", "110801", "110801", "110802"],
        }
    )
    population = pl.DataFrame(
        {
            "grunnkrets": ["11080001", "11080002", "11080101", "11080102"],
            "innbyggere": [300, 100, 100, 300],
        }
    )
    values = pl.DataFrame(
        {
            "omrade": ["11080001", "11080002", "11080101", "11080201"],
            "levekar": [10.0, 20.0, 5.0, 7.0],
        }
    )

    result = delomrade_values(values, areas, population)

    # 110800: (10 × 300 + 20 × 100) / 400 = 12.5, all inhabitants covered. 110801: only 100 of
    # 400 inhabitants (25 %) have a value, below the 50 % needed. 110802: no inhabitants known.
    expected = pl.DataFrame(
        {
            "omrade": ["110800", "110801", "110802"],
            "levekar": [12.5, None, None],
            "dekning": [100.0, 25.0, None],
        }
    )
    assert_frame_equal(result, expected)


def test_the_population_is_the_latest_year_up_to_the_survey_else_the_earliest():
    stats = pl.DataFrame(
        {"grunnkrets": ["a", "a", "b"], "aar": [2019, 2021, 2023], "innbyggere": [100, 120, 50]}
    )

    assert population_in(stats, 2020).sort("grunnkrets")["innbyggere"].to_list() == [100, 50]
    assert population_in(stats, 2022).sort("grunnkrets")["innbyggere"].to_list() == [120, 50]
    # 2018 is before every year: each area's earliest.
    assert population_in(stats, 2018).sort("grunnkrets")["innbyggere"].to_list() == [100, 50]


@pytest.mark.parametrize(
    ("codes", "level"), [(["11080001", "11080002"], "grunnkrets"), (["110800"], "delomrade")]
)
def test_the_surveys_level_comes_from_its_codes(codes, level):
    assert survey_level(pl.DataFrame({"omrade": codes})) == level


def test_a_survey_with_both_levels_is_refused():
    with pytest.raises(ValueError, match="enten bare grunnkretser eller bare delområder"):
        survey_level(pl.DataFrame({"omrade": ["11080001", "110800"]}))


def test_the_computed_index_is_the_mean_of_oriented_z_scores_over_complete_areas():
    survey = pl.DataFrame(
        {
            "omrade": ["1", "2", "3", "1", "2", "1"],
            "aar": [2024] * 6,
            "indikator": ["lavinntekt", "lavinntekt", "lavinntekt", "utdanning", "utdanning", "x"],
            "verdi": [1.0, 2.0, 3.0, 30.0, 10.0, 99.0],
        }
    )

    result = with_computed_index(survey, {"lavinntekt": True, "utdanning": False})

    # lavinntekt (high is bad): mean 2, sd √(2/3): z = −√1.5, 0, √1.5. utdanning (high is good)
    # over areas 1 and 2: mean 20, sd 10: z = 1, −1, turned: −1, 1. Area 1: (−√1.5 − 1) / 2;
    # area 2: (0 + 1) / 2; area 3 lacks utdanning, so it has no index. x has no direction.
    index = result.filter(pl.col("indikator") == COMPUTED_INDEX).sort("omrade")
    assert index["omrade"].to_list() == ["1", "2"]
    assert index["verdi"].to_list() == pytest.approx([(-math.sqrt(1.5) - 1) / 2, 0.5])
    assert result.height == survey.height + 2


def test_with_one_indicator_with_a_direction_no_index_is_computed():
    survey = pl.DataFrame(
        {"omrade": ["1", "2"], "aar": [2024, 2024], "indikator": ["a", "a"], "verdi": [1.0, 2.0]}
    )

    assert_frame_equal(with_computed_index(survey, {"a": True}), survey)


def test_tercile_breaks_keep_equal_values_in_one_class():
    values = [0, 0, 0, 0, 1, 2, 3, 5, 8]

    breaks = class_breaks(values, 3)

    # Nine values: ranks 3 and 6. Break 1 midway between the 3rd and 4th (0 and 0) = 0; break 2
    # midway between the 6th and 7th (2 and 3) = 2.5. All four zeros are in class 1.
    assert breaks == (0.0, 2.5)
    classes = pl.DataFrame({"v": [*values, None]}).select(class_of(pl.col("v"), breaks))
    assert classes["v"].to_list() == [1, 1, 1, 1, 2, 2, 3, 3, 3, None]


def test_fewer_values_than_classes_give_no_breaks():
    assert class_breaks([1.0, 2.0], 3) is None


def _comparison(levekar: list[float | None], andel: list[float]) -> pl.DataFrame:
    count = len(andel)
    return pl.DataFrame(
        {
            "omrade": [f"11080{index:03d}" for index in range(count)],
            "navn": [f"Område {index}" for index in range(count)],
            "kommunale_boliger": [10] * count,
            "boliger_totalt": [100] * count,
            "andel": andel,
            "lokasjonskvotient": [1.0] * count,
            "flagget": [False] * count,
            "levekar": levekar,
        },
        schema_overrides={"levekar": pl.Float64, "andel": pl.Float64},
    )


def test_when_a_high_value_is_good_the_lowest_values_are_the_poor_class():
    comparison = _comparison(levekar=[60, 50, 70, 40, 80, 30, None], andel=[1, 2, 3, 4, 5, 6, 100])

    classified, breaks = bivariate_classes(comparison, high_is_bad=False)

    # Six areas have both values (the seventh's 100 % is left out of the breaks). Shares: ranks
    # 2 and 4: breaks 2.5 and 4.5. Living conditions turned (−60, −50, …): sorted −80, −70, −60,
    # −50, −40, −30: breaks −65 and −45, that is 65 and 45 in the survey's own values.
    assert classified["klasse_andel"].to_list() == [1, 1, 2, 2, 3, 3, None]
    assert classified["klasse_levekar"].to_list() == [2, 2, 1, 3, 1, 3, None]
    assert breaks.share == (2.5, 4.5)
    assert breaks.living == (45.0, 65.0)
    assert breaks.areas == 6


def test_when_a_high_value_is_bad_the_highest_values_are_the_poor_class():
    comparison = _comparison(levekar=[60, 50, 70, 40, 80, 30], andel=[1, 2, 3, 4, 5, 6])

    classified, breaks = bivariate_classes(comparison, high_is_bad=True)

    # Sorted 30, 40, 50, 60, 70, 80: breaks 45 and 65; 70 and 80 are poor.
    assert classified["klasse_levekar"].to_list() == [2, 2, 3, 1, 3, 1]
    assert breaks.living == (45.0, 65.0)


def test_with_fewer_than_three_areas_with_both_values_there_are_no_classes():
    classified, breaks = bivariate_classes(_comparison([1.0, None, 2.0], [1, 2, 3]), True)

    assert breaks is None
    assert classified["klasse_andel"].null_count() == 3


def test_the_class_labels_read_from_the_best_class_to_the_poorest():
    assert class_labels((45.0, 65.0), True, " %") == [
        "til og med 45,0 %",
        "45,0–65,0 %",
        "over 65,0 %",
    ]
    assert class_labels((45.0, 65.0), False) == ["65,0 og over", "45,0–65,0", "under 45,0"]


def test_the_legend_names_each_of_the_nine_classes_and_its_axes():
    _, breaks = bivariate_classes(
        _comparison(levekar=[60, 50, 70, 40, 80, 30], andel=[1, 2, 3, 4, 5, 6]), False
    )

    legend = bivariate_legend(breaks, "Andel med høyere utdanning", " %")

    assert legend.share_labels == ("til og med 2,5 %", "2,5–4,5 %", "over 4,5 %")
    assert legend.living_labels == ("65,0 % og over", "45,0–65,0 %", "under 45,0 %")
    assert legend.living_title == "Andel med høyere utdanning"
    labels = {(cell.share_class, cell.living_class): cell.label for cell in legend.cells}
    assert labels[(3, 3)] == "Høy andel kommunale boliger og dårlige levekår"
    assert labels[(1, 1)] == "Lav andel kommunale boliger og gode levekår"
    assert len(legend.cells) == 9
    assert "6 områdene" in legend.note


def test_a_single_indicator_gets_five_classes_darkest_for_the_poorest():
    values = pl.DataFrame(
        {"omrade": [str(n) for n in range(11)], "levekar": [*range(10, 0, -1), None]},
        schema_overrides={"levekar": pl.Float64},
    )

    classified, breaks = indicator_classes(values, high_is_bad=False)

    # Ten values, high is good: turned −10 … −1; ranks 2, 4, 6, 8: breaks −8.5, −6.5, −4.5,
    # −2.5, that is 2.5, 4.5, 6.5, 8.5 in the survey's values. 10 and 9 are the best class.
    assert breaks == (2.5, 4.5, 6.5, 8.5)
    assert classified["klasse"].to_list() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, None]


def _classified() -> pl.DataFrame:
    """Areas with their classes set by hand, in no particular order."""
    rows = [
        # omrade, kommunale_boliger, andel, flagget, levekar, klasse_andel, klasse_levekar
        ("G", 30, 9.0, False, 6.0, 2, 2),
        ("H", 10, 3.0, False, None, None, None),
        ("C", 40, 20.0, False, 5.0, 3, 2),
        ("E", 20, 5.0, False, 5.0, 2, 2),
        ("B", 12, 1.0, True, 8.0, 1, 3),
        ("F", 25, 8.0, False, 6.0, 2, 2),
        ("A", 50, 25.0, False, 9.0, 3, 3),
        ("D", 30, 10.0, False, 7.0, 2, 3),
        ("S", 3, 30.0, False, 9.5, 3, 3),
    ]
    frame = pl.DataFrame(
        rows,
        schema={
            "omrade": pl.String,
            "kommunale_boliger": pl.Int64,
            "andel": pl.Float64,
            "flagget": pl.Boolean,
            "levekar": pl.Float64,
            "klasse_andel": pl.Int8,
            "klasse_levekar": pl.Int8,
        },
        orient="row",
    )
    return frame.with_columns(lokasjonskvotient=pl.col("andel") / 10)


def test_double_burden_comes_first_then_the_documented_order():
    result = double_burden(_classified(), True)

    # Double burden: S (3 + 3, levekår 9.5), A (3 + 3, 9.0), B (flagged, poor). Then by the sum of
    # classes: D and C (5; D's poor living conditions first), then G, F, E (4; all class 2:
    # levekår 6, 6, 5, and G's 9 % before F's 8 %), then H without classes.
    assert result["omrade"].to_list() == ["S", "A", "B", "D", "C", "G", "F", "E", "H"]
    assert result["dobbel_belastning"].to_list() == [True] * 3 + [False] * 6
    assert result["rekkefolge"].to_list() == list(range(1, 10))


def _with_a_small_count() -> pl.DataFrame:
    """Seven areas; the last, with 30 % and the poorest living conditions, has 3 municipal."""
    comparison = _comparison(levekar=[1, 2, 3, 4, 5, 6, 7], andel=[1, 2, 3, 4, 5, 6, 30])
    return comparison.with_columns(
        pl.when(pl.col("andel") == 30)
        .then(3)
        .otherwise("kommunale_boliger")
        .alias("kommunale_boliger")
    )


def test_a_viewer_with_the_right_gets_classes_from_every_area():
    table, breaks = bivariate_view(
        _with_a_small_count(), True, may_see_small_counts=True, small_count=5
    )

    # Seven areas: ranks 3 and 5; shares 1, 2, 3, 4, 5, 6, 30: breaks 3.5 and 5.5.
    assert breaks.share == (3.5, 5.5)
    assert not table["skjult"].any()
    first = table.row(0, named=True)
    assert (first["andel"], first["kommunale_boliger"], first["dobbel_belastning"]) == (30, 3, True)


def test_a_viewer_without_the_right_gets_classes_only_from_what_they_may_see():
    table, breaks = bivariate_view(
        _with_a_small_count(), True, may_see_small_counts=False, small_count=5
    )

    # The 30 % area is hidden: its count, share and LQ go, and the breaks come from the other
    # six (ranks 2 and 4: 2.5 and 4.5), so no break is a midpoint next to a hidden share.
    assert breaks.share == (2.5, 4.5) and breaks.areas == 6
    hidden = table.filter(pl.col("skjult")).row(0, named=True)
    assert (hidden["kommunale_boliger"], hidden["andel"], hidden["lokasjonskvotient"]) == (
        None,
        None,
        None,
    )
    assert (hidden["klasse_andel"], hidden["dobbel_belastning"], hidden["rekkefolge"]) == (
        None,
        False,
        7,
    )
    # 6 % and levekår 6 is now the top of both: the double burden comes first.
    first = table.row(0, named=True)
    assert (first["andel"], first["dobbel_belastning"]) == (6.0, True)


def test_a_viewer_with_the_right_sees_every_count():
    shown = for_viewer(_with_a_small_count(), may_see_small_counts=True, small_count=5)

    assert not shown["skjult"].any()
    assert shown["kommunale_boliger"].to_list() == [10] * 6 + [3]


def test_the_comparison_has_every_area_and_the_survey_value_where_there_is_one():
    concentration = pl.DataFrame(
        {
            "omrade": ["a", "b"],
            "navn": ["A", "B"],
            "kommunale_boliger": [1, 2],
            "boliger_totalt": [10, 20],
            "andel": [10.0, 10.0],
            "lokasjonskvotient": [1.0, 1.0],
            "flagget": [False, True],
        }
    )
    values = pl.DataFrame({"omrade": ["b", "z"], "levekar": [4.0, 5.0]})

    table = comparison_table(concentration, values)

    # z is no area of ours (the upload's validation warns of it); a has no survey value.
    assert table["omrade"].to_list() == ["a", "b"]
    assert table["levekar"].to_list() == [None, 4.0]


# Lee's L on a 4 × 4 lattice with a planted relation: both rise towards the north-east corner.
ROWS, COLUMNS = np.divmod(np.arange(16), 4)
PLANTED_SHARE = (ROWS + COLUMNS) * 2.0 + np.array([0.3, -0.2, 0.1, 0.0] * 4)
PLANTED_LIVING = (ROWS + COLUMNS) * 1.5 + np.array([0.0, 0.4, -0.3, 0.2, -0.1] * 3 + [0.1])


def _lees_weights_by_libpysal(areas: gpd.GeoDataFrame) -> sparse.csr_matrix:
    """Queen contiguity with islands joined to their nearest, plus each area itself, rows to 1."""
    queen = Queen.from_dataframe(areas, use_index=False, silence_warnings=True)
    queen = attach_islands(queen, KNN.from_dataframe(areas, k=1, silence_warnings=True))
    full = queen.full()[0] + np.eye(len(areas))
    return sparse.csr_matrix(full / full.sum(axis=1, keepdims=True))


def test_the_smoothing_weights_are_queen_neighbours_and_the_area_itself_in_equal_parts():
    areas = grid_areas(4, 4)

    weights = smoothing_weights(areas.geometry)

    # The south-west corner cell touches 3 cells: itself and each of them weigh 1/4.
    assert weights[0].toarray().ravel()[[0, 1, 4, 5]] == pytest.approx([0.25] * 4)
    assert weights.sum() == pytest.approx(16)
    assert (weights != _lees_weights_by_libpysal(areas)).nnz == 0


def test_an_area_without_neighbours_is_smoothed_with_its_nearest():
    cells = gpd.GeoSeries(
        [shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1), shapely.box(5, 0, 6, 1)]
    )

    weights = smoothing_weights(cells).toarray()

    # Cell 2 lies alone; its nearest is cell 1: itself and cell 1 weigh a half each.
    assert weights[2].tolist() == [0.0, 0.5, 0.5]


def test_lees_l_is_esdas_statistic_and_pseudo_p_for_the_same_seed():
    areas = grid_areas(4, 4)

    result = bivariate_association(areas.geometry, PLANTED_SHARE, PLANTED_LIVING, QUICK)

    np.random.seed(QUICK.seed)
    expected = esda.Spatial_Pearson(
        connectivity=_lees_weights_by_libpysal(areas), permutations=GLOBAL_PERMUTATIONS
    ).fit(PLANTED_SHARE.reshape(-1, 1), PLANTED_LIVING.reshape(-1, 1))
    assert result.statistic == pytest.approx(expected.association_[0, 1])
    assert result.p_value == pytest.approx(expected.significance_[0, 1])
    assert result.correlation == pytest.approx(np.corrcoef(PLANTED_SHARE, PLANTED_LIVING)[0, 1])
    # Both rise to one corner: no permutation comes near, so p is its smallest, 1 / 1000.
    assert result.permutations == GLOBAL_PERMUTATIONS == 999
    assert result.p_value == pytest.approx(1 / 1000)
    assert result.together
    assert "ligger samlet i de samme delene av kommunen" in result.words()


def test_the_local_lees_l_is_esdas_and_its_mean_is_the_global_l():
    areas = grid_areas(4, 4)

    local = local_association(areas.geometry, PLANTED_SHARE, PLANTED_LIVING, QUICK)
    overall = bivariate_association(areas.geometry, PLANTED_SHARE, PLANTED_LIVING, QUICK)

    np.random.seed(QUICK.seed)
    expected = esda.Spatial_Pearson_Local(
        connectivity=_lees_weights_by_libpysal(areas), permutations=QUICK.permutations
    ).fit(PLANTED_SHARE.reshape(-1, 1), PLANTED_LIVING.reshape(-1, 1))
    assert local["lokal_l"].to_numpy() == pytest.approx(expected.associations_)
    assert local["p_lokal"].to_numpy() == pytest.approx(expected.significance_)
    assert local["lokal_l"].mean() == pytest.approx(overall.statistic)
    # The north-east corner (cell 15) is high on both; the south-west corner low on both.
    assert local["kvadrant"][15] == "hoy_hoy" and local["kvadrant"][0] == "lav_lav"
    assert not local.filter(pl.col("driver"))["kvadrant"].is_in(["lav_lav", "hoy_lav"]).any()


def test_a_share_rising_north_and_living_conditions_rising_east_do_not_cluster_together():
    areas = grid_areas(4, 4)

    result = bivariate_association(areas.geometry, ROWS.astype(float), COLUMNS.astype(float), QUICK)

    # Pearson's r of row and column numbers over a full grid is 0.
    assert result.correlation == pytest.approx(0.0, abs=1e-12)
    assert not result.together
    assert "ingen klare tegn" in result.words()


def test_with_too_few_areas_there_is_no_statistic_and_the_words_say_why():
    areas = grid_areas(3, 3)
    values = np.arange(9, dtype=float)

    result = bivariate_association(areas.geometry, values, values, QUICK)

    assert MIN_AREAS > 9
    assert result.statistic is None and not result.together
    assert "for få områder med begge tall (9)" in result.words()
    assert local_association(areas.geometry, values, values, QUICK).is_empty()


def test_the_statistic_leaves_numpys_global_generator_as_it_was():
    areas = grid_areas(4, 4)
    np.random.seed(7)
    expected = np.random.random()

    np.random.seed(7)
    bivariate_association(areas.geometry, PLANTED_SHARE, PLANTED_LIVING, QUICK)

    assert np.random.random() == expected


def test_the_association_is_worked_out_on_the_areas_with_both_values_whatever_their_order():
    areas = grid_areas(4, 4)
    shapes = comparison_areas(areas, "grunnkrets")
    codes = shapes["omrade"].tolist()
    comparison = _comparison(levekar=list(PLANTED_LIVING), andel=list(PLANTED_SHARE)).with_columns(
        pl.Series("omrade", codes)
    )
    without_value = pl.DataFrame({"omrade": ["99999999"], "andel": [50.0], "levekar": [None]})
    shuffled = pl.concat([comparison.reverse(), without_value], how="diagonal_relaxed")

    overall, local = association_for(shuffled, shapes, high_is_bad=True, settings=QUICK)

    expected = bivariate_association(areas.geometry, PLANTED_SHARE, PLANTED_LIVING, QUICK)
    assert overall.statistic == pytest.approx(expected.statistic)
    assert overall.areas == 16
    assert local["omrade"].to_list() == codes[::-1]
    assert local.filter(pl.col("omrade") == cell_code(3, 3))["kvadrant"].item() == "hoy_hoy"


def test_high_is_good_turns_the_living_conditions_before_the_statistic():
    areas = grid_areas(4, 4)
    shapes = comparison_areas(areas, "grunnkrets")
    comparison = _comparison(levekar=list(-PLANTED_LIVING), andel=list(PLANTED_SHARE)).with_columns(
        pl.Series("omrade", shapes["omrade"].tolist())
    )

    overall, _ = association_for(comparison, shapes, high_is_bad=False, settings=QUICK)

    # −(−living) is the planted living conditions again.
    expected = bivariate_association(areas.geometry, PLANTED_SHARE, PLANTED_LIVING, QUICK)
    assert overall.statistic == pytest.approx(expected.statistic)


def test_delomrader_are_the_union_of_their_grunnkretser_named_by_delomradenavn():
    areas = _grid_of_delomrader()

    shapes = comparison_areas(areas, "delomrade")

    assert shapes["omrade"].tolist() == ["110800", "110801", "110802", "110803"]
    assert shapes["navn"].tolist() == ["Del 00", "Del 01", "Del 02", "Del 03"]
    # Two 100 m cells each.
    assert shapes.geometry.area.tolist() == pytest.approx([20_000.0] * 4)


def test_grunnkretser_keep_their_own_names():
    areas = _grid_of_delomrader()
    extra = gpd.GeoDataFrame(
        pd.DataFrame({"grunnkrets": ["x"], "navn": ["X"], "delomrade": ["y"]}),
        geometry=[shapely.box(0, 0, 1, 1)],
        crs=areas.crs,
    )

    shapes = comparison_areas(pd.concat([areas, extra], ignore_index=True), "grunnkrets")

    assert shapes.columns.tolist() == ["omrade", "navn", "geometry"]
    assert shapes["navn"].tolist()[-1] == "X"


def _burden_by_delomrade() -> pl.DataFrame:
    comparison = _comparison(
        levekar=[60, 50, 70, 40, 80, 30], andel=[1, 2, 3, 4, 5, 6]
    ).with_columns(pl.Series("omrade", [f"1108{n:02d}" for n in range(6)]))
    table, _ = bivariate_view(comparison, False, may_see_small_counts=True, small_count=5)
    return table


def test_the_site_check_reads_the_living_conditions_of_the_sites_delomrade():
    burden = _burden_by_delomrade()

    site = site_living_conditions(burden, "delomrade", "11080301", "110803")

    # 110803 has 40 % with higher education: below 45, the poor tercile (see the classes above);
    # its share, 4 %, is the middle one, so it bears no double burden.
    assert (site.omrade, site.levekar, site.klasse_levekar) == ("110803", 40.0, 3)
    assert not site.dobbel_belastning
    assert site.words("Høyere utdanning", " %") == (
        "Høyere utdanning i Område 3: 40,0 % (dårlige levekår)."
    )


def test_the_site_check_says_when_the_area_already_bears_a_double_burden():
    site = site_living_conditions(_burden_by_delomrade(), "delomrade", "11080501", "110805")

    # 110805: 6 % municipal (top tercile) and 30 % with higher education (poor).
    assert site.dobbel_belastning
    assert site.words("Høyere utdanning", " %").endswith(
        "Området har allerede både høy andel kommunale boliger og dårlige levekår."
    )


def test_a_site_outside_the_surveys_areas_has_no_living_conditions():
    assert site_living_conditions(_burden_by_delomrade(), "delomrade", "11089901", "110899") is None
    assert site_living_conditions(_burden_by_delomrade(), "grunnkrets", "11089901", None) is None


def test_an_area_the_survey_has_no_value_for_says_so():
    site = SiteLivingConditions("grunnkrets", "11080101", None, None, None, False)

    assert site.words("Lavinntekt") == "Levekårsundersøkelsen har ikke tall for 11080101."
