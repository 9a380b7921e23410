"""Monthly series as lines: one or more areas, labelled at their ends, never told apart by colour alone."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.decorate import Margins, add_breaks, bottom_margin, decorate, top_margin
from dashboard.charts.spec import (
    ChartSpec,
    check_frame,
    ordered_series,
    shown_values,
    value_labels,
    value_status,
)
from dashboard.theme import (
    MISSING_PHRASE,
    SECONDARY_TEXT,
    SMALL_FONT_SIZE,
    SUPPRESSED_PHRASE,
    format_value,
    nice_ceiling,
    series_style,
    wrap_text,
)

LABEL_WRAP = 12  # direct labels sit in the right margin: keep them narrow
LABEL_LINE_PX = 16
CHAR_PX = 7.2  # average width of a 12-13 px character
MARKERS_UP_TO = 40  # more points than this and markers crowd; dashes still differ
AXIS_PX = 34  # room under the plot for month tick labels
PLOT_PX = 260  # height of the plotting area itself; margins are added to it
TICK_FORMATS = {"count": ",d", "rate": ",.1f", "percent": ".0f", "percent_change": "+.0f"}


def tick_format(value_format: str, low: float, high: float, ticks: int = 6) -> str:
    """The value axis format. Rates get as many decimals as the tick step needs, so a rate axis from 0 to
    0.3 reads '0.05, 0.10, …' rather than '0.1, 0.1, 0.2' (one decimal is the floor)."""
    if value_format != "rate":
        return TICK_FORMATS[value_format]
    step = (high - low) / ticks if high > low else 1.0
    decimals = 1 if step >= 0.5 else min(3, max(1, -math.floor(math.log10(step))))
    return f",.{decimals}f"


def line_chart(frame: pd.DataFrame, spec: ChartSpec) -> go.Figure:
    """Monthly values as lines, one per series, with direct labels at the line ends.

    `frame` holds one row per month (per series): spec.x is the month, spec.y the value, and
    spec.series (optional) the area or group. Suppressed rows leave a gap and a '[c]' mark on the
    baseline; their values are never put in the figure.
    """
    check_frame(frame, spec)
    data = frame.reset_index(drop=True).copy()
    data["_month"] = pd.to_datetime(data[spec.x])
    data["_value"] = shown_values(data, spec)
    data["_text"] = value_labels(data, spec)
    data["_status"] = value_status(data, spec)
    names = ordered_series(data, spec) or [spec.area or spec.measure_phrase]

    lows, highs = _value_range(data["_value"], spec)
    label_lines = {n: wrap_text(f"{series_style(i).glyph} {n}", LABEL_WRAP) for i, n in enumerate(names)}
    many = len(names) > 1
    widest_label = max((len(line) for text in label_lines.values() for line in text.split("<br>")), default=0)
    tick_text = format_value(highs, spec.value_format)
    margins = Margins(
        left=int(len(tick_text) * CHAR_PX + 16),
        right=int(widest_label * CHAR_PX + 18) if many else 16,
        top=top_margin(spec, unit_label=True),
        bottom=bottom_margin(spec, axis_px=AXIS_PX),
    )
    height = spec.height or margins.top + margins.bottom + PLOT_PX
    plot_px = max(height - margins.top - margins.bottom, 80)

    fig = go.Figure()
    ends: list[tuple[str, float, str]] = []
    for i, name in enumerate(names):
        rows = data if not spec.series else data[data[spec.series].astype(str) == name]
        rows = rows.sort_values("_month")
        style = series_style(i)
        fig.add_trace(
            go.Scatter(
                x=rows["_month"],
                y=rows["_value"],
                name=name,
                meta={"role": "series"},
                mode="lines+markers" if len(rows) <= MARKERS_UP_TO else "lines",
                line=dict(color=style.colour, width=2.5 if i == 0 else 2, dash=style.dash),
                marker=dict(symbol=style.symbol, size=7, color=style.colour),
                customdata=rows["_text"],
                connectgaps=False,
                hovertemplate=f"{name}: %{{customdata}}<extra></extra>",
            )
        )
        withheld = rows[rows["_status"] != "value"]
        if not withheld.empty:
            phrases = withheld["_status"].map({"suppressed": SUPPRESSED_PHRASE, "missing": MISSING_PHRASE})
            fig.add_trace(
                go.Scatter(
                    x=withheld["_month"],
                    y=[lows] * len(withheld),
                    name=f"{name} (withheld)",
                    meta={"role": "withheld"},
                    mode="text",
                    text=withheld["_text"],
                    textposition="top center",
                    textfont=dict(size=SMALL_FONT_SIZE, color=style.text_colour),
                    customdata=phrases,
                    hovertemplate=f"{name}: %{{customdata}}<extra></extra>",
                )
            )
        published = rows[rows["_status"] == "value"]
        if many and not published.empty:
            ends.append((name, float(published["_value"].iloc[-1]), style.text_colour))

    fig.update_layout(hovermode="x unified")
    fig.update_xaxes(type="date", tickformat="%b %Y", hoverformat="%B %Y", nticks=6, automargin=False)
    fig.update_yaxes(
        range=[lows, highs],
        tickformat=tick_format(spec.value_format, lows, highs),
        automargin=False,
        nticks=6,
        zeroline=lows < 0 < highs,
        zerolinecolor=SECONDARY_TEXT,
    )
    if spec.value_format in ("percent", "percent_change"):
        fig.update_yaxes(ticksuffix="%")
    _add_direct_labels(fig, ends, label_lines, lows, highs, plot_px)
    first, last = data["_month"].min().date(), data["_month"].max().date()
    add_breaks(fig, spec, first, last)
    return decorate(fig, spec, margins, height=height, axis_px=AXIS_PX, unit_label=True)


def _value_range(values: pd.Series, spec: ChartSpec) -> tuple[float, float]:
    """A fixed y range (so label positions can be computed): from zero unless the spec says not."""
    published = values.dropna()
    top = float(published.max()) if not published.empty else 1.0
    bottom = float(published.min()) if not published.empty else 0.0
    if spec.y_from_zero and bottom >= 0:
        return 0.0, nice_ceiling(top * 1.04)
    pad = (top - bottom) * 0.08 or abs(top) * 0.1 or 1.0
    if spec.y_from_zero:  # negative values: keep zero in view
        return min(0.0, bottom - pad), max(0.0, top + pad)
    return bottom - pad, top + pad


def _add_direct_labels(
    fig: go.Figure,
    ends: list[tuple[str, float, str]],
    label_lines: dict[str, str],
    low: float,
    high: float,
    plot_px: int,
) -> None:
    """Label each line in the right margin at its last value, nudged apart so labels never overlap."""
    if not ends:
        return
    per_px = (high - low) / plot_px
    placed = sorted(((value - low) / per_px, name, colour) for name, value, colour in ends)
    positions: list[float] = []
    for index, (px, name, _) in enumerate(placed):
        height = LABEL_LINE_PX * (label_lines[name].count("<br>") + 1)
        if positions:
            _, previous, _ = placed[index - 1]
            previous_height = LABEL_LINE_PX * (label_lines[previous].count("<br>") + 1)
            px = max(px, positions[-1] + (height + previous_height) / 2 + 2)
        positions.append(px)
    for (original, name, colour), px in zip(placed, positions):
        fig.add_annotation(
            name="direct-label",
            text=f"<b>{label_lines[name]}</b>",
            xref="paper",
            yref="y",
            x=1,
            y=low + original * per_px,
            yshift=px - original,
            xanchor="left",
            xshift=6,
            yanchor="middle",
            align="left",
            showarrow=False,
            font=dict(size=13, color=colour),
        )
