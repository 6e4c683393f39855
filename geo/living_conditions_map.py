"""Folium maps of the Kart page's "Levekår" mode: one indicator, and the bivariate map.

Built as geo/maps.py builds the concentration map, from its pieces (vendored Leaflet, the
municipal outline, legend swatches, the grey for "no value" and for hidden figures): the map reads
without background tiles, every text goes through `say`, every number is formatted for
`language`, and every text that reaches the HTML (area names and codes, the survey's indicator
names above all) goes through `escaping.html_text`. Small counts are removed before anything is
embedded (`living_conditions.bivariate_view`), so a viewer without the right finds them
nowhere in the page.
"""

from __future__ import annotations

import folium
import geopandas as gpd
import polars as pl

from core.escaping import html_text
from core.formatting import Language, number
from core.i18n import Say, in_bokmal
from core.settings import DEFAULT_GEO_SETTINGS, GeoSettings
from geo.areas import METRIC_CRS
from geo.living_conditions import (
    BIVARIATE_COLOURS,
    INDICATOR_COLOURS,
    BivariateLegend,
    class_labels,
    indicator_classes,
)
from geo.maps import (
    HIDDEN,
    HIDDEN_COLOUR,
    LEAFLET_CSS,
    LEAFLET_JS,
    NO_VALUE_COLOUR,
    OUTLINE_COLOUR,
    SIMPLIFY_METRES,
    link_local,
    outline_layer,
    swatch,
)

DOUBLE_BURDEN_COLOUR = "#000000"
MISSING_TEXT = "–"
_LEGEND_STYLE = (
    "position:fixed;bottom:24px;left:12px;z-index:9999;background:white;padding:8px 10px;"
    "border:1px solid #999;font:12px sans-serif;line-height:18px;max-width:360px"
)
_SQUARE = "width:26px;height:20px;"
_ROW_LABEL = "padding-right:6px;text-align:right"
_COLUMN_LABEL = "font-size:10px;text-align:center;vertical-align:top"


def indicator_map(
    shapes: gpd.GeoDataFrame,
    values: pl.DataFrame,
    *,
    indicator_name: str,
    high_is_bad: bool,
    unit: str = "",
    decimals: int = 1,
    tiles: str | None = "OpenStreetMap",
    asset_base: str | None = None,
    language: Language = "nb",
    say: Say = in_bokmal,
) -> folium.Map:
    """A choropleth of one living-conditions indicator (or the combined index) in five classes
    of about equal size, light for the best and dark for the poorest, whichever way is bad.

    `shapes` are `comparison_areas` (omrade, navn, geometry); `values` is `omrade, levekar`.
    Without areas there is nothing to draw: ValueError.
    """
    classified, breaks = indicator_classes(values, high_is_bad)
    rows = {row["omrade"]: row for row in classified.iter_rows(named=True)}
    properties = []
    for code in shapes["omrade"]:
        row = rows.get(code, {})
        value, group = row.get("levekar"), row.get("klasse")
        properties.append(
            {
                "verdi": _shown(value, unit, decimals, language),
                "farge": NO_VALUE_COLOUR if group is None else INDICATOR_COLOURS[group - 1],
            }
        )
    view, drawn = _frame(shapes, properties, tiles, asset_base)
    title = html_text(indicator_name)
    _tooltip_layer(
        drawn,
        title,
        fields=["navn", "omrade", "verdi"],
        aliases=[html_text(say("Område")), html_text(say("Områdekode")), title],
    ).add_to(view)
    outline_layer(drawn, say).add_to(view)
    folium.LayerControl(collapsed=True).add_to(view)
    if breaks is None:
        entries = [html_text(say("For få områder med tall til å dele dem i klasser.")) + "<br>"]
    else:
        labels = class_labels(breaks, high_is_bad, unit, decimals, language, say)
        entries = [
            swatch(f"background:{colour}", label)
            for colour, label in zip(INDICATOR_COLOURS, labels, strict=True)
        ]
    entries.append(swatch(f"background:{NO_VALUE_COLOUR}", say("Ingen tall")))
    entries.append(swatch(f"border:2px solid {OUTLINE_COLOUR}", say("Kommunegrense")))
    direction = say("Mørkere er dårligere levekår.")
    _add_legend(view, f"<b>{title}</b><br>{html_text(direction)}<br>{''.join(entries)}")
    return view


def bivariate_map(
    shapes: gpd.GeoDataFrame,
    view_table: pl.DataFrame,
    legend: BivariateLegend | None,
    *,
    may_see_small_counts: bool = False,
    unit: str = "",
    decimals: int = 1,
    settings: GeoSettings = DEFAULT_GEO_SETTINGS,
    tiles: str | None = "OpenStreetMap",
    asset_base: str | None = None,
    language: Language = "nb",
    say: Say = in_bokmal,
) -> folium.Map:
    """The bivariate map: municipal share × living conditions in 3 × 3 classes, double burden
    outlined, and the 3 × 3 legend.

    `view_table` and the breaks behind `legend` come from `bivariate_view` for this viewer (with
    the same `may_see_small_counts` and `settings.small_count`), so what the viewer may not see
    is already gone (a table with a small count for a viewer without the right is a
    ValueError); `legend` is None when too few areas have both values.
    """
    small = pl.col("kommunale_boliger") < settings.small_count
    if not may_see_small_counts and view_table.filter(small).height:
        # A table made for a viewer with the right would put small counts in this page.
        raise ValueError("Tabellen er ikke laget for en leser uten tilgang til små tall.")
    rows = {row["omrade"]: row for row in view_table.iter_rows(named=True)}
    labels = {}
    if legend is not None:
        labels = {(cell.share_class, cell.living_class): cell.label for cell in legend.cells}
    properties = [
        _bivariate_display(rows.get(code), labels, unit, decimals, language, say)
        for code in shapes["omrade"]
    ]
    view, drawn = _frame(shapes, properties, tiles, asset_base)
    title = html_text(say("Kommunale boliger og levekår"))
    living_title = html_text(legend.living_title if legend else say("Levekår"))
    _tooltip_layer(
        drawn.drop(columns="dobbel"),
        title,
        fields=["navn", "omrade", "kommunale", "andel", "levekar", "klasse", "dobbel_tekst"],
        aliases=[
            html_text(say("Område")),
            html_text(say("Områdekode")),
            html_text(say("Kommunale boliger")),
            html_text(say("Andel kommunale")),
            living_title,
            html_text(say("Klasse")),
            html_text(say("Dobbel belastning")),
        ],
    ).add_to(view)
    _double_burden_layer(drawn, say).add_to(view)
    outline_layer(drawn, say).add_to(view)
    folium.LayerControl(collapsed=True).add_to(view)
    _add_legend(view, _bivariate_legend_html(legend, may_see_small_counts, settings, say))
    return view


def _frame(
    shapes: gpd.GeoDataFrame,
    properties: list[dict[str, object]],
    tiles: str | None,
    asset_base: str | None,
) -> tuple[folium.Map, gpd.GeoDataFrame]:
    """The map fitted to the areas, and the areas in WGS84 with escaped names (the code where an
    area has none) and `properties`."""
    if len(shapes) == 0:
        raise ValueError("Ingen områder er lastet opp, så kartet kan ikke tegnes.")
    metric = shapes.to_crs(METRIC_CRS).geometry.simplify(SIMPLIFY_METRES, preserve_topology=True)
    drawn = gpd.GeoDataFrame(
        {
            "omrade": [html_text(code) for code in shapes["omrade"]],
            "navn": [
                html_text(name or code)
                for name, code in zip(shapes["navn"], shapes["omrade"], strict=True)
            ],
            **{key: [shown[key] for shown in properties] for key in properties[0]},
        },
        geometry=metric.to_crs("EPSG:4326").to_numpy(),
        crs="EPSG:4326",
    )
    view = folium.Map(tiles=tiles, control_scale=True)
    if asset_base is not None:
        link_local(view, asset_base, LEAFLET_JS, LEAFLET_CSS)
    west, south, east, north = drawn.total_bounds
    view.fit_bounds([[south, west], [north, east]])
    return view, drawn


def _tooltip_layer(
    drawn: gpd.GeoDataFrame, name: str, fields: list[str], aliases: list[str]
) -> folium.FeatureGroup:
    """The areas filled by their `farge`, with a tooltip of `fields` (already escaped)."""
    layer = folium.FeatureGroup(name=name)
    folium.GeoJson(
        drawn,
        style_function=lambda feature: {
            "fillColor": feature["properties"]["farge"],
            "fillOpacity": 0.75,
            "color": "#636363",
            "weight": 0.5,
        },
        highlight_function=lambda _feature: {"weight": 2, "color": OUTLINE_COLOUR},
        tooltip=folium.GeoJsonTooltip(fields=fields, aliases=aliases),
    ).add_to(layer)
    return layer


def _bivariate_display(
    row: dict | None,
    labels: dict[tuple[int, int], str],
    unit: str,
    decimals: int,
    language: Language,
    say: Say,
) -> dict[str, object]:
    """Tooltip texts (escaped), fill colour and double burden of one area."""
    if row is None:
        row = {"skjult": False, "kommunale_boliger": None, "andel": None, "levekar": None}
        row |= {"klasse_andel": None, "klasse_levekar": None, "dobbel_belastning": False}
    classes = (row["klasse_andel"], row["klasse_levekar"])
    if row["skjult"]:
        colour, group = HIDDEN_COLOUR, say("Skjult (få kommunale boliger)")
    elif None in classes:
        colour, group = NO_VALUE_COLOUR, say("Mangler tall")
    else:
        colour, group = BIVARIATE_COLOURS[classes], labels.get(classes, "")
    hidden = row["skjult"]
    count = row["kommunale_boliger"]
    return {
        "kommunale": HIDDEN if hidden else _shown(count, "", 0, language),
        "andel": HIDDEN if hidden else _shown(row["andel"], " %", 1, language),
        "levekar": _shown(row["levekar"], unit, decimals, language),
        "klasse": html_text(group),
        "dobbel_tekst": html_text(say("ja") if row["dobbel_belastning"] else say("nei")),
        "dobbel": bool(row["dobbel_belastning"]),
        "farge": colour,
    }


def _shown(value: float | None, unit: str, decimals: int, language: Language) -> str:
    return MISSING_TEXT if value is None else html_text(number(value, decimals, language) + unit)


def _double_burden_layer(drawn: gpd.GeoDataFrame, say: Say) -> folium.FeatureGroup:
    """The areas with double burden, outlined thick."""
    layer = folium.FeatureGroup(name=html_text(say("Dobbel belastning")))
    marked = drawn[drawn["dobbel"]]
    if len(marked):
        folium.GeoJson(
            marked[["geometry"]],
            style_function=lambda _feature: {
                "fill": False,
                "color": DOUBLE_BURDEN_COLOUR,
                "weight": 3.5,
            },
            interactive=False,
        ).add_to(layer)
    return layer


def _bivariate_legend_html(
    legend: BivariateLegend | None, may_see_small_counts: bool, settings: GeoSettings, say: Say
) -> str:
    """The legend box: title, the 3 × 3 grid, the grey cases, double burden's outline, the
    municipal boundary."""
    if legend is None:
        title = html_text(say("Kommunale boliger og levekår"))
        grid = html_text(say("For få områder med begge tall til å dele dem i klasser.")) + "<br>"
    else:
        title, grid = html_text(legend.title), _legend_grid(legend, say)
    entries = [swatch(f"background:{NO_VALUE_COLOUR}", say("Mangler tall"))]
    if not may_see_small_counts:
        hidden = say("Skjult (færre enn {count} kommunale)", count=settings.small_count)
        entries.append(swatch(f"background:{HIDDEN_COLOUR}", hidden))
    entries.append(swatch(f"border:3px solid {DOUBLE_BURDEN_COLOUR}", say("Dobbel belastning")))
    entries.append(swatch(f"border:2px solid {OUTLINE_COLOUR}", say("Kommunegrense")))
    return f"<b>{title}</b><br>{grid}{''.join(entries)}"


def _legend_grid(legend: BivariateLegend, say: Say) -> str:
    """The nine colours with poor living conditions at the top and a high share to the right;
    each row and column says what it holds, each cell its meaning (as its title), then the note."""
    cells = {(cell.share_class, cell.living_class): cell for cell in legend.cells}
    rows = []
    for living_class in (3, 2, 1):
        squares = "".join(
            f'<td title="{html_text(cells[(share_class, living_class)].label)}" '
            f'style="{_SQUARE}background:{cells[(share_class, living_class)].colour}"></td>'
            for share_class in (1, 2, 3)
        )
        label = html_text(legend.living_labels[living_class - 1])
        rows.append(f'<tr><td style="{_ROW_LABEL}">{label}</td>{squares}</tr>')
    columns = "".join(
        f'<td style="{_COLUMN_LABEL}">{html_text(text)}</td>' for text in legend.share_labels
    )
    rows.append(f"<tr><td></td>{columns}</tr>")
    worse = html_text(say("dårligere levekår"))
    return (
        f"{html_text(legend.living_title)} ↑ ({worse})"
        f'<table style="border-collapse:separate;border-spacing:2px">{"".join(rows)}</table>'
        f'<div style="text-align:right">{html_text(legend.share_title)} →</div>'
        f"<div>{html_text(legend.note)}</div>"
    )


def _add_legend(view: folium.Map, content: str) -> None:
    view.get_root().html.add_child(
        folium.Element(f'<div class="boligmonitor-legend" style="{_LEGEND_STYLE}">{content}</div>')
    )
