"""Kept pathway values (derived.pathway_values): kept by each month's 14 household loads, read
back unchanged, recomputed for exactly the months a replaced load reaches, and read by the
indicator tables, the breakdowns and the Forløp figures.

The caseload, 2024-01 … 2025-03 (15 months), every month also with W on the waiting list:
- A (a refugee) is in temporary accommodation in January 2024, in municipal rental from
  February 2024 (a leave in 2024-02), missing from every snapshot from April 2024, and back
  in temporary accommodation in January 2025: a return 11 months after leaving.
- B is a tenant on the leie-til-eie track from 2023-10-01, and owns from March 2024 on: a
  purchase through the track in 2024-03.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from services.indicators import (
    PATHWAY_VALUES,
    breakdown_values,
    indicator_values,
    keep_month_values,
    pathway_months,
)
from services.pathways import leie_til_eie, period_transitions, transition_periods
from warehouse.db import connect
from warehouse.derived import store_window_values
from warehouse.loads import store_load
from warehouse.schema import init

MONTHS = [f"2024-{number:02d}" for number in range(1, 13)] + ["2025-01", "2025-02", "2025-03"]
TRACK = date(2023, 10, 1)


def situation_of(household: str, month: str) -> str | None:
    if household == "W":
        return "venteliste"
    if household == "A":
        if month == "2024-01" or month >= "2025-01":
            return "midlertidig"
        return "kommunal_bolig" if month < "2024-04" else None
    return "kommunal_bolig" if month < "2024-03" else "eid_bolig"


def households(month: str) -> pl.DataFrame:
    rows = [
        {
            "husstand_id": household,
            "situasjon": situation_of(household, month),
            "personer": 1,
            "i_situasjon_fra": date(2023, 1, 1),
            "barn": 0,
            "flyktning": household == "A",
            "under_25": False,
            "rus_psykisk": False,
            "funksjonsnedsettelse": False,
            "housing_first": False,
            "leie_til_eie_fra": TRACK if household == "B" else None,
        }
        for household in ("A", "B", "W")
        if situation_of(household, month) is not None
    ]
    return pl.DataFrame(rows, schema_overrides={"leie_til_eie_fra": pl.Date})


def store_month(db, month: str, rows: pl.DataFrame, *, action: str = "load") -> None:
    with connect(db, write=True) as con:
        con.execute("begin transaction")
        store_load(
            con,
            month=month,
            table_name="husstander",
            rows=rows,
            file_name="test",
            sha256=f"{month}-{rows.height}-{action}",
            loaded_by="tester",
            action=action,
        )
        con.execute("commit")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The caseload's 15 months stored once for the module; nothing kept yet."""
    db = tmp_path_factory.mktemp("forlop") / "warehouse.duckdb"
    init(db)
    for month in MONTHS:
        store_month(db, month, households(month))
    return db


@pytest.fixture
def caseload(built, tmp_path) -> Path:
    """A private copy of the caseload's warehouse."""
    return Path(shutil.copy(built, tmp_path / "warehouse.duckdb"))


def municipal(values: pl.DataFrame, indicator: str, month: str) -> int | None:
    rows = values.filter(
        pl.col("indikator") == indicator,
        pl.col("maaned") == date.fromisoformat(f"{month}-01"),
        pl.col("gruppe").is_null(),
    )
    return rows["teller"].item() if rows.height else None


def stored(db) -> pl.DataFrame:
    with connect(db) as con:
        return con.sql("select * from derived.pathway_values").pl()


def test_the_return_the_purchase_and_the_track_are_counted_from_the_warehouse(caseload):
    with connect(caseload) as con:
        values = pathway_months(con)
    # A's leave in 2024-02, return in 2025-01 (11 months later, within 12): one return.
    assert municipal(values, "tilbake_i_midlertidig_12_mnd", "2025-01") == 1
    assert municipal(values, "tilbake_i_midlertidig_12_mnd", "2024-12") == 0
    # B bought in 2024-03 on the track; it is on the track (not owning) until then.
    assert municipal(values, "leie_til_eie_kjopt", "2024-03") == 1
    assert municipal(values, "leie_til_eie", "2024-02") == 1
    assert municipal(values, "leie_til_eie", "2024-03") == 0
    # 2025-02: the cohort of leaves in 2024-02 (A) has A in temporary accommodation: known,
    # not housed; share 0 of 1. (2025-03 looks back to 2024-03: nobody left then.)
    share = values.filter(
        pl.col("indikator") == "andel_bosatt_fortsatt_12_mnd",
        pl.col("maaned") == date(2025, 2, 1),
        pl.col("gruppe").is_null(),
    )
    assert share.select("teller", "nevner").row(0) == (0, 1)
    # The refugee group has A's return too.
    refugees = values.filter(
        pl.col("indikator") == "tilbake_i_midlertidig_12_mnd",
        pl.col("maaned") == date(2025, 1, 1),
        pl.col("gruppe") == "flyktning",
    )
    assert refugees["teller"].item() == 1


def test_kept_values_are_read_back_as_computed_and_reading_stores_nothing(caseload):
    with connect(caseload) as con:
        computed = pathway_months(con).sort("indikator", "maaned", "gruppe")
    assert stored(caseload).height == 0
    keep_month_values(caseload)
    kept = stored(caseload)
    # Every month has its rows, each under the key of its 14 loads (the 15 months' loads are
    # 1 … 15 in order; 2025-03's window starts at 2024-02, load 2).
    assert kept["maaned"].n_unique() == len(MONTHS)
    keys = dict(kept.select("maaned", "husstander_loads").unique().iter_rows())
    assert keys[date(2025, 3, 1)] == ",".join(str(load) for load in range(2, 16))
    with connect(caseload) as con:
        read = pathway_months(con).sort("indikator", "maaned", "gruppe")
    assert read.equals(computed)


def test_a_replaced_month_recomputes_it_and_the_13_after_it_only(caseload):
    keep_month_values(caseload)
    # March 2024 replaced: A stays away from it, nothing else changes.
    store_month(
        caseload,
        "2024-03",
        households("2024-03").filter(pl.col("husstand_id") != "A"),
        action="replace",
    )
    computed = store_window_values(caseload, PATHWAY_VALUES)
    assert computed == MONTHS[2:]  # 2024-03 … 2025-03: 13 months loaded of the 14 it reaches
    # A, absent from March, still left temporary accommodation in February: the share of
    # 2025-02 is unchanged; nothing else of A's history depends on March.
    with connect(caseload) as con:
        values = pathway_months(con)
    assert municipal(values, "tilbake_i_midlertidig_12_mnd", "2025-01") == 1
    assert values.filter(pl.col("maaned") == date(2024, 3, 1)).height > 0


def test_the_indicator_tables_and_breakdowns_carry_the_kept_values(caseload):
    keep_month_values(caseload)
    years = indicator_values(caseload, "year")
    purchases = years.filter(
        pl.col("indikator") == "leie_til_eie_kjopt", pl.col("periode") == "2024"
    )
    assert purchases["verdi"].item() == 1
    cells = breakdown_values(
        caseload,
        "quarter",
        pl.DataFrame(schema={"maaned": pl.Date, "bolig_id": pl.String, "grunnkrets": pl.String}),
    )
    refugees = cells.filter(
        pl.col("indikator") == "tilbake_i_midlertidig_12_mnd",
        pl.col("gruppe") == "flyktning",
        pl.col("periode") == "2025-Q1",
    )
    assert refugees["verdi"].item() == 1


def test_the_transitions_of_a_quarter_and_the_funnel_come_from_the_snapshots(caseload):
    # 2024-Q2 runs from March (start: the month before April) to June.
    assert transition_periods(caseload)[:2] == ["2025-Q1", "2024-Q4"]
    table = period_transitions(caseload, "2024-Q2")
    cells = {(row["source"], row["target"]): row["count"] for row in table.iter_rows(named=True)}
    # A: municipal rental in March, gone in June but back later: unknown. B owns throughout,
    # W waits throughout. Totals: 3 households.
    assert cells[("kommunal_bolig", "ukjent")] == 1
    assert cells[("eid_bolig", "eid_bolig")] == 1
    assert cells[("venteliste", "venteliste")] == 1
    assert cells[(None, None)] == 3
    # Suppressed with k = 3, every cell (1) is below it and hidden; the total 3 is shown.
    hidden = period_transitions(caseload, "2024-Q2", k=3)
    assert hidden.filter(pl.col("source").is_not_null() & pl.col("target").is_not_null())[
        "prikket"
    ].all()
    track = leie_til_eie(caseload)
    # B entered in 2023-10 and bought in 2024-03: five months.
    assert track.stages.rows() == [("inn", 1), ("startlan", 0), ("kjopt", 1)]
    assert track.purchase_months.row(0) == (1, 5.0)
