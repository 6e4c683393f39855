"""Figures: the trend with its target, the breakdown bars."""

from __future__ import annotations

from datetime import date

import polars as pl

from indicators.registry import indicator
from ui import charts

NBSP = "\xa0"


def rows(values, targets, hidden=None) -> pl.DataFrame:
    """Quarters 2026 K1.. with `verdi`, `mal` and `prikket`."""
    count = len(values)
    return pl.DataFrame(
        {
            "periode": [f"2026-Q{number}" for number in range(1, count + 1)],
            "periode_start": [date(2026, 3 * number - 2, 1) for number in range(1, count + 1)],
            "verdi": values,
            "mal": targets,
            "prikket": hidden or [False] * count,
        },
        schema_overrides={"verdi": pl.Float64, "mal": pl.Float64},
    )


def test_the_trend_draws_the_values_and_the_target_as_a_dashed_step():
    figure = charts.trend_figure(
        rows([130, 125], [120, 120]), indicator("midlertidig"), language="nb"
    )
    value, target = figure.data
    assert list(value.y) == [130, 125]
    assert list(target.y) == [120, 120]
    assert (target.line.dash, target.line.shape) == ("dash", "hv")
    assert (value.name, target.name) == ("Verdi", "Mål")


def test_a_trend_without_targets_has_no_target_line():
    figure = charts.trend_figure(rows([7, 9], [None, None]), indicator("startlan"), language="nb")
    assert len(figure.data) == 1


def test_the_trend_writes_numbers_the_norwegian_way_and_shares_with_a_percent_sign():
    figure = charts.trend_figure(
        rows([21.74, 19.5], [25, 25]), indicator("midlertidig_over_3_mnd_andel"), language="nb"
    )
    assert figure.layout.separators == ", "
    assert figure.layout.yaxis.ticksuffix == f"{NBSP}%"
    # The hover box says the period and the value as the table does: 21.74 → 21,7 %.
    assert list(figure.data[0].customdata[0]) == ["2026 K1", f"21,7{NBSP}%"]
    english = charts.trend_figure(
        rows([21.74], [25]), indicator("midlertidig_over_3_mnd_andel"), language="en"
    )
    assert (english.layout.separators, english.layout.yaxis.ticksuffix) == (".,", "%")


def test_a_share_shown_as_a_count_has_no_percent_sign():
    figure = charts.trend_figure(
        rows([12, 10], [None, None]),
        indicator("midlertidig_over_3_mnd_andel"),
        language="nb",
        unit="count",
    )
    assert figure.layout.yaxis.ticksuffix == ""


def test_a_suppressed_period_is_a_gap_and_its_hover_says_colon():
    figure = charts.trend_figure(
        rows([None, 4], [None, None], hidden=[True, False]),
        indicator("housing_first"),
        language="nb",
    )
    assert list(figure.data[0].y) == [None, 4]
    assert list(figure.data[0].customdata[0]) == ["2026 K1", ":"]


def test_breakdown_bars_are_labelled_as_the_table_shows_them():
    cells = pl.DataFrame({"verdi": [13.0, None], "prikket": [False, True]})
    figure = charts.breakdown_figure(cells, ["Demo Sentrum", "Demo Lura"], "count", language="nb")
    (bars,) = figure.data
    assert list(bars.y) == ["Demo Sentrum", "Demo Lura"]
    assert list(bars.text) == ["13", ":"]
    # Two groups at 48 px each plus 40 px of axis: 136 px, raised to the 160 px minimum.
    assert figure.layout.height == 160


def test_a_delomrade_named_with_markup_is_an_escaped_label_and_hover_text():
    # Plotly draws <b>, <a href> and <br> in labels and hover boxes; the name must stay text.
    cells = pl.DataFrame({"verdi": [13.0], "prikket": [False]})
    name = '<a href="http://evil">Lura</a>'
    figure = charts.breakdown_figure(cells, [name], "count", language="nb")

    (bars,) = figure.data
    escaped = "&lt;a href=&#34;http://evil&#34;&gt;Lura&lt;/a&gt;"
    assert list(bars.y) == [escaped]
    assert list(bars.customdata[0]) == [escaped, "13"]
