"""KOSTRA: the yearly skjema 13 draft from the monthly snapshots, and our figures beside SSB's.

Skjema 13 is the municipality's yearly report to SSB on the municipally disposed dwellings,
the waiting list and temporary accommodation. The draft gives the figures the monthly snapshots
can give for a year, each with the rule that computed it (nb, en), last year's value and a
warning when it swings more than 20 % from it: the check Husbanken asks municipalities to make
before they file. The form itself is filed with SSB, not from here.

Stocks are counted in the year's last month with a snapshot (normally December: `til_og_med`
says which). "During the year" counts distinct households (`husstand_id`) over every month of
the year with a snapshot (`maaneder` says how many), so a household in temporary accommodation
twice in a year counts once. A stay is "more than three months" when, in some month of the
year, the household was in temporary accommodation and the last day of that month lay more than
90 days after its `i_situasjon_fra`: a stay is measured from its start, also when it started
the year before, up to the last month-end in the year at which the household was still there;
two short stays are not added up. KOSTRA publishes households with children in temporary
accommodation (KOSandbarn3m: the share of them staying more than three months), so the draft
counts households with children (`barn` ≥ 1); the number of children is given beside it.
New tenants are the monthly flow `nye_leietakere` summed over the year's months that have one.

Comparing with what KOSTRA published for us: our year value (`periods.roll_up`, period year)
beside SSB's for the same year, the difference flagged when it is larger than both an absolute
tolerance (in the indicator's unit) and a relative one (share of SSB's value).

Husbanken's count/share toggle: each compared figure has a count form, a share or per 1000 form,
or both (`KostraCounterpart.figure` ties the forms together); a figure without a form in the
chosen measure is still named, with the form it has (`compared_figures`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import polars as pl

from core.settings import ComparisonGroup
from indicators.definitions import FLOWS, MORE_THAN_THREE_MONTHS
from indicators.measures import days_since, in_situation, per_month
from indicators.monthly import month_pairs, months_of, months_with_previous
from indicators.registry import Unit, indicator

SWING_LIMIT = 0.20  # a change from last year larger than this share of last year's value
COUNTRY = "EAK"

FigureKind = Literal["year_end", "during_year"]


@dataclass(frozen=True)
class DraftFigure:
    """One figure of the skjema 13 draft: what it is called and the rule that computes it."""

    id: str
    navn: str
    name: str
    regel: str
    rule: str
    kind: FigureKind  # a year-end stock, or counted over the months of the year


_YEAR_END_NB = "i årets siste måned med øyeblikksbilde (normalt desember)"
_YEAR_END_EN = "in the year's last month with a snapshot (normally December)"
_DISTINCT_NB = (
    "Ulike husstander (husstand_id) som i minst én av årets måneder med øyeblikksbilde {0}; en "
    "husstand som har vært der flere ganger i året, telles én gang."
)
_DISTINCT_EN = (
    "Distinct households (husstand_id) that in at least one of the year's months with a "
    "snapshot {0}; a household that was there several times in the year counts once."
)
_LONG_STAY_NB = (
    "var i midlertidig botilbud{0} og da hadde vært der i mer enn 90 dager, regnet fra "
    "i_situasjon_fra til siste dag i måneden (også om oppholdet startet året før; to korte "
    "opphold legges ikke sammen)"
)
_LONG_STAY_EN = (
    "was in temporary accommodation{0} and had then been there for more than 90 days, counted "
    "from i_situasjon_fra to the last day of the month (also when the stay began the year "
    "before; two short stays are not added up)"
)


def _dwellings(code: str, nb: str, en: str, condition_nb: str, condition_en: str) -> DraftFigure:
    return DraftFigure(
        f"boliger_{code}",
        f"Kommunalt disponerte boliger, {nb}",
        f"Municipally disposed dwellings, {en}",
        f"Antall boliger med {condition_nb} {_YEAR_END_NB}.",
        f"Number of dwellings with {condition_en} {_YEAR_END_EN}.",
        "year_end",
    )


DRAFT_FIGURES: tuple[DraftFigure, ...] = (
    DraftFigure(
        "boliger_i_alt",
        "Kommunalt disponerte boliger i alt",
        "Municipally disposed dwellings, total",
        f"Antall boliger {_YEAR_END_NB}.",
        f"Number of dwellings {_YEAR_END_EN}.",
        "year_end",
    ),
    _dwellings("eid", "eid av kommunen", "owned", "eierform eid", "eierform eid"),
    _dwellings("innleid", "leid inn", "leased", "eierform innleid", "eierform innleid"),
    _dwellings(
        "tildelingsrett",
        "med tildelingsrett",
        "with allocation right",
        "eierform tildelingsrett",
        "eierform tildelingsrett",
    ),
    _dwellings("ordinaer", "ordinære", "ordinary", "boligtype ordinaer", "boligtype ordinaer"),
    _dwellings("omsorg", "omsorgsboliger", "care", "boligtype omsorg", "boligtype omsorg"),
    _dwellings(
        "bofellesskap",
        "bofellesskap",
        "shared with a staff base",
        "boligtype bofellesskap",
        "boligtype bofellesskap",
    ),
    _dwellings(
        "midlertidig",
        "midlertidige boliger",
        "temporary units",
        "boligtype midlertidig",
        "boligtype midlertidig",
    ),
    _dwellings("smahus", "småhus", "small houses", "boligtype smahus", "boligtype smahus"),
    _dwellings(
        "rullestol",
        "tilpasset rullestolbrukere",
        "accessible for wheelchair users",
        "rullestol = ja",
        "rullestol = yes",
    ),
    DraftFigure(
        "venteliste",
        "Husstander på venteliste ved årets slutt",
        "Households on the waiting list at year end",
        f"Antall husstander med situasjon venteliste {_YEAR_END_NB}.",
        f"Number of households with situasjon venteliste {_YEAR_END_EN}.",
        "year_end",
    ),
    DraftFigure(
        "midlertidig_i_aaret",
        "Husstander i midlertidig botilbud i løpet av året",
        "Households in temporary accommodation during the year",
        _DISTINCT_NB.format("var i midlertidig botilbud"),
        _DISTINCT_EN.format("were in temporary accommodation"),
        "during_year",
    ),
    DraftFigure(
        "midlertidig_over_3_mnd",
        "Husstander i midlertidig botilbud i mer enn tre måneder",
        "Households in temporary accommodation for more than three months",
        _DISTINCT_NB.format(_LONG_STAY_NB.format("")),
        _DISTINCT_EN.format(_LONG_STAY_EN.format("")),
        "during_year",
    ),
    DraftFigure(
        "midlertidig_barnefamilier",
        "Barnefamilier i midlertidig botilbud i løpet av året",
        "Families with children in temporary accommodation during the year",
        _DISTINCT_NB.format("var i midlertidig botilbud med minst ett barn (barn ≥ 1)"),
        _DISTINCT_EN.format("were in temporary accommodation with at least one child (barn ≥ 1)"),
        "during_year",
    ),
    DraftFigure(
        "midlertidig_barnefamilier_over_3_mnd",
        "Barnefamilier i midlertidig botilbud i mer enn tre måneder",
        "Families with children in temporary accommodation for more than three months",
        _DISTINCT_NB.format(_LONG_STAY_NB.format(" med minst ett barn (barn ≥ 1)")),
        _DISTINCT_EN.format(_LONG_STAY_EN.format(" with at least one child (barn ≥ 1)")),
        "during_year",
    ),
    DraftFigure(
        "midlertidig_barn",
        "Barn i midlertidig botilbud i løpet av året",
        "Children in temporary accommodation during the year",
        "Summen over husstandene som var i midlertidig botilbud i året, av det høyeste antallet "
        "barn husstanden hadde i en måned den var der.",
        "The sum, over the households in temporary accommodation during the year, of the most "
        "children the household had in a month it was there.",
        "during_year",
    ),
    DraftFigure(
        "nye_leietakere",
        "Nye leietakere i kommunal bolig i året",
        "New tenants in municipal dwellings during the year",
        "Summen over årets måneder av husstander som kom inn i kommunal bolig (leier kommunal "
        "bolig denne måneden, og forrige måned var de ikke fulgt opp eller i en annen "
        "situasjon). En måned teller bare når måneden før også har et øyeblikksbilde.",
        "The sum over the year's months of households that came into a municipal dwelling "
        "(renting one this month, and last month not followed up or in another situation). A "
        "month counts only when the month before also has a snapshot.",
        "during_year",
    ),
)

_FIGURE_COLUMNS = ("figur", "verdi", "til_og_med", "maaneder")


def figures_frame() -> pl.LazyFrame:
    """The draft's figures with their names, rules, kind and order, for joining onto values."""
    return pl.LazyFrame(
        {
            "figur": [figure.id for figure in DRAFT_FIGURES],
            "rekkefolge": list(range(len(DRAFT_FIGURES))),
            "navn": [figure.navn for figure in DRAFT_FIGURES],
            "name": [figure.name for figure in DRAFT_FIGURES],
            "regel": [figure.regel for figure in DRAFT_FIGURES],
            "rule": [figure.rule for figure in DRAFT_FIGURES],
            "kind": [figure.kind for figure in DRAFT_FIGURES],
        }
    )


def in_year(frame: pl.LazyFrame, year: int) -> pl.LazyFrame:
    """The rows of a snapshot frame whose month (`maaned`) falls in `year`."""
    return frame.filter(pl.col("maaned").dt.year() == year)


def at_year_end(frame: pl.LazyFrame, year: int) -> pl.LazyFrame:
    """The rows of the year's last month that has rows (none when the year has no snapshot)."""
    rows = in_year(frame, year)
    return rows.filter(pl.col("maaned") == pl.col("maaned").max())


def _count(condition: pl.Expr) -> pl.Expr:
    """Rows where `condition` holds (a missing value counts as not holding)."""
    return condition.fill_null(False).sum()


def _households(condition: pl.Expr) -> pl.Expr:
    """Distinct households with at least one row where `condition` holds."""
    return pl.col("husstand_id").filter(condition.fill_null(False)).n_unique()


def _as_figures(frame: pl.LazyFrame, counts: Mapping[str, pl.Expr]) -> pl.LazyFrame:
    """One row per figure: its count over `frame`, the last month and how many months it has.

    A frame without rows gives figures without a value (empty, not 0).
    """
    return (
        frame.select(
            *(expression.cast(pl.Int64).alias(name) for name, expression in counts.items()),
            pl.col("maaned").max().alias("til_og_med"),
            pl.col("maaned").n_unique().cast(pl.Int32).alias("maaneder"),
        )
        .unpivot(index=["til_og_med", "maaneder"], variable_name="figur", value_name="verdi")
        .select(
            "figur",
            pl.when(pl.col("maaneder") > 0).then(pl.col("verdi")).alias("verdi"),
            "til_og_med",
            "maaneder",
        )
    )


def year_end_dwellings(boliger: pl.LazyFrame, year: int) -> pl.LazyFrame:
    """The dwelling stock at year end: in all, by eierform, by boligtype, for wheelchair users."""
    counts = {
        "boliger_i_alt": pl.len(),
        **{
            f"boliger_{code}": _count(pl.col("eierform") == code)
            for code in ("eid", "innleid", "tildelingsrett")
        },
        **{
            f"boliger_{code}": _count(pl.col("boligtype") == code)
            for code in ("ordinaer", "omsorg", "bofellesskap", "midlertidig", "smahus")
        },
        "boliger_rullestol": _count(pl.col("rullestol")),
    }
    return _as_figures(at_year_end(boliger, year), counts)


def year_end_waiting_list(husstander: pl.LazyFrame, year: int) -> pl.LazyFrame:
    """Households on the waiting list in the year's last household snapshot."""
    counts = {"venteliste": _count(in_situation("venteliste"))}
    return _as_figures(at_year_end(husstander, year), counts)


def temporary_accommodation(husstander: pl.LazyFrame, year: int) -> pl.LazyFrame:
    """Households in temporary accommodation during the year, for more than three months, with
    children, and the children (the rules in the module's docstring)."""
    temporary = in_situation("midlertidig")
    long_stay = temporary & (days_since("i_situasjon_fra") > MORE_THAN_THREE_MONTHS)
    with_children = pl.col("barn") >= 1
    most_children = pl.col("barn").filter(temporary).max().over("husstand_id")
    counts = {
        "midlertidig_i_aaret": _households(temporary),
        "midlertidig_over_3_mnd": _households(long_stay),
        "midlertidig_barnefamilier": _households(temporary & with_children),
        "midlertidig_barnefamilier_over_3_mnd": _households(long_stay & with_children),
        "midlertidig_barn": most_children.filter(pl.col("husstand_id").is_first_distinct()).sum(),
    }
    return _as_figures(in_year(husstander, year), counts)


def new_tenants(husstander: pl.LazyFrame, year: int) -> pl.LazyFrame:
    """New tenants in municipal dwellings: the monthly flow summed over the year's months."""
    months = months_of(husstander)
    flows = per_month(
        month_pairs(husstander),
        {"nye_leietakere": FLOWS["nye_leietakere"]},
        grid=months_with_previous(months),
    )
    return _as_figures(in_year(flows, year), {"nye_leietakere": pl.col("teller").sum()})


def figures_for_year(boliger: pl.LazyFrame, husstander: pl.LazyFrame, year: int) -> pl.LazyFrame:
    """Every draft figure for one year: `figur, aar, verdi, til_og_med, maaneder`."""
    window = husstander.filter(pl.col("maaned").dt.year().is_between(year - 1, year))
    return pl.concat(
        [
            year_end_dwellings(boliger, year),
            year_end_waiting_list(husstander, year),
            temporary_accommodation(husstander, year),
            new_tenants(window, year),
        ]
    ).select("figur", pl.lit(year, pl.Int32).alias("aar"), *_FIGURE_COLUMNS[1:])


def large_swing(value: pl.Expr, last_year: pl.Expr) -> pl.Expr:
    """True when a figure moved more than SWING_LIMIT of last year's value (from 0: any rise)."""
    return (
        pl.when(last_year == 0)
        .then(value > 0)
        .otherwise((value - last_year).abs() > SWING_LIMIT * last_year)
    )


def skjema13_draft(boliger: pl.LazyFrame, husstander: pl.LazyFrame, year: int) -> pl.LazyFrame:
    """The year's draft figures with names and rules, last year's value and the swing warning.

    `endring_prosent` is the change from last year in percent of last year's value;
    `stort_sprang` is null where the two years cannot be compared: a value missing, or a figure
    counted over the year's months covering a different number of months each year.
    """
    last_year = figures_for_year(boliger, husstander, year - 1).select(
        "figur",
        pl.col("verdi").alias("i_fjor"),
        pl.col("maaneder").alias("i_fjor_maaneder"),
    )
    comparable = (
        pl.col("verdi").is_not_null()
        & pl.col("i_fjor").is_not_null()
        & ((pl.col("kind") == "year_end") | (pl.col("maaneder") == pl.col("i_fjor_maaneder")))
    )
    return (
        figures_for_year(boliger, husstander, year)
        .join(last_year, on="figur", how="left")
        .join(figures_frame(), on="figur", how="left")
        .sort("rekkefolge")
        .select(
            "figur",
            "navn",
            "name",
            "regel",
            "rule",
            "aar",
            "verdi",
            "til_og_med",
            "maaneder",
            "i_fjor",
            pl.when(comparable & (pl.col("i_fjor") > 0))
            .then((pl.col("verdi") - pl.col("i_fjor")) * 100.0 / pl.col("i_fjor"))
            .alias("endring_prosent"),
            pl.when(comparable)
            .then(large_swing(pl.col("verdi"), pl.col("i_fjor")))
            .alias("stort_sprang"),
        )
    )


# --- Beside what KOSTRA published -------------------------------------------------------------


@dataclass(frozen=True)
class KostraCounterpart:
    """An indicator of ours and the SSB variable KOSTRA publishes for it, in the same unit.

    `figure` names the compared figure it is one form of: a figure may have a count form and a
    share or per 1000 form (municipal dwellings: the number, and per 1000 inhabitants).
    """

    figure: str
    indicator_id: str
    variable_code: str
    variable_label: str  # SSB's label (nb), also how a CSV without codes names the variable
    same_definition: bool = True  # False: shown beside ours, but not compared with it


# New counterparts go last: the demo table draws its invented numbers in this order.
COUNTERPARTS: tuple[KostraCounterpart, ...] = (
    KostraCounterpart(
        "kommunale_boliger",
        "kommunale_boliger_per_1000",
        "KOSboligSper10000000",
        "Kommunalt disponerte boliger per 1000 innbyggere",
    ),
    KostraCounterpart(
        "rullestol",
        "andel_rullestol",
        "KOSAndeltilgjeng0000",
        "Andel kommunalt disponerte boliger som er tilgjengelige for rullestolbrukere",
    ),
    KostraCounterpart(
        "venteliste",
        "venteliste",
        "KOSventelistetil0000",
        "Husstander på venteliste til kommunalt disponerte boliger",
    ),
    KostraCounterpart(
        "midlertidig_over_3_mnd",
        "midlertidig_over_3_mnd_andel",
        "KOSandbarn3m00000000",
        "Andel husstander med barn i midlertidig botilbud i mer enn tre måneder",
        same_definition=False,  # KOSTRA's share is of families with children only
    ),
    KostraCounterpart(
        "kommunale_boliger",
        "kommunale_boliger",
        # Not yet checked against the statistics bank (built offline): a table with another code
        # for the count lists it as unknown, and the count is then not compared.
        "KOSboligAntall000000",
        "Totalt antall kommunalt disponerte boliger",
    ),
)

Measure = Literal["antall", "andel"]
# Husbanken's count/share toggle: which registry units each choice shows.
MEASURE_UNITS: dict[Measure, frozenset[Unit]] = {
    "antall": frozenset({"count"}),
    "andel": frozenset({"percent", "per_1000", "ratio", "days"}),
}


def measure_of(counterpart: KostraCounterpart) -> Measure:
    """Whether a counterpart is a count (`antall`) or a share, rate or per 1000 (`andel`)."""
    unit = indicator(counterpart.indicator_id).unit
    return next(measure for measure, units in MEASURE_UNITS.items() if unit in units)


@dataclass(frozen=True)
class ComparedFigure:
    """A compared figure as the count/share choice shows it.

    `counterpart` is its form in the chosen measure; where it has none (`in_measure` False),
    the one form it has, so that the page can say so instead of leaving the figure out.
    """

    figure: str
    counterpart: KostraCounterpart
    in_measure: bool


def compared_figures(
    measure: Measure, counterparts: Sequence[KostraCounterpart] = COUNTERPARTS
) -> list[ComparedFigure]:
    """Every compared figure once, in the order the counterparts first name it, in `measure`."""
    shown: list[ComparedFigure] = []
    for figure in dict.fromkeys(counterpart.figure for counterpart in counterparts):
        forms = [counterpart for counterpart in counterparts if counterpart.figure == figure]
        chosen = [form for form in forms if measure_of(form) == measure]
        shown.append(ComparedFigure(figure, (chosen or forms)[0], bool(chosen)))
    return shown


@dataclass(frozen=True)
class Tolerance:
    """How far our value may lie from SSB's before the difference is flagged.

    Flagged when the difference is larger than `absolute` (in the indicator's unit) and larger
    than `relative` times SSB's value: small numbers are not flagged for a difference of one,
    large ones not for rounding.
    """

    absolute: float
    relative: float


TOLERANCES: dict[Unit, Tolerance] = {
    "count": Tolerance(absolute=2.0, relative=0.05),
    "percent": Tolerance(absolute=1.0, relative=0.05),  # percentage points
    "per_1000": Tolerance(absolute=0.5, relative=0.05),
    "days": Tolerance(absolute=7.0, relative=0.05),
    "ratio": Tolerance(absolute=0.05, relative=0.05),
}


def kostra_variables(counterparts: Sequence[KostraCounterpart] = COUNTERPARTS) -> dict[str, str]:
    """Variable code -> SSB's label: the variables an SSB table import keeps."""
    return {counterpart.variable_code: counterpart.variable_label for counterpart in counterparts}


def compare_with_published(
    own_years: pl.LazyFrame,
    published: pl.LazyFrame,
    *,
    region: str,
    counterparts: Sequence[KostraCounterpart] = COUNTERPARTS,
    tolerances: Mapping[Unit, Tolerance] = TOLERANCES,
) -> pl.LazyFrame:
    """Our year values beside what KOSTRA published for `region`, and whether they differ.

    `own_years` has `indikator, periode, verdi` with `periode` a year (`roll_up` by year);
    `published` has the columns of `warehouse.ssb_tables.VALUES_SCHEMA`. Only counterparts with
    the same definition are compared. Returns `indikator, variable_code, aar, egen, publisert,
    status, differanse, avvik` (`avvik` null where either value is missing).
    """
    compared = [counterpart for counterpart in counterparts if counterpart.same_definition]
    units = [indicator(counterpart.indicator_id).unit for counterpart in compared]
    pairs = pl.LazyFrame(
        {
            "indikator": [counterpart.indicator_id for counterpart in compared],
            "variable_code": [counterpart.variable_code for counterpart in compared],
            "rekkefolge": list(range(len(compared))),
            "absolutt": [tolerances[unit].absolute for unit in units],
            "relativ": [tolerances[unit].relative for unit in units],
        }
    )
    ours = own_years.select(
        "indikator", pl.col("periode").cast(pl.Int32).alias("aar"), pl.col("verdi").alias("egen")
    ).join(pairs.select("indikator", "variable_code"), on="indikator")
    theirs = published.filter(pl.col("region_code") == region).select(
        "variable_code",
        pl.col("year").alias("aar"),
        pl.col("value").alias("publisert"),
        "status",
    )
    difference = pl.col("egen") - pl.col("publisert")
    allowed = pl.max_horizontal(pl.col("absolutt"), pl.col("relativ") * pl.col("publisert").abs())
    return (
        ours.join(
            theirs.join(pairs.select("variable_code"), on="variable_code"),
            on=["variable_code", "aar"],
            how="full",
            coalesce=True,
        )
        .drop("indikator")
        .join(pairs, on="variable_code")
        .sort("rekkefolge", "aar")
        .select(
            "indikator",
            "variable_code",
            "aar",
            "egen",
            "publisert",
            "status",
            difference.alias("differanse"),
            (difference.abs() > allowed).alias("avvik"),
        )
    )


def comparison_regions(own: str, group: ComparisonGroup) -> dict[str, str]:
    """Region code -> role (`egen`, `sammenligning`, `landet`), in the order a chart shows them."""
    return {
        own: "egen",
        **{code: "sammenligning" for code in group.regions if code not in (own, COUNTRY)},
        COUNTRY: "landet",
    }


def comparison_series(published: pl.LazyFrame, regions: Mapping[str, str]) -> pl.LazyFrame:
    """The published values of the regions, tagged with their role (`rolle`), year by year."""
    roles = pl.LazyFrame(
        {
            "region_code": list(regions),
            "rolle": list(regions.values()),
            "rekkefolge": list(range(len(regions))),
        }
    )
    return (
        published.join(roles, on="region_code")
        .sort("variable_code", "rekkefolge", "year")
        .select("variable_code", "rolle", "region_code", "region_name", "year", "value", "status")
    )
