"""Oversikt: the latest quarter at a glance (the page is being built)."""

import streamlit as st

from ui.access import require_page_access
from ui.labels import t

require_page_access("oversikt")
st.title(t("Oversikt"))
