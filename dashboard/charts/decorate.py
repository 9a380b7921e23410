"""The frame drawn around every chart: title, unit label, source line, sample stamp, break markers.

Plotly never wraps text and its margins are fixed pixels, so text is wrapped to fit a 375 px
phone screen and margins are computed from the wrapped lines. Everything a screenshot must carry
(what, where, source, date, sample warning) is drawn inside the figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import plotly.graph_objects as go

from dashboard.charts.spec import ChartSpec
from dashboard.theme import (
    BACKGROUND,
    FONT_FAMILY,
    HIGHLIGHT_TEXT,
    SAMPLE_STAMP,
    SECONDARY_TEXT,
    SMALL_FONT_SIZE,
    TEMPLATE_NAME,
    TEXT,
    format_month,
    line_count,
    register_template,
    wrap_text,
)

# Characters per line that fit a 375 px screen (343 px chart) at each font size.
TITLE_WRAP = 36
SUBTITLE_WRAP = 52
SOURCE_WRAP = 58
EDGE = 8  # pixels from the figure's left edge to text
TITLE_LINE_PX = 22
SUBTITLE_LINE_PX = 18
SMALL_LINE_PX = 16
STAMP_BACKGROUND = "#FFF4EC"  # pale orange; the stamp text on it is still above 5.5:1

# Plotly's modebar: keep only "download as PNG" (the PNG carries title, source and stamp).
REMOVED_MODEBAR_BUTTONS = [
    "zoom2d",
    "pan2d",
    "select2d",
    "lasso2d",
    "zoomIn2d",
    "zoomOut2d",
    "autoScale2d",
    "resetScale2d",
    "toggleSpikelines",
    "hoverClosestCartesian",
    "hoverCompareCartesian",
]


def figure_config(filename: str = "chart") -> dict:
    """The plotly `config` for st.plotly_chart: no logo, no zoom tools, PNG named like the CSV."""
    stem = filename.rsplit(".", 1)[0] if filename.endswith(".csv") else filename
    return {
        "displaylogo": False,
        "modeBarButtonsToRemove": list(REMOVED_MODEBAR_BUTTONS),
        "scrollZoom": False,
        "doubleClick": False,
        "responsive": True,
        "toImageButtonOptions": {"format": "png", "filename": stem, "scale": 2},
    }


@dataclass(frozen=True)
class Margins:
    left: int
    right: int
    top: int
    bottom: int


def footer_text(spec: ChartSpec) -> str:
    """The source line drawn at the foot of the figure, led by the warnings when the data is not real."""
    parts = []
    if spec.is_sample:
        parts.append(f"{SAMPLE_STAMP}.")
    if spec.illustrative_label:
        parts.append(f"{spec.illustrative_label.rstrip('.')}.")
    parts.append(spec.source_line.strip())
    if spec.data_up_to:
        parts.append(f"Data up to and including {format_month(spec.data_up_to)}.")
    return " ".join(parts)


STAMP_WRAP = 40
STAMP_LINE_PX = 18  # the sample banner's rows, plus its border and gap
STAMP_EXTRA_PX = 13
UNIT_PX = SMALL_LINE_PX + 10  # the unit label's row, just above the plot


def top_margin(spec: ChartSpec, *, unit_label: bool, legend_px: int = 0) -> int:
    """Room above the plot for, top down: title, subtitle, sample banner, legend, unit label."""
    title_lines = line_count(wrap_text(spec.title, TITLE_WRAP))
    subtitle_lines = line_count(wrap_text(spec.subtitle, SUBTITLE_WRAP))
    return (
        12
        + TITLE_LINE_PX * title_lines
        + (SUBTITLE_LINE_PX * subtitle_lines + 6 if subtitle_lines else 0)
        + _stamp_px(spec)
        + legend_px
        + (UNIT_PX if unit_label else 4)
    )


def _stamp_px(spec: ChartSpec) -> int:
    if not spec.stamp:
        return 0
    return STAMP_LINE_PX * line_count(wrap_text(spec.stamp, STAMP_WRAP)) + STAMP_EXTRA_PX


def bottom_margin(spec: ChartSpec, *, axis_px: int) -> int:
    return axis_px + SMALL_LINE_PX * line_count(wrap_text(footer_text(spec), SOURCE_WRAP)) + 12


def decorate(
    fig: go.Figure,
    spec: ChartSpec,
    margins: Margins,
    *,
    height: int,
    axis_px: int,
    unit_label: bool,
    legend_px: int = 0,
) -> go.Figure:
    """Add title, subtitle, unit label, source line and stamp; set margins and size."""
    register_template()
    title = wrap_text(spec.title, TITLE_WRAP)
    subtitle = wrap_text(spec.subtitle, SUBTITLE_WRAP)
    fig.update_layout(
        template=TEMPLATE_NAME,
        title=dict(
            text=f"<b>{title}</b>",
            subtitle=dict(text=subtitle),
            x=0,
            xref="container",
            xanchor="left",
            y=1,
            yref="container",
            yanchor="top",
            pad=dict(t=12, l=EDGE),
        ),
        margin=dict(l=margins.left, r=margins.right, t=margins.top, b=margins.bottom, autoexpand=False),
        height=height,
        autosize=True,
        showlegend=fig.layout.showlegend if fig.layout.showlegend is not None else False,
    )
    to_edge = -margins.left + EDGE
    if unit_label and spec.y_title:
        fig.add_annotation(
            name="y-title",
            text=spec.y_title,
            xref="paper",
            yref="paper",
            x=0,
            y=1,
            xanchor="left",
            yanchor="bottom",
            xshift=to_edge,
            yshift=8,
            showarrow=False,
            align="left",
            font=dict(size=SMALL_FONT_SIZE, color=TEXT),
        )
    fig.add_annotation(
        name="source",
        text=wrap_text(footer_text(spec), SOURCE_WRAP),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xanchor="left",
        yanchor="top",
        xshift=to_edge,
        yshift=-axis_px,
        showarrow=False,
        align="left",
        font=dict(size=SMALL_FONT_SIZE, color=SECONDARY_TEXT),
    )
    if spec.stamp:
        # A banner under the title, in text that meets 4.5:1, repeated at the start of the footer.
        fig.add_annotation(
            name="sample-stamp",
            text=f"<b>{wrap_text(spec.stamp, STAMP_WRAP)}</b>",
            xref="paper",
            yref="paper",
            x=0,
            y=1,
            xanchor="left",
            yanchor="bottom",
            xshift=to_edge,
            yshift=(UNIT_PX if unit_label else 4) + legend_px + 5,
            showarrow=False,
            align="left",
            bgcolor=STAMP_BACKGROUND,
            bordercolor=HIGHLIGHT_TEXT,
            borderwidth=1.5,
            borderpad=3,
            font=dict(size=13, family=FONT_FAMILY, color=HIGHLIGHT_TEXT),
        )
    return fig


def add_breaks(fig: go.Figure, spec: ChartSpec, first: date, last: date) -> go.Figure:
    """Draw each break inside [first, last] as a dashed vertical line, labelled near the baseline.

    The label sits at the foot of the plot, where charts that start from zero are emptiest.
    """
    span = (last - first).days or 1
    for when, label in spec.breaks:
        if not first <= when <= last:
            continue  # a marker outside the data would stretch the axis to reach it
        near_right = (when - first).days / span > 0.6
        fig.add_shape(
            name="break",
            type="line",
            xref="x",
            yref="paper",
            x0=when,
            x1=when,
            y0=0,
            y1=1,
            line=dict(color=SECONDARY_TEXT, width=1.5, dash="dash"),
            layer="above",
        )
        fig.add_annotation(
            name="break-label",
            text=wrap_text(label, 18),
            xref="x",
            yref="paper",
            x=when,
            y=0,
            xanchor="right" if near_right else "left",
            yanchor="bottom",
            yshift=2,
            xshift=-4 if near_right else 4,
            showarrow=False,
            align="right" if near_right else "left",
            bgcolor=_translucent(BACKGROUND),
            font=dict(size=SMALL_FONT_SIZE, color=TEXT),
        )
    return fig


def _translucent(colour: str, alpha: float = 0.85) -> str:
    value = colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r}, {g}, {b}, {alpha})"
