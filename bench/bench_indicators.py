"""Benchmark: every indicator for every month at Sandnes, Oslo and Norway scale, against pandas.

For each scale: a warehouse of simulated months (built once into bench/output/, reused after),
with each month's values kept as every load keeps them (`keep_month_values`), then
- polars, cold: `services.indicators.indicator_values(db, "month")` in a fresh process, timed
  from after the imports: what a page or `cli.py indicators` costs. It reads the stored month
  values, adds the per-1000 rate and builds the month table;
- polars, everything computed: the same, in a fresh process, as if no month had values stored
  (another code fingerprint): every indicator of every month from the marts' snapshots. This is
  what new indicator code costs once, and the fair comparison with pandas;
- polars, warm: the stored path again in this process;
- pandas: `bench/pandas_reference.py` on the same marts, read the same way (its time includes
  the read too), in this process.
The pandas numbers must equal ours (asserted), or the comparison would mean nothing. What
keeping a new month costs at load time is part of `bench_ingest.py`.
Prints seconds and ratios; asserts no times. Run from the project root:
`python bench/bench_indicators.py [sandnes oslo norway] [--rebuild]`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import pandas as pd  # noqa: E402
import polars as pl  # noqa: E402
from pandas_reference import month_values as pandas_month_values  # noqa: E402

from demo.build import DEMO  # noqa: E402
from demo.files import area_statistics_csv  # noqa: E402
from demo.simulation import NORWAY, OSLO, SANDNES, MonthSnapshot, Scale, simulate  # noqa: E402
from services.indicators import (  # noqa: E402
    DWELLING_COLUMNS,
    HOUSEHOLD_COLUMNS,
    indicator_values,
    keep_month_values,
)
from services.reference import load_area_stats  # noqa: E402
from warehouse.db import connect  # noqa: E402
from warehouse.loads import store_load  # noqa: E402
from warehouse.queries import mart  # noqa: E402
from warehouse.schema import init  # noqa: E402

OUTPUT = ROOT / "bench" / "output"
SEED = 2026
LAST_MONTH = "2026-10"
INHABITANTS_PER_HOUSEHOLD = 32  # Sandnes: about 80,000 inhabitants, 2,500 households followed
DWELLINGS_PER_MUNICIPAL_DWELLING = 25


@dataclass(frozen=True)
class Run:
    """One scale of the benchmark, its months and the design's target (seconds, cold)."""

    scale: Scale
    first_month: str
    target_seconds: float | None


RUNS = {
    "sandnes": Run(SANDNES, "2014-11", 0.3),  # 12 years
    "oslo": Run(OSLO, "2016-11", None),  # 10 years
    "norway": Run(NORWAY, "2016-11", 3.0),  # 10 years
}
PANDAS_RATIO_TARGET = 10.0


def area_statistics(scale: Scale, boliger: pl.DataFrame, year: int) -> pl.DataFrame:
    """Plausible statistics for the grunnkretser the simulated dwellings lie in."""
    areas = boliger.select(pl.col("grunnkrets").drop_nulls().unique().sort())
    count = max(areas.height, 1)
    return areas.with_columns(
        pl.lit(year).alias("aar"),
        pl.lit(scale.households * INHABITANTS_PER_HOUSEHOLD // count).alias("innbyggere"),
        pl.lit(scale.dwellings * DWELLINGS_PER_MUNICIPAL_DWELLING // count).alias("boliger_totalt"),
    )


def store_snapshot(db_path: Path, snapshot: MonthSnapshot) -> None:
    """Store a simulated month's typed frames as its active loads, in one transaction."""
    with connect(db_path, write=True) as con:
        con.execute("begin transaction")
        for table, rows in (("boliger", snapshot.boliger), ("husstander", snapshot.husstander)):
            store_load(
                con,
                month=snapshot.month,
                table_name=table,
                rows=rows,
                file_name=f"simulert_{table}",
                sha256=f"bench-{snapshot.month}-{table}",
                loaded_by="demo",
                action="load",
            )
        con.execute("commit")


def build_warehouse(run: Run, db_path: Path) -> None:
    """Simulate every month of the run and store it, with area statistics for the rates."""
    db_path.unlink(missing_ok=True)
    init(db_path)
    months = simulate(run.scale, run.first_month, LAST_MONTH, SEED)
    for number, snapshot in enumerate(months, start=1):
        if number == 1:
            year = int(run.first_month[:4])
            statistics = area_statistics(run.scale, snapshot.boliger, year)
            load_area_stats(db_path, area_statistics_csv(statistics), by=DEMO)
        store_snapshot(db_path, snapshot)


def warehouse(name: str, *, rebuild: bool) -> Path:
    """The run's warehouse in bench/output/, built when missing (or when asked), values kept."""
    db_path = OUTPUT / f"indikatorer_{name}.duckdb"
    if rebuild or not db_path.exists():
        OUTPUT.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        build_warehouse(RUNS[name], db_path)
        print(f"  bygde datavarehus for {name} på {time.perf_counter() - started:.1f} s")
    init(db_path)  # a warehouse built by older code gets the newer migrations
    started = time.perf_counter()
    kept = keep_month_values(db_path)
    if kept:
        seconds = time.perf_counter() - started
        print(f"  beregnet og lagret {len(kept)} måneder for {name} på {seconds:.1f} s")
    return db_path


_COLD = """
import dataclasses, json, sys, time
sys.path.insert(0, {root!r})
from indicators import service
if {everything!r}:
    # Code with another fingerprint finds nothing stored and computes every month.
    service.SNAPSHOT_VALUES = dataclasses.replace(
        service.SNAPSHOT_VALUES, fingerprint="bench: ingenting lagret"
    )
started = time.perf_counter()
frame = service.indicator_values({db!r}, "month")
print(json.dumps({{"seconds": time.perf_counter() - started, "rows": frame.height}}))
"""


def cold_seconds(db_path: Path, *, everything: bool = False) -> tuple[float, int]:
    """Seconds for every indicator of every month in a fresh process, after its imports.

    With `everything`, as if no month had stored values: all computed from the snapshots.
    """
    code = _COLD.format(root=str(ROOT), db=str(db_path), everything=everything)
    output = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT
    ).stdout
    result = json.loads(output.strip().splitlines()[-1])
    return result["seconds"], result["rows"]


def pandas_values(db_path: Path) -> pd.DataFrame:
    """The pandas reference on the marts, read into pandas."""
    with connect(db_path) as con:
        households = mart(con, "husstander", HOUSEHOLD_COLUMNS).df()
        dwellings = mart(con, "boliger", DWELLING_COLUMNS).df()
        statistics = mart(con, "omradestatistikk", ("aar", "innbyggere")).df()
    return pandas_month_values(households, dwellings, statistics)


def assert_same_numbers(ours: pl.DataFrame, reference: pd.DataFrame) -> int:
    """Every (indicator, month) has the same value in both, empty where either is; returns n."""
    theirs = pl.from_pandas(reference).select(
        "indikator",
        pl.col("maaned").cast(pl.Date).dt.strftime("%Y-%m").alias("periode"),
        pl.col("verdi").cast(pl.Float64).alias("pandas"),
    )
    both = ours.select("indikator", "periode", "verdi").join(
        theirs, on=["indikator", "periode"], how="full", coalesce=True
    )
    differ = both.filter(
        ~pl.col("verdi").eq_missing(pl.col("pandas"))
        & ~((pl.col("verdi") - pl.col("pandas")).abs() < 1e-9)
    )
    assert differ.is_empty(), f"pandas and polars differ:\n{differ.head(10)}"
    return both.filter(pl.col("verdi").is_not_null()).height


def bench(name: str, *, rebuild: bool) -> None:
    """Time one scale and print its line."""
    run = RUNS[name]
    db_path = warehouse(name, rebuild=rebuild)
    with connect(db_path) as con:
        (households,) = con.execute("select count(*) from marts.husstander").fetchone()
    cold, _ = cold_seconds(db_path)
    computed, _ = cold_seconds(db_path, everything=True)
    started = time.perf_counter()
    ours = indicator_values(db_path, "month")
    warm = time.perf_counter() - started
    started = time.perf_counter()
    reference = pandas_values(db_path)
    pandas_seconds = time.perf_counter() - started
    values = assert_same_numbers(ours, reference)
    target = f" (mål {run.target_seconds:g} s)" if run.target_seconds else ""
    print(
        f"{name:8} {households:>11,} husstandsrader  polars kald {cold:6.2f} s{target}"
        f"  varm {warm:6.2f} s  alt beregnet {computed:6.2f} s  pandas {pandas_seconds:7.2f} s"
        f"  pandas/polars kald {pandas_seconds / cold:6.1f} ×, alt beregnet"
        f" {pandas_seconds / computed:5.1f} × (mål ≥ {PANDAS_RATIO_TARGET:g} ×)"
        f"  {values:,} like verdier"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scales", nargs="*", default=list(RUNS), help=", ".join(RUNS))
    parser.add_argument("--rebuild", action="store_true", help="simulate and store again")
    args = parser.parse_args()
    unknown = set(args.scales) - set(RUNS)
    if unknown:
        parser.error(f"ukjent skala: {', '.join(sorted(unknown))}")
    print("Alle indikatorer for alle måneder (lesing fra datavarehuset medregnet):")
    for name in args.scales:
        bench(name, rebuild=args.rebuild)


if __name__ == "__main__":
    main()
