"""Municipality-wide segregation of municipal dwellings: dissimilarity and isolation per month."""

from __future__ import annotations

import polars as pl


def segregation_by_month(counts: pl.DataFrame) -> pl.DataFrame:
    """Dissimilarity and isolation of municipal dwellings across areas, one row per month.

    `counts` has maaned, grunnkrets, kommunale_boliger (m_i) and boliger_totalt (t_i). Areas
    with t_i unknown or 0, or with m_i > t_i (a data error), are left out. With o_i = t_i − m_i,
    M = Σ m_i, O = Σ o_i, T = M + O and P = M / T:

    - dissimilaritet  D = ½ Σ |m_i / M − o_i / O|, from 0 (spread like other dwellings) to 1
      (never in the same area as other dwellings): the share of municipal dwellings that
      would have to move for every area to have the municipality-wide share.
    - isolasjon  xPx = Σ (m_i / M) · (m_i / t_i): the municipal share of the area of an average
      municipal dwelling; equals P when dwellings are spread evenly.
    - isolasjon_justert  η² = (xPx − P) / (1 − P), from 0 (even) to 1 (fully separated).

    Out: maaned, omrader, kommunale_boliger (M), boliger_totalt (T), andel_kommunen (100·P),
    dissimilaritet, isolasjon, isolasjon_justert (null when M or O is 0).
    """
    m = pl.col("kommunale_boliger")
    t = pl.col("boliger_totalt")
    o = t - m
    municipal, others = m.sum(), o.sum()
    share = municipal / t.sum()
    isolation = ((m / municipal) * (m / t)).sum()
    defined = (municipal > 0) & (others > 0)
    return (
        counts.filter((t > 0) & (m <= t))
        .group_by("maaned")
        .agg(
            pl.len().alias("omrader"),
            municipal.alias("kommunale_boliger"),
            t.sum().alias("boliger_totalt"),
            (100 * share).alias("andel_kommunen"),
            pl.when(defined)
            .then(0.5 * ((m / municipal) - (o / others)).abs().sum())
            .alias("dissimilaritet"),
            pl.when(defined).then(isolation).alias("isolasjon"),
            pl.when(defined).then((isolation - share) / (1 - share)).alias("isolasjon_justert"),
        )
        .sort("maaned")
    )
