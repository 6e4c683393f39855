"""Kvartalsrapport: the quarterly report to the council (the page is being built)."""

import streamlit as st

from ui.access import require_page_access
from ui.labels import t

require_page_access("kvartalsrapport")
st.title(t("Kvartalsrapport"))
