"""Breakdowns by category as horizontal bars, and changes as bars either side of zero, values on the bars."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.decorate import Margins, bottom_margin, decorate, top_margin
from dashboard.charts.spec import (
    ChartSpec,
    check_frame,
    ordered_series,
    shown_values,
    value_labels,
    value_status,
)
from dashboard.theme import (
    COLD,
    HIGHLIGHT,
    HOT,
    MISSING_PHRASE,
    PRIMARY,
    SECONDARY_TEXT,
    SMALL_FONT_SIZE,
    SUPPRESSED_PHRASE,
    TEXT,
    series_style,
    wrap_text,
)

CATEGORY_WRAP = 20
CHAR_PX = 6.8
ROW_PX = 30
AXIS_PX = 10  # the value axis is hidden (values are written on the bars)
LABEL_ROOM = 0.24  # share of the value range kept free for labels beyond the longest bar
CHANGE_LABEL_ROOM = 0.32  # signed labels ('−12.3%') are wider
PATTERNS = ("", "/", ".", "x", "-", "+")  # grouped bars differ by fill pattern as well as colour


def bar_chart(frame: pd.DataFrame, spec: ChartSpec) -> go.Figure:
    """Horizontal bars, one per category (spec.x), top to bottom in the frame's order.

    Values are written at the bar ends. A suppressed category gets the text '[c]' and no bar.
    spec.highlight picks out one category in the highlight colour with a bold label. With
    spec.series, bars are grouped and differ by fill pattern too, with a legend.
    """
    check_frame(frame, spec)
    data = _prepared(frame, spec)
    categories = list(dict.fromkeys(data["_category"]))
    names = ordered_series(data, spec)
    fig = go.Figure()
    if names:
        for i, name in enumerate(names):
            style = series_style(i)
            rows = data[data[spec.series].astype(str) == name]
            _add_bars(fig, rows, name=name, colour=style.colour, pattern=PATTERNS[i % len(PATTERNS)])
    else:
        colours = [
            HIGHLIGHT if spec.highlight is not None and c == str(spec.highlight) else PRIMARY for c in data["_category"]
        ]
        _add_bars(fig, data, name=spec.measure_phrase, colour=colours, pattern="")
    _add_withheld(fig, data, spec)

    top_value = max(float(data["_value"].max()) if data["_value"].notna().any() else 1.0, 0.0) or 1.0
    return _finish(fig, spec, categories, value_range=(0.0, top_value * (1 + LABEL_ROOM)), groups=max(len(names), 1))


def change_chart(frame: pd.DataFrame, spec: ChartSpec) -> go.Figure:
    """Changes (e.g. percent change on the year before) as bars either side of a zero line.

    Rises are orange and point right, falls are purple and point left, and every bar carries its
    signed value ('+12.3%', '−4.0%'), so direction never depends on colour. Set
    spec.value_format='percent_change' for percentages.
    """
    check_frame(frame, spec)
    if spec.series:
        raise ValueError("change_chart draws one value per category; drop spec.series")
    data = _prepared(frame, spec)
    categories = list(dict.fromkeys(data["_category"]))
    colours = [HOT if v > 0 else COLD if v < 0 else SECONDARY_TEXT for v in data["_value"].fillna(0)]
    _add_bars(fig := go.Figure(), data, name=spec.measure_phrase, colour=colours, pattern="")
    _add_withheld(fig, data, spec)
    low = min(float(data["_value"].min()) if data["_value"].notna().any() else 0.0, 0.0)
    high = max(float(data["_value"].max()) if data["_value"].notna().any() else 0.0, 0.0)
    span = (high - low) or 1.0
    fig = _finish(
        fig,
        spec,
        categories,
        groups=1,
        value_range=(
            low - span * CHANGE_LABEL_ROOM if low < 0 else 0.0,
            high + span * CHANGE_LABEL_ROOM if high > 0 else span * CHANGE_LABEL_ROOM,
        ),
    )
    # The zero line is the baseline here; a second vertical line at the left edge would confuse.
    fig.update_xaxes(zeroline=True, zerolinecolor=TEXT, zerolinewidth=1.5)
    fig.update_yaxes(showline=False)
    return fig


def _prepared(frame: pd.DataFrame, spec: ChartSpec) -> pd.DataFrame:
    data = frame.reset_index(drop=True).copy()
    data["_category"] = data[spec.x].astype(str)
    data["_value"] = shown_values(data, spec)
    data["_text"] = value_labels(data, spec)
    data["_status"] = value_status(data, spec)
    return data


def _add_bars(fig: go.Figure, rows: pd.DataFrame, *, name: str, colour, pattern: str) -> None:
    fig.add_trace(
        go.Bar(
            x=rows["_value"],
            y=rows["_category"],
            orientation="h",
            name=name,
            meta={"role": "series"},
            marker=dict(
                color=colour, pattern=dict(shape=pattern, fillmode="overlay", fgcolor="#FFFFFF", solidity=0.35)
            ),
            text=[t if s == "value" else "" for t, s in zip(rows["_text"], rows["_status"])],
            textposition="outside",
            cliponaxis=False,
            textfont=dict(color=TEXT, size=13),
            customdata=rows["_text"],
            hovertemplate=f"{name}<br>%{{y}}: %{{customdata}}<extra></extra>",
        )
    )


def _add_withheld(fig: go.Figure, data: pd.DataFrame, spec: ChartSpec) -> None:
    """'[c]' (or '[x]') where a bar would be, with the reason on hover."""
    withheld = data[data["_status"] != "value"]
    if withheld.empty:
        return
    phrases = withheld["_status"].map({"suppressed": SUPPRESSED_PHRASE, "missing": MISSING_PHRASE})
    who = withheld[spec.series].astype(str) + ": " if spec.series else ""
    fig.add_trace(
        go.Scatter(
            x=[0.0] * len(withheld),
            y=withheld["_category"],
            name="withheld",
            meta={"role": "withheld"},
            mode="text",
            text="\u00a0" + withheld["_text"],
            textposition="middle right",
            cliponaxis=False,
            textfont=dict(size=13, color=TEXT),
            customdata=(who + phrases).tolist(),
            hovertemplate="%{y}: %{customdata}<extra></extra>",
        )
    )


def _finish(
    fig: go.Figure, spec: ChartSpec, categories: list[str], *, value_range: tuple[float, float], groups: int
) -> go.Figure:
    wrapped = {c: wrap_text(c, CATEGORY_WRAP) or c for c in categories}
    tick_text = [
        f"<b>{wrapped[c]}</b>" if spec.highlight is not None and c == str(spec.highlight) else wrapped[c]
        for c in categories
    ]
    widest = max(len(line) for text in wrapped.values() for line in text.split("<br>"))
    legend_px = 26 if groups > 1 else 0
    margins = Margins(
        left=min(int(widest * CHAR_PX + 18), 170),
        right=12,
        top=top_margin(spec, unit_label=True, legend_px=legend_px),
        bottom=bottom_margin(spec, axis_px=AXIS_PX),
    )
    row_px = ROW_PX if groups == 1 else 18 * groups + 10
    lines = max(text.count("<br>") + 1 for text in wrapped.values())
    height = spec.height or margins.top + margins.bottom + len(categories) * max(row_px, 16 * lines + 8)
    plot_px = max(height - margins.top - margins.bottom, 40)

    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=categories,
        tickvals=categories,
        ticktext=tick_text,
        autorange="reversed",
        automargin=False,
        showgrid=False,
        showline=True,
        ticks="",
        tickfont=dict(size=SMALL_FONT_SIZE + 1, color=TEXT),
    )
    fig.update_xaxes(
        range=list(value_range), showticklabels=False, showgrid=False, showline=False, ticks="", automargin=False
    )
    fig.update_layout(barmode="group", bargap=0.25, hovermode="closest", uniformtext=dict(minsize=11))
    if groups > 1:
        fig.update_layout(
            showlegend=True,
            legend=dict(
                orientation="h",
                x=0,
                xanchor="left",
                y=1 + (legend_px + 26) / plot_px,
                yanchor="top",
                font=dict(size=SMALL_FONT_SIZE + 1),
                traceorder="normal",
                itemclick=False,
                itemdoubleclick=False,
            ),
        )
        for trace in fig.data:
            if (trace.meta or {}).get("role") == "withheld":
                trace.showlegend = False
    return decorate(fig, spec, margins, height=height, axis_px=AXIS_PX, unit_label=True, legend_px=legend_px)
