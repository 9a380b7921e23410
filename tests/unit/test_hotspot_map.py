"""The hotspot map builder: hexagons in, pydeck Deck out, with exactly the hexagons handed in and no basemap.

The builder relies on the store holding no hexagon under MIN_MAP_CELL_COUNT (ingest drops them:
tests/unit/test_derive_hotspots.py), so the frames here are store-like: every count at or over it.

Checks what the browser would receive (the deck's JSON), the colours and legend of each view, the
words, and the framing.
"""

from __future__ import annotations

import json
import math
from collections import Counter

import h3
import numpy as np
import pandas as pd
import pytest

from dashboard import theme
from dashboard.analysis.hotspots import CONFIDENCE_LABELS, PATTERNS
from dashboard.charts import hotspot_map as hm
from dashboard.disclosure import MIN_MAP_CELL_COUNT

CENTRE = h3.latlng_to_cell(51.5136, -0.0984, 8)  # near St Paul's
PERIOD = "March 2025 to February 2026"


def cells_frame(counts: list[int] | None = None) -> pd.DataFrame:
    """Hexagons around CENTRE with given counts, significance and patterns cycling through every value."""
    disk = sorted(h3.grid_disk(CENTRE, 2))
    counts = counts if counts is not None else list(range(MIN_MAP_CELL_COUNT, MIN_MAP_CELL_COUNT + len(disk)))
    n = len(counts)
    bins = [3, 2, 1, 0, -1, -2, -3]
    patterns = list(PATTERNS)
    frame = pd.DataFrame(
        {
            "cell": disk[:n],
            "offences": counts,
            "gi_z": np.linspace(4, -4, n),
            "confidence_bin": [bins[i % 7] for i in range(n)],
            "pattern": [patterns[i % len(patterns)] for i in range(n)],
            "months": 12,
            "months_hot": [i % 13 for i in range(n)],
            "borough_name": ["City of London"] * (n - 1) + [None],
            "top_location": ["On or near Cheapside"] * (n - 1) + [None],
        }
    )
    frame["confidence_label"] = frame["confidence_bin"].map(CONFIDENCE_LABELS)
    centres = [h3.cell_to_latlng(c) for c in frame["cell"]]
    frame["cell_lat"] = [lat for lat, _ in centres]
    frame["cell_lon"] = [lon for _, lon in centres]
    return frame


def boroughs_frame() -> pd.DataFrame:
    square = [[-0.115, 51.505], [-0.075, 51.505], [-0.075, 51.525], [-0.115, 51.525]]
    east = [[-0.075, 51.505], [-0.02, 51.505], [-0.02, 51.53], [-0.075, 51.53]]
    return pd.DataFrame(
        {
            "borough_code": ["E09000001", "E09000030"],
            "borough_name": ["City of London", "Tower Hamlets"],
            "policing_force": ["City of London Police", "Metropolitan Police Service"],
            "has_point_data": [True, False],
            "outline_json": [json.dumps([square]), json.dumps([east])],
            "label_lon": [-0.095, -0.05],
            "label_lat": [51.515, 51.517],
        }
    )


def spec_of(deck) -> dict:
    return json.loads(deck.to_json())


def layer(spec: dict, layer_id: str) -> dict:
    return next(item for item in spec["layers"] if item["id"] == layer_id)


@pytest.mark.parametrize("view", hm.VIEWS)
def test_the_deck_holds_exactly_the_hexagons_handed_in(view):
    frame = cells_frame()
    spec = spec_of(hm.hotspot_deck(frame, boroughs_frame(), view=view, period=PERIOD))
    sent = hm.deck_cells(spec)
    assert sorted((c["cell"], c["offences"]) for c in sent) == sorted(zip(frame["cell"], frame["offences"]))
    # No other hexagon in any other form: only the handed-in ids appear in the JSON.
    text = json.dumps(spec)
    for cell in set(h3.grid_disk(CENTRE, 3)) - set(frame["cell"]):
        assert cell not in text


def test_each_hexagon_carries_only_its_id_colour_count_and_words():
    spec = spec_of(hm.hotspot_deck(cells_frame(), boroughs_frame(), view="significance", period=PERIOD))
    hexagons = layer(spec, hm.LAYER_CELLS)
    assert hexagons["@@type"] == "H3HexagonLayer" and hexagons["getHexagon"] == "@@=cell"
    for record in hm.deck_cells(spec):
        assert set(record) == set(hm.CELL_FIELDS)
        assert h3.is_valid_cell(record["cell"])
        assert len(record["fill"]) == 4 and all(0 <= v <= 255 for v in record["fill"])


def test_no_basemap_and_no_outside_address():
    deck = hm.hotspot_deck(cells_frame(), boroughs_frame(), view="density", period=PERIOD)
    text = deck.to_json()
    spec = json.loads(text)
    assert spec["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in spec  # Streamlit draws no tiles
    assert "http" not in text
    assert "\n" not in text  # compact: no pydeck indentation on the wire


def test_string_props_are_constants_not_expressions():
    """pydeck sends a bare string as an expression ('@@=pixels' reads a field called pixels); a quoted one
    arrives as the plain string."""
    spec = spec_of(
        hm.hotspot_deck(
            cells_frame(), boroughs_frame(), view="significance", period=PERIOD, selected_borough="City of London"
        )
    )
    for item in spec["layers"]:
        for key, value in item.items():
            if key.endswith("Units"):
                assert value == "pixels", (item["id"], key, value)
    assert layer(spec, hm.LAYER_LABELS)["fontFamily"] == theme.FONT_FAMILY


def test_tooltip_words_are_escaped_and_complete():
    frame = cells_frame([12] * 3)
    frame.loc[0, "top_location"] = "On or near <script>alert(1)</script> & Co"
    spec = spec_of(hm.hotspot_deck(frame, boroughs_frame(), view="significance", period=PERIOD))
    sent = {c["cell"]: c for c in hm.deck_cells(spec)}
    first = sent[frame.loc[0, "cell"]]
    assert "<script>" not in first["place"] and "&lt;script&gt;" in first["place"]
    assert sent[frame.loc[2, "cell"]]["place"] == "Place not named"
    assert sent[frame.loc[2, "cell"]]["area"] == "Borough not known"
    assert first["offences_text"] == "12"
    assert first["pattern_text"].endswith("a hot spot in 0 of 12 months")
    tooltip = hm.tooltip(PERIOD)
    for field in ("{place}", "{area}", "{offences_text}", "{confidence_text}", "{pattern_text}", PERIOD):
        assert field in tooltip["html"]


def test_significance_colours_and_legend():
    frame = cells_frame([10] * 19)
    colours, legend = hm.colour_of(frame, "significance")
    assert [item.label for item in legend] == [CONFIDENCE_LABELS[b] for b in (3, 2, 1, 0, -1, -2, -3)]
    assert sum(item.cells for item in legend) == len(frame)
    assert colours[frame["confidence_bin"] == 3].eq(theme.HOT).all()
    assert colours[frame["confidence_bin"] == -3].eq(theme.COLD).all()
    assert colours[frame["confidence_bin"] == 0].eq(theme.NEUTRAL).all()
    # Hot and cold never share a colour; 99% is darker than 90% on both sides.
    hot = {c for b, _, c in hm.SIGNIFICANCE if b > 0}
    cold = {c for b, _, c in hm.SIGNIFICANCE if b < 0}
    assert not hot & cold


def test_every_pattern_has_one_colour_and_the_legend_adds_up():
    assert {p for _, _, patterns in hm.PERSISTENCE for p in patterns} == set(PATTERNS)
    groups = [colour for _, colour, _ in hm.PERSISTENCE]
    assert len(groups) == len(set(groups))
    frame = cells_frame([10] * 19)
    colours, legend = hm.colour_of(frame, "persistence")
    assert colours.notna().all()
    assert sum(item.cells for item in legend) == len(frame)


@pytest.mark.parametrize("counts", [[5], [5, 5, 5], list(range(5, 100)), [5, 6, 7, 1000, 1000, 1000], [7, 9]])
def test_density_classes_are_contiguous_and_cover_every_count(counts):
    ranges = hm.density_classes(counts)
    assert ranges[0][0] == min(counts) and ranges[-1][1] == max(counts)
    for (low, high), (next_low, _) in zip(ranges, ranges[1:]):
        assert low <= high and next_low == high + 1
    frame = cells_frame(counts[:19])
    colours, legend = hm.colour_of(frame, "density")
    assert sum(item.cells for item in legend) == len(frame)
    busiest = frame["offences"].idxmax()
    assert colours[busiest] == hm.DENSITY_COLOURS[-1]


def test_colours_come_from_the_theme_and_edges_are_visible():
    palette = (
        set(theme.DIVERGING)
        | set(theme.SEQUENTIAL)
        | {theme.NEUTRAL, theme.FOURTH, theme.THIRD, theme.MUTED, theme.COLD, theme.HOT}
    )
    used = {c for _, _, c in hm.SIGNIFICANCE} | {c for _, c, _ in hm.PERSISTENCE} | set(hm.DENSITY_COLOURS)
    assert used <= palette
    # The hexagon edge and borough lines carry the shapes (WCAG 1.4.11: 3:1 against the white page).
    assert theme.contrast_ratio(hm.HEX_EDGE_COLOUR) >= 3 and theme.contrast_ratio(hm.OUTLINE_COLOUR) >= 3


def test_selected_borough_is_outlined_labelled_and_framed():
    spec = spec_of(
        hm.hotspot_deck(
            cells_frame(), boroughs_frame(), view="persistence", period=PERIOD, selected_borough="Tower Hamlets"
        )
    )
    selected = layer(spec, hm.LAYER_SELECTED)
    assert {p["name"] for p in selected["data"]} == {"Tower Hamlets"}
    assert [label["name"] for label in layer(spec, hm.LAYER_LABELS)["data"]] == ["Tower Hamlets"]
    view = spec["initialViewState"]
    assert -0.075 < view["longitude"] < -0.02 and 51.505 < view["latitude"] < 51.53
    london = spec_of(hm.hotspot_deck(cells_frame(), boroughs_frame(), view="persistence", period=PERIOD))
    assert not any(item["id"] == hm.LAYER_SELECTED for item in london["layers"])
    assert len(layer(london, hm.LAYER_LABELS)["data"]) == 2


def test_names_that_would_overlap_at_the_opening_zoom_are_left_out():
    boroughs = boroughs_frame()
    paths = hm.outline_paths(boroughs)
    far = hm.borough_labels(boroughs, paths, zoom=14)
    assert [label["name"] for label in far] == ["Tower Hamlets", "City of London"]  # bigger borough first
    near = hm.borough_labels(boroughs, paths, zoom=9)  # 3 km apart is about 50 px: the names would touch
    assert [label["name"] for label in near] == ["Tower Hamlets"]
    busy = hm.borough_labels(boroughs, paths, zoom=9, hexagons=Counter({"City of London": 3}))
    assert [label["name"] for label in busy] == ["City of London"]  # where the hexagons are wins
    assert [
        label["name"] for label in hm.borough_labels(boroughs, paths, zoom=9, selected_borough="City of London")
    ] == ["City of London"]


def test_rings_are_closed_for_drawing():
    paths = hm.outline_paths(boroughs_frame())
    assert all(p["path"][0] == p["path"][-1] for p in paths)


@pytest.mark.parametrize(
    "bounds", [(-0.51, 51.28, 0.34, 51.70), (-0.115, 51.505, -0.075, 51.525), (-0.1, 51.5, -0.0999, 51.5001)]
)
def test_fit_view_puts_the_whole_area_in_the_frame(bounds):
    view = hm.fit_view(bounds)
    world = hm.WORLD_PX * 2**view.zoom
    width_px = (bounds[2] - bounds[0]) / 360 * world

    def y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    height_px = (y(bounds[3]) - y(bounds[1])) / (2 * math.pi) * world
    if view.zoom < 15:  # at the closest zoom a tiny area is simply centred
        assert width_px <= hm.FRAME_WIDTH_PX + 1 and height_px <= hm.FRAME_HEIGHT_PX + 1
    assert bounds[0] <= view.longitude <= bounds[2] and bounds[1] <= view.latitude <= bounds[3]


def test_summary_and_alt_text_say_what_the_map_shows():
    frame = cells_frame()
    shown = frame
    text = hm.map_summary(frame, view="significance", area="the City of London", period=PERIOD)
    assert f"The map shows {len(shown)} hexagons" in text
    hot99 = int((shown["confidence_bin"] == 3).sum())
    assert f"{hot99} at 99% confidence" in text
    assert "strongest cluster" in text
    assert "None of them" in hm.map_summary(
        frame[frame["pattern"] == "no pattern detected"].assign(offences=9), view="persistence", area="X", period=PERIOD
    )
    assert "not a map of risk" in hm.map_summary(frame, view="density", area="X", period=PERIOD)
    empty = hm.map_summary(frame.head(0), view="significance", area="Camden", period=PERIOD)
    assert empty.startswith("No hexagon in Camden")
    alt = hm.map_alt(
        frame,
        view="significance",
        view_label="Hot and cold spots",
        area="the City of London",
        period=PERIOD,
        resolution_label="Medium hexagons (about 0.74 km²)",
        is_sample=True,
    )
    assert alt.startswith("Map of the City of London") and "Sample data" in alt and text in alt


def test_missing_columns_are_refused():
    with pytest.raises(ValueError, match="lack column"):
        hm.hotspot_deck(cells_frame().drop(columns=["pattern"]), boroughs_frame(), view="density", period=PERIOD)
    with pytest.raises(ValueError, match="view must be one of"):
        hm.colour_of(cells_frame(), "heat")


def test_an_empty_map_still_draws_the_boroughs():
    spec = spec_of(hm.hotspot_deck(cells_frame().head(0), boroughs_frame(), view="significance", period=PERIOD))
    assert hm.deck_cells(spec) == []
    assert len(layer(spec, hm.LAYER_OUTLINES)["data"]) == 2
