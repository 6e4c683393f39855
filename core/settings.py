"""The app's settings: what each one is, its default, and what its value must be.

The types the layers share live here too: `Thresholds` (suppression, for indicators) and
`GeoSettings` (the concentration analysis' thresholds, for geo), which the settings in force
make (`thresholds`, `geo_settings`). The warehouse stores the settings (warehouse.settings).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal

from core.i18n import N_
from core.reference_codes import INDICATOR_NAME_PATTERN
from core.roles import ROLES

ROLE_KINDS = ("brukere", "grupper")
GroupKind = Literal["fylke", "kostragruppe", "naboer", "landet"]
GROUP_KINDS: tuple[GroupKind, ...] = ("fylke", "kostragruppe", "naboer", "landet")
MAX_NEIGHBOURS = 10
COUNTY_PREFIX = "EKA"  # SSB's county regions: EKA + the county number (EKA11 Rogaland)
# The regions each kind of comparison group names: how many, and their shape.
_GROUP_REGIONS: dict[str, tuple[int, int, re.Pattern[str]]] = {
    "fylke": (0, 1, re.compile(r"EKA\d{2}")),  # none: the municipality's own county
    "kostragruppe": (1, 1, re.compile(r"EKG\d{2}")),
    "naboer": (1, MAX_NEIGHBOURS, re.compile(r"\d{4}")),
    "landet": (0, 0, re.compile(r"EAK")),
}  # mapping by e-mail/subject, or by the provider's group claim
# A name shown in the header: letters, spaces, hyphens and dashes, nothing markdown would render.
_PLAIN_NAME = re.compile(r"[^\W\d_]+(?:(?: ?[-–] ?| )[^\W\d_]+)*|")


@dataclass(frozen=True)
class Thresholds:
    """Suppression: `k` for ordinary cells; `strict` for area cells and sensitive groups."""

    k: int = 3
    strict: int = 5


@dataclass(frozen=True)
class GeoSettings:
    """Thresholds for area and building flags, and the permutation test's size and seed."""

    factor: float = 2.0  # flagg_terskel: area share ≥ factor × the municipality-wide share
    min_dwellings: int = 5  # flagg_terskel: at least this many municipal dwellings in the area
    alpha: float = 0.05  # false discovery rate for both area flags
    permutations: int = 9999
    seed: int = 20160101
    building_min: int = 4  # flagg_bygning: municipal dwellings in one building
    borettslag_amber: float = 10.0  # % of a building's units (the law's limit without bylaws)
    borettslag_red: float = 20.0  # % of a building's units (the limit with bylaws)
    small_count: int = 5  # area counts below this are hidden from viewers without the right


DEFAULT_GEO_SETTINGS = GeoSettings()


@dataclass(frozen=True)
class ComparisonGroup:
    """Whom the admin compares the municipality with: its county (`EKA11`), its KOSTRA group
    (`EKG13`), a list of neighbour municipalities, or the country alone (no regions)."""

    kind: GroupKind
    regions: tuple[str, ...] = ()


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
    kind: Literal[
        "text", "kommunenummer", "integer", "decimal", "roles", "comparison", "directions"
    ]
    default: object
    minimum: float | None = None
    maximum: float | None = None


_K = Thresholds()
_GEO = DEFAULT_GEO_SETTINGS
SETTINGS: tuple[Setting, ...] = (
    Setting("kommunenavn", N_("Kommunenavn"), "text", ""),
    Setting("kommunenummer", N_("Kommunenummer"), "kommunenummer", ""),
    Setting("prikking_k", N_("Prikkegrense (k)"), "integer", _K.k, 1, 20),
    Setting(
        "prikking_k_streng",
        N_("Prikkegrense for områder og sårbare grupper"),
        "integer",
        _K.strict,
        1,
        20,
    ),
    Setting(
        "flagg_faktor",
        N_("Opphopning: andel minst så mange ganger kommunens"),
        "decimal",
        _GEO.factor,
        1.0,
        10.0,
    ),
    Setting(
        "flagg_min_boliger",
        N_("Opphopning: minst så mange kommunale boliger i kretsen"),
        "integer",
        _GEO.min_dwellings,
        1,
        1000,
    ),
    Setting("flagg_alfa", N_("Signifikansnivå (falske funn)"), "decimal", _GEO.alpha, 0.001, 0.5),
    Setting(
        "flagg_bygning",
        N_("Bygning flagges fra så mange kommunale boliger"),
        "integer",
        _GEO.building_min,
        1,
        1000,
    ),
    Setting(
        "borettslag_gul",
        N_("Borettslag gult flagg over (% av boligene)"),
        "decimal",
        _GEO.borettslag_amber,
        0.0,
        100.0,
    ),
    Setting(
        "borettslag_rod",
        N_("Borettslag rødt flagg over (% av boligene)"),
        "decimal",
        _GEO.borettslag_red,
        0.0,
        100.0,
    ),
    Setting("roller", N_("Rolletildeling"), "roles", {"brukere": {}, "grupper": {}}),
    Setting(
        "kostra_sammenligning",
        N_("Sammenligningsgruppe (KOSTRA)"),
        "comparison",
        {"kind": "fylke", "regions": []},
    ),
    # The admin's answer per living-conditions indicator: is a high value bad? Wins over the
    # survey's description sheet.
    Setting("levekar_retning", N_("Levekår: er høyt dårlig?"), "directions", {}),
)
SETTING_BY_KEY = {setting.key: setting for setting in SETTINGS}


def defaults() -> dict[str, object]:
    """Every setting at its default."""
    return {setting.key: setting.default for setting in SETTINGS}


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
        case "comparison":
            return None if _comparison_ok(value) else _comparison_problem(setting)
        case "directions":
            ok = isinstance(value, dict) and all(
                isinstance(name, str)
                and re.fullmatch(INDICATOR_NAME_PATTERN, name)
                and isinstance(bad, bool)
                for name, bad in value.items()
            )
            return (
                None
                if ok
                else f"{setting.label} må knytte indikatornavn (a–z, 0–9, _) til ja eller nei."
            )
    raise ValueError(setting.kind)


def _comparison_ok(value: object) -> bool:
    if not isinstance(value, dict) or set(value) != {"kind", "regions"}:
        return False
    kind, regions = value["kind"], value["regions"]
    if kind not in _GROUP_REGIONS or not isinstance(regions, list):
        return False
    fewest, most, shape = _GROUP_REGIONS[kind]
    return (
        fewest <= len(regions) <= most
        and len(set(regions)) == len(regions)
        and all(isinstance(code, str) and shape.fullmatch(code) for code in regions)
    )


def _comparison_problem(setting: Setting) -> str:
    return (
        f"{setting.label} må være fylket (EKA og to sifre, eller tomt for kommunens eget), én "
        f"KOSTRA-gruppe (EKG og to sifre), 1 til {MAX_NEIGHBOURS} nabokommuner (fire sifre) "
        "eller landet."
    )


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
    own = values["kommunenummer"]
    if own and own in values["kostra_sammenligning"]["regions"]:
        found.append("Kommunen kan ikke være sin egen nabokommune i sammenligningsgruppen.")
    return found


def thresholds(values: Mapping[str, object]) -> Thresholds:
    """The suppression thresholds the settings ask for."""
    return Thresholds(k=int(values["prikking_k"]), strict=int(values["prikking_k_streng"]))


def geo_settings(values: Mapping[str, object]) -> GeoSettings:
    """The concentration analysis' thresholds from the settings (areas hide below strict k)."""
    return replace(
        DEFAULT_GEO_SETTINGS,
        factor=float(values["flagg_faktor"]),
        min_dwellings=int(values["flagg_min_boliger"]),
        alpha=float(values["flagg_alfa"]),
        building_min=int(values["flagg_bygning"]),
        borettslag_amber=float(values["borettslag_gul"]),
        borettslag_red=float(values["borettslag_rod"]),
        small_count=int(values["prikking_k_streng"]),
    )


def comparison_group(values: Mapping[str, object]) -> ComparisonGroup:
    """The comparison group in force; a county left empty is the municipality's own county
    (EKA + the first two digits of kommunenummer), or none while that is not set."""
    chosen = values["kostra_sammenligning"]
    regions = tuple(chosen["regions"])
    own = values["kommunenummer"]
    if chosen["kind"] == "fylke" and not regions and own:
        regions = (COUNTY_PREFIX + own[:2],)
    return ComparisonGroup(chosen["kind"], regions)
