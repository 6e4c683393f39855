"""Fixtures for warehouse tests: a fresh warehouse file and a fingerprint of everything in it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from warehouse.db import connect
from warehouse.schema import init

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


def areas_file_bytes() -> bytes:
    """The two test areas as GeoJSON."""
    return json.dumps(AREAS_GEOJSON).encode("utf-8")
