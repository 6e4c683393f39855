"""The demo municipality's areas: a grid of neighbourhood cells clipped to the real Sandnes outline.

The cells are invented demo areas, not SSB grunnkretser. The urban part of Sandnes is covered by
1 km cells, each named after the nearest neighbourhood; the rest of the municipality is split
into a few large rural areas, so that every point of the municipality lies in some area.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import polars as pl
import shapely

from geo.areas import METRIC_CRS

OUTLINE_PATH = (
    Path(__file__).resolve().parent.parent
    / "data"
    / "geodata"
    / "sandnes_kommune_1108_2024.geojson"
)
KOMMUNENUMMER = "1108"
CELL_METRES = 1000
# The urban part of Sandnes (EPSG:25832): Lura and Stangeland in the north to Figgjo in the south.
URBAN_BOX = (304000.0, 6519000.0, 317000.0, 6533000.0)
# A clipped cell smaller than this share of a full cell joins its longest-bordering neighbour.
SLIVER_SHARE = 0.25
CENTRE = (311700.0, 6528100.0)  # the town centre at the head of Gandsfjorden
# Inhabitants of the urban cells in the first year (the rural ones are listed below), and how
# the population and the dwelling stock grow per year.
URBAN_INHABITANTS = 63000
POPULATION_GROWTH = 0.0085
DWELLING_GROWTH = 0.011

# Urban delområder: code (2 digits), demo name, anchor point; a cell belongs to the nearest anchor.
URBAN_DELOMRADER = [
    ("01", "Sentrum", CENTRE),
    ("02", "Lura", (311800.0, 6530600.0)),
    ("03", "Stangeland", (309300.0, 6529900.0)),
    ("04", "Austrått", (309200.0, 6527300.0)),
    ("05", "Trones", (313300.0, 6529300.0)),
    ("06", "Sandved", (311300.0, 6526100.0)),
    ("07", "Hana", (313600.0, 6525500.0)),
    ("08", "Bogafjell", (315700.0, 6527300.0)),
    ("09", "Ganddal", (310200.0, 6523400.0)),
    ("10", "Figgjo", (312600.0, 6520800.0)),
    ("11", "Vatne", (307600.0, 6525500.0)),
]
# Rural delområder: code, demo name, the box (EPSG:25832) it takes of the rest of the outline,
# whether it lies east of Høgsfjorden (Forsand and Lysefjorden take only the eastern land, the
# others only the western), and its inhabitants in the first year. The boxes tile everything
# outside the urban box.
RURAL_DELOMRADER = [
    ("20", "Sviland", (300000.0, 6500000.0, 323000.0, 6530000.0), False, 1600),
    ("21", "Riska og Hommersåk", (300000.0, 6530000.0, 323000.0, 6580000.0), False, 7800),
    ("22", "Høle", (323000.0, 6500000.0, 400000.0, 6580000.0), False, 1300),
    ("23", "Forsand", (300000.0, 6500000.0, 350000.0, 6580000.0), True, 1150),
    ("24", "Lysefjorden", (350000.0, 6500000.0, 400000.0, 6580000.0), True, 150),
]
# Land parts whose western edge lies east of this line are east of Høgsfjorden.
EAST_SHORE_X = 332000.0


@cache
def outline(path: Path = OUTLINE_PATH) -> shapely.MultiPolygon:
    """The Sandnes municipal outline in EPSG:25832."""
    return gpd.read_file(path).to_crs(METRIC_CRS).geometry.union_all()


def _urban_cells(municipality: shapely.Geometry) -> list[shapely.Geometry]:
    """The grid cells clipped to the outline, with slivers merged into a neighbour."""
    x0, y0, x1, y1 = URBAN_BOX
    cells = [
        shapely.box(x, y, x + CELL_METRES, y + CELL_METRES)
        for x in np.arange(x0, x1, CELL_METRES)
        for y in np.arange(y0, y1, CELL_METRES)
    ]
    clipped = [cell.intersection(municipality) for cell in cells]
    clipped = [cell for cell in clipped if cell.area > 0]
    full = CELL_METRES**2
    kept = [cell for cell in clipped if cell.area >= SLIVER_SHARE * full]
    for sliver in (cell for cell in clipped if cell.area < SLIVER_SHARE * full):
        shared = [sliver.boundary.intersection(cell.boundary).length for cell in kept]
        best = int(np.argmax(shared))
        if shared[best] > 0:
            kept[best] = kept[best].union(sliver)
        else:
            kept.append(sliver)
    return kept


def _nearest_delomrade(cell: shapely.Geometry) -> tuple[str, str]:
    """The urban delområde (code, name) whose anchor is nearest to the cell's inner point."""
    point = cell.representative_point()
    distances = [np.hypot(point.x - ax, point.y - ay) for _, _, (ax, ay) in URBAN_DELOMRADER]
    code, name, _ = URBAN_DELOMRADER[int(np.argmin(distances))]
    return code, name


def _rural_parts(municipality: shapely.Geometry) -> list[tuple[str, str, shapely.Geometry]]:
    """The municipality outside the urban box, cut into the rural delområder."""
    rest = shapely.get_parts(municipality.difference(shapely.box(*URBAN_BOX)))
    east = shapely.bounds(rest)[:, 0] >= EAST_SHORE_X
    sides = {False: shapely.union_all(rest[~east]), True: shapely.union_all(rest[east])}
    parts = []
    for code, name, box, eastern, _ in RURAL_DELOMRADER:
        piece = sides[eastern].intersection(shapely.box(*box))
        polygons = [part for part in shapely.get_parts(piece) if part.geom_type == "Polygon"]
        if polygons:
            parts.append((code, name, shapely.union_all(polygons)))
    return parts


def _row(code: str, number: int, name: str, geometry: shapely.Geometry, rural: bool) -> dict:
    grunnkrets = f"{KOMMUNENUMMER}{code}{number:02d}"
    return {
        "grunnkrets": grunnkrets,
        "navn": f"Demoområde {grunnkrets[4:]} ({name})",
        "delomrade": grunnkrets[:6],
        "delomradenavn": f"Demo {name}",
        "landlig": rural,
        "geometry": geometry,
    }


@cache
def demo_areas(path: Path = OUTLINE_PATH) -> gpd.GeoDataFrame:
    """Every demo area in EPSG:25832: grunnkrets, navn, delomrade, delomradenavn, landlig."""
    municipality = outline(path)
    cells = sorted(
        _urban_cells(municipality),
        key=lambda cell: (-round(cell.centroid.y, -2), cell.centroid.x),
    )
    rows = []
    numbers: dict[str, int] = {}
    for cell in cells:
        code, name = _nearest_delomrade(cell)
        numbers[code] = numbers.get(code, 0) + 1
        rows.append(_row(code, numbers[code], name, cell, rural=False))
    rows += [
        _row(code, 1, name, piece, rural=True) for code, name, piece in _rural_parts(municipality)
    ]
    areas = gpd.GeoDataFrame(rows, geometry="geometry", crs=METRIC_CRS)
    return areas.sort_values("grunnkrets", ignore_index=True)


def areas_geojson(areas: gpd.GeoDataFrame) -> bytes:
    """The areas as GeoJSON in EPSG:25832 (declared in the file), as `load_areas` reads it."""
    buffer = io.BytesIO()
    areas.drop(columns="landlig").to_file(
        buffer, driver="GeoJSON", engine="pyogrio", layer="demoomrader"
    )
    return buffer.getvalue()


def distance_to_centre(areas: gpd.GeoDataFrame) -> np.ndarray:
    """Metres from each area's inner point to the town centre."""
    points = areas.geometry.representative_point()
    return np.hypot(points.x.to_numpy() - CENTRE[0], points.y.to_numpy() - CENTRE[1])


def first_year_inhabitants(areas: gpd.GeoDataFrame) -> np.ndarray:
    """Inhabitants per area in the first year: dense in the centre, thinning outwards."""
    rural = areas["landlig"].to_numpy()
    full_share = areas.geometry.area.to_numpy() / CELL_METRES**2
    density = full_share * (0.25 + 2.5 * np.exp(-distance_to_centre(areas) / 2500))
    urban = density / density[~rural].sum() * URBAN_INHABITANTS
    by_code = {code: people for code, _, _, _, people in RURAL_DELOMRADER}
    rural_people = np.array([by_code.get(code[4:6], 0) for code in areas["grunnkrets"]])
    return np.round(np.where(rural, rural_people, urban)).astype(np.int64)


def municipal_weights(areas: gpd.GeoDataFrame) -> np.ndarray:
    """Where municipal dwellings lie, as shares: by population, concentrated in the centre."""
    near_centre = 1 + 12 * np.exp(-distance_to_centre(areas) / 900)
    weights = first_year_inhabitants(areas) * np.where(areas["landlig"], 0.6, near_centre)
    return weights / weights.sum()


def area_statistics(
    areas: gpd.GeoDataFrame, years: range, municipal_dwellings: dict[str, int], seed: int
) -> pl.DataFrame:
    """Inhabitants and all dwellings per area and year.

    Columns grunnkrets, aar, innbyggere, boliger_totalt.

    Households are smaller in the centre, so it has more dwellings per inhabitant. Every area's
    dwellings stay well above the most municipal dwellings it ever holds.
    """
    rng = np.random.default_rng(seed)
    people = first_year_inhabitants(areas).astype(float)
    per_dwelling = 2.0 + 0.6 * (1 - np.exp(-distance_to_centre(areas) / 2500))
    dwellings = people / per_dwelling
    population_growth = POPULATION_GROWTH + rng.normal(0, 0.004, len(areas))
    dwelling_growth = DWELLING_GROWTH + rng.normal(0, 0.004, len(areas))
    floor = np.array([4 * municipal_dwellings.get(code, 0) + 20 for code in areas["grunnkrets"]])
    frames = []
    for offset, year in enumerate(years):
        frames.append(
            pl.DataFrame(
                {
                    "grunnkrets": areas["grunnkrets"].to_list(),
                    "aar": year,
                    "innbyggere": np.round(people * (1 + population_growth) ** offset),
                    "boliger_totalt": np.maximum(
                        np.round(dwellings * (1 + dwelling_growth) ** offset), floor
                    ),
                },
                schema={
                    "grunnkrets": pl.String,
                    "aar": pl.Int32,
                    "innbyggere": pl.Int64,
                    "boliger_totalt": pl.Int64,
                },
                strict=False,
            )
        )
    return pl.concat(frames)
