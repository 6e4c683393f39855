"""Small shared pieces of screen: the header, the local-mode banner, tables, a KPI card."""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl
import streamlit as st

from ui import format as fmt
from ui import tables
from ui.labels import current_language, t
from warehouse.ingest import IngestResult
from warehouse.problems import Problem


def header(municipality: str, month: str | None) -> None:
    """The line above every page: which municipality and which data month is shown."""
    if month:
        text = t("{municipality} · data for {month}", municipality=municipality, month=month)
    else:
        text = t("{municipality} · ingen data ennå", municipality=municipality)
    st.markdown(f":material/location_city: **{text}**")


def local_mode_banner() -> None:
    """Says on every page that nobody signs in and that the app only listens on this machine."""
    st.info(
        t("Lokal modus: ingen innlogging, bare tilgjengelig fra denne maskinen"),
        icon=":material/lock_open:",
    )


def table(frame: pl.DataFrame, *, key: str | None = None, height: int | str = "auto") -> None:
    """A table from ui.tables, without the row index; `key` names its container (`st-key-…`)."""
    with st.container(key=key):
        st.dataframe(frame, hide_index=True, width="stretch", height=height)


def problems_table(problems: Iterable[Problem]) -> None:
    """The validation report as a table: severity, file, sheet, row, column, what is wrong."""
    table(tables.problem_table(problems, current_language()))


def kpi_card(title: str, value: str, *, delta: str | None = None, help: str | None = None) -> None:
    """One key figure in a bordered card (the Oversikt page fills in trend and target)."""
    with st.container(border=True):
        st.metric(title, value, delta=delta, help=help)


def ingest_result(result: IngestResult) -> None:
    """What became of an upload or a restore: the summary, then every problem found."""
    if result.status == "loaded":
        st.success(result.summary, icon=":material/check_circle:")
    elif result.status == "unchanged":
        st.info(result.summary, icon=":material/info:")
    else:
        st.error(result.summary, icon=":material/error:")
    if result.problems:
        st.markdown(f"**{t('Valideringsrapport')}**")
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
