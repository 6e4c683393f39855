"""One writer at a time: a second process waits a bounded time, then says clearly why it gave up."""

import subprocess
import sys
import textwrap
import time

import pytest

from services import indicators as indicator_service
from tests.snapshot_files import SNAPSHOT_MONTH, dwellings, households, snapshot_files
from tests.warehouse.conftest import TESTER
from warehouse.db import LOCK_WAIT_ENV, WarehouseBusy, connect
from warehouse.ingest import ingest
from warehouse.queries import data_version
from warehouse.schema import init

pytestmark = pytest.mark.slow


def hold_write_lock(db, seconds: float, ready_file) -> subprocess.Popen:
    """Start another process that opens the warehouse for writing and keeps it for `seconds`."""
    script = textwrap.dedent(
        f"""
        import time, pathlib
        from warehouse.db import connect
        with connect(pathlib.Path({str(db)!r}), write=True) as con:
            con.execute("insert into raw.mal values (1, 'venteliste', 2020, 80)")
            pathlib.Path({str(ready_file)!r}).touch()
            time.sleep({seconds})
        """
    )
    process = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 30
    while not ready_file.exists():
        assert process.poll() is None, "the lock-holding process died"
        assert time.monotonic() < deadline, "the lock-holding process never got the lock"
        time.sleep(0.05)
    return process


def test_a_second_writer_waits_for_the_first_and_then_succeeds(tmp_path):
    db = tmp_path / "w.duckdb"
    init(db)
    holder = hold_write_lock(db, 2.0, tmp_path / "ready")
    started = time.monotonic()
    with connect(db, write=True, wait_seconds=30) as con:
        waited = time.monotonic() - started
        con.execute("insert into raw.mal values (2, 'midlertidig', 2020, 150)")
    holder.wait(timeout=30)
    # It had to wait for the other process (which held the lock ~2 s), and both writes landed.
    assert waited > 0.5
    with connect(db) as con:
        assert con.execute("select count(*) from raw.mal").fetchone()[0] == 2


def test_a_writer_gives_up_after_its_wait_with_a_clear_message(tmp_path):
    db = tmp_path / "w.duckdb"
    init(db)
    holder = hold_write_lock(db, 5.0, tmp_path / "ready")
    try:
        with (
            pytest.raises(WarehouseBusy, match="i bruk av en annen prosess") as busy,
            connect(db, write=True, wait_seconds=0.5),
        ):
            pass
        assert "Ventet 0,5 sekunder" in str(busy.value)
    finally:
        holder.wait(timeout=30)
    # The other process's write is there, whole; nothing of ours was half-written.
    with connect(db) as con:
        assert con.execute("select * from raw.mal").fetchall() == [(1, "venteliste", 2020, 80.0)]


def test_a_reader_waits_while_a_writer_holds_the_file(tmp_path):
    db = tmp_path / "w.duckdb"
    init(db)
    holder = hold_write_lock(db, 1.0, tmp_path / "ready")
    with connect(db, wait_seconds=30) as con:
        rows = con.execute("select count(*) from raw.mal").fetchone()[0]
    holder.wait(timeout=30)
    assert rows == 1


def test_keeping_month_values_gives_way_to_another_process_and_reading_computes_them(
    tmp_path, monkeypatch
):
    db = tmp_path / "w.duckdb"
    files = snapshot_files("utf-8", dwellings(), households())
    assert ingest(db, SNAPSHOT_MONTH, files, actor=TESTER).status == "loaded"
    monkeypatch.setattr(indicator_service, "KEEP_WAIT_SECONDS", 0.5)
    holder = hold_write_lock(db, 5.0, tmp_path / "ready")
    try:
        kept_while_busy = indicator_service.keep_month_values(db)
    finally:
        holder.wait(timeout=30)

    assert kept_while_busy == []
    # Read anyway: the test month has one household (H-002) on the waiting list.
    values = indicator_service.indicator_values(db, "month")
    assert values.filter(indikator="venteliste")["verdi"].to_list() == [1]
    assert indicator_service.keep_month_values(db) == [SNAPSHOT_MONTH]


def test_while_another_process_writes_the_version_known_before_is_given_without_waiting(
    tmp_path, monkeypatch
):
    db = tmp_path / "w.duckdb"
    init(db)
    before = data_version(db)
    # Readers would wait up to a minute for the file; the version must not.
    monkeypatch.setenv(LOCK_WAIT_ENV, "60")
    holder = hold_write_lock(db, 5.0, tmp_path / "ready")
    try:
        started = time.monotonic()
        during = data_version(db)  # the file has changed, and is held
        waited = time.monotonic() - started
    finally:
        holder.wait(timeout=30)
    assert (during, waited < 2.0) == (before, True)
