"""Reference data, loaded rarely: areas, area statistics, action-plan targets, the
living-conditions survey with its indicator descriptions, and BrukerPlan's figures.

Each goes through the same discipline as a snapshot: validated whole (every problem, with
file, row and column, never a value), stored in one transaction as a new load that supersedes
the previous one, which is kept and can be restored. What the warehouse cannot know is passed
in: the indicator ids a target may name, and an areas file's areas as geo reads them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from core.problems import IngestResult, Problem, SourceFile, refused
from core.reference_codes import BRUKERPLAN_SITUATIONS
from warehouse.audit import Actor, AuditAction, record
from warehouse.db import connect
from warehouse.loads import active_loads, store_load
from warehouse.schema import init
from warehouse.validation.levekar import LoadedAreas, parse_survey
from warehouse.validation.reference import AREA_STATS, BRUKERPLAN, TARGETS, parse_reference
from warehouse.validation.register import WHAT as REGISTER
from warehouse.validation.register import parse_register

# What a new load of each reference table is called in the audit log.
_AUDIT_ACTIONS: dict[str, AuditAction] = {
    "omrader": "områder",
    "omradestatistikk": "områdestatistikk",
    "mal": "mål",
    "boligprosjekter": "boligprosjekter",
    "kostra": "kostra",
    "levekar": "levekår",
    "levekar_indikatorer": "levekårsindikatorer",
    "brukerplan": "BrukerPlan",
}


def store_reference(
    db_path: Path,
    table_name: str,
    what: str,
    rows: pl.DataFrame,
    file: SourceFile,
    actor: Actor,
    note: str = "",
    fingerprint: str | None = None,
) -> IngestResult:
    """Store validated reference rows as the new active load of the table, unless unchanged,
    with its audit entry (the summary, and `note` after it: counts, never values).

    Unchanged means the active load has the same `fingerprint`: the file's sha256, unless what
    is stored depends on more than the file (the register's date, for one)."""
    fingerprint = fingerprint or file.sha256
    init(db_path)
    with connect(db_path, write=True) as con:
        current = active_loads(con, None).get(table_name)
        if current is not None and current.sha256 == fingerprint:
            return IngestResult("unchanged", summary=f"Denne filen med {what} er allerede lastet.")
        con.execute("begin transaction")
        load_id = _store(
            con,
            table_name,
            what,
            rows,
            file,
            actor,
            replacing=current is not None,
            note=note,
            fingerprint=fingerprint,
        )
        con.execute("commit")
    return IngestResult("loaded", load_ids=[load_id], summary=_loaded(what, rows, note))


def _loaded(what: str, rows: pl.DataFrame, note: str = "") -> str:
    return f"Lastet {what}: {rows.height} rader.{note}"


def _store(
    con: duckdb.DuckDBPyConnection,
    table_name: str,
    what: str,
    rows: pl.DataFrame,
    file: SourceFile,
    actor: Actor,
    *,
    replacing: bool,
    note: str = "",
    fingerprint: str | None = None,
) -> int:
    """One new active load of a reference table with its audit entry, in the caller's
    transaction; returns its load id. The load keeps `fingerprint` (the file's sha256 unless
    given) as its sha256."""
    load_id = store_load(
        con,
        month=None,
        table_name=table_name,
        rows=rows,
        file_name=file.name,
        sha256=fingerprint or file.sha256,
        loaded_by=actor.name,
        action="replace" if replacing else "load",
    )
    record(con, actor, _AUDIT_ACTIONS[table_name], f"{file.name}: {_loaded(what, rows, note)}")
    return load_id


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


def load_register(db_path: Path, file: SourceFile, *, as_of: date, actor: Actor) -> IngestResult:
    """Load the register of housing projects from CSV, as it stood on `as_of` (gjelder per)."""
    rows, problems = parse_register(file)
    if rows is None:
        return refused(problems)
    rows = rows.with_columns(gjelder_per=pl.lit(as_of, pl.Date))
    # The same file with another date is another register: the date is part of what is stored.
    dated = hashlib.sha256(f"{file.sha256} {as_of.isoformat()}".encode()).hexdigest()
    return store_reference(
        db_path, "boligprosjekter", REGISTER, rows, file, actor, fingerprint=dated
    )


def load_kostra(
    db_path: Path, file: SourceFile, rows: pl.DataFrame, *, actor: Actor, note: str = ""
) -> IngestResult:
    """Store an SSB table's KOSTRA values (raw.kostra's rows, read and checked by the caller)."""
    return store_reference(db_path, "kostra", "KOSTRA-tabell", rows, file, actor, note)


def load_brukerplan(db_path: Path, file: SourceFile, *, actor: Actor) -> IngestResult:
    """Load BrukerPlan's figures (aar, boforhold, antall); a year without every housing
    situation is loaded with a warning (its total is the sum of the rows given)."""
    rows, problems = parse_reference(file, BRUKERPLAN)
    if rows is None:
        return refused(problems)
    result = store_reference(db_path, "brukerplan", BRUKERPLAN.what, rows, file, actor)
    result.problems += _missing_situations(rows, file.name)
    return result


def _missing_situations(rows: pl.DataFrame, file_name: str) -> list[Problem]:
    """A warning per year that lacks a housing situation."""
    found = rows.group_by("aar").agg(pl.col("boforhold").n_unique()).sort("aar")
    return [
        Problem(
            file_name,
            f"Året {year} mangler noen av boforholdene; summen er summen av radene som står der.",
            column="boforhold",
            severity="advarsel",
        )
        for year, count in found.iter_rows()
        if count < len(BRUKERPLAN_SITUATIONS)
    ]


def load_levekar(
    db_path: Path,
    survey_file: SourceFile,
    descriptions_file: SourceFile | None,
    *,
    areas: LoadedAreas,
    actor: Actor,
) -> IngestResult:
    """Load a living-conditions survey and its indicator descriptions (the workbook's sheet or
    a file of their own) as two new loads in one transaction, each with its audit entry. The
    descriptions are always loaded with the survey (none: an empty load), so that a new survey
    never shows the descriptions of an old one."""
    survey, problems = parse_survey(survey_file, descriptions_file, areas)
    if survey is None:
        return refused(problems)
    described_by = descriptions_file or survey_file
    init(db_path)
    with connect(db_path, write=True) as con:
        current = active_loads(con, None)
        same = [
            current.get(table) is not None and current[table].sha256 == file.sha256
            for table, file in (("levekar", survey_file), ("levekar_indikatorer", described_by))
        ]
        if all(same):
            return IngestResult(
                "unchanged", survey.warnings, summary="Denne levekårsfilen er allerede lastet."
            )
        con.execute("begin transaction")
        load_ids = [
            _store(con, table, what, rows, file, actor, replacing=table in current)
            for table, rows, file, what in (
                ("levekar", survey.values, survey_file, "levekår"),
                ("levekar_indikatorer", survey.descriptions, described_by, "indikatorbeskrivelser"),
            )
        ]
        con.execute("commit")
    summary = (
        f"Lastet levekår: {survey.values.height} verdier, "
        f"{survey.descriptions.height} indikatorbeskrivelser."
    )
    return IngestResult("loaded", survey.warnings, load_ids=load_ids, summary=summary)
