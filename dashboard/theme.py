"""The one place for colours, fonts and number formats; `.streamlit/config.toml` mirrors it.

The palette is the Government Analysis Function (GSS) categorical palette, checked against WCAG 2.2:
every colour that draws a mark has at least 3:1 contrast with the white background (1.4.11) and
every colour used for text has at least 4.5:1 (1.4.3). Series never rely on colour alone: each
one also gets its own dash style and marker symbol (1.4.1). tests/unit/test_charts.py checks the
contrast ratios and that config.toml uses the same colours.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from datetime import date, datetime
from numbers import Real

import plotly.graph_objects as go
import plotly.io as pio

# --- Colours -------------------------------------------------------------------------------

TEXT = "#0B0C0C"  # body text: 19.6:1 on white
SECONDARY_TEXT = "#505A5F"  # subtitles, source lines: 7.1:1 on white
BACKGROUND = "#FFFFFF"
SECONDARY_BACKGROUND = "#F3F2F1"
GRID = "#DDDDDD"  # gridlines are decoration, not information
LINK = "#1D70B8"  # 5.2:1 on white

PRIMARY = "#12436D"  # dark blue: the main series (a borough, London when alone)
COMPARISON = "#F46A25"  # orange: the series compared against (e.g. London beside a borough)
COMPARISON_TEXT = "#A8420D"  # orange darkened for text: 6.1:1 (the mark colour is only 3.0:1)
THIRD = "#28A197"  # turquoise
THIRD_TEXT = "#1A7A72"
FOURTH = "#801650"  # dark pink
HIGHLIGHT = "#F46A25"  # one bar picked out among primary-coloured bars
HIGHLIGHT_TEXT = "#A8420D"
MUTED = "#8C8C8C"  # context marks: 3.4:1, still visible enough to meet 1.4.11

# Diverging scheme for maps and changes, from ColorBrewer PuOr (colour-blind safe): orange for
# "more than expected / a rise", purple for "fewer / a fall". Deliberately not red/green.
HOT = "#B35806"  # significant hot spot, or a rise: 4.9:1
HOT_LIGHT = "#FDB863"  # hot but not significant
NEUTRAL = "#F7F7F7"
COLD_LIGHT = "#B2ABD2"  # cold but not significant
COLD = "#542788"  # significant cold spot, or a fall: 10.4:1

# Series colours in the order series are assigned; with the text-safe shade of each.
SERIES_COLOURS: tuple[str, ...] = (PRIMARY, COMPARISON, THIRD, FOURTH, "#3D3D3D", "#A285D1")
SERIES_TEXT_COLOURS: tuple[str, ...] = (PRIMARY, COMPARISON_TEXT, THIRD_TEXT, FOURTH, "#3D3D3D", "#6B4FA0")
# Dash styles and marker symbols, so every series differs in shape as well as colour.
SERIES_DASHES: tuple[str, ...] = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
SERIES_SYMBOLS: tuple[str, ...] = ("circle", "square", "diamond", "triangle-up", "x", "star")
# The same symbols as text glyphs, used in direct labels so a label matches its line's markers.
SERIES_GLYPHS: tuple[str, ...] = ("●", "■", "◆", "▲", "✕", "★")

SEQUENTIAL: tuple[str, ...] = (
    "#E8EEF4",
    "#D0DCE8",
    "#B3C7DA",
    "#93AFCA",
    "#7396B9",
    "#557EA8",
    "#3D6894",
    "#2A5680",
    "#1C4B76",
    "#12436D",
)
DIVERGING: tuple[str, ...] = (
    "#2D004B",
    "#542788",
    "#8073AC",
    "#B2ABD2",
    "#D8DAEB",
    "#FEE0B6",
    "#FDB863",
    "#E08214",
    "#B35806",
    "#7F3B08",
)

# --- Fonts ---------------------------------------------------------------------------------

# Streamlit bundles Source Sans; plotly draws SVG in the same page, so it can use that font too.
FONT_FAMILY = '"Source Sans", "Source Sans Pro", Arial, sans-serif'
FONT_SIZE = 14
SMALL_FONT_SIZE = 12  # the smallest text we draw (source line, tick labels)
TITLE_FONT_SIZE = 17

# --- Marks for cells we cannot show (GSS symbols for tables) --------------------------------

SUPPRESSED_MARK = "[c]"  # confidential: withheld to protect the people counted
MISSING_MARK = "[x]"  # not available
MINUS = "\u2212"  # a real minus sign; a hyphen is read as "dash" by some screen readers
# Not "fewer than 3": disclosure control also hides larger cells that would let a small one be
# worked out by subtraction, and the two kinds must look the same.
SUPPRESSED_PHRASE = "suppressed to protect confidentiality"
MISSING_PHRASE = "not available"
SAMPLE_STAMP = "SAMPLE DATA — not real figures"

TEMPLATE_NAME = "vawg"


@dataclass(frozen=True)
class SeriesStyle:
    """How one series is drawn: colour for marks, colour for its label text, dash and marker."""

    colour: str
    text_colour: str
    dash: str
    symbol: str
    glyph: str


def series_style(index: int) -> SeriesStyle:
    """The style for the index-th series (0 = primary, 1 = comparison, ...), cycling if needed."""
    i = index % len(SERIES_COLOURS)
    return SeriesStyle(
        SERIES_COLOURS[i],
        SERIES_TEXT_COLOURS[i],
        SERIES_DASHES[i % len(SERIES_DASHES)],
        SERIES_SYMBOLS[i % len(SERIES_SYMBOLS)],
        SERIES_GLYPHS[i % len(SERIES_GLYPHS)],
    )


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    """'#12436D' -> (18, 67, 109), for pydeck layers that want RGB lists."""
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def contrast_ratio(foreground: str, background: str = BACKGROUND) -> float:
    """The WCAG 2.2 contrast ratio between two hex colours (1.0 to 21.0)."""

    def luminance(colour: str) -> float:
        channels = [c / 255 for c in hex_to_rgb(colour)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# --- Number and date formats ---------------------------------------------------------------


def is_missing(value: object) -> bool:
    """True for None, NaN and pandas' NA/NaT: values with nothing to show."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN and NaT are not equal to themselves
    except (TypeError, ValueError):  # pd.NA refuses to be a bool
        return True


def _signed(text: str) -> str:
    return MINUS + text[1:] if text.startswith("-") else text


def format_count(value: Real) -> str:
    """A whole number with thousands separators and a real minus sign: 12345 -> '12,345'."""
    if is_missing(value):
        return MISSING_MARK
    return _signed(f"{round(float(value)):,d}")


def format_rate(value: Real, decimals: int = 1) -> str:
    """A rate to a fixed number of decimals with separators: 1234.56 -> '1,234.6'."""
    if is_missing(value):
        return MISSING_MARK
    text = f"{float(value):,.{decimals}f}"
    if float(text.replace(",", "")) == 0:
        text = text.lstrip("-")  # never show "−0.0"
    return _signed(text)


def format_percent(value: Real, decimals: int = 0) -> str:
    """A share given in percent: 34.2 -> '34%'. Below half the last digit but above 0, 'less than 1%'."""
    if is_missing(value):
        return MISSING_MARK
    smallest = 10**-decimals
    if 0 < float(value) < smallest / 2:
        return f"less than {smallest:g}%"
    return f"{format_rate(value, decimals)}%"


def format_percent_change(value: Real, decimals: int = 1) -> str:
    """A change given in percent, always signed: 12.34 -> '+12.3%', -4 -> '−4.0%', 0 -> '0.0%'."""
    if is_missing(value):
        return MISSING_MARK
    text = format_rate(value, decimals)
    if not text.startswith(MINUS) and float(text.replace(",", "")) != 0:
        text = "+" + text
    return f"{text}%"


VALUE_FORMATS = {
    "count": format_count,
    "rate": format_rate,
    "percent": lambda v: format_percent(v, 1),
    "percent_change": format_percent_change,
}


def format_value(value: object, kind: str = "count", *, suppressed: bool = False) -> str:
    """Format one value by kind ('count', 'rate', 'percent', 'percent_change'); '[c]' if suppressed."""
    if suppressed:
        return SUPPRESSED_MARK
    if kind not in VALUE_FORMATS:
        raise ValueError(f"unknown value format {kind!r}; expected one of {sorted(VALUE_FORMATS)}")
    return VALUE_FORMATS[kind](value)


def format_month(value: date | datetime | str) -> str:
    """A month in words: 2025-03-01 -> 'March 2025'."""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return f"{value:%B} {value.year}"


def format_period(start: date | datetime | str, end: date | datetime | str) -> str:
    """'March 2025 to February 2026', or one month's name when they are the same month."""
    first, last = format_month(start), format_month(end)
    return first if first == last else f"{first} to {last}"


def wrap_text(text: str, width: int) -> str:
    """Wrap plain text for plotly (which never wraps by itself) with <br> between lines."""
    return "<br>".join(textwrap.wrap(text, width=width, break_long_words=False)) if text else ""


def line_count(wrapped: str) -> int:
    return wrapped.count("<br>") + 1 if wrapped else 0


def nice_ceiling(value: float) -> float:
    """A round number at or above value (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if value <= step * power:
            return step * power
    return 10 * power


# --- Plotly template -----------------------------------------------------------------------


def _template() -> go.layout.Template:
    axis = dict(
        showgrid=False,
        zeroline=False,
        showline=True,
        linecolor=SECONDARY_TEXT,
        ticks="outside",
        tickcolor=SECONDARY_TEXT,
        tickfont=dict(size=SMALL_FONT_SIZE, color=TEXT),
        automargin=True,
        title=dict(font=dict(size=SMALL_FONT_SIZE, color=TEXT)),
        fixedrange=True,
    )
    return go.layout.Template(
        layout=go.Layout(
            font=dict(family=FONT_FAMILY, size=FONT_SIZE, color=TEXT),
            title=dict(
                font=dict(size=TITLE_FONT_SIZE, color=TEXT),
                x=0,
                xanchor="left",
                xref="container",
                pad=dict(l=8),
                subtitle=dict(font=dict(size=13, color=SECONDARY_TEXT)),
            ),
            paper_bgcolor=BACKGROUND,
            plot_bgcolor=BACKGROUND,
            colorway=list(SERIES_COLOURS),
            xaxis=axis,
            yaxis={**axis, "showgrid": True, "gridcolor": GRID, "showline": False, "ticks": ""},
            hoverlabel=dict(
                bgcolor=BACKGROUND,
                bordercolor=SECONDARY_TEXT,
                font=dict(family=FONT_FAMILY, size=FONT_SIZE, color=TEXT),
            ),
            showlegend=False,
            dragmode=False,  # dragging to zoom traps touch scrolling on phones
            separators=".,",
            colorscale=dict(
                sequential=[[i / 9, c] for i, c in enumerate(SEQUENTIAL)],
                diverging=[[i / 9, c] for i, c in enumerate(DIVERGING)],
            ),
        )
    )


def register_template() -> str:
    """Register the 'vawg' plotly template (idempotent) and return its name."""
    if TEMPLATE_NAME not in pio.templates:
        pio.templates[TEMPLATE_NAME] = _template()
    return TEMPLATE_NAME


register_template()
