"""Our own colours keep WCAG 2.1 AA contrast and never tell things apart by red against green.

Contrast is WCAG's (relative luminance, (L1 + 0.05) / (L2 + 0.05)): text at least 4.5:1, lines
and other graphics at least 3:1 (1.4.3 and 1.4.11). The theme's colours are read from
.streamlit/config.toml, the rest from the modules that draw with them.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from geo.maps import FLAG_STYLES, SCALES
from services.report_pdf import STYLE
from ui import charts
from ui.indicator_view import TONE_COLOURS

ROOT = Path(__file__).resolve().parents[2]
THEME = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
WHITE = "#FFFFFF"


def channels(colour: str) -> tuple[float, float, float]:
    """'#1F5A85' as three sRGB channels from 0 to 1."""
    code = colour.lstrip("#")
    return tuple(int(code[index : index + 2], 16) / 255 for index in (0, 2, 4))


def luminance(colour: str) -> float:
    """WCAG's relative luminance."""
    red, green, blue = (
        value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
        for value in channels(colour)
    )
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_contrast_formula_gives_wcag_s_own_end_points():
    # Black on white is 21:1 by definition ((1 + 0.05) / (0 + 0.05)); a colour on itself 1:1.
    assert contrast("#000000", WHITE) == pytest.approx(21.0)
    assert contrast("#767676", WHITE) == pytest.approx(4.54, abs=0.01)  # the usual AA grey
    assert contrast("#1F5A85", "#1F5A85") == 1.0


@pytest.mark.parametrize("background", ["backgroundColor", "secondaryBackgroundColor"])
def test_the_theme_s_text_and_primary_colour_are_readable_on_its_backgrounds(background):
    assert contrast(THEME["textColor"], THEME[background]) >= 4.5
    assert contrast(THEME["primaryColor"], THEME[background]) >= 4.5


def test_inline_code_is_readable_on_its_own_background():
    assert contrast(THEME["codeTextColor"], THEME["codeBackgroundColor"]) >= 4.5


@pytest.mark.parametrize("background", ["backgroundColor", "secondaryBackgroundColor"])
def test_streamlit_s_captions_made_from_the_text_colour_are_readable(background):
    # Streamlit draws captions and help in its text colour at 60 % over the background:
    # with #1B2733 that was #767D85 on white, 4.16:1 (axe found it); the theme's is darker.
    text, under = channels(THEME["textColor"]), channels(THEME[background])
    faded = "#" + "".join(
        f"{round(255 * (0.6 * a + 0.4 * b)):02X}" for a, b in zip(text, under, strict=True)
    )
    assert contrast(faded, THEME[background]) >= 4.5


@pytest.mark.parametrize("tone", sorted(TONE_COLOURS))
def test_each_tone_s_text_is_readable_on_white_and_on_its_badge(tone):
    colour = TONE_COLOURS[tone]
    text = THEME[f"{colour}TextColor"]
    assert contrast(text, THEME["backgroundColor"]) >= 4.5
    assert contrast(text, THEME[f"{colour}BackgroundColor"]) >= 4.5


def test_the_tones_are_never_red_against_green():
    assert not {"red", "green"} & set(TONE_COLOURS.values())
    assert len(set(TONE_COLOURS.values())) == len(TONE_COLOURS)


def test_the_charts_text_is_readable_and_their_lines_stand_out_from_white():
    assert contrast(charts.TEXT_COLOUR, WHITE) >= 4.5
    for line in (charts.BLUE, charts.VERMILLION):
        assert contrast(line, WHITE) >= 3.0


def test_the_report_pdf_s_text_is_readable_on_white_and_in_its_table_headers():
    (text,) = re.findall(r"html \{[^}]*color: (#[0-9a-fA-F]{6})", STYLE)
    (header,) = re.findall(r"thead th \{ background: (#[0-9a-fA-F]{6})", STYLE)
    assert contrast(text, WHITE) >= 4.5
    assert contrast(text, header) >= 4.5


def test_the_share_scale_darkens_class_by_class_so_it_reads_without_hue():
    # A sequential scale whose luminance falls with every class keeps its order for every
    # colour-vision deficiency, which changes hue, not lightness.
    shades = [luminance(colour) for colour in SCALES["andel"].colours]
    assert shades == sorted(shades, reverse=True)
    assert len(set(shades)) == len(shades)


def test_the_location_quotient_scale_runs_blue_to_light_to_red_not_red_to_green():
    colours = SCALES["lokasjonskvotient"].colours
    shades = [luminance(colour) for colour in colours]
    middle = shades.index(max(shades))
    assert shades[: middle + 1] == sorted(shades[: middle + 1])  # lighter towards the middle
    assert shades[middle:] == sorted(shades[middle:], reverse=True)  # darker after it
    for colour in colours[:middle]:
        red, _, blue = channels(colour)
        assert blue > red  # below 1: blue
    for colour in colours[middle + 1 :]:
        red, green, _ = channels(colour)
        assert red > green  # above 1: red, never against a green


def test_the_two_flags_differ_by_line_shape_as_well_as_colour():
    (_, _, solid), (_, _, dashed) = FLAG_STYLES["terskel"], FLAG_STYLES["klynge"]
    assert solid is None and dashed  # a plain outline and a dashed one
