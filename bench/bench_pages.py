"""Benchmark: a page interaction in a warm app at Sandnes scale (the demo), in server time.

The app runs through its entry script in Streamlit's AppTest (no browser, no network) on the
demo municipality's warehouse (≈1,340 dwellings, 12 years of months; built once into
bench/output/, reused after). Each page is opened and every reader warmed first; then the
interaction is timed: on Indikatorer, choosing another indicator (the rerun that follows), on
Oversikt a rerun; on Kart the first run of a new data version (what the page computes beyond
the background's work for a new version), a warm rerun, and a site-check click at a new
point. The figure includes the frame (app.py: data version, header, navigation), which every
interaction pays. Target (design.md): ≤ 0.2 s.
Prints median wall-clock and CPU seconds, and the first start on an empty warehouse (demo
build included); asserts nothing.
Run from the project root: `python bench/bench_pages.py [--rebuild]`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from core.roles import Request  # noqa: E402
from demo.build import build_demo  # noqa: E402
from geo.analysis import warm_up  # noqa: E402
from indicators.registry import municipal_indicators  # noqa: E402
from ui import access, cache  # noqa: E402
from warehouse.db import connect  # noqa: E402
from warehouse.loads import record_event  # noqa: E402

DEMO = ROOT / "bench" / "output" / "demo.duckdb"
TARGET_SECONDS = 0.2
ROUNDS = 2  # every indicator chosen this many times, after a warm-up round
TIMEOUT = 300
BACKGROUND_TIMEOUT = 300  # a new version computed in the background
# A point inside the demo's areas (Trones); each site check moves a little from it.
SITE = (58.85451, 5.75447)
SITE_STEP = 0.0004


def demo_warehouse(*, rebuild: bool) -> Path:
    """The demo municipality's warehouse, built once."""
    if rebuild or not DEMO.exists():
        DEMO.parent.mkdir(parents=True, exist_ok=True)
        DEMO.unlink(missing_ok=True)
        started = time.perf_counter()
        build_demo(DEMO)
        print(f"demo built in {time.perf_counter() - started:.1f} s")
    return DEMO


def timed(run) -> tuple[float, float]:
    """Wall-clock and CPU seconds of `run()` (CPU: every thread of this process, the script's
    too; it is what a busy shared machine inflates least)."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def opened(page: str, role: str) -> AppTest:
    """The app as `role`, on `page`, after its first (cold) run."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    app.session_state["vis_som_rolle"] = role
    app.run()
    return app.switch_page(f"app_pages/{page}.py").run()


def choosing_indicators(role: str) -> list[tuple[float, float]]:
    """Seconds per rerun after choosing another indicator on Indikatorer (quarters)."""
    app = opened("indikatorer", role)
    ids = [entry.id for entry in municipal_indicators()]
    for indicator in ids:  # warm: every indicator's first showing
        app.selectbox(key="indikator").select(indicator).run()
    seconds = []
    for _ in range(ROUNDS):
        for indicator in ids:
            app.selectbox(key="indikator").select(indicator)
            seconds.append(timed(app.run))
    return seconds


def rerunning(page: str, role: str, times: int = 10) -> list[tuple[float, float]]:
    """Seconds per plain rerun of a page (any widget change elsewhere triggers one)."""
    app = opened(page, role)
    app.run()
    return [timed(app.run) for _ in range(times)]


def touch_data(db: Path) -> None:
    """A data change without new data: an activation event for a load already active, which
    moves the data version on, so every reader keyed on it reads the warehouse again."""
    with connect(db, write=True) as con:
        load_id = con.execute("select max(load_id) from raw.loads").fetchone()[0]
        record_event(con, action="restore", load_id=load_id, actor="bench")


def first_run_of_a_new_version(app: AppTest, db: Path) -> tuple[float, float]:
    """Seconds of a page's first run of a new data version. A change from outside is computed
    in the background before sessions are served it (ui.cache), so what is timed is the
    page's own work beyond the background's: the change, the run that finds it (still served
    the version before) and the background are not."""
    touch_data(db)
    app.run()
    if not cache.wait_until_served(BACKGROUND_TIMEOUT):
        raise RuntimeError("the new version was not computed in time")
    return timed(app.run)


def kart_after_data_change(db: Path, times: int = 5) -> list[tuple[float, float]]:
    """Seconds of the Kart page's first run of a new data version (planlegger: buildings and
    points)."""
    app = opened("kart", "planlegger")
    return [first_run_of_a_new_version(app, db) for _ in range(times)]


def kart_site_checks(times: int = 10) -> list[tuple[float, float]]:
    """Seconds of a Kart run after choosing a new site-check point (planlegger)."""
    app = opened("kart", "planlegger")
    seconds = []
    for step in range(times):
        app.number_input(key="kart_tomt_lat").set_value(SITE[0] + step * SITE_STEP)
        app.number_input(key="kart_tomt_lon").set_value(SITE[1])
        seconds.append(timed(app.run))
    return seconds


def report(what: str, seconds: list[tuple[float, float]]) -> None:
    wall = statistics.median(pair[0] for pair in seconds)
    cpu = statistics.median(pair[1] for pair in seconds)
    print(
        f"{what:<48} median {wall:.3f} s wall, {cpu:.3f} s CPU "
        f"({wall / TARGET_SECONDS:.2f} × / {cpu / TARGET_SECONDS:.2f} × the {TARGET_SECONDS} s "
        f"target, n={len(seconds)})"
    )


def first_start() -> float:
    """Seconds from an empty warehouse to the first page shown (the demo is built on the way)."""
    with tempfile.TemporaryDirectory(prefix="boligmonitor-first-start-") as folder:
        os.environ["BOLIGMONITOR_DB"] = str(Path(folder) / "warehouse.duckdb")
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        started = time.perf_counter()
        app.run()
        seconds = time.perf_counter() - started
        if app.exception:
            raise RuntimeError(app.exception[0].message)
    return seconds


def as_a_browser_on_this_machine() -> None:
    """AppTest sends no headers, and the gate refuses a run without a Host: say what a browser
    on this machine says (tests/app/conftest.py does the same)."""
    access.this_request = lambda: Request("localhost:8501", "http://localhost:8501")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="build the demo warehouse again")
    arguments = parser.parse_args()
    as_a_browser_on_this_machine()
    db = demo_warehouse(rebuild=arguments.rebuild)
    os.environ["BOLIGMONITOR_DB"] = str(db)
    print(f"CPU count {os.cpu_count()}, load average {os.getloadavg()[0]:.1f} (a shared machine)")
    report("Indikatorer, another indicator (admin)", choosing_indicators("admin"))
    report("Indikatorer, another indicator (leser, prikket)", choosing_indicators("leser"))
    report("Oversikt, rerun (leser)", rerunning("oversikt", "leser"))
    report("Om tallene, rerun (leser)", rerunning("om_tallene", "leser"))
    warm_up()  # esda's compilation is not the page's
    report("Kart, first run of a new version (planlegger)", kart_after_data_change(db))
    report("Kart, rerun (planlegger)", rerunning("kart", "planlegger"))
    report("Kart, site check at a new point (planlegger)", kart_site_checks())
    print(f"{'First start on an empty warehouse (demo built)':<48} {first_start():.1f} s")


if __name__ == "__main__":
    main()
