"""Building the demo municipality's warehouse through the same uploads staff make.

The demo writes its areas, area statistics, action-plan targets and every monthly snapshot as
files (CSV in the Norwegian Excel dialect, and XLSX for each December's snapshot) and loads
them through `services.reference` and `services.ingest`, the services the app and `cli.py` use:
there is no back door into the tables. The warehouse is marked as the demo first
(services.setup.start_demo): the demo is built only into an empty warehouse, and a demo
warehouse takes no real data.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import geopandas as gpd
import polars as pl

from core.problems import IngestResult, SourceFile
from core.roles import WriteRefused
from demo.areas import area_statistics, areas_geojson, demo_areas
from demo.files import (
    area_statistics_csv,
    read_files,
    register_csv,
    snapshot_csv,
    snapshot_xlsx,
    targets_csv,
    write_files,
)
from demo.kostra import AGREEING_VARIABLES, kostra_json
from demo.living_conditions import brukerplan_file, delomrade_shares, survey_files
from demo.pathways import simulate_with_pathways
from demo.portfolio import REGISTER_DATE, project_register, with_portfolio_columns
from demo.private_leases import with_private_leases
from demo.simulation import SANDNES, MonthSnapshot
from services.access import DEMO_BUILD
from services.ingest import ingest_series, init
from services.kostra import import_kostra, own_year_values
from services.reference import (
    load_area_stats,
    load_areas,
    load_brukerplan,
    load_levekar,
    load_register,
    load_targets,
)
from services.setup import start_demo

Progress = Callable[[float, str], None]

DEMO_SEED = 1108
FIRST_MONTH = "2014-01"
LAST_MONTH = "2026-10"
DEMO = DEMO_BUILD  # who loads the demo's files: `demo`, through the door `demo`
XLSX_MONTH = "12"  # December's snapshot comes as a workbook, the others as CSV
SIMULATION_SHARE = 0.05  # of the progress bar, before the months are loaded

# Action-plan targets per indicator (indicators.md ids); a year not listed keeps the one before.
TARGETS = {
    "midlertidig": {2015: 190, 2016: 170, 2017: 155, 2018: 145, 2019: 135, 2020: 130,
                    2021: 125, 2022: 120, 2023: 115, 2024: 110, 2025: 105, 2026: 100},
    "venteliste": {2015: 90, 2016: 80, 2017: 75, 2018: 70, 2019: 65, 2021: 60},
    "midlertidig_over_3_mnd_andel": {2015: 50, 2016: 45, 2017: 40, 2018: 35, 2019: 30,
                                     2023: 25},
    "midlertidig_barnefamilier": {2015: 60, 2016: 50, 2017: 40, 2018: 30, 2020: 25, 2023: 20},
    "ventetid_median_dager": {2015: 240, 2016: 180, 2017: 150, 2019: 120, 2023: 90},
    "gjennomstromming": {2015: 55, 2016: 60, 2017: 65, 2019: 70},
    "til_eid_bolig": {2015: 30, 2017: 35, 2020: 40},
    "unge_til_privat_leie": {2015: 45, 2016: 50},
    "housing_first": {2015: 10, 2016: 15, 2017: 20, 2019: 25, 2022: 30},
    "kommunale_boliger_per_1000": {2015: 17.5},
    "andel_rullestol": {2015: 12, 2018: 13, 2021: 14, 2024: 15},
    "andel_ledige": {2015: 3.0},
    # The portfolio and the pipeline (issue 12): more private landlords through the
    # fordelspakke; the 7 homes for young people with disabilities completed in 2015.
    "private_utleiere": {2015: 125, 2018: 130, 2022: 135},
    "prosjektboliger_ferdig_i_aar": {2015: 7},
}  # fmt: skip
TARGET_YEARS = range(2015, 2028)


class DemoBuildError(RuntimeError):
    """The demo cannot be built here (the warehouse holds something else), or an upload of the
    demo was refused (the demo and the format have drifted apart)."""


def action_plan_targets() -> pl.DataFrame:
    """The housing action plan's targets as rows indikator, aar, verdi (every year 2015–2027)."""
    rows = []
    for indicator, changes in TARGETS.items():
        value = None
        for year in TARGET_YEARS:
            value = changes.get(year, value)
            rows.append((indicator, year, float(value)))
    return pl.DataFrame(
        rows, schema={"indikator": pl.String, "aar": pl.Int32, "verdi": pl.Float64}, orient="row"
    )


def municipal_dwellings_per_area(snapshots: list[MonthSnapshot]) -> dict[str, int]:
    """The most municipal dwellings each grunnkrets holds in any month."""
    counts = (
        pl.concat([snapshot.boliger.group_by("grunnkrets").len() for snapshot in snapshots])
        .group_by("grunnkrets")
        .agg(pl.max("len"))
    )
    return dict(counts.iter_rows())


def register_places(areas) -> tuple[list[str], tuple[float, float]]:
    """The areas' codes, and (lat, lon) of a point in the fifth area, to place the projects."""
    point = areas.geometry.iloc[5].representative_point()
    lon, lat = gpd.GeoSeries([point], crs=areas.crs).to_crs(4326).iloc[0].coords[0]
    return areas["grunnkrets"].tolist(), (round(lat, 5), round(lon, 5))


def snapshot_files(snapshot: MonthSnapshot) -> list[SourceFile]:
    """The files staff would upload for the month: a workbook in December, else two CSVs."""
    if snapshot.month.endswith(f"-{XLSX_MONTH}"):
        return [snapshot_xlsx(snapshot)]
    return snapshot_csv(snapshot)


def _accepted(result: IngestResult, what: str) -> None:
    """Stop the build, loudly, when an upload was refused."""
    if result.status == "refused":
        problems = "\n".join(str(problem) for problem in result.problems)
        raise DemoBuildError(f"Demoen ble avvist ved {what}: {result.summary}\n{problems}")


def build_demo(db_path: Path, progress: Progress | None = None) -> None:
    """Build the demo municipality into the warehouse at `db_path` (created if needed), which
    must be empty or the demo already (DemoBuildError otherwise, nothing written).

    Rebuilding into the same warehouse changes nothing: the files come out byte for byte the
    same, so every upload is recognised as already loaded.
    """
    report = progress or (lambda fraction, text: None)
    db_path = Path(db_path)
    init(db_path)
    try:
        start_demo(db_path, DEMO)
    except WriteRefused as refusal:
        raise DemoBuildError(str(refusal)) from None
    report(0.0, "Lager demoområdene og simulerer demokommunen")
    areas = demo_areas()
    snapshots = with_private_leases(
        with_portfolio_columns(
            list(simulate_with_pathways(SANDNES, FIRST_MONTH, LAST_MONTH, DEMO_SEED))
        ),
        SANDNES,
        DEMO_SEED,
    )
    first_year, last_year = int(FIRST_MONTH[:4]), int(LAST_MONTH[:4])
    statistics = area_statistics(
        areas,
        range(first_year, last_year + 1),
        municipal_dwellings_per_area(snapshots),
        DEMO_SEED,
    )
    with tempfile.TemporaryDirectory(prefix="boligmonitor-demo-") as directory:
        folder = Path(directory)
        report(SIMULATION_SHARE / 2, "Laster inn områder, områdestatistikk og mål")
        reference = [
            (load_areas, SourceFile("demoomrader.geojson", areas_geojson(areas)), "områdene"),
            (load_area_stats, area_statistics_csv(statistics), "områdestatistikken"),
            (load_targets, targets_csv(action_plan_targets()), "målene"),
        ]
        for load, file, what in reference:
            (upload,) = read_files(write_files([file], folder / "referanse"))
            _accepted(load(db_path, upload, by=DEMO), what)
        register = register_csv(project_register(*register_places(areas)))
        (upload,) = read_files(write_files([register], folder / "referanse"))
        _accepted(load_register(db_path, upload, by=DEMO, as_of=REGISTER_DATE), "prosjektene")
        # The living-conditions survey (delområder) from the last month's municipal shares, and
        # BrukerPlan's figures: each from a generator of its own, seeded apart.
        shares = delomrade_shares(
            pl.from_pandas(areas[["grunnkrets", "delomrade"]]),
            statistics,
            snapshots[-1].boliger,
            last_year,
        )
        survey, descriptions = read_files(
            write_files(list(survey_files(shares, DEMO_SEED)), folder / "levekar")
        )
        _accepted(load_levekar(db_path, survey, descriptions, by=DEMO), "levekårene")
        (plan,) = read_files(write_files([brukerplan_file(DEMO_SEED)], folder / "brukerplan"))
        _accepted(load_brukerplan(db_path, plan, by=DEMO), "BrukerPlan-tallene")
        # Files are written one step ahead on a second thread while the warehouse loads.
        with ThreadPoolExecutor(max_workers=1) as writer:
            written = writer.map(
                lambda snapshot: write_files(snapshot_files(snapshot), folder / snapshot.month),
                snapshots,
            )
            uploads = (
                (snapshot.month, read_files(paths))
                for snapshot, paths in zip(snapshots, written, strict=True)
            )
            results = ingest_series(db_path, uploads, by=DEMO)
            for number, (snapshot, result) in enumerate(zip(snapshots, results, strict=True), 1):
                _accepted(result, f"måneden {snapshot.month}")
                fraction = SIMULATION_SHARE + (1 - SIMULATION_SHARE) * number / len(snapshots)
                report(fraction, f"Lastet inn {snapshot.month}")
    # The KOSTRA table (invented numbers in SSB's format) "publishes" some of our own values.
    own = {
        code: years
        for code, years in own_year_values(db_path).items()
        if code in AGREEING_VARIABLES
    }
    _accepted(import_kostra(db_path, kostra_json(own), by=DEMO), "KOSTRA-tabellen")
    report(1.0, "Demokommunen er klar")
