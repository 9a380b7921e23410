"""The hotspot and bus-shelter maps as static plotly figures, for print and download. Pure: frames in, figure out.

The pages draw these maps with pydeck, which only a browser can draw. For a PNG, SVG or press pack
the same hexagons, sites and borough outlines are drawn on plain axes in kilometres from central
London (as the borough map is, `charts.borough_map.project`), with a legend in words and no basemap
tiles, and framed by `charts.decorate` like every other chart (title, source, date, sample stamp).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import h3
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import hotspot_map as hm
from dashboard.charts.borough_map import finish_map, project
from dashboard.charts.shelter_map import map_frame
from dashboard.charts.spec import ChartSpec
from dashboard.theme import BACKGROUND, COMPARISON, COMPARISON_TEXT, MUTED, PRIMARY, SECONDARY_TEXT, TEXT

MAP_PLOT_PX = 520
PAD_KM = 1.0


def _rings_xy(rings: Iterable[Sequence[Sequence[float]]]) -> tuple[list, list]:
    """Rings of [lon, lat] as one x/y path in km, rings separated by None (plotly's gap)."""
    xs: list = []
    ys: list = []
    for ring in rings:
        points = np.asarray(ring, dtype=float)
        if points.size == 0:
            continue
        x, y = project(points[:, 0], points[:, 1])
        xs += list(np.round(x, 3)) + [None]
        ys += list(np.round(y, 3)) + [None]
    return xs, ys


def _hexagon_rings(cells: Iterable[str]) -> list[list[list[float]]]:
    rings = []
    for cell in cells:
        corners = [[lng, lat] for lat, lng in h3.cell_to_boundary(str(cell))]
        rings.append(corners + corners[:1])
    return rings


def _frame_axes(fig: go.Figure, xs: Sequence, ys: Sequence) -> None:
    x = np.array([v for v in xs if v is not None], dtype=float)
    y = np.array([v for v in ys if v is not None], dtype=float)
    if x.size == 0:
        x, y = project(np.array([-0.51, 0.34]), np.array([51.28, 51.70]))
    fig.update_xaxes(visible=False, range=[x.min() - PAD_KM, x.max() + PAD_KM], constrain="domain")
    fig.update_yaxes(
        visible=False, range=[y.min() - PAD_KM, y.max() + PAD_KM], scaleanchor="x", scaleratio=1, constrain="domain"
    )


def _finish(fig: go.Figure, spec: ChartSpec) -> go.Figure:
    entries = sum(1 for t in fig.data if t.showlegend is not False)
    return finish_map(fig, spec, plot_px=MAP_PLOT_PX, entries=entries, hovermode=False)


def _outlines(xs: Sequence[float], ys: Sequence[float]) -> go.Scatter:
    """Borough boundaries, as one trace of lines: the only geography a static map draws (no tiles)."""
    return go.Scatter(
        x=xs,
        y=ys,
        mode="lines",
        line=dict(color=SECONDARY_TEXT, width=0.8),
        name="Borough boundaries",
        hoverinfo="skip",
    )


def hotspot_figure(
    cells: pd.DataFrame, boroughs: pd.DataFrame, spec: ChartSpec, *, view: str, selected_borough: str | None
) -> go.Figure:
    """The hotspot map: hexagons coloured for `view` (legend with hexagon counts), borough outlines, framed on the area.

    cells: rows of the hotspot_map_cells query (every one at or above the disclosure threshold: the
    store holds no other). boroughs: rows of the hotspot_boroughs query.
    """
    fig = go.Figure()
    if len(cells):
        colours, legend = hm.colour_of(cells, view)
        for item in legend:
            members = cells.loc[colours == item.colour, "cell"]
            if members.empty:
                continue
            xs, ys = _rings_xy(_hexagon_rings(members))
            fig.add_trace(
                go.Scatter(
                    x=xs,
                    y=ys,
                    mode="lines",
                    fill="toself",
                    fillcolor=item.colour,
                    line=dict(color=hm.HEX_EDGE_COLOUR, width=0.4),
                    name=f"{item.label}: {len(members):,} hexagon{'s' if len(members) != 1 else ''}",
                    hoverinfo="skip",
                )
            )
    paths = hm.outline_paths(boroughs)
    xs, ys = _rings_xy(p["path"] for p in paths)
    fig.add_trace(_outlines(xs, ys))
    chosen = [p["path"] for p in paths if selected_borough and p["name"] == selected_borough]
    if chosen:
        cx, cy = _rings_xy(chosen)
        fig.add_trace(
            go.Scatter(
                x=cx,
                y=cy,
                mode="lines",
                line=dict(color=TEXT, width=3),
                name=f"{selected_borough} (thick outline)",
                hoverinfo="skip",
            )
        )
        _frame_axes(fig, cx, cy)
    else:
        _frame_axes(fig, xs, ys)
    return _finish(fig, spec)


def shelter_figure(sites: pd.DataFrame, outlines: pd.DataFrame | None, spec: ChartSpec) -> go.Figure:
    """Pilot shelters (filled discs marked P), comparison stops (rings marked C) and borough outlines.

    sites: rows of the shelter_sites query (as `charts.shelter_map.shelter_deck` takes them); pilots
    that could not be placed are left off, as on the page's map. outlines: borough_name, boundary_geojson.
    """
    placed = map_frame(sites)
    fig = go.Figure()
    rings = []
    for geojson in [] if outlines is None else outlines["boundary_geojson"]:
        geometry = json.loads(geojson)
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        rings += [polygon[0] for polygon in polygons]
    xs, ys = _rings_xy(rings)
    fig.add_trace(_outlines(xs, ys))
    kinds = (
        ("evaluated", "Pilot shelter with a camera (P)", PRIMARY, PRIMARY, BACKGROUND, 16),
        ("not evaluated", "Pilot shelter not evaluated (P)", MUTED, MUTED, BACKGROUND, 16),
        ("comparison", "Comparison stop, no camera (C)", BACKGROUND, COMPARISON, COMPARISON_TEXT, 13),
    )
    for status, label, fill, edge, letter_colour, size in kinds:
        rows = placed.loc[placed["status"] == status]
        if rows.empty:
            continue
        x, y = project(rows["longitude"].to_numpy(), rows["latitude"].to_numpy())
        fig.add_trace(
            go.Scatter(
                x=np.round(x, 3),
                y=np.round(y, 3),
                mode="markers+text",
                marker=dict(size=size, color=fill, line=dict(color=edge, width=2)),
                text=rows["letter"].tolist(),
                textfont=dict(size=9, color=letter_colour),
                textposition="middle center",
                name=f"{label}: {len(rows)}",
                hoverinfo="skip",
            )
        )
    if len(placed):
        px, py = project(placed["longitude"].to_numpy(), placed["latitude"].to_numpy())
        _frame_axes(fig, list(px), list(py))
    else:
        _frame_axes(fig, xs, ys)
    return _finish(fig, spec)
