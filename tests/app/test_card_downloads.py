"""A chart card's Download tab offers CSV, PNG, SVG and press pack; the images are deferred, never made on a view."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.components import card_files

SCRIPT = Path(__file__).parent / "scripts" / "chart_card_demo.py"
TREND = "VAWG offences in Camden and the London borough average, by month"


@pytest.fixture()
def no_rendering(monkeypatch):
    """Any image made while a page is drawn fails the test: images are made only when a button is clicked."""

    def refuse(*_args, **_kwargs):
        raise AssertionError("an image was rendered during a page view")

    monkeypatch.setattr(card_files, "render_image", refuse)
    card_files.clear()


def open_download_tabs() -> AppTest:
    at = AppTest.from_file(str(SCRIPT), default_timeout=60)
    at.session_state["trend-tabs"] = "Download"
    at.session_state["groups-tabs"] = "Download"
    return at.run()


def test_each_card_offers_four_downloads_keyed_and_named_for_it(no_rendering):
    at = open_download_tabs()
    assert not at.exception, at.exception
    buttons = at.download_button
    assert [b.key for b in buttons][:4] == [
        "trend-download",
        "trend-download-png",
        "trend-download-svg",
        "trend-download-pack",
    ]
    labels = [b.proto.label for b in buttons]
    assert labels[:4] == [
        f"Download CSV: {TREND}",
        f"Download PNG image: {TREND}",
        f"Download SVG image: {TREND}",
        f"Download press pack: {TREND}",
    ]
    assert len(labels) == len(set(labels)) == 8


def test_images_and_pack_are_deferred_and_the_csv_is_not(no_rendering):
    at = open_download_tabs()
    by_key = {b.key: b.proto for b in at.download_button}
    assert by_key["trend-download"].url and not by_key["trend-download"].deferred_file_id
    for fmt in ("png", "svg", "pack"):
        proto = by_key[f"trend-download-{fmt}"]
        assert proto.deferred_file_id and not proto.url, fmt
    assert not card_files._files  # nothing made: the page only offered the files


def test_the_hotspot_map_offers_its_downloads_in_a_closed_expander(open_app, no_rendering):
    at = open_app("page_scripts/hotspots.py")
    assert not at.exception, [e.value for e in at.exception]
    assert [e.label for e in at.expander if e.label.startswith("Download this map")] == [
        "Download this map: hot and cold spots, London"
    ]
    assert not [b for b in at.download_button if b.key.startswith("hotspots-map-download")]
    at.session_state["hotspots-map-downloads"] = True
    at.run()
    keys = [b.key for b in at.download_button if b.key.startswith("hotspots-map-download")]
    assert keys == [
        "hotspots-map-download",
        "hotspots-map-download-png",
        "hotspots-map-download-svg",
        "hotspots-map-download-pack",
    ]
    assert not card_files._files  # offered, not made
