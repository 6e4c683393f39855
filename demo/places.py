"""Where the demo's municipal dwellings are and what they are like: the fixed columns of
`boliger` (address, area, coordinates, building, type, rooms, wheelchair access, ownership),
placed in the demo's areas (or in synthetic grunnkretser at the scales without geography).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import polars as pl
import shapely
from pyproj import Transformer

from core.snapshot_format import BOLIGER, BOLIGTYPE, EIERFORM
from demo.areas import demo_areas, distance_to_centre, first_year_inhabitants, municipal_weights
from geo.areas import METRIC_CRS

if TYPE_CHECKING:
    from demo.simulation import Scale

BOLIGER_SCHEMA = BOLIGER.schema_of_version("1.0")
OWNERSHIPS = tuple(EIERFORM)
DWELLING_TYPES = tuple(BOLIGTYPE)
ORDINARY, CARE, SHARED, TEMPORARY_UNIT, SMALL_HOUSE = range(5)
DWELLINGS_WITHOUT_COORDINATES = 0.06

STREETS = (
    "Storgata", "Langgata", "Kirkegata", "Jernbanegata", "Vågsgata", "Strandgata",
    "Havnegata", "Skolegata", "Torggata", "Nygata", "Elvegata", "Bekkeveien", "Bjørkeveien",
    "Eikeveien", "Furuveien", "Granveien", "Lindeveien", "Rognebærveien", "Hasselveien",
    "Lyngveien", "Blåbærveien", "Tyttebærveien", "Måkeveien", "Ternevegen", "Spurvevegen",
    "Heiveien", "Åsveien", "Bakkeveien", "Engveien", "Markveien", "Gartnerveien",
    "Smedvegen", "Møllevegen", "Sagveien", "Tunveien", "Gårdsveien", "Fjordveien",
    "Sjøveien", "Kaiveien", "Solbakken", "Solheimsveien", "Fjellveien", "Utsiktsveien",
    "Skogveien", "Lunden", "Tunet", "Kløverveien", "Prestegårdsveien",
)  # fmt: skip
POSTNUMMER = {
    "01": "4306", "02": "4313", "03": "4314", "04": "4318", "05": "4308", "06": "4317",
    "07": "4316", "08": "4309", "09": "4322", "10": "4332", "11": "4319", "20": "4326",
    "21": "4310", "22": "4324", "23": "4110", "24": "4127",
}  # fmt: skip
TYPE_SHARES = (0.71, 0.13, 0.06, 0.05, 0.05)  # ordinaer, omsorg, bofellesskap, midlertidig, småhus
ROOM_SHARES = {
    ORDINARY: (0.14, 0.36, 0.30, 0.15, 0.05),
    CARE: (0.45, 0.50, 0.05),
    SHARED: (1.0,),
    TEMPORARY_UNIT: (0.6, 0.3, 0.1),
    SMALL_HOUSE: (0.7, 0.3),
}
WHEELCHAIR_SHARES = (0.04, 0.4, 0.4, 0.03, 0.0)
LEASED_SHARES = {ORDINARY: (0.62, 0.26, 0.12), TEMPORARY_UNIT: (0.6, 0.4, 0.0)}  # eid/innleid/tr.
WITHOUT_AREA = 0.07
WITHOUT_BUILDING_ID = 0.15
# Buildings with several municipal dwellings, at Sandnes scale: one large block in the centre,
# a few small ones, and housing cooperatives (units in the borettslag, municipal units in it).
LARGE_BUILDING_UNITS = 25
LARGE_BUILDING_TEMPORARY_UNITS = 5
SMALL_BUILDINGS = 8
COOPERATIVES = ((48, 3), (60, 4), (36, 2), (80, 5), (42, 6), (30, 7))
SAMPLING_MARGIN_METRES = 15.0


@dataclass(frozen=True)
class _SharedBuildings:
    """Buildings holding several municipal dwellings, one entry per building."""

    areas: np.ndarray
    units: np.ndarray  # municipal dwellings in the building
    kinds: np.ndarray  # dwelling type of its units
    total_units: np.ndarray  # a cooperative's units in all (bygning_enheter), else 0


class Places:
    """Where dwellings are and what they are like: the fixed columns of `boliger`."""

    def __init__(self, scale: Scale, rng: np.random.Generator):
        self.scale = scale
        self.rng = rng
        if scale.geography:
            areas = demo_areas()
            self.codes = areas["grunnkrets"].to_numpy(dtype=str)
            self.weights = municipal_weights(areas)
            self.shapes = [
                inner if not (inner := shape.buffer(-SAMPLING_MARGIN_METRES)).is_empty else shape
                for shape in areas.geometry
            ]
            self.centre = int(np.argmin(distance_to_centre(areas)))
            self.postcodes = np.array([POSTNUMMER[code[4:6]] for code in self.codes])
            inhabitants = first_year_inhabitants(areas)
            self.inhabitants = inhabitants / inhabitants.sum()
        else:
            self.codes = _synthetic_grunnkretser(scale.areas)
            weights = rng.lognormal(0.0, 0.8, len(self.codes))
            self.weights = weights / weights.sum()
            self.inhabitants = np.full(len(self.codes), 1 / len(self.codes))
            self.centre = int(np.argmax(self.weights))
            self.postcodes = np.char.zfill(rng.integers(1, 9999, len(self.codes)).astype(str), 4)
        self.streets = rng.integers(0, len(STREETS), (len(self.codes), 3))

    def dwellings(self, count: int) -> tuple[pl.DataFrame, np.ndarray]:
        """`count` dwellings, the shared buildings first: fixed columns, and type codes."""
        rng = self.rng
        shared = self._shared_buildings()
        singles = count - int(shared.units.sum())
        # Per building: the shared ones, then one building per remaining dwelling.
        areas = np.concatenate([shared.areas, rng.choice(len(self.codes), singles, p=self.weights)])
        units = np.concatenate([shared.units, np.ones(singles, dtype=np.int64)])
        total_units = np.concatenate([shared.total_units, np.zeros(singles, dtype=np.int64)])
        building_kinds = np.concatenate(
            [shared.kinds, rng.choice(len(DWELLING_TYPES), singles, p=TYPE_SHARES)]
        )
        building = np.repeat(np.arange(len(areas)), units)
        kinds = building_kinds[building].astype(np.int8)
        kinds[: min(LARGE_BUILDING_TEMPORARY_UNITS, count)] = TEMPORARY_UNIT
        ownership = self._ownership(kinds)
        ownership[building < len(shared.units)] = OWNERSHIPS.index("eid")
        cooperative = total_units[building] > 0
        ownership[cooperative] = rng.choice(
            [OWNERSHIPS.index("eid"), OWNERSHIPS.index("tildelingsrett")], cooperative.sum()
        )
        rooms = self._rooms(kinds)
        floor_area = self._floor_areas(kinds, rooms)
        x, y = self._points(areas)
        lon, lat = _to_wgs84().transform(x, y)
        streets = self.streets[areas, rng.integers(0, 3, len(areas))]
        unit = np.arange(count) - np.searchsorted(building, building)  # 0, 1, ... per building
        rows = pl.DataFrame(
            {
                "bolig_id": np.arange(count),
                "street": streets[building],
                "number": rng.integers(1, 150, len(areas))[building],
                "letter": (rng.random(len(areas)) < 0.1)[building],
                "unit": np.where(units[building] > 1, 101 + unit % 4 + unit // 4 * 100, 0),
                "area": areas[building],
                "lat": np.round(lat, 6)[building],
                "lon": np.round(lon, 6)[building],
                "bygning_id": self._building_ids(shared, total_units)[building],
                "bygning_enheter": total_units[building],
                "eierform": ownership,
                "boligtype": kinds,
                "rom": rooms,
                "areal_m2": np.round(floor_area, 1),
                "rullestol": rng.random(count) < np.array(WHEELCHAIR_SHARES)[kinds],
            }
        )
        return self._as_boliger(rows, "B-"), kinds

    def scattered(self, count: int, prefix: str) -> pl.DataFrame:
        """`count` ordinary dwellings leased on the private market, one per building, spread
        over the areas as the inhabitants are (not where the municipality's own dwellings
        gather); ids `prefix` + a running number."""
        rng = self.rng
        areas = rng.choice(len(self.codes), count, p=self.inhabitants)
        kinds = np.full(count, ORDINARY, dtype=np.int8)
        rooms = self._rooms(kinds)
        x, y = self._points(areas)
        lon, lat = _to_wgs84().transform(x, y)
        building_ids = rng.integers(300_000_000, 399_999_999, count)
        building_ids[rng.random(count) < WITHOUT_BUILDING_ID] = 0
        rows = pl.DataFrame(
            {
                "bolig_id": np.arange(count),
                "street": self.streets[areas, rng.integers(0, 3, count)],
                "number": rng.integers(1, 150, count),
                "letter": rng.random(count) < 0.1,
                "unit": np.zeros(count, dtype=np.int64),
                "area": areas,
                "lat": np.round(lat, 6),
                "lon": np.round(lon, 6),
                "bygning_id": building_ids,
                "bygning_enheter": np.zeros(count, dtype=np.int64),
                "eierform": np.full(count, OWNERSHIPS.index("innleid"), dtype=np.int8),
                "boligtype": kinds,
                "rom": rooms,
                "areal_m2": np.round(self._floor_areas(kinds, rooms), 1),
                "rullestol": rng.random(count) < WHEELCHAIR_SHARES[ORDINARY],
            }
        )
        return self._as_boliger(rows, prefix)

    def _as_boliger(self, rows: pl.DataFrame, prefix: str) -> pl.DataFrame:
        """Numbered dwellings with their place and features as the fixed columns of `boliger`."""
        return rows.select(
            bolig_id=identifier(prefix, pl.col("bolig_id")),
            adresse=pl.concat_str(
                pl.col("street").replace_strict(dict(enumerate(STREETS)), return_dtype=pl.String),
                pl.lit(" "),
                pl.col("number").cast(pl.String),
                pl.when("letter").then(pl.lit("B")).otherwise(pl.lit("")),
                pl.when(pl.col("unit") > 0)
                .then(pl.concat_str(pl.lit(" H0"), pl.col("unit").cast(pl.String)))
                .otherwise(pl.lit("")),
            ),
            postnummer=pl.lit(pl.Series(self.postcodes)).gather(pl.col("area")),
            grunnkrets=pl.lit(pl.Series(self.codes)).gather(pl.col("area")),
            lat=pl.col("lat").fill_nan(None),
            lon=pl.col("lon").fill_nan(None),
            bygning_id=pl.when(pl.col("bygning_id") > 0).then(pl.col("bygning_id").cast(pl.String)),
            bygning_enheter=pl.when(pl.col("bygning_enheter") > 0).then("bygning_enheter"),
            eierform=pl.col("eierform").replace_strict(
                dict(enumerate(OWNERSHIPS)), return_dtype=pl.String
            ),
            boligtype=pl.col("boligtype").replace_strict(
                dict(enumerate(DWELLING_TYPES)), return_dtype=pl.String
            ),
            rom="rom",
            areal_m2=pl.col("areal_m2").fill_nan(None),
            rullestol="rullestol",
        ).cast({name: dtype for name, dtype in BOLIGER_SCHEMA.items() if name != "status"})

    def _shared_buildings(self) -> _SharedBuildings:
        """Buildings with several municipal dwellings: the large one in the centre first."""
        rng, factor = self.rng, self.scale.factor
        small = max(round(SMALL_BUILDINGS * factor), 1)
        cooperatives = np.array(COOPERATIVES)[
            np.arange(round(len(COOPERATIVES) * factor)) % len(COOPERATIVES)
        ]
        return _SharedBuildings(
            areas=np.concatenate(
                [
                    [self.centre],
                    rng.choice(len(self.codes), small + len(cooperatives), p=self.weights),
                ]
            ),
            units=np.concatenate(
                [[LARGE_BUILDING_UNITS], rng.integers(2, 7, small), cooperatives[:, 1]]
            ),
            kinds=np.concatenate(
                [
                    [ORDINARY],
                    rng.choice([ORDINARY, SHARED, CARE], small, p=[0.5, 0.25, 0.25]),
                    np.full(len(cooperatives), ORDINARY),
                ]
            ),
            total_units=np.concatenate([np.zeros(1 + small), cooperatives[:, 0]]).astype(np.int64),
        )

    def _ownership(self, kinds: np.ndarray) -> np.ndarray:
        """eid/innleid/tildelingsrett by dwelling type; care and shared dwellings are owned."""
        rng = self.rng
        ownership = np.zeros(len(kinds), dtype=np.int8)
        for kind, shares in LEASED_SHARES.items():
            chosen = kinds == kind
            ownership[chosen] = rng.choice(len(OWNERSHIPS), chosen.sum(), p=shares)
        return ownership

    def _floor_areas(self, kinds: np.ndarray, rooms: np.ndarray) -> np.ndarray:
        """Square metres by rooms (shared dwellings are small); NaN where the system lacks it."""
        rng, count = self.rng, len(kinds)
        floor_area = 12 + 16 * rooms + rng.normal(0, 6, count)
        floor_area = np.where(kinds == SHARED, rng.uniform(24, 36, count), floor_area)
        floor_area[rng.random(count) < WITHOUT_AREA] = np.nan
        return floor_area

    def _rooms(self, kinds: np.ndarray) -> np.ndarray:
        rooms = np.ones(len(kinds), dtype=np.int64)
        for kind, shares in ROOM_SHARES.items():
            chosen = kinds == kind
            rooms[chosen] = self.rng.choice(np.arange(1, len(shares) + 1), chosen.sum(), p=shares)
        return rooms

    def _building_ids(self, shared: _SharedBuildings, total_units: np.ndarray) -> np.ndarray:
        """Per building a matrikkel-like building number, an org.nr for cooperatives, or 0
        where the case system does not know it."""
        rng, buildings = self.rng, len(total_units)
        ids = rng.integers(300_000_000, 399_999_999, buildings)
        ids[len(shared.units) :][
            rng.random(buildings - len(shared.units)) < WITHOUT_BUILDING_ID
        ] = 0
        cooperative = total_units > 0
        ids[cooperative] = rng.integers(910_000_000, 999_999_999, cooperative.sum())
        return ids

    def _points(self, areas: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """A random point (EPSG:25832) inside each building's area; NaN without geography."""
        x = np.full(len(areas), np.nan)
        y = np.full(len(areas), np.nan)
        if not self.scale.geography:
            return x, y
        for area in np.unique(areas):
            where = np.flatnonzero(areas == area)
            x[where], y[where] = _points_in(self.shapes[area], len(where), self.rng)
        hidden = self.rng.random(len(areas)) < DWELLINGS_WITHOUT_COORDINATES
        x[hidden] = np.nan
        y[hidden] = np.nan
        return x, y


def _points_in(shape, count: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """`count` uniformly random points inside a polygon (rejection sampling in its box)."""
    minx, miny, maxx, maxy = shape.bounds
    xs, ys = np.empty(0), np.empty(0)
    while len(xs) < count:
        cx = rng.uniform(minx, maxx, count * 4)
        cy = rng.uniform(miny, maxy, count * 4)
        inside = shapely.contains_xy(shape, cx, cy)
        xs, ys = np.concatenate([xs, cx[inside]]), np.concatenate([ys, cy[inside]])
    return xs[:count], ys[:count]


def _synthetic_grunnkretser(count: int) -> np.ndarray:
    """8-digit grunnkrets codes spread over made-up kommunenumre, for scales without geography."""
    kommuner = max(count // 40, 1)
    numbers = np.linspace(301, 5640, kommuner).astype(np.int64) if kommuner > 1 else np.array([301])
    kommune = numbers[np.arange(count) % kommuner]
    local = np.arange(count) // kommuner + 101
    return np.char.add(np.char.zfill(kommune.astype(str), 4), np.char.zfill(local.astype(str), 4))


@cache
def _to_wgs84() -> Transformer:
    return Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True)


def identifier(prefix: str, index: pl.Expr) -> pl.Expr:
    """A pseudonymous id such as H-000123: letters, so it can never pass as a personal number."""
    return pl.concat_str(pl.lit(prefix), (index + 1).cast(pl.String).str.zfill(6))
