"""The data-quality report: the warehouse's quality views, and where dwellings lie (geo)."""

from __future__ import annotations

from pathlib import Path

from geo.areas import areas_from_rows
from geo.assign import location_counts
from warehouse.quality import QualityReport, read_quality_views
from warehouse.quality import quality_report as assembled


def quality_report(db_path: Path) -> QualityReport:
    """The data-quality report for every month in the warehouse; each distinct place a dwelling
    has been reported at is located once."""
    read = read_quality_views(db_path)
    located = None
    if read.places is not None:
        located = location_counts(read.places, areas_from_rows(read.areas))
    return assembled(read, located)
