"""Every refused upload is refused cheaply: at most 10 s of CPU and 1 GB of memory more than a
small valid upload costs.

Each hostile file is given to `cli.py` (ingest, areas, area-stats) in a child process with
resource limits: the kernel stops it after 10 s of CPU beyond what a small valid ingest costs
(RLIMIT_CPU; starting Python and importing polars, duckdb, geopandas and esda alone takes 5–8 s
of CPU on these shared machines, more when they are slow) and refuses it more address space
than a small valid ingest reserves plus 1 GB (RLIMIT_AS; polars, duckdb and GDAL reserve
about 2 GB of address space they never touch, so RLIMIT_AS alone at 1 GB would fail any run).
The child's own peak resident memory must stay within 1 GB, its exit code is 1, it prints a few
short lines (nothing of the file's content), and the warehouse is unchanged. The child reads its
peak from /proc/self/status (VmHWM) as it ends: the kernel counts that from the exec on, while
wait4's ru_maxrss also counts the test process the child was forked from, which after an hour of
tests is itself over 1 GB.

The time asserted is CPU time, not the wall clock: helpers and CI share two cores, where a
refusal that costs 2 s of CPU can take 10 s on the wall when the machine is busy. The wall
clock is bounded too, generously, so that a child that waits instead of working still fails.
"""

from __future__ import annotations

import math
import os
import resource
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from tests import hostile_files as hostile
from tests.snapshot_files import SNAPSHOT_MONTH, csv_bytes, dwellings, zip_bomb_xlsx
from tests.warehouse.conftest import fingerprint

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
GIGABYTE = 1024**3
CPU_SECONDS = 10
WALL_SECONDS = 60
MAX_OUTPUT_CHARACTERS = 1_000
MAX_LINE_CHARACTERS = 300

# Runs cli.py's main and then says, as the last line on stderr, how much address space the
# process reserved (VmPeak) and how much memory it held (VmHWM) at most, in bytes.
_MEASURED_CLI = (
    "import runpy, sys\n"
    "sys.argv = sys.argv[1:]\n"
    "code = 0\n"
    "try:\n"
    "    runpy.run_path(sys.argv[0], run_name='__main__')\n"
    "except SystemExit as stop:\n"
    "    code = stop.code\n"
    "status = dict(line.split(':', 1) for line in open('/proc/self/status'))\n"
    "sys.stdout.flush()\n"
    "print('peak', *(int(status[key].split()[0]) * 1024 for key in ('VmPeak', 'VmHWM')),\n"
    "      file=sys.stderr)\n"
    "sys.exit(code)\n"
)


@dataclass(frozen=True)
class Hostile:
    command: tuple[str, ...]  # cli.py's command, before the file
    file_name: str
    build: Callable[[Path], bytes]  # gets a scratch directory, returns the file's bytes


def _geopackage(features: int, properties: int = 2) -> Callable[[Path], bytes]:
    def build(scratch: Path) -> bytes:
        frame = gpd.GeoDataFrame(
            {
                "grunnkrets": [f"{11080000 + i:08d}" for i in range(features)],
                **{f"egenskap{j}": ["x"] * features for j in range(properties - 1)},
            },
            geometry=[shapely.box(i, 0, i + 1, 1) for i in range(features)],
            crs=25832,
        )
        path = scratch / "omrader.gpkg"
        frame.to_file(path)
        return path.read_bytes()

    return build


INGEST = ("ingest", "--month", SNAPSHOT_MONTH)
CORPUS = {
    "lying zip bomb (declares 1 kB, inflates to 400 MB)": Hostile(
        INGEST, "bombe.xlsx", lambda _: hostile.lying_zip_bomb_xlsx(400)
    ),
    "honest zip bomb (400 MB of zeros)": Hostile(
        INGEST, "bombe.xlsx", lambda _: zip_bomb_xlsx(400)
    ),
    "20,000 zip members": Hostile(
        INGEST, "deler.xlsx", lambda _: hostile.many_members_xlsx(20_000)
    ),
    "sheet with 20,000 columns": Hostile(
        INGEST, "bred.xlsx", lambda _: hostile.wide_sheet_xlsx(20_000, 2_000)
    ),
    "sheet from A1 to XFD1048576": Hostile(
        INGEST, "hjorner.xlsx", lambda _: hostile.far_corners_xlsx()
    ),
    "cell with two addresses": Hostile(
        INGEST, "dobbel.xlsx", lambda _: hostile.far_corners_xlsx(twice_addressed=True)
    ),
    "sheet of 26 columns and 400,000 rows": Hostile(
        INGEST, "hoy.xlsx", lambda _: hostile.far_corners_xlsx("Z400000")
    ),
    "nine million shared strings": Hostile(
        INGEST, "tekster.xlsx", lambda _: hostile.shared_strings_xlsx(9_000_000, 1_500_000)
    ),
    "a million delimiters in the header": Hostile(
        INGEST, "boliger.csv", lambda _: hostile.million_delimiters_csv()
    ),
    "one 45 MB line": Hostile(INGEST, "boliger.csv", lambda _: hostile.one_long_line_csv(45)),
    "1.1 million lines": Hostile(INGEST, "boliger.csv", lambda _: hostile.too_many_lines_csv()),
    "200 columns on 50,000 lines": Hostile(
        INGEST, "boliger.csv", lambda _: hostile.too_many_cells_csv()
    ),
    "a file over 50 MB": Hostile(
        INGEST, "boliger.csv", lambda _: csv_bytes(dwellings()) + b" " * (51 * hostile.MEGABYTE)
    ),
    "area statistics with a million delimiters": Hostile(
        ("area-stats",), "statistikk.csv", lambda _: hostile.million_delimiters_csv()
    ),
    "area statistics of one 45 MB line": Hostile(
        ("area-stats",), "statistikk.csv", lambda _: hostile.one_long_line_csv(45)
    ),
    "GeoJSON over 50 MB": Hostile(
        ("areas",), "omrader.geojson", lambda _: hostile.oversized_geojson()
    ),
    "GeoJSON of 25,000 areas": Hostile(
        ("areas",), "omrader.geojson", lambda _: hostile.many_features_geojson(25_000)
    ),
    "GeoJSON of 2.1 million points": Hostile(
        ("areas",), "omrader.geojson", lambda _: hostile.many_vertices_geojson()
    ),
    "GeoJSON area of 13 MB": Hostile(
        ("areas",), "omrader.geojson", lambda _: hostile.one_huge_feature_geojson()
    ),
    "GeoJSON of two million property names": Hostile(
        ("areas",), "omrader.geojson", lambda _: hostile.distinct_properties_geojson()
    ),
    "GeoJSON area tangled in 30,000 points": Hostile(
        ("areas",), "omrader.geojson", lambda _: hostile.tangled_polygon_geojson(30_000)
    ),
    "GeoPackage of 25,000 areas": Hostile(("areas",), "omrader.gpkg", _geopackage(25_000)),
    "GeoPackage of 300 properties": Hostile(("areas",), "omrader.gpkg", _geopackage(10, 300)),
}


@dataclass(frozen=True)
class Run:
    exit_code: int
    output: str
    cpu_seconds: float
    peak_address_space: int | None  # None when the child did not live to say
    peak_rss_bytes: int | None
    stderr: str


def run_cli(args: list[str], *, cpu_seconds: float, address_space: int | None = None) -> Run:
    """cli.py in a child process with the resource limits, and what it cost."""
    cpu_limit = math.ceil(cpu_seconds)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_limit, cpu_limit + 1))
        if address_space:
            resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))

    child = subprocess.Popen(
        [sys.executable, "-c", _MEASURED_CLI, str(ROOT / "cli.py"), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=limit,
    )
    outputs: dict[str, bytes] = {}
    readers = [
        threading.Thread(target=lambda: outputs.update(out=child.stdout.read())),
        threading.Thread(target=lambda: outputs.update(err=child.stderr.read())),
    ]
    for reader in readers:
        reader.start()
    timer = threading.Timer(WALL_SECONDS, child.kill)
    timer.start()
    try:
        _, status, usage = os.wait4(child.pid, 0)
    finally:
        timer.cancel()
    for reader in readers:
        reader.join()
    stderr = outputs["err"].decode("utf-8", "replace")
    last = (stderr.strip().splitlines() or [""])[-1].split()
    peak_address_space, peak_rss = map(int, last[1:]) if last[:1] == ["peak"] else (None, None)
    return Run(
        os.waitstatus_to_exitcode(status),
        outputs["out"].decode("utf-8", "replace"),
        usage.ru_utime + usage.ru_stime,
        peak_address_space,
        peak_rss,
        stderr,
    )


@dataclass(frozen=True)
class Budget:
    """What a hostile upload may cost: a small valid ingest's CPU and address space, plus 10 s
    of CPU and 1 GB."""

    cpu_seconds: float
    address_space: int


@pytest.fixture(scope="module")
def budget(tmp_path_factory: pytest.TempPathFactory) -> Budget:
    scratch = tmp_path_factory.mktemp("baseline")
    (scratch / "boliger.csv").write_bytes(csv_bytes(dwellings()))
    run = run_cli(
        ["--db", str(scratch / "w.duckdb"), *INGEST, str(scratch / "boliger.csv")],
        cpu_seconds=WALL_SECONDS,
    )
    assert run.exit_code == 0, run.output + run.stderr
    return Budget(run.cpu_seconds + CPU_SECONDS, run.peak_address_space + GIGABYTE)


@pytest.mark.parametrize("case", list(CORPUS), ids=list(CORPUS))
def test_a_hostile_upload_is_refused_within_10_cpu_seconds_and_1_gb(tmp_path, db, budget, case):
    hostile_upload = CORPUS[case]
    path = tmp_path / hostile_upload.file_name
    path.write_bytes(hostile_upload.build(tmp_path))
    before = fingerprint(db)

    run = run_cli(
        ["--db", str(db), *hostile_upload.command, str(path)],
        cpu_seconds=budget.cpu_seconds,
        address_space=budget.address_space,
    )

    assert run.exit_code == 1, run.output + run.stderr[-2_000:]
    assert run.cpu_seconds <= budget.cpu_seconds
    assert run.peak_rss_bytes is not None and run.peak_rss_bytes <= GIGABYTE
    # A short report of what is wrong, nothing of the file's content.
    assert len(run.output) <= MAX_OUTPUT_CHARACTERS, run.output[:2_000]
    assert all(len(line) <= MAX_LINE_CHARACTERS for line in run.output.splitlines())
    assert "FEIL:" in run.output
    assert fingerprint(db) == before
