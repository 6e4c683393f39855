"""Settings and the audit log: defaults, append-only changes, refusals, and who did what."""

from __future__ import annotations

import pytest

from core.settings import GeoSettings, SettingsError, Thresholds, defaults, geo_settings, thresholds
from warehouse.audit import Actor, audit_log
from warehouse.db import connect
from warehouse.settings import change_settings, read_settings

ADA = Actor("ada", "app")


def setting_rows(db) -> list[tuple]:
    with connect(db) as con:
        return con.execute("select key, value, changed_by from raw.settings order by 1").fetchall()


def test_a_new_warehouse_has_every_setting_at_its_default(db):
    values = read_settings(db)
    assert values == defaults()
    assert (values["prikking_k"], values["prikking_k_streng"]) == (3, 5)  # indicators.md
    assert values["roller"] == {"brukere": {}, "grupper": {}}


def test_a_missing_warehouse_file_reads_as_the_defaults(tmp_path):
    assert read_settings(tmp_path / "finnes_ikke.duckdb") == defaults()


def test_a_change_is_appended_and_the_newest_value_is_in_force(db):
    change_settings(db, {"prikking_k": 4}, actor=ADA)
    change_settings(db, {"prikking_k": 2}, actor=Actor("kari", "app"))
    assert read_settings(db)["prikking_k"] == 2
    # Both changes are kept: nothing is updated or deleted.
    assert setting_rows(db) == [("prikking_k", "4", "ada"), ("prikking_k", "2", "kari")]


def test_only_the_settings_that_differ_are_written(db):
    changed = change_settings(
        db,
        {"prikking_k": 3, "kommunenavn": "Sandnes", "kommunenummer": "1108"},
        actor=ADA,
    )
    assert changed == ["kommunenavn", "kommunenummer"]  # k = 3 is the default already
    assert change_settings(db, {"kommunenavn": "Sandnes"}, actor=ADA) == []
    assert len(setting_rows(db)) == 2


def test_every_change_has_an_audit_entry_with_who_and_what(db):
    change_settings(
        db, {"prikking_k": 4, "borettslag_gul": 12.5}, actor=Actor("ada@kommune.no", "app")
    )
    log = audit_log(db)
    assert log["hvem"].to_list() == ["ada@kommune.no", "ada@kommune.no"]
    assert log["handling"].to_list() == ["innstilling", "innstilling"]
    assert sorted(log["hva"].to_list()) == [
        "Borettslag gult flagg over (% av boligene): 10.0 → 12.5",
        "Prikkegrense (k): 3 → 4",
    ]
    assert log["tidspunkt"].null_count() == 0


def test_invalid_settings_are_refused_with_every_problem_and_nothing_is_written(db):
    with pytest.raises(SettingsError) as refused:
        change_settings(
            db,
            {"kommunenummer": "11O8", "prikking_k": 0, "roller": {"brukere": {"x": "sjef"}}},
            actor=ADA,
        )
    assert refused.value.problems == [
        "Kommunenummer må ha fire sifre (for eksempel 1108).",
        "Prikkegrense (k) må være et heltall fra 1 til 20.",
        "Rolletildeling må knytte brukere og grupper til rollene leser, planlegger, "
        "saksbehandler, admin.",
    ]
    assert setting_rows(db) == []
    assert audit_log(db).is_empty()


def test_settings_that_do_not_fit_together_are_refused(db):
    with pytest.raises(SettingsError, match="kan ikke være lavere enn k"):
        change_settings(db, {"prikking_k": 6}, actor=ADA)  # strict k is 5
    with pytest.raises(SettingsError, match="rødt flagg kan ikke være lavere enn grensen for gult"):
        change_settings(db, {"borettslag_gul": 25.0}, actor=ADA)  # red is 20


def test_an_unknown_setting_is_refused(db):
    with pytest.raises(SettingsError, match="Ukjent innstilling: farge"):
        change_settings(db, {"farge": "blå"}, actor=ADA)


def test_a_role_mapping_is_stored_and_read_back_whole(db):
    roles = {"brukere": {"kari@kommune.no": "leser"}, "grupper": {"boligkontoret": "admin"}}
    change_settings(db, {"roller": roles}, actor=ADA)
    assert read_settings(db)["roller"] == roles


def test_the_settings_give_the_suppression_and_flag_thresholds():
    values = defaults() | {"prikking_k": 4, "prikking_k_streng": 6, "flagg_bygning": 3}
    assert thresholds(values) == Thresholds(k=4, strict=6)
    geo = geo_settings(values)
    assert (geo.building_min, geo.small_count) == (3, 6)  # area counts hide below strict k
    assert (geo.factor, geo.permutations) == (2.0, GeoSettings().permutations)


def test_a_municipality_name_is_plain_words_that_the_header_cannot_render_as_markdown(db):
    change_settings(db, {"kommunenavn": "Porsanger – Porsáŋgu – Porsanki"}, actor=ADA)
    with pytest.raises(SettingsError, match="bokstaver, mellomrom og bindestrek"):
        change_settings(db, {"kommunenavn": "[Sandnes](http://example.com)"}, actor=ADA)
    assert read_settings(db)["kommunenavn"] == "Porsanger – Porsáŋgu – Porsanki"
