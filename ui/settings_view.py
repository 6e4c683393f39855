"""What the Innstillinger page shows and does: tables to edit, and the writers behind its buttons.

The table shaping is pure (frames in, frames out). The writers call services with this
session's writer (ui.access.app_writer), so the role is read again at that moment; services
write the audit entry of each change with it (door `app`), and the writers tell the caches
(ui.cache) that the settings or data changed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import polars as pl

from core import formatting as fmt
from core.export import neutralise_formulas, original_cell
from core.formatting import Language
from core.i18n import N_, translate
from core.problems import IngestResult, SourceFile
from core.roles import Identity
from core.settings import ROLE_KINDS
from services import audit, backup, municipalities, reference, settings
from ui import access, cache
from ui.tables import display

# The kinds of entry in the role mapping and their words in the table.
ROLE_KIND_WORDS = {"brukere": "Bruker", "grupper": "Gruppe"}
# The doors a change can come through (warehouse.audit.DOORS) and their words in the audit log.
DOOR_WORDS = {"app": N_("App"), "cli": N_("Kommandolinje"), "demo": N_("Demo")}
# The kinds of change in the audit log (warehouse.audit.AuditAction) and their words.
ACTION_WORDS = {
    "opplasting": N_("opplasting"),
    "erstatning": N_("erstatning"),
    "gjenoppretting": N_("gjenoppretting"),
    "områder": N_("områder"),
    "områdestatistikk": N_("områdestatistikk"),
    "mål": N_("mål"),
    "boligprosjekter": N_("boligprosjekter"),
    "innstilling": N_("innstilling"),
    "roller": N_("roller"),
    "sikkerhetskopi": N_("sikkerhetskopi"),
    "gjenoppretting fra sikkerhetskopi": N_("gjenoppretting fra sikkerhetskopi"),
    "kostra": N_("KOSTRA-tabell"),
    "demomerking": N_("demomerking"),
    "levekår": N_("levekår"),
    "levekårsindikatorer": N_("levekårsindikatorer"),
    "BrukerPlan": N_("BrukerPlan"),
}
REFERENCE_LOADERS = {
    "områder": reference.load_areas,
    "områdestatistikk": reference.load_area_stats,
    "mål": reference.load_targets,
}
TARGET_COLUMNS = reference.TARGET_COLUMNS
ROLE_COLUMNS = ("type", "navn", "rolle")
# The admin's answer per living-conditions indicator in the directions editor.
DIRECTION_CHOICES = {"": None, "ja": True, "nei": False}
DIRECTION_COLUMNS = ("indikator", "navn", "i_filen", "valg")


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
        for kind in ROLE_KINDS
        for name, role in sorted(roles.get(kind, {}).items())
    ]
    return neutralise_formulas(pl.DataFrame(rows, schema=dict.fromkeys(ROLE_COLUMNS, pl.String)))


def roles_value(frame: pl.DataFrame) -> dict[str, dict[str, str]]:
    """The edited rows as the settings' role mapping; rows without a name are left out."""
    value: dict[str, dict[str, str]] = {kind: {} for kind in ROLE_KINDS}
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
            "tidspunkt": (N_("Tidspunkt"), fmt.moment),
            "hvem": (N_("Hvem"), None),
            "kanal": (N_("Kanal"), lambda door, lang: translate(DOOR_WORDS[door], lang)),
            "handling": (
                N_("Handling"),
                lambda action, lang: translate(ACTION_WORDS[action], lang),
            ),
            "hva": (N_("Hva"), None),
        },
        language,
    )


def backup_zip(identity: Identity | None = None) -> bytes:
    """The warehouse's backup (Parquet per raw table and a manifest), zipped, if the role of
    `identity` (default: this session's user), read again now, allows it.

    Raises WriteRefused otherwise: made on a download's click, outside the page's run, it has
    no page to tell; the download fails and nothing is written.
    """
    return backup.backup_zip(cache.db_path(), by=access.app_writer(identity))


def backup_download() -> Callable[[], bytes]:
    """The backup for a download button: made on click for the user drawing the button now,
    whose role is read again then (see backup_zip)."""
    identity = access.current_identity()
    return lambda: backup_zip(identity)


def audit_log() -> pl.DataFrame:
    """The audit log of the app's warehouse, newest first."""
    return audit.audit_log(cache.db_path())


def save_settings(changes: Mapping[str, object]) -> list[str]:
    """Write changed settings (with audit entries), drop the cached ones and read the data
    version again (a settings change is a new one); returns the keys.

    Raises WriteRefused, writing nothing, when the user's role, read again now, does not allow
    the change (the role mapping is a change of its own).
    """
    changed = settings.change_settings(cache.db_path(), changes, by=access.app_writer())
    cache.forget_settings()
    cache.changed_here()
    return changed


def _after_load(result: IngestResult) -> None:
    if result.status == "loaded":
        cache.changed_here()


def upload_reference(kind: str, name: str, content: bytes) -> IngestResult:
    """Load an uploaded areas file or area statistics (services.reference), audited, if the
    user's role, read again now, still allows it."""
    load = REFERENCE_LOADERS[kind]
    result = load(cache.db_path(), SourceFile(name, content), by=access.app_writer())
    _after_load(result)
    return result


def save_targets(frame: pl.DataFrame) -> IngestResult:
    """Store the edited targets as a new load of `mal` (validated like a targets CSV), audited,
    if the user's role, read again now, still allows it."""
    file = SourceFile("mål fra Innstillinger.csv", targets_csv(frame))
    result = reference.load_targets(cache.db_path(), file, by=access.app_writer())
    _after_load(result)
    return result


def municipality_choices() -> dict[str, str]:
    """Kommunenummer -> '1108 Sandnes (Rogaland)', for the 357 municipalities of 2024."""
    return {number: known.label() for number, known in municipalities.municipalities().items()}


def save_municipality(number: str) -> list[str]:
    """Set the municipality by its number: its name comes from the list of 2024 (services
    check both again). Raises WriteRefused or SettingsError, writing nothing."""
    known = municipalities.municipalities()[number]
    return save_settings({"kommunenummer": known.number, "kommunenavn": known.name})


def directions_table(
    descriptions: pl.DataFrame, indicators: list[str], chosen: Mapping[str, bool]
) -> pl.DataFrame:
    """One row per survey indicator to choose its direction: indikator, navn (from the
    descriptions), i_filen (ja/nei/blank: what the file says), valg (the admin's ja/nei, blank
    for none). Text from the file is neutralised, as in every shown table."""
    described = {row["indikator"]: row for row in descriptions.iter_rows(named=True)}

    def words(value: bool | None) -> str:
        return "" if value is None else ("ja" if value else "nei")

    rows = [
        {
            "indikator": name,
            "navn": (described.get(name) or {}).get("navn"),
            "i_filen": words((described.get(name) or {}).get("hoy_er_darlig")),
            "valg": words(chosen.get(name)),
        }
        for name in indicators
    ]
    return neutralise_formulas(
        pl.DataFrame(rows, schema=dict.fromkeys(DIRECTION_COLUMNS, pl.String))
    )


def directions_value(frame: pl.DataFrame) -> dict[str, bool]:
    """The edited directions as the setting `levekar_retning` (blank choices left out)."""
    return {
        row["indikator"]: DIRECTION_CHOICES[row["valg"]]
        for row in frame.iter_rows(named=True)
        if DIRECTION_CHOICES.get(row["valg"] or "") is not None
    }
