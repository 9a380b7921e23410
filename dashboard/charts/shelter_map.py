"""The bus-shelter pilot map: pilot shelters and comparison stops as a pydeck Deck. Pure: frames in, Deck out.

Shelters and stops only, never crime points. Pilot and comparison differ by shape, size and letter
as well as colour (WCAG 1.4.1): a pilot is a large filled disc marked "P"; a comparison stop a
smaller hollow ring marked "C"; a listed pilot that could not be evaluated a grey disc marked "P".
A faint circle round each site shows its counting radius to scale, in metres. The tooltip names the
role in words. The page draws the key in text under the map and the Table tab lists every site.

No base map: tiles would come from a third-party server (Carto), which a site about violence
against women and girls should not call on every visit. Borough outlines from the store give the
context instead.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pydeck as pdk

from dashboard.charts.pydeck_props import literal
from dashboard.theme import (
    BACKGROUND,
    COMPARISON,
    COMPARISON_TEXT,
    FONT_FAMILY,
    MUTED,
    PRIMARY,
    SECONDARY_TEXT,
    hex_to_rgb,
)

# pydeck's default style is a Carto base map; this sentinel with no provider tells Streamlit's
# frontend to draw no base map at all (so the page makes no outside request).
NO_BASE_MAP = "__MAP_STYLE__"
MAP_HEIGHT_PX = 460
TARGET_SPAN_PX = 300  # fit the sites into this many pixels, so they fit a 375 px phone too
PILOT_PX, COMPARISON_PX = 10, 8
ROLE_WORDS = {
    "evaluated": "Pilot shelter (camera)",
    "not evaluated": "Pilot shelter (camera), not evaluated",
    "comparison": "Comparison stop (no camera)",
}
SITE_COLUMNS = ("site_id", "bus_stop_code", "stop_name", "role", "status", "borough", "longitude", "latitude")


def _rgb(colour: str, alpha: int = 255) -> list[int]:
    return [*hex_to_rgb(colour), alpha]


def map_frame(sites: pd.DataFrame, *, illustrative_label: str | None = None) -> pd.DataFrame:
    """The sites the map can place (with coordinates), with the text each tooltip shows.

    Adds `kind` (the role in words), `letter` ('P' or 'C'), `code` (the public stop code where the
    TfL list has one), `detail` (phase, go-live, matched pilot or why it was left out) and `stamp`.
    """
    missing = [c for c in SITE_COLUMNS if c not in sites.columns]
    if missing:
        raise ValueError(f"sites lacks column(s) {missing}")
    placed = sites.loc[sites["longitude"].notna() & sites["latitude"].notna()].copy()
    placed = placed.loc[placed["status"].isin(list(ROLE_WORDS))].reset_index(drop=True)
    placed["kind"] = placed["status"].map(ROLE_WORDS)
    placed["letter"] = np.where(placed["role"] == "pilot", "P", "C")
    placed["letter_colour"] = [_rgb(BACKGROUND) if r == "pilot" else _rgb(COMPARISON_TEXT) for r in placed["role"]]
    code = placed["bus_stop_code"].astype("string")
    placed["code"] = code.where(code.notna() & (code.str.len() > 0), placed["site_id"].astype(str)).astype(str)
    placed["detail"] = [_detail(row) for _, row in placed.iterrows()]
    placed["stamp"] = illustrative_label or ""
    placed["stop_name"] = placed["stop_name"].fillna("Unnamed stop").astype(str)
    placed["borough"] = placed["borough"].fillna("").astype(str)
    return placed


def _detail(row: pd.Series) -> str:
    if row["status"] == "comparison":
        name = row.get("matched_pilot_name")
        who = f"{row.get('matched_pilot')} {name}" if isinstance(name, str) and name else str(row.get("matched_pilot"))
        return f"Matched to pilot {who}"
    live = row.get("live_date")
    live_text = f", camera live {pd.Timestamp(live):%d %B %Y}" if live is not None and not pd.isna(live) else ""
    text = f"Phase {row.get('phase')}{live_text}"
    if row["status"] == "not evaluated" and isinstance(row.get("note"), str) and row["note"]:
        text += f". Not evaluated: {row['note']}"
    return text


def view_for(sites: pd.DataFrame) -> pdk.ViewState:
    """A view centred on the sites, zoomed so they span about TARGET_SPAN_PX pixels."""
    if sites.empty:
        return pdk.ViewState(longitude=-0.1276, latitude=51.5072, zoom=9)
    lon, lat = sites["longitude"].astype(float), sites["latitude"].astype(float)
    mid_lat = float((lat.min() + lat.max()) / 2)
    # Web Mercator: a degree of longitude is cos(lat) as long as a degree of latitude near the centre.
    span = max(float(lon.max() - lon.min()), float(lat.max() - lat.min()) / math.cos(math.radians(mid_lat)), 0.004)
    zoom = math.log2(TARGET_SPAN_PX * 360 / (512 * span))  # deck.gl: the world is 512 px wide at zoom 0
    return pdk.ViewState(
        longitude=float((lon.min() + lon.max()) / 2),
        latitude=mid_lat,
        zoom=round(min(max(zoom, 8.5), 16.0), 2),
        pitch=0,
        bearing=0,
    )


def _outline_features(outlines: pd.DataFrame | None) -> tuple[dict, pd.DataFrame]:
    features, labels = [], []
    if outlines is not None:
        for _, row in outlines.iterrows():
            geometry = json.loads(row["boundary_geojson"])
            features.append({"type": "Feature", "properties": {"name": row["borough_name"]}, "geometry": geometry})
            ring = np.asarray(
                geometry["coordinates"][0]
                if geometry["type"] == "Polygon"
                else max(geometry["coordinates"], key=lambda p: len(p[0]))[0],
                dtype=float,
            )
            # Under the outline's southern edge, so the name never sits on the markers inside.
            labels.append(
                {
                    "name": row["borough_name"],
                    "longitude": float(ring[:, 0].mean()),
                    "latitude": float(ring[:, 1].min()),
                }
            )
    return (
        {"type": "FeatureCollection", "features": features},
        pd.DataFrame(labels, columns=["name", "longitude", "latitude"]),
    )


def shelter_deck(
    sites: pd.DataFrame,
    outlines: pd.DataFrame | None = None,
    *,
    radius_m: float,
    illustrative_label: str | None = None,
    height: int = MAP_HEIGHT_PX,
) -> pdk.Deck:
    """Pilot shelters and comparison stops with their counting circles, over borough outlines.

    `sites`: rows of the `shelter_sites` query (`site_id, bus_stop_code, stop_name, role, status,
    borough, longitude, latitude`, and optionally `phase, live_date, note, matched_pilot,
    matched_pilot_name`). Rows without coordinates (pilots not found) are left off. `outlines`:
    `borough_name, boundary_geojson`. `illustrative_label` is repeated in every tooltip.
    """
    placed = map_frame(sites, illustrative_label=illustrative_label)
    pilots = placed.loc[placed["role"] == "pilot"]
    evaluated = pilots.loc[pilots["status"] == "evaluated"]
    left_out = pilots.loc[pilots["status"] != "evaluated"]
    comps = placed.loc[placed["role"] == "comparison"]
    outline_geojson, outline_labels = _outline_features(outlines)
    position = ["longitude", "latitude"]
    keep = [
        "longitude",
        "latitude",
        "kind",
        "code",
        "stop_name",
        "borough",
        "detail",
        "stamp",
        "letter",
        "letter_colour",
    ]

    layers = [
        pdk.Layer(
            "GeoJsonLayer",
            id="borough-outlines",
            data=outline_geojson,
            stroked=True,
            filled=False,
            get_line_color=_rgb(SECONDARY_TEXT, 160),
            line_width_min_pixels=1,
            pickable=False,
        ),
        pdk.Layer(
            "TextLayer",
            id="borough-names",
            data=outline_labels,
            get_position=position,
            get_text="name",
            get_size=12,
            get_color=_rgb(SECONDARY_TEXT),
            font_family=literal(FONT_FAMILY),
            pickable=False,
            get_alignment_baseline=literal("top"),
            get_pixel_offset=[0, 4],
        ),
        # Counting circles to scale: radius in metres.
        pdk.Layer(
            "ScatterplotLayer",
            id="pilot-circles",
            data=pilots[keep],
            get_position=position,
            get_radius=float(radius_m),
            radius_units=literal("meters"),
            stroked=True,
            filled=True,
            get_fill_color=_rgb(PRIMARY, 28),
            get_line_color=_rgb(PRIMARY, 140),
            line_width_min_pixels=1,
            pickable=False,
        ),
        pdk.Layer(
            "ScatterplotLayer",
            id="comparison-circles",
            data=comps[keep],
            get_position=position,
            get_radius=float(radius_m),
            radius_units=literal("meters"),
            stroked=True,
            filled=True,
            get_fill_color=_rgb(COMPARISON, 24),
            get_line_color=_rgb(COMPARISON_TEXT, 140),
            line_width_min_pixels=1,
            pickable=False,
        ),
        # Markers: comparison = hollow ring, pilot = filled disc (grey when not evaluated).
        pdk.Layer(
            "ScatterplotLayer",
            id="comparison-stops",
            data=comps[keep],
            get_position=position,
            get_radius=COMPARISON_PX,
            radius_units=literal("pixels"),
            stroked=True,
            filled=True,
            get_fill_color=_rgb(BACKGROUND),
            get_line_color=_rgb(COMPARISON_TEXT),
            get_line_width=2.5,
            line_width_units=literal("pixels"),
            pickable=True,
            auto_highlight=True,
        ),
        pdk.Layer(
            "ScatterplotLayer",
            id="pilots-left-out",
            data=left_out[keep],
            get_position=position,
            get_radius=PILOT_PX,
            radius_units=literal("pixels"),
            stroked=True,
            filled=True,
            get_fill_color=_rgb(MUTED),
            get_line_color=_rgb(BACKGROUND),
            get_line_width=1.5,
            line_width_units=literal("pixels"),
            pickable=True,
            auto_highlight=True,
        ),
        pdk.Layer(
            "ScatterplotLayer",
            id="pilot-shelters",
            data=evaluated[keep],
            get_position=position,
            get_radius=PILOT_PX,
            radius_units=literal("pixels"),
            stroked=True,
            filled=True,
            get_fill_color=_rgb(PRIMARY),
            get_line_color=_rgb(BACKGROUND),
            get_line_width=1.5,
            line_width_units=literal("pixels"),
            pickable=True,
            auto_highlight=True,
        ),
        pdk.Layer(
            "TextLayer",
            id="site-letters",
            data=placed[keep],
            get_position=position,
            get_text="letter",
            get_size=11,
            size_units=literal("pixels"),
            font_family=literal(FONT_FAMILY),
            font_weight=700,
            get_color="letter_colour",
            pickable=False,
        ),
    ]
    tooltip = {
        "html": "<b>{kind}</b><br/>{stop_name} (stop {code}), {borough}<br/>{detail}<br/><i>{stamp}</i>",
        "style": {
            "backgroundColor": BACKGROUND,
            "color": "#0B0C0C",
            "border": f"1px solid {SECONDARY_TEXT}",
            "fontFamily": FONT_FAMILY,
            "fontSize": "14px",
            "maxWidth": "280px",
        },
    }
    view = pdk.View(
        type="MapView",
        controller={
            "scrollZoom": False,
            "doubleClickZoom": True,
            "dragRotate": False,
            "touchRotate": False,
            "keyboard": True,
        },
    )
    return pdk.Deck(
        layers=layers,
        views=[view],
        initial_view_state=view_for(placed),
        map_provider=None,
        map_style=NO_BASE_MAP,
        tooltip=tooltip,
        height=height,
    )


def describe_map(sites: pd.DataFrame, *, radius_m: float, illustrative_label: str | None = None) -> str:
    """Alt text and summary for the map, in words: what is where, and how to tell the marks apart."""
    placed = map_frame(sites)
    evaluated = placed.loc[placed["status"] == "evaluated"]
    left_out = placed.loc[placed["status"] == "not evaluated"]
    comps = placed.loc[placed["status"] == "comparison"]
    not_found = sites.loc[(sites["role"] == "pilot") & (sites["status"] == "not found")]
    parts = []
    if illustrative_label:
        parts.append(f"{illustrative_label}.")
    boroughs = _join(sorted(set(evaluated["borough"]) | set(comps["borough"])))
    parts.append(
        f"Map of {_count(len(evaluated), 'pilot shelter')} with cameras and {_count(len(comps), 'comparison stop')} "
        f"without{f', in {boroughs}' if boroughs else ''}, each with its {radius_m:g} m counting circle."
    )
    if len(left_out):
        parts.append(
            f"{_count(len(left_out), 'more listed pilot shelter')} could not be evaluated "
            f"{'and is' if len(left_out) == 1 else 'and are'} shown in grey."
        )
    if len(not_found):
        parts.append(
            f"{_count(len(not_found), 'listed pilot site')} could not be placed on the map "
            f"because {'its code is' if len(not_found) == 1 else 'their codes are'} not in the TfL stop list."
        )
    parts.append(
        "Pilot shelters are large filled discs marked P; comparison stops are small rings marked C. "
        "The Table tab lists every site."
    )
    return " ".join(parts)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _join(items: Sequence[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"
