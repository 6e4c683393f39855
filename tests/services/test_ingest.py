"""Loading and restoring through services: the one implementation the app, the command line and
the demo use. Each accepted change keeps its months' values and writes one audit row through
its door; a refused one (by the file, or by the role read again at the moment of writing)
stores nothing and writes no row."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from core.problems import SourceFile
from core.roles import ROLES_FILE_ENV, Identity
from services import ingest as loading
from services.access import Writer
from services.reference import load_areas
from tests.snapshot_files import SNAPSHOT_MONTH, dwellings, households, snapshot_files
from tests.warehouse.conftest import TESTING, areas_file_bytes, fingerprint
from warehouse.audit import Actor, audit_log
from warehouse.db import connect
from warehouse.settings import change_settings


def stored_months(db: Path) -> list[str]:
    """The months that have values in derived.month_values."""
    with connect(db) as con:
        rows = con.execute(
            "select distinct strftime(maaned, '%Y-%m') from derived.month_values order by 1"
        ).fetchall()
    return [month for (month,) in rows]


def entries(db: Path) -> list[tuple]:
    """The audit log oldest first: (hvem, kanal, handling)."""
    return audit_log(db).reverse().select("hvem", "kanal", "handling").rows()


def test_an_accepted_upload_keeps_the_months_values_and_writes_one_audit_row(db):
    result = loading.ingest(
        db, SNAPSHOT_MONTH, snapshot_files("utf-8", dwellings(), households()), by=TESTING
    )

    assert result.status == "loaded"
    assert stored_months(db) == [SNAPSHOT_MONTH]
    assert entries(db) == [("tester", "cli", "opplasting")]


def test_a_refused_upload_keeps_nothing_and_writes_no_audit_row(db):
    before = fingerprint(db)
    broken = households()
    broken[0]["situasjon"] = "ukjent"

    result = loading.ingest(
        db, SNAPSHOT_MONTH, snapshot_files("utf-8", dwellings(), broken), by=TESTING
    )

    assert result.status == "refused"
    assert fingerprint(db) == before
    assert stored_months(db) == []


def test_a_restore_keeps_the_months_values_and_writes_one_audit_row(db):
    files = snapshot_files("utf-8", dwellings(), households())
    loading.ingest(db, SNAPSHOT_MONTH, files, by=TESTING)
    changed = households()
    changed[0]["personer"] = 4
    loading.ingest(
        db, SNAPSHOT_MONTH, snapshot_files("utf-8", dwellings(), changed), replace=True, by=TESTING
    )

    # Loads 1 (boliger) and 2 (husstander) came first; the replacement made husstander load 3.
    result = loading.restore(db, [2], by=TESTING)

    assert result.status == "loaded"
    assert stored_months(db) == [SNAPSHOT_MONTH]
    assert entries(db)[-1] == ("tester", "cli", "gjenoppretting")


@pytest.fixture
def no_roles_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ROLES_FILE_ENV, str(tmp_path / "ingen_rollefil.toml"))


def test_a_user_whose_role_no_longer_allows_an_upload_stores_nothing(db, no_roles_file):
    roles = {"brukere": {"siri@kommune.no": "leser"}, "grupper": {}}
    change_settings(db, {"roller": roles}, actor=Actor("kari@kommune.no", "app"))
    before = fingerprint(db)
    siri = Writer("app", Identity(claims={"email": "siri@kommune.no"}), sign_in=True)

    result = loading.ingest(
        db, SNAPSHOT_MONTH, snapshot_files("utf-8", dwellings(), households()), by=siri
    )

    assert result.status == "refused"
    assert result.summary == (
        "Ingenting er lagret: rollen din (leser) gir ikke lov til å laste inn øyeblikksbilder."
    )
    assert fingerprint(db) == before


def test_the_command_line_acts_as_the_local_operator_through_its_own_door(db):
    loading.ingest(
        db, SNAPSHOT_MONTH, snapshot_files("utf-8", dwellings(), households()), by=Writer("cli")
    )
    (who, door, _) = entries(db)[0]
    assert who.startswith("cli (") and door == "cli"


def test_coordinates_outside_every_area_are_refused_once_areas_exist(db):
    assert (
        load_areas(db, SourceFile("omrader.geojson", areas_file_bytes()), by=TESTING).status
        == "loaded"
    )
    before = fingerprint(db)
    far_away = copy.deepcopy(dwellings())
    far_away[2]["lat"], far_away[2]["lon"] = 59.91, 10.75  # Oslo, not Sandnes

    result = loading.ingest(
        db, SNAPSHOT_MONTH, snapshot_files("utf-8", far_away, households()), by=TESTING
    )

    assert result.status == "refused"
    assert [(p.file, p.row) for p in result.errors] == [("boliger.csv", 4)]
    assert "59.91" not in str(result.errors[0]) and "10.75" not in str(result.errors[0])
    assert fingerprint(db) == before


def test_coordinates_that_disagree_with_grunnkrets_load_with_a_warning(db):
    load_areas(db, SourceFile("omrader.geojson", areas_file_bytes()), by=TESTING)
    disagreeing = dwellings()
    disagreeing[0]["grunnkrets"] = "11080102"  # its coordinates lie in 11080101

    result = loading.ingest(
        db, SNAPSHOT_MONTH, snapshot_files("utf-8", disagreeing, households()), by=TESTING
    )

    assert result.status == "loaded"
    assert [(p.file, p.row, p.severity) for p in result.warnings] == [
        ("boliger.csv", 2, "advarsel")
    ]
