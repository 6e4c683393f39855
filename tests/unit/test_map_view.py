"""The Kart page's display shaping: why flagged, suppression, the site check, offline assets."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest

from core.settings import DEFAULT_GEO_SETTINGS
from geo.buildings import AMBER
from geo.maps import concentration_map
from geo.site_check import AreaState, SiteCheck
from geo.synthetic import grid_areas
from services.geo import VENDOR_URL
from ui import map_view

ROOT = Path(__file__).resolve().parents[2]
NBSP = "\u00a0"
AREAS = grid_areas(1, 3)
CONCENTRATION = pl.DataFrame(
    {
        "grunnkrets": AREAS["grunnkrets"].tolist(),
        "navn": ["Nord", "Midt", "Sør"],
        "delomrade": ["110800"] * 3,
        "delomradenavn": ["Sentrum", None, "Sentrum"],
        "kommunale_boliger": [12, 3, 1],
        "boliger_totalt": [100, 50, 250],
        "andel": [12.0, 6.0, 0.4],
        "lokasjonskvotient": [3.0, 1.5, 0.1],
        "flagg_terskel": [True, False, False],
        "flagg_klynge": [True, True, False],
        "andel_kommunen": [4.0, 4.0, 4.0],
        "p_terskel": [0.0004, 0.2, 0.9],
        "p_klynge": [0.012, 0.03, 0.8],
    }
)


def test_an_area_above_the_threshold_says_its_share_against_the_municipalitys():
    why = map_view.why_area_flagged(CONCENTRATION.row(0, named=True), "nb", DEFAULT_GEO_SETTINGS)

    # 12 of 100 = 12,0 % against 4,0 % in the municipality; p 0.0004 is below 0,001.
    assert why == (
        f"Over terskel: andelen 12,0{NBSP}% er minst 2,0 × kommunens 4,0{NBSP}%, med 12 "
        "kommunale boliger, og avviket er statistisk sikkert (p < 0,001 etter korreksjon for "
        "mange områder). Klynge: høy andel i et område der også nabolagene har høy andel "
        "(Local Moran's I, p = 0,012)."
    )


def test_only_flagged_areas_are_listed_highest_location_quotient_first():
    table = map_view.flagged_areas_table(
        CONCENTRATION, "nb", DEFAULT_GEO_SETTINGS, may_see_small_counts=True
    )

    assert table["Område"].to_list() == ["Nord", "Midt"]
    # Midt has no delområde name, so its code stands in.
    assert table["Delområde"].to_list() == ["Sentrum", "110800"]
    assert table["Lokasjonskvotient"].to_list() == ["3,00", "1,50"]


def test_a_small_count_is_hidden_from_a_viewer_without_the_right():
    hidden = map_view.flagged_areas_table(
        CONCENTRATION, "nb", DEFAULT_GEO_SETTINGS, may_see_small_counts=False
    ).row(1, named=True)
    shown = map_view.flagged_areas_table(
        CONCENTRATION, "nb", DEFAULT_GEO_SETTINGS, may_see_small_counts=True
    ).row(1, named=True)

    # Midt holds 3 municipal dwellings, below the area threshold of 5.
    assert (hidden["Kommunale boliger"], hidden["Andel kommunale"]) == (":", ":")
    assert hidden["Lokasjonskvotient"] == ":"
    assert (shown["Kommunale boliger"], shown["Andel kommunale"]) == ("3", f"6,0{NBSP}%")


def test_the_tables_speak_english_when_asked():
    table = map_view.flagged_areas_table(
        CONCENTRATION, "en", DEFAULT_GEO_SETTINGS, may_see_small_counts=True
    )

    assert table.columns[-1] == "Why flagged"
    assert table["Why flagged"][1].startswith("Cluster: a high share")


def test_a_building_over_the_borettslag_limit_says_which_limit():
    buildings = pl.DataFrame(
        {
            "bygning_id": ["a", "b"],
            "kommunale_boliger": [3, 1],
            "bygning_enheter": [20, 40],
            "andel_av_bygning": [15.0, 2.5],
            "flagg_bygning": [False, False],
            "borettslag": [AMBER, None],
            "datafeil": [False, False],
            "grunnkrets": ["11080000", "11080001"],
        }
    )

    table = map_view.flagged_buildings_table(buildings, "nb", DEFAULT_GEO_SETTINGS)

    # 3 of 20 units = 15 %: above 10 % (the law without bylaws), not above 20 %.
    assert table["Bygning"].to_list() == ["a"]
    assert table["Hvorfor flagget"][0] == (
        f"Kommunen eier 15,0{NBSP}% av enhetene, over 10{NBSP}% (lovens grense uten vedtekter)."
    )


def _state(count: int, total: int, terskel: bool) -> AreaState:
    return AreaState(count, total, 100 * count / total, 1.0, terskel, False)


def test_a_site_that_tips_its_area_over_the_threshold_is_a_warning():
    check = SiteCheck("11080000", "Nord", _state(4, 100, False), _state(14, 110, True), 2, 7, 0)

    summary = map_view.site_summary(
        check, 10, "nb", DEFAULT_GEO_SETTINGS, may_see_small_counts=True
    )

    assert summary.level == "warning"
    assert summary.verdict == "Med 10 nye kommunale boliger blir området flagget: over terskel."
    assert summary.place == "Punktet ligger i Nord (grunnkrets 11080000)."
    # 4 of 100 = 4,0 % before; 14 of 110 = 12,7 % after.
    assert summary.figures["Før"].to_list()[:3] == ["4", "100", f"4,0{NBSP}%"]
    assert summary.figures["Etter"].to_list()[:3] == ["14", "110", f"12,7{NBSP}%"]
    assert summary.nearby == "Kommunale boliger i dag innen 250 m: 2; innen 500 m: 7."


def test_an_area_name_with_markdown_is_placed_in_the_sentence_as_text():
    name = "**Nord** ![x](http://evil/x.png) :red[!]"
    check = SiteCheck("11080000", name, _state(4, 100, False), _state(5, 101, False), 0, 0, 0)

    summary = map_view.site_summary(check, 1, "nb", DEFAULT_GEO_SETTINGS, may_see_small_counts=True)

    # Every ASCII punctuation character of the name escaped; a word joiner after "http:" and
    # ":" so that Streamlit makes neither a link nor a colour of them.
    assert summary.place == (
        "Punktet ligger i \\*\\*Nord\\*\\* \\!\\[x\\]\\(http\\:\u2060\\/\\/evil\\/x\\.png\\) "
        "\\:\u2060red\\[\\!\\] (grunnkrets 11080000)."
    )


def test_a_site_outside_every_area_only_counts_its_neighbours():
    check = SiteCheck(None, None, None, None, 0, 1, 3)

    summary = map_view.site_summary(
        check, 5, "nb", DEFAULT_GEO_SETTINGS, may_see_small_counts=False
    )

    assert (summary.level, summary.figures) == ("info", None)
    assert summary.place == "Punktet ligger utenfor områdene."
    assert summary.nearby.endswith("3 kommunale boliger uten koordinater er ikke med i avstandene.")


def test_a_click_gives_its_point_rounded_to_about_a_metre():
    returned = {"last_clicked": {"lat": 58.8512345, "lng": 5.7356789}}

    assert map_view.clicked_point(returned) == (58.85123, 5.73568)
    assert map_view.clicked_point({"last_clicked": None}) is None
    assert map_view.clicked_point(None) is None


def test_the_segregation_chart_draws_both_indices_per_month():
    segregation = pl.DataFrame(
        {
            "maaned": pl.date_range(pl.date(2026, 1, 1), pl.date(2026, 2, 1), "1mo", eager=True),
            "dissimilaritet": [0.31, 0.30],
            "isolasjon_justert": [0.027, 0.026],
        }
    )

    figure = map_view.segregation_chart(segregation, "nb")

    assert [trace.name for trace in figure.data] == [
        "Ulikhetsindeks (D)",
        "Isolasjonsindeks (justert)",
    ]
    assert list(figure.data[0].y) == [0.31, 0.30]
    assert figure.data[1].customdata[0][1] == "0,027"


def test_the_map_links_only_the_vendored_leaflet_files():
    dwellings = pl.DataFrame({"lat": [58.85], "lon": [5.73]})
    view = concentration_map(
        AREAS,
        CONCENTRATION,
        may_see_dwellings=True,
        dwellings=dwellings,
        tiles=None,
        asset_base=VENDOR_URL,
    )

    links = set(re.findall(r'(?:src|href)="([^"]+)"', view.get_root().render()))

    prefix = VENDOR_URL + "/"
    assert links and all(link.startswith(prefix) for link in links)
    assert all((ROOT / "static" / "vendor" / link.removeprefix(prefix)).is_file() for link in links)
    assert any(link.endswith("leaflet.markercluster.js") for link in links)


def test_the_map_opens_on_the_areas_that_have_municipal_dwellings():
    only_nord = CONCENTRATION.with_columns(kommunale_boliger=pl.Series([12, 0, 0]))
    view = concentration_map(AREAS, only_nord, tiles=None)

    (fit,) = [child for child in view._children.values() if type(child).__name__ == "FitBounds"]
    # Nord is the first 100 m cell of the row; the map opens on it, not on all three cells.
    (south, west), (north, east) = fit.bounds
    nord = AREAS.iloc[:1].to_crs("EPSG:4326").total_bounds
    assert (west, south, east, north) == pytest.approx(tuple(nord), abs=1e-6)
