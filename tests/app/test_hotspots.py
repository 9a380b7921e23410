"""The /hotspots page under AppTest on the bundled sample: filters in the URL, the map's data, the cards.

The deck the page sends is read from the element's proto (its JSON is exactly what the browser
gets): no hexagon in it may hold fewer than MIN_MAP_CELL_COUNT offences. Below the map, the ranked
hot spots, the wards and the limits are lazy sections and cards send only their open tab, so tests
open what they read first.
"""

from __future__ import annotations

import json

import pytest

from dashboard.charts.hotspot_map import LAYER_LABELS, LAYER_SELECTED, deck_cells
from dashboard.disclosure import MIN_MAP_CELL_COUNT
from tests.app.conftest import all_text, reveal

# The page's path for AppTest; the one place to change when dashboard/pages is renamed.
PAGE = "page_scripts/hotspots.py"


def deck_spec(at) -> dict:
    decks = at.get("deck_gl_json_chart")
    assert len(decks) == 1, "the page draws one map"
    return json.loads(decks[0].proto.json)


def assert_no_small_cells(at) -> list[dict]:
    cells = deck_cells(deck_spec(at))
    assert all(c["offences"] >= MIN_MAP_CELL_COUNT for c in cells)
    return cells


def param(at, name: str) -> str | None:
    """A URL parameter as the page left it (AppTest keeps each as a list of values)."""
    value = at.query_params.get(name)
    return value[-1] if isinstance(value, list) else value


def headers(at) -> list[str]:
    return [str(h.value) for h in at.header]


def test_default_view_draws_the_map_and_ranks_the_hot_spots(open_app):
    at = reveal(open_app(PAGE), tab="Table")
    assert not at.exception, [e.value for e in at.exception]
    text = all_text(at)
    assert "Where violence concentrates" in text
    assert "SAMPLE DATA" in text
    cells = assert_no_small_cells(at)
    assert len(cells) > 50  # the sample's Met points cover London
    assert "Map: hot and cold spots, London" in headers(at)
    assert any(h.startswith("Top hot spots in London") for h in headers(at))
    assert "What this map can and cannot show" in headers(at)
    # The sample has no City of London Police points: the page says so.
    assert "Not loaded: City of London Police" in text
    # The ranked table: at most 20 rows, strongest first, nothing under the threshold.
    tables = [t.value for t in at.table]
    ranked = next(t for t in tables if "Confidence; pattern over time" in t.columns)
    assert 1 <= len(ranked) <= 20
    assert ranked["Rank"].tolist() == [str(i) for i in range(1, len(ranked) + 1)]
    assert (ranked["Offences"].str.replace(",", "").astype(int) >= MIN_MAP_CELL_COUNT).all()


def test_the_download_matches_the_table_and_says_where_it_came_from(open_app):
    at = reveal(open_app(PAGE, resolution="9"), tab="Download")
    button = next(b for b in at.get("download_button") if "Top hot spots" in b.proto.label)
    assert button.proto.label.startswith("Download CSV")
    reveal(at, tab="Table")
    ranked = next(t.value for t in at.table if "Confidence; pattern over time" in t.value.columns)
    assert len(ranked) <= 20


@pytest.mark.parametrize("view", ["significance", "persistence", "density"])
@pytest.mark.parametrize("resolution", ["7", "8", "9"])
def test_every_view_and_size_renders_without_small_cells(open_app, view, resolution):
    at = open_app(PAGE, view=view, resolution=resolution, period="all")
    assert not at.exception, [e.value for e in at.exception]
    assert_no_small_cells(at)
    assert at.radio(key="hotspots-view").value == view
    assert at.selectbox(key="hotspots-resolution").value == int(resolution)
    assert at.selectbox(key="hotspots-period").value == "all"


def test_a_borough_is_framed_outlined_and_its_hexagons_only(open_app):
    at = open_app(PAGE, borough="Camden", view="persistence")
    assert not at.exception, [e.value for e in at.exception]
    spec = deck_spec(at)
    cells = deck_cells(spec)
    assert cells and {c["area"] for c in cells} == {"Camden"}
    layers = {layer["id"]: layer for layer in spec["layers"]}
    assert {p["name"] for p in layers[LAYER_SELECTED]["data"]} == {"Camden"}
    assert [label["name"] for label in layers[LAYER_LABELS]["data"]] == ["Camden"]
    assert "Map: pattern over time, Camden" in headers(at)
    assert at.selectbox(key="hotspots-borough").value == "Camden"


def test_changing_a_filter_puts_it_in_the_url(open_app):
    at = open_app(PAGE)
    at.selectbox(key="hotspots-borough").set_value("Westminster").run()
    at.radio(key="hotspots-view").set_value("density").run()
    assert not at.exception
    assert param(at, "borough") == "Westminster" and param(at, "view") == "density"
    assert "resolution" not in at.query_params  # defaults stay out of the link
    assert_no_small_cells(at)


def test_bad_link_values_fall_back_politely(open_app):
    at = open_app(PAGE, view="heatmap", resolution="12", borough="Gotham", period="forever")
    assert not at.exception
    notes = " ".join(str(i.value) for i in at.info)
    for word in ("heatmap", "12", "Gotham", "forever"):
        assert f"“{word}”" in notes
    assert at.radio(key="hotspots-view").value == "significance"
    assert at.selectbox(key="hotspots-borough").value == "London"


def test_an_area_with_no_point_data_says_so(open_app):
    """The sample's City of London has no City of London Police points, nor Met VAWG ward figures."""
    at = reveal(open_app(PAGE, borough="City of London"))
    assert not at.exception, [e.value for e in at.exception]
    text = all_text(at)
    assert "does not cover City of London" in text
    assert "no police.uk points for City of London" in text
    assert deck_cells(deck_spec(at)) == []
    assert not any(h.startswith("Top hot spots") for h in headers(at))
