"""Every chart carries a text alternative: one sentence saying what it shows and its figures as
a table, both made from the figure itself by ui.charts; and pages draw charts only through
ui.widgets.chart / ui.widgets.picture, which show them."""

from __future__ import annotations

import ast
from pathlib import Path

import plotly.graph_objects as go
import polars as pl
import pytest

from core.roles import PAGES_DIR
from indicators.registry import indicator
from tests.unit.test_charts import rows
from ui import charts

ROOT = Path(__file__).resolve().parents[2]
# Streamlit's ways of drawing a chart or a picture: only widgets.chart and widgets.picture use them.
DRAWING_CALLS = {
    "plotly_chart",
    "image",
    "pyplot",
    "altair_chart",
    "vega_lite_chart",
    "bokeh_chart",
    "line_chart",
    "bar_chart",
    "area_chart",
    "scatter_chart",
    "map",
    "pydeck_chart",
    "graphviz_chart",
}
DRAWING_WIDGETS = {"chart", "picture"}


@pytest.mark.parametrize(
    ("language", "title", "expected"),
    [
        (
            "nb",
            "Husstander i midlertidig botilbud",
            "Husstander i midlertidig botilbud, 2026 K1 til 2026 K3: Verdi fra 130 til 128; "
            "Mål fra 120 til 110.",
        ),
        (
            "en",
            "Households",
            "Households, 2026 Q1 to 2026 Q3: Value from 130 to 128; Target from 120 to 110.",
        ),
    ],
)
def test_a_trend_says_its_first_and_last_value_of_each_line_and_skips_a_suppressed_one(
    language, title, expected
):
    figure = charts.trend_figure(
        rows([130, 128, None], [120, 120, 110], [False, False, True]),
        indicator("midlertidig"),
        language=language,
    )
    # Verdi: 130 first, 128 last shown (2026 K3 is suppressed, a gap); Mål: 120 to 110.
    assert charts.chart_summary(figure, title, language) == expected


def test_a_trend_s_table_has_a_row_per_period_and_a_column_per_line_as_the_hover_shows_them():
    figure = charts.trend_figure(
        rows([130, None], [120, 120], [False, True]), indicator("midlertidig"), language="nb"
    )
    # The value of 2026 K2 is suppressed; the target is the plan's and shows.
    expected = pl.DataFrame(
        {"Periode": ["2026 K1", "2026 K2"], "Verdi": ["130", ":"], "Mål": ["120", "120"]}
    )
    assert charts.chart_table(figure, "Periode", "nb").equals(expected)


def test_brukerplan_s_shares_have_a_row_per_year_and_a_colon_where_a_share_is_hidden():
    shares = pl.DataFrame(
        {
            "aar": [2023, 2024, 2023, 2024],
            "boforhold": ["Uten bolig"] * 2 + ["I midlertidig botilbud"] * 2,
            "andel": [12.5, None, 4.0, 3.0],
        }
    )
    figure = charts.key_shares_figure(shares, "nb")
    # 2024's share without a home is hidden (a gap in the line, `:` in the table).
    expected = pl.DataFrame(
        {
            "År": ["2023", "2024"],
            "Uten bolig": ["12,5\xa0%", ":"],  # a share's sign after a no-break space
            "I midlertidig botilbud": ["4,0\xa0%", "3,0\xa0%"],
        }
    )
    assert charts.chart_table(figure, "År", "nb").equals(expected)


def test_a_bar_chart_names_its_highest_and_lowest_bar_with_outside_names_as_written():
    cells = pl.DataFrame({"verdi": [3.0, None, 7.0], "prikket": [False, True, False]})
    names = ["Vest & Sør", "Øst", "<b>Nord</b>"]
    figure = charts.breakdown_figure(cells, names, "count", language="nb")
    # 7 is the highest, 3 the lowest; Øst is suppressed and has no bar.
    assert charts.chart_summary(figure, "Husstander", "nb") == (
        "Husstander: høyest er <b>Nord</b> (7), lavest Vest & Sør (3)."
    )
    table = charts.chart_table(figure, "Delområde", "nb")
    assert table.to_dict(as_series=False) == {
        "Delområde": ["Vest & Sør", "Øst", "<b>Nord</b>"],
        "Verdi": ["3", ":", "7"],
    }


def test_a_chart_with_nothing_to_show_says_so():
    figure = charts.trend_figure(
        rows([None], [None], [True]), indicator("midlertidig"), language="nb"
    )
    assert charts.chart_summary(figure, "Husstander", "nb") == "Husstander: ingen tall å vise."


def test_a_chart_without_labelled_values_is_refused():
    figure = go.Figure({"data": [{"type": "scatter", "x": [1, 2], "y": [3, 4]}]})
    with pytest.raises(ValueError, match="customdata"):
        charts.chart_summary(figure, "Noe", "nb")


def is_drawing(call: ast.Call) -> bool:
    """`st.plotly_chart(…)`, `column.image(…)` and the like (`map` only as `st.map`).

    Folium maps (st_folium) are not counted: their figures are the tables on the same page
    (Kart's flagged areas, Boligprosjekter's register), and Kart's site check takes typed
    coordinates as well as a click.
    """
    function = call.func
    if not isinstance(function, ast.Attribute) or function.attr not in DRAWING_CALLS:
        return False
    return function.attr != "map" or (
        isinstance(function.value, ast.Name) and function.value.id == "st"
    )


def drawing_calls(path: Path) -> list[tuple[str, int]]:
    """(function the call is in, line) of every Streamlit drawing call in a file."""
    found = []

    def visit(node: ast.AST, inside: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Call) and is_drawing(child):
                found.append((inside, child.lineno))
            visit(child, child.name if isinstance(child, ast.FunctionDef) else inside)

    visit(ast.parse(path.read_text()), "")
    return found


def test_the_check_finds_a_chart_drawn_straight_on_a_page():
    source = "import streamlit as st\nst.plotly_chart(figure)\ncolumn.image(png)\ndf.map(f)\n"
    calls = [is_drawing(node) for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)]
    assert calls == [True, True, False]


@pytest.mark.parametrize(
    "path",
    sorted([*PAGES_DIR.glob("*.py"), *(ROOT / "ui").glob("*.py"), ROOT / "app.py"]),
    ids=lambda path: f"{path.parent.name}/{path.name}",
)
def test_pages_draw_charts_and_pictures_only_through_the_widgets_that_say_what_they_show(path):
    calls = drawing_calls(path)
    if path.name == "widgets.py" and path.parent.name == "ui":
        assert {inside for inside, _ in calls} == DRAWING_WIDGETS
    else:
        assert calls == []
