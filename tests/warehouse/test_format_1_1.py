"""Snapshot format 1.1: the optional columns are stored, and each load records which of them
its file carried, so that a blank cell (no landlord, an open-ended lease) is told apart from a
column the file lacks (a version-1.0 file)."""

from __future__ import annotations

from datetime import date

from tests.snapshot_files import SNAPSHOT_MONTH, dwellings, households, snapshot_files
from tests.warehouse.conftest import TESTER
from warehouse.db import connect
from warehouse.ingest import ingest

# B1 eid, B2 innleid, B3 tildelingsrett (tests/snapshot_files.py); the snapshot date is
# 31.01.2024, and a lease may end after it.
LEASES = {
    "utleier_id": [None, "923609016", "U-17"],
    "leieavtale_fra": [None, date(2022, 2, 1), date(2023, 1, 1)],
    "leieavtale_til": [None, date(2025, 1, 31), None],
    "prosjekt_id": ["P-2014-03", None, None],
}


def with_columns(rows, columns):
    """`rows` with the given columns added, one value per row."""
    return [
        {**row, **{name: values[i] for name, values in columns.items()}}
        for i, row in enumerate(rows)
    ]


def stored(db, sql):
    with connect(db) as con:
        return con.execute(sql).fetchall()


def test_a_version_1_1_file_is_stored_with_its_landlords_leases_and_projects(db):
    files = snapshot_files("utf-8", with_columns(dwellings(), LEASES), households())

    result = ingest(db, SNAPSHOT_MONTH, files, actor=TESTER)

    assert result.status == "loaded", [str(p) for p in result.problems]
    assert stored(
        db,
        "select bolig_id, utleier_id, leieavtale_fra, leieavtale_til, prosjekt_id "
        "from marts.boliger order by bolig_id",
    ) == [
        ("B1", None, None, None, "P-2014-03"),
        ("B2", "923609016", date(2022, 2, 1), date(2025, 1, 31), None),
        ("B3", "U-17", date(2023, 1, 1), None, None),
    ]
    assert stored(db, "select * from marts.boliger_kolonner") == [
        (date(2024, 1, 1), True, True, True, True)
    ]


def test_a_version_1_0_file_still_loads_and_is_known_to_lack_the_new_columns(db):
    result = ingest(
        db, SNAPSHOT_MONTH, snapshot_files("xlsx", dwellings(), households()), actor=TESTER
    )

    assert result.status == "loaded"
    assert stored(db, "select count(*) from marts.boliger where utleier_id is null") == [(3,)]
    assert stored(db, "select * from marts.boliger_kolonner") == [
        (date(2024, 1, 1), False, False, False, False)
    ]
    assert stored(db, "select * from marts.husstander_kolonner") == [(date(2024, 1, 1), False)]


def test_the_columns_of_the_active_load_count_so_a_replacement_without_them_clears_them(db):
    only_landlords = with_columns(dwellings(), {"utleier_id": LEASES["utleier_id"]})
    ingest(db, SNAPSHOT_MONTH, snapshot_files("utf-8", only_landlords, []), actor=TESTER)
    # Only utleier_id was in the file: the lease columns are missing, not blank.
    assert stored(db, "select * from marts.boliger_kolonner") == [
        (date(2024, 1, 1), True, False, False, False)
    ]

    replaced = snapshot_files("utf-8", dwellings(), [])
    assert ingest(db, SNAPSHOT_MONTH, replaced, replace=True, actor=TESTER).status == "loaded"

    assert stored(db, "select * from marts.boliger_kolonner") == [
        (date(2024, 1, 1), False, False, False, False)
    ]


def test_the_household_track_towards_buying_is_stored_with_its_column_recorded(db):
    rows = with_columns(households(), {"leie_til_eie_fra": [None, None, date(2023, 9, 1)]})

    result = ingest(db, SNAPSHOT_MONTH, snapshot_files("utf-8", dwellings(), rows), actor=TESTER)

    assert result.status == "loaded"
    assert stored(
        db, "select husstand_id, leie_til_eie_fra from marts.husstander order by husstand_id"
    ) == [("H-001", None), ("H-002", None), ("H-003", date(2023, 9, 1))]
    assert stored(db, "select * from marts.husstander_kolonner") == [(date(2024, 1, 1), True)]
