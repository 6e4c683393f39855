"""Benchmark: the joint suppression pattern of the demo municipality, what a reader's first page
costs on top of what staff see, and how much secondary suppression hides.

On the demo warehouse (Sandnes scale, 12 years of months; built once into bench/output/, shared
with bench_pages.py), in this process and after one warm-up run, timed step by step as
`ui.data` runs them once per data version and thresholds: placing the dwellings in areas, the
monthly cells of every indicator and breakdown, and the pattern itself (cells at every period
type, classes, relations, rule 1 and the audit). Then the quarter table for staff (no pattern)
and for a reader (the pattern applied). Prints seconds and cell counts; asserts nothing.
Run from the project root: `python bench/bench_suppression.py [--rebuild]`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import polars as pl  # noqa: E402
from bench_pages import demo_warehouse  # noqa: E402

from indicators import relations, suppression  # noqa: E402
from indicators.suppression import Thresholds  # noqa: E402
from services.geo import dwelling_placement  # noqa: E402
from services.indicators import indicator_values, reader_months  # noqa: E402

ROUNDS = 5


def median_seconds(run, rounds: int = ROUNDS) -> tuple[float, object]:
    """The median wall-clock seconds of `run()` over `rounds` runs after one warm-up, and its
    last result."""
    result = run()
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="build the demo warehouse again")
    db = demo_warehouse(rebuild=parser.parse_args().rebuild)
    thresholds = Thresholds()

    placing, placement = median_seconds(lambda: dwelling_placement(db))
    reading, months = median_seconds(lambda: reader_months(db, placement).collect())
    relating, structure = median_seconds(lambda: relations.structure(months.lazy()))
    pattern_time, hidden = median_seconds(
        lambda: suppression.hidden_cells(months.lazy(), thresholds)
    )
    staff, _ = median_seconds(lambda: indicator_values(db, "quarter"))
    reader, _ = median_seconds(lambda: indicator_values(db, "quarter", hidden=hidden))

    cells = structure.cells.height
    print(f"cells {cells}, figure classes {structure.classes}, relations {structure.relations}")
    print(f"hidden {hidden.height} ({hidden.height / cells:.0%} of the cells)")
    print(hidden.group_by("periodetype", "inndeling").len().sort("periodetype", "inndeling"))
    print(f"place dwellings in areas          {placing:6.3f} s")
    print(f"monthly cells of every breakdown  {reading:6.3f} s")
    print(f"suppression pattern               {pattern_time:6.3f} s")
    print(f"  of which cells and relations    {relating:6.3f} s")
    print(f"joint, once per data version      {placing + reading + pattern_time:6.3f} s")
    print(f"quarter table, staff              {staff:6.3f} s")
    print(f"quarter table, reader (pattern)   {reader:6.3f} s")
    return 0


if __name__ == "__main__":
    pl.Config.set_tbl_rows(20)
    sys.exit(main())
