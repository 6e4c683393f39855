"""Roles and pages: each role sees its own pages and those of the roles below it."""

from ui.access import PAGES, ROLES, local_user, may_see, pages_for


def ids(role):
    return [page.id for page in pages_for(role)]


def test_a_council_member_sees_the_figures_and_reports_only():
    assert ids("leser") == ["oversikt", "indikatorer", "kvartalsrapport", "om_tallene"]


def test_a_planner_also_sees_the_map():
    assert ids("planlegger") == ["oversikt", "indikatorer", "kart", "kvartalsrapport", "om_tallene"]


def test_a_caseworker_also_uploads_and_checks_data_quality():
    assert ids("saksbehandler") == [
        "oversikt",
        "indikatorer",
        "kart",
        "kvartalsrapport",
        "om_tallene",
        "last_opp",
        "datakvalitet",
    ]


def test_an_admin_sees_every_page_including_settings():
    assert ids("admin") == [page.id for page in PAGES]
    assert "innstillinger" in ids("admin")


def test_no_role_below_admin_may_open_settings():
    assert [role for role in ROLES if may_see(role, "innstillinger")] == ["admin"]


def test_an_unknown_role_or_page_gives_no_access():
    assert not may_see("gjest", "oversikt")
    assert not may_see("admin", "finnes_ikke")


def test_every_page_has_a_file_in_pages():
    assert [page.id for page in PAGES if not page.path.exists()] == []


def test_the_local_user_is_an_admin_who_may_view_the_app_as_a_lesser_role():
    assert local_user().role == "admin"
    assert local_user().local
    assert local_user("leser").role == "leser"
    assert local_user("superbruker").role == "admin"


def test_no_page_is_served_at_its_file_name():
    # Streamlit runs pages/<name>.py on its own, without app.py's frame, for a URL /<name> on a
    # fresh server (its older pages-folder convention); distinct URLs keep every page framed.
    assert [page.id for page in PAGES if page.url_path == page.id] == []
    assert len({page.url_path for page in PAGES}) == len(PAGES)
