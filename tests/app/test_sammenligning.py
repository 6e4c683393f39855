"""Sammenligning on the demo: Sandnes beside Rogaland and the country as the demo's KOSTRA table
"publishes" them, for every role, and our year values beside KOSTRA's."""

from __future__ import annotations

import pytest

from core.roles import ROLES
from tests.app.read_only import app_db  # noqa: F401  (one warm copy for the module)

SHARES = [
    "Kommunale boliger per 1000 innbyggere",
    "Andel boliger tilpasset rullestolbrukere",
    "Husstander på venteliste",  # only a count: named, with a note, no chart
    "Andel i midlertidig botilbud over 3 måneder",
]
COUNTS = [
    "Kommunalt disponerte boliger",
    "Andel boliger tilpasset rullestolbrukere",  # only a share: named, with a note, no chart
    "Husstander på venteliste",
    "Andel i midlertidig botilbud over 3 måneder",  # only a share
]
ONLY_AS = "Dette tallet sammenlignes bare som «{}»"


def table_with(app, header: str):
    return next(frame.value for frame in app.dataframe if header in frame.value.columns)


def tables_with(app, header: str):
    return [frame.value for frame in app.dataframe if header in frame.value.columns]


def notes(app, start: str) -> list[str]:
    return [caption.value for caption in app.caption if caption.value.startswith(start)]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_shares_beside_the_county_and_the_country(open_page, role):
    app = open_page("sammenligning", role=role)

    assert not app.exception
    assert app.title[0].value == "Sammenligning"
    assert [header.value for header in app.subheader] == [*SHARES, "Våre tall og KOSTRA"]
    assert len(app.get("plotly_chart")) == 3
    assert len(notes(app, ONLY_AS.format("Antall"))) == 1  # the waiting list
    # No group chosen and no kommunenummer set: the areas' 1108 gives the county EKA11.
    assert "Sammenligningsgruppe: Fylket\\: Rogaland \\(EKA11\\)" in app.caption[0].value


def test_the_count_shows_the_dwellings_and_the_waiting_list_and_names_the_shares_only(open_page):
    app = open_page("sammenligning", role="leser")
    app.radio(key="sammenligning_maal").set_value("antall").run()

    assert [header.value for header in app.subheader] == [*COUNTS, "Våre tall og KOSTRA"]
    assert len(app.get("plotly_chart")) == 2
    assert len(notes(app, ONLY_AS.format("Andel og per 1000"))) == 2
    dwellings, waiting = tables_with(app, "Region")
    # The dwellings' count is SSB's count variable; the demo file's name gives no table number.
    assert list(dwellings["Region"]) == ["Sandnes", "Rogaland", "Landet"]
    assert set(dwellings["Kilde"]) == {"SSB: KOSboligAntall000000"}
    assert set(waiting["Kilde"]) == {"SSB: KOSventelistetil0000"}
    regions = waiting.set_index("Region")
    # The demo publishes Sandnes's December waiting list, but 2022 six higher (88 + 6 = 94).
    assert list(regions.index) == ["Sandnes", "Rogaland", "Landet"]
    assert (regions.loc["Sandnes", "2021"], regions.loc["Sandnes", "2022"]) == ("66", "94")


def test_a_difference_above_the_tolerance_is_flagged(open_page):
    app = open_page("sammenligning", role="saksbehandler")
    compared = table_with(app, "Avvik")

    flagged = compared[compared["Avvik"] != ""]
    # Only the waiting list 2022 differs: 88 − 94 = −6, more than max(2, 5 % of 94 = 4,7).
    assert flagged[["Indikator", "År", "Våre tall", "KOSTRA", "Differanse"]].values.tolist() == [
        ["Husstander på venteliste", "2022", "88", "94", "\u22126"]
    ]
    assert flagged["Avvik"].tolist() == ["⚠ Større enn toleransen"]
    # Each row names our indicator and SSB's variable; the dwellings' count is compared too.
    sources = dict(zip(compared["Indikator"], compared["Kilde"], strict=True))
    assert sources["Husstander på venteliste"] == (
        "Boligmonitor: venteliste · SSB: KOSventelistetil0000"
    )
    assert sources["Kommunalt disponerte boliger"] == (
        "Boligmonitor: kommunale_boliger · SSB: KOSboligAntall000000"
    )


def test_the_page_speaks_english(open_page):
    app = open_page("sammenligning", role="leser", language="en")

    assert not app.exception
    assert app.title[0].value == "Comparison"
    assert app.subheader[-1].value == "Our figures and KOSTRA"
