"""Plotly figures for indicators: the trend with its target, and a breakdown's bars.

Pure: each builder takes frames and the language and returns a `go.Figure`. A calm palette that
colour-blind readers can tell apart (Okabe–Ito), large type for a council chamber's projector,
numbers the Norwegian way (`separators`), and no titles: the page says what a chart shows.
Figures are built as one dict: plotly validates it once, not once per update. Plotly reads
labels and hover texts as a little HTML, so names from outside (delområder) are escaped.
"""

from __future__ import annotations

import html

import plotly.graph_objects as go
import polars as pl

from core import formatting as fmt
from core.escaping import html_text
from core.formatting import Language
from core.i18n import translate
from indicators.registry import Indicator
from ui.indicator_view import period_name, value_text
from ui.pathway_view import Sankey

# Okabe & Ito (2008), colour-universal design.
BLUE = "#0072B2"
VERMILLION = "#D55E00"
GREY = "#6B6B6B"
GRID = "#E5E5E5"
TEXT_COLOUR = "#0B1219"  # the theme's textColor (.streamlit/config.toml)
FONT_SIZE = 18
SEPARATORS: dict[Language, str] = {"nb": ", ", "en": ".,"}  # decimal mark, thousands separator
TREND_HEIGHT = 420
BAR_HEIGHT = 48  # pixels per group in a breakdown
SANKEY_HEIGHT = 520
MARKERS_UP_TO = 60  # points; a longer series is drawn as a line only
HOVER = "%{customdata[0]}: <b>%{customdata[1]}</b><extra></extra>"


def base_layout(language: Language, height: int, **extra: object) -> dict:
    """What every chart shares: type, separators, a quiet background, little margin."""
    return {
        "separators": SEPARATORS[language],
        "font": {"size": FONT_SIZE, "color": TEXT_COLOUR},
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "hoverlabel": {"font": {"size": FONT_SIZE}},
        **extra,
    }


def unit_suffix(unit: str, language: Language) -> str:
    """What follows a number on an axis: ` %` (nb) or `%` (en) for shares, nothing else."""
    return fmt.percent(0, 0, language)[1:] if unit == "percent" else ""


def suppressed_flags(frame: pl.DataFrame) -> list[bool]:
    """Each row's `prikket` (all false when the frame was not suppressed)."""
    if "prikket" not in frame.columns:
        return [False] * frame.height
    return [bool(hidden) for hidden in frame["prikket"]]


def hover_labels(
    frame: pl.DataFrame, column: str, unit: str, language: Language, *, suppressible: bool = True
) -> list:
    """(period, value) for each row's hover box, the value formatted as the tables show it;
    a target (`suppressible=False`) is the plan's figure and shows where the value is `:`."""
    hidden_rows = suppressed_flags(frame) if suppressible else [False] * frame.height
    return [
        [period_name(periode, language), value_text(value, unit, language, suppressed=hidden)]
        for periode, value, hidden in zip(frame["periode"], frame[column], hidden_rows, strict=True)
    ]


def trend_figure(
    values: pl.DataFrame, indicator: Indicator, *, language: Language, unit: str | None = None
) -> go.Figure:
    """The indicator over time (`periode`, `periode_start`, `verdi`, `mal`), its target dashed.

    `values` holds one indicator's rows; suppressed and missing periods are gaps. `unit`
    overrides the indicator's when a share's count is shown.
    """
    unit = unit or indicator.unit
    rows = values.sort("periode_start")
    dates = rows["periode_start"].to_list()
    traces = [
        {
            "type": "scatter",
            "x": dates,
            "y": rows["verdi"].to_list(),
            "name": translate("Verdi", language),
            "mode": "lines+markers" if rows.height <= MARKERS_UP_TO else "lines",
            "line": {"color": BLUE, "width": 3},
            "marker": {"size": 7},
            "customdata": hover_labels(rows, "verdi", unit, language),
            "hovertemplate": HOVER,
        }
    ]
    if rows["mal"].is_not_null().any():
        traces.append(
            {
                "type": "scatter",
                "x": dates,
                "y": rows["mal"].to_list(),
                "name": translate("Mål", language),
                "mode": "lines",
                "line": {"color": VERMILLION, "width": 2.5, "dash": "dash", "shape": "hv"},
                "customdata": hover_labels(rows, "mal", unit, language, suppressible=False),
                "hovertemplate": HOVER,
            }
        )
    layout = lines_layout(language, unit, {"tickformat": "%Y"})
    return go.Figure({"data": traces, "layout": layout})


def lines_layout(language: Language, unit: str, time_axis: dict) -> dict:
    """A line chart over time: the legend above, years along the bottom (`time_axis` says how
    they are ticked), values from zero in the unit."""
    return base_layout(
        language,
        TREND_HEIGHT,
        showlegend=True,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        xaxis={"showgrid": False, "linecolor": GREY, **time_axis},
        yaxis={
            "gridcolor": GRID,
            "rangemode": "tozero",
            "ticksuffix": unit_suffix(unit, language),
            "zerolinecolor": GREY,
        },
    )


def breakdown_figure(
    cells: pl.DataFrame, names: list[str], unit: str, *, language: Language
) -> go.Figure:
    """Horizontal bars, one per group (`verdi`, `prikket`), labelled with the value as shown.

    `names` are the groups' names in the language, in `cells`' order; a suppressed cell has
    no bar and the label `:`.
    """
    shown = [html_text(name) for name in names]
    texts = [
        value_text(value, unit, language, suppressed=hidden)
        for value, hidden in zip(cells["verdi"], suppressed_flags(cells), strict=True)
    ]
    bars = {
        "type": "bar",
        "x": cells["verdi"].to_list(),
        "y": shown,
        "orientation": "h",
        "marker": {"color": BLUE},
        "text": texts,
        "textposition": "outside",
        "cliponaxis": False,
        "customdata": [[name, text] for name, text in zip(shown, texts, strict=True)],
        "hovertemplate": HOVER,
    }
    layout = base_layout(
        language,
        max(160, BAR_HEIGHT * len(names) + 40),
        showlegend=False,
        margin={"l": 10, "r": 60, "t": 10, "b": 10},
        yaxis={"autorange": "reversed", "showgrid": False},
        xaxis={"gridcolor": GRID, "rangemode": "tozero", "ticksuffix": unit_suffix(unit, language)},
    )
    return go.Figure({"data": [bars], "layout": layout})


# What a chart says to those who cannot see it: one sentence and its figures as a table, made
# from the figure itself (each trace's `customdata` holds [label, value as shown], the label
# escaped for plotly), so that every chart drawn through widgets.chart carries them.
def _labelled(trace: dict) -> list[tuple[str, str]]:
    """(label, value as shown) per point, the label as plain text again."""
    return [(html.unescape(str(label)), str(shown)) for label, shown in trace["customdata"]]


def _points(trace: dict) -> list[tuple[str, str, float]]:
    """(label, value as shown, value) of the points drawn: gaps (suppressed, missing) left out."""
    if trace.get("type") == "sankey":
        values = trace["link"]["value"]
    else:
        values = trace["x"] if trace.get("orientation") == "h" else trace["y"]
    return [
        (label, shown, value)
        for (label, shown), value in zip(_labelled(trace), values, strict=True)
        if value is not None and value == value  # NaN is not equal to itself
    ]


def _traces(figure: go.Figure) -> list[dict]:
    """The figure's traces as dicts; a chart without [label, value] customdata is refused."""
    traces = [trace.to_plotly_json() for trace in figure.data]
    if not traces or any(trace.get("customdata") is None for trace in traces):
        raise ValueError("a chart needs [label, value] customdata on every trace")
    return traces


def _trace_name(trace: dict, language: Language) -> str:
    """The line's or bars' name as plain text (escaped for plotly where it came from outside)."""
    return html.unescape(trace.get("name") or translate("Verdi", language))


def chart_summary(figure: go.Figure, title: str, language: Language) -> str:
    """What the chart shows in one sentence: a line's (or bars' over time) first and last
    value, a horizontal bar chart's highest and lowest bar ('Husstander i midlertidig botilbud,
    2024 K1 til 2026 K3: Verdi fra 230 til 186; Mål fra 200 til 190.')."""
    traces = _traces(figure)
    ranked = traces[0].get("type") == "bar" and traces[0].get("orientation") == "h"
    if ranked or traces[0].get("type") == "sankey":
        points = sorted(_points(traces[0]), key=lambda point: point[2])
        if not points:
            return translate("{title}: ingen tall å vise.", language, title=title)
        (low, low_value, _), (high, high_value, _) = points[0], points[-1]
        return translate(
            "{title}: høyest er {high} ({high_value}), lavest {low} ({low_value}).",
            language,
            title=title,
            high=high,
            high_value=high_value,
            low=low,
            low_value=low_value,
        )
    labels = [label for label, _ in _labelled(traces[0])]
    parts = []
    for trace in traces:
        points = _points(trace)
        name = _trace_name(trace, language)
        if len(points) == 1:
            parts.append(translate("{trace}: {value}", language, trace=name, value=points[0][1]))
        elif points:
            parts.append(
                translate(
                    "{trace} fra {old} til {new}",
                    language,
                    trace=name,
                    old=points[0][1],
                    new=points[-1][1],
                )
            )
    if not parts:
        return translate("{title}: ingen tall å vise.", language, title=title)
    period = (
        labels[0]
        if len(labels) == 1
        else translate("{first} til {last}", language, first=labels[0], last=labels[-1])
    )
    return translate(
        "{title}, {period}: {parts}.", language, title=title, period=period, parts="; ".join(parts)
    )


def chart_table(figure: go.Figure, category: str, language: Language) -> pl.DataFrame:
    """The chart's figures as a table: one row per label (`category` heads that column), one
    column per line or bar set, each value as the chart's hover box shows it."""
    traces = _traces(figure)
    labels = list(dict.fromkeys(label for trace in traces for label, _ in _labelled(trace)))
    columns = {category: labels}
    for trace in traces:
        shown = dict(_labelled(trace))
        columns[_trace_name(trace, language)] = [shown.get(label, "") for label in labels]
    return pl.DataFrame(columns, schema={name: pl.String for name in columns})


def key_shares_figure(rows: pl.DataFrame, language: Language) -> go.Figure:
    """BrukerPlan's shares without a home and in temporary accommodation by year (`aar`,
    `boforhold` in words, `andel`); a suppressed year is a gap, and `:` in its text."""
    colours = (VERMILLION, BLUE)
    traces = []
    for colour, (series, group) in zip(
        colours, rows.group_by("boforhold", maintain_order=True), strict=False
    ):
        traces.append(
            {
                "type": "scatter",
                "x": group["aar"].to_list(),
                "y": group["andel"].to_list(),
                "name": series[0],
                "mode": "lines+markers",
                "line": {"color": colour, "width": 3},
                "marker": {"size": 7},
                "customdata": [
                    [str(year), value_text(share, "percent", language, suppressed=share is None)]
                    for year, share in zip(group["aar"], group["andel"], strict=True)
                ],
                "hovertemplate": HOVER,
            }
        )
    layout = base_layout(
        language,
        TREND_HEIGHT,
        showlegend=True,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        xaxis={"showgrid": False, "dtick": 1, "linecolor": GREY},
        yaxis={
            "gridcolor": GRID,
            "rangemode": "tozero",
            "ticksuffix": unit_suffix("percent", language),
            "zerolinecolor": GREY,
        },
    )
    return go.Figure({"data": traces, "layout": layout})


def sankey_figure(diagram: Sankey, language: Language) -> go.Figure:
    """The transitions as a Sankey diagram: start situations on the left, end situations on
    the right, hidden remainders in grey (ui.pathway_view.sankey); each link's words and
    count in `customdata`, for the text alternative."""
    flows = {
        "type": "sankey",
        "arrangement": "snap",
        "node": {
            "label": [html_text(label) for label in diagram.labels],
            "pad": 14,
            "color": BLUE,
        },
        "link": {
            "source": diagram.sources,
            "target": diagram.targets,
            "value": diagram.values,
            "color": diagram.colours,
        },
        # [from → to, households as shown] per link: what widgets.chart says in words.
        "customdata": [
            [
                html_text(f"{diagram.labels[source]} → {diagram.labels[target]}"),
                value_text(value, "count", language),
            ]
            for source, target, value in zip(
                diagram.sources, diagram.targets, diagram.values, strict=True
            )
        ],
    }
    return go.Figure({"data": [flows], "layout": base_layout(language, SANKEY_HEIGHT)})
