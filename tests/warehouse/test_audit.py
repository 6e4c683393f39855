"""The audit log: every change to the warehouse has exactly one entry, written with the change.

Each writer gets the actor and the door; the entry says who, through which door, what kind of
change and what, in words without a household's data. A refused or unchanged change adds none.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from core.problems import SourceFile
from services.access import DEMO_BUILD
from services.reference import load_area_stats, load_areas, load_targets
from services.setup import start_demo
from tests.snapshot_files import SNAPSHOT_MONTH, dwellings, households, snapshot_files
from tests.warehouse.conftest import TESTER, areas_file_bytes, fingerprint
from warehouse.audit import DOORS, Actor, audit_log, record
from warehouse.backup import backup, restore_backup
from warehouse.db import connect
from warehouse.history import restore
from warehouse.ingest import ingest
from warehouse.schema import migrations
from warehouse.settings import change_settings

NEWEST_SCHEMA = migrations()[-1][0]  # the backup is taken at the newest migration

AREA_STATS = b"grunnkrets;aar;innbyggere;boliger_totalt\n11080101;2024;1234;500\n"
TARGETS = b"indikator;aar;verdi\nmidlertidig;2016;150\n"
KARI = Actor("kari@kommune.no", "app")
OLA = Actor("cli (ola)", "cli")


def entries(db: Path) -> list[tuple]:
    """The audit log oldest first: (hvem, kanal, handling, hva)."""
    return audit_log(db).reverse().select("hvem", "kanal", "handling", "hva").rows()


def new_entries(db: Path, before: int) -> list[tuple]:
    return entries(db)[before:]


def load_month(db: Path, actor: Actor = TESTER, *, replace: bool = False, people: int = 1):
    """The test month (households() with the second household's size set to `people`)."""
    changed = households()
    changed[1]["personer"] = people
    files = snapshot_files("utf-8", dwellings(), changed)
    return ingest(db, SNAPSHOT_MONTH, files, replace=replace, actor=actor)


def test_an_upload_has_one_entry_naming_its_tables_files_rows_and_loads(db):
    assert load_month(db, KARI).status == "loaded"

    # dwellings() and households() are three rows each; the tables are stored in name order.
    assert entries(db) == [
        (
            "kari@kommune.no",
            "app",
            "opplasting",
            "2024-01: boliger fra boliger.csv (3 rader, last 1); "
            "husstander fra husstander.csv (3 rader, last 2).",
        )
    ]


def test_a_replacement_has_one_entry_naming_the_load_it_replaces(db):
    load_month(db, KARI)

    assert load_month(db, OLA, replace=True, people=2).status == "loaded"

    # Only the households changed: load 3 replaces load 2.
    assert new_entries(db, 1) == [
        (
            "cli (ola)",
            "cli",
            "erstatning",
            "2024-01: husstander fra husstander.csv (3 rader, last 3, erstatter last 2).",
        )
    ]


def test_an_unchanged_upload_and_a_refused_one_add_no_entry(db):
    load_month(db, KARI)
    before = fingerprint(db)

    unchanged = load_month(db, KARI)
    needs_replacement = load_month(db, KARI, people=2)
    broken = households()
    broken[0]["personer"] = "mange"
    invalid = ingest(db, "2024-02", snapshot_files("utf-8", dwellings(), broken), actor=KARI)

    assert (unchanged.status, needs_replacement.status, invalid.status) == (
        "unchanged",
        "refused",
        "refused",
    )
    assert fingerprint(db) == before  # the audit log included


def test_an_upload_refused_after_its_rows_were_stored_leaves_no_entry(db):
    # The dwellings are stored before the check that households still find theirs; the
    # rollback takes the audit entry with them.
    load_month(db, KARI)
    before = fingerprint(db)

    result = ingest(
        db, SNAPSHOT_MONTH, snapshot_files("utf-8", dwellings()[1:], []), replace=True, actor=KARI
    )

    assert result.status == "refused"
    assert fingerprint(db) == before


def test_a_restore_has_one_entry_and_a_refused_one_none(db):
    load_month(db, KARI)
    load_month(db, KARI, replace=True, people=2)
    before = fingerprint(db)

    unknown = restore(db, [99], actor=OLA)
    assert unknown.status == "refused"
    assert fingerprint(db) == before

    assert restore(db, [2], actor=OLA).status == "loaded"
    assert new_entries(db, 2) == [
        ("cli (ola)", "cli", "gjenoppretting", "Last 2 (husstander 2024-01) er aktiv igjen.")
    ]


@pytest.mark.parametrize(
    ("load", "file", "action", "detail"),
    [
        (
            load_areas,
            SourceFile("omrader.geojson", areas_file_bytes()),
            "områder",
            "omrader.geojson: Lastet områder: 2 rader.",
        ),
        (
            load_area_stats,
            SourceFile("statistikk.csv", AREA_STATS),
            "områdestatistikk",
            "statistikk.csv: Lastet områdestatistikk: 1 rader.",
        ),
        (
            load_targets,
            SourceFile("mal.csv", TARGETS),
            "mål",
            "mal.csv: Lastet mål: 1 rader.",
        ),
    ],
)
def test_reference_data_has_one_entry_per_load_and_none_when_unchanged_or_refused(
    db, load, file, action, detail
):
    # The demo's door writes only into the demo: the warehouse is marked first, as the build does.
    start_demo(db)
    assert load(db, file, by=DEMO_BUILD).status == "loaded"
    assert load(db, file, by=DEMO_BUILD).status == "unchanged"
    broken = SourceFile(file.name, file.content[: len(file.content) // 3])
    assert load(db, broken, by=DEMO_BUILD).status == "refused"

    assert entries(db) == [
        ("demo", "demo", "demomerking", "datavarehuset er merket som demokommunen"),
        ("demo", "demo", action, detail),
    ]


def test_each_setting_changed_has_an_entry_and_roles_are_their_own_kind(db):
    roles = {"brukere": {"siri@kommune.no": "admin"}, "grupper": {}}

    change_settings(db, {"prikking_k": 4, "roller": roles}, actor=KARI)

    assert entries(db) == [
        ("kari@kommune.no", "app", "innstilling", "Prikkegrense (k): 3 → 4"),
        (
            "kari@kommune.no",
            "app",
            "roller",
            'Rolletildeling: {"brukere": {}, "grupper": {}} → '
            '{"brukere": {"siri@kommune.no": "admin"}, "grupper": {}}',
        ),
    ]


def test_a_backup_has_its_entry_in_the_warehouse_and_in_the_backup_itself(db, tmp_path):
    load_month(db, KARI)

    manifest = backup(db, tmp_path / "backup", actor=OLA)

    # Two loads: the month's boliger and husstander.
    expected = ("cli (ola)", "cli", "sikkerhetskopi", "Sikkerhetskopi av 2 laster.")
    assert new_entries(db, 1) == [expected]
    assert manifest["rows"]["audit_log"] == 2
    saved = pl.read_parquet(tmp_path / "backup" / "raw.audit_log.parquet")
    assert saved.sort("audit_id").select("actor", "door", "action", "detail").rows()[-1] == (
        "cli (ola)",
        "cli",
        "sikkerhetskopi",
        "Sikkerhetskopi av 2 laster.",
    )


def test_a_restored_backup_has_one_entry_more_and_the_original_none(db, tmp_path):
    load_month(db, KARI)
    manifest = backup(db, tmp_path / "backup", actor=OLA)
    before = fingerprint(db)
    restored = tmp_path / "restored.duckdb"

    restore_backup(tmp_path / "backup", restored, actor=OLA)

    assert fingerprint(db) == before
    assert new_entries(restored, 2) == [
        (
            "cli (ola)",
            "cli",
            "gjenoppretting fra sikkerhetskopi",
            f"Gjenopprettet fra en sikkerhetskopi tatt {manifest['created_at']} "
            f"(2 laster, skjemaversjon {NEWEST_SCHEMA}).",
        )
    ]


def test_a_door_outside_app_cli_and_demo_is_refused():
    assert DOORS == ("app", "cli", "demo")
    with pytest.raises(ValueError, match="unknown door"):
        Actor("kari", "api")
    with pytest.raises(ValueError, match="needs a name"):
        Actor(" ", "app")


def test_an_action_outside_the_fixed_list_is_refused(db):
    with connect(db, write=True) as con, pytest.raises(ValueError, match="unknown audit action"):
        record(con, KARI, "sletting", "Alt slettet.")
    assert entries(db) == []
