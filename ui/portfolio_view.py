"""Boligmasse and Boligprosjekter shaped for the screen: cards, tables and charts in words.

Pure: each function takes frames from `services.portfolio` and `services.projects` (indicator
values already suppressed for readers) and the language, and returns what a page shows.
"""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from core import formatting as fmt
from core.escaping import html_text
from core.formatting import Language
from core.i18n import N_, translate
from core.register_format import STATUS
from core.snapshot_format import BOLIGTYPE, EIERFORM
from geo.pipeline import ProjectSite, project_site
from indicators.periods import Period
from indicators.pipeline import TIMELINE_ORDER
from ui.charts import GRID, base_layout
from ui.indicator_view import overview_cards, period_name, value_text
from ui.tables import display

PORTFOLIO_CARDS = (
    "innleide_boliger",
    "private_utleiere",
    "innleie_uten_sluttdato",
    "boliger_med_personalbase",
    "smahus",
)
FLOWS = ("boliger_inn", "boliger_ut", "private_utleiere_nye", "private_utleiere_tapt")
LEASE_COUNTS = ("innleie_utloper_3_mnd", "innleie_utloper_6_mnd", "innleie_utloper_12_mnd")
PIPELINE_CARDS = (
    "prosjektboliger_planlagt",
    "prosjektboliger_regulert",
    "prosjektboliger_under_bygging",
    "prosjektboliger_ferdig_i_aar",
)
# The codes shown in words (marked for the catalogue; the code lists hold the meanings).
CODE_NAMES = {
    "eid": N_("Eid"),
    "innleid": N_("Innleid"),
    "tildelingsrett": N_("Tildelingsrett"),
    "ordinaer": N_("Ordinær"),
    "omsorg": N_("Omsorgsbolig"),
    "bofellesskap": N_("Bofellesskap"),
    "midlertidig": N_("Midlertidig"),
    "smahus": N_("Småhus"),
    **STATUS,
}
# Okabe & Ito, one colour per ownership form and per project status.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9")


def code_name(code: str | None, language: Language) -> str | None:
    """A code of the snapshot format or the register in words."""
    return None if code is None else translate(CODE_NAMES.get(code, code), language)


def cards(values: pl.DataFrame, period: Period, language: Language, ids: tuple[str, ...]):
    """The cards of `ids` from `indicator_values` rows (suppressed for readers)."""
    return overview_cards(values, period, language, ids)


def missing_message(missing: pl.DataFrame, language: Language) -> str | None:
    """What the latest month's file lacks, and in how many months, or None when nothing is.

    `missing`: maaned, mangler (services.portfolio.portfolio_breakdowns).
    """
    lacking = missing.filter(pl.col("mangler").list.len() > 0)
    if lacking.is_empty():
        return None
    latest = missing.sort("maaned").row(-1, named=True)
    if latest["mangler"]:
        return translate(
            "Filen for {month} mangler kolonnene {columns} (versjon 1.1 av formatet). Tallene "
            "som trenger dem vises ikke for de {count} månedene som mangler dem.",
            language,
            month=fmt.month(latest["maaned"], language),
            columns=", ".join(latest["mangler"]),
            count=fmt.number(lacking.height, 0, language),
        )
    return translate(
        "{count} tidligere måneder mangler kolonner fra versjon 1.1 av formatet; tallene som "
        "trenger dem vises ikke for de månedene.",
        language,
        count=fmt.number(lacking.height, 0, language),
    )


def flows_table(values: pl.DataFrame, language: Language) -> pl.DataFrame:
    """Dwellings in and out and landlords gained and lost per period, newest first."""
    rows = (
        values.filter(pl.col("indikator").is_in(FLOWS))
        .pivot("indikator", index=["periode", "periode_start"], values="verdi")
        .sort("periode_start", descending=True)
    )
    hidden = _suppressed(values, FLOWS)
    columns: dict[str, tuple[str, object]] = {
        "periode": (N_("Periode"), lambda value, lang: period_name(value, lang))
    }
    headers = (
        N_("Boliger inn"),
        N_("Boliger ut"),
        N_("Nye utleiere"),
        N_("Utleiere som gikk ut"),
    )
    for name, header in zip(FLOWS, headers, strict=True):
        if name not in rows.columns:
            rows = rows.with_columns(pl.lit(None, pl.Float64).alias(name))
        columns[name] = (header, _count_shown(hidden.get(name, set()), rows))
    return display(rows, columns, language)


def _suppressed(values: pl.DataFrame, ids: tuple[str, ...]) -> dict[str, set[str]]:
    """Per indicator, the periods a reader sees as `:`."""
    if "prikket" not in values.columns:
        return {}
    hidden = values.filter(pl.col("indikator").is_in(ids) & pl.col("prikket").fill_null(False))
    result: dict[str, set[str]] = {}
    for name, periode in hidden.select("indikator", "periode").iter_rows():
        result.setdefault(name, set()).add(periode)
    return result


def _count_shown(hidden: set[str], rows: pl.DataFrame):
    """A formatter of counts that shows `:` in the suppressed periods (by row position)."""
    periods = iter(rows["periode"].to_list())

    def shown(value: float | None, language: Language) -> str:
        return value_text(value, "count", language, suppressed=next(periods) in hidden)

    return shown


def latest(frame: pl.DataFrame) -> pl.DataFrame:
    """The rows of the latest period of a rolled-up frame."""
    if frame.is_empty():
        return frame
    return frame.filter(pl.col("periode_start") == pl.col("periode_start").max())


def by_type_table(by_type: pl.DataFrame, language: Language) -> pl.DataFrame:
    """The latest period's portfolio: one row per ownership form, a column per dwelling type."""
    rows = latest(by_type)
    table = {translate(N_("Eierform"), language): [code_name(code, language) for code in EIERFORM]}
    for kind in BOLIGTYPE:
        counts = dict(
            rows.filter(pl.col("boligtype") == kind).select("eierform", "teller").iter_rows()
        )
        table[code_name(kind, language)] = [
            fmt.number(counts.get(form), 0, language) for form in EIERFORM
        ]
    return pl.DataFrame(table)


def by_ownership_figure(by_type: pl.DataFrame, language: Language) -> go.Figure:
    """The portfolio over time, stacked by ownership form."""
    totals = (
        by_type.group_by("eierform", "periode_start", "periode")
        .agg(pl.col("teller").sum())
        .sort("periode_start")
    )
    traces = [
        {
            "type": "bar",
            "name": html_text(code_name(form, language)),
            "x": rows["periode_start"].to_list(),
            "y": rows["teller"].to_list(),
            "marker": {"color": colour},
            "customdata": [
                [period_name(periode, language), fmt.number(count, 0, language)]
                for periode, count in rows.select("periode", "teller").iter_rows()
            ],
        }
        for form, colour in zip(EIERFORM, COLOURS, strict=False)
        if not (rows := totals.filter(pl.col("eierform") == form)).is_empty()
    ]
    layout = base_layout(
        language,
        380,
        barmode="stack",
        showlegend=True,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        xaxis={"showgrid": False, "tickformat": "%Y"},
        yaxis={"gridcolor": GRID, "rangemode": "tozero"},
    )
    return go.Figure({"data": traces, "layout": layout})


def vacancy_table(vacancy: pl.DataFrame, language: Language) -> pl.DataFrame:
    """Vacancy by ownership form in the latest period."""
    rows = latest(vacancy)
    shares = dict(rows.select("eierform", "verdi").iter_rows())
    return pl.DataFrame(
        {
            translate(N_("Eierform"), language): [code_name(code, language) for code in EIERFORM],
            translate(N_("Andel ledige"), language): [
                value_text(shares.get(form), "percent", language) for form in EIERFORM
            ],
        }
    )


def lease_table(leases: pl.DataFrame, area_names: dict[str, str], language: Language):
    """The staff's list of leases ending: dwelling, area, end date and window."""
    rows = leases.with_columns(
        pl.col("grunnkrets").replace_strict(area_names, default=pl.col("grunnkrets")).alias("omr")
    )
    return display(
        rows,
        {
            "bolig_id": (N_("Bolig"), None),
            "omr": (N_("Område"), None),
            "leieavtale_til": (N_("Leieavtalen slutter"), fmt.day),
            "innen_maaneder": (N_("Innen måneder"), None),
        },
        language,
    )


def lease_counts_table(values: pl.DataFrame, language: Language) -> pl.DataFrame:
    """Leases ending within 3, 6 and 12 months in the latest period (suppressed for readers)."""
    rows = latest(values.filter(pl.col("indikator").is_in(LEASE_COUNTS)))
    by_id = {row["indikator"]: row for row in rows.iter_rows(named=True)}
    headers = (N_("Innen 3 måneder"), N_("Innen 6 måneder"), N_("Innen 12 måneder"))
    return pl.DataFrame(
        {
            translate(header, language): [
                value_text(
                    by_id.get(name, {}).get("verdi"),
                    "count",
                    language,
                    suppressed=bool(by_id.get(name, {}).get("prikket")),
                )
            ]
            for name, header in zip(LEASE_COUNTS, headers, strict=True)
        }
    )


def timeline_figure(timeline: pl.DataFrame, language: Language) -> go.Figure:
    """Units per status and year (services.projects.timeline), stacked by status."""
    traces = [
        {
            "type": "bar",
            "name": html_text(code_name(status, language)),
            "x": rows["aar"].to_list(),
            "y": rows["boliger"].to_list(),
            "marker": {"color": colour},
            "customdata": [
                [str(year), fmt.number(count, 0, language)]
                for year, count in rows.select("aar", "boliger").iter_rows()
            ],
        }
        for status, colour in zip(TIMELINE_ORDER, COLOURS, strict=False)
        if not (rows := timeline.filter(pl.col("status") == status)).is_empty()
    ]
    layout = base_layout(
        language,
        360,
        barmode="stack",
        showlegend=True,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        xaxis={"showgrid": False, "dtick": 1},
        yaxis={"gridcolor": GRID, "rangemode": "tozero"},
    )
    return go.Figure({"data": traces, "layout": layout})


def register_table(
    projects: pl.DataFrame, area_names: dict[str, str], language: Language
) -> pl.DataFrame:
    """The register as people read it: name, status, units, completion, area."""

    def area(code: str | None, lang: Language) -> str:
        if code is None:
            return translate(N_("ikke plassert"), lang)
        return area_names.get(code, code)

    return display(
        projects,
        {
            "prosjekt_id": (N_("Prosjekt"), None),
            "navn": (N_("Navn"), None),
            "status": (N_("Status"), code_name),
            "boliger": (N_("Boliger"), lambda value, lang: fmt.number(value, 0, lang)),
            "boligtype": (N_("Boligtype"), code_name),
            "eierform": (N_("Eierform"), code_name),
            "forventet_ferdig": (N_("Forventet ferdig"), None),
            "ferdig_dato": (N_("Ferdig"), fmt.day),
            "salg_til_beboere": (
                N_("Selges til beboerne"),
                lambda value, lang: fmt.number(value, 0, lang),
            ),
            "omrade": (N_("Område"), area),
        },
        language,
    )


def unplaced_message(projects: pl.DataFrame, language: Language) -> str | None:
    """How many projects lie in no known area (not on the map, not in "everything built")."""
    unplaced = projects.filter(pl.col("omrade").is_null()).height
    if not unplaced:
        return None
    return translate(
        "{count} prosjekter er ikke plassert: de ligger ikke i noe kjent område, og er ikke med "
        "på kartet eller i beregningen av hva som skjer når alt er bygget.",
        language,
        count=fmt.number(unplaced, 0, language),
    )


def site_check_choices(projects: pl.DataFrame, language: Language) -> dict[str, str]:
    """Projects that can be checked as a site (geo.pipeline.project_site): id -> `navn (status)`."""
    return {
        row["prosjekt_id"]: f"{row['navn']} ({code_name(row['status'], language)})"
        for row in projects.iter_rows(named=True)
        if project_site(row) is not None
    }


def site_of(projects: pl.DataFrame, prosjekt_id: str) -> ProjectSite:
    """The site check's inputs for one project of `site_check_choices`."""
    return project_site(projects.filter(pl.col("prosjekt_id") == prosjekt_id).row(0, named=True))
