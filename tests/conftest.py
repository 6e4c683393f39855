"""Shared fixtures: the demo municipality, built once per test session, and the same figures in
a warehouse that is not the demo; and the translations, compiled before anything speaks (as
`make catalogues` does for the app)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    """Compile the gettext catalogues (core/locale/*/LC_MESSAGES/*.mo are build output)."""
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [str(pybabel), "compile", "-d", "core/locale", "-D", "boligmonitor"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo warehouse, built once; tests that change data must work on a copy."""
    from demo.build import build_demo  # only the tests that use the demo pay for its imports

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo(path)
    return path


@pytest.fixture(scope="session")
def municipality_db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's figures in a warehouse not marked as the demo: a municipality with twelve
    years loaded, for tests that change data (a demo warehouse takes no change). Only a test
    takes the mark away, with SQL of its own; tests that change data must work on a copy."""
    from warehouse.db import connect

    path = tmp_path_factory.mktemp("kommune") / "kommune.duckdb"
    shutil.copy(demo_db, path)
    with connect(path, write=True) as con:
        con.execute("delete from raw.demo_mark")
    return path
