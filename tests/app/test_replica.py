"""A replica (BOLIGMONITOR_SOURCE): the writer's figures from the published snapshot, no write,
never the warehouse file, and a new publication shown without a restart once the replica has
computed it; the writer the same with a month the command line loads; no cache entry holding
another version's data; and a warm rerun, on the writer and on a replica, that opens no
connection at all."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.roles import WriteRefused, may_see
from core.warehouse_file import DB_ENV, SOURCE_ENV
from services import ingest, settings
from services.access import COMMAND_LINE
from services.publication import publish_now
from tests.app.conftest import ROOT, RUN_TIMEOUT, WARM_UP_TIMEOUT
from tests.app.files import demo_snapshot
from ui import cache
from ui.access import VIEW_AS_KEY
from warehouse.db import counting_queries

# Kart reads the same marts through the same services; its first run waits for esda's
# compilation, which AppTest's timeout does not allow on a busy machine (the e2e test of two
# replicas opens it).
READABLE_PAGES = ("oversikt", "indikatorer", "kvartalsrapport", "datakvalitet", "om_tallene")
NEW_MONTH = "2026-11"  # the demo's last month is October 2026


@pytest.fixture(scope="module")
def writer_db(municipality_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the demo's figures for the module's reading tests (they do not write to it)."""
    db = tmp_path_factory.mktemp("writer") / "warehouse.duckdb"
    shutil.copy(municipality_db, db)
    return db


@pytest.fixture(scope="module")
def published(writer_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder the writer's warehouse is published to."""
    out = tmp_path_factory.mktemp("published")
    assert publish_now(writer_db, out).status == "published"
    return out


def opened(page: str, role: str) -> AppTest:
    """The app (as the environment says: writer or replica) as `role`, on `page`."""
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=RUN_TIMEOUT)
    app.session_state[VIEW_AS_KEY] = role
    app.run()
    return app.switch_page(f"app_pages/{page}.py").run()


def as_writer(monkeypatch: pytest.MonkeyPatch, db: Path) -> None:
    monkeypatch.delenv(SOURCE_ENV, raising=False)
    monkeypatch.setenv(DB_ENV, str(db))


def as_replica(monkeypatch: pytest.MonkeyPatch, folder: Path, tmp_path: Path) -> Path:
    """Serve `folder`; the warehouse file the app would otherwise use does not exist."""
    absent = tmp_path / "absent" / "warehouse.duckdb"
    monkeypatch.setenv(SOURCE_ENV, str(folder))
    monkeypatch.setenv(DB_ENV, str(absent))
    return absent


def header(app: AppTest) -> str:
    """The line above the page: municipality and data month."""
    (line,) = [text.value for text in app.markdown if " · data for " in text.value]
    return line


def screen(app: AppTest) -> dict[str, list]:
    """What a page shows in words and figures: cards, tables, texts (not images or the map)."""
    return {
        "metrics": [(metric.label, metric.value, metric.delta) for metric in app.metric],
        "frames": [frame.value.to_dict("split") for frame in app.dataframe],
        "tables": [table.value.to_dict("split") for table in app.table],
        "markdown": [markdown.value for markdown in app.markdown],
        "captions": [caption.value for caption in app.caption],
        "headings": [heading.value for heading in (*app.title, *app.header, *app.subheader)],
        "problems": [element.value for element in (*app.error, *app.warning, *app.exception)],
    }


@pytest.mark.parametrize(
    ("role", "page"),
    [(role, page) for role in ("leser", "admin") for page in READABLE_PAGES if may_see(role, page)],
)
def test_a_replica_shows_the_writers_figures_on_every_page_it_serves(
    page, role, writer_db, published, monkeypatch, tmp_path
):
    as_writer(monkeypatch, writer_db)
    writer = opened(page, role)
    absent = as_replica(monkeypatch, published, tmp_path)
    replica = opened(page, role)
    shown = screen(replica)
    assert not shown["problems"]
    assert shown["metrics"] or shown["frames"] or shown["markdown"]  # the page drew something
    assert shown == screen(writer)
    assert not absent.parent.exists()  # the replica never opened (or made) a warehouse file


def test_a_replica_offers_no_upload_and_no_settings(published, monkeypatch, tmp_path):
    as_replica(monkeypatch, published, tmp_path)
    notice = (
        "Denne instansen viser publiserte data. Opplasting og innstillinger gjøres på "
        "hovedinstansen."
    )
    for page, title in (("last_opp", "Last opp"), ("innstillinger", "Innstillinger")):
        app = opened(page, "admin")
        assert [element.value for element in app.title] == [title]
        assert [info.value for info in app.info][-1] == notice  # after local mode's banner
        assert not app.get("file_uploader")
        assert not app.button and not app.number_input and not app.text_input


def test_a_replica_refuses_every_write_and_stores_nothing(
    writer_db, published, monkeypatch, tmp_path
):
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(writer_db, copy)
    version = ingest.data_version(copy)
    as_replica(monkeypatch, published, tmp_path)
    refusal = (
        "Ingenting er lagret: denne instansen viser publiserte data. Endringer gjøres på "
        "hovedinstansen."
    )
    # Even pointed at a real warehouse file, and even for the local operator's door.
    for target in (published, copy):
        result = ingest.ingest(target, NEW_MONTH, demo_snapshot(), by=COMMAND_LINE)
        assert (result.status, result.summary) == ("refused", refusal)
        with pytest.raises(WriteRefused, match="denne instansen viser publiserte data"):
            settings.change_settings(target, {"prikking_k": 5}, by=COMMAND_LINE)
    monkeypatch.delenv(SOURCE_ENV)
    assert ingest.data_version(copy) == version
    assert ingest.loaded_months(copy)[-1] == "2026-10"


def served_in_the_end(app: AppTest, month: str) -> None:
    """Once the new version is computed in the background, the session's next run is served it."""
    assert cache.wait_until_served(WARM_UP_TIMEOUT)
    app.run()
    assert f"Sandnes kommune · data for {month} 2026" in header(app)


def nobody_waits_on_the_councils_pages() -> None:
    """A council member's first look at each of their pages reads nothing: all was computed."""
    for page in ("oversikt", "indikatorer", "kvartalsrapport"):
        with counting_queries() as log:
            first_look = opened(page, "leser")
        assert not first_look.exception
        assert (page, log.connections) == (page, 0)


def test_the_writer_serves_a_month_loaded_by_the_command_line_once_it_has_computed_it(
    municipality_db, monkeypatch, tmp_path
):
    db = tmp_path / "writer.duckdb"
    shutil.copy(municipality_db, db)  # a municipality's warehouse: the demo takes no upload
    as_writer(monkeypatch, db)
    app = opened("oversikt", "leser")
    assert "Sandnes kommune · data for oktober 2026" in header(app)
    # `cli.py ingest` (another process; here the same one) loads November.
    assert ingest.ingest(db, NEW_MONTH, demo_snapshot(), by=COMMAND_LINE).status == "loaded"
    # The run that finds the new version starts computing it in the background and is itself
    # served the version before, whole, from the caches (the file holds November now).
    app.run()
    assert "Sandnes kommune · data for oktober 2026" in header(app)
    served_in_the_end(app, "november")
    nobody_waits_on_the_councils_pages()


def test_a_reader_of_a_version_the_file_has_left_keeps_nothing(municipality_db, tmp_path):
    db = tmp_path / "writer.duckdb"
    shutil.copy(municipality_db, db)
    version = ingest.data_version(db)
    months = cache._of_its_version(lambda path, _, *__: ingest.loaded_months(Path(path)))
    assert months(str(db), version)[-1] == "2026-10"

    def loading_meanwhile(path: str, _: int) -> list[str]:
        shown = ingest.loaded_months(Path(path))
        ingest.ingest(Path(path), NEW_MONTH, demo_snapshot(), by=COMMAND_LINE)
        return shown

    # The file moves on while it reads: what it read is of no version.
    with pytest.raises(cache.VersionMoved):
        cache._of_its_version(loading_meanwhile)(str(db), version)
    # It has moved on before it reads: nothing is read as the version before.
    with pytest.raises(cache.VersionMoved):
        months(str(db), version)
    assert months(str(db), ingest.data_version(db))[-1] == NEW_MONTH


def test_a_replica_serves_a_new_publication_once_it_has_computed_it_and_nobody_waits(
    municipality_db, monkeypatch, tmp_path
):
    db = tmp_path / "writer.duckdb"
    shutil.copy(municipality_db, db)  # a municipality's warehouse: the demo takes no upload
    out = tmp_path / "published"
    publish_now(db, out)
    as_replica(monkeypatch, out, tmp_path)
    app = opened("oversikt", "leser")
    assert "Sandnes kommune · data for oktober 2026" in header(app)
    # The writer (here the same process, acting as one for a moment) loads November and
    # publishes it; the replica's session goes on, no restart.
    monkeypatch.delenv(SOURCE_ENV)
    assert ingest.ingest(db, NEW_MONTH, demo_snapshot(), by=COMMAND_LINE).status == "loaded"
    assert publish_now(db, out).status == "published"
    monkeypatch.setenv(SOURCE_ENV, str(out))
    # The run that finds the new version starts computing it in the background and is itself
    # served the version before, whole.
    app.run()
    assert "Sandnes kommune · data for oktober 2026" in header(app)
    served_in_the_end(app, "november")
    nobody_waits_on_the_councils_pages()


@pytest.mark.parametrize("page", ["oversikt", "indikatorer", "kvartalsrapport"])
@pytest.mark.parametrize("source", ["writer", "replica"])
def test_a_warm_rerun_opens_no_connection_and_reads_nothing(
    page, source, writer_db, published, monkeypatch, tmp_path
):
    if source == "writer":
        as_writer(monkeypatch, writer_db)
    else:
        as_replica(monkeypatch, published, tmp_path)
    app = opened(page, "leser")
    app.run()  # warm: every cached reader has run once for this data version
    with counting_queries() as log:
        app.run()
    assert not app.exception
    assert (log.connections, log.queries) == (0, [])


def test_a_part_of_a_page_whose_reader_finds_the_file_moved_on_runs_the_page_again(
    monkeypatch, tmp_path
):
    monkeypatch.setenv(DB_ENV, str(tmp_path / "warehouse.duckdb"))

    def page() -> None:
        import streamlit as st

        from ui import cache, widgets

        @widgets.fragment
        def part(tries: list[int]) -> None:
            tries.append(1)
            if len(tries) == 1:
                raise cache.VersionMoved
            st.write(f"drawn on try {len(tries)}")

        part(st.session_state.setdefault("tries", []))

    app = AppTest.from_function(page, default_timeout=RUN_TIMEOUT).run()
    assert not app.exception
    assert [text.value for text in app.markdown] == ["drawn on try 2"]
