"""Backup to Parquet and back: the restored warehouse holds exactly what the original held."""

from __future__ import annotations

import pytest

from tests.snapshot_files import SNAPSHOT_MONTH, dwellings, households, snapshot_files
from tests.warehouse.conftest import areas_file_bytes, fingerprint
from warehouse.backup import BackupError, backup, restore_backup
from warehouse.history import load_history
from warehouse.ingest import ingest
from warehouse.problems import SourceFile
from warehouse.reference import load_areas
from warehouse.settings import audit_log, change_settings, read_settings


def test_a_backup_restores_every_load_and_which_one_is_active(db, tmp_path):
    load_areas(db, SourceFile("omrader.geojson", areas_file_bytes()))
    ingest(db, SNAPSHOT_MONTH, snapshot_files("utf-8", dwellings(), households()))
    changed = households()
    changed[1]["personer"] = 2
    ingest(db, SNAPSHOT_MONTH, snapshot_files("utf-8", dwellings(), changed), replace=True)

    manifest = backup(db, tmp_path / "backup")
    restored = tmp_path / "restored.duckdb"
    restore_backup(tmp_path / "backup", restored)

    # 4 loads: areas, boliger, husstander, and the replacing husstander; 2 + 3 + 6 rows.
    assert manifest["rows"]["loads"] == 4
    assert manifest["rows"]["omrader"] == 2
    assert manifest["rows"]["boliger"] == 3
    assert manifest["rows"]["husstander"] == 6
    assert fingerprint(restored) == fingerprint(db)
    assert load_history(restored).drop("loaded_at").equals(load_history(db).drop("loaded_at"))


def test_settings_and_the_audit_log_survive_a_backup(db, tmp_path):
    change_settings(db, {"kommunenavn": "Sandnes"}, changed_by="admin@kommune.no")
    backup(db, tmp_path / "backup")
    restored = tmp_path / "restored.duckdb"

    restore_backup(tmp_path / "backup", restored)

    assert read_settings(restored)["kommunenavn"] == "Sandnes"
    assert audit_log(restored)["hvem"].to_list() == ["admin@kommune.no"]
    # The next change gets a fresh number instead of clashing with the restored one.
    change_settings(restored, {"kommunenavn": "Sandnes kommune"}, changed_by="admin@kommune.no")
    assert len(audit_log(restored)) == 2


def test_loads_after_a_restore_get_new_numbers(db, tmp_path):
    ingest(db, SNAPSHOT_MONTH, snapshot_files("utf-8", dwellings(), households()))
    backup(db, tmp_path / "backup")
    restored = tmp_path / "restored.duckdb"
    restore_backup(tmp_path / "backup", restored)
    changed = households()
    changed[1]["personer"] = 2

    result = ingest(restored, SNAPSHOT_MONTH, snapshot_files("utf-8", [], changed), replace=True)

    # Loads 1 and 2 came from the backup; the next one is 3, not a clash with 1.
    assert result.load_ids == [3]


def test_restoring_over_an_existing_warehouse_is_refused(db, tmp_path):
    backup(db, tmp_path / "backup")
    with pytest.raises(BackupError, match="finnes allerede"):
        restore_backup(tmp_path / "backup", db)


def test_a_folder_that_is_not_a_backup_is_refused(tmp_path):
    (tmp_path / "not-a-backup").mkdir()
    with pytest.raises(BackupError, match="ikke en sikkerhetskopi"):
        restore_backup(tmp_path / "not-a-backup", tmp_path / "new.duckdb")
    assert not (tmp_path / "new.duckdb").exists()


def test_a_damaged_backup_leaves_no_half_restored_file(db, tmp_path):
    ingest(db, SNAPSHOT_MONTH, snapshot_files("utf-8", dwellings(), households()))
    backup(db, tmp_path / "backup")
    (tmp_path / "backup" / "raw.husstander.parquet").write_bytes(b"not parquet")
    target = tmp_path / "restored.duckdb"

    with pytest.raises(Exception, match=r"(?i)parquet"):
        restore_backup(tmp_path / "backup", target)

    assert not target.exists()
