"""Kom i gang: a municipality's first steps, each done or missing, each possible later from
Innstillinger or the command line."""

import streamlit as st

from core.i18n import N_
from core.roles import WriteRefused
from core.settings import SettingsError
from ui import data, settings_view, widgets
from ui.access import require_page_access
from ui.labels import t

require_page_access("oppsett")

MUNICIPALITY_KEY = "oppsett_kommune"
FEEDBACK_KEY = "oppsett_tilbakemelding"
UPLOADS = {
    "omrader": ("områder", ["geojson", "json", "gpkg"]),
    "omradestatistikk": ("områdestatistikk", ["csv"]),
    "mal": ("mål", ["csv"]),
}
# What each step asks for, in words (bokmål).
EXPLANATIONS = {
    "kommune": N_("Kommunens navn og nummer (fra SSBs liste over kommunene i 2024)."),
    "omrader": N_(
        "Grunnkretsene som GeoJSON eller GeoPackage, for eksempel «Statistiske enheter "
        "grunnkretser» fra Geonorge."
    ),
    "omradestatistikk": N_(
        "En CSV med grunnkrets, aar, innbyggere og boliger_totalt per grunnkrets og år."
    ),
    "mal": N_("Valgfritt: handlingsplanens mål som CSV med indikator, aar og verdi."),
    "roller": N_(
        "Hvem som får hvilken rolle når innlogging er satt opp: i rollefilen (data/roller.toml) "
        "eller under Innstillinger → Roller. I lokal modus er du administrator."
    ),
    "maaned": N_(
        "Det første øyeblikksbildet av boliger og husstander, under Last opp (saksbehandler "
        "eller administrator)."
    ),
}


def save_municipality() -> None:
    try:
        settings_view.save_municipality(st.session_state[MUNICIPALITY_KEY])
    except (SettingsError, WriteRefused) as refused:
        problems = refused.problems if isinstance(refused, SettingsError) else [str(refused)]
        st.session_state[FEEDBACK_KEY] = ("error", problems)


def upload(kind: str, key: str) -> None:
    file = st.session_state[key]
    result = settings_view.upload_reference(kind, file.name, file.getvalue())
    st.session_state[FEEDBACK_KEY] = ("result", result)


st.title(t("Kom i gang"))
if data.is_demo():
    st.info(
        t(
            "Dette er demokommunen. Oppsettet under gjelder kommunens eget datavarehus: start "
            "det med make serve (eller streamlit run app.py uten BOLIGMONITOR_DEMO)."
        ),
        icon=":material/science:",
    )
st.caption(
    t(
        "Ett steg om gangen. Hvert steg kan også gjøres senere under Innstillinger eller Last "
        "opp, eller med kommandolinjen."
    )
)
kind, feedback = st.session_state.pop(FEEDBACK_KEY, (None, None))
if kind == "result":
    widgets.ingest_result(feedback)
elif kind == "error":
    for problem in feedback:
        st.error(problem)

status = data.setup_status()
for number, step in enumerate(widgets.setup_steps(), 1):
    with st.container(border=True, key=f"oppsett_steg_{step.id}"):
        widgets.setup_step_heading(number, step, status.done[step.id])
        st.caption(t(EXPLANATIONS[step.id]))
        if step.id == "kommune":
            choices = settings_view.municipality_choices()
            st.selectbox(
                t("Kommune"),
                list(choices),
                format_func=choices.get,
                index=None,
                placeholder=t("Velg kommunen"),
                key=MUNICIPALITY_KEY,
            )
            st.button(
                t("Lagre kommunen"),
                on_click=save_municipality,
                disabled=st.session_state.get(MUNICIPALITY_KEY) is None,
                key="oppsett_lagre_kommune",
            )
        elif step.id in UPLOADS:
            upload_kind, types = UPLOADS[step.id]
            key = f"oppsett_fil_{step.id}"
            st.file_uploader(t("Fil"), type=types, key=key)
            st.button(
                t("Last inn"),
                on_click=upload,
                args=(upload_kind, key),
                disabled=st.session_state.get(key) is None,
                icon=":material/upload:",
                key=f"oppsett_last_inn_{step.id}",
            )
        elif step.id == "roller":
            st.page_link(
                "app_pages/innstillinger.py",
                label=t("Til Innstillinger"),
                icon=":material/settings:",
            )
        else:
            st.page_link(
                "app_pages/last_opp.py", label=t("Til Last opp"), icon=":material/upload_file:"
            )
        widgets.later_hint(step)
if status.complete:
    st.success(
        t("Alt er på plass. Oversikt viser den siste måneden."), icon=":material/check_circle:"
    )
