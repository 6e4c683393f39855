"""Benchmark: parse and load one month at Sandnes, Oslo and Norway scale, then build the demo.

Prints seconds and the ratio to the design's targets; asserts nothing.
Run from the project root: `python bench/bench_ingest.py [sandnes oslo norge] [--no-demo]`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from demo.build import build_demo  # noqa: E402
from demo.files import read_files, snapshot_csv, write_files  # noqa: E402
from demo.simulation import NORWAY, OSLO, SANDNES, Scale, simulate  # noqa: E402
from services.geo import locate  # noqa: E402
from services.indicators import keep_month_values  # noqa: E402
from warehouse.audit import Actor  # noqa: E402
from warehouse.ingest import ingest  # noqa: E402
from warehouse.schema import init  # noqa: E402
from warehouse.validation.snapshot import parse_snapshot  # noqa: E402

PREVIOUS_MONTH, MONTH = "2026-09", "2026-10"
SEED = 2026
INGEST_TARGET_SECONDS = {SANDNES.name: None, OSLO.name: None, NORWAY.name: 3.0}
DEMO_TARGET_SECONDS = 30.0
PARSE_TARGET_SECONDS = 0.035  # one Sandnes month; the demo parses 154 of them
PARSE_RUNS = 30
OUTPUT = ROOT / "bench" / "output"
DEMO = Actor("demo", "demo")  # the load is timed in the warehouse itself, as the demo loads


def _ratio(seconds: float, target: float | None) -> str:
    return f"{seconds / target:5.2f} × target ({target:g} s)" if target else ""


def bench_scale(scale: Scale) -> None:
    """Time the ingest of one month, written as Norwegian CSV, after the month before it.

    A load is the ingest and keeping the month's indicator values (flows read the month
    before, which is why that month is loaded first, untimed); the target is for both.
    """
    started = time.perf_counter()
    previous, snapshot = simulate(scale, PREVIOUS_MONTH, MONTH, SEED)
    simulated = time.perf_counter() - started
    started = time.perf_counter()
    paths = write_files(snapshot_csv(snapshot), OUTPUT / scale.name.lower())
    written = time.perf_counter() - started
    rows = snapshot.boliger.height + snapshot.husstander.height
    with tempfile.TemporaryDirectory() as directory:
        db_path = Path(directory) / "bench.duckdb"
        init(db_path)
        previous_files = read_files(write_files(snapshot_csv(previous), Path(directory)))
        ingest(db_path, PREVIOUS_MONTH, previous_files, actor=DEMO, locate=locate)
        keep_month_values(db_path)
        files = read_files(paths)
        started = time.perf_counter()
        result = ingest(db_path, MONTH, files, actor=DEMO, locate=locate)
        ingested = time.perf_counter() - started
        started = time.perf_counter()
        keep_month_values(db_path)
        kept = time.perf_counter() - started
    ratio = _ratio(ingested + kept, INGEST_TARGET_SECONDS[scale.name])
    print(
        f"{scale.name:8} {rows:>8,} rader  simulering {simulated:6.2f} s  CSV {written:6.2f} s  "
        f"innlasting {ingested:5.2f} s ({result.status}) + indikatorverdier {kept:5.2f} s "
        f"= {ingested + kept:5.2f} s {ratio}"
    )
    for problem in result.errors[:5]:
        print(f"    {problem}")


def bench_parse() -> None:
    """Time `parse_snapshot` on one Sandnes month as CSV (the median of repeated runs)."""
    files = snapshot_csv(next(simulate(SANDNES, MONTH, MONTH, SEED)))
    parse_snapshot(files, MONTH)  # the first run builds the cached expressions
    seconds = []
    for _ in range(PARSE_RUNS):
        started = time.perf_counter()
        parse_snapshot(files, MONTH)
        seconds.append(time.perf_counter() - started)
    median = statistics.median(seconds)
    print(
        f"tolking av én Sandnes-måned {median * 1000:6.1f} ms per måned "
        f"(raskeste {min(seconds) * 1000:.1f} ms) {_ratio(median, PARSE_TARGET_SECONDS)}"
    )


def bench_demo() -> None:
    """Time the whole demo build, as `cli.py demo` does it."""
    with tempfile.TemporaryDirectory() as directory:
        started = time.perf_counter()
        build_demo(Path(directory) / "demo.duckdb")
        seconds = time.perf_counter() - started
    print(f"demo     bygd på {seconds:6.2f} s {_ratio(seconds, DEMO_TARGET_SECONDS)}")


SCALES = {scale.name.lower(): scale for scale in (SANDNES, OSLO, NORWAY)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scales", nargs="*", default=list(SCALES), help=", ".join(SCALES))
    parser.add_argument("--no-demo", action="store_true", help="leave out the demo build")
    args = parser.parse_args()
    if unknown := set(args.scales) - set(SCALES):
        parser.error(f"ukjent skala: {', '.join(sorted(unknown))}")
    bench_parse()
    print(f"Innlasting av én måned ({MONTH}) etter måneden før, CSV i norsk Excel-dialekt:")
    for name in args.scales:
        bench_scale(SCALES[name])
    if not args.no_demo:
        bench_demo()


if __name__ == "__main__":
    main()
