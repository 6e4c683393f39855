"""How much an upload may hold, checked before any parser sees it.

A refused upload must cost at most 10 s and 1 GB of memory (design.md). The limits leave room
for a month at Norway scale (250,000 households in one table) and bound what the parsers would
allocate for anything larger or stranger.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadLimits:
    """How big an upload may be, before and after unzipping, and what one table may span."""

    max_file_bytes: int = 50 * 1024 * 1024
    max_unzipped_bytes: int = 200 * 1024 * 1024
    max_compression_ratio: float = 100.0
    max_zip_members: int = 500
    max_columns: int = 200
    max_rows: int = 1_000_000  # lines of a CSV file or rows of a sheet
    # Rows times columns, from the first cell to the last: the grid a parser lays out.
    max_cells: int = 8_000_000
    max_header_characters: int = 20_000
    max_line_bytes: int = 100_000


DEFAULT_LIMITS = ReadLimits()


def format_count(count: int) -> str:
    """A whole number the Norwegian way: 1234 -> '1 234' (non-breaking space)."""
    return f"{count:,}".replace(",", "\u00a0")


def megabytes(size: int) -> str:
    """A size in bytes as whole megabytes: '50 MB'."""
    return f"{format_count(round(size / 1024 / 1024))} MB"
