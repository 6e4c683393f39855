"""One interpreter, many sessions: script runs take turns, and the collector leaves what lives
for the whole process alone.

Streamlit runs each session's script in a thread of its own, and a Python process runs one
thread at a time (the interpreter lock), handing it on every few milliseconds. With 25 runs at
once each gets a slice in turn, so all of them finish late, and the handing over costs CPU of
its own: at 25 sessions a warm rerun cost twice the CPU it costs alone. In turns, a run waits
for those that came before it and then runs at full speed: the same work, done sooner, first
come first served. Two turns rather than one, so that one run's Python can go on while another
waits for DuckDB, polars or the network, which do not hold the lock. A run that holds its turn
longer than OVERTIME (an upload, a map computed for the first time) stops counting, so the next
run starts: a slow run makes nobody wait for all of it.

The background (ui.cache's warm-up of a new version) takes a turn only when no run is waiting,
or when it has waited PATIENCE seconds: a meeting's clicks come first, but a new month still
reaches the screens while the app is busy.

The collector is the other thing that stops every run at once: a full pass walks every object
in the process (the modules, numba's compiled code, the cached figures), 0.4–0.9 s holding the
interpreter lock, and under load it came every 7–10 s. `settle` leaves what is alive once the
process has started, and once a new version is warm, out of those passes (gc.freeze), so a full
pass walks only what the runs made since.
"""

from __future__ import annotations

import gc
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

TURNS = 2
OVERTIME = 1.0  # seconds: a turn held longer stops counting
PATIENCE = 2.0  # seconds the background waits behind runs before it goes first
LOOK_AGAIN = 0.2  # seconds between a waiter's looks for turns gone into overtime


@dataclass
class _Turn:
    """One wait for a turn, and then the turn: when it was asked for, when given, and whether
    it still counts against the turns."""

    asked: float
    granted: threading.Event = field(default_factory=threading.Event)
    since: float = 0.0
    counts: bool = True


class Turns:
    """At most `turns` counting holders at once. Runs are served first come first served, the
    background after them unless it has waited `patience` seconds; a turn held `overtime`
    seconds stops counting. A thread holding a turn takes no second one."""

    def __init__(
        self, turns: int = TURNS, *, overtime: float = OVERTIME, patience: float = PATIENCE
    ) -> None:
        self._free = turns
        self._overtime = overtime
        self._patience = patience
        self._runs: deque[_Turn] = deque()
        self._background: deque[_Turn] = deque()
        self._holding: dict[int, _Turn] = {}
        self._lock = threading.Lock()
        self._this_thread = threading.local()

    def _hand_on(self) -> None:
        """Give the free turns to those waiting, after freeing those in overtime (lock held)."""
        now = time.monotonic()
        for turn in self._holding.values():
            if turn.counts and now - turn.since >= self._overtime:
                turn.counts = False
                self._free += 1
        while self._free and (self._runs or self._background):
            background_first = self._background and (
                not self._runs or now - self._background[0].asked >= self._patience
            )
            turn = self._background.popleft() if background_first else self._runs.popleft()
            turn.since = now
            self._holding[id(turn)] = turn
            self._free -= 1
            turn.granted.set()

    def _give_back(self, turn: _Turn) -> None:
        with self._lock:
            del self._holding[id(turn)]
            if turn.counts:
                self._free += 1
            self._hand_on()

    @contextmanager
    def turn(self, *, background: bool = False) -> Iterator[None]:
        """Wait for a turn and hold it while the block runs."""
        if getattr(self._this_thread, "holding", False):
            yield
            return
        turn = _Turn(asked=time.monotonic())
        with self._lock:
            (self._background if background else self._runs).append(turn)
            self._hand_on()
        while not turn.granted.wait(LOOK_AGAIN):
            with self._lock:
                self._hand_on()
        self._this_thread.holding = True
        try:
            yield
        finally:
            self._this_thread.holding = False
            self._give_back(turn)


TURNS_OF_THIS_PROCESS = Turns()


def settle() -> None:
    """Collect the garbage, then keep every object alive now out of the collector's passes
    (gc.freeze). In a turn of the background's: the collection holds the interpreter a moment."""
    with TURNS_OF_THIS_PROCESS.turn(background=True):
        gc.collect()
        gc.freeze()
