"""The warehouse file: migrations, views, and the offline guarantee."""

import duckdb
import pytest

from warehouse.db import connect
from warehouse.schema import init, migrations


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
    assert {"raw", "staging", "marts"} <= schemas
    assert {"marts.boliger", "marts.husstander", "marts.loads", "marts.maaneder"} <= views


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
