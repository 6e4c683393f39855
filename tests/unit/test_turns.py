"""ui.turns: at most two script runs at once, first come first served, the background's work
behind the runs until it has waited its patience, a turn held too long no longer counted, and
no second turn for a thread holding one.

Each test holds the turns with threads it releases itself, so what it checks is the order in
which turns are given, never how long anything took.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from ui.turns import Turns

WAIT = 10.0  # seconds a test waits for a thread before it calls the test failed


class Holder:
    """A thread that takes a turn, says when it has it, and holds it until released."""

    def __init__(self, turns: Turns, name: str, given: list[str], *, background: bool = False):
        self.name = name
        self.holding = threading.Event()
        self.release = threading.Event()
        self._thread = threading.Thread(target=self._hold, args=(turns, given, background))

    def _hold(self, turns: Turns, given: list[str], background: bool) -> None:
        with turns.turn(background=background):
            given.append(self.name)
            self.holding.set()
            self.release.wait(WAIT)

    def start(self) -> Holder:
        self._thread.start()
        return self

    def finish(self) -> None:
        self.release.set()
        self._thread.join(WAIT)
        assert not self._thread.is_alive()


def waiting(turns: Turns, runs: int, background: int = 0) -> bool:
    """Whether `runs` runs and `background` background tasks are waiting (polled)."""
    event = threading.Event()
    for _ in range(int(WAIT / 0.01)):
        if (len(turns._runs), len(turns._background)) == (runs, background):
            return True
        event.wait(0.01)
    return False


@contextmanager
def holders(*started: Holder) -> Iterator[None]:
    try:
        yield
    finally:
        for holder in started:
            holder.release.set()


def test_two_runs_hold_turns_at_once_and_a_third_waits_until_one_ends():
    turns, given = Turns(2, overtime=60, patience=60), []
    first = Holder(turns, "first", given).start()
    second = Holder(turns, "second", given).start()
    third = Holder(turns, "third", given)
    with holders(first, second, third):
        assert first.holding.wait(WAIT) and second.holding.wait(WAIT)
        third.start()
        assert waiting(turns, runs=1)
        assert not third.holding.is_set()
        first.finish()
        assert third.holding.wait(WAIT)
        second.finish()
        third.finish()
    assert given[2] == "third"


def test_runs_get_their_turns_in_the_order_they_came():
    turns, given = Turns(1, overtime=60, patience=60), []
    holder = Holder(turns, "holder", given).start()
    assert holder.holding.wait(WAIT)
    queued = []
    for number in range(5):
        queued.append(Holder(turns, f"run {number}", given).start())
        assert waiting(turns, runs=number + 1)  # each has queued before the next starts
    with holders(holder, *queued):
        holder.finish()
        for run in queued:
            assert run.holding.wait(WAIT)
            run.finish()
    assert given == ["holder", "run 0", "run 1", "run 2", "run 3", "run 4"]


def order_of_the_background_and_a_run(patience: float) -> list[str]:
    """Who gets the one turn first when it comes free: the warm-up that asked first, or the run
    that asked after it."""
    turns, given = Turns(1, overtime=60, patience=patience), []
    holder = Holder(turns, "holder", given).start()
    assert holder.holding.wait(WAIT)
    warm_up = Holder(turns, "warm-up", given, background=True).start()
    assert waiting(turns, runs=0, background=1)
    run = Holder(turns, "run", given).start()
    assert waiting(turns, runs=1, background=1)
    with holders(holder, warm_up, run):
        holder.finish()
        first, second = (run, warm_up) if patience else (warm_up, run)
        assert first.holding.wait(WAIT)
        assert not second.holding.is_set()
        first.finish()
        assert second.holding.wait(WAIT)
        second.finish()
    return given


def test_the_background_waits_behind_runs_that_came_after_it():
    assert order_of_the_background_and_a_run(patience=60) == ["holder", "run", "warm-up"]


def test_the_background_goes_first_once_it_has_waited_its_patience():
    # With no patience, any wait is long enough.
    assert order_of_the_background_and_a_run(patience=0) == ["holder", "warm-up", "run"]


def test_the_background_takes_a_free_turn_when_no_run_waits():
    turns, given = Turns(2, overtime=60, patience=60), []
    run = Holder(turns, "run", given).start()
    warm_up = Holder(turns, "warm-up", given, background=True).start()
    with holders(run, warm_up):
        assert run.holding.wait(WAIT) and warm_up.holding.wait(WAIT)
        run.finish()
        warm_up.finish()


def test_a_run_in_overtime_no_longer_counts_and_the_next_one_starts():
    """An upload or a map computed for the first time holds its turn for seconds: the run after
    it starts without waiting for its end (here any time held is overtime)."""
    turns, given = Turns(1, overtime=0, patience=60), []
    slow = Holder(turns, "slow", given).start()
    with holders(slow):
        assert slow.holding.wait(WAIT)
        next_run = Holder(turns, "next", given).start()
        with holders(next_run):
            assert next_run.holding.wait(WAIT)  # while the slow one still holds its turn
            next_run.finish()
        slow.finish()
    assert given == ["slow", "next"]
    assert turns._free == 1  # a turn in overtime gives back nothing when it ends


def test_a_thread_holding_a_turn_takes_no_second_one():
    """A fragment reruns in a turn of its own, and runs inside the page's turn on a full run:
    with one turn, asking again must not wait for itself."""
    turns = Turns(1, overtime=60, patience=60)
    entered = []

    def page() -> None:
        with turns.turn():
            with turns.turn():
                entered.append("fragment")
            entered.append("page")

    thread = threading.Thread(target=page)
    thread.start()
    thread.join(WAIT)
    assert not thread.is_alive()
    assert entered == ["fragment", "page"]
    assert turns._free == 1  # the inner block gave back nothing it had not taken


def test_a_turn_is_given_back_when_the_run_ends_in_an_exception():
    """st.stop and st.rerun end a run by raising."""
    turns = Turns(1, overtime=60, patience=60)
    with pytest.raises(RuntimeError), turns.turn():
        raise RuntimeError("st.stop")
    with turns.turn():  # would wait forever had the turn not been given back
        assert turns._free == 0
    assert turns._free == 1
