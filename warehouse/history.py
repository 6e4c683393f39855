"""Load history and restoring earlier loads."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from core.problems import IngestResult, Problem, refused
from warehouse.audit import Actor, record
from warehouse.db import connect
from warehouse.loads import dangling_households, record_event
from warehouse.schema import init


def load_history(db_path: Path) -> pl.DataFrame:
    """Every load ever made, newest first, with whether it is the active one.

    A read: it opens the file read-only (the caller has created or upgraded it).
    """
    with connect(db_path) as con:
        return con.sql("select * from marts.loads order by load_id desc").pl()


def _restore_detail(restored: pl.DataFrame) -> str:
    """The loads made active again, for the audit log: 'Last 2 (husstander 2024-01) er aktiv …'."""
    loads = ", ".join(
        f"{load_id} ({' '.join(filter(None, (table, month)))})"
        for load_id, table, month in restored.select("load_id", "table_name", "month").iter_rows()
    )
    return f"Last {loads} er aktiv igjen."


def restore(db_path: Path, load_ids: Sequence[int], *, actor: Actor) -> IngestResult:
    """Make earlier loads active again for their months and tables; the current ones are kept.

    Several loads are restored together (a month's dwellings and households as a pair), and
    only if no household would be left renting a dwelling its month lacks; with one audit entry.
    """
    init(db_path)
    with connect(db_path, write=True) as con:
        loads = con.sql(
            "select load_id, month, table_name, active from marts.loads "
            "where list_contains(?, load_id)",
            params=[list(load_ids)],
        ).pl()
        unknown = sorted(set(load_ids) - set(loads["load_id"].to_list()))
        if unknown:
            numbers = ", ".join(map(str, unknown))
            return refused(
                [Problem("gjenoppretting", f"Det finnes ingen last med nummer {numbers}.")]
            )
        to_restore = loads.filter(~pl.col("active"))
        if to_restore.is_empty():
            return IngestResult(
                "unchanged", summary="Lastene er allerede aktive. Ingenting er endret."
            )

        con.execute("begin transaction")
        for load_id in to_restore["load_id"]:
            record_event(con, action="restore", load_id=load_id, actor=actor.name)
        months = sorted(month for month in set(to_restore["month"].to_list()) if month)
        dangling = {month: n for month in months if (n := dangling_households(con, month))}
        if dangling:
            con.execute("rollback")
            return refused(
                [
                    Problem(
                        "gjenoppretting",
                        f"{count} husstander i {month} ville leie en bolig som ikke finnes i "
                        "månedens boligtabell. Gjenopprett månedens boliger og husstander sammen.",
                    )
                    for month, count in dangling.items()
                ],
                "Gjenopprettingen ble avvist. Ingenting er endret.",
            )
        record(con, actor, "gjenoppretting", _restore_detail(to_restore))
        con.execute("commit")
    restored = ", ".join(str(load_id) for load_id in to_restore["load_id"])
    return IngestResult(
        "loaded",
        load_ids=to_restore["load_id"].to_list(),
        summary=f"Last {restored} er aktiv igjen.",
    )
