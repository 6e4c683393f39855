"""The app through its entry script with Streamlit's AppTest, on a copy of the demo's figures in
a warehouse that is not marked as the demo (conftest's municipality_db), so that tests may
change data; tests of the demo itself copy `demo_db`."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core import roles
from ui import access, cache
from ui.access import VIEW_AS_KEY
from ui.labels import LANGUAGE_KEY

ROOT = Path(__file__).resolve().parents[2]
# A cold run reads the whole demo warehouse and warms geo and polars; later runs hit the cache.
RUN_TIMEOUT = 120
# What a browser on this machine sends: AppTest sends no headers, and the gate refuses a run
# without a Host.
LOCAL_REQUEST = roles.Request(host="localhost:8501", origin="http://localhost:8501")


# A new data version's figures, computed in the background on a busy machine.
WARM_UP_TIMEOUT = 300


@pytest.fixture(autouse=True)
def request_from_this_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every AppTest run comes from a browser on this machine unless a test says otherwise."""
    monkeypatch.setattr(access, "this_request", lambda: LOCAL_REQUEST)


@pytest.fixture(autouse=True)
def settled_after() -> Iterator[None]:
    """No test leaves a new version being computed in the background for the next to count."""
    yield
    assert cache.wait_until_served(WARM_UP_TIMEOUT)


@pytest.fixture
def app_db(municipality_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the demo's figures, which the app under test reads and writes."""
    db = tmp_path / "warehouse.duckdb"
    shutil.copy(municipality_db, db)
    monkeypatch.setenv("BOLIGMONITOR_DB", str(db))
    return db


@pytest.fixture
def app(app_db: Path) -> AppTest:
    """The app, not yet run, on the copy of the demo warehouse."""
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=RUN_TIMEOUT)


@pytest.fixture
def open_page(app: AppTest):
    """`open_page(page_id, role=..., language=...)`: run the app as `role` and go to a page."""

    def go(page_id: str, *, role: str = "admin", language: str = "nb") -> AppTest:
        app.session_state[VIEW_AS_KEY] = role
        app.session_state[LANGUAGE_KEY] = language
        app.run()
        return app.switch_page(f"app_pages/{page_id}.py").run()

    return go
