"""First start with the demo setting ($BOLIGMONITOR_DEMO, `make run`): an empty warehouse gets
the demo municipality, built once. Without the setting nothing is built: an empty warehouse is a
municipality's own, and opens on the setup guide.

Two browser sessions (or the app and `cli.py demo`) may find the warehouse empty at the same
moment; a file lock next to the warehouse lets one build while the other waits, then finds the
data there. No Streamlit here: app.py shows the progress.
"""

from __future__ import annotations

import fcntl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from core.warehouse_file import demo_requested
from services.setup import is_empty

Progress = Callable[[float, str], None]


def lock_path(db_path: Path) -> Path:
    """The lock file next to the warehouse file."""
    return db_path.with_name(db_path.name + ".demo.lock")


@contextmanager
def build_lock(db_path: Path, on_wait: Callable[[], None]) -> Iterator[None]:
    """Hold the demo-build lock; calls `on_wait` first when another process holds it."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path(db_path), "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait()
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def demo_due(db_path: Path) -> bool:
    """Whether the demo is asked for and the warehouse holds nothing yet."""
    return demo_requested() and is_empty(db_path)


def ensure_demo(db_path: Path, progress: Progress, on_wait: Callable[[], None]) -> bool:
    """Build the demo municipality if it is asked for and the warehouse is empty; True when
    this call built it."""
    if not demo_due(db_path):
        return False
    with build_lock(db_path, on_wait):
        if not is_empty(db_path):  # built by someone else while we waited
            return False
        from demo.build import build_demo  # only ever needed here, on a first start

        build_demo(db_path, progress=progress)
        return True
