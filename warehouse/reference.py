"""Reference data, loaded rarely: areas, area statistics and action-plan targets.

Each goes through the same discipline as a snapshot: validated whole (every problem, with
file, row and column, never a value), stored in one transaction as a new load that supersedes
the previous one, which is kept and can be restored. What the warehouse cannot know is passed
in: the indicator ids a target may name, and an areas file's areas as geo reads them.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import polars as pl

from core.problems import IngestResult, SourceFile, refused
from warehouse.audit import Actor, AuditAction, record
from warehouse.db import connect
from warehouse.loads import active_loads, store_load
from warehouse.schema import init
from warehouse.validation.reference import AREA_STATS, TARGETS, parse_reference

# What a new load of each reference table is called in the audit log.
_AUDIT_ACTIONS: dict[str, AuditAction] = {
    "omrader": "områder",
    "omradestatistikk": "områdestatistikk",
    "mal": "mål",
    "kostra": "kostra",
}


def store_reference(
    db_path: Path,
    table_name: str,
    what: str,
    rows: pl.DataFrame,
    file: SourceFile,
    actor: Actor,
    note: str = "",
) -> IngestResult:
    """Store validated reference rows as the new active load of the table, unless unchanged,
    with its audit entry (the summary, and `note` after it: counts, never values)."""
    init(db_path)
    with connect(db_path, write=True) as con:
        current = active_loads(con, None).get(table_name)
        if current is not None and current.sha256 == file.sha256:
            return IngestResult("unchanged", summary=f"Denne filen med {what} er allerede lastet.")
        con.execute("begin transaction")
        load_id = store_load(
            con,
            month=None,
            table_name=table_name,
            rows=rows,
            file_name=file.name,
            sha256=file.sha256,
            loaded_by=actor.name,
            action="load" if current is None else "replace",
        )
        summary = f"Lastet {what}: {rows.height} rader.{note}"
        record(con, actor, _AUDIT_ACTIONS[table_name], f"{file.name}: {summary}")
        con.execute("commit")
    return IngestResult("loaded", load_ids=[load_id], summary=summary)


def load_area_stats(db_path: Path, file: SourceFile, *, actor: Actor) -> IngestResult:
    """Load area statistics (grunnkrets, aar, innbyggere, boliger_totalt) from CSV."""
    rows, problems = parse_reference(file, AREA_STATS)
    if rows is None:
        return refused(problems)
    return store_reference(db_path, "omradestatistikk", AREA_STATS.what, rows, file, actor)


def load_targets(
    db_path: Path, file: SourceFile, *, actor: Actor, indicators: Collection[str]
) -> IngestResult:
    """Load action-plan targets (indikator, aar, verdi) from CSV; `indicators`: the known ids."""
    rows, problems = parse_reference(file, TARGETS, indicators=indicators)
    if rows is None:
        return refused(problems)
    return store_reference(db_path, "mal", TARGETS.what, rows, file, actor)


def load_areas(
    db_path: Path, file: SourceFile, rows: pl.DataFrame, *, actor: Actor
) -> IngestResult:
    """Store an areas file's areas (raw.omrader's rows, read and checked by the caller)."""
    return store_reference(db_path, "omrader", "områder", rows, file, actor)


def load_kostra(
    db_path: Path, file: SourceFile, rows: pl.DataFrame, *, actor: Actor, note: str = ""
) -> IngestResult:
    """Store an SSB table's KOSTRA values (raw.kostra's rows, read and checked by the caller)."""
    return store_reference(db_path, "kostra", "KOSTRA-tabell", rows, file, actor, note)
