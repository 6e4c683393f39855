"""Loading a month's snapshot: read and validate, decide load/replace/unchanged, store in one go."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

import duckdb
import polars as pl

from geo.areas import areas_from_rows
from geo.assign import locate_dwellings
from warehouse.db import connect
from warehouse.loads import active_loads, dangling_households, store_load
from warehouse.problems import Problem, SourceFile
from warehouse.schema import init
from warehouse.validation import (
    ParsedTable,
    check_dwelling_references,
    check_locations,
    parse_snapshot,
)

Status = Literal["loaded", "unchanged", "refused"]
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass
class IngestResult:
    """What happened to an upload, in words for the person who made it."""

    status: Status
    problems: list[Problem] = field(default_factory=list)
    load_ids: list[int] = field(default_factory=list)
    summary: str = ""

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "feil"]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "advarsel"]


def refused(
    problems: list[Problem], summary: str = "Filen ble avvist. Ingenting er lagret."
) -> IngestResult:
    """An upload that stored nothing, with everything that is wrong."""
    return IngestResult("refused", problems, [], summary)


def sha256_of(content: bytes) -> str:
    """The hex sha256 of a file's bytes."""
    return hashlib.sha256(content).hexdigest()


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
    loaded_by: str = "cli",
) -> IngestResult:
    """Load one month's snapshot files (one XLSX, or one or two CSV) into the warehouse.

    All of the files' tables are stored in one transaction, or nothing is. The same file again
    for the same month changes nothing; another file for a month already loaded needs `replace`.
    """
    if (problem := month_problem(month)) is not None:
        return refused([problem])
    if not files:
        return refused([Problem("opplasting", "Ingen fil er valgt.")])
    init(db_path)
    if _already_active(db_path, month, files):
        return IngestResult(
            "unchanged", summary=f"Filen er allerede lastet for {month}. Ingenting er endret."
        )

    parse = parse_snapshot(files, month)
    if parse.errors:
        return refused(parse.problems)

    with connect(db_path, write=True) as con:
        active = active_loads(con, month)
        changed = {
            name: table
            for name, table in parse.tables.items()
            if name not in active or active[name].sha256 != table.sha256
        }
        if not changed:
            return IngestResult(
                "unchanged", summary=f"Filen er allerede lastet for {month}. Ingenting er endret."
            )
        problems = list(parse.problems)
        if not replace:
            problems += [
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
        problems += _consistency_problems(con, month, parse.tables, changed)
        if any(problem.severity == "feil" for problem in problems):
            return refused(problems)

        con.execute("begin transaction")
        load_ids = [
            store_load(
                con,
                month=month,
                table_name=name,
                rows=table.frame.drop("_rad"),
                file_name=table.file_name,
                sha256=table.sha256,
                loaded_by=loaded_by,
                action="replace" if name in active else "load",
            )
            for name, table in sorted(changed.items())
        ]
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
        con.execute("commit")
    tables = ", ".join(
        f"{name} ({changed[name].frame.height:,} rader)".replace(",", " ")
        for name in sorted(changed)
    )
    return IngestResult("loaded", problems, load_ids, f"Lastet {month}: {tables}.")


def _already_active(db_path: Path, month: str, files: Sequence[SourceFile]) -> bool:
    """True when every file is already the active load of its tables for the month."""
    with connect(db_path) as con:
        active_hashes = {load.sha256 for load in active_loads(con, month).values()}
    return bool(active_hashes) and all(sha256_of(file.content) in active_hashes for file in files)


def _consistency_problems(
    con: duckdb.DuckDBPyConnection,
    month: str,
    tables: dict[str, ParsedTable],
    changed: dict[str, ParsedTable],
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
    if dwellings is not None and "boliger" in changed:
        areas = con.sql("select * from marts.omrader").pl()
        if areas.height:
            located = locate_dwellings(
                dwellings.frame.select("bolig_id", "lat", "lon", "grunnkrets"),
                areas_from_rows(areas),
            )
            problems += check_locations(dwellings, located, areas["grunnkrets"])
    return problems


def _active_dwelling_ids(con: duckdb.DuckDBPyConnection, month: str) -> pl.Series:
    return con.sql(
        "select bolig_id from marts.boliger where strftime(maaned, '%Y-%m') = ?", params=[month]
    ).pl()["bolig_id"]
