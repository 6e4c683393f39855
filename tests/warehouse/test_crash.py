"""Killing the process in the middle of a load leaves the previous state intact."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time

import pytest

from tests.snapshot_files import SNAPSHOT_MONTH, dwellings, households, snapshot_files
from tests.warehouse.conftest import TESTER, fingerprint
from warehouse.history import load_history
from warehouse.ingest import ingest

pytestmark = pytest.mark.slow

# Runs in a child process: a large replacement of the month, with the commit held back until
# the parent has killed the process. Every row is already inserted when the kill comes.
_LARGE_LOAD = """
import pathlib, time
import polars as pl
from warehouse import ingest as ingest_module
from warehouse.audit import Actor
from core.problems import SourceFile

db, marker, month = pathlib.Path({db!r}), pathlib.Path({marker!r}), {month!r}
rows = 200_000
dwellings = pl.DataFrame({{
    "bolig_id": [f"B{{i}}" for i in range(rows)],
    "grunnkrets": ["11080101"] * rows,
    "eierform": ["eid"] * rows, "boligtype": ["ordinaer"] * rows,
    "rom": [2] * rows, "status": ["ledig"] * rows,
}})
real_store = ingest_module.store_load

def store_then_hang(con, **kwargs):
    load_id = real_store(con, **kwargs)
    marker.write_text(str(con.execute("select count(*) from raw.boliger").fetchone()[0]))
    time.sleep(600)
    return load_id

ingest_module.store_load = store_then_hang
content = dwellings.write_csv(separator=";").encode()
ingest_module.ingest(
    db, month, [SourceFile("boliger.csv", content)], replace=True, actor=Actor("tester", "cli")
)
"""


def test_killing_a_load_midway_leaves_the_previous_state(db, tmp_path):
    ingest(db, SNAPSHOT_MONTH, snapshot_files("utf-8", dwellings(), []), actor=TESTER)
    before = fingerprint(db)
    marker = tmp_path / "inserted"
    script = _LARGE_LOAD.format(db=str(db), marker=str(marker), month=SNAPSHOT_MONTH)
    child = subprocess.Popen([sys.executable, "-c", textwrap.dedent(script)])
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert child.poll() is None, "the loading process ended before it stored its rows"
        assert time.monotonic() < deadline, "the loading process never got to storing"
        time.sleep(0.1)

    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)

    # Inside its transaction the child saw its 200 000 new rows on top of the 3 loaded earlier.
    assert int(marker.read_text()) == 200_003
    assert fingerprint(db) == before
    assert load_history(db)["load_id"].to_list() == [1]
    # And the warehouse still takes loads.
    assert (
        ingest(db, SNAPSHOT_MONTH, snapshot_files("utf-8", [], households()), actor=TESTER).status
        == "loaded"
    )
