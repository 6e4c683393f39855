"""Synthetic square grids of areas, for tests and the benchmark."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from geo.areas import METRIC_CRS

# South-west corner of the grids (EPSG:25832): Sandnes, so the points are plausible.
ORIGIN = (310_000.0, 6_520_000.0)


def cell_code(row: int, column: int) -> str:
    """The grunnkrets code of a cell in a grid of at most 100 × 100: '1108', row, column."""
    return f"1108{row:02d}{column:02d}"


def grid_areas(rows: int, columns: int, cell_metres: float = 100.0) -> gpd.GeoDataFrame:
    """rows × columns square areas in EPSG:25832, row by row from the south-west corner.

    Codes come from `cell_code` when the grid fits it, else they are running 8-digit numbers.
    """
    row_index, column_index = np.divmod(np.arange(rows * columns), columns)
    if rows <= 100 and columns <= 100:
        codes = [cell_code(r, c) for r, c in zip(row_index, column_index, strict=True)]
    else:
        codes = [str(10_000_000 + number) for number in range(rows * columns)]
    west = ORIGIN[0] + column_index * cell_metres
    south = ORIGIN[1] + row_index * cell_metres
    return gpd.GeoDataFrame(
        {
            "grunnkrets": codes,
            "navn": [f"Rute {code}" for code in codes],
            "delomrade": [code[:6] for code in codes],
            "delomradenavn": [None] * len(codes),
        },
        geometry=shapely.box(west, south, west + cell_metres, south + cell_metres),
        crs=METRIC_CRS,
    )
