"""The comparison group chosen in Innstillinger, and what Sammenligning then shows."""

from __future__ import annotations

from services.audit import audit_log
from tests.services.test_kostra import SANDNES_AND_MORE


def test_an_admin_chooses_neighbours_and_sammenligning_shows_them_with_ssbs_symbols(
    open_page, app_db
):
    settings = open_page("innstillinger", role="admin")
    settings.radio(key="innst_kostra_type").set_value("naboer").run()
    settings.multiselect(key="innst_kostra_naboer").set_value(["1127"]).run()
    settings.button(key="innst_lagre_sammenligning").click().run()

    assert not settings.exception
    assert [success.value for success in settings.success] == [
        "Lagret: Sammenligningsgruppe (KOSTRA)."
    ]
    entry = audit_log(app_db).row(0, named=True)
    assert (entry["handling"], entry["kanal"]) == ("innstilling", "app")
    assert entry["hva"].endswith('→ {"kind": "naboer", "regions": ["1127"]}')

    app = settings.switch_page("app_pages/sammenligning.py").run()
    assert not app.exception
    long_stays = next(
        frame.value
        for frame in app.dataframe
        if "Region" in frame.value.columns
        and "Randaberg" in frame.value["Region"].tolist()
        and ":" in frame.value.values.tolist()[1]
    ).set_index("Region")
    # The demo table has Randaberg's share of long stays suppressed by SSB in 2019 and 2020.
    assert list(long_stays.index) == ["Sandnes", "Randaberg", "Landet"]
    assert (long_stays.loc["Randaberg", "2019"], long_stays.loc["Randaberg", "2020"]) == (":", ":")
    assert ": Vises ikke av personvernhensyn" in [
        caption.value.replace("\\", "") for caption in app.caption
    ]


def test_a_caseworker_uploads_a_kostra_table_and_sees_the_unknown_codes_listed(open_page, app_db):
    app = open_page("last_opp", role="saksbehandler")
    (kostra_uploader,) = [
        widget for widget in app.get("file_uploader") if widget.label == "SSB-tabell"
    ]
    kostra_uploader.set_value([(SANDNES_AND_MORE.name, SANDNES_AND_MORE.content, "text/csv")])
    app.run()
    next(widget for widget in app.button if widget.label == "Last inn KOSTRA-tabellen").click()
    app.run()

    assert not app.exception
    assert [success.value for success in app.success] == [
        "Lastet KOSTRA-tabell: 6 rader. 2 ukjente regionkoder, 1 ukjente variabelkoder."
    ]
    assert [text.value for text in app.text] == ["1102, 9999", "KOSukjentvariabel000"]
    entry = audit_log(app_db).row(0, named=True)
    assert (entry["handling"], entry["kanal"]) == ("kostra", "app")
