"""Loading a month's snapshot: read and validate, decide load/replace/unchanged, store in one go.

Placing dwellings in the areas is geo's work: the caller passes it in as `locate` (see Locate),
as `MonthDerivation` brings the indicators' function to warehouse.derived.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from core.problems import IngestResult, Problem, SourceFile, refused
from warehouse.audit import Actor, record
from warehouse.db import connect
from warehouse.loads import ActiveLoad, active_loads, dangling_households, store_load
from warehouse.schema import upgrade
from warehouse.validation.cross_table import check_dwelling_references, check_locations
from warehouse.validation.snapshot import ParsedTable, parse_snapshot
from warehouse.validation.text_checks import file_name_problems

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class StoredAreas:
    """The active areas load: its file's hash (what is built from the rows may be kept by it)
    and a reader of its rows (marts.omrader), read only when asked."""

    sha256: str
    rows: Callable[[], pl.DataFrame]


# Where the month's dwellings lie: `locate(dwellings, areas)` takes bolig_id, lat, lon,
# grunnkrets and the stored areas, and returns one row per dwelling with lat and lon (bolig_id,
# grunnkrets_fra_koordinater: null outside every area) and the areas' grunnkrets codes.
Locate = Callable[[pl.DataFrame, StoredAreas], tuple[pl.DataFrame, pl.Series]]


def month_problem(month: str, today: date | None = None) -> Problem | None:
    """Why `month` is not a month one can load, or None."""
    if not _MONTH.match(month or ""):
        return Problem("måned", "Måneden må skrives ÅÅÅÅ-MM, for eksempel 2026-10.")
    if month > (today or date.today()).strftime("%Y-%m"):
        return Problem(
            "måned",
            "Måneden er ikke begynt ennå. Et øyeblikksbilde gjelder en måned som har begynt.",
        )
    return None


def ingest(
    db_path: Path,
    month: str,
    files: Sequence[SourceFile],
    *,
    replace: bool = False,
    actor: Actor,
    locate: Locate | None = None,
) -> IngestResult:
    """Load one month's snapshot files (one XLSX, or one or two CSV) into the warehouse.

    All of the files' tables are stored in one transaction with the upload's audit entry, or
    nothing is. The same file again for the same month changes nothing; another file for a
    month already loaded needs `replace`. One write connection serves the whole load, so the
    file is opened once and nobody else can change the month between the checks and the writing.
    With `locate`, dwellings are checked against the areas loaded (see Locate).
    """
    if (problem := month_problem(month)) is not None:
        return refused([problem])
    if not files:
        return refused([Problem("opplasting", "Ingen fil er valgt.")])
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with connect(db_path, write=True) as con:
        upgrade(con)
        return _ingest(con, month, files, replace=replace, actor=actor, locate=locate)


def ingest_series(
    db_path: Path,
    uploads: Iterable[tuple[str, Sequence[SourceFile]]],
    *,
    actor: Actor,
    locate: Locate | None = None,
) -> Iterator[IngestResult]:
    """Load many months in turn (the demo, a backfill), yielding each month's result.

    Every month gets exactly the checks of `ingest` and its own transaction; the connection is
    opened once for the series, which saves opening and checkpointing the file per month.
    """
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with connect(db_path, write=True) as con:
        upgrade(con)
        for month, files in uploads:
            if (problem := month_problem(month)) is not None:
                yield refused([problem])
                continue
            yield _ingest(con, month, files, replace=False, actor=actor, locate=locate)


def _ingest(
    con: duckdb.DuckDBPyConnection,
    month: str,
    files: Sequence[SourceFile],
    *,
    replace: bool,
    actor: Actor,
    locate: Locate | None,
) -> IngestResult:
    # A name that cannot be stored refuses the upload before anything else can carry it on.
    if name_problems := file_name_problems(files):
        return refused(name_problems)
    unchanged = IngestResult(
        "unchanged", summary=f"Filen er allerede lastet for {month}. Ingenting er endret."
    )
    active = active_loads(con, month)
    active_hashes = {load.sha256 for load in active.values()}
    if active_hashes and all(file.sha256 in active_hashes for file in files):
        return unchanged

    parse = parse_snapshot(files, month)
    if parse.errors:
        return refused(parse.problems)
    changed = {
        name: table
        for name, table in parse.tables.items()
        if name not in active or active[name].sha256 != table.sha256
    }
    if not changed:
        return unchanged
    already_loaded = []
    if not replace:
        already_loaded = [
            Problem(
                table.file_name,
                f"Måneden {month} har allerede tabellen {name} (last {active[name].load_id}). "
                "Bekreft erstatning for å laste den nye filen; den gamle lasten beholdes og "
                "kan gjenopprettes.",
                sheet=table.sheet,
            )
            for name, table in changed.items()
            if name in active
        ]
    problems = [
        *parse.problems,
        *already_loaded,
        *_consistency_problems(con, month, parse.tables, changed, locate),
    ]
    errors = [problem for problem in problems if problem.severity == "feil"]
    if errors:
        result = refused(problems)
        result.needs_replacement = bool(already_loaded) and errors == already_loaded
        result.month = month
        if result.needs_replacement:
            result.replacing = {
                name: (active[name].row_count if name in active else 0, table.frame.height)
                for name, table in sorted(changed.items())
            }
        return result

    con.execute("begin transaction")
    stored = {
        name: store_load(
            con,
            month=month,
            table_name=name,
            rows=table.frame.drop("_rad"),
            file_name=table.file_name,
            sha256=table.sha256,
            loaded_by=actor.name,
            action="replace" if name in active else "load",
            carried=table.carried,
        )
        for name, table in sorted(changed.items())
    }
    if "husstander" not in parse.tables and (dangling := dangling_households(con, month)):
        con.execute("rollback")
        return refused(
            [
                Problem(
                    changed["boliger"].file_name,
                    f"{dangling} husstander i månedens husstandstabell leier en bolig som "
                    "ikke finnes i denne boligfilen. Last opp husstandene for måneden "
                    "sammen med boligene.",
                    sheet=changed["boliger"].sheet,
                    column="bolig_id",
                )
            ]
        )
    action = "erstatning" if changed.keys() & active.keys() else "opplasting"
    record(con, actor, action, _upload_detail(month, changed, stored, active))
    con.execute("commit")
    tables = ", ".join(
        f"{name} ({changed[name].frame.height:,} rader)".replace(",", " ")
        for name in sorted(changed)
    )
    return IngestResult(
        "loaded", problems, list(stored.values()), f"Lastet {month}: {tables}.", month=month
    )


def _upload_detail(
    month: str,
    changed: dict[str, ParsedTable],
    stored: dict[str, int],
    active: dict[str, ActiveLoad],
) -> str:
    """What an upload stored, for the audit log: tables, files, rows and loads; never a cell."""
    parts = []
    for name, load_id in stored.items():
        table = changed[name]
        part = f"{name} fra {table.file_name} ({table.frame.height} rader, last {load_id}"
        if name in active:
            part += f", erstatter last {active[name].load_id}"
        parts.append(part + ")")
    return f"{month}: {'; '.join(parts)}."


def _consistency_problems(
    con: duckdb.DuckDBPyConnection,
    month: str,
    tables: dict[str, ParsedTable],
    changed: dict[str, ParsedTable],
    locate: Locate | None,
) -> list[Problem]:
    """Checks across tables and against what the warehouse already holds for the month."""
    problems: list[Problem] = []
    dwellings = tables.get("boliger")
    households = tables.get("husstander")
    if households is not None:
        dwelling_ids = (
            dwellings.frame["bolig_id"] if dwellings else _active_dwelling_ids(con, month)
        )
        problems += check_dwelling_references(households, dwelling_ids)
    if dwellings is not None and "boliger" in changed and locate is not None:
        areas = _stored_areas(con)
        if areas is not None:
            located, known = locate(
                dwellings.frame.select("bolig_id", "lat", "lon", "grunnkrets"), areas
            )
            problems += check_locations(dwellings, located, known)
    return problems


def _stored_areas(con: duckdb.DuckDBPyConnection) -> StoredAreas | None:
    """The active areas load (None before any is loaded), its rows read over `con` if asked."""
    areas_load = active_loads(con, None).get("omrader")
    if areas_load is None:
        return None
    return StoredAreas(areas_load.sha256, lambda: con.sql("select * from marts.omrader").pl())


def _active_dwelling_ids(con: duckdb.DuckDBPyConnection, month: str) -> pl.Series:
    return con.sql(
        "select bolig_id from marts.boliger where strftime(maaned, '%Y-%m') = ?", params=[month]
    ).pl()["bolig_id"]
