"""The Levekår maps: classes and legend on the map, escaping, hidden small counts, and colours
that stay apart for readers with colour-vision deficiencies."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import polars as pl
import pytest

from core.i18n import in_bokmal
from geo.living_conditions import (
    BIVARIATE_COLOURS,
    INDICATOR_COLOURS,
    bivariate_legend,
    bivariate_view,
    comparison_areas,
    comparison_table,
)
from geo.living_conditions_map import bivariate_map, indicator_map
from geo.maps import HIDDEN_COLOUR, NO_VALUE_COLOUR
from geo.synthetic import grid_areas

MARKUP = "<img src=x onerror=alert(1)>"
SHAPES = comparison_areas(grid_areas(3, 3), "grunnkrets")
CODES = SHAPES["omrade"].tolist()
CONCENTRATION = pl.DataFrame(
    {
        "omrade": CODES,
        "navn": SHAPES["navn"].tolist(),
        "kommunale_boliger": [0, 2, 5, 8, 10, 6, 20, 7, 1],
        "boliger_totalt": [100] * 9,
        "andel": [0.0, 2.0, 5.0, 8.0, 10.0, 6.0, 20.0, 7.0, 1.0],
        "lokasjonskvotient": [1.0] * 9,
        "flagget": [False] * 9,
    }
)
VALUES = pl.DataFrame({"omrade": CODES, "levekar": [1.0, 2, 3, 4, 5, 6, 7, 8, 9]})


def as_javascript_reads_it(html: str) -> str:
    """The map's HTML with the escapes of JSON strings undone: what the browser's code gets."""
    for escaped, character in (("\\u003c", "<"), ("\\u003e", ">"), ("\\u0026", "&")):
        html = html.replace(escaped, character)
    return html


def _bivariate_html(
    shapes=SHAPES, indicator_name="Lavinntekt", may_see_small_counts=False, **options
) -> str:
    table, breaks = bivariate_view(
        comparison_table(CONCENTRATION, VALUES),
        True,
        may_see_small_counts=may_see_small_counts,
        small_count=5,
    )
    legend = bivariate_legend(breaks, indicator_name, " %")
    view = bivariate_map(
        shapes, table, legend, may_see_small_counts=may_see_small_counts, tiles=None, **options
    )
    return as_javascript_reads_it(view.get_root().render())


def test_the_bivariate_map_colours_each_area_by_its_two_classes():
    html = _bivariate_html(may_see_small_counts=True)

    # Shares sorted 0, 1, 2, 5, 6, 7, 8, 10, 20: breaks 3.5 and 7.5; living 1–9: 3.5 and 6.5.
    # The area with 20 % and levekår 7 is (3, 3); 10 % and 5 is (3, 2); 0 % and 1 is (1, 1).
    # No area has a high share and good living conditions (3, 1). (The legend shows all nine
    # colours; the areas' own colours are their `farge`.)
    for classes in ((3, 3), (3, 2), (1, 1)):
        assert f'"farge": "{BIVARIATE_COLOURS[classes]}"' in html
    assert f'"farge": "{BIVARIATE_COLOURS[(3, 1)]}"' not in html
    for text in (
        "Kommunale boliger og levekår",
        "til og med 3,5 %",
        "over 7,5 %",
        "over 6,5 %",
        "Dobbel belastning",
        "Kommunegrense",
        '"dobbel_tekst": "ja"',
    ):
        assert text in html, text


def test_the_bivariate_map_hides_small_counts_from_viewers_without_the_right():
    hidden = _bivariate_html(may_see_small_counts=False)
    shown = _bivariate_html(may_see_small_counts=True)

    # The area with 2 municipal dwellings: its count and share are ':' and it is grey.
    assert '"kommunale": ":"' in hidden and '"andel": ":"' in hidden
    assert f'"farge": "{HIDDEN_COLOUR}"' in hidden and f'"farge": "{HIDDEN_COLOUR}"' not in shown
    assert "Skjult (færre enn 5 kommunale)" in hidden
    # The reader's terciles come from the six areas with 5 or more: 5, 6, 7, 8, 10, 20 %.
    assert "til og med 6,5 %" in hidden and "til og med 3,5 %" in shown
    assert '"kommunale": "2"' in shown and '"kommunale": "2"' not in hidden
    assert '"andel": "2,0 %"' in shown and '"andel": "2,0 %"' not in hidden


def test_an_area_name_with_markup_reaches_the_bivariate_map_as_text():
    shapes = SHAPES.copy()
    shapes.loc[0, "navn"] = MARKUP
    shapes.loc[1, "omrade"] = "<b>0002</b>"

    html = _bivariate_html(shapes, indicator_name="<script>alert(1)</script>")

    assert '"navn": "&lt;img src=x onerror=alert(1)&gt;"' in html
    assert '"omrade": "&lt;b&gt;0002&lt;/b&gt;"' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html and "<b>0002" not in html and "<script>alert" not in html


def test_an_area_name_with_markup_reaches_the_indicator_map_as_text():
    shapes = SHAPES.copy()
    shapes.loc[0, "navn"] = MARKUP

    view = indicator_map(
        shapes, VALUES, indicator_name="<i>Lavinntekt</i>", high_is_bad=True, tiles=None
    )
    html = as_javascript_reads_it(view.get_root().render())

    assert '"navn": "&lt;img src=x onerror=alert(1)&gt;"' in html
    assert "&lt;i&gt;Lavinntekt&lt;/i&gt;" in html
    assert "<img" not in html and "<i>Lavinntekt" not in html


def test_every_text_the_maps_speak_is_escaped_whatever_the_translation_says():
    def markup(text: str, **values: object) -> str:
        return "<script>alert(1)</script>" + in_bokmal(text, **values)

    html = _bivariate_html(say=markup)

    assert "&lt;script&gt;alert(1)&lt;/script&gt;Kommunegrense" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Dobbel belastning" in html
    assert "<script>alert(1)" not in html


def test_the_indicator_map_has_five_classes_darkest_where_living_conditions_are_poorest():
    view = indicator_map(SHAPES, VALUES, indicator_name="Uføretrygd", high_is_bad=True, tiles=None)
    html = view.get_root().render()

    # Nine values 1–9: ranks 2, 4, 6, 8: breaks 2.5, 4.5, 6.5, 8.5; 9 is alone in the darkest.
    for colour in INDICATOR_COLOURS:
        assert f'"farge": "{colour}"' in html
    for text in ("til og med 2,5", "2,5–4,5", "over 8,5", "Mørkere er dårligere levekår."):
        assert text in html, text
    assert '"verdi": "9,0"' in html


def test_an_area_without_a_value_is_grey_on_the_indicator_map():
    values = VALUES.with_columns(
        pl.when(pl.col("omrade") == CODES[0]).then(None).otherwise("levekar").alias("levekar")
    )

    html = (
        indicator_map(SHAPES, values, indicator_name="Uføretrygd", high_is_bad=True, tiles=None)
        .get_root()
        .render()
    )

    # JSON writes the dash "–" as \u2013.
    assert f'"farge": "{NO_VALUE_COLOUR}"' in html and '"verdi": "\\u2013"' in html


def test_without_areas_the_maps_say_why_they_cannot_be_drawn():
    with pytest.raises(ValueError, match="Ingen områder"):
        indicator_map(SHAPES.iloc[:0], VALUES, indicator_name="x", high_is_bad=True)


def test_with_too_few_areas_the_bivariate_map_says_so_in_its_legend():
    few = comparison_table(CONCENTRATION.tail(2), VALUES)
    table, breaks = bivariate_view(few, True, may_see_small_counts=True, small_count=5)

    view = bivariate_map(SHAPES, table, None, may_see_small_counts=True, tiles=None)

    assert breaks is None
    assert "For få områder med begge tall" in view.get_root().render()


def test_a_planners_table_is_refused_on_a_readers_map():
    table, breaks = bivariate_view(
        comparison_table(CONCENTRATION, VALUES), True, may_see_small_counts=True, small_count=5
    )
    legend = bivariate_legend(breaks, "Lavinntekt")

    with pytest.raises(ValueError, match="ikke laget for en leser"):
        bivariate_map(SHAPES, table, legend, may_see_small_counts=False, tiles=None)


# Colour-vision deficiency simulated as Machado, Oliveira and Fernandes (2009) do it at full
# severity, on linear RGB; differences as CIE76 ΔE in CIELAB (D65).
SIMULATIONS = {
    "normal": np.eye(3),
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
    "tritanopia": np.array(
        [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ]
    ),
}
SRGB_TO_XYZ = np.array(
    [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]
)
D65 = np.array([0.95047, 1.0, 1.08883])


def _lab(colour: str, simulation: np.ndarray) -> np.ndarray:
    """CIELAB of a '#rrggbb' colour as a viewer with the simulated vision sees it."""
    srgb = np.array([int(colour[index : index + 2], 16) for index in (1, 3, 5)]) / 255
    linear = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    ratio = SRGB_TO_XYZ @ np.clip(simulation @ linear, 0, 1) / D65
    f = np.where(ratio > 216 / 24389, np.cbrt(ratio), (24389 / 27 * ratio + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _closest_pair(colours: list[str], simulation: np.ndarray) -> float:
    labs = [_lab(colour, simulation) for colour in colours]
    return min(float(np.linalg.norm(a - b)) for a, b in combinations(labs, 2))


def test_the_colour_check_tells_a_red_green_pair_apart_from_a_safe_one():
    # Red and green merge for a deuteranope: the check must see that, or it proves nothing.
    red_green = ["#d62728", "#2ca02c"]

    assert _closest_pair(red_green, SIMULATIONS["normal"]) > 50
    assert _closest_pair(red_green, SIMULATIONS["deuteranopia"]) < 15


@pytest.mark.parametrize("vision", SIMULATIONS)
def test_the_nine_bivariate_colours_stay_apart_for_every_kind_of_colour_vision(vision):
    assert _closest_pair(list(BIVARIATE_COLOURS.values()), SIMULATIONS[vision]) >= 12


@pytest.mark.parametrize("vision", SIMULATIONS)
def test_the_indicator_colours_stay_apart_from_each_other_and_the_greys(vision):
    colours = [*INDICATOR_COLOURS, NO_VALUE_COLOUR, HIDDEN_COLOUR]
    # The two greys of geo/maps.py are ΔE 8 apart; every other pair at least as far.
    assert _closest_pair(colours, SIMULATIONS[vision]) >= 8
    bivariate_and_greys = [*BIVARIATE_COLOURS.values(), NO_VALUE_COLOUR, HIDDEN_COLOUR]
    assert _closest_pair(bivariate_and_greys, SIMULATIONS[vision]) >= 8
