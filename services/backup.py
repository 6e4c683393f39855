"""Backups through the write check: taken as a folder or a ZIP, restored into a new file."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from services.access import Writer, authorise
from services.publication import committed
from warehouse import backup as store
from warehouse.backup import BackupError as BackupError  # what a refused restore raises


def backup(db_path: Path, out_dir: Path, *, by: Writer) -> dict:
    """Every raw table as Parquet in `out_dir`, with a manifest (warehouse.backup.backup), if
    the writer's role, read again now, allows it (WriteRefused otherwise)."""
    return store.backup(db_path, out_dir, actor=authorise(db_path, "backup", by))


def backup_zip(db_path: Path, *, by: Writer) -> bytes:
    """The backup as one ZIP file, for a download (WriteRefused as `backup`)."""
    actor = authorise(db_path, "backup", by)
    with tempfile.TemporaryDirectory() as folder:
        store.backup(db_path, Path(folder), actor=actor)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(Path(folder).iterdir()):
                archive.write(path, path.name)
    return buffer.getvalue()


def restore_backup(backup_dir: Path, db_path: Path, *, by: Writer) -> dict:
    """Rebuild a warehouse at `db_path` from a backup (warehouse.backup.restore_backup) and keep
    its month values (and publish it when a publish folder is set). Only the command line
    restores: the target is a new file, so no role in it can be asked; the local operator acts
    (services.access)."""
    manifest = store.restore_backup(backup_dir, db_path, actor=authorise(db_path, "backup", by))
    committed(db_path)
    return manifest
