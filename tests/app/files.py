"""Snapshot files the demo municipality accepts: tests/snapshot_files.py's small valid month,
with every dwelling placed inside the demo's areas (its B3 lies in the fjord off Sandnes)."""

from __future__ import annotations

from core.problems import SourceFile
from tests.snapshot_files import Row, dwellings, households, snapshot_files

# Sandnes sentrum: inside the demo area 11080102 (Demoområde 0102, Sentrum).
SENTRUM = {"lat": 58.8512, "lon": 5.7365, "grunnkrets": "11080102"}


def demo_dwellings() -> list[Row]:
    """The three test dwellings, all in Sandnes sentrum (B2 keeps its grunnkrets only)."""
    first, second, third = dwellings()
    return [dict(first, **SENTRUM), second, dict(third, **SENTRUM)]


def demo_snapshot(dialect: str = "windows-1252") -> list[SourceFile]:
    """A valid month for the demo: three dwellings and three households."""
    return snapshot_files(dialect, demo_dwellings(), households())


def broken_snapshot(dialect: str = "windows-1252") -> list[SourceFile]:
    """The same month with the second dwelling (row 3 of boliger) at 0 rooms."""
    rows = demo_dwellings()
    rows[1] = dict(rows[1], rom=0)
    return snapshot_files(dialect, rows, households())
