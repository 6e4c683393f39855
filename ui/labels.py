"""Every text the UI shows, in bokmål and English: `t("Last opp")` says it in the chosen language.

The key is the bokmål text itself, so a page reads in the language its users speak; `ENGLISH`
holds the translation. Indicator names come from the indicator registry, not from here.
Placeholders (`{month}`) are filled by `t(text, month=...)`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

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
    "Ingen tilgang": "No access",
    "Boligmonitor starter ikke": "Boligmonitor does not start",
    "Ukjent adresse": "Unknown address",
    "Rollefilen har feil": "The roles file has errors",
    "Boligmonitor svarer ikke på denne adressen. Bruk adressen kommunen har gitt deg, eller be "
    "den som drifter appen legge adressen til i server.allowedHosts.": (
        "Boligmonitor does not answer at this address. Use the address the municipality gave "
        "you, or ask whoever runs the app to add the address to server.allowedHosts."
    ),
    "Ingenting er lagret: rollen din ({role}) gir ikke lov til å {change}.": (
        "Nothing was saved: your role ({role}) does not allow you to {change}."
    ),
    "ingen rolle": "no role",
    "lagre innstillinger": "save settings",
    "endre rolletildelingen": "change the role mapping",
    "lagre målene": "save the targets",
    "laste inn områder og områdestatistikk": "load areas and area statistics",
    "laste ned sikkerhetskopi": "download a backup",
    "laste inn øyeblikksbilder": "load snapshots",
    "gjenopprette laster": "restore loads",
    # Innstillinger (pages/innstillinger.py, ui/settings_view.py, warehouse/settings.py labels)
    "Kommune": "Municipality",
    "Områder": "Areas",
    "Terskler": "Thresholds",
    "Roller": "Roles",
    "Sikkerhetskopi": "Backup",
    "Revisjonslogg": "Audit log",
    "Kommunenavn": "Municipality name",
    "Kommunenummer": "Municipality number",
    "Fire sifre. Tomt: hentes fra grunnkretsene.": (
        "Four digits. Blank: taken from the basic statistical units."
    ),
    "Lagre": "Save",
    "Lagret: {settings}.": "Saved: {settings}.",
    "Ingen endringer.": "No changes.",
    "Grunnkretser": "Basic statistical units",
    "Områdefil (GeoJSON eller GeoPackage)": "Area file (GeoJSON or GeoPackage)",
    "Last inn områdene": "Load the areas",
    "Områdestatistikk": "Area statistics",
    "CSV med grunnkrets;aar;innbyggere;boliger_totalt": (
        "CSV with grunnkrets;aar;innbyggere;boliger_totalt"
    ),
    "Last inn områdestatistikken": "Load the area statistics",
    "Handlingsplanens mål per indikator og år. Legg til, endre eller slett rader.": (
        "The action plan's targets per indicator and year. Add, change or delete rows."
    ),
    "År": "Year",
    "Lagre målene": "Save the targets",
    "Prikking": "Suppression",
    "Prikkegrense (k)": "Suppression threshold (k)",
    "Prikkegrense for områder og sårbare grupper": "Threshold for areas and vulnerable groups",
    "Flagg for opphopning": "Concentration flags",
    "Opphopning: andel minst så mange ganger kommunens": (
        "Concentration: share at least this many times the municipality's"
    ),
    "Opphopning: minst så mange kommunale boliger i kretsen": (
        "Concentration: at least this many municipal dwellings in the unit"
    ),
    "Signifikansnivå (falske funn)": "Significance level (false discoveries)",
    "Bygning flagges fra så mange kommunale boliger": (
        "A building is flagged from this many municipal dwellings"
    ),
    "Borettslag gult flagg over (% av boligene)": "Housing co-op amber flag above (% of units)",
    "Borettslag rødt flagg over (% av boligene)": "Housing co-op red flag above (% of units)",
    "Rolletildeling": "Role mapping",
    "Knytt brukere (e-post eller subject fra innloggingen) og grupper (fra gruppe-claimet) til "
    "en rolle. Har noen flere roller, gjelder den høyeste.": (
        "Map users (e-mail or subject from the sign-in) and groups (from the group claim) to a "
        "role. Someone with several roles gets the highest."
    ),
    "Type": "Type",
    "Navn": "Name",
    "Rolle": "Role",
    "Lagre rollene": "Save the roles",
    "Rollefilen {path} gir i tillegg {users} brukere og {groups} grupper en rolle.": (
        "The roles file {path} also gives {users} users and {groups} groups a role."
    ),
    "Alle lastene i datavarehuset som Parquet-filer i en ZIP-fil.": (
        "Every load in the warehouse as Parquet files in a ZIP file."
    ),
    "Last ned sikkerhetskopi (ZIP)": "Download backup (ZIP)",
    "Ingen endringer ennå.": "No changes yet.",
    "Tidspunkt": "Time",
    "Hvem": "Who",
    "Kanal": "Channel",
    "App": "App",
    "Kommandolinje": "Command line",
    "Demo": "Demo",
    "Handling": "Action",
    "Hva": "What",
    "opplasting": "upload",
    "erstatning": "replacement",
    "gjenoppretting": "restore",
    "innstilling": "setting",
    "roller": "roles",
    "områder": "areas",
    "områdestatistikk": "area statistics",
    "mål": "targets",
    "sikkerhetskopi": "backup",
    "gjenoppretting fra sikkerhetskopi": "restore from backup",
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
    # Kvartalsrapport
    "Kvartal": "Quarter",
    "Last ned PDF": "Download PDF",
    "Last ned XLSX": "Download XLSX",
    "Sammendrag": "Summary",
    "Tallene for kvartalet": "The quarter's figures",
    "Indikatorene": "The indicators",
    "Indikator": "Indicator",
    "Verdi": "Value",
    "Endring fra i fjor": "Change from last year",
    "Endring fra forrige kvartal": "Change from the previous quarter",
    "Mål": "Target",
    "Status": "Status",
    "Mål: {target} · {status}": "Target: {target} · {status}",
    "nådd": "reached",
    "nær målet": "close to the target",
    "ikke nådd": "not reached",
    "antall": "count",
    "prosent": "percent",
    "per 1000 innbyggere": "per 1,000 inhabitants",
    "dager": "days",
    "forholdstall": "ratio",
    "Opphopning av kommunale boliger": "Concentration of municipal dwellings",
    "Områder farget etter andel kommunale boliger; flaggede områder har kantlinje.": (
        "Areas coloured by share of municipal dwellings; flagged areas are outlined."
    ),
    "Andel kommunale boliger": "Share of municipal dwellings",
    "Skjult (færre enn {count} kommunale)": "Hidden (fewer than {count} municipal)",
    "Skjult (færre enn {count} kommunale, eller delområdet er prikket)": (
        "Hidden (fewer than {count} municipal, or the district is suppressed)"
    ),
    "Flagget: over terskel": "Flagged: above threshold",
    "Flagget: klynge (Local Moran)": "Flagged: cluster (Local Moran)",
    # The concentration map's legend, layers and tooltips (geo/maps.py, via `translator`)
    "Lokasjonskvotient (1 = som i kommunen)": "Location quotient (1 = as in the municipality)",
    "under {limit}": "under {limit}",
    "{limit} og over": "{limit} and over",
    "Ingen boliger eller ukjent": "No dwellings or unknown",
    "Kommunegrense": "Municipal boundary",
    "terskel": "threshold",
    "klynge": "cluster",
    "{count} kommunale boliger": "{count} municipal dwellings",
    "({share} % av enhetene)": "({share} % of the units)",
    "Lager kartet …": "Drawing the map …",
    "Kartet kan ikke tegnes: det er ikke lastet inn områder eller boliger for måneden.": (
        "The map cannot be drawn: no areas or dwellings are loaded for the month."
    ),
    "Ingen kvartaler å vise ennå.": "No quarters to show yet.",
    "Lager rapporten …": "Making the report …",
    # Oversikt, Indikatorer, Om tallene (ui/indicator_view.py, ui/charts.py)
    "Andel": "Share",
    "Antall": "Count",
    "Barnefamilier": "Families with children",
    "Flyktninger": "Refugees",
    "Funksjonsnedsettelse": "Disability",
    "Rus og psykisk helse": "Substance use and mental health",
    "Unge under 25 år": "Young people under 25",
    "Uten kjent område": "No known area",
    "Målgrupper": "Target groups",
    "Delområder": "Districts",
    "Fordeling": "Breakdown",
    "Fordelt på": "Broken down by",
    "Vis som": "Show as",
    "Vis per": "Show by",
    "Periode": "Period",
    "Om indikatoren": "About the indicator",
    "Se utviklingen": "See the trend",
    "Last ned CSV": "Download CSV",
    "Mål: {target}": "Target: {target}",
    "Gruppe": "Group",
    "Merknad": "Note",
    "Endring fra forrige periode": "Change from the previous period",
    "Endring fra samme periode i fjor": "Change from the same period last year",
    "fra forrige kvartal": "from the previous quarter",
    "fra forrige måned": "from the previous month",
    "fra samme kvartal i fjor": "from the same quarter last year",
    "fra samme måned i fjor": "from the same month last year",
    "fra året før": "from the year before",
    "til og med {month}": "up to and including {month}",
    "{months} av {of} måneder": "{months} of {of} months",
    "pp": "pp",
    "Enhet": "Unit",
    "Retning": "Direction",
    "Kilde": "Source",
    "KOSTRA": "KOSTRA",
    "ingen": "none",
    "beholdning": "stock",
    "strøm": "flow",
    "lavere er bedre": "lower is better",
    "høyere er bedre": "higher is better",
    "ingen retning": "no direction",
    "Boligene i månedens øyeblikksbilde": "The dwellings in the month's snapshot",
    "Boligene og områdestatistikken (innbyggere)": (
        "The dwellings and the area statistics (inhabitants)"
    ),
    "Boligene, områdene (grunnkretser) og områdestatistikken": (
        "The dwellings, the areas (basic statistical units) and the area statistics"
    ),
    "Husstandene i månedens øyeblikksbilde": "The households in the month's snapshot",
    "Husstandene i månedens og forrige måneds øyeblikksbilde": (
        "The households in the month's and the previous month's snapshots"
    ),
    "Husstandene og boligene i månedens øyeblikksbilde": (
        "The households and the dwellings in the month's snapshot"
    ),
    "Siste kvartal, {quarter}, mot målene i handlingsplanen. Pilene viser endringen; grønn er "
    "i riktig retning.": (
        "The latest quarter, {quarter}, against the action plan's targets. The arrows show "
        "the change; green is in the right direction."
    ),
    "Små tall er prikket og vises som «:» (se Om tallene).": (
        "Small counts are suppressed and shown as “:” (see About the figures)."
    ),
    "Definisjonene under kommer fra indikatorregisteret, det samme som beregner tallene, "
    "eksportene og kvartalsrapporten.": (
        "The definitions below come from the indicator registry, the same one that computes "
        "the figures, the exports and the quarterly report."
    ),
    "Beholdning ved utgangen av måneden": "Stock at the end of the month",
    "Bevegelser i løpet av måneden": "Movements during the month",
    "Områder (grunnkretser)": "Areas (basic statistical units)",
    "Perioder og mål": "Periods and targets",
    "- **Beholdning** (for eksempel husstander på venteliste): et kvartal eller år har verdien "
    "fra sin siste måned med data.\n"
    "- **Bevegelser** (for eksempel nye i midlertidig botilbud): et kvartal eller år er "
    "summen av månedene. Har perioden færre måneder med data, står det i merknaden.\n"
    "- Et kvartal som ikke er over, vises med «til og med» siste måned.\n"
    "- **Mål** er årlige, fra boligsosial handlingsplan; for bevegelser gjelder en like stor "
    "del av årsmålet som perioden har måneder. Et tall er «nær målet» når det bommer med "
    "høyst {close} av målet.": (
        "- **Stock** (for example households on the waiting list): a quarter or year has the "
        "value of its last month with data.\n"
        "- **Movements** (for example new in temporary accommodation): a quarter or year is "
        "the sum of its months. When the period has fewer months with data, the note says so."
        "\n"
        "- A quarter that is not over is shown “up to and including” its latest month.\n"
        "- **Targets** are yearly, from the housing action plan; for movements, the share of "
        "the yearly target that matches the period's months applies. A figure is “close to "
        "the target” when it misses by at most {close} of the target."
    ),
    "Prikking av små tall": "Suppression of small counts",
    "Som i SSBs statistikk vises et antall under {k}, og en andel der teller eller nevner er "
    "under {k}, som «:». For delområder og for grupper som rus og psykisk helse, flyktninger "
    "og funksjonsnedsettelse er grensen {strict}. Folkevalgte (rollen leser) ser alltid "
    "prikkede tall; saksbehandlere og administratorer ser tallene uprikket.": (
        "As in Statistics Norway's tables, a count below {k}, and a share whose numerator or "
        "denominator is below {k}, is shown as “:”. For districts and for groups such as "
        "substance use and mental health, refugees and disability the threshold is {strict}. "
        "Council members (the reader role) always see suppressed figures; caseworkers and "
        "administrators see them unsuppressed."
    ),
    "Et skjult tall skal heller ikke kunne regnes ut av tallene som vises, i samme tabell "
    "eller i en annen: for bevegelser er kvartalet summen av månedene og året summen av "
    "kvartalene, for beholdninger har kvartalet og året tallet fra sin siste måned, og "
    "delområdene summerer seg til kommunen. Derfor skjules flere tall (sekundær prikking), "
    "de samme i måneds-, kvartals- og årstabellen og i fordelingene:\n"
    "- Der ett tall i en slik sum er skjult, skjules minst ett til, og de skjulte delene er "
    "til sammen minst grensen for tallet de verner. Er alle delene skjult, vises summen.\n"
    "- De minste tallene skjules først, og måneder og delområder før kvartaler, år og "
    "kommunen.\n"
    "- Til slutt kontrolleres alle tabellene samlet, som ett likningssystem: kan et skjult "
    "tall regnes ut, uansett hvor mange steg det tar, skjules ett tall til, til ingen kan.\n"
    "- Målgruppene overlapper (en husstand kan være i flere) og summerer seg ikke til noe; "
    "de prikkes hver for seg.": (
        "Nor may a hidden figure be worked out from the figures shown, in the same table or "
        "another: for flows the quarter is the sum of its months and the year the sum of its "
        "quarters, for stocks the quarter and the year have the figure of their last month, "
        "and the districts add up to the municipality. So more figures are hidden (secondary "
        "suppression), the same ones in the month, quarter and year tables and in the "
        "breakdowns:\n"
        "- Where one figure of such a sum is hidden, at least one more is, and the hidden parts "
        "together reach at least the threshold of the figure they protect. When every part is "
        "hidden, the sum is shown.\n"
        "- The smallest figures are hidden first, and months and districts before quarters, "
        "years and the municipality.\n"
        "- Finally all the tables are checked together, as one system of equations: if a hidden "
        "figure can be worked out, however many steps it takes, one more is hidden, until none "
        "can.\n"
        "- The target groups overlap (a household can be in several) and add up to nothing; "
        "each is suppressed on its own."
    ),
    "Rollen din ser tallene uprikket.": "Your role sees the figures unsuppressed.",
    "Rollen din ser prikkede tall.": "Your role sees suppressed figures.",
    "Datakilder": "Data sources",
    "- **Månedens øyeblikksbilde** av boligene og husstandene, lastet opp av boligtjenesten "
    "fra fagsystemet (Last opp).\n"
    "- **Områder**: grunnkretser fra Geonorge (© Kartverket, CC BY 4.0), lagt inn av en "
    "administrator.\n"
    "- **Områdestatistikk**: innbyggere og boliger per grunnkrets og år, fra SSB.\n"
    "- **Mål** fra kommunens boligsosiale handlingsplan, lagt inn av en administrator.\n"
    "- Demokommunen er oppdiktet: tallene ligner Sandnes' historie, men ingen husstand finnes.": (
        "- **The month's snapshot** of the dwellings and households, uploaded by the housing "
        "service from its case system (Upload).\n"
        "- **Areas**: basic statistical units from Geonorge (© Kartverket, CC BY 4.0), loaded"
        " by an administrator.\n"
        "- **Area statistics**: inhabitants and dwellings per unit and year, from Statistics "
        "Norway.\n"
        "- **Targets** from the municipality's housing action plan, loaded by an "
        "administrator.\n"
        "- The demo municipality is made up: its figures follow Sandnes's story, but no "
        "household exists."
    ),
    "Øyeblikksbildeformatet (versjon {version})": "The snapshot format (version {version})",
    "Hver måned lastes to tabeller opp: boliger og husstander, som én XLSX-fil med to ark "
    "eller to CSV-filer. Malen kan lastes ned fra Last opp.": (
        "Each month two tables are uploaded: boliger (dwellings) and husstander (households),"
        " as one XLSX file with two sheets or as two CSV files. The template can be "
        "downloaded from Upload."
    ),
    "Påkrevd": "Required",
    "Beskrivelse": "Description",
    "Gyldige verdier": "Valid values",
    # Kart (pages/kart.py, ui/map_view.py)
    "Hvor de kommunale boligene ligger, målt mot alle boliger i hver grunnkrets. Områder og "
    "bygninger med opphopning flagges, og tomtesjekken viser hva nye kommunale boliger gjør "
    "med området.": (
        "Where the municipal dwellings are, measured against all dwellings in each basic unit. "
        "Areas and buildings with a concentration are flagged, and the site check shows what "
        "new municipal dwellings do to their area."
    ),
    "Fargelegg etter": "Colour by",
    "Lokasjonskvotient": "Location quotient",
    "Kartet trenger områder (grunnkretser) og boliger for måneden. Last opp områder i "
    "Innstillinger.": (
        "The map needs areas (basic units) and dwellings for the month. Upload areas in Settings."
    ),
    "Tomtesjekk": "Site check",
    "Klikk på kartet eller skriv inn koordinater (WGS84).": (
        "Click on the map or type coordinates (WGS84)."
    ),
    "Breddegrad": "Latitude",
    "Lengdegrad": "Longitude",
    "Nye kommunale boliger": "New municipal dwellings",
    "Kommunen kjøper eksisterende boliger (ikke nybygg)": (
        "The municipality buys existing dwellings (not new build)"
    ),
    "Velg et punkt for å se virkningen.": "Choose a point to see the effect.",
    "Flaggede områder": "Flagged areas",
    "Et område flagges over terskel når andelen kommunale boliger er minst {factor} × "
    "kommunens, med minst {minimum} kommunale boliger, og avviket er statistisk sikkert. "
    "Det flagges som klynge når det og nabolagene sammen har høy andel (Local Moran's I).": (
        "An area is flagged above threshold when its share of municipal dwellings is at least "
        "{factor} × the municipality's, with at least {minimum} municipal dwellings, and the "
        "difference is statistically significant. It is flagged as a cluster when it and its "
        "neighbours together have a high share (Local Moran's I)."
    ),
    "Ingen områder er flagget i {month}.": "No areas are flagged in {month}.",
    "Flaggede bygninger": "Flagged buildings",
    "Ingen bygninger er flagget i {month}.": "No buildings are flagged in {month}.",
    "Segregering over tid": "Segregation over time",
    "Ulikhetsindeksen (D) er andelen kommunale boliger som måtte flyttet for at alle "
    "områder skulle hatt kommunens andel: 0 betyr spredt som andre boliger, 1 helt atskilt. "
    "Den justerte isolasjonsindeksen måler hvor mye oftere en kommunal bolig har kommunale "
    "naboer i sitt område enn om boligene var jevnt fordelt: 0 er jevnt, 1 helt atskilt.": (
        "The dissimilarity index (D) is the share of municipal dwellings that would have to move "
        "for every area to have the municipality's share: 0 means spread like other dwellings, "
        "1 fully separated. The adjusted isolation index measures how much more often a "
        "municipal dwelling has municipal neighbours in its area than if dwellings were spread "
        "evenly: 0 is even, 1 fully separated."
    ),
    "Over terskel: andelen er minst {factor} × kommunens, og avviket er statistisk sikkert.": (
        "Above threshold: the share is at least {factor} × the municipality's, and the "
        "difference is statistically significant."
    ),
    "Over terskel: andelen {share} er minst {factor} × kommunens {municipal}, med {count} "
    "kommunale boliger, og avviket er statistisk sikkert ({p} etter korreksjon for mange "
    "områder).": (
        "Above threshold: the share {share} is at least {factor} × the municipality's "
        "{municipal}, with {count} municipal dwellings, and the difference is statistically "
        "significant ({p} after correction for many areas)."
    ),
    "Klynge: høy andel i et område der også nabolagene har høy andel (Local Moran's I, {p}).": (
        "Cluster: a high share in an area whose neighbours also have a high share "
        "(Local Moran's I, {p})."
    ),
    "Område": "Area",
    "Grunnkrets": "Basic unit",
    "Delområde": "District",
    "Kommunale boliger": "Municipal dwellings",
    "Boliger i alt": "All dwellings",
    "Andel kommunale": "Municipal share",
    "Hvorfor flagget": "Why flagged",
    "Bygning": "Building",
    "Enheter i bygningen": "Units in the building",
    "Andel av enhetene": "Share of the units",
    "{count} kommunale boliger i samme bygning (grensen er {limit}).": (
        "{count} municipal dwellings in the same building (the limit is {limit})."
    ),
    "Kommunen eier {share} av enhetene, over {limit} ({rule}).": (
        "The municipality owns {share} of the units, above {limit} ({rule})."
    ),
    "grensen med vedtekter": "the limit with bylaws",
    "lovens grense uten vedtekter": "the legal limit without bylaws",
    "Flere kommunale boliger enn enheter i bygningen: sjekk bygning_enheter.": (
        "More municipal dwellings than units in the building: check bygning_enheter."
    ),
    "over terskel": "above threshold",
    "klynge (Local Moran)": "cluster (Local Moran)",
    "Kommunale boliger i dag innen 250 m: {near}; innen 500 m: {far}.": (
        "Municipal dwellings today within 250 m: {near}; within 500 m: {far}."
    ),
    "{count} kommunale boliger uten koordinater er ikke med i avstandene.": (
        "{count} municipal dwellings without coordinates are not in the distances."
    ),
    "Punktet ligger utenfor områdene.": "The point lies outside the areas.",
    "Utenfor områdene kan andel og flagg ikke regnes ut; bare avstandene vises.": (
        "Outside the areas, share and flags cannot be worked out; only the distances are shown."
    ),
    "Punktet ligger i {name} (grunnkrets {code}).": (
        "The point lies in {name} (basic unit {code})."
    ),
    "Området er allerede flagget ({flags}); {count} nye kommunale boliger øker opphopningen.": (
        "The area is already flagged ({flags}); {count} new municipal dwellings add to the "
        "concentration."
    ),
    "Med {count} nye kommunale boliger blir området flagget: {flags}.": (
        "With {count} new municipal dwellings the area becomes flagged: {flags}."
    ),
    "Med {count} nye kommunale boliger blir området ikke flagget.": (
        "With {count} new municipal dwellings the area is not flagged."
    ),
    "Flagg": "Flags",
    "Før": "Before",
    "Etter": "After",
    "Ulikhetsindeks (D)": "Dissimilarity index (D)",
    "Isolasjonsindeks (justert)": "Isolation index (adjusted)",
}


def translate(text: str, language: Language, **values: object) -> str:
    """`text` (bokmål) in `language`, with its placeholders filled in."""
    said = ENGLISH.get(text, text) if language == "en" else text
    return said.format(**values) if values else said


def translator(language: Language) -> Callable[..., str]:
    """`translate` bound to `language`: the `say` that geo's maps speak through."""
    return functools.partial(translate, language=language)


def current_language() -> Language:
    """The language chosen in the sidebar (bokmål until someone chooses)."""
    chosen = st.session_state.get(LANGUAGE_KEY, "nb")
    return chosen if chosen in LANGUAGES else "nb"


def t(text: str, **values: object) -> str:
    """`text` in the chosen language."""
    return translate(text, current_language(), **values)
