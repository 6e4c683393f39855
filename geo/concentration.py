"""Concentration per area: counts, share, location quotient, and the two area flags.

Definitions are those of indicators.md, "Concentration". An area "can be assessed" when its
boliger_totalt is known and positive and it does not hold more municipal dwellings than that
(a data error, reported in `datafeil`); only such areas take part in the tests.
"""

from __future__ import annotations

import warnings

import esda
import geopandas as gpd
import numpy as np
import polars as pl
from libpysal.graph import Graph
from scipy.stats import binom, false_discovery_control

from core.settings import GeoSettings

# What `assess_areas` adds to the counts, in this order.
ASSESSMENT_COLUMNS = [
    "andel",
    "lokasjonskvotient",
    "flagg_terskel",
    "flagg_klynge",
    "andel_kommunen",
    "p_terskel",
    "p_klynge",
    "klynge_kvadrant",
    "datafeil",
]
# Local Moran quadrants (PySAL's numbering): 1 High-High, 2 Low-High, 3 Low-Low, 4 High-Low.
HIGH_HIGH = 1


def with_shares(counts: pl.DataFrame) -> pl.DataFrame:
    """andel (%), lokasjonskvotient, andel_kommunen (%) and datafeil from the two counts.

    The municipality is every area whose boliger_totalt is known and positive, data errors
    included (their dwellings are real, their statistics stale); an area without dwellings has
    no share rather than a division by zero.
    """
    has_base = pl.col("boliger_totalt") > 0
    municipal = pl.col("kommunale_boliger").filter(has_base).sum()
    everything = pl.col("boliger_totalt").filter(has_base).sum()
    return counts.with_columns(
        pl.when(has_base)
        .then(100 * pl.col("kommunale_boliger") / pl.col("boliger_totalt"))
        .alias("andel"),
        pl.when(has_base & (municipal > 0))
        .then((pl.col("kommunale_boliger") / municipal) / (pl.col("boliger_totalt") / everything))
        .alias("lokasjonskvotient"),
        pl.when(everything > 0).then(100 * municipal / everything).alias("andel_kommunen"),
        (pl.col("kommunale_boliger") > pl.col("boliger_totalt")).fill_null(False).alias("datafeil"),
    )


def threshold_test(
    events: np.ndarray, base: np.ndarray, municipal_share: float, settings: GeoSettings
) -> tuple[np.ndarray, np.ndarray]:
    """flagg_terskel and its Benjamini–Hochberg adjusted p-values for areas that can be assessed.

    The p-value is scipy's one-sided `binomtest(k, n, p, alternative="greater")`, computed for
    all areas at once as P(X ≥ k) = binom.sf(k − 1, n, p).
    """
    if len(events) == 0:
        return np.zeros(0, dtype=bool), np.zeros(0)
    p_values = binom.sf(events - 1, base, municipal_share)
    adjusted = false_discovery_control(p_values, method="bh")
    flags = (
        (events / base >= settings.factor * municipal_share)
        & (events >= settings.min_dwellings)
        & (adjusted <= settings.alpha)
    )
    return flags, adjusted


def contiguity(geometry: gpd.GeoSeries) -> Graph:
    """Queen contiguity by position; an area with no neighbour gets its nearest (by centroid)."""
    geometry = geometry.reset_index(drop=True)
    queen = Graph.build_contiguity(geometry, rook=False)
    islands = np.asarray(queen.isolates)
    if len(islands) == 0:
        return queen
    focal, neighbour = queen.index_pairs
    connected = ~np.isin(focal, islands)
    near_focal, near_neighbour = Graph.build_knn(geometry.centroid, k=1).index_pairs
    of_island = np.isin(near_focal, islands)
    focal = np.concatenate([np.asarray(focal)[connected], np.asarray(near_focal)[of_island]])
    neighbour = np.concatenate(
        [np.asarray(neighbour)[connected], np.asarray(near_neighbour)[of_island]]
    )
    order = np.argsort(focal, kind="stable")
    return Graph.from_arrays(focal[order], neighbour[order], np.ones(len(focal)))


def cluster_test(
    geometry: gpd.GeoSeries, events: np.ndarray, base: np.ndarray, settings: GeoSettings
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """flagg_klynge, pseudo p-values and quadrants from esda's Local Moran's I for rates.

    A High-High area whose pseudo p-value is within esda's FDR cut-off is flagged. With fewer
    than three areas, no municipal dwellings, or one rate everywhere, nothing can cluster.
    """
    count = len(events)
    no_clusters = (np.zeros(count, dtype=bool), np.full(count, np.nan), np.zeros(count, dtype=int))
    rates = events / base if count else events
    if count < 3 or events.sum() == 0 or np.ptp(rates) == 0:
        return no_clusters
    with warnings.catch_warnings():
        # esda 2.9 announces a future change of its default test; Moran_Local_Rate cannot yet
        # choose, so the pinned version's (directed) pseudo p-value is what we use.
        warnings.filterwarnings("ignore", "The alternative hypothesis", DeprecationWarning)
        local = esda.Moran_Local_Rate(
            events.astype("float64"),
            base.astype("float64"),
            contiguity(geometry),
            permutations=settings.permutations,
            seed=settings.seed,
            keep_simulations=False,
        )
    cut_off = esda.fdr(local.p_sim, settings.alpha)
    flags = (local.q == HIGH_HIGH) & (local.p_sim <= cut_off)
    return flags, local.p_sim, local.q


def assess_areas(
    areas: gpd.GeoDataFrame, counts: pl.DataFrame, settings: GeoSettings, key: str = "grunnkrets"
) -> pl.DataFrame:
    """Shares, location quotients and both flags for each area of `counts`.

    `counts` has the area code `key` (grunnkrets, or delomrade), kommunale_boliger and
    boliger_totalt (null when unknown); `areas` gives their polygons (EPSG:25832) under the
    same `key`. Rows keep the order of `counts`.
    """
    shares = with_shares(counts)
    assessable = ((pl.col("boliger_totalt") > 0) & ~pl.col("datafeil")).fill_null(False)
    tested = shares.with_row_index("position").filter(assessable)
    events = tested["kommunale_boliger"].to_numpy().astype("int64")
    base = tested["boliger_totalt"].to_numpy().astype("int64")
    municipal_share = (shares["andel_kommunen"].max() or 0.0) / 100
    threshold, p_threshold = threshold_test(events, base, municipal_share, settings)
    polygons = areas.set_index(key).geometry
    geometry = gpd.GeoSeries(polygons.loc[tested[key].to_list()].to_numpy(), crs=areas.crs)
    cluster, p_cluster, quadrant = cluster_test(geometry, events, base, settings)
    results = pl.DataFrame(
        {
            "position": tested["position"],
            "flagg_terskel": threshold,
            "p_terskel": p_threshold,
            "flagg_klynge": cluster,
            "p_klynge": p_cluster,
            "klynge_kvadrant": quadrant,
        },
        schema_overrides={"klynge_kvadrant": pl.Int8},
    ).with_columns(
        pl.col("p_klynge").fill_nan(None),
        pl.when(pl.col("p_klynge").is_not_nan()).then("klynge_kvadrant").alias("klynge_kvadrant"),
    )
    return (
        shares.with_row_index("position")
        .join(results, on="position", how="left")
        .sort("position")
        .with_columns(pl.col("flagg_terskel", "flagg_klynge").fill_null(False))
        .select(*counts.columns, *ASSESSMENT_COLUMNS)
    )
