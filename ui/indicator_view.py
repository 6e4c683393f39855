"""Indicator values shaped for the screen: Oversikt's cards, Indikatorer's tables, in words.

Pure: each function takes frames from `services.indicators` (already suppressed, with
`prikket`, for roles that must not see small counts) and the language, and returns what a page
shows. Suppressed values show as `:`, missing ones as `..`, as in SSB's tables.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from datetime import date
from typing import Literal

import polars as pl

from core import formatting as fmt
from core.export import neutralise_formulas
from core.formatting import Language
from core.i18n import N_, translate
from indicators import definitions
from indicators.periods import Period
from indicators.registry import (
    AREA,
    INDICATORS,
    KIND_LABELS,
    TARGET_GROUP,
    UNIT_LABELS,
    Indicator,
    ids,
    indicator,
    municipal_indicators,
)
from indicators.selection import Measure
from indicators.selection import breakdown_cells as breakdown_cells  # the page's selections
from indicators.selection import breakdown_periods as breakdown_periods
from indicators.selection import latest_period as latest_period
from indicators.selection import measured as measured
from indicators.targets import CLOSE, NOT_REACHED, REACHED
from indicators.targets import CLOSE_TO_TARGET as CLOSE_TO_TARGET  # Om tallene says it

# The action plan's headline figures, in the order Oversikt shows them.
KEY_INDICATORS = (
    "midlertidig",
    "midlertidig_barnefamilier",
    "midlertidig_over_3_mnd_andel",
    "venteliste",
    "ventetid_median_dager",
    "gjennomstromming",
    "housing_first",
    "andel_ledige",
    "leie_til_eie_kjopt",
    "tilbake_i_midlertidig_12_mnd",
)
PERIOD_TYPES: dict[Period, str] = {"month": N_("Måned"), "quarter": N_("Kvartal"), "year": N_("År")}
MEASURES: dict[Measure, str] = {"verdi": N_("Andel"), "teller": N_("Antall")}
BREAKDOWNS = {TARGET_GROUP: N_("Målgrupper"), AREA: N_("Delområder")}
Tone = Literal["bedre", "dårligere", "nøytral"]
# A tone as Streamlit's markdown and metric colour: never red against green (blue and orange are
# told apart with every common colour-vision deficiency); the theme's shades are in
# .streamlit/config.toml, checked for contrast by tests/unit/test_contrast.py.
TONE_COLOURS: dict[Tone, str] = {"bedre": "blue", "dårligere": "orange", "nøytral": "gray"}
Arrow = Literal["opp", "ned", "flat"]
STATUS_TONES: dict[str, Tone] = {REACHED: "bedre", CLOSE: "nøytral", NOT_REACHED: "dårligere"}
SINCE: dict[Period, tuple[str, str]] = {
    "month": (N_("fra forrige måned"), N_("fra samme måned i fjor")),
    "quarter": (N_("fra forrige kvartal"), N_("fra samme kvartal i fjor")),
    "year": (N_("fra året før"), N_("fra året før")),
}
# Babel takes tens of microseconds a number or date, a table has hundreds that recur from rerun
# to rerun, and the texts are pure: they are remembered.
FORMATTED_TEXTS = 16_384
CSV_SEPARATOR = ";"  # what Norwegian Excel opens; values keep their decimal comma


@dataclass(frozen=True)
class Change:
    """A change as a card shows it: `−2`, since when, its arrow and whether it is for the better."""

    text: str
    since: str
    arrow: Arrow | None
    tone: Tone


@dataclass(frozen=True)
class Card:
    """One key indicator on Oversikt: its latest period's value, changes, target and status."""

    indicator: str
    title: str
    period: str
    value: str
    note: str | None
    changes: tuple[Change, ...]
    target: str | None
    status: str | None
    status_tone: Tone | None


def title(entry: Indicator, language: Language) -> str:
    """The indicator's name in the language."""
    return translate(entry.navn, language)


def indicator_ids() -> list[str]:
    """Every indicator id of the registry: what a target may name."""
    return ids()


def indicator_names(language: Language) -> dict[str, str]:
    """Id -> name of every municipal indicator, in registry order, for a choice list."""
    return {entry.id: title(entry, language) for entry in municipal_indicators()}


@functools.lru_cache(maxsize=FORMATTED_TEXTS)
def period_name(periode: str, language: Language) -> str:
    """`2026 K3`, `oktober 2026` or `2026` for `2026-Q3`, `2026-10` or `2026`."""
    if "Q" in periode:
        return fmt.quarter(periode, language)
    if "-" in periode:
        return fmt.month(periode, language)
    return periode


def tone(change: float | None, lower_is_better: bool | None) -> Tone:
    """Whether a change is for the better, by the indicator's direction."""
    if not change or lower_is_better is None:
        return "nøytral"
    return "bedre" if (change < 0) == lower_is_better else "dårligere"


def arrow(change: float | None) -> Arrow | None:
    """Up, down or flat; None without a change."""
    if change is None:
        return None
    return "opp" if change > 0 else "ned" if change < 0 else "flat"


@functools.lru_cache(maxsize=FORMATTED_TEXTS)
def value_text(
    value: float | None, unit: str, language: Language, *, suppressed: bool = False
) -> str:
    """A value in its unit: `186`, `12,5 %`; `:` when suppressed, `..` when missing."""
    return fmt.by_unit(value, unit, language, suppressed=bool(suppressed))


@functools.lru_cache(maxsize=FORMATTED_TEXTS)
def change_text(
    change: float | None, unit: str, language: Language, *, suppressed: bool = False
) -> str:
    """A change in the indicator's unit: `−2`, `+0,4 pp` (percentage points for shares)."""
    decimals = fmt.UNIT_DECIMALS.get(unit, 1)
    text = fmt.signed(change, decimals, language, suppressed=bool(suppressed))
    if unit == "percent" and text not in (fmt.SUPPRESSED, fmt.MISSING):
        points = translate("pp", language)
        return f"{text} {points}"
    return text


def _month_after(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_note(row: dict, language: Language) -> str | None:
    """`til og med oktober 2026` for a period not yet over; `2 av 3 måneder` for a short flow."""
    if row["maaneder_i_perioden"] == 1 or row["til_og_med"] is None:
        return None
    last_month = _month_after(row["periode_start"], row["maaneder_i_perioden"] - 1)
    if row["til_og_med"] < last_month:
        return translate(
            "til og med {month}", language, month=fmt.month(row["til_og_med"], language)
        )
    if row["faerre_maaneder"]:
        return translate(
            "{months} av {of} måneder",
            language,
            months=row["maaneder"],
            of=row["maaneder_i_perioden"],
        )
    return None


def status_text(status: str | None, language: Language) -> str | None:
    """`nådd`, `nær målet`, `ikke nådd` in the language."""
    return None if status is None else translate(status, language)


def card(rows: pl.DataFrame, indicator_id: str, period: Period, language: Language) -> Card:
    """The card of one indicator from its `indicator_values` rows (one period type)."""
    entry = indicator(indicator_id)
    rows = rows.sort("periode_start")
    row = rows.row(-1, named=True)
    suppressed = bool(row.get("prikket"))
    since_previous, since_last_year = SINCE[period]
    changes = tuple(
        Change(
            text=change_text(row[column], entry.unit, language, suppressed=suppressed),
            since=translate(since, language),
            arrow=arrow(row[column]),
            tone=tone(row[column], entry.lower_is_better),
        )
        for column, since in (
            ("endring_forrige", since_previous),
            ("endring_i_fjor", since_last_year),
        )
    )
    target = None
    if row["mal"] is not None:
        target = translate(
            "Mål: {target}", language, target=value_text(row["mal"], entry.unit, language)
        )
    return Card(
        indicator=indicator_id,
        title=title(entry, language),
        period=period_name(row["periode"], language),
        value=value_text(row["verdi"], entry.unit, language, suppressed=suppressed),
        note=period_note(row, language),
        changes=changes,
        target=target,
        status=status_text(row["status"], language),
        status_tone=STATUS_TONES.get(row["status"]),
    )


def overview_cards(
    values: pl.DataFrame, period: Period, language: Language, ids: tuple[str, ...] = KEY_INDICATORS
) -> list[Card]:
    """Oversikt's cards: the key indicators that have rows in `values`, in order."""
    wanted = values.filter(pl.col("indikator").is_in(ids))
    by_indicator = wanted.partition_by("indikator", as_dict=True, include_key=True)
    return [
        card(by_indicator[(name,)], name, period, language)
        for name in ids
        if (name,) in by_indicator
    ]


def has_count_and_share(entry: Indicator) -> bool:
    """A share has a numerator worth showing as a count of its own."""
    return entry.unit == "percent"


def unit_shown(entry: Indicator, measure: Measure) -> str:
    """The unit of the values shown: a share's numerator is a count."""
    return "count" if measure == "teller" else entry.unit


def _column(values: list[str | None], header: str, language: Language) -> pl.Series:
    """A table column of texts; an empty cell (no target, no note) shows as nothing."""
    return pl.Series(
        translate(header, language), [value or "" for value in values], dtype=pl.String
    )


def _value_and_change_columns(
    records: list[dict], unit: str, language: Language
) -> list[pl.Series]:
    """Verdi and the two changes, as shown; a suppressed row shows ":" in all three."""

    def shown(column: str, text) -> list[str | None]:
        return [
            text(row[column], unit, language, suppressed=bool(row.get("prikket")))
            for row in records
        ]

    return [
        _column(shown("verdi", value_text), N_("Verdi"), language),
        _column(shown("endring_forrige", change_text), N_("Endring fra forrige periode"), language),
        _column(
            shown("endring_i_fjor", change_text), N_("Endring fra samme periode i fjor"), language
        ),
    ]


def values_table(rows: pl.DataFrame, unit: str, language: Language) -> pl.DataFrame:
    """Indikatorer's table of `measured` rows, newest first, formatted as shown."""
    records = rows.sort("periode_start", descending=True).to_dicts()
    return pl.DataFrame(
        [
            _column(
                [period_name(row["periode"], language) for row in records], N_("Periode"), language
            ),
            *_value_and_change_columns(records, unit, language),
            _column(
                [
                    None if row["mal"] is None else value_text(row["mal"], unit, language)
                    for row in records
                ],
                N_("Mål"),
                language,
            ),
            _column(
                [status_text(row["status"], language) for row in records], N_("Status"), language
            ),
            _column([period_note(row, language) for row in records], N_("Merknad"), language),
        ]
    )


def breakdown_options(entry: Indicator) -> list[str]:
    """The breakdowns an indicator has: `malgruppe` (any target group), then `delomrade`."""
    options = [TARGET_GROUP] if set(entry.breakdowns) - {AREA} else []
    return options + ([AREA] if AREA in entry.breakdowns else [])


def group_name(name: str, language: Language) -> str:
    """A target group's or delområde's name (area names are proper names and stay)."""
    return translate(name, language)


def breakdown_names(cells: pl.DataFrame, language: Language) -> list[str]:
    """The groups' names of breakdown cells, in the language, in order."""
    return [group_name(name, language) for name in cells["gruppenavn"]]


def breakdown_table(cells: pl.DataFrame, unit: str, language: Language) -> pl.DataFrame:
    """A breakdown as shown: group, value, changes since the previous period and last year."""
    return pl.DataFrame(
        [
            _column(breakdown_names(cells, language), N_("Gruppe"), language),
            *_value_and_change_columns(cells.to_dicts(), unit, language),
        ]
    )


def source(entry: Indicator) -> str:
    """Where an indicator's figures come from, in bokmål (from the indicator definitions)."""
    if entry.level == "omrade":
        return N_("Boligene, områdene (grunnkretser) og områdestatistikken")
    if entry.unit == "per_1000":
        return N_("Boligene og områdestatistikken (innbyggere)")
    if entry.id in definitions.DWELLINGS:
        return N_("Boligene i månedens øyeblikksbilde")
    if entry.id in definitions.TENANCIES:
        return N_("Husstandene og boligene i månedens øyeblikksbilde")
    if entry.id in definitions.FLOWS:
        return N_("Husstandene i månedens og forrige måneds øyeblikksbilde")
    return N_("Husstandene i månedens øyeblikksbilde")


def definition(entry: Indicator, language: Language) -> str:
    """The indicator's definition in the language, from the registry."""
    return translate(entry.definisjon, language)


def facts(entry: Indicator, language: Language) -> str:
    """Unit, kind, direction, source and KOSTRA counterpart in one line, as a "?" box says them."""
    said = [
        (N_("Enhet"), translate(UNIT_LABELS[entry.unit], language)),
        (N_("Type"), translate(KIND_LABELS[entry.kind], language)),
        (N_("Retning"), translate(entry.retning, language)),
        (N_("Kilde"), translate(source(entry), language)),
        (N_("KOSTRA"), entry.kostra or translate("ingen", language)),
    ]
    return " · ".join(f"{translate(label, language)}: {text}" for label, text in said)


def indicator_groups() -> list[tuple[str, list[Indicator]]]:
    """The registry's indicators in Om tallene's sections: stocks, flows, areas (bokmål titles)."""
    municipal = municipal_indicators()
    return [
        (N_("Beholdning ved utgangen av måneden"), [e for e in municipal if e.kind == "stock"]),
        (N_("Bevegelser i løpet av måneden"), [e for e in municipal if e.kind == "flow"]),
        (N_("Områder (grunnkretser)"), [e for e in INDICATORS if e.level == "omrade"]),
    ]


def csv_bytes(table: pl.DataFrame) -> bytes:
    """A shown table as CSV for Norwegian Excel: `;`-separated UTF-8 with BOM, formula-safe."""
    text = neutralise_formulas(table).write_csv(separator=CSV_SEPARATOR)
    return ("\ufeff" + text).encode("utf-8")


def xlsx_bytes(table: pl.DataFrame, sheet: str) -> bytes:
    """A shown table as an XLSX workbook, its cells as shown, formula-safe."""
    buffer = io.BytesIO()
    neutralise_formulas(table).write_excel(buffer, worksheet=sheet[:31], autofit=True)
    return buffer.getvalue()
