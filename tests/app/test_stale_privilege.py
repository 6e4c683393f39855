"""No stale privilege: a change is allowed by the role the user has when it is made, read again
from the warehouse and the roles file, not by the role their page was drawn with.

Each test signs someone in with a role from the role mapping in the warehouse, draws the page,
then demotes them in the warehouse (as another admin, or another process, would) and presses the
button on the page they still have open. The app's cached settings still say the old role, so
the page is still drawn: only the writer's own check stands between the click and the write.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from core.roles import ROLES_FILE_ENV, Identity, WriteRefused
from tests.app.files import demo_snapshot
from tests.app.test_last_opp import (
    DEMO_LAST_MONTH,
    NEW_MONTH,
    _load_id,
    button,
    upload_files,
    valid_files,
)
from ui.settings_view import backup_zip
from warehouse.audit import Actor, audit_log
from warehouse.history import load_history
from warehouse.ingest import ingest
from warehouse.queries import read_mart
from warehouse.settings import change_settings, read_settings

ADA = "ada@kommune.no"
SIRI = "siri@kommune.no"


@pytest.fixture(autouse=True)
def no_roles_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Roles come from the warehouse's role mapping alone."""
    monkeypatch.setenv(ROLES_FILE_ENV, str(tmp_path / "ingen_rollefil.toml"))


def give_role(db: Path, email: str, role: str) -> None:
    """What an admin saving the role mapping writes (without clearing this app's cache)."""
    roles = {"brukere": {email: role}, "grupper": {}}
    change_settings(db, {"roller": roles}, actor=Actor("kari@kommune.no", "app"))


def signed_in_on(app, db: Path, email: str, role: str, page_id: str):
    give_role(db, email, role)
    app.user = {"is_logged_in": True, "email": email, "sub": f"sub-{email}"}
    app.run()
    return app.switch_page(f"app_pages/{page_id}.py").run()


def refusal(role: str, change: str) -> str:
    return f"Ingenting er lagret: rollen din ({role}) gir ikke lov til å {change}."


def test_an_admin_who_was_not_demoted_saves_a_threshold(app, app_db):
    # The control for the tests below: the same kind of click as a current admin writes.
    app = signed_in_on(app, app_db, ADA, "admin", "innstillinger")
    app.number_input(key="innst_prikking_k").set_value(4)
    app.button(key="innst_lagre_terskler").click().run()
    assert not app.exception
    assert app.success[0].value == "Lagret: Prikkegrense (k)."
    assert read_settings(app_db)["prikking_k"] == 4


def test_a_demoted_admin_cannot_save_the_roles_from_the_page_they_had_open(app, app_db):
    app = signed_in_on(app, app_db, ADA, "admin", "innstillinger")
    give_role(app_db, ADA, "leser")
    entries = audit_log(app_db).height
    # The table on her page still says she is admin: saving it would make her admin again.
    app.button(key="innst_lagre_roller").click().run()
    assert not app.exception
    assert [error.value for error in app.error] == [refusal("leser", "endre rolletildelingen")]
    assert read_settings(app_db)["roller"]["brukere"] == {ADA: "leser"}
    assert audit_log(app_db).height == entries


def test_a_demoted_admin_cannot_save_a_threshold(app, app_db):
    app = signed_in_on(app, app_db, ADA, "admin", "innstillinger")
    give_role(app_db, ADA, "saksbehandler")
    entries = audit_log(app_db).height
    app.number_input(key="innst_prikking_k").set_value(4)
    app.button(key="innst_lagre_terskler").click().run()
    assert [error.value for error in app.error] == [refusal("saksbehandler", "lagre innstillinger")]
    assert read_settings(app_db)["prikking_k"] == 3  # the default, unchanged
    assert audit_log(app_db).height == entries


def test_a_demoted_admin_cannot_save_the_targets(app, app_db):
    app = signed_in_on(app, app_db, ADA, "admin", "innstillinger")
    give_role(app_db, ADA, "planlegger")
    loads = load_history(app_db).height
    app.button(key="innst_lagre_mal").click().run()
    assert [error.value for error in app.error] == [refusal("planlegger", "lagre målene")]
    assert load_history(app_db).height == loads


def test_a_demoted_admin_cannot_load_area_statistics(app, app_db):
    app = signed_in_on(app, app_db, ADA, "admin", "innstillinger")
    csv = b"grunnkrets;aar;innbyggere;boliger_totalt\n11080101;2027;1300;600\n"
    app.get("file_uploader")[1].set_value([("omr.csv", csv, "text/csv")])
    app.run()
    before = read_mart(app_db, "omradestatistikk").height
    give_role(app_db, ADA, "leser")
    entries = audit_log(app_db).height
    next(b for b in app.button if b.label == "Last inn områdestatistikken").click().run()
    assert [error.value for error in app.error] == [
        refusal("leser", "laste inn områder og områdestatistikk")
    ]
    assert read_mart(app_db, "omradestatistikk").height == before
    assert audit_log(app_db).height == entries


def test_a_demoted_admin_gets_no_backup_and_none_is_recorded(app_db):
    # The backup is made when the download is clicked, outside the page's run: the identity
    # taken when the button was drawn is checked against the role mapping of that moment.
    give_role(app_db, ADA, "leser")
    entries = audit_log(app_db).height
    with pytest.raises(WriteRefused, match=r"rollen din \(leser\)"):
        backup_zip(Identity(claims={"is_logged_in": True, "email": ADA}))
    assert audit_log(app_db).height == entries


def test_a_caseworker_who_was_not_demoted_loads_a_snapshot(app, app_db):
    app = signed_in_on(app, app_db, SIRI, "saksbehandler", "last_opp")
    app = upload_files(app, NEW_MONTH, valid_files())
    assert [success.value for success in app.success] == [
        f"Lastet {NEW_MONTH}: boliger (3 rader), husstander (3 rader)."
    ]


def test_a_demoted_caseworker_cannot_load_a_snapshot_from_the_page_they_had_open(app, app_db):
    app = signed_in_on(app, app_db, SIRI, "saksbehandler", "last_opp")
    app.selectbox(key="last_opp_maaned").set_value(NEW_MONTH)
    app.get("file_uploader")[0].set_value(valid_files())
    app.run()
    loads = load_history(app_db).height
    give_role(app_db, SIRI, "leser")
    button(app, "Last inn").click().run()
    assert [error.value for error in app.error] == [refusal("leser", "laste inn øyeblikksbilder")]
    assert load_history(app_db).height == loads


def test_a_demoted_caseworker_cannot_restore_loads(app, app_db):
    # October 2026 replaced outside the app: the demo's two loads of it become restorable.
    ingest(app_db, DEMO_LAST_MONTH, demo_snapshot(), replace=True, actor=Actor("cli", "cli"))
    app = signed_in_on(app, app_db, SIRI, "saksbehandler", "last_opp")
    restorable = app.multiselect(key="last_opp_valgte_laster")
    october = [_load_id(text) for text in restorable.options if "oktober 2026" in text]
    app = restorable.set_value(october).run()
    active_before = load_history(app_db).filter(pl.col("active"))["load_id"].sort().to_list()
    give_role(app_db, SIRI, "planlegger")
    button(app, "Gjenopprett").click().run()
    assert [error.value for error in app.error] == [refusal("planlegger", "gjenopprette laster")]
    active = load_history(app_db).filter(pl.col("active"))["load_id"].sort().to_list()
    assert active == active_before
