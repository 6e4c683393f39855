"""What the Innstillinger page shows and does: tables to edit, and the writers behind its buttons.

The table shaping is pure (frames in, frames out). The writers call the warehouse, add an audit
entry for what they changed, and tell the caches (ui.data) that the settings or data changed.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path

import polars as pl

from ui import data
from ui import format as fmt
from ui.format import Language
from ui.labels import translate
from ui.tables import display
from warehouse import queries, settings
from warehouse.backup import backup
from warehouse.export import neutralise_formulas, original_cell
from warehouse.ingest import IngestResult
from warehouse.problems import SourceFile
from warehouse.reference import load_area_stats, load_areas, load_targets

# The kinds of entry in the role mapping and their words in the table.
ROLE_KIND_WORDS = {"brukere": "Bruker", "grupper": "Gruppe"}
REFERENCE_LOADERS = {
    "områder": load_areas,
    "områdestatistikk": load_area_stats,
}
TARGET_COLUMNS = ("indikator", "aar", "verdi")
ROLE_COLUMNS = ("type", "navn", "rolle")


@data.versioned
def targets(db: str, version: int) -> pl.DataFrame:
    """The action-plan targets in force: indikator, aar, verdi, by indicator and year."""
    frame = queries.read_mart(Path(db), "mal", list(TARGET_COLUMNS))
    return frame.sort("indikator", "aar")


def targets_csv(frame: pl.DataFrame) -> bytes:
    """The edited targets as the CSV `load_targets` reads (indikator;aar;verdi), blank rows out."""
    rows = frame.select(TARGET_COLUMNS).filter(~pl.all_horizontal(pl.all().is_null()))
    return rows.write_csv(separator=";").encode("utf-8")


def roles_table(roles: Mapping[str, Mapping[str, str]]) -> pl.DataFrame:
    """The role mapping as rows to edit: type (brukere/grupper), navn, rolle.

    The editor can be downloaded as CSV: a name a spreadsheet would run gets a leading `'`,
    which `roles_value` takes off again.
    """
    rows = [
        {"type": kind, "navn": name, "rolle": role}
        for kind in settings.ROLE_KINDS
        for name, role in sorted(roles.get(kind, {}).items())
    ]
    return neutralise_formulas(pl.DataFrame(rows, schema=dict.fromkeys(ROLE_COLUMNS, pl.String)))


def roles_value(frame: pl.DataFrame) -> dict[str, dict[str, str]]:
    """The edited rows as the settings' role mapping; rows without a name are left out."""
    value: dict[str, dict[str, str]] = {kind: {} for kind in settings.ROLE_KINDS}
    for row in frame.iter_rows(named=True):
        name = original_cell((row["navn"] or "").strip())
        if name:
            value.setdefault(row["type"], {})[name.casefold()] = row["rolle"]
    return value


def audit_table(log: pl.DataFrame, language: Language) -> pl.DataFrame:
    """The audit log as people read it: when (Oslo time), who, what kind, what."""
    return display(
        log,
        {
            "tidspunkt": ("Tidspunkt", fmt.moment),
            "hvem": ("Hvem", None),
            "handling": ("Handling", lambda value, lang: translate(value, lang)),
            "hva": ("Hva", None),
        },
        language,
    )


def backup_zip(db_path: Path, *, actor: str) -> bytes:
    """The warehouse's backup (warehouse.backup: Parquet per raw table and a manifest), zipped."""
    with tempfile.TemporaryDirectory() as folder:
        manifest = backup(db_path, Path(folder))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(Path(folder).iterdir()):
                archive.write(path, path.name)
    rows = sum(manifest["rows"].values())
    detail = f"Sikkerhetskopi lastet ned ({rows} rader)."
    settings.record(db_path, actor=actor, action="sikkerhetskopi", detail=detail)
    return buffer.getvalue()


def audit_log() -> pl.DataFrame:
    """The audit log of the app's warehouse, newest first."""
    return settings.audit_log(data.db_path())


def save_settings(changes: Mapping[str, object], *, actor: str) -> list[str]:
    """Write changed settings (with audit entries) and drop the cached ones; returns the keys."""
    changed = settings.change_settings(data.db_path(), changes, changed_by=actor)
    data.forget_settings()
    return changed


def _after_load(result: IngestResult, action: settings.AuditAction, name: str, actor: str) -> None:
    if result.status == "loaded":
        settings.record(
            data.db_path(), actor=actor, action=action, detail=f"{name}: {result.summary}"
        )
        data.refresh_data_version()


def upload_reference(kind: str, name: str, content: bytes, *, actor: str) -> IngestResult:
    """Load an uploaded areas file or area statistics (warehouse.reference), audited."""
    result = REFERENCE_LOADERS[kind](data.db_path(), SourceFile(name, content), loaded_by=actor)
    _after_load(result, kind, name, actor)
    return result


def save_targets(frame: pl.DataFrame, *, actor: str) -> IngestResult:
    """Store the edited targets as a new load of `mal` (validated like a targets CSV), audited."""
    name = "mål fra Innstillinger.csv"
    result = load_targets(data.db_path(), SourceFile(name, targets_csv(frame)), loaded_by=actor)
    _after_load(result, "mål", name, actor)
    return result
