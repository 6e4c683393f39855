"""Benchmark: every household pathway value of every month, polars against plain pandas.

The snapshots have no `leie_til_eie_fra` in the warehouse yet, so this benchmark makes its own
household history (seeded, vectorised, cached as Parquet in bench/output/): a fixed number of
caseload places, each holding a household that moves between the five situations month by
month (some come back to temporary accommodation), leaves for good and is replaced by a new
one, sometimes misses one month's export, and (as a tenant) may enter the leie-til-eie track
and buy. One month of the series has no snapshot at all. Then, from the Parquet file:
- polars, cold: `indicators.pathways.pathway_values` for every month in a fresh process, timed
  from after the imports (reading the file included): what a deployment pays once per code
  version, before the values are kept per month;
- polars, cold, target groups: `pathway_target_group_values` the same way;
- polars, one month: the newest month's values from its 14 source months (what keeping the
  values after a new load costs);
- polars, warm: the municipal values again in this process;
- the Forløp page's on-demand pieces, warm: the transitions of the last quarter and the
  leie-til-eie funnel, time to purchase and cohorts as of the last month;
- pandas: `bench/pandas_pathways.py` on the same file (reading included), in this process;
- the warehouse: the history stored as monthly husstander loads (bench/output/, built once),
  every month's values kept in derived.pathway_values as every load keeps them (the time to
  keep them all is printed when built), and then, in a fresh process, every month's kept
  values read (`services.indicators.pathway_months`): what every page and export pays, against
  the design's 3 s, and pandas computing them against it.
The pandas numbers must equal ours (asserted). Prints seconds and ratios; asserts no times.
Run from the project root: `python bench/bench_pathways.py [sandnes oslo norway] [--rebuild]`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT, ROOT / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import polars as pl  # noqa: E402
from pandas_pathways import pathway_values as pandas_pathway_values  # noqa: E402

from core.snapshot_format import SITUASJON  # noqa: E402
from indicators.funnel import cohorts, funnel, months_to_purchase, track_households  # noqa: E402
from indicators.pathways import SOURCE_MONTHS, pathway_values  # noqa: E402
from indicators.transitions import transitions  # noqa: E402
from services.indicators import PATHWAY_VALUES  # noqa: E402
from warehouse.db import connect  # noqa: E402
from warehouse.derived import store_window_values  # noqa: E402
from warehouse.loads import store_load  # noqa: E402
from warehouse.schema import init  # noqa: E402

OUTPUT = ROOT / "bench" / "output"
SEED = 2026
PANDAS_RATIO_TARGET = 10.0
READ_TARGET_SECONDS = 3.0  # every month's kept values, cold (the design's budget)
SITUATIONS = pl.Enum(list(SITUASJON))  # as services.indicators reads them
WAITING, TEMPORARY, MUNICIPAL, PRIVATE, OWNED = range(5)

# Monthly moves between situations (rows: from, columns: to), the rest stay. Owning is reached
# only through the leie-til-eie track (below).
MOVES = np.array(
    [
        [0.0, 0.03, 0.06, 0.03, 0.0],
        [0.02, 0.0, 0.08, 0.06, 0.0],
        [0.0, 0.01, 0.0, 0.005, 0.0],
        [0.0, 0.015, 0.01, 0.0, 0.0],
        [0.0, 0.003, 0.0, 0.0, 0.0],
    ]
)
LEAVING = np.array([0.03, 0.02, 0.006, 0.025, 0.035])  # leave the caseload for good
ARRIVING = np.array([0.35, 0.3, 0.05, 0.3, 0.0])  # where a new household starts
TRACK_ENTRY = 0.003  # a tenant not on the track enters it, per month
PURCHASE = 0.03  # a tenant on the track buys, per month
STARTLAN_SHARE = 0.8  # of the buyers, granted a startlån one to three months before
MISSED = 0.005  # a household missing from one month's export
GROUP_SHARES = {
    "flyktning": 0.15,
    "under_25": 0.08,
    "rus_psykisk": 0.2,
    "funksjonsnedsettelse": 0.15,
}
CHILDREN = 0.25


@dataclass(frozen=True)
class Run:
    """A scale: caseload places, months from `first`, and the month without a snapshot."""

    places: int
    months: int
    first: date = date(2016, 11, 1)

    @property
    def missing_month(self) -> int:
        return self.months // 2


RUNS = {
    "sandnes": Run(2_500, 144, date(2014, 11, 1)),
    "oslo": Run(25_000, 120),
    "norway": Run(340_000, 120),  # ≈ 40 million snapshot rows (issue 13)
}


def _moved(rng: np.random.Generator, situation: np.ndarray) -> np.ndarray:
    """Each place's situation after a month's moves."""
    cumulative = np.cumsum(MOVES[situation], axis=1)
    draw = rng.random(len(situation))[:, None]
    target = (draw >= cumulative).sum(axis=1)
    return np.where(draw[:, 0] < cumulative[:, -1], target, situation)


def _new_households(rng: np.random.Generator, count: int) -> dict[str, np.ndarray]:
    columns = {group: rng.random(count) < share for group, share in GROUP_SHARES.items()}
    children = np.where(rng.random(count) < CHILDREN, rng.integers(1, 4, count), 0)
    return {**columns, "barn": children.astype(np.int32)}


def household_history(run: Run, seed: int = SEED) -> pl.DataFrame:
    """Every month's households: `maaned, husstand_id, situasjon, leie_til_eie_fra`,
    `startlan_dato`, the target group flags and `barn`."""
    rng = np.random.default_rng(seed)
    places = run.places
    ids = np.arange(places)
    next_id = places
    situation = rng.choice(5, places, p=[0.1, 0.1, 0.45, 0.3, 0.05])
    track = np.full(places, -1, dtype=np.int64)  # days since 1970 (-1: not on the track)
    loan = np.full(places, -1, dtype=np.int64)  # startlån granted, days since 1970 (-1: none)
    groups = _new_households(rng, places)
    first = np.datetime64(run.first, "M")
    frames = []
    for number in range(run.months):
        month = first + number
        day = month.astype("datetime64[D]").astype(np.int64)
        if number:
            gone = rng.random(places) < LEAVING[situation]
            count = int(gone.sum())
            ids[gone] = np.arange(next_id, next_id + count)
            next_id += count
            situation[gone] = rng.choice(5, count, p=ARRIVING)
            track[gone] = -1
            loan[gone] = -1
            for name, values in _new_households(rng, count).items():
                groups[name][gone] = values
            situation = _moved(rng, situation)
            tenant = situation == MUNICIPAL
            buys = tenant & (track >= 0) & (rng.random(places) < PURCHASE)
            situation[buys] = OWNED
            with_loan = buys & (rng.random(places) < STARTLAN_SHARE)
            loan[with_loan] = day - rng.integers(30, 90, int(with_loan.sum()))
            enters = tenant & (track < 0) & (rng.random(places) < TRACK_ENTRY)
            track[enters] = day + rng.integers(0, 28, int(enters.sum()))
        if number == run.missing_month:
            continue
        shown = rng.random(places) >= MISSED
        frames.append(
            pl.DataFrame(
                {
                    "maaned": np.full(int(shown.sum()), day).astype("datetime64[D]"),
                    "id": ids[shown],
                    "situasjon": situation[shown].astype(np.uint32),
                    "leie_til_eie_fra": np.where(track[shown] >= 0, track[shown], 0),
                    "har_spor": track[shown] >= 0,
                    "startlan_dato": np.where(loan[shown] >= 0, loan[shown], 0),
                    "har_startlan": loan[shown] >= 0,
                    **{name: values[shown] for name, values in groups.items()},
                }
            )
        )
    return pl.concat(frames).select(
        pl.col("maaned").cast(pl.Date),
        pl.concat_str(pl.lit("H-"), pl.col("id").cast(pl.String).str.zfill(7)).alias("husstand_id"),
        pl.col("situasjon").replace_strict(dict(enumerate(SITUASJON)), return_dtype=pl.String),
        pl.when("har_spor").then(pl.col("leie_til_eie_fra").cast(pl.Int32).cast(pl.Date)),
        pl.when("har_startlan").then(pl.col("startlan_dato").cast(pl.Int32).cast(pl.Date)),
        *GROUP_SHARES,
        "barn",
    )


def history_file(name: str, *, rebuild: bool) -> Path:
    """The scale's household history as Parquet in bench/output/, made when missing (named by
    its size, so a changed scale is never read from an old file)."""
    run = RUNS[name]
    path = OUTPUT / f"forlop_{name}_{run.places}x{run.months}.parquet"
    if rebuild or not path.exists():
        OUTPUT.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        household_history(RUNS[name]).write_parquet(path)
        print(f"  laget husstandshistorikk for {name} på {time.perf_counter() - started:.1f} s")
    return path


def read_households(path: Path) -> pl.LazyFrame:
    """The history with `situasjon` as an Enum, as `services.indicators` reads the marts."""
    return pl.scan_parquet(path).with_columns(pl.col("situasjon").cast(SITUATIONS))


_COLD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
sys.path.insert(0, {bench!r})
from bench_pathways import read_households
from indicators import pathways
compute = getattr(pathways, {function!r})
started, cpu = time.perf_counter(), time.process_time()
frame = compute(read_households({path!r})).collect()
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"seconds": seconds, "cpu": cpu, "rows": frame.height, "peak_mb": peak}}))
"""


def cold(path: Path, function: str) -> dict:
    """Seconds (wall and CPU), rows and peak memory of `indicators.pathways.<function>` in a
    fresh process."""
    code = _COLD.format(
        root=str(ROOT), bench=str(ROOT / "bench"), path=str(path), function=function
    )
    output = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def newest_month_seconds(path: Path) -> float:
    """The newest month's values from its 14 source months alone: what keeping costs."""
    households = read_households(path)
    newest = households.select(pl.col("maaned").max()).collect().item()
    since = pl.lit(newest).dt.offset_by(f"-{SOURCE_MONTHS - 1}mo")
    started = time.perf_counter()
    pathway_values(households.filter(pl.col("maaned") >= since)).filter(
        pl.col("maaned") == newest
    ).collect()
    return time.perf_counter() - started


def page_seconds(path: Path) -> tuple[float, float]:
    """Seconds for the last quarter's transitions, and for the funnel, time to purchase and
    cohorts as of the last month (the history in memory, as a page's cached read has it)."""
    households = read_households(path).collect().lazy()
    last = households.select(pl.col("maaned").max()).collect().item()
    start = date(last.year, (last.month - 1) // 3 * 3 + 1, 1)
    before = date(start.year - (start.month == 1), (start.month - 2) % 12 + 1, 1)
    started = time.perf_counter()
    transitions(households, before, last).collect()
    moved = time.perf_counter() - started
    started = time.perf_counter()
    track = track_households(households, last).cache()
    pl.collect_all([funnel(track), months_to_purchase(track), cohorts(track)])
    return moved, time.perf_counter() - started


_READ_COLD = """
import json, sys, time
sys.path.insert(0, {root!r})
from services.indicators import pathway_months
from warehouse.db import connect
started = time.perf_counter()
with connect({db!r}) as con:
    frame = pathway_months(con)
print(json.dumps({{"seconds": time.perf_counter() - started, "rows": frame.height}}))
"""


def stored_history(path: Path) -> pl.DataFrame:
    """The history with the columns raw.husstander requires (the rest left empty)."""
    return pl.read_parquet(path).with_columns(
        (pl.col("barn") + 1).alias("personer"),
        pl.col("maaned").alias("i_situasjon_fra"),
        pl.lit(False).alias("housing_first"),
    )


def warehouse_file(name: str, path: Path, *, rebuild: bool) -> Path:
    """The history as monthly husstander loads in bench/output/, its values kept (built once)."""
    db = path.with_suffix(".duckdb")
    if rebuild or not db.exists():
        db.unlink(missing_ok=True)
        init(db)
        started = time.perf_counter()
        with connect(db, write=True) as con:
            for (month,), rows in stored_history(path).partition_by("maaned", as_dict=True).items():
                con.execute("begin transaction")
                store_load(
                    con,
                    month=month.strftime("%Y-%m"),
                    table_name="husstander",
                    rows=rows.drop("maaned"),
                    file_name="simulert_husstander",
                    sha256=f"bench-{month}",
                    loaded_by="bench",
                    action="load",
                )
                con.execute("commit")
        stored = time.perf_counter() - started
        started = time.perf_counter()
        kept = store_window_values(db, PATHWAY_VALUES)
        print(
            f"  lagret {name} i datavarehuset på {stored:.1f} s; beregnet og lagret"
            f" forløpsverdiene for {len(kept)} måneder på {time.perf_counter() - started:.1f} s"
        )
    init(db)
    return db


def read_cold(db: Path) -> dict:
    """Seconds and rows for every month's kept pathway values, read in a fresh process."""
    code = _READ_COLD.format(root=str(ROOT), db=str(db))
    output = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def assert_same_numbers(ours: pl.DataFrame, reference: pd.DataFrame) -> int:
    """Every (indicator, month) has the same teller, nevner and verdi in both; returns n."""
    theirs = pl.from_pandas(reference).select(
        "indikator",
        pl.col("maaned").cast(pl.Date),
        pl.col("teller").cast(pl.Int64).alias("pandas_teller"),
        pl.col("nevner").cast(pl.Int64).alias("pandas_nevner"),
        pl.col("verdi").cast(pl.Float64).alias("pandas_verdi"),
    )
    both = ours.join(theirs, on=["indikator", "maaned"], how="full", coalesce=True)
    differ = both.filter(
        ~pl.col("teller").eq_missing(pl.col("pandas_teller"))
        | ~pl.col("nevner").eq_missing(pl.col("pandas_nevner"))
        | ~(
            pl.col("verdi").eq_missing(pl.col("pandas_verdi"))
            | ((pl.col("verdi") - pl.col("pandas_verdi")).abs() < 1e-9)
        )
    )
    assert differ.is_empty(), f"pandas and polars differ:\n{differ.head(10)}"
    return both.height


def bench(name: str, *, rebuild: bool) -> None:
    """Time one scale and print its lines."""
    path = history_file(name, rebuild=rebuild)
    rows = pl.scan_parquet(path).select(pl.len()).collect().item()
    municipal = cold(path, "pathway_values")
    groups = cold(path, "pathway_target_group_values")
    started = time.perf_counter()
    ours = pathway_values(read_households(path)).collect()
    warm = time.perf_counter() - started
    one_month = newest_month_seconds(path)
    moved, bought = page_seconds(path)
    started, cpu = time.perf_counter(), time.process_time()
    reference = pandas_pathway_values(pd.read_parquet(path))
    pandas_seconds, pandas_cpu = time.perf_counter() - started, time.process_time() - cpu
    values = assert_same_numbers(ours, reference)
    # CPU seconds too: on a shared machine the wall clock measures the neighbours as well.
    print(
        f"{name:8} {rows:>11,} husstandsrader  polars kald {municipal['seconds']:6.2f} s"
        f" (cpu {municipal['cpu']:.2f} s, topp {municipal['peak_mb']:,.0f} MB)"
        f"  varm {warm:6.2f} s  pandas {pandas_seconds:7.2f} s (cpu {pandas_cpu:.2f} s)"
        f"  pandas/polars kald {pandas_seconds / municipal['seconds']:5.1f} ×"
        f" (mål ≥ {PANDAS_RATIO_TARGET:g} ×)  {values:,} like verdier"
    )
    kept = read_cold(warehouse_file(name, path, rebuild=rebuild))
    print(
        f"{'':8} lagrede verdier, alle måneder og målgrupper, kald {kept['seconds']:6.2f} s"
        f" ({kept['rows']:,} rader; mål ≤ {READ_TARGET_SECONDS:g} s)"
        f"  pandas som beregner dem / lesing {pandas_seconds / kept['seconds']:7.1f} ×"
    )
    print(
        f"{'':8} målgrupper kald {groups['seconds']:6.2f} s (cpu {groups['cpu']:.2f} s,"
        f" topp {groups['peak_mb']:,.0f} MB, {groups['rows']:,} rader)"
        f"  nyeste måned fra sine {SOURCE_MONTHS} kildemåneder {one_month:5.2f} s"
        f"  overganger siste kvartal {moved:5.2f} s  leie til eie-trakt {bought:5.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scales", nargs="*", default=list(RUNS), help=", ".join(RUNS))
    parser.add_argument("--rebuild", action="store_true", help="make the histories again")
    args = parser.parse_args()
    unknown = set(args.scales) - set(RUNS)
    if unknown:
        parser.error(f"ukjent skala: {', '.join(sorted(unknown))}")
    print("Husstandsforløp for alle måneder (lesing av Parquet-filen medregnet):")
    for name in args.scales:
        bench(name, rebuild=args.rebuild)


if __name__ == "__main__":
    main()
