"""A link pinned to a release shows that release's figures in a real browser, after a newer release came in.

The app reads a store with two releases (tests/release_sources.py): the sample, then a revised copy
whose February 2026 VAWG offences are higher. The home page's London figure for the latest 12 months
is summed from each edition's VAWG file with pandas.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest

from tests.release_sources import TwoReleases, build_two_releases, vawg_location_total

from .conftest import assert_no_serious_violations, launch_streamlit, open_page, page_text, wait_for_streamlit

LATEST = (pd.Timestamp("2025-03-01"), pd.Timestamp("2026-02-01"))


@pytest.fixture(scope="module")
def two_releases(tmp_path_factory) -> TwoReleases:
    return build_two_releases(tmp_path_factory)


@pytest.fixture(scope="module")
def releases_app(two_releases, tmp_path_factory) -> Iterator[str]:
    with launch_streamlit(
        "dashboard/app.py",
        env={"VAWG_STORE": str(two_releases.store)},
        log_dir=tmp_path_factory.mktemp("releases-app-log"),
    ) as url:
        yield url


def headline(page) -> str:
    metric = page.locator(".st-key-tile-vawg").locator('[data-testid="stMetricValue"]')
    return metric.inner_text().strip()


def test_a_pinned_link_shows_the_old_figure_then_the_current_one(desktop_page, releases_app, two_releases):
    old = vawg_location_total(two_releases.old_sources, *LATEST)
    new = vawg_location_total(two_releases.new_sources, *LATEST)
    assert old != new

    page = open_page(desktop_page, releases_app, f"/?release={two_releases.old_id}")
    assert headline(page) == f"{old:,}"
    text = page_text(page)
    assert f"You're looking at release {two_releases.old_id}" in text
    assert_no_serious_violations(page)

    page.get_by_role("link", name="See the current figures").click()
    wait_for_streamlit(page)
    page.wait_for_function(
        "(value) => document.querySelector('.st-key-tile-vawg [data-testid=\"stMetricValue\"]')?.innerText.trim() === value",
        arg=f"{new:,}",
    )
    assert "You're looking at release" not in page_text(page)


def test_an_unknown_release_shows_the_current_figure_with_a_note(desktop_page, releases_app, two_releases):
    page = open_page(desktop_page, releases_app, "/?release=2019-01-01T000000Z")
    assert headline(page) == f"{vawg_location_total(two_releases.new_sources, *LATEST):,}"
    assert "We can't find the release “2019-01-01T000000Z” named in the link" in page_text(page)
