"""Kvartalsrapport: the quarterly report to the council, on screen and as PDF and XLSX.

In the order the council reads it: the summary, the quarter's figures, each indicator with its
chart and text (and the chart's figures as a table, when asked for), the portfolio and the
pipeline as a text and a table each, the concentration map, and the notes on the data. Always
suppressed: the report is public, whoever reads or downloads it.
"""

import streamlit as st

from core import formatting as fmt
from core.escaping import markdown_text
from ui import data, report_view, widgets
from ui.access import require_page_access
from ui.labels import current_language, t

QUARTER_KEY = "kvartalsrapport_kvartal"
FIGURES_KEY = "kvartalsrapport_tallene"

require_page_access("kvartalsrapport")
language = current_language()

st.title(t("Kvartalsrapport"))
months = data.loaded_months()
if not months:
    widgets.nothing_loaded()
    st.stop()
quarters = report_view.report_quarters(months)
if not quarters:
    st.info(t("Ingen kvartaler å vise ennå."))
    st.stop()

if st.session_state.get(QUARTER_KEY) not in quarters:
    st.session_state[QUARTER_KEY] = report_view.default_quarter(months)
quarter = st.selectbox(
    t("Kvartal"), quarters, format_func=lambda key: fmt.quarter(key, language), key=QUARTER_KEY
)
with st.spinner(t("Lager rapporten …")):
    report = data.quarterly_report(quarter, language)
    shown = data.report_screen(quarter, language)
    charts = data.report_charts(quarter, language)
    area_map = data.report_map(report.last_month, language) if report.last_month else None
    sections = data.report_sections(report.last_month, language)

pdf_column, xlsx_column, _ = st.columns([1, 1, 4])
pdf_column.download_button(
    t("Last ned PDF"),
    data.on_click(data.report_pdf, quarter, language),
    file_name=f"kvartalsrapport_{quarter}.pdf",
    mime="application/pdf",
    icon=":material/picture_as_pdf:",
    on_click="ignore",
)
xlsx_column.download_button(
    t("Last ned XLSX"),
    data.on_click(data.report_xlsx, quarter, language),
    file_name=f"kvartalsrapport_{quarter}.xlsx",
    mime=report_view.XLSX_MIME,
    icon=":material/table:",
    on_click="ignore",
)

st.subheader(t("Sammendrag"))
widgets.paragraphs(report.summary)

st.subheader(t("Tallene for kvartalet"))
widgets.table(shown.figures, key="kvartalstall")

st.subheader(t("Indikatorene"))
# One switch for all 25 tables: a page that sends none of them until asked is cheap to rerun.
with_figures = st.toggle(t("Vis tallene under diagrammene"), key=FIGURES_KEY)
for index, (on_screen, chart) in enumerate(zip(shown.sections, charts, strict=True)):
    with st.container(border=True):
        text_column, chart_column = st.columns([2, 3])
        text_column.metric(**on_screen.metric)
        text_column.markdown(on_screen.text)
        with chart_column:
            widgets.picture(
                chart,
                summary=on_screen.summary,
                figures=on_screen.figures if with_figures else None,
                key=f"diagram_{index}",
            )

for number, (group, table) in enumerate(zip(report.groups, shown.group_tables, strict=True)):
    st.subheader(group.title)
    widgets.paragraphs([markdown_text(text) for text in group.paragraphs])
    widgets.table(table, key=f"rapport_gruppe_{number}")

st.subheader(t("Opphopning av kommunale boliger"))
if area_map is None:
    st.info(t("Kartet kan ikke tegnes: det er ikke lastet inn områder eller boliger for måneden."))
else:
    st.caption(t("Områder farget etter andel kommunale boliger; flaggede områder har kantlinje."))
    # As wide as it was drawn for the screen (report_view.MAP_WIDTH).
    widgets.picture(area_map.png, summary=area_map.alt, figures=None, key="kart")

for number, section in enumerate(sections):
    st.subheader(section.title)
    widgets.paragraphs([markdown_text(text) for text in section.paragraphs])
    if section.table is not None:
        widgets.table(section.table, key=f"rapport_seksjon_{number}")

st.subheader(t("Om tallene"))
st.markdown("\n".join(f"- {note}" for note in report.notes))
