"""A map comparing London's boroughs: a choropleth from the store's boundaries, or a tile map without them. Pure.

Drawn with plotly on plain axes (filled outlines in kilometres from central London), so the map
needs no tile server, no geo library and no outside request, and it downloads as a PNG with its
title and source like every other chart.

Colour is never the only cue (WCAG 1.4.1): every borough carries a text label with its short code
and its value; a change that is larger than normal variation also carries ▲ or ▼; the chosen
borough has a thick outline, a bold label and its own legend entry; the area with no figures (the
City of London, policed by its own force) is hatched. Label text is black or white, whichever
contrasts more with the fill. The Table tab lists every borough in words.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.decorate import Margins, bottom_margin, decorate, top_margin
from dashboard.charts.spec import ChartSpec, check_frame
from dashboard.geometry import douglas_peucker
from dashboard.theme import (
    BACKGROUND,
    COLD,
    COLD_LIGHT,
    HOT,
    HOT_LIGHT,
    NEUTRAL,
    SECONDARY_TEXT,
    SEQUENTIAL,
    TEXT,
    contrast_ratio,
    format_value,
)

# Kilometres from a point in central London; one degree of latitude is about 110.6 km.
ORIGIN_LON, ORIGIN_LAT = -0.1, 51.5
KM_PER_DEGREE_LAT = 110.574
KM_PER_DEGREE_LON = 111.320 * math.cos(math.radians(ORIGIN_LAT))
SIMPLIFY_KM = 0.08  # outlines are simplified to within 80 m: plenty at this scale, and light to send
LABEL_FONT_SIZE = 11
LABEL_BOX_KM = (3.6, 3.4)  # a two-line label ('CMD' over '28.3') on a map about 600 px wide
LEGEND_ROW_PX = 21
MAP_PLOT_PX = 360
NO_FIGURES = "No Met figures (City of London Police area)"
NO_FIGURES_FILL = "#E6E6E6"
CHOSEN_OUTLINE = TEXT

# Short codes for labels (three letters, as on many London tile maps).
BOROUGH_CODES: dict[str, str] = {
    "E09000001": "CTY",
    "E09000002": "BAR",
    "E09000003": "BRN",
    "E09000004": "BXL",
    "E09000005": "BRT",
    "E09000006": "BRM",
    "E09000007": "CMD",
    "E09000008": "CRD",
    "E09000009": "ELG",
    "E09000010": "ENF",
    "E09000011": "GRN",
    "E09000012": "HCK",
    "E09000013": "HMS",
    "E09000014": "HRY",
    "E09000015": "HRW",
    "E09000016": "HVG",
    "E09000017": "HDN",
    "E09000018": "HNS",
    "E09000019": "ISL",
    "E09000020": "KNS",
    "E09000021": "KTN",
    "E09000022": "LBH",
    "E09000023": "LSH",
    "E09000024": "MRT",
    "E09000025": "NWM",
    "E09000026": "RDB",
    "E09000027": "RCH",
    "E09000028": "SWK",
    "E09000029": "STN",
    "E09000030": "TWH",
    "E09000031": "WTH",
    "E09000032": "WND",
    "E09000033": "WSM",
}
# A tile map of London: (column, row) for each borough, row 0 at the top. Neighbours stay neighbours
# where a square grid allows it.
TILE_GRID: dict[str, tuple[int, int]] = {
    "E09000010": (4, 0),  # Enfield
    "E09000015": (2, 1),
    "E09000003": (3, 1),
    "E09000014": (4, 1),
    "E09000031": (5, 1),  # Harrow .. Waltham F.
    "E09000017": (0, 2),
    "E09000009": (1, 2),
    "E09000005": (2, 2),
    "E09000007": (3, 2),  # Hillingdon .. Camden
    "E09000019": (4, 2),
    "E09000012": (5, 2),
    "E09000026": (6, 2),
    "E09000016": (7, 2),  # Islington .. Havering
    "E09000018": (0, 3),
    "E09000013": (1, 3),
    "E09000020": (2, 3),
    "E09000033": (3, 3),  # Hounslow .. Westminster
    "E09000001": (4, 3),
    "E09000030": (5, 3),
    "E09000025": (6, 3),
    "E09000002": (7, 3),  # City .. Barking
    "E09000027": (1, 4),
    "E09000032": (2, 4),
    "E09000022": (3, 4),
    "E09000028": (4, 4),  # Richmond .. Southwark
    "E09000023": (5, 4),
    "E09000011": (6, 4),
    "E09000004": (7, 4),  # Lewisham .. Bexley
    "E09000021": (2, 5),
    "E09000024": (3, 5),
    "E09000008": (4, 5),
    "E09000006": (5, 5),  # Kingston .. Bromley
    "E09000029": (3, 6),  # Sutton
}
TILE_KM = 10.0  # tiles are drawn in the same units as outlines, so the code paths are shared
TILE_GAP = 0.08


@dataclass(frozen=True)
class MapClass:
    """One legend entry: what the fill means, and its colour."""

    name: str
    colour: str


@dataclass(frozen=True)
class Shape:
    """A borough's outline rings (x and y in km) and where its label goes."""

    rings: tuple[tuple[np.ndarray, np.ndarray], ...]
    label_x: float
    label_y: float


# --------------------------------------------------------------------------------------------
# Shapes: boundaries from the store, or tiles
# --------------------------------------------------------------------------------------------


def project(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Longitude/latitude to kilometres east and north of central London (good to well under 1% here)."""
    x = (np.asarray(lon, float) - ORIGIN_LON) * KM_PER_DEGREE_LON
    return x, (np.asarray(lat, float) - ORIGIN_LAT) * KM_PER_DEGREE_LAT


def simplify(points: np.ndarray, tolerance: float = SIMPLIFY_KM) -> np.ndarray:
    """Douglas-Peucker: drop points closer than `tolerance` to the line through their neighbours."""
    if len(points) <= 4:
        return points
    kept = points[douglas_peucker(points, tolerance)]
    return kept if len(kept) >= 4 else points


def _inside(x: np.ndarray, y: np.ndarray, ring: np.ndarray) -> np.ndarray:
    """Even-odd rule: which points (x, y) fall inside the closed ring."""
    inside = np.zeros(len(x), dtype=bool)
    xs, ys = ring[:, 0], ring[:, 1]
    for i in range(len(ring) - 1):
        x1, y1, x2, y2 = xs[i], ys[i], xs[i + 1], ys[i + 1]
        crosses = (y1 > y) != (y2 > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            at = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
        inside ^= crosses & (x < at)
    return inside


def _distance_to_edges(x: np.ndarray, y: np.ndarray, ring: np.ndarray) -> np.ndarray:
    start, end = ring[:-1], ring[1:]
    seg = end - start
    length2 = np.maximum((seg**2).sum(axis=1), 1e-12)
    px, py = x[:, None], y[:, None]
    t = np.clip(((px - start[:, 0]) * seg[:, 0] + (py - start[:, 1]) * seg[:, 1]) / length2, 0, 1)
    dx = px - (start[:, 0] + t * seg[:, 0])
    dy = py - (start[:, 1] + t * seg[:, 1])
    return np.sqrt(dx**2 + dy**2).min(axis=1)


def label_candidates(ring: np.ndarray, steps: int = 24, keep: int = 40) -> np.ndarray:
    """Points well inside the ring, best first (farthest from its edges): where a label fits."""
    low, high = ring.min(axis=0), ring.max(axis=0)
    gx, gy = np.meshgrid(np.linspace(low[0], high[0], steps), np.linspace(low[1], high[1], steps))
    x, y = gx.ravel(), gy.ravel()
    inside = _inside(x, y, ring)
    if not inside.any():
        return ring.mean(axis=0)[None, :]
    x, y = x[inside], y[inside]
    order = np.argsort(-_distance_to_edges(x, y, ring), kind="stable")[:keep]
    return np.column_stack([x[order], y[order]])


def label_point(ring: np.ndarray, steps: int = 24) -> tuple[float, float]:
    """The point inside the ring farthest from its edges."""
    best = label_candidates(ring, steps, keep=1)[0]
    return float(best[0]), float(best[1])


def place_labels(
    candidates: dict[str, np.ndarray], areas: dict[str, float], box_km: tuple[float, float] = LABEL_BOX_KM
) -> dict[str, tuple[float, float]]:
    """One label point per borough, moved off its best spot where that would overlap a label placed before.

    Small boroughs choose first (they have the fewest good spots); each takes its best candidate whose
    label box (width, height in km at a mid-size map) overlaps no label already placed, or its best
    spot if every one would.
    """
    placed: dict[str, tuple[float, float]] = {}

    def clear(x: float, y: float) -> bool:
        return all(abs(x - px) >= box_km[0] or abs(y - py) >= box_km[1] for px, py in placed.values())

    for code in sorted(candidates, key=lambda c: (areas.get(c, 0.0), c)):
        points = candidates[code]
        chosen = next(((float(x), float(y)) for x, y in points if clear(x, y)), None)
        placed[code] = chosen or (float(points[0][0]), float(points[0][1]))
    return placed


def boundary_shapes(boundaries: pd.DataFrame) -> dict[str, Shape]:
    """Shapes from `borough_code, boundary_geojson` rows (GeoJSON Polygon or MultiPolygon, WGS84).

    Only outer rings are kept (London's borough outlines have no holes). Rows without a boundary
    are left out, so a store without boundaries gives an empty dict.
    """
    rings_of: dict[str, list[np.ndarray]] = {}
    for code, text in zip(boundaries["borough_code"], boundaries["boundary_geojson"]):
        if text is None or (isinstance(text, float) and math.isnan(text)) or not str(text).strip():
            continue
        geometry = json.loads(text)
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        rings = []
        for polygon in polygons:
            outer = np.asarray(polygon[0], dtype=float)
            x, y = project(outer[:, 0], outer[:, 1])
            rings.append(simplify(np.column_stack([x, y])))
        rings_of[str(code)] = rings
    largest = {code: max(rings, key=_area) for code, rings in rings_of.items()}
    points = place_labels(
        {code: label_candidates(ring) for code, ring in largest.items()},
        {code: _area(ring) for code, ring in largest.items()},
    )
    return {code: Shape(tuple((r[:, 0], r[:, 1]) for r in rings), *points[code]) for code, rings in rings_of.items()}


def _area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))) / 2


def tile_shapes(codes: Sequence[str] | None = None) -> dict[str, Shape]:
    """Equal squares in a rough geographic layout, for stores without boundaries."""
    shapes = {}
    for code, (column, row) in TILE_GRID.items():
        if codes is not None and code not in codes:
            continue
        left, top = column * TILE_KM, -row * TILE_KM
        inset = TILE_KM * TILE_GAP / 2
        x = np.array([left + inset, left + TILE_KM - inset, left + TILE_KM - inset, left + inset, left + inset])
        y = np.array([top - inset, top - inset, top - TILE_KM + inset, top - TILE_KM + inset, top - inset])
        shapes[code] = Shape(((x, y),), left + TILE_KM / 2, top - TILE_KM / 2)
    return shapes


# --------------------------------------------------------------------------------------------
# Classes
# --------------------------------------------------------------------------------------------


def rate_classes(
    values: Sequence[float], *, classes: int = 5, value_format: str = "rate"
) -> tuple[list[MapClass], list[str]]:
    """Equal-count classes of the values, lightest for the lowest; returns (legend, class of each value).

    Legend entries run from the highest class to the lowest and name the range of values in them
    ('16.8 to 23.5'). Equal values always share a class. Missing values get the class ''.
    """
    data = pd.Series(np.asarray(values, dtype=float))
    finite = data.dropna()
    if finite.empty:
        return [], ["" for _ in data]
    count = max(1, min(classes, finite.nunique()))
    position = (finite.rank(method="min") - 1) * count // len(finite)
    index = position.clip(upper=count - 1).astype(int)
    palette = [SEQUENTIAL[round(i * (len(SEQUENTIAL) - 1) / max(count - 1, 1))] for i in range(count)]
    names: dict[int, MapClass] = {}
    for i in sorted(index.unique()):
        members = finite[index == i]
        low, high = format_value(members.min(), value_format), format_value(members.max(), value_format)
        names[i] = MapClass(low if low == high else f"{low} to {high}", palette[i])
    assigned = ["" if pd.isna(v) else names[int(index[k])].name for k, v in data.items()]
    return [names[i] for i in sorted(names, reverse=True)], assigned


CHANGE_CLASSES: tuple[MapClass, ...] = (
    MapClass("Rise larger than normal variation (▲)", HOT),
    MapClass("Rise within normal variation", HOT_LIGHT),
    MapClass("No change", NEUTRAL),
    MapClass("Fall within normal variation", COLD_LIGHT),
    MapClass("Fall larger than normal variation (▼)", COLD),
)


def change_class(percent: float | None, beyond_normal: bool) -> str:
    if percent is None or pd.isna(percent):
        return ""
    if percent == 0:
        return CHANGE_CLASSES[2].name
    if percent > 0:
        return CHANGE_CLASSES[0 if beyond_normal else 1].name
    return CHANGE_CLASSES[4 if beyond_normal else 3].name


def change_mark(percent: float | None, beyond_normal: bool) -> str:
    """▲ or ▼ after a change larger than normal variation, so the map says it in text too."""
    if not beyond_normal or percent is None or pd.isna(percent) or percent == 0:
        return ""
    return "▲" if percent > 0 else "▼"


def text_colour(fill: str) -> str:
    """Black or white, whichever has more contrast with the fill."""
    return TEXT if contrast_ratio(TEXT, fill) >= contrast_ratio(BACKGROUND, fill) else BACKGROUND


# --------------------------------------------------------------------------------------------
# The figure
# --------------------------------------------------------------------------------------------


def _path(shape: Shape) -> tuple[list, list]:
    xs: list = []
    ys: list = []
    for x, y in shape.rings:
        xs += list(np.round(x, 3)) + [None]
        ys += list(np.round(y, 3)) + [None]
    return xs, ys


def borough_map(
    frame: pd.DataFrame,
    spec: ChartSpec,
    shapes: Mapping[str, Shape],
    classes: Sequence[MapClass],
    *,
    class_col: str = "map_class",
    code_col: str = "borough_code",
    plot_px: int = MAP_PLOT_PX,
    label_size: int = LABEL_FONT_SIZE,
) -> go.Figure:
    """Boroughs filled by class, each labelled with spec.label (or its code and value).

    frame: one row per borough with a value: borough_code, spec.x (the name), spec.y (the value),
    class_col (a class name from `classes`) and optionally spec.label. spec.highlight names the
    chosen borough. Shapes in `shapes` with no row in the frame are hatched as having no figures.
    """
    check_frame(frame, spec)
    for column in (class_col, code_col):
        if column not in frame.columns:
            raise ValueError(f"frame lacks column {column!r} for {spec.title!r}")
    data = frame.reset_index(drop=True)
    missing = [c for c in data[code_col] if c not in shapes]
    if missing:
        raise ValueError(f"no shape for borough code(s) {missing}")
    colours = {c.name: c.colour for c in classes}
    unknown = sorted(set(data[class_col]) - set(colours))
    if unknown:
        raise ValueError(f"class(es) {unknown} are not in the legend")

    fig = go.Figure()
    for entry in classes:
        members = data.loc[data[class_col] == entry.name]
        if members.empty:
            continue
        xs: list = []
        ys: list = []
        for code in members[code_col]:
            x, y = _path(shapes[code])
            xs += x
            ys += y
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                fill="toself",
                fillcolor=entry.colour,
                name=entry.name,
                line=dict(color=SECONDARY_TEXT, width=0.8),
                hoverinfo="skip",
                meta={"role": "class"},
                showlegend=True,
                legendrank=len(fig.data) + 1,
            )
        )
    blank = [code for code in shapes if code not in set(data[code_col])]
    if blank:
        xs, ys = [], []
        for code in blank:
            x, y = _path(shapes[code])
            xs += x
            ys += y
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                fill="toself",
                fillcolor=NO_FIGURES_FILL,
                name=NO_FIGURES,
                fillpattern=dict(shape="/", fgcolor=SECONDARY_TEXT, size=6, solidity=0.2),
                line=dict(color=SECONDARY_TEXT, width=0.8),
                hoverinfo="skip",
                meta={"role": "no-figures"},
                showlegend=True,
                legendrank=90,
            )
        )

    chosen = data.loc[data[spec.x].astype(str) == str(spec.highlight)] if spec.highlight else data.iloc[0:0]
    if not chosen.empty:
        x, y = _path(shapes[chosen[code_col].iloc[0]])
        fig.add_trace(
            go.Scatter(
                x=x,
                y=y,
                mode="lines",
                line=dict(color=CHOSEN_OUTLINE, width=3.5),
                hoverinfo="skip",
                name=f"{chosen[spec.x].iloc[0]} (thick outline)",
                meta={"role": "chosen"},
                showlegend=True,
                legendrank=0,
            )
        )

    labels = (
        data[spec.label].astype(str)
        if spec.label
        else [
            f"{BOROUGH_CODES.get(c, c)}<br>{format_value(v, spec.value_format)}"
            for c, v in zip(data[code_col], data[spec.y])
        ]
    )
    is_chosen = (
        data[spec.x].astype(str) == str(spec.highlight) if spec.highlight else pd.Series(False, index=data.index)
    )
    fig.add_trace(
        go.Scatter(
            x=[shapes[c].label_x for c in data[code_col]],
            y=[shapes[c].label_y for c in data[code_col]],
            mode="text",
            text=[f"<b>{t}</b>" if h else t for t, h in zip(labels, is_chosen)],
            textfont=dict(size=label_size, shadow="auto", color=[text_colour(colours[k]) for k in data[class_col]]),
            customdata=np.column_stack(
                [data[spec.x].astype(str), [format_value(v, spec.value_format) for v in data[spec.y]]]
            ),
            hovertemplate="%{customdata[0]}: %{customdata[1]}<extra></extra>",
            showlegend=False,
            meta={"role": "labels"},
        )
    )

    xs = np.concatenate([np.concatenate([r[0] for r in s.rings]) for s in shapes.values()])
    ys = np.concatenate([np.concatenate([r[1] for r in s.rings]) for s in shapes.values()])
    pad_x, pad_y = (xs.max() - xs.min()) * 0.02, (ys.max() - ys.min()) * 0.02
    fig.update_xaxes(visible=False, range=[xs.min() - pad_x, xs.max() + pad_x], constrain="domain")
    fig.update_yaxes(
        visible=False, range=[ys.min() - pad_y, ys.max() + pad_y], scaleanchor="x", scaleratio=1, constrain="domain"
    )

    entries = sum(1 for t in fig.data if t.showlegend)
    return finish_map(
        fig,
        spec,
        plot_px=plot_px,
        entries=entries,
        height=spec.height,
        hovermode="closest",
        legend_extra=dict(itemclick=False, itemdoubleclick=False),
    )


def finish_map(
    fig: go.Figure,
    spec: ChartSpec,
    *,
    plot_px: int,
    entries: int,
    height: int | None = None,
    hovermode: str | bool = "closest",
    legend_extra: dict | None = None,
) -> go.Figure:
    """A map's key below the plot, one row per entry, then its title, source and stamps (`decorate`).

    Shared by the page's borough map and the static maps drawn for print (charts/static_maps.py).
    height: the figure's height, or None for the plot plus its margins.
    """
    legend_px = 12 + LEGEND_ROW_PX * entries
    margins = Margins(
        left=8, right=8, top=top_margin(spec, unit_label=False), bottom=bottom_margin(spec, axis_px=legend_px)
    )
    fig.update_layout(
        showlegend=True,
        hovermode=hovermode,
        legend=dict(
            orientation="v",
            x=0,
            xanchor="left",
            y=-8 / plot_px,
            yanchor="top",
            traceorder="normal",
            font=dict(size=13, color=TEXT),
            bgcolor=BACKGROUND,
            **(legend_extra or {}),
        ),
    )
    height = height or margins.top + margins.bottom + plot_px
    return decorate(fig, spec, margins, height=height, axis_px=legend_px, unit_label=False)


# --------------------------------------------------------------------------------------------
# Words
# --------------------------------------------------------------------------------------------


def describe_rates(
    frame: pd.DataFrame,
    *,
    name_col: str,
    value_col: str,
    chosen: str | None,
    measure: str,
    value_format: str = "rate",
    rank_col: str | None = None,
    top: int = 3,
) -> str:
    """'The highest rates were in A (39.4), B (39.0) and C (36.3); the lowest in D (16.8). Camden: 28.3, 20th of 32.'"""
    data = frame.dropna(subset=[value_col]).sort_values([value_col, name_col], ascending=[False, True])
    if data.empty:
        return f"There are no figures for {measure}."
    said = [f"{n} ({format_value(v, value_format)})" for n, v in zip(data[name_col], data[value_col])]
    parts = [f"The highest {measure} {'was' if top == 1 else 'were'} in {_join(said[:top])}"]
    if len(said) > top:
        parts[0] += f"; the lowest in {said[-1]}"
    text = parts[0] + "."
    if chosen and chosen in set(data[name_col]):
        row = data.loc[data[name_col] == chosen].iloc[0]
        position = int(row[rank_col]) if rank_col else list(data[name_col]).index(chosen) + 1
        text += f" {chosen}: {format_value(row[value_col], value_format)}, {_ordinal(position)} of {len(data)}."
    return text


def describe_changes(frame: pd.DataFrame, *, name_col: str, percent_col: str, beyond_col: str) -> str:
    """'Of 32 boroughs, 29 rose and 3 fell; in 28 the change was larger than normal variation …'"""
    data = frame.dropna(subset=[percent_col])
    if data.empty:
        return "There are not two full years of figures to compare."
    rises = int((data[percent_col] > 0).sum())
    falls = int((data[percent_col] < 0).sum())
    beyond = data.loc[data[beyond_col].astype(bool)]
    same = len(data) - rises - falls
    parts = [f"{n} {verb}" for n, verb in ((rises, "rose"), (falls, "fell"), (same, "stayed the same")) if n]
    if len(parts) == 1:
        verb = parts[0].split(" ", 1)[1]
        text = f"All {len(data)} boroughs {verb}. " if len(data) > 1 else f"The borough {verb}. "
    else:
        text = f"Of {len(data)} boroughs, {_join(parts)}. "
    if beyond.empty:
        text += "No change was larger than normal variation."
    else:
        text += (
            f"{len(beyond)} {'change was' if len(beyond) == 1 else 'changes were'} larger than normal variation "
            f"(▲ or ▼ on the map); the other {len(data) - len(beyond)} were within it."
        )
    top = data.sort_values([percent_col, name_col], ascending=[False, True])
    highest, lowest = top[percent_col].iloc[0], top[percent_col].iloc[-1]
    text += (
        f" The largest rise was in {top[name_col].iloc[0]} ({format_value(highest, 'percent_change')})"
        if highest > 0
        else ""
    )
    if lowest < 0:
        text += (
            f"{'; the largest fall' if highest > 0 else ' The largest fall was'} in "
            f"{top[name_col].iloc[-1]} ({format_value(lowest, 'percent_change')})"
        )
    return text.rstrip() + ("." if not text.rstrip().endswith(".") else "")


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
