"""The concentration map: layers and legend, and nothing a viewer may not see in its HTML."""

from __future__ import annotations

import polars as pl
import pytest

from core.i18n import in_bokmal, translator
from geo.buildings import RED
from geo.maps import SCALES, concentration_map
from geo.synthetic import grid_areas

AREAS = grid_areas(2, 2)
CONCENTRATION = pl.DataFrame(
    {
        "grunnkrets": AREAS["grunnkrets"].tolist(),
        "navn": AREAS["navn"].tolist(),
        "kommunale_boliger": [3, 17, 0, 6],
        "boliger_totalt": [100, 100, 0, 50],
        "andel": [3.0, 17.0, None, 12.0],
        "lokasjonskvotient": [0.4, 2.3, None, 1.6],
        "flagg_terskel": [False, True, False, False],
        "flagg_klynge": [False, True, False, True],
    }
)
# Coordinates with digits no other number on the map has, so their absence can be checked.
DWELLINGS = pl.DataFrame({"lat": [58.8512345, 58.8523456], "lon": [5.7345678, 5.7356789]})
BUILDINGS = pl.DataFrame(
    {
        "bygning_id": ["b1"],
        "kommunale_boliger": [5],
        "andel_av_bygning": [25.0],
        "flagg_bygning": [True],
        "borettslag": [RED],
        "lat": [58.8598765],
        "lon": [5.7398765],
    }
)


def _html(**options) -> str:
    view = concentration_map(
        AREAS, CONCENTRATION, buildings=BUILDINGS, dwellings=DWELLINGS, tiles=None, **options
    )
    return view.get_root().render()


def test_the_map_has_the_area_layers_and_a_norwegian_legend():
    html = _html()

    for text in (
        "Andel kommunale boliger",
        "Kommunegrense",
        "Flagget: over terskel",
        "Flagget: klynge (Local Moran)",
        "boligmonitor-legend",
        "15 % og over",
        "Ingen boliger eller ukjent",
    ):
        assert text in html


def test_a_viewer_without_the_right_gets_no_dwelling_or_building_points():
    html = _html(may_see_dwellings=False)

    assert "58.8512345" not in html and "5.7356789" not in html
    assert "58.8598765" not in html
    assert "Flaggede bygninger" not in html
    assert "markerClusterGroup" not in html


def test_a_viewer_with_the_right_gets_clustered_dwellings_and_flagged_buildings():
    html = _html(may_see_dwellings=True)

    assert "markerClusterGroup" in html
    assert "58.8512345" in html
    assert "Flaggede bygninger" in html
    assert "58.8598765" in html


@pytest.mark.parametrize(("may_see", "expected"), [(False, ":"), (True, "3")])
def test_counts_under_five_are_hidden_from_viewers_without_the_right(may_see, expected):
    html = _html(may_see_small_counts=may_see)

    # The area with 3 municipal dwellings; 17 and 6 are shown to everyone.
    assert f'"kommunale": "{expected}"' in html
    assert '"kommunale": "17"' in html and '"kommunale": "6"' in html
    # The share as babel writes it (core.formatting.percent): a no-break space before the %.
    assert ('"andel_tekst": "3,0\\u00a0%"' in html) is may_see


def test_the_location_quotient_map_has_its_own_legend():
    html = _html(measure="lokasjonskvotient")

    assert "Lokasjonskvotient (1 = som i kommunen)" in html
    assert '"lq_tekst": "2,30"' in html


def test_background_tiles_are_optional():
    assert "tile.openstreetmap.org" not in _html()
    with_tiles = concentration_map(AREAS, CONCENTRATION).get_root().render()
    assert "tile.openstreetmap.org" in with_tiles


def test_without_areas_the_map_says_why_it_cannot_be_drawn():
    with pytest.raises(ValueError, match="Ingen områder"):
        concentration_map(AREAS.iloc[:0], CONCENTRATION.clear())


def test_the_location_quotient_classes_show_their_limits_with_the_decimals_they_have():
    assert SCALES["lokasjonskvotient"].labels() == [
        "under 0,5",
        "0,5–0,8",
        "0,8–1,25",
        "1,25–2",
        "2–3",
        "3 og over",
    ]


def test_in_english_the_legend_layers_tooltips_and_numbers_are_english():
    html = _html(measure="lokasjonskvotient", language="en", say=translator("en"))

    for text in (
        "Location quotient (1 = as in the municipality)",
        "3 and over",
        "0.8–1.25",
        "No dwellings or unknown",
        "Hidden (fewer than 5 municipal)",
        "Municipal boundary",
        "Flagged: cluster (Local Moran)",
        '"Municipal dwellings"',  # the tooltip's alias
        '"lq_tekst": "2.30"',  # 2,30 in bokmål
        '"flagg": "threshold, cluster"',
    ):
        assert text in html, text
    for bokmal in ("og over", "Kommunegrense", "Ingen boliger", "Skjult", '"ingen"'):
        assert bokmal not in html, bokmal


MARKUP = "<img src=x onerror=alert(1)>"


def as_javascript_reads_it(html: str) -> str:
    """The map's HTML with the escapes of JSON strings undone: what the browser's code gets."""
    for escaped, character in (("\\u003c", "<"), ("\\u003e", ">"), ("\\u0026", "&")):
        html = html.replace(escaped, character)
    return html


def test_an_area_name_with_markup_reaches_the_tooltip_as_text_not_as_a_tag():
    areas = AREAS.copy()
    areas.loc[0, "navn"] = MARKUP
    areas.loc[1, "grunnkrets"] = "<b>0002</b>"
    html = as_javascript_reads_it(
        concentration_map(areas, CONCENTRATION, tiles=None).get_root().render()
    )

    # The tooltip sets each property as HTML, so the property must already be escaped.
    assert '"navn": "&lt;img src=x onerror=alert(1)&gt;"' in html
    assert '"grunnkrets": "&lt;b&gt;0002&lt;/b&gt;"' in html
    assert "<img" not in html and "<b>0002" not in html


def test_every_text_the_map_speaks_is_escaped_whatever_the_translation_says():
    def markup(text: str, **values: object) -> str:
        return "<script>alert(1)</script>" + in_bokmal(text, **values)

    html = as_javascript_reads_it(_html(may_see_dwellings=True, say=markup))

    # Layer names, tooltip headers, the building tooltips and the legend all say it.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Kommunegrense" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Flaggede bygninger" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Kommunale boliger" in html
    assert "<script>alert(1)" not in html
