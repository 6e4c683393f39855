"""Every text the UI shows, in bokmål and English: `t("Last opp")` says it in the chosen language.

The key is the bokmål text itself, so a page reads in the language its users speak; `ENGLISH`
holds the translation. Indicator names come from the indicator registry, not from here.
Placeholders (`{month}`) are filled by `t(text, month=...)`.
"""

from __future__ import annotations

import streamlit as st

from ui.format import LANGUAGES, Language

LANGUAGE_KEY = "language"
LANGUAGE_NAMES: dict[Language, str] = {"nb": "Norsk (bokmål)", "en": "English"}

ENGLISH: dict[str, str] = {
    # The frame: app.py, navigation, header, sign-in
    "Språk": "Language",
    "Tall og rapporter": "Figures and reports",
    "Data": "Data",
    "Oversikt": "Overview",
    "Indikatorer": "Indicators",
    "Kart": "Map",
    "Kvartalsrapport": "Quarterly report",
    "Last opp": "Upload",
    "Datakvalitet": "Data quality",
    "Om tallene": "About the figures",
    "Innstillinger": "Settings",
    "Lokal modus: ingen innlogging, bare tilgjengelig fra denne maskinen": (
        "Local mode: no sign-in, only reachable from this machine"
    ),
    "Se appen som": "View the app as",
    "Lokal modus gir full tilgang. Velg en rolle for å se appen slik den ser den.": (
        "Local mode gives full access. Choose a role to see the app as that role sees it."
    ),
    "leser": "reader",
    "planlegger": "planner",
    "saksbehandler": "caseworker",
    "admin": "administrator",
    "Innlogget som {name} ({role})": "Signed in as {name} ({role})",
    "lokal bruker": "local user",
    "{municipality} · data for {month}": "{municipality} · data for {month}",
    "{municipality} · ingen data ennå": "{municipality} · no data yet",
    "Kommune {number}": "Municipality {number}",
    "{name} kommune": "{name} municipality",
    "Ingen kommune valgt": "No municipality chosen",
    "Du har ikke tilgang til denne siden.": "You do not have access to this page.",
    "Rollen din ({role}) gir ikke tilgang til {page}.": (
        "Your role ({role}) does not give access to {page}."
    ),
    "Logg inn": "Sign in",
    "Logg ut": "Sign out",
    "Boligmonitor viser kommunens boligsosiale tall. Logg inn med kontoen din i kommunen for å "
    "se dem.": (
        "Boligmonitor shows the municipality's social-housing figures. Sign in with your "
        "municipal account to see them."
    ),
    "Ingen tilgang ennå": "No access yet",
    "Du er logget inn som {name}, men har ingen rolle i Boligmonitor. Be en administrator i "
    "kommunen om tilgang.": (
        "You are signed in as {name}, but have no role in Boligmonitor. Ask an administrator in "
        "the municipality for access."
    ),
    "Boligmonitor starter ikke: uten innlogging ([auth] i secrets.toml) skal appen bare lytte på "
    'denne maskinen. Sett server.address = "localhost", eller sett opp innlogging.': (
        "Boligmonitor does not start: without sign-in ([auth] in secrets.toml) the app must only "
        'listen on this machine. Set server.address = "localhost", or set up sign-in.'
    ),
    "Bygger demokommunen første gang …": "Building the demo municipality the first time …",
    "Datavarehuset er tomt. Første gang bygges demokommunen; det tar et par minutter.": (
        "The warehouse is empty. On the first start the demo municipality is built; this takes "
        "a couple of minutes."
    ),
    "Demokommunen bygges i en annen økt. Venter …": (
        "The demo municipality is being built in another session. Waiting …"
    ),
    "Datavarehuset er opptatt": "The warehouse is busy",
    # Last opp
    "Last opp månedens øyeblikksbilde": "Upload the month's snapshot",
    "Måned": "Month",
    "Filer": "Files",
    "Slipp én XLSX-fil med arkene boliger og husstander, eller to CSV-filer.": (
        "Drop one XLSX file with the sheets boliger and husstander, or two CSV files."
    ),
    "Last inn": "Load",
    "Erstatt måneden": "Replace the month",
    "Måneden {month} er allerede lastet. Erstatt den med de nye filene? Den gamle lasten "
    "beholdes og kan gjenopprettes.": (
        "The month {month} is already loaded. Replace it with the new files? The earlier load "
        "is kept and can be restored."
    ),
    "Valideringsrapport": "Validation report",
    "Alvorlighet": "Severity",
    "Fil": "File",
    "Ark": "Sheet",
    "Rad": "Row",
    "Kolonne": "Column",
    "Hva er galt": "What is wrong",
    "feil": "error",
    "advarsel": "warning",
    "Lastehistorikk": "Load history",
    "Ingen laster ennå.": "No loads yet.",
    "Last": "Load",
    "Tabell": "Table",
    "Rader": "Rows",
    "Lastet": "Loaded",
    "Lastet av": "Loaded by",
    "Aktiv": "Active",
    "Gjenopprett tidligere laster": "Restore earlier loads",
    "Gjenopprett": "Restore",
    "Velg laster": "Choose loads",
    "Gjenopprett en måneds boliger og husstander sammen.": (
        "Restore a month's dwellings and households together."
    ),
    "Alle laster er aktive; det er ingenting å gjenopprette.": (
        "Every load is active; there is nothing to restore."
    ),
    "Last {load_id} · {table} · {month} · {file}": "Load {load_id} · {table} · {month} · {file}",
    "Mal for øyeblikksbildet": "Snapshot template",
    "En tom XLSX-fil med arkene boliger og husstander, og et ark som forklarer hver kolonne.": (
        "An empty XLSX file with the sheets boliger and husstander, and a sheet explaining "
        "each column."
    ),
    "Last ned tom mal (XLSX)": "Download a blank template (XLSX)",
    # Datakvalitet
    "Antall rader og kontroller per måned. Husbanken ber kommunene sjekke store svingninger "
    "før de rapporterer.": (
        "Row counts and checks per month. Husbanken asks municipalities to check large swings "
        "before they report."
    ),
    "Ingen måneder er lastet ennå.": "No months are loaded yet.",
    "Siste måned": "Latest month",
    "Måneder som mangler": "Missing months",
    "Ingen måneder mangler mellom {first} og {last}.": (
        "No months are missing between {first} and {last}."
    ),
    "Mangler": "Missing",
    "boliger og husstander": "dwellings and households",
    "boliger": "dwellings",
    "husstander": "households",
    "Bør sjekkes": "Worth a second look",
    "Endringer på mer enn {threshold} fra forrige måned.": (
        "Changes of more than {threshold} from the previous month."
    ),
    "Ingen tall endret seg mer enn {threshold} fra forrige måned.": (
        "No figure changed by more than {threshold} from the previous month."
    ),
    "Tall": "Figure",
    "Forrige måned": "Previous month",
    "Denne måneden": "This month",
    "Endring": "Change",
    "Per måned": "Per month",
    "Boliger": "Dwellings",
    "Husstander": "Households",
    "På venteliste": "On the waiting list",
    "I midlertidig botilbud": "In temporary accommodation",
    "I kommunal bolig": "In a municipal dwelling",
    "Leier privat": "Renting privately",
    "Eier bolig": "Owns a home",
    "Boliger uten koordinater": "Dwellings without coordinates",
    "Boliger uten område": "Dwellings without an area",
    "Boliger utenfor områdene": "Dwellings outside the areas",
    "Koordinater uenige med grunnkrets": "Coordinates disagreeing with grunnkrets",
    "Husstander med ukjent bolig": "Households with an unknown dwelling",
}


def translate(text: str, language: Language, **values: object) -> str:
    """`text` (bokmål) in `language`, with its placeholders filled in."""
    said = ENGLISH.get(text, text) if language == "en" else text
    return said.format(**values) if values else said


def current_language() -> Language:
    """The language chosen in the sidebar (bokmål until someone chooses)."""
    chosen = st.session_state.get(LANGUAGE_KEY, "nb")
    return chosen if chosen in LANGUAGES else "nb"


def t(text: str, **values: object) -> str:
    """`text` in the chosen language."""
    return translate(text, current_language(), **values)
