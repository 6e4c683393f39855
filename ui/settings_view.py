"""What the Innstillinger page shows and does: tables to edit, and the writers behind its buttons.

The table shaping is pure (frames in, frames out). The writers first ask access.writer whether
the user's role, read again at that moment, allows the change; then they call the warehouse
(which writes the audit entry of each change with it, door `app`) and tell the caches (ui.data)
that the settings or data changed.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

import polars as pl

from ui import access, data
from ui import format as fmt
from ui.format import Language
from ui.labels import translate
from ui.tables import display
from warehouse import audit, queries, settings
from warehouse.backup import backup
from warehouse.export import neutralise_formulas, original_cell
from warehouse.ingest import IngestResult
from warehouse.problems import SourceFile
from warehouse.reference import load_area_stats, load_areas, load_targets

# The kinds of entry in the role mapping and their words in the table.
ROLE_KIND_WORDS = {"brukere": "Bruker", "grupper": "Gruppe"}
# The doors a change can come through (warehouse.audit.DOORS) and their words in the audit log.
DOOR_WORDS = {"app": "App", "cli": "Kommandolinje", "demo": "Demo"}
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
    """The audit log as people read it: when (Oslo time), who, through which door, what kind,
    what."""
    return display(
        log,
        {
            "tidspunkt": ("Tidspunkt", fmt.moment),
            "hvem": ("Hvem", None),
            "kanal": ("Kanal", lambda door, lang: translate(DOOR_WORDS[door], lang)),
            "handling": ("Handling", lambda value, lang: translate(value, lang)),
            "hva": ("Hva", None),
        },
        language,
    )


def backup_zip(identity: access.Identity | None = None) -> bytes:
    """The warehouse's backup (warehouse.backup: Parquet per raw table and a manifest), zipped,
    if the role of `identity` (default: this session's user), read again now, allows it.

    Raises access.WriteRefused otherwise: made on a download's click, outside the page's run,
    it has no page to tell; the download fails and nothing is written.
    """
    user = access.writer("backup", identity)
    db_path = data.db_path()
    with tempfile.TemporaryDirectory() as folder:
        backup(db_path, Path(folder), actor=data.app_user(user.name))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(Path(folder).iterdir()):
                archive.write(path, path.name)
    return buffer.getvalue()


def backup_download() -> Callable[[], bytes]:
    """The backup for a download button: made on click for the user drawing the button now,
    whose role is read again then (see backup_zip)."""
    identity = access.current_identity()
    return lambda: backup_zip(identity)


def audit_log() -> pl.DataFrame:
    """The audit log of the app's warehouse, newest first."""
    return audit.audit_log(data.db_path())


def save_settings(changes: Mapping[str, object]) -> list[str]:
    """Write changed settings (with audit entries) and drop the cached ones; returns the keys.

    Raises access.WriteRefused, writing nothing, when the user's role, read again now, does
    not allow the change (the role mapping is a change of its own).
    """
    user = access.writer("roles" if "roller" in changes else "settings")
    changed = settings.change_settings(data.db_path(), changes, actor=data.app_user(user.name))
    data.forget_settings()
    return changed


def _after_load(result: IngestResult) -> None:
    if result.status == "loaded":
        data.refresh_data_version()


def upload_reference(kind: str, name: str, content: bytes) -> IngestResult:
    """Load an uploaded areas file or area statistics (warehouse.reference), audited, if the
    user's role, read again now, still allows it."""
    try:
        user = access.writer("reference")
    except access.WriteRefused as refusal:
        return data.refused_write(refusal)
    load = REFERENCE_LOADERS[kind]
    result = load(data.db_path(), SourceFile(name, content), actor=data.app_user(user.name))
    _after_load(result)
    return result


def save_targets(frame: pl.DataFrame) -> IngestResult:
    """Store the edited targets as a new load of `mal` (validated like a targets CSV), audited,
    if the user's role, read again now, still allows it."""
    try:
        user = access.writer("targets")
    except access.WriteRefused as refusal:
        return data.refused_write(refusal)
    file = SourceFile("mål fra Innstillinger.csv", targets_csv(frame))
    result = load_targets(data.db_path(), file, actor=data.app_user(user.name))
    _after_load(result)
    return result
