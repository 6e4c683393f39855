"""Backup to Parquet and back: the restored warehouse holds exactly what the original held."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from core.problems import SourceFile
from services.reference import load_areas
from tests.snapshot_files import SNAPSHOT_MONTH, dwellings, households, snapshot_files
from tests.warehouse.conftest import (
    TESTER,
    TESTING,
    areas_file_bytes,
    fingerprint,
    restored_fingerprint,
)
from warehouse.audit import Actor, audit_log
from warehouse.backup import MANIFEST, BackupError, backup, restore_backup
from warehouse.db import connect
from warehouse.history import load_history
from warehouse.ingest import ingest
from warehouse.schema import migrations, schema_version
from warehouse.settings import change_settings, read_settings


def test_a_backup_restores_every_load_and_which_one_is_active(db, tmp_path):
    load_areas(db, SourceFile("omrader.geojson", areas_file_bytes()), by=TESTING)
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

    manifest = backup(db, tmp_path / "backup", actor=TESTER)
    restored = tmp_path / "restored.duckdb"
    restore_backup(tmp_path / "backup", restored, actor=TESTER)

    # 4 loads: areas, boliger, husstander, and the replacing husstander; 2 + 3 + 6 rows.
    assert manifest["rows"]["loads"] == 4
    assert manifest["rows"]["omrader"] == 2
    assert manifest["rows"]["boliger"] == 3
    assert manifest["rows"]["husstander"] == 6
    assert restored_fingerprint(restored) == fingerprint(db)
    assert load_history(restored).drop("loaded_at").equals(load_history(db).drop("loaded_at"))


def test_settings_and_the_audit_log_survive_a_backup(db, tmp_path):
    admin = Actor("admin@kommune.no", "app")
    change_settings(db, {"kommunenavn": "Sandnes"}, actor=admin)
    backup(db, tmp_path / "backup", actor=TESTER)
    restored = tmp_path / "restored.duckdb"

    restore_backup(tmp_path / "backup", restored, actor=TESTER)

    assert read_settings(restored)["kommunenavn"] == "Sandnes"
    # Newest first: the restore, the backup (in the backup itself), the setting.
    assert audit_log(restored).select("hvem", "handling").rows() == [
        ("tester", "gjenoppretting fra sikkerhetskopi"),
        ("tester", "sikkerhetskopi"),
        ("admin@kommune.no", "innstilling"),
    ]
    # The next change gets a fresh number instead of clashing with the restored ones.
    change_settings(restored, {"kommunenavn": "Sandnes kommune"}, actor=admin)
    assert len(audit_log(restored)) == 4


def test_loads_after_a_restore_get_new_numbers(db, tmp_path):
    ingest(db, SNAPSHOT_MONTH, snapshot_files("utf-8", dwellings(), households()), actor=TESTER)
    backup(db, tmp_path / "backup", actor=TESTER)
    restored = tmp_path / "restored.duckdb"
    restore_backup(tmp_path / "backup", restored, actor=TESTER)
    changed = households()
    changed[1]["personer"] = 2

    result = ingest(
        restored, SNAPSHOT_MONTH, snapshot_files("utf-8", [], changed), replace=True, actor=TESTER
    )

    # Loads 1 and 2 came from the backup; the next one is 3, not a clash with 1.
    assert result.load_ids == [3]


def test_restoring_over_an_existing_warehouse_is_refused(db, tmp_path):
    backup(db, tmp_path / "backup", actor=TESTER)
    with pytest.raises(BackupError, match="finnes allerede"):
        restore_backup(tmp_path / "backup", db, actor=TESTER)


def test_a_folder_that_is_not_a_backup_is_refused(tmp_path):
    (tmp_path / "not-a-backup").mkdir()
    with pytest.raises(BackupError, match="ikke en sikkerhetskopi"):
        restore_backup(tmp_path / "not-a-backup", tmp_path / "new.duckdb", actor=TESTER)
    assert not (tmp_path / "new.duckdb").exists()


def test_a_damaged_backup_leaves_no_half_restored_file(db, tmp_path):
    ingest(db, SNAPSHOT_MONTH, snapshot_files("utf-8", dwellings(), households()), actor=TESTER)
    backup(db, tmp_path / "backup", actor=TESTER)
    (tmp_path / "backup" / "raw.husstander.parquet").write_bytes(b"not parquet")
    target = tmp_path / "restored.duckdb"

    with pytest.raises(Exception, match=r"(?i)parquet"):
        restore_backup(tmp_path / "backup", target, actor=TESTER)

    assert not target.exists()


BACKUP_MADE_AT_SCHEMA_3 = Path(__file__).parent / "backups" / "schema3"


@pytest.fixture
def saved(db: Path, tmp_path: Path) -> Path:
    """A backup folder of a warehouse with one month in it."""
    ingest(db, SNAPSHOT_MONTH, snapshot_files("utf-8", dwellings(), households()), actor=TESTER)
    backup(db, tmp_path / "backup", actor=TESTER)
    return tmp_path / "backup"


def files_under(folder: Path) -> set[Path]:
    return set(folder.rglob("*"))


def edit_manifest(folder: Path, change) -> None:
    path = folder / MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    change(manifest)
    path.write_text(json.dumps(manifest), encoding="utf-8")


def refuse(folder: Path, target: Path, message: str) -> None:
    """Restoring `folder` is refused with `message`, creating no file anywhere under tmp."""
    before = files_under(target.parent)
    with pytest.raises(BackupError, match=message):
        restore_backup(folder, target, actor=TESTER)
    assert not target.exists()
    assert files_under(target.parent) == before


@pytest.mark.parametrize(
    "key",
    [
        "loads; copy (select 1) to '{pwn}'; --",
        # Valid SQL in the old `insert into raw.{key} select * from read_parquet(...)`.
        "mal select * from raw.mal; copy (select 1) to '{pwn}'; --",
    ],
)
def test_a_table_name_that_is_sql_is_refused_and_runs_nothing(saved, tmp_path, key):
    pwn = tmp_path / "pwn.csv"
    crafted = key.format(pwn=pwn)
    edit_manifest(saved, lambda manifest: manifest["rows"].update({crafted: 1}))

    refuse(saved, tmp_path / "restored.duckdb", "nevner tabeller som ikke finnes i skjemaversjon")

    assert not pwn.exists()


@pytest.mark.parametrize("key", ["../../utenfor", "/etc/passwd", "passord", "boliger.."])
def test_a_table_outside_the_fixed_list_of_raw_tables_is_refused(saved, tmp_path, key):
    edit_manifest(saved, lambda manifest: manifest["rows"].update({key: 0}))
    refuse(saved, tmp_path / "restored.duckdb", "nevner tabeller som ikke finnes")


def test_a_table_of_a_later_schema_version_is_refused_in_an_earlier_backup(saved, tmp_path):
    # Version 1 had no settings; the backup says it is from version 1 but has them.
    def to_version_1(manifest):
        manifest["schema_version"] = 1
        manifest["rows"] = {
            table: count for table, count in manifest["rows"].items() if table != "audit_log"
        }

    edit_manifest(saved, to_version_1)
    refuse(saved, tmp_path / "restored.duckdb", "nevner tabeller som ikke finnes i skjemaversjon 1")


def test_a_manifest_without_a_table_of_its_schema_version_is_refused(saved, tmp_path):
    edit_manifest(saved, lambda manifest: manifest["rows"].pop("husstander"))
    refuse(saved, tmp_path / "restored.duckdb", "mangler tabellene husstander")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m: m.update(filer=["raw.boliger.parquet"]), "nøyaktig feltene"),
        (lambda m: m.pop("created_at"), "nøyaktig feltene"),
        (lambda m: m.update(schema_version="4"), "ikke en gyldig skjemaversjon"),
        (lambda m: m.update(schema_version=True), "ikke en gyldig skjemaversjon"),
        (lambda m: m.update(schema_version=0), "ikke en gyldig skjemaversjon"),
        (lambda m: m.update(schema_version=999), "nyere versjon av Boligmonitor"),
        (lambda m: m.update(created_at="i går"), "ikke et gyldig tidspunkt"),
        (lambda m: m.update(rows=["loads"]), "nevner tabeller som ikke finnes"),
        (lambda m: m["rows"].update(loads="2"), "ikke er hele tall"),
        (lambda m: m["rows"].update(loads=-1), "ikke er hele tall"),
    ],
)
def test_a_manifest_with_unknown_fields_or_wrong_types_is_refused(saved, tmp_path, change, message):
    edit_manifest(saved, change)
    refuse(saved, tmp_path / "restored.duckdb", message)


def test_a_manifest_that_is_not_json_is_refused(saved, tmp_path):
    (saved / MANIFEST).write_text("{'rows': ", encoding="utf-8")
    refuse(saved, tmp_path / "restored.duckdb", "ikke gyldig JSON")


def test_row_counts_that_do_not_match_the_files_are_refused(saved, tmp_path):
    # The month's dwellings() are three rows.
    edit_manifest(saved, lambda manifest: manifest["rows"].update(boliger=4))
    refuse(
        saved,
        tmp_path / "restored.duckdb",
        "raw.boliger.parquet har 3 rader, men manifest.json sier 4",
    )


def test_a_parquet_file_with_other_columns_than_its_table_is_refused(saved, tmp_path):
    # One row, as the manifest says, but not the columns of raw.mal.
    pq.write_table(pa.table({"indikator": ["x"], "aar": ["2024"]}), saved / "raw.mal.parquet")
    edit_manifest(saved, lambda manifest: manifest["rows"].update(mal=1))
    refuse(saved, tmp_path / "restored.duckdb", "raw.mal.parquet har ikke kolonnene")


def test_a_table_file_that_is_missing_or_links_out_of_the_folder_is_refused(saved, tmp_path):
    outside = tmp_path / "utenfor.parquet"
    (saved / "raw.mal.parquet").rename(outside)
    refuse(saved, tmp_path / "restored.duckdb", "Filen raw.mal.parquet mangler")
    (saved / "raw.mal.parquet").symlink_to(outside)
    refuse(saved, tmp_path / "restored.duckdb", "Filen raw.mal.parquet mangler")


def test_a_backup_and_its_restore_work_through_folders_whose_names_have_quotes(db, tmp_path):
    ingest(db, SNAPSHOT_MONTH, snapshot_files("utf-8", dwellings(), households()), actor=TESTER)
    folder = tmp_path / "backup" / "kari's kopi"
    target = tmp_path / "o'hara" / 'gjenopprettet "ny".duckdb'

    backup(db, folder, actor=TESTER)
    restore_backup(folder, target, actor=TESTER)

    assert restored_fingerprint(target) == fingerprint(db)


def test_a_backup_made_at_schema_version_3_restores(tmp_path):
    # Written by the code of schema 3 (DuckDB's own Parquet writer): see backups/schema3.
    target = tmp_path / "restored.duckdb"

    restore_backup(BACKUP_MADE_AT_SCHEMA_3, target, actor=TESTER)

    with connect(target) as con:
        assert schema_version(con) == max(number for number, _ in migrations())
    history = load_history(target)
    # Areas, area statistics, boliger, husstander and the husstander that replaced it.
    assert history.select("load_id", "table_name", "active").rows() == [
        (5, "husstander", True),
        (4, "husstander", False),
        (3, "boliger", True),
        (2, "omradestatistikk", True),
        (1, "omrader", True),
    ]
    assert read_settings(target)["kommunenavn"] == "Sandnes"
    # The entries from before migration 004 were all made in the app; the restore is new.
    assert audit_log(target).select("hvem", "kanal", "handling").rows() == [
        ("tester", "cli", "gjenoppretting fra sikkerhetskopi"),
        ("ada@kommune.no", "app", "innstilling"),
        ("ada@kommune.no", "app", "områder"),
    ]
