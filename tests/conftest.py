"""Shared fixtures: the demo municipality, built once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo warehouse, built once; tests that change data must work on a copy."""
    from demo.build import build_demo  # only the tests that use the demo pay for its imports

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo(path)
    return path
