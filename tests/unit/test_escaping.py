"""Outside text stays text: in HTML and in Streamlit's markdown.

How Streamlit actually draws `markdown_text` is proven in a browser by
tests/e2e/test_escaping.py; these tests pin the rules that make it so.
"""

from __future__ import annotations

import re

import pytest

from core.escaping import WORD_JOINER, html_text, markdown_text

# Markup an area name, a file name or a user name could carry, one of each kind.
NASTY = (
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "![x](http://evil/x.png)",
    ":red[x]",
    ":material/home:",
    ":material_home:",
    ":streamlit: :+1:",
    "$x$",
    "**b**",
    "`kode`",
    "# Overskrift",
    "a | b",
    "&amp; &lt;",
    "http://evil.example/x www.evil.example",
    "a -> b <- c -- d >= e",
    "C:\\Users\\kari\\bolig.csv",
)
ESCAPED_PAIR = re.compile(r"\\([!-/:-@\[-`{-~])")


def unescaped(markdown: str) -> str:
    """What CommonMark makes of the escapes: each `\\x` is the character x; no joiners."""
    return ESCAPED_PAIR.sub(r"\1", markdown).replace(WORD_JOINER, "")


@pytest.mark.parametrize("text", NASTY)
def test_markdown_text_reads_back_as_exactly_the_text_given(text):
    assert unescaped(markdown_text(text)) == text


@pytest.mark.parametrize("text", NASTY)
def test_markdown_text_leaves_no_ascii_punctuation_unescaped(text):
    # Take out every escaped pair: what is left must hold no punctuation markdown could read.
    bare = ESCAPED_PAIR.sub("", markdown_text(text))
    assert not re.search(r"[!-/:-@\[-`{-~]", bare), bare


@pytest.mark.parametrize(
    ("text", "rewritten"),
    [
        (":material_home:", ":material_"),  # Streamlit's icons after parsing
        (":streamlit:", ":streamlit:"),  # the logo
        (":+1:", ":+1:"),  # emoji
        ("http://evil.example", "http://"),  # a bare link
        ("WWW.evil.example", "WWW."),
        ("a -> b", "->"),  # typographic arrows and dashes
        ("a -- b", "--"),
        ("a >= b", ">="),
    ],
)
def test_markdown_text_splits_what_streamlit_rewrites_after_parsing(text, rewritten):
    # After parsing, the escapes are gone: the text node must not hold the pattern whole.
    assert rewritten not in ESCAPED_PAIR.sub(r"\1", markdown_text(text))


def test_markdown_text_keeps_plain_words_as_they_are():
    assert markdown_text("Sandnes kommune") == "Sandnes kommune"
    assert markdown_text("Demoområde 0512 (Trones)") == "Demoområde 0512 \\(Trones\\)"


def test_markdown_text_keeps_line_breaks_as_line_breaks_and_never_starts_a_block():
    # Blank lines would start a new block (a list, a heading, indented code); they go.
    assert markdown_text("linje 1\n\n    - linje 2\n") == "linje 1  \n\\- linje 2"


def test_html_text_escapes_tags_ampersands_and_both_quotes_as_numeric_references():
    assert html_text("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;"
    # Numeric: plotly decodes &#34; and &#39; but shows &quot; as it stands.
    assert html_text("\"Nord\" & 'Sør'") == "&#34;Nord&#34; &amp; &#39;Sør&#39;"
    assert html_text("Sandnes") == "Sandnes"
