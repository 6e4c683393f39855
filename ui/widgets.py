"""Small shared pieces of screen: the header, the local-mode banner, tables, a KPI card.

Streamlit reads every text as markdown: outside text (the municipality's name, which may come
from the shipped geodata or from old settings) goes through `escaping.markdown_text`. Every
table can be downloaded with Streamlit's own "Download as CSV": its cells are formula-safe.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from core import formatting as fmt
from core.escaping import markdown_text
from core.export import neutralise_formulas
from core.i18n import N_
from core.problems import IngestResult, Problem
from ui import cache, charts, indicator_view, tables
from ui.indicator_view import Card
from ui.labels import current_language, t


def writer_only() -> None:
    """On a replica, say that changes are made on the main instance, and end the page's run
    there: a page that writes (uploads, settings) shows nothing else."""
    if cache.replica():
        st.info(
            t(
                "Denne instansen viser publiserte data. Opplasting og innstillinger gjøres på "
                "hovedinstansen."
            ),
            icon=":material/cloud_sync:",
        )
        st.stop()


def header(municipality: str, month: str | None) -> None:
    """The line above every page: which municipality and which data month is shown."""
    name = markdown_text(municipality)
    if month:
        text = t("{municipality} · data for {month}", municipality=name, month=month)
    else:
        text = t("{municipality} · ingen data ennå", municipality=name)
    st.markdown(f":material/location_city: **{text}**")


def local_mode_banner() -> None:
    """Says on every page that nobody signs in and that the app only listens on this machine."""
    st.info(
        t("Lokal modus: ingen innlogging, bare tilgjengelig fra denne maskinen"),
        icon=":material/lock_open:",
    )


def table(frame: pl.DataFrame, *, key: str | None = None, height: int | str = "auto") -> None:
    """A table from ui.tables, without the row index; `key` names its container (`st-key-…`).

    Text a spreadsheet would run (`=HYPERLINK(…)` as a building id, a file name) is shown with
    a leading `'`, so the table's own CSV download is as safe as ours; numbers stay as they are.
    Handed over as Arrow, which Streamlit sends as it is (a polars frame it would turn into
    pandas and back into Arrow on every rerun).
    """
    shown = neutralise_formulas(frame).to_arrow()
    with st.container(key=key):
        st.dataframe(shown, hide_index=True, width="stretch", height=height)


def chart(figure: go.Figure, *, title: str, category: str, key: str, **options: object) -> None:
    """A plotly chart with its text alternative: what it shows in one sentence under it (and as
    the chart's `alt`), and its figures as a table in an expander (`category` heads the labels).

    Every chart on a page is drawn through here (tests/unit/test_chart_text.py holds pages to
    it), so that nobody needs to see a chart to read it.
    """
    language = current_language()
    summary = charts.chart_summary(figure, title, language)
    st.plotly_chart(figure, key=key, alt=summary, **options)
    _text_alternative(summary, charts.chart_table(figure, category, language), key)


def picture(
    png: bytes,
    *,
    summary: str,
    figures: pl.DataFrame | None,
    key: str,
    width: int | str = "content",
) -> None:
    """A chart or map drawn as a picture, with the sentence that says what it shows (also its
    `alt`) and, when given, its figures as a table in an expander."""
    st.image(png, width=width, alt=summary)
    _text_alternative(summary, figures, key)


def _text_alternative(summary: str, figures: pl.DataFrame | None, key: str) -> None:
    st.caption(markdown_text(summary))  # names in it may come from outside
    if figures is not None:
        with st.expander(t("Tallene i diagrammet"), icon=":material/table:"):
            table(figures, key=f"{key}_tall")


def problems_table(problems: Iterable[Problem]) -> None:
    """The validation report as a table: severity, file, sheet, row, column, what is wrong."""
    table(tables.problem_table(problems, current_language()))


# A change's tone (its colour: indicator_view.TONE_COLOURS) is always said without colour too:
# the arrow gives the direction, the word whether it is for the better, the status badge its own
# icon and text.
TONE_WORDS = {"bedre": N_("bedre"), "dårligere": N_("dårligere"), "nøytral": None}
STATUS_ICONS = {
    "bedre": ":material/check_circle:",
    "dårligere": ":material/error:",
    "nøytral": ":material/adjust:",
}
ARROW_ICONS = {
    "opp": ":material/arrow_upward:",
    "ned": ":material/arrow_downward:",
    "flat": ":material/arrow_forward:",
    None: "",
}
INDICATOR_PAGE = "pages/indikatorer.py"


def kpi_card(card: Card) -> None:
    """One key indicator in a bordered card: value, changes, target and status, a link to its
    chart. No sparkline: st.metric's chart has no text alternative (axe: svg-img-alt)."""
    with st.container(border=True, key=f"kort_{card.indicator}"):
        st.markdown(f"**{card.title}**")  # in full: a metric's label is cut to one line
        st.metric(
            card.title,
            card.value,
            label_visibility="collapsed",
        )
        st.caption(" · ".join(filter(None, (card.period, card.note))))
        for change in card.changes:
            icon = ARROW_ICONS[change.arrow]
            word = TONE_WORDS[change.tone]
            shown = f"{change.text} ({t(word)})" if word else change.text
            st.markdown(
                f":{indicator_view.TONE_COLOURS[change.tone]}[{icon} {shown}] {change.since}"
            )
        if card.target:
            status = ""
            if card.status:
                tone = card.status_tone or "nøytral"
                badge = f"{STATUS_ICONS[tone]} {card.status}"
                status = f" :{indicator_view.TONE_COLOURS[tone]}-badge[{badge}]"
            st.markdown(card.target + status)
        st.page_link(
            INDICATOR_PAGE,
            label=t("Se utviklingen"),
            icon=":material/arrow_forward:",
            query_params={"indikator": card.indicator},
        )


def kpi_cards(cards: Sequence[Card], per_row: int = 4) -> None:
    """Cards in rows of `per_row`, so that a row's cards line up."""
    for start in range(0, len(cards), per_row):
        for column, card in zip(st.columns(per_row), cards[start : start + per_row], strict=False):
            with column:
                kpi_card(card)


def download_buttons(table: pl.DataFrame, name: str, *, key: str) -> None:
    """CSV and XLSX downloads of exactly the table shown, written when clicked."""
    csv_column, xlsx_column, _ = st.columns([1, 1, 4])
    csv_column.download_button(
        t("Last ned CSV"),
        functools.partial(indicator_view.csv_bytes, table),
        file_name=f"{name}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key=f"{key}_csv",
    )
    xlsx_column.download_button(
        t("Last ned XLSX"),
        functools.partial(indicator_view.xlsx_bytes, table, name),
        file_name=f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        on_click="ignore",
        key=f"{key}_xlsx",
    )


def ingest_result(result: IngestResult) -> None:
    """What became of an upload or a restore: the summary, then every problem found."""
    if result.status == "loaded":
        st.success(result.summary, icon=":material/check_circle:")
    elif result.status == "unchanged":
        st.info(result.summary, icon=":material/info:")
    else:
        st.error(result.summary, icon=":material/error:")
    if result.problems:
        report_title = t("Valideringsrapport")
        st.markdown(f"**{report_title}**")
        problems_table(result.problems)


# The latest month's checks the data-quality page shows as figures, in this order.
LATEST_FIGURES = (
    "boliger",
    "husstander",
    "boliger_uten_koordinater",
    "boliger_utenfor",
    "husstander_ukjent_bolig",
)


def quality_figures(month: dict) -> None:
    """The latest month's row counts and checks as a row of figures."""
    language = current_language()
    for column, name in zip(st.columns(len(LATEST_FIGURES)), LATEST_FIGURES, strict=True):
        column.metric(t(tables.QUALITY_MEASURES[name]), fmt.number(month[name], 0, language))
