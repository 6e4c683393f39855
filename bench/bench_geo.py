"""Benchmark: concentration and both area flags for Norway: 14,000 areas, 110,000 dwellings.

Prints the numba warm-up on its own, then the month's concentration (assignment, counts,
threshold and cluster flags with 9,999 permutations) against the design's 10 s target.
Prints wall-clock and CPU seconds (the machine is often shared); asserts nothing.
Run from the project root: `python bench/bench_geo.py`.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl
from pyproj import Transformer

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from geo.analysis import area_counts, concentration_for_month, warm_up  # noqa: E402
from geo.buildings import building_flags  # noqa: E402
from geo.segregation import segregation_by_month  # noqa: E402
from geo.synthetic import ORIGIN, grid_areas  # noqa: E402

ROWS, COLUMNS, CELL_METRES = 140, 100, 500.0  # 14,000 areas, like Norway's grunnkretser
DWELLINGS = 110_000
WITHOUT_COORDINATES = 0.1  # share of dwellings placed only by their grunnkrets column
MONTH = "2026-10"
TARGET_SECONDS = 10.0
SEED = 2026


def synthetic_month(rng: np.random.Generator) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Area statistics and one month of municipal dwellings, with a few planted clusters."""
    areas = ROWS * COLUMNS
    totals = rng.integers(50, 330, areas)  # ≈ 2.6 million dwellings in all, like Norway
    weight = totals.astype(float)
    row, column = np.divmod(np.arange(areas), COLUMNS)
    for centre_row, centre_column in rng.integers(5, [ROWS - 5, COLUMNS - 5], size=(20, 2)):
        near = (abs(row - centre_row) <= 1) & (abs(column - centre_column) <= 1)
        weight[near] *= 5
    cell = rng.choice(areas, size=DWELLINGS, p=weight / weight.sum())
    east = ORIGIN[0] + (column[cell] + rng.random(DWELLINGS)) * CELL_METRES
    north = ORIGIN[1] + (row[cell] + rng.random(DWELLINGS)) * CELL_METRES
    lon, lat = Transformer.from_crs(25832, 4326, always_xy=True).transform(east, north)
    no_coordinates = rng.random(DWELLINGS) < WITHOUT_COORDINATES
    codes = np.array([str(10_000_000 + number) for number in range(areas)])
    dwellings = pl.DataFrame(
        {
            "maaned": dt.date(2026, 10, 1),
            "bolig_id": [f"B{number}" for number in range(DWELLINGS)],
            "lat": np.where(no_coordinates, np.nan, lat),
            "lon": np.where(no_coordinates, np.nan, lon),
            "grunnkrets": codes[cell],
            "bygning_id": [f"G{number // 3}" for number in range(DWELLINGS)],
            "bygning_enheter": 24,
        }
    )
    stats = pl.DataFrame(
        {"grunnkrets": codes, "aar": 2026, "innbyggere": 2 * totals, "boliger_totalt": totals}
    )
    return stats, dwellings


def timed(label: str, work, *args, **kwargs):
    """Run `work`, print its wall-clock and CPU seconds, and return its result with the wall time.

    CPU time shows the work's own cost when other processes share the two cores.
    """
    started, started_cpu = time.perf_counter(), time.process_time()
    result = work(*args, **kwargs)
    seconds, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    print(f"{label:<52} {seconds:7.2f} s  (CPU {cpu:6.2f} s)")
    return result, seconds


def main() -> None:
    print(f"Geo benchmark: {ROWS * COLUMNS:,} areas, {DWELLINGS:,} municipal dwellings")
    rng = np.random.default_rng(SEED)
    areas, _ = timed("build the area grid", grid_areas, ROWS, COLUMNS, CELL_METRES)
    (stats, dwellings), _ = timed("simulate the month", synthetic_month, rng)
    timed("numba warm-up (once per process)", warm_up)
    table, seconds = timed(
        "concentration + threshold + cluster flags (9,999)",
        concentration_for_month,
        areas,
        stats,
        dwellings,
        MONTH,
    )
    print(f"{'':<52} {seconds / TARGET_SECONDS:7.2f} × target ({TARGET_SECONDS:g} s)")
    timed("building flags", building_flags, dwellings)
    counts, _ = timed("area counts (for segregation)", area_counts, areas, stats, dwellings)
    segregation, _ = timed("segregation indices", segregation_by_month, counts)
    flags = table.select(pl.col("flagg_terskel").sum(), pl.col("flagg_klynge").sum()).row(0)
    print(f"flagged by threshold: {flags[0]:,}, as cluster: {flags[1]:,}")
    index = segregation.row(0, named=True)
    print(
        f"dissimilarity {index['dissimilaritet']:.3f}, "
        f"isolation {index['isolasjon']:.3f} (municipal share {index['andel_kommunen']:.2f} %)"
    )


if __name__ == "__main__":
    main()
