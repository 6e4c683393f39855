"""The indicator registry: the one list of indicators, their names and definitions.

Every id of indicators.md (version 1) has an entry here, plus the ones the project adds. Pages,
exports and reports take names, definitions, units and directions from here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import polars as pl

from core.i18n import N_

Kind = Literal["stock", "flow"]
Unit = Literal["count", "percent", "per_1000", "days", "ratio"]
Level = Literal["kommune", "omrade"]

UNIT_LABELS: dict[Unit, str] = {
    "count": N_("antall"),
    "percent": N_("prosent"),
    "per_1000": N_("per 1000 innbyggere"),
    "days": N_("dager"),
    "ratio": N_("forholdstall"),
}
KIND_LABELS: dict[Kind, str] = {"stock": N_("beholdning"), "flow": N_("strøm")}

# Target groups of the breakdowns: the household column (or rule) and its Norwegian label.
TARGET_GROUPS: dict[str, str] = {
    "flyktning": N_("Flyktninger"),
    "under_25": N_("Unge under 25 år"),
    "rus_psykisk": N_("Rus og psykisk helse"),
    "funksjonsnedsettelse": N_("Funksjonsnedsettelse"),
    "barnefamilie": N_("Barnefamilier"),
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
    navn: str  # in bokmål; English and other languages from the catalogue (core.i18n)
    definisjon: str
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
            return N_("ingen retning")
        return N_("lavere er bedre") if self.lower_is_better else N_("høyere er bedre")


_HOUSEHOLD_AND_AREA = (*HOUSEHOLD_GROUPS, AREA)

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        id="kommunale_boliger",
        navn=N_("Kommunalt disponerte boliger"),
        definisjon=N_("Antall boliger kommunen disponerer ved utgangen av måneden."),
        unit="count",
        kind="stock",
        lower_is_better=None,
        kostra="Kommunalt disponerte boliger",
        breakdowns=(AREA,),
    ),
    Indicator(
        id="kommunale_boliger_per_1000",
        navn=N_("Kommunale boliger per 1000 innbyggere"),
        definisjon=N_(
            "Kommunalt disponerte boliger delt på folketallet, ganger 1000. Folketallet er "
            "summen av innbyggere i områdestatistikken for siste år til og med månedens år."
        ),
        unit="per_1000",
        kind="stock",
        lower_is_better=None,
        kostra="KOSboligSper1000",
    ),
    Indicator(
        id="andel_rullestol",
        navn=N_("Andel boliger tilpasset rullestolbrukere"),
        definisjon=N_(
            "Andel av de kommunalt disponerte boligene som er tilgjengelige for rullestol."
        ),
        unit="percent",
        kind="stock",
        lower_is_better=False,
        kostra="KOSAndeltilgjeng",
    ),
    Indicator(
        id="andel_ledige",
        navn=N_("Andel ledige boliger"),
        definisjon=N_(
            "Ledige boliger delt på boliger som er utleid eller ledige. Boliger under "
            "utbedring telles ikke med."
        ),
        unit="percent",
        kind="stock",
        lower_is_better=True,
    ),
    Indicator(
        id="venteliste",
        navn=N_("Husstander på venteliste"),
        definisjon=N_("Antall husstander som venter på kommunal bolig ved utgangen av måneden."),
        unit="count",
        kind="stock",
        lower_is_better=True,
        kostra="KOSventelistetil",
        breakdowns=HOUSEHOLD_GROUPS,
    ),
    Indicator(
        id="ventetid_median_dager",
        navn=N_("Ventetid på venteliste, median"),
        definisjon=N_(
            "Median antall dager fra søknadsdato til siste dag i måneden for husstandene på "
            "venteliste. Ved et partall husstander: gjennomsnittet av de to midterste."
        ),
        unit="days",
        kind="stock",
        lower_is_better=True,
        breakdowns=HOUSEHOLD_GROUPS,
    ),
    Indicator(
        id="midlertidig",
        navn=N_("Husstander i midlertidig botilbud"),
        definisjon=N_("Antall husstander i midlertidig botilbud ved utgangen av måneden."),
        unit="count",
        kind="stock",
        lower_is_better=True,
        breakdowns=_HOUSEHOLD_AND_AREA,
    ),
    Indicator(
        id="midlertidig_over_3_mnd_andel",
        navn=N_("Andel i midlertidig botilbud over 3 måneder"),
        definisjon=N_(
            "Andel av husstandene i midlertidig botilbud som ved utgangen av måneden har vært "
            "der i mer enn 90 dager."
        ),
        unit="percent",
        kind="stock",
        lower_is_better=True,
        kostra="KOSandbarn3m (bare barnefamilier)",
        breakdowns=HOUSEHOLD_GROUPS,
    ),
    Indicator(
        id="midlertidig_barnefamilier",
        navn=N_("Barnefamilier i midlertidig botilbud"),
        definisjon=N_("Antall husstander med minst ett barn i midlertidig botilbud."),
        unit="count",
        kind="stock",
        lower_is_better=True,
        breakdowns=_HOUSEHOLD_AND_AREA,
    ),
    Indicator(
        id="housing_first",
        navn=N_("Husstander i Housing First"),
        definisjon=N_("Antall husstander som deltar i Housing First ved utgangen av måneden."),
        unit="count",
        kind="stock",
        lower_is_better=False,
        breakdowns=_HOUSEHOLD_AND_AREA,
    ),
    Indicator(
        id="flyktninger_privat_leie",
        navn=N_("Flyktninger i privat leie"),
        definisjon=N_(
            "Antall husstander med flyktningstatus som leier privat med hjelp fra kommunen."
        ),
        unit="count",
        kind="stock",
        lower_is_better=False,
        sensitive=True,
    ),
    Indicator(
        id="andel_trangbodde",
        navn=N_("Andel trangbodde i kommunale boliger"),
        definisjon=N_(
            "Blant husstander i kommunal bolig der boligens areal er kjent: andelen som er "
            "trangbodde etter SSBs definisjon, det vil si færre rom enn personer (eller én "
            "person på ett rom) og under 25 kvadratmeter per person."
        ),
        unit="percent",
        kind="stock",
        lower_is_better=True,
        kostra="SSB trangboddhet",
        breakdowns=HOUSEHOLD_GROUPS,
    ),
    Indicator(
        id="gjennomstromming",
        navn=N_("Gjennomstrømning fra kommunal bolig"),
        definisjon=N_(
            "Husstander som leide kommunal bolig forrige måned og som denne måneden leier privat "
            "eller eier bolig."
        ),
        unit="count",
        kind="flow",
        lower_is_better=False,
        breakdowns=HOUSEHOLD_GROUPS,
    ),
    Indicator(
        id="til_eid_bolig",
        navn=N_("Husstander inn i eid bolig"),
        definisjon=N_(
            "Husstander som eier bolig denne måneden, og som forrige måned ikke var fulgt opp "
            "eller var i en annen situasjon."
        ),
        unit="count",
        kind="flow",
        lower_is_better=False,
        breakdowns=HOUSEHOLD_GROUPS,
    ),
    Indicator(
        id="ut_av_midlertidig",
        navn=N_("Ut av midlertidig botilbud"),
        definisjon=N_(
            "Husstander i midlertidig botilbud forrige måned som denne måneden leier kommunal "
            "bolig, leier privat eller eier bolig."
        ),
        unit="count",
        kind="flow",
        lower_is_better=False,
        breakdowns=HOUSEHOLD_GROUPS,
    ),
    Indicator(
        id="nye_i_midlertidig",
        navn=N_("Nye i midlertidig botilbud"),
        definisjon=N_(
            "Husstander i midlertidig botilbud denne måneden som forrige måned ikke var fulgt "
            "opp eller var i en annen situasjon."
        ),
        unit="count",
        kind="flow",
        lower_is_better=True,
        breakdowns=HOUSEHOLD_GROUPS,
    ),
    Indicator(
        id="nye_leietakere",
        navn=N_("Nye leietakere i kommunal bolig"),
        definisjon=N_(
            "Husstander som leier kommunal bolig denne måneden og som forrige måned ikke var "
            "fulgt opp eller var i en annen situasjon."
        ),
        unit="count",
        kind="flow",
        lower_is_better=None,
        breakdowns=_HOUSEHOLD_AND_AREA,
    ),
    Indicator(
        id="unge_til_privat_leie",
        navn=N_("Unge under 25 inn i privat leie"),
        definisjon=N_(
            "Husstander der hovedpersonen er under 25 år, som leier privat denne måneden og "
            "forrige måned ikke var fulgt opp eller var i en annen situasjon."
        ),
        unit="count",
        kind="flow",
        lower_is_better=False,
    ),
    Indicator(
        id="startlan",
        navn=N_("Innvilgede startlån"),
        definisjon=N_("Husstander som fikk innvilget startlån i måneden."),
        unit="count",
        kind="flow",
        lower_is_better=False,
        breakdowns=HOUSEHOLD_GROUPS,
    ),
    Indicator(
        id="flyktninger_til_privat_leie",
        navn=N_("Flyktninger inn i privat leie"),
        definisjon=N_(
            "Husstander med flyktningstatus som leier privat denne måneden og forrige måned "
            "ikke var fulgt opp eller var i en annen situasjon."
        ),
        unit="count",
        kind="flow",
        lower_is_better=False,
        sensitive=True,
    ),
    # Household pathways (indicators.md 1.1), computed by indicators.pathways.
    Indicator(
        id="leie_til_eie",
        navn=N_("Husstander på leie til eie"),
        definisjon=N_(
            "Antall husstander som er på leie til eie-sporet (har dato i leie_til_eie_fra) og "
            "ennå ikke eier boligen, ved utgangen av måneden."
        ),
        unit="count",
        kind="stock",
        lower_is_better=False,
        breakdowns=HOUSEHOLD_GROUPS,
    ),
    Indicator(
        id="leie_til_eie_kjopt",
        navn=N_("Kjøp gjennom leie til eie"),
        definisjon=N_(
            "Husstander på leie til eie-sporet som eier bolig denne måneden, og som forrige "
            "måned ikke var fulgt opp eller var i en annen situasjon."
        ),
        unit="count",
        kind="flow",
        lower_is_better=False,
        breakdowns=HOUSEHOLD_GROUPS,
    ),
    Indicator(
        id="tilbake_i_midlertidig_12_mnd",
        navn=N_("Tilbake i midlertidig botilbud innen 12 måneder"),
        definisjon=N_(
            "Husstander som kom inn i midlertidig botilbud denne måneden, og som i løpet av de "
            "12 foregående månedene flyttet fra midlertidig botilbud til kommunal bolig, privat "
            "leie eller eid bolig. En flytting telles bare når husstanden er med i begge "
            "månedenes uttrekk."
        ),
        unit="count",
        kind="flow",
        lower_is_better=True,
        breakdowns=HOUSEHOLD_GROUPS,
    ),
    Indicator(
        id="andel_bosatt_fortsatt_12_mnd",
        navn=N_("Andel fortsatt bosatt 12 måneder etter midlertidig botilbud"),
        definisjon=N_(
            "Av husstandene som flyttet fra midlertidig botilbud til kommunal bolig, privat "
            "leie eller eid bolig for 12 måneder siden: andelen som bor i en av disse nå. "
            "Husstander som ikke er med i månedens uttrekk har ukjent situasjon og holdes "
            "utenfor (se antall ukjente)."
        ),
        unit="percent",
        kind="stock",
        lower_is_better=False,
        breakdowns=HOUSEHOLD_GROUPS,
    ),
    Indicator(
        id="bosatt_fortsatt_12_mnd_ukjent",
        navn=N_("Ukjent situasjon 12 måneder etter midlertidig botilbud"),
        definisjon=N_(
            "Av husstandene som flyttet fra midlertidig botilbud til en bolig for 12 måneder "
            "siden: antallet som ikke er med i månedens uttrekk."
        ),
        unit="count",
        kind="stock",
        lower_is_better=None,
        breakdowns=HOUSEHOLD_GROUPS,
    ),
    Indicator(
        id="omrade_kommunale_boliger",
        navn=N_("Kommunale boliger i området"),
        definisjon=N_("Antall kommunalt disponerte boliger som ligger i området."),
        unit="count",
        kind="stock",
        lower_is_better=None,
        level="omrade",
    ),
    Indicator(
        id="omrade_andel_kommunale",
        navn=N_("Andel kommunale boliger i området"),
        definisjon=N_(
            "Kommunale boliger i området delt på alle boliger i området (områdestatistikken for "
            "siste år til og med månedens år)."
        ),
        unit="percent",
        kind="stock",
        lower_is_better=None,
        level="omrade",
    ),
    Indicator(
        id="omrade_lokasjonskvotient",
        navn=N_("Lokasjonskvotient"),
        definisjon=N_(
            "Områdets andel av alle kommunale boliger delt på områdets andel av alle boliger. "
            "Over 1 betyr flere kommunale boliger enn områdets størrelse tilsier."
        ),
        unit="ratio",
        kind="stock",
        lower_is_better=None,
        level="omrade",
    ),
    # Boligmasse and boligprosjekter (indicators.md 1.1; issue 12).
    Indicator(
        id="innleide_boliger",
        navn=N_("Innleide boliger"),
        definisjon=N_(
            "Boliger kommunen leier av private eiere og leier ut videre (eierform innleid), ved "
            "utgangen av måneden."
        ),
        unit="count",
        kind="stock",
        lower_is_better=None,
    ),
    Indicator(
        id="private_utleiere",
        navn=N_("Private utleiere"),
        definisjon=N_(
            "Antall ulike utleiere (utleier_id) for innleide boliger og boliger med tildelingsrett."
        ),
        unit="count",
        kind="stock",
        lower_is_better=False,
    ),
    Indicator(
        id="private_utleiere_nye",
        navn=N_("Nye private utleiere"),
        definisjon=N_(
            "Utleiere som har en innleid bolig eller bolig med tildelingsrett denne måneden og "
            "ingen forrige måned."
        ),
        unit="count",
        kind="flow",
        lower_is_better=False,
    ),
    Indicator(
        id="private_utleiere_tapt",
        navn=N_("Private utleiere som har gått ut"),
        definisjon=N_(
            "Utleiere som hadde en innleid bolig eller bolig med tildelingsrett forrige måned og "
            "ingen denne måneden."
        ),
        unit="count",
        kind="flow",
        lower_is_better=True,
    ),
    Indicator(
        id="innleie_utloper_3_mnd",
        navn=N_("Innleieavtaler som utløper innen 3 måneder"),
        definisjon=N_(
            "Innleide boliger der leieavtalen slutter etter månedens siste dag og senest siste "
            "dag i måneden tre måneder fram."
        ),
        unit="count",
        kind="stock",
        lower_is_better=None,
    ),
    Indicator(
        id="innleie_utloper_6_mnd",
        navn=N_("Innleieavtaler som utløper innen 6 måneder"),
        definisjon=N_(
            "Innleide boliger der leieavtalen slutter etter månedens siste dag og senest siste "
            "dag i måneden seks måneder fram."
        ),
        unit="count",
        kind="stock",
        lower_is_better=None,
    ),
    Indicator(
        id="innleie_utloper_12_mnd",
        navn=N_("Innleieavtaler som utløper innen 12 måneder"),
        definisjon=N_(
            "Innleide boliger der leieavtalen slutter etter månedens siste dag og senest siste "
            "dag i måneden tolv måneder fram."
        ),
        unit="count",
        kind="stock",
        lower_is_better=None,
    ),
    Indicator(
        id="innleie_uten_sluttdato",
        navn=N_("Innleieavtaler uten sluttdato"),
        definisjon=N_("Innleide boliger der leieavtalen ikke har noen sluttdato."),
        unit="count",
        kind="stock",
        lower_is_better=None,
    ),
    Indicator(
        id="boliger_med_personalbase",
        navn=N_("Boliger med personalbase"),
        definisjon=N_("Boliger av typen bofellesskap (med personalbase)."),
        unit="count",
        kind="stock",
        lower_is_better=None,
    ),
    Indicator(
        id="smahus",
        navn=N_("Småhus"),
        definisjon=N_("Småhus for personer med rus- eller psykiske helseutfordringer."),
        unit="count",
        kind="stock",
        lower_is_better=None,
    ),
    Indicator(
        id="boliger_inn",
        navn=N_("Boliger inn i boligmassen"),
        definisjon=N_("Boliger som er med denne måneden og ikke var med forrige måned."),
        unit="count",
        kind="flow",
        lower_is_better=None,
    ),
    Indicator(
        id="boliger_ut",
        navn=N_("Boliger ut av boligmassen"),
        definisjon=N_("Boliger som var med forrige måned og ikke er med denne måneden."),
        unit="count",
        kind="flow",
        lower_is_better=None,
    ),
    Indicator(
        id="prosjektboliger_planlagt",
        navn=N_("Planlagte prosjektboliger"),
        definisjon=N_("Boliger i prosjekter med status planlagt i prosjektregisteret."),
        unit="count",
        kind="stock",
        lower_is_better=None,
    ),
    Indicator(
        id="prosjektboliger_regulert",
        navn=N_("Regulerte prosjektboliger"),
        definisjon=N_("Boliger i prosjekter med status regulert i prosjektregisteret."),
        unit="count",
        kind="stock",
        lower_is_better=None,
    ),
    Indicator(
        id="prosjektboliger_under_bygging",
        navn=N_("Prosjektboliger under bygging"),
        definisjon=N_("Boliger i prosjekter med status under bygging i prosjektregisteret."),
        unit="count",
        kind="stock",
        lower_is_better=None,
    ),
    Indicator(
        id="prosjektboliger_ferdig_i_aar",
        navn=N_("Prosjektboliger ferdigstilt hittil i år"),
        definisjon=N_(
            "Boliger i ferdige prosjekter med ferdigdato i månedens år, til og med månedens "
            "siste dag."
        ),
        unit="count",
        kind="stock",
        lower_is_better=False,
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
