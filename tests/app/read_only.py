"""A module-wide copy of the demo's figures (conftest's municipality_db), for AppTest modules
whose tests only read.

Import `app_db` into such a module to replace conftest's per-test copy: the tests share one
warehouse file, so Streamlit's cache (keyed on the file) stays warm from one test to the next.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def app_db(municipality_db: Path, tmp_path_factory: pytest.TempPathFactory):
    """One copy of the demo's figures for the importing module; its tests must not write to it."""
    db = tmp_path_factory.mktemp("read_only") / "warehouse.duckdb"
    shutil.copy(municipality_db, db)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BOLIGMONITOR_DB", str(db))
        yield db
