"""Folium maps of concentration: areas coloured by share or LQ, flags, buildings, dwellings.

Builders return a `folium.Map`; the page renders it. The map reads without background tiles
(areas are filled and the municipal outline is drawn), so it works offline. What a viewer may
not see is never put into the map's HTML at all: small counts are replaced before the data is
embedded, and dwelling and building points are only added for viewers who may see them.

folium links Leaflet and its plugins from CDNs by default; with `asset_base` the map links the
copies vendored in static/vendor/ instead (Leaflet and Leaflet.markercluster are all it needs),
so it draws without internet.

Every text on the map goes through `say` (bokmål by default; the app passes its translation)
and every number is formatted for `language`. The map's HTML is a sink: every text on it, the
areas' names and codes above all (folium's tooltips set them as HTML), goes through
`escaping.html_text`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

import folium
import geopandas as gpd
import polars as pl
from folium.elements import JSCSSMixin
from folium.plugins import FastMarkerCluster

from core.escaping import html_text
from core.formatting import Language, number, percent, plain_number
from core.i18n import N_, Say, in_bokmal
from core.register_format import STATUS
from core.settings import DEFAULT_GEO_SETTINGS, GeoSettings
from geo.areas import METRIC_CRS
from geo.buildings import AMBER, RED

Measure = Literal["andel", "lokasjonskvotient"]
HIDDEN = ":"  # SSB's mark for a suppressed figure
NO_VALUE_COLOUR = "#d9d9d9"
HIDDEN_COLOUR = "#f0f0f0"
OUTLINE_COLOUR = "#252525"
SIMPLIFY_METRES = 2.0


@dataclass(frozen=True)
class Scale:
    """Class limits (lower bounds after the first class) and their colours, for one measure."""

    column: str
    title: str
    limits: tuple[float, ...]
    colours: tuple[str, ...]
    unit: str

    def colour(self, value: float | None) -> str:
        """The fill colour of a value (grey when there is none)."""
        if value is None:
            return NO_VALUE_COLOUR
        return self.colours[sum(value >= limit for limit in self.limits)]

    def labels(self, language: Language = "nb", say: Say = in_bokmal) -> list[str]:
        """Legend labels such as 'under 2 %', '2–4 %', '15 % og over'."""
        shown = [plain_number(limit, language) for limit in self.limits]
        return [
            say("under {limit}", limit=f"{shown[0]}{self.unit}"),
            *(f"{low}–{high}{self.unit}" for low, high in pairwise(shown)),
            say("{limit} og over", limit=f"{shown[-1]}{self.unit}"),
        ]


SCALES: dict[str, Scale] = {
    "andel": Scale(
        "andel",
        N_("Andel kommunale boliger"),
        (2, 4, 6, 10, 15),
        ("#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"),
        " %",
    ),
    "lokasjonskvotient": Scale(
        "lokasjonskvotient",
        N_("Lokasjonskvotient (1 = som i kommunen)"),
        (0.5, 0.8, 1.25, 2, 3),
        ("#2166ac", "#92c5de", "#f7f7f7", "#fddbc7", "#ef8a62", "#b2182b"),
        "",
    ),
}
FLAG_STYLES = {
    "terskel": (N_("Flagget: over terskel"), "#000000", None),
    "klynge": (N_("Flagget: klynge (Local Moran)"), "#6a3d9a", "6 4"),
}
_EMPTY_DISPLAY: dict[str, object] = {
    "kommunale": "",
    "totalt": "",
    "andel_tekst": "",
    "lq_tekst": "",
    "flagg": "",
    "farge": NO_VALUE_COLOUR,
    "terskel": False,
    "klynge": False,
}
BUILDING_COLOURS = {RED: "#d7191c", AMBER: "#fdae61", None: "#2b83ba"}
PROJECT_COLOUR = "#009E73"  # Okabe & Ito's bluish green: apart from the flags and buildings
# A dwelling as a small circle: folium's default marker needs Leaflet.awesome-markers, and
# Leaflet's own marker guesses its image folder, both more to go wrong offline.
DWELLING_MARKER = (
    "function (row) { return L.circleMarker(new L.LatLng(row[0], row[1]), "
    "{radius: 5, color: '#1F5A85', weight: 1, fillOpacity: 0.8}); }"
)
# The vendored files under the asset base (static/vendor/), by folium's names for its links.
LEAFLET_JS = (("leaflet", "leaflet-1.9.4/leaflet.js"),)
LEAFLET_CSS = (("leaflet_css", "leaflet-1.9.4/leaflet.css"),)
CLUSTER_JS = (("markerclusterjs", "leaflet.markercluster-1.5.3/leaflet.markercluster.js"),)
CLUSTER_CSS = (
    ("markerclustercss", "leaflet.markercluster-1.5.3/MarkerCluster.css"),
    ("markerclusterdefaultcss", "leaflet.markercluster-1.5.3/MarkerCluster.Default.css"),
)


def concentration_map(
    areas: gpd.GeoDataFrame,
    concentration: pl.DataFrame,
    *,
    measure: Measure = "andel",
    may_see_small_counts: bool = False,
    may_see_dwellings: bool = False,
    buildings: pl.DataFrame | None = None,
    dwellings: pl.DataFrame | None = None,
    projects: pl.DataFrame | None = None,
    tiles: str | None = "OpenStreetMap",
    settings: GeoSettings = DEFAULT_GEO_SETTINGS,
    asset_base: str | None = None,
    language: Language = "nb",
    say: Say = in_bokmal,
) -> folium.Map:
    """The concentration map for one month.

    `concentration` is `concentration_for_month`'s table, `buildings` `building_flags`'s and
    `dwellings` the month's dwellings (lat, lon), `projects` the register of housing projects
    with their area (prosjekt_id, navn, lat, lon, omrade, boliger, status). Buildings, dwelling
    points and projects are only drawn when `may_see_dwellings`; counts below
    `settings.small_count` (and the share and LQ built on them) are shown as ':' unless
    `may_see_small_counts`. `tiles=None` draws no background.
    `asset_base` is the URL of static/vendor/ as the browser reaches it (None: folium's CDNs).
    Texts go through `say` and numbers are formatted for `language`. Without areas there is
    nothing to draw: ValueError.
    """
    if len(areas) == 0:
        raise ValueError("Ingen områder er lastet opp, så kartet kan ikke tegnes.")
    scale = SCALES[measure]
    shapes = _area_shapes(
        areas, concentration, scale, may_see_small_counts, settings, say, language
    )
    west, south, east, north = _focus(shapes, concentration).total_bounds
    view = folium.Map(tiles=tiles, control_scale=True)
    if asset_base is not None:
        link_local(view, asset_base, LEAFLET_JS, LEAFLET_CSS)
    view.fit_bounds([[south, west], [north, east]])
    _area_layer(shapes, scale, say).add_to(view)
    outline_layer(shapes, say).add_to(view)
    for flag in FLAG_STYLES:
        _flag_layer(shapes, flag, say).add_to(view)
    if may_see_dwellings and buildings is not None:
        _building_layer(buildings, say, language).add_to(view)
    if may_see_dwellings and dwellings is not None:
        cluster = _dwelling_layer(dwellings, say)
        if asset_base is not None:
            link_local(cluster, asset_base, CLUSTER_JS, CLUSTER_CSS)
        cluster.add_to(view)
    if may_see_dwellings and projects is not None:
        _project_layer(projects, areas, say, language).add_to(view)
    folium.LayerControl(collapsed=True).add_to(view)
    view.get_root().html.add_child(
        folium.Element(_legend(scale, may_see_small_counts, settings.small_count, say, language))
    )
    return view


def _focus(shapes: gpd.GeoDataFrame, concentration: pl.DataFrame) -> gpd.GeoDataFrame:
    """The areas the map opens on: those with municipal dwellings (all areas when none have)."""
    placed = concentration.filter(pl.col("kommunale_boliger") > 0)["grunnkrets"].to_list()
    focus = shapes[shapes["grunnkrets"].isin(placed)]
    return focus if len(focus) else shapes


def link_local(
    element: JSCSSMixin,
    base: str,
    scripts: tuple[tuple[str, str], ...],
    styles: tuple[tuple[str, str], ...],
) -> None:
    """Make `element` link only the vendored files under `base`, none of folium's CDN links."""
    root = base.rstrip("/")
    element.default_js = [(name, f"{root}/{path}") for name, path in scripts]
    element.default_css = [(name, f"{root}/{path}") for name, path in styles]


def _area_shapes(
    areas: gpd.GeoDataFrame,
    concentration: pl.DataFrame,
    scale: Scale,
    may_see_small_counts: bool,
    settings: GeoSettings,
    say: Say,
    language: Language,
) -> gpd.GeoDataFrame:
    """The areas in WGS84 with only what the viewer may see, as display text, and a colour."""
    rows = {row["grunnkrets"]: row for row in concentration.iter_rows(named=True)}
    properties = [
        _display(rows.get(code), scale, may_see_small_counts, settings, say, language)
        for code in areas["grunnkrets"]
    ]
    metric = areas.to_crs(METRIC_CRS).geometry.simplify(SIMPLIFY_METRES, preserve_topology=True)
    return gpd.GeoDataFrame(
        {
            "grunnkrets": areas["grunnkrets"].tolist(),
            "navn": areas["navn"].tolist(),
            **{key: [shown[key] for shown in properties] for key in _EMPTY_DISPLAY},
        },
        geometry=metric.to_crs("EPSG:4326").to_numpy(),
        crs="EPSG:4326",
    )


def _display(
    row: dict | None,
    scale: Scale,
    may_see_small_counts: bool,
    settings: GeoSettings,
    say: Say,
    language: Language,
) -> dict[str, object]:
    """Tooltip texts, fill colour and flags of one area."""
    if row is None:
        return _EMPTY_DISPLAY
    hidden = not may_see_small_counts and row["kommunale_boliger"] < settings.small_count
    total = row["boliger_totalt"]
    value = row[scale.column]
    flags = [
        name
        for name, key in ((N_("terskel"), "flagg_terskel"), (N_("klynge"), "flagg_klynge"))
        if row[key]
    ]
    return {
        "kommunale": number(row["kommunale_boliger"], 0, language, suppressed=hidden),
        "totalt": "" if total is None else number(total, 0, language),
        "andel_tekst": _shown(row["andel"], hidden, percent, 1, language),
        "lq_tekst": _shown(row["lokasjonskvotient"], hidden, number, 2, language),
        "flagg": html_text(", ".join(say(flag) for flag in flags) or say("ingen")),
        "farge": HIDDEN_COLOUR if hidden else scale.colour(value),
        "terskel": bool(row["flagg_terskel"]),
        "klynge": bool(row["flagg_klynge"]),
    }


def _shown(
    value: float | None,
    hidden: bool,
    formatted: Callable[[float, int, Language], str],
    decimals: int,
    language: Language,
) -> str:
    if hidden:
        return HIDDEN
    if value is None:
        return "–"
    return formatted(value, decimals, language)


def _area_layer(shapes: gpd.GeoDataFrame, scale: Scale, say: Say) -> folium.FeatureGroup:
    layer = folium.FeatureGroup(name=html_text(say(scale.title)))
    shown = shapes.drop(columns=["terskel", "klynge"]).assign(
        navn=shapes["navn"].map(html_text, na_action="ignore"),
        grunnkrets=shapes["grunnkrets"].map(html_text),
    )
    folium.GeoJson(
        shown,
        style_function=lambda feature: {
            "fillColor": feature["properties"]["farge"],
            "fillOpacity": 0.7,
            "color": "#636363",
            "weight": 0.5,
        },
        highlight_function=lambda _feature: {"weight": 2, "color": OUTLINE_COLOUR},
        tooltip=folium.GeoJsonTooltip(
            fields=[
                "navn",
                "grunnkrets",
                "kommunale",
                "totalt",
                "andel_tekst",
                "lq_tekst",
                "flagg",
            ],
            aliases=[
                html_text(say(alias))
                for alias in (
                    "Område",
                    "Grunnkrets",
                    "Kommunale boliger",
                    "Boliger i alt",
                    "Andel kommunale",
                    "Lokasjonskvotient",
                    "Flagg",
                )
            ],
        ),
    ).add_to(layer)
    return layer


def outline_layer(shapes: gpd.GeoDataFrame, say: Say) -> folium.FeatureGroup:
    """The municipality's outline, so the map reads even without background tiles."""
    layer = folium.FeatureGroup(name=html_text(say("Kommunegrense")))
    outline = gpd.GeoDataFrame(geometry=[shapes.union_all()], crs=shapes.crs)
    folium.GeoJson(
        outline,
        style_function=lambda _feature: {"fill": False, "color": OUTLINE_COLOUR, "weight": 2.5},
        interactive=False,
    ).add_to(layer)
    return layer


def _flag_layer(shapes: gpd.GeoDataFrame, flag: str, say: Say) -> folium.FeatureGroup:
    title, colour, dashes = FLAG_STYLES[flag]
    layer = folium.FeatureGroup(name=html_text(say(title)))
    flagged = shapes[shapes[flag]]
    if len(flagged):
        folium.GeoJson(
            flagged[["geometry"]],
            style_function=lambda _feature: {
                "fill": False,
                "color": colour,
                "weight": 3.5,
                "dashArray": dashes,
            },
            interactive=False,
        ).add_to(layer)
    return layer


def _building_layer(buildings: pl.DataFrame, say: Say, language: Language) -> folium.FeatureGroup:
    """Flagged buildings as circles: red or amber by the borettslag rule, else blue."""
    layer = folium.FeatureGroup(name=html_text(say("Flaggede bygninger")))
    flagged = buildings.filter(
        (pl.col("flagg_bygning") | pl.col("borettslag").is_not_null())
        & pl.col("lat").is_not_null()
        & pl.col("lon").is_not_null()
    )
    for row in flagged.iter_rows(named=True):
        text = say("{count} kommunale boliger", count=number(row["kommunale_boliger"], 0, language))
        if row["andel_av_bygning"] is not None:
            share = plain_number(row["andel_av_bygning"], language)
            text += " " + say("({share} % av enhetene)", share=share)
        folium.CircleMarker(
            location=[row["lat"], row["lon"]],
            radius=6 + min(row["kommunale_boliger"], 20) / 2,
            color=BUILDING_COLOURS[row["borettslag"]],
            fill=True,
            fill_opacity=0.8,
            tooltip=html_text(text),
        ).add_to(layer)
    return layer


def _dwelling_layer(dwellings: pl.DataFrame, say: Say) -> FastMarkerCluster:
    """Every dwelling with coordinates, clustered in the browser (fast for thousands)."""
    points = (
        dwellings.select(pl.col("lat", "lon").cast(pl.Float64).fill_nan(None)).drop_nulls().rows()
    )
    return FastMarkerCluster(
        [list(point) for point in points],
        name=html_text(say("Kommunale boliger")),
        callback=DWELLING_MARKER,
    )


def _project_layer(
    projects: pl.DataFrame, areas: gpd.GeoDataFrame, say: Say, language: Language
) -> folium.FeatureGroup:
    """The housing projects as green rings: at their coordinates, else in their area (a project
    in no known area is not drawn)."""
    layer = folium.FeatureGroup(name=html_text(say("Boligprosjekter")))
    centres = areas.set_index("grunnkrets").representative_point().to_crs(4326)
    for row in projects.iter_rows(named=True):
        if row["lat"] is not None and row["lon"] is not None:
            location = [row["lat"], row["lon"]]
        elif row["omrade"] in centres.index:
            centre = centres[row["omrade"]]
            location = [centre.y, centre.x]
        else:
            continue
        text = say(
            "{name}: {count} boliger, {status}",
            name=row["navn"],
            count=number(row["boliger"], 0, language),
            status=say(STATUS[row["status"]]),
        )
        folium.CircleMarker(
            location=location,
            radius=7 + min(row["boliger"], 30) / 3,
            color=PROJECT_COLOUR,
            weight=3,
            fill=True,
            fill_opacity=0.35,
            tooltip=html_text(text),
        ).add_to(layer)
    return layer


def _legend(
    scale: Scale, may_see_small_counts: bool, small_count: int, say: Say, language: Language
) -> str:
    """A fixed legend box: colour classes, grey cases, flag outlines, outline."""
    entries = [
        swatch(f"background:{colour}", label)
        for colour, label in zip(scale.colours, scale.labels(language, say), strict=True)
    ]
    entries.append(swatch(f"background:{NO_VALUE_COLOUR}", say("Ingen boliger eller ukjent")))
    if not may_see_small_counts:
        hidden = say("Skjult (færre enn {count} kommunale)", count=small_count)
        entries.append(swatch(f"background:{HIDDEN_COLOUR}", hidden))
    for title, colour, dashes in FLAG_STYLES.values():
        border = "dashed" if dashes else "solid"
        entries.append(swatch(f"border:3px {border} {colour}", say(title)))
    entries.append(swatch(f"border:2px solid {OUTLINE_COLOUR}", say("Kommunegrense")))
    return (
        '<div class="boligmonitor-legend" style="position:fixed;bottom:24px;left:12px;'
        "z-index:9999;background:white;padding:8px 10px;border:1px solid #999;"
        'font:12px sans-serif;line-height:18px">'
        f"<b>{html_text(say(scale.title))}</b><br>{''.join(entries)}</div>"
    )


def swatch(style: str, label: str) -> str:
    return (
        f'<span style="display:inline-block;width:14px;height:12px;margin-right:6px;'
        f'vertical-align:middle;{style}"></span>{html_text(label)}<br>'
    )


def map_summary(concentration: pl.DataFrame, language: Language, say: Say) -> str:
    """What the concentration map shows, in one sentence: how many areas, how many flagged.

    `concentration` has one row per area with `flagg_terskel` and `flagg_klynge`
    (geo.concentration). The map outlines every flagged area, so the counts give nothing away.
    """
    return say(
        "Kart over {areas} områder farget etter andel kommunale boliger: {threshold} er flagget "
        "over terskel og {cluster} som klynge.",
        areas=number(concentration.height, 0, language),
        threshold=number(concentration["flagg_terskel"].sum(), 0, language),
        cluster=number(concentration["flagg_klynge"].sum(), 0, language),
    )
