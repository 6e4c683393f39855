"""The one-way architecture holds: import-linter's contracts (pyproject.toml) pass, and put back
one of the loops the redesign removed, they fail; app.py, app_pages/ and cli.py, which import-linter
cannot look at (they are not packages), import only what their layer may."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "warehouse", "indicators", "geo", "services", "demo", "ui")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(folder: Path) -> subprocess.CompletedProcess:
    """import-linter on the packages in `folder`, with `folder`'s pyproject.toml."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=folder,
        env={**os.environ, "PYTHONPATH": str(folder), "COLUMNS": "300"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def copy_of_the_code(folder: Path) -> Path:
    """The packages and pyproject.toml, copied to `folder` (Python files only)."""
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, folder / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", folder / "pyproject.toml")
    return folder


def contract(words: str) -> str:
    """The name of the contract in pyproject.toml whose name has `words`."""
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (name,) = [
        entry["name"]
        for entry in settings["tool"]["importlinter"]["contracts"]
        if words in entry["name"]
    ]
    return name


def test_the_import_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "loop", "broken"),
    [
        # The warehouse placed dwellings with geo itself (warehouse/ingest.py before issue 11).
        ("warehouse/ingest.py", "import geo.assign", "indicators, geo and warehouse"),
        # The indicators read the warehouse (indicators/service.py before issue 11).
        ("indicators/export.py", "import warehouse.queries", "indicators, geo and warehouse"),
        # The gate reached into the cached readers and they into the gate (ui before issue 11).
        ("ui/access.py", "import ui.data", "The gate and the cached readers"),
        # A domain package asked the UI for its words (geo's maps before issue 11 took them).
        ("geo/maps.py", "import ui.labels", "Imports run one way"),
        # A service that shows something itself.
        ("services/geo.py", "import streamlit", "No Streamlit below ui"),
    ],
)
def test_a_loop_put_back_breaks_its_contract(tmp_path, module, loop, broken):
    code = copy_of_the_code(tmp_path)
    source = code / module
    source.write_text(source.read_text(encoding="utf-8") + f"\n{loop}\n", encoding="utf-8")

    result = lint_imports(code)

    assert result.returncode == 1
    assert f"{contract(broken)} BROKEN" in result.stdout
    importer = module.removesuffix(".py").replace("/", ".")
    imported = loop.removeprefix("import ")
    assert re.search(rf"-\s+{re.escape(importer)} -> {re.escape(imported)} \(l\.", result.stdout)


def imported_packages(path: Path) -> set[str]:
    """The top-level names a file imports (`from ui.labels import t` -> `ui`)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def outside_the_standard_library(names: set[str]) -> set[str]:
    return {name for name in names if name not in sys.stdlib_module_names | {"__future__"}}


@pytest.mark.parametrize(
    "path",
    [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py"))],
    ids=lambda path: path.name,
)
def test_the_entry_script_and_the_pages_import_only_ui_core_and_streamlit(path):
    assert outside_the_standard_library(imported_packages(path)) <= {
        "ui",
        "core",
        "streamlit",
        "streamlit_folium",
    }


def test_the_command_line_goes_through_services():
    imported = outside_the_standard_library(imported_packages(ROOT / "cli.py"))
    assert imported <= {"core", "services", "demo", "duckdb"}
    assert "services" in imported
