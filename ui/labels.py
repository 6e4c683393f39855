"""The UI's language: `t("Last opp")` says a text in the language chosen in the sidebar.

The texts and their translations are core.i18n's; this module only knows the session.
"""

from __future__ import annotations

import streamlit as st

from core.formatting import LANGUAGES, Language
from core.i18n import translate

LANGUAGE_KEY = "language"


def current_language() -> Language:
    """The language chosen in the sidebar (bokmål until someone chooses)."""
    chosen = st.session_state.get(LANGUAGE_KEY, "nb")
    return chosen if chosen in LANGUAGES else "nb"


def t(text: str, **values: object) -> str:
    """`text` in the chosen language."""
    return translate(text, current_language(), **values)
