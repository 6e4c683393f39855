"""Loading and restoring months: the one implementation the app, `cli.py` and the demo use.

Each change is checked against the writer's role (services.access), stored by the warehouse
with its audit row in the change's own transaction, and then followed by keeping the month
values of the months it touched and publishing for replicas (services.publication.committed).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import polars as pl

from core.problems import IngestResult, SourceFile, refused
from core.roles import WriteRefused
from core.warehouse_file import is_published
from services import geo
from services.access import Writer, authorise
from services.publication import committed
from warehouse import history, queries, schema
from warehouse import ingest as loading
from warehouse.publish import published_version
from warehouse.validation.month_hints import MonthHint
from warehouse.validation.month_hints import month_hints as _month_hints


def data_version(db_path: Path) -> int:
    """A number that grows with every change to the data (warehouse.queries.data_version); on
    a replica, the version of the newest snapshot published (the same number)."""
    if is_published(db_path):
        return published_version(db_path)
    return queries.data_version(db_path)


def init(db_path: Path) -> list[int]:
    """Create the warehouse file if needed and bring it to the newest schema; returns the
    migrations applied."""
    return schema.init(db_path)


def prepare_warehouse(db_path: Path) -> None:
    """Create or upgrade the warehouse file (new views, migrations), keep the month values that
    new indicator code has not stored yet, and publish it when a publish folder is set."""
    init(db_path)
    committed(db_path)


def refused_write(refusal: WriteRefused) -> IngestResult:
    """A change the writer's role does not allow, told like a refused upload."""
    return refused([], summary=str(refusal))


def ingest(
    db_path: Path, month: str, files: Sequence[SourceFile], *, replace: bool = False, by: Writer
) -> IngestResult:
    """Load one month's snapshot files (warehouse.ingest.ingest, dwellings checked against the
    areas), audited, and keep the month values, if the writer's role allows it."""
    try:
        actor = authorise(db_path, "snapshot", by)
    except WriteRefused as refusal:
        return refused_write(refusal)
    result = loading.ingest(db_path, month, files, replace=replace, actor=actor, locate=geo.locate)
    if result.status != "refused":
        committed(db_path)
    return result


def ingest_series(
    db_path: Path, uploads: Iterable[tuple[str, Sequence[SourceFile]]], *, by: Writer
) -> Iterator[IngestResult]:
    """Load many months in turn (the demo, a backfill), yielding each month's result; the
    month values are kept once the series is loaded."""
    actor = authorise(db_path, "snapshot", by)
    yield from loading.ingest_series(db_path, uploads, actor=actor, locate=geo.locate)
    committed(db_path)


def restore(db_path: Path, load_ids: Sequence[int], *, by: Writer) -> IngestResult:
    """Make earlier loads active again (warehouse.history.restore), audited, and keep the month
    values, if the writer's role allows it."""
    try:
        actor = authorise(db_path, "restore", by)
    except WriteRefused as refusal:
        return refused_write(refusal)
    result = history.restore(db_path, load_ids, actor=actor)
    if result.status != "refused":
        committed(db_path)
    return result


def load_history(db_path: Path) -> pl.DataFrame:
    """Every load ever made, newest first (warehouse.history.load_history)."""
    return history.load_history(db_path)


def loaded_months(db_path: Path) -> list[str]:
    """Every month with an active snapshot, 'YYYY-MM', oldest first."""
    months = queries.read_mart(db_path, "maaneder", ["maaned"])
    return months["maaned"].dt.strftime("%Y-%m").to_list()


def month_hints(files: Sequence[SourceFile]) -> list[MonthHint]:
    """Which months the files' names and `maaned` columns say (nothing is stored or refused)."""
    return _month_hints(files)
