"""The warehouse file: migrations, views, and the offline guarantee."""

import duckdb
import pytest

from tests.snapshot_files import SNAPSHOT_MONTH, dwellings, households, snapshot_files
from tests.warehouse.conftest import TESTER
from warehouse.db import connect
from warehouse.history import restore
from warehouse.ingest import ingest
from warehouse.queries import data_version
from warehouse.schema import init, migrations, raw_tables, upgrade


def test_init_creates_every_layer_and_is_idempotent(tmp_path):
    db = tmp_path / "w.duckdb"
    first = init(db)
    second = init(db)
    assert first == [number for number, _ in migrations()]
    assert second == []
    with connect(db) as con:
        schemas = {
            row[0] for row in con.execute("select schema_name from duckdb_schemas()").fetchall()
        }
        views = {
            f"{schema}.{name}"
            for schema, name in con.execute(
                "select schema_name, view_name from duckdb_views() where not internal"
            ).fetchall()
        }
    assert {"raw", "staging", "marts", "derived"} <= schemas
    assert {
        "marts.boliger",
        "marts.husstander",
        "marts.loads",
        "marts.maaneder",
        "marts.month_sources",
    } <= views


def test_connections_never_fetch_extensions(tmp_path):
    db = tmp_path / "w.duckdb"
    init(db)
    with connect(db) as con:
        settings = dict(
            con.execute(
                "select name, value from duckdb_settings() where name in "
                "('autoinstall_known_extensions', 'autoload_known_extensions')"
            ).fetchall()
        )
    assert settings == {
        "autoinstall_known_extensions": "false",
        "autoload_known_extensions": "false",
    }


def test_an_empty_warehouse_has_no_months_and_no_loads(tmp_path):
    db = tmp_path / "w.duckdb"
    init(db)
    with connect(db) as con:
        assert con.execute("select count(*) from marts.maaneder").fetchone()[0] == 0
        assert con.execute("select count(*) from marts.loads").fetchone()[0] == 0
    # A connection that is read-only cannot write, even by mistake.
    with connect(db) as con, pytest.raises(duckdb.Error, match="read-only"):
        con.execute("insert into raw.mal values (1, 'x', 2020, 1)")


def test_the_data_version_grows_with_every_load_and_restore(tmp_path):
    db = tmp_path / "w.duckdb"
    assert data_version(db) == 0  # no file yet
    init(db)
    assert data_version(db) == 0
    ingest(db, SNAPSHOT_MONTH, snapshot_files("utf-8", dwellings(), households()), actor=TESTER)
    # Two loads (boliger, husstander) are two activation events.
    assert data_version(db) == 2
    changed = households()
    changed[1]["personer"] = 2
    ingest(db, SNAPSHOT_MONTH, snapshot_files("utf-8", [], changed), replace=True, actor=TESTER)
    assert data_version(db) == 3
    restore(db, [2], actor=TESTER)
    assert data_version(db) == 4
    # Asking again without a change gives the same number.
    assert data_version(db) == 4


@pytest.mark.parametrize("version", [number for number, _ in migrations()])
def test_the_fixed_list_of_raw_tables_is_every_raw_table_of_each_schema_version(version):
    with duckdb.connect() as con:
        upgrade(con, up_to=version)
        found = con.execute(
            "select table_name from duckdb_tables() where schema_name = 'raw'"
        ).fetchall()
    assert sorted(raw_tables(version)) == sorted(name for (name,) in found)


def test_a_migration_numbered_below_the_newest_applied_is_applied_when_it_lands_later(
    tmp_path, monkeypatch
):
    # Migration numbers are handed out per change: 009 may be merged before 005. The real
    # migrations are copied as 10, 20, 30, ... so that 15 is a number below the newest.
    folder = tmp_path / "migrations"
    folder.mkdir()
    for number, path in migrations():
        name = f"{number * 10:03d}_{path.name.split('_', 1)[1]}"
        (folder / name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr("warehouse.schema.MIGRATIONS", folder)
    db = tmp_path / "w.duckdb"
    init(db)
    (folder / "015_later.sql").write_text("CREATE TABLE raw.later (x INTEGER);", encoding="utf-8")

    assert init(db) == [15]
    with connect(db) as con:
        assert con.execute("select count(*) from raw.later").fetchone() == (0,)
