"""/bus-shelters in a real browser, on a store built from ../shared/data with an illustrative pilot list.

The store holds the real TfL stops, borough boundaries and police.uk points, plus the illustrative
pilot list over real City of London stops that tests/integration/test_shelters_store_real.py writes
(marked illustrative by its own sample manifest). The page must show the map (a canvas, with no
request to any outside map server), the evaluation and the 'illustrative' label; axe-core must find
no serious or critical violation; screenshots are saved at desktop and 375 px.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dashboard.words.catalog import ILLUSTRATIVE_LABEL
from tests.conftest import SHARED_DATA

from .conftest import (
    APP_SCRIPT,
    PROJECT_ROOT,
    assert_no_serious_violations,
    external_requests,
    launch_streamlit,
    open_page,
    open_sections,
    page_text,
    screenshot,
    wait_for_streamlit,
)

NEEDED = [
    SHARED_DATA / "tfl" / "bus-stops.csv",
    SHARED_DATA / "geography" / "london_boroughs_gss_wgs84.geojson",
    SHARED_DATA / "police_uk_street" / "city_of_london",
]


@pytest.fixture(scope="module")
def shelter_app_url(tmp_path_factory, browser) -> str:
    missing = [str(p) for p in NEEDED if not p.exists()]
    if missing:
        pytest.skip(f"the real published extracts are not there: {missing} (set VAWG_SHARED_DATA)")
    from tests.integration.test_shelters_store_real import build_real_store_with_pilots

    configured = os.environ.get("E2E_SHELTER_STORE")
    store = Path(configured) if configured else build_real_store_with_pilots(tmp_path_factory.mktemp("shelters"))
    with launch_streamlit(
        APP_SCRIPT.relative_to(PROJECT_ROOT),
        env={"VAWG_STORE": str(store)},
        log_dir=tmp_path_factory.mktemp("shelters-app-log"),
    ) as url:
        # Warm the server up with one visit to the home page. Until the entry script has run once,
        # Streamlit treats dashboard/pages/ as a legacy (v1) pages folder, whose URLs come from file
        # names: a first visit straight to /bus-shelters (file bus_shelters.py) gets a "Page not
        # found" dialog. That is the app frame's to fix (reported), not this page's to test.
        context = browser.new_context()
        try:
            open_page(context.new_page(), url, "/")
        finally:
            context.close()
        yield url


def _open(page, base_url: str, path: str = "/bus-shelters"):
    open_page(page, base_url, path)
    # The result comes first and must pass axe as the page opens; the map and the rest are in
    # sections a reader opens.
    assert_no_serious_violations(page)
    open_sections(page)
    # deck.gl draws after the script run has finished.
    page.locator('[data-testid="stDeckGlJsonChart"] canvas').first.wait_for(state="visible")
    page.wait_for_timeout(800)
    return page


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_page_shows_map_evaluation_and_illustrative_label(new_page, shelter_app_url, size):
    page = _open(new_page(size), shelter_app_url)
    text = page_text(page)
    assert ILLUSTRATIVE_LABEL in text
    assert "Violence and sexual offences near pilot shelters changed by a factor of" in text
    assert "relative to comparison stops (95% CI" in text
    assert "How safe or unsafe do you feel waiting at this bus stop after dark?" in text
    assert "regression to the mean" in text
    deck = page.locator('[data-testid="stDeckGlJsonChart"]')
    assert deck.count() == 1
    box = deck.locator("canvas").first.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 300
    # No base-map tiles or styles from an outside map server. (The app's favicon, a Material icon, is
    # fetched from fonts.gstatic.com by Streamlit itself; that is the app frame's business, not the map's.)
    map_servers = ("carto", "mapbox", "maptiler", "openstreetmap", "tile")
    assert [u for u in external_requests(page) if any(s in u for s in map_servers)] == []
    assert_no_serious_violations(page)
    width = page.viewport_size["width"]
    screenshot(page, f"bus-shelters-{'desktop' if size == 'desktop' else '375'}")
    screenshot(page, f"bus-shelters-{'desktop' if size == 'desktop' else '375'}-first-screen", full_page=False)
    # One column on a phone: nothing wider than the screen.
    overflow = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollWidth")
    assert overflow <= width + 1
    # The site list (the map's text alternative) is reachable and passes axe too.
    card = page.locator(".st-key-shelter-map")
    card.get_by_role("tab", name="Table").click()
    wait_for_streamlit(page)  # a tab's content is sent when it is opened
    page.wait_for_timeout(500)
    assert card.locator('[data-testid="stDataFrame"]').count() == 1
    assert_no_serious_violations(page, context=".st-key-shelter-map")


def test_estimate_download_carries_the_illustrative_label(new_page, shelter_app_url):
    page = _open(new_page("desktop"), shelter_app_url)
    card = page.locator(".st-key-shelter-estimate")
    card.get_by_role("tab", name="Download").click()
    wait_for_streamlit(page)
    with page.expect_download() as info:
        card.get_by_role("button", name="Download CSV").click()
    body = Path(info.value.path()).read_text(encoding="utf-8-sig")
    assert f"# Note: {ILLUSTRATIVE_LABEL}" in body
    assert "Violence and sexual offences near pilot shelters changed by a factor of" in body
    assert "Pilot shelters,12 months before" in body


def test_radius_choice_goes_into_the_url(new_page, shelter_app_url):
    page = _open(new_page("desktop"), shelter_app_url)
    page.get_by_text("200 m of each site").click()
    wait_for_streamlit(page)
    assert "radius=200" in page.url
    assert "each with its 200 m counting circle" in page_text(page)
    screenshot(page, "bus-shelters-desktop-200m", full_page=False)
