"""Codes of the reference files that more than one layer knows (shared/reference-data.md)."""

from __future__ import annotations

# BrukerPlan's housing situations (`boforhold`), in the order tables show them.
BRUKERPLAN_SITUATIONS = (
    "egen_bolig",
    "kommunal_bolig",
    "midlertidig",
    "institusjon",
    "uten_bolig",
    "annet",
)
# The living-conditions survey: its sheets, and the column that is the survey's own index.
LEVEKAR_SHEET = "levekar"
LEVEKAR_DESCRIPTION_SHEET = "levekar_indikatorer"
SURVEY_INDEX = "levekarsindeks"
# What an indicator's name (a survey column, folded) may be: it is stored as a value.
INDICATOR_NAME_PATTERN = r"^[a-z0-9_]{1,40}$"
