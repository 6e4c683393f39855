"""Kart: where municipal dwellings are concentrated (the page is being built)."""

import streamlit as st

from ui.access import require_page_access
from ui.labels import t

require_page_access("kart")
st.title(t("Kart"))
