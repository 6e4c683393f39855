"""Small shared pieces of screen: the header, the local-mode banner, tables, a KPI card.

Streamlit reads every text as markdown: outside text (the municipality's name, which may come
from the shipped geodata or from old settings) goes through `escaping.markdown_text`. Every
table can be downloaded with Streamlit's own "Download as CSV": its cells are formula-safe.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable, Sequence

import plotly.graph_objects as go
import polars as pl
import pyarrow as pa
import streamlit as st

from core import formatting as fmt
from core.escaping import markdown_text
from core.export import neutralise_formulas
from core.i18n import N_
from core.problems import IngestResult, Problem
from services.setup import STEPS, Step
from ui import cache, charts, indicator_view, tables, turns
from ui.indicator_view import Card, Change
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


def demo_banner() -> None:
    """Says on every page of the demo that the municipality and its figures are invented."""
    st.warning(
        t(
            "Demo: kommunen, husstandene, boligene og alle tallene her er oppdiktet. Ingenting "
            "ekte kan lagres i demoen; se Kom i gang i README for å ta Boligmonitor i bruk."
        ),
        icon=":material/science:",
    )


def nothing_loaded() -> None:
    """What a page with nothing to show says on an empty warehouse: what to upload, who may."""
    st.info(
        t(
            "Ingen måneder er lastet ennå. En saksbehandler eller administrator laster opp "
            "månedens øyeblikksbilde (boliger og husstander) under Last opp; områder og "
            "områdestatistikk legger en administrator inn under Innstillinger."
        ),
        icon=":material/upload_file:",
    )


def fragment(part: Callable[..., None]) -> Callable[..., None]:
    """`st.fragment`: a part of a page that reruns alone. If the warehouse moved on under a
    reader of the part (ui.cache.VersionMoved), the whole page runs again on the newest version,
    as app.py does for a page."""

    @st.fragment
    @functools.wraps(part)
    def run(*args: object, **kwargs: object) -> None:
        try:
            with turns.TURNS_OF_THIS_PROCESS.turn():
                part(*args, **kwargs)
        except cache.VersionMoved:
            cache.run_again_on_the_newest_version()

    return run


def table(frame: pl.DataFrame, *, key: str | None = None, height: int | str = "auto") -> None:
    """A table from ui.tables, without the row index; `key` names its container (`st-key-…`).

    Text a spreadsheet would run (`=HYPERLINK(…)` as a building id, a file name) is shown with
    a leading `'`, so the table's own CSV download is as safe as ours; numbers stay as they are.
    Handed over as Arrow, which Streamlit sends as it is (a polars frame it would turn into
    pandas and back into Arrow on every rerun).
    """
    with st.container(key=key):
        st.dataframe(_shown(frame), hide_index=True, width="stretch", height=height)


# The Arrow table each frame was shown as, by the frame's id while the frame lives: a frame from
# the caches is shown on every rerun and never changes (polars frames are not changed in place).
_SHOWN: dict[int, tuple[weakref.ref, pa.Table]] = {}


def _shown(frame: pl.DataFrame) -> pa.Table:
    """`frame` made formula-safe as Arrow, once for as long as the frame lives."""
    key = id(frame)
    known = _SHOWN.get(key)
    if known is not None and known[0]() is frame:
        return known[1]
    table = neutralise_formulas(frame).to_arrow()
    _SHOWN[key] = (weakref.ref(frame, lambda _: _SHOWN.pop(key, None)), table)
    return table


def chart(figure: go.Figure, *, title: str, category: str, key: str, **options: object) -> None:
    """A plotly chart with its text alternative: what it shows in one sentence under it (and as
    the chart's `alt`), and its figures as a table in an expander (`category` heads the labels).

    Every chart on a page is drawn through here (tests/unit/test_chart_text.py holds pages to
    it), so that nobody needs to see a chart to read it.
    """
    language = current_language()
    summary = charts.chart_summary(figure, title, language)
    st.plotly_chart(figure, key=key, alt=summary, **options)
    st.caption(markdown_text(summary))  # names in it may come from outside
    _figures_on_request(key, functools.partial(charts.chart_table, figure, category, language))


def picture(
    png: bytes,
    *,
    summary: str,
    figures: pl.DataFrame | None,
    key: str,
    width: int | str = "content",
) -> None:
    """A chart or map drawn as a picture, with the sentence that says what it shows as its
    caption (and its `alt`) and, when given, its figures as a table under it (a page of many
    pictures lets the reader ask for them all at once: Kvartalsrapport)."""
    # As PNG: Streamlit would otherwise open every picture on every rerun to guess its format.
    caption = markdown_text(summary)  # names in it may come from outside
    st.image(png, width=width, caption=caption, alt=summary, output_format="PNG")
    if figures is not None:
        table(figures, key=f"{key}_tall")


def _figures_on_request(key: str, figures: Callable[[], pl.DataFrame]) -> None:
    """A chart's figures as a table in an expander that builds and sends the table only while it
    is open: opening or closing it reruns the page (or the fragment it is in), so a page of
    charts costs no tables until someone asks for one."""
    expander = st.expander(
        t("Tallene i diagrammet"), icon=":material/table:", key=f"{key}_tallene", on_change="rerun"
    )
    if expander.open:
        with expander:
            table(figures(), key=f"{key}_tall")


def paragraphs(texts: Sequence[str]) -> None:
    """Paragraphs of markdown as one element: one message to the browser, not one each."""
    if texts:
        st.markdown("\n\n".join(texts))


def problems_table(problems: Sequence[Problem], *, key: str) -> None:
    """The validation report as a table, identical problems together ('rader 2–310'), and the
    full list, one row per problem, as a formula-safe CSV download."""
    language = current_language()
    table(tables.grouped_problem_table(problems, language), key=key)
    st.download_button(
        t("Last ned hele listen (CSV)"),
        functools.partial(indicator_view.csv_bytes, tables.problem_table(problems, language)),
        file_name="valideringsrapport.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key=f"{key}_csv",
    )


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
INDICATOR_PAGE = "app_pages/indikatorer.py"


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
        lines = [change_line(change) for change in card.changes]
        target = target_line(card)
        paragraphs([*lines, target] if target else lines)
        st.page_link(
            INDICATOR_PAGE,
            label=t("Se utviklingen"),
            icon=":material/arrow_forward:",
            query_params={"indikator": card.indicator},
        )


def change_line(change: Change) -> str:
    """A card's change in markdown: coloured arrow and text, the word for its tone, since when."""
    word = TONE_WORDS[change.tone]
    shown = f"{change.text} ({t(word)})" if word else change.text
    colour = indicator_view.TONE_COLOURS[change.tone]
    return f":{colour}[{ARROW_ICONS[change.arrow]} {shown}] {change.since}"


def target_line(card: Card) -> str | None:
    """A card's target and, when known, its status as a badge (icon and word, not colour only)."""
    if not card.target:
        return None
    if not card.status:
        return card.target
    tone = card.status_tone or "nøytral"
    badge = f"{STATUS_ICONS[tone]} {card.status}"
    return f"{card.target} :{indicator_view.TONE_COLOURS[tone]}-badge[{badge}]"


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


def ingest_result(result: IngestResult, *, key: str = "valideringsrapport") -> None:
    """What became of an upload or a restore: the summary, then every problem found (`key`
    names the report's table and download)."""
    if result.status == "loaded":
        st.success(result.summary, icon=":material/check_circle:")
    elif result.status == "unchanged":
        st.info(result.summary, icon=":material/info:")
    else:
        st.error(result.summary, icon=":material/error:")
    if result.problems:
        report_title = t("Valideringsrapport")
        st.markdown(f"**{report_title}**")
        problems_table(result.problems, key=key)


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


def setup_steps() -> tuple[Step, ...]:
    """The steps of a municipality's setup, in order."""
    return STEPS


def setup_step_heading(number: int, step: Step, done: bool) -> None:
    """A setup step's number and title, and whether it is done, missing or may be left out."""
    if done:
        badge = ":green-badge[:material/check: " + t("ferdig") + "]"
    elif step.optional:
        badge = ":gray-badge[" + t("valgfritt") + "]"
    else:
        badge = ":orange-badge[" + t("mangler") + "]"
    st.markdown(f"**{number}. {t(step.title)}** {badge}")


def later_hint(step: Step) -> None:
    """Where the step can be done later: the page, and the command line."""
    st.caption(
        t(
            "Kan gjøres senere under {place}, eller med `{command}`.",
            place=t(step.later_in),
            command=step.command,
        )
    )
