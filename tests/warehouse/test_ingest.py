"""Loading months: every dialect, unchanged files, replacement, restore, and all-or-nothing."""

from __future__ import annotations

import pytest

from core.problems import SourceFile
from tests.snapshot_files import (
    DIALECTS,
    SNAPSHOT_MONTH,
    csv_bytes,
    dwellings,
    households,
    snapshot_files,
)
from tests.warehouse.conftest import TESTER, fingerprint
from warehouse import ingest as ingest_module
from warehouse.db import connect
from warehouse.history import load_history, restore
from warehouse.ingest import ingest


def month_rows(db, table: str) -> list[tuple]:
    """The month's rows of a mart, without the load id, sorted."""
    with connect(db) as con:
        return con.execute(f"select * exclude (load_id) from marts.{table} order by 3").fetchall()


def active_load_ids(db) -> set[int]:
    history = load_history(db)
    return set(history.filter(history["active"])["load_id"].to_list())


@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_dialect_loads_the_same_rows(tmp_path, dialect):
    reference_db = tmp_path / "reference.duckdb"
    dialect_db = tmp_path / f"{dialect}.duckdb"
    ingest(
        reference_db,
        SNAPSHOT_MONTH,
        snapshot_files("utf-8", dwellings(), households()),
        actor=TESTER,
    )

    result = ingest(
        dialect_db, SNAPSHOT_MONTH, snapshot_files(dialect, dwellings(), households()), actor=TESTER
    )

    assert result.status == "loaded", [str(problem) for problem in result.problems]
    for table in ("boliger", "husstander"):
        assert month_rows(dialect_db, table) == month_rows(reference_db, table)
    # Spot check of the typing: B1 has 64,5 m², wheelchair access and the snapshot date 31.01.2024.
    with connect(dialect_db) as con:
        b1 = con.execute(
            "select areal_m2, rullestol, postnummer, strftime(dato, '%d.%m.%Y') "
            "from marts.boliger where bolig_id = 'B1'"
        ).fetchone()
    assert b1 == (64.5, True, "0150", "31.01.2024")


def test_the_same_file_again_changes_nothing(db):
    files = snapshot_files("windows-1252", dwellings(), households())
    assert ingest(db, SNAPSHOT_MONTH, files, actor=TESTER).status == "loaded"
    before = fingerprint(db)

    again = ingest(db, SNAPSHOT_MONTH, files, actor=TESTER)

    assert again.status == "unchanged"
    assert "allerede lastet" in again.summary
    assert fingerprint(db) == before


def test_another_file_for_a_loaded_month_is_refused_without_replace(db):
    ingest(db, SNAPSHOT_MONTH, snapshot_files("utf-8", dwellings(), households()), actor=TESTER)
    before = fingerprint(db)
    changed = households()
    changed[1]["personer"] = 2

    result = ingest(db, SNAPSHOT_MONTH, snapshot_files("utf-8", dwellings(), changed), actor=TESTER)

    assert result.status == "refused"
    # Only the household table differs; the dwelling file is the same and is not mentioned.
    assert [(p.file, p.column) for p in result.errors] == [("husstander.csv", None)]
    assert "Bekreft erstatning" in result.errors[0].message
    assert result.needs_replacement and result.month == SNAPSHOT_MONTH
    assert fingerprint(db) == before


def test_replacement_is_not_offered_when_the_new_file_has_errors_of_its_own(db):
    ingest(db, SNAPSHOT_MONTH, snapshot_files("utf-8", dwellings(), households()), actor=TESTER)
    broken = households()
    broken[1]["personer"] = "to"

    result = ingest(db, SNAPSHOT_MONTH, snapshot_files("utf-8", dwellings(), broken), actor=TESTER)

    assert result.status == "refused"
    assert not result.needs_replacement


def test_replacing_a_month_keeps_the_earlier_load(db):
    ingest(db, SNAPSHOT_MONTH, snapshot_files("utf-8", dwellings(), households()), actor=TESTER)
    changed = households()
    changed[1]["personer"] = 2

    result = ingest(
        db,
        SNAPSHOT_MONTH,
        snapshot_files("utf-8", dwellings(), changed),
        replace=True,
        actor=TESTER,
    )

    assert result.status == "loaded"
    history = load_history(db)
    # Loads 1 (boliger) and 2 (husstander) first; the replacement is load 3, for husstander only.
    assert history.select("load_id", "table_name", "active").rows() == [
        (3, "husstander", True),
        (2, "husstander", False),
        (1, "boliger", True),
    ]
    with connect(db) as con:
        assert con.execute("select count(*) from raw.husstander").fetchone()[0] == 6
        assert con.execute(
            "select personer from marts.husstander where husstand_id = 'H-002'"
        ).fetchone() == (2,)


def test_restoring_an_earlier_load_makes_it_active_again(db):
    ingest(db, SNAPSHOT_MONTH, snapshot_files("utf-8", dwellings(), households()), actor=TESTER)
    changed = households()
    changed[1]["personer"] = 2
    ingest(
        db,
        SNAPSHOT_MONTH,
        snapshot_files("utf-8", dwellings(), changed),
        replace=True,
        actor=TESTER,
    )

    result = restore(db, [2], actor=TESTER)

    assert result.status == "loaded"
    assert active_load_ids(db) == {1, 2}
    with connect(db) as con:
        assert con.execute(
            "select personer from marts.husstander where husstand_id = 'H-002'"
        ).fetchone() == (1,)
    assert restore(db, [2], actor=TESTER).status == "unchanged"


def test_restoring_dwellings_that_rented_households_lack_needs_the_pair(db):
    ingest(db, SNAPSHOT_MONTH, snapshot_files("utf-8", dwellings(), households()), actor=TESTER)
    # A later upload renames dwelling B1 to B9, and the household that rents it follows.
    renamed_dwellings, renamed_households = dwellings(), households()
    renamed_dwellings[0]["bolig_id"] = "B9"
    renamed_households[0]["bolig_id"] = "B9"
    ingest(
        db,
        SNAPSHOT_MONTH,
        snapshot_files("utf-8", renamed_dwellings, renamed_households),
        replace=True,
        actor=TESTER,
    )
    before = fingerprint(db)

    alone = restore(db, [1], actor=TESTER)

    # Restoring the old dwellings alone would leave H-001 renting B9, which they lack.
    assert alone.status == "refused"
    assert "1 husstander i 2024-01 ville leie en bolig" in alone.errors[0].message
    assert fingerprint(db) == before
    assert restore(db, [1, 2], actor=TESTER).status == "loaded"
    assert active_load_ids(db) == {1, 2}


def test_a_month_can_be_loaded_one_table_at_a_time(db):
    only_dwellings = snapshot_files("utf-8", dwellings(), [])
    only_households = snapshot_files("utf-8", [], households())

    assert ingest(db, SNAPSHOT_MONTH, only_dwellings, actor=TESTER).status == "loaded"
    assert ingest(db, SNAPSHOT_MONTH, only_households, actor=TESTER).status == "loaded"

    with connect(db) as con:
        assert con.execute("select * from marts.maaneder").fetchall()[0][2:] == (True, True)


def test_households_alone_must_rent_dwellings_the_month_has(db):
    before = fingerprint(db)

    result = ingest(db, SNAPSHOT_MONTH, snapshot_files("utf-8", [], households()), actor=TESTER)

    # H-001 (row 2) rents B1, but no dwellings are loaded for the month.
    assert result.status == "refused"
    assert [(p.file, p.row, p.column) for p in result.errors] == [("husstander.csv", 2, "bolig_id")]
    assert fingerprint(db) == before


def test_replacing_dwellings_alone_cannot_drop_a_rented_dwelling(db):
    ingest(db, SNAPSHOT_MONTH, snapshot_files("utf-8", dwellings(), households()), actor=TESTER)
    before = fingerprint(db)
    without_b1 = dwellings()[1:]

    result = ingest(
        db, SNAPSHOT_MONTH, snapshot_files("utf-8", without_b1, []), replace=True, actor=TESTER
    )

    assert result.status == "refused"
    assert "1 husstander i månedens husstandstabell leier en bolig" in result.errors[0].message
    assert fingerprint(db) == before


@pytest.mark.parametrize(
    ("month", "expected"),
    [("2024-13", "ÅÅÅÅ-MM"), ("24-01", "ÅÅÅÅ-MM"), ("2999-01", "ikke begynt")],
)
def test_a_month_that_cannot_be_loaded_is_refused(db, month, expected):
    result = ingest(db, month, snapshot_files("utf-8", dwellings(), households()), actor=TESTER)
    assert result.status == "refused"
    assert expected in result.errors[0].message
    assert load_history(db).is_empty()


def test_a_failure_while_storing_leaves_the_warehouse_as_it_was(db, monkeypatch):
    ingest(db, SNAPSHOT_MONTH, snapshot_files("utf-8", dwellings(), households()), actor=TESTER)
    before = fingerprint(db)
    real_store = ingest_module.store_load
    calls = []

    def fail_on_second_table(con, **kwargs):
        calls.append(kwargs["table_name"])
        if len(calls) == 2:
            raise OSError("disk full")
        return real_store(con, **kwargs)

    monkeypatch.setattr(ingest_module, "store_load", fail_on_second_table)
    changed_dwellings, changed_households = dwellings(), households()
    changed_dwellings[1]["rom"] = 4
    changed_households[1]["personer"] = 2

    with pytest.raises(OSError, match="disk full"):
        ingest(
            db,
            SNAPSHOT_MONTH,
            snapshot_files("utf-8", changed_dwellings, changed_households),
            replace=True,
            actor=TESTER,
        )

    # The dwelling table was written before the failure, inside the same transaction: gone too.
    assert calls == ["boliger", "husstander"]
    assert fingerprint(db) == before


def test_a_header_only_csv_is_refused_and_nothing_is_stored(db):
    header_only = SourceFile(
        "boliger.csv", csv_bytes([], header=["bolig_id", "eierform", "boligtype", "rom", "status"])
    )
    result = ingest(db, SNAPSHOT_MONTH, [header_only], actor=TESTER)
    assert result.status == "refused"
    assert load_history(db).is_empty()
