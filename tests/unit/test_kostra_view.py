"""What Sammenligning and KOSTRA-utkast show, from hand-made frames; the comparison group."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from core.settings import ComparisonGroup, comparison_group, defaults, problems
from indicators.kostra import COUNTERPARTS
from ui import kostra_view

SERIES = pl.DataFrame(
    {
        "variable_code": ["KOSAndeltilgjeng0000"] * 5,
        "rolle": ["egen", "egen", "sammenligning", "sammenligning", "landet"],
        "region_code": ["1108", "1108", "1127", "1127", "EAK"],
        "region_name": ["Sandnes", "Sandnes", "Randaberg <b>", "Randaberg <b>", None],
        "year": [2019, 2020, 2019, 2020, 2020],
        "value": [10.5, 10.25, None, 11.0, 13.0],
        "status": [None, None, ":", None, None],
    },
    schema_overrides={"year": pl.Int32},
)


def test_the_comparison_table_has_a_row_per_region_ours_first_and_ssbs_symbol_kept():
    table = kostra_view.comparison_table(SERIES, "percent", "nb", "SSB: KOSAndeltilgjeng0000")

    # Shares with one decimal and a no-break space before %; a region without a name by code;
    # every row says where its figures come from.
    assert table.rows() == [
        ("Sandnes", "10,5\u00a0%", "10,2\u00a0%", "SSB: KOSAndeltilgjeng0000"),
        ("Randaberg <b>", ":", "11,0\u00a0%", "SSB: KOSAndeltilgjeng0000"),
        ("EAK", None, "13,0\u00a0%", "SSB: KOSAndeltilgjeng0000"),
    ]
    assert table.columns == ["Region", "2019", "2020", "Kilde"]


def test_a_published_figure_names_the_ssb_table_when_known_and_its_variable_code():
    dwellings = next(each for each in COUNTERPARTS if each.indicator_id == "kommunale_boliger")

    assert kostra_view.ssb_source(dwellings, "12913", "nb") == (
        "SSB, tabell 12913: KOSboligAntall000000"
    )
    assert kostra_view.ssb_source(dwellings, "12913", "en") == (
        "SSB, table 12913: KOSboligAntall000000"
    )
    assert kostra_view.ssb_source(dwellings, None, "nb") == "SSB: KOSboligAntall000000"
    assert kostra_view.own_source(dwellings, "nb") == "Boligmonitor: kommunale_boliger"


def test_a_figure_without_a_count_says_it_is_compared_only_as_a_share():
    wheelchair = next(
        shown for shown, _ in kostra_view.figures("antall") if shown.figure == "rullestol"
    )

    assert not wheelchair.in_measure
    assert kostra_view.only_form_text(wheelchair, "nb") == (
        "Dette tallet sammenlignes bare som «Andel og per 1000»: verken våre indikatorer eller "
        "KOSTRA-tabellen har det i den andre formen. Velg «Andel og per 1000» for å se det."
    )
    assert "compared only as “Share and per 1000”" in kostra_view.only_form_text(wheelchair, "en")


def test_the_symbols_shown_are_explained_in_the_language():
    assert kostra_view.symbols_shown(SERIES, "nb") == ": Vises ikke av personvernhensyn"
    assert kostra_view.symbols_shown(SERIES, "en") == ": Suppressed"
    assert kostra_view.symbols_shown(SERIES.filter(pl.col("status").is_null()), "nb") is None


def test_region_names_in_the_chart_are_escaped():
    figure = kostra_view.comparison_figure(SERIES, "percent", "nb")

    assert [trace.name for trace in figure.data] == ["Sandnes", "Randaberg &lt;b&gt;", "EAK"]
    # Randaberg 2019 is a gap with SSB's symbol in its hover text.
    assert figure.data[1].y == (None, 11.0)
    assert list(figure.data[1].customdata[0]) == ["2019", ":"]


def test_the_difference_table_shows_published_years_newest_first_and_marks_deviations():
    compared = pl.DataFrame(
        {
            "indikator": ["venteliste"] * 3,
            "variable_code": ["KOSventelistetil0000"] * 3,
            "aar": [2022, 2023, 2024],
            "egen": [88.0, 81.0, 75.0],
            "publisert": [94.0, 81.0, None],
            "status": [None, None, None],
            "differanse": [-6.0, 0.0, None],
            "avvik": [True, False, None],
        }
    )

    table = kostra_view.difference_table(compared, "nb", "12913")

    # 2024 is not published yet (no figure, no symbol): left out. Each row names both sources.
    source = "Boligmonitor: venteliste · SSB, tabell 12913: KOSventelistetil0000"
    assert table.rows() == [
        ("Husstander på venteliste", "2023", "81", "81", "0", "", source),
        (
            "Husstander på venteliste",
            "2022",
            "88",
            "94",
            "\u22126",
            "⚠ Større enn toleransen",
            source,
        ),
    ]
    assert table.columns[-1] == "Kilde"


def test_the_widgets_describe_a_comparison_group():
    assert kostra_view.chosen_group("fylke", "", "", []) == ComparisonGroup("fylke", ())
    assert kostra_view.chosen_group("kostragruppe", "", " ekg13 ", []) == ComparisonGroup(
        "kostragruppe", ("EKG13",)
    )
    assert kostra_view.chosen_group("naboer", "", "", ["1103"]) == ComparisonGroup(
        "naboer", ("1103",)
    )


def test_the_draft_defaults_to_the_newest_year_before_this_one():
    assert kostra_view.default_draft_year([2026, 2025, 2024], date(2026, 11, 29)) == 2025
    assert kostra_view.default_draft_year([2026], date(2026, 11, 29)) == 2026


def test_the_county_left_empty_is_the_municipalitys_own():
    values = defaults() | {"kommunenummer": "1108"}

    assert comparison_group(values) == ComparisonGroup("fylke", ("EKA11",))
    assert comparison_group(defaults()) == ComparisonGroup("fylke", ())


@pytest.mark.parametrize(
    "value",
    [
        {"kind": "fylke", "regions": ["EKA11", "EKA03"]},  # one county at most
        {"kind": "kostragruppe", "regions": []},  # exactly one group
        {"kind": "naboer", "regions": []},  # at least one neighbour
        {"kind": "naboer", "regions": ["1103", "1103"]},  # each once
        {"kind": "naboer", "regions": ["K-1103"]},  # four digits
        {"kind": "landet", "regions": ["EAK"]},  # the country needs no region
        {"kind": "by", "regions": []},
        {"kind": "fylke"},
    ],
)
def test_a_comparison_group_of_the_wrong_shape_is_refused(value):
    found = problems(defaults() | {"kostra_sammenligning": value})

    assert len(found) == 1 and found[0].startswith("Sammenligningsgruppe (KOSTRA) må være")
