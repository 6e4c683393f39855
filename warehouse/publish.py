"""Immutable Parquet snapshots of what the product reads, published by the writer for replicas.

After every change the writer publishes the marts the pages read, the stored month values of
the current code and the settings in force, one folder per version under `out_dir`:

    v000123/
        marts/boliger/maaned=2026-10/part-0.parquet   monthly marts: one folder per month
        marts/omrader/part-0.parquet                  every other mart: one file
        derived/month_values/part-0.parquet           the values of one code fingerprint
        derived/pathway_values/part-0.parquet         the kept pathway values (and _months)
        marts/settings/part-0.parquet                 key, value (JSON): every setting in force
        manifest.json                                 written last

A replica reads the newest complete one with DuckDB in memory (`newest_snapshot`,
`open_snapshot`) and never opens the warehouse file; Spark or Trino can read the same folders.

A reader never sees half a snapshot: it is written to a temporary folder beside the others,
every file and folder is flushed to disk, and it is renamed into place in one step. An old
version is renamed aside before it is removed, for the same reason. Publishers take turns
through a lock file, so a temporary folder found while holding the lock was left by one that
died.

No path and no name from outside reaches SQL text: tables are read from DuckDB as Arrow and
written with pyarrow, read back as pyarrow datasets registered with DuckDB, and every table,
view and registered name comes from the fixed list here.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import secrets
import shutil
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from warehouse.backup import is_count
from warehouse.db import OFFLINE_CONFIG, connect
from warehouse.queries import MARTS, MONTHLY_MARTS, VERSION_QUERY, mart
from warehouse.schema import migrations, schema_version
from warehouse.settings import select_settings

MANIFEST = "manifest.json"
MANIFEST_FIELDS = ("format", "version", "created", "schema_version", "fingerprint", "tables")
FORMAT = 1  # raised when the layout changes in a way an older reader would misread
# marts.loads names the uploaded files and who uploaded them: it stays on the writer, whose
# upload page is the only one that reads it.
PUBLISHED_MARTS = tuple(name for name in MARTS if name != "loads")
MONTH_VALUES = "derived.month_values"
# The kept pathway values and their months: every keep leaves only the current code's there.
PATHWAY_TABLES = ("derived.pathway_values", "derived.pathway_months")
SETTINGS = "marts.settings"
TABLES = (
    *(f"marts.{name}" for name in PUBLISHED_MARTS),
    MONTH_VALUES,
    *PATHWAY_TABLES,
    SETTINGS,
)
_MONTHLY = frozenset(f"marts.{name}" for name in MONTHLY_MARTS)
_SCHEMAS = ("marts", "derived")

LOCK = ".publish.lock"
_TEMPORARY = ".tmp-"  # a snapshot being written, or left by a publisher that died
_RETIRED = ".old-"  # a snapshot being removed
_VERSION_FOLDER = re.compile(r"v(\d+)")
_MANIFEST_MAX_BYTES = 1024 * 1024  # ten years of months is about 30 kB
# A folder changed this recently may change again within the same tick of its clock.
_SETTLE_NS = 2_000_000_000
_FLUSHERS = 16  # threads that flush files to disk at once

_MONTH_PARTITIONS = ds.partitioning(pa.schema([("maaned", pa.string())]), flavor="hive")

_log = logging.getLogger(__name__)


class PublishError(RuntimeError):
    """The warehouse cannot be published to that folder (Norwegian message)."""


class SnapshotError(ValueError):
    """A snapshot folder that is not a complete snapshot this code can read (Norwegian)."""


@dataclass(frozen=True)
class Retention:
    """How long old snapshots are kept: the newest `versions`, and any written within `age`;
    and never one replaced less than `grace` ago, since a replica may still be reading it."""

    versions: int = 3
    age: timedelta = timedelta(days=1)
    grace: timedelta = timedelta(minutes=10)


@dataclass(frozen=True)
class Publication:
    """What `publish` did: wrote the snapshot `folder`, or found it there already."""

    folder: Path
    version: int
    status: Literal["published", "unchanged"]


@dataclass(frozen=True)
class Snapshot:
    """A complete snapshot: its folder, version, when it was written, whose code's month values
    it holds, and its tables' files (relative to the folder) and row counts."""

    folder: Path
    version: int
    created: datetime
    fingerprint: str
    files: Mapping[str, tuple[str, ...]]
    rows: Mapping[str, int]


def folder_name(version: int) -> str:
    """The folder of a version: `v000123`."""
    return f"v{version:06d}"


def is_version_folder(folder: Path) -> bool:
    """Whether `folder` is one published version (`v000123`), not a folder of them."""
    return _VERSION_FOLDER.fullmatch(Path(folder).name) is not None


def _table_folder(table: str) -> str:
    """Where a table's files are, relative to the snapshot: `marts/boliger`."""
    return table.replace(".", "/")


def _source_name(table: str) -> str:
    """The name a table's Parquet dataset is registered under: `published_marts_boliger`."""
    return "published_" + table.replace(".", "_")


def _view_statement(table: str) -> str:
    """`create view <table> as select ... from <its dataset>`, a monthly mart's month turned
    back into the date it is in the warehouse. The names are from TABLES, never from outside."""
    if table in _MONTHLY:
        columns = "cast(maaned || '-01' as date) as maaned, * exclude (maaned)"
    else:
        columns = "*"
    return "create view " + table + " as select " + columns + " from " + _source_name(table)


_VIEWS = {table: _view_statement(table) for table in TABLES}
_CREATE_SCHEMA = {schema: "create schema " + schema for schema in _SCHEMAS}


def _file_pattern(table: str) -> re.Pattern[str]:
    """The relative paths a table's files may have: `part-N.parquet` in its folder, and for a
    monthly mart in a `maaned=YYYY-MM` folder below it (unless the mart is empty)."""
    month = r"(maaned=\d{4}-\d{2}/)?" if table in _MONTHLY else ""
    return re.compile(re.escape(_table_folder(table)) + "/" + month + r"part-\d+\.parquet")


_FILE_PATTERNS = {table: _file_pattern(table) for table in TABLES}


# Writing


def _fsync(path: Path) -> None:
    """Flush a file or a folder to disk, so that after a crash a snapshot holds what it says."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _fsync_tree(folder: Path) -> None:
    """Flush every file and folder below `folder`, and the folder itself.

    Side by side, not one after another: the file system then commits them together, which
    for a few hundred month files is many times faster.
    """
    paths = [Path(parent) / name for parent, _, files in os.walk(folder) for name in files]
    paths += [Path(parent) for parent, _, _ in os.walk(folder)]
    with ThreadPoolExecutor(max_workers=_FLUSHERS) as flushers:
        list(flushers.map(_fsync, paths))


def _write_file(reader: pa.RecordBatchReader, target: Path) -> int:
    """Stream `reader` into one Parquet file; returns its number of rows."""
    target.parent.mkdir(parents=True, exist_ok=True)
    rows = 0
    with pq.ParquetWriter(target, reader.schema) as writer:
        for batch in reader:
            writer.write_batch(batch)
            rows += batch.num_rows
    return rows


def _write_months(reader: pa.RecordBatchReader, folder: Path) -> list[tuple[Path, int]]:
    """Stream `reader` (its `maaned` as 'YYYY-MM') into one folder per month; returns the files
    and their rows. Without any month, one empty file keeps the columns."""
    written: list[tuple[Path, int]] = []
    schema = reader.schema
    ds.write_dataset(
        reader,
        folder,
        format="parquet",
        partitioning=_MONTH_PARTITIONS,
        basename_template="part-{i}.parquet",
        file_visitor=lambda file: written.append((Path(file.path), file.metadata.num_rows)),
        use_threads=False,  # each month's rows in the order DuckDB gave them
    )
    if not written:
        columns = schema.remove(schema.get_field_index("maaned"))
        empty = pa.RecordBatchReader.from_batches(columns, [])
        written.append((folder / "part-0.parquet", _write_file(empty, folder / "part-0.parquet")))
    return written


def _month_as_text(relation: duckdb.DuckDBPyRelation) -> duckdb.DuckDBPyRelation:
    """A monthly mart with `maaned` as 'YYYY-MM' in front: the partition's name, not a column of
    its files (Spark refuses a column that is both)."""
    month = duckdb.FunctionExpression(
        "strftime", duckdb.ColumnExpression("maaned"), duckdb.ConstantExpression("%Y-%m")
    )
    return relation.select(month.alias("maaned"), duckdb.StarExpression(exclude=["maaned"]))


def _settings_rows(con: duckdb.DuckDBPyConnection) -> pa.RecordBatchReader:
    """Every setting in force (the default where none was written), its value as JSON."""
    values = select_settings(con)
    table = pa.table(
        {
            "key": list(values),
            "value": [
                json.dumps(value, ensure_ascii=False, sort_keys=True) for value in values.values()
            ],
        }
    )
    return table.to_reader()


def _table_rows(
    con: duckdb.DuckDBPyConnection, table: str, fingerprint: str
) -> pa.RecordBatchReader:
    """What a table of the snapshot holds, as Arrow, from the open warehouse connection."""
    if table == SETTINGS:
        return _settings_rows(con)
    if table == MONTH_VALUES:
        of_this_code = duckdb.ColumnExpression("fingerprint") == duckdb.ConstantExpression(
            fingerprint
        )
        relation = con.table(MONTH_VALUES).filter(of_this_code).order("maaned, indikator")
        return relation.to_arrow_reader()
    if table in PATHWAY_TABLES:
        return con.table(table).order("maaned").to_arrow_reader()
    relation = mart(con, table.removeprefix("marts."))
    if table in _MONTHLY:
        relation = _month_as_text(relation)
    return relation.to_arrow_reader()


def _write_tables(
    con: duckdb.DuckDBPyConnection, target: Path, fingerprint: str
) -> dict[str, dict]:
    """Write every table of TABLES below `target`; returns the manifest's entry of each."""
    entries = {}
    for table in TABLES:
        reader = _table_rows(con, table, fingerprint)
        folder = target / _table_folder(table)
        if table in _MONTHLY:
            written = _write_months(reader, folder)
        else:
            written = [(folder / "part-0.parquet", _write_file(reader, folder / "part-0.parquet"))]
        files = []
        for path, rows in sorted(written):
            relative = path.relative_to(target).as_posix()
            files.append({"path": relative, "rows": rows, "bytes": path.stat().st_size})
        entries[table] = {"rows": sum(file["rows"] for file in files), "files": files}
    return entries


@contextmanager
def _publishing(out_dir: Path) -> Iterator[None]:
    """Hold the folder's lock: one publisher at a time (the kernel lets go if it dies)."""
    with open(out_dir / LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _remove(folder: Path) -> None:
    """Remove a snapshot folder: first renamed aside, so no reader takes it for a whole one."""
    aside = folder.with_name(_RETIRED + folder.name + "-" + secrets.token_hex(4))
    folder.rename(aside)
    shutil.rmtree(aside)


def _remove_leftovers(out_dir: Path) -> None:
    """Remove what publishers that died left behind (only ever called holding the lock)."""
    for entry in out_dir.iterdir():
        if entry.name.startswith((_TEMPORARY, _RETIRED)) and entry.is_dir():
            shutil.rmtree(entry)


def _write_manifest(target: Path, manifest: dict) -> None:
    """Flush the tables, then write the manifest: a folder without one is never taken for a
    snapshot, and one with it holds every file it names."""
    _fsync_tree(target)
    path = target / MANIFEST
    path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    _fsync(path)
    _fsync(target)


def _move_into_place(temporary: Path, out_dir: Path, version: int) -> Path:
    """Rename the written snapshot to its version's folder, in one step, and flush that."""
    folder = out_dir / folder_name(version)
    if folder.exists():  # not a complete snapshot (the newest complete one is older): broken
        _remove(folder)
    temporary.rename(folder)
    _fsync(out_dir)
    return folder


def expired(created: Mapping[int, datetime], now: datetime, keep: Retention) -> list[int]:
    """The versions to remove, of the complete snapshots `created` (version -> when written).

    The newest is always kept. An older one goes when it is past the newest `keep.versions`,
    was written more than `keep.age` ago, and the one after it (which replaced it for readers)
    was written more than `keep.grace` ago.
    """
    newest_first = sorted(created, reverse=True)
    gone = []
    for rank, version in enumerate(newest_first[1:], start=1):
        replaced_at = created[newest_first[rank - 1]]
        if rank < keep.versions or now - created[version] < keep.age:
            continue
        if now - replaced_at < keep.grace:
            continue
        gone.append(version)
    return sorted(gone)


def _remove_expired(out_dir: Path, keep: Retention) -> None:
    """Remove the complete snapshots `keep` no longer holds on to."""
    snapshots = {snapshot.version: snapshot for snapshot in _complete_snapshots(out_dir)}
    created = {version: snapshot.created for version, snapshot in snapshots.items()}
    for version in expired(created, datetime.now(UTC), keep):
        _remove(snapshots[version].folder)


def _newest_schema() -> int:
    return max(number for number, _ in migrations())


def _warehouse_version(con: duckdb.DuckDBPyConnection, newest: Snapshot | None) -> int:
    """The version of the warehouse, once it is at the newest schema and not older than the
    newest snapshot already published."""
    if schema_version(con) != _newest_schema():
        raise PublishError(
            "Datavarehuset har ikke nyeste skjema. Oppgrader det (cli.py init) og publiser på nytt."
        )
    version = con.execute(VERSION_QUERY).fetchall()[0][0]
    if newest is not None and newest.version > version:
        raise PublishError(
            f"Mappa har allerede versjon {newest.version}, nyere enn datavarehusets {version} "
            "(et annet eller gjenopprettet datavarehus?). Publiser til en ny mappe."
        )
    return version


def _write_snapshot(
    con: duckdb.DuckDBPyConnection, out_dir: Path, version: int, fingerprint: str
) -> Path:
    """Write the snapshot into a new temporary folder in `out_dir`, flushed, manifest last;
    returns that folder. If writing fails, nothing is left behind."""
    temporary = out_dir / (_TEMPORARY + folder_name(version) + "-" + secrets.token_hex(4))
    temporary.mkdir()
    try:
        tables = _write_tables(con, temporary, fingerprint)
        manifest = {
            "format": FORMAT,
            "version": version,
            "created": datetime.now(UTC).isoformat(timespec="microseconds"),
            "schema_version": schema_version(con),
            "fingerprint": fingerprint,
            "tables": tables,
        }
        _write_manifest(temporary, manifest)
    except BaseException:
        shutil.rmtree(temporary)
        raise
    return temporary


def publish(
    db_path: Path, out_dir: Path, fingerprint: str, *, keep: Retention = Retention()
) -> Publication:
    """Publish what the product reads as the snapshot of the warehouse's current version.

    `fingerprint` names the code whose stored month values are published (the warehouse does
    not know the code). Nothing is written when the newest snapshot already has this version.
    Old snapshots are then removed as `keep` says. The warehouse stays open for reading until
    the snapshot is written: no writer gets in meanwhile, so every table is of one version.
    """
    db_path, out_dir = Path(db_path), Path(os.path.abspath(out_dir))
    if not db_path.is_file():
        raise PublishError(f"Datavarehuset {db_path.name} finnes ikke; ingenting å publisere.")
    out_dir.mkdir(parents=True, exist_ok=True)
    with _publishing(out_dir):
        _remove_leftovers(out_dir)
        newest = newest_snapshot(out_dir)
        with connect(db_path) as con:
            con.execute("begin transaction")
            version = _warehouse_version(con, newest)
            if newest is not None and newest.version == version:
                return Publication(newest.folder, version, "unchanged")
            temporary = _write_snapshot(con, out_dir, version, fingerprint)
        folder = _move_into_place(temporary, out_dir, version)
        _remove_expired(out_dir, keep)
    return Publication(folder, version, "published")


# Reading


def _checked_files(folder: Path, table: str, entry: object) -> tuple[tuple[str, ...], int]:
    """A table's files (relative paths) and rows, once each file is where the manifest says, in
    the folder (not a link out of it), and of the size it says."""
    if not isinstance(entry, dict) or set(entry) != {"rows", "files"}:
        raise SnapshotError(f"{MANIFEST} beskriver ikke tabellen {table} riktig.")
    files = entry["files"]
    if not isinstance(files, list) or not files:
        raise SnapshotError(f"{MANIFEST} har ingen filer for tabellen {table}.")
    root = folder.resolve()
    paths, rows = [], 0
    for file in files:
        if not (
            isinstance(file, dict)
            and set(file) == {"path", "rows", "bytes"}
            and isinstance(file["path"], str)
            and _FILE_PATTERNS[table].fullmatch(file["path"])
            and is_count(file["rows"])
            and is_count(file["bytes"])
        ):
            raise SnapshotError(f"{MANIFEST} har en ugyldig fil for tabellen {table}.")
        path = folder / file["path"]
        inside = path.resolve().is_relative_to(root) and path.is_file() and not path.is_symlink()
        if not inside or path.stat().st_size != file["bytes"]:
            raise SnapshotError(f"En fil i tabellen {table} mangler eller er ufullstendig.")
        paths.append(file["path"])
        rows += file["rows"]
    if entry["rows"] != rows:
        raise SnapshotError(f"{MANIFEST} har feil antall rader for tabellen {table}.")
    return tuple(paths), rows


def _manifest_of(folder: Path) -> dict:
    """The manifest of a snapshot folder, its fields checked (not yet its tables)."""
    path = folder / MANIFEST
    if not path.is_file() or path.is_symlink():
        raise SnapshotError(
            f"{folder.name} er ikke en fullført publisert versjon (mangler {MANIFEST})."
        )
    if path.stat().st_size > _MANIFEST_MAX_BYTES:
        raise SnapshotError(f"{MANIFEST} i {folder.name} er for stor.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise SnapshotError(f"{MANIFEST} i {folder.name} er ikke gyldig JSON.") from None
    if not isinstance(manifest, dict) or set(manifest) != set(MANIFEST_FIELDS):
        raise SnapshotError(
            f"{MANIFEST} skal ha nøyaktig feltene {', '.join(MANIFEST_FIELDS)}, og ingen andre."
        )
    return manifest


def read_snapshot(folder: Path) -> Snapshot:
    """The snapshot in `folder` (`v000123`), once its manifest and files check out; raises
    SnapshotError for a folder that is not a complete snapshot this code can read."""
    folder = Path(folder)
    try:
        return _checked_snapshot(folder)
    except FileNotFoundError:  # removed while we looked: renamed aside, then deleted
        raise SnapshotError(f"{folder.name} ble fjernet mens den ble lest.") from None


def _checked_snapshot(folder: Path) -> Snapshot:
    name = _VERSION_FOLDER.fullmatch(folder.name)
    if name is None:
        raise SnapshotError(f"{folder.name} er ikke navnet på en publisert versjon (v000123).")
    manifest = _manifest_of(folder)
    if manifest["format"] != FORMAT:
        raise SnapshotError(f"{folder.name} har et format denne versjonen ikke kan lese.")
    if manifest["version"] != int(name.group(1)) or not is_count(manifest["version"]):
        raise SnapshotError(f"{MANIFEST} i {folder.name} har en annen versjon enn mappa.")
    schema = manifest["schema_version"]
    if not is_count(schema) or not 1 <= schema <= _newest_schema():
        raise SnapshotError(
            f"{folder.name} er laget av en versjon av Boligmonitor vi ikke kjenner."
        )
    try:
        created = datetime.fromisoformat(manifest["created"])
    except (TypeError, ValueError):
        raise SnapshotError(f"{MANIFEST} i {folder.name} har ikke et gyldig tidspunkt.") from None
    if created.tzinfo is None or not isinstance(manifest["fingerprint"], str):
        raise SnapshotError(f"{MANIFEST} i {folder.name} har ugyldige felt.")
    tables = manifest["tables"]
    if not isinstance(tables, dict) or set(tables) != set(TABLES):
        raise SnapshotError(f"{MANIFEST} i {folder.name} har ikke nøyaktig tabellene vi leser.")
    checked = {table: _checked_files(folder, table, tables[table]) for table in TABLES}
    return Snapshot(
        folder=folder,
        version=manifest["version"],
        created=created,
        fingerprint=manifest["fingerprint"],
        files={table: files for table, (files, _) in checked.items()},
        rows={table: rows for table, (_, rows) in checked.items()},
    )


def _version_folders(out_dir: Path) -> list[tuple[int, Path]]:
    """The folders named like a version (`v000123`), newest first; temporary ones are not."""
    try:
        entries = list(Path(out_dir).iterdir())
    except FileNotFoundError:
        return []
    found = [
        (int(match.group(1)), entry)
        for entry in entries
        if (match := _VERSION_FOLDER.fullmatch(entry.name)) and entry.is_dir()
    ]
    return sorted(found, reverse=True)


def _complete_snapshots(out_dir: Path) -> Iterator[Snapshot]:
    """Every complete snapshot in `out_dir`, newest first; broken folders are passed over."""
    for _, folder in _version_folders(out_dir):
        try:
            yield read_snapshot(folder)
        except SnapshotError as error:
            _log.warning("Hopper over den publiserte versjonen %s: %s", folder.name, error)


def newest_snapshot(out_dir: Path) -> Snapshot | None:
    """The newest complete snapshot in `out_dir`, or None when there is none."""
    return next(_complete_snapshots(out_dir), None)


# Per folder: its signature when the newest version was last read, and that version.
_NEWEST: dict[Path, tuple[tuple[int, int, int], int]] = {}


def published_version(out_dir: Path) -> int:
    """The version of the newest complete snapshot in `out_dir` (0 when there is none).

    A snapshot is renamed into the folder, which changes the folder's modification time, so
    while that has not changed the version is known from one `stat`.
    """
    out_dir = Path(out_dir)
    try:
        stat = out_dir.stat()
    except FileNotFoundError:
        return 0
    signature = (stat.st_ino, stat.st_mtime_ns, stat.st_nlink)
    known = _NEWEST.get(out_dir)
    if known is not None and known[0] == signature:
        return known[1]
    newest = newest_snapshot(out_dir)
    version = 0 if newest is None else newest.version
    if time.time_ns() - stat.st_mtime_ns > _SETTLE_NS:
        _NEWEST[out_dir] = (signature, version)
    return version


def _dataset(snapshot: Snapshot, table: str) -> ds.Dataset:
    """A table's Parquet files as one pyarrow dataset (a monthly mart's month from its folder)."""
    paths = [str(snapshot.folder / path) for path in snapshot.files[table]]
    if table not in _MONTHLY:
        return ds.dataset(paths, format="parquet")
    base = str(snapshot.folder / _table_folder(table))
    return ds.dataset(
        paths, format="parquet", partitioning=_MONTH_PARTITIONS, partition_base_dir=base
    )


def open_snapshot(folder: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection over the snapshot in `folder`, shaped like the warehouse
    for its readers: `marts.<mart>` (all but loads), `derived.month_values` (one code's) and
    `marts.settings` (key, value as JSON).

    The datasets are registered with this connection only (a cursor does not see them): open
    one per use, as with `warehouse.db.connect`, and close it. Raises SnapshotError when the
    folder is not a complete snapshot.
    """
    snapshot = read_snapshot(folder)
    con = duckdb.connect(config=OFFLINE_CONFIG)
    try:
        con.execute("set enable_progress_bar = false")
        for schema in _SCHEMAS:
            con.execute(_CREATE_SCHEMA[schema])
        for table in TABLES:
            con.register(_source_name(table), _dataset(snapshot, table))
            con.execute(_VIEWS[table])
    except BaseException:
        con.close()
        raise
    return con
