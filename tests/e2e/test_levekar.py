"""A living-conditions survey uploaded in the browser, then drawn on Kart's bivariate map."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from core.problems import SourceFile
from services.reference import loaded_areas
from tests.e2e.conftest import DRAW_TIMEOUT_MS, drawn_map, open_page, wait_for_app
from tests.e2e.test_kart import offline

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

INDICATOR_NAME = "Testindeks fra nettleseren"
RECOMPUTE_TIMEOUT_MS = 400_000


def survey_files(demo_db) -> list[SourceFile]:
    """A survey of every demo delområde (index 1, 2, … by code) and its description."""
    codes = sorted(loaded_areas(demo_db).delomrader)
    rows = "".join(f"{code};2024;{number}\n" for number, code in enumerate(codes, 1))
    return [
        SourceFile("levekar_test.csv", f"omrade;aar;testindeks\n{rows}".encode()),
        SourceFile(
            "levekar_test_indikatorer.csv",
            f"kolonne;navn;hoy_er_darlig\ntestindeks;{INDICATOR_NAME};ja\n".encode(),
        ),
    ]


def drop_file(page, label: str, file: SourceFile) -> None:
    uploader = page.get_by_test_id("stFileUploader").filter(has_text=label)
    uploader.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        [{"name": file.name, "mimeType": "text/csv", "buffer": file.content}]
    )
    # The chip may shorten a long name; its remove button says the whole of it.
    expect(uploader.get_by_role("button", name=f"Remove {file.name}")).to_be_visible()
    wait_for_app(page)


def test_an_uploaded_survey_is_drawn_on_the_bivariate_map_with_its_legend(page, app_url, demo_db):
    survey, descriptions = survey_files(demo_db)
    open_page(page, app_url, "upload")
    drop_file(page, "Levekår per grunnkrets eller delområde", survey)
    drop_file(page, "Indikatorbeskrivelser", descriptions)
    page.get_by_role("button", name="Last inn levekårene").click()
    wait_for_app(page)
    # 16 delområder, one value each; one description.
    expect(page.get_by_text("Lastet levekår: 16 verdier, 1 indikatorbeskrivelser.")).to_be_visible(
        timeout=RECOMPUTE_TIMEOUT_MS
    )

    offline(page)
    # The new data version's concentration and Lee's L are worked out on these runs: on a
    # loaded machine that takes longer than a page run usually may.
    page.goto(f"{app_url}/map")
    wait_for_app(page, RECOMPUTE_TIMEOUT_MS)
    page.get_by_test_id("stRadio").filter(has_text="Visning").get_by_text("Levekår").click()
    wait_for_app(page, RECOMPUTE_TIMEOUT_MS)
    leaflet = drawn_map(page)
    legend = leaflet.locator(".boligmonitor-legend")
    expect(legend).to_contain_text("Kommunale boliger og levekår", timeout=DRAW_TIMEOUT_MS)
    expect(legend).to_contain_text(INDICATOR_NAME)
    expect(legend).to_contain_text("Dobbel belastning")
    # The 3 × 3 grid: nine squares, each titled with what it means.
    expect(legend.locator("td[title]")).to_have_count(9)
