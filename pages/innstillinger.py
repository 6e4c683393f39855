"""Innstillinger: areas, area statistics, targets, users and backup (the page is being built)."""

import streamlit as st

from ui.access import require_page_access
from ui.labels import t

require_page_access("innstillinger")
st.title(t("Innstillinger"))
