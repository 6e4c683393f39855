"""Published Parquet snapshots: what replicas read equals what the writer reads, a reader never
sees half of one, old ones go in time, and nothing but the marts is in them."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl
import pyarrow.parquet as pq
import pytest
from polars.testing import assert_frame_equal

from core.problems import SourceFile
from services.indicators import SNAPSHOT_VALUES
from services.reference import load_areas
from tests.snapshot_files import SNAPSHOT_MONTH, dwellings, households, snapshot_files
from tests.warehouse.conftest import TESTER, TESTING, areas_file_bytes
from warehouse import publish as publishing
from warehouse.audit import Actor
from warehouse.db import connect
from warehouse.derived import select_month_values, store_month_values
from warehouse.ingest import ingest
from warehouse.publish import (
    LOCK,
    MANIFEST,
    PUBLISHED_MARTS,
    TABLES,
    PublishError,
    Retention,
    SnapshotError,
    expired,
    folder_name,
    newest_snapshot,
    open_snapshot,
    publish,
    published_version,
    read_snapshot,
)
from warehouse.queries import mart, read_mart, read_month, select_mart
from warehouse.schema import init, upgrade
from warehouse.settings import change_settings, read_settings, select_settings

FEBRUARY = "2024-02"
FINGERPRINT = "test-fingerprint"
ADMIN = Actor("admin@kommune.no", "app")


def load(db: Path, month: str) -> None:
    """The shared test month's dwellings and households, loaded as `month`."""
    result = ingest(db, month, snapshot_files("utf-8", dwellings(), households()), actor=TESTER)
    assert result.status == "loaded", [str(problem) for problem in result.problems]


@pytest.fixture
def january(db: Path) -> Path:
    """A warehouse with areas and January 2024: three load events, no setting changed."""
    load_areas(db, SourceFile("omrader.geojson", areas_file_bytes()), by=TESTING)
    load(db, SNAPSHOT_MONTH)
    return db


def months_in(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The months of marts.maaneder, 'YYYY-MM', as the pages list them."""
    return select_mart(con, "maaneder")["maaned"].dt.strftime("%Y-%m").to_list()


def sorted_rows(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame in one order: by every column that is not a list (marts without `order by`)."""
    keys = [name for name, dtype in frame.schema.items() if not dtype.is_nested()]
    return frame.sort(keys, nulls_last=True)


def listing(folder: Path) -> dict[str, int]:
    """Every file and folder below `folder` with its modification time."""
    return {str(path.relative_to(folder)): path.stat().st_mtime_ns for path in folder.rglob("*")}


# Round trip


@pytest.mark.slow
def test_every_mart_read_from_a_snapshot_equals_the_warehouses(demo_db, tmp_path):
    out = tmp_path / "snapshots"
    publication = publish(demo_db, out, SNAPSHOT_VALUES.fingerprint)

    with open_snapshot(publication.folder) as con, connect(demo_db) as warehouse:
        for name in PUBLISHED_MARTS:
            expected = select_mart(warehouse, name)
            assert not expected.is_empty() or name == "kvalitet_manglende_maaneder", name
            assert_frame_equal(sorted_rows(select_mart(con, name)), sorted_rows(expected))
        # Marts with `order by` keep their order: the pages list months oldest first.
        assert_frame_equal(select_mart(con, "maaneder"), select_mart(warehouse, "maaneder"))
        # The demo stored every month's values, so the replica reads them, computing none.
        stored = con.table("derived.month_values").count("*").fetchall()[0][0]
        assert stored == warehouse.table("derived.month_values").count("*").fetchall()[0][0]
        assert_frame_equal(
            sorted_rows(select_month_values(con, SNAPSHOT_VALUES)),
            sorted_rows(select_month_values(warehouse, SNAPSHOT_VALUES)),
        )
        october = duckdb.ColumnExpression("maaned") == duckdb.ConstantExpression(date(2015, 10, 1))
        assert_frame_equal(
            sorted_rows(mart(con, "boliger", where=october).pl()),
            sorted_rows(read_month(demo_db, "boliger", "2015-10")),
        )
        assert select_settings(con, published=True) == read_settings(demo_db)


def test_an_empty_warehouse_publishes_empty_marts_with_their_columns(db, tmp_path):
    publication = publish(db, tmp_path / "snapshots", FINGERPRINT)

    with open_snapshot(publication.folder) as con:
        for name in PUBLISHED_MARTS:
            assert_frame_equal(select_mart(con, name), read_mart(db, name))


def test_the_settings_in_force_are_published_with_their_defaults(january, tmp_path):
    change_settings(january, {"kommunenavn": "Sandnes", "prikking_k": 4}, actor=ADMIN)

    publication = publish(january, tmp_path / "snapshots", FINGERPRINT)

    with open_snapshot(publication.folder) as con:
        settings = select_settings(con, published=True)
    assert settings == read_settings(january)
    assert (settings["kommunenavn"], settings["prikking_k"]) == ("Sandnes", 4)
    assert settings["prikking_k_streng"] == 5  # never written: its default


def test_a_snapshot_without_this_codes_stored_values_still_gives_every_months_values(
    january, tmp_path
):
    # Another code's values are stored; the snapshot holds only this code's (none), so a
    # replica computes them from the published marts, as the warehouse does.
    store_month_values(january, replace(SNAPSHOT_VALUES, fingerprint="other code"))

    publication = publish(january, tmp_path / "snapshots", SNAPSHOT_VALUES.fingerprint)

    assert read_snapshot(publication.folder).rows["derived.month_values"] == 0
    with open_snapshot(publication.folder) as con, connect(january) as warehouse:
        values = select_month_values(con, SNAPSHOT_VALUES)
        assert not values.is_empty()
        assert_frame_equal(
            sorted_rows(values), sorted_rows(select_month_values(warehouse, SNAPSHOT_VALUES))
        )


# Layout and contents


def test_monthly_marts_are_in_one_folder_per_month_and_the_manifest_counts_their_rows(
    january, tmp_path
):
    load(january, FEBRUARY)

    publication = publish(january, tmp_path / "snapshots", FINGERPRINT)

    manifest = json.loads((publication.folder / MANIFEST).read_text(encoding="utf-8"))
    # Areas (1 load event) and two months of boliger and husstander (4): version 5.
    assert publication.version == manifest["version"] == 5
    assert publication.folder.name == "v000005"
    assert list(manifest["tables"]) == list(TABLES)
    dwellings_files = manifest["tables"]["marts.boliger"]["files"]
    assert [file["path"] for file in dwellings_files] == [
        "marts/boliger/maaned=2024-01/part-0.parquet",
        "marts/boliger/maaned=2024-02/part-0.parquet",
    ]
    # Three dwellings a month, in two months; three households a month; two areas.
    assert [file["rows"] for file in dwellings_files] == [3, 3]
    assert manifest["tables"]["marts.husstander"]["rows"] == 6
    assert manifest["tables"]["marts.omrader"]["rows"] == 2
    for table in manifest["tables"].values():
        for file in table["files"]:
            path = publication.folder / file["path"]
            assert pq.read_metadata(path).num_rows == file["rows"]
            assert path.stat().st_size == file["bytes"]
    # The month is the folder's name, not a column of the files (Spark refuses both).
    assert "maaned" not in pq.read_schema(publication.folder / dwellings_files[0]["path"]).names


def test_nothing_in_a_snapshot_holds_more_than_the_marts(january, tmp_path):
    change_settings(january, {"kommunenavn": "Sandnes"}, actor=ADMIN)

    publication = publish(january, tmp_path / "snapshots", FINGERPRINT)

    snapshot = read_snapshot(publication.folder)
    assert "marts.loads" not in snapshot.files  # file names and who uploaded them
    named = {path for files in snapshot.files.values() for path in files} | {MANIFEST}
    present = {
        path.relative_to(publication.folder).as_posix()
        for path in publication.folder.rglob("*")
        if path.is_file()
    }
    assert present == named
    secrets = ("boliger.csv", "husstander.csv", "omrader.geojson", "tester", "admin@kommune.no")
    for path in present - {MANIFEST}:
        table = pq.read_table(publication.folder / path)
        assert not {"file_name", "sha256", "loaded_by", "actor", "changed_by", "detail"} & set(
            table.column_names
        ), path
        cells = [str(cell) for column in table.columns for cell in column.to_pylist()]
        assert not [cell for cell in cells if any(secret in cell for secret in secrets)], path


def test_a_folder_with_a_quote_in_its_name_works(january, tmp_path):
    out = tmp_path / "kommunens 'snapshots'; drop table x; --\""

    publication = publish(january, out, FINGERPRINT)

    assert newest_snapshot(out).folder == publication.folder
    with open_snapshot(publication.folder) as con:
        assert_frame_equal(
            sorted_rows(select_mart(con, "boliger")), sorted_rows(read_mart(january, "boliger"))
        )


# Versions


def test_publishing_the_same_version_twice_writes_nothing(january, tmp_path):
    out = tmp_path / "snapshots"
    first = publish(january, out, FINGERPRINT)
    before = listing(out)

    again = publish(january, out, FINGERPRINT)

    assert (first.status, again.status) == ("published", "unchanged")
    assert again.folder == first.folder
    assert listing(out) == before


def test_a_load_and_a_settings_change_each_publish_a_new_version(january, tmp_path):
    out = tmp_path / "snapshots"
    assert published_version(out) == 0  # nothing published yet

    # Areas and January are load events 1 to 3; no settings row yet: 3 + 0.
    assert publish(january, out, FINGERPRINT).version == 3
    assert published_version(out) == 3
    # One changed setting is settings row 1: 3 + 1.
    change_settings(january, {"kommunenavn": "Sandnes"}, actor=ADMIN)
    assert publish(january, out, FINGERPRINT).version == 4
    assert published_version(out) == 4
    # February's two tables are load events 4 and 5: 5 + 1.
    load(january, FEBRUARY)
    assert publish(january, out, FINGERPRINT).version == 6

    assert published_version(out) == 6
    newest = newest_snapshot(out)
    assert newest.version == 6
    with open_snapshot(newest.folder) as con:
        assert months_in(con) == [SNAPSHOT_MONTH, FEBRUARY]
        assert select_settings(con, published=True)["kommunenavn"] == "Sandnes"


def test_the_published_version_is_read_again_only_when_the_folder_changes(january, tmp_path):
    out = tmp_path / "snapshots"
    publish(january, out, FINGERPRINT)
    an_hour_ago = time.time() - 3600
    os.utime(out, (an_hour_ago, an_hour_ago))  # settled: no change can hide in its clock tick
    assert published_version(out) == 3

    # A change inside the snapshot does not touch the folder: the version is known from a stat.
    missing_manifest(out / folder_name(3))
    assert published_version(out) == 3
    # A snapshot renamed in or out does: the folder is read again (and has no complete one).
    os.utime(out, (an_hour_ago + 1, an_hour_ago + 1))
    assert published_version(out) == 0


def test_publishing_an_older_version_than_the_folders_newest_is_refused(january, tmp_path):
    out = tmp_path / "snapshots"
    publish(january, out, FINGERPRINT)  # version 3
    other = tmp_path / "other.duckdb"  # another warehouse, with only its areas: version 1
    init(other)
    load_areas(other, SourceFile("omrader.geojson", areas_file_bytes()), by=TESTING)
    before = listing(out)

    with pytest.raises(PublishError, match="allerede versjon 3, nyere enn datavarehusets 1"):
        publish(other, out, FINGERPRINT)

    assert listing(out) == before


def test_publishing_a_warehouse_that_does_not_exist_is_refused(tmp_path):
    with pytest.raises(PublishError, match="finnes ikke"):
        publish(tmp_path / "missing.duckdb", tmp_path / "snapshots", FINGERPRINT)

    assert not (tmp_path / "snapshots").exists()


def test_publishing_a_warehouse_at_an_older_schema_is_refused(tmp_path):
    old = tmp_path / "old.duckdb"
    with connect(old, write=True) as con:
        upgrade(con, up_to=2)  # before the month values (migration 3)
    out = tmp_path / "snapshots"

    with pytest.raises(PublishError, match="ikke nyeste skjema"):
        publish(old, out, FINGERPRINT)

    assert [path.name for path in out.iterdir()] == [LOCK]


def test_a_publication_that_fails_while_writing_leaves_nothing_behind(
    january, tmp_path, monkeypatch
):
    out = tmp_path / "snapshots"
    first = publish(january, out, FINGERPRINT)
    load(january, FEBRUARY)
    before = listing(out)

    def disk_full(*args: object) -> dict:
        raise OSError("No space left on device")

    monkeypatch.setattr(publishing, "_write_tables", disk_full)
    with pytest.raises(OSError, match="No space left"):
        publish(january, out, FINGERPRINT)

    assert listing(out) == before
    assert newest_snapshot(out).folder == first.folder


# Retention

NOW = datetime(2026, 10, 31, 12, 0, tzinfo=UTC)
# Four snapshots: written 10 days, 5 days, 2 hours and 3 minutes before NOW.
CREATED = {
    1: NOW - timedelta(days=10),
    2: NOW - timedelta(days=5),
    3: NOW - timedelta(hours=2),
    4: NOW - timedelta(minutes=3),
}


def test_retention_keeps_the_newest_versions_it_counts():
    # 4 and 3 are the newest two; 2 and 1 are days old and were replaced hours ago.
    keep = Retention(versions=2, age=timedelta(days=1), grace=timedelta(minutes=10))

    assert expired(CREATED, NOW, keep) == [1, 2]


def test_retention_keeps_the_young():
    # Only the newest by count; 3 (2 hours) and 2 (5 days) are younger than a week.
    keep = Retention(versions=1, age=timedelta(days=7), grace=timedelta(0))

    assert expired(CREATED, NOW, keep) == [1]


def test_retention_keeps_one_replaced_within_the_grace_period():
    # 3 is old enough to go by count and age, but 4 replaced it 3 minutes ago: a replica that
    # looked just before may still be reading 3. 2 was replaced (by 3) 2 hours ago.
    keep = Retention(versions=1, age=timedelta(0), grace=timedelta(minutes=10))

    assert expired(CREATED, NOW, keep) == [1, 2]


def test_retention_never_removes_the_newest():
    keep = Retention(versions=0, age=timedelta(0), grace=timedelta(0))

    assert expired({7: NOW - timedelta(days=400)}, NOW, keep) == []
    assert expired(CREATED, NOW, keep) == [1, 2, 3]


def test_publishing_removes_the_snapshots_retention_lets_go(january, tmp_path):
    kept, pruned = tmp_path / "kept", tmp_path / "pruned"
    nothing_kept = Retention(versions=1, age=timedelta(0), grace=timedelta(0))
    for change in (None, {"kommunenavn": "Sandnes"}, {"kommunenavn": "Gjesdal"}):
        if change:
            change_settings(january, change, actor=ADMIN)
        publish(january, kept, FINGERPRINT)
        publish(january, pruned, FINGERPRINT, keep=nothing_kept)

    # Versions 3, 4 and 5 (two settings rows on top of three load events).
    assert sorted(path.name for path in kept.iterdir()) == [LOCK, "v000003", "v000004", "v000005"]
    assert sorted(path.name for path in pruned.iterdir()) == [LOCK, "v000005"]


# Broken and half-written folders


def corrupt_manifest(folder: Path, **changes: object) -> None:
    path = folder / MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(manifest | changes), encoding="utf-8")


def missing_manifest(folder: Path) -> None:
    (folder / MANIFEST).unlink()


def not_json(folder: Path) -> None:
    (folder / MANIFEST).write_text("{", encoding="utf-8")


def another_field(folder: Path) -> None:
    corrupt_manifest(folder, extra=1)


def newer_schema(folder: Path) -> None:
    corrupt_manifest(folder, schema_version=999)


def a_table_missing(folder: Path) -> None:
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    del manifest["tables"]["marts.settings"]
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def a_path_out_of_the_folder(folder: Path) -> None:
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    manifest["tables"]["marts.mal"]["files"][0]["path"] = "../../etc/part-0.parquet"
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def a_file_missing(folder: Path) -> None:
    (folder / "marts" / "mal" / "part-0.parquet").unlink()


def a_file_cut_short(folder: Path) -> None:
    path = folder / "marts" / "omrader" / "part-0.parquet"
    path.write_bytes(path.read_bytes()[:100])


def renamed_to_another_version(folder: Path) -> Path:
    return folder.rename(folder.with_name(folder_name(999)))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (missing_manifest, "mangler manifest.json"),
        (not_json, "ikke gyldig JSON"),
        (another_field, "nøyaktig feltene"),
        (newer_schema, "versjon av Boligmonitor vi ikke kjenner"),
        (a_table_missing, "nøyaktig tabellene"),
        (a_path_out_of_the_folder, "ugyldig fil for tabellen marts.mal"),
        (a_file_missing, "tabellen marts.mal mangler eller er ufullstendig"),
        (a_file_cut_short, "tabellen marts.omrader mangler eller er ufullstendig"),
        (renamed_to_another_version, "annen versjon enn mappa"),
    ],
)
def test_a_broken_snapshot_is_refused_and_passed_over(january, tmp_path, damage, message):
    out = tmp_path / "snapshots"
    folder = publish(january, out, FINGERPRINT).folder

    folder = damage(folder) or folder

    with pytest.raises(SnapshotError, match=message):
        read_snapshot(folder)
    with pytest.raises(SnapshotError, match=message):
        open_snapshot(folder)
    assert newest_snapshot(out) is None
    assert published_version(out) == 0


def test_the_newest_complete_snapshot_is_chosen_over_newer_broken_and_temporary_folders(
    january, tmp_path
):
    out = tmp_path / "snapshots"
    good = publish(january, out, FINGERPRINT).folder
    shutil.copytree(good, out / folder_name(7))
    missing_manifest(out / folder_name(7))
    shutil.copytree(good, out / (".tmp-" + folder_name(8) + "-0000"))

    assert newest_snapshot(out).folder == good
    assert published_version(out) == 3


# A publication interrupted, and read while it runs

# Runs in a child process: a publication that stops after the first table's files are written
# (the hook wraps the step that reads each table) until the parent creates `go`.
_PUBLISH_IN_STEPS = """
import pathlib, time
from warehouse import publish as publishing

db, out = pathlib.Path({db!r}), pathlib.Path({out!r})
written, go = pathlib.Path({written!r}), pathlib.Path({go!r})
real_table_rows = publishing._table_rows
tables_read = []

def table_rows_after_a_pause(*args):
    tables_read.append(args)
    if len(tables_read) == 2:
        written.write_text("the first table is written")
        deadline = time.monotonic() + 120
        while not go.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    return real_table_rows(*args)

publishing._table_rows = table_rows_after_a_pause
publishing.publish(db, out, {fingerprint!r})
"""


def start_publishing(db: Path, out: Path, tmp_path: Path) -> tuple[subprocess.Popen, Path]:
    """A child publishing `db` to `out`, paused once its first table is written; returns it
    and the file that lets it go on."""
    written, go = tmp_path / "written", tmp_path / "go"
    script = _PUBLISH_IN_STEPS.format(
        db=str(db), out=str(out), written=str(written), go=str(go), fingerprint=FINGERPRINT
    )
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    deadline = time.monotonic() + 120
    while not written.exists():
        assert child.poll() is None, "the publishing process ended before it wrote a table"
        assert time.monotonic() < deadline, "the publishing process never wrote a table"
        time.sleep(0.05)
    return child, go


def what_a_reader_sees(out: Path) -> tuple[int, tuple[str, ...]]:
    """The newest snapshot's version and months, once every table holds the manifest's rows."""
    snapshot = newest_snapshot(out)
    with open_snapshot(snapshot.folder) as con:
        for table in snapshot.rows:
            assert con.table(table).count("*").fetchall()[0][0] == snapshot.rows[table], table
        return snapshot.version, tuple(months_in(con))


@pytest.mark.slow
def test_a_publication_killed_midway_leaves_the_previous_snapshot_the_newest(january, tmp_path):
    out = tmp_path / "snapshots"
    publish(january, out, FINGERPRINT)  # version 3: January
    load(january, FEBRUARY)  # version 5
    child, _ = start_publishing(january, out, tmp_path)
    try:
        temporary = list(out.glob(".tmp-*"))
        assert [path.name[:12] for path in temporary] == [".tmp-v000005"]
        assert list(temporary[0].glob("marts/boliger/*/part-0.parquet"))  # files are written
        assert what_a_reader_sees(out) == (3, (SNAPSHOT_MONTH,))
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)

    assert list(out.glob(".tmp-*")) == temporary  # left behind, and passed over
    assert what_a_reader_sees(out) == (3, (SNAPSHOT_MONTH,))
    # The next publication takes the lock the dead one held, and clears what it left.
    assert publish(january, out, FINGERPRINT).status == "published"
    assert list(out.glob(".tmp-*")) == []
    assert what_a_reader_sees(out) == (5, (SNAPSHOT_MONTH, FEBRUARY))


@pytest.mark.slow
def test_a_reader_during_a_publication_sees_the_old_or_the_new_version_never_a_mix(
    january, tmp_path
):
    out = tmp_path / "snapshots"
    publish(january, out, FINGERPRINT)
    load(january, FEBRUARY)
    old, new = (3, (SNAPSHOT_MONTH,)), (5, (SNAPSHOT_MONTH, FEBRUARY))
    child, go = start_publishing(january, out, tmp_path)
    try:
        assert what_a_reader_sees(out) == old  # half of the new one is on disk
        go.touch()
        seen = []
        while child.poll() is None:
            seen.append(what_a_reader_sees(out))
        assert child.returncode == 0
    finally:
        child.kill()
        child.wait(timeout=30)

    assert set(seen) <= {old, new}
    assert seen == sorted(seen)  # once the new one is seen, never the old again
    assert what_a_reader_sees(out) == new
