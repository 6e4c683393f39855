"""Outside text in Chromium: escaped markdown draws as the text given, a map tooltip shows an
area's name as text, and a table's own CSV download is formula-safe.

The app is served on a copy of the demo whose data an attacker has touched (written into the
warehouse directly: uploads refuse such names, old data may hold them).
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from core.escaping import WORD_JOINER
from tests.e2e.conftest import (
    DRAW_TIMEOUT_MS,
    MAP_FRAME,
    ROOT,
    download_table,
    drawn_map,
    open_page,
    served_app,
)
from tests.unit.test_escaping import NASTY
from warehouse.db import connect

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

AREA = "11080512"  # Trones, flagged in October 2026
TRONES = (58.85451, 5.75447)  # a point inside it
AREA_NAME = "<img src=x onerror=alert(1)> :red[Trones]"
MUNICIPALITY = "**Sandnes** ![x](http://evil.example/x.png)"
BUILDING = "307995465"  # 23 municipal dwellings: a flagged building
FORMULA = '=HYPERLINK("http://x")'


def attacked(demo_db: Path, folder: Path) -> Path:
    """A copy of the demo with markup in an area's name, the municipality's name and a
    building id."""
    db = folder / "angrepet.duckdb"
    shutil.copy(demo_db, db)
    with connect(db, write=True) as con:
        con.execute("update raw.omrader set navn = ? where grunnkrets = ?", [AREA_NAME, AREA])
        con.execute(
            "update raw.boliger set bygning_id = ? where bygning_id = ?", [FORMULA, BUILDING]
        )
        con.execute(
            "insert into raw.settings values "
            "(nextval('raw.settings_id_seq'), 'kommunenavn', ?, now(), 'test')",
            [json.dumps(MUNICIPALITY)],
        )
    return db


@pytest.fixture(scope="module")
def attacked_app(demo_db: Path, tmp_path_factory, browser) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("angrepet")
    with served_app(attacked(demo_db, folder), folder, browser) as url:
        yield url


@pytest.fixture(scope="module")
def corpus_app(demo_db: Path, tmp_path_factory, browser) -> Iterator[str]:
    """tests/e2e/markdown_corpus.py: every nasty text through markdown_text, in each element."""
    folder = tmp_path_factory.mktemp("korpus")
    with served_app(
        demo_db,
        folder,
        browser,
        script="tests/e2e/markdown_corpus.py",
        env={"PYTHONPATH": str(ROOT)},
    ) as url:
        yield url


def outside_requests(page) -> list[str]:
    """Abort and list every request that would leave this machine (a markdown image would)."""
    left: list[str] = []

    def only_local(route) -> None:
        if urlparse(route.request.url).hostname in ("localhost", "127.0.0.1"):
            route.continue_()
        else:
            left.append(route.request.url)
            route.abort()

    page.context.route("**/*", only_local)
    return left


def dialogs(page) -> list[str]:
    """Every alert a script raises (the payloads here call alert)."""
    raised: list[str] = []
    page.on("dialog", lambda dialog: (raised.append(dialog.message), dialog.dismiss()))
    return raised


def drawn_text(element) -> str:
    """What the reader sees: the element's text without the invisible word joiners."""
    return element.inner_text().replace(WORD_JOINER, "")


def test_streamlit_draws_escaped_markdown_as_exactly_the_text_given(page, corpus_app):
    left = outside_requests(page)
    open_page(page, corpus_app)
    for index, text in enumerate(NASTY):
        block = page.locator(f".st-key-tekst_{index}")
        # Markdown, caption, alert, metric label, button label and a picture's caption (not the
        # metric's value).
        shown = block.locator(
            '[data-testid="stMarkdownContainer"]:not([data-testid="stMetricValue"] *), '
            '[data-testid="stCaptionContainer"]'
        )
        expect(shown).to_have_count(6)
        for element in shown.all():
            assert drawn_text(element) == text
            # One paragraph of plain text: no link, picture, icon, maths, emphasis or code.
            assert re.sub(r"</?p>", "", element.inner_html()).count("<") == 0, text
    assert left == []


def test_an_area_named_with_markup_is_text_in_the_map_tooltip(page, attacked_app):
    raised = dialogs(page)
    open_page(page, attacked_app, "map")
    map_frame = drawn_map(page)
    expect(map_frame.locator(".leaflet-overlay-pane path").nth(119)).to_be_attached(
        timeout=DRAW_TIMEOUT_MS
    )
    # Bring Trones to the middle (away from the legend) and point at it, as a planner would.
    leaflet = next(frame for frame in page.frames if "st_folium" in frame.url)
    x, y = leaflet.evaluate(
        "([lat, lon]) => { window.map.setView([lat, lon], 16, {animate: false});"
        " const point = window.map.latLngToContainerPoint([lat, lon]);"
        " return [point.x, point.y]; }",
        list(TRONES),
    )
    box = page.locator(MAP_FRAME).bounding_box()
    page.mouse.move(box["x"] + x, box["y"] + y)

    tooltip = map_frame.locator(".leaflet-tooltip")
    expect(tooltip).to_contain_text(AREA_NAME)
    expect(tooltip).to_contain_text(AREA)
    expect(tooltip.locator("img")).to_have_count(0)
    assert raised == []


def test_a_municipality_name_with_markdown_is_shown_as_written_in_the_header(page, attacked_app):
    left = outside_requests(page)
    open_page(page, attacked_app)
    header = page.get_by_test_id("stMarkdownContainer").filter(has_text="data for oktober 2026")
    # The header is an icon, then the bold line; the name inside it stays as written.
    assert drawn_text(header.locator("strong")) == f"{MUNICIPALITY} kommune · data for oktober 2026"
    expect(header.locator("img")).to_have_count(0)
    assert [url for url in left if "evil" in url] == []  # (the page icon comes from Google)


def test_a_building_id_a_spreadsheet_would_run_is_quoted_on_screen_and_in_the_csv(
    page, attacked_app
):
    open_page(page, attacked_app, "map")
    table = page.locator(".st-key-flaggede_bygninger").get_by_test_id("stDataFrame")
    table.scroll_into_view_if_needed()
    expect(table.get_by_test_id("data-grid-canvas")).to_be_visible(timeout=DRAW_TIMEOUT_MS)
    # The grid's accessible copy of the cells holds what the canvas draws.
    expect(table.locator("td").first).to_have_text("'" + FORMULA, timeout=DRAW_TIMEOUT_MS)

    rows = list(csv.DictReader(io.StringIO(download_table(page, table))))
    ids = [row["Bygning"] for row in rows]
    assert "'" + FORMULA in ids
    assert FORMULA not in ids
