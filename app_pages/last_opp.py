"""Last opp: staff upload the month's snapshot and the reference data shared/reference-data.md
gives them (projects, KOSTRA, living conditions, BrukerPlan), read the validation report, and
manage loads."""

from datetime import date

import streamlit as st

from core import formatting as fmt
from ui import data, kostra_view, tables, upload, widgets
from ui.access import require_page_access
from ui.labels import current_language, t

RESULT_KEY = "last_opp_resultat"
RESTORE_KEY = "last_opp_gjenoppretting"
MONTH_KEY = "last_opp_maaned"
FILES_KEY = "last_opp_filer"
CHOSEN_LOADS_KEY = "last_opp_valgte_laster"
REGISTER_KEY = "last_opp_prosjektregister"
REGISTER_DATE_KEY = "last_opp_prosjektregister_dato"
REGISTER_RESULT_KEY = "last_opp_prosjektregister_resultat"

HINTS_KEY = "last_opp_maanedshint"
KOSTRA_FILE_KEY = "last_opp_kostra_fil"
KOSTRA_RESULT_KEY = "last_opp_kostra_resultat"
SURVEY_KEY = "last_opp_levekar"
DESCRIPTIONS_KEY = "last_opp_levekar_indikatorer"
BRUKERPLAN_KEY = "last_opp_brukerplan"
LIVING_RESULT_KEY = "last_opp_levekar_resultat"

require_page_access("last_opp")
language = current_language()


def load(replace: bool) -> None:
    st.session_state[RESULT_KEY] = upload.ingest_upload(
        st.session_state[MONTH_KEY], st.session_state[FILES_KEY] or [], replace=replace
    )


def restore() -> None:
    st.session_state[RESTORE_KEY] = upload.restore_loads(st.session_state[CHOSEN_LOADS_KEY])
    st.session_state[CHOSEN_LOADS_KEY] = []


def load_register() -> None:
    st.session_state[REGISTER_RESULT_KEY] = upload.register_upload(
        st.session_state[REGISTER_KEY], st.session_state[REGISTER_DATE_KEY]
    )


def forget_result() -> None:
    st.session_state.pop(RESULT_KEY, None)


def files_chosen() -> None:
    forget_result()
    st.session_state[HINTS_KEY] = upload.month_hints(st.session_state[FILES_KEY] or [])


def load_kostra() -> None:
    file = st.session_state[KOSTRA_FILE_KEY]
    st.session_state[KOSTRA_RESULT_KEY] = kostra_view.import_table(file.name, file.getvalue())


def load_levekar() -> None:
    st.session_state[LIVING_RESULT_KEY] = upload.levekar_upload(
        st.session_state[SURVEY_KEY], st.session_state.get(DESCRIPTIONS_KEY)
    )


def load_brukerplan() -> None:
    st.session_state[LIVING_RESULT_KEY] = upload.brukerplan_upload(st.session_state[BRUKERPLAN_KEY])


st.title(t("Last opp"))
widgets.writer_only()
upload_column, template_column = st.columns([2, 1], gap="large")

with upload_column:
    st.subheader(t("Last opp månedens øyeblikksbilde"))
    loaded = data.loaded_months()
    months = upload.month_choices(date.today(), loaded)
    st.session_state.setdefault(MONTH_KEY, upload.default_month(date.today(), loaded))
    month = st.selectbox(
        t("Måned"),
        months,
        format_func=lambda choice: fmt.month(choice, language),
        key=MONTH_KEY,
        on_change=forget_result,
    )
    files = st.file_uploader(
        t("Filer"),
        type=["xlsx", "csv"],
        accept_multiple_files=True,
        help=t("Slipp én XLSX-fil med arkene boliger og husstander, eller to CSV-filer."),
        key=FILES_KEY,
        on_change=files_chosen,
    )
    if files:
        for warning in upload.month_warnings(st.session_state.get(HINTS_KEY, []), month, language):
            st.warning(warning, icon=":material/event_busy:")
    st.button(
        t("Last inn"),
        type="primary",
        icon=":material/upload:",
        disabled=not files,
        on_click=load,
        args=(False,),
    )
    result = st.session_state.get(RESULT_KEY)
    if result is not None and upload.asks_for_replacement(result, month):
        with st.container(border=True, key="last_opp_erstatning"):
            st.warning(
                t(
                    "Måneden {month} er allerede lastet. Erstatt den med de nye filene? Den "
                    "gamle lasten beholdes og kan gjenopprettes.",
                    month=fmt.month(month, language),
                ),
                icon=":material/swap_horiz:",
            )
            widgets.table(tables.replacement_table(result.replacing, language), key="erstatning")
            confirm, cancel, _ = st.columns([1, 1, 2])
            confirm.button(
                t("Erstatt måneden"), on_click=load, args=(True,), icon=":material/swap_horiz:"
            )
            cancel.button(t("Avbryt"), on_click=forget_result, icon=":material/close:")

with template_column, st.container(border=True):
    st.subheader(t("Mal for øyeblikksbildet"))
    st.caption(
        t("En tom XLSX-fil med arkene boliger og husstander, og et ark som forklarer hver kolonne.")
    )
    st.download_button(
        t("Last ned tom mal (XLSX)"),
        data.blank_template(),
        file_name="boligmonitor_mal.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        on_click="ignore",
    )

if result is not None and not upload.asks_for_replacement(result, month):
    widgets.ingest_result(result)

st.subheader(t("Prosjektregisteret (boligprosjekter)"))
st.caption(
    t(
        "Én CSV-fil med ett prosjekt per rad: prosjekt_id, navn, grunnkrets eller lat og lon, "
        "boliger, boligtype, eierform, status, forventet_ferdig, ferdig_dato, gjennomforing og "
        "salg_til_beboere. «Gjelder per» er datoen registeret beskriver; tallene for "
        "boligprosjekter regnes fra den måneden."
    )
)
register_column, date_column = st.columns([2, 1])
register_file = register_column.file_uploader(
    t("Prosjektregister (CSV)"), type=["csv"], key=REGISTER_KEY
)
date_column.date_input(
    t("Gjelder per"),
    value=upload.register_date(date.today()),
    format="DD.MM.YYYY",
    key=REGISTER_DATE_KEY,
)
st.button(
    t("Last inn prosjektregisteret"),
    icon=":material/upload:",
    disabled=register_file is None,
    on_click=load_register,
)
if (register_result := st.session_state.pop(REGISTER_RESULT_KEY, None)) is not None:
    widgets.ingest_result(register_result)

st.subheader(t("KOSTRA-tabell fra SSB"))
st.caption(
    t(
        "Last ned KOSTRA-tabellen for kommunalt disponerte boliger fra SSBs statistikkbank med "
        "koder (JSON-stat2 eller CSV) for kommunen, sammenligningsgruppen og landet, og last den "
        "opp her. En ny tabell erstatter den forrige, som beholdes og kan gjenopprettes."
    )
)
st.file_uploader(t("SSB-tabell"), type=["json", "csv"], key=KOSTRA_FILE_KEY)
st.button(
    t("Last inn KOSTRA-tabellen"),
    on_click=load_kostra,
    disabled=st.session_state.get(KOSTRA_FILE_KEY) is None,
    icon=":material/upload:",
)
kostra_result = st.session_state.get(KOSTRA_RESULT_KEY)
if kostra_result is not None:
    widgets.ingest_result(kostra_result)
    for label, codes in (
        (t("Ukjente regionkoder (ikke tatt med)"), kostra_result.unknown_regions),
        (t("Ukjente variabelkoder (ikke tatt med)"), kostra_result.unknown_variables),
    ):
        if codes:
            st.markdown(f"**{label}**")
            st.text(", ".join(codes))

st.subheader(t("Levekår og BrukerPlan"))
survey_column, plan_column = st.columns(2, gap="large")
with survey_column:
    st.markdown("**" + t("Levekårsundersøkelse") + "**")
    st.file_uploader(
        t("Levekår per grunnkrets eller delområde (CSV eller XLSX)"),
        type=["csv", "xlsx"],
        help=t(
            "Kolonnene omrade og aar, og én kolonne per indikator. En XLSX-fil kan ha arket "
            "levekar_indikatorer (kolonne, navn, hoy_er_darlig)."
        ),
        key=SURVEY_KEY,
    )
    st.file_uploader(
        t("Indikatorbeskrivelser (valgfritt, CSV eller XLSX)"),
        type=["csv", "xlsx"],
        key=DESCRIPTIONS_KEY,
    )
    st.button(
        t("Last inn levekårene"),
        on_click=load_levekar,
        disabled=st.session_state.get(SURVEY_KEY) is None,
        icon=":material/upload:",
    )
with plan_column:
    st.markdown("**" + t("BrukerPlan") + "**")
    st.file_uploader(t("CSV med aar;boforhold;antall"), type=["csv"], key=BRUKERPLAN_KEY)
    st.button(
        t("Last inn BrukerPlan-tallene"),
        on_click=load_brukerplan,
        disabled=st.session_state.get(BRUKERPLAN_KEY) is None,
        icon=":material/upload:",
    )
if (living_result := st.session_state.pop(LIVING_RESULT_KEY, None)) is not None:
    widgets.ingest_result(living_result)

st.subheader(t("Lastehistorikk"))
history = data.load_history()
if history.is_empty():
    st.info(t("Ingen laster ennå."))
else:
    widgets.table(tables.history_table(history, language), height=420, key="lastehistorikk")

st.subheader(t("Gjenopprett tidligere laster"))
restored = st.session_state.pop(RESTORE_KEY, None)
if restored is not None:
    widgets.ingest_result(restored, key="gjenoppretting_rapport")
choices = tables.restore_choices(history, language)
if choices:
    chosen = st.multiselect(
        t("Velg laster"),
        list(choices),
        format_func=choices.get,
        help=t("Gjenopprett en måneds boliger og husstander sammen."),
        key=CHOSEN_LOADS_KEY,
    )
    st.button(t("Gjenopprett"), disabled=not chosen, on_click=restore, icon=":material/restore:")
else:
    st.caption(t("Alle laster er aktive; det er ingenting å gjenopprette."))
