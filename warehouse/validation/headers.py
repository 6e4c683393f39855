"""Header mapping: which of a table's columns the file has, and what is wrong with its header
row."""

from __future__ import annotations

import re

from core.problems import Problem, Severity
from core.snapshot_format import (
    MONTH_COLUMN,
    TableFormat,
    canonical_header,
    is_forbidden_header,
)
from warehouse.validation.reading import (
    MOJIBAKE_MESSAGE,
    MOJIBAKE_PATTERN,
    RawTable,
    cell_column,
)
from warehouse.validation.text_checks import (
    column_label,
)


def map_headers(raw: RawTable, table_format: TableFormat) -> tuple[dict[str, str], list[Problem]]:
    """Canonical column -> frame column, and the problems of the header row."""
    columns: dict[str, str] = {}
    problems: list[Problem] = []
    known = {*table_format.column_names, MONTH_COLUMN}

    def problem(message: str, column: str, severity: Severity = "feil") -> None:
        problems.append(
            Problem(
                raw.file_name,
                message,
                sheet=raw.sheet,
                row=raw.header_row,
                column=column,
                severity=severity,
            )
        )

    for position, header in enumerate(raw.headers):
        name = canonical_header(header)
        label = header_label(header, position)
        if re.search(MOJIBAKE_PATTERN, header):
            problem(MOJIBAKE_MESSAGE, label)
        if not header:
            problem(
                "Kolonnen har verdier, men ingen overskrift; den blir ikke lest.", label, "advarsel"
            )
        elif is_forbidden_header(header):
            problem(
                "Kolonnen ser ut til å inneholde personopplysninger (fødselsnummer, "
                "personnummer eller navn), og det er ikke tillatt. Fjern kolonnen.",
                label,
            )
        elif name in columns:
            problem("Kolonnen finnes mer enn én gang i overskriften.", name)
        elif name in known:
            columns[name] = cell_column(position)
        else:
            problem(
                f"Ukjent kolonne i tabellen {table_format.name}; den blir ikke lest. "
                f"Kolonnene i formatet er: {', '.join(table_format.column_names)}.",
                label,
                "advarsel",
            )
    for column in table_format.columns:
        if column.required and column.name not in columns:
            problem(
                f"Kolonnen mangler. Den er påkrevd i tabellen {table_format.name}.", column.name
            )
    return columns, problems


def header_label(header: str, position: int) -> str:
    """How a problem names a column: its canonical name, else as `column_label` does."""
    return canonical_header(header) or column_label(header, position)
