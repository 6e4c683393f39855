"""Reading the marts: names from the fixed list, columns and conditions never spliced into SQL."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.snapshot_files import SNAPSHOT_MONTH, dwellings, households, snapshot_files
from tests.warehouse.conftest import TESTER, fingerprint
from warehouse.ingest import ingest
from warehouse.queries import MARTS, read_mart, read_month

MARTS_FOLDER = Path(__file__).resolve().parents[2] / "warehouse" / "models" / "marts"


def test_the_fixed_list_of_marts_is_every_mart_model():
    assert sorted(MARTS) == sorted(path.stem for path in MARTS_FOLDER.glob("*.sql"))


def test_a_mart_name_that_is_sql_is_refused(db, tmp_path):
    before = fingerprint(db)
    name = f"boliger; copy (select 1) to '{tmp_path / 'pwn.csv'}'; --"

    with pytest.raises(ValueError, match="unknown mart"):
        read_mart(db, name)

    assert not (tmp_path / "pwn.csv").exists()
    assert fingerprint(db) == before


def test_a_column_name_that_is_sql_is_only_ever_a_column_that_does_not_exist(db, tmp_path):
    # Spliced into 'select "{column}" from marts.boliger' it closed the quote and ran the copy.
    column = f"bolig_id\" from marts.boliger; copy (select 1) to '{tmp_path / 'pwn.csv'}'; --"

    with pytest.raises(duckdb.BinderException, match="not found"):
        read_mart(db, "boliger", [column])

    assert not (tmp_path / "pwn.csv").exists()


def test_some_columns_of_a_mart_are_read_in_the_order_asked(db):
    ingest(db, SNAPSHOT_MONTH, snapshot_files("utf-8", dwellings(), households()), actor=TESTER)
    frame = read_mart(db, "boliger", ["status", "bolig_id"])
    # dwellings(): B1 utleid, B2 ledig, B3 utbedring.
    assert sorted(frame.rows()) == [("ledig", "B2"), ("utbedring", "B3"), ("utleid", "B1")]


def test_one_month_of_a_monthly_mart_is_read(db):
    ingest(db, SNAPSHOT_MONTH, snapshot_files("utf-8", dwellings(), households()), actor=TESTER)
    assert sorted(read_month(db, "boliger", SNAPSHOT_MONTH)["bolig_id"]) == ["B1", "B2", "B3"]
    assert read_month(db, "boliger", "2024-02").is_empty()


@pytest.mark.parametrize("month", ["2026-13", "2026-00", "26-10", "2026-1", "2026-10'; --"])
def test_a_month_not_written_yyyy_mm_is_refused_in_norwegian(db, month):
    with pytest.raises(ValueError, match="Måneden må skrives ÅÅÅÅ-MM"):
        read_month(db, "boliger", month)
