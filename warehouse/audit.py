"""The audit log: who changed what in the warehouse, when, and through which door.

Every writer of the warehouse (uploads, replacements, restores, reference data, settings and
roles, backups taken and restored) takes the `Actor` making the change and adds its entry with
`record` inside the transaction of the change itself: a refused change leaves no entry, and an
accepted one always has one. An entry says what changed in words; never a household's data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal, get_args

import duckdb
import polars as pl

from warehouse.db import connect
from warehouse.loads import now_utc

Door = Literal["app", "cli", "demo"]
AuditAction = Literal[
    "opplasting",
    "erstatning",
    "gjenoppretting",
    "områder",
    "områdestatistikk",
    "mål",
    "boligprosjekter",
    "innstilling",
    "roller",
    "sikkerhetskopi",
    "gjenoppretting fra sikkerhetskopi",
    "kostra",
    "demomerking",
    "levekår",
    "levekårsindikatorer",
    "BrukerPlan",
]
DOORS: tuple[Door, ...] = get_args(Door)
AUDIT_ACTIONS: tuple[AuditAction, ...] = get_args(AuditAction)


@dataclass(frozen=True)
class Actor:
    """Who makes a change (a signed-in user, `cli (kari)`, `demo`) and through which door."""

    name: str
    door: Door

    def __post_init__(self) -> None:
        if self.door not in DOORS:
            raise ValueError(f"unknown door: {self.door}")
        if not self.name.strip():
            raise ValueError("an actor needs a name")


def record(
    con: duckdb.DuckDBPyConnection,
    actor: Actor,
    action: AuditAction,
    detail: str,
    *,
    at: datetime | None = None,
) -> None:
    """Add the audit entry of a change, in the caller's transaction: the change's own."""
    if action not in AUDIT_ACTIONS:
        raise ValueError(f"unknown audit action: {action}")
    con.execute(
        "insert into raw.audit_log (audit_id, happened_at, actor, action, detail, door) "
        "values (nextval('raw.audit_id_seq'), ?, ?, ?, ?, ?)",
        [at or now_utc(), actor.name, action, detail, actor.door],
    )


def audit_log(db_path: Path) -> pl.DataFrame:
    """The audit log, newest first: tidspunkt, hvem, kanal (the door), handling, hva."""
    with connect(db_path) as con:
        return con.sql(
            "select happened_at as tidspunkt, actor as hvem, door as kanal, action as handling, "
            "detail as hva from raw.audit_log order by audit_id desc"
        ).pl()
