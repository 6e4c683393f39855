"""Innstillinger: the municipality, areas and area statistics, targets, thresholds, roles, backup.

Every change goes through ui.settings_view, which records it in the audit log shown last.
"""

import streamlit as st

from core.escaping import markdown_text
from core.roles import ROLES, WriteRefused, read_roles_file, roles_file
from core.settings import MAX_NEIGHBOURS, ROLE_KINDS, SETTING_BY_KEY, SettingsError
from ui import cache, data, kostra_view, settings_view, widgets
from ui.access import require_page_access
from ui.indicator_view import indicator_ids
from ui.labels import current_language, t

FEEDBACK_KEY = "innstillinger_tilbakemelding"
UPLOAD_RESULT_KEY = "innstillinger_opplasting"
# Bumped after each save, so the table editors start again from what was saved.
GENERATION_KEY = "innstillinger_utgave"
THRESHOLDS = (
    "prikking_k",
    "prikking_k_streng",
    "flagg_faktor",
    "flagg_min_boliger",
    "flagg_alfa",
    "flagg_bygning",
    "borettslag_gul",
    "borettslag_rod",
)

require_page_access("innstillinger")
language = current_language()
values = cache.app_settings()
generation = st.session_state.setdefault(GENERATION_KEY, 0)


def save(changes: dict) -> None:
    save_with(lambda: settings_view.save_settings(changes))


def save_with(write) -> None:
    """Run a settings writer and keep what it says for the next run."""
    try:
        changed = write()
    except SettingsError as refused:
        st.session_state[FEEDBACK_KEY] = ("error", refused.problems)
        return
    except WriteRefused as refused:
        st.session_state[FEEDBACK_KEY] = ("error", [str(refused)])
        return
    labels = ", ".join(t(SETTING_BY_KEY[key].label) for key in changed)
    message = t("Lagret: {settings}.", settings=labels) if changed else t("Ingen endringer.")
    st.session_state[FEEDBACK_KEY] = ("success", [message])
    st.session_state[GENERATION_KEY] = generation + 1


def save_municipality() -> None:
    save(
        {
            "kommunenavn": st.session_state["innst_kommunenavn"].strip(),
            "kommunenummer": st.session_state["innst_kommunenummer"].strip(),
        }
    )


def save_thresholds() -> None:
    save({key: st.session_state[f"innst_{key}"] for key in THRESHOLDS})


def upload(kind: str, key: str) -> None:
    file = st.session_state[key]
    st.session_state[UPLOAD_RESULT_KEY] = settings_view.upload_reference(
        kind, file.name, file.getvalue()
    )


def reference_upload(
    kind: str, key: str, title: str, label: str, types: list[str], button: str
) -> None:
    """A file uploader for a reference table and the button that loads it."""
    st.subheader(title)
    st.file_uploader(label, type=types, key=key)
    st.button(
        button,
        on_click=upload,
        args=(kind, key),
        disabled=st.session_state.get(key) is None,
        icon=":material/upload:",
    )


def save_comparison_group() -> None:
    group = kostra_view.chosen_group(
        st.session_state["innst_kostra_type"],
        st.session_state.get("innst_kostra_fylke") or "",
        st.session_state.get("innst_kostra_gruppe") or "",
        st.session_state.get("innst_kostra_naboer") or [],
    )
    save_with(lambda: kostra_view.save_group(group))


def number_input(key: str) -> None:
    setting = SETTING_BY_KEY[key]
    whole = setting.kind == "integer"
    kind = int if whole else float
    st.number_input(
        t(setting.label),
        min_value=kind(setting.minimum),
        max_value=kind(setting.maximum),
        value=kind(values[key]),
        step=1 if whole else (0.01 if key == "flagg_alfa" else 0.5),
        key=f"innst_{key}",
    )


st.title(t("Innstillinger"))
widgets.writer_only()
kind, messages = st.session_state.pop(FEEDBACK_KEY, (None, []))
for message in messages:
    (st.success if kind == "success" else st.error)(message)

(
    municipality_tab,
    areas_tab,
    living_tab,
    targets_tab,
    thresholds_tab,
    comparison_tab,
    roles_tab,
    backup_tab,
    log_tab,
) = st.tabs(
    [
        t("Kommune"),
        t("Områder"),
        t("Levekår og BrukerPlan"),
        t("Mål"),
        t("Terskler"),
        t("Sammenligning"),
        t("Roller"),
        t("Sikkerhetskopi"),
        t("Revisjonslogg"),
    ]
)

with municipality_tab, st.form("innst_kommune"):
    st.text_input(t("Kommunenavn"), value=values["kommunenavn"], key="innst_kommunenavn")
    st.text_input(
        t("Kommunenummer"),
        value=values["kommunenummer"],
        max_chars=4,
        help=t("Fire sifre. Tomt: hentes fra grunnkretsene."),
        key="innst_kommunenummer",
    )
    st.form_submit_button(t("Lagre"), on_click=save_municipality, key="innst_lagre_kommune")

with areas_tab:
    result = st.session_state.pop(UPLOAD_RESULT_KEY, None)
    if result is not None:
        widgets.ingest_result(result)
    areas_column, stats_column = st.columns(2, gap="large")
    with areas_column:
        reference_upload(
            "områder",
            "innst_omrader",
            t("Grunnkretser"),
            t("Områdefil (GeoJSON eller GeoPackage)"),
            ["geojson", "json", "gpkg"],
            t("Last inn områdene"),
        )
    with stats_column:
        reference_upload(
            "områdestatistikk",
            "innst_omradestatistikk",
            t("Områdestatistikk"),
            t("CSV med grunnkrets;aar;innbyggere;boliger_totalt"),
            ["csv"],
            t("Last inn områdestatistikken"),
        )

with living_tab:
    st.caption(
        t(
            "Levekårsundersøkelsen og BrukerPlan-tallene lastes opp under Last opp "
            "(saksbehandlere og administratorer). Her velger administratoren retningen på "
            "indikatorene."
        )
    )
    stored_survey = data.stored_survey()
    if not stored_survey.values.is_empty():
        st.subheader(t("Er et høyt tall dårlig?"))
        st.caption(
            t(
                "Velg for hver indikator om et høyt tall betyr dårlige levekår. Valget her "
                "gjelder foran indikatorbeskrivelsen i filen; en indikator uten retning kan ikke "
                "tegnes på kartet."
            )
        )
        edited_directions = st.data_editor(
            settings_view.directions_table(
                stored_survey.descriptions,
                stored_survey.values["indikator"].unique(maintain_order=True).to_list(),
                values["levekar_retning"],
            ),
            hide_index=True,
            disabled=["indikator", "navn", "i_filen"],
            column_config={
                "indikator": st.column_config.TextColumn(t("Indikator")),
                "navn": st.column_config.TextColumn(t("Navn")),
                "i_filen": st.column_config.TextColumn(t("I filen")),
                "valg": st.column_config.SelectboxColumn(
                    t("Høyt er dårlig"), options=list(settings_view.DIRECTION_CHOICES)
                ),
            },
            key=f"innst_levekar_retning_{generation}",
        )
        st.button(
            t("Lagre retningene"),
            on_click=lambda: save(
                {"levekar_retning": settings_view.directions_value(edited_directions)}
            ),
            icon=":material/save:",
            key="innst_lagre_retning",
        )

with targets_tab:
    st.caption(t("Handlingsplanens mål per indikator og år. Legg til, endre eller slett rader."))
    edited_targets = st.data_editor(
        data.targets(),
        num_rows="dynamic",
        hide_index=True,
        column_config={
            "indikator": st.column_config.SelectboxColumn(
                t("Indikator"), options=indicator_ids(), required=True
            ),
            "aar": st.column_config.NumberColumn(
                t("År"), min_value=2000, max_value=2100, step=1, format="%d", required=True
            ),
            "verdi": st.column_config.NumberColumn(t("Mål"), required=True),
        },
        key=f"innst_mal_{generation}",
    )
    if st.button(t("Lagre målene"), icon=":material/save:", key="innst_lagre_mal"):
        saved = settings_view.save_targets(edited_targets)
        st.session_state[GENERATION_KEY] = generation + 1
        widgets.ingest_result(saved, key="innst_mal_rapport")

with thresholds_tab, st.form("innst_terskler"):
    st.subheader(t("Prikking"))
    for key in THRESHOLDS[:2]:
        number_input(key)
    st.subheader(t("Flagg for opphopning"))
    for key in THRESHOLDS[2:]:
        number_input(key)
    st.form_submit_button(t("Lagre"), on_click=save_thresholds, key="innst_lagre_terskler")

with comparison_tab:
    st.caption(
        t(
            "Hvem Sammenligning viser kommunen ved siden av (i tillegg til landet). Tallene kommer "
            "fra KOSTRA-tabellen som lastes opp på Last opp."
        )
    )
    chosen = values["kostra_sammenligning"]
    kinds = {kind: t(label) for kind, label in kostra_view.GROUP_KINDS.items()}
    kind = st.radio(
        t("Sammenlign med"),
        list(kinds),
        index=list(kinds).index(chosen["kind"]),
        format_func=kinds.get,
        horizontal=True,
        key="innst_kostra_type",
    )
    counties = kostra_view.county_choices()
    if kind == "fylke":
        st.selectbox(
            t("Fylke"),
            list(counties),
            index=list(counties).index(kostra_view.first_or_empty(chosen, "fylke")),
            format_func=lambda code: counties[code] or t("Kommunens eget fylke"),
            key="innst_kostra_fylke",
        )
    elif kind == "kostragruppe":
        st.text_input(
            t("KOSTRA-gruppe (kode)"),
            value=kostra_view.first_or_empty(chosen, "kostragruppe"),
            max_chars=5,
            help=t("Koden fra SSB, for eksempel EKG13."),
            key="innst_kostra_gruppe",
        )
    elif kind == "naboer":
        municipalities = kostra_view.municipality_names()
        st.multiselect(
            t("Nabokommuner"),
            list(municipalities),
            default=chosen["regions"] if chosen["kind"] == "naboer" else [],
            format_func=lambda code: f"{code} {municipalities[code]}",
            max_selections=MAX_NEIGHBOURS,
            key="innst_kostra_naboer",
        )
    st.button(
        t("Lagre sammenligningsgruppen"),
        on_click=save_comparison_group,
        icon=":material/save:",
        key="innst_lagre_sammenligning",
    )

with roles_tab:
    st.caption(
        t(
            "Knytt brukere (e-post eller subject fra innloggingen) og grupper (fra gruppe-claimet) "
            "til en rolle. Har noen flere roller, gjelder den høyeste."
        )
    )
    edited_roles = st.data_editor(
        settings_view.roles_table(values["roller"]),
        num_rows="dynamic",
        hide_index=True,
        column_config={
            "type": st.column_config.SelectboxColumn(
                t("Type"), options=list(ROLE_KINDS), required=True
            ),
            "navn": st.column_config.TextColumn(t("Navn"), required=True),
            "rolle": st.column_config.SelectboxColumn(
                t("Rolle"), options=list(ROLES), required=True
            ),
        },
        key=f"innst_roller_{generation}",
    )
    st.button(
        t("Lagre rollene"),
        on_click=lambda: save({"roller": settings_view.roles_value(edited_roles)}),
        icon=":material/save:",
        key="innst_lagre_roller",
    )
    from_file = read_roles_file(roles_file())
    st.caption(
        t(
            "Rollefilen {path} gir i tillegg {users} brukere og {groups} grupper en rolle.",
            path=markdown_text(str(roles_file())),
            users=len(from_file.users),
            groups=len(from_file.groups),
        )
    )

with backup_tab:
    st.caption(t("Alle lastene i datavarehuset som Parquet-filer i en ZIP-fil."))
    st.download_button(
        t("Last ned sikkerhetskopi (ZIP)"),
        settings_view.backup_download(),
        file_name="boligmonitor_sikkerhetskopi.zip",
        mime="application/zip",
        icon=":material/download:",
        on_click="ignore",
    )

with log_tab:
    log = settings_view.audit_log()
    if log.is_empty():
        st.info(t("Ingen endringer ennå."))
    else:
        widgets.table(settings_view.audit_table(log, language), key="revisjonslogg")
