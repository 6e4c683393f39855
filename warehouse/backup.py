"""Backup as Parquet (one file per raw table and a manifest) and restoring it into a new file.

No path and no name from a backup reaches SQL text. Parquet is written and read with pyarrow and
handed to DuckDB as Arrow; the tables are the fixed list of raw tables of the backup's schema
version (`schema.RAW_TABLES`), each with its statements prebuilt here. Before anything is read
or created, a backup's manifest is checked (known fields only, their types, exactly the tables
of its schema version) and so is every file's footer (inside the folder, readable, the columns
of its table, as many rows as the manifest says).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from warehouse.audit import Actor, record
from warehouse.db import connect
from warehouse.loads import now_utc
from warehouse.schema import (
    RAW_TABLES,
    append_rows,
    init,
    migrations,
    raw_tables,
    schema_version,
    upgrade,
)

MANIFEST = "manifest.json"
MANIFEST_FIELDS = ("schema_version", "created_at", "rows")
_MANIFEST_MAX_BYTES = 64 * 1024  # a real one is a few hundred bytes
_SELECT = {table: f"select * from raw.{table}" for table in RAW_TABLES}
# After a restore, each sequence is moved past the highest id restored (table -> statement).
_ADVANCE_SEQUENCE = {
    "loads": "select max(nextval('raw.load_id_seq')) "
    "from range((select coalesce(max(load_id), 0) from raw.loads))",
    "load_events": "select max(nextval('raw.event_id_seq')) "
    "from range((select coalesce(max(event_id), 0) from raw.load_events))",
    "settings": "select max(nextval('raw.settings_id_seq')) "
    "from range((select coalesce(max(setting_id), 0) from raw.settings))",
    "audit_log": "select max(nextval('raw.audit_id_seq')) "
    "from range((select coalesce(max(audit_id), 0) from raw.audit_log))",
}


class BackupError(RuntimeError):
    """A backup folder that cannot be restored, or a target that must not be overwritten."""


def _inside(backup_dir: Path, name: str) -> Path | None:
    """`backup_dir / name` if it is a file right in the folder (not a link out of it), else None."""
    path = backup_dir / name
    if path.is_file() and path.resolve().parent == backup_dir.resolve():
        return path
    return None


def _file_name(table: str) -> str:
    """The Parquet file of a raw table in a backup folder: `raw.<table>.parquet`."""
    return f"raw.{table}.parquet"


def _write_table(con: duckdb.DuckDBPyConnection, table: str, target: Path) -> int:
    """Stream one raw table into a Parquet file; returns its number of rows."""
    reader = con.sql(_SELECT[table]).to_arrow_reader()
    rows = 0
    with pq.ParquetWriter(target, reader.schema) as writer:
        for batch in reader:
            writer.write_batch(batch)
            rows += batch.num_rows
    return rows


def backup(db_path: Path, out_dir: Path, *, actor: Actor) -> dict:
    """Write every raw table as Parquet to `out_dir`, with a manifest. Returns the manifest.

    The raw layer is everything: staging and marts are views derived from it. The backup's own
    audit entry is written in the transaction the tables are read in, so it is in the backup
    and is kept only if the backup was written. The manifest is removed first and written
    last, so a folder whose writing failed is never taken for a backup.
    """
    init(db_path)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MANIFEST).unlink(missing_ok=True)
    with connect(db_path, write=True) as con:
        version = schema_version(con)
        con.execute("begin transaction")
        loads = con.execute("select count(*) from raw.loads").fetchall()[0][0]
        record(con, actor, "sikkerhetskopi", f"Sikkerhetskopi av {loads} laster.")
        counts = {
            table: _write_table(con, table, out_dir / _file_name(table))
            for table in raw_tables(version)
        }
        manifest = {
            "schema_version": version,
            "created_at": now_utc().isoformat(timespec="seconds"),
            "rows": counts,
        }
        (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        con.execute("commit")
    return manifest


def is_count(value: object) -> bool:
    """A whole number of rows: an int, not a bool, not negative."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _read_manifest(backup_dir: Path) -> dict:
    """The manifest of a backup folder, checked field by field; raises BackupError if it is not
    one this version of Boligmonitor wrote (or could have written)."""
    path = _inside(backup_dir, MANIFEST)
    if path is None:
        raise BackupError(
            f"{backup_dir} er ikke en sikkerhetskopi fra Boligmonitor (mangler {MANIFEST})."
        )
    if path.stat().st_size > _MANIFEST_MAX_BYTES:
        raise BackupError(f"{MANIFEST} er for stor til å være fra Boligmonitor.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BackupError(f"{MANIFEST} er ikke gyldig JSON.") from None
    if not isinstance(manifest, dict) or set(manifest) != set(MANIFEST_FIELDS):
        raise BackupError(
            f"{MANIFEST} skal ha nøyaktig feltene {', '.join(MANIFEST_FIELDS)}, og ingen andre."
        )
    version = manifest["schema_version"]
    newest = max(number for number, _ in migrations())
    if not is_count(version) or version < 1:
        raise BackupError(f"{MANIFEST} har ikke en gyldig skjemaversjon.")
    if version > newest:
        raise BackupError("Sikkerhetskopien er laget av en nyere versjon av Boligmonitor.")
    created = manifest["created_at"]
    try:
        datetime.fromisoformat(created)
    except (TypeError, ValueError):
        raise BackupError(f"{MANIFEST} har ikke et gyldig tidspunkt (created_at).") from None
    rows = manifest["rows"]
    expected = raw_tables(version)
    if not isinstance(rows, dict) or set(rows) - set(expected):
        raise BackupError(
            f"{MANIFEST} nevner tabeller som ikke finnes i skjemaversjon {version}. "
            "Bare Boligmonitors egne tabeller kan gjenopprettes."
        )
    if missing := [table for table in expected if table not in rows]:
        raise BackupError(f"{MANIFEST} mangler tabellene {', '.join(missing)}.")
    if not all(is_count(count) for count in rows.values()):
        raise BackupError(f"{MANIFEST} har antall rader som ikke er hele tall, 0 eller større.")
    return manifest


def _columns(relation: duckdb.DuckDBPyRelation) -> list[tuple[str, str]]:
    """Column names and DuckDB types (Arrow's string and large string are both VARCHAR)."""
    return list(zip(relation.columns, map(str, relation.types), strict=True))


def _checked_file(
    con: duckdb.DuckDBPyConnection, backup_dir: Path, table: str, manifest: dict
) -> Path:
    """A table's Parquet file, once its footer shows the table's columns and the manifest's rows.

    `con` holds the raw tables at the backup's schema version.
    """
    name = _file_name(table)
    path = _inside(backup_dir, name)
    if path is None:
        raise BackupError(f"Filen {name} mangler i sikkerhetskopien.")
    try:
        metadata = pq.read_metadata(path)
        schema = metadata.schema.to_arrow_schema()
    except (pa.ArrowException, OSError):
        raise BackupError(f"{name} er ikke en lesbar Parquet-fil.") from None
    if _columns(con.from_arrow(schema.empty_table())) != _columns(con.sql(_SELECT[table])):
        raise BackupError(
            f"{name} har ikke kolonnene som tabellen {table} har i skjemaversjon "
            f"{manifest['schema_version']}."
        )
    expected_rows = manifest["rows"][table]
    if metadata.num_rows != expected_rows:
        raise BackupError(
            f"{name} har {metadata.num_rows} rader, men {MANIFEST} sier {expected_rows}."
        )
    return path


def _checked_files(backup_dir: Path, manifest: dict) -> dict[str, Path]:
    """Every table's checked Parquet file, in creation order; against the migrations run in
    memory up to the backup's schema version."""
    version = manifest["schema_version"]
    with duckdb.connect() as con:
        upgrade(con, up_to=version)
        return {
            table: _checked_file(con, backup_dir, table, manifest) for table in raw_tables(version)
        }


def restore_backup(backup_dir: Path, db_path: Path, *, actor: Actor) -> dict:
    """Rebuild a warehouse at `db_path` (which must not exist) from a backup folder.

    The backup is checked whole before the target is created; if anything fails after that,
    the half-made target is removed, so the restore's audit entry is there only if it worked.
    """
    if db_path.exists():
        raise BackupError(
            f"{db_path} finnes allerede. Gjenopprett til en ny fil, eller flytt den bort først."
        )
    manifest = _read_manifest(backup_dir)
    files = _checked_files(backup_dir, manifest)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with connect(db_path, write=True) as con:
            upgrade(con, up_to=manifest["schema_version"])
            con.execute("begin transaction")
            for table, path in files.items():
                append_rows(con, table, ds.dataset(path, format="parquet"))
            for table in files.keys() & _ADVANCE_SEQUENCE.keys():
                con.execute(_ADVANCE_SEQUENCE[table])
            con.execute("commit")
            upgrade(con)
            detail = (
                f"Gjenopprettet fra en sikkerhetskopi tatt {manifest['created_at']} "
                f"({manifest['rows']['loads']} laster, skjemaversjon "
                f"{manifest['schema_version']})."
            )
            record(con, actor, "gjenoppretting fra sikkerhetskopi", detail)
    except Exception:
        # The target did not exist before: leave no half-restored file behind.
        for leftover in (db_path, db_path.with_name(db_path.name + ".wal")):
            leftover.unlink(missing_ok=True)
        raise
    return manifest
