"""Forløp as people read it: the transitions' nodes and links for a Sankey diagram and a table,
the leie-til-eie funnel and cohorts, and the returns per quarter and target group.

Pure: frames from services (suppressed or not) in, frames and lists to show out; a hidden count
(`prikket`) is shown as `:` and drawn nowhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from core.formatting import Language
from core.i18n import N_, translate
from indicators.funnel import BOUGHT, STATUSES
from indicators.registry import TARGET_GROUP
from indicators.transitions import SOURCES, TARGETS
from ui.indicator_view import group_name, period_name, value_text

# The situations, and where a household was when it was not in the start or end snapshot.
NODES = {
    "venteliste": N_("Venteliste"),
    "midlertidig": N_("Midlertidig botilbud"),
    "kommunal_bolig": N_("Kommunal bolig"),
    "privat_leie": N_("Privat leie"),
    "eid_bolig": N_("Eid bolig"),
    "utenfor": N_("Ikke fulgt opp ved start"),
    "ute": N_("Ikke lenger fulgt opp"),
    "ukjent": N_("Ukjent (mangler i sluttmåneden)"),
}
HIDDEN_NODE = N_("Skjult (:)")
STAGE_NAMES = {
    "inn": N_("Kom inn på leie til eie"),
    "startlan": N_("Fikk startlån"),
    BOUGHT: N_("Kjøpte bolig"),
}
STATUS_NAMES = {
    "paa_sporet": N_("Fortsatt på sporet"),
    BOUGHT: N_("Kjøpt"),
    "ute_uten_kjop": N_("Gikk ut uten kjøp"),
    "ukjent": N_("Ukjent"),
}
TOTAL = N_("I alt")
RETURN_IDS = (
    "tilbake_i_midlertidig_12_mnd",
    "andel_bosatt_fortsatt_12_mnd",
    "bosatt_fortsatt_12_mnd_ukjent",
)
RETURN_QUARTERS = 12  # quarters in the returns table: three years
HIDDEN_COLOUR = "rgba(107, 107, 107, 0.35)"
LINK_COLOUR = "rgba(0, 114, 178, 0.35)"


@dataclass(frozen=True)
class Sankey:
    """Nodes (labels; start situations first, then end situations) and links between them."""

    labels: list[str]
    sources: list[int]
    targets: list[int]
    values: list[int]
    colours: list[str]


def _is_hidden(frame: pl.DataFrame) -> pl.Expr:
    """The row is suppressed (`prikket`); a frame without the column hides nothing."""
    return pl.col("prikket").fill_null(False) if "prikket" in frame.columns else pl.lit(False)


def sankey(table: pl.DataFrame, language: Language) -> Sankey:
    """The transitions as a Sankey: a start node per source, an end node per target, a link
    per shown pair. Where a node's total is shown but some of its pairs are hidden, one grey
    link to (or from) a "hidden" node carries the rest (the total shows that much anyway);
    where the total is hidden, nothing is drawn for what is hidden."""
    cells = table.filter(pl.col("source").is_not_null() & pl.col("target").is_not_null())
    shown = cells.filter(~_is_hidden(table))
    totals = table.filter(~_is_hidden(table))
    left = {code: index for index, code in enumerate(SOURCES)}
    right = {code: len(SOURCES) + 1 + index for index, code in enumerate(TARGETS)}
    hidden_left, hidden_right = len(SOURCES), len(SOURCES) + 1 + len(TARGETS)
    names = [translate(NODES[code], language) for code in SOURCES]
    names += [translate(HIDDEN_NODE, language)]
    names += [translate(NODES[code], language) for code in TARGETS]
    names += [translate(HIDDEN_NODE, language)]
    links = [
        (left[row["source"]], right[row["target"]], row["count"], LINK_COLOUR)
        for row in shown.iter_rows(named=True)
    ]
    for side, other, index, hidden_index in (
        ("source", "target", left, hidden_right),
        ("target", "source", right, hidden_left),
    ):
        total = totals.filter(pl.col(side).is_not_null() & pl.col(other).is_null())
        drawn = shown.group_by(side).agg(pl.col("count").sum().alias("drawn"))
        for row in total.join(drawn, on=side, how="left").iter_rows(named=True):
            rest = row["count"] - (row["drawn"] or 0)
            if rest > 0:
                pair = (index[row[side]], hidden_index)
                link = pair if side == "source" else pair[::-1]
                links.append((*link, rest, HIDDEN_COLOUR))
    return Sankey(
        names,
        [link[0] for link in links],
        [link[1] for link in links],
        [link[2] for link in links],
        [link[3] for link in links],
    )


def _count(value: int | None, hidden: bool, language: Language) -> str:
    return value_text(value, "count", language, suppressed=hidden)


def _hidden(row: dict) -> bool:
    return bool(row.get("prikket"))


def transition_table(table: pl.DataFrame, language: Language) -> pl.DataFrame:
    """The transitions as a table: from, to, households; the totals last (`I alt`)."""
    total = translate(TOTAL, language)
    rows = table.to_dicts()
    return pl.DataFrame(
        {
            translate("Fra", language): [
                translate(NODES[row["source"]], language) if row["source"] else total
                for row in rows
            ],
            translate("Til", language): [
                translate(NODES[row["target"]], language) if row["target"] else total
                for row in rows
            ],
            translate("Husstander", language): [
                _count(row["count"], _hidden(row), language) for row in rows
            ],
        }
    )


def funnel_table(stages: pl.DataFrame, language: Language) -> pl.DataFrame:
    """The funnel's stages as a table: stage, households."""
    rows = stages.to_dicts()
    return pl.DataFrame(
        {
            translate("Trinn", language): [
                translate(STAGE_NAMES[row["trinn"]], language) for row in rows
            ],
            translate("Husstander", language): [
                _count(row["antall"], _hidden(row), language) for row in rows
            ],
        }
    )


def stage_bars(stages: pl.DataFrame, language: Language) -> tuple[pl.DataFrame, list[str]]:
    """The funnel's stages as cells for a bar chart (`verdi`, and `prikket` when suppressed:
    no bar) and their names."""
    names = [translate(STAGE_NAMES[code], language) for code in stages["trinn"]]
    return stages.rename({"antall": "verdi"}), names


def as_of(end: date, language: Language) -> str:
    """The month the funnel stands at, in words."""
    return period_name(end.strftime("%Y-%m"), language)


def median_text(purchase_months: pl.DataFrame, language: Language) -> str:
    """The median months from entering the track to buying: `14,5`, `:` or `..`."""
    row = purchase_months.row(0, named=True)
    return value_text(row["median_maaneder"], "ratio", language, suppressed=_hidden(row))


def cohort_table(table: pl.DataFrame, language: Language) -> pl.DataFrame:
    """The cohorts (with their totals) as a table: one row per quarter entered, newest first,
    then the total; one column per status, then the row's total."""
    total = translate(TOTAL, language)
    cells = {(row["kvartal"], row["status"]): row for row in table.to_dicts()}
    quarters = sorted({quarter for quarter, _ in cells if quarter is not None}, reverse=True)

    def cell(quarter: str | None, status: str | None) -> str:
        row = cells.get((quarter, status), {"antall": 0})
        return _count(row["antall"], _hidden(row), language)

    columns = {
        translate("Kvartal", language): [
            *(period_name(quarter, language) for quarter in quarters),
            total,
        ]
    }
    for status in (*STATUSES, None):
        header = translate(STATUS_NAMES[status], language) if status else total
        columns[header] = [cell(quarter, status) for quarter in (*quarters, None)]
    return pl.DataFrame(columns)


def returns_table(values: pl.DataFrame, language: Language) -> pl.DataFrame:
    """The returns per quarter (from the quarter's indicator values), newest first: returns,
    the share still housed and its unknown households."""
    rows = values.filter(pl.col("indikator").is_in(RETURN_IDS))
    quarters = (
        rows.filter(pl.col("verdi").is_not_null() | _is_hidden(rows))
        .select("periode", "periode_start")
        .unique()
        .sort("periode_start", descending=True)
        .head(RETURN_QUARTERS)
    )
    by_key = {(row["indikator"], row["periode"]): row for row in rows.to_dicts()}
    columns = {
        translate("Kvartal", language): [period_name(p, language) for p in quarters["periode"]]
    }
    for indicator_id, header, unit in (
        (RETURN_IDS[0], N_("Tilbake i midlertidig"), "count"),
        (RETURN_IDS[1], N_("Fortsatt bosatt etter 12 mnd."), "percent"),
        (RETURN_IDS[2], N_("Ukjent etter 12 mnd."), "count"),
    ):
        column = []
        for periode in quarters["periode"]:
            row = by_key.get((indicator_id, periode), {})
            column.append(value_text(row.get("verdi"), unit, language, suppressed=_hidden(row)))
        columns[translate(header, language)] = column
    return pl.DataFrame(columns)


def return_quarters(values: pl.DataFrame) -> list[str]:
    """The quarters with a return figure, newest first."""
    rows = values.filter(pl.col("indikator") == RETURN_IDS[0], pl.col("inndeling") == TARGET_GROUP)
    return (
        rows.sort("periode_start", descending=True)["periode"].unique(maintain_order=True).to_list()
    )


def returns_by_group(cells: pl.DataFrame, quarter: str, language: Language) -> pl.DataFrame:
    """The returns and the share still housed of each target group in `quarter`."""
    rows = cells.filter(
        pl.col("inndeling") == TARGET_GROUP,
        pl.col("periode") == quarter,
        pl.col("indikator").is_in(RETURN_IDS[:2]),
    )
    groups = rows.select("gruppe", "gruppenavn").unique(maintain_order=True)
    by_key = {(row["indikator"], row["gruppe"]): row for row in rows.to_dicts()}
    columns = {
        translate("Målgruppe", language): [
            group_name(name, language) for name in groups["gruppenavn"]
        ]
    }
    for indicator_id, header, unit in (
        (RETURN_IDS[0], N_("Tilbake i midlertidig"), "count"),
        (RETURN_IDS[1], N_("Fortsatt bosatt etter 12 mnd."), "percent"),
    ):
        columns[translate(header, language)] = [
            value_text(
                by_key.get((indicator_id, group), {}).get("verdi"),
                unit,
                language,
                suppressed=_hidden(by_key.get((indicator_id, group), {})),
            )
            for group in groups["gruppe"]
        ]
    return pl.DataFrame(columns)
