"""Om tallene: what each indicator means, how small counts are hidden, where the data comes from."""

import streamlit as st

from core import formatting as fmt
from core.snapshot_format import FORMAT_VERSION, TABLES
from ui import charts, data, indicator_view, kostra_view, living_conditions_view, tables, widgets
from ui.access import require_page_access
from ui.labels import current_language, t

user = require_page_access("om_tallene")
language = current_language()
thresholds = data.suppression_thresholds()

st.title(t("Om tallene"))
st.caption(
    t(
        "Definisjonene under kommer fra indikatorregisteret, det samme som beregner tallene, "
        "eksportene og kvartalsrapporten."
    )
)

st.header(t("Indikatorene"))
for section, entries in indicator_view.indicator_groups():
    st.subheader(t(section))
    for entry in entries:
        st.markdown(f"**{indicator_view.title(entry, language)}** · `{entry.id}`")
        st.markdown(indicator_view.definition(entry, language))
        st.caption(indicator_view.facts(entry, language))

st.header(t("Perioder og mål"))
st.markdown(
    t(
        "- **Beholdning** (for eksempel husstander på venteliste): et kvartal eller år har verdien "
        "fra sin siste måned med data.\n"
        "- **Bevegelser** (for eksempel nye i midlertidig botilbud): et kvartal eller år er "
        "summen av månedene. Har perioden færre måneder med data, står det i merknaden.\n"
        "- Et kvartal som ikke er over, vises med «til og med» siste måned.\n"
        "- **Mål** er årlige, fra boligsosial handlingsplan; for bevegelser gjelder en like stor "
        "del av årsmålet som perioden har måneder. Et tall er «nær målet» når det bommer med "
        "høyst {close} av målet.",
        close=fmt.percent(indicator_view.CLOSE_TO_TARGET * 100, 0, language),
    )
)

st.header(t("Prikking av små tall"))
st.markdown(
    t(
        "Som i SSBs statistikk vises et antall under {k}, og en andel der teller eller nevner er "
        "under {k}, som «:». For delområder og for grupper som rus og psykisk helse, flyktninger "
        "og funksjonsnedsettelse er grensen {strict}. Folkevalgte (rollen leser) ser alltid "
        "prikkede tall; saksbehandlere og administratorer ser tallene uprikket.",
        k=thresholds.k,
        strict=thresholds.strict,
    )
)
st.markdown(
    t(
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
        "de prikkes hver for seg."
    )
)
if data.thresholds_for(user.role) is None:
    st.info(t("Rollen din ser tallene uprikket."), icon=":material/visibility:")
else:
    st.info(t("Rollen din ser prikkede tall."), icon=":material/visibility_off:")

st.header(t("Forløp"))
st.markdown(
    t(
        "- Husstandene følges med husstands-ID-en fra uttrekk til uttrekk. En husstand som "
        "mangler i en måned har ukjent situasjon den måneden, ikke «flyttet ut».\n"
        "- **Overganger** sammenligner situasjonen i måneden før perioden med situasjonen i "
        "periodens siste måned; månedene imellom sammenlignes ikke (A → B → A telles som "
        "A → A). «Ikke lenger fulgt opp» betyr at husstanden ikke er med i noe senere uttrekk; "
        "«Ukjent» at den mangler i sluttmåneden, men er med senere.\n"
        "- **Leie til eie**: hver husstand som har vært på sporet til og med siste måned, "
        "med datoen den kom inn, om den har fått startlån, og første måned den eier bolig med "
        "datoen satt. Trinnene er ikke nøstet: noen kjøper uten startlån.\n"
        "- **Prikking**: overgangene og kullene prikkes som tabeller med summer for rader og "
        "kolonner. Trakten viser kullenes summer, og medianen vises bare når minst {k} har "
        "kjøpt. Husstandene som flyttet fra midlertidig botilbud en måned er, 12 måneder "
        "senere, de kjente i andelen fortsatt bosatt pluss de ukjente: den summen vernes også.",
        k=thresholds.k,
    )
)

st.header(t("Kunnskapsgrunnlag"))
st.markdown(
    t(
        "BrukerPlan er verktøyet kommunene bruker hvert år til å kartlegge personer som får "
        "tjenester for rus- og psykiske helseutfordringer. Boforholdet deres er det første "
        "handlingsplanen skal svare på. Tallene står ved siden av våre egne tall for Housing "
        "First og småhus. Små tall prikkes med grensen for sårbare grupper ({strict}): et antall "
        "under grensen (også 0) og andelen det gir vises som «:», og i hvert år skjules flere "
        "tall til de skjulte til sammen er minst grensen, så ingen kan regnes ut av summen.",
        strict=thresholds.strict,
    )
)
plan_limits = data.thresholds_for(user.role)
plan = data.brukerplan_table(plan_limits)
if plan.is_empty():
    st.info(t("Ingen BrukerPlan-tall er lastet opp ennå."))
else:
    st.subheader(t("Kartlagt i BrukerPlan etter boforhold"))
    widgets.table(living_conditions_view.brukerplan_year_table(plan, language), key="brukerplan")
    widgets.chart(
        charts.key_shares_figure(living_conditions_view.key_share_rows(plan, language), language),
        title=t("Uten bolig og i midlertidig botilbud i BrukerPlan"),
        category=t("År"),
        width="stretch",
        config={"displayModeBar": False},
        key="brukerplan_andeler",
    )
    st.subheader(t("Våre egne tall"))
    widgets.table(
        living_conditions_view.own_counts_table(
            data.indicator_values("year", plan_limits),
            indicator_view.indicator_ids(),
            sorted(plan["aar"].unique().to_list(), reverse=True),
            language,
        ),
        key="egne_tall",
    )
st.markdown(
    t(
        "**Levekår.** Levekårsundersøkelsen vises på Kart (planleggere og opp). Områdene med "
        "tall deles i tre omtrent like store grupper for andelen kommunale boliger og for "
        "levekårene; 3 er alltid de dårligste levekårene. For lesere deles bare områdene de kan "
        "se, så gruppene kan avvike fra planleggernes. Dobbel belastning er høy andel kommunale "
        "boliger (øverste tredel eller flagget for opphopning) og dårlige levekår (øverste "
        "tredel). Lee's L (naboer ved felles grense eller hjørne og området selv, "
        "permutasjonstest med 999 omstokkinger og fast frø) svarer på om de to ligger samlet i "
        "de samme delene av kommunen, ikke på om det ene skyldes det andre. Har undersøkelsen "
        "ingen egen indeks, beregnes en: snittet av standardiserte indikatorer (z-verdier, snudd "
        "så høyt er dårlig), likt vektet."
    )
)

st.header(t("Datakilder"))
st.markdown(
    t(
        "- **Månedens øyeblikksbilde** av boligene og husstandene, lastet opp av boligtjenesten "
        "fra fagsystemet (Last opp).\n"
        "- **Områder**: grunnkretser fra Geonorge (© Kartverket, CC BY 4.0), lagt inn av en "
        "administrator.\n"
        "- **Områdestatistikk**: innbyggere og boliger per grunnkrets og år, fra SSB.\n"
        "- **Mål** fra kommunens boligsosiale handlingsplan, lagt inn av en administrator.\n"
        "- Demokommunen er oppdiktet: tallene ligner Sandnes' historie, men ingen husstand finnes."
    )
)

st.header(t("KOSTRA og andre kommuner"))
st.markdown(
    t(
        "Sammenligning viser tallene SSB publiserer i KOSTRA for kommunen, sammenligningsgruppen "
        "administratoren har valgt og landet, fra en tabell fra SSBs statistikkbank som lastes "
        "opp på Last opp. Et tall SSB ikke har, står med SSBs tegn: {symbols}. Vårt eget tall for "
        "året (årets siste måned for beholdninger) står ved siden av det KOSTRA publiserte for "
        "oss; forskjellen merkes som avvik når den er større enn både {absolute} og {relative} av "
        "SSBs tall. KOSTRA-utkast gir årets tall til skjema 13 med regelen bak hvert tall; "
        "skjemaet sendes til SSB i SSBs eget system.",
        symbols=kostra_view.symbols_text(language),
        absolute=kostra_view.absolute_tolerances_text(language),
        relative=kostra_view.relative_tolerance_text(language),
    )
)

st.header(t("Øyeblikksbildeformatet (versjon {version})", version=FORMAT_VERSION))
st.markdown(
    t(
        "Hver måned lastes to tabeller opp: boliger og husstander, som én XLSX-fil med to ark "
        "eller to CSV-filer. Malen kan lastes ned fra Last opp."
    )
)
for table_format in TABLES.values():
    st.subheader(table_format.name)
    st.caption(table_format.description)
    widgets.table(
        tables.snapshot_format_table(table_format.name, language), key=f"format_{table_format.name}"
    )
