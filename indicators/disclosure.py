"""Secondary suppression over the relations between figures, and the audit that proves it holds.

Works on a `relations.Structure`: classes of figures (one count each) and sums between them. A
class is unknown to a reader when every cell that shows it is hidden. Starting from the cells
hidden because a count in them is small (the protected classes), two rules hide more:

1. Per relation, to a fixed point: where a relation has an unknown member, at least two are
   unknown; where it has a protected member and its total is shown, the unknown parts hold at
   least k together. The cells added are the smallest shown parts first (then the total), ties
   broken by the cells' fixed order (months before quarters and years).
2. The audit: the relations of the unknown classes form a linear system; a protected class that
   the system fixes (its unit vector lies in the row space: it is zero in every null-space
   vector) can be worked out from shown figures, however many steps that takes. Rule 1 misses
   such cases where relations cross (delområder by months: a hidden cell that is the only link
   between two otherwise protected groups). For each, the first shown cell of its relations
   whose hiding leaves it undetermined is hidden too, and both rules run again.

Each round hides at least one more cell or gives up on a class that the hidden cells' own
relations fix (no relation defined here does that), so it ends; at worst everything is hidden.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from scipy.sparse import coo_array
from scipy.sparse.csgraph import connected_components
from threadpoolctl import threadpool_limits

from indicators.relations import Structure

ROW_SPACE_TOLERANCE = 1e-8
TRIALS = 24  # shown cells tried, in order, before the audit settles for the first


def unknown_classes(structure: Structure, hidden: np.ndarray) -> np.ndarray:
    """Per class: every cell that shows it is hidden."""
    known = np.zeros(structure.classes, dtype=bool)
    known[structure.figure_class[~hidden[structure.figure_cell]]] = True
    return ~known


def hiding(structure: Structure, hidden: np.ndarray, classes: np.ndarray) -> np.ndarray:
    """`hidden` with every cell that shows one of `classes` hidden as well."""
    chosen = np.zeros(structure.classes, dtype=bool)
    chosen[classes] = True
    more = hidden.copy()
    more[structure.figure_cell[chosen[structure.figure_class]]] = True
    return more


def relation_complements(
    structure: Structure,
    unknown: np.ndarray,
    protected: np.ndarray,
    class_k: np.ndarray,
    class_order: np.ndarray,
) -> np.ndarray:
    """The classes rule 1 hides next: in each relation that breaks it, the fewest shown members
    (parts by size, then the total) that mend it."""
    relation, member, is_total = (
        structure.member_relation,
        structure.member_class,
        structure.member_is_total,
    )
    count = structure.relations
    value = structure.class_value[member]
    is_unknown = unknown[member]
    unknown_members = np.bincount(relation, weights=is_unknown, minlength=count)
    k = np.zeros(count)
    guarded = protected[member]
    np.maximum.at(k, relation[guarded], class_k[member[guarded]])
    total_unknown = np.zeros(count, dtype=bool)
    total_unknown[relation[is_total & is_unknown]] = True
    hidden_sum = np.bincount(relation, weights=(is_unknown & ~is_total) * value, minlength=count)
    shown_parts = np.bincount(relation, weights=~is_unknown & ~is_total, minlength=count)
    # Parts that are all hidden add up to the total, which is shown under its own k.
    small_sum = (k > 0) & ~total_unknown & (shown_parts > 0) & (hidden_sum < k)
    broken = (unknown_members == 1) | small_sum
    if not broken.any():
        return np.empty(0, dtype=np.int64)
    shown = broken[relation] & ~is_unknown
    candidates = pl.DataFrame(
        {
            "relasjon": relation[shown],
            "klasse": member[shown],
            "er_total": is_total[shown],
            "verdi": value[shown],
            "rekkefolge": class_order[member[shown]],
        }
    ).sort("relasjon", "er_total", "verdi", "rekkefolge")
    per_relation = pl.DataFrame(
        {
            "relasjon": np.flatnonzero(broken),
            "ukjente": unknown_members[broken],
            "k": k[broken],
            "total_ukjent": total_unknown[broken],
            "skjult_sum": hidden_sum[broken],
            "viste_deler": shown_parts[broken],
        }
    )
    part = ~pl.col("er_total")
    mended = (pl.col("ukjente") + pl.col("_tatt") >= 2) & (
        (pl.col("k") == 0)
        | pl.col("total_ukjent")
        | pl.col("er_total")
        | (pl.col("_deler") == pl.col("viste_deler"))
        | (pl.col("skjult_sum") + pl.col("_delsum") >= pl.col("k"))
    )
    chosen = (
        candidates.join(per_relation, on="relasjon")
        .with_columns(
            pl.int_range(1, pl.len() + 1).over("relasjon").alias("_tatt"),
            part.cum_sum().over("relasjon").alias("_deler"),
            pl.when(part)
            .then(pl.col("verdi"))
            .otherwise(0)
            .cum_sum()
            .over("relasjon")
            .alias("_delsum"),
        )
        .with_columns(pl.when(mended).then(pl.col("_tatt")).min().over("relasjon").alias("_nok"))
        .filter(pl.col("_tatt") <= pl.col("_nok"))
    )
    return np.unique(chosen["klasse"].to_numpy())


def _components(structure: Structure, unknown: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The members whose class is unknown, and the component (of unknown classes linked by
    relations) each such member's relation belongs to."""
    active = np.flatnonzero(unknown[structure.member_class])
    classes, relations = structure.classes, structure.relations
    graph = coo_array(
        (
            np.ones(len(active), dtype=np.int8),
            (structure.member_class[active], classes + structure.member_relation[active]),
        ),
        shape=(classes + relations, classes + relations),
    )
    _, labels = connected_components(graph, directed=False)
    return active, labels[classes + structure.member_relation[active]]


def _fixed_columns(rows: np.ndarray, columns: np.ndarray, signs: np.ndarray) -> np.ndarray:
    """For one component's equations (one entry per member), the unknowns they fix: those
    whose unit vector lies in the row space (its projection onto the row space has length 1)."""
    row_ids, row_index = np.unique(rows, return_inverse=True)
    column_ids, column_index = np.unique(columns, return_inverse=True)
    if len(row_ids) == 1:  # one equation fixes its unknown only when it has no other
        return column_ids if len(column_ids) == 1 else column_ids[:0]
    matrix = np.zeros((len(row_ids), len(column_ids)))
    np.add.at(matrix, (row_index, column_index), signs)
    _, singular, right = np.linalg.svd(matrix, full_matrices=False)
    tolerance = singular.max(initial=0.0) * max(matrix.shape) * np.finfo(float).eps
    row_space = right[singular > tolerance]
    return column_ids[1.0 - (row_space**2).sum(axis=0) < ROW_SPACE_TOLERANCE]


def determined(structure: Structure, unknown: np.ndarray, of: np.ndarray) -> np.ndarray:
    """The classes among `of` (a class mask) that the shown figures fix through the relations."""
    active, component = _components(structure, unknown)
    relevant = np.unique(component[of[structure.member_class[active]]])
    found = np.zeros(structure.classes, dtype=bool)
    if not len(relevant):
        return found
    order = np.argsort(component, kind="stable")
    active, component = active[order], component[order]
    starts = np.searchsorted(component, relevant)
    ends = np.searchsorted(component, relevant, side="right")
    signs = np.where(structure.member_is_total, 1.0, -1.0)
    # Many small decompositions: BLAS threads cost more than they give here.
    with threadpool_limits(1):
        for start, end in zip(starts, ends, strict=True):
            members = active[start:end]
            found[
                _fixed_columns(
                    structure.member_relation[members],
                    structure.member_class[members],
                    signs[members],
                )
            ] = True
    return found & of


def audit_complement(
    structure: Structure,
    hidden: np.ndarray,
    target: int,
    class_order: np.ndarray,
) -> int | None:
    """The shown class to hide so that `target` (a fixed protected class) is fixed no more.

    Tries the shown members of `target`'s relations (parts by size, then totals) and takes the
    first that works; when none does alone, the first, and the next round goes on from there.
    None when its relations have no shown member left: hiding more cannot help.
    """
    unknown = unknown_classes(structure, hidden)
    known = ~unknown[structure.member_class]
    relations = np.unique(structure.member_relation[structure.member_class == target])
    if not (known & np.isin(structure.member_relation, relations)).any():
        # Fixed through a longer chain: try the shown members of its whole component.
        active, component = _components(structure, unknown)
        mine = component[structure.member_class[active] == target]
        relations = np.unique(structure.member_relation[active][np.isin(component, mine)])
    members = known & np.isin(structure.member_relation, relations)
    candidates = (
        pl.DataFrame(
            {
                "klasse": structure.member_class[members],
                "er_total": structure.member_is_total[members],
                "verdi": structure.class_value[structure.member_class[members]],
                "rekkefolge": class_order[structure.member_class[members]],
            }
        )
        .sort("er_total", "verdi", "rekkefolge")
        .unique("klasse", keep="first", maintain_order=True)["klasse"]
        .to_list()
    )
    if not candidates:
        return None
    only = np.zeros(structure.classes, dtype=bool)
    only[target] = True
    for candidate in candidates[:TRIALS]:
        trial = unknown_classes(structure, hiding(structure, hidden, np.array([candidate])))
        if not determined(structure, trial, only)[target]:
            return candidate
    return candidates[0]


def _one_per_component(
    structure: Structure, unknown: np.ndarray, fixed: np.ndarray, class_order: np.ndarray
) -> np.ndarray:
    """The first (by the cells' order) of the `fixed` classes in each component."""
    active, component = _components(structure, unknown)
    classes = structure.member_class[active]
    among = np.isin(classes, fixed)
    classes, component = classes[among], component[among]
    order = np.lexsort((class_order[classes], component))
    first = np.unique(component[order], return_index=True)[1]
    return np.unique(classes[order][first])


def protect(
    structure: Structure,
    protected: np.ndarray,
    class_k: np.ndarray,
    class_order: np.ndarray,
) -> np.ndarray:
    """Per cell: hidden, so that no `protected` class can be worked out (rules 1 and 2)."""
    none = np.zeros(structure.cells.height, dtype=bool)
    hidden = hiding(structure, none, np.flatnonzero(protected))
    beyond_help = np.zeros(structure.classes, dtype=bool)  # fixed by hidden cells alone
    while True:
        unknown = unknown_classes(structure, hidden)
        more = relation_complements(structure, unknown, protected, class_k, class_order)
        if len(more):
            hidden = hiding(structure, hidden, more)
            continue
        fixed = np.flatnonzero(determined(structure, unknown, protected & ~beyond_help))
        if not len(fixed):
            return hidden
        chosen = []
        for target in _one_per_component(structure, unknown, fixed, class_order):
            candidate = audit_complement(structure, hidden, target, class_order)
            if candidate is None:
                beyond_help[target] = True
            else:
                chosen.append(candidate)
        hidden = hiding(structure, hidden, np.array(chosen, dtype=np.int64))
