"""The app's settings as the warehouse keeps them, and changing them through the write check.

The one source of the suppression thresholds and the flag thresholds in force: pages, reports
and the command line all read them here.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from core.settings import GeoSettings, SettingsError, Thresholds, geo_settings, thresholds
from services.access import Writer, authorise
from services.municipalities import municipality_problem
from services.publication import committed
from warehouse import settings as store

read_settings = store.read_settings


def suppression_thresholds(db_path: Path) -> Thresholds:
    """The suppression thresholds in force: what pages, reports and the command line all
    suppress with."""
    return thresholds(read_settings(db_path))


def flag_settings(db_path: Path) -> GeoSettings:
    """The concentration analysis' thresholds in force."""
    return geo_settings(read_settings(db_path))


def change_settings(db_path: Path, changes: Mapping[str, object], *, by: Writer) -> list[str]:
    """Write the settings that differ from those in force, each with its audit entry, if the
    writer's role, read again now, allows it (WriteRefused otherwise; the role mapping is a
    change of its own). Returns the keys changed; SettingsError, writing nothing, when the
    settings would not be valid, or when the municipality's number and name are not one of
    2024's (services.reference.municipality_problem)."""
    actor = authorise(db_path, "roles" if "roller" in changes else "settings", by)
    if {"kommunenummer", "kommunenavn"} & changes.keys():
        in_force = {**read_settings(db_path), **changes}
        number, name = str(in_force["kommunenummer"]), str(in_force["kommunenavn"])
        if problem := municipality_problem(number.strip(), name.strip()):
            raise SettingsError([problem])
    changed = store.change_settings(db_path, changes, actor=actor)
    if changed:
        committed(db_path)
    return changed
