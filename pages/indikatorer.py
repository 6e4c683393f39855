"""Indikatorer: one indicator over time, with breakdowns (the page is being built)."""

import streamlit as st

from ui.access import require_page_access
from ui.labels import t

require_page_access("indikatorer")
st.title(t("Indikatorer"))
