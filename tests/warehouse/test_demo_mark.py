"""The demo never mixes with real data: a demo warehouse says so itself (migration 010), takes
no change through the app or the command line, and the demo is built only into an empty
warehouse."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from core.i18n import translate
from core.problems import SourceFile
from core.roles import Identity, WriteRefused
from demo.build import DemoBuildError, build_demo
from services.access import DEMO_REFUSAL, NOT_THE_DEMO, Writer
from services.ingest import ingest, restore
from services.reference import load_areas, load_targets
from services.settings import change_settings
from services.setup import is_demo, is_empty, start_demo
from tests.snapshot_files import csv_bytes, dwellings, households, snapshot_files
from tests.warehouse.conftest import TESTING, areas_file_bytes, fingerprint
from tests.warehouse.test_cli import run_cli
from warehouse.audit import audit_log
from warehouse.db import connect
from warehouse.loads import store_load
from warehouse.schema import init, upgrade

# The local user of the app (local mode: admin) and the command line: both are real doors.
APP = Writer("app", Identity(), language="nb")
REFUSAL = translate(DEMO_REFUSAL, "nb")


@pytest.fixture
def demo_copy(demo_db: Path, tmp_path: Path) -> Path:
    db = tmp_path / "demo.duckdb"
    shutil.copy(demo_db, db)
    return db


def test_the_demo_build_marks_its_warehouse_with_one_audit_entry_through_the_door_demo(demo_db):
    assert is_demo(demo_db)
    marks = audit_log(demo_db).filter(pl.col("handling") == "demomerking")
    assert marks.select("hvem", "kanal").rows() == [("demo", "demo")]


@pytest.mark.parametrize("writer", [APP, TESTING], ids=["app", "cli"])
def test_every_real_change_to_the_demo_is_refused_with_how_to_start_a_real_warehouse(
    demo_copy, writer
):
    before = fingerprint(demo_copy)
    month = ingest(
        demo_copy, "2026-11", snapshot_files("utf-8", dwellings(), households()), by=writer
    )
    assert (month.status, month.summary) == ("refused", REFUSAL)
    areas = load_areas(demo_copy, SourceFile("omrader.geojson", areas_file_bytes()), by=writer)
    assert areas.summary == REFUSAL
    targets = load_targets(demo_copy, SourceFile("mal.csv", b"indikator;aar;verdi\n"), by=writer)
    assert targets.summary == REFUSAL
    assert restore(demo_copy, [1], by=writer).summary == REFUSAL
    with pytest.raises(WriteRefused, match="dette datavarehuset er demokommunen"):
        change_settings(demo_copy, {"prikking_k": 5}, by=writer)
    assert fingerprint(demo_copy) == before
    assert "make serve" in REFUSAL and "cli.py --db data/warehouse.duckdb init" in REFUSAL


def test_the_command_line_refuses_a_real_upload_into_the_demo_and_stores_nothing(
    demo_copy, tmp_path
):
    boliger, husstander = tmp_path / "boliger.csv", tmp_path / "husstander.csv"
    boliger.write_bytes(csv_bytes(dwellings(), encoding="cp1252"))
    husstander.write_bytes(csv_bytes(households(), encoding="cp1252"))
    before = fingerprint(demo_copy)
    loaded = run_cli(
        "--db", str(demo_copy), "ingest", "--month", "2026-11", str(boliger), str(husstander)
    )
    named = run_cli("--db", str(demo_copy), "municipality", "0301")
    assert (loaded.returncode, loaded.stdout.strip()) == (1, REFUSAL)
    assert (named.returncode, named.stdout.strip()) == (1, f"FEIL: {REFUSAL}")
    assert fingerprint(demo_copy) == before


def test_a_backup_of_the_demo_may_be_taken(demo_copy, tmp_path):
    result = run_cli("--db", str(demo_copy), "backup", "--out", str(tmp_path / "kopi"))
    assert result.returncode == 0, result.stdout


def test_the_demo_is_not_built_into_a_warehouse_that_holds_anything(db, tmp_path):
    change_settings(db, {"prikking_k": 5}, by=TESTING)  # a municipality's own first setting
    before = fingerprint(db)
    with pytest.raises(DemoBuildError) as refused:
        build_demo(db)
    assert str(refused.value) == translate(NOT_THE_DEMO, "nb")
    assert fingerprint(db) == before
    assert not is_demo(db)
    by_command = run_cli("--db", str(db), "demo")
    assert by_command.returncode == 1
    assert by_command.stdout.strip().endswith(f"FEIL: {translate(NOT_THE_DEMO, 'nb')}")
    assert fingerprint(db) == before


def test_the_demo_door_writes_nothing_into_a_warehouse_that_is_not_the_demo(db):
    demo = Writer("demo")
    before = fingerprint(db)
    result = ingest(db, "2026-10", snapshot_files("utf-8", dwellings(), households()), by=demo)
    assert (result.status, result.summary) == ("refused", translate(NOT_THE_DEMO, "nb"))
    assert fingerprint(db) == before


def test_an_empty_warehouse_is_marked_once_and_is_then_no_longer_empty(db):
    assert is_empty(db) and not is_demo(db)
    assert start_demo(db) is True
    assert start_demo(db) is False  # already the demo: nothing more is written
    assert is_demo(db) and not is_empty(db)
    assert audit_log(db)["handling"].to_list() == ["demomerking"]


def warehouse_before_the_mark(db: Path, loaded_by: str) -> Path:
    """A warehouse at schema 4 (before migration 010) with one load of targets by `loaded_by`."""
    with connect(db, write=True) as con:
        upgrade(con, up_to=4)
        store_load(
            con,
            month=None,
            table_name="mal",
            rows=pl.DataFrame({"indikator": ["venteliste"], "aar": [2026], "verdi": [80.0]}),
            file_name="mal.csv",
            sha256="mal",
            loaded_by=loaded_by,
            action="load",
        )
    return db


def test_a_warehouse_an_older_first_start_filled_with_the_demo_is_marked_by_migration_10(tmp_path):
    db = warehouse_before_the_mark(tmp_path / "gammel.duckdb", "demo")
    init(db)
    assert is_demo(db)


def test_a_warehouse_loaded_by_people_is_not_marked_by_migration_10(tmp_path):
    db = warehouse_before_the_mark(tmp_path / "kommune.duckdb", "kari@kommune.no")
    init(db)
    assert not is_demo(db)
