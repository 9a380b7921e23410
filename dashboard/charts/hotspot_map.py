"""The hotspot map: hexagon frame (and borough outlines) in, pydeck Deck out; its legend and words.

Pure functions, no Streamlit. The deck draws, bottom to top: H3 hexagons coloured by the chosen
view, the borough outlines (the map has no basemap: the machine serving it may have no internet,
and a tile server would learn what people look at), and the borough names.

What reaches the browser is exactly the layers' data: for each hexagon its H3 id and corners, its
colour, its count and the tooltip's words. No point is ever in the deck, and no hexagon under the
disclosure threshold: the store never holds one (ingest's derive step drops them before writing, the
one place MIN_MAP_CELL_COUNT is applied), so the builder draws every row it is given.

Colour is never the only carrier: the legend is also text (``legend``), every hexagon's values are
in the tooltip and in the ranked table, and ``map_summary`` / ``map_alt`` describe the map in words.
Palettes come from dashboard.theme (ColorBrewer PuOr for hot/cold, the GSS blues for counts).
"""

from __future__ import annotations

import html
import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pydeck as pdk

from dashboard.charts.pydeck_props import literal
from dashboard.disclosure import MIN_MAP_CELL_COUNT
from dashboard.theme import (
    BACKGROUND,
    COLD,
    DIVERGING,
    FONT_FAMILY,
    FOURTH,
    MUTED,
    NEUTRAL,
    SECONDARY_TEXT,
    SEQUENTIAL,
    TEXT,
    THIRD,
    format_count,
    hex_to_rgb,
)

VIEWS: tuple[str, ...] = ("significance", "persistence", "density")
MAP_HEIGHT = 480
#: The map is framed for a canvas about this big, so the area fits on a phone (343 px) and a desktop.
FRAME_WIDTH_PX = 640
WORLD_PX = 512
FRAME_HEIGHT_PX = MAP_HEIGHT - 40
#: Greater London, for framing when there is nothing else to frame.
LONDON_BOUNDS = (-0.51, 51.28, 0.34, 51.70)

LAYER_CELLS = "hotspot-hexagons"
LAYER_OUTLINES = "borough-outlines"
LAYER_SELECTED = "selected-borough-outline"
LAYER_LABELS = "borough-names"

#: Columns each hexagon carries into the browser, and nothing else.
CELL_FIELDS = ("cell", "offences", "fill", "place", "area", "offences_text", "confidence_text", "pattern_text")
REQUIRED_COLUMNS = (
    "cell",
    "offences",
    "confidence_bin",
    "confidence_label",
    "pattern",
    "months",
    "months_hot",
    "borough_name",
    "top_location",
)


@dataclass(frozen=True)
class LegendItem:
    """One colour on the map, what it means, and how many hexagons have it."""

    label: str
    colour: str
    cells: int


# --- Colours per view -----------------------------------------------------------------------

SIGNIFICANCE: tuple[tuple[int, str, str], ...] = (
    (3, "Hot spot, 99% confidence", DIVERGING[8]),
    (2, "Hot spot, 95% confidence", DIVERGING[7]),
    (1, "Hot spot, 90% confidence", DIVERGING[6]),
    (0, "Not significant", NEUTRAL),
    (-1, "Cold spot, 90% confidence", DIVERGING[3]),
    (-2, "Cold spot, 95% confidence", DIVERGING[2]),
    (-3, "Cold spot, 99% confidence", DIVERGING[1]),
)

# Emerging hot spot classes, grouped so that no two groups share a colour. Hot classes that say
# "still hot and getting hotter" are darker; those that say "cooling" or "no longer" leave the
# orange ramp, so they are not mistaken for current hot spots.
PERSISTENCE: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Intensifying hot spot", DIVERGING[9], ("intensifying hot spot",)),
    ("Persistent hot spot", DIVERGING[8], ("persistent hot spot",)),
    ("Consecutive hot spot", DIVERGING[7], ("consecutive hot spot",)),
    ("New hot spot", DIVERGING[6], ("new hot spot",)),
    ("Sporadic or oscillating hot spot", FOURTH, ("sporadic hot spot", "oscillating hot spot")),
    ("Diminishing hot spot", THIRD, ("diminishing hot spot",)),
    ("Historical hot spot (no longer hot)", MUTED, ("historical hot spot",)),
    (
        "Cold spot (any pattern)",
        COLD,
        tuple(
            f"{k} cold spot"
            for k in (
                "new",
                "consecutive",
                "intensifying",
                "persistent",
                "diminishing",
                "sporadic",
                "oscillating",
                "historical",
            )
        ),
    ),
    ("No pattern detected", NEUTRAL, ("no pattern detected",)),
)

DENSITY_COLOURS: tuple[str, ...] = (SEQUENTIAL[1], SEQUENTIAL[3], SEQUENTIAL[5], SEQUENTIAL[7], SEQUENTIAL[9])

OUTLINE_COLOUR = SECONDARY_TEXT
HEX_EDGE_COLOUR = SECONDARY_TEXT


def _rgba(colour: str, alpha: int = 255) -> list[int]:
    return [*hex_to_rgb(colour), alpha]


def density_classes(offences: Sequence[int], classes: int = len(DENSITY_COLOURS)) -> list[tuple[int, int]]:
    """Up to ``classes`` ranges of whole numbers (low, high), by quantiles of the shown counts.

    Ranges are contiguous and cover min..max; equal quantiles collapse, so few distinct counts give
    fewer classes.
    """
    values = np.asarray(list(offences), dtype=float)
    if values.size == 0:
        return []
    low, high = int(values.min()), int(values.max())
    cuts = np.quantile(values, np.linspace(0, 1, classes + 1)[1:-1])
    starts = sorted({low} | {int(math.ceil(c)) for c in cuts if low < math.ceil(c) <= high})
    ends = [s - 1 for s in starts[1:]] + [high]
    return list(zip(starts, ends))


def colour_of(frame: pd.DataFrame, view: str) -> tuple[pd.Series, list[LegendItem]]:
    """Each hexagon's colour (hex string) for the view, and the legend (with hexagon counts)."""
    if view not in VIEWS:
        raise ValueError(f"view must be one of {VIEWS}, not {view!r}")
    if view == "significance":
        colours = {b: c for b, _, c in SIGNIFICANCE}
        bins = frame["confidence_bin"].astype(int)
        legend = [LegendItem(label, colour, int((bins == b).sum())) for b, label, colour in SIGNIFICANCE]
        return bins.map(colours), legend
    if view == "persistence":
        colours = {p: c for _, c, patterns in PERSISTENCE for p in patterns}
        pattern = frame["pattern"].astype(str)
        legend = [
            LegendItem(label, colour, int(pattern.isin(patterns).sum())) for label, colour, patterns in PERSISTENCE
        ]
        return pattern.map(colours).fillna(NEUTRAL), legend
    ranges = density_classes(frame["offences"])
    offences = frame["offences"].astype(int)
    colour = pd.Series(DENSITY_COLOURS[0], index=frame.index, dtype=object)
    legend = []
    # With fewer classes than colours, spread them over the ramp so the darkest stays the busiest.
    top = len(DENSITY_COLOURS) - 1
    picks = np.linspace(top, 0, len(ranges))[::-1].round().astype(int) if ranges else []
    for (low, high), pick in zip(ranges, picks):
        inside = (offences >= low) & (offences <= high)
        colour[inside] = DENSITY_COLOURS[pick]
        words = (
            f"{format_count(low)} offences" if low == high else f"{format_count(low)} to {format_count(high)} offences"
        )
        legend.append(LegendItem(words, DENSITY_COLOURS[pick], int(inside.sum())))
    return colour, legend


# --- Words for each hexagon ------------------------------------------------------------------


def pattern_words(pattern: str, months_hot: int, months: int) -> str:
    """'Persistent hot spot: a hot spot in 11 of 12 months' (the class, then the plain count)."""
    name = str(pattern)
    name = name[:1].upper() + name[1:]
    return f"{name}: a hot spot in {int(months_hot)} of {int(months)} months"


def cell_words(frame: pd.DataFrame) -> pd.DataFrame:
    """Tooltip texts for each hexagon, HTML-escaped (place names come from published files)."""
    place = frame["top_location"].where(frame["top_location"].notna(), "Place not named")
    area = frame["borough_name"].where(frame["borough_name"].notna(), "Borough not known")
    return pd.DataFrame(
        {
            "place": place.map(lambda s: html.escape(str(s))),
            "area": area.map(lambda s: html.escape(str(s))),
            "offences_text": frame["offences"].map(format_count),
            "confidence_text": frame["confidence_label"].map(lambda s: html.escape(str(s))),
            "pattern_text": [
                html.escape(pattern_words(p, h, m))
                for p, h, m in zip(frame["pattern"], frame["months_hot"], frame["months"])
            ],
        },
        index=frame.index,
    )


def tooltip(period: str) -> dict:
    """The hover text: place, borough, count in the period, confidence, pattern (period fixed per map)."""
    return {
        "html": (
            "<b>{place}</b><br/>{area}<br/>{offences_text} offences, "
            + html.escape(period)
            + "<br/>{confidence_text}<br/>{pattern_text}"
        ),
        "style": TOOLTIP_STYLE,
    }


TOOLTIP_STYLE = {
    "backgroundColor": BACKGROUND,
    "color": TEXT,
    "border": f"1px solid {SECONDARY_TEXT}",
    "fontFamily": FONT_FAMILY,
    "fontSize": "14px",
    "padding": "6px 8px",
    "maxWidth": "280px",
}


# --- Borough outlines ------------------------------------------------------------------------


def outline_paths(boroughs: pd.DataFrame) -> list[dict]:
    """One path per ring: {'name': borough, 'path': [[lon, lat], ...]} (rings closed for drawing)."""
    paths = []
    for name, outline in zip(boroughs["borough_name"], boroughs["outline_json"]):
        if not isinstance(outline, str) or not outline:
            continue
        for ring in json.loads(outline):
            if ring and ring[0] != ring[-1]:
                ring = ring + [ring[0]]
            paths.append({"name": str(name), "path": ring})
    return paths


LABEL_PX = 12
LABEL_CHAR_PX = 6.6  # average width of a character at LABEL_PX, bold Source Sans


def _pixel(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Web Mercator pixel position at a zoom (deck.gl: the world is WORLD_PX * 2**zoom wide)."""
    world = WORLD_PX * 2**zoom
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return (lon + 180) / 360 * world, (1 - y / math.pi) / 2 * world


def _ring_area(ring: list) -> float:
    points = np.asarray(ring, dtype=float)
    x, y = points[:, 0], points[:, 1]
    return abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))) / 2


def borough_labels(
    boroughs: pd.DataFrame,
    paths: list[dict],
    *,
    zoom: float,
    selected_borough: str | None = None,
    hexagons: Counter | None = None,
) -> list[dict]:
    """Borough names to draw at the opening zoom: the selected borough only, or, for London, every
    name that does not overlap the name of a borough drawn first (checked here, in pixels, so the
    browser needs no collision pass: software WebGL draws that unreliably). Boroughs with more
    hexagons on the map (``hexagons``: name -> count) are named first, then bigger ones."""
    hexagons = hexagons or Counter()
    area = Counter()
    for path in paths:
        area[path["name"]] += _ring_area(path["path"])
    candidates = [
        (str(n), float(x), float(y))
        for n, x, y in zip(boroughs["borough_name"], boroughs["label_lon"], boroughs["label_lat"])
        if pd.notna(x) and pd.notna(y) and (not selected_borough or n == selected_borough)
    ]
    candidates.sort(key=lambda item: (-hexagons[item[0]], -area[item[0]]))
    kept, boxes = [], []
    for name, lon, lat in candidates:
        cx, cy = _pixel(lon, lat, zoom)
        half_w, half_h = len(name) * LABEL_CHAR_PX / 2 + 4, LABEL_PX / 2 + 3
        box = (cx - half_w, cy - half_h, cx + half_w, cy + half_h)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
            continue
        boxes.append(box)
        kept.append({"name": name, "position": [round(lon, 5), round(lat, 5)]})
    return kept


def _bounds_of(paths: list[dict]) -> tuple[float, float, float, float] | None:
    if not paths:
        return None
    points = np.array([p for path in paths for p in path["path"]], dtype=float)
    return (float(points[:, 0].min()), float(points[:, 1].min()), float(points[:, 0].max()), float(points[:, 1].max()))


def fit_view(
    bounds: tuple[float, float, float, float], width: int = FRAME_WIDTH_PX, height: int = FRAME_HEIGHT_PX
) -> pdk.ViewState:
    """Centre and Web Mercator zoom that fit (min lon, min lat, max lon, max lat) in width x height px."""
    west, south, east, north = bounds
    lon_span = max(east - west, 1e-4)

    def mercator(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    y_span = max(mercator(north) - mercator(south), 1e-6)
    # deck.gl's zoom z makes the world 512 * 2**z pixels wide.
    zoom_x = math.log2(width * 360 / (WORLD_PX * lon_span))
    zoom_y = math.log2(height * 2 * math.pi / (WORLD_PX * y_span))
    zoom = max(min(zoom_x, zoom_y, 15.0), 7.0)
    centre_y = (mercator(north) + mercator(south)) / 2
    centre_lat = math.degrees(2 * math.atan(math.exp(centre_y)) - math.pi / 2)
    return pdk.ViewState(
        longitude=round((west + east) / 2, 6), latitude=round(centre_lat, 6), zoom=round(zoom, 2), pitch=0, bearing=0
    )


# --- The deck --------------------------------------------------------------------------------


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation. Streamlit sends ``Deck.to_json()`` to the browser as it
    is, and pydeck indents it by two spaces a level, which makes a map's outlines about four times
    bigger on the wire than the same JSON without whitespace."""

    def to_json(self) -> str:
        return json.dumps(json.loads(super().to_json()), sort_keys=True, separators=(",", ":"))


def hotspot_deck(
    cells: pd.DataFrame, boroughs: pd.DataFrame, *, view: str, period: str, selected_borough: str | None = None
) -> pdk.Deck:
    """The map: hexagons coloured for ``view``, borough outlines and names, framed on the area.

    cells: rows of the hotspot_map_cells query (REQUIRED_COLUMNS). boroughs: rows of the
    hotspot_boroughs query. period: words for the tooltip ('January 2025 to December 2025').
    selected_borough: a borough name to outline boldly and frame, or None for London.
    """
    missing = [c for c in REQUIRED_COLUMNS if c not in cells.columns]
    if missing:
        raise ValueError(f"cells lack column(s) {missing}")
    shown = cells  # the store holds no hexagon under MIN_MAP_CELL_COUNT: ingest dropped them
    colours, _ = colour_of(shown, view) if len(shown) else (pd.Series(dtype=object), [])
    data = (
        pd.concat([shown[["cell"]].astype(str), shown[["offences"]].astype(int), cell_words(shown)], axis=1)
        if len(shown)
        else pd.DataFrame(columns=[c for c in CELL_FIELDS if c != "fill"])
    )
    data["fill"] = [_rgba(c) for c in colours] if len(shown) else []
    data = data[list(CELL_FIELDS)]

    paths = outline_paths(boroughs)
    chosen = [p for p in paths if selected_borough and p["name"] == selected_borough]
    layers = [
        pdk.Layer(
            "H3HexagonLayer",
            data=data,
            id=LAYER_CELLS,
            get_hexagon="cell",
            get_fill_color="fill",
            filled=True,
            stroked=True,
            extruded=False,
            get_line_color=_rgba(HEX_EDGE_COLOUR),
            line_width_units=literal("pixels"),
            get_line_width=1,
            pickable=True,
            auto_highlight=True,
            highlight_color=[11, 12, 12, 90],
        ),
        pdk.Layer(
            "PathLayer",
            data=paths,
            id=LAYER_OUTLINES,
            get_path="path",
            get_color=_rgba(OUTLINE_COLOUR, 200),
            width_units=literal("pixels"),
            get_width=1,
            pickable=False,
        ),
    ]
    if chosen:
        layers.append(
            pdk.Layer(
                "PathLayer",
                data=chosen,
                id=LAYER_SELECTED,
                get_path="path",
                get_color=_rgba(TEXT),
                width_units=literal("pixels"),
                get_width=3,
                pickable=False,
            )
        )
    bounds = _bounds_of(chosen) or _bounds_of(paths)
    if bounds is None and len(shown):
        bounds = (
            float(shown["cell_lon"].min()),
            float(shown["cell_lat"].min()),
            float(shown["cell_lon"].max()),
            float(shown["cell_lat"].max()),
        )
    view_state = fit_view(bounds or LONDON_BOUNDS)
    labels = borough_labels(
        boroughs,
        paths,
        zoom=view_state.zoom,
        selected_borough=selected_borough,
        hexagons=Counter(shown["borough_name"].dropna()) if len(shown) else None,
    )
    if labels:
        layers.append(
            pdk.Layer(
                "TextLayer",
                data=labels,
                id=LAYER_LABELS,
                get_position="position",
                get_text="name",
                get_size=LABEL_PX,
                size_units=literal("pixels"),
                get_color=_rgba(TEXT),
                font_family=literal(FONT_FAMILY),
                font_weight=600,
                background=True,
                get_background_color=_rgba(BACKGROUND, 190),
                background_padding=[2, 1],
                pickable=False,
            )
        )
    controller = {
        "scrollZoom": False,
        "dragRotate": False,
        "touchRotate": False,
        "doubleClickZoom": True,
        "keyboard": True,
        "dragPan": True,
        "touchZoom": True,
    }
    # map_provider=None: no basemap and no request to any tile server (see the module docstring).
    return CompactDeck(
        layers=layers,
        initial_view_state=view_state,
        map_provider=None,
        views=[pdk.View(type="MapView", controller=controller)],
        tooltip=tooltip(period),
    )


def deck_cells(spec: dict | str) -> list[dict]:
    """The hexagon records inside a deck's JSON spec (what the browser receives), for checks."""
    data = json.loads(spec) if isinstance(spec, str) else spec
    for layer in data.get("layers", []):
        if layer.get("id") == LAYER_CELLS:
            return list(layer.get("data") or [])
    return []


# --- Words about the whole map ---------------------------------------------------------------


def _at(frame: pd.DataFrame) -> str:
    row = frame.iloc[0]
    place = row["top_location"] if isinstance(row["top_location"], str) else "a place not named"
    borough = f" ({row['borough_name']})" if isinstance(row["borough_name"], str) else ""
    return f"{place}{borough}, with {format_count(row['offences'])} offences"


def _none_or(n: int) -> str:
    return "none" if n == 0 else format_count(n)


def map_summary(cells: pd.DataFrame, *, view: str, area: str, period: str) -> str:
    """Two or three plain sentences saying what the map shows, from the rows it draws."""
    shown = cells  # rows of hotspot_map_cells: all at or over MIN_MAP_CELL_COUNT (see the module docstring)
    if shown.empty:
        return (
            f"No hexagon in {area} had {MIN_MAP_CELL_COUNT} or more police.uk violence and sexual offences "
            f"from {period}, so the map shows none."
        )
    n = len(shown)
    lead = (
        f"The map shows {format_count(n)} hexagon{'s' if n != 1 else ''} in {area} with "
        f"{MIN_MAP_CELL_COUNT} or more offences from {period}."
    )
    bins = shown["confidence_bin"].astype(int)
    if view == "significance":
        hot99, hot95, hot90 = (int((bins == b).sum()) for b in (3, 2, 1))
        cold = int((bins < 0).sum())
        text = (
            f"Hot spots among them: {_none_or(hot99)} at 99% confidence, {_none_or(hot95)} at 95% and "
            f"{_none_or(hot90)} at 90%. Cold spots: {_none_or(cold)}."
        )
        hottest = (
            shown.sort_values(["confidence_bin", "gi_z", "offences"], ascending=False)
            if "gi_z" in shown.columns
            else shown.sort_values(["confidence_bin", "offences"], ascending=False)
        )
        tail = f" The strongest cluster is around {_at(hottest)}." if hot99 + hot95 + hot90 else ""
        return f"{lead} {text}{tail}"
    if view == "persistence":
        counts = shown["pattern"].value_counts()
        hot = counts[[p for p in counts.index if p.endswith("hot spot")]]
        if hot.empty:
            return f"{lead} None of them shows a hot spot pattern over the months."
        parts = [f"{format_count(v)} {k}{'s' if v != 1 else ''}" for k, v in hot.items()]
        lasting = int(shown["pattern"].isin(["persistent hot spot", "intensifying hot spot"]).sum())
        return (
            f"{lead} By their pattern over the months: {', '.join(parts)}. {format_count(lasting)} "
            f"{'has' if lasting == 1 else 'have'} been hot spots in at least 90% of months and still are."
        )
    busiest = shown.sort_values("offences", ascending=False)
    return (
        f"{lead} They hold between {format_count(int(shown['offences'].min()))} and "
        f"{format_count(int(shown['offences'].max()))} offences each; the busiest is around {_at(busiest)}. "
        "Counts are highest where most people are, so this is not a map of risk."
    )


def map_alt(
    cells: pd.DataFrame,
    *,
    view: str,
    view_label: str,
    area: str,
    period: str,
    resolution_label: str,
    is_sample: bool = False,
    summary: str | None = None,
) -> str:
    """The map's accessible name: what it is, then the same summary sighted readers get (``summary``
    when the page words it differently, e.g. for an area with no points)."""
    parts = [
        f"Map of {area}: {resolution_label.lower()} coloured by {view_label.lower()}, police.uk violence and "
        f"sexual offences, {period}."
    ]
    if is_sample:
        parts.append("Sample data, not real figures.")
    parts.append(summary if summary is not None else map_summary(cells, view=view, area=area, period=period))
    if len(cells):
        parts.append("The table below lists the top hot spots.")
    return " ".join(parts)
