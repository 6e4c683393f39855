"""What an upload is made of, what can be wrong with it, and what became of it, in words for
people."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

Severity = Literal["feil", "advarsel"]
Status = Literal["loaded", "unchanged", "refused"]


@dataclass(frozen=True)
class SourceFile:
    """An uploaded file: its name as the user sees it and its bytes."""

    name: str
    content: bytes

    @cached_property
    def sha256(self) -> str:
        """The hex sha256 of the bytes, computed once however often a load asks."""
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an upload. Never carries a cell's value, only where and what."""

    file: str
    message: str
    sheet: str | None = None
    row: int | None = None  # as Excel shows it: the header is row 1
    column: str | None = None
    severity: Severity = "feil"

    def where(self) -> str:
        """'fil.csv, ark boliger, rad 5, kolonne rom': the parts that are known."""
        parts = [self.file]
        if self.sheet:
            parts.append(f"ark {self.sheet}")
        if self.row is not None:
            parts.append(f"rad {self.row}")
        if self.column:
            parts.append(f"kolonne {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where()}: {self.message}"


@dataclass
class IngestResult:
    """What happened to an upload, in words for the person who made it."""

    status: Status
    problems: list[Problem] = field(default_factory=list)
    load_ids: list[int] = field(default_factory=list)
    summary: str = ""
    # Refused only because the month already has these tables: loading again with
    # replace=True would go through.
    needs_replacement: bool = False
    month: str | None = None  # the month loaded or refused, 'YYYY-MM'
    # When it needs replacement: per table the new files change, (rows now, rows after).
    replacing: dict[str, tuple[int, int]] = field(default_factory=dict)
    # An SSB table's region and variable codes that are not known: their rows were left out.
    unknown_regions: tuple[str, ...] = ()
    unknown_variables: tuple[str, ...] = ()

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "feil"]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "advarsel"]


def refused(
    problems: list[Problem], summary: str = "Filen ble avvist. Ingenting er lagret."
) -> IngestResult:
    """An upload that stored nothing, with everything that is wrong."""
    return IngestResult("refused", problems, [], summary)
