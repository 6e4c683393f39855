"""What an upload is made of, and what can be wrong with it, in words for people."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

Severity = Literal["feil", "advarsel"]


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
