"""Backup as Parquet (one file per raw table and a manifest) and restoring it into a new file."""

from __future__ import annotations

import json
from pathlib import Path

from warehouse.db import connect
from warehouse.loads import now_utc
from warehouse.schema import init, migrations, schema_version, upgrade

MANIFEST = "manifest.json"
# Sequences restart after the highest id restored: sequence -> (table, id column).
_SEQUENCES = {
    "load_id_seq": ("loads", "load_id"),
    "event_id_seq": ("load_events", "event_id"),
    "settings_id_seq": ("settings", "setting_id"),
    "audit_id_seq": ("audit_log", "audit_id"),
}


class BackupError(RuntimeError):
    """A backup folder that cannot be restored, or a target that must not be overwritten."""


def backup(db_path: Path, out_dir: Path) -> dict:
    """Write every raw table as Parquet to `out_dir`, with a manifest. Returns the manifest.

    The raw layer is everything: staging and marts are views derived from it.
    """
    init(db_path)
    out_dir.mkdir(parents=True, exist_ok=True)
    with connect(db_path) as con:
        version = schema_version(con)
        tables = [
            name
            for (name,) in con.execute(
                # In creation order, so that a table comes before those that refer to it.
                "select table_name from duckdb_tables() "
                "where schema_name = 'raw' order by table_oid"
            ).fetchall()
        ]
        counts = {}
        for table in tables:
            target = out_dir / f"raw.{table}.parquet"
            con.execute(f"copy (select * from raw.{table}) to '{target}' (format parquet)")
            counts[table] = con.execute(f"select count(*) from raw.{table}").fetchone()[0]
    manifest = {
        "schema_version": version,
        "created_at": now_utc().isoformat(timespec="seconds"),
        "rows": counts,
    }
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def restore_backup(backup_dir: Path, db_path: Path) -> dict:
    """Rebuild a warehouse at `db_path` (which must not exist) from a backup folder."""
    manifest_path = backup_dir / MANIFEST
    if not manifest_path.exists():
        raise BackupError(
            f"{backup_dir} er ikke en sikkerhetskopi fra Boligmonitor (mangler {MANIFEST})."
        )
    if db_path.exists():
        raise BackupError(
            f"{db_path} finnes allerede. Gjenopprett til en ny fil, eller flytt den bort først."
        )
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    version = manifest["schema_version"]
    if version > max(number for number, _ in migrations()):
        raise BackupError("Sikkerhetskopien er laget av en nyere versjon av Boligmonitor.")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with connect(db_path, write=True) as con:
            upgrade(con, up_to=version)
            con.execute("begin transaction")
            for table in manifest["rows"]:
                source = backup_dir / f"raw.{table}.parquet"
                con.execute(f"insert into raw.{table} select * from read_parquet('{source}')")
            for sequence, (table, column) in _SEQUENCES.items():
                if table not in manifest["rows"]:
                    continue
                start = con.execute(
                    f"select coalesce(max({column}), 0) + 1 from raw.{table}"
                ).fetchone()[0]
                con.execute(f"drop sequence raw.{sequence}")
                con.execute(f"create sequence raw.{sequence} start {start}")
            con.execute("commit")
            upgrade(con)
    except Exception:
        # The target did not exist before: leave no half-restored file behind.
        for leftover in (db_path, db_path.with_name(db_path.name + ".wal")):
            leftover.unlink(missing_ok=True)
        raise
    return manifest
