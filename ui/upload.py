"""The upload page: which months to offer and when to offer replacement (pure), and the
writers behind its buttons (through services, which check the role read again then)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol

from core import formatting as fmt
from core.formatting import Language
from core.i18n import N_, translate
from core.problems import IngestResult, SourceFile
from services import ingest, reference
from services.ingest import MonthHint
from ui import access, cache

# How far back the month list reaches when the warehouse holds nothing older.
YEARS_BACK = 5


def _months_before(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


def default_month(today: date, loaded: Sequence[str] = ()) -> str:
    """The month after the latest loaded one, 'YYYY-MM' (never later than this month); with
    nothing loaded, last month: the snapshot staff upload at the start of a month."""
    this_month = today.replace(day=1)
    if loaded:
        latest = date(int(loaded[-1][:4]), int(loaded[-1][5:7]), 1)
        after = _months_before(latest, -1)
        return f"{min(after, this_month):%Y-%m}"
    return f"{_months_before(this_month, 1):%Y-%m}"


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


def source_files(uploads: Sequence[Upload]) -> list[SourceFile]:
    """The uploaded files as services take them."""
    return [SourceFile(upload.name, upload.getvalue()) for upload in uploads]


def month_hints(uploads: Sequence[Upload]) -> list[MonthHint]:
    """What the uploaded files' names and `maaned` columns say their month is."""
    return ingest.month_hints(source_files(uploads))


# Where a file says which month it is, in words.
HINT_SOURCES = {"filnavn": N_("filnavnet"), "kolonne": N_("kolonnen maaned")}


def month_warnings(hints: Sequence[MonthHint], chosen: str, language: Language) -> list[str]:
    """One warning per other month the files say than the one chosen (file names are not
    repeated: they come from outside)."""
    others: dict[str, set[str]] = {}
    for hint in hints:
        if hint.month != chosen:
            others.setdefault(hint.month, set()).add(hint.source)
    return [
        translate(
            "Filene sier {month} ({where}), men valgt måned er {chosen}. Sjekk måneden før du "
            "laster inn.",
            language,
            month=fmt.month(month, language),
            where=", ".join(
                translate(HINT_SOURCES[source], language) for source in sorted(sources)
            ),
            chosen=fmt.month(chosen, language),
        )
        for month, sources in sorted(others.items())
    ]


def ingest_upload(month: str, uploads: Sequence[Upload], *, replace: bool) -> IngestResult:
    """Load the uploaded files as the snapshot of `month` (services.ingest), audited, if the
    user's role, read again now, still allows it."""
    files = source_files(uploads)
    result = ingest.ingest(cache.db_path(), month, files, replace=replace, by=access.app_writer())
    cache.changed_here()
    return result


def restore_loads(load_ids: Sequence[int]) -> IngestResult:
    """Make earlier loads active again (services.ingest.restore), audited, if the user's role,
    read again now, still allows it."""
    result = ingest.restore(cache.db_path(), load_ids, by=access.app_writer())
    cache.changed_here()
    return result


def register_upload(upload: Upload, as_of: date) -> IngestResult:
    """Load the uploaded register of housing projects as it stood on `as_of`
    (services.reference), audited, if the user's role, read again now, still allows it."""
    file = SourceFile(upload.name, upload.getvalue())
    result = reference.load_register(cache.db_path(), file, by=access.app_writer(), as_of=as_of)
    cache.changed_here()
    return result


def levekar_upload(survey: Upload, descriptions: Upload | None) -> IngestResult:
    """Load an uploaded living-conditions survey, with its descriptions file if one was given
    (services.reference), audited, if the user's role, read again now, still allows it."""
    result = reference.load_levekar(
        cache.db_path(),
        SourceFile(survey.name, survey.getvalue()),
        SourceFile(descriptions.name, descriptions.getvalue()) if descriptions else None,
        by=access.app_writer(),
    )
    cache.changed_here()
    return result


def brukerplan_upload(upload: Upload) -> IngestResult:
    """Load uploaded BrukerPlan figures (services.reference), audited, if the user's role, read
    again now, still allows it."""
    file = SourceFile(upload.name, upload.getvalue())
    result = reference.load_brukerplan(cache.db_path(), file, by=access.app_writer())
    cache.changed_here()
    return result


def register_date(today: date) -> date:
    """The upload's default "Gjelder per" (services.reference.register_date_default)."""
    return reference.register_date_default(today)
