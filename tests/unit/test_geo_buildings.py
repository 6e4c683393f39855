"""Building flags: four or more municipal dwellings, and the borettslag share rule."""

from __future__ import annotations

import polars as pl

from core.settings import GeoSettings
from geo.buildings import AMBER, RED, building_flags


def _dwellings(counts: dict[str | None, tuple[int, int | None]]) -> pl.DataFrame:
    """`count` dwellings per building, each row carrying the building's unit count."""
    rows = [
        {
            "bolig_id": f"{building}-{i}",
            "bygning_id": building,
            "bygning_enheter": units,
            "grunnkrets": "11080101",
            "lat": 58.85,
            "lon": 5.73,
        }
        for building, (count, units) in counts.items()
        for i in range(count)
    ]
    return pl.DataFrame(rows, schema_overrides={"bygning_enheter": pl.Int64})


def test_buildings_are_flagged_by_count_and_by_share_of_units():
    dwellings = _dwellings(
        {
            "fire": (4, None),  # 4 ≥ 4, units unknown
            "gul": (3, 20),  # 3 / 20 = 15 % > 10 %
            "rod": (5, 20),  # 5 / 20 = 25 % > 20 %
            "grense": (2, 20),  # 2 / 20 = 10 %, not above 10 %
            "feil": (3, 2),  # 3 > 2 units
            None: (2, None),  # no building id
        }
    )

    result = building_flags(dwellings).select(
        "bygning_id",
        "kommunale_boliger",
        "andel_av_bygning",
        "flagg_bygning",
        "borettslag",
        "datafeil",
    )

    assert result.rows() == [
        ("rod", 5, 25.0, True, RED, False),
        ("fire", 4, None, True, None, False),
        ("feil", 3, 150.0, False, None, True),
        ("gul", 3, 15.0, False, AMBER, False),
        ("grense", 2, 10.0, False, None, False),
    ]


def test_the_building_minimum_is_configurable():
    result = building_flags(_dwellings({"to": (2, None)}), GeoSettings(building_min=2))

    assert result["flagg_bygning"].to_list() == [True]


def test_a_snapshot_without_the_unit_column_still_gets_count_flags():
    dwellings = _dwellings({"fire": (4, None)}).drop("bygning_enheter")

    result = building_flags(dwellings)

    assert result.select("flagg_bygning", "borettslag").rows() == [(True, None)]
