"""Fixtures for warehouse tests: a fresh warehouse file and a fingerprint of everything in it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from services.access import Writer
from warehouse.audit import Actor
from warehouse.db import connect
from warehouse.schema import init

TESTER = Actor("tester", "cli")  # who the warehouse tests' changes are made by
TESTING = Writer("cli", name=TESTER.name)  # the same, asking services (the local operator)

RAW_TABLES = (
    "loads",
    "load_events",
    "boliger",
    "husstander",
    "omrader",
    "omradestatistikk",
    "mal",
    "settings",
    "audit_log",
    "load_columns",
    "boligprosjekter",
    "kostra",
    "levekar",
    "levekar_indikatorer",
    "brukerplan",
)

# Two demo grunnkretser side by side around central Sandnes (WGS84): 11080101 west of 5.74° E,
# 11080102 east of it, both between 58.84° and 58.88° N.
AREAS_GEOJSON = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"grunnkrets": grunnkrets, "navn": navn},
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [[west, 58.84], [east, 58.84], [east, 58.88], [west, 58.88], [west, 58.84]]
                ],
            },
        }
        for grunnkrets, navn, west, east in (
            ("11080101", "Vest", 5.70, 5.74),
            ("11080102", "Øst", 5.74, 5.78),
        )
    ],
}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """An initialised, empty warehouse file."""
    path = tmp_path / "warehouse.duckdb"
    init(path)
    return path


def fingerprint(db_path: Path) -> dict[str, list[tuple]]:
    """Every row of every raw table, sorted: equal fingerprints mean nothing was written."""
    with connect(db_path) as con:
        return {
            table: sorted(
                con.execute(f"select * from raw.{table}").fetchall(), key=lambda row: repr(row)
            )
            for table in RAW_TABLES
        }


def restored_fingerprint(restored: Path) -> dict[str, list[tuple]]:
    """The fingerprint of a warehouse rebuilt from a backup, without its restore's own audit
    entry: equal to the original's when the backup held everything."""
    rows = fingerprint(restored)
    restores = [row for row in rows["audit_log"] if row[3] == "gjenoppretting fra sikkerhetskopi"]
    assert len(restores) == 1, restores
    rows["audit_log"].remove(restores[0])
    return rows


def areas_file_bytes() -> bytes:
    """The two test areas as GeoJSON."""
    return json.dumps(AREAS_GEOJSON).encode("utf-8")
