"""Storing the app's settings (core.settings says what they are and what they must be).

Settings are append-only rows in `raw.settings`: the newest row per key is in force, and a key
never written has its default. Every change is written together with its audit entry (who,
when, what, through which door: warehouse.audit) in one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import duckdb

from core.settings import SETTING_BY_KEY, SettingsError, defaults, problems
from core.warehouse_file import NothingPublished, is_published
from warehouse.audit import Actor, record
from warehouse.db import connect
from warehouse.loads import now_utc
from warehouse.schema import init

_IN_FORCE = "select key, arg_max(value, setting_id) from raw.settings group by key"
# A published snapshot holds the settings in force as they were (warehouse.publish).
_PUBLISHED = "select key, value from marts.settings"


def read_settings(db_path: Path) -> dict[str, object]:
    """The settings in force: the newest value of each key, the default where none was written
    (on a replica: those published with its snapshot; the defaults before the first)."""
    if not Path(db_path).exists():
        return defaults()
    try:
        with connect(db_path) as con:
            return select_settings(con, published=is_published(db_path))
    except NothingPublished:
        return defaults()


def select_settings(
    con: duckdb.DuckDBPyConnection, *, published: bool = False
) -> dict[str, object]:
    """`read_settings` over an open connection to the warehouse, or to a published snapshot."""
    rows = con.execute(_PUBLISHED if published else _IN_FORCE).fetchall()
    return defaults() | {key: json.loads(value) for key, value in rows if key in SETTING_BY_KEY}


def _as_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def change_settings(db_path: Path, changes: Mapping[str, object], *, actor: Actor) -> list[str]:
    """Write the settings that differ from those in force, each with an audit entry.

    Returns the keys changed (in SETTINGS order). Raises SettingsError, writing nothing, when
    the settings after the change would not be valid.
    """
    init(db_path)
    current = read_settings(db_path)
    wanted = current | dict(changes)
    found = problems(wanted)
    if found:
        raise SettingsError(found)
    changed = [key for key in SETTING_BY_KEY if _as_json(wanted[key]) != _as_json(current[key])]
    if not changed:
        return []
    at = now_utc()
    with connect(db_path, write=True) as con:
        con.execute("begin transaction")
        for key in changed:
            con.execute(
                "insert into raw.settings values (nextval('raw.settings_id_seq'), ?, ?, ?, ?)",
                [key, _as_json(wanted[key]), at, actor.name],
            )
            detail = (
                f"{SETTING_BY_KEY[key].label}: {_as_json(current[key])} → {_as_json(wanted[key])}"
            )
            record(con, actor, "roller" if key == "roller" else "innstilling", detail, at=at)
        con.execute("commit")
    return changed
