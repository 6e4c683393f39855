"""Outside text made literal in the languages the app writes: HTML and Streamlit's markdown.

Outside text is anything the app did not write itself: area and delområde names and codes, the
municipality's name, file names, user names from the identity provider, messages that carry a
path. Pure, and free of Streamlit, so that `geo/` (the map's HTML) and `ui/` (pages, plotly
charts) share one function per language. Text the app writes itself (labels, translations) is
markup on purpose and does not go through here. The report's PDF is HTML laid out by
WeasyPrint (services.report_pdf), so outside text goes through `html_text` there too; its
matplotlib pictures draw no outside text and need no escaping.
"""

from __future__ import annotations

import html
import re

# Invisible and without width: it splits a pattern without changing what the reader sees.
WORD_JOINER = "\u2060"
# Every ASCII punctuation character may be backslash-escaped in CommonMark, and then is text.
_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# Streamlit rewrites some text after parsing, where a backslash no longer counts: a colon
# before a word (`:material_x:` icons, `:streamlit:`, `:+1:` emoji) and bare links
# (`http://…`, `www.…`) become icons, pictures and links, and ` -> `, ` -- `, ` >= ` become
# arrows and dashes. A word joiner inside each pattern keeps the text as it was written.
_REWRITTEN = re.compile(r"(?<=:)(?=[\w/+-])|(?i:(?<=www)(?=\.))|(?<=[-<>~])(?=[->=])")


def html_text(text: str) -> str:
    """`text` as HTML that shows it literally (`<b>` as `&lt;b&gt;`).

    Quotes become numeric references, which plotly's labels also read (it knows only a few
    named ones), so one escape serves folium's maps and plotly's charts alike.
    """
    return html.escape(text, quote=False).replace('"', "&#34;").replace("'", "&#39;")


def markdown_text(text: str) -> str:
    """`text` as Streamlit markdown that shows it literally, on one paragraph.

    Every ASCII punctuation character is backslash-escaped (no links, pictures, emphasis,
    `:red[…]`, `:material/…:`, `$…$` maths, tables or HTML), what Streamlit rewrites after
    parsing is split by an invisible word joiner, and line breaks are kept as line breaks.
    """
    lines = (line.strip() for line in text.splitlines())
    return "  \n".join(
        _ASCII_PUNCTUATION.sub(r"\\\1", _REWRITTEN.sub(WORD_JOINER, line)) for line in lines if line
    )
