"""Benchmark: Boligprosjekter. "If everything planned is built" at Sandnes scale (the demo's
areas and register) and for 14,000 areas, and the Boligprosjekter page's server time.

`everything_built` runs the concentration assessment once more (9,999 permutations) on the
counts after the pipeline; the month's concentration before is the page's cached table and is
timed apart. The page is timed in Streamlit's AppTest as bench_pages times Kart: a warm rerun,
and the first run of a new data version (the page's own readers miss; the background computed
the rest). Prints wall-clock and CPU seconds;
asserts nothing. Run from the project root: `python bench/bench_projects.py [--rebuild]`.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_geo import (  # noqa: E402
    CELL_METRES,
    COLUMNS,
    MONTH,
    ROWS,
    SEED,
    synthetic_month,
)
from bench.bench_geo import timed as timed_once  # noqa: E402
from bench.bench_pages import (  # noqa: E402
    demo_warehouse,
    first_run_of_a_new_version,
    opened,
    report,
    timed,
)
from core.register_format import IN_PIPELINE  # noqa: E402
from core.roles import Request  # noqa: E402
from geo.analysis import concentration_for_month, warm_up  # noqa: E402
from geo.pipeline import everything_built  # noqa: E402
from geo.synthetic import grid_areas  # noqa: E402
from services.geo import month_geo, stored_geo  # noqa: E402
from services.projects import project_places, register  # noqa: E402
from ui import access  # noqa: E402

PROJECTS = 300  # projects in the pipeline across the country


def synthetic_register(codes: list[str], rng: np.random.Generator) -> pl.DataFrame:
    """PROJECTS projects in the pipeline, each placed by a grunnkrets of `codes`."""
    return pl.DataFrame(
        {
            "prosjekt_id": [f"P{number}" for number in range(PROJECTS)],
            "lat": [None] * PROJECTS,
            "lon": [None] * PROJECTS,
            "grunnkrets": rng.choice(codes, PROJECTS).tolist(),
            "boliger": rng.integers(4, 60, PROJECTS).astype(np.int32),
            "status": rng.choice(IN_PIPELINE, PROJECTS).tolist(),
            "gjennomforing": rng.choice(["nybygg", "kjop", "tomteselskap"], PROJECTS).tolist(),
        },
        schema_overrides={"lat": pl.Float64, "lon": pl.Float64},
    )


def sandnes(db: Path) -> None:
    """The demo's areas, its latest month and its register."""
    stored = stored_geo(db)
    month = month_geo(db, "2026-10", stored)
    before, _ = timed_once(
        "Sandnes: concentration before (the page's cached table)", month.concentration
    )
    projects = project_places(register(db), stored)
    timed_once(
        f"Sandnes: everything built ({len(stored.codes())} areas, {projects.height} projects)",
        everything_built,
        stored.required_areas(),
        before,
        projects,
    )


def norway() -> None:
    """14,000 synthetic areas, 110,000 dwellings and PROJECTS projects."""
    rng = np.random.default_rng(SEED)
    areas = grid_areas(ROWS, COLUMNS, CELL_METRES)
    stats, dwellings = synthetic_month(rng)
    before, _ = timed_once(
        "14,000 areas: concentration before",
        concentration_for_month,
        areas,
        stats,
        dwellings,
        MONTH,
    )
    projects = synthetic_register(stats["grunnkrets"].to_list(), rng)
    timed_once(
        f"14,000 areas: everything built ({PROJECTS} projects)",
        everything_built,
        areas,
        before,
        projects,
    )


def page(db: Path) -> None:
    """The Boligprosjekter page's server time (planlegger)."""
    app = opened("boligprosjekter", "planlegger")
    app.run()
    report("Boligprosjekter: warm rerun", [timed(app.run) for _ in range(5)])
    changed = [first_run_of_a_new_version(app, db) for _ in range(3)]
    report("Boligprosjekter: first run of a new data version", changed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="build the demo again")
    args = parser.parse_args()
    # AppTest sends no headers; say what a browser on this machine says (as bench_pages).
    access.this_request = lambda: Request("localhost:8501", "http://localhost:8501")
    db = demo_warehouse(rebuild=args.rebuild)
    os.environ["BOLIGMONITOR_DB"] = str(db)
    timed_once("numba warm-up (once per process)", warm_up)
    sandnes(db)
    norway()
    page(db)


if __name__ == "__main__":
    main()
