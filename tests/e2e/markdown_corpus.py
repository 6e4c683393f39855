"""A page for tests/e2e/test_escaping.py: each nasty text through `markdown_text`, in each kind
of element that draws markdown (text, caption, alert, metric label, button label, a picture's
caption)."""

import io

import streamlit as st
from PIL import Image

from core.escaping import markdown_text
from tests.unit.test_escaping import NASTY


def one_pixel_png() -> bytes:
    """The smallest picture: what a caption is under does not matter here."""
    picture = io.BytesIO()
    Image.new("RGB", (1, 1), "white").save(picture, format="PNG")
    return picture.getvalue()


PICTURE = one_pixel_png()

for index, text in enumerate(NASTY):
    with st.container(key=f"tekst_{index}"):
        st.markdown(markdown_text(text))
        st.caption(markdown_text(text))
        st.info(markdown_text(text))
        st.metric(markdown_text(text), 1)
        st.button(markdown_text(text), key=f"knapp_{index}")
        st.image(PICTURE, caption=markdown_text(text), output_format="PNG")
