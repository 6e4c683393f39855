"""The app's settings (municipality, suppression, flag thresholds, role mapping).

Settings are append-only rows in `raw.settings`: the newest row per key is in force, and a key
never written has its default. Every change is written together with its audit entry (who,
when, what, through which door: warehouse.audit) in one transaction.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from geo.settings import DEFAULT_SETTINGS, GeoSettings
from indicators.suppression import Thresholds
from warehouse.audit import Actor, record
from warehouse.db import connect
from warehouse.loads import now_utc
from warehouse.schema import init

ROLES = ("leser", "planlegger", "saksbehandler", "admin")
ROLE_KINDS = ("brukere", "grupper")  # mapping by e-mail/subject, or by the provider's group claim
# A name shown in the header: letters, spaces, hyphens and dashes, nothing markdown would render.
_PLAIN_NAME = re.compile(r"[^\W\d_]+(?:(?: ?[-–] ?| )[^\W\d_]+)*|")


class SettingsError(ValueError):
    """Changes refused; `problems` says what each setting must be (Norwegian)."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Setting:
    """One setting: its key, a Norwegian label, what its value must be, and its default."""

    key: str
    label: str
    kind: Literal["text", "kommunenummer", "integer", "decimal", "roles"]
    default: object
    minimum: float | None = None
    maximum: float | None = None


_K = Thresholds()
SETTINGS: tuple[Setting, ...] = (
    Setting("kommunenavn", "Kommunenavn", "text", ""),
    Setting("kommunenummer", "Kommunenummer", "kommunenummer", ""),
    Setting("prikking_k", "Prikkegrense (k)", "integer", _K.k, 1, 20),
    Setting(
        "prikking_k_streng",
        "Prikkegrense for områder og sårbare grupper",
        "integer",
        _K.strict,
        1,
        20,
    ),
    Setting(
        "flagg_faktor",
        "Opphopning: andel minst så mange ganger kommunens",
        "decimal",
        DEFAULT_SETTINGS.factor,
        1.0,
        10.0,
    ),
    Setting(
        "flagg_min_boliger",
        "Opphopning: minst så mange kommunale boliger i kretsen",
        "integer",
        DEFAULT_SETTINGS.min_dwellings,
        1,
        1000,
    ),
    Setting(
        "flagg_alfa", "Signifikansnivå (falske funn)", "decimal", DEFAULT_SETTINGS.alpha, 0.001, 0.5
    ),
    Setting(
        "flagg_bygning",
        "Bygning flagges fra så mange kommunale boliger",
        "integer",
        DEFAULT_SETTINGS.building_min,
        1,
        1000,
    ),
    Setting(
        "borettslag_gul",
        "Borettslag gult flagg over (% av boligene)",
        "decimal",
        DEFAULT_SETTINGS.borettslag_amber,
        0.0,
        100.0,
    ),
    Setting(
        "borettslag_rod",
        "Borettslag rødt flagg over (% av boligene)",
        "decimal",
        DEFAULT_SETTINGS.borettslag_red,
        0.0,
        100.0,
    ),
    Setting("roller", "Rolletildeling", "roles", {"brukere": {}, "grupper": {}}),
)
SETTING_BY_KEY = {setting.key: setting for setting in SETTINGS}


def defaults() -> dict[str, object]:
    """Every setting at its default."""
    return {setting.key: setting.default for setting in SETTINGS}


def read_settings(db_path: Path) -> dict[str, object]:
    """The settings in force: the newest value of each key, the default where none was written."""
    values = defaults()
    if not Path(db_path).exists():
        return values
    with connect(db_path) as con:
        rows = con.execute(
            "select key, arg_max(value, setting_id) from raw.settings group by key"
        ).fetchall()
    values.update({key: json.loads(value) for key, value in rows if key in SETTING_BY_KEY})
    return values


def _value_problem(setting: Setting, value: object) -> str | None:
    """What is wrong with one value, in Norwegian, or None."""
    match setting.kind:
        case "text":
            ok = isinstance(value, str) and len(value) <= 100 and _PLAIN_NAME.fullmatch(value)
            return (
                None
                if ok
                else (
                    f"{setting.label} må være et navn på høyst 100 tegn: bokstaver, mellomrom og "
                    "bindestrek."
                )
            )
        case "kommunenummer":
            ok = isinstance(value, str) and (value == "" or (len(value) == 4 and value.isdigit()))
            return None if ok else f"{setting.label} må ha fire sifre (for eksempel 1108)."
        case "integer" | "decimal":
            number_ok = isinstance(value, int | float) and not isinstance(value, bool)
            if setting.kind == "integer":
                number_ok = number_ok and float(value).is_integer()
            if number_ok and setting.minimum <= value <= setting.maximum:
                return None
            what = "et heltall" if setting.kind == "integer" else "et tall"
            return (
                f"{setting.label} må være {what} fra {setting.minimum:g} til {setting.maximum:g}."
            )
        case "roles":
            return (
                None
                if _roles_ok(value)
                else (
                    f"{setting.label} må knytte brukere og grupper til rollene {', '.join(ROLES)}."
                )
            )
    raise ValueError(setting.kind)


def _roles_ok(value: object) -> bool:
    if not isinstance(value, dict) or set(value) != set(ROLE_KINDS):
        return False
    return all(
        isinstance(mapping, dict)
        and all(
            isinstance(name, str) and name.strip() and role in ROLES
            for name, role in mapping.items()
        )
        for mapping in value.values()
    )


def problems(values: Mapping[str, object]) -> list[str]:
    """Everything wrong with a full set of settings, each value and how they fit together."""
    found = [f"Ukjent innstilling: {key}." for key in values if key not in SETTING_BY_KEY]
    found += [
        problem
        for key, value in values.items()
        if key in SETTING_BY_KEY and (problem := _value_problem(SETTING_BY_KEY[key], value))
    ]
    if found:
        return found
    if values["prikking_k_streng"] < values["prikking_k"]:
        found.append("Prikkegrensen for områder og sårbare grupper kan ikke være lavere enn k.")
    if values["borettslag_rod"] < values["borettslag_gul"]:
        found.append("Grensen for rødt flagg kan ikke være lavere enn grensen for gult.")
    return found


def _as_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def change_settings(db_path: Path, changes: Mapping[str, object], *, actor: Actor) -> list[str]:
    """Write the settings that differ from those in force, each with an audit entry.

    Returns the keys changed (in SETTINGS order). Raises SettingsError, writing nothing, when
    the settings after the change would not be valid.
    """
    init(db_path)
    current = read_settings(db_path)
    wanted = current | dict(changes)
    found = problems(wanted)
    if found:
        raise SettingsError(found)
    changed = [key for key in SETTING_BY_KEY if _as_json(wanted[key]) != _as_json(current[key])]
    if not changed:
        return []
    at = now_utc()
    with connect(db_path, write=True) as con:
        con.execute("begin transaction")
        for key in changed:
            con.execute(
                "insert into raw.settings values (nextval('raw.settings_id_seq'), ?, ?, ?, ?)",
                [key, _as_json(wanted[key]), at, actor.name],
            )
            detail = (
                f"{SETTING_BY_KEY[key].label}: {_as_json(current[key])} → {_as_json(wanted[key])}"
            )
            record(con, actor, "roller" if key == "roller" else "innstilling", detail, at=at)
        con.execute("commit")
    return changed


def thresholds(values: Mapping[str, object]) -> Thresholds:
    """The suppression thresholds the settings ask for."""
    return Thresholds(k=int(values["prikking_k"]), strict=int(values["prikking_k_streng"]))


def suppression_thresholds(db_path: Path) -> Thresholds:
    """The suppression thresholds in force in the warehouse: what pages, reports and the command
    line all suppress with."""
    return thresholds(read_settings(db_path))


def geo_settings(values: Mapping[str, object]) -> GeoSettings:
    """The concentration analysis' thresholds from the settings (areas hide below strict k)."""
    return replace(
        DEFAULT_SETTINGS,
        factor=float(values["flagg_faktor"]),
        min_dwellings=int(values["flagg_min_boliger"]),
        alpha=float(values["flagg_alfa"]),
        building_min=int(values["flagg_bygning"]),
        borettslag_amber=float(values["borettslag_gul"]),
        borettslag_red=float(values["borettslag_rod"]),
        small_count=int(values["prikking_k_streng"]),
    )
