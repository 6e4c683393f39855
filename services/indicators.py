"""The indicators from the warehouse: read the marts, run the pure functions, collect once.

This is what pages and `cli.py` call: indicator values, breakdowns, the suppression pattern,
keeping each month's values after a change, and the export. Caching (keyed on
`warehouse.queries.data_version`) belongs to the caller.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from types import ModuleType

import polars as pl

from core.export import write_table
from core.settings import Thresholds
from core.snapshot_format import SITUASJON
from indicators import breakdowns, definitions, measures, monthly, pathways, suppression
from indicators.breakdowns import area_values, target_group_cells, target_group_values
from indicators.export import csv_rows, sheet_rows
from indicators.monthly import snapshot_values, with_population_rates
from indicators.periods import Period
from indicators.registry import definitions_table
from indicators.relations import MUNICIPAL
from indicators.tables import breakdown_table, indicator_table
from services import geo
from services.portfolio import select_portfolio_months
from services.projects import select_pipeline_months
from warehouse import derived
from warehouse.db import WarehouseBusy, connect
from warehouse.derived import (
    MonthDerivation,
    WindowDerivation,
    select_month_values,
    select_window_values,
    store_month_values,
    store_window_values,
)
from warehouse.queries import read_mart, select_mart

HOUSEHOLD_COLUMNS = (
    "maaned",
    "husstand_id",
    "situasjon",
    "bolig_id",
    "personer",
    "barn",
    "i_situasjon_fra",
    "soknadsdato",
    "flyktning",
    "under_25",
    "housing_first",
    "startlan_dato",
)
TARGET_GROUP_COLUMNS = ("rus_psykisk", "funksjonsnedsettelse")
DWELLING_COLUMNS = ("maaned", "bolig_id", "rom", "areal_m2", "rullestol", "status")
# What the household pathways read: the track, and the columns of the target groups.
PATHWAY_COLUMNS = (
    "maaned",
    "husstand_id",
    "situasjon",
    "leie_til_eie_fra",
    "flyktning",
    "under_25",
    "rus_psykisk",
    "funksjonsnedsettelse",
    "barn",
)
DEFAULT_PERIOD: Period = "month"
KEEP_WAIT_SECONDS = 5.0
_log = logging.getLogger(__name__)
SITUATIONS = pl.Enum(list(SITUASJON))


def with_situation_codes(husstander: pl.LazyFrame) -> pl.LazyFrame:
    """`situasjon` as an Enum of its five codes: one byte a row instead of a string, which
    makes the month-pair join and the comparisons cheaper at scale."""
    return husstander.with_columns(pl.col("situasjon").cast(SITUATIONS))


def read_households(db_path: Path, *, target_groups: bool = False) -> pl.LazyFrame:
    """The household columns the indicators read (and the target-group flags if asked)."""
    columns = HOUSEHOLD_COLUMNS + (TARGET_GROUP_COLUMNS if target_groups else ())
    return with_situation_codes(read_mart(db_path, "husstander", columns).lazy())


def read_dwellings(db_path: Path) -> pl.LazyFrame:
    """The dwelling columns the indicators read."""
    return read_mart(db_path, "boliger", DWELLING_COLUMNS).lazy()


def code_fingerprint(*modules: ModuleType) -> str:
    """The sha256 of the code that computes kept values (the modules of the definitions, this
    module, and how the warehouse feeds them): stored values of other code are stale."""
    digest = hashlib.sha256()
    for source in (*(module.__file__ for module in modules), __file__):
        digest.update(Path(source).read_bytes())
    return digest.hexdigest()


def _snapshot_values(husstander: pl.LazyFrame, boliger: pl.LazyFrame) -> pl.LazyFrame:
    return snapshot_values(with_situation_codes(husstander), boliger)


SNAPSHOT_VALUES = MonthDerivation(
    fingerprint=code_fingerprint(definitions, measures, monthly, derived),
    household_columns=HOUSEHOLD_COLUMNS,
    dwelling_columns=DWELLING_COLUMNS,
    compute=_snapshot_values,
)


def _pathway_values(husstander: pl.LazyFrame) -> pl.LazyFrame:
    """The pathway values of the municipality (`gruppe` null) and of each target group."""
    households = with_situation_codes(husstander).cache()
    return pl.concat(
        [
            pathways.pathway_values(households).with_columns(
                pl.lit(None, pl.String).alias("gruppe")
            ),
            pathways.pathway_target_group_values(households).drop("inndeling", "gruppenavn"),
        ],
        how="diagonal",
    )


PATHWAY_VALUES = WindowDerivation(
    fingerprint=code_fingerprint(pathways, measures, monthly, breakdowns, derived),
    household_columns=PATHWAY_COLUMNS,
    source_months=pathways.SOURCE_MONTHS,
    keys=pathways.source_keys,
    compute=_pathway_values,
)


def keep_month_values(db_path: Path) -> list[str]:
    """Compute and store the snapshot and pathway values of months whose loads changed; returns
    those months.

    Call after every load, replace and restore, so that reading every month stays cheap. The
    load itself is done by then, so a warehouse held by another process for longer than
    `KEEP_WAIT_SECONDS` is no failure: nothing is stored now, reading computes those months, and
    the next keep stores them.
    """
    try:
        kept = store_month_values(db_path, SNAPSHOT_VALUES, wait_seconds=KEEP_WAIT_SECONDS)
        followed = store_window_values(db_path, PATHWAY_VALUES, wait_seconds=KEEP_WAIT_SECONDS)
    except WarehouseBusy:
        _log.warning("Indikatorverdiene ble ikke lagret nå: datavarehuset var i bruk.")
        return []
    return sorted(set(kept) | set(followed))


def pathway_months(con) -> pl.DataFrame:
    """Every month's kept pathway values, municipal (`gruppe` null) and per target group:
    `indikator, maaned, gruppe, teller, nevner, verdi` (computed where nothing is kept)."""
    return select_window_values(con, PATHWAY_VALUES)


def _municipal_months(con) -> pl.LazyFrame:
    """Every municipal indicator for every month: the stored snapshot values and the rates,
    the portfolio (boligmasse) and, with a register of housing projects, the pipeline; and the
    stored pathway values."""
    snapshot = select_month_values(con, SNAPSHOT_VALUES)
    statistics = select_mart(con, "omradestatistikk", ("aar", "innbyggere"))
    pipeline = select_pipeline_months(con)
    followed = pathway_months(con).filter(pl.col("gruppe").is_null()).drop("gruppe")
    return pl.concat(
        [
            with_population_rates(snapshot.lazy(), statistics.lazy()),
            select_portfolio_months(con),
            *([] if pipeline is None else [pipeline]),
            followed.lazy(),
        ],
        how="diagonal_relaxed",
    )


def _pathway_group_months(con) -> pl.LazyFrame:
    """The stored pathway values of the target groups, as `target_group_values` gives cells."""
    return target_group_cells(pathway_months(con).lazy().filter(pl.col("gruppe").is_not_null()))


def _breakdown_months(db_path: Path, bolig_omrade: pl.DataFrame) -> pl.LazyFrame:
    """The target-group and delområde cells of every month."""
    husstander = read_households(db_path, target_groups=True)
    boliger = read_dwellings(db_path)
    omrader = read_mart(db_path, "omrader", ("grunnkrets", "delomradenavn")).lazy()
    with connect(db_path) as con:
        followed = _pathway_group_months(con).collect()
    return pl.concat(
        [
            target_group_values(husstander, boliger),
            followed.lazy(),
            area_values(husstander, boliger, bolig_omrade.lazy(), omrader),
        ],
        how="vertical_relaxed",
    )


def reader_months(db_path: Path, bolig_omrade: pl.DataFrame) -> pl.LazyFrame:
    """Every monthly cell a reader can see, municipal (`inndeling` MUNICIPAL) and broken down:
    what `indicators.suppression.hidden_cells` takes."""
    with connect(db_path) as con:
        municipal = _municipal_months(con).collect()
    return pl.concat(
        [
            municipal.lazy().with_columns(
                pl.lit(MUNICIPAL).alias("inndeling"), pl.lit(None, pl.String).alias("gruppe")
            ),
            _breakdown_months(db_path, bolig_omrade).drop("gruppenavn"),
        ],
        how="diagonal",
    )


def hidden_cells(db_path: Path, bolig_omrade: pl.DataFrame, thresholds: Thresholds) -> pl.DataFrame:
    """The cells a reader sees as `:`, for every period type, municipal and broken down alike
    (`indicators.suppression.hidden_cells`): compute once per data version and thresholds.

    `bolig_omrade` (maaned, bolig_id, grunnkrets) is the geo module's placement of dwellings.
    """
    return suppression.hidden_cells(reader_months(db_path, bolig_omrade), thresholds)


def readers_hidden_cells(db_path: Path, limits: Thresholds) -> pl.DataFrame:
    """What readers see as `:` now: the warehouse's dwellings placed in its areas, suppressed
    with `limits` (the pages use those set in Innstillinger: services.settings)."""
    return hidden_cells(db_path, geo.dwelling_placement(db_path), limits)


def indicator_values(
    db_path: Path, period: Period, *, hidden: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Every municipal indicator for every period (see `indicators.tables.indicator_table`),
    suppressed where `hidden` (from `hidden_cells`) says."""
    with connect(db_path) as con:  # one connection: opening the file costs tens of milliseconds
        months = _municipal_months(con).collect()
        targets = select_mart(con, "mal")
    return indicator_table(months.lazy(), targets.lazy(), period, hidden=hidden).collect()


def breakdown_values(
    db_path: Path,
    period: Period,
    bolig_omrade: pl.DataFrame,
    *,
    hidden: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The target-group and delområde cells for every period, suppressed where `hidden` says.

    `bolig_omrade` (maaned, bolig_id, grunnkrets) is the geo module's placement of dwellings.
    """
    months = _breakdown_months(db_path, bolig_omrade)
    return breakdown_table(months, period, hidden=hidden).collect()


def export_indicators(
    db_path: Path,
    out: Path,
    period: Period = DEFAULT_PERIOD,
    *,
    hidden: pl.DataFrame | None = None,
) -> Path:
    """`cli.py indicators`: every indicator for every period of the warehouse, to `out`;
    suppressed (with a `prikket` column) when `hidden` is given."""
    frame = indicator_values(db_path, period, hidden=hidden)
    return write_indicators(frame, out, suppress=hidden is not None)


def write_indicators(frame: pl.DataFrame, out: Path, *, suppress: bool) -> Path:
    """Write indicator values (from `indicator_values`) as `.csv` or `.xlsx`, by `out`'s ending:
    CSV for machines, XLSX with Norwegian headers and the definitions for people."""
    out = Path(out)
    if out.suffix.lower() == ".xlsx":
        return write_table(
            sheet_rows(frame, suppress=suppress),
            out,
            sheet="Indikatorer",
            extra_sheets={"Definisjoner": definitions_table()},
        )
    return write_table(csv_rows(frame, suppress=suppress), out)
