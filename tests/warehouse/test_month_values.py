"""Stored month values: kept after a change, read back unchanged, recomputed when loads change.

The months: January 2024 has H-001 as tenant of B1, H-002 waiting, H-003 owner (the shared
test files). In February H-001 has bought its home. So February's flows are
gjennomstromming = 1 (H-001 kommunal_bolig → eid_bolig) and til_eid_bolig = 1 (H-001 came into
eid_bolig; H-003 was there already).
"""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from core.problems import SourceFile
from indicators.monthly import snapshot_values
from services.indicators import (
    SNAPSHOT_VALUES,
    indicator_values,
    keep_month_values,
    read_dwellings,
    read_households,
)
from tests.snapshot_files import csv_bytes, dwellings, households, snapshot_files
from tests.warehouse.conftest import TESTER
from warehouse.db import connect
from warehouse.derived import MonthDerivation, select_month_values, store_month_values
from warehouse.history import load_history, restore
from warehouse.ingest import ingest

JANUARY, FEBRUARY = "2024-01", "2024-02"


def bought_home(rows: list[dict]) -> list[dict]:
    """The households with H-001 owning its home instead of renting B1."""
    changed = [dict(row) for row in rows]
    changed[0].update(situasjon="eid_bolig", bolig_id=None)
    return changed


def load(db, month: str, household_rows: list[dict], *, replace: bool = False) -> None:
    files = snapshot_files("utf-8", dwellings(), household_rows)
    result = ingest(db, month, files, replace=replace, actor=TESTER)
    assert result.status == "loaded", [str(problem) for problem in result.problems]


def value(db, indicator: str, month: str) -> float | None:
    """The indicator's value in `month`, as the pages and exports read it."""
    values = indicator_values(db, "month")
    row = values.filter((pl.col("indikator") == indicator) & (pl.col("periode") == month))
    return row.get_column("verdi").item()


def stored_rows(db, fingerprint: str | None = None) -> int:
    with connect(db) as con:
        if fingerprint is None:
            return con.execute("select count(*) from derived.month_values").fetchone()[0]
        return con.execute(
            "select count(*) from derived.month_values where fingerprint = ?", [fingerprint]
        ).fetchone()[0]


@pytest.fixture
def two_months(db):
    """January and February loaded (H-001 buys its home in February); nothing stored yet."""
    load(db, JANUARY, households())
    load(db, FEBRUARY, bought_home(households()))
    return db


def test_months_not_stored_are_computed_when_read(two_months):
    assert stored_rows(two_months) == 0

    assert value(two_months, "gjennomstromming", FEBRUARY) == 1
    assert value(two_months, "til_eid_bolig", FEBRUARY) == 1
    assert stored_rows(two_months) == 0  # reading never writes


def test_kept_values_equal_a_computation_from_the_snapshots(two_months):
    assert keep_month_values(two_months) == [JANUARY, FEBRUARY]
    assert keep_month_values(two_months) == []  # nothing changed since

    with connect(two_months) as con:
        stored = select_month_values(con, SNAPSHOT_VALUES)
    computed = snapshot_values(read_households(two_months), read_dwellings(two_months)).collect()
    order = ["indikator", "maaned"]
    assert_frame_equal(stored.sort(order), computed.sort(order), check_column_order=False)
    assert value(two_months, "gjennomstromming", FEBRUARY) == 1


def test_replacing_a_month_recomputes_the_flows_of_the_month_after(two_months):
    keep_month_values(two_months)

    # January replaced: H-001 owned its home already, so February has no move into ownership.
    load(two_months, JANUARY, bought_home(households()), replace=True)

    assert keep_month_values(two_months) == [JANUARY, FEBRUARY]
    assert value(two_months, "gjennomstromming", FEBRUARY) == 0
    assert value(two_months, "til_eid_bolig", FEBRUARY) == 0


def test_restoring_the_first_load_reuses_its_stored_values(two_months):
    keep_month_values(two_months)
    load(two_months, JANUARY, bought_home(households()), replace=True)
    keep_month_values(two_months)
    history = load_history(two_months)
    first_january = history.filter(
        (pl.col("month") == JANUARY) & (pl.col("table_name") == "husstander")
    )["load_id"].min()

    assert restore(two_months, [first_january], actor=TESTER).status == "loaded"

    assert keep_month_values(two_months) == []  # stored under the first load's key all along
    assert value(two_months, "gjennomstromming", FEBRUARY) == 1


def test_a_month_with_dwellings_only_keeps_its_dwelling_values(db):
    only_dwellings = [SourceFile("boliger.csv", csv_bytes(dwellings()))]
    assert ingest(db, JANUARY, only_dwellings, actor=TESTER).status == "loaded"

    assert keep_month_values(db) == [JANUARY]

    # B1 utleid, B2 ledig, B3 utbedring: 3 dwellings; 1 vacant of the 2 lettable = 50 %.
    assert value(db, "kommunale_boliger", JANUARY) == 3
    assert value(db, "andel_ledige", JANUARY) == 50
    assert value(db, "venteliste", JANUARY) is None  # no household snapshot, no value


def test_values_of_other_code_are_ignored_and_then_forgotten(two_months):
    def wrong(husstander: pl.LazyFrame, boliger: pl.LazyFrame) -> pl.LazyFrame:
        """Every month's gjennomstromming as 99: what older code might have stored."""
        return (
            SNAPSHOT_VALUES.compute(husstander, boliger)
            .filter(pl.col("indikator") == "gjennomstromming")
            .with_columns(pl.lit(99.0).alias("verdi"))
        )

    older = MonthDerivation(
        "older code", SNAPSHOT_VALUES.household_columns, SNAPSHOT_VALUES.dwelling_columns, wrong
    )
    store_month_values(two_months, older)
    assert stored_rows(two_months, "older code") == 1  # February, the one month with a flow

    assert value(two_months, "gjennomstromming", FEBRUARY) == 1
    keep_month_values(two_months)
    assert stored_rows(two_months, "older code") == 0


def test_each_months_key_names_its_loads_and_the_households_of_the_month_before(two_months):
    with connect(two_months) as con:
        keys = con.execute(
            "select strftime(maaned, '%Y-%m'), husstander_load, previous_husstander_load, "
            "boliger_load from marts.month_sources order by maaned"
        ).fetchall()
    # Each ingest stores boliger before husstander: January is loads 1–2, February loads 3–4.
    assert keys == [(JANUARY, 2, None, 1), (FEBRUARY, 4, 2, 3)]
