"""Issue 7 in a real browser: the home and About pages, and the exit button on every page.

The headline figure is checked against a pandas computation on the store's base table (not the
page's SQL); /about against every row of the store's datasets table.
"""

from __future__ import annotations

import re

import duckdb
import pandas as pd
import pytest
from playwright.sync_api import expect

from .conftest import assert_no_serious_violations, open_page, open_sections, page_text, screenshot

PAGE_PATHS = ["/", "/trends", "/boroughs", "/homicide", "/hotspots", "/bus-shelters", "/about"]
BUTTON_NAME = "Emergency Exit this page"
NEUTRAL_URL = re.compile(r"^https://www\.bbc\.co\.uk/weather")
NEUTRAL_PAGE = "<!doctype html><html lang='en'><title>Weather</title><h1>Neutral weather page</h1></html>"


def _words(month: pd.Period) -> str:
    return f"{month.strftime('%B')} {month.year}"


def _store_frame(store, sql: str) -> pd.DataFrame:
    with duckdb.connect(str(store), read_only=True) as con:
        return con.execute(sql).df()


@pytest.fixture(scope="module")
def expected_headline(e2e_store) -> dict:
    """London's offences in the latest 12 months and the 12 before, computed in pandas from the base rows."""
    rows = _store_frame(e2e_store, "SELECT month, offences FROM vawg_offences")
    by_month = rows.groupby(pd.to_datetime(rows["month"]).dt.to_period("M"))["offences"].sum()
    last = by_month.index.max()
    latest = by_month[(by_month.index > last - 12)]
    before = by_month[(by_month.index <= last - 12) & (by_month.index > last - 24)]
    first = last - 11
    return {
        "offences": int(latest.sum()),
        "previous": int(before.sum()),
        "period": f"{_words(first)} to {_words(last)}",
        "previous_period": f"{_words(first - 12)} to {_words(last - 12)}",
        "up_to": _words(last),
    }


@pytest.fixture(scope="module")
def store_files(e2e_store) -> pd.DataFrame:
    return _store_frame(e2e_store, "SELECT dataset, file_name, sha256 FROM datasets")


def test_home_shows_the_independently_computed_london_figure(desktop_page, app_url, expected_headline):
    page = open_page(desktop_page, app_url, "/")
    text = page_text(page)
    assert "Violence against women and girls in London" in text
    assert f"VAWG data up to and including {expected_headline['up_to']}" in text
    assert "VAWG offences in London" in text
    tile = page.locator(".st-key-tile-vawg")
    metric = tile.locator('[data-testid="stMetric"]')
    assert metric.locator('[data-testid="stMetricLabel"]').inner_text().strip() == expected_headline["period"]
    value = metric.locator('[data-testid="stMetricValue"]').inner_text().strip()
    assert value == f"{expected_headline['offences']:,}"
    assert (
        f"The 12 months before, {expected_headline['previous_period']}: {expected_headline['previous']:,} offences"
        in text
    )
    change = 100 * (expected_headline["offences"] - expected_headline["previous"]) / expected_headline["previous"]
    direction = "more" if change > 0 else "fewer"
    assert f"{abs(change):.1f}% {direction} than the 12 months before" in text
    for words in ("Female homicide", "Hot spots", "Bus-shelter CCTV pilot", "Exit this page"):
        assert words in text
    assert "next update" in text.lower()


def test_home_tiles_link_to_their_pages(desktop_page, app_url):
    page = open_page(desktop_page, app_url, "/")
    main = page.locator('[data-testid="stMain"]')
    for name, path in [
        ("See VAWG offences month by month", "/trends"),
        ("See female homicide over time", "/homicide"),
        ("See the hot spot map", "/hotspots"),
        ("See how the pilot can be evaluated", "/bus-shelters"),
        ("See the action-plan figures", "/about"),
    ]:
        link = main.get_by_role("link", name=name)
        expect(link, name).to_have_count(1)
        assert link.get_attribute("href").strip("/") == path.strip("/"), (name, link.get_attribute("href"))


def test_about_lists_every_file_with_its_sha256(desktop_page, app_url, store_files):
    page = open_sections(open_page(desktop_page, app_url, "/about"))
    # st.table's code is fetched on first use, so tables appear a moment after the run ends.
    tables = len(store_files["dataset"].unique()) + 2
    page.wait_for_function(f"() => document.querySelectorAll('[data-testid=\"stTable\"]').length >= {tables}")
    text = page_text(page)
    assert "Every source file, with its checksum" in text
    missing = [
        f"{row.file_name} {row.sha256}"
        for row in store_files.itertuples()
        if row.file_name not in text or row.sha256 not in text
    ]
    assert not missing, missing
    # Each checksum sits in the same table row as its file.
    rows = page.locator('[data-testid="stTable"] tr')
    for row in store_files.itertuples():
        assert rows.filter(has_text=row.sha256).filter(has_text=row.file_name).count() >= 1, row.file_name
    for heading in (
        "What the figures measure",
        "Things to know before using the figures",
        "How we protect the people behind the figures",
        "The Met's action plan: what it says it has done",
        "Data releases and updates",
        "How to cite this dashboard and its sources",
        "Accessibility statement",
    ):
        assert heading in text
    assert "WAVE training" in text and "Making places safer" in text


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_every_page_has_the_exit_button_and_it_leaves_the_site(desktop_page, app_url, path):
    page = desktop_page
    asked: list[str] = []

    def neutral(route) -> None:
        asked.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body=NEUTRAL_PAGE)

    page.route(NEUTRAL_URL, neutral)
    open_page(page, app_url, path)
    button = page.get_by_role("button", name=BUTTON_NAME, exact=True)
    # The button is built by a script the page runs; under load it can arrive after the first render.
    button.wait_for(state="visible")
    assert button.count() == 1
    button.click()
    page.wait_for_url(NEUTRAL_URL)
    assert "Neutral weather page" in page.locator("body").inner_text()
    assert asked and not page.url.startswith(app_url)


@pytest.mark.parametrize("path", ["/", "/about"])
def test_no_serious_accessibility_violations_and_screenshots(sized_page, app_url, path):
    page = open_page(sized_page, app_url, path)
    assert_no_serious_violations(page)  # as it opens; then with every section open
    if path == "/about":  # st.table's code arrives after the run: check the tables too
        open_sections(page)
        page.wait_for_function("() => document.querySelectorAll('[data-testid=\"stTable\"]').length >= 3")
    assert_no_serious_violations(page)
    width = page.viewport_size["width"]
    name = "home" if path == "/" else path.strip("/")
    screenshot(page, f"{name}-{width}")
    # One column on a phone: the page never scrolls sideways, and no table needs to.
    if width < 640:
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{path} is {overflow}px wider than the phone screen"


@pytest.mark.parametrize("path", [p for p in PAGE_PATHS if p not in ("/", "/about")])
def test_the_other_pages_have_no_serious_accessibility_violations(sized_page, app_url, path):
    """Issue 7 is done when axe-core finds nothing serious on ANY page; /about's statement says so."""
    page = open_page(sized_page, app_url, path)
    assert_no_serious_violations(page)  # as it opens, then with every section a reader can open, open
    assert_no_serious_violations(open_sections(page))
