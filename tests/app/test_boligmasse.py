"""Boligmasse on the demo, per role: readers get the suppressed municipal figures only,
planners also the breakdowns, staff also the list of leases ending."""

from __future__ import annotations

import pytest

LEASE_LIST = "Leieavtalen slutter"  # a header of the staff's list
BY_TYPE = "Eierform"  # the first header of the breakdowns


def headers(app) -> set[str]:
    return {column for frame in app.dataframe for column in frame.value.columns}


@pytest.mark.parametrize(
    ("role", "breakdowns", "lease_list"),
    [
        ("leser", False, False),
        ("planlegger", True, False),
        ("saksbehandler", True, True),
        ("admin", True, True),
    ],
)
def test_each_role_gets_its_part_of_boligmasse(open_page, role, breakdowns, lease_list):
    app = open_page("boligmasse", role=role)

    assert not app.exception
    assert app.title[0].value == "Boligmasse"
    shown = headers(app)
    assert (BY_TYPE in shown) is breakdowns
    assert (LEASE_LIST in shown) is lease_list
    # Everyone gets the leases ending as counts, and dwellings in and out per period.
    assert {"Innen 3 måneder", "Innen 6 måneder", "Innen 12 måneder"} <= shown
    assert {"Boliger inn", "Boliger ut", "Nye utleiere", "Utleiere som gikk ut"} <= shown


def test_the_demo_portfolio_by_type_shows_the_twelve_small_houses_of_2015(open_page):
    app = open_page("boligmasse", role="planlegger")
    app.radio(key="boligmasse_periode").set_value("month").run()

    by_type = next(frame.value for frame in app.dataframe if BY_TYPE in frame.value.columns)

    # The latest month (October 2026); all small houses are owned (demo.portfolio keeps 12 of
    # 2015's, and dwellings keep their type).
    owned = by_type.set_index(BY_TYPE).loc["Eid"]
    assert int(owned["Småhus"]) <= 12
    assert set(by_type[BY_TYPE]) == {"Eid", "Innleid", "Tildelingsrett"}
