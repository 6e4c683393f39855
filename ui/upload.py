"""The upload page: which months to offer and when to offer replacement (pure), and the
writers behind its buttons (through services, which check the role read again then)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from core.problems import IngestResult, SourceFile
from services import ingest, reference
from ui import access, cache

# How far back the month list reaches when the warehouse holds nothing older.
YEARS_BACK = 5


def _months_before(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


def default_month(today: date) -> str:
    """Last month, 'YYYY-MM': the snapshot staff upload at the start of a month."""
    last = _months_before(today.replace(day=1), 1)
    return f"{last:%Y-%m}"


def month_choices(today: date, loaded: list[str]) -> list[str]:
    """Every month one may upload, newest first: from this month back to a year before the
    oldest loaded month (to extend the history backwards), or five years, whichever is earlier."""
    this_month = today.replace(day=1)
    earliest = _months_before(this_month, 12 * YEARS_BACK)
    if loaded:
        oldest = date(int(loaded[0][:4]), int(loaded[0][5:7]), 1)
        earliest = min(earliest, _months_before(oldest, 12))
    count = (this_month.year - earliest.year) * 12 + this_month.month - earliest.month
    return [f"{_months_before(this_month, back):%Y-%m}" for back in range(count + 1)]


def asks_for_replacement(result: IngestResult, month: str) -> bool:
    """True when the only thing standing in the way is that `month` is already loaded."""
    return result.needs_replacement and result.month == month


class Upload(Protocol):
    """What `st.file_uploader` hands over: a name and the bytes."""

    name: str

    def getvalue(self) -> bytes: ...


def ingest_upload(month: str, uploads: Sequence[Upload], *, replace: bool) -> IngestResult:
    """Load the uploaded files as the snapshot of `month` (services.ingest), audited, if the
    user's role, read again now, still allows it."""
    files = [SourceFile(upload.name, upload.getvalue()) for upload in uploads]
    result = ingest.ingest(cache.db_path(), month, files, replace=replace, by=access.app_writer())
    cache.refresh_data_version()
    return result


def restore_loads(load_ids: Sequence[int]) -> IngestResult:
    """Make earlier loads active again (services.ingest.restore), audited, if the user's role,
    read again now, still allows it."""
    result = ingest.restore(cache.db_path(), load_ids, by=access.app_writer())
    cache.refresh_data_version()
    return result


def register_upload(upload: Upload, as_of: date) -> IngestResult:
    """Load the uploaded register of housing projects as it stood on `as_of`
    (services.reference), audited, if the user's role, read again now, still allows it."""
    file = SourceFile(upload.name, upload.getvalue())
    result = reference.load_register(cache.db_path(), file, by=access.app_writer(), as_of=as_of)
    cache.refresh_data_version()
    return result


def register_date(today: date) -> date:
    """The upload's default "Gjelder per" (services.reference.register_date_default)."""
    return reference.register_date_default(today)
