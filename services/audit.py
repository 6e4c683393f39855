"""The audit log as people read it back (warehouse.audit writes it, with each change)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from warehouse import audit


def audit_log(db_path: Path) -> pl.DataFrame:
    """The audit log, newest first: tidspunkt, hvem, kanal (the door), handling, hva."""
    return audit.audit_log(db_path)
