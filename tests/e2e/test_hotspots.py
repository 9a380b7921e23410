"""Issue 5: the /hotspots page in a real browser.

The map is drawn (a deck.gl canvas, with no basemap and no request outside the machine), the
ranked table of hot spots is there, axe-core finds no serious or critical violation, and the
hexagons the page received hold no count under the disclosure threshold. Screenshots at desktop
and 375 px go to test-artifacts/screenshots/hotspots-*.png.

The deck's JSON travels over Streamlit's websocket in a protobuf, so the tests read it from the
frames the browser receives (not from the DOM: deck.gl keeps its data in JavaScript): every
hexagon record in them must have at least MIN_MAP_CELL_COUNT offences.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode

import duckdb
import pytest

from dashboard.charts.hotspot_map import (
    CELL_FIELDS,
    LAYER_CELLS,
    LAYER_LABELS,
    LAYER_OUTLINES,
    LAYER_SELECTED,
    deck_cells,
)
from dashboard.disclosure import MIN_MAP_CELL_COUNT

from .conftest import (
    assert_no_serious_violations,
    external_requests,
    open_page,
    open_sections,
    page_text,
    screenshot,
    wait_for_streamlit,
)

PAGE_PATH = "/hotspots"
LAYER_MARKER = f'"id":"{LAYER_CELLS}"'
# A hexagon record as the deck JSON carries it (compact JSON, keys sorted): its H3 id and count.
HEXAGON_RECORD = re.compile(r'\{[^{}]*"cell":"(?P<cell>[0-9a-f]{15})"[^{}]*"offences":(?P<offences>\d+)[^{}]*\}')


def _record_frames(page) -> list[str]:
    """Collect every websocket frame the page receives, as text (protobuf bytes decoded leniently)."""
    frames: list[str] = []

    def on_socket(ws) -> None:
        def on_frame(payload) -> None:
            frames.append(payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(payload))

        ws.on("framereceived", on_frame)

    page.on("websocket", on_socket)
    return frames


def _wait_for_map(page) -> None:
    page.locator('[data-testid="stDeckGlJsonChart"] canvas').first.wait_for(state="visible")
    page.wait_for_timeout(1200)  # let deck.gl draw its first frame before screenshots and axe


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_hotspots_page_shows_map_and_ranked_table_accessibly(new_page, app_url, size):
    page = new_page(size)
    frames = _record_frames(page)
    open_page(page, app_url, PAGE_PATH)
    _wait_for_map(page)

    assert_no_serious_violations(page)  # as it opens; then with every section open
    open_sections(page)
    text = page_text(page)
    assert "Where violence concentrates" in text
    assert "Top hot spots in London" in text
    assert "What this map can and cannot show" in text
    assert page.locator('[data-testid="stDeckGlJsonChart"] canvas').count() >= 1

    # The ranked table is a real table under its own tab.
    card = page.locator(".st-key-top-hot-spots")
    card.get_by_role("tab", name="Table").click()
    wait_for_streamlit(page)  # a tab's content is sent when it is opened
    table = card.locator("table").first
    table.wait_for(state="visible")
    headers = table.locator("th").all_inner_texts()
    assert any("Place" in h for h in headers) and any("Confidence" in h for h in headers)
    assert table.locator("tbody tr").count() >= 1

    screenshot(page, f"hotspots-{size}")
    assert_no_serious_violations(page)
    assert external_requests(page) == []

    received = "".join(frames)
    records = [(m["cell"], int(m["offences"])) for m in HEXAGON_RECORD.finditer(received)]
    assert records, "no hexagon reached the browser"
    assert min(n for _, n in records) >= MIN_MAP_CELL_COUNT


def test_hotspots_view_and_area_live_in_the_url(desktop_page, app_url):
    page = desktop_page
    frames = _record_frames(page)
    open_page(page, app_url, f"{PAGE_PATH}?view=persistence&resolution=9&period=all")
    _wait_for_map(page)
    assert "pattern over time" in page_text(page).lower()
    page.get_by_role("radio", name="Offences per hexagon").check(force=True)
    wait_for_streamlit(page)
    assert "view=density" in page.url and "resolution=9" in page.url and "period=all" in page.url
    _wait_for_map(page)
    screenshot(page, "hotspots-desktop-density-small-hexagons")
    received = "".join(frames)
    counts = [int(m["offences"]) for m in HEXAGON_RECORD.finditer(received)]
    assert counts and min(counts) >= MIN_MAP_CELL_COUNT


def test_hotspots_borough_without_points_says_so(desktop_page, app_url, e2e_store):
    """A borough whose force's points are not loaded (the City on the sample, Camden on the real extracts)."""
    with duckdb.connect(str(e2e_store), read_only=True) as con:
        found = con.execute(
            "SELECT borough_name FROM hotspot_boroughs WHERE NOT has_point_data "
            "ORDER BY borough_name = 'Camden' DESC, borough_name LIMIT 1"
        ).fetchone()
    if found is None:
        pytest.skip("every borough has point data in this store")
    borough = found[0]
    page = desktop_page
    open_page(page, app_url, f"{PAGE_PATH}?{urlencode({'borough': borough})}")
    _wait_for_map(page)
    text = page_text(page)
    assert f"does not cover {borough}" in text
    screenshot(page, "hotspots-desktop-borough-without-points")
    assert_no_serious_violations(page)
    assert_no_serious_violations(open_sections(page))


def test_map_payload_is_cells_not_points(desktop_page, app_url):
    """The browser gets hexagon records (an H3 id, a count, words), never coordinates of crimes."""
    page = desktop_page
    frames = _record_frames(page)
    open_page(page, app_url, PAGE_PATH)
    _wait_for_map(page)
    received = [f for f in frames if LAYER_MARKER in f]
    assert received, "the deck never reached the browser"
    frame = received[-1]
    spec = json.JSONDecoder().raw_decode(frame[frame.index('{"initialViewState"') :])[0]
    cells = deck_cells(spec)
    assert cells and set(cells[0]) == set(CELL_FIELDS)
    assert all(c["offences"] >= MIN_MAP_CELL_COUNT for c in cells)
    # Hexagons travel as H3 ids: the only coordinates in the deck are borough outlines and name points.
    assert {layer["id"] for layer in spec["layers"]} <= {LAYER_CELLS, LAYER_OUTLINES, LAYER_SELECTED, LAYER_LABELS}
