"""Boligprosjekter on the demo, per role: the register, the timeline, the map, "if everything
planned is built" and a site check per project, for planners and up; not for readers."""

from __future__ import annotations

import pytest

from geo.analysis import warm_up
from ui.access import VIEW_AS_KEY


@pytest.fixture(scope="module", autouse=True)
def compiled_geo():
    """esda's numba code compiled before the first run, so no run waits for it."""
    warm_up()


def table_with(app, header: str):
    return next(frame.value for frame in app.dataframe if header in frame.value.columns)


@pytest.mark.parametrize("role", ["planlegger", "saksbehandler", "admin"])
def test_planners_and_up_see_the_register_and_what_it_would_do(open_page, role):
    app = open_page("boligprosjekter", role=role)

    assert not app.exception
    assert app.title[0].value == "Boligprosjekter"
    assert "Prosjektregisteret gjelder per 31.12.2015." in [c.value for c in app.caption]
    register = table_with(app, "Forventet ferdig")
    # The demo's six projects (demo/portfolio.py), in the register's order.
    assert register["Prosjekt"].tolist() == ["P-01", "P-02", "P-03", "P-04", "P-05", "P-06"]
    assert register["Status"].tolist()[:2] == ["ferdig", "planlagt"]
    built = table_with(app, "Andel etter")
    assert len(built) > 0
    assert [header.value for header in app.subheader] == [
        "Boliger per status og år",
        "Prosjektregisteret",
        "Prosjektene på kartet",
        "Hvis alt som er planlagt blir bygget",
        "Tomtesjekk per prosjekt",
    ]
    # Only P-02 (planned, with coordinates) can be checked as a site.
    assert app.selectbox(key="prosjekter_tomtesjekk").options == ["Småhus, andre trinn (planlagt)"]


def test_a_reader_is_not_offered_boligprosjekter(app):
    app.session_state[VIEW_AS_KEY] = "leser"
    app.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("app_pages/boligprosjekter.py")
