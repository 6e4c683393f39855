"""Om tallene: definitions, suppression, sources, snapshot format (the page is being built)."""

import streamlit as st

from ui.access import require_page_access
from ui.labels import t

require_page_access("om_tallene")
st.title(t("Om tallene"))
