"""The tunable numbers of the concentration analysis, with the defaults of indicators.md."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GeoSettings:
    """Thresholds for area and building flags, and the permutation test's size and seed."""

    factor: float = 2.0  # flagg_terskel: area share ≥ factor × the municipality-wide share
    min_dwellings: int = 5  # flagg_terskel: at least this many municipal dwellings in the area
    alpha: float = 0.05  # false discovery rate for both area flags
    permutations: int = 9999
    seed: int = 20160101
    building_min: int = 4  # flagg_bygning: municipal dwellings in one building
    borettslag_amber: float = 10.0  # % of a building's units (the law's limit without bylaws)
    borettslag_red: float = 20.0  # % of a building's units (the limit with bylaws)
    small_count: int = 5  # area counts below this are hidden from viewers without the right


DEFAULT_SETTINGS = GeoSettings()
