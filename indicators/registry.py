"""The indicator registry: the one list of indicators, their names and definitions.

Every id of indicators.md (version 1) has an entry here, plus the ones the project adds. Pages,
exports and reports take names, definitions, units and directions from here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import polars as pl

Kind = Literal["stock", "flow"]
Unit = Literal["count", "percent", "per_1000", "days", "ratio"]
Level = Literal["kommune", "omrade"]

UNIT_LABELS: dict[Unit, str] = {
    "count": "antall",
    "percent": "prosent",
    "per_1000": "per 1000 innbyggere",
    "days": "dager",
    "ratio": "forholdstall",
}
KIND_LABELS: dict[Kind, str] = {"stock": "beholdning", "flow": "strøm"}

# Target groups of the breakdowns: the household column (or rule) and its Norwegian label.
TARGET_GROUPS: dict[str, str] = {
    "flyktning": "Flyktninger",
    "under_25": "Unge under 25 år",
    "rus_psykisk": "Rus og psykisk helse",
    "funksjonsnedsettelse": "Funksjonsnedsettelse",
    "barnefamilie": "Barnefamilier",
}
# Breakdowns that indicators.md protects with the stricter threshold.
SENSITIVE_GROUPS = frozenset({"flyktning", "rus_psykisk", "funksjonsnedsettelse"})
AREA = "delomrade"  # the breakdown by delområde
TARGET_GROUP = "malgruppe"  # the breakdown by target group
HOUSEHOLD_GROUPS = tuple(TARGET_GROUPS)


@dataclass(frozen=True)
class Indicator:
    """One indicator: what it is called, what it means and how to read it."""

    id: str
    navn: str
    name: str
    definisjon: str
    definition: str
    unit: Unit
    kind: Kind
    lower_is_better: bool | None  # None: no direction (a size, not a goal)
    kostra: str | None = None
    level: Level = "kommune"
    breakdowns: tuple[str, ...] = ()
    sensitive: bool = False  # about a group indicators.md protects with the stricter threshold

    @property
    def enhet(self) -> str:
        """The unit in Norwegian."""
        return UNIT_LABELS[self.unit]

    @property
    def retning(self) -> str:
        """The direction in Norwegian."""
        if self.lower_is_better is None:
            return "ingen retning"
        return "lavere er bedre" if self.lower_is_better else "høyere er bedre"


_HOUSEHOLD_AND_AREA = (*HOUSEHOLD_GROUPS, AREA)

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        id="kommunale_boliger",
        navn="Kommunalt disponerte boliger",
        name="Municipally disposed dwellings",
        definisjon="Antall boliger kommunen disponerer ved utgangen av måneden.",
        definition="Number of dwellings the municipality disposes of at the end of the month.",
        unit="count",
        kind="stock",
        lower_is_better=None,
        kostra="Kommunalt disponerte boliger",
        breakdowns=(AREA,),
    ),
    Indicator(
        id="kommunale_boliger_per_1000",
        navn="Kommunale boliger per 1000 innbyggere",
        name="Municipal dwellings per 1,000 inhabitants",
        definisjon=(
            "Kommunalt disponerte boliger delt på folketallet, ganger 1000. Folketallet er "
            "summen av innbyggere i områdestatistikken for siste år til og med månedens år."
        ),
        definition=(
            "Municipally disposed dwellings divided by the population, times 1,000. The "
            "population is the sum of inhabitants in the area statistics for the latest year "
            "up to and including the month's year."
        ),
        unit="per_1000",
        kind="stock",
        lower_is_better=None,
        kostra="KOSboligSper1000",
    ),
    Indicator(
        id="andel_rullestol",
        navn="Andel boliger tilpasset rullestolbrukere",
        name="Share of dwellings accessible for wheelchair users",
        definisjon="Andel av de kommunalt disponerte boligene som er tilgjengelige for rullestol.",
        definition="Share of the municipally disposed dwellings that are wheelchair accessible.",
        unit="percent",
        kind="stock",
        lower_is_better=False,
        kostra="KOSAndeltilgjeng",
    ),
    Indicator(
        id="andel_ledige",
        navn="Andel ledige boliger",
        name="Share of vacant dwellings",
        definisjon=(
            "Ledige boliger delt på boliger som er utleid eller ledige. Boliger under "
            "utbedring telles ikke med."
        ),
        definition=(
            "Vacant dwellings divided by dwellings that are let or vacant. Dwellings under "
            "repair are left out."
        ),
        unit="percent",
        kind="stock",
        lower_is_better=True,
    ),
    Indicator(
        id="venteliste",
        navn="Husstander på venteliste",
        name="Households on the waiting list",
        definisjon="Antall husstander som venter på kommunal bolig ved utgangen av måneden.",
        definition="Number of households waiting for a municipal dwelling at the end of the month.",
        unit="count",
        kind="stock",
        lower_is_better=True,
        kostra="KOSventelistetil",
        breakdowns=HOUSEHOLD_GROUPS,
    ),
    Indicator(
        id="ventetid_median_dager",
        navn="Ventetid på venteliste, median",
        name="Waiting time on the waiting list, median",
        definisjon=(
            "Median antall dager fra søknadsdato til siste dag i måneden for husstandene på "
            "venteliste. Ved et partall husstander: gjennomsnittet av de to midterste."
        ),
        definition=(
            "Median number of days from the application date to the last day of the month "
            "for the households on the waiting list. With an even count: the mean of the two "
            "middle values."
        ),
        unit="days",
        kind="stock",
        lower_is_better=True,
        breakdowns=HOUSEHOLD_GROUPS,
    ),
    Indicator(
        id="midlertidig",
        navn="Husstander i midlertidig botilbud",
        name="Households in temporary accommodation",
        definisjon="Antall husstander i midlertidig botilbud ved utgangen av måneden.",
        definition="Number of households in temporary accommodation at the end of the month.",
        unit="count",
        kind="stock",
        lower_is_better=True,
        breakdowns=_HOUSEHOLD_AND_AREA,
    ),
    Indicator(
        id="midlertidig_over_3_mnd_andel",
        navn="Andel i midlertidig botilbud over 3 måneder",
        name="Share in temporary accommodation for more than 3 months",
        definisjon=(
            "Andel av husstandene i midlertidig botilbud som ved utgangen av måneden har vært "
            "der i mer enn 90 dager."
        ),
        definition=(
            "Share of the households in temporary accommodation that have been there for more "
            "than 90 days at the end of the month."
        ),
        unit="percent",
        kind="stock",
        lower_is_better=True,
        kostra="KOSandbarn3m (bare barnefamilier)",
        breakdowns=HOUSEHOLD_GROUPS,
    ),
    Indicator(
        id="midlertidig_barnefamilier",
        navn="Barnefamilier i midlertidig botilbud",
        name="Families with children in temporary accommodation",
        definisjon="Antall husstander med minst ett barn i midlertidig botilbud.",
        definition="Number of households with at least one child in temporary accommodation.",
        unit="count",
        kind="stock",
        lower_is_better=True,
        breakdowns=_HOUSEHOLD_AND_AREA,
    ),
    Indicator(
        id="housing_first",
        navn="Husstander i Housing First",
        name="Households in Housing First",
        definisjon="Antall husstander som deltar i Housing First ved utgangen av måneden.",
        definition="Number of households taking part in Housing First at the end of the month.",
        unit="count",
        kind="stock",
        lower_is_better=False,
        breakdowns=_HOUSEHOLD_AND_AREA,
    ),
    Indicator(
        id="flyktninger_privat_leie",
        navn="Flyktninger i privat leie",
        name="Refugees renting privately",
        definisjon="Antall husstander med flyktningstatus som leier privat med hjelp fra kommunen.",
        definition="Number of refugee households renting privately with municipal help.",
        unit="count",
        kind="stock",
        lower_is_better=False,
        sensitive=True,
    ),
    Indicator(
        id="andel_trangbodde",
        navn="Andel trangbodde i kommunale boliger",
        name="Share of overcrowded municipal tenants",
        definisjon=(
            "Blant husstander i kommunal bolig der boligens areal er kjent: andelen som er "
            "trangbodde etter SSBs definisjon, det vil si færre rom enn personer (eller én "
            "person på ett rom) og under 25 kvadratmeter per person."
        ),
        definition=(
            "Among households in a municipal dwelling whose floor area is known: the share "
            "that is overcrowded by Statistics Norway's definition, i.e. fewer rooms than "
            "persons (or one person in one room) and less than 25 square metres per person."
        ),
        unit="percent",
        kind="stock",
        lower_is_better=True,
        kostra="SSB trangboddhet",
        breakdowns=HOUSEHOLD_GROUPS,
    ),
    Indicator(
        id="gjennomstromming",
        navn="Gjennomstrømning fra kommunal bolig",
        name="Moves from municipal rental",
        definisjon=(
            "Husstander som leide kommunal bolig forrige måned og som denne måneden leier privat "
            "eller eier bolig."
        ),
        definition=(
            "Households that rented a municipal dwelling last month and rent privately or own "
            "their home this month."
        ),
        unit="count",
        kind="flow",
        lower_is_better=False,
        breakdowns=HOUSEHOLD_GROUPS,
    ),
    Indicator(
        id="til_eid_bolig",
        navn="Husstander inn i eid bolig",
        name="Households into home ownership",
        definisjon=(
            "Husstander som eier bolig denne måneden, og som forrige måned ikke var fulgt opp "
            "eller var i en annen situasjon."
        ),
        definition=(
            "Households that own their home this month and last month were not followed up or "
            "were in another situation."
        ),
        unit="count",
        kind="flow",
        lower_is_better=False,
        breakdowns=HOUSEHOLD_GROUPS,
    ),
    Indicator(
        id="ut_av_midlertidig",
        navn="Ut av midlertidig botilbud",
        name="Out of temporary accommodation",
        definisjon=(
            "Husstander i midlertidig botilbud forrige måned som denne måneden leier kommunal "
            "bolig, leier privat eller eier bolig."
        ),
        definition=(
            "Households in temporary accommodation last month that this month rent a municipal "
            "dwelling, rent privately or own their home."
        ),
        unit="count",
        kind="flow",
        lower_is_better=False,
        breakdowns=HOUSEHOLD_GROUPS,
    ),
    Indicator(
        id="nye_i_midlertidig",
        navn="Nye i midlertidig botilbud",
        name="New in temporary accommodation",
        definisjon=(
            "Husstander i midlertidig botilbud denne måneden som forrige måned ikke var fulgt "
            "opp eller var i en annen situasjon."
        ),
        definition=(
            "Households in temporary accommodation this month that last month were not followed "
            "up or were in another situation."
        ),
        unit="count",
        kind="flow",
        lower_is_better=True,
        breakdowns=HOUSEHOLD_GROUPS,
    ),
    Indicator(
        id="nye_leietakere",
        navn="Nye leietakere i kommunal bolig",
        name="New tenants in municipal dwellings",
        definisjon=(
            "Husstander som leier kommunal bolig denne måneden og som forrige måned ikke var "
            "fulgt opp eller var i en annen situasjon."
        ),
        definition=(
            "Households renting a municipal dwelling this month that last month were not "
            "followed up or were in another situation."
        ),
        unit="count",
        kind="flow",
        lower_is_better=None,
        breakdowns=_HOUSEHOLD_AND_AREA,
    ),
    Indicator(
        id="unge_til_privat_leie",
        navn="Unge under 25 inn i privat leie",
        name="Young people under 25 into private rental",
        definisjon=(
            "Husstander der hovedpersonen er under 25 år, som leier privat denne måneden og "
            "forrige måned ikke var fulgt opp eller var i en annen situasjon."
        ),
        definition=(
            "Households headed by someone under 25 that rent privately this month and last "
            "month were not followed up or were in another situation."
        ),
        unit="count",
        kind="flow",
        lower_is_better=False,
    ),
    Indicator(
        id="startlan",
        navn="Innvilgede startlån",
        name="Start loans granted",
        definisjon="Husstander som fikk innvilget startlån i måneden.",
        definition="Households granted a start loan during the month.",
        unit="count",
        kind="flow",
        lower_is_better=False,
        breakdowns=HOUSEHOLD_GROUPS,
    ),
    Indicator(
        id="flyktninger_til_privat_leie",
        navn="Flyktninger inn i privat leie",
        name="Refugees into private rental",
        definisjon=(
            "Husstander med flyktningstatus som leier privat denne måneden og forrige måned "
            "ikke var fulgt opp eller var i en annen situasjon."
        ),
        definition=(
            "Refugee households that rent privately this month and last month were not "
            "followed up or were in another situation."
        ),
        unit="count",
        kind="flow",
        lower_is_better=False,
        sensitive=True,
    ),
    Indicator(
        id="omrade_kommunale_boliger",
        navn="Kommunale boliger i området",
        name="Municipal dwellings in the area",
        definisjon="Antall kommunalt disponerte boliger som ligger i området.",
        definition="Number of municipally disposed dwellings located in the area.",
        unit="count",
        kind="stock",
        lower_is_better=None,
        level="omrade",
    ),
    Indicator(
        id="omrade_andel_kommunale",
        navn="Andel kommunale boliger i området",
        name="Share of municipal dwellings in the area",
        definisjon=(
            "Kommunale boliger i området delt på alle boliger i området (områdestatistikken for "
            "siste år til og med månedens år)."
        ),
        definition=(
            "Municipal dwellings in the area divided by all dwellings in the area (area "
            "statistics for the latest year up to and including the month's year)."
        ),
        unit="percent",
        kind="stock",
        lower_is_better=None,
        level="omrade",
    ),
    Indicator(
        id="omrade_lokasjonskvotient",
        navn="Lokasjonskvotient",
        name="Location quotient",
        definisjon=(
            "Områdets andel av alle kommunale boliger delt på områdets andel av alle boliger. "
            "Over 1 betyr flere kommunale boliger enn områdets størrelse tilsier."
        ),
        definition=(
            "The area's share of all municipal dwellings divided by its share of all dwellings. "
            "Above 1 means more municipal dwellings than the area's size suggests."
        ),
        unit="ratio",
        kind="stock",
        lower_is_better=None,
        level="omrade",
    ),
)

_BY_ID = {indicator.id: indicator for indicator in INDICATORS}


def indicator(indicator_id: str) -> Indicator:
    """The registry entry for an id; a clear error for an unknown one."""
    try:
        return _BY_ID[indicator_id]
    except KeyError:
        raise KeyError(f"Ukjent indikator: {indicator_id}") from None


def municipal_indicators() -> tuple[Indicator, ...]:
    """The indicators with one value per month for the whole municipality, in registry order."""
    return tuple(entry for entry in INDICATORS if entry.level == "kommune")


def ids(*, kind: Kind | None = None, unit: Unit | None = None) -> list[str]:
    """Ids of the municipal indicators, optionally only one kind or unit."""
    return [
        entry.id
        for entry in municipal_indicators()
        if (kind is None or entry.kind == kind) and (unit is None or entry.unit == unit)
    ]


def registry_frame() -> pl.LazyFrame:
    """The registry as a frame, for joining onto indicator values."""
    return pl.LazyFrame(
        {
            "indikator": [entry.id for entry in INDICATORS],
            "rekkefolge": list(range(len(INDICATORS))),
            "kind": [entry.kind for entry in INDICATORS],
            "unit": [entry.unit for entry in INDICATORS],
            "lower_is_better": [entry.lower_is_better for entry in INDICATORS],
            "sensitive": [entry.sensitive for entry in INDICATORS],
        },
        schema_overrides={"lower_is_better": pl.Boolean},
    )


def definitions_table() -> pl.DataFrame:
    """The definitions as people read them, with Norwegian headers (exports' second sheet)."""
    return pl.DataFrame(
        {
            "Indikator": [entry.id for entry in INDICATORS],
            "Navn": [entry.navn for entry in INDICATORS],
            "Definisjon": [entry.definisjon for entry in INDICATORS],
            "Enhet": [entry.enhet for entry in INDICATORS],
            "Type": [KIND_LABELS[entry.kind] for entry in INDICATORS],
            "Retning": [entry.retning for entry in INDICATORS],
            "KOSTRA": [entry.kostra for entry in INDICATORS],
        }
    )
